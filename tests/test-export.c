/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: the table of formats; the letter, corrected by hand (a hyphenated word
 * joined among the corrections), exported in every format and read back by the tools
 * archives use (libxml2 and the schemas, pdftotext, pdffonts, pdfimages, pdftoppm); scans
 * of every colour type and resolution in the PDF; where image references point; errors.
 * test-export-corpus.c does the same with random corrections on every corpus page. */
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-export.h"
#include "vn-scan.h"
#include "vn-test-export.h"

/* A word with every character XML must escape, put into the verified text by hand. */
#define ESCAPED_WORD "Пхень<я&\"на,"
#define SOFT_HYPHEN "\xC2\xAD"

typedef struct
{
  const char *from;
  const char *to;
} Replacement;

/* The editor's corrections: errors of the published transcription, two words the scan
 * hyphenates at line ends made whole, and the escaping test. */
static const Replacement letter_fixes[] = {
  { "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ" },
  { "Bepho", "Верно" },
  { "кулвтличности", "культ личности" },
  { "товари – щеской", "товарищеской" },
  { "на – правленной", "направленной" },
  { "Пхеньяна,", ESCAPED_WORD },
  { NULL, NULL },
};

typedef struct
{
  GPtrArray   *scans;      /* VnScanPage */
  GPtrArray   *ocr;        /* VnOcrPage */
  char        *verified;   /* the corrected text */
  GPtrArray   *words;      /* the verified text's words, in order */
  VnCollation *collation;
  char        *dir;        /* for the exports */
} Fixture;

static Fixture fixture;

/* ------------------------------------------------------------------ the letter */

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

/* Recognised once and only by the tests that need it, so that a subprocess test runs without
 * OCR threads. */
static void
load_document (void)
{
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VnTranscription) verified = NULL;
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  g_autoptr(GError) error = NULL;
  VnTranscription *canonical;

  if (fixture.collation != NULL)
    return;
  fixture.ocr = vn_test_ocr_letter (&project);
  fixture.scans = g_ptr_array_ref (vn_project_get_scan_pages (project));
  canonical = vn_project_get_transcription (project);
  fixture.verified = apply_fixes (vn_transcription_get_text (canonical, NULL), letter_fixes);
  bytes = g_bytes_new (fixture.verified, strlen (fixture.verified));
  verified = vn_transcription_new_from_bytes (bytes, "letter-verified.txt", &error);
  g_assert_no_error (error);
  fixture.collation = vn_collation_new (verified, fixture.ocr, spell);
  fixture.words = vn_test_text_words (fixture.verified);
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

static char *
temp_path (const char *name)
{
  return g_build_filename (fixture.dir, name, NULL);
}

/* Exports in @format to the fixture's folder; returns the path given. */
static char *
export (VnExportFormat format)
{
  g_autofree char *name = g_strdup_printf ("letter.%s", vn_export_format_extension (format));
  char *path = temp_path (name);
  g_autoptr(GError) error = NULL;

  load_document ();
  g_assert_true (vn_export_write (fixture.collation, fixture.scans, format, path, &error));
  g_assert_no_error (error);
  return path;
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

/* ------------------------------------------------------------------ the table */

static void
test_format_names (void)
{
  g_autofree char *names = vn_export_dup_format_names ();
  g_auto(GStrv) listed = g_strsplit (names, ", ", -1);

  g_assert_cmpuint (g_strv_length (listed), ==, VN_EXPORT_N_FORMATS);
  for (VnExportFormat f = 0; f < VN_EXPORT_N_FORMATS; f++)
    {
      const VnExportFormatInfo *info = vn_export_format_get_info (f);
      VnExportFormat parsed = -1;
      g_autofree char *upper = g_ascii_strup (vn_export_format_to_string (f), -1);

      g_assert_cmpint (info->format, ==, f);
      g_assert_cmpstr (listed[f], ==, info->name);
      g_assert_true (vn_export_format_from_string (info->name, &parsed));
      g_assert_cmpint (parsed, ==, f);
      g_assert_true (vn_export_format_from_string (upper, &parsed));
      g_assert_cmpint (parsed, ==, f);
      g_assert_nonnull (info->write);
      g_assert_true (*info->extension && *info->label && *info->title);
      /* Plain text is the one that needs no scans. */
      g_assert_cmpint (!(info->flags & VN_EXPORT_NEEDS_SCANS), ==, f == VN_EXPORT_TEXT);
    }
  {
    VnExportFormat parsed = -1;

    g_assert_true (vn_export_format_from_string ("text", &parsed));
    g_assert_cmpint (parsed, ==, VN_EXPORT_TEXT);
  }
  g_assert_false (vn_export_format_from_string ("docx", &(VnExportFormat) { 0 }));
  g_assert_false (vn_export_format_from_string (NULL, &(VnExportFormat) { 0 }));
}

/* The window's export menu: an item per format of the table, each the export action with the
 * format's name. */
static void
test_menu (void)
{
  g_autoptr(GMenuModel) menu = vn_export_dup_menu ("win.export");

  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, VN_EXPORT_N_FORMATS);
  for (VnExportFormat f = 0; f < VN_EXPORT_N_FORMATS; f++)
    {
      g_autofree char *action = NULL, *label = NULL;
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, f, "target",
                                                                           G_VARIANT_TYPE_STRING);

      g_assert_true (g_menu_model_get_item_attribute (menu, f, "action", "s", &action));
      g_assert_true (g_menu_model_get_item_attribute (menu, f, "label", "s", &label));
      g_assert_cmpstr (action, ==, "win.export");
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, vn_export_format_to_string (f));
      g_assert_cmpstr (label, ==, vn_export_format_get_info (f)->label);
    }
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

/* ------------------------------------------------------------------ the letter's formats */

/* Every format says the verified text's words, the corrections with them. */
static void
test_words (void)
{
  if (!vn_test_have_tool ("pdftotext", "poppler-utils"))
    return;
  for (VnExportFormat f = 0; f < VN_EXPORT_N_FORMATS; f++)
    {
      g_autofree char *path = export (f);
      g_autoptr(GPtrArray) words = vn_test_export_words (f, path, n_pages ());

      vn_test_assert_words_equal (words, fixture.words, vn_export_format_to_string (f));
      g_assert_true (contains_word (words, "ПОЛОЖЕНИЕ."));
      g_assert_true (contains_word (words, "товарищеской"));
      g_assert_true (contains_word (words, ESCAPED_WORD));
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

/* Verno's own hOCR reader takes one page per file: each ocr_page is read on its own, with
 * every box on its page. */
static void
test_hocr (void)
{
  g_autofree char *path = export (VN_EXPORT_HOCR);
  xmlDocPtr doc = vn_test_read_xml (path);
  g_autoptr(GPtrArray) pages = vn_test_xpath_nodes (doc, NULL, "//h:div[@class='ocr_page']");
  g_autoptr(GPtrArray) confident = NULL;

  g_assert_cmpuint (pages->len, ==, n_pages ());
  for (guint p = 0; p < pages->len; p++)
    {
      xmlDocPtr one = xmlNewDoc (BAD_CAST "1.0");
      xmlNodePtr html = xmlNewDocNode (one, NULL, BAD_CAST "html", NULL);
      xmlNodePtr body = xmlNewChild (html, NULL, BAD_CAST "body", NULL);
      g_autoptr(VnOcrPage) ocr = NULL;
      g_autoptr(GError) error = NULL;
      xmlChar *data = NULL;
      int len = 0;

      xmlDocSetRootElement (one, html);
      xmlAddChild (body, xmlDocCopyNode (g_ptr_array_index (pages, p), one, 1));
      xmlDocDumpMemoryEnc (one, &data, &len, "UTF-8");
      ocr = vn_ocr_page_new_from_hocr ((const char *) data, len, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (vn_ocr_page_get_n_words (ocr), >, 100);
      for (guint i = 0; i < vn_ocr_page_get_n_words (ocr); i++)
        {
          const VnOcrWord *word = vn_ocr_page_get_word (ocr, i);

          g_assert_cmpint (word->box.x + word->box.w, <=, vn_ocr_page_get_width (ocr));
          g_assert_cmpint (word->box.y + word->box.h, <=, vn_ocr_page_get_height (ocr));
        }
      xmlFree (data);
      xmlFreeDoc (one);
    }
  /* Confidences where the OCR read the verified word, and not for a corrected one. */
  confident = vn_test_xpath_strings (doc, NULL, "//h:span[@class='ocrx_word'][contains(@title, "
                                                "'x_wconf')]");
  g_assert_cmpuint (confident->len, >, fixture.words->len / 2);
  g_assert_false (contains_word (confident, ESCAPED_WORD));
  xmlFreeDoc (doc);
}

static void
test_alto (void)
{
  g_autofree char *path = export (VN_EXPORT_ALTO);
  g_autoptr(GPtrArray) pages = NULL, files = NULL;

  vn_test_assert_schema_valid (path, "schemas/alto-4-4.xsd");
  pages = vn_test_file_strings (path, "//alto:Page/@PHYSICAL_IMG_NR");
  g_assert_cmpuint (pages->len, ==, n_pages ());
  /* Two files: each page's named, absolute since the scans lie outside the export's folder. */
  files = vn_test_file_strings (path, "//alto:sourceImageInformation/alto:fileIdentifier");
  g_assert_cmpuint (files->len, ==, n_pages ());
  for (guint p = 0; p < files->len; p++)
    g_assert_cmpstr (g_ptr_array_index (files, p), ==,
                     ((VnScanPage *) g_ptr_array_index (fixture.scans, p))->path);
}

static void
test_page (void)
{
  g_autofree char *path = export (VN_EXPORT_PAGE);

  /* A multi-page document is one PAGE file per page; the path given names none of them. */
  g_assert_cmpuint (n_pages (), >, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  for (guint p = 0; p < n_pages (); p++)
    {
      g_autofree char *page_path = vn_export_page_file_path (path, p, n_pages ());
      g_autoptr(GPtrArray) images = vn_test_file_strings (page_path, "//pc:Page/@imageFilename");
      g_autoptr(GPtrArray) dpi = vn_test_file_strings (page_path, "//pc:Page/@imageXResolution");

      vn_test_assert_schema_valid (page_path, "schemas/pagecontent-2019-07-15.xsd");
      g_assert_cmpstr (g_ptr_array_index (images, 0), ==,
                       ((VnScanPage *) g_ptr_array_index (fixture.scans, p))->path);
      g_assert_cmpstr (g_ptr_array_index (dpi, 0), ==, "300");
    }
}

static void
test_tei (void)
{
  g_autofree char *path = export (VN_EXPORT_TEI);
  g_autoptr(GPtrArray) breaks = vn_test_file_strings (path, "//tei:body//tei:pb/@facs");
  g_autoptr(GPtrArray) surfaces = vn_test_file_strings (path, "//tei:facsimile/tei:surface/"
                                                              "tei:graphic/@url");

  g_assert_cmpuint (breaks->len, ==, n_pages ());
  g_assert_cmpstr (g_ptr_array_index (breaks, 0), ==, "#page1");
  g_assert_cmpuint (surfaces->len, ==, n_pages ());
  g_assert_true (g_str_has_prefix (g_ptr_array_index (surfaces, 0), "file:///"));
}

/* ------------------------------------------------------------------ a word hyphenated across lines */

typedef struct
{
  int x, y, w, h;
} Box;

static Box
alto_box (xmlNodePtr node)
{
  g_autofree char *x = vn_test_node_attr (node, "HPOS"), *y = vn_test_node_attr (node, "VPOS");
  g_autofree char *w = vn_test_node_attr (node, "WIDTH"), *h = vn_test_node_attr (node, "HEIGHT");

  return (Box) { atoi (x), atoi (y), atoi (w), atoi (h) };
}

static Box
hocr_box (xmlNodePtr node)
{
  g_autofree char *title = vn_test_node_attr (node, "title");
  int x0, y0, x1, y1;

  g_assert_cmpint (sscanf (title, "bbox %d %d %d %d", &x0, &y0, &x1, &y1), ==, 4);
  return (Box) { x0, y0, x1 - x0, y1 - y0 };
}

static Box
page_box (xmlNodePtr node)
{
  g_autofree char *points = NULL;
  int x0, y0, x1, y1;

  for (xmlNodePtr c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, "Coords"))
      points = vn_test_node_attr (c, "points");
  g_assert_nonnull (points);
  g_assert_cmpint (sscanf (points, "%d,%d %d,%*d %*d,%d", &x0, &y0, &x1, &y1), ==, 4);
  return (Box) { x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
}

/* The second part starts the next line: below the first, and left of it. */
static void
assert_next_line (Box first,
                  Box second)
{
  g_assert_cmpint (second.y, >=, first.y + first.h / 2);
  g_assert_cmpint (second.x + second.w, <, first.x);
}

static xmlNodePtr
parent_element (xmlNodePtr node)
{
  return node->parent;
}

/* "товари – щеской" made "товарищеской": the scan has "товари-" at a line's end and "щеской"
 * at the next one's start; every format says so with its own means, with both boxes. */
static void
test_hyphenated_word (void)
{
  g_autofree char *alto = export (VN_EXPORT_ALTO), *hocr = export (VN_EXPORT_HOCR);
  g_autofree char *page = export (VN_EXPORT_PAGE), *tei = export (VN_EXPORT_TEI);
  g_autofree char *page_1 = vn_export_page_file_path (page, 0, n_pages ());
  xmlDocPtr doc = vn_test_read_xml (alto);
  g_autoptr(GPtrArray) parts = vn_test_xpath_nodes (doc, NULL, "//alto:String[@SUBS_CONTENT="
                                                               "'товарищеской']");
  g_autoptr(GPtrArray) hyphens = NULL;
  g_autofree char *type_1 = NULL, *type_2 = NULL, *content_1 = NULL, *content_2 = NULL;
  g_autoptr(GPtrArray) spans = NULL, words = NULL, lbs = NULL;
  g_autofree char *tei_text = NULL;

  g_assert_cmpuint (parts->len, ==, 2);
  type_1 = vn_test_node_attr (g_ptr_array_index (parts, 0), "SUBS_TYPE");
  type_2 = vn_test_node_attr (g_ptr_array_index (parts, 1), "SUBS_TYPE");
  content_1 = vn_test_node_attr (g_ptr_array_index (parts, 0), "CONTENT");
  content_2 = vn_test_node_attr (g_ptr_array_index (parts, 1), "CONTENT");
  g_assert_cmpstr (type_1, ==, "HypPart1");
  g_assert_cmpstr (type_2, ==, "HypPart2");
  g_assert_cmpstr (content_1, ==, "товари");
  g_assert_cmpstr (content_2, ==, "щеской");
  g_assert_true (parent_element (g_ptr_array_index (parts, 0)) !=
                 parent_element (g_ptr_array_index (parts, 1)));
  assert_next_line (alto_box (g_ptr_array_index (parts, 0)),
                    alto_box (g_ptr_array_index (parts, 1)));
  hyphens = vn_test_xpath_nodes (doc, parent_element (g_ptr_array_index (parts, 0)), "alto:HYP");
  g_assert_cmpuint (hyphens->len, ==, 1);
  xmlFreeDoc (doc);

  doc = vn_test_read_xml (hocr);
  spans = vn_test_xpath_nodes (doc, NULL, "//h:span[@class='ocrx_word'][text()='товари"
                                          SOFT_HYPHEN "' or text()='щеской']");
  g_assert_cmpuint (spans->len, ==, 2);
  assert_next_line (hocr_box (g_ptr_array_index (spans, 0)),
                    hocr_box (g_ptr_array_index (spans, 1)));
  xmlFreeDoc (doc);

  doc = vn_test_read_xml (page_1);
  words = vn_test_xpath_nodes (doc, NULL, "//pc:Word[pc:TextEquiv/pc:Unicode='товари"
                                          SOFT_HYPHEN "' or pc:TextEquiv/pc:Unicode='щеской']");
  g_assert_cmpuint (words->len, ==, 2);
  assert_next_line (page_box (g_ptr_array_index (words, 0)),
                    page_box (g_ptr_array_index (words, 1)));
  xmlFreeDoc (doc);

  /* TEI: the line break inside the word, nothing around it. */
  tei_text = vn_test_read_file (tei);
  g_assert_true (g_regex_match_simple ("товари<lb break=\"no\" facs=\"#page1_line[0-9]+\"/>"
                                       "щеской", tei_text, 0, 0));
  lbs = vn_test_file_strings (tei, "//tei:lb[@break='no']");
  g_assert_cmpuint (lbs->len, >=, 2);
}

/* ------------------------------------------------------------------ PDF */

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
                 const char *mode)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", mode, path, "-", NULL };
  g_autofree char *text = vn_test_tool_output (argv);
  g_autoptr(GRegex) line_end = g_regex_new ("-\n[ \t]*", 0, 0, NULL);
  g_autofree char *joined = NULL;
  g_autoptr(GPtrArray) words = NULL;

  /* In content-stream order and physical layout, pdftotext does not join a word hyphenated
   * across lines; a reader does, as pdftotext does in reading order. */
  joined = g_regex_replace_literal (line_end, text, -1, 0, "", 0, NULL);
  words = vn_test_text_words (joined);
  vn_test_assert_words_equal (words, fixture.words, mode);
}

static void
assert_font_embedded (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = vn_test_tool_output (argv);
  g_autoptr(GRegex) regex = g_regex_new ("^GlyphLessFont +CID TrueType +Identity-H +yes +\\S+ "
                                         "+yes ", G_REGEX_MULTILINE, 0, NULL);

  if (!g_regex_match (regex, out, 0, NULL))
    g_error ("the glyphless font is not embedded with a ToUnicode map:\n%s", out);
}

/* One image per page, the scan's own colour type at its own size, losslessly compressed. */
static void
assert_one_image_per_page (const char *path)
{
  g_autoptr(GPtrArray) rows = vn_test_pdf_image_rows (path);

  g_assert_cmpuint (rows->len, ==, n_pages ());
  for (guint p = 0; p < rows->len; p++)
    {
      char **row = g_ptr_array_index (rows, p);
      VnScanPage *scan = g_ptr_array_index (fixture.scans, p);
      VnOcrPage *ocr = g_ptr_array_index (fixture.ocr, p);

      g_assert_cmpint (atoi (row[0]), ==, p + 1);
      g_assert_cmpstr (row[2], ==, "image");
      g_assert_cmpint (atoi (row[3]), ==, vn_ocr_page_get_width (ocr));
      g_assert_cmpint (atoi (row[4]), ==, vn_ocr_page_get_height (ocr));
      g_assert_cmpstr (row[5], ==, vn_test_colour_type (scan->path));
      g_assert_cmpstr (row[8], ==, "image");  /* Flate, as the PNG itself */
      g_assert_cmpstr (row[12], ==, "300");   /* x-ppi */
    }
}

/* The same file with its text objects blanked out, byte offsets unchanged. */
static char *
pdf_without_text (const char *path)
{
  g_autofree char *data = NULL;
  g_autofree char *copy = temp_path ("image-only.pdf");
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
  g_autofree char *root = temp_path (stem);
  const char *argv[] = { "pdftoppm", "-r", "36", "-gray", "-singlefile", pdf, root, NULL };
  g_autofree char *out = vn_test_tool_output (argv);
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

  if (!vn_test_have_tool ("pdftotext", "poppler-utils"))
    return;
  path = export (VN_EXPORT_PDF);
  vn_test_tool_output ((const char *[]) { "pdfinfo", path, NULL });
  assert_xref_exact (path);
  assert_pdf_text (path, "-raw");
  assert_pdf_text (path, "-layout");
  assert_font_embedded (path);
  assert_one_image_per_page (path);
  assert_text_invisible (path);
}

/* ------------------------------------------------------------------ synthetic scans */

/* A page of @width × @height, read at @dpi, that reads like @text: every word, left to right on one line. */
static VnOcrPage *
synthetic_page (const char *image,
                int         width,
                int         height,
                int         dpi,
                const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_auto(GStrv) words = g_strsplit (stripped, " ", -1);
  VnOcrPage *page = vn_ocr_page_new (image, width, height, dpi);
  int char_w = MAX (2, width / (3 * (int) strlen (stripped) + 6));
  int x = char_w;

  for (guint i = 0; words[i]; i++)
    {
      VnBox box = { x, height / 3, char_w * (int) g_utf8_strlen (words[i], -1), height / 3 };

      vn_ocr_page_add_word (page, words[i], &box, 90, 0, 0, 0);
      x += box.w + char_w;
    }
  return page;
}

/* The text on the scans of @files, page by page, through the OCR of synthetic_page () at the
 * resolution Verno reads the scan at. */
static VnCollation *
synthetic_collation (const char * const *files,
                     const char         *page_text,
                     GPtrArray         **scans_out)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VnTranscription) t = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *scans = vn_scan_expand_files (files, &error);

  g_assert_no_error (error);
  for (guint p = 0; p < scans->len; p++)
    {
      VnScanPage *scan = g_ptr_array_index (scans, p);
      int dpi = 0;
      PIX *pix = vn_scan_page_load (scan, &dpi, &error);

      g_assert_no_error (error);
      g_ptr_array_add (pages, synthetic_page (scan->label, pixGetWidth (pix), pixGetHeight (pix),
                                              dpi, page_text));
      vn_ocr_page_set_skew (g_ptr_array_index (pages, p), 0);
      g_string_append_printf (text, "%s%s\n", p > 0 ? "\f\n" : "", page_text);
      pixDestroy (&pix);
    }
  bytes = g_bytes_new (text->str, text->len);
  t = vn_transcription_new_from_bytes (bytes, "synthetic.txt", &error);
  g_assert_no_error (error);
  *scans_out = scans;
  return vn_collation_new (t, pages, spell);
}

/* A picture with some structure, in @depth bits (32: colour), @colormap for a palette. */
static PIX *
make_picture (int      width,
              int      height,
              int      depth,
              gboolean colormap)
{
  PIX *pix = pixCreate (width, height, depth == 1 ? 1 : depth == 32 ? 32 : 8);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint v = (x * 7 + y * 3) % 256;

        if (depth == 1)
          pixSetPixel (pix, x, y, ((x / 9) + (y / 5)) % 2);
        else if (depth == 32)
          pixSetPixel (pix, x, y, (v << 24) | (((255 - v) & 0xff) << 16) | ((x % 256) << 8));
        else
          pixSetPixel (pix, x, y, colormap ? v % 4 : v);
      }
  if (colormap)
    {
      PIXCMAP *cmap = pixcmapCreate (8);

      pixcmapAddColor (cmap, 200, 20, 20);
      pixcmapAddColor (cmap, 20, 200, 20);
      pixcmapAddColor (cmap, 20, 20, 200);
      pixcmapAddColor (cmap, 250, 250, 250);
      pixSetColormap (pix, cmap);
    }
  return pix;
}

typedef struct
{
  const char *name;
  int         format;     /* Leptonica's IFF_ */
  int         depth;
  gboolean    colormap;
  int         dpi;        /* what the file says; 0 for nothing */
  int         page_dpi;   /* what the PDF's page must be */
  const char *colour;     /* pdfimages' colour type */
  const char *encoding;   /* pdfimages' enc */
} ImageCase;

static const ImageCase image_cases[] = {
  { "colour.jpg", IFF_JFIF_JPEG, 32, FALSE, 300, 300, "rgb", "jpeg" },
  { "grey-72dpi.jpg", IFF_JFIF_JPEG, 8, FALSE, 72, 300, "gray", "jpeg" },
  { "colour.png", IFF_PNG, 32, FALSE, 400, 400, "rgb", "image" },
  { "palette.png", IFF_PNG, 8, TRUE, 0, 300, "index", "image" },
  { "grey.png", IFF_PNG, 8, FALSE, 600, 600, "gray", "image" },
  { "bilevel.png", IFF_PNG, 1, FALSE, 300, 300, "gray", "image" },
  { "bilevel-g4.tif", IFF_TIFF_G4, 1, FALSE, 200, 200, "gray", "image" },
  { "colour-lzw.tif", IFF_TIFF_LZW, 32, FALSE, 96, 300, "rgb", "image" },
  { "colour.jp2", IFF_JP2, 32, FALSE, 0, 300, "rgb", "jpx" },
};

static char *
write_picture (const ImageCase *c)
{
  g_autofree char *path = temp_path (c->name);
  PIX *pix = make_picture (321, 155, c->depth, c->colormap);

  pixSetResolution (pix, c->dpi, c->dpi);
  if (c->format == IFF_JFIF_JPEG)
    g_assert_cmpint (pixWriteJpeg (path, pix, 90, 0), ==, 0);
  else if (c->format == IFF_JP2)
    g_assert_cmpint (pixWriteJp2k (path, pix, 34, 0, 0, 0), ==, 0);
  else
    g_assert_cmpint (pixWrite (path, pix, c->format), ==, 0);
  pixDestroy (&pix);
  return g_steal_pointer (&path);
}

/* What pdfimages extracts of the page's image: the stream itself for JPEG and JPEG 2000
 * (-all), else the pixels (as PNG). */
static char *
extract_image (const char *pdf,
               guint       page,
               const char *stem)
{
  g_autofree char *root = temp_path (stem);
  g_autofree char *number = g_strdup_printf ("%u", page + 1);
  const char *argv[] = { "pdfimages", "-all", "-f", number, "-l", number, pdf, root, NULL };
  g_autofree char *out = vn_test_tool_output (argv);
  static const char *extensions[] = { "jpg", "jp2", "png", "pbm", "pgm", "ppm", "tif" };

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      char *path = g_strdup_printf ("%s-000.%s", root, extensions[i]);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
  g_error ("pdfimages extracted nothing from page %u of %s", page + 1, pdf);
}

static void
assert_same_bytes (const char *a,
                   const char *b)
{
  g_autofree char *x = NULL, *y = NULL;
  gsize nx = 0, ny = 0;

  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  g_assert_cmpmem (x, nx, y, ny);
}

/* The same pixels, whatever the depth each file stores them in. */
static void
assert_same_pixels (const char *a,
                    PIX        *original)
{
  PIX *pa = pixRead (a), *ca, *cb;
  int same = 0;

  g_assert_nonnull (pa);
  ca = pixConvertTo32 (pa);
  cb = pixConvertTo32 (original);
  pixSetSpp (ca, 3);
  pixSetSpp (cb, 3);
  g_assert_cmpint (pixEqual (ca, cb, &same), ==, 0);
  g_assert_true (same);
  pixDestroy (&pa);
  pixDestroy (&ca);
  pixDestroy (&cb);
}

static void
assert_rendered_size (const char *pdf,
                      guint       page,
                      int         dpi,
                      int         width,
                      int         height)
{
  g_autofree char *root = temp_path ("rendered");
  g_autofree char *number = g_strdup_printf ("%u", page + 1);
  g_autofree char *res = g_strdup_printf ("%d", dpi);
  const char *argv[] = { "pdftoppm", "-r", res, "-f", number, "-l", number, "-gray",
                         "-singlefile", pdf, root, NULL };
  g_autofree char *out = vn_test_tool_output (argv);
  g_autofree char *image = g_strconcat (root, ".pgm", NULL);
  PIX *pix = pixRead (image);

  g_assert_cmpint (pixGetWidth (pix), ==, width);
  g_assert_cmpint (pixGetHeight (pix), ==, height);
  pixDestroy (&pix);
}

/* Each colour type in the PDF as it is: JPEG and JPEG 2000 streams embedded as they are, the
 * rest losslessly in their own colour type; the page at the file's resolution when plausible
 * (else 300 dpi), rendered at it to the image's exact size; the text readable on it. */
static void
test_pdf_images (void)
{
  if (!vn_test_have_tool ("pdfimages", "poppler-utils"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (image_cases); i++)
    {
      const ImageCase *c = &image_cases[i];
      g_autofree char *image = write_picture (c);
      g_autofree char *pdf_name = g_strdup_printf ("%s.pdf", c->name);
      g_autofree char *pdf = temp_path (pdf_name);
      g_autoptr(GPtrArray) scans = NULL;
      g_autoptr(VnCollation) collation = synthetic_collation ((const char *[]) { image, NULL },
                                                              "Верно <&> 𝔄𝔅", &scans);
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *extracted = NULL, *text = NULL;

      g_test_message ("%s", c->name);
      g_assert_true (vn_export_write (collation, scans, VN_EXPORT_PDF, pdf, &error));
      rows = vn_test_pdf_image_rows (pdf);
      g_assert_cmpuint (rows->len, ==, 1);
      g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[5], ==, c->colour);
      g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[8], ==, c->encoding);
      extracted = extract_image (pdf, 0, c->name);
      if (c->format == IFF_JFIF_JPEG || c->format == IFF_JP2)
        assert_same_bytes (extracted, image);
      else
        {
          PIX *original = pixRead (image);
          assert_same_pixels (extracted, original);
          pixDestroy (&original);
        }
      assert_rendered_size (pdf, 0, c->page_dpi, 321, 155);
      text = vn_test_tool_output ((const char *[]) { "pdftotext", "-enc", "UTF-8", pdf, "-",
                                                     NULL });
      g_assert_cmpstr (g_strstrip (text), ==, "Верно <&> 𝔄𝔅");
    }
}

/* A JPEG that says 72 dpi, the corpus's English letter: its page is not 13 × 16 inches but
 * the size at 300 dpi, Verno's default for scans that do not say. */
static void
test_pdf_implausible_resolution (void)
{
  g_autofree char *jpg = vn_test_shared_path ("corpus/en-typewritten/EHRI-BF-19380509b_EN_01.jpg");
  g_autofree char *pdf = temp_path ("72dpi.pdf");
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(VnCollation) collation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  double w = 0, h = 0;
  const char *size;

  if (!vn_test_have_tool ("pdfinfo", "poppler-utils"))
    return;
  collation = synthetic_collation ((const char *[]) { jpg, NULL }, "London", &scans);
  g_assert_true (vn_export_write (collation, scans, VN_EXPORT_PDF, pdf, &error));
  info = vn_test_tool_output ((const char *[]) { "pdfinfo", pdf, NULL });
  size = strstr (info, "Page size:");
  g_assert_nonnull (size);
  g_assert_cmpint (sscanf (size, "Page size: %lf x %lf", &w, &h), ==, 2);
  g_assert_cmpfloat_with_epsilon (w, 934 * 72.0 / 300, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 1170 * 72.0 / 300, 0.01);
}

/* Characters beyond the BMP, which a ToUnicode CMap cannot map half a surrogate at a time,
 * and a hyphen the text has at a line's end, which readers must not join to the next line. */
static void
test_pdf_text_layer (void)
{
  static const char text[] = "Fraktur 𝔄𝔅 emoji 😀 and <&\"> stay readable-";
  g_autofree char *png = temp_path ("blank.png");
  g_autofree char *path = temp_path ("astral.pdf");
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(VnCollation) collation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  PIX *pix = pixCreate (2400, 300, 8);

  if (!vn_test_have_tool ("pdftotext", "poppler-utils"))
    return;
  pixSetAll (pix);
  pixSetResolution (pix, 300, 300);
  g_assert_cmpint (pixWrite (png, pix, IFF_PNG), ==, 0);
  pixDestroy (&pix);
  collation = synthetic_collation ((const char *[]) { png, png, NULL }, text, &scans);
  g_assert_true (vn_export_write (collation, scans, VN_EXPORT_PDF, path, &error));
  g_assert_no_error (error);
  out = vn_test_tool_output ((const char *[]) { "pdftotext", "-enc", "UTF-8", "-nopgbrk", path,
                                                "-", NULL });
  g_assert_cmpstr (out, ==, "Fraktur 𝔄𝔅 emoji 😀 and <&\"> stay readable- \n\n"
                            "Fraktur 𝔄𝔅 emoji 😀 and <&\"> stay readable- \n\n");
}

/* ------------------------------------------------------------------ image references */

/* What each XML format names the scans by, page by page. */
static GPtrArray *
image_references (VnExportFormat  format,
                  const char     *path,
                  guint           n_pages)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  if (format == VN_EXPORT_ALTO)
    {
      g_autoptr(GPtrArray) ids = vn_test_file_strings (path, "//alto:fileIdentifier");
      g_autoptr(GPtrArray) name = vn_test_file_strings (path, "//alto:fileName");

      if (ids->len > 0)
        g_ptr_array_extend_and_steal (names, g_steal_pointer (&ids));
      else
        g_ptr_array_extend_and_steal (names, g_steal_pointer (&name));
    }
  for (guint p = 0; format == VN_EXPORT_PAGE && p < n_pages; p++)
    {
      g_autofree char *page_path = vn_export_page_file_path (path, p, n_pages);
      g_autoptr(GPtrArray) name = vn_test_file_strings (page_path, "//pc:Page/@imageFilename");

      g_ptr_array_extend_and_steal (names, g_steal_pointer (&name));
    }
  if (format == VN_EXPORT_TEI)
    {
      g_autoptr(GPtrArray) urls = vn_test_file_strings (path, "//tei:graphic/@url");
      g_ptr_array_extend_and_steal (names, g_steal_pointer (&urls));
    }
  if (format == VN_EXPORT_HOCR)
    {
      g_autoptr(GPtrArray) titles = vn_test_file_strings (path, "//h:div[@class='ocr_page']/"
                                                                "@title");

      for (guint i = 0; i < titles->len; i++)
        {
          const char *title = g_ptr_array_index (titles, i);
          const char *end = strstr (title, "\"; ");

          g_assert_true (g_str_has_prefix (title, "image \"") && end != NULL);
          g_ptr_array_add (names, g_strndup (title + 7, end - title - 7));
        }
    }
  g_assert_cmpuint (names->len, ==, n_pages);
  return names;
}

/* @reference, as a reader in the export's folder finds it: the file, and its frame. */
static char *
resolve_reference (VnExportFormat  format,
                   const char     *export_path,
                   const char     *reference,
                   int            *frame)
{
  g_autofree char *name = NULL, *dir = g_path_get_dirname (export_path);
  const char *bracket;

  if (format == VN_EXPORT_TEI)
    name = g_str_has_prefix (reference, "file:") ? g_filename_from_uri (reference, NULL, NULL)
                                                 : g_uri_unescape_string (reference, NULL);
  else
    name = g_strdup (reference);
  g_assert_nonnull (name);
  *frame = -1;
  bracket = g_str_has_suffix (name, "]") ? strrchr (name, '[') : NULL;
  if (bracket != NULL)
    {
      *frame = atoi (bracket + 1);
      name[bracket - name] = '\0';
    }
  if (g_path_is_absolute (name))
    return g_steal_pointer (&name);
  return g_build_filename (dir, name, NULL);
}

/* Exports into @export_dir; every reference finds its scan and frame from there, and is
 * @relative or absolute. */
static void
assert_references (const char  *export_dir,
                   GPtrArray   *scans,
                   VnCollation *collation,
                   gboolean     relative)
{
  for (VnExportFormat f = VN_EXPORT_ALTO; f < VN_EXPORT_N_FORMATS; f++)
    {
      g_autofree char *name = g_strdup_printf ("refs.%s", vn_export_format_extension (f));
      g_autofree char *path = g_build_filename (export_dir, name, NULL);
      g_autoptr(GPtrArray) refs = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (vn_export_write (collation, scans, f, path, &error));
      g_assert_no_error (error);
      refs = image_references (f, path, scans->len);
      for (guint i = 0; i < refs->len; i++)
        {
          const char *ref = g_ptr_array_index (refs, i);
          VnScanPage *scan = g_ptr_array_index (scans, i);
          int frame;
          g_autofree char *file = resolve_reference (f, path, ref, &frame);
          g_autofree char *a = g_canonicalize_filename (file, NULL);
          g_autofree char *b = g_canonicalize_filename (scan->path, NULL);

          g_test_message ("%s in %s: %s", vn_export_format_to_string (f), export_dir, ref);
          g_assert_cmpstr (a, ==, b);
          g_assert_true (g_file_test (a, G_FILE_TEST_IS_REGULAR));
          g_assert_cmpint (relative, !=, g_path_is_absolute (ref) ||
                                         g_str_has_prefix (ref, "file:"));
          g_assert_cmpint (frame, ==, (int) scan->index);
        }
    }
}

/* Scans named relative to the folder Verno runs in: the exports name them relative to their
 * own folder when the scans lie inside it (whether that folder is given relative or not),
 * else by absolute path; a TIFF's frames each by its index. */
static void
test_image_references (void)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *project = temp_path ("project");
  g_autofree char *scans_dir = g_build_filename (project, "scans", NULL);
  g_autofree char *elsewhere = temp_path ("elsewhere");
  g_autofree char *tif = g_build_filename (scans_dir, "frames.tif", NULL);
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(VnCollation) collation = NULL;
  PIX *pix = make_picture (200, 80, 8, FALSE);

  g_assert_cmpint (g_mkdir_with_parents (scans_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (elsewhere, 0700), ==, 0);
  g_assert_cmpint (pixWriteTiff (tif, pix, IFF_TIFF_LZW, "w"), ==, 0);
  g_assert_cmpint (pixWriteTiff (tif, pix, IFF_TIFF_LZW, "a"), ==, 0);
  pixDestroy (&pix);
  g_assert_cmpint (g_chdir (project), ==, 0);
  collation = synthetic_collation ((const char *[]) { "scans/frames.tif", NULL }, "Верно", &scans);
  g_assert_cmpuint (scans->len, ==, 2);
  assert_references (project, scans, collation, TRUE);
  assert_references (".", scans, collation, TRUE);
  assert_references (elsewhere, scans, collation, FALSE);
  assert_references ("scans/../../elsewhere", scans, collation, FALSE);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

/* ------------------------------------------------------------------ errors */

static void
test_unwritable (void)
{
  load_document ();
  for (VnExportFormat f = 0; f < VN_EXPORT_N_FORMATS; f++)
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

/* In a subprocess, which has no threads yet when TESSDATA_PREFIX changes. The export that
 * fails leaves the file it would have replaced as it was. */
static void
test_missing_font (void)
{
  g_autofree char *empty = temp_path ("no-tessdata");
  g_autofree char *path = temp_path ("no-font.pdf");
  g_autofree char *png = temp_path ("font.png");
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(VnCollation) collation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  PIX *pix;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  pix = make_picture (100, 50, 8, FALSE);
  g_assert_cmpint (pixWrite (png, pix, IFF_PNG), ==, 0);
  pixDestroy (&pix);
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  g_setenv ("TESSDATA_PREFIX", empty, TRUE);
  g_assert_true (g_file_set_contents (path, "the previous export", -1, NULL));
  collation = synthetic_collation ((const char *[]) { png, NULL }, "Верно.", &scans);
  g_assert_false (vn_export_write (collation, scans, VN_EXPORT_PDF, path, &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT);
  g_assert_nonnull (strstr (error->message, "pdf.ttf"));
  g_assert_nonnull (strstr (error->message, "tesseract-ocr"));
  kept = vn_test_read_file (path);
  g_assert_cmpstr (kept, ==, "the previous export");
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
  g_autofree char *text = temp_path ("short.txt");
  g_autofree char *alto = temp_path ("short.alto.xml");
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

  /* The user's locale: messages show their words, and numbers must not follow it. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/export/format-names", test_format_names);
  g_test_add_func ("/verno/export/menu", test_menu);
  g_test_add_func ("/verno/export/page-file-path", test_page_file_path);
  g_test_add_func ("/verno/export/words", test_words);
  g_test_add_func ("/verno/export/text", test_text);
  g_test_add_func ("/verno/export/hocr", test_hocr);
  g_test_add_func ("/verno/export/alto", test_alto);
  g_test_add_func ("/verno/export/page", test_page);
  g_test_add_func ("/verno/export/tei", test_tei);
  g_test_add_func ("/verno/export/hyphenated-word", test_hyphenated_word);
  g_test_add_func ("/verno/export/pdf", test_pdf);
  g_test_add_func ("/verno/export/pdf-images", test_pdf_images);
  g_test_add_func ("/verno/export/pdf-implausible-resolution", test_pdf_implausible_resolution);
  g_test_add_func ("/verno/export/pdf-text-layer", test_pdf_text_layer);
  g_test_add_func ("/verno/export/image-references", test_image_references);
  g_test_add_func ("/verno/export/unwritable", test_unwritable);
  g_test_add_func ("/verno/export/missing-font", test_missing_font);
  g_test_add_func ("/verno/export/no-pages", test_no_pages);
  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();
  return status;
}
