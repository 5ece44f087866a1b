# SPDX-License-Identifier: GPL-2.0
#
# sipoff: top-level Makefile.
#
#   make                  module (against KDIR) + userspace tools
#   make run              from nothing: install what is missing, build the test kernel, load
#                         sipoff in it, run a sipp call, show /proc and config
#   make tools            sipoffctl and sipoffd only (what the packages ship), and the man pages
#   make deb              Debian packages sipoff-dkms and sipoff-tools in build/deb/
#   make check            install what is missing, build everything, run every test suite
#   make bench            benchmarks (ratios measured in one run)
#   make fuzz FUZZ_SECONDS=N   run every fuzzer (parser, transaction/dialog state) N seconds each
#
# KDIR defaults to the running kernel's build tree where it exists, else the cached UML test
# kernel.  Each target kernel builds in its own directory under build/ so objects of one kernel
# never overwrite another's.

TOP        := $(CURDIR)
BUILD      := $(TOP)/build
CACHE      ?= $(or $(SIPOFF_CACHE),$(HOME)/.cache/sipoff)
export SIPOFF_CACHE := $(CACHE)

UML_KDIR   := $(shell SIPOFF_CACHE=$(CACHE) $(TOP)/tests/kernel/build-uml.sh debug --path 2>/dev/null)
DEB_KDIR   := $(firstword $(wildcard /usr/src/linux-headers-*-amd64))
HOST_KDIR  := $(wildcard /lib/modules/$(shell uname -r)/build)
KDIR       ?= $(if $(HOST_KDIR),$(HOST_KDIR),$(UML_KDIR))
# The kernel source (for kselftest_harness.h, checkpatch, ynl-gen, kunit.py): the tree the UML
# kernel is built from.
KSRC       := $(shell SIPOFF_CACHE=$(CACHE) $(TOP)/tests/kernel/build-uml.sh debug --src 2>/dev/null)

# The one version of the module, the tools and the packages: debian/changelog's upstream version.
SIPOFF_VERSION ?= $(shell sed -n '1{s/.*[(]//;s/-[^-]*[)].*//;p;}' $(TOP)/debian/changelog)

CC         ?= gcc
CLANG      ?= clang
USER_CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11 -I$(TOP)/kmod -I$(TOP)/uapi \
	       -DSIPOFF_VERSION='"$(SIPOFF_VERSION)"'
BUILD_USER := $(BUILD)/user

# Per-kernel module build: KID names the kernel (its build tree's directory), the sources are mirrored into
# $(BUILD)/kmod-$(KID) and built there with M=.
kid_of      = $(notdir $(realpath $(1)))
arch_of     = $(if $(shell grep -s '^CONFIG_UML=y' $(1)/.config),um,x86)
MOD_SOURCES := Kbuild $(wildcard kmod/*.c kmod/*.h uapi/linux/*.h tests/kunit/*.c tests/kunit/*.h tests/kunit/*.sh tests/kunit/*.kbuild tests/corpus/*/*.dat)

.PHONY: all module module-uml module-deb user tools run check bench fuzz clean uml-kernel help
all: module user

help:
	@sed -n '3,12p' Makefile

# $(call build_module,KDIR,extra make args[,build directory prefix (default kmod-)])
define build_module
	@set -e; kid='$(call kid_of,$(1))'; [ -n "$$kid" ] || { echo "no kernel build tree at '$(1)' (make uml-kernel, or KDIR=...)" >&2; exit 1; }; \
	out=$(BUILD)/$(or $(3),kmod-)$$kid; mkdir -p $$out; \
	cp -u -p --parents $(MOD_SOURCES) $$out/; \
	$(MAKE) -C $(1) ARCH=$(call arch_of,$(1)) M=$$out SIPOFF_TOP=$(TOP) SIPOFF_VERSION=$(SIPOFF_VERSION) $(2) modules; \
	echo "module: $$out/sipoff.ko"
endef

module:
	$(call build_module,$(KDIR),)

# Where the module built against the UML test kernel lands (for the scripts).
.PHONY: kmoddir-uml
kmoddir-uml:
	@echo $(BUILD)/kmod-$(call kid_of,$(UML_KDIR))

uml-kernel:
	@$(TOP)/tests/kernel/build-uml.sh debug >/dev/null

module-uml: uml-kernel
	$(call build_module,$(UML_KDIR),)

module-deb:
	$(call build_module,$(DEB_KDIR),W=1)

# The same headers with the dialog benchmark's entry points (SIPOFF_BENCH=1, no KUnit), in a
# directory of their own (build/bench-kmod-<kid>) so module-deb stays a production build; for
# tests/bench/dlg-kvm.sh.
.PHONY: module-deb-bench
module-deb-bench:
	$(call build_module,$(DEB_KDIR),W=1 SIPOFF_NO_KUNIT=1 SIPOFF_BENCH=1,bench-kmod-)

# Userspace: tools and tests, from fragments each part of the project owns.
USER_TOOLS :=
UNIT_TESTS :=
BENCHES    :=
FUZZERS    :=
SELFTESTS  :=
-include userspace/*.mk tests/*/*.mk

user: $(USER_TOOLS) $(UNIT_TESTS) $(SELFTESTS)

$(BUILD_USER):
	@mkdir -p $@

# From nothing: the packages (tests/install-deps.sh, as make check), the UML test kernel (its
# progress on stderr), the module and tools for it, then the demo.  A sub-make, so that the
# kernel's paths are looked up again once the packages are in.
run:
	@$(TOP)/tests/install-deps.sh
	@$(TOP)/tests/kernel/build-uml.sh debug >/dev/null
	@$(MAKE) --no-print-directory module-uml user
	@$(TOP)/tests/run.sh

check:
	@$(TOP)/tests/check.sh

# Debian packages (debhelper, dh-dkms) built from a copy of the tree in build/deb/src, so the
# .deb, .changes and .buildinfo files land in build/deb/.
DEB_TREE := Makefile Kbuild debian kmod uapi userspace docs/man
.PHONY: deb
deb:
	@rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb/src
	@cp -a --parents $(DEB_TREE) $(BUILD)/deb/src/
	cd $(BUILD)/deb/src && dpkg-buildpackage -b -us -uc --no-sign
	@ls -1 $(BUILD)/deb/*.deb

bench: user
	@$(TOP)/tests/bench.sh

clean:
	rm -rf $(BUILD)
