/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-test-export.c: reading exports back as archives' tools do, and each format's text as the
 * words it says, a hyphenated word's parts joined by the format's own rule:
 *   ALTO   a String with SUBS_TYPE HypPart1 says its SUBS_CONTENT, its HypPart2 nothing more;
 *   hOCR, PAGE  a word that ends in a soft hyphen (U+00AD) goes on in the next word;
 *   TEI    the text of the body, <lb break="no"/> inside the word;
 *   PDF    pdftotext's text in reading order, which joins a line-final hyphen-minus.
 * Where a format marks a hyphenated word, its structure is checked too: the first part ends
 * its line, the second opens the next, and they make the whole word. Also: what a PDF's
 * images are, and scans made up for a test, with an OCR that reads them as given. */
#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "vn-scan.h"
#include "vn-test-export.h"

#define SOFT_HYPHEN "\xC2\xAD"

/* g_test_init () in the user's locale — messages show their words, and the exports' numbers
 * must not follow it — and a temporary folder for the exports from @tmp_template. */
char *
vn_test_export_init (int        *argc,
                     char     ***argv,
                     const char *tmp_template)
{
  g_autoptr(GError) error = NULL;
  char *dir;

  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);
  dir = g_dir_make_tmp (tmp_template, &error);
  g_assert_no_error (error);
  return dir;
}

gboolean
vn_test_have_tool (const char *tool,
                   const char *package)
{
  g_autofree char *found = g_find_program_in_path (tool);

  if (found == NULL)
    g_test_skip_printf ("%s is not installed (Debian package %s)", tool, package);
  return found != NULL;
}

char *
vn_test_tool_output (const char * const *argv)
{
  g_auto(VnTestRun) run = { 0 };

  vn_test_run_argv (&run, argv, NULL, NULL);
  if (run.status != 0)
    g_error ("%s failed (status %d): %s", argv[0], run.status, run.err);
  return g_steal_pointer (&run.out);
}

/* ------------------------------------------------------------------ XML */

xmlDocPtr
vn_test_read_xml (const char *path)
{
  xmlDocPtr doc = xmlReadFile (path, NULL, XML_PARSE_NONET);

  if (doc == NULL)
    g_error ("%s is not well-formed XML", path);
  return doc;
}

static xmlXPathObjectPtr
evaluate (xmlDocPtr   doc,
          xmlNodePtr  context,
          const char *expr)
{
  xmlXPathContextPtr ctx = xmlXPathNewContext (doc);
  xmlXPathObjectPtr result;

  xmlXPathRegisterNs (ctx, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
  xmlXPathRegisterNs (ctx, BAD_CAST "alto", BAD_CAST "http://www.loc.gov/standards/alto/ns-v4#");
  xmlXPathRegisterNs (ctx, BAD_CAST "pc",
                      BAD_CAST "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15");
  xmlXPathRegisterNs (ctx, BAD_CAST "tei", BAD_CAST "http://www.tei-c.org/ns/1.0");
  if (context != NULL)
    ctx->node = context;
  result = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  g_assert_nonnull (result);
  xmlXPathFreeContext (ctx);
  return result;
}

/* The nodes @expr selects, in document order (owned by @doc). */
GPtrArray *
vn_test_xpath_nodes (xmlDocPtr   doc,
                     xmlNodePtr  context,
                     const char *expr)
{
  xmlXPathObjectPtr result = evaluate (doc, context, expr);
  GPtrArray *nodes = g_ptr_array_new ();

  for (int i = 0; result->nodesetval && i < result->nodesetval->nodeNr; i++)
    g_ptr_array_add (nodes, result->nodesetval->nodeTab[i]);
  xmlXPathFreeObject (result);
  return nodes;
}

/* The strings @expr selects (text of elements, values of attributes), in document order. */
GPtrArray *
vn_test_xpath_strings (xmlDocPtr   doc,
                       xmlNodePtr  context,
                       const char *expr)
{
  g_autoptr(GPtrArray) nodes = vn_test_xpath_nodes (doc, context, expr);
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlChar *content = xmlNodeGetContent (g_ptr_array_index (nodes, i));

      g_ptr_array_add (strings, g_strdup ((const char *) content));
      xmlFree (content);
    }
  return strings;
}

GPtrArray *
vn_test_file_strings (const char *path,
                      const char *expr)
{
  xmlDocPtr doc = vn_test_read_xml (path);
  GPtrArray *strings = vn_test_xpath_strings (doc, NULL, expr);

  xmlFreeDoc (doc);
  return strings;
}

char *
vn_test_node_attr (xmlNodePtr  node,
                   const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = value ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static void
collect_error (void        *data,
               const char  *format,
               ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (data, format, args);
  va_end (args);
}

/* Schemas are parsed once per program: the PAGE schema takes a while. */
static xmlSchemaPtr
load_schema (const char *path)
{
  static GHashTable *schemas;
  xmlSchemaPtr schema;
  xmlSchemaParserCtxtPtr parser;

  if (schemas == NULL)
    schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if ((schema = g_hash_table_lookup (schemas, path)) != NULL)
    return schema;
  parser = xmlSchemaNewParserCtxt (path);
  schema = xmlSchemaParse (parser);
  xmlSchemaFreeParserCtxt (parser);
  if (schema == NULL)
    g_error ("the schema %s does not parse", path);
  g_hash_table_insert (schemas, g_strdup (path), schema);
  return schema;
}

/* Valid against @schema, a path under the shared folder; what xmllint --schema checks. */
void
vn_test_assert_schema_valid (const char *path,
                             const char *schema)
{
  g_autofree char *xsd = vn_test_shared_path (schema);
  xmlSchemaValidCtxtPtr ctx = xmlSchemaNewValidCtxt (load_schema (xsd));
  g_autoptr(GString) errors = g_string_new (NULL);
  xmlDocPtr doc = vn_test_read_xml (path);
  int result;

  xmlSchemaSetValidErrors (ctx, collect_error, collect_error, errors);
  result = xmlSchemaValidateDoc (ctx, doc);
  xmlSchemaFreeValidCtxt (ctx);
  xmlFreeDoc (doc);
  if (result != 0)
    g_error ("%s is not valid against %s:\n%s", path, schema, errors->str);
}

/* ------------------------------------------------------------------ PDF */

/* pdfimages -list's rows: page, num, type, width, height, color, comp, bpc, enc, … */
GPtrArray *
vn_test_pdf_image_rows (const char *pdf)
{
  const char *argv[] = { "pdfimages", "-list", pdf, NULL };
  g_autofree char *out = vn_test_tool_output (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 2; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GStrvBuilder) row = g_strv_builder_new ();

      for (guint k = 0; fields[k]; k++)
        if (*fields[k])
          g_strv_builder_add (row, fields[k]);
      g_ptr_array_add (rows, g_strv_builder_end (row));
    }
  return rows;
}

/* The colour type pdfimages names for an image file's own pixels. */
const char *
vn_test_colour_type (const char *image)
{
  int format, w, h, bps, spp, cmap;

  g_assert_cmpint (pixReadHeader (image, &format, &w, &h, &bps, &spp, &cmap), ==, 0);
  return cmap ? "index" : spp >= 3 ? "rgb" : "gray";
}

/* What pdfimages extracts of the page's image: the stream itself for JPEG and JPEG 2000
 * (-all), else the pixels (PNG, PNM); written beside @root. */
char *
vn_test_extract_pdf_image (const char *pdf,
                           guint       page,
                           const char *root)
{
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

void
vn_test_assert_same_bytes (const char *a,
                           const char *b)
{
  g_autofree char *x = NULL, *y = NULL;
  gsize nx = 0, ny = 0;

  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  g_assert_cmpmem (x, nx, y, ny);
}

/* The same pixels, whatever the depth each file stores them in. */
void
vn_test_assert_same_pixels (const char *a,
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

/* Rendered at @dpi, page @page of @pdf is @width × @height pixels; rendered beside @root. */
void
vn_test_assert_rendered_size (const char *pdf,
                              guint       page,
                              int         dpi,
                              int         width,
                              int         height,
                              const char *root)
{
  g_autofree char *number = g_strdup_printf ("%u", page + 1);
  g_autofree char *res = g_strdup_printf ("%d", dpi);
  const char *argv[] = { "pdftoppm", "-r", res, "-f", number, "-l", number, "-gray",
                         "-singlefile", pdf, root, NULL };
  g_autofree char *out = vn_test_tool_output (argv);
  g_autofree char *image = g_strconcat (root, ".pgm", NULL);
  PIX *pix = pixRead (image);

  g_assert_nonnull (pix);
  g_assert_cmpint (pixGetWidth (pix), ==, width);
  g_assert_cmpint (pixGetHeight (pix), ==, height);
  pixDestroy (&pix);
  g_remove (image);
}

/* ------------------------------------------------------------------ synthetic scans */

/* A page of @width × @height, read at @dpi, that reads like @text: every word, left to right
 * on one line. */
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
VnCollation *
vn_test_collate_on_scans (const char * const *files,
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
PIX *
vn_test_make_picture (int      width,
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

/* ------------------------------------------------------------------ words */

GPtrArray *
vn_test_text_words (const char *text)
{
  g_autofree char *normal = vn_test_normalize_for_cer (text);
  g_auto(GStrv) words = g_strsplit (normal, " ", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_ptr_array_add (out, g_strdup (words[i]));
  return out;
}

void
vn_test_assert_words_equal (GPtrArray  *got,
                            GPtrArray  *expected,
                            const char *what)
{
  for (guint i = 0; i < MIN (got->len, expected->len); i++)
    if (!g_str_equal (g_ptr_array_index (got, i), g_ptr_array_index (expected, i)))
      g_error ("%s: word %u is “%s”, expected “%s” (after “%s”)", what, i,
               (char *) g_ptr_array_index (got, i), (char *) g_ptr_array_index (expected, i),
               i > 0 ? (char *) g_ptr_array_index (expected, i - 1) : "");
  if (got->len != expected->len)
    g_error ("%s: %u words, expected %u; the first extra one is “%s”", what, got->len,
             expected->len, (char *) g_ptr_array_index (got->len > expected->len ? got : expected,
                                                        MIN (got->len, expected->len)));
}

static gboolean
is_last_child_of_kind (xmlNodePtr  node,
                       const char *kind,
                       gboolean    forward)
{
  for (xmlNodePtr n = forward ? node->next : node->prev; n; n = forward ? n->next : n->prev)
    if (n->type == XML_ELEMENT_NODE && g_str_equal ((const char *) n->name, kind))
      return FALSE;
  return TRUE;
}

/* Words that end in a soft hyphen end their line and go on in the next word, which opens
 * the next line: the hOCR and PAGE rule. @nodes are the word elements, @texts their text. */
static void
join_soft_hyphens (GPtrArray  *nodes,
                   GPtrArray  *texts,
                   const char *kind,
                   GPtrArray  *words)
{
  g_autofree char *pending = NULL;

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);
      xmlNodePtr node = g_ptr_array_index (nodes, i);
      g_autofree char *word = g_strconcat (pending ? pending : "", text, NULL);

      if (pending != NULL)
        g_assert_true (is_last_child_of_kind (node, kind, FALSE));  /* opens its line */
      g_clear_pointer (&pending, g_free);
      if (g_str_has_suffix (word, SOFT_HYPHEN))
        {
          g_assert_true (is_last_child_of_kind (node, kind, TRUE));  /* ends its line */
          pending = g_strndup (word, strlen (word) - strlen (SOFT_HYPHEN));
          continue;
        }
      g_ptr_array_add (words, g_steal_pointer (&word));
    }
  g_assert_null (pending);
}

static void
hocr_words (const char *path,
            GPtrArray  *words)
{
  xmlDocPtr doc = vn_test_read_xml (path);
  g_autoptr(GPtrArray) nodes = vn_test_xpath_nodes (doc, NULL,
                                                    "//h:span[@class='ocrx_word']");
  g_autoptr(GPtrArray) texts = vn_test_xpath_strings (doc, NULL,
                                                      "//h:span[@class='ocrx_word']");

  join_soft_hyphens (nodes, texts, "span", words);
  xmlFreeDoc (doc);
}

static void
page_words (const char *path,
            GPtrArray  *words)
{
  xmlDocPtr doc = vn_test_read_xml (path);
  g_autoptr(GPtrArray) nodes = vn_test_xpath_nodes (doc, NULL, "//pc:Word");
  g_autoptr(GPtrArray) texts = vn_test_xpath_strings (doc, NULL,
                                                      "//pc:Word/pc:TextEquiv/pc:Unicode");

  g_assert_cmpuint (nodes->len, ==, texts->len);
  join_soft_hyphens (nodes, texts, "Word", words);
  xmlFreeDoc (doc);
}

/* HypPart1 ends its TextLine (a HYP may follow), HypPart2 opens the next; their CONTENTs
 * make their common SUBS_CONTENT, which the text says once. */
static void
alto_words (const char *path,
            GPtrArray  *words)
{
  xmlDocPtr doc = vn_test_read_xml (path);
  g_autoptr(GPtrArray) nodes = vn_test_xpath_nodes (doc, NULL, "//alto:String");
  g_autofree char *first_part = NULL, *whole = NULL;

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNodePtr node = g_ptr_array_index (nodes, i);
      g_autofree char *content = vn_test_node_attr (node, "CONTENT");
      g_autofree char *type = vn_test_node_attr (node, "SUBS_TYPE");
      g_autofree char *subs = vn_test_node_attr (node, "SUBS_CONTENT");

      g_assert_true ((first_part != NULL) == (g_strcmp0 (type, "HypPart2") == 0));
      if (g_strcmp0 (type, "HypPart1") == 0)
        {
          g_assert_true (is_last_child_of_kind (node, "String", TRUE));
          g_assert_nonnull (subs);
          first_part = g_steal_pointer (&content);
          whole = g_steal_pointer (&subs);
          continue;
        }
      if (g_strcmp0 (type, "HypPart2") == 0)
        {
          g_autofree char *joined = g_strconcat (first_part, content, NULL);

          g_assert_true (is_last_child_of_kind (node, "String", FALSE));
          g_assert_cmpstr (subs, ==, whole);
          g_assert_cmpstr (joined, ==, whole);
          g_ptr_array_add (words, g_steal_pointer (&whole));
          g_clear_pointer (&first_part, g_free);
          continue;
        }
      g_ptr_array_add (words, g_steal_pointer (&content));
    }
  g_assert_null (first_part);
  xmlFreeDoc (doc);
}

static void
add_text_words (GPtrArray  *words,
                const char *text)
{
  g_autoptr(GPtrArray) more = vn_test_text_words (text);

  g_ptr_array_extend_and_steal (words, g_steal_pointer (&more));
}

/* The words @format's file(s) at @path say, in reading order. */
GPtrArray *
vn_test_export_words (VnExportFormat  format,
                      const char     *path,
                      guint           n_pages)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  switch (format)
    {
    case VN_EXPORT_TEXT:
    case VN_EXPORT_SAME:  /* of a plain-text transcription: the corrected text itself */
      {
        g_autofree char *text = vn_test_read_file (path);
        add_text_words (words, text);
        break;
      }
    case VN_EXPORT_HOCR:
      hocr_words (path, words);
      break;
    case VN_EXPORT_ALTO:
      alto_words (path, words);
      break;
    case VN_EXPORT_PAGE:
      for (guint p = 0; p < n_pages; p++)
        {
          g_autofree char *page_path = vn_export_page_file_path (path, p, n_pages);
          page_words (page_path, words);
        }
      break;
    case VN_EXPORT_TEI:
      {
        g_autoptr(GPtrArray) body = vn_test_file_strings (path, "//tei:text/tei:body");
        g_assert_cmpuint (body->len, ==, 1);
        add_text_words (words, g_ptr_array_index (body, 0));
        break;
      }
    case VN_EXPORT_PDF:
      {
        const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
        g_autofree char *text = vn_test_tool_output (argv);
        add_text_words (words, text);
        break;
      }
    case VN_EXPORT_N_FORMATS:
    default:
      g_assert_not_reached ();
    }
  return words;
}
