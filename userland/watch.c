// SPDX-License-Identifier: GPL-2.0
/*
 * `kwarden watch`: the relay. Joins the events group, prints each finding,
 * optionally raises a syslog alert, accounts for every event it could not
 * get, and follows the module through unloads and reloads.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include "agent.h"
#include "cli.h"
#include "containers.h"
#include "ipc.h"
#include "render.h"
#include "seq.h"

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
	struct kw_sub *sub;
	bool out_failed;
	unsigned long batch;	/* events in the current batch */
	struct kw_seq seq;
	struct kw_containers *ctx;	/* NULL with --no-context */
	uint64_t swept;		/* when the context cache was last swept */
	struct kw_agent *agent;	/* NULL with --no-agent */
	/* the last input on the events socket, or the last settling */
	uint64_t events_at;
	uint64_t joined_at;	/* the last try to join again */
	char host[256];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* At most once a second: forget containers whose state is gone. */
static void sweep_context(struct watch *w)
{
	uint64_t now;

	if (!w->ctx)
		return;
	now = now_ns();
	if (now - w->swept < 1000000000ULL)
		return;
	w->swept = now;
	kw_containers_sweep(w->ctx, now, 256);
}

/* No input for this long: the relay settles the books (kw_seq_settle). */
#define KW_IDLE_NS 1000000000ULL

/* Until the next idle settling (or join), or the agent's next run. */
static int poll_timeout(const struct watch *w, uint64_t now)
{
	uint64_t from = kw_ipc_sub_gone(w->sub) ? w->joined_at : w->events_at;
	uint64_t left = from + KW_IDLE_NS > now ? from + KW_IDLE_NS - now : 0;
	int ms = (int)((left + 999999) / 1000000), a;

	if (w->agent && (a = kw_agent_timeout_ms(w->agent, now)) < ms)
		ms = a;
	return ms;
}

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

static void on_event(const struct kw_event *kev, void *arg)
{
	struct watch *w = arg;
	struct kw_event e = *kev, *ev = &e;
	uint64_t gap;

	/*
	 * Read now or cached, never waited for: a container already gone
	 * is reported without its context.
	 */
	ev->host = w->host;
	kw_containers_annotate(w->ctx, ev, now_ns());
	w->batch++;
	gap = kw_seq_update(&w->seq, ev->seq);
	if (gap)
		report_lost(w, gap, "gap in the kernel's event sequence");
	if (w->fmt == FMT_JSON) {
		size_t len = 0;
		const char *line = kw_render_json(ev, w->host, &len);

		emit_n(w, line, len);
	} else {
		emit(w, kw_render_text(ev));
	}
	if (w->use_syslog) {
		char *line = kw_render_syslog(ev);

		if (line) {
			syslog(ev->action == KWARDEN_ACTION_BLOCKED ?
			       LOG_CRIT : LOG_WARNING, "%s", line);
			free(line);
		}
	}
}

/* Between reads: stop on a signal (unless @final) or a failed output. */
static bool should_stop(void *arg, bool final)
{
	struct watch *w = arg;

	return w->out_failed || (!final && kw_stop);
}

/*
 * Joins the events group: true when joined, false when the module is not
 * there; exits when joining is refused.
 */
static bool subscribe(struct watch *w)
{
	int err = kw_ipc_sub_join(w->sub);

	if (err == -ENOENT)
		return false;
	if (err) {
		fprintf(stderr, "kwarden: cannot join the events group: %s (needs CAP_SYS_ADMIN)\n",
			strerror(-err));
		exit(KW_EXIT_ERROR);
	}
	/* The kernel's sequence restarts with the module. */
	memset(&w->seq, 0, sizeof(w->seq));
	return true;
}

static void usage(FILE *f, const struct kw_containers *ctx)
{
	fprintf(f,
		"Usage: kwarden watch [--format json|text] [--syslog] [--facility NAME]\n"
		"                     [--output FILE] [--rcvbuf BYTES]\n"
		"                     [--runtime-root KIND=PATH]... [--context-cache N]\n"
		"                     [--no-context] [--no-agent]\n"
		"Prints every finding of kwarden.ko, one per line, until interrupted.\n"
		"  --format json|text  JSON lines (default) or a line for people\n"
		"  --syslog            also raise a syslog alert per finding (warning;\n"
		"                      crit when blocked), ident kwarden\n"
		"  --facility NAME     syslog facility (default authpriv)\n"
		"  --output FILE       append to FILE instead of stdout\n"
		"  --rcvbuf BYTES      socket receive buffer (default 4194304)\n"
		"  --runtime-root KIND=PATH\n"
		"                      where a runtime keeps its state, for the container's\n"
		"                      name, image and pod; KIND is runc, crun, containerd,\n"
		"                      storage or docker; the first of a kind replaces its\n"
		"                      defaults; a last component \"*\" means every directory\n"
		"                      in the parent (containerd's namespaces)\n"
		"  --context-cache N   containers whose context is kept (default 4096)\n"
		"  --no-context        do not read the runtimes' state (implies --no-agent)\n"
		"  --no-agent          do not send the kernel the workload table: workload\n"
		"                      exceptions then see every container as unknown\n"
		"Lost events are reported on stderr, to syslog and as {\"lost\":N}.\n"
		"Runtime roots:\n");
	if (ctx)
		kw_containers_print_roots(ctx, f);
	fprintf(f,
		"Once subscribed it says \"kwarden: watching\" on stderr: every finding\n"
		"from then on is printed or counted as lost.\n");
}

int kw_cmd_watch(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "syslog", no_argument, NULL, 's' },
		{ "facility", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "rcvbuf", required_argument, NULL, 'r' },
		{ "runtime-root", required_argument, NULL, 'R' },
		{ "context-cache", required_argument, NULL, 'C' },
		{ "no-context", no_argument, NULL, 'N' },
		{ "no-agent", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct watch w = { .fmt = FMT_JSON, .out = stdout };
	const struct kw_sub_ops ops = {
		.event = on_event, .stop = should_stop, .arg = &w,
	};
	int facility = LOG_AUTHPRIV, c, rcvbuf = 4 << 20, err;
	struct kw_containers *roots = kw_containers_new(0);
	size_t entries;
	bool no_context = false, no_agent = false;
	/*
	 * SA_RESTART: a write blocked on a slow reader completes before the
	 * relay stops, instead of losing what it had received. poll() and
	 * nanosleep() still return at once on the signal.
	 */
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	char *end;

	if (!roots) {
		fprintf(stderr, "kwarden: out of memory\n");
		return KW_EXIT_ERROR;
	}
	while ((c = getopt_long(argc, argv, "f:sF:o:r:R:C:NAh", opts, NULL)) != -1) {
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
		case 'R':
			err = kw_containers_add_root_spec(roots, optarg);
			if (err) {
				fprintf(stderr, "kwarden: --runtime-root %s: %s\n", optarg,
					err == -ENOSPC ? "too many roots" :
					"wants KIND=/absolute/path, KIND one of runc, crun, containerd, storage, docker");
				kw_containers_free(roots);
				return KW_EXIT_USAGE;
			}
			break;
		case 'C':
			errno = 0;
			entries = strtoul(optarg, &end, 10);
			if (errno || *end || !entries || entries > 1000000) {
				fprintf(stderr, "kwarden: --context-cache wants 1 to 1000000 containers\n");
				kw_containers_free(roots);
				return KW_EXIT_USAGE;
			}
			if (kw_containers_set_max(roots, entries)) {
				fprintf(stderr, "kwarden: out of memory\n");
				kw_containers_free(roots);
				return KW_EXIT_ERROR;
			}
			break;
		case 'N':
			no_context = true;
			break;
		case 'A':
			no_agent = true;
			break;
		case 'h':
			usage(stdout, roots);
			kw_containers_free(roots);
			return KW_EXIT_OK;
		default:
			usage(stderr, roots);
			kw_containers_free(roots);
			return KW_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr, NULL);
		kw_containers_free(roots);
		return KW_EXIT_USAGE;
	}
	if (no_context) {
		kw_containers_free(roots);
	} else {
		w.ctx = roots;
		if (!no_agent && !(w.agent = kw_agent_new(roots))) {
			fprintf(stderr, "kwarden: out of memory\n");
			kw_containers_free(roots);
			return KW_EXIT_ERROR;
		}
	}
	setvbuf(w.out, NULL, _IOFBF, 1 << 16);
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (gethostname(w.host, sizeof(w.host) - 1))
		strcpy(w.host, "");

	w.sub = kw_ipc_sub_open(rcvbuf, &err);
	if (!w.sub) {
		fprintf(stderr, "kwarden: cannot open a generic netlink socket: %s\n",
			strerror(-err));
		return KW_EXIT_ERROR;
	}
	if (!subscribe(&w)) {
		kw_ipc_sub_close(w.sub);
		return kw_fail("watch", -ENOENT);
	}
	if (w.use_syslog)
		openlog("kwarden", LOG_PID, facility);
	/* what a supervisor or a test waits for instead of sleeping */
	fprintf(stderr, "kwarden: watching\n");

	w.events_at = w.joined_at = now_ns();
	while (!kw_stop && !w.out_failed) {
		bool gone = kw_ipc_sub_gone(w.sub);
		/* while the module is gone only its return is waited for */
		struct pollfd pfd[2] = {
			{ .fd = gone ? -1 : kw_ipc_sub_fd(w.sub), .events = POLLIN },
			{ .fd = w.agent ? kw_agent_fd(w.agent) : -1, .events = POLLIN },
		};
		int ret = poll(pfd, 2, poll_timeout(&w, now_ns()));
		bool input = ret > 0 && pfd[0].revents;
		bool agent_ready = ret > 0 && pfd[1].revents;
		uint64_t gap, now;

		if (ret < 0 && errno != EINTR)
			break;
		now = now_ns();
		sweep_context(&w);
		/*
		 * Idle for a second: whatever is still missing is lost. The
		 * agent wakes the relay more often than that, so idle is
		 * measured, not taken from poll's timeout.
		 */
		if (input) {
			w.events_at = now;
		} else if (!gone && now - w.events_at >= KW_IDLE_NS) {
			w.events_at = now;
			if ((gap = kw_seq_settle(&w.seq, w.seq.last)))
				report_lost(&w, gap, "gap in the kernel's event sequence");
		}
		if (gone && !kw_stop && now - w.joined_at >= KW_IDLE_NS) {
			w.joined_at = now;
			if (subscribe(&w)) {
				fprintf(stderr, "kwarden: module is back, watching\n");
				w.events_at = now;
			}
		}
		if (input && !kw_ipc_sub_gone(w.sub)) {
			/* Drain what is queued: one wakeup per burst, not per event. */
			w.batch = 0;
			ret = kw_ipc_sub_read(w.sub, &ops, false);
			flush_out(&w);
			if (ret == -ENOBUFS) {
				/* The socket overflowed; sequence gaps count it. */
				fprintf(stderr, "kwarden: receive buffer overrun (raise --rcvbuf)\n");
			} else if (ret < 0) {
				fprintf(stderr, "kwarden: receive: %s\n", strerror(-ret));
			}
			if (kw_ipc_sub_gone(w.sub)) {
				fprintf(stderr, "kwarden: module unloaded, waiting for it\n");
				w.joined_at = now;
			}
			if (w.batch && !kw_stop) {
				struct timespec ts = { 0, KW_BATCH_NS };

				nanosleep(&ts, NULL);
			}
		}
		/* after the events: the agent's work never delays a batch */
		if (w.agent && !kw_stop)
			kw_agent_run(w.agent, now_ns(), agent_ready);
	}
	/* Events dropped after the last one received leave no gap to see. */
	if (!kw_ipc_sub_gone(w.sub) && w.seq.started) {
		struct kw_status st;
		uint64_t gap;

		/*
		 * The kernel sends what it still holds before it answers:
		 * read that too, then count what never came.
		 */
		if (!kw_ipc_status(&st)) {
			kw_ipc_sub_read(w.sub, &ops, true);
			gap = kw_seq_settle(&w.seq, st.last_seq);
			if (gap)
				report_lost(&w, gap, "dropped before the relay stopped");
		}
	}
	flush_out(&w);
	kw_ipc_sub_close(w.sub);
	kw_agent_free(w.agent);
	kw_containers_free(w.ctx);
	if (w.use_syslog)
		closelog();
	if (w.out != stdout)
		fclose(w.out);
	return KW_EXIT_OK;
}
