'use strict';
// Keeps a connection open: open() makes a WebSocket (or a SockJS, which has the same events), and
// after it closes another is made, waiting 0.5 s, 1 s, 2 s... up to 10 s, with some randomness so
// that a restarted server is not hit by every page at once; a connection that opens resets the wait.
// stop() closes it for good. Handlers: open(socket), message(event), close(event), retry(ms, event).
function keepConnected(open, on) {
  let delay = 500, timer = null, stopped = false, socket = null;
  function connect() {
    socket = open();
    socket.onopen = () => { delay = 500; if (on.open) on.open(socket); };
    socket.onmessage = (event) => { if (on.message) on.message(event); };
    socket.onclose = (event) => {
      if (on.close) on.close(event);
      if (stopped) return;
      const wait = Math.round(delay * (0.75 + Math.random() / 2));
      delay = Math.min(delay * 2, 10000);
      if (on.retry) on.retry(wait, event);
      timer = setTimeout(connect, wait);
    };
  }
  connect();
  return {
    get socket() { return socket; },
    stop(code, reason) { stopped = true; clearTimeout(timer); socket.close(code, reason); },
  };
}

// The WebSocket URL of a path on this page's host: wss:// when the page came over https://.
function socketUrl(path) {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
}

// How a close event reads: its code, and its reason when it has one.
function closedText(event) {
  return 'Closed (' + event.code + (event.reason ? ' ' + event.reason : '') + ')';
}

// What the status says while a new connection is awaited.
function retryText(ms, event) {
  return closedText(event) + '; connecting again in ' + (ms / 1000).toFixed(1) + ' s…';
}

// Shows the connection's state in the element #status.
function showStatus(text, open) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = open ? 'open' : '';
}

// Adds a line to a list, as text: what the server relays must never become markup on the page.
function addLine(list, text, kind) {
  const item = document.createElement('li');
  item.textContent = text;
  if (kind) item.className = kind;
  list.append(item);
  item.scrollIntoView({ block: 'nearest' });
  return item;
}

// Sends what is typed in form's input when the form is submitted and the link is open, then empties
// the input; sent(text) is told what went.
function sendOnSubmit(link, form, input, sent) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (link.socket.readyState !== 1 || input.value === '') return;   // 1: OPEN, for SockJS too
    link.socket.send(input.value);
    if (sent) sent(input.value);
    input.value = '';
  });
}
