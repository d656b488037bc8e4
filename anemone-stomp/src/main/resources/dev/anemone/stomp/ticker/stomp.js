// TinyStomp: the smallest STOMP 1.2 client the ticker page needs, over the browser's WebSocket.
// Frames may arrive split across messages or several in one; end-of-lines between frames are
// heart-beats. Header values are unescaped as STOMP 1.1+ says (not in CONNECTED).
'use strict';
class TinyStomp {
  constructor(url) {
    this.handlers = {};
    this.nextId = 0;
    this.buffer = '';
    this.connected = false;
    this.waiting = [];
    this.onconnect = () => {};
    this.onclose = () => {};
    this.ws = new WebSocket(url, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
    this.ws.onopen = () => this.raw('CONNECT', { 'accept-version': '1.2,1.1,1.0', host: location.hostname, 'heart-beat': '0,0' });
    this.ws.onmessage = (event) => this.receive(event.data);
    this.ws.onclose = () => { this.connected = false; this.onclose(); };
  }
  whenConnected(task) {
    if (this.connected) task(); else this.waiting.push(task);
  }
  raw(command, headers, body = '') {
    const escape = (text) => command === 'CONNECT' ? text
      : String(text).replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/:/g, '\\c');
    let frame = command + '\n';
    for (const name in headers) frame += escape(name) + ':' + escape(headers[name]) + '\n';
    this.ws.send(frame + '\n' + body + '\0');
  }
  subscribe(destination, handler) {
    const id = 'sub-' + this.nextId++;
    this.handlers[id] = handler;
    this.whenConnected(() => this.raw('SUBSCRIBE', { id, destination }));
    return id;
  }
  unsubscribe(id) {
    delete this.handlers[id];
    this.raw('UNSUBSCRIBE', { id });
  }
  send(destination, body) {
    this.raw('SEND', { destination, 'content-type': 'text/plain' }, body);
  }
  receive(data) {
    this.buffer += data;
    for (let end; (end = this.buffer.indexOf('\0')) >= 0; ) {
      const text = this.buffer.slice(0, end).replace(/^[\r\n]+/, '');
      this.buffer = this.buffer.slice(end + 1);
      this.frame(text);
    }
    this.buffer = this.buffer.replace(/^[\r\n]+/, '');
  }
  frame(text) {
    const split = text.search(/\r?\n\r?\n/);
    const head = (split < 0 ? text : text.slice(0, split)).split(/\r?\n/);
    const body = split < 0 ? '' : text.slice(split).replace(/^\r?\n\r?\n/, '');
    const command = head.shift();
    const unescape = (value) => command === 'CONNECTED' ? value
      : value.replace(/\\(.)/g, (_, c) => ({ n: '\n', r: '\r', c: ':', '\\': '\\' })[c]);
    const headers = {};
    for (const line of head) {
      const colon = line.indexOf(':');
      const name = unescape(line.slice(0, colon));
      if (!(name in headers)) headers[name] = unescape(line.slice(colon + 1));
    }
    if (command === 'CONNECTED') {
      this.connected = true;
      this.onconnect(headers.version);
      this.waiting.splice(0).forEach((task) => task());
    } else if (command === 'MESSAGE' && this.handlers[headers.subscription]) {
      this.handlers[headers.subscription]({ headers, body });
    } else if (command === 'ERROR') {
      console.error('STOMP ERROR', headers.message, body);
    }
  }
}
