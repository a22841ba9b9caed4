/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-alignment.h: near-linear alignment of two word sequences, with character-level
 * refinement inside disagreements (splits, merges, hyphenation). No GObject, no GTK. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VN_ALIGN_EQUAL,   /* a_len == b_len, every key equal */
  VN_ALIGN_REPLACE, /* a_len >= 1 and b_len >= 1: 1:1 substitution or an m:n split/merge */
  VN_ALIGN_DELETE,  /* words only in A (b_len == 0) */
  VN_ALIGN_INSERT,  /* words only in B (a_len == 0) */
} VnAlignOp;

typedef struct
{
  VnAlignOp op;
  guint     a_start;
  guint     a_len;
  guint     b_start;
  guint     b_len;
} VnAlignHunk;

/* Aligns keys a[0..n_a) with b[0..n_b). Keys are compared byte-wise (callers fold case,
 * homoglyphs and punctuation before).  Returns a GArray of VnAlignHunk covering both
 * sequences in order, with no gaps.  REPLACE hunks are small (m, n <= 4): a long
 * disagreement is split into the best 1:1, 1:2, 2:1, 1:3, 3:1 … groups by character
 * edit distance of the concatenated keys, with DELETE/INSERT for words with no partner. */
GArray *vn_align_words (const char * const *a,
                        guint               n_a,
                        const char * const *b,
                        guint               n_b);

G_END_DECLS
