'use strict';
// Opens WebSockets one after another, each from a loopback address of its own, for the tests of
// per-address limits behind a proxy (NginxForwardedLimitsTest).
//   node handshakes.js URL FROM[,FROM...] [--hold] [--header=NAME:VALUE]... [--cacert=FILE]
// FROM is the local address to connect from (127.0.0.2, 127.0.0.3: all of 127/8 is loopback).
// Reports in order, one JSON line each, {event: 'handshake', from, status}: 101 when the socket
// opened, else the HTTP status of the refusal (0 when there was no response, with the error's
// message), then {event: 'done'}. Without --hold each socket is closed as soon as it opens; with
// --hold they stay open until stdin ends, report what they receive ({event: 'message', from,
// text}) and how they close ({event: 'close', from, code}), and each stdin line "echo:TEXT" sends
// TEXT on every one still open. --header adds a request header (a forged Forwarded), in
// which {n} becomes the attempt's number, so that each attempt can forge another address.

const WebSocket = require('ws');
const { commandLine, report } = require('./peer-common');

const { args, tls } = commandLine(process.argv.slice(2).filter((arg) => !arg.startsWith('--header=') && arg !== '--hold'));
const hold = process.argv.includes('--hold');
const headers = {};
for (const arg of process.argv.slice(2).filter((a) => a.startsWith('--header='))) {
  const [name, ...value] = arg.slice('--header='.length).split(':');
  headers[name] = value.join(':');
}
const [url, from] = args;
const opened = [];

function attempt(localAddress, n) {
  const numbered = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replaceAll('{n}', n)]));
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress, headers: numbered, perMessageDeflate: false, ...(tls ? { ca: tls.ca } : {}) });
    ws.on('open', () => {
      if (hold) {
        ws.on('message', (data) => report({ event: 'message', from: localAddress, text: data.toString() }));
        ws.on('close', (code) => report({ event: 'close', from: localAddress, code }));
      }
      resolve({ status: 101, ws });
    });
    ws.on('unexpected-response', (req, res) => {
      resolve({ status: res.statusCode });
      req.destroy();
    });
    ws.on('error', (error) => resolve({ status: 0, message: String(error.message) }));
  });
}

(async () => {
  for (const [n, localAddress] of from.split(',').entries()) {
    const { status, ws, message } = await attempt(localAddress, n + 1);
    report({ event: 'handshake', from: localAddress, status, ...(message ? { message } : {}) });
    if (ws !== undefined) {
      if (hold) opened.push(ws);
      else ws.close(1000);
    }
  }
  report({ event: 'done' });
  if (hold) {
    const lines = require('readline').createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (line.startsWith('echo:')) {
        opened.filter((ws) => ws.readyState === WebSocket.OPEN).forEach((ws) => ws.send(line.slice('echo:'.length)));
      }
    });
    lines.on('close', () => opened.forEach((ws) => ws.close(1000)));
  }
})();
