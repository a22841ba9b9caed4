/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-alignment.c: aligns two word sequences in near-linear time, anchoring on shared unique
 * words and refining each disagreement into substitutions, splits, merges and gaps. */
#include <string.h>

#include "vn-alignment.h"
#include "vn-text-distance.h"

#define NO_MATCH G_MAXUINT32
#define COST_INFINITE (G_MAXUINT32 / 2)

/* Costs are in quarter characters, so that the word penalties below stay integers. */
#define COST_CHAR          4
/* Added to a gap word's characters: an unmatched word is dearer than editing a partner. */
#define COST_GAP_WORD      2
/* Each extra word in a split or merge costs more than a gap, so that a merge never swallows an
 * unrelated neighbour whose letters it would only pay for as insertions anyway. */
#define COST_EXTRA_WORD    3
/* A lone dash between hyphenated halves ("товари" "–" "щеской") is absorbed almost for free. */
#define COST_EXTRA_JOINER  1
/* Below this similarity two groups of words are unrelated: DELETE + INSERT beats REPLACE. */
#define MIN_SIMILARITY_PCT 34

/* Patience splitting may revisit words at each level of recursion; past this many visits per
 * word the remaining gaps go to the bounded DP, so that adversarial inputs stay linear. */
#define SPLIT_WORK_PER_WORD 48
/* The character-level DP sees at most this many words per side at once. */
#define PIECE_WORDS        512
/* Up to this many cells the DP is exact; beyond, it follows the diagonal within a band. */
#define FULL_DP_CELLS      16384
#define BAND_WORDS         24
/* Thorough refinement (wide band, every shape) gets this many DP cells per input word; big
 * disagreements beyond that, or cut into pieces, get a narrow band and the three commonest
 * shapes, so that a garbled or unrelated text costs a few microseconds per word. */
#define THOROUGH_CELLS_PER_WORD 256
#define QUICK_BAND_WORDS   3
#define QUICK_SHAPES       3
/* Keys longer than this (in code points, concatenated) are never compared character-wise. */
#define MAX_COMPARED_CHARS 1024

/* The shapes a REPLACE hunk may take, as (A words, B words); the first is preferred on ties. */
static const struct { guint8 a, b; } shapes[] = {
  { 1, 1 }, { 1, 2 }, { 2, 1 }, { 1, 3 }, { 3, 1 }, { 2, 2 }, { 1, 4 }, { 4, 1 }, { 2, 3 }, { 3, 2 },
};

enum { STEP_NONE, STEP_EQUAL, STEP_DELETE, STEP_INSERT, STEP_SHAPE };

/* ---------------------------------------------------------------------------------------- */
/* Interning: keys become small integers, so that equality and counting are cheap.          */

typedef struct
{
  const char *key;
  guint32     hash;
  guint32     id;
} InternSlot;

typedef struct
{
  InternSlot *slots;
  guint32     mask;
  guint32     n_ids;
} Interner;

static guint32
hash_key (const char *key)
{
  guint32 h = 2166136261u; /* FNV-1a */

  for (const guchar *p = (const guchar *) key; *p != '\0'; p++)
    h = (h ^ *p) * 16777619u;

  return h;
}

static void
interner_grow (Interner *t)
{
  guint32 old_size = t->slots != NULL ? t->mask + 1 : 0;
  guint32 new_size = MAX (1024, old_size * 2);
  InternSlot *old = t->slots;

  t->slots = g_new0 (InternSlot, new_size);
  t->mask = new_size - 1;
  for (guint32 k = 0; k < old_size; k++)
    {
      guint32 at = old[k].hash & t->mask;

      if (old[k].key == NULL)
        continue;
      while (t->slots[at].key != NULL)
        at = (at + 1) & t->mask;
      t->slots[at] = old[k];
    }
  g_free (old);
}

static guint32
interner_add (Interner   *t,
              const char *key)
{
  guint32 hash = hash_key (key);
  guint32 at;

  if (t->slots == NULL || (t->n_ids + 1) * 2 > t->mask + 1)
    interner_grow (t);

  for (at = hash & t->mask; t->slots[at].key != NULL; at = (at + 1) & t->mask)
    if (t->slots[at].hash == hash && strcmp (t->slots[at].key, key) == 0)
      return t->slots[at].id;

  t->slots[at] = (InternSlot) { key, hash, t->n_ids };
  return t->n_ids++;
}

/* ---------------------------------------------------------------------------------------- */
/* Word-level matching: patience splitting on words unique in both halves of a range.       */

typedef struct
{
  guint a0, a1, b0, b1;
} Range;

typedef struct
{
  guint    n_a, n_b;
  guint32 *id_a, *id_b;
  guint32 *count_a, *count_b; /* per id, within the range being split; zero between ranges */
  guint32 *last_b;            /* per id: where it occurs in the range of B */
  guint32 *match_a;           /* per A word: its equal B word, or NO_MATCH */
  guint64  work_left;
  GArray  *ranges;            /* Range: still to split */
  GArray  *cand_a, *cand_b;   /* guint32: pairs of unique words, ordered by A */
  GArray  *prev, *tails;      /* guint32: scratch of the longest increasing subsequence */
} Matcher;

static void
matcher_clear (Matcher *mt)
{
  g_free (mt->id_a);
  g_free (mt->id_b);
  g_free (mt->count_a);
  g_free (mt->count_b);
  g_free (mt->last_b);
  g_free (mt->match_a);
  g_array_unref (mt->ranges);
  g_array_unref (mt->cand_a);
  g_array_unref (mt->cand_b);
  g_array_unref (mt->prev);
  g_array_unref (mt->tails);
}

static void
matcher_init (Matcher            *mt,
              const char * const *a,
              guint               n_a,
              const char * const *b,
              guint               n_b)
{
  Interner interner = { 0 };

  mt->n_a = n_a;
  mt->n_b = n_b;
  mt->id_a = g_new (guint32, n_a);
  mt->id_b = g_new (guint32, n_b);
  for (guint i = 0; i < n_a; i++)
    mt->id_a[i] = interner_add (&interner, a[i]);
  for (guint j = 0; j < n_b; j++)
    mt->id_b[j] = interner_add (&interner, b[j]);
  g_free (interner.slots);

  mt->count_a = g_new0 (guint32, interner.n_ids);
  mt->count_b = g_new0 (guint32, interner.n_ids);
  mt->last_b = g_new (guint32, interner.n_ids);
  mt->match_a = g_new (guint32, n_a);
  for (guint i = 0; i < n_a; i++)
    mt->match_a[i] = NO_MATCH;
  mt->work_left = (guint64) SPLIT_WORK_PER_WORD * (n_a + n_b) + 1024;
  mt->ranges = g_array_new (FALSE, FALSE, sizeof (Range));
  mt->cand_a = g_array_new (FALSE, FALSE, sizeof (guint32));
  mt->cand_b = g_array_new (FALSE, FALSE, sizeof (guint32));
  mt->prev = g_array_new (FALSE, FALSE, sizeof (guint32));
  mt->tails = g_array_new (FALSE, FALSE, sizeof (guint32));
}

/* Matches the equal words at both ends of @r and narrows it to what is left between. */
static void
trim_equal_ends (Matcher *mt,
                 Range   *r)
{
  while (r->a0 < r->a1 && r->b0 < r->b1 && mt->id_a[r->a0] == mt->id_b[r->b0])
    mt->match_a[r->a0++] = r->b0++;
  while (r->a0 < r->a1 && r->b0 < r->b1 && mt->id_a[r->a1 - 1] == mt->id_b[r->b1 - 1])
    mt->match_a[--r->a1] = --r->b1;
}

/* Fills cand_a/cand_b with the positions of words occurring exactly once in each side of @r. */
static void
collect_unique_pairs (Matcher     *mt,
                      const Range *r)
{
  g_array_set_size (mt->cand_a, 0);
  g_array_set_size (mt->cand_b, 0);

  for (guint i = r->a0; i < r->a1; i++)
    mt->count_a[mt->id_a[i]]++;
  for (guint j = r->b0; j < r->b1; j++)
    {
      mt->count_b[mt->id_b[j]]++;
      mt->last_b[mt->id_b[j]] = j;
    }

  for (guint i = r->a0; i < r->a1; i++)
    {
      guint32 id = mt->id_a[i];

      if (mt->count_a[id] == 1 && mt->count_b[id] == 1)
        {
          g_array_append_val (mt->cand_a, i);
          g_array_append_val (mt->cand_b, mt->last_b[id]);
        }
    }

  for (guint i = r->a0; i < r->a1; i++)
    mt->count_a[mt->id_a[i]] = 0;
  for (guint j = r->b0; j < r->b1; j++)
    mt->count_b[mt->id_b[j]] = 0;
}

/* Patience sorting: returns the length of the longest increasing subsequence of @keys; its last
 * element is tails[length - 1] and each element's predecessor is in @prev. */
static guint
longest_increasing_subsequence (const guint32 *keys,
                                guint          n,
                                guint32       *prev,
                                guint32       *tails)
{
  guint length = 0;

  for (guint k = 0; k < n; k++)
    {
      guint lo = 0, hi = length;

      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (keys[tails[mid]] < keys[k])
            lo = mid + 1;
          else
            hi = mid;
        }
      prev[k] = lo > 0 ? tails[lo - 1] : NO_MATCH;
      tails[lo] = k;
      if (lo == length)
        length++;
    }

  return length;
}

/* Matches the chain of anchors ending at candidate @last and queues the gaps between them. */
static void
queue_gaps_between_anchors (Matcher     *mt,
                            const Range *r,
                            guint32      last)
{
  const guint32 *cand_a = (const guint32 *) (gpointer) mt->cand_a->data;
  const guint32 *cand_b = (const guint32 *) (gpointer) mt->cand_b->data;
  const guint32 *prev = (const guint32 *) (gpointer) mt->prev->data;
  guint next_a = r->a1, next_b = r->b1;

  for (guint32 k = last; k != NO_MATCH; k = prev[k])
    {
      Range gap = { cand_a[k] + 1, next_a, cand_b[k] + 1, next_b };

      mt->match_a[cand_a[k]] = cand_b[k];
      g_array_append_val (mt->ranges, gap);
      next_a = cand_a[k];
      next_b = cand_b[k];
    }

  g_array_append_val (mt->ranges, ((Range) { r->a0, next_a, r->b0, next_b }));
}

static void
split_range (Matcher *mt,
             Range    r)
{
  guint64 size;
  guint length;

  trim_equal_ends (mt, &r);
  size = (guint64) (r.a1 - r.a0) + (r.b1 - r.b0);
  if (r.a0 == r.a1 || r.b0 == r.b1 || size > mt->work_left)
    return;
  mt->work_left -= size;

  collect_unique_pairs (mt, &r);
  if (mt->cand_a->len == 0)
    return;

  g_array_set_size (mt->prev, mt->cand_a->len);
  g_array_set_size (mt->tails, mt->cand_a->len);
  length = longest_increasing_subsequence ((const guint32 *) (gpointer) mt->cand_b->data,
                                           mt->cand_a->len,
                                           (guint32 *) (gpointer) mt->prev->data,
                                           (guint32 *) (gpointer) mt->tails->data);
  queue_gaps_between_anchors (mt, &r, g_array_index (mt->tails, guint32, length - 1));
}

/* Leaves in match_a the word pairs that patience splitting found equal; what lies between
 * them is left to the character-level DP. */
static void
match_words (Matcher *mt)
{
  g_array_append_val (mt->ranges, ((Range) { 0, mt->n_a, 0, mt->n_b }));

  while (mt->ranges->len > 0)
    {
      Range r = g_array_index (mt->ranges, Range, mt->ranges->len - 1);

      g_array_set_size (mt->ranges, mt->ranges->len - 1);
      split_range (mt, r);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Output: coalesces equal runs and gathers adjacent gaps into one DELETE then one INSERT.  */

typedef struct
{
  GArray *hunks;
  guint   gap_a, gap_b;         /* where the pending gap starts */
  guint   gap_a_len, gap_b_len;
} HunkWriter;

static void
writer_append (HunkWriter        *w,
               const VnAlignHunk *h)
{
  if (h->op == VN_ALIGN_EQUAL && w->hunks->len > 0)
    {
      VnAlignHunk *last = &g_array_index (w->hunks, VnAlignHunk, w->hunks->len - 1);

      if (last->op == VN_ALIGN_EQUAL)
        {
          last->a_len += h->a_len;
          last->b_len += h->b_len;
          return;
        }
    }
  g_array_append_vals (w->hunks, h, 1);
}

static void
writer_flush_gap (HunkWriter *w)
{
  if (w->gap_a_len > 0)
    writer_append (w, &(VnAlignHunk) { VN_ALIGN_DELETE, w->gap_a, w->gap_a_len, w->gap_b, 0 });
  if (w->gap_b_len > 0)
    writer_append (w, &(VnAlignHunk) { VN_ALIGN_INSERT, w->gap_a + w->gap_a_len, 0,
                                       w->gap_b, w->gap_b_len });
  w->gap_a_len = w->gap_b_len = 0;
}

static void
writer_push (HunkWriter *w,
             VnAlignOp   op,
             guint       a_start,
             guint       a_len,
             guint       b_start,
             guint       b_len)
{
  if (op == VN_ALIGN_DELETE || op == VN_ALIGN_INSERT)
    {
      if (w->gap_a_len == 0 && w->gap_b_len == 0)
        {
          w->gap_a = a_start;
          w->gap_b = b_start;
        }
      w->gap_a_len += a_len;
      w->gap_b_len += b_len;
      return;
    }

  writer_flush_gap (w);
  writer_append (w, &(VnAlignHunk) { op, a_start, a_len, b_start, b_len });
}

/* ---------------------------------------------------------------------------------------- */
/* Character-level refinement of a disagreement: a DP over word boundaries.                 */

/* The words of one side of a piece, decoded once: dashes dropped, so that concatenating any
 * run of neighbours is a slice of @cps. */
typedef struct
{
  const guint32 *ids;
  guint          start, n;
  GArray        *cps;       /* gunichar */
  GArray        *offsets;   /* guint, n + 1: word k is cps[offsets[k] .. offsets[k + 1]) */
  GArray        *masks;     /* guint64: a bit per code point (mod 64), for a quick bound */
  GArray        *penalties; /* guint8: what the word adds as an extra word of a split/merge */
} WordRun;

typedef struct
{
  WordRun  a, b;
  GArray  *lo, *hi, *row_start; /* guint: the band of B positions kept in each DP row */
  GArray  *cost;                /* guint32 per cell */
  GArray  *step;                /* guint8 per cell: how the cell was reached */
  GArray  *lev_row;             /* guint */
  GArray  *trace;               /* guint8: steps of the best path, backwards */
  gboolean thorough;            /* this piece gets the wide band and every shape */
  guint64  thorough_cells_left;
} Refiner;

static void
word_run_init (WordRun       *run,
               const guint32 *ids)
{
  run->ids = ids;
  run->cps = g_array_new (FALSE, FALSE, sizeof (gunichar));
  run->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  run->masks = g_array_new (FALSE, FALSE, sizeof (guint64));
  run->penalties = g_array_new (FALSE, FALSE, sizeof (guint8));
}

static void
word_run_clear (WordRun *run)
{
  g_array_unref (run->cps);
  g_array_unref (run->offsets);
  g_array_unref (run->masks);
  g_array_unref (run->penalties);
}

static void
word_run_load (WordRun            *run,
               const char * const *keys,
               guint               start,
               guint               n)
{
  guint zero = 0;

  run->start = start;
  run->n = n;
  g_array_set_size (run->cps, 0);
  g_array_set_size (run->offsets, 0);
  g_array_set_size (run->masks, 0);
  g_array_set_size (run->penalties, 0);
  g_array_append_val (run->offsets, zero);

  for (guint k = 0; k < n; k++)
    {
      const char *key = keys[start + k];
      guint from = run->cps->len;
      guint added = vn_text_decode_key (key, TRUE, run->cps);
      guint64 mask = 0;
      guint8 penalty = (added == 0 && key[0] != '\0') ? COST_EXTRA_JOINER : COST_EXTRA_WORD;

      for (guint c = from; c < run->cps->len; c++)
        mask |= G_GUINT64_CONSTANT (1) << (g_array_index (run->cps, gunichar, c) % 64);
      g_array_append_val (run->offsets, run->cps->len);
      g_array_append_val (run->masks, mask);
      g_array_append_val (run->penalties, penalty);
    }
}

static inline guint
word_run_offset (const WordRun *run,
                 guint          k)
{
  return g_array_index (run->offsets, guint, k);
}

/* What words [from, to) cost as one side of a split/merge: every word past the first counts. */
static guint32
word_run_extra_words (const WordRun *run,
                      guint          from,
                      guint          to,
                      guint64       *mask)
{
  guint32 sum = 0, largest = 0;

  *mask = 0;
  for (guint k = from; k < to; k++)
    {
      guint8 penalty = g_array_index (run->penalties, guint8, k);

      sum += penalty;
      largest = MAX (largest, penalty);
      *mask |= g_array_index (run->masks, guint64, k);
    }

  return sum - largest;
}

static guint32
word_run_gap_cost (const WordRun *run,
                   guint          k)
{
  return COST_GAP_WORD + COST_CHAR * (word_run_offset (run, k + 1) - word_run_offset (run, k));
}

/* Cost of replacing A words [i - da, i) by B words [j - db, j), or COST_INFINITE if they are
 * unrelated or cannot cost less than @budget. */
static guint32
replace_cost (Refiner *rf,
              guint    i,
              guint    j,
              guint    da,
              guint    db,
              guint32  budget)
{
  guint a0 = word_run_offset (&rf->a, i - da), a1 = word_run_offset (&rf->a, i);
  guint b0 = word_run_offset (&rf->b, j - db), b1 = word_run_offset (&rf->b, j);
  guint la = a1 - a0, lb = b1 - b0;
  guint bound = MAX (la, lb) * (100 - MIN_SIMILARITY_PCT) / 100;
  guint64 mask_a, mask_b;
  guint32 extra = word_run_extra_words (&rf->a, i - da, i, &mask_a)
                + word_run_extra_words (&rf->b, j - db, j, &mask_b);
  /* Each code point (mod 64) missing from the other side needs an edit of its own. */
  guint lower = MAX ((guint) __builtin_popcountll (mask_a & ~mask_b),
                     (guint) __builtin_popcountll (mask_b & ~mask_a));
  guint distance;

  lower = MAX (lower, la > lb ? la - lb : lb - la);
  if (lower > bound || extra + COST_CHAR * lower >= budget)
    return COST_INFINITE;

  if (MAX (la, lb) > MAX_COMPARED_CHARS)
    return COST_INFINITE;

  bound = MIN (bound, (budget - extra - 1) / COST_CHAR);
  /* An empty run's code points may be a NULL array: no pointer arithmetic on it. */
  distance = vn_text_distance_bounded (la ? &g_array_index (rf->a.cps, gunichar, a0) : NULL, la,
                               lb ? &g_array_index (rf->b.cps, gunichar, b0) : NULL, lb,
                               bound, rf->lev_row);
  if (distance > bound)
    return COST_INFINITE;

  return extra + COST_CHAR * distance;
}

/* The DP keeps, in row i (i A words consumed), B positions lo[i]..hi[i].  A small piece keeps
 * them all; a large one follows the diagonal, wide enough that rows always connect. */
static guint
refiner_set_band (Refiner *rf)
{
  guint m = rf->a.n, n = rf->b.n;
  gboolean full = rf->thorough && (guint64) (m + 1) * (n + 1) <= FULL_DP_CELLS;
  guint width = (rf->thorough ? BAND_WORDS : QUICK_BAND_WORDS) + (n + m - 1) / m;
  guint cells = 0;

  g_array_set_size (rf->lo, m + 1);
  g_array_set_size (rf->hi, m + 1);
  g_array_set_size (rf->row_start, m + 1);
  for (guint i = 0; i <= m; i++)
    {
      guint lo = 0, hi = n;

      if (!full)
        {
          guint centre_lo = (guint) ((guint64) i * n / m);
          guint centre_hi = (guint) (((guint64) i * n + m - 1) / m);

          lo = centre_lo > width ? centre_lo - width : 0;
          hi = MIN (n, centre_hi + width);
        }
      g_array_index (rf->lo, guint, i) = lo;
      g_array_index (rf->hi, guint, i) = hi;
      g_array_index (rf->row_start, guint, i) = cells;
      cells += hi - lo + 1;
    }

  return cells;
}

/* Index of cell (i, j), or -1 outside the band. */
static inline gssize
refiner_cell (Refiner *rf,
              guint    i,
              guint    j)
{
  guint lo = g_array_index (rf->lo, guint, i);

  if (j < lo || j > g_array_index (rf->hi, guint, i))
    return -1;
  return g_array_index (rf->row_start, guint, i) + (j - lo);
}

typedef struct
{
  guint32 cost;
  guint8  step;
} Candidate;

static inline void
consider (Candidate *best,
          guint32    cost,
          guint8     step)
{
  if (cost < best->cost)
    *best = (Candidate) { cost, step };
}

static inline guint32
refiner_cost_at (Refiner *rf,
                 gssize   cell)
{
  return cell < 0 ? COST_INFINITE : g_array_index (rf->cost, guint32, cell);
}

/* Tries every split/merge shape ending at (i, j). */
static void
consider_replacements (Refiner   *rf,
                       guint      i,
                       guint      j,
                       Candidate *best)
{
  guint n_shapes = rf->thorough ? G_N_ELEMENTS (shapes) : QUICK_SHAPES;

  for (guint s = 0; s < n_shapes; s++)
    {
      guint da = shapes[s].a, db = shapes[s].b;
      guint32 from, cost;

      if (da > i || db > j)
        continue;
      from = refiner_cost_at (rf, refiner_cell (rf, i - da, j - db));
      if (from >= best->cost)
        continue;
      if (da == 1 && db == 1
          && rf->a.ids[rf->a.start + i - 1] == rf->b.ids[rf->b.start + j - 1])
        {
          consider (best, from, STEP_EQUAL);
          continue;
        }
      cost = replace_cost (rf, i, j, da, db, best->cost - from);
      if (cost < COST_INFINITE)
        consider (best, from + cost, STEP_SHAPE + s);
    }
}

static Candidate
refiner_best_step (Refiner *rf,
                   guint    i,
                   guint    j)
{
  Candidate best = { COST_INFINITE, STEP_NONE };

  if (i == 0 && j == 0)
    return (Candidate) { 0, STEP_NONE };

  consider_replacements (rf, i, j, &best);
  if (i > 0)
    consider (&best, refiner_cost_at (rf, refiner_cell (rf, i - 1, j))
                     + word_run_gap_cost (&rf->a, i - 1), STEP_DELETE);
  if (j > 0)
    consider (&best, refiner_cost_at (rf, refiner_cell (rf, i, j - 1))
                     + word_run_gap_cost (&rf->b, j - 1), STEP_INSERT);

  return best;
}

static void
refiner_fill (Refiner *rf)
{
  guint cells = refiner_set_band (rf);

  g_array_set_size (rf->cost, cells);
  g_array_set_size (rf->step, cells);
  if (rf->thorough)
    rf->thorough_cells_left -= MIN (rf->thorough_cells_left, cells);

  for (guint i = 0; i <= rf->a.n; i++)
    for (guint j = g_array_index (rf->lo, guint, i); j <= g_array_index (rf->hi, guint, i); j++)
      {
        gssize cell = refiner_cell (rf, i, j);
        Candidate best = refiner_best_step (rf, i, j);

        g_array_index (rf->cost, guint32, cell) = MIN (best.cost, COST_INFINITE);
        g_array_index (rf->step, guint8, cell) = best.step;
      }
}

static void
step_shape (guint8  step,
            guint  *da,
            guint  *db)
{
  switch (step)
    {
    case STEP_DELETE: *da = 1; *db = 0; break;
    case STEP_INSERT: *da = 0; *db = 1; break;
    case STEP_EQUAL:  *da = 1; *db = 1; break;
    default:
      g_assert (step >= STEP_SHAPE && step < STEP_SHAPE + G_N_ELEMENTS (shapes));
      *da = shapes[step - STEP_SHAPE].a;
      *db = shapes[step - STEP_SHAPE].b;
    }
}

/* Walks the best path back from the end, then hands its hunks to @w in order. */
static void
refiner_emit (Refiner    *rf,
              HunkWriter *w)
{
  static const VnAlignOp ops[] = {
    [STEP_EQUAL] = VN_ALIGN_EQUAL, [STEP_DELETE] = VN_ALIGN_DELETE, [STEP_INSERT] = VN_ALIGN_INSERT,
  };
  guint i = rf->a.n, j = rf->b.n;

  g_array_set_size (rf->trace, 0);
  while (i > 0 || j > 0)
    {
      guint8 step = g_array_index (rf->step, guint8, refiner_cell (rf, i, j));
      guint da, db;

      step_shape (step, &da, &db);
      g_array_append_val (rf->trace, step);
      i -= da;
      j -= db;
    }

  for (guint k = rf->trace->len; k-- > 0;)
    {
      guint8 step = g_array_index (rf->trace, guint8, k);
      VnAlignOp op = step >= STEP_SHAPE ? VN_ALIGN_REPLACE : ops[step];
      guint da, db;

      step_shape (step, &da, &db);
      writer_push (w, op, rf->a.start + i, da, rf->b.start + j, db);
      i += da;
      j += db;
    }
}

static void
refine_piece (Refiner            *rf,
              HunkWriter         *w,
              const char * const *a,
              const char * const *b,
              const Range        *r)
{
  word_run_load (&rf->a, a, r->a0, r->a1 - r->a0);
  word_run_load (&rf->b, b, r->b0, r->b1 - r->b0);
  refiner_fill (rf);
  refiner_emit (rf, w);
}

/* Refines the disagreement @r; a large one is cut along its diagonal into pieces the DP can
 * take, which may misplace a split or merge at a cut but keeps the cost linear. */
static void
refine_region (Refiner            *rf,
               HunkWriter         *w,
               const char * const *a,
               const char * const *b,
               const Range        *r)
{
  guint m = r->a1 - r->a0, n = r->b1 - r->b0;
  guint pieces = (MAX (m, n) + PIECE_WORDS - 1) / PIECE_WORDS;

  if (m == 0 || n == 0)
    {
      writer_push (w, m > 0 ? VN_ALIGN_DELETE : VN_ALIGN_INSERT, r->a0, m, r->b0, n);
      return;
    }

  rf->thorough = pieces == 1 && rf->thorough_cells_left > 0;

  for (guint k = 0; k < pieces; k++)
    {
      Range piece = {
        r->a0 + (guint) ((guint64) m * k / pieces), r->a0 + (guint) ((guint64) m * (k + 1) / pieces),
        r->b0 + (guint) ((guint64) n * k / pieces), r->b0 + (guint) ((guint64) n * (k + 1) / pieces),
      };

      if (piece.a0 == piece.a1 || piece.b0 == piece.b1)
        writer_push (w, piece.a1 > piece.a0 ? VN_ALIGN_DELETE : VN_ALIGN_INSERT,
                     piece.a0, piece.a1 - piece.a0, piece.b0, piece.b1 - piece.b0);
      else
        refine_piece (rf, w, a, b, &piece);
    }
}

static void
refiner_init (Refiner       *rf,
              const guint32 *id_a,
              const guint32 *id_b,
              guint          n_words)
{
  rf->thorough_cells_left = (guint64) THOROUGH_CELLS_PER_WORD * n_words + (1 << 20);
  word_run_init (&rf->a, id_a);
  word_run_init (&rf->b, id_b);
  rf->lo = g_array_new (FALSE, FALSE, sizeof (guint));
  rf->hi = g_array_new (FALSE, FALSE, sizeof (guint));
  rf->row_start = g_array_new (FALSE, FALSE, sizeof (guint));
  rf->cost = g_array_new (FALSE, FALSE, sizeof (guint32));
  rf->step = g_array_new (FALSE, FALSE, sizeof (guint8));
  rf->lev_row = g_array_new (FALSE, FALSE, sizeof (guint));
  rf->trace = g_array_new (FALSE, FALSE, sizeof (guint8));
}

static void
refiner_clear (Refiner *rf)
{
  word_run_clear (&rf->a);
  word_run_clear (&rf->b);
  g_array_unref (rf->lo);
  g_array_unref (rf->hi);
  g_array_unref (rf->row_start);
  g_array_unref (rf->cost);
  g_array_unref (rf->step);
  g_array_unref (rf->lev_row);
  g_array_unref (rf->trace);
}

/* ---------------------------------------------------------------------------------------- */

/* Emits equal runs as they are and refines every stretch between two of them. */
static void
emit_alignment (Matcher            *mt,
                Refiner            *rf,
                HunkWriter         *w,
                const char * const *a,
                const char * const *b)
{
  guint i = 0, j = 0;

  while (i < mt->n_a || j < mt->n_b)
    {
      Range gap;

      if (i < mt->n_a && mt->match_a[i] == j)
        {
          writer_push (w, VN_ALIGN_EQUAL, i++, 1, j++, 1);
          continue;
        }

      gap = (Range) { i, i, j, mt->n_b };
      while (gap.a1 < mt->n_a && mt->match_a[gap.a1] == NO_MATCH)
        gap.a1++;
      if (gap.a1 < mt->n_a)
        gap.b1 = mt->match_a[gap.a1];
      g_assert (gap.b1 >= j);
      refine_region (rf, w, a, b, &gap);
      i = gap.a1;
      j = gap.b1;
    }
}

GArray *
vn_align_words (const char * const *a,
                guint               n_a,
                const char * const *b,
                guint               n_b)
{
  HunkWriter writer = { 0 };
  Matcher matcher = { 0 };
  Refiner refiner;

  g_return_val_if_fail (a != NULL || n_a == 0, NULL);
  g_return_val_if_fail (b != NULL || n_b == 0, NULL);

  writer.hunks = g_array_new (FALSE, FALSE, sizeof (VnAlignHunk));
  matcher_init (&matcher, a, n_a, b, n_b);
  match_words (&matcher);

  refiner_init (&refiner, matcher.id_a, matcher.id_b, n_a + n_b);
  emit_alignment (&matcher, &refiner, &writer, a, b);
  writer_flush_gap (&writer);

  refiner_clear (&refiner);
  matcher_clear (&matcher);
  return writer.hunks;
}
