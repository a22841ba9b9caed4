/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-diff.c: unified diffs between two texts. Lines are aligned with vn_align_words, the
 * same near-linear aligner the collation uses, so a whole book diffs in milliseconds. A
 * library (libxdiff, as git has) is not packaged for Debian as a shared library. */
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
