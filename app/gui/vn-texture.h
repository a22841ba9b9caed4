/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-texture.h: page images as GDK textures. */
#pragma once

#include <gtk/gtk.h>

#include "vn-ocr-page.h"
#include "vn-page-cache.h"
#include "vn-page-image.h"

G_BEGIN_DECLS

GdkTexture *vn_texture_new_for_page_image      (VnPageImage *image);
GdkTexture *vn_texture_new_for_page_image_area (VnPageImage *image,
                                                int          x,
                                                int          y,
                                                int          width,
                                                int          height);
GdkTexture *vn_texture_new_for_page_crop       (VnPageCache *pages,
                                                guint        page,
                                                const VnBox *box,
                                                int          margin,
                                                int          height);

G_END_DECLS
