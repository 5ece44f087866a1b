#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A caller that answers nothing inside its dialog: INVITE, the 200, ACK; then, for SECONDS, it
reads and ignores every request (counting the copies of each method) and prints the counts.

    dlg_uac_deaf.py LOCAL_IP LOCAL_PORT REMOTE_IP REMOTE_PORT CALL_ID [SECONDS]
"""
import socket
import sys
import time

lip, lport, rip, rport, cid = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
secs = float(sys.argv[6]) if len(sys.argv) > 6 else 5.0
fam = socket.AF_INET6 if ":" in lip else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.bind((lip, lport))
s.settimeout(0.2)


def msg(start, branch, to_tag, method):
    return ("%s\r\nVia: SIP/2.0/UDP %s:%d;branch=z9hG4bK-deaf%s\r\n"
            "From: \"Alice\" <sip:alice@%s:%d>;tag=deafA\r\n"
            "To: <sip:bob@%s:%d>%s\r\nCall-ID: %s\r\nCSeq: 1 %s\r\n"
            "Contact: <sip:alice@%s:%d>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
            % (start, lip, lport, branch, lip, lport, rip, rport, to_tag, cid, method,
               lip, lport)).encode()


s.sendto(msg("INVITE sip:bob@%s:%d SIP/2.0" % (rip, rport), "1", "", "INVITE"), (rip, rport))
tag, end = None, time.time() + 5
while tag is None and time.time() < end:
    try:
        m = s.recv(65535).decode()
    except socket.timeout:
        continue
    if m.startswith("SIP/2.0 200"):
        to = [l for l in m.split("\r\n") if l.lower().startswith("to:")][0]
        tag = to.split("tag=")[1].split(";")[0].strip()
if tag is None:
    sys.exit("no 200 to the INVITE")
s.sendto(msg("ACK sip:bob@%s:%d SIP/2.0" % (rip, rport), "2", ";tag=" + tag, "ACK"), (rip, rport))
seen, end = {}, time.time() + secs
while time.time() < end:
    try:
        m = s.recv(65535)
    except socket.timeout:
        continue
    meth = m.split(b" ", 1)[0].decode(errors="replace")
    seen[meth] = seen.get(meth, 0) + 1
print(" ".join("%s %d" % kv for kv in sorted(seen.items())) or "nothing")
