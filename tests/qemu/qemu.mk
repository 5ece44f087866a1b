# SPDX-License-Identifier: GPL-2.0
# Included by the top Makefile: the stock Debian 12 kernel test (QEMU, TCG, 2 vCPUs).
#   make check-qemu-deb [QEMU_ARGS="--params mode=offload --scenarios counters"]
QEMU_ARGS ?=
.PHONY: check-qemu-deb
check-qemu-deb: module-deb
	@$(TOP)/tests/qemu/run-debian-kernel.sh $(QEMU_ARGS) $(BUILD)/kmod-$(call kid_of,$(DEB_KDIR))/sipoff.ko
