/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-channel.c: the OCR's misreadings on one document, letter by letter.
 *
 * Every pair of words the two witnesses give for one place is aligned letter by letter
 * (Levenshtein); the counts of each letter read as itself, as another, as nothing, and of
 * letters read from nothing give P(read | written), smoothed towards a few errors in a
 * hundred letters. Where the witnesses disagree most pairs are the OCR's errors, so on a
 * page whose typeface makes "т" look like "ш" the channel learns that "ш" often stands for
 * "т". Read backwards, it proposes the words a misreading may stand for. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vn-hash.h"
#include "vn-ocr-channel.h"

/* The prior: this share of letters misread as some other letter, dropped, or added. */
#define PRIOR_SUBSTITUTED 0.02
#define PRIOR_DROPPED     0.005
#define PRIOR_ADDED       0.005
#define PRIOR_ALPHABET    40.0
#define PRIOR_WEIGHT      4.0     /* letters' worth of belief, per letter */
#define PRIOR_GAP_WEIGHT  50.0
/* A misreading seen this often on the document is one to read backwards. */
#define MIN_TIMES         2
#define BEAM              48

struct _VnOcrChannel
{
  GObject     parent_instance;
  GHashTable *ops;       /* (written << 32 | read) → times; 0 for no letter */
  GHashTable *written;   /* letter → times written */
  double      gaps;      /* places a letter could have been added */
  GHashTable *sources;   /* read letter → GArray of Source: written letters misread so */
  GArray     *dropped;   /* Source: letters the OCR dropped MIN_TIMES or more */
  GHashTable *logs;      /* op key → LogProb: the log P of each pair asked for */
  /* A volume asks about the same words again and again: the answers, until the next lesson. */
  GHashTable *word_logs; /* "written\x1fread" → double *: vn_ocr_channel_log_prob () */
  GHashTable *sources_of; /* "edits max\x1fread" → GPtrArray: vn_ocr_channel_dup_sources () */
};

/* A written letter the OCR misreads as some letter (or drops), with log P of that. */
typedef struct
{
  gunichar letter;
  double   logp;
} Source;

/* Read backwards, the channel asks the same few hundred pairs millions of times on a
 * volume: each log is computed once per state of the counts. */
typedef struct
{
  gint64 key;            /* first: the table's key points here */
  double value;
} LogProb;

/* The op key of a letter read from nothing (written is never past the last code point). */
#define ADDED_LETTER 0x110000

G_DEFINE_FINAL_TYPE (VnOcrChannel, vn_ocr_channel, G_TYPE_OBJECT)

static void
vn_ocr_channel_finalize (GObject *object)
{
  VnOcrChannel *self = (VnOcrChannel *) object;

  g_hash_table_unref (self->ops);
  g_hash_table_unref (self->written);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->dropped, g_array_unref);
  g_hash_table_unref (self->logs);
  g_hash_table_unref (self->word_logs);
  g_hash_table_unref (self->sources_of);
  G_OBJECT_CLASS (vn_ocr_channel_parent_class)->finalize (object);
}

static void
vn_ocr_channel_class_init (VnOcrChannelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_ocr_channel_finalize;
}

static void
vn_ocr_channel_init (VnOcrChannel *self)
{
  self->ops = g_hash_table_new_full (vn_hash_pair64, g_int64_equal, g_free, NULL);
  self->written = g_hash_table_new (NULL, NULL);
  self->logs = g_hash_table_new_full (vn_hash_pair64, g_int64_equal, g_free, NULL);
  self->word_logs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sources_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
}

VnOcrChannel *
vn_ocr_channel_new (void)
{
  return g_object_new (VN_TYPE_OCR_CHANNEL, NULL);
}

static gint64
op_key (gunichar written,
        gunichar read)
{
  return (gint64) written << 32 | read;
}

static guint
times (VnOcrChannel *self,
       gunichar      written,
       gunichar      read)
{
  gint64 key = op_key (written, read);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->ops, &key));
}

static void
count_op (VnOcrChannel *self,
          gunichar      written,
          gunichar      read)
{
  gint64 key = op_key (written, read);
  guint n = times (self, written, read);

  g_hash_table_insert (self->ops, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (n + 1));
  if (written != 0)
    g_hash_table_insert (self->written, GUINT_TO_POINTER (written), GUINT_TO_POINTER (
                           GPOINTER_TO_UINT (g_hash_table_lookup (self->written,
                                                                  GUINT_TO_POINTER (written)))
                           + 1));
}

static gunichar *
letters_of (const char *word,
            glong      *n)
{
  g_autofree char *lower = g_utf8_strdown (word, -1);
  return g_utf8_to_ucs4_fast (lower, -1, n);
}

/* Counts the operations of one cheapest alignment of @w (n letters) to @r (m). */
static void
count_alignment (VnOcrChannel   *self,
                 const gunichar *w,
                 glong           n,
                 const gunichar *r,
                 glong           m)
{
  g_autofree guint *d = g_new (guint, (n + 1) * (m + 1));
  glong i = n, j = m;

#define D(a, b) d[(a) * (m + 1) + (b)]
  for (glong a = 0; a <= n; a++)
    for (glong b = 0; b <= m; b++)
      D (a, b) = a == 0 ? b : b == 0 ? a
                 : MIN (D (a - 1, b - 1) + (w[a - 1] != r[b - 1]),
                        MIN (D (a - 1, b), D (a, b - 1)) + 1);
  while (i > 0 || j > 0)
    {
      if (i > 0 && j > 0 && D (i, j) == D (i - 1, j - 1) + (w[i - 1] != r[j - 1]))
        count_op (self, w[i - 1], r[j - 1]), i--, j--;
      else if (i > 0 && D (i, j) == D (i - 1, j) + 1)
        count_op (self, w[i - 1], 0), i--;
      else
        count_op (self, 0, r[j - 1]), j--;
    }
#undef D
}

/* One place where the transcription has @written and the OCR read @read (the same word
 * where they agree). */
void
vn_ocr_channel_learn (VnOcrChannel *self,
                      const char   *written,
                      const char   *read)
{
  glong n, m;
  g_autofree gunichar *w = NULL, *r = NULL;

  g_return_if_fail (VN_IS_OCR_CHANNEL (self));
  w = letters_of (written, &n);
  r = letters_of (read, &m);
  count_alignment (self, w, n, r, m);
  self->gaps += n + 1;
  g_hash_table_remove_all (self->logs);
  g_hash_table_remove_all (self->word_logs);
  g_hash_table_remove_all (self->sources_of);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->dropped, g_array_unref);
}

guint
vn_ocr_channel_get_times (VnOcrChannel *self,
                          gunichar      written,
                          gunichar      read)
{
  g_return_val_if_fail (VN_IS_OCR_CHANNEL (self), 0);
  return times (self, g_unichar_tolower (written), g_unichar_tolower (read));
}

static double
written_times (VnOcrChannel *self,
               gunichar      c)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->written, GUINT_TO_POINTER (c)));
}

static double
compute_log (VnOcrChannel *self,
             gunichar      written,
             gunichar      read)
{
  double prior;

  if (written == ADDED_LETTER)
    return log ((times (self, 0, read) + PRIOR_GAP_WEIGHT * PRIOR_ADDED / PRIOR_ALPHABET) /
                (self->gaps + PRIOR_GAP_WEIGHT));
  prior = read == written ? 1 - PRIOR_SUBSTITUTED - PRIOR_DROPPED
          : read == 0 ? PRIOR_DROPPED : PRIOR_SUBSTITUTED / PRIOR_ALPHABET;
  return log ((times (self, written, read) + PRIOR_WEIGHT * prior) /
              (written_times (self, written) + PRIOR_WEIGHT));
}

static double
remembered_log (VnOcrChannel *self,
                gunichar      written,
                gunichar      read)
{
  gint64 key = op_key (written, read);
  LogProb *entry = g_hash_table_lookup (self->logs, &key);

  if (entry == NULL)
    {
      entry = g_new (LogProb, 1);
      *entry = (LogProb) { key, compute_log (self, written, read) };
      g_hash_table_insert (self->logs, &entry->key, entry);
    }
  return entry->value;
}

/* log P(@read | @written): @written read as @read, 0 for dropped. */
static double
log_read_as (VnOcrChannel *self,
             gunichar      written,
             gunichar      read)
{
  return remembered_log (self, written, read);
}

/* log P(@read added between two letters). */
static double
log_added (VnOcrChannel *self,
           gunichar      read)
{
  return remembered_log (self, ADDED_LETTER, read);
}

/* log P(@read | @written) along the likeliest alignment of the two. */
double
vn_ocr_channel_log_prob (VnOcrChannel *self,
                         const char   *written,
                         const char   *read)
{
  glong n, m;
  g_autofree gunichar *w = NULL, *r = NULL;
  g_autofree double *d = NULL;
  g_autofree char *key = NULL;
  const double *known;
  double result;

  g_return_val_if_fail (VN_IS_OCR_CHANNEL (self), -INFINITY);
  key = g_strconcat (written, "\x1f", read, NULL);
  if ((known = g_hash_table_lookup (self->word_logs, key)) != NULL)
    return *known;
  w = letters_of (written, &n);
  r = letters_of (read, &m);
  d = g_new (double, (n + 1) * (m + 1));
#define D(a, b) d[(a) * (m + 1) + (b)]
  for (glong a = 0; a <= n; a++)
    for (glong b = 0; b <= m; b++)
      {
        double best = a == 0 && b == 0 ? 0 : -INFINITY;

        if (a > 0 && b > 0)
          best = MAX (best, D (a - 1, b - 1) + log_read_as (self, w[a - 1], r[b - 1]));
        if (a > 0)
          best = MAX (best, D (a - 1, b) + log_read_as (self, w[a - 1], 0));
        if (b > 0)
          best = MAX (best, D (a, b - 1) + log_added (self, r[b - 1]));
        D (a, b) = best;
      }
  result = D (n, m);
#undef D
  g_hash_table_insert (self->word_logs, g_steal_pointer (&key), g_memdup2 (&result, sizeof result));
  return result;
}

/* How much less likely the OCR reads @read where @written is written than where @read is:
 * log P(read | written) - log P(read | read). */
double
vn_ocr_channel_log_ratio (VnOcrChannel *self,
                          const char   *written,
                          const char   *read)
{
  g_return_val_if_fail (VN_IS_OCR_CHANNEL (self), -INFINITY);
  return vn_ocr_channel_log_prob (self, written, read) -
         vn_ocr_channel_log_prob (self, read, read);
}

/* The written letters each read letter stands for MIN_TIMES or more, and the letters the
 * OCR drops so often. */
static void
index_sources (VnOcrChannel *self)
{
  GHashTableIter iter;
  gpointer key, value;

  self->sources = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  self->dropped = g_array_new (FALSE, FALSE, sizeof (Source));
  g_hash_table_iter_init (&iter, self->ops);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gunichar written = *(gint64 *) key >> 32, read = *(gint64 *) key & 0xffffffff;
      Source source = { written, 0 };
      GArray *list;

      if (GPOINTER_TO_UINT (value) < MIN_TIMES || written == read)
        continue;
      source.logp = log_read_as (self, written, read);
      if (read == 0)
        {
          g_array_append_val (self->dropped, source);
          continue;
        }
      list = g_hash_table_lookup (self->sources, GUINT_TO_POINTER (read));
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (Source));
          g_hash_table_insert (self->sources, GUINT_TO_POINTER (read), list);
        }
      g_array_append_val (list, source);
    }
}

/* A hypothesis holds its letters itself: the beam copies hypotheses by the thousand per word,
 * which allocations made the collation's costliest step. Longer words have no sources. */
#define HYPOTHESIS_LETTERS 48

typedef struct
{
  double   logp;
  guint    n;
  guint    edits;
  gboolean just_added;
  gunichar letters[HYPOTHESIS_LETTERS];
} Hypothesis;

/* @h may be in @next itself (a dropped letter added before the next one). */
static void
extend (GArray           *next,
        const Hypothesis *h,
        gunichar          letter,
        double            logp,
        gboolean          edit,
        guint             max_edits)
{
  Hypothesis e;

  if (h->edits + edit > max_edits || (letter != 0 && h->n == HYPOTHESIS_LETTERS))
    return;
  e.logp = h->logp + logp;
  e.n = h->n;
  e.edits = h->edits + edit;
  e.just_added = FALSE;
  memcpy (e.letters, h->letters, h->n * sizeof (gunichar));
  if (letter != 0)
    e.letters[e.n++] = letter;
  g_array_append_val (next, e);
}

typedef struct
{
  double logp;
  guint  index;
} Ranked;

/* Likeliest first; among equals, in the order they were made (as a stable sort keeps them). */
static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->logp != y->logp)
    return x->logp < y->logp ? 1 : -1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void
swap_ranked (Ranked *a,
             Ranked *b)
{
  Ranked swap = *a;
  *a = *b, *b = swap;
}

/* Moves the @k first of @ranked (in compare_ranked's order, a total one) to its front, in
 * any order: quickselect, linear on average. */
static void
select_first (Ranked *ranked,
              guint   n,
              guint   k)
{
  guint lo = 0, hi = n;   /* what is left to place: [lo, hi) */

  while (hi - lo > 1)
    {
      guint store = lo;
      Ranked pivot;

      swap_ranked (&ranked[lo + (hi - lo) / 2], &ranked[hi - 1]);
      pivot = ranked[hi - 1];
      for (guint i = lo; i < hi - 1; i++)
        if (compare_ranked (&ranked[i], &pivot) < 0)
          swap_ranked (&ranked[i], &ranked[store++]);
      swap_ranked (&ranked[store], &ranked[hi - 1]);
      if (store == k)
        return;
      if (store < k)
        lo = store + 1;
      else
        hi = store;
    }
}

/* @to becomes the BEAM likeliest hypotheses of @from, likeliest first. Only their ranks are
 * sorted: a hypothesis is large. */
static void
prune_into (GArray *from,
            GArray *to)
{
  g_autofree Ranked *ranked = g_new (Ranked, MAX (1, from->len));
  guint kept = MIN (from->len, BEAM);

  for (guint i = 0; i < from->len; i++)
    ranked[i] = (Ranked) { g_array_index (from, Hypothesis, i).logp, i };
  if (from->len > kept)
    select_first (ranked, from->len, kept);
  qsort (ranked, kept, sizeof (Ranked), compare_ranked);
  g_array_set_size (to, kept);
  for (guint i = 0; i < kept; i++)
    g_array_index (to, Hypothesis, i) = g_array_index (from, Hypothesis, ranked[i].index);
}

/* Before a letter (or at the end): a letter the OCR often drops may have been written. */
static void
add_dropped (VnOcrChannel *self,
             GArray       *beam,
             guint         max_edits)
{
  guint n = beam->len;

  for (guint k = 0; k < n; k++)
    {
      Hypothesis *h = &g_array_index (beam, Hypothesis, k);

      for (guint d = 0; !h->just_added && d < self->dropped->len; d++)
        {
          const Source *source = &g_array_index (self->dropped, Source, d);
          guint before = beam->len;

          extend (beam, h, source->letter, source->logp, TRUE, max_edits);
          if (beam->len > before)
            g_array_index (beam, Hypothesis, before).just_added = TRUE;
          h = &g_array_index (beam, Hypothesis, k);
        }
    }
}

static GPtrArray *
find_sources (VnOcrChannel *self,
              const char   *read,
              guint         max_edits,
              guint         max_sources)
{
  glong m;
  g_autofree gunichar *r = NULL;
  g_autoptr(GArray) beam = g_array_new (FALSE, FALSE, sizeof (Hypothesis));
  g_autoptr(GArray) next = g_array_new (FALSE, FALSE, sizeof (Hypothesis));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  Hypothesis start = { 0, };

  if (self->sources == NULL)
    index_sources (self);
  r = letters_of (read, &m);
  if (m + max_edits > HYPOTHESIS_LETTERS)
    return out;
  g_array_append_val (beam, start);
  for (glong j = 0; j <= m; j++)
    {
      GArray *list;
      double itself;
      gboolean added;

      add_dropped (self, beam, max_edits);
      if (j == m)
        break;
      list = g_hash_table_lookup (self->sources, GUINT_TO_POINTER (r[j]));
      itself = log_read_as (self, r[j], r[j]);
      added = times (self, 0, r[j]) >= MIN_TIMES;
      g_array_set_size (next, 0);
      for (guint k = 0; k < beam->len; k++)
        {
          const Hypothesis *h = &g_array_index (beam, Hypothesis, k);

          extend (next, h, r[j], itself, FALSE, max_edits);
          if (h->edits == max_edits)
            continue;
          for (guint s = 0; list != NULL && s < list->len; s++)
            {
              const Source *source = &g_array_index (list, Source, s);
              extend (next, h, source->letter, source->logp, TRUE, max_edits);
            }
          if (added)
            extend (next, h, 0, log_added (self, r[j]), TRUE, max_edits);
        }
      prune_into (next, beam);
    }
  prune_into (beam, next);   /* likeliest first */
  for (guint k = 0; k < next->len && out->len < max_sources; k++)
    {
      const Hypothesis *h = &g_array_index (next, Hypothesis, k);
      char *word = g_ucs4_to_utf8 (h->letters, h->n, NULL, NULL, NULL);

      if (h->edits == 0 || word == NULL || *word == '\0' || g_hash_table_contains (seen, word))
        {
          g_free (word);
          continue;
        }
      g_hash_table_add (seen, word);
      g_ptr_array_add (out, word);
    }
  return out;
}

/* The words (lower case) that the OCR's habitual misreadings on this document turn into
 * @read, at most @max_edits of them each, likeliest first; @read itself is not among them. */
static gpointer
copy_word (gconstpointer word,
           gpointer      unused)
{
  return g_strdup (word);
}

GPtrArray *
vn_ocr_channel_dup_sources (VnOcrChannel *self,
                            const char   *read,
                            guint         max_edits,
                            guint         max_sources)
{
  g_autofree char *key = NULL;
  GPtrArray *found;

  g_return_val_if_fail (VN_IS_OCR_CHANNEL (self), g_ptr_array_new_with_free_func (g_free));
  key = g_strdup_printf ("%u %u\x1f%s", max_edits, max_sources, read);
  if ((found = g_hash_table_lookup (self->sources_of, key)) == NULL)
    {
      found = find_sources (self, read, max_edits, max_sources);
      g_hash_table_insert (self->sources_of, g_steal_pointer (&key), found);
    }
  return g_ptr_array_copy (found, copy_word, NULL);
}
