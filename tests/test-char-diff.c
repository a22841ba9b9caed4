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
  g_autoptr(GArray) spans = vn_char_diff (a, b, VN_CHAR_DIFF_NONE);
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
  g_autofree char *a = vn_char_diff_markup ("a<b&c", "a<x&c", 0, FALSE, "weight=\"bold\"", NULL);
  g_autofree char *b = vn_char_diff_markup ("a<b&c", "a<x&c", 0, TRUE, "weight=\"bold\"", NULL);
  g_autofree char *gap = vn_char_diff_markup ("кулвтличности", "культ личности", 0, FALSE,
                                              "underline=\"error\"", "‸");
  g_autofree char *none = vn_char_diff_markup ("кулвтличности", "культ личности", 0, FALSE,
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
               gboolean        spaces,
               int            *memo,
               glong           width)
{
  gboolean same;
  int *m;

  if (na == 0 || nb == 0)
    return 0;
  m = &memo[na * width + nb];
  same = a[0] == b[0] || (spaces && g_unichar_isspace (a[0]) && g_unichar_isspace (b[0]));
  if (*m < 0)
    *m = same ? 1 + reference_lcs (a + 1, na - 1, b + 1, nb - 1, spaces, memo, width)
              : MAX (reference_lcs (a + 1, na - 1, b, nb, spaces, memo, width),
                     reference_lcs (a, na, b + 1, nb - 1, spaces, memo, width));
  return *m;
}

static char *
random_reading (GRand *rand)
{
  static const char *letters[] = { "а", "б", "e", "е", " ", "\n", "ѣ", "<" };
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
      VnCharDiffFlags flags = round % 2 ? VN_CHAR_DIFF_SPACES_EQUAL : VN_CHAR_DIFF_NONE;
      g_autoptr(GArray) spans = vn_char_diff (a, b, flags);
      g_autofree char *taken = vn_char_diff_take (a, b, flags);
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
          if (s->equal && !flags)
            {
              g_assert_cmpuint (s->a_len, ==, s->b_len);
              g_assert_cmpint (memcmp (a + s->a_start, b + s->b_start, s->a_len), ==, 0);
            }
          if (s->equal)
            {
              g_autofree char *x = g_strndup (a + s->a_start, s->a_len);
              g_autofree char *y = g_strndup (b + s->b_start, s->b_len);

              g_strdelimit (x, " \n", '_');
              g_strdelimit (y, " \n", '_');
              g_assert_cmpstr (x, ==, y);
              common += g_utf8_strlen (a + s->a_start, s->a_len);
            }
        }
      g_assert_cmpstr (ra->str, ==, a);
      g_assert_cmpstr (rb->str, ==, b);
      /* Taking b's reading gives b, in a's white space where they matched. */
      g_strdelimit (taken, " \n", '_');
      g_strdelimit (rb->str, " \n", '_');
      g_assert_cmpstr (taken, ==, rb->str);
      g_assert_cmpuint (common, ==, reference_lcs (ua, na, ub, nb, flags != 0, memo, nb + 1));
    }
}

/* A region of two lines compared with OCR that read them as one: the line break matches the
 * space, and taking the scan's reading keeps the transcription's line break. */
static void
test_spaces_equal (void)
{
  const char *text = "на ого\nнедостатки кулвтличности";
  const char *ocr = "на его недостатки культ личности";
  g_autofree char *runs = NULL;
  g_autofree char *taken = vn_char_diff_take (text, ocr, VN_CHAR_DIFF_SPACES_EQUAL);
  g_autofree char *strict = vn_char_diff_take (text, ocr, VN_CHAR_DIFF_NONE);
  g_autofree char *markup = vn_char_diff_markup (text, ocr, VN_CHAR_DIFF_SPACES_EQUAL, FALSE,
                                                 "weight=\"bold\"", NULL);

  g_assert_cmpstr (taken, ==, "на его\nнедостатки культ личности");
  g_assert_cmpstr (strict, ==, ocr);
  g_assert_cmpstr (markup, ==, "на <span weight=\"bold\">о</span>го\nнедостатки "
                               "кул<span weight=\"bold\">в</span>тличности");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/char-diff/cases", test_cases);
  g_test_add_func ("/verno/char-diff/markup", test_markup);
  g_test_add_func ("/verno/char-diff/spaces-equal", test_spaces_equal);
  g_test_add_func ("/verno/char-diff/random", test_random);
  return g_test_run ();
}
