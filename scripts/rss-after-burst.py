#!/usr/bin/python3
"""How much memory `anemone serve` keeps after a burst of large messages.

Starts `java [JVM flags] -jar anemone-cli/target/anemone.jar serve` on 127.0.0.1, loads it, and
reads the server's resident memory (VmRSS in /proc/PID/status) before, at its peak during, right
after, and at intervals after the load; then stops the server (by its PID) and prints a summary.

Loads (--load):
  burst   CONNECTIONS clients at once, with permessage-deflate, send MESSAGES messages of SIZE bytes
          in all (random bytes, so deflate does not shrink them), each client one at a time, reading
          each echo back before it sends the next.
  noread  a raw client that sends SIZE-byte echo requests (binary frames), TOTAL bytes in all, and
          never reads the echoes; should the server cut it off, it connects again.

Needs /usr/bin/python3 with websockets (Debian python3-websockets) and a built jar:
  mvn -q -B -ntp -o -DskipTests -pl anemone-cli -am package

Example, from the repository root:
  scripts/rss-after-burst.py --load burst --port 18431 --after 10,20,30,60 -- \
      -Xmx512m -XX:+UseG1GC -XX:G1PeriodicGCInterval=10000 -Djdk.nio.maxCachedBufferSize=262144
  scripts/rss-after-burst.py --load noread --size 1048576 --port 18432
Everything after `--` goes to java before -jar; nothing there means the JVM's defaults.
"""

import argparse
import asyncio
import os
import socket
import struct
import subprocess
import sys
import threading
import time

MIB = 1024 * 1024


def cpu_seconds(pid):
    """User plus system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


class Sampler(threading.Thread):
    """Reads VmRSS every 100 ms and keeps the largest value seen since the last reset."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.running = True

    def run(self):
        while self.running:
            try:
                self.peak = max(self.peak, rss_kib(self.pid))
            except OSError:
                return
            time.sleep(0.1)


async def burst(port, connections, messages, size):
    import websockets

    payloads = [os.urandom(size) for _ in range(2)]
    per_connection = [messages // connections + (1 if i < messages % connections else 0) for i in range(connections)]

    async def one(count):
        async with websockets.connect(f"ws://127.0.0.1:{port}/echo", compression="deflate", max_size=None,
                                      ping_interval=None, close_timeout=30) as ws:
            # Each message waits for the echo of the one before: a client that sends while it is
            # still busy inflating the last echo lets the server's queue pass its 16 MiB limit,
            # and the server rightly drops it as a slow consumer.
            for i in range(count):
                await ws.send(payloads[i % 2])
                echo = await ws.recv()
                if echo != payloads[i % 2]:
                    raise AssertionError(f"echo {i} differs ({len(echo)} bytes)")
            return ws.response_headers.get("Sec-WebSocket-Extensions")

    agreed = await asyncio.gather(*(one(n) for n in per_connection))
    return f"{messages} echoes of {size:,} bytes over {connections} connections, extensions: {agreed[0]}"


def noread(port, total, size):
    payload = os.urandom(size)
    # Mask key 0: the masked payload is the payload itself, so nothing has to be XORed here.
    header = bytes([0x82, 0xFF]) + struct.pack(">Q", size) + b"\0\0\0\0"
    sent = 0
    connections = 0
    while sent < total:
        connections += 1
        sock = socket.create_connection(("127.0.0.1", port))
        sock.settimeout(10)
        sock.sendall(b"GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = sock.recv(1)
            if not chunk:
                raise AssertionError("closed during the handshake")
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            raise AssertionError(head.decode("latin-1"))
        try:
            while sent < total:
                sock.sendall(header + payload)
                sent += size
        except (OSError, socket.timeout):
            pass  # the server closed us (1008) or stopped reading: connect again
        sock.close()
    return f"{sent:,} bytes of echo requests in {size:,}-byte frames over {connections} connections, never read"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--load", choices=["burst", "noread"], required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--size", type=int, default=15 * MIB, help="bytes per message (default 15 MiB)")
    parser.add_argument("--total", type=int, default=100 * MIB, help="noread: bytes to send (default 100 MiB)")
    parser.add_argument("--after", default="0,10,20,30,60", help="seconds after the load to read RSS at")
    parser.add_argument("--jar", default="anemone-cli/target/anemone.jar")
    parser.add_argument("java_opts", nargs="*", help="JVM flags, after --")
    args = parser.parse_args()

    command = ["java", *args.java_opts, "-jar", args.jar, "serve", "--host", "127.0.0.1", "--port", str(args.port)]
    print("server:", " ".join(command), flush=True)
    log = open(f"/tmp/anemone-rss-{args.port}.log", "w")
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        first = server.stdout.readline()
        if "Anemone echo server" not in first:
            raise SystemExit("the server did not start: " + first)
        threading.Thread(target=lambda: [log.write(line) for line in server.stdout], daemon=True).start()
        print(f"server PID {server.pid}", flush=True)
        time.sleep(5)
        before = rss_kib(server.pid)
        sampler = Sampler(server.pid)
        sampler.start()
        started = time.monotonic()
        cpu_before = cpu_seconds(server.pid)
        if args.load == "burst":
            what = asyncio.run(burst(args.port, args.connections, args.messages, args.size))
        else:
            what = noread(args.port, args.total, args.size)
        took = time.monotonic() - started
        end = time.monotonic()
        right_after = rss_kib(server.pid)
        sampler.running = False
        print(f"load: {what}, {took:.1f} s, server CPU {cpu_seconds(server.pid) - cpu_before:.1f} s", flush=True)
        readings = [("before", before), ("peak", max(sampler.peak, right_after)), ("right after", right_after)]
        for second in (int(s) for s in args.after.split(",") if s.strip() and int(s) > 0):
            time.sleep(max(0.0, end + second - time.monotonic()))
            readings.append((f"+{second} s", rss_kib(server.pid)))
        for name, kib in readings:
            print(f"  VmRSS {name:>12}: {kib / 1024:8.1f} MiB", flush=True)
        print("RSS MiB: " + ", ".join(f"{name} {kib / 1024:.0f}" for name, kib in readings), flush=True)
        if any(opt.startswith("-XX:NativeMemoryTracking") for opt in args.java_opts):
            nmt = subprocess.run(["jcmd", str(server.pid), "VM.native_memory", "summary", "scale=MB"],
                                 capture_output=True, text=True).stdout
            print("\n".join(line for line in nmt.splitlines() if line.startswith(("Total", "-"))))
    finally:
        server.terminate()  # SIGTERM: the server's own graceful stop
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


if __name__ == "__main__":
    main()
