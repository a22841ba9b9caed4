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
  GHashTable *sources;   /* read letter → GArray of gunichar written letters misread so */
  GArray     *dropped;   /* gunichar letters the OCR dropped MIN_TIMES or more */
  GHashTable *logs;      /* op key → LogProb: the log P of each pair asked for */
};

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
  double result;

  g_return_val_if_fail (VN_IS_OCR_CHANNEL (self), -INFINITY);
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
  self->dropped = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_hash_table_iter_init (&iter, self->ops);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gunichar written = *(gint64 *) key >> 32, read = *(gint64 *) key & 0xffffffff;
      GArray *list;

      if (GPOINTER_TO_UINT (value) < MIN_TIMES || written == read)
        continue;
      if (read == 0)
        {
          g_array_append_val (self->dropped, written);
          continue;
        }
      list = g_hash_table_lookup (self->sources, GUINT_TO_POINTER (read));
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (gunichar));
          g_hash_table_insert (self->sources, GUINT_TO_POINTER (read), list);
        }
      g_array_append_val (list, written);
    }
}

typedef struct
{
  GArray  *letters;   /* gunichar */
  double   logp;
  guint    edits;
  gboolean just_added;
} Hypothesis;

static void
clear_hypothesis (gpointer data)
{
  g_array_unref (((Hypothesis *) data)->letters);
}

static void
extend (GArray           *next,
        const Hypothesis *h,
        gunichar          letter,
        double            logp,
        gboolean          edit,
        guint             max_edits)
{
  Hypothesis e = { g_array_copy (h->letters), h->logp + logp, h->edits + edit, FALSE };

  if (e.edits > max_edits)
    {
      g_array_unref (e.letters);
      return;
    }
  if (letter != 0)
    g_array_append_val (e.letters, letter);
  g_array_append_val (next, e);
}

static int
compare_hypotheses (gconstpointer a,
                    gconstpointer b)
{
  double x = ((const Hypothesis *) a)->logp, y = ((const Hypothesis *) b)->logp;
  return x < y ? 1 : x > y ? -1 : 0;
}

static void
prune (GArray *beam)
{
  g_array_sort (beam, compare_hypotheses);
  if (beam->len > BEAM)
    g_array_set_size (beam, BEAM);
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
          gunichar letter = g_array_index (self->dropped, gunichar, d);
          guint before = beam->len;

          extend (beam, h, letter, log_read_as (self, letter, 0), TRUE, max_edits);
          if (beam->len > before)
            g_array_index (beam, Hypothesis, before).just_added = TRUE;
          h = &g_array_index (beam, Hypothesis, k);
        }
    }
}

/* The words (lower case) that the OCR's habitual misreadings on this document turn into
 * @read, at most @max_edits of them each, likeliest first; @read itself is not among them. */
GPtrArray *
vn_ocr_channel_dup_sources (VnOcrChannel *self,
                            const char   *read,
                            guint         max_edits,
                            guint         max_sources)
{
  glong m;
  g_autofree gunichar *r = NULL;
  g_autoptr(GArray) beam = g_array_new (FALSE, FALSE, sizeof (Hypothesis));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  Hypothesis start = { g_array_new (FALSE, FALSE, sizeof (gunichar)), 0, 0, FALSE };

  g_return_val_if_fail (VN_IS_OCR_CHANNEL (self), out);
  if (self->sources == NULL)
    index_sources (self);
  g_array_set_clear_func (beam, clear_hypothesis);
  r = letters_of (read, &m);
  g_array_append_val (beam, start);
  for (glong j = 0; j <= m; j++)
    {
      g_autoptr(GArray) next = g_array_new (FALSE, FALSE, sizeof (Hypothesis));
      GArray *list = j < m ? g_hash_table_lookup (self->sources, GUINT_TO_POINTER (r[j])) : NULL;

      g_array_set_clear_func (next, clear_hypothesis);
      add_dropped (self, beam, max_edits);
      if (j == m)
        break;
      for (guint k = 0; k < beam->len; k++)
        {
          const Hypothesis *h = &g_array_index (beam, Hypothesis, k);

          extend (next, h, r[j], log_read_as (self, r[j], r[j]), FALSE, max_edits);
          for (guint s = 0; list != NULL && s < list->len; s++)
            {
              gunichar written = g_array_index (list, gunichar, s);
              extend (next, h, written, log_read_as (self, written, r[j]), TRUE, max_edits);
            }
          if (times (self, 0, r[j]) >= MIN_TIMES)
            extend (next, h, 0, log_added (self, r[j]), TRUE, max_edits);
        }
      prune (next);
      g_array_set_size (beam, 0);
      g_array_append_vals (beam, next->data, next->len);
      g_array_set_clear_func (next, NULL);
    }
  prune (beam);
  for (guint k = 0; k < beam->len && out->len < max_sources; k++)
    {
      const Hypothesis *h = &g_array_index (beam, Hypothesis, k);
      char *word = g_ucs4_to_utf8 ((gunichar *) h->letters->data, h->letters->len, NULL, NULL,
                                   NULL);

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
