/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-metrics.c: character and word error rates of a text against its truth, counted on
 * grapheme clusters after NFC as OCR-D's dinglehopper does, with each difference in context.
 * The rates in words and in JSON, for a text and page by page, are in vn-metrics-report.c. */
#include <math.h>
#include <string.h>

#include <pango/pango.h>

#include "vn-alignment.h"
#include "vn-metrics.h"

/* Up to this many cells (a few pages against a few pages) a Levenshtein alignment is exact.
 * Longer texts are aligned in two steps. Words first: cut at runs of shared words found by the
 * near-linear vn_align_words, with the DP on the stretches between them. Then clusters: cut at
 * the words the word alignment matched, with the DP on what lies between, usually a word or two.
 * A stretch still too big for the DP is cut along its diagonal, as a banded alignment would be. */
#define MAX_DP_CELLS (16u * 1024 * 1024)

/* Shared words anchor the word alignment only in runs of this many: in a text that repeats itself,
 * vn_align_words may pair a lone "и" or "ЦК," with the wrong occurrence, which the DP between
 * anchors could not undo. Shorter runs are left to the DP, which matches them anyway. */
#define MIN_ANCHOR_WORDS 3

/* Symbols of multi-code-point clusters start past the code points, which stand for themselves. */
#define FIRST_CLUSTER_SYMBOL 0x110000

typedef enum
{
  EDIT_MATCH,
  EDIT_SUBSTITUTE,
  EDIT_DELETE,
  EDIT_INSERT,
} EditKind;

/* One step of an alignment; @a and @b are the positions in the truth and the hypothesis (for an
 * insertion, @a is where in the truth it goes; for a deletion, likewise @b). */
typedef struct
{
  guint32 a;
  guint32 b;
  guint8  kind;
} EditOp;

struct _VnMetrics
{
  GObject       parent_instance;
  VnEditCounts  characters;
  VnEditCounts  words;
  GArray       *differences;    /* of VnDifference */
};

G_DEFINE_FINAL_TYPE (VnMetrics, vn_metrics, G_TYPE_OBJECT)

static void
clear_difference (gpointer data)
{
  VnDifference *d = data;

  g_free (d->truth);
  g_free (d->hypothesis);
  g_free (d->before);
  g_free (d->after);
}

static void
vn_metrics_finalize (GObject *object)
{
  VnMetrics *self = (VnMetrics *) object;

  g_clear_pointer (&self->differences, g_array_unref);
  G_OBJECT_CLASS (vn_metrics_parent_class)->finalize (object);
}

static void
vn_metrics_class_init (VnMetricsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_metrics_finalize;
}

static void
vn_metrics_init (VnMetrics *self)
{
  self->differences = g_array_new (FALSE, TRUE, sizeof (VnDifference));
  g_array_set_clear_func (self->differences, clear_difference);
}

/* ------------------------------------------------------------------ normalisation */

static gboolean
is_hyphen (gunichar c)
{
  return c == '-' || c == 0x00AD || c == 0x2010;
}

/* After a hyphen that ends a word at a line end, where the word goes on in lower case on the
 * next line: the position of that continuation, counting the line break into @line. A hyphen
 * before a capital ("Ким-\nИр") or in mid-line is kept. */
static const char *
skip_line_end_hyphen (const char *after_hyphen,
                      guint      *line)
{
  const char *p = after_hyphen;

  while (*p == ' ' || *p == '\t' || *p == '\r')
    p++;
  if (*p != '\n')
    return NULL;
  for (p++; g_unichar_isspace (g_utf8_get_char (p)) && *p != '\n' && *p != '\f';
       p = g_utf8_next_char (p))
    ;
  if (!g_unichar_islower (g_utf8_get_char (p)))
    return NULL;
  (*line)++;
  return p;
}

static gboolean
is_blank (gunichar c)
{
  /* A byte-order mark is no text either. */
  return g_unichar_isspace (c) || c == 0xFEFF;
}

/* NFC, runs of whitespace (line breaks and form feeds too) collapsed to one space, ends trimmed,
 * as dinglehopper does; line-end hyphens joined if asked. @lines, when given, receives the
 * 1-based line of the original text for each byte of the result. */
static char *
normalize_text (const char     *text,
                gssize          len,
                VnMetricsFlags  flags,
                GArray         *lines)
{
  g_autofree char *nfc = g_utf8_normalize (text, len, G_NORMALIZE_NFC);
  GString *out = g_string_sized_new (strlen (nfc));
  guint line = 1, space_line = 1;
  gboolean space = FALSE;
  gunichar last = 0;

  for (const char *p = nfc, *next; *p != '\0'; p = next)
    {
      gunichar c = g_utf8_get_char (p);
      const char *joined;

      next = g_utf8_next_char (p);
      if ((flags & VN_METRICS_DEHYPHENATE) && is_hyphen (c) && g_unichar_isalpha (last) &&
          (joined = skip_line_end_hyphen (next, &line)) != NULL)
        {
          next = joined;
          continue;
        }
      if (is_blank (c))
        {
          if (!space)
            space_line = line;
          space = out->len > 0;
          line += c == '\n';
          last = 0;  /* "слово -⏎" ends with a dash, not a hyphen */
          continue;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          if (lines != NULL)
            g_array_append_val (lines, space_line);
        }
      space = FALSE;
      g_string_append_len (out, p, next - p);
      for (const char *q = p; lines != NULL && q < next; q++)
        g_array_append_val (lines, line);
      last = c;
    }
  return g_string_free (out, FALSE);
}

char *
vn_metrics_normalize (const char     *text,
                      gssize          len,
                      VnMetricsFlags  flags)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, len, NULL), NULL);

  return normalize_text (text, len, flags, NULL);
}

/* ------------------------------------------------------------------ segmentation */

/* Symbols shared by both texts, so that equal clusters and equal words compare as integers. */
typedef struct
{
  GHashTable *clusters;  /* char* → symbol */
  GHashTable *words;
} Interner;

static guint
intern (GHashTable *table,
        const char *text,
        gsize       len,
        guint       first)
{
  g_autofree char *key = g_strndup (text, len);
  gpointer found;

  if (g_hash_table_lookup_extended (table, key, NULL, &found))
    return GPOINTER_TO_UINT (found);
  found = GUINT_TO_POINTER (first + g_hash_table_size (table));
  g_hash_table_insert (table, g_steal_pointer (&key), found);
  return GPOINTER_TO_UINT (found);
}

/* A normalised text cut into grapheme clusters, and into words made of those clusters. */
typedef struct
{
  char      *text;
  GArray    *starts;      /* guint: byte offset of each cluster, then the text's length */
  GArray    *symbols;     /* guint: each cluster's symbol */
  GArray    *lines;       /* guint: line of each byte, in the text as given */
  GArray    *word_start;  /* guint: each word's first cluster */
  GArray    *word_end;    /* guint: past its last cluster */
  GArray    *word_symbols;
  GPtrArray *words;       /* each word's text, for vn_align_words */
} Segmented;

static void
segmented_clear (Segmented *s)
{
  g_free (s->text);
  g_clear_pointer (&s->starts, g_array_unref);
  g_clear_pointer (&s->symbols, g_array_unref);
  g_clear_pointer (&s->lines, g_array_unref);
  g_clear_pointer (&s->word_start, g_array_unref);
  g_clear_pointer (&s->word_end, g_array_unref);
  g_clear_pointer (&s->word_symbols, g_array_unref);
  g_clear_pointer (&s->words, g_ptr_array_unref);
}

#define CLUSTERS(s) ((s)->symbols->len)
#define WORDS(s)    ((s)->word_symbols->len)
#define UINT_AT(array, i) g_array_index ((array), guint, (i))

/* Extended grapheme clusters as Pango finds them (UAX #29): "й" as и + U+0306 that NFC could
 * not compose, a flag, or a family emoji joined by ZWJ are each one cluster. */
static void
find_clusters (Segmented *s,
               Interner  *interner)
{
  guint len = strlen (s->text);
  glong n_chars = g_utf8_strlen (s->text, len);
  g_autofree PangoLogAttr *attrs = g_new0 (PangoLogAttr, n_chars + 1);
  const char *p = s->text;

  pango_get_log_attrs (s->text, len, -1, pango_language_from_string ("und"), attrs, n_chars + 1);
  for (glong i = 0; i < n_chars; i++, p = g_utf8_next_char (p))
    if (i == 0 || attrs[i].is_cursor_position)
      {
        guint start = p - s->text;
        g_array_append_val (s->starts, start);
      }
  g_array_append_val (s->starts, len);

  for (guint c = 0; c + 1 < s->starts->len; c++)
    {
      const char *start = s->text + UINT_AT (s->starts, c);
      const char *end = s->text + UINT_AT (s->starts, c + 1);
      guint symbol = g_utf8_next_char (start) == end ? g_utf8_get_char (start)
                     : intern (interner->clusters, start, end - start, FIRST_CLUSTER_SYMBOL);

      g_array_append_val (s->symbols, symbol);
    }
}

/* Words are the runs of clusters between single spaces: whitespace-separated tokens, so that
 * punctuation stays with its word ("положение," and "положение" differ), as in the collation. */
static void
find_words (Segmented *s,
            Interner  *interner)
{
  guint first = 0;

  for (guint c = 0; c <= CLUSTERS (s); c++)
    {
      const char *start;
      gsize len;
      guint symbol;

      if (c < CLUSTERS (s) && UINT_AT (s->symbols, c) != ' ')
        continue;
      if (c > first)
        {
          start = s->text + UINT_AT (s->starts, first);
          len = UINT_AT (s->starts, c) - UINT_AT (s->starts, first);
          symbol = intern (interner->words, start, len, 0);
          g_array_append_val (s->word_start, first);
          g_array_append_val (s->word_end, c);
          g_array_append_val (s->word_symbols, symbol);
          g_ptr_array_add (s->words, g_strndup (start, len));
        }
      first = c + 1;
    }
}

static void
segment (Segmented      *s,
         const char     *text,
         gssize          len,
         VnMetricsFlags  flags,
         Interner       *interner)
{
  s->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  s->symbols = g_array_new (FALSE, FALSE, sizeof (guint));
  s->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  s->word_start = g_array_new (FALSE, FALSE, sizeof (guint));
  s->word_end = g_array_new (FALSE, FALSE, sizeof (guint));
  s->word_symbols = g_array_new (FALSE, FALSE, sizeof (guint));
  s->words = g_ptr_array_new_with_free_func (g_free);
  s->text = normalize_text (text, len, flags, s->lines);
  find_clusters (s, interner);
  find_words (s, interner);
}

/* ------------------------------------------------------------------ alignment */

static void
emit_run (GArray   *ops,
          EditKind  kind,
          guint     a,
          guint     b,
          guint     count)
{
  for (guint k = 0; k < count; k++)
    {
      EditOp op = { a, b, kind };

      g_array_append_val (ops, op);
      a += kind != EDIT_INSERT;
      b += kind != EDIT_DELETE;
    }
}

enum { STEP_DIAGONAL, STEP_DELETE, STEP_INSERT };

static void
reverse_tail (GArray *ops,
              guint   from)
{
  if (ops->len == 0)
    return;
  for (guint i = from, j = ops->len - 1; i < j; i++, j--)
    {
      EditOp t = g_array_index (ops, EditOp, i);
      g_array_index (ops, EditOp, i) = g_array_index (ops, EditOp, j);
      g_array_index (ops, EditOp, j) = t;
    }
}

static void
trace_back (const guint  *a,
            guint         a0,
            guint         n,
            const guint  *b,
            guint         b0,
            guint         m,
            const guint8 *steps,
            GArray       *ops)
{
  guint from = ops->len, i = n, j = m;

  while (i > 0 || j > 0)
    {
      guint8 step = i == 0 ? STEP_INSERT
                    : j == 0 ? STEP_DELETE
                    : steps[(gsize) (i - 1) * m + j - 1];

      if (step == STEP_DIAGONAL)
        {
          i--, j--;
          emit_run (ops, a[a0 + i] == b[b0 + j] ? EDIT_MATCH : EDIT_SUBSTITUTE, a0 + i, b0 + j, 1);
        }
      else if (step == STEP_DELETE)
        emit_run (ops, EDIT_DELETE, a0 + --i, b0 + j, 1);
      else
        emit_run (ops, EDIT_INSERT, a0 + i, b0 + --j, 1);
    }
  reverse_tail (ops, from);
}

static void align_range (const guint *a, guint a0, guint n, const guint *b, guint b0, guint m,
                         GArray *ops);

/* A stretch too big for one DP, cut into pieces along its diagonal that each fit: an upper bound
 * of the distance, exact where the texts run in step, as a banded alignment is. */
static void
align_banded (const guint *a,
              guint        a0,
              guint        n,
              const guint *b,
              guint        b0,
              guint        m,
              GArray      *ops)
{
  guint pieces = (guint) ceil (sqrt ((double) n * m / MAX_DP_CELLS));

  for (guint k = 0; k < pieces; k++)
    {
      guint a_from = (guint64) n * k / pieces, a_to = (guint64) n * (k + 1) / pieces;
      guint b_from = (guint64) m * k / pieces, b_to = (guint64) m * (k + 1) / pieces;

      align_range (a, a0 + a_from, a_to - a_from, b, b0 + b_from, b_to - b_from, ops);
    }
}

/* Levenshtein with unit costs; on ties a substitution is preferred, then a deletion. */
static void
align_dp (const guint *a,
          guint        a0,
          guint        n,
          const guint *b,
          guint        b0,
          guint        m,
          GArray      *ops)
{
  g_autofree guint8 *steps = NULL;
  g_autofree guint *row = NULL;

  if (n == 0 || m == 0)
    {
      emit_run (ops, EDIT_DELETE, a0, b0, n);
      emit_run (ops, EDIT_INSERT, a0 + n, b0, m);
      return;
    }
  if ((guint64) n * m > MAX_DP_CELLS)
    {
      align_banded (a, a0, n, b, b0, m, ops);
      return;
    }
  steps = g_malloc ((gsize) n * m);
  row = g_new (guint, m + 1);
  for (guint j = 0; j <= m; j++)
    row[j] = j;
  for (guint i = 1; i <= n; i++)
    {
      guint diagonal = row[0];
      guint8 *step = steps + (gsize) (i - 1) * m;

      row[0] = i;
      for (guint j = 1; j <= m; j++)
        {
          guint best = diagonal + (a[a0 + i - 1] != b[b0 + j - 1]);
          guint8 s = STEP_DIAGONAL;

          diagonal = row[j];
          if (row[j] + 1 < best)
            best = row[j] + 1, s = STEP_DELETE;
          if (row[j - 1] + 1 < best)
            best = row[j - 1] + 1, s = STEP_INSERT;
          row[j] = best;
          step[j - 1] = s;
        }
    }
  trace_back (a, a0, n, b, b0, m, steps, ops);
}

/* Aligns a[a0, a0 + n) with b[b0, b0 + m): the common ends first, for speed, then the DP, exact
 * up to MAX_DP_CELLS. */
static void
align_range (const guint *a,
             guint        a0,
             guint        n,
             const guint *b,
             guint        b0,
             guint        m,
             GArray      *ops)
{
  guint prefix = 0, suffix = 0;

  while (prefix < n && prefix < m && a[a0 + prefix] == b[b0 + prefix])
    prefix++;
  while (suffix < n - prefix && suffix < m - prefix &&
         a[a0 + n - 1 - suffix] == b[b0 + m - 1 - suffix])
    suffix++;
  emit_run (ops, EDIT_MATCH, a0, b0, prefix);
  align_dp (a, a0 + prefix, n - prefix - suffix, b, b0 + prefix, m - prefix - suffix, ops);
  emit_run (ops, EDIT_MATCH, a0 + n - suffix, b0 + m - suffix, suffix);
}

static gboolean
is_anchor (const VnAlignHunk *hunk)
{
  return hunk->op == VN_ALIGN_EQUAL && hunk->a_len >= MIN_ANCHOR_WORDS;
}

/* The words between two anchors. If too many for one DP, they are cut after each hunk where both
 * texts advance together; runs of words only one text has stay with their neighbours, so that
 * unrelated stretches are still substituted, not dropped and inserted. */
static void
align_word_gap (const guint       *a,
                guint              a_from,
                guint              a_to,
                const guint       *b,
                guint              b_from,
                guint              b_to,
                const VnAlignHunk *hunks,
                guint              n_hunks,
                GArray            *ops)
{
  if ((guint64) (a_to - a_from) * (b_to - b_from) > MAX_DP_CELLS)
    for (guint h = 0; h < n_hunks; h++)
      {
        guint a_cut = hunks[h].a_start + hunks[h].a_len, b_cut = hunks[h].b_start + hunks[h].b_len;

        if (hunks[h].a_len == 0 || hunks[h].b_len == 0)
          continue;
        align_range (a, a_from, a_cut - a_from, b, b_from, b_cut - b_from, ops);
        a_from = a_cut, b_from = b_cut;
      }
  align_range (a, a_from, a_to - a_from, b, b_from, b_to - b_from, ops);
}

static void
align_words_anchored (const guint *a,
                      guint        n,
                      const guint *b,
                      guint        m,
                      GArray      *hunks,
                      GArray      *ops)
{
  const VnAlignHunk *all = (const VnAlignHunk *) (gpointer) hunks->data;
  guint a_pos = 0, b_pos = 0, gap_first = 0;

  for (guint h = 0; h < hunks->len; h++)
    {
      if (!is_anchor (&all[h]))
        continue;
      align_word_gap (a, a_pos, all[h].a_start, b, b_pos, all[h].b_start, all + gap_first,
                      h - gap_first, ops);
      emit_run (ops, EDIT_MATCH, all[h].a_start, all[h].b_start, all[h].a_len);
      a_pos = all[h].a_start + all[h].a_len, b_pos = all[h].b_start + all[h].b_len;
      gap_first = h + 1;
    }
  align_word_gap (a, a_pos, n, b, b_pos, m, all + gap_first, hunks->len - gap_first, ops);
}

static GArray *
align_words (Segmented *truth,
             Segmented *hypothesis)
{
  const guint *a = (const guint *) (gpointer) truth->word_symbols->data;
  const guint *b = (const guint *) (gpointer) hypothesis->word_symbols->data;
  guint n = WORDS (truth), m = WORDS (hypothesis);
  GArray *ops = g_array_sized_new (FALSE, FALSE, sizeof (EditOp), MAX (n, m) + 16);
  g_autoptr(GArray) hunks = NULL;

  if ((guint64) n * m <= MAX_DP_CELLS)
    {
      align_range (a, 0, n, b, 0, m, ops);
      return ops;
    }
  hunks = vn_align_words ((const char * const *) truth->words->pdata, n,
                          (const char * const *) hypothesis->words->pdata, m);
  align_words_anchored (a, n, b, m, hunks, ops);
  return ops;
}

/* Clusters, anchored on the words that @word_ops matched when the texts are long. */
static GArray *
align_clusters (Segmented *truth,
                Segmented *hypothesis,
                GArray    *word_ops)
{
  const guint *a = (const guint *) (gpointer) truth->symbols->data;
  const guint *b = (const guint *) (gpointer) hypothesis->symbols->data;
  guint n = CLUSTERS (truth), m = CLUSTERS (hypothesis), a_pos = 0, b_pos = 0;
  GArray *ops = g_array_sized_new (FALSE, FALSE, sizeof (EditOp), MAX (n, m) + 16);

  if ((guint64) n * m <= MAX_DP_CELLS)
    {
      align_range (a, 0, n, b, 0, m, ops);
      return ops;
    }
  for (guint i = 0; i < word_ops->len; i++)
    {
      const EditOp *op = &g_array_index (word_ops, EditOp, i);
      guint a_start = UINT_AT (truth->word_start, op->a);
      guint b_start = UINT_AT (hypothesis->word_start, op->b);

      if (op->kind != EDIT_MATCH)
        continue;
      align_range (a, a_pos, a_start - a_pos, b, b_pos, b_start - b_pos, ops);
      a_pos = UINT_AT (truth->word_end, op->a), b_pos = UINT_AT (hypothesis->word_end, op->b);
      align_range (a, a_start, a_pos - a_start, b, b_start, b_pos - b_start, ops);
    }
  align_range (a, a_pos, n - a_pos, b, b_pos, m - b_pos, ops);
  return ops;
}

/* ------------------------------------------------------------------ counts and differences */

static void
count_edits (GArray       *ops,
             guint         truth_length,
             guint         hypothesis_length,
             VnEditCounts *counts)
{
  *counts = (VnEditCounts) { .truth_length = truth_length,
                             .hypothesis_length = hypothesis_length };
  for (guint i = 0; i < ops->len; i++)
    switch (g_array_index (ops, EditOp, i).kind)
      {
      case EDIT_SUBSTITUTE: counts->substitutions++; break;
      case EDIT_DELETE: counts->deletions++; break;
      case EDIT_INSERT: counts->insertions++; break;
      default: break;
      }
}

static char *
dup_clusters (Segmented *s,
              guint      first,
              guint      end)
{
  guint from = UINT_AT (s->starts, first), to = UINT_AT (s->starts, end);

  return g_strndup (s->text + from, to - from);
}

static guint
line_of_cluster (Segmented *s,
                 guint      cluster)
{
  if (CLUSTERS (s) == 0)
    return 1;
  cluster = MIN (cluster, CLUSTERS (s) - 1);
  return UINT_AT (s->lines, UINT_AT (s->starts, cluster));
}

/* The difference made of ops[first, end), which hold at least one edit. */
static void
add_difference (VnMetrics    *self,
                Segmented    *truth,
                Segmented    *hypothesis,
                const EditOp *ops,
                guint         first,
                guint         end)
{
  const EditOp *last = &ops[end - 1];
  guint t0 = ops[first].a, t1 = last->a + (last->kind != EDIT_INSERT);
  guint h0 = ops[first].b, h1 = last->b + (last->kind != EDIT_DELETE);
  VnDifference d = {
    .truth = dup_clusters (truth, t0, t1),
    .hypothesis = dup_clusters (hypothesis, h0, h1),
    .before = dup_clusters (truth, t0 - MIN (t0, VN_METRICS_CONTEXT), t0),
    .after = dup_clusters (truth, t1, MIN (t1 + VN_METRICS_CONTEXT, CLUSTERS (truth))),
    .line = line_of_cluster (truth, t0),
    .offset = t0,
    .end = t1,
  };

  for (guint i = first; i < end; i++)
    d.edits += ops[i].kind != EDIT_MATCH;
  g_array_append_val (self->differences, d);
}

/* A difference is a run of the alignment between two spaces the texts share, holding at least
 * one edit: a whole misread word ("ПОЛОЖЕНИЕ" → "ПОЛОЖОНИС"), not its single letters. */
static void
find_differences (VnMetrics *self,
                  Segmented *truth,
                  Segmented *hypothesis,
                  GArray    *ops)
{
  const EditOp *all = (const EditOp *) (gpointer) ops->data;
  guint first = 0;
  gboolean edited = FALSE;

  for (guint i = 0; i <= ops->len; i++)
    {
      gboolean shared_space = i < ops->len && all[i].kind == EDIT_MATCH &&
                              UINT_AT (truth->symbols, all[i].a) == ' ';

      if (i < ops->len && !shared_space)
        {
          edited = edited || all[i].kind != EDIT_MATCH;
          continue;
        }
      if (edited)
        add_difference (self, truth, hypothesis, all, first, i);
      first = i + 1;
      edited = FALSE;
    }
}

/* ------------------------------------------------------------------ comparing */

static void
compare_segmented (VnMetrics *self,
                   Segmented *truth,
                   Segmented *hypothesis)
{
  g_autoptr(GArray) word_ops = align_words (truth, hypothesis);
  g_autoptr(GArray) ops = align_clusters (truth, hypothesis, word_ops);

  count_edits (ops, CLUSTERS (truth), CLUSTERS (hypothesis), &self->characters);
  count_edits (word_ops, WORDS (truth), WORDS (hypothesis), &self->words);
  find_differences (self, truth, hypothesis, ops);
}

/* Compares @hypothesis with @truth, both valid UTF-8 (a length of -1 means NUL-terminated).
 * Both are normalised to NFC with whitespace collapsed and, with VN_METRICS_DEHYPHENATE, line-end
 * hyphens joined; then counted in grapheme clusters and in whitespace-separated words. */
VnMetrics *
vn_metrics_compare (const char     *truth,
                    gssize          truth_len,
                    const char     *hypothesis,
                    gssize          hypothesis_len,
                    VnMetricsFlags  flags)
{
  g_autoptr(VnMetrics) self = NULL;
  Interner interner;
  Segmented t = { 0 }, h = { 0 };

  g_return_val_if_fail (truth != NULL && g_utf8_validate (truth, truth_len, NULL), NULL);
  g_return_val_if_fail (hypothesis != NULL && g_utf8_validate (hypothesis, hypothesis_len, NULL),
                        NULL);

  self = g_object_new (VN_TYPE_METRICS, NULL);
  interner.clusters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  interner.words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  segment (&t, truth, truth_len, flags, &interner);
  segment (&h, hypothesis, hypothesis_len, flags, &interner);
  compare_segmented (self, &t, &h);
  segmented_clear (&t);
  segmented_clear (&h);
  g_hash_table_unref (interner.clusters);
  g_hash_table_unref (interner.words);
  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ accessors */

guint
vn_edit_counts_distance (const VnEditCounts *counts)
{
  return counts->substitutions + counts->deletions + counts->insertions;
}

/* Edits per unit of the truth; 0 for two empty texts, infinite for anything against none. */
double
vn_edit_counts_rate (const VnEditCounts *counts)
{
  guint distance = vn_edit_counts_distance (counts);

  if (counts->truth_length == 0)
    return distance == 0 ? 0.0 : INFINITY;
  return (double) distance / counts->truth_length;
}

void
vn_edit_counts_add (VnEditCounts       *sum,
                    const VnEditCounts *counts)
{
  sum->substitutions += counts->substitutions;
  sum->deletions += counts->deletions;
  sum->insertions += counts->insertions;
  sum->truth_length += counts->truth_length;
  sum->hypothesis_length += counts->hypothesis_length;
}

double
vn_metrics_get_cer (VnMetrics *self)
{
  g_return_val_if_fail (VN_IS_METRICS (self), NAN);
  return vn_edit_counts_rate (&self->characters);
}

double
vn_metrics_get_wer (VnMetrics *self)
{
  g_return_val_if_fail (VN_IS_METRICS (self), NAN);
  return vn_edit_counts_rate (&self->words);
}

const VnEditCounts *
vn_metrics_get_characters (VnMetrics *self)
{
  g_return_val_if_fail (VN_IS_METRICS (self), NULL);
  return &self->characters;
}

const VnEditCounts *
vn_metrics_get_words (VnMetrics *self)
{
  g_return_val_if_fail (VN_IS_METRICS (self), NULL);
  return &self->words;
}

guint
vn_metrics_get_n_differences (VnMetrics *self)
{
  g_return_val_if_fail (VN_IS_METRICS (self), 0);
  return self->differences->len;
}

const VnDifference *
vn_metrics_get_difference (VnMetrics *self,
                           guint      index)
{
  g_return_val_if_fail (VN_IS_METRICS (self), NULL);
  g_return_val_if_fail (index < self->differences->len, NULL);
  return &g_array_index (self->differences, VnDifference, index);
}

/* Differences of a page's slice are numbered by the lines of the whole text. */
void
vn_metrics_shift_lines (VnMetrics *self,
                        guint      by)
{
  g_return_if_fail (VN_IS_METRICS (self));
  for (guint i = 0; i < self->differences->len; i++)
    g_array_index (self->differences, VnDifference, i).line += by;
}

/* The truth around the difference, its reading included. */
char *
vn_difference_dup_context (const VnDifference *d)
{
  g_return_val_if_fail (d != NULL, NULL);
  return g_strconcat (d->before, d->truth, d->after, NULL);
}
