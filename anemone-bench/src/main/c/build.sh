#!/usr/bin/env bash
# Builds anemone-load, the C echo load generator, into the given path (default
# anemone-bench/target/anemone-load) when it is missing or older than a source here. Used by
# ./bench and by anemone-bench's Maven build (process-classes). Without Linux, gcc or OpenSSL's
# headers it builds nothing, says why, and exits 0: the harness then runs the Java generator.
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$src/../../../target/anemone-load}"

if [[ "$(uname -s)" != Linux ]]; then
  echo "anemone-load: not built (epoll needs Linux); the Java generator runs" >&2
  exit 0
fi
if ! command -v gcc >/dev/null; then
  echo "anemone-load: not built (no gcc); the Java generator runs" >&2
  exit 0
fi
if ! echo '#include <openssl/ssl.h>' | gcc -E -x c - >/dev/null 2>&1; then
  echo "anemone-load: not built (no OpenSSL headers: install libssl-dev); the Java generator runs" >&2
  exit 0
fi
if [[ -x "$out" && -z "$(find "$src" -type f -newer "$out" -print -quit)" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$out")"
# A failed build must not leave an older binary behind to be run as if it were this one.
rm -f "$out"
gcc -std=c11 -O2 -march=native -Wall -Wextra -o "$out" "$src"/*.c -lssl -lcrypto -lm
