// SPDX-License-Identifier: GPL-2.0
/*
 * The relay's workload agent (userland/agent.c) against a fake kernel:
 * the ipc.h calls it makes are defined here, so what it sends, when, and
 * how it follows a policy that changes under it are seen exactly, on
 * state roots laid out in a temporary directory.
 */
#include <check.h>
#include "run_suite.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "agent.h"
#include "ipc.h"
#include "policy_file.h"
#include "state_tree.h"

#define ID_A "aaaa000000000000000000000000000000000000000000000000000000000001"
#define ID_B "bbbb000000000000000000000000000000000000000000000000000000000002"
#define MS 1000000ULL
#define SEC (1000 * MS)

/* The fake kernel. */
static struct {
	bool loaded;
	uint64_t gen;
	const char *policy;		/* its text */
	bool stale_once;		/* the policy changes under the next set */
	unsigned int sends, stale;
	uint64_t sent_gen;
	struct kw_wl_item table[8];
	size_t n;
	bool set;			/* a table was set since load */
} k;

int kw_ipc_status(struct kw_status *st)
{
	memset(st, 0, sizeof(*st));
	if (!k.loaded)
		return -ENOENT;
	st->policy_gen = k.gen;
	st->workloads = k.set && k.sent_gen == k.gen ? (uint32_t)k.n : 0;
	st->workloads_age_ms = k.set ? 0 : UINT64_MAX;
	return 0;
}

int kw_ipc_policy_get_gen(struct kw_ruleset **out, const char **why,
			  uint64_t *gen)
{
	static char err[256];

	if (!k.loaded)
		return -ENOENT;
	*out = kw_policy_parse("fake", k.policy, strlen(k.policy), err, sizeof(err));
	*why = err;
	*gen = k.gen;
	return *out ? 0 : -EPROTO;
}

int kw_ipc_set_workloads(uint64_t gen, const struct kw_wl_item *items, size_t n)
{
	if (!k.loaded)
		return -ENOENT;
	if (k.stale_once) {
		k.stale_once = false;
		k.gen++;
	}
	if (gen != k.gen) {
		k.stale++;
		return -ESTALE;
	}
	ck_assert_uint_le(n, 8);
	memcpy(k.table, items, n * sizeof(*items));
	k.n = n;
	k.sent_gen = gen;
	k.set = true;
	k.sends++;
	return 0;
}

const char *kw_ipc_kernel_msg(void)
{
	return NULL;
}

static const char policy_ci[] =
	"[rule compilers]\nnames = gcc\n"
	"[exception ci]\nnamespace = ci\n"
	"[exception builder]\ncontainer_name = build*\nunknown = allow\n";
static const char policy_plain[] =
	"[rule compilers]\nnames = gcc\n[exception root]\nuid = 0\n";

static const char cri_config[] =
	"{\"annotations\":{"
	"\"io.kubernetes.cri.container-name\":\"builder\","
	"\"io.kubernetes.cri.sandbox-name\":\"job-7\","
	"\"io.kubernetes.cri.sandbox-namespace\":\"ci\"}}";
static const char web_config[] =
	"{\"annotations\":{"
	"\"io.kubernetes.cri.container-name\":\"web\","
	"\"io.kubernetes.cri.sandbox-namespace\":\"shop\"}}";

static struct kw_containers *ctx(void)
{
	struct kw_containers *c = kw_containers_new(0);

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_RUNC, at("runc")), 0);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_CRUN, at("crun")), 0);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_CONTAINERD, at("task/*")), 0);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_STORAGE, at("storage")), 0);
	ck_assert_int_eq(kw_containers_add_root(c, KW_ROOT_DOCKER, at("docker")), 0);
	return c;
}

static void setup(void)
{
	tree_make("kwagent");
	memset(&k, 0, sizeof(k));
	k.loaded = true;
	k.gen = 5;
	k.policy = policy_ci;
}

static void teardown(void)
{
	tree_remove();
}

/*
 * Named containers go in with their masks, an unnamed one stays out and
 * is looked for every 20 ms, the table is sent when it changes and not
 * when it does not.
 */
START_TEST(test_feed)
{
	struct kw_containers *c = ctx();
	struct kw_agent *a;
	uint64_t t = 100 * SEC;

	put("task/k8s.io/" ID_A "/config.json", cri_config);
	put("task/k8s.io/" ID_B "/", "");	/* its files not there yet */
	a = kw_agent_new(c);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_ge(kw_agent_fd(a), 0);
	ck_assert_int_eq(kw_agent_timeout_ms(a, t), 0);
	kw_agent_run(a, t, false);
	ck_assert_uint_eq(k.sends, 1);
	ck_assert_uint_eq(k.sent_gen, 5);
	ck_assert_uint_eq(k.n, 1);
	ck_assert_str_eq(k.table[0].id, ID_A);
	ck_assert_uint_eq(k.table[0].mask, 3);	/* namespace ci, name build* */
	/* B, not named, is retried within 20 ms */
	ck_assert_int_le(kw_agent_timeout_ms(a, t), 20);
	ck_assert_int_gt(kw_agent_timeout_ms(a, t), 0);
	kw_agent_run(a, t + 5 * MS, false);	/* not due: nothing */
	kw_agent_run(a, t + 20 * MS, false);
	ck_assert_uint_eq(k.sends, 1);		/* same table: not sent */
	/* B's files appear: at the next retry it is in */
	put("task/k8s.io/" ID_B "/config.json", web_config);
	kw_agent_run(a, t + 40 * MS, false);
	ck_assert_uint_eq(k.sends, 2);
	ck_assert_uint_eq(k.n, 2);
	ck_assert_str_eq(k.table[1].id, ID_B);
	ck_assert_uint_eq(k.table[1].mask, 0);
	/* nothing unnamed: back to the one-second poll */
	ck_assert_int_gt(kw_agent_timeout_ms(a, t + 40 * MS), 900);
	/* resent after KW_AGENT_RESEND_S even unchanged */
	kw_agent_run(a, t + 2 * SEC, false);
	ck_assert_uint_eq(k.sends, 2);
	kw_agent_run(a, t + 11 * SEC, false);
	ck_assert_uint_eq(k.sends, 3);
	/* a container gone leaves the table */
	ck_assert_int_eq(unlink(at("task/k8s.io/" ID_A "/config.json")), 0);
	ck_assert_int_eq(rmdir(at("task/k8s.io/" ID_A)), 0);
	kw_agent_run(a, t + 13 * SEC, false);
	ck_assert_uint_eq(k.sends, 4);
	ck_assert_uint_eq(k.n, 1);
	ck_assert_str_eq(k.table[0].id, ID_B);
	kw_agent_free(a);
	kw_containers_free(c);
}
END_TEST

/* A new container is noticed through the fd at once, not at the poll. */
START_TEST(test_inotify)
{
	struct kw_containers *c = ctx();
	struct kw_agent *a;
	uint64_t t = 100 * SEC;

	put("task/k8s.io/", "");
	a = kw_agent_new(c);
	kw_agent_run(a, t, false);
	ck_assert_uint_eq(k.sends, 1);		/* never set: an empty table */
	ck_assert_uint_eq(k.n, 0);
	put("task/k8s.io/" ID_A "/config.json", cri_config);
	kw_agent_run(a, t + 30 * MS, true);
	ck_assert_uint_eq(k.sends, 2);
	ck_assert_uint_eq(k.n, 1);
	kw_agent_free(a);
	kw_containers_free(c);
}
END_TEST

/* unnamed for 2 s: looked for every 250 ms; for a minute: at the regular pace */
START_TEST(test_slow_retry)
{
	struct kw_containers *c = ctx();
	struct kw_agent *a;
	uint64_t t = 100 * SEC, u;

	put("runc/" ID_A "/", "");
	a = kw_agent_new(c);
	for (u = t; u < t + 2100 * MS; u += 20 * MS)
		kw_agent_run(a, u, false);
	ck_assert_int_gt(kw_agent_timeout_ms(a, u), 20);
	ck_assert_int_le(kw_agent_timeout_ms(a, u), 250);
	for (; u < t + 61 * SEC; u += 250 * MS)
		kw_agent_run(a, u, false);
	kw_agent_run(a, u, false);
	ck_assert_int_gt(kw_agent_timeout_ms(a, u), 250);
	kw_agent_free(a);
	kw_containers_free(c);
}
END_TEST

/* The policy changes under the table: read again and resent at once. */
START_TEST(test_stale)
{
	struct kw_containers *c = ctx();
	struct kw_agent *a;

	put("task/k8s.io/" ID_A "/config.json", cri_config);
	a = kw_agent_new(c);
	k.stale_once = true;
	kw_agent_run(a, 100 * SEC, false);
	ck_assert_uint_eq(k.stale, 1);
	ck_assert_uint_eq(k.sends, 1);
	ck_assert_uint_eq(k.sent_gen, 6);
	/* a new policy: a new mask, sent at the next poll */
	k.policy = policy_plain;
	k.gen = 7;
	kw_agent_run(a, 101 * SEC, false);
	ck_assert_uint_eq(k.sends, 1);		/* no workload exceptions: nothing */
	k.policy = "[rule compilers]\nnames = gcc\n[exception shop]\nnamespace = shop\n";
	k.gen = 8;
	kw_agent_run(a, 102 * SEC, false);
	ck_assert_uint_eq(k.sends, 2);
	ck_assert_uint_eq(k.sent_gen, 8);
	ck_assert_uint_eq(k.table[0].mask, 0);
	kw_agent_free(a);
	kw_containers_free(c);
}
END_TEST

/* No module, then a module loaded again: fed without waiting for a resend. */
START_TEST(test_reload)
{
	struct kw_containers *c = ctx();
	struct kw_agent *a;

	put("task/k8s.io/" ID_A "/config.json", cri_config);
	k.loaded = false;
	a = kw_agent_new(c);
	kw_agent_run(a, 100 * SEC, false);
	ck_assert_uint_eq(k.sends, 0);
	k.loaded = true;
	kw_agent_run(a, 101 * SEC, false);
	ck_assert_uint_eq(k.sends, 1);
	/* unloaded and loaded again, same generation, table lost */
	k.set = false;
	kw_agent_run(a, 102 * SEC, false);
	ck_assert_uint_eq(k.sends, 2);
	kw_agent_run(a, 103 * SEC, false);
	ck_assert_uint_eq(k.sends, 2);
	kw_agent_free(a);
	kw_containers_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("agent");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_feed);
	tcase_add_test(tc, test_inotify);
	tcase_add_test(tc, test_slow_retry);
	tcase_add_test(tc, test_stale);
	tcase_add_test(tc, test_reload);
	suite_add_tcase(s, tc);
	return kw_run_suite(s);
}
