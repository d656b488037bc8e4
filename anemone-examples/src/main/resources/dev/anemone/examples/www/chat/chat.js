'use strict';
// The chat's page, over WebSocket (index.html) or SockJS (sockjs.html): open() makes the connection.
// The server sends JSON: {type: message | notification | nick_update, id, nickname, message}.
function startChat(open) {
  const log = document.getElementById('log');
  const input = document.getElementById('message');
  const sendButton = document.getElementById('send');
  const link = keepConnected(open, {
    open() { showStatus('Open', true); sendButton.disabled = false; },
    message(event) {
      const said = JSON.parse(event.data);
      // textContent only (addLine): a message holding markup is shown as the text it is.
      if (said.type === 'message') {
        const line = addLine(log, '', 'message');
        const who = document.createElement('strong');
        who.textContent = said.nickname + ': ';
        line.append(who, said.message);
      } else {
        addLine(log, said.message, said.type);
      }
    },
    close(event) { showStatus(closedText(event)); sendButton.disabled = true; },
    retry(ms, event) { showStatus(retryText(ms, event)); },
  });
  sendOnSubmit(link, document.getElementById('send-form'), input);
}
