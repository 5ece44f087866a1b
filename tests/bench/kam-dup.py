#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The duplicate cells of `make bench` section 6 (tests/bench/kam-guest.sh dup): what one copy
of a request the application already answered costs, handled by Kamailio or by the kernel.

    kam-dup.py ring IP PORT
        a callee: answers each new INVITE (by branch) once with 180 Ringing and a To tag, and
        nothing else, so the caller's transaction stays in Proceeding; runs until SIGTERM.
    kam-dup.py blast LIP LPORT RIP RPORT COPIES [nowait]
        a caller: sends an INVITE, waits up to 5 s for its 180 (not with nowait), then sends
        COPIES copies of the same INVITE, in bursts of 20 with a short sleep between them so
        the receiver's queue does not overflow; prints "sent N ringing 0|1".  Answers it gets
        after the first are left unread.
    kam-dup.py sink IP PORT
        a socket nobody reads (the floor: what a copy costs the guest up to a full socket's
        queue); runs until SIGTERM.
"""
import os
import select
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../selftests"))
from hostile_ua import branch_of, datagrams, request, sock, stop_on_term  # noqa: E402


def ring(ip, port):
    s = sock(ip, int(port))
    stop = stop_on_term()
    answered = set()
    for data, peer in datagrams(s, stop):
        msg = data.decode(errors="replace")
        if not msg.startswith("INVITE") or branch_of(msg) in answered:
            continue
        answered.add(branch_of(msg))
        keep = [l for l in msg.split("\r\n")[1:] if l.split(":")[0].lower() in
                ("via", "from", "to", "call-id", "cseq", "record-route")]
        keep = [l + ";tag=ring-1" if l.lower().startswith("to:") else l for l in keep]
        s.sendto(("SIP/2.0 180 Ringing\r\n" + "\r\n".join(keep) +
                  "\r\nContent-Length: 0\r\n\r\n").encode(), peer)


def blast(lip, lport, rip, rport, copies, nowait=False):
    s = sock(lip, int(lport))
    req = request("INVITE", lip, int(lport), rip, "dup%d" % os.getpid()).encode()
    dst = (rip, int(rport))
    s.sendto(req, dst)
    rang = 0
    end = time.time() + 5
    while not nowait and not rang and time.time() < end:
        r, _, _ = select.select([s], [], [], max(end - time.time(), 0))
        if r and s.recv(65535).startswith(b"SIP/2.0 180"):
            rang = 1
    if not nowait and not rang:
        print("sent 0 ringing 0")
        return 1
    sent = 0
    while sent < copies:
        for _ in range(min(20, copies - sent)):
            s.sendto(req, dst)
            sent += 1
        time.sleep(0.002)
    print("sent %d ringing %d" % (sent, rang))
    return 0


def sink(ip, port):
    s = sock(ip, int(port))
    stop = stop_on_term()
    while not stop:
        time.sleep(0.2)
    s.close()


if __name__ == "__main__":
    a = sys.argv[1:] or ["help"]
    if a[0] == "ring":
        ring(a[1], a[2])
    elif a[0] == "blast":
        sys.exit(blast(a[1], a[2], a[3], a[4], int(a[5]), len(a) > 6 and a[6] == "nowait"))
    elif a[0] == "sink":
        sink(a[1], a[2])
    else:
        sys.exit(__doc__)
