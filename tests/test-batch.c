/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-batch.c: `verno batch` over lists of project folders: summaries and exit statuses, the
 * saved collations against `verno collate --json`, reruns that read no page, shards spread by
 * GNU parallel, Ctrl+C obeyed within a second with the OCR cache left whole, and each distinct
 * image read once in a run. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vn-test-util.h"

typedef struct
{
  char *dir;     /* the projects and the list, in a temporary folder */
  char *cache;   /* the OCR cache of this test alone, so that pages read can be counted */
  char *tessdata; /* Tesseract's models for the runs, or NULL for those installed */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("verno-batch-XXXXXX", &error);
  g_assert_no_error (error);
  f->cache = g_build_filename (f->dir, "cache", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vn_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->cache);
  g_free (f->tessdata);
}

/* ------------------------------------------------------------------ projects */

static void
copy_into (const char *source,
           const char *folder)
{
  g_autofree char *name = g_path_get_basename (source);
  g_autofree char *dest_path = g_build_filename (folder, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (source);
  g_autoptr(GFile) to = g_file_new_for_path (dest_path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* A project folder @name with these scans and, unless NULL, this transcription. */
static void
make_project (Fixture            *f,
              const char         *name,
              const char * const *scans,
              const char         *text)
{
  g_autofree char *folder = g_build_filename (f->dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  for (guint i = 0; scans[i] != NULL; i++)
    copy_into (scans[i], folder);
  if (text != NULL)
    {
      g_autofree char *path = g_build_filename (folder, "transcription.txt", NULL);
      g_assert_true (g_file_set_contents (path, text, -1, NULL));
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The Komi newspaper's line images (fast to read), in name order. */
static GPtrArray *
kpv_line_images (void)
{
  g_autofree char *corpus = vn_test_shared_path ("corpus/kpv-newspaper-lines");
  g_autoptr(GDir) dir = g_dir_open (corpus, 0, NULL);
  GPtrArray *images = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (entry, ".tif"))
      g_ptr_array_add (images, g_build_filename (corpus, entry, NULL));
  g_ptr_array_sort (images, compare_paths);
  return images;
}

/* A line image's ground truth, as a line of a transcription, to @text. */
static void
append_line_truth (GString    *text,
                   const char *image)
{
  g_autofree char *stem = g_strndup (image, strlen (image) - strlen (".tif"));
  g_autofree char *truth_path = g_strconcat (stem, ".gt.txt", NULL);
  g_autofree char *truth = vn_test_read_file (truth_path);

  g_string_append (text, g_strchomp (truth));
  g_string_append_c (text, '\n');
}

/* Line images @first.. with their truth. */
static void
make_lines_project (Fixture    *f,
                    const char *name,
                    guint       first,
                    guint       n)
{
  g_autoptr(GPtrArray) images = kpv_line_images ();
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_cmpuint (images->len, >=, first + n);
  g_ptr_array_set_size (images, first + n);
  g_ptr_array_remove_range (images, 0, first);
  for (guint i = 0; i < images->len; i++)
    append_line_truth (text, g_ptr_array_index (images, i));
  g_ptr_array_add (images, NULL);
  make_project (f, name, (const char * const *) images->pdata, text->str);
}

/* A project of @n_pages pages, page i a copy (under a name of its own) of the line image
 * number pattern[i % strlen (pattern)] - 'a' + @first; its transcription their truths. */
static void
make_repeated_project (Fixture    *f,
                       const char *name,
                       guint       first,
                       const char *pattern,
                       guint       n_pages)
{
  g_autoptr(GPtrArray) images = kpv_line_images ();
  g_autofree char *folder = g_build_filename (f->dir, name, NULL);
  g_autofree char *text_path = g_build_filename (folder, "transcription.txt", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  for (guint i = 0; i < n_pages; i++)
    {
      const char *image = g_ptr_array_index (images, first + pattern[i % strlen (pattern)] - 'a');
      g_autofree char *page = g_strdup_printf ("%s/page-%02u.tif", folder, i + 1);
      g_autofree char *data = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (image, &data, &length, NULL));
      g_assert_true (g_file_set_contents (page, data, length, NULL));
      append_line_truth (text, image);
    }
  g_assert_true (g_file_set_contents (text_path, text->str, -1, NULL));
}

static void
make_letter_project (Fixture    *f,
                     const char *name)
{
  g_autofree char *page1 = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_autofree char *page2 = vn_test_source_path ("scans/letter-1956/page-2.png");
  g_autofree char *text_path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  g_autofree char *text = vn_test_read_file (text_path);

  make_project (f, name, (const char *[]) { page1, page2, NULL }, text);
}

static void
write_list (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* ------------------------------------------------------------------ running */

static GSubprocessLauncher *
launcher_for (Fixture        *f,
              GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_setenv (launcher, "VERNO_CACHE_DIR", f->cache, TRUE);
  if (f->tessdata != NULL)
    g_subprocess_launcher_setenv (launcher, "TESSDATA_PREFIX", f->tessdata, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_set_cwd (launcher, f->dir);
  return launcher;
}

static char *
verno_path (void)
{
  const char *verno = g_getenv ("VERNO");

  return verno ? g_strdup (verno) : vn_test_build_path ("app/verno");
}

/* Runs @argv (NULL-terminated, argv[0] included) in the fixture's folder. */
static void
run_command (Fixture            *f,
             const char * const *argv,
             const char         *input,
             VnTestRun          *run)
{
  g_autoptr(GSubprocessLauncher) launcher =
    launcher_for (f, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                     (input ? G_SUBPROCESS_FLAGS_STDIN_PIPE : G_SUBPROCESS_FLAGS_NONE));
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("%s %s: status %d\n%s%s", argv[1], argv[2] ? argv[2] : "", run->status,
                  run->out, run->err);
}

/* verno with @args (no argv[0]). */
static void
run_verno (Fixture            *f,
           const char * const *args,
           const char         *input,
           VnTestRun          *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (argv, verno_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  run_command (f, (const char * const *) argv->pdata, input, run);
}

/* The figure in "…; pages read: N in …" of the run's totals on standard error. */
static guint
pages_read (const VnTestRun *run)
{
  g_autoptr(GRegex) regex = g_regex_new ("; pages read: ([0-9]+) in ", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *figure = NULL;

  g_assert_true (g_regex_match (regex, run->err, 0, &match));
  figure = g_match_info_fetch (match, 1);
  return atoi (figure);
}

/* The summary line of @folder on standard output; exactly one. */
static char *
summary_of (const VnTestRun *run,
            const char      *folder)
{
  g_auto(GStrv) lines = g_strsplit (run->out, "\n", -1);
  g_autofree char *prefix = g_strconcat (folder, ": ", NULL);
  char *found = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      {
        g_assert_null (found);
        found = g_strdup (lines[i]);
      }
  g_assert_nonnull (found);
  return found;
}

static void
assert_summary (const VnTestRun *run,
                const char      *folder,
                const char      *status,
                const char      *contains)
{
  g_autofree char *line = summary_of (run, folder);
  g_autofree char *prefix = g_strdup_printf ("%s: %s: ", folder, status);

  g_assert_true (g_str_has_prefix (line, prefix));
  if (contains != NULL)
    g_assert_nonnull (strstr (line, contains));
}

/* ------------------------------------------------------------------ the cache and state */

/* Every entry is a whole page filed under its own key; nothing else lies in the folder. */
static guint
check_cache_whole (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->cache, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->cache, name, NULL);
      g_autofree char *data = vn_test_read_file (path);
      g_autofree char *key = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VnOcrPage) page = NULL;

      g_assert_true (g_str_has_suffix (name, ".hocr"));
      page = vn_ocr_page_new_from_hocr (data, strlen (data), &key, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (strlen (key) + strlen (".hocr"), ==, strlen (name));
      g_assert_true (g_str_has_prefix (name, key));
      n++;
    }
  return n;
}

static JsonNode *
parse_json (const char *data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, data, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
state_path (Fixture    *f,
            const char *project)
{
  return g_build_filename (f->dir, project, ".verno", "collation.json", NULL);
}

/* The saved collation holds what `verno collate --json` prints for the folder. */
static void
assert_state_matches_collate (Fixture    *f,
                              const char *project)
{
  g_autofree char *path = state_path (f, project);
  g_autofree char *saved_text = vn_test_read_file (path);
  g_autoptr(JsonNode) saved = parse_json (saved_text);
  g_autoptr(JsonNode) printed = NULL;
  g_auto(VnTestRun) run = { 0 };
  JsonObject *a, *b;
  JsonArray *pages_a, *pages_b;

  run_verno (f, (const char *[]) { "collate", "--json", project, NULL }, NULL, &run);
  g_assert_cmpint (run.status, ==, 0);
  printed = parse_json (run.out);
  a = json_node_get_object (saved);
  b = json_node_get_object (printed);
  g_assert_true (json_node_equal (json_object_get_member (a, "discrepancies"),
                                  json_object_get_member (b, "discrepancies")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a, "discrepancies")),
                    >, 0);
  pages_a = json_object_get_array_member (a, "pages");
  pages_b = json_object_get_array_member (b, "pages");
  g_assert_cmpuint (json_array_get_length (pages_a), ==, json_array_get_length (pages_b));
  for (guint i = 0; i < json_array_get_length (pages_a); i++)
    {
      JsonObject *page_a = json_array_get_object_element (pages_a, i);
      JsonObject *page_b = json_array_get_object_element (pages_b, i);
      g_autofree char *name = g_path_get_basename (json_object_get_string_member (page_b, "scan"));

      g_assert_cmpstr (json_object_get_string_member (page_a, "scan"), ==, name);
      g_assert_cmpint (json_object_get_int_member (page_a, "words"), ==,
                       json_object_get_int_member (page_b, "words"));
    }
  g_assert_true (json_object_has_member (a, "inputs"));
}

static guint64
inode_of (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_ino;
}

/* ------------------------------------------------------------------ tests */

static const char list_text[] =
  "# projects of the test\n"
  "\n"
  "lines-a\r\n"
  "  lines-b  \n"
  "letter\n"
  "no-text\n"
  "missing\n";

static void
make_list_projects (Fixture *f)
{
  g_autofree char *corpus = vn_test_shared_path ("corpus/kpv-newspaper-lines");
  g_autofree char *line = g_build_filename (corpus,
                                            "kpv_1-7_Vyl_tujod_1939_09_10_0001-0051-line_1_55.tif",
                                            NULL);

  make_lines_project (f, "lines-a", 0, 4);
  make_lines_project (f, "lines-b", 4, 3);
  make_letter_project (f, "letter");
  make_project (f, "no-text", (const char *[]) { line, NULL }, NULL);
  write_list (f, "list.txt", list_text);
}

static void
test_list_and_rerun (Fixture       *f,
                     gconstpointer  data)
{
  const char *good[] = { "lines-a", "lines-b", "letter" };
  g_auto(VnTestRun) first = { 0 }, again = { 0 }, changed = { 0 };
  g_autofree char *lines_b = g_build_filename (f->dir, "lines-b", "transcription.txt", NULL);
  g_autofree char *old_text = NULL, *text = NULL;
  guint64 inodes[G_N_ELEMENTS (good)];

  make_list_projects (f);
  run_verno (f, (const char *[]) { "batch", "--jobs", "2", "list.txt", NULL }, NULL, &first);
  g_assert_cmpint (first.status, ==, 3);
  assert_summary (&first, "lines-a", "collated", "4 pages (4 read, 0 from the cache)");
  assert_summary (&first, "lines-b", "collated", "3 pages (3 read, 0 from the cache)");
  assert_summary (&first, "letter", "collated", "2 pages (2 read, 0 from the cache)");
  assert_summary (&first, "no-text", "failed", "has no transcription");
  assert_summary (&first, "missing", "failed", "does not exist");
  g_assert_nonnull (strstr (first.err, "verno: The folder missing does not exist"));
  g_assert_cmpuint (pages_read (&first), ==, 9);
  g_assert_cmpuint (check_cache_whole (f), ==, 9);
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *path = state_path (f, good[i]);

      assert_state_matches_collate (f, good[i]);
      inodes[i] = inode_of (path);
    }

  /* The same list from standard input: nothing is read, nothing rewritten. */
  run_verno (f, (const char *[]) { "batch", "-", NULL }, list_text, &again);
  g_assert_cmpint (again.status, ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *path = state_path (f, good[i]);

      assert_summary (&again, good[i], "up to date", NULL);
      g_assert_cmpuint (inode_of (path), ==, inodes[i]);
    }
  assert_summary (&again, "no-text", "failed", "has no transcription");
  g_assert_cmpuint (pages_read (&again), ==, 0);
  g_assert_cmpuint (check_cache_whole (f), ==, 9);

  /* A transcription edited: collated again, from the cache. */
  old_text = vn_test_read_file (lines_b);
  text = g_strconcat (old_text, "Выль\n", NULL);
  g_assert_true (g_file_set_contents (lines_b, text, -1, NULL));
  run_verno (f, (const char *[]) { "batch", "list.txt", NULL }, NULL, &changed);
  g_assert_cmpint (changed.status, ==, 3);
  assert_summary (&changed, "lines-b", "collated", "3 pages (0 read, 3 from the cache)");
  assert_summary (&changed, "lines-a", "up to date", NULL);
  g_assert_cmpuint (pages_read (&changed), ==, 0);
  assert_state_matches_collate (f, "lines-b");
}

typedef struct
{
  const char *name;
  const char *args[6];
  int         status;
  const char *err;
} UsageCase;

static const UsageCase usage_cases[] = {
  { "no-list", { "batch", NULL }, 2, "give one LIST" },
  { "two-lists", { "batch", "a", "b", NULL }, 2, "give one LIST" },
  { "shard-zero", { "batch", "--shard", "0/3", "list.txt", NULL }, 2, "--shard must be I/N" },
  { "shard-past-end", { "batch", "--shard", "4/3", "list.txt", NULL }, 2, "--shard" },
  { "shard-no-count", { "batch", "--shard", "2", "list.txt", NULL }, 2, "--shard" },
  { "shard-words", { "batch", "--shard", "one/two", "list.txt", NULL }, 2, "--shard" },
  { "negative-jobs", { "batch", "--jobs", "-1", "list.txt", NULL }, 2, "--jobs" },
  { "missing-list", { "batch", "nowhere.txt", NULL }, 3, "Cannot read the list nowhere.txt" },
  { "nul-in-list", { "batch", "nul.txt", NULL }, 3, "NUL byte at byte offset 4" },
};

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *nul = g_build_filename (f->dir, "nul.txt", NULL);

  write_list (f, "list.txt", "a\n");
  g_assert_true (g_file_set_contents (nul, "one\n\0two\n", 9, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      const UsageCase *tc = &usage_cases[i];
      g_auto(VnTestRun) run = { 0 };

      g_test_message ("case %s", tc->name);
      run_verno (f, tc->args, NULL, &run);
      g_assert_cmpint (run.status, ==, tc->status);
      g_assert_nonnull (strstr (run.err, tc->err));
      g_assert_cmpstr (run.out, ==, "");
    }
}

/* Shard I/N takes the entries at positions (from 0) I-1, I-1+N, …; bad folders cost no OCR. */
static void
test_shard_rule (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(VnTestRun) run = { 0 }, empty = { 0 };
  g_auto(GStrv) lines = NULL;

  write_list (f, "list.txt", "m0\nm1\n# m1b\nm2\nm3\n\nm4\nm5\nm6\n");
  run_verno (f, (const char *[]) { "batch", "--shard", "2/3", "list.txt", NULL }, NULL, &run);
  g_assert_cmpint (run.status, ==, 3);
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "m1: failed: The folder m1 does not exist"));
  g_assert_true (g_str_has_prefix (lines[1], "m4: failed: "));
  g_assert_cmpstr (lines[2], ==, "");

  /* More shards than folders: an empty shard is no error. */
  write_list (f, "short.txt", "m0\n");
  run_verno (f, (const char *[]) { "batch", "--shard", "2/2", "short.txt", NULL }, NULL, &empty);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_nonnull (strstr (empty.err, "holds no project folder"));
}

/* The README's form: GNU parallel runs one shard per job; together they do the list once. */
static void
test_gnu_parallel (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *parallel = g_find_program_in_path ("parallel");
  g_autofree char *verno = verno_path ();
  g_autoptr(GString) list = g_string_new (NULL);
  g_auto(VnTestRun) run = { 0 }, whole = { 0 };
  g_auto(GStrv) lines = NULL;
  const guint n_projects = 6, n_shards = 3;
  guint n_lines = 0;

  if (parallel == NULL)
    {
      g_test_skip ("GNU parallel is not installed (Debian package parallel)");
      return;
    }
  for (guint i = 0; i < n_projects; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);

      make_lines_project (f, name, 10 + 2 * i, 2);
      g_string_append_printf (list, "%s\n", name);
    }
  write_list (f, "list.txt", list->str);
  run_command (f, (const char *[]) { parallel, "--will-cite", "--tag", "-j", "3", verno, "batch",
                                     "--jobs", "1", "--shard", "{}/3", "list.txt", ":::", "1",
                                     "2", "3", NULL }, NULL, &run);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++, n_lines++)
    {
      guint shard, project;

      /* "SHARD\tpPROJECT: collated: 2 pages (2 read, 0 from the cache), …" */
      g_assert_cmpint (sscanf (lines[i], "%u\tp%u: collated: 2 pages (2 read", &shard, &project),
                       ==, 2);
      g_assert_cmpuint (project % n_shards, ==, shard - 1);
    }
  g_assert_cmpuint (n_lines, ==, n_projects);
  g_assert_cmpuint (check_cache_whole (f), ==, 2 * n_projects);

  run_verno (f, (const char *[]) { "batch", "list.txt", NULL }, NULL, &whole);
  g_assert_cmpint (whole.status, ==, 0);
  g_assert_cmpuint (pages_read (&whole), ==, 0);
  for (guint i = 0; i < n_projects; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u", i);
      assert_summary (&whole, name, "up to date", NULL);
    }
}

/* Reads standard error until a page has been read: OCR is then under way on both workers. */
static void
wait_for_first_page (GSubprocess *process)
{
  g_autoptr(GDataInputStream) err =
    g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_autoptr(GError) error = NULL;

  /* The batch writes on after the signal: its pipe must stay open. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (err), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);   /* the batch must not end before its first page */
      if (strstr (line, " words (") != NULL)
        return;
    }
}

static void
test_interrupt_and_resume (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *ru = vn_test_shared_path ("corpus/ru-print-18c");
  const char *stems[] = { "0d1b1aaf40cb", "0f82839b83f1", "5b0818803062", "7d9381fc745f" };
  g_autoptr(GSubprocessLauncher) launcher =
    launcher_for (f, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *verno = verno_path ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(VnTestRun) resumed = { 0 };
  g_autofree char *out = NULL;
  gint64 sent;
  double latency;
  guint cached;

  make_letter_project (f, "letter");
  for (guint p = 0; p < 2; p++)
    {
      g_autofree char *name = g_strdup_printf ("ru-%u", p);
      g_autofree char *a = g_strdup_printf ("%s/%s.jpeg", ru, stems[2 * p]);
      g_autofree char *b = g_strdup_printf ("%s/%s.jpeg", ru, stems[2 * p + 1]);
      g_autofree char *ta = g_strdup_printf ("%s/%s.txt", ru, stems[2 * p]);
      g_autofree char *tb = g_strdup_printf ("%s/%s.txt", ru, stems[2 * p + 1]);
      g_autofree char *text_a = vn_test_read_file (ta), *text_b = vn_test_read_file (tb);
      g_autofree char *text = g_strconcat (text_a, "\f", text_b, NULL);

      make_project (f, name, (const char *[]) { a, b, NULL }, text);
    }
  write_list (f, "list.txt", "letter\nru-0\nru-1\n");

  process = g_subprocess_launcher_spawn (launcher, &error, verno, "batch", "--jobs", "2",
                                         "list.txt", NULL);
  g_assert_no_error (error);
  wait_for_first_page (process);
  sent = g_get_monotonic_time ();
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_wait (process, NULL, &error);
  latency = (g_get_monotonic_time () - sent) / 1e6;
  g_assert_no_error (error);
  g_test_message ("SIGINT to exit: %.3f s", latency);
  g_assert_cmpfloat (latency, <, 1.0);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 128 + SIGINT);
  out = g_malloc0 (4096);
  g_input_stream_read_all (g_subprocess_get_stdout_pipe (process), out, 4095, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, ": interrupted: "));

  /* No half page in the cache; a second run reads only what the first did not finish. */
  cached = check_cache_whole (f);
  g_assert_cmpuint (cached, >=, 1);
  g_assert_cmpuint (cached, <, 6);
  run_verno (f, (const char *[]) { "batch", "--jobs", "2", "list.txt", NULL }, NULL, &resumed);
  g_assert_cmpint (resumed.status, ==, 0);
  g_assert_cmpuint (pages_read (&resumed), ==, 6 - cached);
  g_assert_cmpuint (check_cache_whole (f), ==, 6);
  assert_state_matches_collate (f, "ru-1");
}

/* Two projects read at once, twenty pages made of four distinct images: each image is read
 * once in the whole run, with a cold cache and with none; the pages keep their own names. */
static void
test_distinct_images_read_once (Fixture       *f,
                                gconstpointer  data)
{
  g_auto(VnTestRun) cold = { 0 }, uncached = { 0 };

  make_repeated_project (f, "twelve", 20, "abcab", 12);
  make_repeated_project (f, "eight", 20, "cbd", 8);
  write_list (f, "list.txt", "twelve\neight\n");
  run_verno (f, (const char *[]) { "batch", "--jobs", "2", "list.txt", NULL }, NULL, &cold);
  g_assert_cmpint (cold.status, ==, 0);
  g_assert_cmpuint (pages_read (&cold), ==, 4);
  g_assert_cmpuint (check_cache_whole (f), ==, 4);
  assert_summary (&cold, "twelve", "collated", "12 pages (");
  assert_summary (&cold, "eight", "collated", "8 pages (");
  assert_state_matches_collate (f, "twelve");
  assert_state_matches_collate (f, "eight");

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *state = g_build_filename (f->dir, i ? "eight" : "twelve", ".verno", NULL);
      vn_test_remove_tree (state);
    }
  run_verno (f, (const char *[]) { "batch", "--no-cache", "--jobs", "2", "list.txt", NULL }, NULL,
             &uncached);
  g_assert_cmpint (uncached.status, ==, 0);
  g_assert_cmpuint (pages_read (&uncached), ==, 4);
}

/* Only the English model installed: an English project is read in English and collated, a
 * Komi one fails in one sentence that names the package to install, and the batch says 3. */
static void
test_missing_model (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *models = g_build_filename (f->dir, "tessdata", NULL);
  g_autofree char *english = g_build_filename (models, "eng.traineddata", NULL);
  g_autofree char *tessdata = vn_runtime_tessdata_dir ();
  g_autofree char *installed = g_build_filename (tessdata, "eng.traineddata", NULL);
  g_autoptr(GPtrArray) images = kpv_line_images ();
  g_auto(VnTestRun) run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (models, 0755), ==, 0);
  g_assert_cmpint (symlink (installed, english), ==, 0);
  f->tessdata = g_strdup (models);
  make_project (f, "english", (const char *[]) { g_ptr_array_index (images, 0), NULL },
                "The committee met on Tuesday and read the letters of the winter.\n");
  make_lines_project (f, "komi", 0, 2);
  write_list (f, "list.txt", "english\nkomi\n");
  run_verno (f, (const char *[]) { "batch", "--jobs", "2", "list.txt", NULL }, NULL, &run);
  g_assert_cmpint (run.status, ==, 3);
  assert_summary (&run, "english", "collated", "1 page (1 read, 0 from the cache)");
  assert_summary (&run, "komi", "failed", "apt-get install tesseract-ocr-rus");
  g_assert_cmpuint (pages_read (&run), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) \
  g_test_add ("/verno/batch/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("usage", test_usage);
  ADD ("shard-rule", test_shard_rule);
  ADD ("list-and-rerun", test_list_and_rerun);
  ADD ("gnu-parallel", test_gnu_parallel);
  ADD ("interrupt-and-resume", test_interrupt_and_resume);
  ADD ("distinct-images-read-once", test_distinct_images_read_once);
  ADD ("missing-model", test_missing_model);
#undef ADD
  return g_test_run ();
}
