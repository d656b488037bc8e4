'use strict';
// A ws echo server for the interop tests.
//   node echo-server.js [PROTOCOL[,PROTOCOL...]] [--deflate=PARAMS] [--tls-cert=FILE --tls-key=FILE]
// --deflate accepts permessage-deflate with those parameters (see peer-common.js commandLine).
// Listens on 127.0.0.1, port 0, and prints the port as its first stdout line; then reports open
// (with the agreed Sec-WebSocket-Extensions), message, pong, close and refused as JSON lines, each with the connection's path. Handshakes for
// /forbidden are refused with 403. Every message is echoed with its type, except these text
// commands:
//   fragments:TYPE:SIZE:COUNT  sends a generated message of SIZE bytes as COUNT frames
//   ping:HEX                   pings with that payload (the pong is reported)
//   close:CODE:REASON          closes with that code and reason

const WebSocket = require('ws');
const { commandLine, headerValue, payload, sendFragments, report, messageEvent } = require('./peer-common');

const { args, perMessageDeflate, tls } = commandLine(process.argv.slice(2));
const supported = (args[0] || '').split(',').filter((p) => p.length > 0);
const extensionsOf = new WeakMap();

// Over TLS, ws rides an https server of ours; otherwise it listens itself.
const https = tls ? require('https').createServer({ cert: tls.cert, key: tls.key }) : null;
const server = new WebSocket.Server({
  ...(https ? { server: https } : { host: '127.0.0.1', port: 0 }),
  perMessageDeflate: perMessageDeflate || false,
  verifyClient: (info, done) => {
    if (new URL(info.req.url, 'http://localhost').pathname === '/forbidden') {
      report({ event: 'refused', path: info.req.url, status: 403 });
      done(false, 403, 'Forbidden by the echo server');
    } else {
      done(true);
    }
  },
  handleProtocols: (offered) => supported.find((p) => offered.has(p)) || false,
});

server.on('listening', () => process.stdout.write(server.address().port + '\n'));
if (https) https.listen(0, '127.0.0.1');
server.on('headers', (headers, req) => extensionsOf.set(req, headerValue(headers, 'Sec-WebSocket-Extensions')));

server.on('connection', (ws, req) => {
  const path = req.url;
  report({ event: 'open', path, protocol: ws.protocol, extensions: extensionsOf.get(req) || '' });
  ws.on('message', (data, isBinary) => {
    const command = isBinary ? null : commandOf(data);
    if (command === null) {
      report(messageEvent(data, isBinary, { path }));
      ws.send(data, { binary: isBinary });
    } else if (command[0] === 'fragments') {
      sendFragments(ws, command[1], payload(command[1], Number(command[2])), Number(command[3]));
    } else if (command[0] === 'ping') {
      ws.ping(Buffer.from(command[1], 'hex'));
    } else {
      ws.close(Number(command[1]), command.slice(2).join(':'));
    }
  });
  ws.on('pong', (data) => report({ event: 'pong', path, payload: data.toString('hex') }));
  ws.on('error', (error) => report({ event: 'error', path, message: String(error.message) }));
  ws.addEventListener('close', (event) =>
    report({ event: 'close', path, code: event.code, reason: event.reason, wasClean: event.wasClean }));
});

function commandOf(data) {
  const text = data.length < 200 ? data.toString('utf8') : '';
  const parts = text.split(':');
  return ['fragments', 'ping', 'close'].includes(parts[0]) ? parts : null;
}
