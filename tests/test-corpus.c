/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-corpus.c: OCR of real scans (../shared/corpus) against their human ground truth.
 * Prints the character error rate of every page and fails on a regression against the
 * baseline in tests/data/corpus-baseline.tsv (VN_WRITE_BASELINE=1 rewrites it). */
#include <string.h>

#include "vn-test-util.h"

/* Scores may move this much before it counts as a regression (rounding, not accuracy). */
#define TOLERANCE 0.005

typedef struct
{
  const char *folder;
  const char *image_suffix;
  const char *truth_suffix;
  const char *languages;
  int         psm;
} CorpusSet;

static const CorpusSet sets[] = {
  { "en-typewritten", ".jpg", ".txt", "eng", 3 },
  { "fr-typewritten", ".jpg", ".txt", "fra", 3 },
  { "ru-print-18c", ".jpeg", ".txt", "rus", 3 },
  { "kpv-newspaper-lines", ".tif", ".gt.txt", "rus", 7 },  /* single text lines */
};

static GHashTable *
load_baseline (const char *path)
{
  GHashTable *baseline = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &data, NULL, NULL))
    return baseline;
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", 2);
      double *cer;

      if (lines[i][0] == '#' || g_strv_length (cols) != 2)
        continue;
      cer = g_new (double, 1);
      *cer = g_ascii_strtod (cols[1], NULL);
      g_hash_table_insert (baseline, g_strdup (cols[0]), cer);
    }
  return baseline;
}

/* Known quirk of the 18th-century pages: ї and і are one letter written two ways. */
static char *
fold_quirks (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);
  g_string_replace (out, "ї", "і", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GPtrArray *
list_images (const char      *dir,
             const CorpusSet *set)
{
  GPtrArray *paths = vn_test_list_files (dir, set->image_suffix);

  g_ptr_array_add (paths, NULL);
  return paths;
}

static char *
truth_path (const char      *image,
            const CorpusSet *set)
{
  g_autofree char *stem = g_strndup (image, strlen (image) - strlen (set->image_suffix));
  return g_strconcat (stem, set->truth_suffix, NULL);
}

static guint
check_set (const CorpusSet *set,
           GHashTable      *baseline,
           GString         *new_baseline)
{
  g_autofree char *dir = NULL, *sub = g_build_filename ("corpus", set->folder, NULL);
  g_autoptr(GPtrArray) images = NULL, scans = NULL, pages = NULL;
  g_autoptr(VnOcrEngine) engine = vn_test_engine (set->languages);
  g_autoptr(GError) error = NULL;
  double errors = 0, chars = 0;
  guint regressions = 0;

  dir = vn_test_shared_path (sub);
  images = list_images (dir, set);
  scans = vn_scan_expand_files ((const char * const *) images->pdata, &error);
  g_assert_no_error (error);
  vn_ocr_engine_set_page_seg_mode (engine, set->psm);
  pages = vn_ocr_engine_recognize (engine, scans, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < pages->len; i++)
    {
      const char *image = g_ptr_array_index (images, i);
      g_autofree char *base = g_path_get_basename (image);
      g_autofree char *id = g_strdup_printf ("%s/%s", set->folder, base);
      g_autofree char *truth_file = truth_path (image, set);
      g_autofree char *truth_raw = vn_test_read_file (truth_file);
      g_autofree char *ocr_raw = vn_ocr_page_dup_text (g_ptr_array_index (pages, i));
      g_autofree char *truth = fold_quirks (truth_raw), *ocr = fold_quirks (ocr_raw);
      g_autofree char *norm = vn_test_normalize_for_cer (truth);
      double cer = vn_test_cer (ocr, truth), *recorded = g_hash_table_lookup (baseline, id);
      glong len = g_utf8_strlen (norm, -1);

      errors += cer * len;
      chars += len;
      g_string_append_printf (new_baseline, "%s\t%.4f\n", id, cer);
      if (pages->len <= 10)
        g_print ("# %-45s %-4s CER %6.2f%%%s\n", id, set->languages, cer * 100,
                 recorded ? "" : " (no baseline)");
      if (recorded != NULL && cer > *recorded + TOLERANCE)
        {
          g_printerr ("REGRESSION %s: CER %.2f%%, baseline %.2f%%\n", id, cer * 100, *recorded * 100);
          regressions++;
        }
      else if (recorded == NULL && !g_getenv ("VN_WRITE_BASELINE"))
        regressions++;
    }
  g_print ("# %-45s %-4s CER %6.2f%% over %u pages\n", set->folder, set->languages,
           100 * errors / MAX (chars, 1), pages->len);
  return regressions;
}

static void
test_corpus (void)
{
  g_autofree char *baseline_path = vn_test_source_path ("tests/data/corpus-baseline.tsv");
  g_autoptr(GHashTable) baseline = load_baseline (baseline_path);
  g_autoptr(GString) new_baseline = g_string_new ("# page\tCER, written by VN_WRITE_BASELINE=1 "
                                                  "meson test corpus\n");
  guint regressions = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    regressions += check_set (&sets[i], baseline, new_baseline);
  if (g_getenv ("VN_WRITE_BASELINE"))
    {
      g_assert_true (g_file_set_contents (baseline_path, new_baseline->str, -1, NULL));
      g_print ("# wrote %s\n", baseline_path);
      return;
    }
  g_assert_cmpuint (regressions, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/corpus/cer-against-baseline", test_corpus);
  return g_test_run ();
}
