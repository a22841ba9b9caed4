/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-page-image.c: a page's pixels as an immutable 8-bit grey Leptonica image. Its PIX is
 * never cloned: Leptonica 1.82's reference counts are not atomic, GObject's are, so threads
 * share the object and only read the pixels. */
#include "vn-image.h"
#include "vn-page-image-private.h"
#include "vn-preprocess-private.h"
#include "vn-scan-private.h"

struct _VnPageImage
{
  GObject  parent_instance;
  PIX     *pix;          /* 8-bit grey, no colour map */
  int      resolution;   /* dots per inch */
};

G_DEFINE_FINAL_TYPE (VnPageImage, vn_page_image, G_TYPE_OBJECT)

static void
vn_page_image_finalize (GObject *object)
{
  VnPageImage *self = VN_PAGE_IMAGE (object);

  pixDestroy (&self->pix);
  G_OBJECT_CLASS (vn_page_image_parent_class)->finalize (object);
}

static void
vn_page_image_class_init (VnPageImageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_page_image_finalize;
}

static void
vn_page_image_init (VnPageImage *self)
{
}

/* Takes @pix (any depth: others are made 8-bit grey); NULL when @pix is NULL. */
VnPageImage *
vn_page_image_new_for_pix (PIX *pix,
                           int  resolution)
{
  VnPageImage *self;

  if (pix == NULL)
    return NULL;
  if (pixGetDepth (pix) != 8 || pixGetColormap (pix) != NULL)
    {
      PIX *grey = pixConvertTo8 (pix, FALSE);

      pixDestroy (&pix);
      if ((pix = grey) == NULL)
        return NULL;
    }
  self = g_object_new (VN_TYPE_PAGE_IMAGE, NULL);
  self->pix = pix;
  self->resolution = resolution > 0 ? resolution : 300;
  return self;
}

/* The page decoded (see vn_scan_page_load () for the errors). */
VnPageImage *
vn_page_image_new_from_scan (VnScanPage  *scan,
                             GError     **error)
{
  int dpi = 300;
  PIX *pix;

  g_return_val_if_fail (scan != NULL, NULL);

  pix = vn_scan_page_load (scan, &dpi, error);
  return vn_page_image_new_for_pix (pix, dpi);
}

/* Borrowed, read-only: never change its pixels nor clone it. */
PIX *
vn_page_image_get_pix (VnPageImage *self)
{
  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), NULL);
  return self->pix;
}

int
vn_page_image_get_width (VnPageImage *self)
{
  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), 0);
  return pixGetWidth (self->pix);
}

int
vn_page_image_get_height (VnPageImage *self)
{
  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), 0);
  return pixGetHeight (self->pix);
}

int
vn_page_image_get_resolution (VnPageImage *self)
{
  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), 0);
  return self->resolution;
}

/* The memory its pixels take. */
gsize
vn_page_image_get_size_bytes (VnPageImage *self)
{
  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), 0);
  return (gsize) pixGetWpl (self->pix) * 4 * pixGetHeight (self->pix);
}

/* @box with @margin pixels around it, clipped to the page; NULL when nothing of it is on
 * the page. */
VnPageImage *
vn_page_image_crop (VnPageImage *self,
                    const VnBox *box,
                    int          margin)
{
  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), NULL);
  g_return_val_if_fail (box != NULL, NULL);

  return vn_page_image_new_for_pix (vn_image_crop (self->pix, box, margin), self->resolution);
}

/* The image scaled to @height pixels, its width in proportion. */
VnPageImage *
vn_page_image_scale_to_height (VnPageImage *self,
                               int          height)
{
  double scale;

  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), NULL);
  g_return_val_if_fail (height > 0, NULL);

  scale = (double) height / pixGetHeight (self->pix);
  return vn_page_image_new_for_pix (pixScaleToSize (self->pix, 0, height),
                                    (int) (self->resolution * scale + 0.5));
}

/* The image at exactly @width × @height, smaller than it: area-mapped halving when that is
 * the size, which is the sharpest and fastest. */
VnPageImage *
vn_page_image_reduce_to (VnPageImage *self,
                         int          width,
                         int          height)
{
  PIX *half;
  int resolution;

  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  resolution = (int) ((double) self->resolution * width / pixGetWidth (self->pix) + 0.5);
  half = pixScaleAreaMap2 (self->pix);
  if (half != NULL && pixGetWidth (half) == width && pixGetHeight (half) == height)
    return vn_page_image_new_for_pix (half, resolution);
  pixDestroy (&half);
  return vn_page_image_new_for_pix (pixScaleToSize (self->pix, width, height), resolution);
}

/* The page cleaned as the OCR reads it (@flags: see vn-preprocess.h), in grey; @transform
 * maps its pixels back to this image's. */
VnPageImage *
vn_page_image_preprocess (VnPageImage       *self,
                          VnPreprocessFlags  flags,
                          VnPageTransform   *transform)
{
  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), NULL);
  g_return_val_if_fail (transform != NULL, NULL);

  return vn_page_image_new_for_pix (vn_preprocess_apply (self->pix, flags, transform),
                                    self->resolution);
}

/* The rectangle (@x, @y, @width, @height), which must lie inside the image, as RGB bytes,
 * @width × 3 a row: what a display takes (GTK 4.8 has no single-channel memory format). */
GBytes *
vn_page_image_read_rgb (VnPageImage *self,
                        int          x,
                        int          y,
                        int          width,
                        int          height)
{
  gsize stride = (gsize) width * 3;
  int wpl;
  const l_uint32 *data;
  guint8 *out, *p;

  g_return_val_if_fail (VN_IS_PAGE_IMAGE (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0 && x >= 0 && y >= 0, NULL);
  g_return_val_if_fail (x + width <= (int) pixGetWidth (self->pix) &&
                        y + height <= (int) pixGetHeight (self->pix), NULL);

  wpl = pixGetWpl (self->pix);
  data = pixGetData (self->pix);
  p = out = g_malloc (stride * height);
  for (int row = 0; row < height; row++)
    {
      const l_uint32 *line = data + (gsize) (y + row) * wpl;

      for (int col = 0; col < width; col++, p += 3)
        p[0] = p[1] = p[2] = GET_DATA_BYTE (line, x + col);
    }
  return g_bytes_new_take (out, stride * height);
}
