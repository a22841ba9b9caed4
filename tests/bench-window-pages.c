/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-window-pages.c: the window on a 300-page project (issue 15: pages switched in ≤ 50 ms,
 * memory bounded): the time from a page turn to the first frame showing the new page and to
 * all its tiles, for Page Down, Page Up and jumps, and the peak memory, against the same
 * window on the project's first 30 pages. The project is made honestly from real scans: the
 * Russian letter's two pages and the corpus's English typewritten letter's two (the book
 * pages' collation alone took minutes), each page one of them shifted by a few pixels and
 * stamped with its number in the margin, so that no two files are alike; written as JPEG.
 * Tesseract reads the four originals once; each page's cache entry is its original's reading
 * shifted with it (the stamps are not read), so the window opens from the cache as a project
 * opened before. Run on a display (xvfb-run); prints figures;
 * exits 1 when a target is missed. */
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "vn-test-util.h"

VN_RUNTIME_LIMIT_OPENMP

#define N_PAGES        300
#define N_SMALL        30
#define MAX_SWITCH_MS  50.0
#define MAX_RSS_RATIO  1.5

typedef struct
{
  char *image;
  char *text;
} Base;

static GArray *
list_bases (void)
{
  g_autofree char *truth_path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *truth = vn_test_read_file (truth_path);
  g_auto(GStrv) parts = g_strsplit (truth, "\f", -1);
  g_autofree char *letter = vn_test_shared_path ("corpus/en-typewritten");
  const char *stems[] = { "EHRI-BF-19380509b_EN_01", "EHRI-BF-19380509b_EN_02" };
  GArray *bases = g_array_new (FALSE, FALSE, sizeof (Base));

  for (guint p = 0; p < 2; p++)
    {
      g_autofree char *name = g_strdup_printf ("scans/letter-1956/page-%u.png", p + 1);
      Base b = { vn_test_source_path (name), g_strstrip (g_strdup (parts[p])) };
      g_array_append_val (bases, b);
    }
  for (guint i = 0; i < G_N_ELEMENTS (stems); i++)
    {
      g_autofree char *txt = g_strdup_printf ("%s/%s.txt", letter, stems[i]);
      Base b = { g_strdup_printf ("%s/%s.jpg", letter, stems[i]), vn_test_read_file (txt) };
      g_strstrip (b.text);
      g_array_append_val (bases, b);
    }
  return bases;
}

/* Page @i's shift from its original. */
static void
page_shift (guint  i,
            int   *dx,
            int   *dy)
{
  *dx = (int) ((i * 7) % 25) - 12;
  *dy = (int) ((i * 11) % 25) - 12;
}

/* Page @i: its original shifted, its number stamped in the bottom margin in binary. */
static void
write_page (const Base *b,
            guint       i,
            const char *path)
{
  PIX *original = pixRead (b->image);
  PIX *grey = pixConvertTo8 (original, FALSE);
  PIX *page;
  int dx, dy, h;

  page_shift (i, &dx, &dy);
  page = pixTranslate (NULL, grey, dx, dy, L_BRING_IN_WHITE);
  h = pixGetHeight (page);
  for (guint bit = 0; bit < 10; bit++)
    if ((i >> bit) & 1)
      pixSetInRectArbitrary (page, &(BOX) { .x = 40 + bit * 16, .y = h - 40, .w = 10, .h = 10 },
                             0);
  pixSetResolution (page, 300, 300);
  g_assert_cmpint (pixWriteJpeg (path, page, 90, 0), ==, 0);
  pixDestroy (&page);
  pixDestroy (&grey);
  pixDestroy (&original);
}

static VnOcrPage *
shifted_reading (VnOcrPage *reading,
                 guint      i)
{
  VnOcrPage *page = vn_ocr_page_new (vn_ocr_page_get_source_label (reading),
                                     vn_ocr_page_get_width (reading),
                                     vn_ocr_page_get_height (reading),
                                     vn_ocr_page_get_dpi (reading));
  int dx, dy;

  page_shift (i, &dx, &dy);
  for (guint w = 0; w < vn_ocr_page_get_n_words (reading); w++)
    {
      const VnOcrWord *word = vn_ocr_page_get_word (reading, w);
      VnBox box = { MAX (0, word->box.x + dx), MAX (0, word->box.y + dy), word->box.w,
                    word->box.h };

      vn_ocr_page_add_word (page, word->text, &box, word->confidence, word->block, word->par,
                            word->line);
    }
  return page;
}

/* A project of @n pages in @dir (images made in @images, or linked to them). */
static void
write_project (GArray     *bases,
               const char *dir,
               const char *images,
               guint       n)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *transcription = g_build_filename (dir, "transcription.txt", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      const Base *b = &g_array_index (bases, Base, i % bases->len);
      g_autofree char *name = g_strdup_printf ("page-%03u.jpg", i + 1);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *made = g_build_filename (images, name, NULL);

      if (g_strcmp0 (dir, images) == 0)
        write_page (b, i, path);
      else
        g_assert_cmpint (symlink (made, path), ==, 0);
      g_string_append_printf (text, "%s%s\n", i > 0 ? "\f\n" : "", b->text);
    }
  g_assert_true (g_file_set_contents (transcription, text->str, text->len, NULL));
}

/* Tesseract reads the originals once, with the settings the window will read the project
 * with; each page's reading is cached under the key the window looks up. */
static void
fill_cache (GArray     *bases,
            const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (folder, &error);
  g_auto(VnDocumentOptions) options = { 0 };
  g_autoptr(VnDocument) document = NULL;
  g_autoptr(GPtrArray) originals = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  GPtrArray *scans;
  VnOcrEngine *engine;
  double started = g_get_monotonic_time () / 1e6;

  g_assert_no_error (error);
  vn_document_options_init (&options, vn_settings_get_default ());
  options.background = TRUE;
  document = vn_document_new (project, &options, &error);
  g_assert_no_error (error);
  engine = vn_document_get_engine (document);
  for (guint b = 0; b < bases->len; b++)
    g_ptr_array_add (paths, g_array_index (bases, Base, b).image);
  g_ptr_array_add (paths, NULL);
  originals = vn_scan_expand_files ((const char * const *) paths->pdata, &error);
  g_assert_no_error (error);
  readings = vn_ocr_engine_recognize (engine, originals, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  scans = vn_project_get_scan_pages (project);
  for (guint i = 0; i < scans->len; i++)
    {
      g_autofree char *key = vn_ocr_engine_dup_cache_key (engine, scans->pdata[i], &error);
      g_autoptr(VnOcrPage) page = shifted_reading (readings->pdata[i % bases->len], i);

      g_assert_no_error (error);
      g_assert_true (vn_ocr_cache_store (vn_ocr_engine_get_cache (engine), key, page, &error));
    }
  g_print ("Tesseract read the %u originals (languages %s) and %u pages were cached in %.1f s\n",
           bases->len, vn_ocr_engine_get_languages (engine), scans->len,
           g_get_monotonic_time () / 1e6 - started);
}

typedef struct
{
  GArray *shown[3], *sharp[3];   /* double ms, by kind: next, previous, jump */
  double  ready_ms;
  long    peak_rss_kb;
} Run;

static const char *kinds[] = { "next", "previous", "jump" };

static void
parse_line (Run        *run,
            const char *line)
{
  g_auto(GStrv) f = g_strsplit (line, " ", -1);

  if (g_strv_length (f) < 2)
    return;
  if (g_str_equal (f[0], "verno-ready-ms"))
    run->ready_ms = g_ascii_strtod (f[1], NULL);
  if (!g_str_equal (f[0], "verno-switch") || g_strv_length (f) != 4)
    return;
  for (guint k = 0; k < 3; k++)
    if (g_str_equal (f[1], kinds[k]))
      {
        double shown = g_ascii_strtod (f[2], NULL), sharp = g_ascii_strtod (f[3], NULL);
        g_array_append_val (run->shown[k], shown);
        g_array_append_val (run->sharp[k], sharp);
      }
}

static Run
run_window (const char *folder)
{
  g_autofree char *probe = vn_test_build_path ("tests/bench-window-probe");
  const char *argv[] = { probe, "switch", folder, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  struct rusage usage;
  Run run = { 0 };
  int out_fd, status;
  GPid pid;

  for (guint k = 0; k < 3; k++)
    {
      run.shown[k] = g_array_new (FALSE, FALSE, sizeof (double));
      run.sharp[k] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                            G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL, &out_fd, NULL,
                            &error);
  g_assert_no_error (error);
  {
    g_autoptr(GIOChannel) channel = g_io_channel_unix_new (out_fd);
    g_io_channel_set_close_on_unref (channel, TRUE);
    g_io_channel_read_to_end (channel, &out, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  run.peak_rss_kb = usage.ru_maxrss;
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
    for (guint i = 0; lines[i]; i++)
      parse_line (&run, lines[i]);
  }
  return run;
}

static double
median (GArray *values)
{
  g_array_sort (values, vn_test_compare_doubles);
  return values->len ? g_array_index (values, double, values->len / 2) : -1;
}

static double
worst (GArray *values)
{
  g_array_sort (values, vn_test_compare_doubles);
  return values->len ? g_array_index (values, double, values->len - 1) : -1;
}

static void
print_run (const char *what,
           Run        *run)
{
  g_print ("%s: ready from the cache in %.0f ms; peak RSS %.0f MB\n", what, run->ready_ms,
           run->peak_rss_kb / 1024.0);
  for (guint k = 0; k < 3; k++)
    g_print ("  %-8s ×%2u: new page on screen median %5.1f ms, worst %5.1f; all tiles median "
             "%5.1f ms, worst %5.1f\n", kinds[k], run->shown[k]->len, median (run->shown[k]),
             worst (run->shown[k]), median (run->sharp[k]), worst (run->sharp[k]));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *root = g_dir_make_tmp ("verno-bench-pages-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (root, "cache", NULL);
  g_autofree char *large = g_build_filename (root, "large", NULL);
  g_autofree char *small = g_build_filename (root, "small", NULL);
  g_autoptr(GArray) bases = list_bases ();
  double started = g_get_monotonic_time () / 1e6;
  Run big, little;
  gboolean ok = TRUE;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-window-pages needs a display: run it under xvfb-run.\n");
      return 77;
    }
  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  write_project (bases, large, large, N_PAGES);
  write_project (bases, small, large, N_SMALL);
  g_print ("%u pages made from %u real scans in %.1f s\n", N_PAGES, bases->len,
           g_get_monotonic_time () / 1e6 - started);
  fill_cache (bases, large);

  little = run_window (small);
  big = run_window (large);
  print_run ("The window on the first 30 pages", &little);
  print_run ("The window on all 300 pages", &big);
  g_print ("Ratios (300 pages / 30): peak RSS %.2f; Page Down median %.2f, jump median %.2f\n",
           (double) big.peak_rss_kb / little.peak_rss_kb,
           median (big.shown[0]) / median (little.shown[0]),
           median (big.shown[2]) / median (little.shown[2]));
  g_print ("Targets\n");
  ok &= vn_test_check_target ("300 pages: Page Down, new page on screen, worst ms",
                              worst (big.shown[0]), MAX_SWITCH_MS, TRUE);
  ok &= vn_test_check_target ("300 pages: Page Up, new page on screen, worst ms",
                              worst (big.shown[1]), MAX_SWITCH_MS, TRUE);
  ok &= vn_test_check_target ("300 pages: a jump, new page on screen, median ms",
                              median (big.shown[2]), MAX_SWITCH_MS, TRUE);
  ok &= vn_test_check_target ("peak RSS, 300 pages / 30 pages",
                              (double) big.peak_rss_kb / little.peak_rss_kb, MAX_RSS_RATIO,
                              TRUE);
  vn_test_remove_tree (root);
  return ok ? 0 : 1;
}
