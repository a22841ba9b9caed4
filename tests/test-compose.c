/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-compose.c: the compose key's letters for the pre-1918 spelling. */
#include "vn-compose.h"

static void
test_letters (void)
{
  static const struct { const char *base, *letter; } cases[] = {
    { "е", "ѣ" }, { "Е", "Ѣ" }, { "e", "ѣ" }, { "E", "Ѣ" },
    { "и", "і" }, { "И", "І" }, { "i", "і" }, { "I", "І" },
    { "ф", "ѳ" }, { "Ф", "Ѳ" }, { "f", "ѳ" },
    { "в", "ѵ" }, { "В", "Ѵ" }, { "v", "ѵ" }, { "y", "ѵ" },
    { "ь", "ъ" }, { "Ь", "Ъ" }, { "'", "ъ" }, { "]", "ъ" },
    { "а", NULL }, { "x", NULL }, { "1", NULL }, { " ", NULL },
  };
  const char * const *letters = vn_compose_get_letters ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gunichar got = vn_compose_letter (g_utf8_get_char (cases[i].base));
      char out[8] = { 0 };

      if (cases[i].letter == NULL)
        {
          g_assert_cmpuint (got, ==, 0);
          continue;
        }
      g_unichar_to_utf8 (got, out);
      g_assert_cmpstr (out, ==, cases[i].letter);
      /* Every letter composed is on the palette. */
      g_assert_true (g_strv_contains (letters, out));
    }
  g_assert_cmpuint (g_strv_length ((char **) letters), ==, 10);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/compose/letters", test_letters);
  return g_test_run ();
}
