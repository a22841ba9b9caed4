/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-diff.c: unified diffs between two texts, and the word-sized edits between them. Lines
 * are aligned with vn_align_words, the same near-linear aligner the collation uses, so a
 * whole book diffs in milliseconds. A library (libxdiff, as git has) is not packaged for
 * Debian as a shared library. Diffs are read back and applied in vn-patch.c. */
#include <string.h>

#include "vn-alignment.h"
#include "vn-diff.h"

typedef struct
{
  GPtrArray *lines;    /* char *, each line with its "\n" when it has one */
} Lines;

static void
split_lines (Lines      *out,
             const char *text,
             gsize       len)
{
  gsize start = 0;

  out->lines = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      {
        g_ptr_array_add (out->lines, g_strndup (text + start, i + 1 - start));
        start = i + 1;
      }
  if (start < len)
    g_ptr_array_add (out->lines, g_strndup (text + start, len - start));
}

static void
emit_line (GString    *out,
           char        mark,
           const char *line)
{
  gsize len = strlen (line);

  g_string_append_c (out, mark);
  g_string_append (out, line);
  if (len == 0 || line[len - 1] != '\n')
    g_string_append (out, "\n\\ No newline at end of file\n");
}

typedef struct
{
  guint a, b;        /* first line of the hunk in old and new, 0-based */
  guint a_end, b_end;
} Range;

static void
emit_hunk (GString      *out,
           const Lines  *old,
           const Lines  *new,
           GArray       *ops,
           guint         first_op,
           guint         last_op,
           const Range  *range)
{
  guint a_len = range->a_end - range->a, b_len = range->b_end - range->b;

  g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n", a_len ? range->a + 1 : range->a, a_len,
                          b_len ? range->b + 1 : range->b, b_len);
  for (guint i = first_op; i <= last_op; i++)
    {
      const VnAlignHunk *h = &g_array_index (ops, VnAlignHunk, i);
      guint a0 = MAX (h->a_start, range->a), a1 = MIN (h->a_start + h->a_len, range->a_end);

      if (h->op == VN_ALIGN_EQUAL)
        {
          for (guint k = a0; k < a1; k++)
            emit_line (out, ' ', g_ptr_array_index (old->lines, k));
          continue;
        }
      for (guint k = 0; k < h->a_len; k++)
        emit_line (out, '-', g_ptr_array_index (old->lines, h->a_start + k));
      for (guint k = 0; k < h->b_len; k++)
        emit_line (out, '+', g_ptr_array_index (new->lines, h->b_start + k));
    }
}

/* The last op of the hunk that starts with change @i: changes closer than 2 × @context
 * equal lines share one hunk. */
static guint
hunk_end (GArray *ops,
          guint   i,
          guint   context)
{
  guint last = i;

  while (last + 1 < ops->len)
    {
      const VnAlignHunk *next = &g_array_index (ops, VnAlignHunk, last + 1);

      if (next->op != VN_ALIGN_EQUAL)
        last++;
      else if (next->a_len <= 2 * context && last + 2 < ops->len &&
               g_array_index (ops, VnAlignHunk, last + 2).op != VN_ALIGN_EQUAL)
        last += 2;
      else
        break;
    }
  return last;
}

static void
emit_hunks (GString     *out,
            const Lines *old,
            const Lines *new,
            GArray      *ops,
            guint        context)
{
  for (guint i = 0; i < ops->len; i++)
    {
      const VnAlignHunk *first = &g_array_index (ops, VnAlignHunk, i), *end;
      guint last, lead, tail;
      Range range;

      if (first->op == VN_ALIGN_EQUAL)
        continue;
      last = hunk_end (ops, i, context);
      end = &g_array_index (ops, VnAlignHunk, last);
      lead = MIN (context, first->a_start);
      tail = MIN (context, old->lines->len - (end->a_start + end->a_len));
      range = (Range) {
        .a = first->a_start - lead, .b = first->b_start - lead,
        .a_end = end->a_start + end->a_len + tail, .b_end = end->b_start + end->b_len + tail,
      };
      emit_hunk (out, old, new, ops, i > 0 ? i - 1 : i, MIN (last + 1, ops->len - 1), &range);
      i = last;
    }
}

/* "--- a/NAME" / "+++ b/NAME" headers, as `git apply` and `patch -p1` expect. */
char *
vn_diff_unified (const char *old_name,
                 const char *new_name,
                 const char *old_text,
                 gsize       old_len,
                 const char *new_text,
                 gsize       new_len,
                 guint       context)
{
  Lines old, new;
  g_autoptr(GArray) ops = NULL;
  GString *out = g_string_new (NULL);

  split_lines (&old, old_text, old_len);
  split_lines (&new, new_text, new_len);
  ops = vn_align_words ((const char * const *) old.lines->pdata, old.lines->len,
                        (const char * const *) new.lines->pdata, new.lines->len);
  if (ops->len > 1 || (ops->len == 1 && g_array_index (ops, VnAlignHunk, 0).op != VN_ALIGN_EQUAL))
    {
      g_string_append_printf (out, "--- a/%s\n+++ b/%s\n", old_name, new_name);
      emit_hunks (out, &old, &new, ops, context);
    }
  g_ptr_array_unref (old.lines);
  g_ptr_array_unref (new.lines);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ from known edits */

/* Where each line of @text starts, and then @len: line i is [starts[i], starts[i + 1]). */
GArray *
vn_diff_line_starts (const char *text,
                     gsize       len)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize at = 0;

  if (len > 0)
    g_array_append_val (starts, at);
  for (const char *p = text; len > 0 && (p = memchr (p, '\n', len - (p - text))) != NULL; p++)
    {
      at = p - text + 1;
      if (at < len)
        g_array_append_val (starts, at);
    }
  g_array_append_val (starts, len);
  return starts;
}

/* The line byte @offset (< the text's length) stands in. */
static guint
line_of (GArray *starts,
         gsize   offset)
{
  guint lo = 0, hi = starts->len - 1;

  while (lo + 1 < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (starts, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static void
emit_lines (GString    *out,
            char        mark,
            const char *text,
            gsize       len)
{
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    if ((i == len && start < len) || (i < len && text[i] == '\n'))
      {
        g_autofree char *line = g_strndup (text + start, MIN (i + 1, len) - start);
        emit_line (out, mark, line);
        start = i + 1;
      }
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    n += text[i] == '\n';
  return n + (len > 0 && text[len - 1] != '\n');
}

/* Old lines [first, last) and what edits [e0, e1) make of them. */
typedef struct
{
  guint    first, last;
  guint    e0, e1;
  GString *text;
  guint    new_lines;
} Group;

static void
clear_group (gpointer data)
{
  Group *g = data;

  if (g->text != NULL)
    g_string_free (g->text, TRUE);
}

/* The old lines edit @e changes: [*first, *last). An insertion at the end of a text that
 * ends with a newline changes no line: it adds lines after the last. */
static void
edit_lines (GArray           *starts,
            const char       *text,
            const VnTextEdit *e,
            guint            *first,
            guint            *last)
{
  gsize len = g_array_index (starts, gsize, starts->len - 1);
  guint n_lines = starts->len - 1;

  if (e->start >= len)
    {
      *first = len > 0 && text[len - 1] != '\n' ? n_lines - 1 : n_lines;
      *last = n_lines;
      return;
    }
  *first = line_of (starts, e->start);
  *last = line_of (starts, e->end > e->start ? e->end - 1 : e->start) + 1;
}

/* What the group's lines become. */
static void
group_text (Group            *g,
            const char       *text,
            GArray           *starts,
            const VnTextEdit *edits)
{
  gsize len = g_array_index (starts, gsize, starts->len - 1);
  gsize p = g_array_index (starts, gsize, g->first), to = g_array_index (starts, gsize, g->last);

  if (g->text != NULL)
    g_string_free (g->text, TRUE);
  g->text = g_string_new (NULL);
  for (guint i = g->e0; i < g->e1; i++)
    {
      g_string_append_len (g->text, text + p, edits[i].start - p);
      g_string_append (g->text, edits[i].text);
      p = edits[i].end;
    }
  g_string_append_len (g->text, text + p, MIN (to, len) - p);
  g->new_lines = count_lines (g->text->str, g->text->len);
}

static GArray *
group_edits (const char       *text,
             GArray           *starts,
             const VnTextEdit *edits,
             guint             n_edits)
{
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (Group));

  g_array_set_clear_func (groups, clear_group);
  for (guint i = 0; i < n_edits; i++)
    {
      Group g = { 0, 0, i, i + 1, NULL, 0 };
      Group *prev = groups->len ? &g_array_index (groups, Group, groups->len - 1) : NULL;

      edit_lines (starts, text, &edits[i], &g.first, &g.last);
      if (prev != NULL && g.first <= prev->last)
        prev->last = MAX (prev->last, g.last), prev->e1 = i + 1;
      else
        g_array_append_val (groups, g);
    }
  for (guint k = 0; k < groups->len; k++)
    {
      Group *g = &g_array_index (groups, Group, k);

      group_text (g, text, starts, edits);
      /* A group whose last line lost its newline runs on into the next line. */
      while (g->text->len > 0 && g->text->str[g->text->len - 1] != '\n' &&
             g->last < starts->len - 1)
        {
          g->last++;
          while (k + 1 < groups->len && g_array_index (groups, Group, k + 1).first < g->last)
            {
              Group *next = &g_array_index (groups, Group, k + 1);
              g->last = MAX (g->last, next->last);
              g->e1 = next->e1;
              g_array_remove_index (groups, k + 1);
              g = &g_array_index (groups, Group, k);
            }
          group_text (g, text, starts, edits);
        }
    }
  return groups;
}

static void
emit_context (GString    *body,
              const char *text,
              GArray     *starts,
              guint       from,
              guint       to)
{
  for (guint l = from; l < to; l++)
    emit_lines (body, ' ', text + g_array_index (starts, gsize, l),
                g_array_index (starts, gsize, l + 1) - g_array_index (starts, gsize, l));
}

/* The unified diff of @old_text to what @edits (sorted, none overlapping) make of it, written
 * from the edits themselves: there is no alignment to search, so it costs what the edited
 * lines cost, whatever the length of the text. @starts is vn_diff_line_starts (@old_text).
 * Changes closer than 2 × @context lines share a hunk, as diff writes them. */
char *
vn_diff_unified_from_edits (const char       *old_name,
                            const char       *new_name,
                            const char       *old_text,
                            GArray           *starts,
                            const VnTextEdit *edits,
                            guint             n_edits,
                            guint             context)
{
  guint n_lines = starts->len - 1;
  g_autoptr(GArray) groups = group_edits (old_text, starts, edits, n_edits);
  GString *out = g_string_new (NULL);
  gint64 shift = 0;   /* new lines minus old lines, of the groups written */

  if (n_edits == 0)
    return g_string_free (out, FALSE);
  g_string_append_printf (out, "--- a/%s\n+++ b/%s\n", old_name, new_name);
  for (guint gi = 0, gj; gi < groups->len; gi = gj + 1)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      guint a, a_end, at;
      gint64 b, b_len;

      for (gj = gi; gj + 1 < groups->len &&
           g_array_index (groups, Group, gj + 1).first - g_array_index (groups, Group, gj).last
           <= 2 * context; gj++)
        ;
      at = a = MAX ((gint64) g_array_index (groups, Group, gi).first - context, 0);
      a_end = MIN (n_lines, g_array_index (groups, Group, gj).last + context);
      b = a + shift;
      b_len = a_end - a;
      for (guint k = gi; k <= gj; k++)
        {
          const Group *g = &g_array_index (groups, Group, k);
          gsize from = g_array_index (starts, gsize, g->first);

          emit_context (body, old_text, starts, at, g->first);
          emit_lines (body, '-', old_text + from, g_array_index (starts, gsize, g->last) - from);
          emit_lines (body, '+', g->text->str, g->text->len);
          shift += (gint64) g->new_lines - (g->last - g->first);
          b_len += (gint64) g->new_lines - (g->last - g->first);
          at = g->last;
        }
      emit_context (body, old_text, starts, at, a_end);
      g_string_append_printf (out, "@@ -%u,%u +%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT " @@\n",
                              a_end > a ? a + 1 : a, a_end - a, b_len > 0 ? b + 1 : b, b_len);
      g_string_append_len (out, body->str, body->len);
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ word edits */

typedef struct
{
  guint start, end;
} Span;

typedef struct
{
  guint a, b;   /* offsets in the old and the new text up to which the texts correspond */
} Sync;

/* As the transcription splits words: no-break spaces and a byte-order mark separate them. */
static gboolean
is_word_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0xFEFF;
}

static GArray *
split_words (const char  *text,
             gsize        len,
             GPtrArray   *keys)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Span));
  gssize start = -1;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gboolean end = p >= text + len;

      if (!end && !is_word_space (g_utf8_get_char (p)))
        {
          if (start < 0)
            start = p - text;
          continue;
        }
      if (start >= 0)
        {
          Span word = { start, p - text };
          g_array_append_val (words, word);
          g_ptr_array_add (keys, g_strndup (text + word.start, word.end - word.start));
        }
      start = -1;
      if (end)
        return words;
    }
}

/* Syncs only move forward in both texts. */
static void
add_sync (GArray *syncs,
          guint   a,
          guint   b)
{
  Sync sync = { a, b };
  const Sync *last = syncs->len ? &g_array_index (syncs, Sync, syncs->len - 1) : NULL;

  if (last == NULL || (last->a <= a && last->b <= b))
    g_array_append_val (syncs, sync);
}

typedef struct
{
  const char *old_text, *new_text;
  GArray     *old_words, *new_words;   /* Span */
  GArray     *syncs;
} SyncFinder;

/* Between two hunks of the alignment, before old word @i and new word @j: the gap there
 * separates two edits when it is the same in both texts. */
static void
add_boundary_syncs (SyncFinder *f,
                    guint       i,
                    guint       j)
{
  const Span *a1, *a2, *b1, *b2;

  if (i == 0 || j == 0 || i >= f->old_words->len || j >= f->new_words->len)
    return;
  a1 = &g_array_index (f->old_words, Span, i - 1), a2 = &g_array_index (f->old_words, Span, i);
  b1 = &g_array_index (f->new_words, Span, j - 1), b2 = &g_array_index (f->new_words, Span, j);
  if (a2->start - a1->end != b2->start - b1->end ||
      memcmp (f->old_text + a1->end, f->new_text + b1->end, a2->start - a1->end) != 0)
    return;
  add_sync (f->syncs, a1->end, b1->end);
  add_sync (f->syncs, a2->start, b2->start);
}

/* Offsets where the two texts correspond: around every word the aligner found equal, and
 * around every unchanged gap between two changes, so that each edit stays small. Any
 * forward-moving offsets would be correct; these give word-sized edits. */
static GArray *
find_syncs (SyncFinder *f,
            GArray     *ops,
            gsize       old_len,
            gsize       new_len)
{
  f->syncs = g_array_new (FALSE, FALSE, sizeof (Sync));
  add_sync (f->syncs, 0, 0);
  for (guint i = 0; i < ops->len; i++)
    {
      const VnAlignHunk *h = &g_array_index (ops, VnAlignHunk, i);

      if (i > 0)
        add_boundary_syncs (f, h->a_start, h->b_start);
      if (h->op != VN_ALIGN_EQUAL)
        continue;
      for (guint k = 0; k < h->a_len; k++)
        {
          const Span *a = &g_array_index (f->old_words, Span, h->a_start + k);
          const Span *b = &g_array_index (f->new_words, Span, h->b_start + k);

          add_sync (f->syncs, a->start, b->start);
          add_sync (f->syncs, a->end, b->end);
        }
    }
  add_sync (f->syncs, old_len, new_len);
  return f->syncs;
}

/* The bytes both texts share at the start of [*a, a_end) and [*b, b_end), whole characters. */
static void
skip_common_prefix (const char *old_text,
                    guint      *a,
                    guint       a_end,
                    const char *new_text,
                    guint      *b,
                    guint       b_end)
{
  while (*a < a_end && *b < b_end)
    {
      guint n = g_utf8_next_char (old_text + *a) - (old_text + *a);

      if (*a + n > a_end || *b + n > b_end || memcmp (old_text + *a, new_text + *b, n) != 0)
        return;
      *a += n, *b += n;
    }
}

static void
skip_common_suffix (const char *old_text,
                    guint       a_start,
                    guint      *a_end,
                    const char *new_text,
                    guint       b_start,
                    guint      *b_end)
{
  while (*a_end > a_start && *b_end > b_start)
    {
      const char *prev = g_utf8_find_prev_char (old_text + a_start, old_text + *a_end);
      guint n = prev ? (guint) (old_text + *a_end - prev) : 1;

      if (n > *a_end - a_start || n > *b_end - b_start ||
          memcmp (old_text + *a_end - n, new_text + *b_end - n, n) != 0)
        return;
      *a_end -= n, *b_end -= n;
    }
}

static gboolean
space_before (const char *text,
              guint       at,
              guint       floor)
{
  const char *prev = g_utf8_find_prev_char (text + floor, text + at);
  return prev == NULL || is_word_space (g_utf8_get_char (prev));
}

/* The change between two syncs, narrowed to what differs and widened again to whole words
 * (the characters it widens over are the same in both texts). */
static void
add_edit (GArray     *edits,
          const char *old_text,
          const char *new_text,
          const Sync *from,
          const Sync *to)
{
  VnWordEdit e = { from->a, to->a, from->b, to->b };

  if (e.end - e.start == e.new_end - e.new_start &&
      memcmp (old_text + e.start, new_text + e.new_start, e.end - e.start) == 0)
    return;
  skip_common_prefix (old_text, &e.start, e.end, new_text, &e.new_start, e.new_end);
  skip_common_suffix (old_text, e.start, &e.end, new_text, e.new_start, &e.new_end);
  while (e.start > from->a && !space_before (old_text, e.start, from->a))
    {
      guint n = old_text + e.start - g_utf8_find_prev_char (old_text, old_text + e.start);
      e.start -= n, e.new_start -= n;
    }
  while (e.end < to->a && !is_word_space (g_utf8_get_char (old_text + e.end)))
    {
      guint n = g_utf8_next_char (old_text + e.end) - (old_text + e.end);
      e.end += n, e.new_end += n;
    }
  g_array_append_val (edits, e);
}

/* The word-sized edits that turn @old_text into @new_text (both valid UTF-8), in text order,
 * none touching another: words are aligned with vn_align_words, and each stretch between
 * words they share becomes one edit, as small as whole words allow. */
GArray *
vn_diff_word_edits (const char *old_text,
                    gsize       old_len,
                    const char *new_text,
                    gsize       new_len)
{
  g_autoptr(GPtrArray) old_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) new_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) old_words = split_words (old_text, old_len, old_keys);
  g_autoptr(GArray) new_words = split_words (new_text, new_len, new_keys);
  g_autoptr(GArray) ops = vn_align_words ((const char * const *) old_keys->pdata, old_keys->len,
                                          (const char * const *) new_keys->pdata, new_keys->len);
  SyncFinder finder = { old_text, new_text, old_words, new_words, NULL };
  g_autoptr(GArray) syncs = find_syncs (&finder, ops, old_len, new_len);
  GArray *edits = g_array_new (FALSE, FALSE, sizeof (VnWordEdit));

  for (guint i = 0; i + 1 < syncs->len; i++)
    add_edit (edits, old_text, new_text, &g_array_index (syncs, Sync, i),
              &g_array_index (syncs, Sync, i + 1));
  return edits;
}
