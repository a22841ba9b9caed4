/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-batch.c: `verno batch` on 200 pages made from the letter and the corpus, against a
 * tuned tesseract loop over the same pages in the same run (each twice, interleaved): pages a
 * second, peak memory at 50 and at 200 pages, a rerun of the finished list, and how soon
 * Ctrl+C stops it. Prints the figures; exits 1 when a target is missed. */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "vn-runtime.h"
#include "vn-test-util.h"

VN_RUNTIME_LIMIT_OPENMP

#define N_PAGES 200
#define N_SMALL 50
#define N_PARTS 8   /* the pages are timed in parts, tesseract and verno taking turns */

typedef struct
{
  char *image;   /* a scan of the letter or the corpus */
  char *truth;   /* its ground truth */
} Source;

typedef struct
{
  const char *name;
  GPtrArray  *pages;   /* Source, the pages of one project */
} Kind;

typedef struct
{
  double seconds;
  double cpu;        /* user + system, of the process and the children it waited for */
  long   max_rss_kb;
  int    status;     /* as from waitpid */
} Figures;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
source_free (gpointer data)
{
  Source *s = data;

  g_free (s->image);
  g_free (s->truth);
  g_free (s);
}

static void
add_source (GPtrArray  *pages,
            const char *image,
            const char *truth_path)
{
  Source *s = g_new0 (Source, 1);

  s->image = g_strdup (image);
  s->truth = vn_test_read_file (truth_path);
  g_ptr_array_add (pages, s);
}

static Kind
corpus_kind (const char         *name,
             const char         *folder,
             const char * const *stems,
             const char         *extension)
{
  g_autofree char *dir = vn_test_shared_path (folder);
  Kind kind = { name, g_ptr_array_new_with_free_func (source_free) };

  for (guint i = 0; stems[i] != NULL; i++)
    {
      g_autofree char *image = g_strdup_printf ("%s/%s.%s", dir, stems[i], extension);
      g_autofree char *truth = g_strdup_printf ("%s/%s.txt", dir, stems[i]);

      add_source (kind.pages, image, truth);
    }
  return kind;
}

/* The letter's two pages, each with its part of the ground truth (split at the form feed). */
static Kind
letter_kind (void)
{
  g_autofree char *truth_path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *truth = vn_test_read_file (truth_path);
  g_auto(GStrv) parts = g_strsplit (truth, "\f", 2);
  Kind kind = { "letter", g_ptr_array_new_with_free_func (source_free) };

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("scans/letter-1956/page-%u.png", i + 1);
      Source *s = g_new0 (Source, 1);

      s->image = vn_test_source_path (name);
      s->truth = g_strdup (parts[i]);
      g_ptr_array_add (kind.pages, s);
    }
  return kind;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The Komi newspaper's lines, five to a project. */
static GPtrArray *
kpv_kinds (void)
{
  g_autofree char *dir = vn_test_shared_path ("corpus/kpv-newspaper-lines");
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) stems = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *kinds = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".tif"))
      g_ptr_array_add (stems, g_strndup (name, strlen (name) - strlen (".tif")));
  g_ptr_array_sort (stems, compare_paths);
  for (guint i = 0; i + 5 <= stems->len; i += 5)
    {
      Kind *kind = g_new0 (Kind, 1);

      kind->name = "kpv";
      kind->pages = g_ptr_array_new_with_free_func (source_free);
      for (guint j = i; j < i + 5; j++)
        {
          g_autofree char *image = g_strdup_printf ("%s/%s.tif", dir,
                                                    (char *) g_ptr_array_index (stems, j));
          g_autofree char *truth = g_strdup_printf ("%s/%s.gt.txt", dir,
                                                    (char *) g_ptr_array_index (stems, j));
          add_source (kind->pages, image, truth);
        }
      g_ptr_array_add (kinds, kind);
    }
  return kinds;
}

/* @source with a white border of @border pixels, as gray PNG: each page of the benchmark is a
 * different file, so that no page can be served from another's cache entry. */
static void
write_page (const Source *source,
            guint         border,
            const char   *path)
{
  PIX *pix = pixRead (source->image);
  PIX *gray = pix ? pixConvertTo8 (pix, FALSE) : NULL;
  PIX *framed = gray ? pixAddBorder (gray, border, 255) : NULL;

  g_assert_nonnull (framed);
  pixSetZlibCompression (framed, 1);  /* a quicker set-up; the file size does not matter */
  g_assert_cmpint (pixWrite (path, framed, IFF_PNG), ==, 0);
  pixDestroy (&framed);
  pixDestroy (&gray);
  pixDestroy (&pix);
}

/* One project of @n_pages of @kind, in @root/NNN; returns its folder. */
static char *
write_project (const char *root,
               guint       number,
               const Kind *kind,
               guint       n_pages,
               guint       border,
               GString    *page_list)
{
  g_autofree char *name = g_strdup_printf ("%03u-%s", number, kind->name);
  char *folder = g_build_filename (root, name, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *text_path = g_build_filename (folder, "transcription.txt", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  for (guint i = 0; i < n_pages; i++)
    {
      const Source *source = g_ptr_array_index (kind->pages, i);
      g_autofree char *page_name = g_strdup_printf ("page-%u.png", i + 1);
      g_autofree char *page_path = g_build_filename (folder, page_name, NULL);

      write_page (source, border, page_path);
      g_string_append_printf (page_list, "%s\n", page_path);
      if (i > 0)
        g_string_append_c (text, '\f');
      g_string_append (text, source->truth);
    }
  g_assert_true (g_file_set_contents (text_path, text->str, -1, NULL));
  return folder;
}

static void
write_text (const char *root,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (root, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
free_kinds (Kind      *kinds,
            guint      n_kinds,
            GPtrArray *kpv)
{
  for (guint k = 0; k < n_kinds; k++)
    g_clear_pointer (&kinds[k].pages, g_ptr_array_unref);
  for (guint i = 0; i < kpv->len; i++)
    {
      Kind *kind = g_ptr_array_index (kpv, i);

      g_ptr_array_unref (kind->pages);
      g_free (kind);
    }
}

/* Projects of a few pages each, cycling through the sources with a wider border each round,
 * cut so that the first N_SMALL pages are whole projects too. Writes into @root the lists of
 * project folders list-50.txt and list-200.txt, and the same split into N_PARTS parts of
 * consecutive projects: list-part-P.txt, with their pages in pages-part-P.txt. */
static void
generate (const char *root)
{
  const char *ru_a[] = { "0d1b1aaf40cb", "0f82839b83f1", NULL };
  const char *ru_b[] = { "5b0818803062", "7d9381fc745f", NULL };
  const char *en[] = { "EHRI-BF-19380509b_EN_01", "EHRI-BF-19380509b_EN_02", NULL };
  const char *fr[] = { "FRAN_0150_0003_L-medium", NULL };
  Kind kinds[] = {
    letter_kind (),
    corpus_kind ("ru", "corpus/ru-print-18c", ru_a, "jpeg"),
    corpus_kind ("en", "corpus/en-typewritten", en, "jpg"),
    { "kpv", NULL },
    corpus_kind ("ru", "corpus/ru-print-18c", ru_b, "jpeg"),
    corpus_kind ("fr", "corpus/fr-typewritten", fr, "jpg"),
  };
  g_autoptr(GPtrArray) kpv = kpv_kinds ();
  g_autoptr(GString) list = g_string_new (NULL);
  GString *part_lists[N_PARTS], *part_pages[N_PARTS];
  guint total = 0, number = 0;

  for (guint p = 0; p < N_PARTS; p++)
    part_lists[p] = g_string_new (NULL), part_pages[p] = g_string_new (NULL);
  for (guint round = 0; total < N_PAGES; round++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds) && total < N_PAGES; k++)
      {
        const Kind *kind = kinds[k].pages ? &kinds[k] : g_ptr_array_index (kpv, round);
        guint limit = total < N_SMALL ? N_SMALL : N_PAGES;
        guint n = MIN (kind->pages->len, limit - total);
        guint part = total * N_PARTS / N_PAGES;
        g_autoptr(GString) written = g_string_new (NULL);
        g_autofree char *folder = write_project (root, number++, kind, n, 2 + 2 * round,
                                                 written);

        g_string_append_printf (list, "%s\n", folder);
        g_string_append_printf (part_lists[part], "%s\n", folder);
        g_string_append (part_pages[part], written->str);
        total += n;
        if (total == N_SMALL)
          write_text (root, "list-50.txt", list->str);
      }
  write_text (root, "list-200.txt", list->str);
  for (guint p = 0; p < N_PARTS; p++)
    {
      g_autofree char *list_name = g_strdup_printf ("list-part-%u.txt", p);
      g_autofree char *pages_name = g_strdup_printf ("pages-part-%u.txt", p);

      write_text (root, list_name, part_lists[p]->str);
      write_text (root, pages_name, part_pages[p]->str);
      g_string_free (part_lists[p], TRUE);
      g_string_free (part_pages[p], TRUE);
    }
  g_print ("Generated %u pages in %u projects under %s\n", total, number, root);
  free_kinds (kinds, G_N_ELEMENTS (kinds), kpv);
}

/* ------------------------------------------------------------------ running */

static GPid
start (const char * const *argv,
       const char         *err_path)
{
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "OMP_THREAD_LIMIT", "1", TRUE);
  g_autoptr(GError) error = NULL;
  int out = g_open ("/dev/null", O_WRONLY, 0);
  int err = err_path ? g_open (err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : out;
  GPid pid;

  g_assert_cmpint (out, >=, 0);
  g_assert_cmpint (err, >=, 0);
  g_spawn_async_with_fds (NULL, (char **) argv, env,
                          G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                          -1, out, err, &error);
  g_assert_no_error (error);
  g_close (out, NULL);
  if (err != out)
    g_close (err, NULL);
  return pid;
}

static Figures
finish (GPid   pid,
        double started)
{
  struct rusage usage;
  Figures fig = { 0 };

  g_assert_cmpint (wait4 (pid, &fig.status, 0, &usage), ==, pid);
  fig.seconds = now () - started;
  fig.cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
            usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  fig.max_rss_kb = usage.ru_maxrss;
  return fig;
}

static Figures
run (const char * const *argv)
{
  double started = now ();

  return finish (start (argv, NULL), started);
}

static char *
verno_path (void)
{
  const char *verno = g_getenv ("VERNO");

  return verno ? g_strdup (verno) : vn_test_build_path ("app/verno");
}

/* verno batch --jobs 2 on @list with the OCR cache @cache; progress into @err_path, if any. */
static Figures
run_batch (const char *root,
           const char *list,
           const char *cache,
           const char *err_path)
{
  g_autofree char *verno = verno_path ();
  g_autofree char *list_path = g_build_filename (root, list, NULL);
  g_autofree char *cache_path = g_build_filename (root, cache, NULL);
  const char *argv[] = { verno, "batch", "--jobs", "2", "--cache-dir", cache_path, list_path,
                         err_path ? NULL : "--quiet", NULL };
  double started = now ();
  Figures fig = finish (start (argv, err_path), started);

  g_assert_true (WIFEXITED (fig.status) && WEXITSTATUS (fig.status) == 0);
  return fig;
}

/* Two tesseract processes at a time over the pages listed in @pages, as a shell user would
 * tune it. */
static Figures
run_tesseract_loop (const char *root,
                    const char *pages)
{
  g_autofree char *path = g_build_filename (root, pages, NULL);
  g_autofree char *script =
    g_strdup_printf ("xargs -d '\\n' -P 2 -I{} tesseract {} - -l rus < '%s'", path);
  Figures fig = run ((const char *[]) { "sh", "-c", script, NULL });

  g_assert_true (WIFEXITED (fig.status) && WEXITSTATUS (fig.status) == 0);
  return fig;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;

  return g_file_get_contents (path, &data, NULL, NULL) && strstr (data, needle) != NULL;
}

/* Every entry of the cache is a whole page under its own key, and nothing else is there. */
static guint
check_cache (const char *cache)
{
  g_autoptr(GDir) dir = g_dir_open (cache, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (cache, name, NULL);
      g_autofree char *data = vn_test_read_file (path);
      g_autofree char *key = NULL;
      g_autoptr(VnOcrPage) page = vn_ocr_page_new_from_hocr (data, strlen (data), &key, NULL);

      g_assert_nonnull (page);
      g_assert_true (g_str_has_suffix (name, ".hocr") && g_str_has_prefix (name, key));
      n++;
    }
  return n;
}

/* Each run starts from the folders alone: no saved collation from an earlier run. */
static void
forget_states (const char *root)
{
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *state = g_build_filename (root, name, ".verno", NULL);

      if (g_file_test (state, G_FILE_TEST_IS_DIR))
        vn_test_remove_tree (state);
    }
}

/* SIGINT @delay seconds after the first page is read; seconds until the process is gone. */
static double
interrupt_latency (const char *root,
                   guint       attempt,
                   double      delay,
                   guint      *cached)
{
  g_autofree char *verno = verno_path ();
  g_autofree char *list = g_build_filename (root, "list-200.txt", NULL);
  g_autofree char *cache_name = g_strdup_printf ("cache-interrupt-%u", attempt);
  g_autofree char *cache = g_build_filename (root, cache_name, NULL);
  g_autofree char *err = g_build_filename (root, "interrupt.err", NULL);
  double sent;
  Figures fig;
  GPid pid;

  forget_states (root);
  pid = start ((const char *[]) { verno, "batch", "--jobs", "2", "--cache-dir", cache, list, NULL },
               err);
  while (!file_contains (err, " words ("))
    g_usleep (20000);
  g_usleep (delay * G_USEC_PER_SEC);
  sent = now ();
  kill (pid, SIGINT);
  fig = finish (pid, sent);
  g_assert_true (WIFEXITED (fig.status) && WEXITSTATUS (fig.status) == 128 + SIGINT);
  *cached = check_cache (cache);
  return fig.seconds;
}


static double
load_average (void)
{
  g_autofree char *data = NULL;

  return g_file_get_contents ("/proc/loadavg", &data, NULL, NULL) ? g_ascii_strtod (data, NULL)
                                                                 : -1;
}

/* Each part timed with tesseract and with verno in turn, the order swapped every part: a
 * load that other programs put on the machine, rising or falling, weighs on both alike. */
static void
time_parts (const char *root,
            Figures    *tess,
            Figures    *ours)
{
  for (guint p = 0; p < N_PARTS; p++)
    {
      g_autofree char *list = g_strdup_printf ("list-part-%u.txt", p);
      g_autofree char *pages = g_strdup_printf ("pages-part-%u.txt", p);
      g_autofree char *cache = g_strdup_printf ("cache-part-%u", p);
      Figures t, o;

      forget_states (root);
      if (p % 2 == 0)
        {
          t = run_tesseract_loop (root, pages);
          o = run_batch (root, list, cache, NULL);
        }
      else
        {
          o = run_batch (root, list, cache, NULL);
          t = run_tesseract_loop (root, pages);
        }
      tess->seconds += t.seconds, tess->cpu += t.cpu;
      ours->seconds += o.seconds, ours->cpu += o.cpu;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("verno-bench-batch-XXXXXX", &error);
  g_autofree char *rerun_err = NULL;
  Figures tess = { 0 }, ours = { 0 }, whole, small, rerun;
  double latency = 0, delays[] = { 0.0, 0.3, 0.6 };
  gboolean ok = TRUE;

  g_assert_no_error (error);
  rerun_err = g_build_filename (root, "rerun.err", NULL);
  generate (root);
  g_print ("verno batch against tesseract on %d pages, %u cores\n", N_PAGES,
           g_get_num_processors ());
  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      guint cached;
      double seconds = interrupt_latency (root, i, delays[i], &cached);

      g_print ("  SIGINT %.1f s after the first page: gone in %.3f s; %u whole pages in the "
               "cache, no other file\n", delays[i], seconds, cached);
      latency = MAX (latency, seconds);
    }

  g_print ("  load average before the runs: %.2f\n", load_average ());
  time_parts (root, &tess, &ours);
  forget_states (root);
  small = run_batch (root, "list-50.txt", "cache-50", NULL);
  forget_states (root);
  whole = run_batch (root, "list-200.txt", "cache-200", NULL);
  rerun = run_batch (root, "list-200.txt", "cache-200", rerun_err);
  g_assert_true (file_contains (rerun_err, "; pages read: 0 in "));
  g_print ("  load average after the runs: %.2f\n", load_average ());

  g_print ("  in %d parts of about %d pages, taking turns:\n", N_PARTS, N_PAGES / N_PARTS);
  g_print ("    tesseract loop, OMP_THREAD_LIMIT=1, xargs -P 2: %7.1f s  %5.2f pages/s  "
           "CPU %6.1f s\n", tess.seconds, N_PAGES / tess.seconds, tess.cpu);
  g_print ("    verno batch --jobs 2:                           %7.1f s  %5.2f pages/s  "
           "CPU %6.1f s\n", ours.seconds, N_PAGES / ours.seconds, ours.cpu);
  g_print ("  verno batch --jobs 2 on the %d pages in one run:   %7.1f s  %5.2f pages/s  "
           "peak RSS %.1f MB\n", N_PAGES, whole.seconds, N_PAGES / whole.seconds,
           whole.max_rss_kb / 1024.0);
  g_print ("  verno batch on the first %d pages:                 %7.1f s               "
           "peak RSS %.1f MB\n", N_SMALL, small.seconds, small.max_rss_kb / 1024.0);
  g_print ("  verno batch again on the finished list:           %7.2f s  (no page read)\n",
           rerun.seconds);

  g_print ("Targets\n");
  ok &= vn_test_check_target ("verno pages/s / tesseract loop pages/s",
                              tess.seconds / ours.seconds, 1.0, FALSE);
  ok &= vn_test_check_target ("peak RSS at 200 pages / at 50 pages",
                              (double) whole.max_rss_kb / small.max_rss_kb, 1.2, TRUE);
  ok &= vn_test_check_target ("rerun of the finished list / first run",
                              rerun.seconds / whole.seconds, 0.05, TRUE);
  ok &= vn_test_check_target ("SIGINT to exit, worst of 3, s", latency, 1.0, TRUE);
  vn_test_remove_tree (root);
  return ok ? 0 : 1;
}
