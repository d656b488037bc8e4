'use strict';
// Drives the pages of anemone-examples in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core, which downloads no browser) and prints what they showed, one JSON object a line:
//   node examples-in-chromium.js PLAIN_ORIGIN TLS_ORIGIN SPKI_SHA256 SCREENSHOT_DIR
// then, on stdin, one scenario name a line: echo, chat, ticker, time, auth or sockjs-chat. One
// browser serves them all, each scenario in contexts of its own, since starting Chromium costs
// seconds. Every report names its scenario; each ends with "done" or "error". The Java test
// (ExamplesInChromiumTest) asserts on the reports; where a scenario needs the server to act
// (restart, talk to the page through a WebSocket of its own) it reports "await" and reads a line.

const { chromium } = require('playwright-core');
const path = require('path');
const readline = require('readline');

const [plain, secure, spki, shots] = process.argv.slice(2);
let scenario = null;
const contexts = [];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 20000 };
const stdin = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

const started = Date.now();
function report(event, fields) {
  process.stdout.write(JSON.stringify({ event, scenario, ...fields, ms: Date.now() - started }) + '\n');
}

// Tells the test what the page is waiting for, and waits until it says it is done.
async function awaitServer(what) {
  report('await', { what });
  await stdin.next();
}

// A phone's width: the pages must read there, and the screenshots show them so.
async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 420, height: 760 } });
  contexts.push(context);
  return context;
}

async function newPage(context, name) {
  const page = await context.newPage();
  page.on('console', (message) => report('console', { page: name, text: message.text() }));
  return page;
}

const shoot = (page, name) => page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
const text = (page, selector) => page.locator(selector).innerText();
const logHas = (page, wanted) => page.waitForFunction(
  (w) => [...document.querySelectorAll('#log li')].some((li) => li.textContent.includes(w)), wanted, WAIT);
const isOpen = (page) => page.waitForFunction(() => document.getElementById('status').className === 'open', null, WAIT);

const scenarios = {
  async echo(browser) {
    const page = await newPage(await newContext(browser), 'echo');
    await page.goto(plain + '/echo/');
    await isOpen(page);
    await page.fill('#message', 'héllo <b>echo</b>');
    await page.click('#send');
    await logHas(page, '< héllo <b>echo</b>');
    report('echoed', { readyState: await text(page, '#readyState'), protocol: await text(page, '#protocol'),
      extensions: await text(page, '#extensions'), bufferedAmount: await text(page, '#bufferedAmount') });
    await shoot(page, 'echo');
    // The first close is the server's going away; attempts while it is down close with 1006 after it.
    await page.evaluate(() => {
      const closed = document.getElementById('closed');
      new MutationObserver(() => { window.firstClose = window.firstClose || closed.textContent; })
        .observe(closed, { childList: true, characterData: true, subtree: true });
    });
    await awaitServer('restart');
    report('closed', { closed: await (await page.waitForFunction(() => window.firstClose, null, WAIT)).jsonValue() });
    await isOpen(page);
    await page.fill('#message', 'again');
    await page.click('#send');
    await logHas(page, '< again');
    report('reconnected', { readyState: await text(page, '#readyState') });
    await shoot(page, 'echo-reconnected');
  },

  async chat(browser) {
    const room = plain + '/chat/?room=browsers';
    const [a, b] = [await newPage(await newContext(browser), 'a'), await newPage(await newContext(browser), 'b')];
    await a.goto(room);
    await b.goto(room);
    await isOpen(a);
    await isOpen(b);
    await a.fill('#message', 'hello from a');
    await a.click('#send');
    await logHas(b, 'hello from a');
    await b.fill('#message', '<img src=x onerror="window.pwned=1">');
    await b.click('#send');
    await logHas(a, '<img src=x onerror="window.pwned=1">');
    await a.fill('#message', '/nick Alice');
    await a.click('#send');
    await logHas(b, 'changed to Alice');
    await a.fill('#message', 'now named');
    await a.click('#send');
    await logHas(b, 'Alice: now named');
    report('exchanged', { pwned: await a.evaluate(() => window.pwned === 1), images: await a.locator('#log img').count() });
    const c = await newPage(await newContext(browser), 'c');
    await c.goto(room);
    await isOpen(c);
    await logHas(c, 'changed to Alice');
    report('history', { lines: (await c.locator('#log li').allInnerTexts()).join('\n') });
    await shoot(a, 'chat-a');
    await shoot(c, 'chat-late-joiner');
  },

  async ticker(browser) {
    const page = await newPage(await newContext(browser), 'ticker');
    await page.goto(plain + '/ticker/');
    await isOpen(page);
    await page.waitForFunction(() => [...document.querySelectorAll('td.price')].every((td) => /^\d+\.\d\d$/.test(td.textContent)), null, WAIT);
    const first = await page.locator('td.price').allInnerTexts();
    await page.waitForFunction(() => document.querySelectorAll('td.price.up, td.price.down').length >= 2, null, WAIT);
    const colours = await page.$$eval('td.price', (cells) => cells.map((td) => getComputedStyle(td).color));
    report('moved', { first: first.join(' '), later: (await page.locator('td.price').allInnerTexts()).join(' '),
      classes: (await page.$$eval('td.price', (cells) => cells.map((td) => td.className))).join(' '), colours: colours.join(' ') });
    await shoot(page, 'ticker');
  },

  async time(browser) {
    const page = await newPage(await newContext(browser), 'time');
    await page.goto(plain + '/time/');
    await page.fill('#token', 'wrong');
    await page.click('#open');
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('(1006)'), null, WAIT);
    report('refused', { status: await text(page, '#status'), ticks: await text(page, '#ticks') });
    await page.click('#close');
    await page.fill('#token', 'let-me-in');
    await page.click('#open');
    await isOpen(page);
    await page.click('#hello');
    await page.waitForFunction(() => document.getElementById('said').textContent === 'Got your message', null, WAIT);
    await page.waitForFunction(() => document.getElementById('ticks').textContent === '1', null, WAIT);
    const first = Date.now();
    await page.waitForFunction(() => document.getElementById('ticks').textContent === '2', null, WAIT);
    report('ticked', { apartMillis: Date.now() - first, time: await text(page, '#time'), clients: await text(page, '#clients') });
    await shoot(page, 'time');
    await page.click('#close');
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Closed (1000'), null, WAIT);
  },

  async auth(browser) {
    const context = await newContext(browser);
    const page = await newPage(context, 'auth');
    await page.goto(secure + '/auth/');
    report('landed', { url: page.url() });
    const tryWss = (p) => p.evaluate((url) => new Promise((resolve) => {
      const socket = new WebSocket(url);
      socket.onopen = () => { resolve('open'); socket.close(); };
      socket.onclose = (event) => resolve('closed ' + event.code);
    }), secure.replace('https:', 'wss:') + '/auth/ws');
    report('without login', { result: await tryWss(page) });
    await page.fill('input[name=username]', 'test');
    await page.fill('input[name=password]', 'test');
    await Promise.all([page.waitForURL(secure + '/auth/'), page.click('#login')]);
    await isOpen(page);
    await logHas(page, 'Hello, test');
    await page.fill('#message', 'hi');
    await page.click('#send');
    await logHas(page, 'test said: hi');
    report('logged in', { status: await text(page, '#status'), cookieVisible: await page.evaluate(() => document.cookie) });
    await shoot(page, 'auth');
    const other = await newPage(context, 'other origin');
    await other.goto(plain + '/');
    await shoot(other, 'index');
    report('other origin', { result: await tryWss(other) });
    await Promise.all([page.waitForURL(secure + '/auth/login.html'), page.click('#logout')]);
    report('logged out', { result: await tryWss(page) });
    await shoot(page, 'auth-login');
  },

  async 'sockjs-chat'(browser) {
    const context = await newContext(browser);
    // As behind a proxy that strips Upgrade: the page has no WebSocket at all.
    await context.addInitScript(() => { delete window.WebSocket; window.WebSocket = undefined; });
    const page = await newPage(context, 'sockjs');
    await page.goto(plain + '/chat/sockjs.html');
    await isOpen(page);
    report('open', { transport: await text(page, '#transport'), webSocket: await page.evaluate(() => typeof window.WebSocket) });
    await awaitServer('a WebSocket client in the lobby');
    await logHas(page, 'from websocket');
    await page.fill('#message', 'from sockjs');
    await page.click('#send');
    await logHas(page, 'from sockjs');
    await shoot(page, 'chat-sockjs');
    report('sent', {});
  },
};

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, '--ignore-certificate-errors-spki-list=' + spki] });
  report('ready', {});
  for (let line = await stdin.next(); !line.done; line = await stdin.next()) {
    scenario = line.value.trim();
    try {
      await scenarios[scenario](browser);
      report('done', {});
    } catch (error) {
      report('error', { message: String(error.message).split('\n')[0] });
    }
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  }
  await browser.close();
})();
