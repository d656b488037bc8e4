#!/usr/bin/env bash
# Installs the peers the interop tests talk to: Python websockets, headless Chromium and nginx
# (Debian), Node ws, @stomp/stompjs, stompjs and playwright-core (npm), which drives that Chromium;
# and RabbitMQ (Debian) with its STOMP and Web-STOMP plugins, started when it is not running; gcc
# and OpenSSL's headers (Debian), which build anemone-epoll's JNI library and the benchmark's C load
# generator that NativeEchoGeneratorTest runs. curl and keytool (the JDK) are used too. The TLS
# tests make their certificates at run time.
# Each step is skipped when its package is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
/usr/bin/python3 -c 'import websockets' 2>/dev/null || need_apt+=(python3-websockets)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v curl >/dev/null || need_apt+=(curl)
command -v prlimit >/dev/null || need_apt+=(util-linux)   # the descriptor-exhaustion test
command -v npm >/dev/null || need_apt+=(nodejs npm)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx)   # the reverse-proxy tests start their own, never the service
[ -x /usr/sbin/rabbitmq-server ] || need_apt+=(rabbitmq-server)   # anemone-stomp's tests compare our broker with it
command -v gcc >/dev/null || need_apt+=(gcc)   # anemone-epoll/src/main/c/build.sh, anemone-bench/src/main/c/build.sh
[ -f /usr/include/openssl/ssl.h ] || need_apt+=(libssl-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
  # Where an init system runs, the package starts nginx as a service on port 80: the tests want
  # none, so it is stopped (by the pid it wrote) and not started at boot.
  if [[ " ${need_apt[*]} " == *" nginx "* ]]; then
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
      $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
    elif [ -s /run/nginx.pid ]; then
      $SUDO kill -QUIT "$(cat /run/nginx.pid)" || true
    fi
  fi
fi

# npm ci also when an installed package is not the version package.json pins (after a bump):
# ws, and playwright-core, which drives Debian's Chromium and must never download a browser.
if [ -f anemone-tests/node/package.json ] && ! (cd anemone-tests/node && node -e "
    const pinned = require('./package.json').dependencies;
    for (const name of Object.keys(pinned)) {
      // read from disk: a package whose exports hide package.json (@stomp/stompjs) cannot be required for it
      const installed = JSON.parse(require('fs').readFileSync('node_modules/' + name + '/package.json', 'utf8'));
      if (installed.version !== pinned[name]) process.exit(1);
    }" 2>/dev/null); then
  (cd anemone-tests/node && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# RabbitMQ: AMQP on 5672, STOMP on 61613, Web-STOMP on 15674. Nothing is done when all three answer.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 120); do port_open "$1" && return 0; sleep 0.5; done
  echo "RabbitMQ: nothing listens on port $1 after 60 s" >&2
  return 1
}
if ! port_open 5672 || ! port_open 61613 || ! port_open 15674; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  if ! port_open 5672; then
    $SUDO rabbitmq-server -detached
    wait_port 5672
    $SUDO rabbitmqctl await_startup >/dev/null
  fi
  $SUDO rabbitmq-plugins enable rabbitmq_stomp rabbitmq_web_stomp >/dev/null
  wait_port 61613
  wait_port 15674
fi
