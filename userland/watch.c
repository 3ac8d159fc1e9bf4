// SPDX-License-Identifier: GPL-2.0
/*
 * `kwarden watch`: the relay. Joins the events group, prints each finding,
 * optionally raises a syslog alert, accounts for every event it could not
 * get, and follows the module through unloads and reloads.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <linux/genetlink.h>
#include "cli.h"

enum fmt { FMT_JSON, FMT_TEXT };

/*
 * After a batch the relay sleeps this long before it polls again, so a
 * burst of findings costs one wakeup, one receive loop and one write per
 * batch instead of per event: on a busy node the relay's wakeups, not its
 * rendering, were most of what a finding cost. A lone finding is still
 * printed at once; later ones in a burst wait at most this long.
 */
#define KW_BATCH_NS 10000000L

struct watch {
	enum fmt fmt;
	bool use_syslog;
	FILE *out;
	struct nl_sock *sk;
	int family;
	bool gone;		/* the module went away: wait for it */
	bool out_failed;
	unsigned long batch;	/* events in the current batch */
	struct kw_seq seq;
	char host[256];
};

static volatile sig_atomic_t kw_stop;

static void on_signal(int sig)
{
	(void)sig;
	kw_stop = 1;
}

static const struct {
	const char *name;
	int facility;
} facilities[] = {
	{ "authpriv", LOG_AUTHPRIV }, { "auth", LOG_AUTH },
	{ "daemon", LOG_DAEMON }, { "user", LOG_USER },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
};

static int facility_from_name(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++)
		if (!strcasecmp(s, facilities[i].name))
			return facilities[i].facility;
	return -1;
}

/* Buffered: the relay flushes once per batch (see KW_BATCH_NS). */
static void emit_n(struct watch *w, const char *line, size_t len)
{
	if (!line) {
		fprintf(stderr, "kwarden: out of memory rendering an event\n");
		return;
	}
	if (fwrite(line, 1, len, w->out) != len || putc('\n', w->out) == EOF)
		w->out_failed = true;
}

static void emit(struct watch *w, char *line)
{
	emit_n(w, line, line ? strlen(line) : 0);
	free(line);
}

static void flush_out(struct watch *w)
{
	if (fflush(w->out) == EOF)
		w->out_failed = true;
}

static void report_lost(struct watch *w, uint64_t n, const char *why)
{
	fprintf(stderr, "kwarden: lost %llu event(s): %s\n",
		(unsigned long long)n, why);
	if (w->use_syslog)
		syslog(LOG_ERR, "lost=%llu reason=\"%s\"",
		       (unsigned long long)n, why);
	if (w->fmt == FMT_JSON)
		emit(w, kw_render_lost_json(n, why));
	flush_out(w);
}

static void handle_ctrl(struct watch *w, struct nlmsghdr *nlh)
{
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (!genlmsg_valid_hdr(nlh, 0) || gh->cmd != CTRL_CMD_DELFAMILY ||
	    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_NAME] ||
	    strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]),
		   KWARDEN_GENL_NAME))
		return;
	w->gone = true;
}

static void on_msg(struct watch *w, struct nlmsghdr *nlh)
{
	struct kw_event ev;
	uint64_t gap;

	if (nlh->nlmsg_type == GENL_ID_CTRL) {
		handle_ctrl(w, nlh);
		return;
	}
	if (nlh->nlmsg_type != w->family || kw_event_parse(nlh, &ev) < 0)
		return;
	w->batch++;
	gap = kw_seq_update(&w->seq, ev.seq);
	if (gap)
		report_lost(w, gap, "gap in the kernel's event sequence");
	if (w->fmt == FMT_JSON) {
		size_t len = 0;
		const char *line = kw_render_json(&ev, w->host, &len);

		emit_n(w, line, len);
	} else {
		emit(w, kw_render_text(&ev));
	}
	if (w->use_syslog) {
		char *line = kw_render_syslog(&ev);

		if (line) {
			syslog(ev.action == KWARDEN_ACTION_BLOCKED ?
			       LOG_CRIT : LOG_WARNING, "%s", line);
			free(line);
		}
	}
}

/*
 * Reads up to KW_RECV_BATCH datagrams per system call, each holding one or
 * more events. Only the kernel (port 0) is listened to; a datagram cut
 * short by its buffer is counted by the sequence gaps it leaves. Stops
 * early when interrupted, unless @final. Returns 0 when the socket is
 * drained, or -errno.
 */
#define KW_RECV_BATCH 16
/* > the largest datagram: a batch (8 KiB) or one long event (30 KiB) */
#define KW_RECV_SIZE (64 * 1024)

static int drain(struct watch *w, bool final)
{
	static char bufs[KW_RECV_BATCH][KW_RECV_SIZE];
	struct sockaddr_nl from[KW_RECV_BATCH];
	struct mmsghdr mm[KW_RECV_BATCH];
	struct iovec iov[KW_RECV_BATCH];
	int fd = nl_socket_get_fd(w->sk);
	/* a final read is bounded even if the kernel keeps sending */
	int rounds = final ? 64 : -1;
	int i, n;

	while ((final || !kw_stop) && !w->out_failed && !w->gone &&
	       rounds-- != 0) {
		for (i = 0; i < KW_RECV_BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = sizeof(bufs[i]);
			mm[i].msg_hdr = (struct msghdr){
				.msg_name = &from[i],
				.msg_namelen = sizeof(from[i]),
				.msg_iov = &iov[i],
				.msg_iovlen = 1,
			};
		}
		n = recvmmsg(fd, mm, KW_RECV_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
		for (i = 0; i < n; i++) {
			struct nlmsghdr *nlh = (struct nlmsghdr *)bufs[i];
			int len = (int)mm[i].msg_len;

			if (from[i].nl_pid != 0 ||
			    (mm[i].msg_hdr.msg_flags & MSG_TRUNC))
				continue;
			for (; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len))
				on_msg(w, nlh);
		}
	}
	return 0;
}

/* Joins the events group; false when the family is not there. */
static bool subscribe(struct watch *w)
{
	struct nl_sock *ctl = nl_socket_alloc();
	int grp = -1, notify = -1;

	if (!ctl)
		return false;
	if (genl_connect(ctl) == 0) {
		w->family = genl_ctrl_resolve(ctl, KWARDEN_GENL_NAME);
		if (w->family >= 0)
			grp = genl_ctrl_resolve_grp(ctl, KWARDEN_GENL_NAME,
						    KWARDEN_MCGRP_EVENTS);
		notify = genl_ctrl_resolve_grp(ctl, "nlctrl", "notify");
	}
	nl_socket_free(ctl);
	if (notify >= 0)
		nl_socket_add_membership(w->sk, notify);
	if (w->family < 0 || grp < 0)
		return false;
	if (nl_socket_add_membership(w->sk, grp) < 0) {
		fprintf(stderr, "kwarden: cannot join the events group: %s (needs CAP_SYS_ADMIN)\n",
			strerror(errno));
		exit(KW_EXIT_ERROR);
	}
	/* The kernel's sequence restarts with the module. */
	memset(&w->seq, 0, sizeof(w->seq));
	w->gone = false;
	return true;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: kwarden watch [--format json|text] [--syslog] [--facility NAME]\n"
		"                     [--output FILE] [--rcvbuf BYTES]\n"
		"Prints every finding of kwarden.ko, one per line, until interrupted.\n"
		"  --format json|text  JSON lines (default) or a line for people\n"
		"  --syslog            also raise a syslog alert per finding (warning;\n"
		"                      crit when blocked), ident kwarden\n"
		"  --facility NAME     syslog facility (default authpriv)\n"
		"  --output FILE       append to FILE instead of stdout\n"
		"  --rcvbuf BYTES      socket receive buffer (default 4194304)\n"
		"Lost events are reported on stderr, to syslog and as {\"lost\":N}.\n");
}

int kw_cmd_watch(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "syslog", no_argument, NULL, 's' },
		{ "facility", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "rcvbuf", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct watch w = { .fmt = FMT_JSON, .out = stdout, .family = -1 };
	int facility = LOG_AUTHPRIV, c, rcvbuf = 4 << 20;
	struct sigaction sa = { .sa_handler = on_signal };
	char *end;

	while ((c = getopt_long(argc, argv, "f:sF:o:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "json")) {
				w.fmt = FMT_JSON;
			} else if (!strcmp(optarg, "text")) {
				w.fmt = FMT_TEXT;
			} else {
				fprintf(stderr, "kwarden: unknown format '%s'\n", optarg);
				return KW_EXIT_USAGE;
			}
			break;
		case 's':
			w.use_syslog = true;
			break;
		case 'F':
			facility = facility_from_name(optarg);
			if (facility < 0) {
				fprintf(stderr, "kwarden: unknown facility '%s'\n", optarg);
				return KW_EXIT_USAGE;
			}
			break;
		case 'o':
			w.out = fopen(optarg, "a");
			if (!w.out) {
				fprintf(stderr, "kwarden: %s: %s\n", optarg, strerror(errno));
				return KW_EXIT_ERROR;
			}
			break;
		case 'r':
			errno = 0;
			rcvbuf = (int)strtol(optarg, &end, 10);
			if (errno || *end || rcvbuf < 65536) {
				fprintf(stderr, "kwarden: --rcvbuf wants bytes >= 65536\n");
				return KW_EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return KW_EXIT_OK;
		default:
			usage(stderr);
			return KW_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return KW_EXIT_USAGE;
	}
	setvbuf(w.out, NULL, _IOFBF, 1 << 16);
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (gethostname(w.host, sizeof(w.host) - 1))
		strcpy(w.host, "");

	w.sk = nl_socket_alloc();
	if (!w.sk || genl_connect(w.sk) < 0) {
		fprintf(stderr, "kwarden: cannot open a generic netlink socket\n");
		return KW_EXIT_ERROR;
	}
	nl_socket_set_buffer_size(w.sk, rcvbuf, 0);
	nl_socket_set_nonblocking(w.sk);
	if (!subscribe(&w)) {
		fprintf(stderr, "kwarden: kernel module not loaded (generic netlink family '%s' not found)\n",
			KWARDEN_GENL_NAME);
		nl_socket_free(w.sk);
		return KW_EXIT_NOMODULE;
	}
	if (w.use_syslog)
		openlog("kwarden", LOG_PID, facility);

	while (!kw_stop && !w.out_failed) {
		struct pollfd pfd = { .fd = nl_socket_get_fd(w.sk),
				      .events = POLLIN };
		int ret = poll(&pfd, 1, 1000);
		uint64_t gap;

		if (ret < 0 && errno != EINTR)
			break;
		/* Idle for a second: whatever is still missing is lost. */
		if (ret == 0 && !w.gone &&
		    (gap = kw_seq_settle(&w.seq, w.seq.last)))
			report_lost(&w, gap, "gap in the kernel's event sequence");
		if (w.gone && !kw_stop) {
			if (subscribe(&w))
				fprintf(stderr, "kwarden: module is back, watching\n");
			else
				continue;
		}
		if (ret <= 0)
			continue;
		/* Drain what is queued: one wakeup per burst, not per event. */
		w.batch = 0;
		ret = drain(&w, false);
		flush_out(&w);
		if (ret == -ENOBUFS) {
			/* The socket overflowed; sequence gaps count it. */
			fprintf(stderr, "kwarden: receive buffer overrun (raise --rcvbuf)\n");
		} else if (ret < 0) {
			fprintf(stderr, "kwarden: receive: %s\n", strerror(-ret));
		}
		if (w.gone)
			fprintf(stderr, "kwarden: module unloaded, waiting for it\n");
		if (w.batch && !kw_stop) {
			struct timespec ts = { 0, KW_BATCH_NS };

			nanosleep(&ts, NULL);
		}
	}
	/* Events dropped after the last one received leave no gap to see. */
	if (!w.gone && w.seq.started) {
		uint64_t last = 0, gap;

		/*
		 * The kernel sends what it still holds before it answers:
		 * read that too, then count what never came.
		 */
		if (!kw_last_seq(&last)) {
			drain(&w, true);
			gap = kw_seq_settle(&w.seq, last);
			if (gap)
				report_lost(&w, gap, "dropped before the relay stopped");
		}
	}
	flush_out(&w);
	nl_socket_free(w.sk);
	if (w.use_syslog)
		closelog();
	if (w.out != stdout)
		fclose(w.out);
	return KW_EXIT_OK;
}
