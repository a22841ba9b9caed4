/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-char-diff.c: two readings compared letter by letter: hand-picked cases, the markup, and
 * random pairs checked against a brute-force longest common subsequence. */
#include <string.h>

#include <pango/pango.h>

#include "vn-char-diff.h"

/* The runs of @a and @b as "=same|-a+b|…", for tables. */
static char *
describe (const char *a,
          const char *b)
{
  g_autoptr(GArray) spans = vn_char_diff (a, b);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      const VnCharDiffSpan *s = &g_array_index (spans, VnCharDiffSpan, i);

      if (i > 0)
        g_string_append_c (out, '|');
      if (s->equal)
        g_string_append_printf (out, "=%.*s", s->a_len, a + s->a_start);
      else
        g_string_append_printf (out, "-%.*s+%.*s", s->a_len, a + s->a_start, s->b_len,
                                b + s->b_start);
    }
  return g_string_free (out, FALSE);
}

static void
test_cases (void)
{
  static const struct { const char *a, *b, *runs; } cases[] = {
    { "", "", "" },
    { "Верно", "Верно", "=Верно" },
    { "", "его", "-+его" },
    { "ого", "", "-ого+" },
    { "ого", "его", "-о+е|=го" },
    { "кулвтличности", "культ личности", "=кул|-в+ь|=т|-+ |=личности" },
    { "Bepho", "Верно", "-Bepho+Верно" },   /* Latin look-alikes: no letter in common */
    { "Bерно", "Верно", "-B+В|=ерно" },
    { "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ", "=ПОЛОЖ|-О+Е|=НИ|-С+Е" },
    { "3.IX.56 r.", "3.IX.56 г.", "=3.IX.56 |-r+г|=." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *runs = describe (cases[i].a, cases[i].b);
      g_assert_cmpstr (runs, ==, cases[i].runs);
    }
}

static void
test_markup (void)
{
  g_autofree char *a = vn_char_diff_markup ("a<b&c", "a<x&c", FALSE, "weight=\"bold\"", NULL);
  g_autofree char *b = vn_char_diff_markup ("a<b&c", "a<x&c", TRUE, "weight=\"bold\"", NULL);
  g_autofree char *gap = vn_char_diff_markup ("кулвтличности", "культ личности", FALSE,
                                              "underline=\"error\"", "‸");
  g_autofree char *none = vn_char_diff_markup ("кулвтличности", "культ личности", FALSE,
                                               "underline=\"error\"", NULL);
  g_autofree char *plain = NULL;

  g_assert_cmpstr (a, ==, "a&lt;<span weight=\"bold\">b</span>&amp;c");
  g_assert_cmpstr (b, ==, "a&lt;<span weight=\"bold\">x</span>&amp;c");
  g_assert_cmpstr (gap, ==, "кул<span underline=\"error\">в</span>т"
                            "<span underline=\"error\">‸</span>личности");
  g_assert_cmpstr (none, ==, "кул<span underline=\"error\">в</span>тличности");
  /* Pango reads it, and its text is the reading's. */
  g_assert_true (pango_parse_markup (gap, -1, 0, NULL, &plain, NULL, NULL));
  g_assert_cmpstr (plain, ==, "кулвт‸личности");
}

/* The length of the longest common subsequence of the code points, by plain recursion with a
 * memo: the reference the runs are checked against. */
static guint
reference_lcs (const gunichar *a,
               glong           na,
               const gunichar *b,
               glong           nb,
               int            *memo,
               glong           width)
{
  int *m;

  if (na == 0 || nb == 0)
    return 0;
  m = &memo[na * width + nb];
  if (*m < 0)
    *m = a[0] == b[0] ? 1 + reference_lcs (a + 1, na - 1, b + 1, nb - 1, memo, width)
                      : MAX (reference_lcs (a + 1, na - 1, b, nb, memo, width),
                             reference_lcs (a, na, b + 1, nb - 1, memo, width));
  return *m;
}

static char *
random_reading (GRand *rand)
{
  static const char *letters[] = { "а", "б", "e", "е", " ", "ѣ", "<" };
  GString *out = g_string_new (NULL);
  int n = g_rand_int_range (rand, 0, 14);

  for (int i = 0; i < n; i++)
    g_string_append (out, letters[g_rand_int_range (rand, 0, G_N_ELEMENTS (letters))]);
  return g_string_free (out, FALSE);
}

/* Random pairs: the runs cover both readings in order, equal runs are equal, runs alternate,
 * and the equal letters are as many as the longest common subsequence has. */
static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint round = 0; round < 2000; round++)
    {
      g_autofree char *a = random_reading (rand), *b = random_reading (rand);
      g_autoptr(GArray) spans = vn_char_diff (a, b);
      g_autoptr(GString) ra = g_string_new (NULL), rb = g_string_new (NULL);
      glong na, nb;
      g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, &na);
      g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, &nb);
      g_autofree int *memo = g_new (int, (na + 1) * (nb + 1));
      guint common = 0;

      memset (memo, 0xff, sizeof (int) * (na + 1) * (nb + 1));
      for (guint i = 0; i < spans->len; i++)
        {
          const VnCharDiffSpan *s = &g_array_index (spans, VnCharDiffSpan, i);

          g_assert_cmpuint (s->a_start, ==, ra->len);
          g_assert_cmpuint (s->b_start, ==, rb->len);
          g_string_append_len (ra, a + s->a_start, s->a_len);
          g_string_append_len (rb, b + s->b_start, s->b_len);
          if (i > 0)
            g_assert_cmpint (s->equal, !=, g_array_index (spans, VnCharDiffSpan, i - 1).equal);
          if (s->equal)
            {
              g_assert_cmpuint (s->a_len, ==, s->b_len);
              g_assert_cmpint (memcmp (a + s->a_start, b + s->b_start, s->a_len), ==, 0);
              common += g_utf8_strlen (a + s->a_start, s->a_len);
            }
        }
      g_assert_cmpstr (ra->str, ==, a);
      g_assert_cmpstr (rb->str, ==, b);
      g_assert_cmpuint (common, ==, reference_lcs (ua, na, ub, nb, memo, nb + 1));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/char-diff/cases", test_cases);
  g_test_add_func ("/verno/char-diff/markup", test_markup);
  g_test_add_func ("/verno/char-diff/random", test_random);
  return g_test_run ();
}
