/*
 * balance.c
 *	  Territory balancing: LPT, then descent and iterated descent on the
 *	  heaviest territory (see balance.h for the method).
 *
 * Each territory ("bin") keeps its items sorted by weight, so the best move
 * or swap between the heaviest bin H and another bin j is found with one
 * binary search per item of H: moving weight d from H to j changes the pair
 * to (L_H - d, L_j + d), which is best when d is closest to (L_H - L_j) / 2.
 */
#include "balance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct Entry
{
	double		w;
	int64_t		id;				/* item index */
} Entry;

typedef struct Bin
{
	Entry	   *e;				/* sorted by (w, id) ascending */
	size_t		len;
	size_t		cap;
	double		load;
} Bin;

typedef struct Ctx
{
	const double *w;
	size_t		n;
	int			k;
	Bin		   *bins;
	int		   *order;			/* scratch: bins by load */
	int64_t		work;
	int64_t		budget;
	double		stop_at;		/* at or below this nothing can improve */
	uint64_t	rng;
	spm_interrupt_fn interrupted;	/* may be NULL */
	int			stopped;		/* interrupted returned true */
} Ctx;

static uint64_t
next_rand(Ctx *c)
{
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 0x2545F4914F6CDD1DULL;
}

static int
cmp_entry_asc(const void *a, const void *b)
{
	const Entry *x = a;
	const Entry *y = b;

	if (x->w != y->w)
		return x->w < y->w ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_entry_desc(const void *a, const void *b)
{
	const Entry *x = a;
	const Entry *y = b;

	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

void
spm_balance_loads(const double *w, size_t n, int k, const int32_t *assign,
				  double *load)
{
	for (int t = 0; t < k; t++)
		load[t] = 0.0;
	for (size_t i = 0; i < n; i++)
		load[assign[i]] += w[i];
}

double
spm_balance_lower_bound(const double *w_desc, size_t n, int k, double total)
{
	double		lb = total / k;

	if (n > 0 && w_desc[0] > lb)
		lb = w_desc[0];
	if (n > (size_t) k && w_desc[k - 1] + w_desc[k] > lb)
		lb = w_desc[k - 1] + w_desc[k];
	return lb;
}

/* LPT on items already sorted descending; a binary min-heap of bins. */
static int
lpt_sorted(const Entry *sorted, size_t n, int k, int32_t *assign)
{
	int		   *heap = malloc(sizeof(int) * (size_t) k);
	double	   *load = calloc((size_t) k, sizeof(double));

	if (heap == NULL || load == NULL)
	{
		free(heap);
		free(load);
		return -1;
	}
	for (int t = 0; t < k; t++)
		heap[t] = t;			/* all zero: already a heap by index */
	for (size_t i = 0; i < n; i++)
	{
		int			t = heap[0];
		int			pos = 0;

		assign[sorted[i].id] = t;
		load[t] += sorted[i].w;
		/* sift the root down, ordered by (load, territory) */
		for (;;)
		{
			int			l = 2 * pos + 1;
			int			r = l + 1;
			int			m = pos;

#define HEAP_LESS(a, b) (load[heap[a]] < load[heap[b]] || \
						 (load[heap[a]] == load[heap[b]] && heap[a] < heap[b]))
			if (l < k && HEAP_LESS(l, m))
				m = l;
			if (r < k && HEAP_LESS(r, m))
				m = r;
#undef HEAP_LESS
			if (m == pos)
				break;
			heap[pos] = heap[m];
			heap[m] = t;
			pos = m;
		}
	}
	free(heap);
	free(load);
	return 0;
}

static Entry *
sorted_desc(const double *w, size_t n)
{
	Entry	   *s = malloc(sizeof(Entry) * (n > 0 ? n : 1));

	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
	{
		s[i].w = w[i];
		s[i].id = (int64_t) i;
	}
	qsort(s, n, sizeof(Entry), cmp_entry_desc);
	return s;
}

int
spm_balance_lpt(const double *w, size_t n, int k, int32_t *assign)
{
	Entry	   *s = sorted_desc(w, n);
	int			rc;

	if (s == NULL)
		return -1;
	rc = lpt_sorted(s, n, k, assign);
	free(s);
	return rc;
}

/* ---- bins ------------------------------------------------------------ */

static int
bins_build(Ctx *c, const int32_t *assign)
{
	for (int t = 0; t < c->k; t++)
	{
		c->bins[t].len = 0;
		c->bins[t].load = 0.0;
	}
	/* count, then make room, then fill */
	for (size_t i = 0; i < c->n; i++)
		c->bins[assign[i]].len++;
	for (int t = 0; t < c->k; t++)
	{
		Bin		   *b = &c->bins[t];
		size_t		need = b->len + 4;

		if (b->cap < need)
		{
			Entry	   *e = realloc(b->e, sizeof(Entry) * need);

			if (e == NULL)
				return -1;
			b->e = e;
			b->cap = need;
		}
		b->len = 0;
	}
	for (size_t i = 0; i < c->n; i++)
	{
		Bin		   *b = &c->bins[assign[i]];

		b->e[b->len].w = c->w[i];
		b->e[b->len].id = (int64_t) i;
		b->len++;
		b->load += c->w[i];
	}
	for (int t = 0; t < c->k; t++)
		qsort(c->bins[t].e, c->bins[t].len, sizeof(Entry), cmp_entry_asc);
	c->work += (int64_t) c->n;
	return 0;
}

static void
bins_extract(const Ctx *c, int32_t *assign)
{
	for (int t = 0; t < c->k; t++)
		for (size_t p = 0; p < c->bins[t].len; p++)
			assign[c->bins[t].e[p].id] = t;
}

/* first position whose weight is >= x */
static size_t
lower_pos(const Bin *b, double x)
{
	size_t		lo = 0,
				hi = b->len;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (b->e[mid].w < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static Entry
bin_remove(Bin *b, size_t p)
{
	Entry		e = b->e[p];

	memmove(&b->e[p], &b->e[p + 1], sizeof(Entry) * (b->len - p - 1));
	b->len--;
	b->load -= e.w;
	return e;
}

static int
bin_insert(Bin *b, Entry e)
{
	size_t		lo = 0,
				hi = b->len;

	if (b->len == b->cap)
	{
		size_t		cap = b->cap * 2 + 4;
		Entry	   *ne = realloc(b->e, sizeof(Entry) * cap);

		if (ne == NULL)
			return -1;
		b->e = ne;
		b->cap = cap;
	}
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (cmp_entry_asc(&b->e[mid], &e) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&b->e[lo + 1], &b->e[lo], sizeof(Entry) * (b->len - lo));
	b->e[lo] = e;
	b->len++;
	b->load += e.w;
	return 0;
}

static int
heaviest(const Ctx *c)
{
	int			h = 0;

	for (int t = 1; t < c->k; t++)
		if (c->bins[t].load > c->bins[h].load)
			h = t;
	return h;
}

static double
max_load(const Ctx *c)
{
	return c->bins[heaviest(c)].load;
}

static const Ctx *sort_ctx;		/* for cmp_bin_load; single-threaded */

static int
cmp_bin_load(const void *a, const void *b)
{
	double		x = sort_ctx->bins[*(const int *) a].load;
	double		y = sort_ctx->bins[*(const int *) b].load;

	if (x != y)
		return x < y ? -1 : 1;
	return (*(const int *) a > *(const int *) b) - (*(const int *) a < *(const int *) b);
}

/* ---- descent ----------------------------------------------------------- */

/* true once the caller's interrupt check has fired (then stays true) */
static int
poll_stop(Ctx *c)
{
	if (!c->stopped && c->interrupted != NULL && c->interrupted())
		c->stopped = 1;
	return c->stopped;
}

/*
 * Improve the heaviest bin by single moves and swaps until none helps, the
 * lower bound is reached, or the work budget is spent.  Returns -1 when
 * out of memory.
 */
static int
descend(Ctx *c)
{
	while (c->work < c->budget && !poll_stop(c))
	{
		int			H = heaviest(c);
		Bin		   *h = &c->bins[H];
		double		LH = h->load;
		double		tol = LH * 1e-13;
		double		best = LH - tol;	/* a step must get below this */
		int			best_j = -1;
		size_t		best_a = 0,
					best_b = 0;
		int			best_swap = 0;
		int			m = 0;

		if (LH <= c->stop_at || h->len == 0)
			return 0;

		for (int t = 0; t < c->k; t++)
			if (t != H)
				c->order[m++] = t;
		sort_ctx = c;
		qsort(c->order, (size_t) m, sizeof(int), cmp_bin_load);
		c->work += m;

		for (int oi = 0; oi < m; oi++)
		{
			int			j = c->order[oi];
			Bin		   *b = &c->bins[j];
			double		Lj = b->load;
			double		g = LH - Lj;
			double		half = g / 2;
			size_t		p;

			/*
			 * The best any step with j can do is the pair's average; bins
			 * come lightest first, so no later bin can beat the best so far.
			 */
			if (g <= tol || (LH + Lj) / 2 >= best)
				break;

			/* move one item of H to j */
			p = lower_pos(h, half);
			for (size_t q = (p > 0 ? p - 1 : 0); q <= p && q < h->len; q++)
			{
				double		wa = h->e[q].w;
				double		nm = fmax(LH - wa, Lj + wa);

				if (wa > 0 && wa < g && nm < best)
				{
					best = nm;
					best_j = j;
					best_a = q;
					best_swap = 0;
				}
			}

			/* swap an item of H with a lighter item of j */
			if (b->len > 0)
			{
				for (size_t a = 0; a < h->len; a++)
				{
					double		wa = h->e[a].w;
					size_t		pb;

					if (wa <= 0)
						continue;
					pb = lower_pos(b, wa - half);
					for (size_t q = (pb > 0 ? pb - 1 : 0); q <= pb && q < b->len; q++)
					{
						double		d = wa - b->e[q].w;
						double		nm = fmax(LH - d, Lj + d);

						if (d > 0 && d < g && nm < best)
						{
							best = nm;
							best_j = j;
							best_a = a;
							best_b = q;
							best_swap = 1;
						}
					}
				}
				c->work += (int64_t) h->len * (int64_t) (2 + log2((double) b->len + 1));
			}
			c->work += 2;
		}

		if (best_j < 0)
			return 0;
		{
			Bin		   *b = &c->bins[best_j];
			Entry		ea = bin_remove(h, best_a);

			if (best_swap)
			{
				Entry		eb = bin_remove(b, best_b);

				if (bin_insert(h, eb) != 0)
					return -1;
			}
			if (bin_insert(b, ea) != 0)
				return -1;
		}
	}
	return 0;
}

/* A few random moves and swaps, mostly out of the heaviest bin. */
static int
perturb(Ctx *c)
{
	int			steps = 1 + (int) (next_rand(c) % 3);

	for (int s = 0; s < steps; s++)
	{
		int			from = (next_rand(c) % 3 == 0) ? (int) (next_rand(c) % (uint64_t) c->k)
			: heaviest(c);
		int			to = (int) (next_rand(c) % (uint64_t) (c->k - 1));
		Bin		   *f = &c->bins[from];
		Bin		   *t;
		Entry		ea;

		if (to >= from)
			to++;
		t = &c->bins[to];
		if (f->len == 0)
			continue;
		ea = bin_remove(f, (size_t) (next_rand(c) % f->len));
		if (t->len > 0 && (next_rand(c) & 1))
		{
			Entry		eb = bin_remove(t, (size_t) (next_rand(c) % t->len));

			if (bin_insert(f, eb) != 0)
				return -1;
		}
		if (bin_insert(t, ea) != 0)
			return -1;
	}
	return 0;
}

/*
 * Give up perturbing after this many rounds without improvement: small
 * instances whose optimum lies above the lower bound would otherwise spend
 * the whole work budget proving nothing.
 */
#define STALL_ROUNDS 3000

int
spm_balance(const double *w, size_t n, int k, int32_t *assign,
			spm_balance_info *info)
{
	return spm_balance_interruptible(w, n, k, assign, info, NULL);
}

int
spm_balance_interruptible(const double *w, size_t n, int k, int32_t *assign,
						  spm_balance_info *info, spm_interrupt_fn interrupted)
{
	Ctx			c;
	Entry	   *s;
	int32_t    *best = NULL;
	double		total = 0.0;
	double		best_max;
	double		lpt_max;
	double		lb;
	int			rounds = 0;
	int			stall = 0;		/* rounds since the last improvement */
	int			rc = -1;

	memset(&c, 0, sizeof(c));
	s = sorted_desc(w, n);
	if (s == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	{
		/* the lower bound needs the weights in descending order */
		double	   *wd = malloc(sizeof(double) * (n > 0 ? n : 1));

		if (wd == NULL)
		{
			free(s);
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			wd[i] = s[i].w;
		lb = spm_balance_lower_bound(wd, n, k, total);
		free(wd);
	}
	if (lpt_sorted(s, n, k, assign) != 0)
	{
		free(s);
		return -1;
	}
	free(s);

	c.w = w;
	c.n = n;
	c.k = k;
	c.stop_at = lb * (1 + 1e-9);	/* closer is noise */
	c.rng = 0x9E3779B97F4A7C15ULL;
	c.interrupted = interrupted;
	c.bins = calloc((size_t) k, sizeof(Bin));
	c.order = malloc(sizeof(int) * (size_t) k);
	best = malloc(sizeof(int32_t) * (n > 0 ? n : 1));
	if (c.bins == NULL || c.order == NULL || best == NULL)
		goto done;

	/* bounded work: a few dozen passes over the items, and never less than 5e6 */
	c.budget = 5000000 + 100 * (int64_t) n;

	if (bins_build(&c, assign) != 0)
		goto done;
	lpt_max = max_load(&c);
	if (k > 1 && n > 1 && descend(&c) != 0)
		goto done;
	bins_extract(&c, best);
	best_max = max_load(&c);

	while (k > 1 && n > 1 && best_max > c.stop_at && c.work < c.budget &&
		   stall < STALL_ROUNDS && !poll_stop(&c))
	{
		double		m;

		rounds++;
		stall++;
		if (bins_build(&c, best) != 0 || perturb(&c) != 0 || descend(&c) != 0)
			goto done;
		m = max_load(&c);
		if (m < best_max)
		{
			best_max = m;
			bins_extract(&c, best);
			stall = 0;
		}
	}
	if (c.stopped)
	{
		rc = -2;
		goto done;
	}
	memcpy(assign, best, sizeof(int32_t) * n);
	if (info)
	{
		double	   *load = malloc(sizeof(double) * (size_t) k);

		if (load == NULL)
			goto done;
		spm_balance_loads(w, n, k, assign, load);
		info->max_load = 0.0;
		for (int t = 0; t < k; t++)
			if (load[t] > info->max_load)
				info->max_load = load[t];
		free(load);
		info->lpt_max_load = lpt_max;
		info->lower_bound = lb;
		info->work = c.work;
		info->rounds = rounds;
	}
	rc = 0;

done:
	if (c.bins)
		for (int t = 0; t < k; t++)
			free(c.bins[t].e);
	free(c.bins);
	free(c.order);
	free(best);
	return rc;
}
