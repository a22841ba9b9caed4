/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-batch.c: `verno batch` against a tuned tesseract loop over the same pages, in the same
 * languages, in the same run (in parts, taking turns): 200 pages made from the letter and the
 * corpus at their own resolution (300 dpi), and 24 of them upscaled to a 600-dpi class; peak
 * memory at 50 and at 200 pages, a rerun of the finished list, how soon Ctrl+C stops it, and
 * a 60-page project made of 9 distinct images read with a cold cache. Prints the figures and
 * the ratios; exits 1 when a target is missed. VN_BENCH_LANG=rus reads every page in Russian
 * on both sides (as verno batch did before it took each transcription's languages). */
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
  char   *image;      /* a scan of the letter or the corpus */
  char   *truth;      /* its ground truth */
  double  x_height;   /* in pixels; 0 until measured */
} Source;

typedef struct
{
  const char *name;
  GPtrArray  *pages;   /* Source, the pages of one project */
  char       *lang;    /* the OCR languages verno takes for them (and tesseract is given) */
} Kind;

/* A set of pages timed against tesseract, at one class of resolution. */
typedef struct
{
  const char *name;
  const char *folder;
  int         dpi;       /* 300: the sources as they are; else upscaled to the class */
  guint       n_pages;
  guint       n_small;   /* the first pages also listed alone, for peak memory; 0: none */
  guint       n_parts;
  gboolean    lines;     /* with the Komi newspaper's lines, five to a project */
} PageSet;

static const PageSet page_sets[] = {
  { "300 dpi", "300", 300, N_PAGES, N_SMALL, N_PARTS, TRUE },
  { "600-dpi class", "600", 600, 24, 0, 4, FALSE },
};

/* The letter's 300-dpi pages set the scale, as in bench-ocr.c: a text of the letter's size
 * scanned at D dpi has an x-height of 26.9 * D / 300 pixels. */
#define LETTER_X_HEIGHT_300 26.9

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

/* The languages verno batch reads @kind in: VN_BENCH_LANG, else those of its text's script. */
static void
set_languages (Kind *kind)
{
  const char *forced = g_getenv ("VN_BENCH_LANG");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < kind->pages->len; i++)
    g_string_append (text, ((Source *) g_ptr_array_index (kind->pages, i))->truth);
  kind->lang = forced && *forced ? g_strdup (forced)
                                 : vn_settings_guess_ocr_languages (text->str, text->len);
  g_assert_nonnull (kind->lang);
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
  set_languages (&kind);
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
      s->x_height = LETTER_X_HEIGHT_300;
      g_ptr_array_add (kind.pages, s);
    }
  set_languages (&kind);
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
      set_languages (kind);
      g_ptr_array_add (kinds, kind);
    }
  return kinds;
}

/* The factor that takes @source to the x-height of @dpi's class (1 at 300 dpi: as it is). */
static double
class_factor (Source *source,
              int     dpi)
{
  PIX *pix;

  if (dpi == 300)
    return 1.0;
  if (source->x_height == 0)
    {
      pix = pixRead (source->image);
      g_assert_nonnull (pix);
      source->x_height = vn_preprocess_estimate_x_height (pix);
      pixDestroy (&pix);
    }
  return LETTER_X_HEIGHT_300 * dpi / 300 / source->x_height;
}

/* @source scaled to @dpi's class (by bilinear interpolation, as bench-ocr.c does) with a white
 * border of @border pixels, as gray PNG: each page of the benchmark is a different file, so
 * that no page can be served from another's cache entry. */
static void
write_page (Source     *source,
            int         dpi,
            guint       border,
            const char *path)
{
  double factor = class_factor (source, dpi);
  PIX *pix = pixRead (source->image);
  PIX *gray = pix ? pixConvertTo8 (pix, FALSE) : NULL;
  PIX *scaled = NULL, *framed = NULL;

  g_assert_nonnull (gray);
  scaled = factor == 1.0 ? pixClone (gray)
                         : pixScaleGeneral (gray, (float) factor, (float) factor, 0.0f, 0);
  if (dpi != 300)
    pixSetResolution (scaled, dpi, dpi);
  framed = pixAddBorder (scaled, border, 255);
  g_assert_nonnull (framed);
  pixSetZlibCompression (framed, 1);  /* a quicker set-up; the file size does not matter */
  g_assert_cmpint (pixWrite (path, framed, IFF_PNG), ==, 0);
  pixDestroy (&framed);
  pixDestroy (&scaled);
  pixDestroy (&gray);
  pixDestroy (&pix);
}

/* One project of @n_pages of @kind in @root/NNN-KIND; returns its folder. Its pages, each with
 * its languages ("PATH LANG"), are added to @page_list. */
static char *
write_project (const char *root,
               guint       number,
               const Kind *kind,
               guint       n_pages,
               int         dpi,
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
      Source *source = g_ptr_array_index (kind->pages, i);
      g_autofree char *page_name = g_strdup_printf ("page-%u.png", i + 1);
      g_autofree char *page_path = g_build_filename (folder, page_name, NULL);

      write_page (source, dpi, border, page_path);
      g_string_append_printf (page_list, "%s %s\n", page_path, kind->lang);
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
free_kind (Kind *kind)
{
  g_clear_pointer (&kind->pages, g_ptr_array_unref);
  g_clear_pointer (&kind->lang, g_free);
}

/* The kinds of page, their sources and languages, in the order projects are made of them;
 * NULL pages stand for the next project of Komi lines. */
typedef struct
{
  Kind       kinds[6];
  GPtrArray *kpv;   /* Kind * */
} Sources;

static void
sources_init (Sources *s)
{
  const char *ru_a[] = { "0d1b1aaf40cb", "0f82839b83f1", NULL };
  const char *ru_b[] = { "5b0818803062", "7d9381fc745f", NULL };
  const char *en[] = { "EHRI-BF-19380509b_EN_01", "EHRI-BF-19380509b_EN_02", NULL };
  const char *fr[] = { "FRAN_0150_0003_L-medium", NULL };

  s->kinds[0] = letter_kind ();
  s->kinds[1] = corpus_kind ("ru", "corpus/ru-print-18c", ru_a, "jpeg");
  s->kinds[2] = corpus_kind ("en", "corpus/en-typewritten", en, "jpg");
  s->kinds[3] = (Kind) { "kpv", NULL, NULL };
  s->kinds[4] = corpus_kind ("ru", "corpus/ru-print-18c", ru_b, "jpeg");
  s->kinds[5] = corpus_kind ("fr", "corpus/fr-typewritten", fr, "jpg");
  s->kpv = kpv_kinds ();
}

static void
sources_clear (Sources *s)
{
  for (guint k = 0; k < G_N_ELEMENTS (s->kinds); k++)
    free_kind (&s->kinds[k]);
  for (guint i = 0; i < s->kpv->len; i++)
    {
      free_kind (g_ptr_array_index (s->kpv, i));
      g_free (g_ptr_array_index (s->kpv, i));
    }
  g_ptr_array_unref (s->kpv);
}

static void
write_part_lists (const char *root,
                  guint       n_parts,
                  GString   **part_lists,
                  GString   **part_pages)
{
  for (guint p = 0; p < n_parts; p++)
    {
      g_autofree char *list_name = g_strdup_printf ("list-part-%u.txt", p);
      g_autofree char *pages_name = g_strdup_printf ("pages-part-%u.txt", p);

      write_text (root, list_name, part_lists[p]->str);
      write_text (root, pages_name, part_pages[p]->str);
      g_string_free (part_lists[p], TRUE);
      g_string_free (part_pages[p], TRUE);
    }
}

/* Projects of a few pages each, cycling through the sources with a wider border each round,
 * cut so that the first n_small pages are whole projects too. Writes into @root the lists of
 * project folders list-small.txt and list-all.txt, and the same split into parts of
 * consecutive projects: list-part-P.txt, with their pages in pages-part-P.txt. */
static void
generate (const char    *root,
          const PageSet *set,
          Sources       *sources)
{
  g_autoptr(GString) list = g_string_new (NULL);
  GString *part_lists[N_PARTS], *part_pages[N_PARTS];
  guint total = 0, number = 0;

  g_assert_cmpuint (set->n_parts, <=, N_PARTS);
  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  for (guint p = 0; p < set->n_parts; p++)
    part_lists[p] = g_string_new (NULL), part_pages[p] = g_string_new (NULL);
  for (guint round = 0; total < set->n_pages; round++)
    for (guint k = 0; k < G_N_ELEMENTS (sources->kinds) && total < set->n_pages; k++)
      {
        const Kind *kind = sources->kinds[k].pages ? &sources->kinds[k]
                                                   : g_ptr_array_index (sources->kpv, round);
        guint limit = total < set->n_small ? set->n_small : set->n_pages;
        guint n = MIN (kind->pages->len, limit - total);
        guint part = total * set->n_parts / set->n_pages;
        g_autoptr(GString) written = g_string_new (NULL);
        g_autofree char *folder = NULL;

        if (sources->kinds[k].pages == NULL && !set->lines)
          continue;
        folder = write_project (root, number++, kind, n, set->dpi, 2 + 2 * round, written);
        g_string_append_printf (list, "%s\n", folder);
        g_string_append_printf (part_lists[part], "%s\n", folder);
        g_string_append (part_pages[part], written->str);
        total += n;
        if (total == set->n_small)
          write_text (root, "list-small.txt", list->str);
      }
  write_text (root, "list-all.txt", list->str);
  write_part_lists (root, set->n_parts, part_lists, part_pages);
  g_print ("Generated %u pages (%s) in %u projects under %s\n", total, set->name, number, root);
}

/* One project of @n_pages pages made of the nine Cyrillic sources (the letter, the four
 * 18th-century pages, three Komi lines), each page a copy of one of them under its own name;
 * its folder is @root/repeat and its list repeat.txt; the pages in repeat-pages.txt. */
static void
generate_repeats (const char *root,
                  Sources    *sources,
                  guint       n_pages)
{
  g_autofree char *folder = g_build_filename (root, "repeat", NULL);
  g_autofree char *staging = g_build_filename (root, "repeat-images", NULL);
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL), pages = g_string_new (NULL);
  g_autofree char *text_path = g_build_filename (folder, "transcription.txt", NULL);
  const Kind *kinds[] = { &sources->kinds[0], &sources->kinds[1], &sources->kinds[4],
                          g_ptr_array_index (sources->kpv, 0) };
  g_autofree char *lang = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (staging, 0755), ==, 0);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint i = 0; i < kinds[k]->pages->len && images->len < 9; i++)
      g_ptr_array_add (images, g_ptr_array_index (kinds[k]->pages, i));
  g_assert_cmpuint (images->len, ==, 9);
  for (guint i = 0; i < n_pages; i++)
    {
      /* 4 and 9 are coprime: every image comes, in a shuffled order. */
      guint image = i * 4 % images->len;
      Source *source = g_ptr_array_index (images, image);
      g_autofree char *original = g_strdup_printf ("%s/image-%u.png", staging, image);
      g_autofree char *page = g_strdup_printf ("%s/page-%02u.png", folder, i + 1);
      g_autofree char *data = NULL;
      gsize length;

      if (!g_file_test (original, G_FILE_TEST_EXISTS))
        write_page (source, 300, 2, original);
      g_assert_true (g_file_get_contents (original, &data, &length, NULL));
      g_assert_true (g_file_set_contents (page, data, length, NULL));
      if (i > 0)
        g_string_append_c (text, '\f');
      g_string_append (text, source->truth);
    }
  g_assert_true (g_file_set_contents (text_path, text->str, -1, NULL));
  lang = g_getenv ("VN_BENCH_LANG") ? g_strdup (g_getenv ("VN_BENCH_LANG"))
                                    : vn_settings_guess_ocr_languages (text->str, text->len);
  for (guint i = 0; i < n_pages; i++)
    g_string_append_printf (pages, "%s/page-%02u.png %s\n", folder, i + 1, lang);
  write_text (root, "repeat-pages.txt", pages->str);
  write_text (root, "repeat.txt", folder);
  vn_test_remove_tree (staging);
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
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  const char *lang = g_getenv ("VN_BENCH_LANG");
  double started = now ();
  Figures fig;

  g_strv_builder_addv (args, (const char *[]) { verno, "batch", "--jobs", "2", "--cache-dir",
                                                cache_path, list_path, NULL });
  if (err_path == NULL)
    g_strv_builder_add (args, "--quiet");
  if (lang != NULL && *lang != '\0')
    g_strv_builder_addv (args, (const char *[]) { "--lang", lang, NULL });
  argv = g_strv_builder_end (args);
  fig = finish (start ((const char * const *) argv, err_path), started);
  g_assert_true (WIFEXITED (fig.status) && WEXITSTATUS (fig.status) == 0);
  return fig;
}

/* Two tesseract processes at a time over the pages listed in @pages ("PATH LANG" a line), as
 * a shell user would tune it. */
static Figures
run_tesseract_loop (const char *root,
                    const char *pages)
{
  g_autofree char *path = g_build_filename (root, pages, NULL);
  g_autofree char *script =
    g_strdup_printf ("xargs -P 2 -L 1 sh -c 'exec tesseract \"$0\" - -l \"$1\"' < '%s'", path);
  Figures fig = run ((const char *[]) { "sh", "-c", script, NULL });

  g_assert_true (WIFEXITED (fig.status) && WEXITSTATUS (fig.status) == 0);
  return fig;
}

/* The figure in "…; pages read: N in …" of a run's totals in @err_path. */
static guint
pages_read (const char *err_path)
{
  g_autofree char *data = vn_test_read_file (err_path);
  const char *at = strstr (data, "; pages read: ");

  g_assert_nonnull (at);
  return (guint) g_ascii_strtoull (at + strlen ("; pages read: "), NULL, 10);
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
  g_autofree char *list = g_build_filename (root, "list-all.txt", NULL);
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
            guint       n_parts,
            Figures    *tess,
            Figures    *ours)
{
  for (guint p = 0; p < n_parts; p++)
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

static void
print_parts (const PageSet *set,
             const Figures *tess,
             const Figures *ours)
{
  g_print ("  %s, %u pages in %u parts, taking turns:\n", set->name, set->n_pages, set->n_parts);
  g_print ("    tesseract loop, OMP_THREAD_LIMIT=1, xargs -P 2: %7.1f s  %5.2f pages/s  "
           "CPU %6.1f s\n", tess->seconds, set->n_pages / tess->seconds, tess->cpu);
  g_print ("    verno batch --jobs 2:                           %7.1f s  %5.2f pages/s  "
           "CPU %6.1f s\n", ours->seconds, set->n_pages / ours->seconds, ours->cpu);
}

/* The ratios checked against their targets. */
typedef struct
{
  double speed[G_N_ELEMENTS (page_sets)];   /* verno pages/s over tesseract's */
  double memory;                            /* peak RSS at 200 pages / at 50 */
  double rerun;                             /* rerun of the finished list / first run */
  double latency;                           /* SIGINT to exit, worst of 3, s */
  double repeats;                           /* pages read / distinct images */
} Ratios;

/* The 300-dpi set's other figures: Ctrl+C, memory at 50 and 200 pages, a rerun. */
static void
bench_whole_runs (const char *root,
                  Ratios     *ratios)
{
  g_autofree char *rerun_err = g_build_filename (root, "rerun.err", NULL);
  double latency = 0, delays[] = { 0.0, 0.3, 0.6 };
  Figures whole, small, rerun;

  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      guint cached;
      double seconds = interrupt_latency (root, i, delays[i], &cached);

      g_print ("  SIGINT %.1f s after the first page: gone in %.3f s; %u whole pages in the "
               "cache, no other file\n", delays[i], seconds, cached);
      latency = MAX (latency, seconds);
    }
  forget_states (root);
  small = run_batch (root, "list-small.txt", "cache-small", NULL);
  forget_states (root);
  whole = run_batch (root, "list-all.txt", "cache-all", NULL);
  rerun = run_batch (root, "list-all.txt", "cache-all", rerun_err);
  g_assert_cmpuint (pages_read (rerun_err), ==, 0);
  g_print ("  verno batch --jobs 2 on the %d pages in one run:   %7.1f s  %5.2f pages/s  "
           "peak RSS %.1f MB\n", N_PAGES, whole.seconds, N_PAGES / whole.seconds,
           whole.max_rss_kb / 1024.0);
  g_print ("  verno batch on the first %d pages:                 %7.1f s               "
           "peak RSS %.1f MB\n", N_SMALL, small.seconds, small.max_rss_kb / 1024.0);
  g_print ("  verno batch again on the finished list:           %7.2f s  (no page read)\n",
           rerun.seconds);
  ratios->memory = (double) whole.max_rss_kb / small.max_rss_kb;
  ratios->rerun = rerun.seconds / whole.seconds;
  ratios->latency = latency;
}

/* A project of 60 pages made of 9 images, cold cache: verno reads 9, tesseract 60. */
static void
bench_repeats (const char *root,
               Sources    *sources,
               Ratios     *ratios)
{
  g_autofree char *err = g_build_filename (root, "repeat.err", NULL);
  const guint n_pages = 60, n_images = 9;
  Figures tess, ours;
  guint read;

  generate_repeats (root, sources, n_pages);
  tess = run_tesseract_loop (root, "repeat-pages.txt");
  ours = run_batch (root, "repeat.txt", "cache-repeat", err);
  read = pages_read (err);
  g_print ("  one project of %u pages made of %u distinct images, cold cache:\n", n_pages,
           n_images);
  g_print ("    tesseract loop, OMP_THREAD_LIMIT=1, xargs -P 2: %7.1f s  %u pages read\n",
           tess.seconds, n_pages);
  g_print ("    verno batch --jobs 2:                           %7.1f s  %u pages read\n",
           ours.seconds, read);
  g_print ("  %-58s %8.3f\n", "60 pages: verno speed / tesseract loop speed",
           tess.seconds / ours.seconds);
  g_assert_cmpuint (read, >=, n_images);
  ratios->repeats = (double) read / n_images;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("verno-bench-batch-XXXXXX", &error);
  const double targets[] = { 1.0, 1.5 };
  Figures tess[G_N_ELEMENTS (page_sets)] = { 0 }, ours[G_N_ELEMENTS (page_sets)] = { 0 };
  Sources sources;
  Ratios ratios = { { 0 } };
  gboolean ok = TRUE;

  g_assert_no_error (error);
  sources_init (&sources);
  for (guint i = 0; i < G_N_ELEMENTS (page_sets); i++)
    {
      g_autofree char *dir = g_build_filename (root, page_sets[i].folder, NULL);
      generate (dir, &page_sets[i], &sources);
    }
  g_print ("verno batch against tesseract, %u cores; the machine may be shared: only the ratios "
           "of runs taking turns compare\n", g_get_num_processors ());
  g_print ("  load average before the runs: %.2f\n", load_average ());
  for (guint i = 0; i < G_N_ELEMENTS (page_sets); i++)
    {
      g_autofree char *dir = g_build_filename (root, page_sets[i].folder, NULL);

      time_parts (dir, page_sets[i].n_parts, &tess[i], &ours[i]);
      forget_states (dir);
      print_parts (&page_sets[i], &tess[i], &ours[i]);
      ratios.speed[i] = tess[i].seconds / ours[i].seconds;
    }
  {
    g_autofree char *dir = g_build_filename (root, page_sets[0].folder, NULL);
    bench_whole_runs (dir, &ratios);
  }
  bench_repeats (root, &sources, &ratios);
  g_print ("  load average after the runs: %.2f\n", load_average ());

  g_print ("Targets\n");
  for (guint i = 0; i < G_N_ELEMENTS (page_sets); i++)
    {
      g_autofree char *what = g_strdup_printf ("%s: verno pages/s / tesseract loop pages/s",
                                               page_sets[i].name);
      ok &= vn_test_check_target (what, ratios.speed[i], targets[i], FALSE);
    }
  ok &= vn_test_check_target ("peak RSS at 200 pages / at 50 pages", ratios.memory, 1.2, TRUE);
  ok &= vn_test_check_target ("rerun of the finished list / first run", ratios.rerun, 0.05,
                              TRUE);
  ok &= vn_test_check_target ("SIGINT to exit, worst of 3, s", ratios.latency, 1.0, TRUE);
  ok &= vn_test_check_target ("60 pages of 9 images: pages read / distinct images",
                              ratios.repeats, 1.0, TRUE);
  sources_clear (&sources);
  vn_test_remove_tree (root);
  return ok ? 0 : 1;
}
