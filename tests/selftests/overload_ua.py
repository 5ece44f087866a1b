#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Both ends of the overload protection kselftests (sipoff_overload.sh), in one process: an
application socket in network namespace ogw that stops reading, and a caller socket in ouac
(the sockets are made after setns() into each namespace and stay there).  Every wait is a
deadline on a condition; prints "# ok: ..." / "# FAILED: ..." lines and exits 1 on a failure.

    overload_ua.py flood GW_IP UAC_IP RETRY_AFTER [MAX_FIRST]
        three calls answered 200 by the application, which then stops reading; new INVITEs
        one by one until the kernel answers them with 503 (each checked, ACKed); then the
        calls' ACKs and BYEs, a re-INVITE, a CANCEL and a copy of an INVITE the application
        has: none answered by the kernel, all read by the application when it reads again.
        Prints "rejected N acked N" for the shell's counter checks.  MAX_FIRST: the first 503
        must come by that INVITE.
    overload_ua.py cap GW_IP UAC_IP RATE
        the application never reads; 60 new INVITEs at once: at most RATE 503s a second.
    overload_ua.py off GW_IP UAC_IP SIPOFFCTL
        INVITEs until the first 503, then `sipoffctl config set overload off`: further INVITEs
        get no 503 and reach the application.
"""
import ctypes
import os
import socket
import subprocess
import sys
import time

CLONE_NEWNET = 0x40000000
PORT_APP, PORT_UAC = 5060, 5070
failed = []


def check(ok, what):
    print(("# ok: " if ok else "# FAILED: ") + what, flush=True)
    if not ok:
        failed.append(what)


def netns_socket(ns, ip, port, rcvbuf=None):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET):
        raise OSError(ctypes.get_errno(), "setns " + ns)
    os.close(fd)
    s = socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_DGRAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((ip, port))
    return s


def host(ip):
    return "[%s]" % ip if ":" in ip else ip


class Peers:
    def __init__(self, gw, uac):
        self.gw, self.uac = gw, uac
        # A small receive buffer (the kernel doubles it): a few dozen datagrams fill it.
        self.app = netns_socket("ogw", gw, PORT_APP, 16384)
        self.caller = netns_socket("ouac", uac, PORT_UAC)
        self.n = 0
        self.early = []     # responses read while waiting for something else

    def request(self, method, cid, branch, cseq=1, to_tag=None, cseq_method=None):
        to = "<sip:app@%s>" % host(self.gw) + (";tag=" + to_tag if to_tag else "")
        body = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" \
               "m=audio 4000 RTP/AVP 0\r\n" if method == "INVITE" else ""
        msg = ("%s sip:app@%s:%d SIP/2.0\r\n"
               "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-%s;rport\r\n"
               "Max-Forwards: 70\r\n"
               "From: <sip:caller@%s>;tag=f-%s\r\n"
               "To: %s\r\n"
               "Call-ID: %s\r\n"
               "CSeq: %d %s\r\n"
               "Contact: <sip:caller@%s:%d>\r\n"
               "%s"
               "Content-Length: %d\r\n\r\n%s") % (
                   method, host(self.gw), PORT_APP, host(self.uac), PORT_UAC, branch,
                   host(self.uac), cid.split("@")[0], to, cid, cseq, cseq_method or method, host(self.uac),
                   PORT_UAC, "Content-Type: application/sdp\r\n" if body else "", len(body),
                   body)
        return msg.encode()

    def send(self, data):
        self.caller.sendto(data, (self.gw, PORT_APP))

    def recv(self, s, timeout):
        s.settimeout(max(timeout, 0.001))
        try:
            return s.recvfrom(65535)
        except (socket.timeout, BlockingIOError):
            return None, None

    def caller_wait(self, pred, timeout):
        """The first response the caller gets within @timeout that @pred accepts (others kept)."""
        for i, m in enumerate(self.early):
            if pred(m):
                return self.early.pop(i)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            data, _ = self.recv(self.caller, end - time.monotonic())
            if data is None:
                break
            m = data.decode(errors="replace")
            if pred(m):
                return m
            self.early.append(m)
        return None

    def app_drain(self):
        out = []
        while True:
            data, peer = self.recv(self.app, 0.001) if out else self.recv(self.app, 0.2)
            if data is None:
                return out
            out.append((data.decode(errors="replace"), peer))


def hdr(msg, name):
    for line in msg.split("\r\n")[1:]:
        if not line:
            break
        k, _, v = line.partition(":")
        if k.strip().lower() == name.lower():
            return v.strip()
    return None


def is_503_for(cid):
    return lambda m: m.startswith("SIP/2.0 503 ") and hdr(m, "Call-ID") == cid


def ack_for(p, resp, cid, branch):
    to = hdr(resp, "To")
    tag = to.split(";tag=", 1)[1]
    return p.request("ACK", cid, branch, to_tag=tag)


def establish(p, k):
    """k calls answered 200 by the application; returns [(cid, to_tag)]."""
    calls = []
    for i in range(k):
        cid = "est-%d@overload" % i
        p.send(p.request("INVITE", cid, "est%d" % i))
        data, peer = p.recv(p.app, 5)
        if data is None:
            check(False, "the application got the INVITE of call %d" % i)
            return calls
        m = data.decode(errors="replace")
        tag = "app%d" % i
        resp = ("SIP/2.0 200 OK\r\nVia: %s\r\nFrom: %s\r\nTo: %s;tag=%s\r\nCall-ID: %s\r\n"
                "CSeq: %s\r\nContact: <sip:app@%s:%d>\r\nContent-Length: 0\r\n\r\n") % (
                    hdr(m, "Via"), hdr(m, "From"), hdr(m, "To"), tag, hdr(m, "Call-ID"),
                    hdr(m, "CSeq"), host(p.gw), PORT_APP)
        p.app.sendto(resp.encode(), peer)
        ok = p.caller_wait(lambda r, c=cid: r.startswith("SIP/2.0 200 ") and
                           hdr(r, "Call-ID") == c, 5)
        check(ok is not None, "call %d answered 200 by the application" % i)
        calls.append((cid, tag))
    return calls


def fill_until_503(p, limit, per_wait):
    """New INVITEs one by one (the application not reading) until one gets a 503."""
    for j in range(limit):
        cid = "new-%d@overload" % j
        inv = p.request("INVITE", cid, "new%d" % j)
        p.send(inv)
        r = p.caller_wait(is_503_for(cid), per_wait)
        if r:
            return j, inv, r
    return None, None, None


def check_503(r, inv, cid, retry_after):
    check(r.startswith("SIP/2.0 503 Service Unavailable\r\n"), "status line 503")
    check(hdr(r, "Retry-After") == str(retry_after), "Retry-After %s" % hdr(r, "Retry-After"))
    check(hdr(r, "Call-ID") == cid and hdr(r, "CSeq") == "1 INVITE", "Call-ID and CSeq copied")
    check(hdr(r, "Via") == hdr(inv.decode(), "Via"), "Via copied")
    check(";tag=" in (hdr(r, "To") or ""), "To tag added (8.2.6.2)")
    check(len(r) <= 1.5 * len(inv), "size %d <= 1.5 * %d" % (len(r), len(inv)))


def flood(gw, uac, retry_after, max_first=None):
    p = Peers(gw, uac)
    calls = establish(p, 3)
    # The application stops reading.  New calls until the queue is full enough.
    first, inv, r = fill_until_503(p, 200, 0.3)
    check(first is not None and first >= 1,
          "new INVITEs queued, then answered 503 by the kernel (first 503 at #%s)" % first)
    if first is None:
        return
    if max_first is not None:
        check(first <= max_first, "the first 503 came by INVITE #%d (at most #%d)" %
              (first, max_first))
    check_503(r, inv, "new-%d@overload" % first, retry_after)
    rejected, acked = 1, 0
    p.send(ack_for(p, r, "new-%d@overload" % first, "new%d" % first))
    acked += 1
    # More new calls: every one answered with 503 (the application still does not read).
    more = 10
    for j in range(first + 1, first + 1 + more):
        cid = "new-%d@overload" % j
        p.send(p.request("INVITE", cid, "new%d" % j))
        r = p.caller_wait(is_503_for(cid), 5)
        if r:
            rejected += 1
            p.send(ack_for(p, r, cid, "new%d" % j))
            acked += 1
    check(rejected == more + 1, "%d of %d new INVITEs answered 503" % (rejected, more + 1))
    # What must reach the application: the calls' ACKs and BYEs, a re-INVITE, a CANCEL, and
    # a copy of an INVITE it already has (that one the kernel may answer with its 200).
    for i, (cid, tag) in enumerate(calls):
        p.send(p.request("ACK", cid, "ack%d" % i, to_tag=tag))
    cid0, tag0 = calls[0]
    p.send(p.request("INVITE", cid0, "reinv", cseq=2, to_tag=tag0))
    p.send(p.request("CANCEL", "new-%d@overload" % (first - 1), "new%d" % (first - 1),
                     cseq_method="CANCEL"))
    p.send(p.request("INVITE", calls[1][0], "est1"))
    for i, (cid, tag) in enumerate(calls):
        p.send(p.request("BYE", cid, "bye%d" % i, cseq=3, to_tag=tag))
    # The application reads again: the last datagram sent is the last BYE.
    got = []
    end = time.monotonic() + 10
    while time.monotonic() < end and not any(
            m.startswith("BYE ") and hdr(m, "Call-ID") == calls[-1][0] for m, _ in got):
        got += p.app_drain()
    kinds = [(m.split(" ", 1)[0], hdr(m, "Call-ID"), hdr(m, "CSeq")) for m, _ in got]
    for i, (cid, _) in enumerate(calls):
        check(("ACK", cid, "1 ACK") in kinds, "the ACK of call %d reached the application" % i)
        check(("BYE", cid, "3 BYE") in kinds, "the BYE of call %d reached the application" % i)
    check(("INVITE", cid0, "2 INVITE") in kinds, "the re-INVITE reached the application")
    check(("CANCEL", "new-%d@overload" % (first - 1), "1 CANCEL") in kinds,
          "the CANCEL reached the application")
    late = [k for k in kinds if k[0] == "INVITE" and k[1].startswith("new-") and
            int(k[1][4:].split("@")[0]) >= first]
    check(not late, "no INVITE answered 503 reached the application (%d did)" % len(late))
    check(not any(k[0] == "ACK" and k[1].startswith("new-") for k in kinds),
          "the ACKs of the 503s were absorbed")
    stray = p.caller_wait(lambda m: m.startswith("SIP/2.0 503 ") and
                          not hdr(m, "Call-ID").startswith("new-"), 0.5)
    check(stray is None, "no 503 for anything but the new INVITEs (%s)" %
          (stray.split("\r\n")[0] + " " + hdr(stray, "CSeq") if stray else "none"))
    print("rejected %d acked %d" % (rejected, acked), flush=True)


def cap(gw, uac, rate):
    p = Peers(gw, uac)
    first, _, _ = fill_until_503(p, 200, 0.3)
    check(first is not None, "overloaded (first 503 at #%s)" % first)
    t0 = time.monotonic()
    n = 60
    for j in range(n):
        p.send(p.request("INVITE", "burst-%d@overload" % j, "burst%d" % j))
    elapsed = time.monotonic() - t0
    got = 0
    while p.caller_wait(lambda m: m.startswith("SIP/2.0 503 ") and
                        hdr(m, "Call-ID").startswith("burst-"), 1.0):
        got += 1
    elapsed_all = time.monotonic() - t0
    # The window of the first 503 may hold up to RATE - 1 more; then RATE per started second.
    bound = rate * (int(elapsed_all) + 2)
    check(1 <= got <= bound, "%d 503s for %d INVITEs sent in %.2fs (cap %d/s: at most %d)" %
          (got, n, elapsed, rate, bound))
    check(got < n, "the cap held back 503s (%d of %d)" % (got, n))
    print("burst_rejected %d" % got, flush=True)


def off(gw, uac, ctl):
    p = Peers(gw, uac)
    first, _, _ = fill_until_503(p, 200, 0.3)
    check(first is not None, "overloaded (first 503 at #%s)" % first)
    subprocess.run(["ip", "netns", "exec", "ogw", ctl, "config", "set", "overload", "off"],
                   check=True)
    n, answered = 5, 0
    for j in range(n):
        cid = "after-%d@overload" % j
        p.send(p.request("INVITE", cid, "after%d" % j))
        if p.caller_wait(is_503_for(cid), 0.3):
            answered += 1
    check(answered == 0, "no 503 after overload off (%d)" % answered)
    got = []
    end = time.monotonic() + 5
    while time.monotonic() < end and not any(hdr(m, "Call-ID") == "after-%d@overload" % (n - 1)
                                             for m, _ in got):
        got += p.app_drain()
    after = sum(1 for m, _ in got if (hdr(m, "Call-ID") or "").startswith("after-"))
    check(after == n, "the application got the INVITEs sent after overload off (%d of %d)" %
          (after, n))


def main():
    what, gw, uac, arg = sys.argv[1:5]
    if what == "flood":
        flood(gw, uac, int(arg), int(sys.argv[5]) if len(sys.argv) > 5 else None)
    elif what == "cap":
        cap(gw, uac, int(arg))
    elif what == "off":
        off(gw, uac, arg)
    else:
        sys.exit("unknown scenario " + what)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
