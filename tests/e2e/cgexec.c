/*
 * Writes its own pid into the cgroup.procs file PROCS (unless PROCS is
 * "-"), then executes PATH with the words given; with no PATH it just
 * exits. A host task that puts itself into a container's cgroup, as a
 * runtime does with the child it is about to re-execute.
 * Usage: cgexec PROCS [PATH [ARG]...]
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char pid[32];
	int fd, n;

	if (argc < 2)
		return 2;
	if (strcmp(argv[1], "-")) {
		fd = open(argv[1], O_WRONLY);
		n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
		if (fd < 0 || write(fd, pid, n) != n)
			return 125;
		close(fd);
	}
	if (argc < 3)
		return 0;
	execv(argv[2], argv + 2);
	return 127;
}
