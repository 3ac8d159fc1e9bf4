/*
 * Executes PATH with an argv[0] of N bytes ('A's) and the words given;
 * a word "@K" stands for K bytes of 'B'. What an attacker does to push a
 * verb past what an argv condition reads.
 * Usage: argvexec PATH N [WORD|@K]...
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *filler(size_t n, char c)
{
	char *s = malloc(n + 1);

	if (!s)
		exit(126);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

int main(int argc, char **argv)
{
	char **args;
	int i;

	if (argc < 3)
		return 2;
	args = calloc(argc, sizeof(*args));
	if (!args)
		return 126;
	args[0] = filler(strtoul(argv[2], NULL, 10), 'A');
	for (i = 3; i < argc; i++)
		args[i - 2] = argv[i][0] == '@' ?
			filler(strtoul(argv[i] + 1, NULL, 10), 'B') : argv[i];
	execv(argv[1], args);
	return 127;
}
