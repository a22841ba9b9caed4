/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text.c: comparison keys, scripts, Latin look-alikes and the shapes of words. */
#include <string.h>

#include "vn-text.h"

typedef struct
{
  const char *word;
  const char *key;
  gboolean    lookalikes;
  const char *cyrillic;
} TextCase;

static const TextCase text_cases[] = {
  { "Bepho", "верно", TRUE, "Верно" },
  { "Верно:", "верно", FALSE, "Верно:" },
  { "r.", "г", TRUE, "г." },
  { "3.IX.56", "3i\u0445" "56", FALSE, NULL },  /* X has a Cyrillic twin, I has none */
  { "ПОЛОЖОНИС.", "положонис", FALSE, "ПОЛОЖОНИС." },
  { "ещё", "еще", FALSE, "ещё" },
  { "«Правда»,", "правда", FALSE, "«Правда»," },
  { "Weener", "w\u0435\u0435\u043f\u0435\u0433", FALSE, NULL },  /* W has no twin */
  { "–", "", FALSE, "–" },
  { "CCCP", "ссср", TRUE, "СССР" },
};

static void
test_keys (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_cases); i++)
    {
      const TextCase *tc = &text_cases[i];
      g_autofree char *key = vn_text_comparison_key (tc->word);
      g_autofree char *cyrillic = vn_text_lookalikes_to_cyrillic (tc->word);

      g_test_message ("word %s", tc->word);
      g_assert_cmpint (vn_text_has_lookalikes (tc->word), ==, tc->lookalikes);
      if (tc->lookalikes)
        g_assert_cmpstr (cyrillic, ==, tc->cyrillic);
      g_assert_cmpstr (key, ==, tc->key);
    }
}

static void
test_lookalike_keys_meet (void)
{
  g_autofree char *a = vn_text_comparison_key ("CCCP");
  g_autofree char *b = vn_text_comparison_key ("СССР");

  g_assert_cmpstr (a, ==, b);
}

static void
test_scripts (void)
{
  g_assert_cmpint (vn_text_scripts ("Верно"), ==, VN_SCRIPT_CYRILLIC);
  g_assert_cmpint (vn_text_scripts ("Bepho"), ==, VN_SCRIPT_LATIN);
  g_assert_cmpint (vn_text_scripts ("Вepно"), ==, VN_SCRIPT_LATIN | VN_SCRIPT_CYRILLIC);
  g_assert_cmpint (vn_text_scripts ("1956."), ==, VN_SCRIPT_NONE);
}

static void
test_word_core (void)
{
  const char *token = "(ЧО).";
  gsize start, end;

  vn_text_word_core (token, strlen (token), &start, &end);
  g_assert_cmpuint (start, ==, 1);
  g_assert_cmpuint (end, ==, 1 + strlen ("ЧО"));
  vn_text_word_core ("—", strlen ("—"), &start, &end);
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, strlen ("—"));
  g_assert_true (vn_text_is_dash ("–"));
  g_assert_true (vn_text_is_dash ("-"));
  g_assert_false (vn_text_is_dash ("-а"));
}

/* ------------------------------------------------------------------ the fast paths */

/* Characters the fast paths take and those next to them that they must leave to GLib:
 * combining marks that compose with a letter (е + U+0308 is ё), Cyrillic's own combining
 * marks, letters whose folding is special (ß, ﬁ, final sigma, İ), Latin look-alikes. */
static const gunichar alphabet[] = {
  'a', 'B', 'e', 'o', 'Z', '1', '.', '-', ' ', 0xA0, 0xB5, 0xC9, 0xDF, 0x130, 0x17F, 0x300,
  0x301, 0x306, 0x308, 0x3A3, 0x3C2, 0x400, 0x401, 0x410, 0x415, 0x418, 0x419, 0x42F, 0x435,
  0x438, 0x439, 0x44F, 0x451, 0x462, 0x463, 0x472, 0x480, 0x482, 0x483, 0x489, 0x48A, 0x4C0,
  0x4CF, 0x4D0, 0x4FF, 0x500, 0x1E9E, 0x2014, 0x2116, 0xFB01, 0x1C80,
};

/* The comparison key as it was worked out before the fast paths: the reference. */
static char *
reference_key (const char *word)
{
  g_autofree char *nfc = g_utf8_normalize (word, -1, G_NORMALIZE_NFC);
  GString *key = g_string_new (NULL);

  for (const char *p = nfc; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *one = g_ucs4_to_utf8 (&c, 1, NULL, NULL, NULL);
      g_autofree char *lower = NULL;

      if (!g_unichar_isalnum (c) && !g_unichar_ismark (c))
        continue;
      /* The look-alike table, as vn_text_lookalikes_to_cyrillic () maps one letter. */
      lower = vn_text_lookalikes_to_cyrillic (one);
      c = g_unichar_tolower (g_utf8_get_char (lower));
      g_string_append_unichar (key, c == 0x0451 ? 0x0435 : c);
    }
  return g_string_free (key, FALSE);
}

static void
reference_core (const char *word,
                gsize      *start,
                gsize      *end)
{
  const char *first = NULL, *last_end = NULL;

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        {
          first = first ? first : p;
          last_end = g_utf8_next_char (p);
        }
    }
  *start = first ? (gsize) (first - word) : 0;
  *end = first ? (gsize) (last_end - word) : strlen (word);
}

/* Every character of the alphabet alone, then 20,000 random words of it: NFC, case folding,
 * keys and cores are what GLib's own functions make of them. */
static void
test_fast_paths_agree (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint n = 0; n < 20000 + G_N_ELEMENTS (alphabet); n++)
    {
      g_autoptr(GString) word = g_string_new (NULL);
      guint length = n < G_N_ELEMENTS (alphabet) ? 1 : g_rand_int_range (rand, 1, 8);
      g_autofree char *nfc = NULL, *nfc_ref = NULL, *fold = NULL, *fold_ref = NULL;
      g_autofree char *key = NULL, *key_ref = NULL;
      gsize start, end, start_ref, end_ref;

      for (guint i = 0; i < length; i++)
        g_string_append_unichar (word, n < G_N_ELEMENTS (alphabet)
                                         ? alphabet[n]
                                         : alphabet[g_rand_int_range (rand, 0,
                                                                      G_N_ELEMENTS (alphabet))]);
      nfc = vn_text_nfc (word->str, -1);
      nfc_ref = g_utf8_normalize (word->str, -1, G_NORMALIZE_NFC);
      g_assert_cmpstr (nfc, ==, nfc_ref);
      fold = vn_text_casefold (word->str);
      fold_ref = g_utf8_casefold (word->str, -1);
      g_assert_cmpstr (fold, ==, fold_ref);
      key = vn_text_comparison_key (word->str);
      key_ref = reference_key (word->str);
      g_assert_cmpstr (key, ==, key_ref);
      vn_text_word_core (word->str, word->len, &start, &end);
      reference_core (word->str, &start_ref, &end_ref);
      g_assert_cmpuint (start, ==, start_ref);
      g_assert_cmpuint (end, ==, end_ref);
    }
}

/* Every code point of the Basic Multilingual Plane folds as GLib folds it. */
/* The shapes the collation reads as garbled writing: digits beside letters, a capital after
 * small letters (not a name's "McDonald"). */
typedef struct
{
  const char *word;
  gboolean    letters, digits, digits_and_letters, mixed_case;
} ShapeCase;

static const ShapeCase shape_cases[] = {
  { "былЪ", TRUE, FALSE, FALSE, TRUE },
  { "пожаловалЬ", TRUE, FALSE, FALSE, TRUE },
  { "McDonald", TRUE, FALSE, FALSE, FALSE },
  { "Ч0", TRUE, TRUE, TRUE, FALSE },
  { "1Х", TRUE, TRUE, TRUE, FALSE },
  { "3.IX.56", TRUE, TRUE, FALSE, FALSE },
  { "1956", FALSE, TRUE, FALSE, FALSE },
  { "–", FALSE, FALSE, FALSE, FALSE },
  { "", FALSE, FALSE, FALSE, FALSE },
  { "ПОЛОЖЕНИЕ", TRUE, FALSE, FALSE, FALSE },
  { "aB", TRUE, FALSE, FALSE, FALSE },
  { "abC", TRUE, FALSE, FALSE, TRUE },
  { "ab-C", TRUE, FALSE, FALSE, FALSE },
};

static void
test_shapes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (shape_cases); i++)
    {
      const ShapeCase *sc = &shape_cases[i];

      g_test_message ("word \"%s\"", sc->word);
      g_assert_cmpint (vn_text_has_letters (sc->word), ==, sc->letters);
      g_assert_cmpint (vn_text_has_digits (sc->word), ==, sc->digits);
      g_assert_cmpint (vn_text_mixes_digits_and_letters (sc->word), ==, sc->digits_and_letters);
      g_assert_cmpint (vn_text_mixes_case (sc->word), ==, sc->mixed_case);
    }
}

static void
test_casefold_every_character (void)
{
  for (gunichar c = 1; c < 0x10000; c++)
    {
      char one[8] = { 0 };
      g_autofree char *fold = NULL, *fold_ref = NULL;

      if (c >= 0xD800 && c < 0xE000)
        continue;
      g_unichar_to_utf8 (c, one);
      fold = vn_text_casefold (one);
      fold_ref = g_utf8_casefold (one, -1);
      g_assert_cmpstr (fold, ==, fold_ref);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/text/keys", test_keys);
  g_test_add_func ("/verno/text/lookalike-keys-meet", test_lookalike_keys_meet);
  g_test_add_func ("/verno/text/scripts", test_scripts);
  g_test_add_func ("/verno/text/word-core", test_word_core);
  g_test_add_func ("/verno/text/fast-paths-agree", test_fast_paths_agree);
  g_test_add_func ("/verno/text/casefold-every-character", test_casefold_every_character);
  g_test_add_func ("/verno/text/shapes", test_shapes);
  return g_test_run ();
}
