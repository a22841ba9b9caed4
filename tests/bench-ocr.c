/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-ocr.c: OCR and collation speed on the bundled letter, against the tesseract command
 * measured in the same run. Prints figures and ratios; exits 1 when a target is missed. */
#include <string.h>

#include <glib/gstdio.h>

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


int
main (int    argc,
      char **argv)
{
  g_autoptr(VnProject) project = NULL;
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = g_dir_make_tmp ("verno-bench-XXXXXX", &error);
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
  g_autoptr(VnOcrEngine) cached_engine = vn_ocr_engine_new ("rus");
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
  vn_ocr_engine_set_jobs (engine, 2);
  vn_ocr_engine_set_jobs (cached_engine, 2);
  vn_ocr_engine_set_cache (cached_engine, cache);

  g_print ("OCR of the letter (%u pages, rus) on %u cores\n", scans->len, g_get_num_processors ());
  serial_default = time_tesseract (scans, FALSE, FALSE);
  for (guint r = 0; r < REPEATS; r++)
    {
      tuned = MIN (tuned, time_tesseract (scans, TRUE, TRUE));
      ours = MIN (ours, time_ours (engine, scans, NULL));
    }
  time_ours (cached_engine, scans, NULL);           /* fills the cache */
  cached = time_ours (cached_engine, scans, &pages);

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
  return ok ? 0 : 1;
}
