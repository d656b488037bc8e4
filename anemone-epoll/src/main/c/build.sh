#!/usr/bin/env bash
# Builds the anemone-epoll JNI library into the given folder (Maven passes target/classes, so the
# library travels in the module's jar under META-INF/native), when it is missing or older than a
# source here. Arguments: the output folder and the JDK whose JNI headers to compile against.
# Linux only: elsewhere it builds nothing and says so, and the core keeps the JDK's selector.
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
classes="$1"
jdk="$2"

if [[ "$(uname -s)" != Linux ]]; then
  echo "anemone-epoll: not built (epoll is Linux's); the core keeps the JDK's selector" >&2
  exit 0
fi
case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) arch="$(uname -m)" ;;
esac
out="$classes/META-INF/native/libanemone-epoll-linux-$arch.so"
if [[ -f "$out" && -z "$(find "$src" -type f -newer "$out" -print -quit)" ]]; then
  exit 0
fi
if ! command -v gcc >/dev/null; then
  echo "anemone-epoll: gcc is needed to build the native library (apt-get install gcc)" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
# A failed build must not leave an older library behind to be loaded as if it were this one.
rm -f "$out"
# No -march=native: the library travels in a jar to other machines.
gcc -std=c11 -O2 -fPIC -shared -Wall -Wextra -Wno-unused-parameter -Werror \
  -I"$jdk/include" -I"$jdk/include/linux" \
  -o "$out" "$src"/anemone_epoll.c
