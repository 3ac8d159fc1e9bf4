/*
 * Executes FILE the ways that leave no path or hide it behind a file
 * descriptor, as an attacker's loader does. Usage: fdexec HOW FILE [ARG]...
 *   memfd:NAME  FILE copied into memfd_create(NAME), fexecve()d
 *   deleted     FILE copied to FILE.tmp, opened, unlinked, fexecve()d
 *   fd          FILE opened and run by execveat(fd, "", AT_EMPTY_PATH)
 *   procfd      FILE opened and run by its /proc/self/fd/N path
 * argv[0] of the new program is FILE; 127 if the exec failed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

static int copy(const char *from, int to)
{
	struct stat st;
	int in = open(from, O_RDONLY | O_CLOEXEC);
	off_t off = 0;

	if (in < 0 || fstat(in, &st))
		return -1;
	while (off < st.st_size)
		if (sendfile(to, in, &off, st.st_size - off) <= 0)
			return -1;
	close(in);
	return 0;
}

int main(int argc, char **argv)
{
	const char *how, *file;
	char tmp[4096], proc[64];
	int fd;

	if (argc < 3)
		return 2;
	how = argv[1];
	file = argv[2];
	argv += 2;
	if (!strncmp(how, "memfd:", 6)) {
		fd = memfd_create(how + 6, MFD_CLOEXEC);
		if (fd < 0 || copy(file, fd))
			return 126;
	} else if (!strcmp(how, "deleted")) {
		snprintf(tmp, sizeof(tmp), "%s.tmp", file);
		fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
		if (fd < 0 || copy(file, fd))
			return 126;
		close(fd);
		fd = open(tmp, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || unlink(tmp))
			return 126;
	} else if (!strcmp(how, "fd") || !strcmp(how, "procfd")) {
		/* no O_CLOEXEC: /proc/self/fd/N must still name it at exec */
		fd = open(file, O_RDONLY);
		if (fd < 0)
			return 126;
		if (!strcmp(how, "procfd")) {
			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
			execve(proc, argv, environ);
			return 127;
		}
	} else {
		return 2;
	}
	syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
	return 127;
}
