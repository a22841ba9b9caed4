/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-texture.h: page images (Leptonica PIX) as GDK textures. */
#pragma once

#include <gtk/gtk.h>
#include <leptonica/allheaders.h>

G_BEGIN_DECLS

GdkTexture *vn_texture_new_for_pix      (PIX *pix);
GdkTexture *vn_texture_new_for_pix_area (PIX *pix,
                                         int  x,
                                         int  y,
                                         int  width,
                                         int  height);

G_END_DECLS
