/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-preprocess.c: deskew, background normalisation and Sauvola binarisation with
 * Leptonica; boxes found on the cleaned image are mapped back to the original scan. */
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-preprocess.h"

/* Skews below this are noise of the estimate, and rotating would only blur. */
#define MIN_DESKEW_DEGREES 0.05

static PIX *
deskew (PIX             *pix,
        VnPageTransform *transform)
{
  l_float32 angle = 0, conf = 0;
  PIX *binary = pixConvertTo1 (pix, 160);
  PIX *rotated;
  int ok = binary ? pixFindSkew (binary, &angle, &conf) : 1;

  pixDestroy (&binary);
  if (ok != 0 || conf < 2.0 || fabs (angle) < MIN_DESKEW_DEGREES)
    return pixClone (pix);
  /* pixFindSkew gives the page's skew; rotating by it straightens the lines. */
  transform->angle = angle * M_PI / 180.0;
  /* Width and height 0: rotate about the centre within the same frame (with the size
   * given, Leptonica would enlarge the frame and shift every box). */
  rotated = pixRotate (pix, transform->angle, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  return rotated ? rotated : pixClone (pix);
}

static PIX *
binarize (PIX *pix)
{
  PIX *binary = NULL;
  PIX *grey = pixGetDepth (pix) == 8 ? pixClone (pix) : pixConvertTo8 (pix, FALSE);

  /* Window of about a character's height at 300 dpi; a low k keeps faint ribbon strokes,
   * which matters more on carbons than the speckle it lets through. */
  if (pixSauvolaBinarizeTiled (grey, 30, 0.10f, 1, 1, NULL, &binary) != 0)
    binary = pixClone (grey);
  pixDestroy (&grey);
  return binary;
}

/* Paper to white. Pixels darker than 4/5 of the paper's median are taken for ink: the
 * default threshold (100) counts faint typewriter ink as paper, and the page then comes
 * out with pale halos around every word. */
static PIX *
normalize_background (PIX *pix)
{
  l_uint32 paper = 200;
  PIX *grey = pixGetDepth (pix) == 8 ? pixClone (pix) : pixConvertTo8 (pix, FALSE);
  PIX *normalized;

  pixGetRankValue (grey, 2, 0.5, &paper);
  normalized = pixBackgroundNorm (grey, NULL, NULL, 10, 15, (int) paper * 4 / 5, 40, 255, 2, 1);
  pixDestroy (&grey);
  return normalized;
}

/* A new image, cleaned as @flags ask; @transform receives what to undo on boxes. */
PIX *
vn_preprocess_apply (PIX               *pix,
                     VnPreprocessFlags  flags,
                     VnPageTransform   *transform)
{
  PIX *current = pixClone (pix);

  *transform = (VnPageTransform) {
    .cx = pixGetWidth (pix) / 2.0, .cy = pixGetHeight (pix) / 2.0,
    .width = pixGetWidth (pix), .height = pixGetHeight (pix),
  };
  if (flags & VN_PREPROCESS_NORMALIZE)
    {
      PIX *normalized = normalize_background (current);
      if (normalized != NULL)
        pixDestroy (&current), current = normalized;
    }
  if (flags & VN_PREPROCESS_DESKEW)
    {
      PIX *straight = deskew (current, transform);
      pixDestroy (&current), current = straight;
    }
  if (flags & VN_PREPROCESS_BINARIZE)
    {
      PIX *binary = binarize (current);
      pixDestroy (&current), current = binary;
    }
  pixCopyResolution (current, pix);
  return current;
}

static void
rotate_point (const VnPageTransform *t,
              double                 x,
              double                 y,
              double                *ox,
              double                *oy)
{
  /* pixRotate turns the page clockwise by angle (y down); undo it by turning it back. */
  double c = cos (-t->angle), s = sin (-t->angle);
  double dx = x - t->cx, dy = y - t->cy;

  *ox = t->cx + dx * c - dy * s;
  *oy = t->cy + dx * s + dy * c;
}

/* The box, found on the cleaned image, as a box on the original scan. */
VnBox
vn_page_transform_to_source (const VnPageTransform *t,
                             const VnBox           *box)
{
  double xs[4], ys[4];
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  VnBox out;

  if (t->angle == 0)
    return *box;
  rotate_point (t, box->x, box->y, &xs[0], &ys[0]);
  rotate_point (t, box->x + box->w, box->y, &xs[1], &ys[1]);
  rotate_point (t, box->x, box->y + box->h, &xs[2], &ys[2]);
  rotate_point (t, box->x + box->w, box->y + box->h, &xs[3], &ys[3]);
  for (int i = 0; i < 4; i++)
    {
      x0 = MIN (x0, xs[i]), y0 = MIN (y0, ys[i]);
      x1 = MAX (x1, xs[i]), y1 = MAX (y1, ys[i]);
    }
  x0 = CLAMP (x0, 0, t->width), x1 = CLAMP (x1, 0, t->width);
  y0 = CLAMP (y0, 0, t->height), y1 = CLAMP (y1, 0, t->height);
  out = (VnBox) { (int) floor (x0), (int) floor (y0), 0, 0 };
  out.w = (int) ceil (x1) - out.x;
  out.h = (int) ceil (y1) - out.y;
  return out;
}

/* "deskew,normalize,binarize", "all" or "none". */
gboolean
vn_preprocess_parse_flags (const char         *spec,
                           VnPreprocessFlags  *flags,
                           GError            **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);

  *flags = VN_PREPROCESS_NONE;
  for (guint i = 0; parts[i]; i++)
    {
      const char *p = g_strstrip (parts[i]);

      if (g_str_equal (p, "deskew"))
        *flags |= VN_PREPROCESS_DESKEW;
      else if (g_str_equal (p, "normalize") || g_str_equal (p, "normalise"))
        *flags |= VN_PREPROCESS_NORMALIZE;
      else if (g_str_equal (p, "binarize") || g_str_equal (p, "binarise") ||
               g_str_equal (p, "sauvola"))
        *flags |= VN_PREPROCESS_BINARIZE;
      else if (g_str_equal (p, "all"))
        *flags |= VN_PREPROCESS_ALL;
      else if (!g_str_equal (p, "none") && *p != '\0')
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                       _("Unknown preprocessing step “%s”; use deskew, normalize, binarize, "
                         "all or none."), p);
          return FALSE;
        }
    }
  return TRUE;
}

char *
vn_preprocess_flags_to_string (VnPreprocessFlags flags)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (flags & VN_PREPROCESS_NORMALIZE)
    g_string_append (out, "normalize,");
  if (flags & VN_PREPROCESS_DESKEW)
    g_string_append (out, "deskew,");
  if (flags & VN_PREPROCESS_BINARIZE)
    g_string_append (out, "binarize,");
  if (out->len == 0)
    return g_strdup ("none");
  g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
