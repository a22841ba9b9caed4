/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-image.c: small operations on page images (Leptonica PIX). */
#include "vn-image.h"

/* @box with @margin pixels around it, clipped to the page; NULL when nothing of it is on the
 * page. */
PIX *
vn_image_crop (PIX         *page,
               const VnBox *box,
               int          margin)
{
  int x0, y0, x1, y1;
  BOX *clip;
  PIX *crop;

  g_return_val_if_fail (page != NULL && box != NULL, NULL);

  x0 = MAX (0, box->x - margin);
  y0 = MAX (0, box->y - margin);
  x1 = MIN (pixGetWidth (page), box->x + box->w + margin);
  y1 = MIN (pixGetHeight (page), box->y + box->h + margin);
  if (box->w <= 0 || box->h <= 0 || x1 <= x0 || y1 <= y0)
    return NULL;
  clip = boxCreate (x0, y0, x1 - x0, y1 - y0);
  crop = pixClipRectangle (page, clip, NULL);
  boxDestroy (&clip);
  return crop;
}
