'use strict';
// The reference the SockJS interop tests hold our server against: sockjs-node (the `sockjs`
// package), serving the scenario page sockjs-page.html, the client at /sockjs-client.js and a
// SockJS echo at /echo that closes with CODE and REASON on "close:CODE:REASON".
//   node sockjs-reference-server.js HEARTBEAT_MS
// Listens on 127.0.0.1, port 0, and prints the port as its first stdout line.

const http = require('http');
const fs = require('fs');
const path = require('path');
const sockjs = require('sockjs');

const heartbeat = Number(process.argv[2] || 25000);
const page = fs.readFileSync(path.join(__dirname, 'sockjs-page.html'));
const client = fs.readFileSync(require.resolve('sockjs-client/dist/sockjs.min.js'));

const echo = sockjs.createServer({ heartbeat_delay: heartbeat, sockjs_url: '/sockjs-client.js', log: () => {} });
echo.on('connection', (conn) => {
  conn.on('data', (text) => {
    const close = /^close:(\d+):(.*)$/.exec(text);
    if (close) {
      conn.close(Number(close[1]), close[2]);
    } else {
      conn.write(text);
    }
  });
});

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/sockjs-page.html') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page);
  } else if (url.pathname === '/sockjs-client.js') {
    res.writeHead(200, { 'Content-Type': 'application/javascript' });
    res.end(client);
  } else {
    res.writeHead(404);
    res.end();
  }
});
echo.installHandlers(server, { prefix: '/echo' });
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(server.address().port + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
