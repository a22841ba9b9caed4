/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-preprocess.c: scaling to the x-height Tesseract reads best, deskew, background
 * normalisation and Sauvola binarisation with Leptonica; boxes found on the cleaned image
 * are mapped back to the original scan. */
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-preprocess-private.h"

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

/* Components taller than this share of the page are pictures, rules or borders. */
#define MAX_GLYPH_SHARE 0.1
/* Fewer glyph-like components than this is too little text to measure. */
#define MIN_GLYPHS 30
/* Pages are measured halved until their short side is at most this many pixels. */
#define MEASURE_SIDE 1300

static PIX *
binarize_otsu (PIX *pix)
{
  PIX *grey, *binary = NULL;

  if (pixGetDepth (pix) == 1)
    return pixClone (pix);
  grey = pixConvertTo8 (pix, FALSE);
  /* Tiles of a few lines' height follow uneven paper, as Tesseract's own thresholding does. */
  if (grey == NULL || pixOtsuAdaptiveThreshold (grey, 300, 300, 0, 0, 0.1f, NULL, &binary) != 0)
    binary = NULL;
  pixDestroy (&grey);
  return binary;
}

/* The height that glyph-like components cover most ink-box area at, over a window of three
 * heights: lower-case letters without ascenders (a c e m n o r s u…) outnumber every other
 * class of letter, and weighing by area keeps a carbon copy's thousands of specks, which are
 * only a few pixels each, from outweighing them. */
static int
peak_height (const double *area,
             int           n)
{
  double best = 0;
  int best_h = 0;

  for (int h = 1; h < n - 1; h++)
    {
      double around = area[h - 1] + area[h] + area[h + 1];

      if (around > best)
        best = around, best_h = h;
    }
  return best_h;
}

/* The x-height in pixels, at the peak of the glyphs' heights. */
static double
estimate_x_height (PIX *pix)
{
  PIX *binary = binarize_otsu (pix);
  BOXA *boxes = binary ? pixConnCompBB (binary, 8) : NULL;
  int n = boxes ? boxaGetCount (boxes) : 0;
  int max_h = MAX (8, (int) (MIN (pixGetWidth (pix), pixGetHeight (pix)) * MAX_GLYPH_SHARE));
  g_autofree double *area = g_new0 (double, max_h + 2);
  g_autofree guint *count = g_new0 (guint, max_h + 2);
  int peak;
  guint glyphs;

  for (int i = 0; i < n; i++)
    {
      l_int32 x, y, w, h;

      boxaGetBoxGeometry (boxes, i, &x, &y, &w, &h);
      /* Specks, dashes and rules, and runs of touching letters, are not letters. */
      if (h < 3 || h > max_h || w < 2 || w > 2 * h || h > 4 * w)
        continue;
      area[h] += (double) w * h;
      count[h]++;
    }
  boxaDestroy (&boxes);
  pixDestroy (&binary);
  peak = peak_height (area, max_h + 1);
  glyphs = peak > 0 ? count[peak - 1] + count[peak] + count[peak + 1] : 0;
  if (glyphs < MIN_GLYPHS)
    return 0;
  /* The centre of the peak, to a fraction of a pixel. */
  return ((peak - 1) * count[peak - 1] + peak * count[peak] + (peak + 1) * count[peak + 1]) /
         (double) glyphs;
}

/* A grey image at most about MEASURE_SIDE pixels on its short side, and the reduction. */
static PIX *
reduce_for_measure (PIX *pix,
                    int *reduction)
{
  PIX *current = pixGetDepth (pix) == 1 ? pixClone (pix) : pixConvertTo8 (pix, FALSE);

  *reduction = 1;
  while (current != NULL && MIN (pixGetWidth (current), pixGetHeight (current)) > MEASURE_SIDE)
    {
      PIX *half = pixGetDepth (current) == 1 ? pixScaleToGray2 (current)
                                              : pixScaleAreaMap2 (current);

      pixDestroy (&current);
      current = half;
      *reduction *= 2;
    }
  return current;
}

/* The x-height in pixels of the text on @pix, from its connected components; 0 when there is
 * too little text to tell. A page is measured reduced to about MEASURE_SIDE pixels on its
 * short side: a 300-dpi page at half size, where a typescript's letters are still 13 pixels
 * tall, in a quarter of the time (15-30 ms). */
double
vn_preprocess_estimate_x_height (PIX *pix)
{
  int reduction;
  PIX *small = reduce_for_measure (pix, &reduction);
  double x_height = small ? estimate_x_height (small) : 0;

  pixDestroy (&small);
  return x_height * reduction;
}


/* Scales are chosen in steps of a quarter of an octave, so that the measure's own noise
 * (a pixel between a PNG and its JPEG) seldom changes the image Tesseract reads. */
#define RESCALE_STEPS_PER_OCTAVE 4

/* The factor that brings @pix's text nearest to VN_PREPROCESS_TARGET_X_HEIGHT when it is
 * larger than VN_PREPROCESS_MAX_X_HEIGHT, else 1: text of the size Tesseract reads best, or
 * smaller, or that cannot be measured, is left alone (scaling the corpus' small pages up did
 * not read reliably better: better on one page, worse on another). */
double
vn_preprocess_choose_scale (PIX *pix)
{
  double x_height = vn_preprocess_estimate_x_height (pix);
  double steps;

  if (x_height <= VN_PREPROCESS_MAX_X_HEIGHT)
    return 1.0;
  steps = round (log2 (VN_PREPROCESS_TARGET_X_HEIGHT / x_height) * RESCALE_STEPS_PER_OCTAVE);
  return MIN (1.0, exp2 (steps / RESCALE_STEPS_PER_OCTAVE));
}

/* Down by area mapping (each new pixel the mean of those it covers), without sharpening;
 * a bilevel page becomes grey, as a scanner's own reduction would make it. */
static PIX *
scale_down (PIX    *pix,
            double  scale)
{
  if (pixGetDepth (pix) == 1)
    return pixScaleToGray (pix, (l_float32) scale);
  return pixScaleGeneral (pix, (l_float32) scale, (l_float32) scale, 0.0f, 0);
}

/* A new image, cleaned as @flags ask; @transform receives what to undo on boxes. */
PIX *
vn_preprocess_apply (PIX               *pix,
                     VnPreprocessFlags  flags,
                     VnPageTransform   *transform)
{
  return vn_preprocess_apply_scaled (pix, flags, 1.0, transform);
}

/* The same, on the page scaled by @scale (at most 1) first. */
PIX *
vn_preprocess_apply_scaled (PIX               *pix,
                            VnPreprocessFlags  flags,
                            double             scale,
                            VnPageTransform   *transform)
{
  PIX *current = scale > 0 && scale < 1 ? scale_down (pix, scale) : NULL;
  l_int32 xres, yres;

  if (current == NULL)
    current = pixClone (pix), scale = 1.0;
  *transform = (VnPageTransform) {
    .scale = scale,
    .cx = pixGetWidth (current) / 2.0, .cy = pixGetHeight (current) / 2.0,
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
  pixGetResolution (pix, &xres, &yres);
  pixSetResolution (current, (l_int32) (xres * scale + 0.5), (l_int32) (yres * scale + 0.5));
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

/* The box, found on the cleaned image, as a box on the original scan: turned back, then
 * scaled back, and the smallest whole-pixel box around that. */
VnBox
vn_page_transform_to_source (const VnPageTransform *t,
                             const VnBox           *box)
{
  double xs[4] = { box->x, box->x + box->w, box->x, box->x + box->w };
  double ys[4] = { box->y, box->y, box->y + box->h, box->y + box->h };
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double scale = t->scale > 0 ? t->scale : 1.0;
  VnBox out;

  if (t->angle == 0 && scale == 1.0)
    return *box;
  for (int i = 0; i < 4; i++)
    {
      if (t->angle != 0)
        rotate_point (t, xs[i], ys[i], &xs[i], &ys[i]);
      xs[i] /= scale, ys[i] /= scale;
      x0 = MIN (x0, xs[i]), y0 = MIN (y0, ys[i]);
      x1 = MAX (x1, xs[i]), y1 = MAX (y1, ys[i]);
    }
  x0 = CLAMP (x0, 0, t->width), x1 = CLAMP (x1, 0, t->width);
  y0 = CLAMP (y0, 0, t->height), y1 = CLAMP (y1, 0, t->height);
  /* Off by a rounding error, a box at 10.0000001 would grow by a whole pixel. */
  out = (VnBox) { (int) floor (x0 + 1e-6), (int) floor (y0 + 1e-6), 0, 0 };
  out.w = (int) ceil (x1 - 1e-6) - out.x;
  out.h = (int) ceil (y1 - 1e-6) - out.y;
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
