#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile traffic for sipoff_hostile.sh (issue 10), in the test kernel.  One process holds
sockets in several network namespaces (setns(2) before each socket(): a socket stays in the
namespace it was made in), so one program plays the application in the gateway, its peer and a
third party, and sees every datagram each of them receives.

    hostile.py reflect T1_MS        item 1: copies from a third party draw nothing to it
    hostile.py flood N              item 2: N responses that match no transaction
    hostile.py noack T1_MS          item 3: a call whose ACK goes to a port sipoff does not watch
    hostile.py call SECONDS         item 2: a real call, then the operator's BYEs
    hostile.py register             item 9: two REGISTERs with the branch "z9hG4bK"

Namespaces (made by sipoff_hostile.sh): hgw (GW 10.99.5.1 towards hpeer, GWV 10.99.6.1
towards hvic), hpeer (PEER 10.99.5.2), hvic (VIC 10.99.6.2).  The application listens on
GW:5060.  Each command prints "# " lines and exits 0 when its checks hold.
"""
import ctypes
import os
import select
import socket
import sys
import time

GW, GWV, PEER, VIC = "10.99.5.1", "10.99.6.1", "10.99.5.2", "10.99.6.2"
GW6, GWV6, PEER6, VIC6 = "fd99:5::1", "fd99:6::1", "fd99:5::2", "fd99:6::2"
CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)
failed = []


def enter(ns):
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns " + ns)
    finally:
        os.close(fd)


def udp(ns, ip, port):
    enter(ns)
    s = socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if ":" in ip:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((ip, port))
    s.setblocking(False)
    return s


def stat(name):
    """A counter of /proc/net/sipoff/stats in hgw."""
    enter("hgw")
    with open("/proc/net/sipoff/stats") as f:
        for line in f:
            k, _, v = line.partition(" ")
            if k == name:
                return int(v)
    return -1


def proc_dialogs():
    enter("hgw")
    with open("/proc/net/sipoff/dialogs") as f:
        return f.read().splitlines()[1:]


def check(ok, what):
    print("# %s: %s" % ("ok" if ok else "FAILED", what))
    if not ok:
        failed.append(what)


def recv_all(socks, secs, until=None):
    """Datagrams on @socks for up to @secs: [(sock, data, src)]; stops early once until(got)."""
    got, end = [], time.monotonic() + secs
    while True:
        left = end - time.monotonic()
        if left <= 0 or (until and until(got)):
            return got
        r, _, _ = select.select(socks, [], [], left)
        for s in r:
            while True:
                try:
                    data, src = s.recvfrom(65535)
                except BlockingIOError:
                    break
                got.append((s, data, src))


def hdr(msg, name):
    for line in msg.decode(errors="replace").split("\r\n")[1:]:
        if not line:
            break
        n, _, v = line.partition(":")
        if n.strip().lower() == name:
            return v.strip()
    return ""


def request(method, ruri, via_host, via_port, branch, cid, cseq, ftag, to_tag="", body=b"",
            extra=""):
    head = ("%s %s SIP/2.0\r\nVia: SIP/2.0/UDP %s:%d;branch=%s\r\nMax-Forwards: 70\r\n"
            "From: <sip:a@%s>;tag=%s\r\nTo: <%s>%s\r\nCall-ID: %s\r\nCSeq: %d %s\r\n"
            "Contact: <sip:a@%s:%d>\r\n%sContent-Length: %d\r\n\r\n"
            % (method, ruri, via_host, via_port, branch, via_host, ftag, ruri,
               ";tag=" + to_tag if to_tag else "", cid, cseq, method, via_host, via_port,
               extra, len(body)))
    return head.encode() + body


def response(req, code, reason, to_tag, body=b"", contact=None):
    """A response to @req (its Via, From, To (+ @to_tag), Call-ID and CSeq)."""
    m = req.decode(errors="replace")
    lines = [l for l in m.split("\r\n\r\n", 1)[0].split("\r\n")[1:]]
    keep = []
    for l in lines:
        n = l.partition(":")[0].strip().lower()
        if n in ("via", "from", "call-id", "cseq"):
            keep.append(l)
        elif n == "to":
            keep.append(l + (";tag=" + to_tag if to_tag and "tag=" not in l else ""))
    if contact:
        keep.append("Contact: <%s>" % contact)
    if body:
        keep.append("Content-Type: application/sdp")
    keep.append("Content-Length: %d" % len(body))
    return ("SIP/2.0 %d %s\r\n%s\r\n\r\n" % (code, reason, "\r\n".join(keep))).encode() + body


# An answer the size of a 200 with SDP or a 401 challenge: what a reflector would send.
SDP = (b"v=0\r\no=- 1 1 IN IP4 10.99.5.1\r\ns=-\r\nc=IN IP4 10.99.5.1\r\nt=0 0\r\n"
       b"m=audio 4000 RTP/AVP 0 8 9 18 101\r\n" + b"a=x-pad:" + b"p" * 900 + b"\r\n")


def wait_one(sock, secs, what):
    got = recv_all([sock], secs, until=lambda g: len(g) > 0)
    if not got:
        check(False, what)
        return None
    return got[0]


def reflect(t1):
    """Item 1.  The gateway's application answers a request from the peer; a third party
    (hvic) then sends copies of the peer's messages (server side: the request, the ACK of a
    non-2xx; client side: the peer's responses).  Nothing reaches hvic, whatever it sends and
    from whichever port; a copy from the peer itself is still answered by the kernel."""
    T = t1 / 1000.0
    app = udp("hgw", "0.0.0.0", 5060)
    peer = udp("hpeer", PEER, 5070)
    vics = [udp("hvic", VIC, p) for p in (5070, 5060, 40000)]
    every = [app, peer] + vics
    before = stat("foreign_copies")

    def copies(msgs, n):
        """n copies from hvic, T1/3 apart (under the per-T1 bound), from each of its ports in
        turn; what arrives anywhere meanwhile and 10*T1 after."""
        got = []
        for i in range(n):
            vics[i % len(vics)].sendto(msgs[i % len(msgs)], (GWV if i % 2 else GW, 5060))
            got += recv_all(every, T / 3)
        return got + recv_all(every, 10 * T)

    def nothing_to_hvic(got, what):
        to_vic = [g for g in got if g[0] in vics]
        check(not to_vic, "%s: hvic received %d datagram(s) (%d bytes)"
              % (what, len(to_vic), sum(len(g[1]) for g in to_vic)))
        return [g for g in got if g[0] is app]

    # Server side, non-INVITE: an OPTIONS answered with a 200 of about 1.2 kB.
    opt = request("OPTIONS", "sip:gw@" + GW, PEER, 5070, "z9hG4bK-refl-opt", "refl-opt@x", 1,
                  "po")
    peer.sendto(opt, (GW, 5060))
    g = wait_one(app, 20 * T, "the application got the OPTIONS")
    if g:
        app.sendto(response(g[1], 200, "OK", "go", SDP), g[2])
        check(wait_one(peer, 20 * T, "the peer got the 200") is not None, "the peer got the 200")
    got = copies([opt], 8)
    app_got = nothing_to_hvic(got, "8 OPTIONS copies from hvic")
    check(not [x for x in got if x[0] is peer], "and nothing more went to the peer")
    check(len(app_got) == 8, "the application got the 8 copies, untouched (%d)" % len(app_got))
    # The peer's own copy is still the kernel's to answer.
    peer.sendto(opt, (GW, 5060))
    got = recv_all(every, 20 * T, until=lambda g: any(x[0] is peer for x in g))
    check(any(x[0] is peer and x[1].startswith(b"SIP/2.0 200") for x in got),
          "a copy from the peer is answered with the application's 200")

    # Server side, INVITE rejected: INVITE and non-2xx ACK copies.
    inv = request("INVITE", "sip:gw@" + GW, PEER, 5070, "z9hG4bK-refl-inv", "refl-inv@x", 1,
                  "pi", body=SDP)
    peer.sendto(inv, (GW, 5060))
    g = wait_one(app, 20 * T, "the application got the INVITE")
    if g:
        app.sendto(response(g[1], 486, "Busy Here", "gi", SDP), g[2])
        wait_one(peer, 20 * T, "the peer got the 486")
    ack = request("ACK", "sip:gw@" + GW, PEER, 5070, "z9hG4bK-refl-inv", "refl-inv@x", 1, "pi",
                  to_tag="gi")
    nothing_to_hvic(copies([inv, ack], 8), "INVITE and ACK copies from hvic")

    # Client side: the application's INVITEs, one answered 486, one 200; the application ACKs
    # both; hvic sends copies of both responses.
    sent = []
    for n, (code, reason) in enumerate(((486, "Busy Here"), (200, "OK"))):
        out = request("INVITE", "sip:p@%s:5070" % PEER, GW, 5060, "z9hG4bK-refl-out%d" % n,
                      "refl-out%d@x" % n, 1, "go%d" % n, body=SDP)
        app.sendto(out, (PEER, 5070))
        g = wait_one(peer, 20 * T, "the peer got the application's INVITE")
        if not g:
            continue
        resp = response(g[1], code, reason, "pt%d" % n, SDP, "sip:p@%s:5070" % PEER)
        peer.sendto(resp, (GW, 5060))
        if not wait_one(app, 20 * T, "the application got the %d" % code):
            continue
        branch = "z9hG4bK-refl-out%d" % n if code >= 300 else "z9hG4bK-refl-ack%d" % n
        app.sendto(request("ACK", "sip:p@%s:5070" % PEER, GW, 5060, branch, "refl-out%d@x" % n,
                           1, "go%d" % n, to_tag="pt%d" % n), (PEER, 5070))
        wait_one(peer, 20 * T, "the peer got the application's ACK")
        sent.append(resp)
    if sent:
        nothing_to_hvic(copies(sent, 8), "486 and 200 copies from hvic")

    # The same over IPv6: an OPTIONS from the peer, copies from hvic's address.
    app6 = udp("hgw", "::", 5060)
    peer6 = udp("hpeer", PEER6, 5070)
    vic6 = udp("hvic", VIC6, 5070)
    opt6 = request("OPTIONS", "sip:gw@[%s]" % GW6, "[%s]" % PEER6, 5070, "z9hG4bK-refl-opt6",
                   "refl-opt6@x", 1, "p6")
    peer6.sendto(opt6, (GW6, 5060))
    g = wait_one(app6, 20 * T, "the application got the OPTIONS over IPv6")
    if g:
        app6.sendto(response(g[1], 200, "OK", "g6", SDP), g[2][:2])
        wait_one(peer6, 20 * T, "the peer got the 200 over IPv6")
    got = []
    for i in range(4):
        vic6.sendto(opt6, (GW6 if i % 2 else GWV6, 5060))
        got += recv_all([app6, peer6, vic6], T / 3)
    got += recv_all([app6, peer6, vic6], 10 * T)
    to_vic = [x for x in got if x[0] is vic6]
    check(not to_vic, "4 OPTIONS copies over IPv6 from hvic: hvic received %d datagram(s)"
          % len(to_vic))
    check(len([x for x in got if x[0] is app6]) == 4, "the application got them, untouched")
    after = stat("foreign_copies")
    check(after - before >= 28, "foreign_copies counted them (%d)" % (after - before))


def flood(n):
    """Item 2: @n 200 OKs from the peer matching no transaction, half to INVITE, half to
    SUBSCRIBE (Expires 4000000), each with its own Call-ID."""
    s = udp("hpeer", PEER, 5070)
    s.setblocking(True)
    tmpl = ("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP %s:5060;branch=z9hG4bK-fl%%d\r\n"
            "From: <sip:a@%s>;tag=fa%%d\r\nTo: <sip:b@%s>;tag=fb%%d\r\n"
            "Call-ID: flood-%%d@x\r\nCSeq: 1 %%s\r\nContact: <sip:b@%s:5070>\r\n"
            "Expires: 4000000\r\nContent-Length: 0\r\n\r\n" % (GW, GW, PEER, PEER))
    for i in range(n):
        s.sendto((tmpl % (i, i, i, i, "SUBSCRIBE" if i & 1 else "INVITE")).encode(),
                 (GW, 5060))
    print("# sent %d responses" % n)


def noack(t1):
    """Item 3: a call to the application; its 200's Contact names port 5062, which sipoff does
    not watch, and the ACK goes there.  64*T1 later the missing ACK is reported (counter) and the
    dialog stays confirmed; the BYE then ends it."""
    T = t1 / 1000.0
    app = udp("hgw", GW, 5060)
    side = udp("hgw", GW, 5062)
    peer = udp("hpeer", PEER, 5070)
    before = stat("dialogs_ack_missing")
    inv = request("INVITE", "sip:gw@" + GW, PEER, 5070, "z9hG4bK-noack-1", "noack@x", 1, "na",
                  body=SDP)
    peer.sendto(inv, (GW, 5060))
    g = wait_one(app, 20 * T, "the application got the INVITE")
    if not g:
        return
    # Before the 2xx leaves: the kernel's 64*T1 starts after t0 (up to a clock tick before).
    t0 = time.monotonic()
    app.sendto(response(g[1], 200, "OK", "nb", SDP, "sip:gw@%s:5062" % GW), g[2])
    if not wait_one(peer, 20 * T, "the peer got the 200"):
        return
    peer.sendto(request("ACK", "sip:gw@%s:5062" % GW, PEER, 5070, "z9hG4bK-noack-2", "noack@x",
                        1, "na", to_tag="nb"), (GW, 5062))
    check(wait_one(side, 20 * T, "the ACK reached port 5062") is not None,
          "the ACK reached port 5062")
    # Reported 64*T1 after the 2xx: wait for the counter with a deadline of 64*T1 + 40*T1.
    while stat("dialogs_ack_missing") == before and time.monotonic() < t0 + 104 * T:
        time.sleep(T / 5)
    el = time.monotonic() - t0
    check(stat("dialogs_ack_missing") == before + 1,
          "dialogs_ack_missing counted once, %.0f ms after the 2xx (64*T1 = %d ms)"
          % (el * 1000, 64 * t1))
    check(el >= 63 * T, "not before 64*T1 (within T1)")
    # The call goes on: still listed, confirmed, 10*T1 later.
    recv_all([app], 10 * T)
    live = [l for l in proc_dialogs() if "noack@x" in l]
    check(len(live) == 1 and " confirmed " in live[0], "the dialog is still confirmed: %s" % live)
    peer.sendto(request("BYE", "sip:gw@%s:5060" % GW, PEER, 5070, "z9hG4bK-noack-3", "noack@x",
                        2, "na", to_tag="nb"), (GW, 5060))
    g = wait_one(app, 20 * T, "the application got the BYE")
    if g:
        app.sendto(response(g[1], 200, "OK", ""), g[2])
        wait_one(peer, 20 * T, "the peer got the BYE's 200")
    check(not [l for l in proc_dialogs() if "noack@x" in l], "the BYE ended it")


def call(secs):
    """Item 2's real call, after the flood: the peer calls the application (180, 200, ACK),
    then both wait up to @secs for the BYE the operator's terminate makes sipoffd send to each
    party and answer it (to its source, as rport asks).  Prints "call up" once the ACK is out;
    exits 0 when both parties got their BYE."""
    app = udp("hgw", GW, 5060)
    peer = udp("hpeer", PEER, 5070)
    inv = request("INVITE", "sip:gw@" + GW, PEER, 5070, "z9hG4bK-real-1", "real-call@x", 1,
                  "ra", body=SDP)
    peer.sendto(inv, (GW, 5060))
    g = wait_one(app, 5.0, "the application got the INVITE")
    if not g:
        return
    app.sendto(response(g[1], 180, "Ringing", "rb", contact="sip:gw@%s:5060" % GW), g[2])
    app.sendto(response(g[1], 200, "OK", "rb", SDP, "sip:gw@%s:5060" % GW), g[2])
    got = recv_all([peer], 5.0, until=lambda x: any(m[1].startswith(b"SIP/2.0 200") for m in x))
    if not any(m[1].startswith(b"SIP/2.0 200") for m in got):
        check(False, "the peer got the 200")
        return
    peer.sendto(request("ACK", "sip:gw@%s:5060" % GW, PEER, 5070, "z9hG4bK-real-2",
                        "real-call@x", 1, "ra", to_tag="rb"), (GW, 5060))
    print("call up", flush=True)
    byes, end = {}, time.monotonic() + secs
    while len(byes) < 2 and time.monotonic() < end:
        for sock, data, src in recv_all([app, peer], end - time.monotonic(),
                                        until=lambda x: len(x) > 0):
            if data.startswith(b"BYE"):
                byes[sock.fileno()] = True
                sock.sendto(response(data, 200, "OK", ""), src)
    check(len(byes) == 2, "both parties got a BYE and answered it (%d)" % len(byes))


def register():
    """Item 9: two REGISTERs of one UA with the branch "z9hG4bK" (the cookie and nothing
    after it: not an RFC 3261 branch) and different Call-IDs both reach the application."""
    app = udp("hgw", GW, 5060)
    peer = udp("hpeer", PEER, 5070)
    for n in (1, 2):
        reg = request("REGISTER", "sip:" + GW, PEER, 5070, "z9hG4bK", "reg%d@x" % n, 1,
                      "r%d" % n, extra="Expires: 60\r\n")
        reg = reg.replace(b"To: <sip:%s>" % GW.encode(), b"To: <sip:a@%s>" % PEER.encode())
        peer.sendto(reg, (GW, 5060))
        g = wait_one(app, 2.0, "the application got REGISTER %d" % n)
        if g:
            check(hdr(g[1], "call-id") == "reg%d@x" % n, "REGISTER %d reached the application"
                  % n)
            app.sendto(response(g[1], 200, "OK", "gr%d" % n), g[2])
            r = wait_one(peer, 2.0, "the UA got the 200 to REGISTER %d" % n)
            check(r is not None and hdr(r[1], "call-id") == "reg%d@x" % n,
                  "the 200 to REGISTER %d reached the UA" % n)


def main():
    cmd = sys.argv[1]
    if cmd == "reflect":
        reflect(int(sys.argv[2]))
    elif cmd == "flood":
        flood(int(sys.argv[2]))
    elif cmd == "noack":
        noack(int(sys.argv[2]))
    elif cmd == "call":
        call(float(sys.argv[2]))
    elif cmd == "register":
        register()
    else:
        sys.exit("unknown command " + cmd)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
