/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-hash.h: a hash for 64-bit keys made of two 32-bit halves (letter pairs, byte ranges). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_int64_hash folds the halves with XOR: every pair (a, a) hashes to 0, and (a, b) as (b, a),
 * which turns a table of letter pairs or of ranges into long probe chains. A multiplicative
 * (Fibonacci) hash spreads them. For a GHashTable of gint64 * keys, with g_int64_equal. */
static inline guint
vn_hash_pair64 (gconstpointer key)
{
  return (guint) ((*(const guint64 *) key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32);
}

G_END_DECLS
