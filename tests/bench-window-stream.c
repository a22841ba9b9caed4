/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-window-stream.c: how soon the window offers the first discrepancy to answer on a
 * 100-page PDF, with the OCR cache empty (cold) and filled (cached), the pages streaming into
 * the queue as they are read; and, as the peer in the same run, the time every page is read
 * and collated, which is what the window needed before it showed anything (and still needs
 * for a text without form feeds: the same PDF and text without them is opened cached too,
 * to show it). The PDF is made here from real pages: the
 * letter's two scans and four 18th-century Russian prints of the corpus, each page turned,
 * scaled and framed differently so that no two are alike (the OCR cache is keyed by content).
 * The window runs in bench-window-probe. Run on a display (xvfb-run). Prints figures and
 * ratios; exits 1 when a target is missed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "vn-test-util.h"

#define N_PAGES 100

typedef struct
{
  char *image;
  char *truth;
} Source;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
source_free (gpointer data)
{
  Source *s = data;

  g_free (s->image);
  g_free (s->truth);
  g_free (s);
}

/* The letter's two pages (their ground truth split at its form feed) and four printed pages. */
static GPtrArray *
sources_new (void)
{
  const char *ru[] = { "0d1b1aaf40cb", "0f82839b83f1", "5b0818803062", "7d9381fc745f" };
  g_autofree char *truth_path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *truth = vn_test_read_file (truth_path);
  g_auto(GStrv) parts = g_strsplit (truth, "\f", 2);
  GPtrArray *sources = g_ptr_array_new_with_free_func (source_free);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("scans/letter-1956/page-%u.png", i + 1);
      Source *s = g_new0 (Source, 1);

      s->image = vn_test_source_path (name);
      s->truth = g_strdup (parts[i]);
      g_ptr_array_add (sources, s);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ru); i++)
    {
      g_autofree char *image = g_strdup_printf ("corpus/ru-print-18c/%s.jpeg", ru[i]);
      g_autofree char *text = g_strdup_printf ("corpus/ru-print-18c/%s.txt", ru[i]);
      g_autofree char *text_path = vn_test_shared_path (text);
      Source *s = g_new0 (Source, 1);

      s->image = vn_test_shared_path (image);
      s->truth = vn_test_read_file (text_path);
      g_ptr_array_add (sources, s);
    }
  return sources;
}

/* Variant @v of @source, as a gray JPEG: turned by up to ±0.9°, scaled by 0.93 to 1.07 and
 * framed by a border of its own width, as rescans of the same sheet would differ. */
static void
write_variant (Source     *source,
               guint       v,
               const char *path)
{
  PIX *pix = pixRead (source->image);
  PIX *gray = pix ? pixConvertTo8 (pix, FALSE) : NULL;
  double angle = (v % 2 ? 1 : -1) * 0.15 * (v % 7) * M_PI / 180;
  float scale = 0.93f + 0.01f * (v % 15);
  PIX *turned, *scaled, *framed;

  g_assert_nonnull (gray);
  turned = angle == 0 ? pixClone (gray)
                      : pixRotate (gray, (float) angle, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  scaled = pixScale (turned, scale, scale);
  framed = pixAddBorder (scaled, 8 + 4 * v, 255);
  g_assert_nonnull (framed);
  pixSetResolution (framed, 300, 300);
  g_assert_cmpint (pixWriteJpeg (path, framed, 85, 0), ==, 0);
  pixDestroy (&framed);
  pixDestroy (&scaled);
  pixDestroy (&turned);
  pixDestroy (&gray);
  pixDestroy (&pix);
}

/* @root/stream (volume.pdf and its text, a form feed between pages) and @root/whole (the same
 * PDF, the text without form feeds). */
static void
write_projects (const char *root)
{
  g_autoptr(GPtrArray) sources = sources_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *images = g_build_filename (root, "images", NULL);
  g_autofree char *stream = g_build_filename (root, "stream", NULL);
  g_autofree char *whole = g_build_filename (root, "whole", NULL);
  g_autofree char *pdf = g_build_filename (stream, "volume.pdf", NULL);
  g_autofree char *pdf_link = g_build_filename (whole, "volume.pdf", NULL);
  g_autofree char *stream_text = g_build_filename (stream, "transcription.txt", NULL);
  g_autofree char *whole_text = g_build_filename (whole, "transcription.txt", NULL);

  g_assert_cmpint (g_mkdir_with_parents (images, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (stream, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (whole, 0755), ==, 0);
  for (guint i = 0; i < N_PAGES; i++)
    {
      Source *source = g_ptr_array_index (sources, i % sources->len);
      g_autofree char *name = g_strdup_printf ("page-%03u.jpg", i);
      g_autofree char *path = g_build_filename (images, name, NULL);

      write_variant (source, i / sources->len, path);
      if (i > 0)
        g_string_append_c (text, '\f');
      g_string_append (text, source->truth);
    }
  g_assert_cmpint (convertFilesToPdf (images, "page-", 300, 1.0, L_JPEG_ENCODE, 85, "volume",
                                      pdf), ==, 0);
  g_assert_cmpint (link (pdf, pdf_link), ==, 0);
  g_assert_true (g_file_set_contents (stream_text, text->str, text->len, NULL));
  g_strdelimit (text->str, "\f", '\n');
  g_assert_true (g_file_set_contents (whole_text, text->str, text->len, NULL));
}

typedef struct
{
  double first_item;   /* from the window's creation, ms; -1 if never */
  double ready;        /* every page read, ms */
} Run;

/* One opening of @folder in the probe, with the OCR cache in @cache_dir. */
static Run
run_window (const char *folder,
            const char *cache_dir)
{
  g_autofree char *probe = vn_test_build_path ("tests/bench-window-probe");
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  Run run = { -1, -1 };
  char *line;

  g_subprocess_launcher_setenv (launcher, "VERNO_CACHE_DIR", cache_dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, probe, "first-item", folder, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL)
    {
      if (g_str_has_prefix (line, "verno-first-item-ms "))
        run.first_item = g_ascii_strtod (line + strlen ("verno-first-item-ms "), NULL);
      else if (g_str_has_prefix (line, "verno-ready-ms "))
        run.ready = g_ascii_strtod (line + strlen ("verno-ready-ms "), NULL);
      g_free (line);
    }
  g_subprocess_wait (process, NULL, NULL);
  g_assert_cmpfloat (run.first_item, >=, 0);
  g_assert_cmpfloat (run.ready, >=, 0);
  return run;
}

static int
compare_runs (gconstpointer a,
              gconstpointer b)
{
  double x = ((const Run *) a)->first_item, y = ((const Run *) b)->first_item;
  return x < y ? -1 : x > y;
}

/* Cached openings: VN_BENCH_RUNS of them (1 unless set: on a shared 2-core machine one
 * cached opening of 100 pages takes minutes); the median by the first item. */
static guint
cached_runs (void)
{
  const char *runs = g_getenv ("VN_BENCH_RUNS");

  return runs && atoi (runs) > 0 ? (guint) atoi (runs) : 1;
}

static Run
measure_cached (const char *folder,
                const char *cache)
{
  guint n = cached_runs ();
  g_autofree Run *runs = g_new0 (Run, n);

  for (guint i = 0; i < n; i++)
    runs[i] = run_window (folder, cache);
  qsort (runs, n, sizeof runs[0], compare_runs);
  return runs[n / 2];
}

static void
print_run (const char *what,
           const Run  *run)
{
  g_print ("    %-34s first item %8.0f ms   every page read and collated %8.0f ms\n", what,
           run->first_item, run->ready);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *root = g_dir_make_tmp ("verno-bench-stream-XXXXXX", NULL);
  g_autofree char *stream = g_build_filename (root, "stream", NULL);
  g_autofree char *whole = g_build_filename (root, "whole", NULL);
  g_autofree char *cache = NULL;
  Run cold, cached, whole_cached;
  double cold_ratio, cached_ratio, made;
  gboolean ok;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-window-stream needs a display: run it under xvfb-run.\n");
      return 77;
    }
  made = now_ms ();
  write_projects (root);
  g_print ("A %u-page PDF of real pages (the letter's and four Russian prints, each varied), "
           "made in %.1f s under %s\n", N_PAGES, (now_ms () - made) / 1000, root);
  g_print ("Time to the first discrepancy the editor can answer, from the window's creation\n");
  cache = g_dir_make_tmp ("verno-bench-stream-cache-XXXXXX", NULL);
  g_print ("  pages streaming into the queue (a form feed between pages):\n");
  cold = run_window (stream, cache);
  print_run ("cold (OCR cache empty):", &cold);
  cached = measure_cached (stream, cache);
  g_print ("    (cached: the median of %u)\n", cached_runs ());
  print_run ("cached:", &cached);
  /* The same pages read from the same cache; only the text's form feeds are gone. */
  g_print ("  the same PDF and text without form feeds (nothing shown until every page is "
           "read):\n");
  whole_cached = measure_cached (whole, cache);
  print_run ("cached:", &whole_cached);
  vn_test_remove_tree (cache);

  cold_ratio = cold.ready / cold.first_item;
  cached_ratio = cached.ready / cached.first_item;
  g_print ("Ratios (every page read, as the window needed before / the first item streamed):\n"
           "  cold %.1f×, cached %.1f×; cached without form feeds / streamed first item %.1f×\n",
           cold_ratio, cached_ratio, whole_cached.first_item / cached.first_item);
  /* Cold, the first page comes after one page's OCR, not a hundred; cached, after one page's
   * collation, not the whole volume's. */
  ok = vn_test_check_target ("cold: every page read / first item", cold_ratio, 10, FALSE);
  ok &= vn_test_check_target ("cached: every page read / first item", cached_ratio, 2, FALSE);
  vn_test_remove_tree (root);
  return ok ? 0 : 1;
}
