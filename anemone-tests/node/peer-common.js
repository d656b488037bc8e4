'use strict';
// Shared by client.js and echo-server.js: the deterministic payloads (the same as the Java and
// Python peers build), digests, and the JSON-lines reports on stdout.

const crypto = require('crypto');

// One unit of text with 1-, 2-, 3- and 4-byte UTF-8 characters.
const UNIT = 'Anemone \u00e9\u00fc \u03a9\u03bc \u2194 \u20ac \u{1F30A}\u{1F41A} | ';

/** Exactly `size` bytes of UTF-8: whole units, then as many characters as fit, then '.' padding. */
function textPayload(size) {
  const unit = Buffer.from(UNIT, 'utf8');
  const out = Buffer.alloc(size);
  let at = 0;
  while (size - at >= unit.length) {
    at += unit.copy(out, at);
  }
  for (const ch of UNIT) {
    const bytes = Buffer.from(ch, 'utf8');
    if (bytes.length > size - at) break;
    at += bytes.copy(out, at);
  }
  out.fill(0x2e, at);
  return out;
}

/** `size` bytes, byte i being i % 251. */
function binaryPayload(size) {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = i % 251;
  return out;
}

function payload(type, size) {
  if (type === 'text') return textPayload(size);
  if (type === 'binary') return binaryPayload(size);
  throw new Error('unknown payload type: ' + type);
}

/** `count` slices of nearly equal size (text slices may cut a character in two: UTF-8 is checked per message). */
function slices(data, count) {
  const parts = [];
  for (let k = 0; k < count; k++) {
    parts.push(data.subarray(Math.floor((k * data.length) / count), Math.floor(((k + 1) * data.length) / count)));
  }
  return parts;
}

/** Sends `data` as one message in `count` frames, with ws's {fin: false} sends. */
function sendFragments(ws, type, data, count) {
  slices(data, count).forEach((part, k) => ws.send(part, { binary: type === 'binary', fin: k === count - 1 }));
}

function sha256(data) {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function report(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

/** A received message (a Buffer: ws's default binaryType) as a report. */
function messageEvent(data, isBinary, extra) {
  return { event: 'message', ...extra, type: isBinary ? 'binary' : 'text', length: data.length, sha256: sha256(data) };
}

module.exports = { payload, sendFragments, sha256, report, messageEvent };
