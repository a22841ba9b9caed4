/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ocr-cache.c: the OCR cache keeps what the engine gave at full precision, so that a run
 * that reads the cache answers exactly as the run that filled it. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vn-ocr-cache.h"
#include "vn-test-util.h"

/* Confidences as the engine gives them: floats with all their digits. */
static float
random_confidence (GRand *rand)
{
  return (float) g_rand_double_range (rand, 0, 100);
}

static VnOcrPage *
random_page (GRand *rand)
{
  VnOcrPage *page = vn_ocr_page_new ("scan \"1\".png", 2480, 3508, 300);

  vn_ocr_page_set_skew (page, g_rand_double_range (rand, -3, 3));
  for (guint i = 0; i < 200; i++)
    {
      VnBox box = { g_rand_int_range (rand, 0, 2000), g_rand_int_range (rand, 0, 3000),
                    g_rand_int_range (rand, 1, 400), g_rand_int_range (rand, 1, 80) };
      VnOcrWord *word = vn_ocr_page_add_word (page, i % 7 ? "слово" : "<&\"|>", &box,
                                              random_confidence (rand), i / 50, i / 25, i / 10);

      for (guint s = 0; s < 3 && i % 3 == 0; s++)
        {
          GArray *choices = g_array_new (FALSE, FALSE, sizeof (VnOcrChoice));

          for (guint c = 0; c < 2; c++)
            {
              VnOcrChoice choice = { g_strdup (c ? "|" : "с"), random_confidence (rand) };
              g_array_append_val (choices, choice);
            }
          vn_ocr_word_add_symbol (word, choices);
        }
    }
  return page;
}

static void
assert_same_floats (float a,
                    float b)
{
  g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
}

/* Through the cache and back, every confidence is the very same float, the skew the same
 * double. */
static void
test_full_precision (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-cache-XXXXXX", &error);
  g_autoptr(VnOcrCache) cache = vn_ocr_cache_new (dir);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);

  g_assert_no_error (error);
  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(VnOcrPage) page = random_page (rand);
      g_autoptr(VnOcrPage) back = NULL;
      g_autofree char *key = g_strdup_printf ("%064x", round);

      g_assert_true (vn_ocr_cache_store (cache, key, page, &error));
      g_assert_no_error (error);
      back = vn_ocr_cache_lookup (cache, key);
      g_assert_nonnull (back);
      g_assert_true (vn_ocr_page_get_from_cache (back));
      g_assert_cmpfloat (vn_ocr_page_get_skew (back), ==, vn_ocr_page_get_skew (page));
      g_assert_cmpuint (vn_ocr_page_get_n_words (back), ==, vn_ocr_page_get_n_words (page));
      for (guint i = 0; i < vn_ocr_page_get_n_words (page); i++)
        {
          const VnOcrWord *a = vn_ocr_page_get_word (page, i), *b = vn_ocr_page_get_word (back, i);

          g_assert_cmpstr (a->text, ==, b->text);
          assert_same_floats (a->confidence, b->confidence);
          g_assert_cmpuint (a->symbols ? a->symbols->len : 0, ==, b->symbols ? b->symbols->len : 0);
          for (guint s = 0; a->symbols && s < a->symbols->len; s++)
            {
              GArray *x = g_array_index (a->symbols, GArray *, s);
              GArray *y = g_array_index (b->symbols, GArray *, s);

              g_assert_cmpuint (x->len, ==, y->len);
              for (guint c = 0; c < x->len; c++)
                {
                  g_assert_cmpstr (g_array_index (x, VnOcrChoice, c).text, ==,
                                   g_array_index (y, VnOcrChoice, c).text);
                  assert_same_floats (g_array_index (x, VnOcrChoice, c).confidence,
                                      g_array_index (y, VnOcrChoice, c).confidence);
                }
            }
        }
    }
  vn_test_remove_tree (dir);
}

/* Equal to the byte; where not, the first line that differs says why. */
static void
assert_same_lines (const char *got,
                   const char *expected)
{
  g_auto(GStrv) a = g_strsplit (got, "\n", -1);
  g_auto(GStrv) b = g_strsplit (expected, "\n", -1);

  for (guint i = 0; a[i] && b[i]; i++)
    if (!g_str_equal (a[i], b[i]))
      g_error ("line %u is “%s” warm, “%s” cold", i + 1, a[i], b[i]);
  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
}

static void
run_collate (VnTestRun  *run,
             const char *cache,
             const char *folder)
{
  const char *verno = g_getenv ("VERNO");
  g_autofree char *built = vn_test_build_path ("app/verno");
  const char *argv[] = { verno ? verno : built, "collate", "--json", "--lang", "fra",
                         "--alternatives", "--cache-dir", cache, folder, NULL };

  vn_test_run_argv (run, argv, (const char *[]) { "DISPLAY", "WAYLAND_DISPLAY", NULL }, NULL);
  g_assert_cmpint (run->status, ==, 0);
}

/* A French page read cold, into an empty cache, then warm, from it: the same JSON to the
 * byte — scores, order and all. */
static void
test_cold_and_warm (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-cold-warm-XXXXXX", &error);
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *folder = g_build_filename (dir, "page", NULL);
  g_autofree char *jpg = vn_test_shared_path ("corpus/fr-typewritten/FRAN_0150_0003_L-medium.jpg");
  g_autofree char *txt = vn_test_shared_path ("corpus/fr-typewritten/FRAN_0150_0003_L-medium.txt");
  g_autofree char *scan = g_build_filename (folder, "page-1.jpg", NULL);
  g_autofree char *text = g_build_filename (folder, "transcription.txt", NULL);
  g_autofree char *image = NULL, *truth = NULL;
  g_auto(VnTestRun) cold = { 0 };
  g_auto(VnTestRun) warm = { 0 };
  gsize len = 0;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_get_contents (jpg, &image, &len, NULL));
  g_assert_true (g_file_set_contents (scan, image, len, NULL));
  truth = vn_test_read_file (txt);
  g_assert_true (g_file_set_contents (text, truth, -1, NULL));
  run_collate (&cold, cache, folder);
  g_assert_null (strstr (cold.err, "from cache"));
  run_collate (&warm, cache, folder);
  g_assert_nonnull (strstr (warm.err, "from cache"));
  g_assert_cmpuint (strlen (cold.out), >, 1000);
  assert_same_lines (warm.out, cold.out);
  vn_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/ocr-cache/full-precision", test_full_precision);
  g_test_add_func ("/verno/ocr-cache/cold-and-warm", test_cold_and_warm);
  return g_test_run ();
}
