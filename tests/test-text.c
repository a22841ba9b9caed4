/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text.c: comparison keys, scripts and Latin look-alikes. */
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/text/keys", test_keys);
  g_test_add_func ("/verno/text/lookalike-keys-meet", test_lookalike_keys_meet);
  g_test_add_func ("/verno/text/scripts", test_scripts);
  g_test_add_func ("/verno/text/word-core", test_word_core);
  return g_test_run ();
}
