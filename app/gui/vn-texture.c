/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-texture.c: page images as GDK textures, the one way the window turns pixels into
 * something to draw: RGB bytes, since GTK 4.8 has no single-channel memory format. */
#include "vn-texture.h"

/* The rectangle (@x, @y, @width, @height) of @image, which must lie inside it. */
GdkTexture *
vn_texture_new_for_page_image_area (VnPageImage *image,
                                    int          x,
                                    int          y,
                                    int          width,
                                    int          height)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (VN_IS_PAGE_IMAGE (image), NULL);

  if ((bytes = vn_page_image_read_rgb (image, x, y, width, height)) == NULL)
    return NULL;
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, (gsize) width * 3);
}

GdkTexture *
vn_texture_new_for_page_image (VnPageImage *image)
{
  g_return_val_if_fail (VN_IS_PAGE_IMAGE (image), NULL);
  return vn_texture_new_for_page_image_area (image, 0, 0, vn_page_image_get_width (image),
                                             vn_page_image_get_height (image));
}

/* @box of page @page of @pages with @margin pixels around it, scaled to @height pixels
 * (0: as it is); NULL when nothing of @box is on the page, or while the page is decoded
 * (it is asked for: VnPageCache::page-decoded follows). */
GdkTexture *
vn_texture_new_for_page_crop (VnPageCache *pages,
                              guint        page,
                              const VnBox *box,
                              int          margin,
                              int          height)
{
  g_autoptr(VnPageImage) image = NULL;
  g_autoptr(VnPageImage) crop = NULL;
  g_autoptr(VnPageImage) scaled = NULL;

  g_return_val_if_fail (VN_IS_PAGE_CACHE (pages) && box != NULL, NULL);

  if (box->w <= 0 || box->h <= 0 || page >= vn_page_cache_get_n_pages (pages))
    return NULL;
  if ((image = vn_page_cache_lookup (pages, page)) == NULL)
    {
      vn_page_cache_request (pages, page);
      return NULL;
    }
  if ((crop = vn_page_image_crop (image, box, margin)) == NULL)
    return NULL;
  if (height > 0 && (scaled = vn_page_image_scale_to_height (crop, height)) == NULL)
    return NULL;
  return vn_texture_new_for_page_image (scaled ? scaled : crop);
}
