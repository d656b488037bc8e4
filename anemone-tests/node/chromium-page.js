'use strict';
// Opens a page in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core, which
// downloads no browser of its own) and prints what the page reports.
//   node chromium-page.js URL [SPKI_SHA256]
// With SPKI_SHA256 (the Base64 SHA-256 of a certificate's public key, as `anemone cert` prints it)
// Chromium accepts that certificate through --ignore-certificate-errors-spki-list, and only that
// one: any other certificate error still fails the page. The page must set window.report to a
// string when it is done; that string is printed as {"event":"report","text":...}, and the page's
// console lines as {"event":"console",...}.

const { chromium } = require('playwright-core');

const [url, spki] = process.argv.slice(2);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function report(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: spki ? [...ARGS, '--ignore-certificate-errors-spki-list=' + spki] : ARGS,
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => report({ event: 'console', text: message.text() }));
    await page.goto(url, { timeout: 30000 });
    const done = await page.waitForFunction(() => window.report, null, { timeout: 60000 });
    report({ event: 'report', text: await done.jsonValue() });
  } catch (error) {
    report({ event: 'error', message: String(error.message).split('\n')[0] });
  } finally {
    await browser.close();
  }
})();
