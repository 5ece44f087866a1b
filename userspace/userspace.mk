# SPDX-License-Identifier: GPL-2.0
# Userspace tools: sipoffctl and sipoffd, sharing their netlink plumbing (nl.c); their man pages
# (scdoc sources in docs/man/).  TOOLS_CFLAGS / TOOLS_LDFLAGS: extra flags (debian/rules passes
# dpkg-buildflags' hardening flags).
USER_TOOLS += $(BUILD_USER)/sipoffctl $(BUILD_USER)/sipoffd
USER_NL := userspace/nl.c userspace/nl.h uapi/linux/sipoff.h debian/changelog
TOOLS_CFLAGS ?=
TOOLS_LDFLAGS ?=

$(BUILD_USER)/sipoffctl: userspace/sipoffctl.c $(USER_NL) | $(BUILD_USER)
	$(CC) $(USER_CFLAGS) $(TOOLS_CFLAGS) -o $@ $< userspace/nl.c $(TOOLS_LDFLAGS) -lmnl

$(BUILD_USER)/sipoffd: userspace/sipoffd.c $(USER_NL) | $(BUILD_USER)
	$(CC) $(USER_CFLAGS) $(TOOLS_CFLAGS) -o $@ $< userspace/nl.c $(TOOLS_LDFLAGS) -lmnl -ljansson -lsystemd

# man pages: docs/man/NAME.SECTION.scd -> build/man/NAME.SECTION
MAN_SRC   := $(wildcard docs/man/*.scd)
MAN_PAGES := $(patsubst docs/man/%.scd,$(BUILD)/man/%,$(MAN_SRC))
$(BUILD)/man/%: docs/man/%.scd
	@mkdir -p $(dir $@)
	scdoc <$< >$@

.PHONY: man
man: $(MAN_PAGES)
tools: $(USER_TOOLS) man
