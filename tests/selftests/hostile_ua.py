#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""SIP endpoints for tests/selftests/sipoff_hostile_net.sh (issue 10 items 6, 7, 10).  Every
wait is on a condition with a deadline; nothing retransmits on its own.

    hostile_ua.py answer IP PORT SECONDS READY [DEV]
        an application: answers each new request (by branch) once with 200 OK (600 bytes of
        body), counts every copy received; socket bound to DEV (SO_BINDTODEVICE) if given.
        Creates READY once bound; prints "requests N" at SIGTERM or after SECONDS.
    hostile_ua.py copies LIP LPORT RIP RPORT WAIT_MS
        a peer: sends an OPTIONS, waits up to 2 s for its answer, then sends one copy of it
        and collects answers for WAIT_MS more; prints "responses N".
    hostile_ua.py late IP PORT READY GO SECONDS
        a busy application: binds, creates READY, reads nothing until GO exists (waited for
        at most SECONDS), then counts what its socket holds; prints "requests N".
    hostile_ua.py count IP PORT READY SECONDS
        waits up to 20 s for a first datagram, then counts for SECONDS more; prints
        "datagrams N".
    hostile_ua.py send LIP LPORT RIP RPORT METHOD BRANCH [badsum]
        sends one request; with badsum through a raw socket, with a wrong UDP checksum.
    hostile_ua.py send-dev LIP LPORT RIP RPORT METHOD BRANCH DEV
        sends one request from a socket bound to DEV (SO_BINDTODEVICE).
"""
import os
import select
import signal
import socket
import struct
import sys
import time


def request(method, lip, lport, rip, branch, cid=None):
    cid = cid or "hostile-%s@%s" % (branch, lip)
    return ("%s sip:x@%s SIP/2.0\r\n"
            "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-%s\r\n"
            "From: <sip:a@%s>;tag=a-%s\r\nTo: <sip:x@%s>\r\nCall-ID: %s\r\n"
            "CSeq: 1 %s\r\nContact: <sip:a@%s:%d>\r\nMax-Forwards: 70\r\n"
            "Content-Length: 0\r\n\r\n") % (method, rip, lip, lport, branch, lip, branch,
                                            rip, cid, method, lip, lport)


def answer_to(req):
    lines = req.split("\r\n")
    keep = [l for l in lines[1:] if l.split(":")[0].lower() in
            ("via", "from", "to", "call-id", "cseq")]
    keep = [l + ";tag=b-1" if l.lower().startswith("to:") else l for l in keep]
    body = "v=0\r\n" + "a=x-pad:" + "x" * 590 + "\r\n"
    return ("SIP/2.0 200 OK\r\n" + "\r\n".join(keep) +
            "\r\nContent-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


def branch_of(msg):
    for l in msg.split("\r\n"):
        if l.lower().startswith("via:") and "branch=" in l:
            return l.split("branch=")[1].split(";")[0]
    return ""


def sock(ip, port, dev=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if dev:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, dev.encode())
    s.bind((ip, port))
    return s


def stop_on_term():
    """A list that SIGTERM makes non-empty (for datagrams())."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    return stop


def datagrams(s, stop, until=None):
    """(data, peer) of each datagram s receives, until stop (a list) is not empty or the time
    passes until (seconds since the epoch, None: no end)."""
    while not stop and (until is None or time.time() < until):
        try:
            r, _, _ = select.select([s], [], [], 0.1)
        except InterruptedError:
            continue
        if r:
            yield s.recvfrom(65535)


def touch(path):
    open(path, "w").close()


def answer(ip, port, secs, ready, dev=None):
    s = sock(ip, int(port), dev)
    stop = stop_on_term()
    touch(ready)
    answered, n = set(), 0
    for data, peer in datagrams(s, stop, time.time() + float(secs)):
        msg = data.decode(errors="replace")
        if msg.startswith("SIP/2.0") or msg.startswith("ACK"):
            continue
        n += 1
        b = branch_of(msg)
        if b not in answered:
            answered.add(b)
            s.sendto(answer_to(msg).encode(), peer)
    print("requests %d" % n)


def collect(s, until):
    n = 0
    while True:
        left = until - time.time()
        if left <= 0:
            return n
        r, _, _ = select.select([s], [], [], left)
        if r:
            s.recvfrom(65535)
            n += 1


def copies(lip, lport, rip, rport, wait_ms):
    s = sock(lip, int(lport))
    req = request("OPTIONS", lip, int(lport), rip, "copy%d" % os.getpid()).encode()
    s.sendto(req, (rip, int(rport)))
    n = 0
    r, _, _ = select.select([s], [], [], 2.0)
    if r:
        s.recvfrom(65535)
        n = 1
        s.sendto(req, (rip, int(rport)))
        n += collect(s, time.time() + int(wait_ms) / 1000.0)
    print("responses %d" % n)


def late(ip, port, ready, go, secs):
    s = sock(ip, int(port))
    touch(ready)
    end = time.time() + float(secs)
    while not os.path.exists(go) and time.time() < end:
        time.sleep(0.02)     # polling a file, with a deadline: not a readiness sleep
    s.setblocking(False)
    n = 0
    while True:
        try:
            s.recvfrom(65535)   # a datagram with a bad checksum is dropped here, not counted
            n += 1
        except BlockingIOError:
            break
    print("requests %d" % n)


def count(ip, port, ready, secs):
    s = sock(ip, int(port))
    touch(ready)
    r, _, _ = select.select([s], [], [], 20.0)
    n = 0
    if r:
        s.recvfrom(65535)
        n = 1 + collect(s, time.time() + float(secs))
    print("datagrams %d" % n)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def send_dev(lip, lport, rip, rport, method, branch, dev):
    sock(lip, int(lport), dev).sendto(request(method, lip, int(lport), rip, branch).encode(),
                                      (rip, int(rport)))


def send(lip, lport, rip, rport, method, branch, badsum=None):
    payload = request(method, lip, int(lport), rip, branch).encode()
    if not badsum:
        s = sock(lip, int(lport))
        s.sendto(payload, (rip, int(rport)))
        return
    ulen = 8 + len(payload)
    pseudo = socket.inet_aton(lip) + socket.inet_aton(rip) + struct.pack("!BBH", 0, 17, ulen)
    hdr = struct.pack("!HHHH", int(lport), int(rport), ulen, 0)
    good = csum(pseudo + hdr + payload) or 0xffff
    bad = good ^ 0x5a5a or 1
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
    r.bind((lip, 0))
    r.sendto(struct.pack("!HHHH", int(lport), int(rport), ulen, bad) + payload, (rip, 0))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"answer": answer, "copies": copies, "late": late, "count": count, "send": send,
     "send-dev": send_dev}[cmd](*args)
    sys.stdout.flush()
