#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the permission flags of uapi/sipoff.yaml are the ones kmod/sipoff_netlink.c sets.

    check-perms.py SPEC NETLINK_C

The generated uapi header carries no flags, so a spec and code that disagree would go
unnoticed: this compares them.  Per operation, each do/dump entry of sipoff_genl_ops[] must
have exactly the spec's flags (admin-perm: GENL_ADMIN_PERM; uns-admin-perm:
GENL_UNS_ADMIN_PERM; none: 0), every operation of the code must be in the spec and the other
way round; per multicast group, uns-admin-perm is GENL_MCAST_CAP_NET_ADMIN (CAP_NET_ADMIN in
the user namespace owning the network namespace) and no flag is 0.  Exit 1 on any difference.
"""
import re
import sys

import yaml

OP_FLAGS = {"admin-perm": "GENL_ADMIN_PERM", "uns-admin-perm": "GENL_UNS_ADMIN_PERM"}
GRP_FLAGS = {"uns-admin-perm": "GENL_MCAST_CAP_NET_ADMIN"}


def c_name(prefix, name):
    return prefix + re.sub(r"[^A-Z0-9]", "_", name.upper())


def flagset(expr):
    return {f.strip() for f in expr.split("|") if f.strip() not in ("", "0")}


def main(spec_path, src_path):
    spec = yaml.safe_load(open(spec_path))
    src = open(src_path).read()
    bad = []

    table = re.search(r"sipoff_genl_ops\[\]\s*=\s*\{(.*?)\n\};", src, re.S)
    if not table:
        print("no sipoff_genl_ops[] in %s" % src_path)
        return 1
    code = {}
    for kind, args in re.findall(r"SIPOFF_GENL_(DO|DUMP)\((.*?)\),?\s*(?=SIPOFF_GENL_|$)",
                                 table.group(1) + "\n", re.S):
        args = [a.strip() for a in args.split(",")]
        code[(args[0], kind.lower())] = flagset(args[-1])
    want = {}
    for op in spec["operations"]["list"]:
        for mode in ("do", "dump"):
            if mode in op:
                flags = op.get("flags", [])
                unknown = [f for f in flags if f not in OP_FLAGS]
                if unknown:
                    bad.append("%s: flag(s) %s have no meaning here" % (op["name"], unknown))
                want[(c_name("SIPOFF_CMD_", op["name"]), mode)] = \
                    {OP_FLAGS[f] for f in flags if f in OP_FLAGS}
    for key in sorted(set(want) | set(code)):
        w, c = want.get(key), code.get(key)
        if w is None:
            bad.append("%s %s: in the code, not in the spec" % key)
        elif c is None:
            bad.append("%s %s: in the spec, not in the code" % key)
        elif w != c:
            bad.append("%s %s: spec %s, code %s" % (key + (sorted(w) or "0", sorted(c) or "0")))
        else:
            print("ok %s %s: %s" % (key + (" | ".join(sorted(c)) or "0",)))

    grps = re.search(r"sipoff_genl_mcgrps\[\]\s*=\s*\{(.*?)\n\};", src, re.S)
    code_grp = {}
    for grp_expr in re.findall(r"\{([^{}]*)\}", grps.group(1) if grps else ""):
        name = re.search(r"\.name\s*=\s*(\w+)", grp_expr)
        flags = re.search(r"\.flags\s*=\s*([^,}]+)", grp_expr)
        if name:
            code_grp[name.group(1)] = flagset(flags.group(1)) if flags else set()
    for grp in spec.get("mcast-groups", {}).get("list", []):
        key = c_name("SIPOFF_MCGRP_", grp["name"])
        flags = grp.get("flags", [])
        unknown = [f for f in flags if f not in GRP_FLAGS]
        if unknown:
            bad.append("group %s: flag(s) %s have no meaning for a group" % (grp["name"], unknown))
        w = {GRP_FLAGS[f] for f in flags if f in GRP_FLAGS}
        c = code_grp.pop(key, None)
        if c is None:
            bad.append("group %s: in the spec, not in the code" % grp["name"])
        elif w != c:
            bad.append("group %s: spec %s, code %s" % (grp["name"], sorted(w) or "0",
                                                         sorted(c) or "0"))
        else:
            print("ok group %s: %s" % (grp["name"], " | ".join(sorted(c)) or "0"))
    for key in code_grp:
        bad.append("group %s: in the code, not in the spec" % key)

    for b in bad:
        print("MISMATCH " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
