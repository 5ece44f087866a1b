# SPDX-License-Identifier: GPL-2.0
# `make bench`: the helpers tests/bench.sh runs inside the bench kernel, and every benchmark
# binary in $(BENCHES) (fragments of other parts append to it).

BENCH_TOOLS := $(BUILD_USER)/bench/udp_blast

$(BUILD_USER)/bench/udp_blast: tests/bench/udp_blast.c tests/bench/bench.mk
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -o $@ $<

# `bench: user` is in the top Makefile; the benchmark binaries come on top.  BENCHES is read
# when the recipe runs (fragments included after this one append to it too).
.PHONY: bench-bins
bench-bins: $(BENCH_TOOLS)
	@$(if $(strip $(BENCHES)),$(MAKE) --no-print-directory $(BENCHES),true)
bench: bench-bins
