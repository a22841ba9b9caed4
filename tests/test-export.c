/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: the table of formats; the letter, corrected by hand (two hyphenated words
 * joined among the corrections), exported in every format and read back by the tools
 * archives use (libxml2 and the schemas, pdftotext, pdffonts, pdfimages, pdftoppm); errors.
 * test-export-images.c tries scans of every kind, test-export-corpus.c random corrections
 * on every corpus page. */
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
      /* Plain text and the corrected original (the published file written back) are the
       * ones that need no scans. */
      g_assert_cmpint (!(info->flags & VN_EXPORT_NEEDS_SCANS), ==,
                       f == VN_EXPORT_TEXT || f == VN_EXPORT_SAME);
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

/* Two elements @expr selects in @path, the second on the next line. */
static void
assert_two_parts (const char *path,
                  const char *expr,
                  Box       (*box_of) (xmlNodePtr))
{
  xmlDocPtr doc = vn_test_read_xml (path);
  g_autoptr(GPtrArray) parts = vn_test_xpath_nodes (doc, NULL, expr);

  g_assert_cmpuint (parts->len, ==, 2);
  assert_next_line (box_of (g_ptr_array_index (parts, 0)), box_of (g_ptr_array_index (parts, 1)));
  xmlFreeDoc (doc);
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
  g_autoptr(GPtrArray) lbs = NULL;
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

  assert_two_parts (hocr, "//h:span[@class='ocrx_word'][text()='товари" SOFT_HYPHEN "' or "
                          "text()='щеской']", hocr_box);
  assert_two_parts (page_1, "//pc:Word[pc:TextEquiv/pc:Unicode='товари" SOFT_HYPHEN "' or "
                            "pc:TextEquiv/pc:Unicode='щеской']", page_box);

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
  g_free (vn_test_tool_output ((const char *[]) { "pdfinfo", path, NULL }));
  assert_xref_exact (path);
  assert_pdf_text (path, "-raw");
  assert_pdf_text (path, "-layout");
  assert_font_embedded (path);
  assert_one_image_per_page (path);
  assert_text_invisible (path);
}

/* ------------------------------------------------------------------ synthetic scans */

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
  pix = vn_test_make_picture (100, 50, 8, FALSE);
  g_assert_cmpint (pixWrite (png, pix, IFF_PNG), ==, 0);
  pixDestroy (&pix);
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  g_setenv ("TESSDATA_PREFIX", empty, TRUE);
  g_assert_true (g_file_set_contents (path, "the previous export", -1, NULL));
  collation = vn_test_collate_on_scans ((const char *[]) { png, NULL }, "Верно.", &scans);
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

  fixture.dir = vn_test_export_init (&argc, &argv, "verno-export-XXXXXX");
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
  g_test_add_func ("/verno/export/unwritable", test_unwritable);
  g_test_add_func ("/verno/export/missing-font", test_missing_font);
  g_test_add_func ("/verno/export/no-pages", test_no_pages);
  status = g_test_run ();
  fixture_tear_down ();
  return status;
}
