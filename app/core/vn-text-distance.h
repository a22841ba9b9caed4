/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-text-distance.h: Levenshtein distances over Unicode code points. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Levenshtein distance over Unicode code points of two UTF-8 strings. */
guint   vn_text_distance         (const char     *a,
                                  const char     *b);

/* 1.0 for equal strings, 0.0 for nothing in common: 1 - distance / max length. */
double  vn_text_similarity       (const char     *a,
                                  const char     *b);

/* The code points of a comparison key appended to @out (dashes skipped if asked); invalid
 * bytes become lone surrogates, equal only to themselves. Returns how many. */
guint   vn_text_decode_key       (const char     *key,
                                  gboolean        skip_dashes,
                                  GArray         *out);
guint   vn_text_distance_bounded (const gunichar *s,
                                  guint           ls,
                                  const gunichar *t,
                                  guint           lt,
                                  guint           bound,
                                  GArray         *row);

G_END_DECLS
