/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-char-diff.c: two readings compared letter by letter: the longest common subsequence of
 * their code points (readings of a line or two, so the quadratic table is small), as runs of
 * equal and differing letters, and as Pango markup that highlights the differing ones. */
#include <string.h>

#include "vn-char-diff.h"

typedef struct
{
  gunichar *chars;
  guint    *offsets;   /* byte offset of each code point, and of the end */
  glong     n;
} Letters;

static void
letters_init (Letters    *letters,
              const char *text)
{
  const char *p = text;

  letters->chars = g_utf8_to_ucs4_fast (text, -1, &letters->n);
  letters->offsets = g_new (guint, letters->n + 1);
  for (glong i = 0; i < letters->n; i++, p = g_utf8_next_char (p))
    letters->offsets[i] = p - text;
  letters->offsets[letters->n] = strlen (text);
}

static void
letters_clear (Letters *letters)
{
  g_free (letters->chars);
  g_free (letters->offsets);
}

static gboolean
same_letter (gunichar        x,
             gunichar        y,
             VnCharDiffFlags flags)
{
  return x == y || ((flags & VN_CHAR_DIFF_SPACES_EQUAL) && g_unichar_isspace (x) &&
                    g_unichar_isspace (y));
}

/* lcs[i][j]: the length of the longest common subsequence of a[i..] and b[j..]. */
static guint *
lcs_table (const Letters   *a,
           const Letters   *b,
           VnCharDiffFlags  flags)
{
  gsize width = b->n + 1;
  guint *lcs = g_new0 (guint, (a->n + 1) * width);

  for (glong i = a->n - 1; i >= 0; i--)
    for (glong j = b->n - 1; j >= 0; j--)
      lcs[i * width + j] = same_letter (a->chars[i], b->chars[j], flags)
                           ? lcs[(i + 1) * width + j + 1] + 1
                           : MAX (lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
  return lcs;
}

/* Adds one letter of a, of b or of both to the runs, extending the last run when it is of the
 * same kind. */
static void
add_step (GArray        *spans,
          const Letters *a,
          const Letters *b,
          glong          i,
          glong          j,
          gboolean       take_a,
          gboolean       take_b)
{
  gboolean equal = take_a && take_b;
  VnCharDiffSpan *last = spans->len ? &g_array_index (spans, VnCharDiffSpan, spans->len - 1)
                                    : NULL;
  guint a_len = take_a ? a->offsets[i + 1] - a->offsets[i] : 0;
  guint b_len = take_b ? b->offsets[j + 1] - b->offsets[j] : 0;

  if (last == NULL || last->equal != equal)
    {
      VnCharDiffSpan span = { equal, a->offsets[i], 0, b->offsets[j], 0 };
      g_array_append_val (spans, span);
      last = &g_array_index (spans, VnCharDiffSpan, spans->len - 1);
    }
  last->a_len += a_len;
  last->b_len += b_len;
}

/**
 * vn_char_diff:
 *
 * Returns: (transfer full): a GArray of VnCharDiffSpan covering both readings in order,
 *   equal and differing runs alternating. With VN_CHAR_DIFF_SPACES_EQUAL, an equal run may
 *   have different white space on its two sides.
 */
GArray *
vn_char_diff (const char      *a,
              const char      *b,
              VnCharDiffFlags  flags)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (VnCharDiffSpan));
  Letters la, lb;
  g_autofree guint *lcs = NULL;
  gsize width;
  glong i = 0, j = 0;

  g_return_val_if_fail (a != NULL && b != NULL, spans);

  letters_init (&la, a);
  letters_init (&lb, b);
  lcs = lcs_table (&la, &lb, flags);
  width = lb.n + 1;
  while (i < la.n || j < lb.n)
    {
      if (i < la.n && j < lb.n && same_letter (la.chars[i], lb.chars[j], flags))
        add_step (spans, &la, &lb, i++, j++, TRUE, TRUE);
      else if (j >= lb.n || (i < la.n && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]))
        add_step (spans, &la, &lb, i++, j, TRUE, FALSE);
      else
        add_step (spans, &la, &lb, i, j++, FALSE, TRUE);
    }
  letters_clear (&la);
  letters_clear (&lb);
  return spans;
}

/**
 * vn_char_diff_markup:
 * @of_b: the markup of @b rather than @a
 * @attributes: Pango span attributes for the letters the other reading does not share, such
 *   as `background="#f6d32d"`
 * @gap: (nullable): shown, in those attributes, where the other reading has letters this one
 *   lacks; NULL shows nothing there
 *
 * Returns: (transfer full): Pango markup of one reading, its differing letters highlighted.
 */
char *
vn_char_diff_markup (const char      *a,
                     const char      *b,
                     VnCharDiffFlags  flags,
                     gboolean         of_b,
                     const char      *attributes,
                     const char      *gap)
{
  g_autoptr(GArray) spans = vn_char_diff (a, b, flags);
  const char *text = of_b ? b : a;
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < spans->len; k++)
    {
      const VnCharDiffSpan *span = &g_array_index (spans, VnCharDiffSpan, k);
      guint start = of_b ? span->b_start : span->a_start;
      guint len = of_b ? span->b_len : span->a_len;
      g_autofree char *escaped = g_markup_escape_text (len > 0 ? text + start : gap ? gap : "",
                                                       len > 0 ? (gssize) len : -1);

      if (span->equal)
        g_string_append (out, escaped);
      else if (*escaped != '\0')
        g_string_append_printf (out, "<span %s>%s</span>", attributes, escaped);
    }
  return g_string_free (out, FALSE);
}

/* @a with @b's letters where the two differ: @b's reading, in @a's white space where
 * VN_CHAR_DIFF_SPACES_EQUAL lets them match (so @a's line breaks stay where they are). */
char *
vn_char_diff_take (const char      *a,
                   const char      *b,
                   VnCharDiffFlags  flags)
{
  g_autoptr(GArray) spans = vn_char_diff (a, b, flags);
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < spans->len; k++)
    {
      const VnCharDiffSpan *span = &g_array_index (spans, VnCharDiffSpan, k);

      if (span->equal)
        g_string_append_len (out, a + span->a_start, span->a_len);
      else
        g_string_append_len (out, b + span->b_start, span->b_len);
    }
  return g_string_free (out, FALSE);
}
