/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export-images.c: scans of every colour type and resolution in the searchable PDF,
 * kept as they are (the stream itself for JPEG and JPEG 2000, the very pixels else) on pages
 * of their true size; the text layer's characters and hyphens; and where the XML formats'
 * image references point, from wherever Verno runs, for the frames of a TIFF too. Made-up
 * scans with an OCR that reads them as given: no Tesseract, a second or two. */
#include <string.h>

#include <glib/gstdio.h>

#include "vn-export.h"
#include "vn-scan.h"
#include "vn-test-export.h"

static char *test_dir;

static char *
temp_path (const char *name)
{
  return g_build_filename (test_dir, name, NULL);
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
  PIX *pix = vn_test_make_picture (321, 155, c->depth, c->colormap);

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
      g_autoptr(VnCollation) collation = vn_test_collate_on_scans ((const char *[]) { image, NULL },
                                                              "Верно <&> 𝔄𝔅", &scans);
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *extracted = NULL, *text = NULL;
      g_autofree char *root = temp_path (c->name);

      g_test_message ("%s", c->name);
      g_assert_true (vn_export_write (collation, scans, VN_EXPORT_PDF, pdf, &error));
      rows = vn_test_pdf_image_rows (pdf);
      g_assert_cmpuint (rows->len, ==, 1);
      g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[5], ==, c->colour);
      g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[8], ==, c->encoding);
      extracted = vn_test_extract_pdf_image (pdf, 0, root);
      if (c->format == IFF_JFIF_JPEG || c->format == IFF_JP2)
        vn_test_assert_same_bytes (extracted, image);
      else
        {
          PIX *original = pixRead (image);
          vn_test_assert_same_pixels (extracted, original);
          pixDestroy (&original);
        }
      vn_test_assert_rendered_size (pdf, 0, c->page_dpi, 321, 155, root);
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
  collation = vn_test_collate_on_scans ((const char *[]) { jpg, NULL }, "London", &scans);
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
  collation = vn_test_collate_on_scans ((const char *[]) { png, png, NULL }, text, &scans);
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
  for (VnExportFormat f = VN_EXPORT_ALTO; f <= VN_EXPORT_TEI; f++)
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
  PIX *pix = vn_test_make_picture (200, 80, 8, FALSE);

  g_assert_cmpint (g_mkdir_with_parents (scans_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (elsewhere, 0700), ==, 0);
  g_assert_cmpint (pixWriteTiff (tif, pix, IFF_TIFF_LZW, "w"), ==, 0);
  g_assert_cmpint (pixWriteTiff (tif, pix, IFF_TIFF_LZW, "a"), ==, 0);
  pixDestroy (&pix);
  g_assert_cmpint (g_chdir (project), ==, 0);
  collation = vn_test_collate_on_scans ((const char *[]) { "scans/frames.tif", NULL }, "Верно", &scans);
  g_assert_cmpuint (scans->len, ==, 2);
  assert_references (project, scans, collation, TRUE);
  assert_references (".", scans, collation, TRUE);
  assert_references (elsewhere, scans, collation, FALSE);
  assert_references ("scans/../../elsewhere", scans, collation, FALSE);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  test_dir = vn_test_export_init (&argc, &argv, "verno-export-images-XXXXXX");
  g_test_add_func ("/verno/export-images/pdf-images", test_pdf_images);
  g_test_add_func ("/verno/export-images/pdf-implausible-resolution",
                   test_pdf_implausible_resolution);
  g_test_add_func ("/verno/export-images/pdf-text-layer", test_pdf_text_layer);
  g_test_add_func ("/verno/export-images/image-references", test_image_references);
  status = g_test_run ();
  vn_test_remove_tree (test_dir);
  g_free (test_dir);
  return status;
}
