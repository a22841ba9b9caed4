/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan.c: page images from scan files, via Leptonica, and poppler for PDF. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <cairo.h>
#include <poppler.h>

#include "vn-error.h"
#include "vn-file.h"
#include "vn-scan.h"

/* poppler-glib 22.02 (Debian 12) does not declare these yet. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* 600 dpi A3 is ~70 Mpx; a header claiming far more is a bomb, not a scan. The user raises
 * the limit with --max-pixels (max_pixels) or, for the window too, $VERNO_MAX_PIXELS. */
#define DEFAULT_MAX_PIXELS (200u * 1000 * 1000)
/* No file is larger than its pixels at 16-bit RGBA, uncompressed; and a page's file holds
 * little besides its pixels. */
#define MAX_BYTES_PER_PIXEL 8
#define PAGE_SLACK_BYTES (16u << 20)
static guint64 max_pixels = 0;

G_DEFINE_BOXED_TYPE (VnScanPage, vn_scan_page, vn_scan_page_ref, vn_scan_page_unref)

/* Leptonica prints its own diagnostics ("Error in findFileFormatStream: truncated file")
 * on stderr; Verno says what went wrong in its own words instead. */
static void
quiet_leptonica (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      setMsgSeverity (L_SEVERITY_NONE);
      g_once_init_leave (&done, 1);
    }
}

VnScanPage *
vn_scan_page_ref (VnScanPage *page)
{
  g_atomic_ref_count_inc (&page->ref_count);
  return page;
}

void
vn_scan_page_unref (VnScanPage *page)
{
  if (!g_atomic_ref_count_dec (&page->ref_count))
    return;
  g_free (page->path);
  g_free (page->label);
  g_free (page);
}

void
vn_scan_set_max_pixels (guint64 value)
{
  max_pixels = value;
}

guint64
vn_scan_get_max_pixels (void)
{
  const char *env = g_getenv ("VERNO_MAX_PIXELS");
  guint64 value;

  if (max_pixels > 0)
    return max_pixels;
  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, G_MAXUINT64, &value, NULL))
    return value;
  return DEFAULT_MAX_PIXELS;
}

gboolean
vn_scan_is_image_name (const char *name)
{
  static const char *suffixes[] = { ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".jp2", ".j2k",
                                    ".webp", ".pnm", ".pgm", ".ppm", ".pbm", ".bmp", ".gif",
                                    ".pdf" };
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

static VnScanPage *
scan_page_new (const char *path,
               guint       index,
               guint       n_in_file,
               gboolean    is_pdf)
{
  VnScanPage *page = g_new0 (VnScanPage, 1);
  g_autofree char *base = g_path_get_basename (path);

  g_atomic_ref_count_init (&page->ref_count);
  page->path = g_strdup (path);
  page->index = index;
  page->n_in_file = n_in_file;
  page->is_pdf = is_pdf;
  page->label = n_in_file > 1 ? g_strdup_printf ("%s, page %u", base, index + 1)
                              : g_steal_pointer (&base);
  return page;
}

static gboolean
file_starts_with (const char *path,
                  const char *magic,
                  gsize       len)
{
  char head[8] = { 0 };
  FILE *fp = fopen (path, "rb");
  gsize got;

  if (fp == NULL)
    return FALSE;
  got = fread (head, 1, MIN (len, sizeof head), fp);
  fclose (fp);
  return got == len && memcmp (head, magic, len) == 0;
}

static PopplerDocument *
open_pdf (const char  *path,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PopplerDocument *doc = poppler_document_new_from_gfile (file, NULL, NULL, &local_error);

  if (doc == NULL && g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("%s is encrypted with a password; save a copy without it, for example with "
                   "“qpdf --decrypt --password=PASSWORD %s copy.pdf”, and open that."),
                 path, path);
  else if (doc == NULL)
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("%s is a damaged PDF (%s); export the PDF again."), path,
                 local_error->message);
  return doc;
}

/* The image format a file's first bytes announce, whether or not the rest is intact. */
static const char *
sniff_format (const char *path)
{
  static const struct { const char *magic; gsize len; const char *name; } formats[] = {
    { "\x89PNG\r\n\x1a\n", 8, "PNG" }, { "\xff\xd8\xff", 3, "JPEG" }, { "II*\0", 4, "TIFF" },
    { "MM\0*", 4, "TIFF" }, { "\0\0\0\x0cjP  ", 8, "JPEG 2000" },
    { "\xff\x4f\xff\x51", 4, "JPEG 2000" }, { "RIFF", 4, "WebP" }, { "GIF8", 4, "GIF" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (file_starts_with (path, formats[i].magic, formats[i].len))
      return formats[i].name;
  return NULL;
}

static gboolean
set_unreadable_error (const char  *path,
                      GError     **error)
{
  const char *format = sniff_format (path);

  if (format != NULL)
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("%s is a truncated or damaged %s file; export the scan again."), path,
                 format);
  else
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("%s is not an image Verno can read (PNG, JPEG, TIFF, JPEG 2000, WebP or "
                   "PDF); check that it is a scan, or export the scan again."), path);
  return FALSE;
}

static int
count_pages (const char  *path,
             gboolean     is_pdf,
             GError     **error)
{
  int format = IFF_UNKNOWN;
  int n = 1;

  if (is_pdf)
    {
      g_autoptr(PopplerDocument) doc = open_pdf (path, error);
      return doc ? poppler_document_get_n_pages (doc) : -1;
    }
  findFileFormat (path, &format);
  if (format == IFF_UNKNOWN)
    return set_unreadable_error (path, error), -1;
  if (format >= IFF_TIFF && format <= IFF_TIFF_JPEG)
    {
      FILE *fp = fopen (path, "rb");
      if (fp == NULL || tiffGetCount (fp, &n) != 0)
        n = 1;
      if (fp != NULL)
        fclose (fp);
    }
  return MAX (n, 1);
}

static gboolean
check_regular_file (const char  *path,
                    GError     **error)
{
  GStatBuf st;

  switch (vn_file_get_kind (path, error))
    {
    case VN_FILE_FOLDER:
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is a folder, not a scan; give the image files, or open the folder "
                     "as a project."), path);
      return FALSE;
    case VN_FILE_MISSING:
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The scan %s does not exist; check the path."), path);
      return FALSE;
    case VN_FILE_OTHER:
      return FALSE;
    case VN_FILE_REGULAR:
    default:
      break;
    }
  if (g_stat (path, &st) == 0 && st.st_size == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is empty (0 bytes), not an image; export the scan again."), path);
      return FALSE;
    }
  return TRUE;
}

/* The bytes a page's pixels can take, stored as badly as any format stores them (a JPEG of
 * noise at full quality takes more than raw), with room for profiles, EXIF and thumbnails. */
static guint64
page_bytes_bound (const char *path,
                  int         index,
                  int         n_in_file)
{
  int format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0, res = 0;
  gboolean read = n_in_file > 1
                  ? readHeaderTiff (path, index, &w, &h, &bps, &spp, &res, &cmap, &format) == 0
                  : pixReadHeader (path, &format, &w, &h, &bps, &spp, &cmap) == 0;

  /* A header that cannot be read is the decoder's to report, from the same bytes. */
  if (!read || w <= 0 || h <= 0)
    return G_MAXUINT64 / 2 / MAX (n_in_file, 1);
  return 4 * ((guint64) w * h * MAX (spp, 1) * MAX (bps, 1) / 8) + PAGE_SLACK_BYTES;
}

/* Before anything reads the file (its hash reads it all): a file far larger than its pixels
 * holds something else, and no file may be larger than the largest scan allowed. */
static gboolean
check_file_size (const char  *path,
                 int          n_pages,
                 GError     **error)
{
  GStatBuf st;
  guint64 limit = (guint64) n_pages * MAX_BYTES_PER_PIXEL * vn_scan_get_max_pixels ();
  guint64 bound = 0;
  g_autofree char *size = NULL, *most = NULL;

  if (g_stat (path, &st) != 0)
    return TRUE;   /* the decoder says what cannot be read */
  for (int i = 0; i < n_pages && bound < (guint64) st.st_size; i++)
    bound += page_bytes_bound (path, i, n_pages);
  if ((guint64) st.st_size <= MIN (limit, bound))
    return TRUE;
  size = g_format_size (st.st_size);
  most = g_format_size (MIN (limit, bound));
  if ((guint64) st.st_size > limit)
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("%s is %s, more than the %s that scans of at most %llu pixels a page can "
                   "take; if the scan is real, raise the limit with --max-pixels or "
                   "VERNO_MAX_PIXELS."), path, size, most,
                 (unsigned long long) vn_scan_get_max_pixels ());
  else
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("%s is %s, far more than the %s its pixels can take: the file holds "
                   "something besides the image; export the scan again."), path, size, most);
  return FALSE;
}

/* One VnScanPage per page of every file, in the order given. */
GPtrArray *
vn_scan_expand_files (const char * const *paths,
                      GError            **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) vn_scan_page_unref);

  quiet_leptonica ();
  for (guint i = 0; paths[i]; i++)
    {
      gboolean is_pdf;
      int n;

      if (!check_regular_file (paths[i], error))
        return NULL;
      is_pdf = file_starts_with (paths[i], "%PDF", 4);
      n = count_pages (paths[i], is_pdf, error);
      if (n < 0 || (!is_pdf && !check_file_size (paths[i], n, error)))
        return NULL;
      for (int p = 0; p < n; p++)
        g_ptr_array_add (pages, scan_page_new (paths[i], p, n, is_pdf));
    }
  return g_steal_pointer (&pages);
}

/* ------------------------------------------------------------------ PDF */

/* The resolution the page's largest image was scanned at, or 0 when there is none. */
static double
pdf_native_dpi (PopplerPage *page)
{
  GList *mapping = poppler_page_get_image_mapping (page);
  double best_area = 0, dpi = 0;

  for (GList *l = mapping; l; l = l->next)
    {
      PopplerImageMapping *m = l->data;
      double w_pt = m->area.x2 - m->area.x1;
      double h_pt = m->area.y2 - m->area.y1;
      cairo_surface_t *image;

      if (w_pt * h_pt <= best_area || w_pt < 1)
        continue;
      image = poppler_page_get_image (page, m->image_id);
      if (image == NULL)
        continue;
      best_area = w_pt * h_pt;
      dpi = cairo_image_surface_get_width (image) * 72.0 / w_pt;
      cairo_surface_destroy (image);
    }
  poppler_page_free_image_mapping (mapping);
  return dpi;
}

static PIX *
pix_from_cairo (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  PIX *pix = pixCreate (w, h, 8);

  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);
      for (int x = 0; x < w; x++)
        {
          guint32 p = row[x];
          guint lum = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
          pixSetPixel (pix, x, y, lum);
        }
    }
  return pix;
}

static PIX *
load_pdf_page (VnScanPage  *scan,
               int         *dpi_out,
               GError     **error)
{
  g_autoptr(PopplerDocument) doc = open_pdf (scan->path, error);
  g_autoptr(PopplerPage) page = NULL;
  double w_pt, h_pt, dpi;
  cairo_surface_t *surface;
  cairo_t *cr;
  PIX *pix;

  if (doc == NULL)
    return NULL;
  page = poppler_document_get_page (doc, scan->index);
  if (page == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("%s has no page %u."), scan->path,
                   scan->index + 1);
      return NULL;
    }
  poppler_page_get_size (page, &w_pt, &h_pt);
  dpi = pdf_native_dpi (page);
  if (dpi < 72 || dpi > 1200)
    dpi = VN_SCAN_PDF_DEFAULT_DPI;
  if ((guint64) (w_pt * dpi / 72) * (guint64) (h_pt * dpi / 72) > vn_scan_get_max_pixels ())
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Page %u of %s would be larger than the limit of %llu pixels at %.0f "
                     "dpi; if it is real, raise the limit with --max-pixels or "
                     "VERNO_MAX_PIXELS."), scan->index + 1, scan->path,
                   (unsigned long long) vn_scan_get_max_pixels (), dpi);
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (w_pt * dpi / 72 + 0.5),
                                        (int) (h_pt * dpi / 72 + 0.5));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72, dpi / 72);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pix = pix_from_cairo (surface);
  cairo_surface_destroy (surface);
  pixSetResolution (pix, (int) (dpi + 0.5), (int) (dpi + 0.5));
  *dpi_out = (int) (dpi + 0.5);
  return pix;
}

/* ------------------------------------------------------------------ images */

static gboolean
check_header (VnScanPage  *scan,
              GError     **error)
{
  int format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;

  if (pixReadHeader (scan->path, &format, &w, &h, &bps, &spp, &iscmap) != 0 || w <= 0 || h <= 0)
    return set_unreadable_error (scan->path, error);
  if ((guint64) w * (guint64) h > vn_scan_get_max_pixels ())
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s claims %d×%d pixels, above the limit of %llu pixels; if the scan is "
                     "real, raise the limit with --max-pixels or VERNO_MAX_PIXELS."),
                   scan->path, w, h, (unsigned long long) vn_scan_get_max_pixels ());
      return FALSE;
    }
  return TRUE;
}

/* Whether a PNG's chunks run on to its IEND chunk. */
static gboolean
png_is_complete (const guint8 *data,
                 gsize         len)
{
  gsize at = 8;

  while (at + 12 <= len)
    {
      guint32 chunk;

      memcpy (&chunk, data + at, 4);
      chunk = GUINT32_FROM_BE (chunk);
      if (memcmp (data + at + 4, "IEND", 4) == 0)
        return TRUE;
      if (chunk > len - at - 12)
        return FALSE;
      at += 12 + (gsize) chunk;
    }
  return FALSE;
}

/* Past the entropy-coded data that follows a JPEG SOS segment: to the next real marker. */
static gsize
skip_entropy_data (const guint8 *data,
                   gsize         len,
                   gsize         at)
{
  for (; at + 1 < len; at++)
    if (data[at] == 0xff && data[at + 1] != 0 && (data[at + 1] < 0xd0 || data[at + 1] > 0xd7))
      return at;
  return len;
}

/* Whether a JPEG's markers run on to its EOI marker. */
static gboolean
jpeg_is_complete (const guint8 *data,
                  gsize         len)
{
  gsize at = 2;

  while (at + 1 < len)
    {
      guint8 marker = data[at + 1];

      if (data[at] != 0xff)
        return FALSE;
      if (marker == 0xd9)
        return TRUE;
      if (marker == 0xff || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          at += marker == 0xff ? 1 : 2;
          continue;
        }
      if (at + 4 > len)
        return FALSE;
      at += 2 + ((gsize) data[at + 2] << 8 | data[at + 3]);
      if (marker == 0xda)
        at = skip_entropy_data (data, len, at);
    }
  return FALSE;
}

/* libpng reports a truncated PNG only on stderr, and libjpeg returns the part of a truncated
 * JPEG it could read with a warning on stderr: their structure is checked before decoding. */
static gboolean
check_complete (VnScanPage  *scan,
                GError     **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (scan->path, FALSE, NULL);
  const guint8 *data;
  const char *format = NULL;
  gboolean complete = TRUE;
  gsize len;

  if (mapped == NULL)
    return TRUE;   /* the decoder says what cannot be read */
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    format = "PNG", complete = png_is_complete (data, len);
  else if (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    format = "JPEG", complete = jpeg_is_complete (data, len);
  if (complete)
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("%s is a truncated or damaged %s file: its data stop before the image ends; "
                 "export the scan again."), scan->path, format);
  return FALSE;
}

static PIX *
to_grey (PIX *pix)
{
  PIX *grey;

  if (pixGetDepth (pix) == 8 && pixGetColormap (pix) == NULL)
    return pix;
  grey = pixConvertTo8 (pix, FALSE);
  if (grey != NULL)
    pixCopyResolution (grey, pix);
  pixDestroy (&pix);
  return grey;
}

/* ------------------------------------------------------------------ prefetch */

/* One page decoded ahead, while the program starts: a window can then show it at once. */
typedef struct
{
  VnScanPage *page;
  GThread    *thread;
} Prefetch;

static GMutex prefetch_lock;
static Prefetch *prefetch;

typedef struct
{
  PIX    *pix;
  int     dpi;
  GError *error;
} Decoded;

static PIX *load_page (VnScanPage *scan, int *dpi, GError **error);

static gpointer
prefetch_thread (gpointer data)
{
  Decoded *decoded = g_new0 (Decoded, 1);

  decoded->pix = load_page (data, &decoded->dpi, &decoded->error);
  return decoded;
}

void
vn_scan_prefetch (VnScanPage *page)
{
  g_return_if_fail (page != NULL);

  g_mutex_lock (&prefetch_lock);
  if (prefetch == NULL)
    {
      prefetch = g_new0 (Prefetch, 1);
      prefetch->page = vn_scan_page_ref (page);
      prefetch->thread = g_thread_new ("verno-prefetch", prefetch_thread, page);
    }
  g_mutex_unlock (&prefetch_lock);
}

/* The prefetched page if it is this one (waiting for it if need be), else NULL. */
static Decoded *
claim_prefetch (VnScanPage *scan)
{
  Prefetch *claimed = NULL;
  Decoded *decoded;

  g_mutex_lock (&prefetch_lock);
  if (prefetch != NULL && prefetch->page->index == scan->index)
    {
      /* "scans/x/page-1.png" from the command line is "/home/…/scans/x/page-1.png" here. */
      g_autofree char *a = g_canonicalize_filename (prefetch->page->path, NULL);
      g_autofree char *b = g_canonicalize_filename (scan->path, NULL);

      if (g_str_equal (a, b))
        claimed = g_steal_pointer (&prefetch);
    }
  g_mutex_unlock (&prefetch_lock);
  if (claimed == NULL)
    return NULL;
  decoded = g_thread_join (claimed->thread);
  vn_scan_page_unref (claimed->page);
  g_free (claimed);
  return decoded;
}

/* The page as 8-bit grey, and its resolution (300 when the file does not say). */
PIX *
vn_scan_page_load (VnScanPage  *scan,
                   int         *dpi,
                   GError     **error)
{
  g_autofree Decoded *decoded = NULL;

  g_return_val_if_fail (scan != NULL, NULL);

  if ((decoded = claim_prefetch (scan)) != NULL)
    {
      *dpi = decoded->dpi;
      if (decoded->error != NULL)
        g_propagate_error (error, decoded->error);
      return decoded->pix;
    }
  return load_page (scan, dpi, error);
}

static PIX *
load_page (VnScanPage  *scan,
           int         *dpi,
           GError     **error)
{
  PIX *pix;
  int xres = 0, yres = 0;

  quiet_leptonica ();
  if (scan->is_pdf)
    return load_pdf_page (scan, dpi, error);
  if (!check_header (scan, error) || !check_complete (scan, error))
    return NULL;
  pix = scan->n_in_file > 1 ? pixReadTiff (scan->path, scan->index) : pixRead (scan->path);
  if (pix == NULL || (pix = to_grey (pix)) == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Page %u of %s cannot be decoded: the image is truncated or damaged; "
                     "export the scan again."), scan->index + 1, scan->path);
      return NULL;
    }
  pixGetResolution (pix, &xres, &yres);
  *dpi = xres >= 70 && xres <= 2400 ? xres : 300;
  return pix;
}

/* The identity of the page's pixels for the OCR cache: its file's bytes and its index. */
char *
vn_scan_page_content_hash (VnScanPage  *scan,
                           GError     **error)
{
  g_autoptr(GChecksum) checksum = vn_scan_dup_file_checksum (scan->path, error);

  return checksum ? vn_scan_page_finish_content_hash (scan, checksum) : NULL;
}

/* The SHA-256 of @path's bytes, not finished: vn_scan_page_finish_content_hash () gives each
 * page's hash from a copy (a PDF's hundred pages hash its file once). */
GChecksum *
vn_scan_dup_file_checksum (const char  *path,
                           GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GError) local_error = NULL;

  if (mapped == NULL)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (path);

      bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
      if (bytes == NULL)
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("Cannot read %s: %s."), path,
                       local_error->message);
          return NULL;
        }
      g_checksum_update (checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  else
    g_checksum_update (checksum, (const guchar *) g_mapped_file_get_contents (mapped),
                       g_mapped_file_get_length (mapped));
  return g_steal_pointer (&checksum);
}

/* @scan's content hash from its file's checksum (which it leaves as it was). */
char *
vn_scan_page_finish_content_hash (VnScanPage *scan,
                                  GChecksum  *file_checksum)
{
  g_autoptr(GChecksum) checksum = g_checksum_copy (file_checksum);
  char index[32];

  g_snprintf (index, sizeof index, "#%u", scan->index);
  g_checksum_update (checksum, (const guchar *) index, -1);
  return g_strdup (g_checksum_get_string (checksum));
}

/* ------------------------------------------------------------------ crops */

/* The region with @margin pixels around it, clipped to the page. */
PIX *
vn_scan_page_crop (VnScanPage  *scan,
                   int          x,
                   int          y,
                   int          w,
                   int          h,
                   int          margin,
                   GError     **error)
{
  int dpi = 300;
  PIX *page = vn_scan_page_load (scan, &dpi, error);
  BOX *box;
  PIX *crop;

  if (page == NULL)
    return NULL;
  x = CLAMP (x - margin, 0, pixGetWidth (page) - 1);
  y = CLAMP (y - margin, 0, pixGetHeight (page) - 1);
  box = boxCreate (x, y, MAX (1, w + 2 * margin), MAX (1, h + 2 * margin));
  crop = pixClipRectangle (page, box, NULL);
  boxDestroy (&box);
  pixDestroy (&page);
  if (crop == NULL)
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("The region is outside %s."),
                 scan->label);
  return crop;
}

/* A PNG of the region (and a line of context) in the user's cache; the path, or NULL. */
char *
vn_scan_page_crop_to_cache (VnScanPage  *scan,
                            int          x,
                            int          y,
                            int          w,
                            int          h,
                            GError     **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "verno", "crops", NULL);
  GStatBuf st = { 0 };
  g_autofree char *material = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *hash = NULL, *name = NULL;
  char *path;
  PIX *crop;

  /* A scan replaced in place is another scan: its size and time are in the name. */
  g_stat (scan->path, &st);
  material = g_strdup_printf ("%s#%u:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%d,%d,%d,%d",
                              scan->path, scan->index, (gint64) st.st_size,
                              (gint64) st.st_mtime, x, y, w, h);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, material, -1);
  name = g_strdup_printf ("%s.png", hash);
  path = g_build_filename (dir, name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  crop = vn_scan_page_crop (scan, x, y, w, h, MAX (h, 20), error);
  if (crop == NULL)
    return g_free (path), NULL;
  /* Written aside and renamed: a killed process never leaves a torn crop to reuse. */
  temp = g_strdup_printf ("%s.%d.tmp", path, (int) getpid ());
  if (g_mkdir_with_parents (dir, 0700) != 0 || pixWrite (temp, crop, IFF_PNG) != 0 ||
      g_rename (temp, path) != 0)
    {
      g_remove (temp);
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT, _("Cannot write the crop %s."), path);
      g_clear_pointer (&path, g_free);
    }
  pixDestroy (&crop);
  return path;
}
