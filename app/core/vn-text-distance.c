/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-text-distance.c: Levenshtein distances over code points, bounded: Myers' bit-parallel
 * algorithm for words of up to 64 code points, Ukkonen's diagonal strip beyond. The aligner
 * and the collation measure every disagreement with them. */
#include "vn-text-distance.h"

static gboolean
is_dash (gunichar c)
{
  return c == '-' || (c >= 0x2010 && c <= 0x2014);
}

/* Appends the code points of @key to @out, skipping dashes if asked, and returns how many.
 * Invalid bytes become lone surrogates, so that they compare equal only to themselves. */
guint
vn_text_decode_key (const char *key,
                    gboolean    skip_dashes,
                    GArray     *out)
{
  guint added = 0;

  for (const char *p = key; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c >= 0x110000)
        {
          c = 0xDC00 | (guchar) *p;
          p++;
        }
      else
        p = g_utf8_next_char (p);

      if (skip_dashes && is_dash (c))
        continue;
      g_array_append_val (out, c);
      added++;
    }

  return added;
}

/* Levenshtein distance of @s and @t in O(|t|) memory (@row holds |t| + 1 cells), or @bound + 1
 * if it exceeds @bound.  Only cells within @bound of the diagonal can stay under it, so only
 * those are computed (Ukkonen); cells just outside the strip count as over the bound. */
static guint
levenshtein_bounded (const gunichar *s,
                     guint           ls,
                     const gunichar *t,
                     guint           lt,
                     guint           bound,
                     guint          *row)
{
  const guint over = MIN (bound, MAX (ls, lt)) + 1; /* the distance never exceeds the longer */

  bound = over - 1;
  if (ls > lt + bound || lt > ls + bound)
    return over;

  for (guint j = 0; j <= lt; j++)
    row[j] = MIN (j, over);

  for (guint i = 1; i <= ls; i++)
    {
      guint lo = i > bound ? i - bound : 1;
      guint hi = MIN (i + bound, lt);
      guint diagonal = row[lo - 1];
      guint row_min;

      row[lo - 1] = lo == 1 ? MIN (i, over) : over;
      row_min = row[lo - 1];
      for (guint j = lo; j <= hi; j++)
        {
          guint above = j < i + bound ? row[j] : over;
          guint v = diagonal + (s[i - 1] != t[j - 1]);

          v = MIN (v, above + 1);
          v = MIN (v, row[j - 1] + 1);
          v = MIN (v, over);
          diagonal = above;
          row[j] = v;
          row_min = MIN (row_min, v);
        }
      if (row_min > bound)
        return over;
    }

  return row[lt];
}

/* Where each code point of a short pattern occurs, as bits: a tiny open-addressing table. */
typedef struct
{
  gunichar keys[128]; /* 0 marks a free slot: keys never hold NUL */
  guint64  masks[128];
} PatternBits;

static inline guint
pattern_slot (const PatternBits *pb,
              gunichar           c)
{
  guint at = (c * 2654435761u) >> 25;

  while (pb->keys[at] != 0 && pb->keys[at] != c)
    at = (at + 1) & 127;
  return at;
}

static inline guint64
pattern_bits_of (const PatternBits *pb,
                 gunichar           c)
{
  guint at = pattern_slot (pb, c);

  return pb->keys[at] == c ? pb->masks[at] : 0;
}

/* Myers' bit-parallel edit distance (Hyyrö's global form) for a pattern @t of 1..64 code
 * points: one pass over @s with a few word operations per code point. */
static guint
levenshtein_bitparallel (const gunichar *s,
                         guint           ls,
                         const gunichar *t,
                         guint           lt,
                         guint           bound)
{
  PatternBits pb;
  guint64 pv = ~G_GUINT64_CONSTANT (0), mv = 0;
  const guint64 last = G_GUINT64_CONSTANT (1) << (lt - 1);
  guint score = lt;

  bound = MIN (bound, ls); /* @s is the longer: the distance never exceeds its length */
  memset (pb.keys, 0, sizeof pb.keys);
  for (guint k = 0; k < lt; k++)
    {
      guint at = pattern_slot (&pb, t[k]);

      if (pb.keys[at] == 0)
        pb.masks[at] = 0;
      pb.keys[at] = t[k];
      pb.masks[at] |= G_GUINT64_CONSTANT (1) << k;
    }

  for (guint j = 0; j < ls; j++)
    {
      guint64 eq = pattern_bits_of (&pb, s[j]);
      guint64 xv = eq | mv;
      guint64 xh = (((eq & pv) + pv) ^ pv) | eq;
      guint64 ph = mv | ~(xh | pv);
      guint64 mh = pv & xh;

      score += (ph & last) != 0;
      score -= (mh & last) != 0;
      /* Each code point left can lower the final distance by one at most. */
      if (score > bound + (ls - j - 1))
        return bound + 1;
      ph = (ph << 1) | 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }

  return MIN (score, bound + 1);
}

/* Levenshtein distance of two code point strings, or @bound + 1 if it exceeds @bound; @row is
 * scratch space, sized here for the shorter one. */
guint
vn_text_distance_bounded (const gunichar *s,
                          guint           ls,
                          const gunichar *t,
                          guint           lt,
                          guint           bound,
                          GArray         *row)
{
  if (ls < lt)
    return vn_text_distance_bounded (t, lt, s, ls, bound, row);
  if (lt == 0)
    return MIN (ls, bound + 1);
  if (lt <= 64)
    return levenshtein_bitparallel (s, ls, t, lt, bound);

  g_array_set_size (row, lt + 1);
  return levenshtein_bounded (s, ls, t, lt, bound, (guint *) (gpointer) row->data);
}

guint
vn_text_distance (const char *a,
                  const char *b)
{
  g_autoptr(GArray) ua = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GArray) ub = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GArray) row = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  vn_text_decode_key (a, FALSE, ua);
  vn_text_decode_key (b, FALSE, ub);
  return vn_text_distance_bounded ((gunichar *) (gpointer) ua->data, ua->len,
                                   (gunichar *) (gpointer) ub->data, ub->len,
                                   MAX (ua->len, ub->len), row);
}

double
vn_text_similarity (const char *a,
                    const char *b)
{
  glong la, lb;

  g_return_val_if_fail (a != NULL, 0.0);
  g_return_val_if_fail (b != NULL, 0.0);

  la = g_utf8_strlen (a, -1);
  lb = g_utf8_strlen (b, -1);
  if (la == 0 && lb == 0)
    return 1.0;

  return 1.0 - (double) vn_text_distance (a, b) / (double) MAX (la, lb);
}
