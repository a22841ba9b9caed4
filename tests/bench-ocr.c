/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ocr.c: OCR and collation speed on the bundled letter, against the tesseract command
 * measured in the same run; then, per class of page (the letter's 300-dpi pages, the corpus'
 * pages upscaled to 400- and 600-dpi classes), verno ocr against tesseract on the same file:
 * time and character error rate against the ground truth. Prints figures and ratios; exits 1
 * when a target is missed. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vn-metrics.h"
#include "vn-runtime.h"
#include "vn-test-util.h"

VN_RUNTIME_LIMIT_OPENMP

#define REPEATS 2

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* Starts tesseract on every page at once (parallel) or one after another. */
static double
time_tesseract (GPtrArray *scans,
                gboolean   parallel,
                gboolean   tuned)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_object_unref);
  double start = now ();

  for (guint i = 0; i < scans->len; i++)
    {
      VnScanPage *scan = g_ptr_array_index (scans, i);
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                   G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GError) error = NULL;
      GSubprocess *process;

      if (tuned)
        g_subprocess_launcher_setenv (launcher, "OMP_THREAD_LIMIT", "1", TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, "OMP_THREAD_LIMIT");
      process = g_subprocess_launcher_spawn (launcher, &error, "tesseract", scan->path, "-",
                                             "-l", "rus", NULL);
      g_assert_no_error (error);
      g_ptr_array_add (running, process);
      if (!parallel)
        g_subprocess_wait_check (process, NULL, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < running->len; i++)
    g_subprocess_wait_check (g_ptr_array_index (running, i), NULL, NULL);
  return now () - start;
}

static double
time_ours (VnOcrEngine *engine,
           GPtrArray   *scans,
           GPtrArray  **pages_out)
{
  g_autoptr(GError) error = NULL;
  double start = now ();
  GPtrArray *pages = vn_ocr_engine_recognize (engine, scans, NULL, NULL, NULL, &error);
  double elapsed = now () - start;

  g_assert_no_error (error);
  if (pages_out)
    *pages_out = pages;
  else
    g_ptr_array_unref (pages);
  return elapsed;
}

/* An engine of its own for each run: an engine reads each distinct image once in its life,
 * so a second run of the same one would time its memory, not the OCR. */
static double
time_fresh (GPtrArray   *scans,
            VnOcrCache  *cache,
            GPtrArray  **pages_out)
{
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");

  vn_ocr_engine_set_jobs (engine, 2);
  if (cache != NULL)
    vn_ocr_engine_set_cache (engine, cache);
  return time_ours (engine, scans, pages_out);
}

/* Two workers on the letter against two tesseract processes, the cache and collation. */
static gboolean
bench_letter (void)
{
  g_autoptr(VnProject) project = NULL;
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_dir_make_tmp ("verno-bench-XXXXXX", &error);
  g_autoptr(VnOcrCache) cache = vn_ocr_cache_new (cache_dir);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  GPtrArray *scans;
  double ours = G_MAXDOUBLE, tuned = G_MAXDOUBLE, serial_default, cached, collate = 0;
  gboolean ok = TRUE;
  const guint collations = 50;

  project = vn_project_new_from_folder (folder, &error);
  g_assert_no_error (error);
  scans = vn_project_get_scan_pages (project);

  g_print ("OCR of the letter (%u pages, rus) on %u cores\n", scans->len, g_get_num_processors ());
  serial_default = time_tesseract (scans, FALSE, FALSE);
  for (guint r = 0; r < REPEATS; r++)
    {
      tuned = MIN (tuned, time_tesseract (scans, TRUE, TRUE));
      ours = MIN (ours, time_fresh (scans, NULL, NULL));
    }
  time_fresh (scans, cache, NULL);                  /* fills the cache */
  cached = time_fresh (scans, cache, &pages);

  for (guint i = 0; i < collations; i++)
    {
      double start = now ();
      g_autoptr(VnCollation) collation = vn_collation_new (vn_project_get_transcription (project),
                                                           pages, spell);
      collate += now () - start;
    }
  collate /= collations;

  g_print ("  tesseract CLI, default OpenMP, pages one after another: %7.3f s\n", serial_default);
  g_print ("  tesseract CLI, OMP_THREAD_LIMIT=1, pages in parallel:   %7.3f s (best of %d)\n",
           tuned, REPEATS);
  g_print ("  verno in-process, 2 workers:                            %7.3f s (best of %d)\n",
           ours, REPEATS);
  g_print ("  verno in-process, served from the cache:                %7.3f s\n", cached);
  g_print ("  collation of the letter from cached OCR:                %7.2f ms (mean of %u)\n",
           collate * 1000, collations);
  g_print ("Ratios\n");
  ok &= vn_test_check_target ("verno / tuned parallel tesseract", ours / tuned, 1.0, TRUE);
  ok &= vn_test_check_target ("default tesseract CLI / verno (speed-up)",
                              serial_default / ours, 5.0, FALSE);
  ok &= vn_test_check_target ("cached run / first run", cached / ours, 0.05, TRUE);
  ok &= vn_test_check_target ("collation from cached OCR, ms", collate * 1000, 20.0, TRUE);
  return ok;
}

/* ------------------------------------------------------------------ page classes */

/* Each reader runs on one core, one page at a time, on the same file. */
typedef enum
{
  READER_TESSERACT,    /* OMP_THREAD_LIMIT=1 tesseract FILE - -l LANG --psm 3 */
  READER_VERNO,        /* verno ocr --no-cache -j 1 -l LANG --psm 3 FILE */
  READER_VERNO_FULL,   /* the same with --no-rescale: Verno before this change */
  N_READERS
} Reader;

static const char *reader_names[N_READERS] = {
  "tesseract", "verno", "verno --no-rescale",
};

/* Runs of each reader on each page: the small pages are cheap to read once more. */
#define MAX_REPEATS 3

typedef struct
{
  const char *image;   /* under the shared corpus, or the letter's scans */
  const char *lang;
  guint       letter_page;  /* 1 or 2 for the letter, else 0 */
} BenchPage;

static const BenchPage bench_pages[] = {
  { "letter-1956/page-1.png", "rus", 1 },
  { "letter-1956/page-2.png", "rus", 2 },
  { "en-typewritten/EHRI-BF-19380509b_EN_01.jpg", "eng", 0 },
  { "en-typewritten/EHRI-BF-19380509b_EN_02.jpg", "eng", 0 },
  { "fr-typewritten/FRAN_0150_0003_L-medium.jpg", "fra", 0 },
  { "ru-print-18c/0d1b1aaf40cb.jpeg", "rus", 0 },
  { "ru-print-18c/0f82839b83f1.jpeg", "rus", 0 },
  { "ru-print-18c/5b0818803062.jpeg", "rus", 0 },
  { "ru-print-18c/7d9381fc745f.jpeg", "rus", 0 },
};

typedef struct
{
  int    dpi;
  guint  repeats;              /* at most MAX_REPEATS */
  double seconds[N_READERS];   /* sums over pages of each page's median */
  guint  edits[N_READERS];
  guint  truth_length;
  guint  pages;
} ClassTotals;

/* The letter's 300-dpi pages set the scale: a text of the letter's size scanned at D dpi has
 * an x-height of 26.9 * D / 300 pixels. */
#define LETTER_X_HEIGHT_300 26.9

/* Known quirk of the 18th-century pages: ї and і are one letter written two ways. */
static char *
normalize_for_scoring (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, "ї", "і", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
page_image_path (const BenchPage *page)
{
  g_autofree char *relative = g_build_filename (page->letter_page > 0 ? "scans" : "corpus",
                                                page->image, NULL);

  return page->letter_page > 0 ? vn_test_source_path (relative)
                               : vn_test_shared_path (relative);
}

static char *
page_truth (const BenchPage *page)
{
  g_autofree char *text = NULL;

  if (page->letter_page > 0)
    {
      g_autofree char *path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
      g_autofree char *all = vn_test_read_file (path);
      g_auto(GStrv) pages = g_strsplit (all, "\f", -1);

      text = g_strdup (pages[page->letter_page - 1]);
    }
  else
    {
      g_autofree char *image = page_image_path (page);
      g_autofree char *stem = g_strndup (image, strrchr (image, '.') - image);
      g_autofree char *path = g_strconcat (stem, ".txt", NULL);

      text = vn_test_read_file (path);
    }
  return normalize_for_scoring (text);
}

/* Runs @reader on @path; its text, and the wall time in @seconds. */
static char *
run_reader (Reader      reader,
            const char *path,
            const char *lang,
            double     *seconds)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *verno = vn_test_build_path ("app/verno");
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  double start;

  if (reader == READER_TESSERACT)
    g_strv_builder_addv (args, (const char *[]) { "tesseract", path, "-", NULL });
  else
    g_strv_builder_addv (args, (const char *[]) { verno, "ocr", "--no-cache", "-q", "-j", "1",
                                                  path, NULL });
  if (reader == READER_VERNO_FULL)
    g_strv_builder_add (args, "--no-rescale");
  g_strv_builder_addv (args, (const char *[]) { "-l", lang, "--psm", "3", NULL });
  argv = g_strv_builder_end (args);
  g_subprocess_launcher_setenv (launcher, "OMP_THREAD_LIMIT", "1", TRUE);
  start = now ();
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  *seconds = now () - start;
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return normalize_for_scoring (out);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* The page as a scan of the class would show it: scaled up by bilinear interpolation
 * (Leptonica's pixScaleGeneral, no sharpening), lossless PNG, the class's resolution. */
static char *
write_class_image (PIX        *pix,
                   double      factor,
                   int         dpi,
                   const char *dir)
{
  char *path = g_build_filename (dir, "page.png", NULL);
  PIX *out = factor == 1.0 ? pixCopy (NULL, pix)
                           : pixScaleGeneral (pix, (float) factor, (float) factor, 0.0f, 0);

  g_assert_nonnull (out);
  pixSetResolution (out, dpi, dpi);
  g_assert_cmpint (pixWrite (path, out, IFF_PNG), ==, 0);
  pixDestroy (&out);
  return path;
}

/* Every reader on one file, a few times in turn (the machine is shared: the order changes
 * each time); adds the median times and the edits of each reader to @totals. */
static void
measure_file (ClassTotals     *totals,
              const BenchPage *page,
              const char      *path,
              const char      *truth,
              const char      *label)
{
  double seconds[N_READERS][MAX_REPEATS], page_median[N_READERS];
  guint edits[N_READERS];
  guint truth_length = 0;

  g_assert_cmpuint (totals->repeats, <=, MAX_REPEATS);
  for (guint r = 0; r < totals->repeats; r++)
    for (guint k = 0; k < N_READERS; k++)
      {
        Reader reader = (k + r) % N_READERS;
        g_autofree char *text = run_reader (reader, path, page->lang, &seconds[reader][r]);
        g_autoptr(VnMetrics) metrics = vn_metrics_compare (truth, -1, text, -1,
                                                           VN_METRICS_DEFAULT);
        const VnEditCounts *c = vn_metrics_get_characters (metrics);

        edits[reader] = c->substitutions + c->deletions + c->insertions;
        truth_length = c->truth_length;
      }
  for (guint k = 0; k < N_READERS; k++)
    {
      page_median[k] = median (seconds[k], totals->repeats);
      totals->seconds[k] += page_median[k];
      totals->edits[k] += edits[k];
    }
  totals->truth_length += truth_length;
  totals->pages++;
  g_print ("  %4d dpi %-44s %6.2f s %6.2f%% | %6.2f s %6.2f%% | %6.2f s %6.2f%% | x%.2f\n",
           totals->dpi, label,
           page_median[READER_TESSERACT], 100.0 * edits[READER_TESSERACT] / truth_length,
           page_median[READER_VERNO], 100.0 * edits[READER_VERNO] / truth_length,
           page_median[READER_VERNO_FULL], 100.0 * edits[READER_VERNO_FULL] / truth_length,
           page_median[READER_TESSERACT] / page_median[READER_VERNO]);
}

static PIX *
load_page (const BenchPage *page)
{
  g_autofree char *path = page_image_path (page);
  PIX *pix = pixRead (path);

  if (pix == NULL)
    g_error ("Cannot read %s: the benchmark needs the letter and /work/shared/corpus.", path);
  return pix;
}

/* Each page of the set at the class's resolution: the letter's at 300 dpi as they are, the
 * others upscaled from their own x-height to the class's. */
static void
measure_class (ClassTotals *totals,
               const char  *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (bench_pages); i++)
    {
      const BenchPage *page = &bench_pages[i];
      g_autofree char *truth = page_truth (page);
      PIX *pix = NULL;
      double x_height, factor;
      g_autofree char *path = NULL, *label = NULL;

      if (totals->dpi == 300 && page->letter_page == 0)
        continue;
      pix = load_page (page);
      x_height = page->letter_page > 0 ? LETTER_X_HEIGHT_300
                                       : vn_preprocess_estimate_x_height (pix);
      factor = totals->dpi == 300 ? 1.0 : LETTER_X_HEIGHT_300 * totals->dpi / 300 / x_height;
      path = write_class_image (pix, factor, totals->dpi, dir);
      label = g_strdup_printf ("%s x%.2f", strrchr (page->image, '/') + 1, factor);
      measure_file (totals, page, path, truth, label);
      g_remove (path);
      pixDestroy (&pix);
    }
}

static gboolean
report_class (const ClassTotals *t)
{
  g_autofree char *speed = g_strdup_printf ("%d-dpi class: tesseract time / verno time", t->dpi);
  g_autofree char *before = g_strdup_printf ("%d-dpi class: verno --no-rescale / verno time",
                                             t->dpi);
  g_autofree char *cer = g_strdup_printf ("%d-dpi class: verno CER - tesseract CER, points",
                                          t->dpi);
  double cer_t = 100.0 * t->edits[READER_TESSERACT] / t->truth_length;
  double cer_v = 100.0 * t->edits[READER_VERNO] / t->truth_length;
  gboolean ok = TRUE;

  g_print ("  %d-dpi class, %u pages:", t->dpi, t->pages);
  for (guint k = 0; k < N_READERS; k++)
    g_print (" %s %.2f s, CER %.2f%%;", reader_names[k], t->seconds[k],
             100.0 * t->edits[k] / t->truth_length);
  g_print ("\n");
  if (t->dpi == 300)
    ok &= vn_test_check_target (speed, t->seconds[READER_TESSERACT] / t->seconds[READER_VERNO],
                                1.0, FALSE);
  else if (t->dpi >= 600)
    ok &= vn_test_check_target (speed, t->seconds[READER_TESSERACT] / t->seconds[READER_VERNO],
                                1.8, FALSE);
  else
    g_print ("  %-58s %8.3f\n", speed, t->seconds[READER_TESSERACT] / t->seconds[READER_VERNO]);
  g_print ("  %-58s %8.3f\n", before, t->seconds[READER_VERNO_FULL] / t->seconds[READER_VERNO]);
  if (t->dpi >= 600)
    ok &= vn_test_check_target (cer, cer_v - cer_t, 0.0, TRUE);
  else
    g_print ("  %-58s %8.3f\n", cer, cer_v - cer_t);
  return ok;
}

/* Verno against tesseract per class of page, each on one core. */
static gboolean
bench_page_classes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-bench-classes-XXXXXX", &error);
  ClassTotals classes[] = {
    { .dpi = 300, .repeats = 3 }, { .dpi = 400, .repeats = 2 }, { .dpi = 600, .repeats = 2 },
  };
  gboolean ok = TRUE;

  g_assert_no_error (error);
  g_print ("\nOne page at a time on one core, median of 3 runs (2 at 400 and 600 dpi): time "
           "and CER against the ground truth\n  %-53s %-17s | %-17s | %-17s | speed-up\n",
           "page", reader_names[0], reader_names[1], reader_names[2]);
  for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
    measure_class (&classes[c], dir);
  g_print ("Per class (sums of the pages' medians; CER over all the class's characters)\n");
  for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
    ok &= report_class (&classes[c]);
  g_rmdir (dir);
  return ok;
}

int
main (int    argc,
      char **argv)
{
  gboolean ok = bench_letter ();

  ok &= bench_page_classes ();
  return ok ? 0 : 1;
}
