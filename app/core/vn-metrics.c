/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-metrics.c: character and word error rates of a text against its truth, counted on
 * grapheme clusters after NFC as OCR-D's dinglehopper does, with each difference in context. */
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <pango/pango.h>

#include "vn-alignment.h"
#include "vn-error.h"
#include "vn-json.h"
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

/* The truth around the difference, its reading included. */
char *
vn_difference_dup_context (const VnDifference *d)
{
  g_return_val_if_fail (d != NULL, NULL);
  return g_strconcat (d->before, d->truth, d->after, NULL);
}

/* ------------------------------------------------------------------ output */

static void
add_counts (JsonBuilder        *b,
            const char         *name,
            const VnEditCounts *counts)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  vn_json_add_int (b, "substitutions", counts->substitutions);
  vn_json_add_int (b, "deletions", counts->deletions);
  vn_json_add_int (b, "insertions", counts->insertions);
  vn_json_add_int (b, "hypothesis_length", counts->hypothesis_length);
  json_builder_end_object (b);
}

static void
add_differences (JsonBuilder *b,
                 VnMetrics   *self)
{
  json_builder_set_member_name (b, "differences");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->differences->len; i++)
    {
      const VnDifference *d = &g_array_index (self->differences, VnDifference, i);
      g_autofree char *context = vn_difference_dup_context (d);

      json_builder_begin_object (b);
      vn_json_add_string (b, "truth", d->truth);
      vn_json_add_string (b, "hypothesis", d->hypothesis);
      vn_json_add_string (b, "context", context);
      vn_json_add_string (b, "before", d->before);
      vn_json_add_string (b, "after", d->after);
      vn_json_add_int (b, "line", d->line);
      vn_json_add_int (b, "edits", d->edits);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* {"cer", "wer", "characters", "words", "character_edits", "word_edits", "differences"}; a rate
 * is null when the truth is empty and the hypothesis is not. */
char *
vn_metrics_to_json (VnMetrics *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (VN_IS_METRICS (self), NULL);

  json_builder_begin_object (b);
  vn_json_add_double (b, "cer", vn_metrics_get_cer (self), 6);
  vn_json_add_double (b, "wer", vn_metrics_get_wer (self), 6);
  vn_json_add_int (b, "characters", self->characters.truth_length);
  vn_json_add_int (b, "words", self->words.truth_length);
  add_counts (b, "character_edits", &self->characters);
  add_counts (b, "word_edits", &self->words);
  add_differences (b, self);
  json_builder_end_object (b);
  return vn_json_to_string (b, TRUE);
}

/* @in_length: "in %u characters", in the plural form for the truth's length. */
static void
append_rate_line (GString            *out,
                  const char         *name,
                  const VnEditCounts *counts,
                  const char         *in_length)
{
  double rate = vn_edit_counts_rate (counts);
  guint distance = vn_edit_counts_distance (counts);
  g_autofree char *edits = g_strdup_printf (ngettext ("%u edit", "%u edits", distance), distance);
  g_autofree char *length = g_strdup_printf (in_length, counts->truth_length);

  if (isfinite (rate))
    g_string_append_printf (out, "%s %.2f%%", name, rate * 100);
  else
    g_string_append_printf (out, _("%s undefined (the truth is empty)"), name);
  /* TRANSLATORS: "(12 edits in 345 characters: 10 substituted, 1 deleted, 1 inserted)" */
  g_string_append_printf (out, _(" (%s %s: %u substituted, %u deleted, %u inserted)\n"), edits,
                          length, counts->substitutions, counts->deletions, counts->insertions);
}

static void
append_reading (GString    *out,
                const char *reading)
{
  if (*reading == '\0')
    g_string_append (out, _("(nothing)"));
  else
    g_string_append_printf (out, "«%s»", reading);
}

/* The rates, then each difference: its line, the two readings, and the truth around it. */
char *
vn_metrics_to_report (VnMetrics *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (VN_IS_METRICS (self), NULL);

  append_rate_line (out, "CER", &self->characters,
                    ngettext ("in %u character", "in %u characters",
                              self->characters.truth_length));
  append_rate_line (out, "WER", &self->words,
                    ngettext ("in %u word", "in %u words", self->words.truth_length));
  g_string_append (out, _("Characters are grapheme clusters after NFC, words are separated by "
                          "whitespace, and a run of whitespace counts as one space.\n"));
  g_string_append_printf (out, ngettext ("\n%u difference (truth → hypothesis):\n",
                                         "\n%u differences (truth → hypothesis):\n",
                                         self->differences->len),
                          self->differences->len);
  for (guint i = 0; i < self->differences->len; i++)
    {
      const VnDifference *d = &g_array_index (self->differences, VnDifference, i);
      gboolean more = d->end + VN_METRICS_CONTEXT < self->characters.truth_length;

      g_string_append_printf (out, _("\nline %u: "), d->line);
      append_reading (out, d->truth);
      g_string_append (out, " → ");
      append_reading (out, d->hypothesis);
      g_string_append_printf (out, "\n    %s%s⟦%s → %s⟧%s%s\n",
                              d->offset > VN_METRICS_CONTEXT ? "…" : "", d->before, d->truth,
                              d->hypothesis, d->after,
                              more ? "…" : "");
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ per page */

void
vn_page_metrics_free (VnPageMetrics *page)
{
  if (page == NULL)
    return;
  g_free (page->label);
  g_clear_object (&page->published);
  g_clear_object (&page->ocr);
  g_free (page);
}

/* Byte offsets in the canonical text where each scan page begins, from the collation's token
 * placements, and the text's end: a page begins at its first placed token, the first page at
 * the text's start, and a page with no token of its own gets an empty range. */
static guint *
find_page_starts (VnCollation *collation,
                  guint        n_pages,
                  gsize        text_len)
{
  VnTranscription *t = vn_collation_get_transcription (collation);
  guint *starts = g_new (guint, n_pages + 1);

  starts[n_pages] = text_len;
  for (guint p = n_pages; p-- > 0;)
    {
      int token = vn_collation_get_page_first_token (collation, p);

      starts[p] = token < 0 ? starts[p + 1] : vn_transcription_get_token (t, token)->start;
    }
  if (n_pages > 0)
    starts[0] = 0;
  /* Placements follow the text, but guard against an interpolated page out of order. */
  for (guint p = 1; p <= n_pages; p++)
    starts[p] = CLAMP (starts[p], starts[p - 1], text_len);
  return starts;
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint lines = 0;

  for (const char *p = text; (p = memchr (p, '\n', text + len - p)) != NULL; p++)
    lines++;
  return lines;
}

/* Differences of a page's slice are numbered by the lines of the whole text. */
static void
shift_lines (VnMetrics *metrics,
             guint      by)
{
  for (guint i = 0; i < metrics->differences->len; i++)
    g_array_index (metrics->differences, VnDifference, i).line += by;
}

static VnPageMetrics *
measure_page (VnDocument *document,
              guint       page,
              const char *verified,
              guint       verified_start,
              guint       verified_end,
              const char *canonical,
              guint       canonical_start,
              guint       canonical_end)
{
  VnProject *project = vn_document_get_project (document);
  GPtrArray *scans = vn_project_get_scan_pages (project);
  VnOcrPage *ocr_page = g_ptr_array_index (vn_document_get_pages (document), page);
  g_autofree char *ocr = vn_ocr_page_dup_text (ocr_page);
  const char *truth = verified + verified_start;
  gssize truth_len = verified_end - verified_start;
  guint lines_before = count_lines (verified, verified_start);
  VnPageMetrics *result = g_new0 (VnPageMetrics, 1);

  result->page = page;
  result->label = g_strdup (page < scans->len ? ((VnScanPage *) scans->pdata[page])->label
                                              : vn_ocr_page_get_source_label (ocr_page));
  result->published = vn_metrics_compare (truth, truth_len, canonical + canonical_start,
                                          canonical_end - canonical_start,
                                          VN_METRICS_DEHYPHENATE);
  result->ocr = vn_metrics_compare (truth, truth_len, ocr, -1, VN_METRICS_DEHYPHENATE);
  shift_lines (result->published, lines_before);
  shift_lines (result->ocr, lines_before);
  return result;
}

/* For each scan page, the published transcription and the OCR against the verified text (the
 * canonical text with the session's corrections), each cut to that page by the collation's
 * token placements and mapped through the corrections. Line-end hyphens are joined in every
 * text, since the OCR keeps the scan's line breaks and the transcriptions need not. */
GPtrArray *
vn_metrics_per_page (VnDocument  *document,
                     GError     **error)
{
  VnSession *session;
  GPtrArray *ocr_pages, *result;
  g_autofree char *verified = NULL;
  g_autofree guint *starts = NULL;
  const char *canonical;
  gsize canonical_len, verified_len;

  g_return_val_if_fail (VN_IS_DOCUMENT (document), NULL);

  session = vn_document_get_session (document);
  ocr_pages = vn_document_get_pages (document);
  canonical = vn_transcription_get_text (vn_session_get_canonical (session), &canonical_len);
  verified = vn_session_dup_verified_text (session, &verified_len);
  if (!g_utf8_validate_len (verified, verified_len, NULL))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The verified text of %s is not valid UTF-8; undo the last correction, "
                     "or remove corrections.diff from %s."),
                   vn_transcription_get_display_name (vn_session_get_canonical (session)),
                   vn_session_get_state_dir (session));
      return NULL;
    }
  starts = find_page_starts (vn_document_get_collation (document), ocr_pages->len, canonical_len);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) vn_page_metrics_free);
  for (guint p = 0; p < ocr_pages->len; p++)
    g_ptr_array_add (result, measure_page (document, p, verified,
                                           vn_session_canonical_to_verified (session, starts[p]),
                                           vn_session_canonical_to_verified (session,
                                                                             starts[p + 1]),
                                           canonical, starts[p], starts[p + 1]));
  return result;
}

static void
add_pair (JsonBuilder        *b,
          const char         *name,
          const VnEditCounts *characters,
          const VnEditCounts *words)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  vn_json_add_double (b, "cer", vn_edit_counts_rate (characters), 6);
  vn_json_add_double (b, "wer", vn_edit_counts_rate (words), 6);
  vn_json_add_int (b, "character_edits", vn_edit_counts_distance (characters));
  vn_json_add_int (b, "word_edits", vn_edit_counts_distance (words));
  json_builder_end_object (b);
}

static void
add_page (JsonBuilder   *b,
          VnPageMetrics *page)
{
  json_builder_begin_object (b);
  vn_json_add_int (b, "page", page->page + 1);
  vn_json_add_string (b, "label", page->label);
  vn_json_add_int (b, "characters", page->published->characters.truth_length);
  vn_json_add_int (b, "words", page->published->words.truth_length);
  add_pair (b, "published", &page->published->characters, &page->published->words);
  add_pair (b, "ocr", &page->ocr->characters, &page->ocr->words);
  json_builder_end_object (b);
}

/* {"pages": [{"page" (from 1), "label", "characters", "words", "published": {"cer", "wer",
 * "character_edits", "word_edits"}, "ocr": {…}}], "document": {the same, summed}}. */
char *
vn_metrics_pages_to_json (GPtrArray *pages)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  VnEditCounts sums[4] = { { 0 } };

  g_return_val_if_fail (pages != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pages");
  json_builder_begin_array (b);
  for (guint i = 0; i < pages->len; i++)
    {
      VnPageMetrics *page = g_ptr_array_index (pages, i);

      add_page (b, page);
      vn_edit_counts_add (&sums[0], &page->published->characters);
      vn_edit_counts_add (&sums[1], &page->published->words);
      vn_edit_counts_add (&sums[2], &page->ocr->characters);
      vn_edit_counts_add (&sums[3], &page->ocr->words);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "document");
  json_builder_begin_object (b);
  vn_json_add_int (b, "characters", sums[0].truth_length);
  vn_json_add_int (b, "words", sums[1].truth_length);
  add_pair (b, "published", &sums[0], &sums[1]);
  add_pair (b, "ocr", &sums[2], &sums[3]);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return vn_json_to_string (b, TRUE);
}
