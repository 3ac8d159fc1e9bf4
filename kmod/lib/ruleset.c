// SPDX-License-Identifier: GPL-2.0
/*
 * Policy building, validation and evaluation: see ruleset.h. Every limit
 * and every check lives here once, for the CLI (which checks a file before
 * sending it) and for the kernel (which trusts nothing it is sent).
 */
#include "plat.h"
#include "kwarden.h"
#include "ruleset.h"
#include "cgroup.h"

static const char *const kw_sev_names[] = {
	"info", "low", "medium", "high", "critical",
};

static const char *const kw_action_names[] = {
	"off", "alert", "block",
};

static const char *const kw_args_names[] = {
	"none", "arg1", "args",
};

static const char *const kw_detect_names[] = {
	"names", "drift", "fileless",
};

static const char *const kw_field_names[] = {
	"container", "cgroup", "pod", "parent", "uid",
	"namespace", "pod_name", "container_name", "image", "unknown",
};

static const char *kw_enum_str(const char *const *names, size_t n,
			       unsigned int v)
{
	return v < n ? names[v] : "unknown";
}

static int kw_enum_parse(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return (int)i;
	return -1;
}

const char *kw_severity_str(unsigned int v)
{
	return kw_enum_str(kw_sev_names, ARRAY_SIZE(kw_sev_names), v);
}

const char *kw_action_str(unsigned int v)
{
	return kw_enum_str(kw_action_names, ARRAY_SIZE(kw_action_names), v);
}

const char *kw_args_on_str(unsigned int v)
{
	return kw_enum_str(kw_args_names, ARRAY_SIZE(kw_args_names), v);
}

const char *kw_exc_field_str(unsigned int v)
{
	return kw_enum_str(kw_field_names, ARRAY_SIZE(kw_field_names), v);
}

const char *kw_detect_str(unsigned int v)
{
	return kw_enum_str(kw_detect_names, ARRAY_SIZE(kw_detect_names), v);
}

int kw_detect_parse(const char *s)
{
	return kw_enum_parse(kw_detect_names, ARRAY_SIZE(kw_detect_names), s);
}

int kw_severity_parse(const char *s)
{
	return kw_enum_parse(kw_sev_names, ARRAY_SIZE(kw_sev_names), s);
}

int kw_action_parse(const char *s)
{
	return kw_enum_parse(kw_action_names, ARRAY_SIZE(kw_action_names), s);
}

int kw_args_on_parse(const char *s)
{
	return kw_enum_parse(kw_args_names, ARRAY_SIZE(kw_args_names), s);
}

int kw_exc_field_parse(const char *s)
{
	return kw_enum_parse(kw_field_names, ARRAY_SIZE(kw_field_names), s);
}

/* Rule and exception names: [a-z0-9][a-z0-9_.-]*, at most 31 bytes. */
static bool kw_valid_ident(const char *s)
{
	size_t i, n = s ? strnlen(s, KWARDEN_NAME_MAX + 1) : 0;

	if (!n || n > KWARDEN_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			continue;
		if (i && (c == '_' || c == '-' || c == '.'))
			continue;
		return false;
	}
	return true;
}

/* MITRE ids such as T1027.004; may be empty. */
bool kw_ruleset_technique_ok(const char *s)
{
	size_t i, n = s ? strnlen(s, KWARDEN_TECHNIQUE_MAX + 1) : 0;

	if (n > KWARDEN_TECHNIQUE_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return false;
	return true;
}

/*
 * A word of the policy file: 1 to 255 bytes, no space, control byte or
 * '#' (which would start a comment when the policy is printed back).
 */
static size_t kw_token_len(const char *s)
{
	size_t i, n = s ? strnlen(s, KWARDEN_PATTERN_MAX + 1) : 0;

	if (!n || n > KWARDEN_PATTERN_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c == '#')
			return 0;
	}
	return n;
}

/* 8-4-4-4-12 lowercase hex, as kw_cgroup_parse() writes pod UIDs. */
static bool kw_valid_uuid(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return false;
	for (i = 0; i < n; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !kw_is_hex(s + i, 1))
			return false;
	}
	return true;
}

static bool kw_parse_uid(const char *s, size_t n, u32 *uid)
{
	u64 v = 0;
	size_t i;

	if (!n || n > 10)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (u64)(s[i] - '0');
	}
	/* (uid_t)-1 is "no uid", never a task's */
	if (v >= 0xffffffffULL)
		return false;
	*uid = (u32)v;
	return true;
}

/* Messages the policy file's parser reports too, at its own lines. */
const char *const kw_e_exc_empty =
	"an exception needs a key to compare, not only rules or unknown";
const char *const kw_e_unknown_alone =
	"unknown applies to namespace, pod_name, container_name or image";
const char *const kw_e_unknown =
	"unknown is alert or allow, once per exception";
const char *const kw_e_technique =
	"a technique is a MITRE ATT&CK id such as T1027.004";
const char *const kw_e_severity =
	"severity is info, low, medium, high or critical";
const char *const kw_e_action = "action is off, alert or block";
const char *const kw_e_detect = "detect is names, drift or fileless";
const char *const kw_e_detect_names =
	"a drift or fileless rule has no names";
const char *const kw_e_dup =
	"a name is listed twice (names are unique across rules)";

/* Messages too long for one line where they are used. */
static const char kw_e_rule_name[] =
	"a rule name is 1 to 31 of a-z 0-9 _ . - and starts with a letter or digit";
static const char kw_e_path[] =
	"a path condition is a glob of 1 to 255 bytes starting with / or *";
static const char kw_e_exc_name[] =
	"an exception name is 1 to 31 of a-z 0-9 _ . - and starts with a letter or digit";
static const char kw_e_container[] =
	"a container id prefix is 12 to 64 lowercase hex digits";
static const char kw_e_workload_max[] =
	"more than 64 exceptions name a namespace, pod_name, container_name or image";
static const char kw_e_workload_value[] =
	"a namespace, pod_name, container_name or image is a glob of 1 to 255 bytes";
static const char kw_e_glob_cost[] =
	"name globs too costly (at most 2048: a byte counts 1, or 255 between two '*')";

/*
 * Bytes one finding may compare on exceptions and on a path condition,
 * both in the exec hook with preemption off, and on an argv condition (task
 * work, under the events lock): a hostile or careless policy cannot stall
 * the exec path. A budget spent counts against the exec: an exception
 * does not apply, a path or argv condition holds (fail closed).
 */
#define KW_EXC_BUDGET	(64U * 1024U)
/* bytes of a workload name compared (the relay's are shorter) */
#define KW_WORKLOAD_STR_MAX	4096
#define KW_PATH_BUDGET	(16U * 1024U)
#define KW_ARGS_BUDGET	(1024U * 1024U)

static int kw_fail(const char **msg, const char *why, int err)
{
	*msg = why;
	return err;
}

struct kw_ruleset *kw_ruleset_begin(const struct kw_ruleset_counts *c, int *err,
				    const char **msg)
{
	struct kw_ruleset *p;
	size_t i;

	*err = -E2BIG;
	if (c->rules > KWARDEN_RULES_MAX) {
		*msg = "more than 64 rules";
		return NULL;
	}
	if (c->sets > KWARDEN_SETS_MAX) {
		*msg = "more than 1024 name sets";
		return NULL;
	}
	if (c->names > KWARDEN_PATTERNS_MAX) {
		*msg = "more than 65536 names";
		return NULL;
	}
	if (c->args > KWARDEN_ARGS_MAX) {
		*msg = "more than 4096 argv words";
		return NULL;
	}
	if (c->exc > KWARDEN_EXCEPTIONS_MAX) {
		*msg = "more than 1024 exceptions";
		return NULL;
	}
	if (c->values > KWARDEN_EXC_VALUES_MAX) {
		*msg = "more than 4096 exception values";
		return NULL;
	}
	if (c->bytes > (size_t)(c->args + c->sets + c->values) *
		       (KWARDEN_PATTERN_MAX + 1)) {
		*err = -EINVAL;
		*msg = "string bytes exceed what the counts allow";
		return NULL;
	}

	*err = -ENOMEM;
	*msg = "out of memory";
	p = kw_zalloc(sizeof(*p));
	if (!p)
		return NULL;
	p->cap = *c;
	for (i = 0; i < ARRAY_SIZE(p->detect); i++)
		p->detect[i] = -1;
	p->sets = kw_zalloc((c->sets + 1) * sizeof(*p->sets));
	p->args = kw_zalloc((c->args + 1) * sizeof(*p->args));
	p->exc = kw_zalloc((c->exc + 1) * sizeof(*p->exc));
	p->values = kw_zalloc((c->values + 1) * sizeof(*p->values));
	p->pending = kw_zalloc((c->names + 1) * sizeof(*p->pending));
	p->pool = kw_zalloc(c->bytes + 1);
	if (!p->sets || !p->args || !p->exc || !p->values || !p->pending ||
	    !p->pool) {
		kw_ruleset_free(p);
		return NULL;
	}
	*err = 0;
	*msg = NULL;
	return p;
}

void kw_ruleset_free(struct kw_ruleset *p)
{
	if (!p)
		return;
	kw_matcher_free(p->matcher);
	kw_free(p->sets);
	kw_free(p->args);
	kw_free(p->exc);
	kw_free(p->values);
	kw_free(p->pending);
	kw_free(p->pool);
	kw_free(p);
}

static const char *kw_pool_copy(struct kw_ruleset *p, const char *s, size_t n)
{
	char *d;

	if (p->pool_used + n + 1 > p->cap.bytes)
		return NULL;
	d = p->pool + p->pool_used;
	memcpy(d, s, n);
	d[n] = '\0';
	p->pool_used += n + 1;
	return d;
}

static int kw_rule_index(const struct kw_ruleset *p, const char *name)
{
	u32 i;

	for (i = 0; i < p->nrules; i++)
		if (!strncmp(p->rules[i].name, name, sizeof(p->rules[i].name)))
			return (int)i;
	return -1;
}

/* The set or exception just closed must not be empty. */
int kw_ruleset_close(struct kw_ruleset *p, const char **msg)
{
	if (p->nexc) {
		struct kw_exc *e = &p->exc[p->nexc - 1];

		if (!(e->fields & ~(1U << KWARDEN_EXC_UNKNOWN)))
			return kw_fail(msg, kw_e_exc_empty, -EINVAL);
		if (!(e->fields & KWARDEN_EXC_WORKLOAD_FIELDS)) {
			if (e->fields & (1U << KWARDEN_EXC_UNKNOWN))
				return kw_fail(msg, kw_e_unknown_alone, -EINVAL);
		} else if (e->workload < 0) {
			if (p->nworkload >= KWARDEN_WORKLOAD_EXC_MAX)
				return kw_fail(msg, kw_e_workload_max, -E2BIG);
			e->workload = (s8)p->nworkload++;
		}
	} else if (p->nsets) {
		const struct kw_set *s = &p->sets[p->nsets - 1];

		if (!s->nnames)
			return kw_fail(msg, "a name set needs at least one name",
				       -EINVAL);
		if (s->args_on != KWARDEN_ARGS_NONE && !s->nargs)
			return kw_fail(msg, "an argv condition needs at least one word",
				       -EINVAL);
	}
	return 0;
}

int kw_ruleset_add_rule(struct kw_ruleset *p, const char *name, const char *technique,
			u8 severity, u8 action, u8 detect, const char **msg)
{
	struct kw_rule *r;

	if (p->finished || p->nsets || p->nexc)
		return kw_fail(msg, "rules must come before name sets and exceptions",
			       -EINVAL);
	if (p->nrules >= p->cap.rules)
		return kw_fail(msg, "more rules than counted", -E2BIG);
	if (!kw_valid_ident(name))
		return kw_fail(msg, kw_e_rule_name,
			       -EINVAL);
	if (kw_rule_index(p, name) >= 0)
		return kw_fail(msg, "rule defined twice", -EINVAL);
	if (!kw_ruleset_technique_ok(technique))
		return kw_fail(msg, kw_e_technique, -EINVAL);
	if (severity > KWARDEN_SEV_CRITICAL)
		return kw_fail(msg, kw_e_severity, -EINVAL);
	if (action > KWARDEN_RULE_BLOCK)
		return kw_fail(msg, kw_e_action, -EINVAL);
	if (detect >= __KWARDEN_DETECT_MAX)
		return kw_fail(msg, kw_e_detect, -EINVAL);
	if (detect != KWARDEN_DETECT_NAMES) {
		if (p->detect[detect] >= 0)
			return kw_fail(msg, "a second rule detecting the same", -EINVAL);
		p->detect[detect] = (int)p->nrules;
	}
	r = &p->rules[p->nrules++];
	memset(r, 0, sizeof(*r));
	memcpy(r->name, name, strlen(name));
	memcpy(r->technique, technique, strlen(technique));
	r->severity = severity;
	r->action = action;
	r->detect = detect;
	return 0;
}

int kw_ruleset_add_set(struct kw_ruleset *p, const char *rule, u8 args_on,
		       const char *path, const char **msg)
{
	struct kw_set *s;
	size_t n = 0;
	int r, ret;

	if (p->finished || p->nexc)
		return kw_fail(msg, "name sets must come before exceptions",
			       -EINVAL);
	ret = kw_ruleset_close(p, msg);
	if (ret)
		return ret;
	if (p->nsets >= p->cap.sets)
		return kw_fail(msg, "more name sets than counted", -E2BIG);
	r = rule ? kw_rule_index(p, rule) : -1;
	if (r < 0)
		return kw_fail(msg, "names for an undefined rule", -EINVAL);
	if (p->rules[r].detect != KWARDEN_DETECT_NAMES)
		return kw_fail(msg, kw_e_detect_names, -EINVAL);
	if (args_on > KWARDEN_ARGS_ANY)
		return kw_fail(msg, "unknown argv condition", -EINVAL);
	if (path) {
		n = kw_token_len(path);
		if (!n || (path[0] != '/' && path[0] != '*'))
			return kw_fail(msg, kw_e_path,
				       -EINVAL);
	}
	s = &p->sets[p->nsets];
	memset(s, 0, sizeof(*s));
	s->rule = (u32)r;
	s->args_on = args_on;
	if (path) {
		s->path = kw_pool_copy(p, path, n);
		if (!s->path)
			return kw_fail(msg, "more string bytes than counted",
				       -E2BIG);
	}
	s->first_arg = p->nargs;
	s->first_name = p->nnames;
	p->nsets++;
	return 0;
}

int kw_ruleset_add_arg(struct kw_ruleset *p, const char *word, const char **msg)
{
	struct kw_set *s = p->nsets ? &p->sets[p->nsets - 1] : NULL;
	size_t n = kw_token_len(word);

	if (p->finished || !s || p->nexc)
		return kw_fail(msg, "an argv word outside a name set", -EINVAL);
	if (s->args_on == KWARDEN_ARGS_NONE)
		return kw_fail(msg, "an argv word in a set without an argv condition",
			       -EINVAL);
	if (p->nargs >= p->cap.args)
		return kw_fail(msg, "more argv words than counted", -E2BIG);
	if (!n)
		return kw_fail(msg, "an argv word is 1 to 255 bytes without spaces or #",
			       -EINVAL);
	p->args[p->nargs].s = kw_pool_copy(p, word, n);
	if (!p->args[p->nargs].s)
		return kw_fail(msg, "more string bytes than counted", -E2BIG);
	p->args[p->nargs].len = (u32)n;
	p->nargs++;
	s->nargs++;
	return 0;
}

int kw_ruleset_add_name(struct kw_ruleset *p, const char *pattern, const char **msg)
{
	struct kw_set *s = p->nsets ? &p->sets[p->nsets - 1] : NULL;
	size_t n = kw_token_len(pattern);

	if (p->finished || !s || p->nexc)
		return kw_fail(msg, "a name outside a name set", -EINVAL);
	if (p->nnames >= p->cap.names)
		return kw_fail(msg, "more names than counted", -E2BIG);
	if (!n || memchr(pattern, '/', n))
		return kw_fail(msg, "a name is 1 to 255 bytes without /, spaces or #",
			       -EINVAL);
	p->pending[p->nnames].pattern = pattern;
	p->pending[p->nnames].tag = p->nsets - 1;
	p->pending[p->nnames].flags = 0;
	p->nnames++;
	s->nnames++;
	p->rules[s->rule].names++;
	return 0;
}

int kw_ruleset_add_exception(struct kw_ruleset *p, const char *name, const char **msg)
{
	struct kw_exc *e;
	u32 i;
	int ret;

	if (p->finished)
		return kw_fail(msg, "policy already finished", -EINVAL);
	ret = kw_ruleset_close(p, msg);
	if (ret)
		return ret;
	if (p->nexc >= p->cap.exc)
		return kw_fail(msg, "more exceptions than counted", -E2BIG);
	if (!kw_valid_ident(name))
		return kw_fail(msg, kw_e_exc_name,
			       -EINVAL);
	for (i = 0; i < p->nexc; i++)
		if (!strncmp(p->exc[i].name, name, sizeof(p->exc[i].name)))
			return kw_fail(msg, "exception defined twice", -EINVAL);
	e = &p->exc[p->nexc++];
	memset(e, 0, sizeof(*e));
	memcpy(e->name, name, strlen(name));
	e->first_value = p->nvalues;
	e->workload = -1;
	return 0;
}

int kw_ruleset_add_exc_rule(struct kw_ruleset *p, const char *rule, const char **msg)
{
	int r;

	if (p->finished || !p->nexc)
		return kw_fail(msg, "rules outside an exception", -EINVAL);
	r = rule ? kw_rule_index(p, rule) : -1;
	if (r < 0)
		return kw_fail(msg, "an exception for an undefined rule", -EINVAL);
	p->exc[p->nexc - 1].rules |= 1ULL << r;
	return 0;
}

int kw_ruleset_add_exc_value(struct kw_ruleset *p, u8 field, const char *value,
			     const char **msg)
{
	struct kw_exc_value *v;
	size_t n = kw_token_len(value);
	u32 uid = 0;

	if (p->finished || !p->nexc)
		return kw_fail(msg, "a value outside an exception", -EINVAL);
	if (p->nvalues >= p->cap.values)
		return kw_fail(msg, "more exception values than counted",
			       -E2BIG);
	switch (field) {
	case KWARDEN_EXC_CONTAINER:
		if (n < 12 || n > KWARDEN_CONTAINER_ID_LEN || !kw_is_hex(value, n))
			return kw_fail(msg, kw_e_container,
				       -EINVAL);
		break;
	case KWARDEN_EXC_CGROUP:
		if (!n || value[0] != '/')
			return kw_fail(msg, "a cgroup is a path glob starting with /",
				       -EINVAL);
		break;
	case KWARDEN_EXC_POD:
		if (!kw_valid_uuid(value, n))
			return kw_fail(msg, "a pod UID is 8-4-4-4-12 lowercase hex digits",
				       -EINVAL);
		break;
	case KWARDEN_EXC_PARENT:
		if (!n || (value[0] != '/' && value[0] != '*'))
			return kw_fail(msg, "a parent is an exe path glob starting with / or *",
				       -EINVAL);
		break;
	case KWARDEN_EXC_UID:
		if (!kw_parse_uid(value, n, &uid))
			return kw_fail(msg, "a uid is a decimal number below 4294967295",
				       -EINVAL);
		break;
	case KWARDEN_EXC_NAMESPACE:
	case KWARDEN_EXC_POD_NAME:
	case KWARDEN_EXC_CONTAINER_NAME:
	case KWARDEN_EXC_IMAGE:
		if (!n)
			return kw_fail(msg, kw_e_workload_value, -EINVAL);
		break;
	case KWARDEN_EXC_UNKNOWN:
		if (p->exc[p->nexc - 1].fields & (1U << field) ||
		    (strcmp(value, "alert") && strcmp(value, "allow")))
			return kw_fail(msg, kw_e_unknown, -EINVAL);
		p->exc[p->nexc - 1].unknown_allow = value[4] == 'w';
		break;
	default:
		return kw_fail(msg, "unknown exception field", -EINVAL);
	}
	v = &p->values[p->nvalues];
	v->field = field;
	v->uid = uid;
	v->len = (u32)n;
	v->s = kw_pool_copy(p, value, n);
	if (!v->s)
		return kw_fail(msg, "more string bytes than counted", -E2BIG);
	p->nvalues++;
	p->exc[p->nexc - 1].nvalues++;
	p->exc[p->nexc - 1].fields |= 1U << field;
	return 0;
}

int kw_ruleset_finish(struct kw_ruleset *p, const char **msg)
{
	struct kw_name_entry e;
	struct kw_match m;
	int err;
	u32 i;

	if (p->finished)
		return kw_fail(msg, "policy already finished", -EINVAL);
	err = kw_ruleset_close(p, msg);
	if (err)
		return err;
	if (!p->nrules)
		return kw_fail(msg, "a policy needs at least one rule", -EINVAL);
	p->matcher = kw_matcher_build(p->pending, p->nnames, &err);
	if (!p->matcher)
		return kw_fail(msg, err == -ENOMEM ? "out of memory" :
			       err == -E2BIG ? "more than 256 glob names" :
			       err == -ERANGE ? kw_e_glob_cost :
			       "invalid name", err);
	/* An exact name that finds another entry first is named twice. */
	for (i = 0; i < p->nnames; i++) {
		kw_matcher_entry(p->matcher, i, &e);
		if (kw_match_name(p->matcher, e.pattern, strlen(e.pattern), &m) &&
		    !(m.flags & KWARDEN_PF_GLOB) && m.pattern != e.pattern) {
			p->dup = m.pattern;
			return kw_fail(msg, kw_e_dup, -EINVAL);
		}
	}
	kw_free(p->pending);
	p->pending = NULL;
	p->finished = true;
	*msg = NULL;
	return 0;
}

void kw_ruleset_item_raw(const struct kw_item *it, struct kw_raw_item *r)
{
	memset(r, 0, sizeof(*r));
	r->kind = it->kind;
	switch (it->kind) {
	case KW_ITEM_RULE:
		r->a = it->rule->name;
		r->b = it->rule->technique;
		r->x = it->rule->severity;
		r->y = it->rule->action;
		r->z = it->rule->detect;
		break;
	case KW_ITEM_SET:
		r->a = it->rule->name;
		r->b = it->set->path;
		r->x = it->set->args_on;
		break;
	case KW_ITEM_ARG:
	case KW_ITEM_NAME:
		r->a = it->s;
		break;
	case KW_ITEM_EXC:
		r->a = it->exc->name;
		break;
	case KW_ITEM_EXC_RULE:
		r->a = it->rule->name;
		break;
	case KW_ITEM_EXC_VALUE:
		r->a = it->value->s;
		r->x = it->value->field;
		break;
	default:
		break;
	}
}

static size_t kw_str_bytes(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

void kw_ruleset_count(struct kw_ruleset_counts *c, const struct kw_raw_item *r)
{
	switch (r->kind) {
	case KW_ITEM_RULE:
		c->rules++;
		break;
	case KW_ITEM_SET:
		c->sets++;
		c->bytes += kw_str_bytes(r->b);
		break;
	case KW_ITEM_ARG:
		c->args++;
		c->bytes += kw_str_bytes(r->a);
		break;
	case KW_ITEM_NAME:
		c->names++;
		break;
	case KW_ITEM_EXC:
		c->exc++;
		break;
	case KW_ITEM_EXC_VALUE:
		c->values++;
		c->bytes += kw_str_bytes(r->a);
		break;
	default:
		break;
	}
}

int kw_ruleset_add_item(struct kw_ruleset *p, const struct kw_raw_item *r,
			const char **msg)
{
	switch (r->kind) {
	case KW_ITEM_RULE:
		return kw_ruleset_add_rule(p, r->a ? r->a : "", r->b ? r->b : "",
				       r->x, r->y, r->z, msg);
	case KW_ITEM_SET:
		return kw_ruleset_add_set(p, r->a, r->x, r->b, msg);
	case KW_ITEM_ARG:
		return kw_ruleset_add_arg(p, r->a, msg);
	case KW_ITEM_NAME:
		return kw_ruleset_add_name(p, r->a, msg);
	case KW_ITEM_EXC:
		return kw_ruleset_add_exception(p, r->a ? r->a : "", msg);
	case KW_ITEM_EXC_RULE:
		return kw_ruleset_add_exc_rule(p, r->a, msg);
	case KW_ITEM_EXC_VALUE:
		if (!r->a)
			return kw_fail(msg, "an exception value needs a field and a string",
				       -EINVAL);
		return kw_ruleset_add_exc_value(p, r->x, r->a, msg);
	default:
		return kw_fail(msg, "unexpected item in a policy", -EINVAL);
	}
}

void kw_ruleset_item(const struct kw_ruleset *p, struct kw_cursor *c,
		     struct kw_item *it)
{
	struct kw_name_entry e;

	memset(it, 0, sizeof(*it));
	for (;;) {
		switch (c->phase) {
		case 0:
			if (c->obj < p->nrules) {
				it->kind = KW_ITEM_RULE;
				it->rule = &p->rules[c->obj++];
				return;
			}
			c->phase = 1;
			c->obj = 0;
			c->sub = 0;
			continue;
		case 1: {
			const struct kw_set *s = &p->sets[c->obj];

			if (c->obj >= p->nsets) {
				c->phase = 2;
				c->obj = 0;
				c->sub = 0;
				continue;
			}
			it->set = s;
			it->rule = &p->rules[s->rule];
			if (c->sub == 0) {
				it->kind = KW_ITEM_SET;
				c->sub++;
				return;
			}
			if (c->sub <= s->nargs) {
				it->kind = KW_ITEM_ARG;
				it->s = p->args[s->first_arg + c->sub - 1].s;
				c->sub++;
				return;
			}
			if (c->sub <= s->nargs + s->nnames &&
			    kw_matcher_entry(p->matcher, s->first_name +
					     c->sub - 1 - s->nargs, &e)) {
				it->kind = KW_ITEM_NAME;
				it->s = e.pattern;
				c->sub++;
				return;
			}
			c->obj++;
			c->sub = 0;
			continue;
		}
		case 2: {
			const struct kw_exc *x = &p->exc[c->obj];

			if (c->obj >= p->nexc) {
				c->phase = 3;
				continue;
			}
			it->exc = x;
			if (c->sub == 0) {
				it->kind = KW_ITEM_EXC;
				c->sub++;
				return;
			}
			while (c->sub <= p->nrules) {
				u32 r = c->sub++ - 1;

				if (x->rules & (1ULL << r)) {
					it->kind = KW_ITEM_EXC_RULE;
					it->rule = &p->rules[r];
					return;
				}
			}
			if (c->sub <= p->nrules + x->nvalues) {
				it->kind = KW_ITEM_EXC_VALUE;
				it->value = &p->values[x->first_value + c->sub -
						       1 - p->nrules];
				c->sub++;
				return;
			}
			c->obj++;
			c->sub = 0;
			continue;
		}
		default:
			it->kind = KW_ITEM_END;
			return;
		}
	}
}

static bool kw_value_matches(const struct kw_exc_value *v,
			     const struct kw_subject *s, const char **parent,
			     bool *parent_done, u32 *budget)
{
	switch (v->field) {
	case KWARDEN_EXC_CONTAINER:
		return s->container_id[0] &&
		       !strncmp(s->container_id, v->s, v->len);
	case KWARDEN_EXC_CGROUP:
		return kw_glob_budget(v->s, v->len, s->cgroup, s->cgroup_len,
				      budget);
	case KWARDEN_EXC_POD:
		return s->pod_uid[0] && !strcmp(s->pod_uid, v->s);
	case KWARDEN_EXC_PARENT:
		if (!*parent_done) {
			*parent = s->parent_exe ? s->parent_exe(s->arg) : NULL;
			*parent_done = true;
		}
		return *parent && kw_glob_budget(v->s, v->len, *parent,
						 strlen(*parent), budget);
	case KWARDEN_EXC_UID:
		return s->uid == v->uid;
	}
	/* workload fields: the relay compared them (kw_ruleset_workload_mask) */
	return false;
}

static const char *kw_workload_str(const struct kw_workload *w, u8 field)
{
	const char *r;

	switch (field) {
	case KWARDEN_EXC_NAMESPACE:
		r = w->ns;
		break;
	case KWARDEN_EXC_POD_NAME:
		r = w->pod;
		break;
	case KWARDEN_EXC_CONTAINER_NAME:
		r = w->name;
		break;
	case KWARDEN_EXC_IMAGE:
		r = w->image;
		break;
	default:
		return NULL;
	}
	return r ? r : "";
}

u64 kw_ruleset_workload_mask(const struct kw_ruleset *p,
			     const struct kw_workload *w)
{
	u64 mask = 0;
	u32 i, j;

	for (i = 0; i < p->nexc; i++) {
		const struct kw_exc *x = &p->exc[i];
		const struct kw_exc_value *v = &p->values[x->first_value];
		u32 want = x->fields & KWARDEN_EXC_WORKLOAD_FIELDS, hit = 0;

		if (x->workload < 0)
			continue;
		for (j = 0; j < x->nvalues; j++) {
			const char *str = kw_workload_str(w, v[j].field);
			/* a fresh budget per value: this runs in the relay */
			u32 budget = KW_EXC_BUDGET;

			if (str && !(hit & (1U << v[j].field)) &&
			    kw_glob_budget(v[j].s, v[j].len, str,
					   strnlen(str, KW_WORKLOAD_STR_MAX),
					   &budget))
				hit |= 1U << v[j].field;
		}
		if (hit == want)
			mask |= 1ULL << x->workload;
	}
	return mask;
}

const struct kw_set *kw_ruleset_match(const struct kw_ruleset *p,
				      const char *name, size_t len,
				      struct kw_match *mt)
{
	const struct kw_set *set;

	if (!kw_match_name(p->matcher, name, len, mt))
		return NULL;
	set = &p->sets[mt->tag];
	return p->rules[set->rule].action == KWARDEN_RULE_OFF ? NULL : set;
}

int kw_ruleset_excepted(const struct kw_ruleset *p, u32 rule,
			const struct kw_subject *s)
{
	const u32 parent_bit = 1U << KWARDEN_EXC_PARENT;
	const char *parent = NULL;
	bool parent_done = false;
	u32 i, j, budget = KW_EXC_BUDGET;

	for (i = 0; i < p->nexc; i++) {
		const struct kw_exc *x = &p->exc[i];
		const struct kw_exc_value *v = &p->values[x->first_value];
		u32 need = x->fields & ~(KWARDEN_EXC_WORKLOAD_FIELDS |
					 (1U << KWARDEN_EXC_UNKNOWN));
		u32 hit = 0;

		if (x->rules && !(x->rules & (1ULL << rule)))
			continue;
		/*
		 * A workload exception: the relay's verdict for a container
		 * it named, the exception's own for one it has not (yet).
		 */
		if (x->workload >= 0 &&
		    !(s->workload_known ?
		      (s->workload_mask >> x->workload) & 1 : x->unknown_allow))
			continue;
		/*
		 * Values of one field: any. Fields of one exception: all. The
		 * parent's path costs a d_path(): only when all else matched.
		 */
		for (j = 0; j < x->nvalues; j++)
			if (v[j].field != KWARDEN_EXC_PARENT &&
			    !(hit & (1U << v[j].field)) &&
			    kw_value_matches(&v[j], s, &parent, &parent_done,
					     &budget))
				hit |= 1U << v[j].field;
		if ((hit | parent_bit) != (need | parent_bit))
			continue;
		for (j = 0; j < x->nvalues && hit != need; j++)
			if (v[j].field == KWARDEN_EXC_PARENT &&
			    kw_value_matches(&v[j], s, &parent, &parent_done,
					     &budget))
				hit |= parent_bit;
		if (hit == need)
			return (int)i;
	}
	return -1;
}

static bool kw_word_ok(const struct kw_ruleset *p, const struct kw_set *set,
		       const char *a, size_t n, u32 *budget)
{
	u32 i;

	for (i = 0; i < set->nargs; i++) {
		const struct kw_str *w = &p->args[set->first_arg + i];

		if (kw_glob_budget(w->s, w->len, a, n, budget))
			return true;
	}
	return false;
}

bool kw_ruleset_args_ok(const struct kw_ruleset *p, const struct kw_set *set,
			const char *argv, size_t len)
{
	const char *a = argv, *end = argv + len;
	u32 budget = KW_ARGS_BUDGET;
	bool first = true;

	if (set->args_on == KWARDEN_ARGS_NONE)
		return true;
	while (a < end) {
		size_t n = strnlen(a, (size_t)(end - a));

		if (!first) {
			/* A spent budget counts as a match: fail closed. */
			if (kw_word_ok(p, set, a, n, &budget) || !budget)
				return true;
			if (set->args_on == KWARDEN_ARGS_ARG1)
				return false;
		}
		first = false;
		a += n + 1;
	}
	return false;
}

bool kw_ruleset_path_ok(const struct kw_set *set, const char *exe)
{
	u32 budget = KW_PATH_BUDGET;

	if (!set->path)
		return true;
	/* no path (longer than PATH_MAX, say): it may be the one named */
	if (!exe)
		return true;
	return kw_glob_budget(set->path, strlen(set->path), exe, strlen(exe),
			      &budget) || !budget;
}
