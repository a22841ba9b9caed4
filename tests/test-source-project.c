/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-source-project.c: a project folder of a scan and its archive's own ALTO (line-level,
 * eScriptorium's), opened through the one document pipeline, corrected in the session (the
 * journal and corrections.diff are of the text extracted from the ALTO), written back with
 * `--format same` (the export table's row), then opened again as a project: the corrections
 * are in it, schema-valid, and the discrepancies they answered are gone. And on the command
 * line: the format detected is named, and `verno export --format same` writes the same file. */
#include <string.h>

#include <glib/gstdio.h>

#include "vn-document.h"
#include "vn-export.h"
#include "vn-source.h"
#include "vn-test-export.h"
#include "vn-test-util.h"

#define PAGE "FRAN_0150_0003_L-medium"

static char *
make_folder (const char *parent,
             const char *name,
             const char *alto_path)
{
  g_autofree char *folder = g_build_filename (parent, name, NULL);
  g_autofree char *scan = vn_test_shared_path ("corpus/fr-typewritten/" PAGE ".jpg");
  g_autofree char *image = NULL, *alto = NULL;
  g_autofree char *scan_copy = g_build_filename (folder, PAGE ".jpg", NULL);
  g_autofree char *alto_copy = g_build_filename (folder, PAGE ".xml", NULL);
  gsize len, alto_len;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (g_file_get_contents (scan, &image, &len, NULL));
  g_assert_true (g_file_set_contents (scan_copy, image, len, NULL));
  g_assert_true (g_file_get_contents (alto_path, &alto, &alto_len, NULL));
  g_assert_true (g_file_set_contents (alto_copy, alto, alto_len, NULL));
  return g_steal_pointer (&folder);
}

static VnDocument *
open_document (const char *folder)
{
  g_auto(VnDocumentOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (folder, &error);
  VnDocument *document;

  g_assert_no_error (error);
  vn_test_document_options (&options, "fra");
  document = vn_document_open (project, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return document;
}

typedef struct
{
  char *before;
  char *after;
  guint line;
} Answered;

/* Up to three of the OCR's readings taken where they differ from the ALTO, one of each
 * kind where there is one: substitutions, splits, merges. */
static GArray *
answer (VnDocument *document)
{
  VnCollation *collation = vn_document_get_collation (document);
  VnSession *session = vn_document_get_session (document);
  GArray *answered = g_array_new (FALSE, TRUE, sizeof (Answered));
  gboolean kind_done[16] = { FALSE };
  g_autoptr(GError) error = NULL;

  g_assert_true (vn_session_claim (session, &error));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)) && answered->len < 3;
       i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);
      VnDiscrepancyKind kind = vn_discrepancy_get_kind (d);
      Answered a;

      if (kind_done[kind] || vn_discrepancy_get_end (d) <= vn_discrepancy_get_start (d) ||
          *vn_discrepancy_get_ocr (d) == '\0' || strchr (vn_discrepancy_get_transcription (d), '\n'))
        continue;
      kind_done[kind] = TRUE;
      g_assert_nonnull (vn_session_correct (session, vn_discrepancy_get_start (d),
                                            vn_discrepancy_get_end (d), vn_discrepancy_get_ocr (d),
                                            VN_SOURCE_OCR, -1, NULL, NULL, &error));
      g_assert_no_error (error);
      a.before = g_strdup (vn_discrepancy_get_transcription (d));
      a.after = g_strdup (vn_discrepancy_get_ocr (d));
      a.line = vn_discrepancy_get_line (d);
      g_test_message ("answered line %u: “%s” → “%s”", a.line, a.before, a.after);
      g_array_append_val (answered, a);
    }
  g_assert_true (vn_session_flush (session, &error));
  g_assert_cmpuint (answered->len, >=, 2);
  return answered;
}

static void
test_round_trip (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("verno-source-project-XXXXXX", NULL);
  g_autofree char *alto = vn_test_shared_path ("corpus/source-xml/" PAGE ".xml");
  g_autofree char *folder = make_folder (tmp, "published", alto);
  g_autofree char *out = g_build_filename (tmp, "corrected.xml", NULL);
  g_autoptr(VnDocument) document = open_document (folder);
  g_autoptr(GArray) answered = answer (document);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCollation) verified = vn_document_collate_verified (document, &error);
  g_autofree char *again_folder = NULL;
  g_autoptr(VnDocument) again = NULL;
  g_autofree char *diff_path = g_build_filename (folder, ".verno", "corrections.diff", NULL);
  g_autofree char *diff = NULL;

  g_assert_no_error (error);
  /* The record is the diff of the text extracted from the ALTO. */
  diff = vn_test_read_file (diff_path);
  for (guint i = 0; i < answered->len; i++)
    g_assert_nonnull (strstr (diff, g_array_index (answered, Answered, i).after));
  g_assert_true (vn_export_write (verified, vn_project_get_scan_pages (vn_document_get_project (document)),
                                  VN_EXPORT_SAME, out, &error));
  g_assert_no_error (error);
  vn_test_assert_schema_valid (out, "schemas/alto-4-4.xsd");
  again_folder = make_folder (tmp, "reopened", out);
  again = open_document (again_folder);
  {
    VnCollation *collation = vn_document_get_collation (again);
    gsize len;
    const char *text = vn_transcription_get_text (vn_collation_get_transcription (collation), &len);
    g_autofree char *want = vn_session_dup_verified_text (vn_document_get_session (document), NULL);

    g_assert_cmpmem (text, len, want, strlen (want));
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
      {
        g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);

        for (guint k = 0; k < answered->len; k++)
          {
            const Answered *a = &g_array_index (answered, Answered, k);
            g_assert_false (vn_discrepancy_get_line (d) == a->line &&
                            g_str_equal (vn_discrepancy_get_transcription (d), a->before));
          }
      }
  }
  for (guint i = 0; i < answered->len; i++)
    g_free (g_array_index (answered, Answered, i).before),
    g_free (g_array_index (answered, Answered, i).after);
  vn_test_remove_tree (tmp);
}

/* verno collate names what it found; verno export --format same writes the corrected file. */
static void
test_command_line (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("verno-source-cli-XXXXXX", NULL);
  g_autofree char *alto = vn_test_shared_path ("corpus/source-xml/" PAGE ".xml");
  g_autofree char *folder = make_folder (tmp, "published", alto);
  g_autofree char *out = g_build_filename (tmp, "same.xml", NULL);
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");
  g_auto(VnTestRun) collate = { 0 }, export = { 0 }, over = { 0 };
  const char *collate_args[] = { "collate", "--lang", "fra", "--cache-dir", cache, folder, NULL };
  const char *export_args[] = { "export", "--lang", "fra", "--cache-dir", cache, "--format",
                                "same", "-o", out, folder, NULL };
  g_autofree char *published = g_build_filename (folder, PAGE ".xml", NULL);
  const char *over_args[] = { "export", "--lang", "fra", "--cache-dir", cache, "--format",
                              "same", "-o", published, folder, NULL };
  g_autofree char *written = NULL, *original = NULL;

  vn_test_run_verno (&collate, NULL, FALSE, collate_args);
  g_assert_cmpint (collate.status, ==, 0);
  g_assert_nonnull (strstr (collate.out, "(ALTO 4, 1 page, line-level)"));
  vn_test_run_verno (&export, NULL, FALSE, export_args);
  g_assert_cmpint (export.status, ==, 0);
  /* Nothing corrected yet: the same bytes. */
  written = vn_test_read_file (out);
  original = vn_test_read_file (alto);
  g_assert_cmpstr (written, ==, original);
  /* Never over the published file itself. */
  vn_test_run_verno (&over, NULL, FALSE, over_args);
  g_assert_cmpint (over.status, ==, 3);
  vn_test_assert_one_sentence (over.err);
  vn_test_remove_tree (tmp);
}

/* pdfimages -all's files of @pdf, in a folder of their own. */
static char *
extract_images (const char *pdf,
                const char *dir)
{
  g_autofree char *root = g_build_filename (dir, "img", NULL);
  const char *argv[] = { "pdfimages", "-all", pdf, root, NULL };
  g_auto(VnTestRun) run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  vn_test_run_argv (&run, argv, NULL, NULL);
  g_assert_cmpint (run.status, ==, 0);
  return g_steal_pointer (&root);
}

static char *
without_space (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* A searchable PDF (Verno's own, of the letter) alone is the project: its pages the scans,
 * its text layer the transcription; corrected in place, it is a new PDF whose images are the
 * original's, stream for stream, and whose text layer says the verified text. */
static void
test_pdf (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("verno-source-pdf-XXXXXX", NULL);
  g_autofree char *letter = vn_test_copy_letter ("verno-source-pdf-letter-XXXXXX", FALSE);
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");
  g_autofree char *pdf = g_build_filename (tmp, "letter.pdf", NULL);
  g_autofree char *out = g_build_filename (tmp, "corrected.pdf", NULL);
  const char *export_args[] = { "export", "--lang", "rus", "--cache-dir", cache, "--format",
                                "pdf", "-o", pdf, letter, NULL };
  g_auto(VnTestRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = NULL;
  VnTranscription *t;
  const char *text;
  const VnToken *a, *b, *c, *d;
  g_autofree char *split = NULL, *merged = NULL, *expected = NULL, *got = NULL;
  g_autofree char *dir_in = g_build_filename (tmp, "in", NULL);
  g_autofree char *dir_out = g_build_filename (tmp, "out", NULL);
  g_autofree char *images_in = NULL, *images_out = NULL;

  vn_test_run_verno (&run, NULL, FALSE, export_args);
  g_assert_cmpint (run.status, ==, 0);
  project = vn_project_new_from_folder (pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vn_project_get_scan_pages (project)->len, ==, 2);
  t = vn_project_get_transcription (project);
  g_assert_nonnull (strstr (vn_transcription_get_display_name (t), "PDF text layer, 2 pages"));
  text = vn_transcription_get_text (t, NULL);
  a = vn_transcription_get_token (t, 3), b = vn_transcription_get_token (t, 8);
  c = vn_transcription_get_token (t, 20), d = vn_transcription_get_token (t, 21);
  split = g_strdup_printf ("%.4s %.*s", text + b->start, (int) (b->end - b->start - 4),
                           text + b->start + 4);
  merged = g_strdup_printf ("%.*s%.*s", (int) (c->end - c->start), text + c->start,
                            (int) (d->end - d->start), text + d->start);
  {
    VnTextEdit edits[] = { { a->start, a->end, "ПОЛОЖЕНИЕ" }, { b->start, b->end, split },
                           { c->start, d->end, merged } };
    g_autoptr(VnTranscription) verified = vn_transcription_new_derived (t, edits, 3, "v", &error);
    const char *pdftotext[] = { "pdftotext", "-raw", "-enc", "UTF-8", out, "-", NULL };
    g_auto(VnTestRun) extracted = { 0 };

    g_assert_true (vn_source_write_corrected (vn_transcription_get_source (t), edits, 3, out,
                                              &error));
    g_assert_no_error (error);
    expected = without_space (vn_transcription_get_text (verified, NULL));
    vn_test_run_argv (&extracted, pdftotext, NULL, NULL);
    got = without_space (extracted.out);
    g_assert_cmpstr (got, ==, expected);
    g_assert_nonnull (strstr (extracted.out, "ПОЛОЖЕНИЕ"));
  }
  /* The images, byte for byte. */
  images_in = extract_images (pdf, dir_in);
  images_out = extract_images (out, dir_out);
  for (guint p = 0; p < 2; p++)
    {
      g_autofree char *in = g_strdup_printf ("%s-%03u.png", images_in, p);
      g_autofree char *again = g_strdup_printf ("%s-%03u.png", images_out, p);
      g_autofree char *in_jpg = g_strdup_printf ("%s-%03u.jpg", images_in, p);
      g_autofree char *again_jpg = g_strdup_printf ("%s-%03u.jpg", images_out, p);
      const char *argv_png[] = { "cmp", in, again, NULL }, *argv_jpg[] = { "cmp", in_jpg, again_jpg, NULL };
      g_auto(VnTestRun) cmp = { 0 };

      vn_test_run_argv (&cmp, g_file_test (in, G_FILE_TEST_EXISTS) ? argv_png : argv_jpg, NULL, NULL);
      g_assert_cmpint (cmp.status, ==, 0);
    }
  vn_test_remove_tree (tmp);
  vn_test_remove_tree (letter);
}

static GStrv
words_of (VnSource *source)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (vn_source_get_text (source), NULL),
                                     g_bytes_get_size (vn_source_get_text (source)));
  g_auto(GStrv) parts = g_strsplit_set (text, " \n\f", -1);
  GPtrArray *words = g_ptr_array_new ();

  for (guint i = 0; parts[i]; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (words, g_strdup (parts[i]));
  g_ptr_array_add (words, NULL);
  return (GStrv) g_ptr_array_free (words, FALSE);
}

/* How many words of @a are in @b in the same order (their longest common subsequence). */
static guint
common_words (char **a,
              char **b)
{
  guint na = g_strv_length (a), nb = g_strv_length (b);
  g_autofree guint *row = g_new0 (guint, nb + 1), *prev = g_new0 (guint, nb + 1);

  for (guint i = 1; i <= na; i++)
    {
      for (guint j = 1; j <= nb; j++)
        row[j] = g_str_equal (a[i - 1], b[j - 1]) ? prev[j - 1] + 1 : MAX (prev[j], row[j - 1]);
      memcpy (prev, row, (nb + 1) * sizeof (guint));
    }
  return prev[nb];
}

/* A searchable PDF that Tesseract made (its PDF renderer, as OCR programs write them: each
 * word drawn on its own, the gaps between words left to the reader) reads as the words
 * Tesseract's ALTO of the same run gives, in their order: poppler's text runs some words
 * together, and Verno parts them where their characters' boxes do. Corrected, a split and a
 * merge read back as such. */
static void
test_tesseract_pdf (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("verno-source-tesspdf-XXXXXX", NULL);
  g_autofree char *scan = vn_test_shared_path ("corpus/fr-typewritten/" PAGE ".jpg");
  g_autofree char *base = g_build_filename (tmp, "ocr", NULL);
  g_autofree char *pdf = g_strconcat (base, ".pdf", NULL), *alto = g_strconcat (base, ".xml", NULL);
  g_autofree char *out = g_build_filename (tmp, "corrected.pdf", NULL);
  const char *argv[] = { "tesseract", scan, base, "-l", "fra", "alto", "pdf", NULL };
  const char *pdf_paths[] = { pdf, NULL }, *alto_paths[] = { alto, NULL };
  g_auto(VnTestRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSource) from_pdf = NULL, from_alto = NULL, again = NULL;
  g_auto(GStrv) pdf_words = NULL, alto_words = NULL, again_words = NULL;
  const char *text;
  const char *a, *b, *c;

  vn_test_run_argv (&run, argv, NULL, NULL);
  g_assert_cmpint (run.status, ==, 0);
  from_pdf = vn_source_new_for_paths (pdf_paths, &error);
  g_assert_no_error (error);
  from_alto = vn_source_new_for_paths (alto_paths, &error);
  g_assert_no_error (error);
  pdf_words = words_of (from_pdf);
  alto_words = words_of (from_alto);
  g_test_message ("%u words of %u in order", common_words (alto_words, pdf_words),
                  g_strv_length (alto_words));
  g_assert_cmpuint (g_strv_length (pdf_words), >=, g_strv_length (alto_words) * 98 / 100);
  g_assert_cmpuint (common_words (alto_words, pdf_words), >=,
                    g_strv_length (alto_words) * 98 / 100);
  /* A substitution, a split and a merge (the space between two words taken out). */
  text = g_bytes_get_data (vn_source_get_text (from_pdf), NULL);
  a = strstr (text, "rendiss"), b = strstr (text, "compartiment"), c = strstr (text, "la mer");
  g_assert_true (a && b && c && a < b && b < c);
  {
    VnTextEdit edits[] = { { a - text + 6, a - text + 7, "" }, { b - text + 6, b - text + 6, " " },
                           { c - text + 2, c - text + 3, "" } };

    g_assert_true (vn_source_write_corrected (from_pdf, edits, 3, out, &error));
    g_assert_no_error (error);
  }
  pdf_paths[0] = out;
  again = vn_source_new_for_paths (pdf_paths, &error);
  g_assert_no_error (error);
  again_words = words_of (again);
  g_assert_cmpuint (g_strv_length (again_words), ==, g_strv_length (pdf_words));
  g_assert_true (g_strv_contains ((const char * const *) again_words, "rendis"));
  g_assert_true (g_strv_contains ((const char * const *) again_words, "compar"));
  g_assert_true (g_strv_contains ((const char * const *) again_words, "timent"));
  g_assert_true (g_strv_contains ((const char * const *) again_words, "lamer."));
  /* The words are where they were, as tall as they were: a reader's boxes of the new layer's
   * characters are those of the old (a third taller, lines would run into each other). */
  {
    GBytes *old_text = vn_source_get_text (from_pdf), *new_text = vn_source_get_text (again);
    const char *o = g_bytes_get_data (old_text, NULL), *n = g_bytes_get_data (new_text, NULL);
    const char *w = strstr (o, "session"), *v = strstr (n, "session");
    VnSourceBox before, after;

    g_assert_true (w && v);
    g_assert_true (vn_source_get_box (from_pdf, w - o, w - o + 7, &before));
    g_assert_true (vn_source_get_box (again, v - n, v - n + 7, &after));
    g_test_message ("“session”: %d,%d %dx%d, then %d,%d %dx%d", before.box.x, before.box.y,
                    before.box.w, before.box.h, after.box.x, after.box.y, after.box.w,
                    after.box.h);
    g_assert_cmpint (ABS (after.box.h - before.box.h), <=, before.box.h / 8);
    g_assert_cmpint (ABS (after.box.y - before.box.y), <=, before.box.h / 8);
    g_assert_cmpint (ABS (after.box.x - before.box.x), <=, before.box.h / 8);
  }
  vn_test_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/source-project/round-trip", test_round_trip);
  g_test_add_func ("/verno/source-project/command-line", test_command_line);
  g_test_add_func ("/verno/source-project/pdf", test_pdf);
  g_test_add_func ("/verno/source-project/tesseract-pdf", test_tesseract_pdf);
  return g_test_run ();
}
