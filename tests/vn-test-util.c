/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-test-util.c: paths to test data, the character error rate, and the letter's OCR. */
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vn-text-distance.h"
#include "vn-text.h"
#include "vn-test-util.h"

static char *
under (const char *variable,
       const char *fallback,
       const char *relative)
{
  const char *root = g_getenv (variable);

  return g_build_filename (root && *root ? root : fallback, relative, NULL);
}

char *
vn_test_source_path (const char *relative)
{
  return under ("VN_SOURCE_ROOT", VN_TEST_SOURCE_ROOT, relative);
}

char *
vn_test_shared_path (const char *relative)
{
  g_autofree char *fallback = g_build_filename (VN_TEST_SOURCE_ROOT, "..", "shared", NULL);
  return under ("VN_SHARED_DIR", fallback, relative);
}

char *
vn_test_build_path (const char *relative)
{
  return under ("VN_BUILD_ROOT", VN_TEST_BUILD_ROOT, relative);
}

char *
vn_test_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  return data;
}

/* NFC, whitespace runs (line breaks, form feeds) collapsed to one space, ends trimmed. */
char *
vn_test_normalize_for_cer (const char *text)
{
  g_autofree char *nfc = vn_text_nfc (text, -1);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = nfc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

double
vn_test_cer (const char *ocr,
             const char *truth)
{
  g_autofree char *a = vn_test_normalize_for_cer (ocr);
  g_autofree char *b = vn_test_normalize_for_cer (truth);
  glong len = g_utf8_strlen (b, -1);

  return len == 0 ? 0 : (double) vn_text_distance (a, b) / len;
}

/* An engine with a cache in the build tree, so the suite reads each scan only once. */
VnOcrEngine *
vn_test_engine (const char *languages)
{
  g_autofree char *dir = vn_test_build_path ("test-ocr-cache");
  g_autoptr(VnOcrCache) cache = vn_ocr_cache_new (dir);
  VnOcrEngine *engine = vn_ocr_engine_new (languages);

  vn_ocr_engine_set_cache (engine, cache);
  return engine;
}

/* Document options as vn_test_engine () makes engines: the tests' own cache, no preferences. */
void
vn_test_document_options (VnDocumentOptions *options,
                          const char        *languages)
{
  vn_document_options_init (options, NULL);
  options->ocr_languages = g_strdup (languages);
  options->cache_dir = vn_test_build_path ("test-ocr-cache");
}

/* A band of the letter's first page: a few lines, fast to read. */
PIX *
vn_test_letter_band (int top,
                     int height)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/page-1.png");
  PIX *page = pixRead (path);
  BOX *box = boxCreate (0, top, pixGetWidth (page), height);
  PIX *band = pixClipRectangle (page, box, NULL);

  boxDestroy (&box);
  pixDestroy (&page);
  pixSetResolution (band, 300, 300);
  return band;
}

/* The same reading: words, boxes, confidences (as the cache keeps them), structure. */
void
vn_test_assert_pages_equal (VnOcrPage *a,
                            VnOcrPage *b)
{
  g_assert_cmpuint (vn_ocr_page_get_n_words (a), ==, vn_ocr_page_get_n_words (b));
  g_assert_cmpint (vn_ocr_page_get_width (a), ==, vn_ocr_page_get_width (b));
  g_assert_cmpint (vn_ocr_page_get_height (a), ==, vn_ocr_page_get_height (b));
  for (guint i = 0; i < vn_ocr_page_get_n_words (a); i++)
    {
      const VnOcrWord *x = vn_ocr_page_get_word (a, i), *y = vn_ocr_page_get_word (b, i);

      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_cmpmem (&x->box, sizeof x->box, &y->box, sizeof y->box);
      g_assert_cmpfloat_with_epsilon (x->confidence, y->confidence, 0.01);
      g_assert_cmpuint (x->block, ==, y->block);
      g_assert_cmpuint (x->line, ==, y->line);
      g_assert_cmpuint (x->symbols ? x->symbols->len : 0, ==, y->symbols ? y->symbols->len : 0);
    }
}

GPtrArray *
vn_test_ocr_letter (VnProject **project_out)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (folder, &error);
  g_autoptr(VnOcrEngine) engine = vn_test_engine ("rus");
  GPtrArray *pages;

  g_assert_no_error (error);
  pages = vn_ocr_engine_recognize (engine, vn_project_get_scan_pages (project), NULL, NULL,
                                   NULL, &error);
  g_assert_no_error (error);
  if (project_out != NULL)
    *project_out = g_steal_pointer (&project);
  return pages;
}

/* Lines of "word" or "word@confidence", laid out on an A4 page as a typewriter would. */
VnOcrPage *
vn_test_synthetic_page (const char * const *lines)
{
  VnOcrPage *page = vn_ocr_page_new ("synthetic.png", 2480, 3508, 300);

  for (guint l = 0; lines[l]; l++)
    {
      g_auto(GStrv) words = g_strsplit (lines[l], " ", -1);
      int x = 200;

      for (guint w = 0; words[w]; w++)
        {
          g_auto(GStrv) parts = g_strsplit (words[w], "@", 2);
          int chars = g_utf8_strlen (parts[0], -1);
          VnBox box = { x, 300 + 60 * l, chars * 25, 40 };
          float conf = parts[1] ? g_ascii_strtod (parts[1], NULL) : 92;

          vn_ocr_page_add_word (page, parts[0], &box, conf, 0, 0, l);
          x += (chars + 1) * 25;
        }
    }
  return page;
}

/* The collation of @text against one synthetic page of @lines. */
VnCollation *
vn_test_collate_synthetic (const char         *text,
                           const char * const *lines)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(VnTranscription) t = vn_transcription_new_from_bytes (bytes, "case.txt", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();

  g_assert_nonnull (t);
  g_ptr_array_add (pages, vn_test_synthetic_page (lines));
  return vn_collation_new (t, pages, spell);
}

/* rm -rf, for a test's own temporary folders. */
void
vn_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        vn_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

void
vn_test_run_clear (VnTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
run_verno (VnTestRun          *run,
           const char         *cwd,
           gboolean            unset_omp,
           GSubprocessFlags    err_flag,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | err_flag);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");
  const char *verno = g_getenv ("VERNO");

  g_ptr_array_add (argv, verno ? g_strdup (verno) : vn_test_build_path ("app/verno"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  if (unset_omp)
    g_subprocess_launcher_unsetenv (launcher, "OMP_THREAD_LIMIT");
  g_subprocess_launcher_setenv (launcher, "VERNO_CACHE_DIR", cache, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  if (run->status != 0)
    g_test_message ("verno %s: status %d\n%s", args[0], run->status, run->err);
}

/* Runs verno (env VERNO, else the build's) with @args, without argv[0], in @cwd, with the
 * suite's OCR cache and no display; @unset_omp starts it as a desktop menu would. */
void
vn_test_run_verno (VnTestRun          *run,
                   const char         *cwd,
                   gboolean            unset_omp,
                   const char * const *args)
{
  run_verno (run, cwd, unset_omp, G_SUBPROCESS_FLAGS_STDERR_PIPE, args);
}

/* The same with what verno writes to standard error in run->out too, in the order it wrote
 * the two (run->err is empty). */
void
vn_test_run_verno_merged (VnTestRun          *run,
                          const char * const *args)
{
  run_verno (run, NULL, FALSE, G_SUBPROCESS_FLAGS_STDERR_MERGE, args);
  if (run->err == NULL)
    run->err = g_strdup ("");
}

/* Runs @argv (a program on PATH, or a path) with the environment changed by @env
 * ("NAME=value" sets, "NAME" unsets), in @cwd when not NULL. */
void
vn_test_run_argv (VnTestRun          *run,
                  const char * const *argv,
                  const char * const *env,
                  const char         *cwd)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; env != NULL && env[i]; i++)
    {
      const char *equals = strchr (env[i], '=');
      gsize length = equals ? (gsize) (equals - env[i]) : strlen (env[i]);
      g_autofree char *name = g_strndup (env[i], length);

      if (equals != NULL)
        g_subprocess_launcher_setenv (launcher, name, equals + 1, TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, name);
    }
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                      : 128 + g_subprocess_get_term_sig (process);
  if (run->status != 0)
    g_test_message ("%s: status %d\n%s%s", argv[0], run->status, run->out, run->err);
}

/* A copy of scans/letter-1956 (the transcription and both pages, and the English
 * translation if @with_translation) in a new temporary folder named after @tmp_template,
 * so the journal lands in a temporary .verno/ beside it. Returns the letter's folder. */
char *
vn_test_copy_letter (const char *tmp_template,
                     gboolean    with_translation)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp (tmp_template, &error);
  g_autofree char *dir = NULL;
  const char *names[] = { "transcription.txt", "page-1.png", "page-2.png", "translation-en.txt" };
  guint n_names = with_translation ? G_N_ELEMENTS (names) : G_N_ELEMENTS (names) - 1;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "letter-1956", NULL);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  for (guint i = 0; i < n_names; i++)
    {
      g_autofree char *rel = g_build_filename ("scans", "letter-1956", names[i], NULL);
      g_autofree char *from = vn_test_source_path (rel);
      g_autofree char *to = g_build_filename (dir, names[i], NULL);
      g_autoptr(GFile) src = g_file_new_for_path (from);
      g_autoptr(GFile) dst = g_file_new_for_path (to);

      g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&dir);
}

/* A benchmark's line for one target: the figure, the limit and whether it is met. */
gboolean
vn_test_check_target (const char *what,
                      double      value,
                      double      limit,
                      gboolean    at_most)
{
  gboolean ok = at_most ? value <= limit : value >= limit;

  g_print ("  %-58s %8.3f  (target %s %.3f) %s\n", what, value, at_most ? "≤" : "≥", limit,
           ok ? "ok" : "MISSED");
  return ok;
}

/* One line, "verno: " and one sentence: no full stop followed by a capital inside it. */
void
vn_test_assert_one_sentence (const char *err)
{
  const char *body, *end;

  if (!g_str_has_prefix (err, "verno: "))
    {
      g_test_fail_printf ("not a message from verno: “%s”", err);
      return;
    }
  body = err + strlen ("verno: ");
  end = strchr (body, '\n');
  if (end == NULL || end[1] != '\0' || end == body || end[-1] != '.')
    {
      g_test_fail_printf ("not one line ending with a full stop: “%s”", err);
      return;
    }
  for (const char *p = body; p + 2 < end; p++)
    if (strchr (".!?", *p) && p[1] == ' ' && g_unichar_isupper (g_utf8_get_char (p + 2)))
      {
        g_test_fail_printf ("more than one sentence: “%s”", err);
        return;
      }
}

/* The same for a message that is not printed yet: an error the core gives. */
void
vn_test_assert_one_sentence_message (const char *message)
{
  g_autofree char *line = g_strdup_printf ("verno: %s\n", message);

  vn_test_assert_one_sentence (line);
}

/* Lines of verno's output that say an answer was saved: "fixed …" and "kept …". */
guint
vn_test_count_acknowledged (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], "fixed ") || g_str_has_prefix (lines[i], "kept ");
  return n;
}

/* The records of a journal's text that answer a discrepancy (correct, keep); every line of
 * it must be a whole record. */
guint
vn_test_count_journal_answers (const char *journal)
{
  g_auto(GStrv) lines = g_strsplit (journal, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *op;

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      op = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                          "op");
      n += g_str_equal (op, "correct") || g_str_equal (op, "keep");
    }
  return n;
}

/* `patch` makes @expected of the text at @canonical with the diff at @diff; run without any
 * preloaded library (a test's may be built for a sanitizer patch does not have). */
void
vn_test_assert_patch_gives (const char *canonical,
                            const char *diff,
                            const char *expected)
{
  g_autofree char *out = g_strconcat (diff, ".patched", NULL);
  g_autofree char *diff_text = vn_test_read_file (diff);
  g_autofree char *patched = NULL;
  g_auto(VnTestRun) run = { 0 };

  if (*diff_text == '\0')
    {
      g_autofree char *canonical_text = vn_test_read_file (canonical);
      g_assert_cmpstr (expected, ==, canonical_text);
      return;
    }
  vn_test_run_argv (&run, (const char *[]) { "patch", "-s", "-o", out, canonical, diff, NULL },
                    (const char *[]) { "LD_PRELOAD", NULL }, NULL);
  g_assert_cmpint (run.status, ==, 0);
  patched = vn_test_read_file (out);
  g_assert_cmpstr (patched, ==, expected);
  g_remove (out);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The paths of the files in @dir whose names end in @suffix, sorted. */
GPtrArray *
vn_test_list_files (const char *dir,
                    const char *suffix)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, suffix))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

/* For qsort () and g_array_sort () of doubles. */
int
vn_test_compare_doubles (gconstpointer a,
                         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static JsonArray *
discrepancies_of (JsonParser *parser,
                  const char *json)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "discrepancies");
}

/* Two `--json` collations (`{"discrepancies": [...]}`) list the same discrepancies, in the
 * same order, field by field; the first field that differs is named. */
void
vn_test_assert_same_discrepancies (const char *expected_json,
                                   const char *json)
{
  g_autoptr(JsonParser) expected_parser = json_parser_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *expected = discrepancies_of (expected_parser, expected_json);
  JsonArray *found = discrepancies_of (parser, json);

  g_assert_cmpuint (json_array_get_length (expected), >, 0);
  g_assert_cmpuint (json_array_get_length (found), ==, json_array_get_length (expected));
  for (guint i = 0; i < json_array_get_length (expected); i++)
    {
      JsonObject *a = json_array_get_object_element (expected, i);
      JsonObject *b = json_array_get_object_element (found, i);
      g_autoptr(GList) members = json_object_get_members (a);

      g_assert_cmpuint (json_object_get_size (a), ==, json_object_get_size (b));
      for (GList *m = members; m != NULL; m = m->next)
        {
          g_autofree char *va = json_to_string (json_object_get_member (a, m->data), FALSE);
          g_autofree char *vb = NULL;

          g_assert_true (json_object_has_member (b, m->data));
          vb = json_to_string (json_object_get_member (b, m->data), FALSE);
          if (!g_str_equal (va, vb))
            g_test_message ("discrepancy %u, %s: expected %s, found %s", i,
                            (const char *) m->data, va, vb);
          g_assert_cmpstr (va, ==, vb);
        }
    }
}
