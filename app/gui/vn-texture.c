/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-texture.c: page images (Leptonica PIX) as GDK textures, RGB bytes: GTK 4.8 has no
 * single-channel memory format. Grey and colour images keep their values; others (1 bit,
 * colour maps) are converted to grey first. */
#include "vn-texture.h"

static void
copy_row (PIX    *pix,
          int     x,
          int     y,
          int     width,
          guchar *out)
{
  const l_uint32 *line = pixGetData (pix) + (gsize) y * pixGetWpl (pix);

  if (pixGetDepth (pix) == 8)
    for (int col = 0; col < width; col++, out += 3)
      out[0] = out[1] = out[2] = GET_DATA_BYTE (line, x + col);
  else
    for (int col = 0; col < width; col++, out += 3)
      {
        l_int32 r, g, b;

        extractRGBValues (line[x + col], &r, &g, &b);
        out[0] = r, out[1] = g, out[2] = b;
      }
}

/* The rectangle (@x, @y, @width, @height) of @pix, which must lie inside it. */
GdkTexture *
vn_texture_new_for_pix_area (PIX *pix,
                             int  x,
                             int  y,
                             int  width,
                             int  height)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize stride = (gsize) width * 3;
  guchar *data;
  PIX *source;

  g_return_val_if_fail (pix != NULL && width > 0 && height > 0, NULL);
  g_return_val_if_fail (x >= 0 && y >= 0 && x + width <= (int) pixGetWidth (pix) &&
                        y + height <= (int) pixGetHeight (pix), NULL);

  if ((pixGetDepth (pix) == 8 || pixGetDepth (pix) == 32) && pixGetColormap (pix) == NULL)
    source = pixClone (pix);
  else
    source = pixConvertTo8 (pix, FALSE);
  data = g_malloc (stride * height);
  for (int row = 0; row < height; row++)
    copy_row (source, x, y + row, width, data + stride * row);
  pixDestroy (&source);
  bytes = g_bytes_new_take (data, stride * height);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8, bytes, stride);
}

GdkTexture *
vn_texture_new_for_pix (PIX *pix)
{
  g_return_val_if_fail (pix != NULL, NULL);
  return vn_texture_new_for_pix_area (pix, 0, 0, pixGetWidth (pix), pixGetHeight (pix));
}
