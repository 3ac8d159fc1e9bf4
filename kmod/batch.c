// SPDX-License-Identifier: GPL-2.0
/*
 * Findings leave as "event" messages on the events multicast group, several
 * to a datagram. Each event is still its own generic netlink message; a
 * reader walks the messages of a datagram as for any netlink socket.
 *
 * Why batches: per finding, allocating an skb, multicasting it and the
 * relay's receive of it cost more than everything the event says. So an
 * event is written straight into the pending batch, which goes out when it
 * is full or at most KW_BATCH_DELAY later. After a quiet spell the first
 * event goes out at once: a lone finding is never held back.
 *
 * Task work writes events in process context under one mutex: argv is
 * read from user memory straight into the batch and may fault.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "batch.h"
#include "genl.h"
#include "stats.h"

/* Sized to stay a kmalloc-8k slab buffer with its skb_shared_info. */
#define KW_BATCH_SIZE	SKB_WITH_OVERHEAD(8192)
#define KW_BATCH_DELAY	msecs_to_jiffies(4)

static struct {
	struct mutex lock;	/* all of these; held while argv is read */
	struct sk_buff *skb;	/* pending, or NULL */
	unsigned int n;		/* events in it */
	unsigned long last;	/* jiffies of the last send */
	u64 seq;		/* of the last event committed */
} kw_batch = {
	.lock = __MUTEX_INITIALIZER(kw_batch.lock),
};

static void kw_batch_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(kw_batch_work, kw_batch_work_fn);

/*
 * An event is written in place from one list of its attributes, straight
 * into the batch's free room. nla_put() would check room, call skb_put()
 * and two string functions per attribute; an event has 38 of them. When
 * the room runs out, the writer goes on measuring only: the event then
 * goes at the start of a new batch, with its size known.
 */
struct kw_w {
	char *p;		/* NULL: measuring */
	char *end;
	size_t n;		/* the event's size, written or not */
};

/* inline: as calls, these cost an event more than its bytes did */
static __always_inline void *kw_w_attr(struct kw_w *w, int type,
				       size_t len)
{
	struct nlattr *nla = (struct nlattr *)w->p;
	size_t total = nla_total_size(len);

	w->n += total;
	if (!nla)
		return NULL;
	if (unlikely(total > w->end - w->p)) {
		w->p = NULL;
		return NULL;
	}
	nla->nla_type = type;
	nla->nla_len = nla_attr_size(len);
	/* zero the padding: the last 4-byte word, before the data lands */
	if (len & (NLA_ALIGNTO - 1))
		*(u32 *)((char *)nla + total - NLA_ALIGNTO) = 0;
	w->p += total;
	return nla_data(nla);
}

static __always_inline void kw_w_u8(struct kw_w *w, int type, u8 v)
{
	u8 *d = kw_w_attr(w, type, sizeof(v));

	if (d)
		*d = v;
}

static __always_inline void kw_w_u32(struct kw_w *w, int type, u32 v)
{
	u32 *d = kw_w_attr(w, type, sizeof(v));

	if (d)
		*d = v;
}

/* Unaligned where it lands; readers copy it out (libnl's nla_get_u64()). */
static __always_inline void kw_w_u64(struct kw_w *w, int type, u64 v)
{
	void *d = kw_w_attr(w, type, sizeof(v));

	if (d)
		memcpy(d, &v, sizeof(v));
}

/* NUL-terminated, with its length known. */
static __always_inline void kw_w_str(struct kw_w *w, int type,
				     const char *s, size_t len)
{
	char *d = kw_w_attr(w, type, len + 1);

	if (d)
		memcpy(d, s, len + 1);
}

/*
 * The schema's wire types (include/kwarden_schema.h), one writer each,
 * taking the member. argv is written last, by kw_event_fill() itself.
 */
#define kw_w_NONE(w, type, v)
#define kw_w_ARGV(w, type, v)

static __always_inline void kw_w_U8(struct kw_w *w, int type, const u8 *v)
{
	kw_w_u8(w, type, *v);
}

static __always_inline void kw_w_U32(struct kw_w *w, int type, const u32 *v)
{
	kw_w_u32(w, type, *v);
}

static __always_inline void kw_w_U64(struct kw_w *w, int type, const u64 *v)
{
	kw_w_u64(w, type, *v);
}

static __always_inline void kw_w_OU64(struct kw_w *w, int type, const u64 *v)
{
	if (*v)
		kw_w_u64(w, type, *v);
}

static __always_inline void kw_w_STR(struct kw_w *w, int type,
				     const struct kw_fstr *s)
{
	kw_w_str(w, type, s->s, s->len);
}

static __always_inline void kw_w_OSTR(struct kw_w *w, int type,
				      const struct kw_fstr *s)
{
	if (s->len)
		kw_w_str(w, type, s->s, s->len);
}

static __always_inline void kw_w_FLAG(struct kw_w *w, int type,
				      const bool *v)
{
	if (*v)
		kw_w_attr(w, type, 0);
}

/*
 * Every field of the schema in its order, argv last: kw_event_commit()
 * trims it. Returns where argv goes. The seq is written as 0 and numbered
 * at commit: an event taken back leaves no gap.
 */
static char *kw_event_fill(struct kw_w *w, const struct kw_event_data *d,
			   size_t argv_max)
{
#define X(attr, wire, member, key, view) \
	kw_w_##wire(w, KWARDEN_A_##attr, &d->member);
	KWARDEN_EVENT(X)
#undef X
	return kw_w_attr(w, KWARDEN_A_ARGV, argv_max);
}

/* Sends the pending batch; every event in it is counted by the outcome. */
static void kw_batch_send(void)
{
	struct sk_buff *skb = kw_batch.skb;
	unsigned int n = kw_batch.n;
	int ret;

	lockdep_assert_held(&kw_batch.lock);
	if (!skb)
		return;
	kw_batch.skb = NULL;
	kw_batch.n = 0;
	if (!n) {
		kfree_skb(skb);
		return;
	}
	kw_batch.last = jiffies;
	ret = kw_genl_multicast(skb);
	/*
	 * Without NETLINK_BROADCAST_ERROR on the listener a full socket is
	 * reported like no listener at all: ask which it was.
	 */
	if (!ret)
		kw_stat_add(KW_STAT_SENT, n);
	else if (ret == -ESRCH && !kw_genl_has_listeners())
		kw_stat_add(KW_STAT_DROP_NOLISTENER, n);
	else
		kw_stat_add(KW_STAT_DROP_SOCKFULL, n);
}

static void kw_batch_work_fn(struct work_struct *work)
{
	kw_events_flush();
}

void kw_events_lock(void)
{
	mutex_lock(&kw_batch.lock);
}

void kw_events_unlock(void)
{
	mutex_unlock(&kw_batch.lock);
}

/*
 * Writes the event at the batch's tail. Returns its header, or NULL if it
 * did not fit (its size then in @w->n) or the batch is gone.
 */
static struct nlmsghdr *kw_event_write(struct kw_w *w,
				       const struct kw_event_data *d,
				       size_t argv_max, char **argv)
{
	struct sk_buff *skb = kw_batch.skb;
	struct nlmsghdr *nlh;

	w->n = 0;
	w->p = NULL;
	nlh = skb ? (struct nlmsghdr *)skb_tail_pointer(skb) : NULL;
	if (nlh && kw_genl_event_hdr(skb)) {
		w->p = skb_tail_pointer(skb);
		w->end = skb_end_pointer(skb);
	}
	*argv = kw_event_fill(w, d, argv_max);
	if (!w->p) {
		/* no room: take back what was written, the header at least */
		if (nlh)
			kw_event_abort(nlh);
		return NULL;
	}
	skb_put(skb, w->n);
	/* complete as is, so that its attributes can be found and edited */
	nlh->nlmsg_len = skb_tail_pointer(skb) - (unsigned char *)nlh;
	return nlh;
}

struct nlmsghdr *kw_event_begin(const struct kw_event_data *d,
				size_t argv_max, char **argv)
{
	struct nlmsghdr *nlh;
	struct kw_w w;
	size_t need;

	lockdep_assert_held(&kw_batch.lock);
	if (!kw_batch.skb)
		kw_batch.skb = alloc_skb(KW_BATCH_SIZE, GFP_KERNEL);
	nlh = kw_event_write(&w, d, argv_max, argv);
	if (nlh)
		return nlh;
	/* it does not fit: send the batch, if it holds any event */
	kw_batch_send();
	/* an event larger than a batch (long paths) goes alone */
	need = nlmsg_total_size(GENL_HDRLEN + w.n);
	kw_batch.skb = alloc_skb(max_t(size_t, need, KW_BATCH_SIZE), GFP_KERNEL);
	if (!kw_batch.skb)
		return NULL;
	nlh = kw_event_write(&w, d, argv_max, argv);
	/* the room was measured: a bug if it does not fit now */
	WARN_ON_ONCE(!nlh);
	return nlh;
}

/* Takes back the event kw_event_begin() just wrote: it is the last. */
void kw_event_abort(struct nlmsghdr *nlh)
{
	struct sk_buff *skb = kw_batch.skb;

	lockdep_assert_held(&kw_batch.lock);
	skb_trim(skb, (unsigned char *)nlh - skb->data);
	if (!kw_batch.n) {
		kfree_skb(skb);
		kw_batch.skb = NULL;
	}
}

/* The action is decided after argv was read for argv-conditioned sets. */
void kw_event_set_action(struct nlmsghdr *nlh, u8 action)
{
	struct nlattr *nla = nlmsg_find_attr(nlh, GENL_HDRLEN,
					     KWARDEN_A_ACTION);

	if (nla)
		*(u8 *)nla_data(nla) = action;
}

/*
 * Numbers the event, trims argv to the @argv_len bytes that were read, and
 * sends the batch now (after a quiet spell), or leaves it for the delayed
 * work or the next event that does not fit.
 */
void kw_event_commit(struct nlmsghdr *nlh, size_t argv_max, size_t argv_len)
{
	struct sk_buff *skb = kw_batch.skb;
	struct nlattr *nla;
	u64 seq;

	lockdep_assert_held(&kw_batch.lock);
	seq = ++kw_batch.seq;
	nla = nlmsg_find_attr(nlh, GENL_HDRLEN, KWARDEN_A_SEQ);
	if (nla)
		memcpy(nla_data(nla), &seq, sizeof(seq));
	if (argv_len < argv_max) {
		nla = (struct nlattr *)(skb_tail_pointer(skb) -
					nla_total_size(argv_max));
		nla->nla_len = nla_attr_size(argv_len);
		memset((char *)nla_data(nla) + argv_len, 0,
		       nla_padlen(argv_len));
		skb_trim(skb, skb->len - nla_total_size(argv_max) +
			 nla_total_size(argv_len));
	}
	nlh->nlmsg_len = skb_tail_pointer(skb) - (unsigned char *)nlh;
	if (kw_batch.n++)
		return;		/* the work is already scheduled */
	if (time_after(jiffies, kw_batch.last + KW_BATCH_DELAY))
		kw_batch_send();
	else
		schedule_delayed_work(&kw_batch_work, KW_BATCH_DELAY);
}

u64 kw_events_flush(void)
{
	u64 seq;

	mutex_lock(&kw_batch.lock);
	kw_batch_send();
	seq = kw_batch.seq;
	mutex_unlock(&kw_batch.lock);
	return seq;
}

void kw_events_exit(void)
{
	cancel_delayed_work_sync(&kw_batch_work);
	kw_events_flush();
}
