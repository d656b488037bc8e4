'use strict';
// A ws client for the interop tests.
//   node client.js URL [PROTOCOL[,PROTOCOL...]] [--deflate=PARAMS] [--cacert=FILE]
// --deflate offers permessage-deflate with those parameters (see peer-common.js commandLine).
// Reports open (with the agreed Sec-WebSocket-Extensions), message (type, length, sha256), ping, pong, close and handshake-failed as JSON
// lines on stdout, and runs the commands read from stdin, one a line:
//   send:TYPE:SIZE            sends a generated text or binary message of SIZE bytes
//   fragments:TYPE:SIZE:COUNT sends it as COUNT frames
//   ping:HEX                  pings with that payload
//   close:CODE:REASON         starts the closing handshake

const readline = require('readline');
const WebSocket = require('ws');
const { commandLine, payload, sendFragments, report, messageEvent } = require('./peer-common');

const { args, perMessageDeflate, tls } = commandLine(process.argv.slice(2));
const [url, protocols] = args;
const ws = new WebSocket(url, protocols ? protocols.split(',') : [], {
  ...(perMessageDeflate ? { perMessageDeflate } : {}),
  ...(tls ? { ca: tls.ca } : {}),
});
let commands = null;
let extensions = '';

ws.on('upgrade', (res) => {
  extensions = res.headers['sec-websocket-extensions'] || '';
});
ws.on('open', () => {
  report({ event: 'open', protocol: ws.protocol, extensions });
  commands = readline.createInterface({ input: process.stdin });
  commands.on('line', run);
});
ws.on('unexpected-response', (req, res) => {
  report({ event: 'handshake-failed', status: res.statusCode });
  req.destroy();
});
ws.on('message', (data, isBinary) => report(messageEvent(data, isBinary, {})));
ws.on('ping', (data) => report({ event: 'ping', payload: data.toString('hex') }));
ws.on('pong', (data) => report({ event: 'pong', payload: data.toString('hex') }));
ws.on('error', (error) => report({ event: 'error', message: String(error.message) }));
ws.addEventListener('close', (event) => {
  report({ event: 'close', code: event.code, reason: event.reason, wasClean: event.wasClean });
  if (commands !== null) commands.close();
});

function run(line) {
  const [op, ...args] = line.split(':');
  if (op === 'send') {
    ws.send(payload(args[0], Number(args[1])), { binary: args[0] === 'binary' });
  } else if (op === 'fragments') {
    sendFragments(ws, args[0], payload(args[0], Number(args[1])), Number(args[2]));
  } else if (op === 'ping') {
    ws.ping(Buffer.from(args[0], 'hex'));
  } else if (op === 'close') {
    ws.close(Number(args[0]), args.slice(1).join(':'));
  } else {
    report({ event: 'error', message: 'unknown command: ' + line });
  }
}
