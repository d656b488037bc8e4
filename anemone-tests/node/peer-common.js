'use strict';
// Shared by client.js and echo-server.js: the command line, the deterministic payloads (the same
// as the Java and Python peers build), digests, and the JSON-lines reports on stdout.

const crypto = require('crypto');
const fs = require('fs');

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

/**
 * Splits the command line into positional arguments, the TLS options (--cacert=FILE: a client trusts
 * that PEM file, host names still checked; --tls-cert=FILE and --tls-key=FILE: a server speaks TLS),
 * returned as `tls` ({ca} or {cert, key}, or undefined), and the --deflate=PARAMS option, which turns
 * permessage-deflate on (ws's client offers it by default, its server does not): PARAMS are
 * RFC 7692 parameters as in Sec-WebSocket-Extensions, ';'-separated, possibly none, such as
 * "server_max_window_bits=10;client_max_window_bits=11". Returns the arguments, and ws's
 * perMessageDeflate options (threshold 0: every message compressed), or undefined without the option.
 */
function commandLine(argv) {
  const option = '--deflate=';
  const tlsOptions = { '--cacert=': 'ca', '--tls-cert=': 'cert', '--tls-key=': 'key' };
  const tls = {};
  const rest = argv.filter((arg) => {
    const prefix = Object.keys(tlsOptions).find((p) => arg.startsWith(p));
    if (prefix === undefined) return true;
    tls[tlsOptions[prefix]] = fs.readFileSync(arg.slice(prefix.length));
    return false;
  });
  const args = rest.filter((arg) => !arg.startsWith(option));
  const deflate = rest.filter((arg) => arg.startsWith(option)).map((arg) => deflateOptions(arg.slice(option.length)));
  return {
    args,
    perMessageDeflate: deflate.length > 0 ? deflate[deflate.length - 1] : undefined,
    tls: Object.keys(tls).length > 0 ? tls : undefined,
  };
}

/** "client_max_window_bits=11;server_no_context_takeover" as { clientMaxWindowBits: 11, serverNoContextTakeover: true, threshold: 0 }. */
function deflateOptions(parameters) {
  const options = { threshold: 0 };
  for (const parameter of parameters.split(';').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const [name, value] = parameter.split('=').map((part) => part.trim());
    options[name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())] = value === undefined ? true : Number(value);
  }
  return options;
}

/** The value of header `name` in ws's 'headers' event list ("Name: value" lines), or ''. */
function headerValue(lines, name) {
  const line = lines.find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
  return line === undefined ? '' : line.slice(name.length + 1).trim();
}

module.exports = { commandLine, headerValue, payload, sendFragments, sha256, report, messageEvent };
