/*
 * fork+exec+wait of PROG, N times; prints the mean in ns. Under QEMU's
 * -icount shift=0 guest time is instruction count, so this is stable.
 * Usage: execbench N PROG
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	char *args[2];
	long long t0;
	int n, i, st;

	if (argc != 3)
		return 2;
	n = atoi(argv[1]);
	args[0] = argv[2];
	args[1] = NULL;
	for (i = -n / 10; i < n; i++) {	/* a tenth as warm-up */
		pid_t p;

		if (i == 0)
			t0 = now();
		p = fork();
		if (p == 0) {
			execv(args[0], args);
			_exit(127);
		}
		if (p < 0 || waitpid(p, &st, 0) < 0 || st)
			return 1;
	}
	printf("%lld\n", (now() - t0) / n);
	return 0;
}
