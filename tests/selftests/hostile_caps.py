#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Helpers of sipoff_hostile_caps.sh (issue 10 items 4, 8 and 12), run inside the test kernel.

    hostile_caps.py probe SPEC AS
        Issue every operation of the sipoff family (as uapi/sipoff.yaml lists them) and join
        every multicast group, and compare who is refused with what the spec's flags say.  AS
        names the caller: "unpriv" (no capability, network namespace owned by the initial user
        namespace), "userns-own" (root of a child user namespace, in a network namespace it
        owns), "userns-foreign" (root of a child user namespace, in a network namespace owned
        by the initial one).  Prints one line per operation; exits 1 on any mismatch.
    hostile_caps.py waitgroup SECONDS
        Wait until some socket of this network namespace is in the sipoff events group
        (/proc/net/netlink), at most SECONDS; exit 1 if none joined in time.
    hostile_caps.py flood SRC_PORT DST_PORT COUNT SIZE
        Send COUNT INVITEs of SIZE bytes (body padding), each with a fresh branch and Call-ID,
        from 127.0.0.1:SRC_PORT to 127.0.0.1:DST_PORT (whose socket it holds, never reading),
        print "sent", then keep the sockets until SIGTERM.
    hostile_caps.py uas IP PORT
        Answer every INVITE with 200 OK (To tag, Record-Route copied, Contact) until SIGTERM.
    hostile_caps.py call LOCAL_IP LOCAL_PORT REMOTE_IP REMOTE_PORT CALL_ID RR_VALUES RR_SIZE [COUNT]
        One INVITE with RR_VALUES Record-Route values of RR_SIZE bytes each (in one header
        per value), wait for the 200 (5 s at most), ACK it.  Exit 0 if answered.  With COUNT,
        COUNT such calls one after the other, Call-IDs CALL_ID-1 to CALL_ID-COUNT.
"""
import errno
import os
import re
import select
import signal
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_ua import datagrams, sock, stop_on_term  # noqa: E402

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2


def attrs(buf):
    out = []
    while len(buf) >= 4:
        alen, atype = struct.unpack_from("HH", buf)
        if alen < 4:
            break
        out.append((atype & 0x3fff, buf[4:alen]))
        buf = buf[(alen + 3) & ~3:]
    return out


def attr(atype, payload):
    a = struct.pack("HH", 4 + len(payload), atype) + payload
    return a + b"\0" * ((4 - len(a) % 4) % 4)


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.seq = 1

    def request(self, family, cmd, flags, payload=b""):
        """Send one request; return 0 or the positive errno of the kernel's answer."""
        self.seq += 1
        body = struct.pack("BBH", cmd, 1, 0) + payload
        self.s.send(struct.pack("IHHII", 16 + len(body), family, NLM_F_REQUEST | flags,
                                self.seq, 0) + body)
        replies = []
        while True:
            data = self.s.recv(1 << 17)
            while len(data) >= 16:
                mlen, mtype, _, seq, _ = struct.unpack_from("IHHII", data)
                msg, data = data[:mlen], data[(mlen + 3) & ~3:]
                if seq != self.seq:
                    continue
                if mtype == NLMSG_ERROR:
                    return -struct.unpack_from("i", msg, 16)[0], replies
                if mtype == NLMSG_DONE:
                    return -struct.unpack_from("i", msg, 16)[0] if mlen >= 20 else 0, replies
                replies.append(msg[20:])

    def family(self, name):
        err, replies = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK,
                                    attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err:
            raise OSError(err, "family %s" % name)
        fid, groups = None, {}
        for atype, val in attrs(replies[0]):
            if atype == CTRL_ATTR_FAMILY_ID:
                fid = struct.unpack("H", val[:2])[0]
            elif atype == CTRL_ATTR_MCAST_GROUPS:
                for _, grp in attrs(val):
                    g = dict(attrs(grp))
                    groups[g[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0").decode()] = \
                        struct.unpack("I", g[CTRL_ATTR_MCAST_GRP_ID][:4])[0]
        return fid, groups


# What each caller may do, by the flags of uapi/sipoff.yaml:
#   admin-perm      CAP_NET_ADMIN in the initial user namespace (GENL_ADMIN_PERM)
#   uns-admin-perm  CAP_NET_ADMIN in the user namespace owning the network namespace
#                   (GENL_UNS_ADMIN_PERM; GENL_MCAST_CAP_NET_ADMIN for a multicast group)
ALLOWED = {
    "unpriv": {None},
    "userns-own": {None, "uns-admin-perm"},
    "userns-foreign": {None},
}


def perm_of(flags):
    flags = flags or []
    if "admin-perm" in flags:
        return "admin-perm"
    if "uns-admin-perm" in flags:
        return "uns-admin-perm"
    return None


def probe(spec_path, who):
    import yaml
    spec = yaml.safe_load(open(spec_path))
    nl = Genl()
    fid, groups = nl.family(spec["name"])
    bad = 0
    # Harmless requests: no attributes (a config-set that changes nothing), a Call-ID nobody
    # has for dialog-terminate; flush runs in the test's own namespace.
    for value, op in enumerate(spec["operations"]["list"], start=1):
        for mode in ("do", "dump"):
            if mode not in op:
                continue
            payload = b""
            if op["name"] == "dialog-terminate":
                payload = attr(1, b"hostile-probe-none\0")
            err, _ = nl.request(fid, value, NLM_F_ACK if mode == "do" else NLM_F_DUMP, payload)
            perm = perm_of(op.get("flags"))
            want = perm in ALLOWED[who]
            got = err != errno.EPERM
            ok = want == got
            bad += not ok
            print("%s %s %s (%s): %s, %s" % ("ok" if ok else "MISMATCH", op["name"], mode,
                  perm or "no flag", "allowed" if got else "refused",
                  os.strerror(err) if err else "0"))
    for grp in spec.get("mcast-groups", {}).get("list", []):
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        s.bind((0, 0))
        try:
            s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, groups[grp["name"]])
            got, err = True, 0
        except OSError as e:
            got, err = e.errno != errno.EPERM, e.errno
        s.close()
        perm = perm_of(grp.get("flags"))
        want = perm in ALLOWED[who]
        ok = want == got
        bad += not ok
        print("%s group %s (%s): %s" % ("ok" if ok else "MISMATCH", grp["name"],
              perm or "no flag", "joined" if got else "refused: " + os.strerror(err)))
    return 1 if bad else 0


def waitgroup(secs):
    _, groups = Genl().family("sipoff")
    gid = groups["events"]
    if gid >= 32:
        print("events group id %d: /proc/net/netlink shows only the first 32" % gid)
        return 1
    end = time.monotonic() + secs
    while time.monotonic() < end:
        with open("/proc/net/netlink") as f:
            for line in f.readlines()[1:]:
                col = line.split()
                if int(col[1]) == NETLINK_GENERIC and int(col[3], 16) & (1 << (gid - 1)):
                    return 0
        time.sleep(0.02)
    return 1


def flood(sport, dport, count, size):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", sport))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    # The victim's socket: it never reads.
    v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    v.bind(("127.0.0.1", dport))
    pad = b"v=0\r\n" + b"a=x-pad:" + b"x" * (size - 400) + b"\r\n"
    for i in range(count):
        hdr = ("INVITE sip:victim@127.0.0.1:%d SIP/2.0\r\n"
               "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-flood-%d-%d\r\n"
               "Max-Forwards: 70\r\n"
               "From: <sip:flood@127.0.0.1>;tag=f%d\r\n"
               "To: <sip:victim@127.0.0.1>\r\n"
               "Call-ID: flood-%d-%d@127.0.0.1\r\n"
               "CSeq: 1 INVITE\r\n"
               "Contact: <sip:flood@127.0.0.1:%d>\r\n"
               "Content-Type: application/sdp\r\n"
               "Content-Length: %d\r\n\r\n" % (dport, sport, os.getpid(), i, i, os.getpid(),
                                                i, sport, len(pad))).encode()
        try:
            s.sendto(hdr + pad, ("127.0.0.1", dport))
        except ConnectionRefusedError:
            pass
    # The victim stays (the kernel answers 100 Trying only for a socket): until killed.
    print("sent", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        signal.pause()


def headers(msg):
    head = msg.split("\r\n\r\n", 1)[0].split("\r\n")
    return head[0], head[1:]


def uas(ip, port):
    s = sock(ip, port)
    for data, peer in datagrams(s, stop_on_term()):
        start, hdrs = headers(data.decode("latin-1"))
        if not start.startswith("INVITE "):
            continue
        keep = [h for h in hdrs if re.match(r"(?i)(via|from|call-id|cseq|record-route):", h)]
        to = [h for h in hdrs if re.match(r"(?i)to:", h)][0]
        resp = ["SIP/2.0 200 OK"] + keep + [to + ";tag=uas-" + str(port),
                                             "Contact: <sip:uas@%s:%d>" % (ip, port),
                                             "Content-Length: 0", "", ""]
        s.sendto("\r\n".join(resp).encode("latin-1"), peer)
    return 0


def call(lip, lport, rip, rport, cid, n_rr, rr_size):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((lip, lport))
    rr = []
    for i in range(n_rr):
        host = "p%d.example.net" % i
        fill = "x" * max(0, rr_size - len(host) - 30)
        rr.append("Record-Route: <sip:%s;lr;pad=%s>" % (host, fill))
    via = "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-%s" % (lip, lport, cid)
    common = ["From: <sip:a@%s>;tag=uac-%s" % (lip, cid), "To: <sip:b@%s>" % rip,
              "Call-ID: " + cid]
    inv = (["INVITE sip:b@%s:%d SIP/2.0" % (rip, rport), via, "Max-Forwards: 70"] + rr +
           common + ["CSeq: 1 INVITE", "Contact: <sip:a@%s:%d>" % (lip, lport),
                     "Content-Length: 0", "", ""])
    s.sendto("\r\n".join(inv).encode(), (rip, rport))
    end = time.monotonic() + 5
    while time.monotonic() < end:
        r, _, _ = select.select([s], [], [], 0.1)
        if not r:
            continue
        start, hdrs = headers(s.recv(1 << 16).decode("latin-1"))
        if not start.startswith("SIP/2.0 200"):
            continue
        to = [h for h in hdrs if re.match(r"(?i)to:", h)][0]
        ack = (["ACK sip:b@%s:%d SIP/2.0" % (rip, rport),
                "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-ack-%s" % (lip, lport, cid),
                "Max-Forwards: 70", common[0], to, common[2], "CSeq: 1 ACK",
                "Content-Length: 0", "", ""])
        s.sendto("\r\n".join(ack).encode(), (rip, rport))
        return 0
    print("call %s: no 200 in 5 s" % cid)
    return 1


def main(argv):
    cmd = argv[1]
    if cmd == "probe":
        return probe(argv[2], argv[3])
    if cmd == "waitgroup":
        return waitgroup(float(argv[2]))
    if cmd == "flood":
        return flood(*map(int, argv[2:6]))
    if cmd == "uas":
        return uas(argv[2], int(argv[3]))
    if cmd == "call":
        if len(argv) > 9:
            # COUNT calls, Call-IDs CALL_ID-1 ... CALL_ID-COUNT
            return max(call(argv[2], int(argv[3]), argv[4], int(argv[5]), "%s-%d" % (argv[6], i),
                            int(argv[7]), int(argv[8])) for i in range(1, int(argv[9]) + 1))
        return call(argv[2], int(argv[3]), argv[4], int(argv[5]), argv[6], int(argv[7]),
                    int(argv[8]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
