// SPDX-License-Identifier: GPL-2.0
/* `kwarden mode`: show the mode, or set it to detect or enforce. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "ipc.h"

int kw_cmd_mode(int argc, char **argv)
{
	uint8_t mode;
	int err;

	if (argc == 1)
		return kw_cmd_status(1, (char *[]){ "status", NULL });
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("Usage: kwarden mode [detect|enforce]\n"
		       "detect reports findings; enforce also fails their exec with EPERM.\n"
		       "Changing it needs CAP_NET_ADMIN in the initial user namespace.\n");
		return KW_EXIT_OK;
	}
	if (!strcmp(argv[1], "detect")) {
		mode = KWARDEN_MODE_DETECT;
	} else if (!strcmp(argv[1], "enforce")) {
		mode = KWARDEN_MODE_ENFORCE;
	} else {
		fprintf(stderr, "Usage: kwarden mode [detect|enforce]\n");
		return KW_EXIT_USAGE;
	}
	err = kw_ipc_set_mode(mode);
	return err ? kw_fail("mode", err) : KW_EXIT_OK;
}
