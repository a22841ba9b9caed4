/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-volume.c: collating a whole volume from cached OCR, 300 and 3,000 pages: time and peak
 * memory, and the growth between the two (issue 15). The cache is built honestly: the letter
 * is rendered again with other seeds (half of them rough copies), and these pages, the
 * letter's own and the corpus's 18th-century book pages are read once by Tesseract into a
 * cache in /tmp. Each page of the volume is then one of them varied so that no two are alike:
 * cut to a run of its lines (the OCR's words cut with them, found by aligning the page's OCR
 * to its ground truth) and a quarter of the words both witnesses read alike replaced, in both,
 * by other words of the Russian dictionary, so the volume's vocabulary grows as a real one
 * does. The transcription has a form feed between pages (each page aligned on its own) or none
 * (the whole text aligned at once). Each size is collated in a process of its own, which reads
 * the pages from the cache as verno does; prints the figures and exits 1 when a target is
 * missed. Everything is written under one temporary folder, removed at the end. */
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "vn-alignment.h"
#include "vn-runtime.h"
#include "vn-text.h"
#include "vn-test-util.h"

VN_RUNTIME_LIMIT_OPENMP

#define N_SEEDS        8      /* renders of the letter: 16 pages */
#define SMALL_VOLUME   300
#define LARGE_VOLUME   3000
#define MAX_SECONDS    5.0
#define MAX_RSS_MB     500.0
#define MAX_GROWTH     11.0
#define REPLACED_SHARE 0.25   /* of the words both witnesses read alike */
#define DICTIONARY     "/usr/share/hunspell/ru_RU.dic"

/* One page read by Tesseract, and what it says. */
typedef struct
{
  VnOcrPage       *ocr;
  VnTranscription *truth;
  GArray          *ocr_of_token;   /* int per token: the OCR word it equals, or -1 */
  GArray          *lines;          /* guint: the truth's lines that have words, in order */
} Base;

typedef struct
{
  double load;          /* the volume's transcription read, seconds */
  double collate;
  double collate_cpu;
  guint  discrepancies;
  gsize  bytes;
  long   max_rss_kb;
  int    status;
} Figures;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* This thread's processor time: the collation runs in one thread, and on a machine others
 * share, the wall clock also counts the time they took. */
static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------ the bases */

static void
base_clear (gpointer data)
{
  Base *b = data;

  g_clear_object (&b->ocr);
  g_clear_object (&b->truth);
  g_clear_pointer (&b->ocr_of_token, g_array_unref);
  g_clear_pointer (&b->lines, g_array_unref);
}

/* The OCR word each truth token equals, by aligning the two as the collation does. */
static void
match_tokens (Base *b)
{
  guint n_a = vn_transcription_get_n_tokens (b->truth);
  guint n_b = vn_ocr_page_get_n_words (b->ocr);
  g_autofree const char **a = g_new0 (const char *, n_a + 1);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) hunks = NULL;
  int none = -1;

  for (guint i = 0; i < n_a; i++)
    a[i] = vn_transcription_get_token (b->truth, i)->key;
  for (guint j = 0; j < n_b; j++)
    g_ptr_array_add (keys, vn_text_comparison_key (vn_ocr_page_get_word (b->ocr, j)->text));
  hunks = vn_align_words (a, n_a, (const char * const *) keys->pdata, n_b);
  b->ocr_of_token = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < n_a; i++)
    g_array_append_val (b->ocr_of_token, none);
  for (guint h = 0; h < hunks->len; h++)
    {
      const VnAlignHunk *hunk = &g_array_index (hunks, VnAlignHunk, h);

      for (guint k = 0; hunk->op == VN_ALIGN_EQUAL && k < hunk->a_len; k++)
        g_array_index (b->ocr_of_token, int, hunk->a_start + k) = hunk->b_start + k;
    }
  b->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n_a; i++)
    {
      guint line = vn_transcription_get_token (b->truth, i)->line;

      if (b->lines->len == 0 || g_array_index (b->lines, guint, b->lines->len - 1) != line)
        g_array_append_val (b->lines, line);
    }
}

/* The engine verno collate makes, reading into and from @cache_dir. */
static VnOcrEngine *
make_engine (const char *cache_dir)
{
  g_auto(VnDocumentOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  VnOcrEngine *engine;

  vn_document_options_init (&options, NULL);
  options.cache_dir = g_strdup (cache_dir);
  engine = vn_document_options_make_engine (&options, "rus", &error);
  g_assert_no_error (error);
  return engine;
}

/* bases.tsv: an image and its ground truth's file on each line. */
static GArray *
read_bases (const char *root,
            gboolean    from_cache)
{
  g_autofree char *list_path = g_build_filename (root, "bases.tsv", NULL);
  g_autofree char *list = vn_test_read_file (list_path);
  g_auto(GStrv) lines = g_strsplit (list, "\n", -1);
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  g_autoptr(GPtrArray) truths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cache_dir = g_build_filename (root, "cache", NULL);
  g_autoptr(VnOcrEngine) engine = make_engine (cache_dir);
  g_autoptr(GPtrArray) scans = NULL, pages = NULL;
  g_autoptr(GError) error = NULL;
  GArray *bases = g_array_new (FALSE, TRUE, sizeof (Base));
  double started = now ();

  g_array_set_clear_func (bases, base_clear);
  for (guint i = 0; lines[i] && *lines[i]; i++)
    {
      char *tab = strchr (lines[i], '\t');

      *tab = '\0';
      g_ptr_array_add (images, lines[i]);
      g_ptr_array_add (truths, vn_test_read_file (tab + 1));
    }
  g_ptr_array_add (images, NULL);
  scans = vn_scan_expand_files ((const char * const *) images->pdata, &error);
  g_assert_no_error (error);
  pages = vn_ocr_engine_recognize (engine, scans, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  if (!from_cache)
    {
      guint cached = 0;

      for (guint i = 0; i < pages->len; i++)
        cached += vn_ocr_page_get_from_cache (g_ptr_array_index (pages, i));
      g_print ("The %u pages the volume is made of read in %.1f s (%u of them from the cache)\n",
               pages->len, now () - started, cached);
    }
  for (guint i = 0; i < pages->len; i++)
    {
      const char *text = g_ptr_array_index (truths, i);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
      Base b = { g_object_ref (g_ptr_array_index (pages, i)) };

      /* The volume must come from the cache, as the figures say. */
      g_assert_true (!from_cache || vn_ocr_page_get_from_cache (b.ocr));
      b.truth = vn_transcription_new_from_bytes (bytes, "base", &error);
      g_assert_no_error (error);
      match_tokens (&b);
      g_array_append_val (bases, b);
    }
  return bases;
}

/* ------------------------------------------------------------------ varying them */

/* Lower-case Cyrillic words of three letters or more, from the dictionary's stems. */
static GPtrArray *
read_dictionary_words (void)
{
  g_autofree char *dic = vn_test_read_file (DICTIONARY);
  g_auto(GStrv) lines = g_strsplit (dic, "\n", -1);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; lines[i]; i++)
    {
      char *word = lines[i];
      gboolean ok = g_utf8_strlen (word, strcspn (word, "/")) >= 3;

      word[strcspn (word, "/")] = '\0';
      for (const char *p = word; ok && *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          ok = g_unichar_islower (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_CYRILLIC;
        }
      if (ok)
        g_ptr_array_add (words, g_strdup (word));
    }
  g_assert_cmpuint (words->len, >, 10000);
  return words;
}

/* A word both witnesses read alike, all in lower-case letters: one the variant may replace. */
static gboolean
replaceable (const VnToken   *token,
             const VnOcrWord *word,
             const char      *text)
{
  gsize len = token->core_end - token->core_start;

  if (strlen (word->text) != len || strncmp (word->text, text + token->core_start, len) != 0)
    return FALSE;
  for (const char *p = word->text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_islower (g_utf8_get_char (p)))
      return FALSE;
  return len >= 4;
}

/* Page @index of the volume: lines [first, last] of a base's truth, the OCR words from the
 * first matched to the last matched of them, some shared words replaced in both. */
static VnOcrPage *
vary_page (const Base *b,
           guint       index,
           GRand      *rand,
           GPtrArray  *words,
           GString    *text_out)
{
  gsize len;
  const char *text = vn_transcription_get_text (b->truth, &len);
  guint n_lines = b->lines->len, n_tokens = vn_transcription_get_n_tokens (b->truth);
  guint span = g_rand_int_range (rand, MAX (1, n_lines * 6 / 10), n_lines + 1);
  guint first = g_array_index (b->lines, guint, g_rand_int_range (rand, 0, n_lines - span + 1));
  guint last = first, t0 = 0, t1;
  g_autoptr(GHashTable) replaced = g_hash_table_new (NULL, NULL);   /* OCR index → word */
  int o0 = -1, o1 = -1, top = G_MAXINT, bottom = 0;
  g_autofree char *label = g_strdup_printf ("volume-%04u.png", index + 1);
  VnOcrPage *page;
  gsize at;

  for (guint l = 0; l < n_lines; l++)
    if (g_array_index (b->lines, guint, l) == first)
      last = g_array_index (b->lines, guint, l + span - 1);
  while (vn_transcription_get_token (b->truth, t0)->line < first)
    t0++;
  for (t1 = t0; t1 < n_tokens && vn_transcription_get_token (b->truth, t1)->line <= last; t1++)
    {
      int o = g_array_index (b->ocr_of_token, int, t1);

      if (o < 0)
        continue;
      o0 = o0 < 0 ? o : o0;
      o1 = o;
    }
  /* The truth's lines, the replaced words in them. */
  at = vn_transcription_get_token (b->truth, t0)->start;
  for (guint t = t0; t < t1; t++)
    {
      const VnToken *token = vn_transcription_get_token (b->truth, t);
      int o = g_array_index (b->ocr_of_token, int, t);
      const char *word;

      if (o < 0 || !replaceable (token, vn_ocr_page_get_word (b->ocr, o), text) ||
          g_rand_double (rand) >= REPLACED_SHARE)
        continue;
      word = g_ptr_array_index (words, g_rand_int_range (rand, 0, words->len));
      g_hash_table_insert (replaced, GINT_TO_POINTER (o), (gpointer) word);
      g_string_append_len (text_out, text + at, token->core_start - at);
      g_string_append (text_out, word);
      at = token->core_end;
    }
  g_string_append_len (text_out, text + at, vn_transcription_get_token (b->truth, t1 - 1)->end - at);
  g_string_append_c (text_out, '\n');

  /* The OCR's words, cut out of the page with a margin. */
  for (int o = MAX (o0, 0); o0 >= 0 && o <= o1; o++)
    {
      const VnOcrWord *w = vn_ocr_page_get_word (b->ocr, o);
      top = MIN (top, w->box.y);
      bottom = MAX (bottom, w->box.y + w->box.h);
    }
  top = MAX (0, top - 60);
  page = vn_ocr_page_new (label, vn_ocr_page_get_width (b->ocr), MAX (bottom + 60 - top, 1),
                          vn_ocr_page_get_dpi (b->ocr));
  for (int o = MAX (o0, 0); o0 >= 0 && o <= o1; o++)
    {
      const VnOcrWord *w = vn_ocr_page_get_word (b->ocr, o);
      const char *word = g_hash_table_lookup (replaced, GINT_TO_POINTER (o));
      VnBox box = { w->box.x, w->box.y - top, w->box.w, w->box.h };
      guint first_line = vn_ocr_page_get_word (b->ocr, o0)->line;

      vn_ocr_page_add_word (page, word ? word : w->text, &box, w->confidence, w->block, w->par,
                            w->line - first_line);
    }
  return page;
}

/* The volume's pages and its transcription, no two pages alike. */
static GPtrArray *
make_volume (GArray   *bases,
             guint     n_pages,
             gboolean  paged,
             GString  *text)
{
  g_autoptr(GPtrArray) words = read_dictionary_words ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_object_unref);

  while (pages->len < n_pages)
    {
      const Base *b = &g_array_index (bases, Base, pages->len % bases->len);
      g_autoptr(GString) page_text = g_string_new (NULL);
      VnOcrPage *page = vary_page (b, pages->len, rand, words, page_text);

      if (!g_hash_table_add (seen, g_strdup (page_text->str)))
        {
          g_object_unref (page);
          continue;
        }
      if (pages->len > 0)
        g_string_append (text, paged ? "\f\n" : "\n");
      g_string_append_len (text, page_text->str, page_text->len);
      g_ptr_array_add (pages, page);
    }
  return pages;
}

/* ------------------------------------------------------------------ the child: one volume */

static int
collate_volume (const char *root,
                guint       n_pages,
                gboolean    paged)
{
  g_autoptr(GArray) bases = read_bases (root, TRUE);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) pages = make_volume (bases, n_pages, paged, text);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VnTranscription) transcription = NULL;
  g_autoptr(VnSpellChecker) spell = NULL;
  g_autoptr(VnCollation) collation = NULL;
  g_autoptr(GError) error = NULL;
  gsize n_bytes = text->len;
  double t0, t1, t2, cpu;

  g_array_set_size (bases, 0);   /* only the volume stays in memory */
  bytes = g_string_free_to_bytes (g_steal_pointer (&text));
  t0 = now ();
  transcription = vn_transcription_new_from_bytes (bytes, "volume.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vn_transcription_get_n_marked_pages (transcription), ==, paged ? n_pages : 0);
  t1 = now ();
  spell = vn_spell_checker_new_for_ocr_languages ("rus", NULL);
  t2 = now ();
  cpu = cpu_now ();
  collation = vn_collation_new_full (transcription, pages, spell, "rus");
  g_print ("%.3f %.3f %.3f %u %zu\n", t1 - t0, now () - t2, cpu_now () - cpu,
           g_list_model_get_n_items (G_LIST_MODEL (collation)), n_bytes);
  return 0;
}

/* ------------------------------------------------------------------ the parent */

static void
render (const char *root,
        GString    *list)
{
  g_autofree char *renderer = vn_test_build_path ("tests/render/vn-render-letter");
  g_autofree char *truth_path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *truth = vn_test_read_file (truth_path);
  g_auto(GStrv) parts = g_strsplit (truth, "\f", -1);
  double started = now ();

  for (guint s = 0; s < N_SEEDS; s++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/render-%u", root, s);
      g_autofree char *seed = g_strdup_printf ("%u", 2000 + s);
      const char *argv[] = { renderer, "--seed", seed, "--out", dir, truth_path,
                             s % 2 ? "--rough" : NULL, NULL };
      g_auto(VnTestRun) run = { 0 };

      vn_test_run_argv (&run, argv, NULL, NULL);
      g_assert_cmpint (run.status, ==, 0);
      for (guint p = 0; parts[p]; p++)
        {
          g_autofree char *page_truth = g_strdup_printf ("%s/page-%u.txt", dir, p + 1);

          g_assert_true (g_file_set_contents (page_truth, parts[p], -1, NULL));
          g_string_append_printf (list, "%s/page-%u.png\t%s\n", dir, p + 1, page_truth);
        }
    }
  g_print ("The letter rendered with %u other seeds in %.1f s\n", N_SEEDS, now () - started);
}

/* The letter's own pages and the corpus's book pages, each with its ground truth. */
static void
add_real_pages (const char *root,
                GString    *list)
{
  g_autofree char *truth_path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *truth = vn_test_read_file (truth_path);
  g_auto(GStrv) parts = g_strsplit (truth, "\f", -1);
  g_autofree char *book = vn_test_shared_path ("corpus/ru-print-18c");
  const char *stems[] = { "0d1b1aaf40cb", "0f82839b83f1", "5b0818803062", "7d9381fc745f" };

  for (guint p = 0; parts[p]; p++)
    {
      g_autofree char *name = g_strdup_printf ("scans/letter-1956/page-%u.png", p + 1);
      g_autofree char *image = vn_test_source_path (name);
      g_autofree char *page_truth = g_strdup_printf ("%s/letter-page-%u.txt", root, p + 1);

      g_assert_true (g_file_set_contents (page_truth, parts[p], -1, NULL));
      g_string_append_printf (list, "%s\t%s\n", image, page_truth);
    }
  for (guint i = 0; i < G_N_ELEMENTS (stems); i++)
    g_string_append_printf (list, "%s/%s.jpeg\t%s/%s.txt\n", book, stems[i], book, stems[i]);
}

static Figures
run_child (const char *self,
           const char *root,
           guint       n_pages,
           gboolean    paged)
{
  g_autofree char *n = g_strdup_printf ("%u", n_pages);
  const char *argv[] = { self, "--collate", root, n, paged ? "paged" : "unpaged", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int out_fd;
  struct rusage usage;
  Figures fig = { 0 };
  GPid pid;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GIOChannel) channel = g_io_channel_unix_new (out_fd);
    g_io_channel_set_close_on_unref (channel, TRUE);
    g_io_channel_read_to_end (channel, &out, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (wait4 (pid, &fig.status, 0, &usage), ==, pid);
  fig.max_rss_kb = usage.ru_maxrss;
  g_assert_true (WIFEXITED (fig.status) && WEXITSTATUS (fig.status) == 0);
  g_assert_cmpint (sscanf (out, "%lf %lf %lf %u %zu", &fig.load, &fig.collate,
                           &fig.collate_cpu, &fig.discrepancies, &fig.bytes), ==, 5);
  g_print ("  %4u pages, %s: %4.1f MB of text read in %.2f s; collated in %6.2f s of processor "
           "time (%6.2f s on the clock), %6u discrepancies; peak RSS %4.0f MB\n", n_pages,
           paged ? "form feeds" : "one text  ", fig.bytes / 1e6, fig.load, fig.collate_cpu,
           fig.collate, fig.discrepancies, fig.max_rss_kb / 1024.0);
  return fig;
}

static gboolean
measure (const char *self,
         const char *root,
         gboolean    paged)
{
  Figures small = run_child (self, root, SMALL_VOLUME, paged);
  Figures large = run_child (self, root, LARGE_VOLUME, paged);
  gboolean ok = TRUE;

  ok &= vn_test_check_target ("3,000 pages: collation, seconds of processor time",
                              large.collate_cpu, MAX_SECONDS, TRUE);
  ok &= vn_test_check_target ("3,000 pages: peak RSS, MB", large.max_rss_kb / 1024.0,
                              MAX_RSS_MB, TRUE);
  ok &= vn_test_check_target ("growth of the collation's processor time, 300 → 3,000 pages",
                              large.collate_cpu / small.collate_cpu, MAX_GROWTH, TRUE);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *list_path = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *kept = g_getenv ("VN_BENCH_VOLUME_DIR");
  gboolean ok = TRUE;

  if (argc == 5 && g_str_equal (argv[1], "--collate"))
    return collate_volume (argv[2], atoi (argv[3]), g_str_equal (argv[4], "paged"));

  /* VN_BENCH_VOLUME_DIR: a folder this made before, kept and used again (for profiling). */
  if (kept != NULL && *kept != '\0')
    root = g_strdup (kept);
  else
    root = g_dir_make_tmp ("verno-bench-volume-XXXXXX", &error);
  g_assert_no_error (error);
  list_path = g_build_filename (root, "bases.tsv", NULL);
  if (!g_file_test (list_path, G_FILE_TEST_EXISTS))
    {
      render (root, list);
      add_real_pages (root, list);
      g_assert_true (g_file_set_contents (list_path, list->str, -1, NULL));
    }
  g_array_unref (read_bases (root, FALSE));   /* Tesseract reads them into the cache */

  g_print ("A volume collated from cached OCR (machine shared: compare the ratios):\n");
  ok &= measure (self, root, TRUE);
  ok &= measure (self, root, FALSE);
  if (kept == NULL || *kept == '\0')
    vn_test_remove_tree (root);
  return ok ? 0 : 1;
}
