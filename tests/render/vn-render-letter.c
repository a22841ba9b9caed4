/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-render-letter.c: types a ground-truth text onto 300-dpi A4 greyscale PNGs that look like
 * carbon copies of a 1956 typewritten letter, byte for byte the same for the same seed. */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <leptonica/allheaders.h>

#define PAGE_WIDTH   2480
#define PAGE_HEIGHT  3508
#define PAGE_DPI     300
#define PITCH        30.0   /* pica: 10 characters to the inch */
#define LINE_STEP    75.0   /* one and a half spacing: 4 lines to the inch */
#define LEFT_MARGIN  300.0
#define TOP_MARGIN   400.0
#define TYPE_FACE    "CMU Typewriter Text"
#define TYPE_SIZE_PX 54

/* Wear and tear. */
typedef struct
{
  double partial_strike_rate;  /* letters struck so unevenly that half of them is lost */
  double double_strike_rate;   /* letters with a faint bounce impression beside them */
  double clogged_rate;         /* о, е, а… with ink caught in the counter */
  int    grain_min;            /* carbon transfer in the thinnest clump, of 255 */
  int    ribbon_min;           /* ink left where the ribbon was driest, of 255 */
  int    blur_half;            /* half-width of the second box blur: carbon softness */
  double paper_noise;          /* standard deviation of the paper's fine noise */
  double skew_min, skew_max;   /* degrees, either way */
  int    specks_min, specks_max;
} Wear;

/* Tuned so that Tesseract misreads two to three percent of the characters: the letter's
 * committed scans, which must stay byte for byte what this makes. */
static const Wear carbon_wear = {
  .partial_strike_rate = 0.045, .double_strike_rate = 0.08, .clogged_rate = 0.25,
  .grain_min = 60, .ribbon_min = 100, .blur_half = 2, .paper_noise = 6.0,
  .skew_min = 0.4, .skew_max = 0.9, .specks_min = 20, .specks_max = 45,
};

/* --rough: a later carbon of a worn machine on a dry ribbon, put crooked on the scanner:
 * softer, fainter, with more broken, doubled and clogged letters, more specks and more skew.
 * Tesseract then misreads about 7% of page 1 and 11% of page 2. (Stronger paper noise, even
 * σ = 9, makes Tesseract read nothing at all: its binarisation drowns.) */
static const Wear rough_wear = {
  .partial_strike_rate = 0.10, .double_strike_rate = 0.14, .clogged_rate = 0.45,
  .grain_min = 35, .ribbon_min = 65, .blur_half = 3, .paper_noise = 6.0,
  .skew_min = 1.0, .skew_max = 1.6, .specks_min = 120, .specks_max = 200,
};

static void
pix_free (PIX *pix)
{
  pixDestroy (&pix);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIX, pix_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

/* How one type bar of the machine is worn: the same on every strike of that key. */
typedef struct
{
  double dx, dy;   /* misalignment of the slug, pixels */
  double density;  /* 1.0 is a well-inked, square hit */
} KeyWear;

typedef struct
{
  const Wear  *wear;
  guint32      seed;
  GRand       *rand;
  PangoLayout *layout;
  GHashTable  *keys;  /* gunichar → KeyWear */
  double       line_dx, line_dy;
  gboolean     signed_below;  /* "Верно:" was typed: a clerk signs after it */
  double       signature_x, signature_y;
} Typewriter;

/* A standard normal deviate (Box–Muller), so that all noise comes from the seeded GRand. */
static double
gauss (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-12, 1.0);
  double v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

static PangoLayout *
create_type_layout (cairo_t *cr)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) face = pango_font_description_from_string (TYPE_FACE);
  cairo_font_options_t *options = cairo_font_options_create ();

  pango_font_description_set_absolute_size (face, TYPE_SIZE_PX * PANGO_SCALE);
  pango_layout_set_font_description (layout, face);
  /* Outlines must not snap to pixels: the jitter is sub-pixel on purpose. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);
  return layout;
}

/* Pango falls back to any font silently; a scan typed in the wrong face is worse than none. */
static gboolean
check_type_face (GError **error)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  g_autoptr (PangoFontDescription) wanted = pango_font_description_from_string (TYPE_FACE);
  g_autoptr (PangoFont) font = pango_context_load_font (context, wanted);
  g_autoptr (PangoFontDescription) found = font != NULL ? pango_font_describe (font) : NULL;

  g_object_unref (context);
  if (found == NULL || g_strcmp0 (pango_font_description_get_family (found), TYPE_FACE) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "The font “%s” is not installed (Debian: fonts-cmu)", TYPE_FACE);
      return FALSE;
    }
  return TRUE;
}

/* Each key's defects derive from the seed and the character only, not from the text. */
static const KeyWear *
typewriter_key (Typewriter *machine,
                gunichar    c)
{
  KeyWear *wear = g_hash_table_lookup (machine->keys, GUINT_TO_POINTER (c));
  g_autoptr (GRand) rand = NULL;

  if (wear != NULL)
    return wear;
  rand = g_rand_new_with_seed (machine->seed * 2654435761u + c);
  wear = g_new (KeyWear, 1);
  wear->dx = 0.9 * gauss (rand);
  wear->dy = 1.1 * gauss (rand);
  wear->density = g_rand_double_range (rand, 0.8, 1.0);
  g_hash_table_insert (machine->keys, GUINT_TO_POINTER (c), wear);
  return wear;
}

/* Where ink clogs the type face: the counter of an о, the eye of an е. */
static gboolean
clogged_counter (gunichar  c,
                 double   *fx,
                 double   *fy,
                 double   *fr)
{
  static const struct { gunichar c; double fx, fy, fr; } counters[] = {
    { 0x043e, 0.50, 0.50, 0.34 },  /* о */
    { 0x041e, 0.50, 0.50, 0.30 },  /* О */
    { 0x0435, 0.50, 0.34, 0.24 },  /* е */
    { 0x0430, 0.46, 0.70, 0.22 },  /* а */
    { 0x0431, 0.50, 0.70, 0.24 },  /* б */
    { 0x0440, 0.55, 0.28, 0.22 },  /* р */
    { 0x0432, 0.45, 0.72, 0.20 },  /* в */
    { 0x0434, 0.50, 0.50, 0.22 },  /* д */
    { 0x044f, 0.50, 0.30, 0.20 },  /* я */
    { '0', 0.50, 0.50, 0.28 },
    { '6', 0.50, 0.70, 0.22 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (counters); i++)
    if (counters[i].c == c)
      {
        *fx = counters[i].fx, *fy = counters[i].fy, *fr = counters[i].fr;
        return TRUE;
      }
  return FALSE;
}

static void
fill_counter (cairo_t     *cr,
              PangoLayout *layout,
              gunichar     c,
              double       ink)
{
  PangoRectangle box;
  double fx, fy, fr;

  if (!clogged_counter (c, &fx, &fy, &fr))
    return;
  pango_layout_get_extents (layout, &box, NULL);
  cairo_save (cr);
  cairo_translate (cr, pango_units_to_double (box.x + box.width * fx),
                   pango_units_to_double (box.y + box.height * fy));
  cairo_scale (cr, pango_units_to_double (box.width) * fr,
               pango_units_to_double (box.height) * fr * 0.9);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, ink);
  cairo_fill (cr);
}

/* The slug hits at a slight angle, so one edge of the letter prints lighter. */
static cairo_pattern_t *
uneven_hit (Typewriter *machine,
            double      ink)
{
  double tilt = g_rand_double_range (machine->rand, -0.35, 0.35);
  double angle, dx, dy;
  cairo_pattern_t *hit;

  /* Now and then a key is struck so unevenly that half the letter barely prints. */
  if (g_rand_double (machine->rand) < machine->wear->partial_strike_rate)
    tilt = copysign (g_rand_double_range (machine->rand, 0.6, 0.9), tilt);
  angle = g_rand_double_range (machine->rand, 0, 2 * G_PI);
  dx = cos (angle) * PITCH * 0.6;
  dy = sin (angle) * PITCH;
  hit = cairo_pattern_create_linear (PITCH / 2 - dx, -dy, PITCH / 2 + dx, dy);

  cairo_pattern_add_color_stop_rgba (hit, 0, 0, 0, 0, CLAMP (ink * (1 - tilt), 0, 1));
  cairo_pattern_add_color_stop_rgba (hit, 1, 0, 0, 0, CLAMP (ink * (1 + tilt), 0, 1));
  return hit;
}

static void
strike (Typewriter *machine,
        cairo_t    *cr,
        gunichar    c,
        double      ink)
{
  cairo_pattern_t *hit = uneven_hit (machine, ink);

  /* Groups are as large as the clip: keep them to the letter's cell, not the page. */
  cairo_save (cr);
  cairo_rectangle (cr, -PITCH, -PITCH, 3 * PITCH, 4 * PITCH);
  cairo_clip (cr);
  cairo_push_group (cr);
  pango_cairo_layout_path (cr, machine->layout);
  cairo_set_source_rgb (cr, 0, 0, 0);
  /* The ribbon spreads ink past the outline of the slug. */
  cairo_set_line_width (cr, g_rand_double_range (machine->rand, 1.0, 2.2));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_fill_preserve (cr);
  cairo_stroke (cr);
  if (g_rand_double (machine->rand) < machine->wear->clogged_rate)
    fill_counter (cr, machine->layout, c, g_rand_double_range (machine->rand, 0.2, 0.55));
  cairo_pop_group_to_source (cr);
  cairo_mask (cr, hit);
  cairo_restore (cr);
  cairo_pattern_destroy (hit);
}

static void
type_character (Typewriter *machine,
                cairo_t    *cr,
                gunichar    c,
                double      x,
                double      baseline)
{
  const KeyWear *wear = typewriter_key (machine, c);
  char utf8[8];
  int len = g_unichar_to_utf8 (c, utf8);
  PangoRectangle logical;
  double ink = wear->density * g_rand_double_range (machine->rand, 0.85, 1.05);
  double ascent;

  pango_layout_set_text (machine->layout, utf8, len);
  pango_layout_get_extents (machine->layout, NULL, &logical);
  ascent = pango_units_to_double (pango_layout_get_baseline (machine->layout));
  x += (PITCH - pango_units_to_double (logical.width)) / 2 + wear->dx + machine->line_dx;
  x += 0.5 * gauss (machine->rand);
  baseline += wear->dy + machine->line_dy + 0.6 * gauss (machine->rand);
  cairo_save (cr);
  cairo_translate (cr, x, baseline - ascent);
  strike (machine, cr, c, ink);
  /* A bouncing type bar leaves a faint second impression. */
  if (g_rand_double (machine->rand) < machine->wear->double_strike_rate)
    {
      double dy = g_rand_double_range (machine->rand, -2.0, 2.0);
      double dx = g_rand_double_range (machine->rand, -2.5, 2.5);
      cairo_translate (cr, dx, dy);
      strike (machine, cr, c, ink * g_rand_double_range (machine->rand, 0.2, 0.4));
    }
  cairo_restore (cr);
}

static void
type_line (Typewriter *machine,
           cairo_t    *cr,
           const char *line,
           double      baseline)
{
  double x = LEFT_MARGIN;

  /* The carriage never returns to quite the same place. */
  machine->line_dx = 0.8 * gauss (machine->rand);
  machine->line_dy = 1.2 * gauss (machine->rand);
  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p), x += PITCH)
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        type_character (machine, cr, c, x, baseline);
    }
  if (g_str_has_suffix (line, "Верно:"))
    {
      machine->signed_below = TRUE;
      machine->signature_x = x + 2 * PITCH;
      machine->signature_y = baseline;
    }
}

static void
scatter_specks (GRand      *rand,
                const Wear *wear,
                cairo_t    *cr)
{
  int n = g_rand_int_range (rand, wear->specks_min, wear->specks_max);

  for (int i = 0; i < n; i++)
    {
      double r = g_rand_double_range (rand, 0.8, 3.5);

      double y = g_rand_double_range (rand, 0, PAGE_HEIGHT);
      double x = g_rand_double_range (rand, 0, PAGE_WIDTH);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 0, 0, 0, g_rand_double_range (rand, 0.3, 0.9));
      cairo_fill (cr);
    }
}

/* Ink coverage of the page, as cairo's alpha channel: 255 where the slug hit hardest. */
static cairo_surface_t *
type_page (Typewriter  *machine,
           char       **lines)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, PAGE_WIDTH, PAGE_HEIGHT);
  g_autoptr (cairo_t) cr = cairo_create (surface);
  double baseline = TOP_MARGIN;

  machine->layout = create_type_layout (cr);
  for (char **line = lines; *line != NULL; line++, baseline += LINE_STEP)
    type_line (machine, cr, *line, baseline);
  scatter_specks (machine->rand, machine->wear, cr);
  g_clear_object (&machine->layout);
  cairo_surface_flush (surface);
  return surface;
}

static PIX *
pix_from_alpha (cairo_surface_t *surface)
{
  PIX *pix = pixCreate (PAGE_WIDTH, PAGE_HEIGHT, 8);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  l_uint32 *pixels = pixGetData (pix);
  int wpl = pixGetWpl (pix);

  for (int y = 0; y < PAGE_HEIGHT; y++)
    for (int x = 0; x < PAGE_WIDTH; x++)
      SET_DATA_BYTE (pixels + y * wpl, x, data[y * stride + x]);
  return pix;
}

/* Smooth random field in [lo, hi]: a few random cells, enlarged by interpolation. */
static PIX *
smooth_field (GRand *rand,
              int    cells_x,
              int    cells_y,
              int    lo,
              int    hi)
{
  g_autoptr (PIX) coarse = pixCreate (cells_x, cells_y, 8);

  for (int y = 0; y < cells_y; y++)
    for (int x = 0; x < cells_x; x++)
      pixSetPixel (coarse, x, y, g_rand_int_range (rand, lo, hi + 1));
  return pixScaleToSize (coarse, PAGE_WIDTH, PAGE_HEIGHT);
}

/* The carbon copy: grainy, soft at the edges, fading where the ribbon was dry. */
static PIX *
carbon_copy (GRand           *rand,
             const Wear      *wear,
             cairo_surface_t *typed)
{
  g_autoptr (PIX) ink = pix_from_alpha (typed);
  /* Carbon paper gives up its ink in clumps of a few pixels. */
  g_autoptr (PIX) grain = smooth_field (rand, PAGE_WIDTH / 3, PAGE_HEIGHT / 3,
                                          wear->grain_min, 255);
  g_autoptr (PIX) ribbon = smooth_field (rand, 9, 13, wear->ribbon_min, 255);
  g_autoptr (PIX) grainy = pixMultiplyGray (ink, grain, 1.0 / 255);
  g_autoptr (PIX) blurred = pixBlockconvGray (grainy, NULL, 1, 1);
  g_autoptr (PIX) soft = pixBlockconvGray (blurred, NULL, wear->blur_half,
                                                wear->blur_half);
  g_autoptr (PIX) faded = pixMultiplyGray (soft, ribbon, 1.0 / 255);

  return pixInvert (NULL, faded);
}

/* Paper darkens towards its edges with age. */
static int
edge_ageing (int x,
             int y)
{
  int edge = MIN (MIN (x, PAGE_WIDTH - 1 - x), MIN (y, PAGE_HEIGHT - 1 - y));

  return (int) lround (16.0 * exp (-edge / 70.0));
}

/* The letter was folded in three for its envelope: a shadow above each crease, a sheen below. */
static void
fold (GRand *rand,
      PIX   *paper)
{
  for (int k = 1; k <= 2; k++)
    {
      double y0 = k * PAGE_HEIGHT / 3.0 + g_rand_double_range (rand, -40, 40);
      double slope = g_rand_double_range (rand, -0.008, 0.008);

      for (int x = 0; x < PAGE_WIDTH; x++)
        for (int dy = -6; dy <= 4; dy++)
          {
            int y = (int) lround (y0 + slope * x) + dy;
            double shade = dy < 0 ? -9.0 * exp (-(dy + 1) * (dy + 1) / 6.0)
                                  : 5.0 * exp (-dy * dy / 3.0);
            l_uint32 v;

            pixGetPixel (paper, x, y, &v);
            pixSetPixel (paper, x, y, CLAMP ((int) v + (int) lround (shade), 0, 255));
          }
    }
}

/* Off-white, mottled, aged paper with a fine fibre noise. */
static PIX *
make_paper (GRand      *rand,
            const Wear *wear)
{
  g_autoptr (PIX) mottle = smooth_field (rand, 30, 42, 228, 238);
  g_autoptr (PIX) fibres = smooth_field (rand, 310, 438, 0, 12);
  PIX *paper = pixSubtractGray (NULL, mottle, fibres);
  l_uint32 *pixels = pixGetData (paper);
  int wpl = pixGetWpl (paper);

  for (int y = 0; y < PAGE_HEIGHT; y++)
    for (int x = 0; x < PAGE_WIDTH; x++)
      {
        l_uint32 *row = pixels + y * wpl;
        int v = GET_DATA_BYTE (row, x) - edge_ageing (x, y);

        v += (int) lround (wear->paper_noise * gauss (rand));

        SET_DATA_BYTE (row, x, CLAMP (v, 0, 255));
      }
  fold (rand, paper);
  return paper;
}

/* One stroke of the pen, its width following the writer's pressure. */
static void
pen_curve (GRand   *rand,
           cairo_t *cr,
           double   x1,
           double   y1,
           double   x2,
           double   y2,
           double   x3,
           double   y3)
{
  cairo_curve_to (cr, x1, y1, x2, y2, x3, y3);
  cairo_set_line_width (cr, g_rand_double_range (rand, 2.0, 3.6));
  cairo_stroke (cr);
  cairo_move_to (cr, x3, y3);
}

/* A signature in pen, not type: a tall initial, a run of loops, a flourish back under them. */
static void
sign (GRand   *rand,
      cairo_t *cr,
      double   x,
      double   y)
{
  int loops = g_rand_int_range (rand, 5, 8);
  double pen = 30;

  /* A hand writes larger than the type; from here on the signature starts at (0, 0). */
  cairo_translate (cr, x, y);
  cairo_scale (cr, 1.35, 1.35);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.85);
  cairo_move_to (cr, 0, 8);
  pen_curve (rand, cr, 10, -70, 50, -125, 32, -45);
  pen_curve (rand, cr, 20, 10, 5, 22, pen, 0);
  for (int i = 0; i < loops; i++)
    {
      double w = g_rand_double_range (rand, 26, 44);
      double h = g_rand_double_range (rand, 22, 62);

      pen_curve (rand, cr, pen + w * 1.2, -h, pen - w * 0.1, -h * 1.1, pen + w * 0.4, 2);
      pen += w * 0.4;
      pen_curve (rand, cr, pen + w * 0.3, 8, pen + w * 0.5, 4, pen + w * 0.6, 0);
      pen += w * 0.6;
    }
  pen_curve (rand, cr, pen + 40, -20, pen + 20, 40, pen - 60, 34);
  pen_curve (rand, cr, pen / 2, 30, 40, 40, -10, 56);
}

/* The pen's ink lies on top of the carbon copy, soft only where the paper drank it. */
static PIX *
add_signature (GRand *rand,
               PIX   *text,
               double x,
               double y)
{
  g_autoptr (cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_A8, PAGE_WIDTH,
                                                                    PAGE_HEIGHT);
  g_autoptr (cairo_t) cr = cairo_create (surface);
  g_autoptr (PIX) ink = NULL;
  g_autoptr (PIX) soft = NULL;
  g_autoptr (PIX) pen = NULL;

  sign (rand, cr, x, y);
  cairo_surface_flush (surface);
  ink = pix_from_alpha (surface);
  soft = pixBlockconvGray (ink, NULL, 1, 1);
  pen = pixInvert (NULL, soft);
  return pixMinOrMax (NULL, text, pen, L_CHOOSE_MIN);
}

static gboolean
render_page (GRand       *rand,
             const Wear  *wear,
             guint32      seed,
             char       **lines,
             const char  *path,
             GError     **error)
{
  Typewriter machine = {
    .wear = wear, .seed = seed, .rand = rand,
    .keys = g_hash_table_new_full (NULL, NULL, NULL, g_free),
  };
  g_autoptr (cairo_surface_t) typed = type_page (&machine, lines);
  g_autoptr (PIX) copy = carbon_copy (rand, wear, typed);
  g_autoptr (PIX) text = machine.signed_below
    ? add_signature (rand, copy, machine.signature_x, machine.signature_y)
    : pixClone (copy);
  double skew = g_rand_double_range (rand, wear->skew_min, wear->skew_max) *
                (g_rand_boolean (rand) ? 1 : -1);
  g_autoptr (PIX) skewed = pixRotate (text, skew * G_PI / 180, L_ROTATE_AREA_MAP,
                                      L_BRING_IN_WHITE, PAGE_WIDTH, PAGE_HEIGHT);
  g_autoptr (PIX) paper = make_paper (rand, wear);
  g_autoptr (PIX) page = pixMultiplyGray (paper, skewed, 1.0 / 255);

  g_hash_table_unref (machine.keys);
  pixSetResolution (page, PAGE_DPI, PAGE_DPI);
  if (pixWrite (path, page, IFF_PNG) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }
  return TRUE;
}

/* The page's lines; the newlines around a form feed are not lines of the page. */
static char **
split_page_lines (const char *page)
{
  g_autofree char *body = NULL;
  gsize len;

  while (*page == '\n')
    page++;
  len = strlen (page);
  while (len > 0 && page[len - 1] == '\n')
    len--;
  body = g_strndup (page, len);
  return g_strsplit (body, "\n", -1);
}

static gboolean
render_letter (const char  *ground_truth,
               const Wear  *wear,
               const char  *out_dir,
               guint32      seed,
               GError     **error)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) pages = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  if (!check_type_face (error) || !g_file_get_contents (ground_truth, &text, NULL, error))
    return FALSE;
  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Could not create %s: %s", out_dir, g_strerror (errno));
      return FALSE;
    }
  pages = g_strsplit (text, "\f", -1);
  for (guint i = 0; pages[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("page-%u.png", i + 1);
      g_autofree char *path = g_build_filename (out_dir, name, NULL);
      g_auto (GStrv) lines = split_page_lines (pages[i]);

      if (!render_page (rand, wear, seed, lines, path, error))
        return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  gint64 seed = 1956;
  g_autofree char *out_dir = NULL;
  gboolean rough = FALSE;
  g_autoptr (GError) error = NULL;
  GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of all randomness", "N" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, "Directory for page-N.png", "DIR" },
    { "rough", 0, 0, G_OPTION_ARG_NONE, &rough,
      "A much rougher copy: fainter, softer, noisier, more skewed", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("GROUND_TRUTH");

  g_option_context_set_summary (context, "Render a typed letter as carbon-copy page scans.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (g_option_context_parse (context, &argc, &argv, &error))
    {
      if (argc == 2 && out_dir != NULL)
        render_letter (argv[1], rough ? &rough_wear : &carbon_wear, out_dir, (guint32) seed,
                       &error);
      else
        g_set_error_literal (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                             "Usage: vn-render-letter [--rough] --seed N --out DIR "
                             "GROUND_TRUTH");
    }
  if (error != NULL)
    {
      g_printerr ("vn-render-letter: %s\n", error->message);
      return 1;
    }
  return 0;
}
