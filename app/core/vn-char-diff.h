/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-char-diff.h: two readings of a stretch of text compared letter by letter, for showing
 * where they differ (the region read again, the lines of the line-by-line review). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VN_CHAR_DIFF_NONE = 0,
  /* Any white space matches any other (a line break in one, a space in the other). */
  VN_CHAR_DIFF_SPACES_EQUAL = 1 << 0,
} VnCharDiffFlags;

/* One run of the comparison: the same letters in both readings, or different ones. Offsets
 * are in bytes; either side of a change may be empty (letters only in the other reading). */
typedef struct
{
  gboolean equal;
  guint    a_start, a_len;
  guint    b_start, b_len;
} VnCharDiffSpan;

GArray *vn_char_diff        (const char      *a,
                             const char      *b,
                             VnCharDiffFlags  flags);
char   *vn_char_diff_markup (const char      *a,
                             const char      *b,
                             VnCharDiffFlags  flags,
                             gboolean         of_b,
                             const char      *attributes,
                             const char      *gap);
char   *vn_char_diff_take   (const char      *a,
                             const char      *b,
                             VnCharDiffFlags  flags);

G_END_DECLS
