#!/usr/bin/env python3
"""Open N connections to a server, PING on each, keep them all open, then report the server
process's threads and memory (read from /proc, so Linux only) while they are held.

Works with stages 2-3 (text lines: PING -> PONG) and with stage 4 on and Redis (an inline PING
-> +PONG). N connections need N file descriptors in this process and as many in the server's:
this script raises its own soft limit to the hard one (`ulimit -Hn`); start the server from a
shell whose `ulimit -n` is high enough too.

usage: hold-connections.py PORT N SERVER_PID
"""
import resource
import socket
import sys
import time

port, count, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft != resource.RLIM_INFINITY and soft < count + 16:
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
started = time.monotonic()
clients = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    clients.append(s)
for s in clients:
    s.sendall(b"PING\r\n")
pongs = sum(1 for s in clients if s.recv(16) in (b"PONG\n", b"PONG\r\n", b"+PONG\r\n"))
elapsed = time.monotonic() - started

status = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
print(f"{count} connections, {pongs} PONG replies in {elapsed:.2f} s; "
      f"server threads: {status['Threads'].strip()}, resident memory: {status['VmRSS'].strip()}")
for s in clients:
    s.close()
