'use strict';
// Node ws as a benchmark peer for anemone-bench's side-by-side harness.
//   node --expose-gc echo-server.js PORT [off|on|ctx]
// Serves /echo (every message echoed with its type) and /broadcast (every message relayed to the
// other clients) on 127.0.0.1, and prints "READY PORT" once listening. The second argument turns
// permessage-deflate off, on without context takeover, or on with it (threshold 0: every message
// is compressed, as with the other peers).
// Commands on stdin, one a line: "mem" answers "MEM <bytes>", the V8 heap in use after a full GC.
// When stdin ends the process exits, so it never outlives the harness.

const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2]);
const mode = process.argv[3] || 'off';

const perMessageDeflate = mode === 'off' ? false : {
  threshold: 0,
  serverNoContextTakeover: mode === 'on',
  clientNoContextTakeover: mode === 'on',
};

const server = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate,
  maxPayload: 16 * 1024 * 1024,
  backlog: 1024,
});

server.on('connection', (ws, req) => {
  if (req.url.startsWith('/broadcast')) {
    ws.on('message', (data, isBinary) => {
      for (const client of server.clients) {
        if (client !== ws && client.readyState === WebSocket.OPEN) {
          client.send(data, { binary: isBinary });
        }
      }
    });
  } else {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  }
  ws.on('error', (error) => process.stderr.write('error: ' + error.message + '\n'));
});

server.on('listening', () => {
  let bufferutil = 'no';
  try {
    require('bufferutil');
    bufferutil = 'yes';
  } catch (e) {
    // ws falls back to JavaScript masking.
  }
  process.stdout.write(`READY ${port} ws=${require('ws/package.json').version} bufferutil=${bufferutil} deflate=${mode}\n`);
});

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let newline;
  while ((newline = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, newline).trim();
    pending = pending.slice(newline + 1);
    if (line === 'mem') {
      if (global.gc) {
        global.gc();
        global.gc();
      }
      process.stdout.write('MEM ' + process.memoryUsage().heapUsed + '\n');
    }
  }
});
process.stdin.on('end', () => process.exit(0));
