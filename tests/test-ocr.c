/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ocr.c: Tesseract through the engine: accuracy on the letter, the cache, image formats,
 * preprocessing and rescaling with boxes mapped back, each image read once, and clear
 * errors. */
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-test-util.h"

static GStrv
letter_truth_pages (void)
{
  g_autofree char *path = vn_test_source_path ("tests/data/letter-1956/ground-truth.txt");
  g_autofree char *truth = vn_test_read_file (path);

  return g_strsplit (truth, "\f", -1);
}

static void
test_letter_cer (void)
{
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (NULL);
  g_auto(GStrv) truth = letter_truth_pages ();
  g_autoptr(GString) all_ocr = g_string_new (NULL);
  g_autoptr(GString) all_truth = g_string_new (NULL);
  double cer;

  g_assert_cmpuint (pages->len, ==, 2);
  g_assert_cmpuint (g_strv_length (truth), ==, 2);
  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *text = vn_ocr_page_dup_text (g_ptr_array_index (pages, i));

      cer = vn_test_cer (text, truth[i]);
      g_test_message ("letter page %u: CER %.2f%%", i + 1, cer * 100);
      g_print ("# letter page %u: CER %.2f%%\n", i + 1, cer * 100);
      g_assert_cmpfloat (cer, >=, 0.01);
      g_assert_cmpfloat (cer, <=, 0.06);
      g_string_append_printf (all_ocr, "%s\n", text);
      g_string_append_printf (all_truth, "%s\n", truth[i]);
    }
  cer = vn_test_cer (all_ocr->str, all_truth->str);
  g_print ("# letter overall: CER %.2f%%\n", cer * 100);
  g_assert_cmpfloat (cer, >=, 0.01);
  g_assert_cmpfloat (cer, <=, 0.06);
}

static void
test_structure_and_alternatives (void)
{
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (NULL);
  VnOcrPage *page = g_ptr_array_index (pages, 0);
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
  g_autoptr(VnOcrPage) band_page = NULL;
  g_autoptr(GError) error = NULL;
  guint with_alternatives = 0, lines = 0, with_symbols = 0;
  PIX *band = vn_test_letter_band (300, 420);

  g_assert_cmpint (vn_ocr_page_get_width (page), ==, 2480);
  g_assert_cmpint (vn_ocr_page_get_dpi (page), ==, 300);
  for (guint i = 0; i < vn_ocr_page_get_n_words (page); i++)
    {
      const VnOcrWord *w = vn_ocr_page_get_word (page, i);

      g_assert_cmpint (w->box.w, >, 0);
      g_assert_cmpint (w->box.x + w->box.w, <=, 2480);
      g_assert_cmpfloat (w->confidence, >=, 0);
      g_assert_cmpfloat (w->confidence, <=, 100);
      g_assert_null (w->symbols);  /* not asked for */
      if (i > 0)
        {
          const VnOcrWord *prev = vn_ocr_page_get_word (page, i - 1);
          g_assert_cmpuint (w->line, >=, prev->line);
          g_assert_cmpuint (w->block, >=, prev->block);
          lines += w->line != prev->line;
        }
    }
  g_assert_cmpuint (lines, >, 20);

  /* Asked for, every word has its characters' alternatives. */
  vn_ocr_engine_set_alternatives (engine, TRUE);
  band_page = vn_ocr_engine_recognize_pix (engine, band, 300, "band", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < vn_ocr_page_get_n_words (band_page); i++)
    {
      const VnOcrWord *w = vn_ocr_page_get_word (band_page, i);

      g_assert_nonnull (w->symbols);
      with_symbols++;
      for (guint s = 0; s < w->symbols->len; s++)
        with_alternatives += g_array_index (w->symbols, GArray *, s)->len > 1;
    }
  g_assert_cmpuint (with_symbols, >, 10);
  g_assert_cmpuint (with_alternatives, >, 0);
  pixDestroy (&band);
}

static void
test_hocr_round_trip (void)
{
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (NULL);
  VnOcrPage *page = g_ptr_array_index (pages, 1);
  g_autofree char *hocr = vn_ocr_page_to_hocr (page, "key-1");
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnOcrPage) back = vn_ocr_page_new_from_hocr (hocr, strlen (hocr), &key, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "key-1");
  vn_test_assert_pages_equal (page, back);
}

static void
test_hocr_damaged (void)
{
  static const char *damaged[] = {
    "", "<html", "<html><body><p>no page</p></body></html>",
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><html/>",
    "<html><body><div class='ocr_page' title='bbox 0 0 10 10'>"
      "<span class='ocrx_word' title='x_wconf 3'>x</span></div></body></html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VnOcrPage) page = vn_ocr_page_new_from_hocr (damaged[i], strlen (damaged[i]),
                                                            NULL, &error);
      g_assert_null (page);
      g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
    }
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("verno-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static GPtrArray *
ocr_files (VnOcrEngine *engine,
           const char  *path,
           GError     **error)
{
  const char *paths[] = { path, NULL };
  g_autoptr(GPtrArray) scans = vn_scan_expand_files (paths, error);

  if (scans == NULL)
    return NULL;
  return vn_ocr_engine_recognize (engine, scans, NULL, NULL, NULL, error);
}

static void
test_cache (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *png = g_build_filename (dir, "band.png", NULL);
  g_autofree char *cache_dir = g_build_filename (dir, "cache", NULL);
  g_autoptr(VnOcrCache) cache = vn_ocr_cache_new (cache_dir);
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
  g_autoptr(GPtrArray) first = NULL, second = NULL, other = NULL;
  g_autoptr(GError) error = NULL;
  PIX *band = vn_test_letter_band (300, 500);

  pixWrite (png, band, IFF_PNG);
  pixDestroy (&band);
  vn_ocr_engine_set_cache (engine, cache);
  vn_ocr_engine_set_alternatives (engine, TRUE);  /* so the cache must keep them too */
  first = ocr_files (engine, png, &error);
  g_assert_no_error (error);
  g_assert_false (vn_ocr_page_get_from_cache (g_ptr_array_index (first, 0)));
  g_assert_nonnull (vn_ocr_page_get_word (g_ptr_array_index (first, 0), 0)->symbols);
  second = ocr_files (engine, png, &error);
  g_assert_no_error (error);
  g_assert_true (vn_ocr_page_get_from_cache (g_ptr_array_index (second, 0)));
  vn_test_assert_pages_equal (g_ptr_array_index (first, 0), g_ptr_array_index (second, 0));

  /* Other settings are another key: not served from the first entry. */
  vn_ocr_engine_set_page_seg_mode (engine, 6);
  other = ocr_files (engine, png, &error);
  g_assert_no_error (error);
  g_assert_false (vn_ocr_page_get_from_cache (g_ptr_array_index (other, 0)));
  g_clear_pointer (&other, g_ptr_array_unref);
  /* Read at another scale too. */
  vn_ocr_engine_set_rescale (engine, FALSE);
  other = ocr_files (engine, png, &error);
  g_assert_no_error (error);
  g_assert_false (vn_ocr_page_get_from_cache (g_ptr_array_index (other, 0)));
}

/* Regions of the letter's first page, read all at once by the pool: each the same as its crop
 * read alone, its words moved to the page's pixels; read again, each from the cache. */
static void
test_regions (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *cache_dir = g_build_filename (dir, "cache", NULL);
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/page-1.png");
  const char *paths[] = { path, NULL };
  g_autoptr(GPtrArray) scans = vn_scan_expand_files (paths, NULL);
  g_autoptr(VnOcrCache) cache = vn_ocr_cache_new (cache_dir);
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
  g_autoptr(GPtrArray) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;
  VnBox regions[5];
  int dpi;
  PIX *page;

  g_assert_nonnull (scans);
  page = vn_scan_page_load (g_ptr_array_index (scans, 0), &dpi, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    regions[i] = (VnBox) { 150 + 20 * i, 700 + 260 * i, 2100 - 40 * i, 200 };
  vn_ocr_engine_set_page_seg_mode (engine, 6);
  vn_ocr_engine_set_cache (engine, cache);
  first = vn_ocr_engine_recognize_regions (engine, g_ptr_array_index (scans, 0), regions,
                                           G_N_ELEMENTS (regions), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, G_N_ELEMENTS (regions));
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      BOX *box = boxCreate (regions[i].x, regions[i].y, regions[i].w, regions[i].h);
      PIX *crop = pixClipRectangle (page, box, NULL);
      g_autoptr(VnOcrPage) alone = vn_ocr_engine_recognize_pix (engine, crop, dpi, "crop", NULL,
                                                                &error);
      VnOcrPage *placed = g_ptr_array_index (first, i);

      g_assert_no_error (error);
      g_assert_cmpuint (vn_ocr_page_get_n_words (alone), >, 3);
      g_assert_cmpuint (vn_ocr_page_get_n_words (placed), ==, vn_ocr_page_get_n_words (alone));
      g_assert_cmpint (vn_ocr_page_get_width (placed), ==, pixGetWidth (page));
      for (guint w = 0; w < vn_ocr_page_get_n_words (alone); w++)
        {
          const VnOcrWord *a = vn_ocr_page_get_word (alone, w);
          const VnOcrWord *b = vn_ocr_page_get_word (placed, w);

          g_assert_cmpstr (a->text, ==, b->text);
          g_assert_cmpint (a->box.x + regions[i].x, ==, b->box.x);
          g_assert_cmpint (a->box.y + regions[i].y, ==, b->box.y);
        }
      boxDestroy (&box);
      pixDestroy (&crop);
    }
  second = vn_ocr_engine_recognize_regions (engine, g_ptr_array_index (scans, 0), regions,
                                            G_N_ELEMENTS (regions), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      g_assert_true (vn_ocr_page_get_from_cache (g_ptr_array_index (second, i)));
      vn_test_assert_pages_equal (g_ptr_array_index (first, i), g_ptr_array_index (second, i));
    }
  pixDestroy (&page);
  vn_test_remove_tree (dir);
}

static void
test_damaged_cache_entry_ignored (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *png = g_build_filename (dir, "band.png", NULL);
  g_autoptr(VnOcrCache) cache = vn_ocr_cache_new (dir);
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
  g_autoptr(GPtrArray) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;
  PIX *band = vn_test_letter_band (300, 200);
  const char *name;
  g_autoptr(GDir) listing = NULL;

  pixWrite (png, band, IFF_PNG);
  pixDestroy (&band);
  vn_ocr_engine_set_cache (engine, cache);
  first = ocr_files (engine, png, &error);
  g_assert_no_error (error);
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".hocr"))
      {
        g_autofree char *entry = g_build_filename (dir, name, NULL);
        g_assert_true (g_file_set_contents (entry, "<html><body><div", -1, NULL));
      }
  /* A later run: this engine would not read the image again (see read-once-across-calls). */
  g_clear_object (&engine);
  engine = vn_ocr_engine_new ("rus");
  vn_ocr_engine_set_cache (engine, cache);
  second = ocr_files (engine, png, &error);
  g_assert_no_error (error);
  g_assert_false (vn_ocr_page_get_from_cache (g_ptr_array_index (second, 0)));
  vn_test_assert_pages_equal (g_ptr_array_index (first, 0), g_ptr_array_index (second, 0));
}

static void
write_pdf (const char *pdf_path,
           const char *png_path,
           int         dpi)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (png_path);
  double w_pt = cairo_image_surface_get_width (image) * 72.0 / dpi;
  double h_pt = cairo_image_surface_get_height (image) * 72.0 / dpi;
  cairo_surface_t *pdf = cairo_pdf_surface_create (pdf_path, w_pt, h_pt);
  cairo_t *cr = cairo_create (pdf);

  cairo_scale (cr, 72.0 / dpi, 72.0 / dpi);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (pdf);
  cairo_surface_destroy (image);
}

static void
write_two_page_tiff (const char *path,
                     PIX        *a,
                     PIX        *b)
{
  g_assert_cmpint (pixWriteTiff (path, a, IFF_TIFF_ZIP, "w"), ==, 0);
  g_assert_cmpint (pixWriteTiff (path, b, IFF_TIFF_ZIP, "a"), ==, 0);
}

/* Every input format gives (nearly) the text that the PNG gives. */
static void
test_formats (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
  PIX *band = vn_test_letter_band (300, 420);
  PIX *other = vn_test_letter_band (1200, 300);
  static const struct { const char *name; int format; } formats[] = {
    { "band.png", IFF_PNG }, { "band.jpg", IFF_JFIF_JPEG }, { "band.webp", IFF_WEBP },
    { "band.jp2", IFF_JP2 }, { "band.tif", IFF_TIFF_LZW },
  };
  g_autofree char *reference = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_build_filename (dir, formats[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) pages = NULL;
      g_autofree char *text = NULL;
      PIX *written = pixClone (band);

      pixSetResolution (written, 300, 300);
      /* Lossy defaults (JPEG 75, WebP 80, JPEG 2000 SNR 34) smear a carbon copy's grain
       * into the letters; archives keep masters at high quality or lossless. */
      if (formats[i].format == IFF_JFIF_JPEG)
        g_assert_cmpint (pixWriteJpeg (path, written, 95, 0), ==, 0);
      else if (formats[i].format == IFF_WEBP)
        g_assert_cmpint (pixWriteWebP (path, written, 100, 1), ==, 0);
      else if (formats[i].format == IFF_JP2)
        g_assert_cmpint (pixWriteJp2k (path, written, 100, 5, 0, 0), ==, 0);
      else
        g_assert_cmpint (pixWrite (path, written, formats[i].format), ==, 0);
      pixDestroy (&written);
      pages = ocr_files (engine, path, &error);
      g_assert_no_error (error);
      text = vn_ocr_page_dup_text (g_ptr_array_index (pages, 0));
      if (reference == NULL)
        reference = g_steal_pointer (&text);
      else
        {
          double cer = vn_test_cer (text, reference);
          g_test_message ("%s: %.2f%% from the PNG's reading", formats[i].name, cer * 100);
          g_assert_cmpfloat (cer, <, 0.05);
        }
    }

  /* A two-page TIFF is two pages, in order. */
  {
    g_autofree char *tiff = g_build_filename (dir, "two.tif", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pages = NULL;
    g_autofree char *text = NULL;

    write_two_page_tiff (tiff, band, other);
    pages = ocr_files (engine, tiff, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (pages->len, ==, 2);
    text = vn_ocr_page_dup_text (g_ptr_array_index (pages, 0));
    g_assert_cmpfloat (vn_test_cer (text, reference), <, 0.05);
    g_assert_cmpint (vn_ocr_page_get_height (g_ptr_array_index (pages, 1)), ==, 300);
    g_assert_nonnull (strstr (vn_ocr_page_get_source_label (g_ptr_array_index (pages, 1)),
                              "page 2"));
  }

  /* A PDF scan is rendered at its image's own resolution. */
  {
    g_autofree char *png = g_build_filename (dir, "band.png", NULL);
    g_autofree char *pdf = g_build_filename (dir, "band.pdf", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) pages = NULL;
    g_autofree char *text = NULL;
    VnOcrPage *page;

    write_pdf (pdf, png, 300);
    pages = ocr_files (engine, pdf, &error);
    g_assert_no_error (error);
    page = g_ptr_array_index (pages, 0);
    g_assert_cmpint (vn_ocr_page_get_dpi (page), ==, 300);
    g_assert_cmpint (abs (vn_ocr_page_get_width (page) - pixGetWidth (band)), <=, 1);
    text = vn_ocr_page_dup_text (page);
    g_assert_cmpfloat (vn_test_cer (text, reference), <, 0.05);
  }
  pixDestroy (&band);
  pixDestroy (&other);
}

typedef struct
{
  double cx, cy;
  int    h;
} Centre;

static GHashTable *
unique_word_centres (VnOcrPage *page)
{
  GHashTable *centres = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < vn_ocr_page_get_n_words (page); i++)
    {
      const VnOcrWord *w = vn_ocr_page_get_word (page, i);
      Centre *c;

      if (w->confidence < 85 || g_utf8_strlen (w->text, -1) < 5)
        continue;
      if (!g_hash_table_add (seen, g_strdup (w->text)))
        {
          g_hash_table_remove (centres, w->text);
          continue;
        }
      c = g_new (Centre, 1);
      *c = (Centre) { w->box.x + w->box.w / 2.0, w->box.y + w->box.h / 2.0, w->box.h };
      g_hash_table_insert (centres, g_strdup (w->text), c);
    }
  return centres;
}

/* Deskewed OCR still reports boxes on the skewed scan the user sees. */
static void
test_deskew_maps_boxes_back (void)
{
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
  PIX *band = vn_test_letter_band (250, 900);
  double angle = 2.0 * M_PI / 180.0;
  PIX *skewed = pixRotate (band, angle, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnOcrPage) straight = vn_ocr_engine_recognize_pix (engine, band, 300, "straight",
                                                               NULL, &error);
  g_autoptr(VnOcrPage) deskewed = NULL;
  g_autoptr(GHashTable) expected = NULL, found = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint compared = 0;
  double cx = pixGetWidth (band) / 2.0, cy = pixGetHeight (band) / 2.0;

  g_assert_no_error (error);
  pixSetResolution (skewed, 300, 300);
  vn_ocr_engine_set_preprocess (engine, VN_PREPROCESS_DESKEW);
  deskewed = vn_ocr_engine_recognize_pix (engine, skewed, 300, "skewed", NULL, &error);
  g_assert_no_error (error);
  /* The reconstruction has a skew of its own; ours adds 2° to it. */
  {
    VnPageTransform t;
    PIX *own = vn_preprocess_apply (band, VN_PREPROCESS_DESKEW, &t);
    double own_skew = t.angle * 180.0 / M_PI;

    pixDestroy (&own);
    g_test_message ("skew found: %.2f°, the page's own %.2f°", vn_ocr_page_get_skew (deskewed),
                    own_skew);
    g_assert_cmpfloat (fabs (fabs (vn_ocr_page_get_skew (deskewed) - own_skew) - 2.0), <, 0.3);
  }

  expected = unique_word_centres (straight);
  found = unique_word_centres (deskewed);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Centre *e = value, *f = g_hash_table_lookup (found, key);
      double dx = e->cx - cx, dy = e->cy - cy;
      /* Where pixRotate moved this point on the skewed image. */
      double sx = cx + dx * cos (angle) - dy * sin (angle);
      double sy = cy + dx * sin (angle) + dy * cos (angle);

      if (f == NULL)
        continue;
      compared++;
      g_assert_cmpfloat (hypot (f->cx - sx, f->cy - sy), <, e->h * 0.6 + 4);
    }
  g_test_message ("%u words compared", compared);
  g_assert_cmpuint (compared, >=, 10);
  pixDestroy (&band);
  pixDestroy (&skewed);
}

/* ------------------------------------------------------------------ rescaling */

/* Where the transform puts a point of the scan on the image Tesseract reads: scaled, then
 * turned clockwise about the centre as pixRotate turns it. */
static void
forward_point (const VnPageTransform *t,
               double                 x,
               double                 y,
               double                *ox,
               double                *oy)
{
  double dx = x * t->scale - t->cx, dy = y * t->scale - t->cy;

  *ox = t->cx + dx * cos (t->angle) - dy * sin (t->angle);
  *oy = t->cy + dx * sin (t->angle) + dy * cos (t->angle);
}

/* The whole-pixel box Tesseract would report around a box of the scan. */
static VnBox
forward_box (const VnPageTransform *t,
             const VnBox           *box)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (int i = 0; i < 4; i++)
    {
      double x, y;

      forward_point (t, box->x + (i & 1) * box->w, box->y + (i >> 1) * box->h, &x, &y);
      x0 = MIN (x0, x), y0 = MIN (y0, y), x1 = MAX (x1, x), y1 = MAX (y1, y);
    }
  return (VnBox) { (int) floor (x0), (int) floor (y0),
                   (int) ceil (x1) - (int) floor (x0), (int) ceil (y1) - (int) floor (y0) };
}

/* Random pages, scales, skews and boxes: a box found on the scaled (and straightened) image
 * comes back around the scan's box, and no more than a pixel of the read image larger. */
static void
test_transform_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);

  for (guint i = 0; i < 5000; i++)
    {
      int width = g_rand_int_range (rand, 200, 7000), height = g_rand_int_range (rand, 200, 9000);
      double scale = i % 5 == 0 ? 1.0 : g_rand_double_range (rand, 0.15, 1.0);
      double degrees = i % 3 == 0 ? 0 : g_rand_double_range (rand, -3, 3);
      VnPageTransform t = {
        .scale = scale, .angle = degrees * G_PI / 180,
        .cx = width * scale / 2, .cy = height * scale / 2, .width = width, .height = height,
      };
      VnBox box = { g_rand_int_range (rand, 0, width - 50), g_rand_int_range (rand, 0, height - 50),
                    0, 0 };
      VnBox seen, back;
      /* What turning adds to an enclosing box, and a pixel of the read image. */
      double slack;

      box.w = g_rand_int_range (rand, 1, MIN (600, width - box.x));
      box.h = g_rand_int_range (rand, 1, MIN (120, height - box.y));
      seen = forward_box (&t, &box);
      back = vn_page_transform_to_source (&t, &seen);
      slack = 2 * (box.w + box.h) * fabs (sin (t.angle)) + 1 / scale + 1;
      if (degrees == 0 && scale == 1.0)
        g_assert_cmpmem (&back, sizeof back, &box, sizeof box);
      g_assert_cmpint (back.x, <=, box.x);
      g_assert_cmpint (back.y, <=, box.y);
      g_assert_cmpint (back.x + back.w, >=, box.x + box.w);
      g_assert_cmpint (back.y + back.h, >=, box.y + box.h);
      g_assert_cmpfloat (box.x - back.x, <=, slack);
      g_assert_cmpfloat (box.y - back.y, <=, slack);
      g_assert_cmpfloat ((back.x + back.w) - (box.x + box.w), <=, slack);
      g_assert_cmpfloat ((back.y + back.h) - (box.y + box.h), <=, slack);
      g_assert_cmpint (back.x + back.w, <=, width);
      g_assert_cmpint (back.y + back.h, <=, height);
    }
}

static PIX *
scaled (PIX    *pix,
        double  factor)
{
  PIX *out = pixScaleGeneral (pix, (float) factor, (float) factor, 0.0f, 0);

  pixSetResolution (out, (int) (300 * factor), (int) (300 * factor));
  return out;
}

/* The measure follows the page's size, whatever its depth, and finds nothing on paper
 * without text. */
static void
test_x_height_measure (void)
{
  PIX *band = vn_test_letter_band (250, 900);
  PIX *blank = pixCreate (2000, 2000, 8);
  double native = vn_preprocess_estimate_x_height (band);
  static const double factors[] = { 0.5, 0.75, 1.5, 2.0, 3.0 };

  /* Pica type at 300 dpi: about 2.2 mm, 26 pixels. */
  g_test_message ("letter x-height: %.2f px", native);
  g_assert_cmpfloat (native, >, 22);
  g_assert_cmpfloat (native, <, 32);
  for (guint i = 0; i < G_N_ELEMENTS (factors); i++)
    {
      PIX *page = scaled (band, factors[i]);
      PIX *bilevel = pixConvertTo1 (page, 170);
      double grey = vn_preprocess_estimate_x_height (page);
      double binary = vn_preprocess_estimate_x_height (bilevel);

      g_test_message ("x%.2f: %.2f px (grey), %.2f px (bilevel)", factors[i], grey, binary);
      g_assert_cmpfloat (fabs (grey - native * factors[i]), <=, native * factors[i] * 0.06 + 1);
      g_assert_cmpfloat (fabs (binary - native * factors[i]), <=, native * factors[i] * 0.1 + 1);
      pixDestroy (&page);
      pixDestroy (&bilevel);
    }
  pixSetAllArbitrary (blank, 240);
  g_assert_cmpfloat (vn_preprocess_estimate_x_height (blank), ==, 0);
  g_assert_cmpfloat (vn_preprocess_choose_scale (blank), ==, 1.0);
  pixDestroy (&blank);
  pixDestroy (&band);
}

/* Text at or under the size Tesseract reads best is never scaled, not even by a little. */
static void
test_small_pages_left_alone (void)
{
  g_autofree char *corpus_page = vn_test_shared_path ("corpus/en-typewritten/"
                                                      "EHRI-BF-19380509b_EN_01.jpg");
  PIX *band = vn_test_letter_band (250, 900);
  double x_height = vn_preprocess_estimate_x_height (band);
  PIX *small = scaled (band, VN_PREPROCESS_TARGET_X_HEIGHT / x_height);
  PIX *smaller = scaled (band, 0.5);
  PIX *large = scaled (band, 2.0);
  double large_xh = vn_preprocess_estimate_x_height (large);
  PIX *english = pixRead (corpus_page);

  g_assert_cmpfloat (vn_preprocess_choose_scale (small), ==, 1.0);
  g_assert_cmpfloat (vn_preprocess_choose_scale (smaller), ==, 1.0);
  /* A 300-dpi typescript is read as it is. */
  g_assert_cmpfloat (x_height, <=, VN_PREPROCESS_MAX_X_HEIGHT);
  g_assert_cmpfloat (vn_preprocess_choose_scale (band), ==, 1.0);
  /* Large text comes within a step (an eighth of an octave either way) of the target. */
  g_assert_cmpfloat (fabs (log2 (vn_preprocess_choose_scale (large) * large_xh /
                                 VN_PREPROCESS_TARGET_X_HEIGHT)), <=, 0.125 + 1e-9);
  if (english != NULL)
    g_assert_cmpfloat (vn_preprocess_choose_scale (english), ==, 1.0);
  else
    g_test_message ("no corpus at %s: the English page is not checked", corpus_page);
  /* Read with and without rescaling: the same page, word for word and box for box. */
  {
    g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
    g_autoptr(VnOcrEngine) fixed = vn_ocr_engine_new ("rus");
    g_autoptr(GError) error = NULL;
    PIX *lines = vn_test_letter_band (300, 300);
    PIX *lines_near_max = scaled (lines, 1.05);
    g_autoptr(VnOcrPage) a = NULL, b = NULL;

    vn_ocr_engine_set_rescale (fixed, FALSE);
    g_assert_true (vn_ocr_engine_get_rescale (engine));
    a = vn_ocr_engine_recognize_pix (engine, lines_near_max, 330, "a", NULL, &error);
    g_assert_no_error (error);
    b = vn_ocr_engine_recognize_pix (fixed, lines_near_max, 330, "b", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vn_ocr_page_get_n_words (a), >, 10);
    vn_test_assert_pages_equal (a, b);
    pixDestroy (&lines);
    pixDestroy (&lines_near_max);
  }
  pixDestroy (&english);
  pixDestroy (&band);
  pixDestroy (&small);
  pixDestroy (&smaller);
  pixDestroy (&large);
}

/* A page scanned at twice the resolution is read at the size Tesseract reads best, and its
 * words come back on its own pixels: the 300-dpi page's boxes, doubled, within a pixel of
 * each of the two images Tesseract read. */
static void
test_rescale_maps_boxes_back (void)
{
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
  g_autoptr(GError) error = NULL;
  /* Three whole lines. */
  PIX *band = vn_test_letter_band (300, 370);
  PIX *twice = scaled (band, 2.0);
  double scale = vn_preprocess_choose_scale (twice);
  g_autoptr(VnOcrPage) native = vn_ocr_engine_recognize_pix (engine, band, 300, "native",
                                                             NULL, &error);
  g_autoptr(VnOcrPage) large = NULL;
  guint compared = 0;
  /* A pixel of each image Tesseract read, on the large page, and one for rounding. */
  int tolerance = (int) ceil (2 + 1 / scale) + 1;

  g_assert_no_error (error);
  g_assert_cmpfloat (scale, <, 0.5);
  large = vn_ocr_engine_recognize_pix (engine, twice, 600, "twice", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vn_ocr_page_get_width (large), ==, pixGetWidth (twice));
  g_assert_cmpint (vn_ocr_page_get_height (large), ==, pixGetHeight (twice));
  g_assert_cmpint (vn_ocr_page_get_dpi (large), ==, 600);
  g_assert_cmpuint (vn_ocr_page_get_n_words (native), >, 16);
  for (guint i = 0, j = 0; i < vn_ocr_page_get_n_words (native); i++)
    {
      const VnOcrWord *a = vn_ocr_page_get_word (native, i);
      const VnOcrWord *b = NULL;

      /* The same word, where the two readings agree on it (a few words ahead at most). */
      for (guint k = j; k < MIN (j + 3, vn_ocr_page_get_n_words (large)) && b == NULL; k++)
        if (g_str_equal (vn_ocr_page_get_word (large, k)->text, a->text))
          b = vn_ocr_page_get_word (large, k), j = k + 1;
      if (b == NULL)
        continue;
      compared++;
      /* Each edge, as Tesseract finds edges on the image it reads. */
      g_assert_cmpint (abs (b->box.x - 2 * a->box.x), <=, tolerance);
      g_assert_cmpint (abs (b->box.y - 2 * a->box.y), <=, tolerance);
      g_assert_cmpint (abs (b->box.x + b->box.w - 2 * (a->box.x + a->box.w)), <=, tolerance);
      g_assert_cmpint (abs (b->box.y + b->box.h - 2 * (a->box.y + a->box.h)), <=, tolerance);
      g_assert_cmpuint (a->line, ==, b->line);
    }
  g_test_message ("%u of %u words compared, tolerance %d px", compared,
                  vn_ocr_page_get_n_words (native), tolerance);
  /* Nearly every word reads the same at both sizes. */
  g_assert_cmpuint (compared, >=, 16);
  g_assert_cmpuint (compared, >=, vn_ocr_page_get_n_words (native) * 8 / 10);
  pixDestroy (&band);
  pixDestroy (&twice);
}

typedef struct
{
  guint calls;
  guint read;
} Progress;

static void
count_progress (guint       done,
                guint       total,
                VnScanPage *scan,
                VnOcrPage  *page,
                gpointer    user_data)
{
  Progress *progress = user_data;

  g_atomic_int_inc (&progress->calls);
  if (!vn_ocr_page_get_from_cache (page))
    g_atomic_int_inc (&progress->read);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    n += g_str_has_suffix (name, ".hocr");
  return n;
}

/* Reads @paths on three threads; returns how many pages Tesseract read. */
static guint
read_project (VnOcrEngine        *engine,
              const char * const *paths,
              GPtrArray         **pages_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scans = vn_scan_expand_files (paths, &error);
  Progress progress = { 0 };
  GPtrArray *pages;

  g_assert_no_error (error);
  pages = vn_ocr_engine_recognize (engine, scans, count_progress, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (progress.calls, ==, scans->len);
  for (guint i = 0; i < pages->len; i++)
    g_assert_cmpstr (vn_ocr_page_get_source_label (g_ptr_array_index (pages, i)), ==,
                     ((VnScanPage *) g_ptr_array_index (scans, i))->label);
  *pages_out = pages;
  return progress.read;
}

/* A project whose pages repeat two images, in files of their own: each image is read once,
 * with a cold cache or none, on several threads; every page keeps its own label, and the
 * repeats have the reading of their image. */
static void
test_repeated_images_read_once (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *cache_dir = g_build_filename (dir, "cache", NULL);
  g_autoptr(VnOcrCache) cache = vn_ocr_cache_new (cache_dir);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  static const char pattern[] = "ABAABBA";
  PIX *images[2] = { vn_test_letter_band (300, 160), vn_test_letter_band (900, 160) };

  for (guint i = 0; pattern[i]; i++)
    {
      char *path = g_strdup_printf ("%s/page-%u-%c.png", dir, i, pattern[i]);

      g_assert_cmpint (pixWrite (path, images[pattern[i] - 'A'], IFF_PNG), ==, 0);
      g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  for (guint run = 0; run < 3; run++)
    {
      /* A run of its own each time: an engine does not read an image it has read. */
      g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
      g_autoptr(GPtrArray) pages = NULL;
      char *text[2] = { NULL, NULL };
      guint read;

      /* No cache, then a cold one, then the same one warm. */
      vn_ocr_engine_set_jobs (engine, 3);
      if (run >= 1)
        vn_ocr_engine_set_cache (engine, cache);
      read = read_project (engine, (const char * const *) paths->pdata, &pages);
      g_assert_cmpuint (read, ==, run < 2 ? 2 : 0);
      for (guint i = 0; pattern[i]; i++)
        {
          g_autofree char *t = vn_ocr_page_dup_text (g_ptr_array_index (pages, i));
          char **first = &text[pattern[i] - 'A'];

          g_assert_cmpuint (strlen (t), >, 20);
          if (*first == NULL)
            *first = g_steal_pointer (&t);
          else
            g_assert_cmpstr (t, ==, *first);
        }
      g_assert_cmpstr (text[0], !=, text[1]);
      g_assert_cmpuint (count_entries (cache_dir), ==, run == 0 ? 0 : 2);
      g_free (text[0]);
      g_free (text[1]);
    }
  pixDestroy (&images[0]);
  pixDestroy (&images[1]);
  vn_test_remove_tree (dir);
}

/* --no-rescale reaches the engine: its reading is cached under a key of its own. */
static void
test_cli_no_rescale (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *png = g_build_filename (dir, "band.png", NULL);
  g_autofree char *cache_dir = g_build_filename (dir, "cache", NULL);
  PIX *band = vn_test_letter_band (300, 160);
  const char *with[] = { "ocr", "--cache-dir", cache_dir, png, NULL };
  const char *without[] = { "ocr", "--no-rescale", "--cache-dir", cache_dir, png, NULL };
  g_auto(VnTestRun) first = { 0 }, second = { 0 }, again = { 0 };

  pixWrite (png, band, IFF_PNG);
  pixDestroy (&band);
  vn_test_run_verno (&first, NULL, FALSE, with);
  g_assert_cmpint (first.status, ==, 0);
  vn_test_run_verno (&second, NULL, FALSE, without);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_null (strstr (second.err, "from cache"));
  g_assert_cmpuint (count_entries (cache_dir), ==, 2);
  vn_test_run_verno (&again, NULL, FALSE, without);
  g_assert_nonnull (strstr (again.err, "from cache"));
  vn_test_remove_tree (dir);
}

/* Every cleaning step keeps the letter's first page within the CER band of the task. */
static void
test_preprocessing_reads (void)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_auto(GStrv) truth = letter_truth_pages ();
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus");
  PIX *page = pixRead (path);
  VnPageTransform transform;
  PIX *binary = vn_preprocess_apply (page, VN_PREPROCESS_ALL, &transform);
  static const VnPreprocessFlags steps[] = {
    VN_PREPROCESS_NORMALIZE | VN_PREPROCESS_DESKEW, VN_PREPROCESS_ALL,
  };

  g_assert_cmpint (pixGetDepth (binary), ==, 1);
  g_assert_cmpint (pixGetWidth (binary), ==, pixGetWidth (page));
  g_assert_cmpint (pixGetHeight (binary), ==, pixGetHeight (page));
  pixDestroy (&binary);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VnOcrPage) read = NULL;
      g_autofree char *text = NULL, *name = vn_preprocess_flags_to_string (steps[i]);
      double cer;

      vn_ocr_engine_set_preprocess (engine, steps[i]);
      read = vn_ocr_engine_recognize_pix (engine, page, 300, "page-1", NULL, &error);
      g_assert_no_error (error);
      text = vn_ocr_page_dup_text (read);
      cer = vn_test_cer (text, truth[0]);
      g_print ("# page 1 with %s: CER %.2f%%\n", name, cer * 100);
      g_assert_cmpfloat (cer, <=, 0.06);
    }
  pixDestroy (&page);
}

static void
test_missing_language (void)
{
  g_autofree char *empty_tessdata = make_temp_dir ();
  g_autoptr(VnOcrEngine) engine = vn_ocr_engine_new ("rus+chi_sim");
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("TESSDATA_PREFIX"));

  g_setenv ("TESSDATA_PREFIX", empty_tessdata, TRUE);
  g_assert_false (vn_ocr_engine_check_languages (engine, &error));
  g_assert_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT);
  g_assert_nonnull (strstr (error->message, "apt-get install tesseract-ocr-rus"));
  g_clear_error (&error);
  g_setenv ("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata", TRUE);
  g_assert_false (vn_ocr_engine_check_languages (engine, &error));
  g_assert_nonnull (strstr (error->message, "apt-get install tesseract-ocr-chi-sim"));
  if (saved != NULL)
    g_setenv ("TESSDATA_PREFIX", saved, TRUE);
  else
    g_unsetenv ("TESSDATA_PREFIX");
}

static void
test_bad_images (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *empty = g_build_filename (dir, "empty.png", NULL);
  g_autofree char *text = g_build_filename (dir, "text.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  const char *cases[][2] = {
    { empty, "not an image" }, { text, "not an image" }, { missing, "does not exist" },
    { dir, "is a folder" },
  };

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "Верно: это не картинка\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *paths[] = { cases[i][0], NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) scans = vn_scan_expand_files (paths, &error);

      g_assert_null (scans);
      g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
      g_assert_nonnull (strstr (error->message, cases[i][1]));
    }
}

static void
test_parallel_order (void)
{
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (&project);
  GPtrArray *scans = vn_project_get_scan_pages (project);

  g_assert_cmpuint (pages->len, ==, scans->len);
  for (guint i = 0; i < pages->len; i++)
    g_assert_cmpstr (vn_ocr_page_get_source_label (g_ptr_array_index (pages, i)), ==,
                     ((VnScanPage *) g_ptr_array_index (scans, i))->label);
}

/* A page decoded ahead is the page decoded on demand, claimed once, by any spelling of
 * its path. */
static void
test_prefetch (void)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/page-2.png");
  g_autofree char *dotted = vn_test_source_path ("scans/letter-1956/../letter-1956/page-2.png");
  const char *paths[] = { path, NULL }, *dotted_paths[] = { dotted, NULL };
  g_autoptr(GPtrArray) scans = vn_scan_expand_files (paths, NULL);
  g_autoptr(GPtrArray) same = vn_scan_expand_files (dotted_paths, NULL);
  g_autoptr(GError) error = NULL;
  PIX *ahead, *again;
  int dpi = 0, dpi_again = 0, equal = 0;

  vn_scan_prefetch (g_ptr_array_index (scans, 0));
  ahead = vn_scan_page_load (g_ptr_array_index (same, 0), &dpi, &error);
  g_assert_no_error (error);
  again = vn_scan_page_load (g_ptr_array_index (scans, 0), &dpi_again, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dpi, ==, 300);
  g_assert_cmpint (dpi_again, ==, 300);
  pixEqual (ahead, again, &equal);
  g_assert_true (equal);
  g_assert_true (ahead != again);
  pixDestroy (&ahead);
  pixDestroy (&again);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/ocr/letter-cer", test_letter_cer);
  g_test_add_func ("/verno/ocr/structure-and-alternatives", test_structure_and_alternatives);
  g_test_add_func ("/verno/ocr/page-order", test_parallel_order);
  g_test_add_func ("/verno/ocr/hocr-round-trip", test_hocr_round_trip);
  g_test_add_func ("/verno/ocr/hocr-damaged", test_hocr_damaged);
  g_test_add_func ("/verno/ocr/cache", test_cache);
  g_test_add_func ("/verno/ocr/damaged-cache-entry", test_damaged_cache_entry_ignored);
  g_test_add_func ("/verno/ocr/regions", test_regions);
  g_test_add_func ("/verno/ocr/formats", test_formats);
  g_test_add_func ("/verno/ocr/deskew-maps-boxes-back", test_deskew_maps_boxes_back);
  g_test_add_func ("/verno/ocr/transform-round-trip", test_transform_round_trip);
  g_test_add_func ("/verno/ocr/x-height-measure", test_x_height_measure);
  g_test_add_func ("/verno/ocr/small-pages-left-alone", test_small_pages_left_alone);
  g_test_add_func ("/verno/ocr/rescale-maps-boxes-back", test_rescale_maps_boxes_back);
  g_test_add_func ("/verno/ocr/repeated-images-read-once", test_repeated_images_read_once);
  g_test_add_func ("/verno/ocr/cli-no-rescale", test_cli_no_rescale);
  g_test_add_func ("/verno/ocr/preprocessing", test_preprocessing_reads);
  g_test_add_func ("/verno/ocr/missing-language", test_missing_language);
  g_test_add_func ("/verno/ocr/bad-images", test_bad_images);
  g_test_add_func ("/verno/ocr/prefetch", test_prefetch);
  return g_test_run ();
}
