'use strict';
// Runs one STOMP client library, written by others, through a scenario against a broker and
// prints a line per step: "ok STEP detail" or "fail STEP why", then "done".
//   node stomp-scenario.js stompjs7|stompjs2 WS_URL LOGIN PASSCODE NAME [binary|nobinary]
// stompjs7 is @stomp/stompjs 7 (STOMP 1.2), stompjs2 the book's stompjs 2.3.3 (STOMP 1.1). NAME
// keeps the destinations of one run apart from another's on a broker that keeps queues. With
// binary, stompjs7 also sends a body in a binary WebSocket message (RabbitMQ's Web-STOMP, as set
// up here, drops the connection on one, so its runs leave it out).
const WebSocket = require('ws');

const [lib, url, login, passcode, name, binary] = process.argv.slice(2);
const topic = '/topic/' + name;
const queue = '/queue/' + name;
const txQueue = '/queue/' + name + '-tx';
// A colon, escaped on the wire from 1.1 on. No backslash: @stomp/stompjs 7 turns an escaped
// backslash followed by "c" into a colon, and stompjs 2.3.3 unescapes nothing, whatever the broker.
const tricky = lib === 'stompjs7' ? 'a:b c' : 'plain value';
let failed = false;

function say(line) {
  process.stdout.write(line + '\n');
}
function fail(step, why) {
  failed = true;
  say('fail ' + step + ' ' + why);
}
function within(ms, step) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(step + ': nothing within ' + ms + ' ms')), ms));
}
const race = (promise, step) => Promise.race([promise, within(10000, step)]);

async function stompjs7() {
  const { Client } = require('@stomp/stompjs');
  let closedEarly = null;
  const client = new Client({
    webSocketFactory: () => new WebSocket(url, ['v12.stomp', 'v11.stomp', 'v10.stomp']),
    connectHeaders: { login, passcode, host: '/' },
    heartbeatIncoming: 200,
    heartbeatOutgoing: 200,
    reconnectDelay: 0,
    onStompError: (frame) => fail('error', frame.headers.message),
    onWebSocketClose: (event) => { closedEarly = event.code; },
  });
  const connected = new Promise((resolve) => { client.onConnect = resolve; });
  client.activate();
  const frame = await race(connected, 'connect');
  say('ok connect ' + frame.headers.version);

  const receipt = (id) => new Promise((resolve) => client.watchForReceipt(id, resolve));
  const inbox = () => {
    const waiting = [];
    const held = [];
    return {
      push: (m) => (waiting.length ? waiting.shift()(m) : held.push(m)),
      next: (step) => race(held.length ? Promise.resolve(held.shift()) : new Promise((r) => waiting.push(r)), step),
    };
  };

  const topicInbox = inbox();
  const subscribed = receipt('s1');
  client.subscribe(topic, topicInbox.push, { receipt: 's1' });
  await race(subscribed, 'subscribe receipt');
  const sent = receipt('p1');
  client.publish({ destination: topic, body: 'hello', headers: { 'x-tricky': tricky, receipt: 'p1' } });
  await race(sent, 'send receipt');
  const message = await topicInbox.next('topic');
  if (message.body === 'hello' && message.headers['x-tricky'] === tricky) {
    say('ok topic escaped headers');
  } else {
    fail('topic', JSON.stringify(message.headers));
  }
  say('ok receipts');

  const queueInbox = inbox();
  client.subscribe(queue, queueInbox.push, { ack: 'client-individual' });
  client.publish({ destination: queue, body: 'work' });
  const first = await queueInbox.next('queue');
  first.nack();
  const again = await queueInbox.next('redelivery');
  if (again.body === 'work' && again.headers.redelivered === 'true') {
    say('ok nack redelivered');
  } else {
    fail('nack', JSON.stringify(again.headers));
  }
  again.ack();

  const txInbox = inbox();
  const txSubscribed = receipt('s2');
  client.subscribe(txQueue, txInbox.push, { receipt: 's2' });
  await race(txSubscribed, 'subscribe receipt');
  const tx = client.begin();
  client.publish({ destination: txQueue, body: 'in tx', headers: { transaction: tx.id } });
  tx.commit();
  const committed = await txInbox.next('transaction');
  say(committed.body === 'in tx' ? 'ok transaction' : 'fail transaction ' + committed.body);

  if (binary === 'binary') {
    const bytes = new Uint8Array([0, 1, 2, 255]);
    client.publish({ destination: topic, binaryBody: bytes, headers: { 'content-type': 'application/octet-stream' } });
    const received = await topicInbox.next('binary');
    if (Buffer.from(received.binaryBody).equals(Buffer.from(bytes))) {
      say('ok binary body');
    } else {
      fail('binary', Buffer.from(received.binaryBody).toString('hex'));
    }
  }

  await new Promise((resolve) => setTimeout(resolve, 1200));   // heart-beats every 200 ms both ways
  if (client.connected && closedEarly === null) {
    say('ok heart-beats');
  } else {
    fail('heart-beats', 'closed ' + closedEarly);
  }
  await race(client.deactivate(), 'disconnect');
  say('ok disconnect');
}

async function stompjs2() {
  const Stomp = require('stompjs');
  const client = Stomp.over(new WebSocket(url, ['v11.stomp', 'v10.stomp']));
  client.debug = null;
  client.heartbeat.outgoing = 200;
  client.heartbeat.incoming = 200;
  const frame = await race(new Promise((resolve, reject) => client.connect({ login, passcode, host: '/' }, resolve,
    (error) => reject(new Error(String(error.headers ? error.headers.message : error))))), 'connect');
  say('ok connect ' + frame.headers.version);

  const topicMessage = new Promise((resolve) => client.subscribe(topic, resolve));
  await new Promise((resolve) => { client.onreceipt = resolve; client.send(topic, { receipt: 'p1', 'x-tricky': tricky }, 'hello'); });
  say('ok receipts');
  const message = await race(topicMessage, 'topic');
  if (message.body === 'hello' && message.headers['x-tricky'] === tricky) {
    say('ok topic escaped headers');
  } else {
    fail('topic', JSON.stringify(message.headers));
  }

  let deliveries = 0;
  const redelivered = new Promise((resolve) => client.subscribe(queue, (m) => {
    deliveries++;
    if (deliveries === 1) {
      m.nack();
    } else {
      m.ack();
      resolve(m);
    }
  }, { ack: 'client-individual' }));
  client.send(queue, {}, 'work');
  const again = await race(redelivered, 'redelivery');
  if (again.body === 'work' && again.headers.redelivered === 'true') {
    say('ok nack redelivered');
  } else {
    fail('nack', JSON.stringify(again.headers));
  }

  const txMessage = new Promise((resolve) => client.subscribe(txQueue, resolve));
  const tx = client.begin();
  client.send(txQueue, { transaction: tx.id }, 'in tx');
  tx.commit();
  const committed = await race(txMessage, 'transaction');
  say(committed.body === 'in tx' ? 'ok transaction' : 'fail transaction ' + committed.body);

  await new Promise((resolve) => setTimeout(resolve, 1200));
  if (client.connected) {
    say('ok heart-beats');
  } else {
    fail('heart-beats', 'not connected');
  }
  await race(new Promise((resolve) => client.disconnect(resolve)), 'disconnect');
  say('ok disconnect');
}

(lib === 'stompjs7' ? stompjs7() : stompjs2())
  .catch((error) => fail('scenario', error.message))
  .finally(() => {
    say(failed ? 'failed' : 'done');
    process.exit(0);
  });
