/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: the letter, corrected by hand, exported in every format and read back by
 * the tools archives use (xmllint against the schemas, pdftotext, pdffonts, pdfimages). */
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "vn-error.h"
#include "vn-export.h"
#include "vn-scan.h"
#include "vn-test-util.h"

/* A word with every character XML must escape, put into the verified text by hand. */
#define ESCAPED_WORD "Пхень<я&\"на,"

typedef struct
{
  const char *from;
  const char *to;
} Replacement;

/* The editor's corrections: errors of the published transcription, and the escaping test. */
static const Replacement letter_fixes[] = {
  { "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ" },
  { "Bepho", "Верно" },
  { "кулвтличности", "культ личности" },
  { "Пхеньяна,", ESCAPED_WORD },
  { NULL, NULL },
};

#define CORPUS_ESCAPED_WORD "Wo<b&\"urn"

static const Replacement corpus_fixes[] = {
  { "authorised", "authorized" },
  { "Woburn", CORPUS_ESCAPED_WORD },
  { NULL, NULL },
};

typedef struct
{
  GPtrArray   *scans;      /* VnScanPage */
  GPtrArray   *ocr;        /* VnOcrPage */
  char        *verified;   /* the corrected text */
  GPtrArray   *words;      /* the verified tokens' texts, in order */
  VnCollation *collation;
  const char  *escaped;    /* the word with < & " */
  const char  *corrected;  /* a corrected word to look for */
  char        *dir;        /* for the exports */
} Fixture;

static Fixture fixture;

/* ------------------------------------------------------------------ the document */

static char *
apply_fixes (const char        *text,
             const Replacement *fixes)
{
  GString *out = g_string_new (text);

  for (guint i = 0; fixes[i].from; i++)
    {
      const char *at = strstr (out->str, fixes[i].from);

      g_assert_nonnull (at);
      g_string_erase (out, at - out->str, strlen (fixes[i].from));
      g_string_insert (out, at - out->str, fixes[i].to);
    }
  return g_string_free (out, FALSE);
}

static gboolean
letter_scanned (void)
{
  g_autofree char *page = vn_test_source_path ("scans/letter-1956/page-1.png");
  return g_file_test (page, G_FILE_TEST_EXISTS);
}

static void
load_letter (void)
{
  g_autoptr(VnProject) project = NULL;
  VnTranscription *canonical;

  fixture.ocr = vn_test_ocr_letter (&project);
  fixture.scans = g_ptr_array_ref (vn_project_get_scan_pages (project));
  canonical = vn_project_get_transcription (project);
  fixture.verified = apply_fixes (vn_transcription_get_text (canonical, NULL), letter_fixes);
  fixture.escaped = ESCAPED_WORD;
  fixture.corrected = "ПОЛОЖЕНИЕ.";
}

/* Until the letter is scanned: a real two-page typewritten letter from the corpus. */
static void
load_corpus_letter (void)
{
  g_autofree char *jpg1 = vn_test_shared_path ("corpus/en-typewritten/EHRI-BF-19380509b_EN_01.jpg");
  g_autofree char *jpg2 = vn_test_shared_path ("corpus/en-typewritten/EHRI-BF-19380509b_EN_02.jpg");
  g_autofree char *txt1 = vn_test_shared_path ("corpus/en-typewritten/EHRI-BF-19380509b_EN_01.txt");
  g_autofree char *txt2 = vn_test_shared_path ("corpus/en-typewritten/EHRI-BF-19380509b_EN_02.txt");
  const char *files[] = { jpg1, jpg2, NULL };
  g_autoptr(VnOcrEngine) engine = vn_test_engine ("eng");
  g_autofree char *text1 = vn_test_read_file (txt1);
  g_autofree char *text2 = vn_test_read_file (txt2);
  g_autofree char *text = g_strconcat (text1, "\f\n", text2, NULL);
  g_autoptr(GError) error = NULL;

  g_test_message ("scans/letter-1956 has no scans yet: using the corpus letter");
  fixture.scans = vn_scan_expand_files (files, &error);
  g_assert_no_error (error);
  fixture.ocr = vn_ocr_engine_recognize (engine, fixture.scans, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture.verified = apply_fixes (text, corpus_fixes);
  fixture.escaped = CORPUS_ESCAPED_WORD;
  fixture.corrected = "authorized";
}

/* The document, recognised once and only by the tests that need it, so that a subprocess
 * test runs without OCR threads. */
static void
load_document (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VnTranscription) verified = NULL;
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  g_autoptr(GError) error = NULL;

  if (fixture.collation != NULL)
    return;
  if (letter_scanned ())
    load_letter ();
  else
    load_corpus_letter ();
  bytes = g_bytes_new (fixture.verified, strlen (fixture.verified));
  verified = vn_transcription_new_from_bytes (bytes, "letter-verified.txt", &error);
  g_assert_no_error (error);
  fixture.collation = vn_collation_new (verified, fixture.ocr, spell);
  fixture.words = g_ptr_array_new ();
  for (guint i = 0; i < vn_transcription_get_n_tokens (verified); i++)
    g_ptr_array_add (fixture.words, vn_transcription_get_token (verified, i)->text);
}

static void
fixture_set_up (void)
{
  g_autoptr(GError) error = NULL;

  fixture.dir = g_dir_make_tmp ("verno-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (void)
{
  vn_test_remove_tree (fixture.dir);
  g_clear_pointer (&fixture.dir, g_free);
  g_clear_pointer (&fixture.words, g_ptr_array_unref);
  g_clear_object (&fixture.collation);
  g_clear_pointer (&fixture.verified, g_free);
  g_clear_pointer (&fixture.ocr, g_ptr_array_unref);
  g_clear_pointer (&fixture.scans, g_ptr_array_unref);
}

static guint
n_pages (void)
{
  load_document ();
  return fixture.scans->len;
}

/* Exports in @format to the fixture's folder; returns the path given. */
static char *
export (VnExportFormat format)
{
  load_document ();
  g_autofree char *name = g_strdup_printf ("letter.%s", vn_export_format_extension (format));
  char *path = g_build_filename (fixture.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  vn_export_write (fixture.collation, fixture.scans, format, path, &error);
  g_assert_no_error (error);
  return path;
}

/* ------------------------------------------------------------------ tools */

static gboolean
have_tool (const char *tool,
           const char *package)
{
  g_autofree char *found = g_find_program_in_path (tool);

  if (found == NULL)
    g_test_skip_printf ("%s is not installed (Debian package %s)", tool, package);
  return found != NULL;
}

/* Runs @argv; returns its standard output, and its standard error in @err. */
static char *
run (const char * const *argv,
     int                *status,
     char              **err)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, err,
                status, &error);
  g_assert_no_error (error);
  return out;
}

static void
assert_runs_clean (const char * const *argv)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  out = run (argv, &status, &err);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s%s", argv[0], out, err);
}

static void
assert_schema_valid (const char *path,
                     const char *schema)
{
  g_autofree char *xsd = vn_test_shared_path (schema);
  const char *argv[] = { "xmllint", "--noout", "--nonet", "--schema", xsd, path, NULL };

  assert_runs_clean (argv);
}

static void
assert_well_formed (const char *path)
{
  const char *argv[] = { "xmllint", "--noout", "--nonet", path, NULL };
  assert_runs_clean (argv);
}

/* ------------------------------------------------------------------ reading XML back */

static xmlDocPtr
read_xml (const char *path)
{
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET);

  g_assert_nonnull (doc);
  return doc;
}

/* The strings @expr selects (text of elements, values of attributes), in document order. */
static GPtrArray *
xpath_strings (xmlDocPtr   doc,
               xmlNodePtr  context,
               const char *expr)
{
  xmlXPathContextPtr ctx = xmlXPathNewContext (doc);
  xmlXPathObjectPtr result;
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  xmlXPathRegisterNs (ctx, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
  xmlXPathRegisterNs (ctx, BAD_CAST "alto", BAD_CAST "http://www.loc.gov/standards/alto/ns-v4#");
  xmlXPathRegisterNs (ctx, BAD_CAST "pc",
                      BAD_CAST "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15");
  xmlXPathRegisterNs (ctx, BAD_CAST "tei", BAD_CAST "http://www.tei-c.org/ns/1.0");
  ctx->node = context;
  result = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  g_assert_nonnull (result);
  for (int i = 0; result->nodesetval && i < result->nodesetval->nodeNr; i++)
    {
      xmlChar *content = xmlNodeGetContent (result->nodesetval->nodeTab[i]);
      g_ptr_array_add (strings, g_strdup ((const char *) content));
      xmlFree (content);
    }
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (ctx);
  return strings;
}

static GPtrArray *
file_strings (const char *path,
              const char *expr)
{
  xmlDocPtr doc = read_xml (path);
  GPtrArray *strings = xpath_strings (doc, NULL, expr);

  xmlFreeDoc (doc);
  return strings;
}

static void
assert_words_equal (GPtrArray *got,
                    GPtrArray *expected)
{
  for (guint i = 0; i < MIN (got->len, expected->len); i++)
    if (!g_str_equal (g_ptr_array_index (got, i), g_ptr_array_index (expected, i)))
      g_error ("word %u is “%s”, expected “%s”", i, (char *) g_ptr_array_index (got, i),
               (char *) g_ptr_array_index (expected, i));
  g_assert_cmpuint (got->len, ==, expected->len);
}

static gboolean
contains_word (GPtrArray  *words,
               const char *word)
{
  for (guint i = 0; i < words->len; i++)
    if (g_str_equal (g_ptr_array_index (words, i), word))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ formats */

static void
test_format_names (void)
{
  for (VnExportFormat f = VN_EXPORT_TEXT; f <= VN_EXPORT_TEI; f++)
    {
      VnExportFormat parsed = -1;
      g_autofree char *upper = g_ascii_strup (vn_export_format_to_string (f), -1);

      g_assert_true (vn_export_format_from_string (vn_export_format_to_string (f), &parsed));
      g_assert_cmpint (parsed, ==, f);
      g_assert_true (vn_export_format_from_string (upper, &parsed));
      g_assert_cmpint (parsed, ==, f);
      g_assert_nonnull (vn_export_format_extension (f));
    }
  /* The command line's name and default for plain text. */
  {
    VnExportFormat parsed = -1;
    g_assert_true (vn_export_format_from_string ("txt", &parsed));
    g_assert_cmpint (parsed, ==, VN_EXPORT_TEXT);
  }
  g_assert_false (vn_export_format_from_string ("docx", &(VnExportFormat) { 0 }));
  g_assert_false (vn_export_format_from_string (NULL, &(VnExportFormat) { 0 }));
}

static void
test_page_file_path (void)
{
  static const struct { const char *path; guint page, n; const char *expected; } cases[] = {
    { "out.xml", 0, 1, "out.xml" },
    { "out.xml", 0, 2, "out-1.xml" },
    { "out.xml", 11, 12, "out-12.xml" },
    { "letter.page.xml", 1, 3, "letter.page-2.xml" },
    { "dir.v2/out", 1, 2, "dir.v2/out-2" },
    { "dir/.hidden", 0, 2, "dir/.hidden-1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = vn_export_page_file_path (cases[i].path, cases[i].page,
                                                       cases[i].n);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

static void
test_text (void)
{
  g_autofree char *path = export (VN_EXPORT_TEXT);
  g_autofree char *written = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &written, &len, NULL));
  g_assert_cmpmem (written, len, fixture.verified, strlen (fixture.verified));
}

/* Verno's own hOCR reader takes one page per file: each ocr_page is read on its own. */
static GPtrArray *
hocr_page_words (xmlNodePtr page)
{
  xmlDocPtr doc = xmlNewDoc (BAD_CAST "1.0");
  xmlNodePtr html = xmlNewDocNode (doc, NULL, BAD_CAST "html", NULL);
  xmlNodePtr body = xmlNewChild (html, NULL, BAD_CAST "body", NULL);
  g_autoptr(VnOcrPage) ocr = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  xmlChar *data = NULL;
  int len = 0;

  xmlDocSetRootElement (doc, html);
  xmlAddChild (body, xmlDocCopyNode (page, doc, 1));
  xmlDocDumpMemoryEnc (doc, &data, &len, "UTF-8");
  ocr = vn_ocr_page_new_from_hocr ((const char *) data, len, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < vn_ocr_page_get_n_words (ocr); i++)
    {
      const VnOcrWord *word = vn_ocr_page_get_word (ocr, i);

      g_assert_cmpint (word->box.x + word->box.w, <=, vn_ocr_page_get_width (ocr));
      g_assert_cmpint (word->box.y + word->box.h, <=, vn_ocr_page_get_height (ocr));
      g_ptr_array_add (words, g_strdup (word->text));
    }
  xmlFree (data);
  xmlFreeDoc (doc);
  return words;
}

static void
test_hocr (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) confident = NULL;
  xmlDocPtr doc;
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr pages;

  if (!have_tool ("xmllint", "libxml2-utils"))
    return;
  path = export (VN_EXPORT_HOCR);
  assert_well_formed (path);
  doc = read_xml (path);
  ctx = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (ctx, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
  pages = xmlXPathEvalExpression (BAD_CAST "//h:div[@class='ocr_page']", ctx);
  g_assert_cmpint (pages->nodesetval->nodeNr, ==, n_pages ());
  for (int p = 0; p < pages->nodesetval->nodeNr; p++)
    {
      g_autoptr(GPtrArray) page_words = hocr_page_words (pages->nodesetval->nodeTab[p]);
      g_ptr_array_extend_and_steal (words, g_steal_pointer (&page_words));
    }
  assert_words_equal (words, fixture.words);
  /* Confidences where the OCR read the verified word, and not for a corrected one. */
  confident = xpath_strings (doc, NULL, "//h:span[@class='ocrx_word'][contains(@title, "
                                        "'x_wconf')]");
  g_assert_cmpuint (confident->len, >, fixture.words->len / 2);
  g_assert_false (contains_word (confident, fixture.escaped));
  xmlXPathFreeObject (pages);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
}

static void
test_alto (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) files = NULL;

  if (!have_tool ("xmllint", "libxml2-utils"))
    return;
  path = export (VN_EXPORT_ALTO);
  assert_schema_valid (path, "schemas/alto-4-4.xsd");
  words = file_strings (path, "//alto:String/@CONTENT");
  assert_words_equal (words, fixture.words);
  pages = file_strings (path, "//alto:Page/@PHYSICAL_IMG_NR");
  g_assert_cmpuint (pages->len, ==, n_pages ());
  files = file_strings (path, "//alto:sourceImageInformation/alto:fileName");
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (files, 0), ==,
                   ((VnScanPage *) g_ptr_array_index (fixture.scans, 0))->path);
}

static void
test_page (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

  if (!have_tool ("xmllint", "libxml2-utils"))
    return;
  path = export (VN_EXPORT_PAGE);
  /* A multi-page document is one PAGE file per page; the path given names none of them. */
  g_assert_true (n_pages () > 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  for (guint p = 0; p < n_pages (); p++)
    {
      g_autofree char *page_path = vn_export_page_file_path (path, p, n_pages ());
      g_autoptr(GPtrArray) page_words = NULL;
      g_autoptr(GPtrArray) images = NULL;

      assert_schema_valid (page_path, "schemas/pagecontent-2019-07-15.xsd");
      page_words = file_strings (page_path, "//pc:Word/pc:TextEquiv/pc:Unicode");
      g_ptr_array_extend_and_steal (words, g_steal_pointer (&page_words));
      images = file_strings (page_path, "//pc:Page/@imageFilename");
      g_assert_cmpstr (g_ptr_array_index (images, 0), ==,
                       ((VnScanPage *) g_ptr_array_index (fixture.scans, p))->path);
    }
  assert_words_equal (words, fixture.words);
}

static void
test_tei (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) breaks = NULL;
  g_autoptr(GPtrArray) body = NULL;
  g_autoptr(GPtrArray) surfaces = NULL;
  g_autofree char *got = NULL;
  g_autofree char *expected = NULL;

  if (!have_tool ("xmllint", "libxml2-utils"))
    return;
  path = export (VN_EXPORT_TEI);
  assert_well_formed (path);
  breaks = file_strings (path, "//tei:body//tei:pb/@facs");
  g_assert_cmpuint (breaks->len, ==, n_pages ());
  g_assert_cmpstr (g_ptr_array_index (breaks, 0), ==, "#page1");
  surfaces = file_strings (path, "//tei:facsimile/tei:surface/tei:graphic/@url");
  g_assert_cmpuint (surfaces->len, ==, n_pages ());
  body = file_strings (path, "//tei:text/tei:body");
  got = vn_test_normalize_for_cer (g_ptr_array_index (body, 0));
  expected = vn_test_normalize_for_cer (fixture.verified);
  g_assert_cmpstr (got, ==, expected);
  g_assert_nonnull (strstr (got, fixture.corrected));
}

/* Every XML format gives the word with < & " back as it was. */
static void
test_escaping (void)
{
  static const struct { VnExportFormat format; const char *expr; } cases[] = {
    { VN_EXPORT_HOCR, "//h:span[@class='ocrx_word']" },
    { VN_EXPORT_ALTO, "//alto:String/@CONTENT" },
    { VN_EXPORT_TEI, "//tei:body//tei:p" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = export (cases[i].format);
      g_autoptr(GPtrArray) strings = file_strings (path, cases[i].expr);
      gboolean found = FALSE;

      for (guint s = 0; s < strings->len && !found; s++)
        found = strstr (g_ptr_array_index (strings, s), fixture.escaped) != NULL;
      g_assert_true (found);
    }
  {
    g_autofree char *path = g_build_filename (fixture.dir, "escaping.xml", NULL);
    g_autoptr(GError) error = NULL;
    guint found = 0;

    vn_export_write (fixture.collation, fixture.scans, VN_EXPORT_PAGE, path, &error);
    g_assert_no_error (error);
    for (guint p = 0; p < n_pages (); p++)
      {
        g_autofree char *page_path = vn_export_page_file_path (path, p, n_pages ());
        g_autoptr(GPtrArray) words = file_strings (page_path, "//pc:Word/pc:TextEquiv/pc:Unicode");

        found += contains_word (words, fixture.escaped);
      }
    g_assert_cmpuint (found, ==, 1);
  }
}

/* ------------------------------------------------------------------ PDF */

static char *
tool_output (const char * const *argv)
{
  g_autofree char *err = NULL;
  int status = 0;
  char *out = run (argv, &status, &err);

  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

/* Like strstr, through the binary parts too. */
static char *
find_bytes (char       *from,
            const char *end,
            const char *needle)
{
  gsize len = strlen (needle);

  for (char *p = from; p + len <= end; p++)
    if (memcmp (p, needle, len) == 0)
      return p;
  return NULL;
}

static void
assert_pdf_text (const char *path,
                 gboolean    layout)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", layout ? "-layout" : "-raw", path, "-",
                         NULL };
  g_autofree char *text = tool_output (argv);
  g_autofree char *got = vn_test_normalize_for_cer (text);
  g_autofree char *expected = vn_test_normalize_for_cer (fixture.verified);

  g_assert_cmpstr (got, ==, expected);
}

static void
assert_font_embedded (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = tool_output (argv);
  g_autoptr(GRegex) regex = g_regex_new ("^GlyphLessFont +CID TrueType +Identity-H +yes +\\S+ "
                                         "+yes ", G_REGEX_MULTILINE, 0, NULL);

  if (!g_regex_match (regex, out, 0, NULL))
    g_error ("the glyphless font is not embedded with a ToUnicode map:\n%s", out);
}

/* One grey JPEG per page, at the scan's own size. */
static void
assert_one_image_per_page (const char *path)
{
  const char *argv[] = { "pdfimages", "-list", path, NULL };
  g_autofree char *out = tool_output (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint images = 0;

  for (guint i = 2; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) cols = g_ptr_array_new ();

      for (guint k = 0; f[k]; k++)
        if (*f[k])
          g_ptr_array_add (cols, f[k]);
      g_assert_cmpuint (cols->len, >, 8);
      g_assert_cmpint (atoi (g_ptr_array_index (cols, 0)), ==, images + 1);  /* page */
      g_assert_cmpstr (g_ptr_array_index (cols, 2), ==, "image");
      g_assert_cmpstr (g_ptr_array_index (cols, 5), ==, "gray");
      g_assert_cmpstr (g_ptr_array_index (cols, 8), ==, "jpeg");
      images++;
    }
  g_assert_cmpuint (images, ==, n_pages ());
}

/* The same file with its text objects blanked out, byte offsets unchanged. */
static char *
pdf_without_text (const char *path)
{
  g_autofree char *data = NULL;
  g_autofree char *copy = g_build_filename (fixture.dir, "image-only.pdf", NULL);
  gsize len = 0;
  guint blanked = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (char *bt = data; (bt = find_bytes (bt, data + len, "\nBT\n")) != NULL; blanked++)
    {
      char *et = find_bytes (bt, data + len, "\nET\n");

      g_assert_nonnull (et);
      g_assert_true (g_str_has_prefix (bt, "\nBT\n3 Tr\n"));  /* invisible ink */
      memset (bt + 1, ' ', et + 3 - (bt + 1));
      bt = et + 3;
    }
  g_assert_cmpuint (blanked, ==, n_pages ());
  g_assert_true (g_file_set_contents (copy, data, len, NULL));
  return g_steal_pointer (&copy);
}

static char *
render (const char *pdf,
        const char *stem)
{
  g_autofree char *root = g_build_filename (fixture.dir, stem, NULL);
  const char *argv[] = { "pdftoppm", "-r", "36", "-gray", "-singlefile", pdf, root, NULL };
  g_autofree char *out = tool_output (argv);
  g_autofree char *image = g_strconcat (root, ".pgm", NULL);

  return vn_test_read_file (image);
}

/* The text layer draws nothing: the page renders exactly as its image alone. */
static void
assert_text_invisible (const char *path)
{
  g_autofree char *image_only = pdf_without_text (path);
  g_autofree char *with_text = render (path, "with-text");
  g_autofree char *without = render (image_only, "without-text");

  g_assert_cmpstr (with_text, ==, without);
}

/* Poppler rebuilds a broken cross-reference table silently: check every offset by hand. */
static void
assert_xref_exact (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  char *start = NULL;
  const char *xref;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  for (char *p = data; (p = find_bytes (p, data + len, "startxref\n")) != NULL; p++)
    start = p;
  g_assert_nonnull (start);
  xref = data + g_ascii_strtoull (start + strlen ("startxref\n"), NULL, 10);
  g_assert_true (g_str_has_prefix (xref, "xref\n0 "));
  n = g_ascii_strtoull (xref + strlen ("xref\n0 "), NULL, 10);
  xref = strchr (xref + strlen ("xref\n"), '\n') + 1;
  g_assert_true (g_str_has_prefix (xref, "0000000000 65535 f \n"));
  for (guint i = 1; i < n; i++)
    {
      const char *entry = xref + 20 * i;
      g_autofree char *expected = g_strdup_printf ("%u 0 obj\n", i);
      guint64 offset = g_ascii_strtoull (entry, NULL, 10);

      g_assert_cmpmem (entry + 10, 9, " 00000 n ", 9);
      g_assert_cmpuint (offset, <, len);
      g_assert_true (g_str_has_prefix (data + offset, expected));
    }
}

static void
test_pdf (void)
{
  g_autofree char *path = NULL;

  if (!have_tool ("pdftotext", "poppler-utils"))
    return;
  path = export (VN_EXPORT_PDF);
  assert_runs_clean ((const char *[]) { "pdfinfo", path, NULL });
  assert_xref_exact (path);
  assert_pdf_text (path, FALSE);
  assert_pdf_text (path, TRUE);
  assert_font_embedded (path);
  assert_one_image_per_page (path);
  assert_text_invisible (path);
}

/* A blank scan with one OCR line that reads like the text: each token matches a word. */
static VnCollation *
synthetic_collation (const char  *text,
                     GPtrArray  **scans)
{
  g_autofree char *png = g_build_filename (fixture.dir, "synthetic.png", NULL);
  const char *files[] = { png, NULL };
  PIX *pix = pixCreate (2400, 300, 8);
  g_autoptr(VnOcrPage) page = vn_ocr_page_new (png, 2400, 300, 300);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(VnTranscription) t = vn_transcription_new_from_bytes (bytes, "synthetic.txt", NULL);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_auto(GStrv) words = g_strsplit (stripped, " ", -1);
  g_autoptr(GError) error = NULL;
  int x = 100;

  pixSetAll (pix);
  pixSetResolution (pix, 300, 300);
  g_assert_cmpint (pixWrite (png, pix, IFF_PNG), ==, 0);
  pixDestroy (&pix);
  *scans = vn_scan_expand_files (files, &error);
  g_assert_no_error (error);
  for (guint i = 0; words[i]; i++)
    {
      VnBox box = { x, 100, 30 * (int) g_utf8_strlen (words[i], -1), 50 };

      vn_ocr_page_add_word (page, words[i], &box, 90, 0, 0, 0);
      x += box.w + 30;
    }
  g_ptr_array_add (pages, g_object_ref (page));
  return vn_collation_new (t, pages, spell);
}

/* Characters beyond the BMP, which a ToUnicode CMap cannot map half a surrogate at a time. */
static void
test_pdf_beyond_bmp (void)
{
  static const char text[] = "Fraktur 𝔄𝔅 emoji 😀 and <&\"> stay readable\n";
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(VnCollation) collation = NULL;
  g_autofree char *path = g_build_filename (fixture.dir, "astral.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (!have_tool ("pdftotext", "poppler-utils"))
    return;
  collation = synthetic_collation (text, &scans);
  vn_export_write (collation, scans, VN_EXPORT_PDF, path, &error);
  g_assert_no_error (error);
  out = tool_output ((const char *[]) { "pdftotext", "-enc", "UTF-8", path, "-", NULL });
  g_strstrip (out);
  g_assert_cmpstr (out, ==, "Fraktur 𝔄𝔅 emoji 😀 and <&\"> stay readable");
}

/* ------------------------------------------------------------------ errors */

static void
test_unwritable (void)
{
  load_document ();
  for (VnExportFormat f = VN_EXPORT_TEXT; f <= VN_EXPORT_TEI; f++)
    {
      g_autofree char *path = g_build_filename (fixture.dir, "missing-folder", "out", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (vn_export_write (fixture.collation, fixture.scans, f, path, &error));
      g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "missing-folder"));
      g_assert_nonnull (strstr (error->message, "folder does not exist"));
    }
}

/* In a subprocess, which has no threads yet when TESSDATA_PREFIX changes. */
static void
test_missing_font (void)
{
  g_autofree char *empty = g_build_filename (fixture.dir, "no-tessdata", NULL);
  g_autofree char *path = g_build_filename (fixture.dir, "no-font.pdf", NULL);
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(VnCollation) collation = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  g_setenv ("TESSDATA_PREFIX", empty, TRUE);
  collation = synthetic_collation ("Верно.\n", &scans);
  g_assert_false (vn_export_write (collation, scans, VN_EXPORT_PDF, path, &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT);
  g_assert_nonnull (strstr (error->message, "pdf.ttf"));
  g_assert_nonnull (strstr (error->message, "tesseract-ocr"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Without OCR there is nowhere to put the words: only plain text can be written. */
static void
test_no_pages (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("Верно.\n", strlen ("Верно.\n"));
  g_autoptr(VnTranscription) t = vn_transcription_new_from_bytes (bytes, "short.txt", NULL);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  g_autoptr(VnCollation) collation = vn_collation_new (t, none, spell);
  g_autofree char *text = g_build_filename (fixture.dir, "short.txt", NULL);
  g_autofree char *alto = g_build_filename (fixture.dir, "short.alto.xml", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (vn_export_write (collation, none, VN_EXPORT_TEXT, text, &error));
  g_assert_no_error (error);
  g_assert_false (vn_export_write (collation, none, VN_EXPORT_ALTO, alto, &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, "short.txt"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/export/format-names", test_format_names);
  g_test_add_func ("/verno/export/page-file-path", test_page_file_path);
  g_test_add_func ("/verno/export/text", test_text);
  g_test_add_func ("/verno/export/hocr", test_hocr);
  g_test_add_func ("/verno/export/alto", test_alto);
  g_test_add_func ("/verno/export/page", test_page);
  g_test_add_func ("/verno/export/pdf", test_pdf);
  g_test_add_func ("/verno/export/pdf-beyond-bmp", test_pdf_beyond_bmp);
  g_test_add_func ("/verno/export/tei", test_tei);
  g_test_add_func ("/verno/export/escaping", test_escaping);
  g_test_add_func ("/verno/export/unwritable", test_unwritable);
  g_test_add_func ("/verno/export/missing-font", test_missing_font);
  g_test_add_func ("/verno/export/no-pages", test_no_pages);
  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();
  return status;
}
