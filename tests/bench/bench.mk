# SPDX-License-Identifier: GPL-2.0
# `make bench`: udp_blast (what tests/bench.sh runs inside the bench kernel) and every other
# binary in $(BENCHES) (fragments of other parts append to it; tests/bench.sh runs each
# build/user/bench/bench_*).

BENCHES += $(BUILD_USER)/bench/udp_blast

$(BUILD_USER)/bench/udp_blast: tests/bench/udp_blast.c tests/bench/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<

# `bench: user` is in the top Makefile; the benchmark binaries come on top.  BENCHES is read
# when the recipe runs, so fragments included after this one count too.
.PHONY: bench-bins
bench-bins:
	@$(MAKE) --no-print-directory $(BENCHES)
bench: bench-bins

# The dialog table's benchmark on Debian 6.1 under QEMU/KVM alone (section 5 of tests/bench.sh).
.PHONY: bench-dlg-kvm
bench-dlg-kvm: user
	@$(TOP)/tests/bench/dlg-kvm.sh
