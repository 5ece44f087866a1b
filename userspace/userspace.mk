# SPDX-License-Identifier: GPL-2.0
# Userspace tools: sipoffctl and sipoffd, sharing their netlink plumbing (nl.c).
USER_TOOLS += $(BUILD_USER)/sipoffctl $(BUILD_USER)/sipoffd
USER_NL := userspace/nl.c userspace/nl.h uapi/linux/sipoff.h

$(BUILD_USER)/sipoffctl: userspace/sipoffctl.c $(USER_NL) | $(BUILD_USER)
	$(CC) $(USER_CFLAGS) -o $@ $< userspace/nl.c -lmnl

$(BUILD_USER)/sipoffd: userspace/sipoffd.c $(USER_NL) | $(BUILD_USER)
	$(CC) $(USER_CFLAGS) -o $@ $< userspace/nl.c -lmnl -ljansson
