# SPDX-License-Identifier: GPL-2.0
# Userspace tools: sipoffctl and sipoffd.
USER_TOOLS += $(BUILD_USER)/sipoffctl $(BUILD_USER)/sipoffd

$(BUILD_USER)/sipoffctl: userspace/sipoffctl.c uapi/linux/sipoff.h | $(BUILD_USER)
	$(CC) $(USER_CFLAGS) -o $@ $< -lmnl

$(BUILD_USER)/sipoffd: userspace/sipoffd.c uapi/linux/sipoff.h | $(BUILD_USER)
	$(CC) $(USER_CFLAGS) -o $@ $< -lmnl -ljansson
