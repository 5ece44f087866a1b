#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A SIP user agent with no reliability of its own: it sends every message once and never
retransmits, as an application may when sipoff runs in offload mode and the kernel does that
work.  It matches responses by Call-ID and CSeq method (not by status code, as sipp does), and
it counts every copy it receives, so a test can check that the application saw each request
and each response once.

    bare_ua.py uas LOCAL_IP PORT SECONDS [CALLS]
        answers INVITE with 200 OK (To tag), BYE with 200 OK; runs SECONDS, until SIGTERM or
        4 s after it has seen CALLS INVITEs, ACKs and BYEs, then prints "uas invites N byes N acks N
        dup_requests N others N"
    bare_ua.py uac LOCAL_IP PORT REMOTE_IP REMOTE_PORT CALLS RATE TIMEOUT
        CALLS calls at RATE calls/s: INVITE, on its 200 an ACK, 50 ms later a BYE; prints
        "uac done N failed N dup_invite_2xx N dup_other N" and exits 0 if every call
        completed
"""
import select
import signal
import socket
import sys
import time


def headers(msg):
    out = {}
    for line in msg.split("\r\n")[1:]:
        if not line:
            break
        name, _, value = line.partition(":")
        out.setdefault(name.strip().lower(), value.strip())
    return out


def sock(ip, port):
    s = socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((ip, port))
    return s


def uas(ip, port, secs, calls=0):
    s = sock(ip, port)
    seen = set()
    n = {"invites": 0, "byes": 0, "acks": 0, "dup_requests": 0, "others": 0}
    end = time.time() + secs
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    while time.time() < end and not stop:
        if calls and n["invites"] == n["byes"] == n["acks"] == calls:
            # Stay 4 s more (64*T1 is 3.2 s in the tests): while the socket is there, its
            # kernel answers a copy of the last BYE whose 200 was lost.
            end = min(end, time.time() + 4)
            calls = 0
        try:
            r, _, _ = select.select([s], [], [], 0.2)
        except InterruptedError:
            continue
        if not r:
            continue
        data, peer = s.recvfrom(65535)
        msg = data.decode(errors="replace")
        method = msg.split(" ", 1)[0]
        h = headers(msg)
        key = (h.get("call-id"), h.get("cseq"), method)
        if key in seen:
            n["dup_requests"] += 1
            continue
        seen.add(key)
        if method == "ACK":
            n["acks"] += 1
            continue
        if method not in ("INVITE", "BYE"):
            n["others"] += 1
            continue
        n["invites" if method == "INVITE" else "byes"] += 1
        to = h["to"] if "tag=" in h["to"] else h["to"] + ";tag=bare-uas"
        resp = ("SIP/2.0 200 OK\r\nVia: %s\r\nFrom: %s\r\nTo: %s\r\nCall-ID: %s\r\n"
                "CSeq: %s\r\nContact: <sip:uas@%s:%d>\r\nContent-Length: 0\r\n\r\n"
                % (h["via"], h["from"], to, h["call-id"], h["cseq"], ip, port))
        s.sendto(resp.encode(), peer)
    print("uas " + " ".join("%s %d" % kv for kv in n.items()))


def uac(ip, port, rip, rport, calls, rate, timeout):
    s = sock(ip, port)
    dst = (rip, rport)
    state = {}          # call-id -> "inviting" | "answered" | "byeing" | "done"
    bye_at = {}
    calls_of = {}       # call-id -> its number (the branch is a token: no '@')
    seen = set()
    dups = dups_2xx = 0
    start = time.time()
    started = 0

    def send(method, cid, cseq, to):
        ruri = "sip:bob@%s:%d" % (rip, rport)
        msg = ("%s %s SIP/2.0\r\nVia: SIP/2.0/UDP %s:%d;branch=z9hG4bK-%d-%d%s\r\n"
               "Max-Forwards: 70\r\nFrom: <sip:alice@%s>;tag=bare-uac\r\nTo: %s\r\n"
               "Call-ID: %s\r\nCSeq: %d %s\r\nContact: <sip:alice@%s:%d>\r\n"
               "Content-Length: 0\r\n\r\n"
               % (method, ruri, ip, port, calls_of[cid], cseq, method.lower(), ip, to, cid, cseq,
                  method, ip, port))
        s.sendto(msg.encode(), dst)

    while time.time() - start < timeout:
        now = time.time()
        while started < calls and now - start >= started / rate:
            cid = "bare-%d@%s" % (started, ip)
            state[cid] = "inviting"
            calls_of[cid] = started
            send("INVITE", cid, 1, "<sip:bob@%s:%d>" % (rip, rport))
            started += 1
        for cid, t in list(bye_at.items()):
            if now >= t[0]:
                send("BYE", cid, 2, t[1])
                state[cid] = "byeing"
                del bye_at[cid]
        if started == calls and all(v == "done" for v in state.values()):
            break
        r, _, _ = select.select([s], [], [], 0.01)
        if not r:
            continue
        msg = s.recv(65535).decode(errors="replace")
        if not msg.startswith("SIP/2.0 "):
            continue
        h = headers(msg)
        cid, cseq = h.get("call-id"), h.get("cseq", "")
        code = int(msg.split(" ", 2)[1])
        key = (cid, cseq, code)
        if key in seen:
            # A copy of the INVITE's 2xx may pass before the application's ACK is out (it
            # was queued on the socket already): sipoff passes those (contract 2.2 rule 2).
            if cseq.endswith("INVITE") and 200 <= code < 300:
                dups_2xx += 1
            else:
                dups += 1
                print("duplicate: %s %s %d (%s)" % (cid, cseq, code, state.get(cid)),
                      file=sys.stderr)
            continue
        seen.add(key)
        if code < 200 or cid not in state:
            continue
        if cseq.endswith("INVITE") and state[cid] == "inviting":
            send("ACK", cid, 1, h["to"])
            state[cid] = "answered"
            bye_at[cid] = (time.time() + 0.05, h["to"])
        elif cseq.endswith("BYE") and state[cid] == "byeing":
            state[cid] = "done"
    done = sum(v == "done" for v in state.values())
    print("uac done %d failed %d dup_invite_2xx %d dup_other %d"
          % (done, calls - done, dups_2xx, dups))
    return 0 if done == calls else 1


if __name__ == "__main__":
    a = sys.argv
    if a[1] == "uas":
        uas(a[2], int(a[3]), float(a[4]), int(a[5]) if len(a) > 5 else 0)
        sys.exit(0)
    sys.exit(uac(a[2], int(a[3]), a[4], int(a[5]), int(a[6]), float(a[7]), float(a[8])))
