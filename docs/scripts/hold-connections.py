#!/usr/bin/env python3
"""Open N connections to a stage 2/3 server, PING on each, keep them all open, then report the
server process's threads and memory (read from /proc) while they are held.

usage: hold-connections.py PORT N SERVER_PID
"""
import socket
import sys
import time

port, count, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
started = time.monotonic()
clients = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    clients.append(s)
for s in clients:
    s.sendall(b"PING\n")
pongs = sum(1 for s in clients if s.recv(16) == b"PONG\n")
elapsed = time.monotonic() - started

status = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
print(f"{count} connections, {pongs} PONG replies in {elapsed:.2f} s; "
      f"server threads: {status['Threads'].strip()}, resident memory: {status['VmRSS'].strip()}")
for s in clients:
    s.close()
