#!/usr/bin/env bash
# Installs the peers the interop tests talk to: Python websockets and headless Chromium (Debian),
# Node ws (npm).
# Each step is skipped when its package is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
/usr/bin/python3 -c 'import websockets' 2>/dev/null || need_apt+=(python3-websockets)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

# npm ci also when the installed ws is not the version package.json pins (after a bump).
if [ -f anemone-tests/node/package.json ] && ! (cd anemone-tests/node && node -e "
    if (require('ws/package.json').version !== require('./package.json').dependencies.ws) process.exit(1)" \
    2>/dev/null); then
  (cd anemone-tests/node && npm ci --no-audit --no-fund --loglevel=error)
fi
