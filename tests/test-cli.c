/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the verno executable as a user runs it: exit statuses, messages, outputs. */
#include <string.h>

#include <json-glib/json-glib.h>

#include "vn-test-util.h"




static void
test_version_sets_openmp_limit (void)
{
  g_auto(VnTestRun) run = { 0 };

  /* As from a desktop menu: no OMP_THREAD_LIMIT. Verno must set it for itself. */
  vn_test_run_verno (&run, NULL, TRUE, (const char *[]) { "--version", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Tesseract 5."));
  g_assert_nonnull (strstr (run.out, "OpenMP thread limit: 1\n"));
}

typedef struct
{
  const char *name;
  const char *args[6];
  int         status;
  const char *stream;   /* "out" or "err" */
  const char *contains;
} CliCase;

static const CliCase cli_cases[] = {
  { "no-arguments", { NULL }, 2, "err", "no display" },
  { "help", { "--help", NULL }, 0, "out", "collate" },
  { "help-collate", { "help", "collate", NULL }, 0, "out", "--transcription" },
  { "collate-help", { "collate", "--help", NULL }, 0, "out", "--json" },
  { "ocr-help", { "ocr", "--help", NULL }, 0, "out", "--format" },
  { "unknown-command", { "frobnicate", NULL }, 2, "err", "not a command" },
  { "unknown-option", { "ocr", "--frobnicate", "x.png", NULL }, 2, "err", "frobnicate" },
  { "no-scan", { "ocr", NULL }, 2, "err", "give at least one scan" },
  { "bad-format", { "ocr", "--format", "docx", "x.png", NULL }, 2, "err", "--format" },
  { "missing-scan", { "ocr", "/nonexistent/page.png", NULL }, 3, "err", "does not exist" },
  { "missing-language", { "ocr", "--lang", "rus+chi_sim", "x.png", NULL }, 3, "err",
    "apt-get install tesseract-ocr-chi-sim" },
  { "bad-preprocess", { "ocr", "--preprocess", "sharpen", "x.png", NULL }, 3, "err",
    "Unknown preprocessing step" },
  { "folder-without-scans", { "collate", "/", NULL }, 3, "err", "has no scans" },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cli_cases); i++)
    {
      const CliCase *tc = &cli_cases[i];
      g_auto(VnTestRun) run = { 0 };

      g_test_message ("case %s", tc->name);
      vn_test_run_verno (&run, NULL, FALSE, tc->args);
      g_assert_cmpint (run.status, ==, tc->status);
      g_assert_nonnull (strstr (g_str_equal (tc->stream, "out") ? run.out : run.err, tc->contains));
    }
}

static void
test_bad_transcription (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-cli-XXXXXX", &error);
  g_autofree char *text = g_build_filename (dir, "transcription.txt", NULL);
  g_autofree char *scan = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_auto(VnTestRun) run = { 0 };

  g_assert_true (g_file_set_contents (text, "Верно\xff", -1, NULL));
  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "collate", "-t", text, scan, NULL });
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "not valid UTF-8 at byte offset 10"));
  g_assert_cmpuint (strlen (run.out), ==, 0);
}

static void
test_collate_letter_json (void)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_auto(VnTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "collate", "--json", folder, NULL });
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "pages")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "discrepancies")),
                    >, 10);
}

/* ------------------------------------------------------------------ collate --stream */

/* A project of the letter's first page (in the suite's cache) and a band of lines cut from it
 * that no run read before (a speck set at random), with a form feed between their texts. */
static char *
make_stream_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-stream-XXXXXX", &error);
  g_autofree char *letter = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_autofree char *text_path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  g_autofree char *text = vn_test_read_file (text_path);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *first = g_strjoinv ("\n", (char *[]) { lines[0], lines[1], lines[2], NULL });
  g_autofree char *page_1 = g_build_filename (dir, "page-1.png", NULL);
  g_autofree char *page_2 = g_build_filename (dir, "page-2.png", NULL);
  g_autofree char *transcription = g_build_filename (dir, "transcription.txt", NULL);
  g_autofree char *page_1_text = g_strndup (text, strstr (text, "\n2.\n") + 1 - text);
  g_autofree char *both = g_strconcat (page_1_text, "\f", first, "\n", NULL);
  PIX *band = vn_test_letter_band (400, 420);
  g_autoptr(GFile) from = NULL, to = NULL;

  g_assert_no_error (error);
  pixSetPixel (band, g_random_int_range (0, 40), g_random_int_range (0, 40), 0);
  g_assert_cmpint (pixWrite (page_2, band, IFF_PNG), ==, 0);
  pixDestroy (&band);
  g_assert_true (g_file_set_contents (transcription, both, -1, NULL));
  from = g_file_new_for_path (letter);
  to = g_file_new_for_path (page_1);
  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&dir);
}

/* The lines of @out that are JSON objects, parsed. */
static GPtrArray *
json_lines (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node;

      if (lines[i][0] != '{')
        continue;
      node = json_from_string (lines[i], &error);
      g_assert_no_error (error);
      g_ptr_array_add (objects, node);
    }
  return objects;
}

/* Each page's line, in page order, holds that page's discrepancies; the last line is the
 * document's, as --json prints it. */
static void
assert_page_lines (GPtrArray *lines,
                   guint      n_pages)
{
  JsonObject *document;

  g_assert_cmpuint (lines->len, ==, n_pages + 1);
  for (guint p = 0; p < n_pages; p++)
    {
      JsonObject *line = json_node_get_object (g_ptr_array_index (lines, p));
      JsonArray *found = json_object_get_array_member (line, "discrepancies");

      g_assert_cmpint (json_object_get_int_member (line, "page"), ==, p + 1);
      g_assert_cmpint (json_object_get_int_member (line, "words"), >, 0);
      g_assert_cmpuint (json_array_get_length (found), >, 0);
      for (guint i = 0; i < json_array_get_length (found); i++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (found, i),
                                                     "page"), ==, p + 1);
    }
  document = json_node_get_object (g_ptr_array_index (lines, n_pages));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document, "pages")), ==,
                    n_pages);
  g_assert_true (json_object_has_member (document, "discrepancies"));
}

/* Page 1's line comes out while page 2 is still being read: before verno says it has read
 * the last page (standard error and output in one pipe, in the order verno wrote them). */
static void
test_collate_stream (void)
{
  g_autofree char *dir = make_stream_project ();
  g_auto(VnTestRun) run = { 0 };
  g_autoptr(GPtrArray) lines = NULL;
  const char *first_line, *last_page;

  vn_test_run_verno_merged (&run, (const char *[]) { "collate", "--json", "--stream", dir,
                                                     NULL });
  g_assert_cmpint (run.status, ==, 0);
  first_line = strstr (run.out, "\n{\"page\":1,");
  last_page = strstr (run.out, "[2/2]");
  g_assert_nonnull (first_line);
  g_assert_nonnull (last_page);
  g_assert_true (first_line < last_page);
  g_assert_nonnull (strstr (run.out, "[1/2] page-1.png"));
  lines = json_lines (run.out);
  assert_page_lines (lines, 2);
  vn_test_remove_tree (dir);
}

/* Without form feeds the pages are found by the whole alignment: the lines come at the end,
 * and verno says so; --stream without --json is a usage error. */
static void
test_collate_stream_unmarked (void)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_auto(VnTestRun) run = { 0 };
  g_auto(VnTestRun) usage = { 0 };
  g_autoptr(GPtrArray) lines = NULL;

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "collate", "--json", "--stream",
                                                           folder, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "no form feed between the pages"));
  lines = json_lines (run.out);
  assert_page_lines (lines, 2);
  vn_test_run_verno (&usage, NULL, FALSE, (const char *[]) { "collate", "--stream", folder,
                                                             NULL });
  g_assert_cmpint (usage.status, ==, 2);
  g_assert_nonnull (strstr (usage.err, "--stream goes with --json"));
}

static void
test_collate_letter_table (void)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_auto(VnTestRun) run = { 0 };

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "collate", folder, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ПОЛОЖОНИС"));
  g_assert_nonnull (strstr (run.out, "likely transcription errors"));
}

/* ALTO written by "verno ocr --format alto" is valid against the ALTO 4.4 schema. */
static void
test_ocr_alto_validates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-alto-XXXXXX", &error);
  g_autofree char *scan = vn_test_source_path ("scans/letter-1956/page-2.png");
  g_autofree char *schema = vn_test_shared_path ("schemas/alto-4-4.xsd");
  g_autofree char *alto = g_build_filename (dir, "page-2.alto.xml", NULL);
  g_auto(VnTestRun) run = { 0 };
  g_autofree char *lint_err = NULL;
  int lint_status = -1;
  const char *lint[] = { "xmllint", "--noout", "--nonet", "--schema", schema, alto, NULL };

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "ocr", "-q", "--format", "alto", "-o", dir, scan,
                                             NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (alto, G_FILE_TEST_EXISTS));
  g_spawn_sync (NULL, (char **) lint, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &lint_err, &lint_status, &error);
  g_assert_no_error (error);
  g_test_message ("xmllint: %s", lint_err);
  g_assert_true (g_spawn_check_wait_status (lint_status, NULL));
}

static void
test_ocr_text (void)
{
  g_autofree char *scan = vn_test_source_path ("scans/letter-1956/page-2.png");
  g_auto(VnTestRun) run = { 0 };

  vn_test_run_verno (&run, NULL, FALSE, (const char *[]) { "ocr", "--lang", "rus", scan, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "ПОЛОЖЕНИЕ"));
  g_assert_nonnull (strstr (run.err, "[1/1] page-2.png"));
}

/* `verno export` with its default format, and with the format its help names, prints the
 * transcription's text; it writes no state. */
static void
test_export_default_text (void)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_autofree char *text_path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_dir_make_tmp ("verno-cli-state-XXXXXX", &error);
  g_autofree char *canonical = NULL;
  g_autofree char *dash = g_build_filename (state, "-", NULL);
  g_autofree char *written = g_build_filename (state, "verified.txt", NULL);
  g_autofree char *contents = NULL;
  const char *formats[][5] = { { NULL }, { "--format", "txt", NULL }, { "-o", "-", NULL },
                               { "--format", "txt", "-o", "-", NULL } };
  g_auto(VnTestRun) to_file = { 0 };

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (text_path, &canonical, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_auto(VnTestRun) run = { 0 };
      const char *args[10] = { "export", "-q", "--state-dir", state, NULL };

      for (guint k = 0; formats[i][k]; k++)
        args[4 + k] = formats[i][k];
      args[g_strv_length ((char **) args)] = folder;
      /* In the state folder, where "-o -" taken as a name would leave a file called "-". */
      vn_test_run_verno (&run, state, FALSE, args);
      g_test_message ("stderr: %s", run.err);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.out, ==, canonical);
      g_assert_false (g_file_test (dash, G_FILE_TEST_EXISTS));
    }
  /* To a file: nothing on standard output, a sentence that names the file on standard error. */
  vn_test_run_verno (&to_file, NULL, FALSE, (const char *[]) { "export", "-q", "--state-dir",
                                                  state, "-o", written, folder, NULL });
  g_assert_cmpint (to_file.status, ==, 0);
  g_assert_cmpstr (to_file.out, ==, "");
  g_assert_nonnull (strstr (to_file.err, written));
  g_assert_true (g_file_get_contents (written, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, canonical);
  vn_test_remove_tree (state);
}

/* `verno accept` then `verno export`: the published errors are fixed, and a removed word
 * (the signature "Weener") takes its space with it, as in `verno review`. */
static void
test_accept_then_export (void)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_dir_make_tmp ("verno-cli-state-XXXXXX", &error);
  g_auto(VnTestRun) accept = { 0 };
  g_auto(VnTestRun) export = { 0 };
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  vn_test_run_verno (&accept, NULL, FALSE, (const char *[]) { "accept", "-q", "--likely",
                                                "transcription-error", "--state-dir", state,
                                                folder, NULL });
  g_test_message ("%s%s", accept.out, accept.err);
  g_assert_cmpint (accept.status, ==, 0);
  g_assert_nonnull (strstr (accept.out, "Weener"));
  vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "-q", "--state-dir", state, folder,
                                                NULL });
  g_assert_cmpint (export.status, ==, 0);
  g_assert_null (strstr (export.out, "ПОЛОЖОНИС"));
  g_assert_null (strstr (export.out, "Weener"));
  /* The published text has no line ending in a blank; the verified text must not either. */
  lines = g_strsplit (export.out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    g_assert_false (g_str_has_suffix (lines[i], " "));
  vn_test_remove_tree (state);
}

/* `verno accept --all` does what each verdict says: it says so first, then corrects the
 * likely transcription errors and keeps the likely OCR errors as transcribed, where the OCR's
 * reading would have damaged the text ("года" → "геда"), and leaves the unsure ones. */
static void
test_accept_all_follows_verdicts (void)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_dir_make_tmp ("verno-cli-state-XXXXXX", &error);
  g_auto(VnTestRun) dry = { 0 }, accept = { 0 }, export = { 0 }, again = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *journal = NULL;

  g_assert_no_error (error);
  vn_test_run_verno (&dry, NULL, FALSE, (const char *[]) { "accept", "-q", "-n", "--all",
                                                          "--state-dir", state, folder, NULL });
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_true (g_str_has_prefix (dry.out, "Would accept: "));
  g_assert_nonnull (strstr (dry.out, "\nwould keep года, not the OCR's геда"));
  journal = g_build_filename (state, "journal.jsonl", NULL);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));   /* a dry run writes nothing */

  vn_test_run_verno (&accept, NULL, FALSE, (const char *[]) { "accept", "-q", "--all",
                                                             "--state-dir", state, folder,
                                                             NULL });
  g_assert_cmpint (accept.status, ==, 0);
  lines = g_strsplit (accept.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "Accepting: "));
  g_assert_nonnull (strstr (accept.out, "\nfixed ПОЛОЖОНИС → ПОЛОЖЕНИЕ"));
  g_assert_nonnull (strstr (accept.out, "\nkept года, not the OCR's геда"));
  g_assert_nonnull (strstr (accept.out, "\nunsure: "));
  g_assert_nonnull (strstr (accept.out, " left to choose.\n"));
  vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "-q", "--state-dir",
                                                             state, folder, NULL });
  g_assert_cmpint (export.status, ==, 0);
  g_assert_null (strstr (export.out, "ПОЛОЖОНИС"));
  g_assert_null (strstr (export.out, "геда"));
  g_assert_null (strstr (export.out, "Трудовей"));
  g_assert_nonnull (strstr (export.out, "Трудовой"));
  /* Nothing is left to do but the unsure ones, which --all does not choose. */
  vn_test_run_verno (&again, NULL, FALSE, (const char *[]) { "accept", "-q", "--all",
                                                            "--state-dir", state, folder,
                                                            NULL });
  g_assert_cmpint (again.status, ==, 0);
  g_assert_null (strstr (again.out, "\nfixed "));
  g_assert_null (strstr (again.out, "\nkept "));
  g_assert_nonnull (strstr (again.out, "\n0 corrected, 0 kept, "));
  vn_test_remove_tree (state);
}

/* status, concordance --apply and errata, one after the other on one project state. */
static void
test_status_concordance_errata (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state = g_dir_make_tmp ("verno-cli-state-XXXXXX", &error);
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_auto(VnTestRun) before = { 0 }, concordance = { 0 }, after = { 0 }, errata = { 0 };
  g_auto(VnTestRun) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *list;

  g_assert_no_error (error);
  vn_test_run_verno (&before, NULL, FALSE, (const char *[]) { "status", "-q", "--state-dir", state,
                                                              folder, NULL });
  g_assert_cmpint (before.status, ==, 0);
  g_assert_nonnull (strstr (before.out, "page-1.png"));
  g_assert_nonnull (strstr (before.out, "not-proofread"));
  g_assert_nonnull (strstr (before.out, "    0/"));  /* nothing resolved yet */

  /* "ого" → "его": the same form and the same confusion elsewhere, fixed in one step. */
  vn_test_run_verno (&concordance, NULL, FALSE,
                     (const char *[]) { "concordance", "-q", "--state-dir", state, "--from", "ого",
                                        "--to", "его", "--apply", "all", folder, NULL });
  g_assert_cmpint (concordance.status, ==, 0);
  g_assert_nonnull (strstr (concordance.out, "ого → его"));
  g_assert_nonnull (strstr (concordance.out, "scan: "));
  g_assert_nonnull (strstr (concordance.out, "corrections applied"));

  vn_test_run_verno (&after, NULL, FALSE, (const char *[]) { "status", "-q", "--state-dir", state,
                                                             folder, NULL });
  g_assert_cmpint (after.status, ==, 0);
  g_assert_cmpstr (after.out, !=, before.out);

  vn_test_run_verno (&errata, NULL, FALSE, (const char *[]) { "errata", "-q", "--state-dir", state,
                                                              folder, NULL });
  g_assert_cmpint (errata.status, ==, 0);
  g_assert_true (g_str_has_prefix (errata.out, "page,line,published,verified,start,end"));
  g_assert_nonnull (strstr (errata.out, ",ого,его,"));

  vn_test_run_verno (&json, NULL, FALSE, (const char *[]) { "errata", "-q", "--format", "json",
                                                            "--state-dir", state, folder, NULL });
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "errata");
  g_assert_cmpuint (json_array_get_length (list), >=, 1);
  vn_test_remove_tree (state);
}


int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/cli/version-sets-openmp-limit", test_version_sets_openmp_limit);
  g_test_add_func ("/verno/cli/cases", test_cases);
  g_test_add_func ("/verno/cli/bad-transcription", test_bad_transcription);
  g_test_add_func ("/verno/cli/ocr-text", test_ocr_text);
  g_test_add_func ("/verno/cli/ocr-alto-validates", test_ocr_alto_validates);
  g_test_add_func ("/verno/cli/collate-letter-table", test_collate_letter_table);
  g_test_add_func ("/verno/cli/collate-letter-json", test_collate_letter_json);
  g_test_add_func ("/verno/cli/collate-stream", test_collate_stream);
  g_test_add_func ("/verno/cli/collate-stream-unmarked", test_collate_stream_unmarked);
  g_test_add_func ("/verno/cli/export-default-text", test_export_default_text);
  g_test_add_func ("/verno/cli/accept-then-export", test_accept_then_export);
  g_test_add_func ("/verno/cli/accept-all-follows-verdicts", test_accept_all_follows_verdicts);
  g_test_add_func ("/verno/cli/status-concordance-errata", test_status_concordance_errata);
  return g_test_run ();
}
