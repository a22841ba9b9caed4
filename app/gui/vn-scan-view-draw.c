/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-view-draw.c: the scan view's drawing: the page from its tiles and the boxes over
 * it, as render nodes for GTK's GL renderer or as one Cairo node for its Cairo renderer. */
#define G_LOG_DOMAIN "vn-scan-view"

#include "vn-scan-view-private.h"

static const BoxStyle box_styles[VN_BOX_N_STATES] = {
  [VN_BOX_AGREES]         = { 0.03f, 0.22f, 1.0f, FALSE },
  [VN_BOX_DISAGREES]      = { 0.16f, 0.95f, 2.0f, FALSE },
  [VN_BOX_LOW_CONFIDENCE] = { 0.14f, 0.90f, 1.5f, FALSE },
  [VN_BOX_EDITED]         = { 0.10f, 0.90f, 1.5f, FALSE },
  [VN_BOX_VERIFIED]       = { 0.05f, 0.85f, 1.5f, TRUE },
};

/* GNOME's palette. */
static const GdkRGBA default_palette[VN_BOX_N_STATES] = {
  [VN_BOX_AGREES]         = { 0.149f, 0.635f, 0.412f, 1.f },  /* green 5 #26a269 */
  [VN_BOX_DISAGREES]      = { 0.878f, 0.106f, 0.141f, 1.f },  /* red 3 #e01b24 */
  [VN_BOX_LOW_CONFIDENCE] = { 0.902f, 0.380f, 0.000f, 1.f },  /* orange 4 #e66100 */
  [VN_BOX_EDITED]         = { 0.208f, 0.518f, 0.894f, 1.f },  /* blue 3 #3584e4 */
  [VN_BOX_VERIFIED]       = { 0.569f, 0.255f, 0.675f, 1.f },  /* purple 3 #9141ac */
};

/* Okabe and Ito's colours, told apart by all common kinds of colour blindness. */
static const GdkRGBA colorblind_palette[VN_BOX_N_STATES] = {
  [VN_BOX_AGREES]         = { 0.000f, 0.620f, 0.451f, 1.f },  /* bluish green #009e73 */
  [VN_BOX_DISAGREES]      = { 0.835f, 0.369f, 0.000f, 1.f },  /* vermillion #d55e00 */
  [VN_BOX_LOW_CONFIDENCE] = { 0.902f, 0.624f, 0.000f, 1.f },  /* orange #e69f00 */
  [VN_BOX_EDITED]         = { 0.000f, 0.447f, 0.698f, 1.f },  /* blue #0072b2 */
  [VN_BOX_VERIFIED]       = { 0.337f, 0.706f, 0.914f, 1.f },  /* sky blue #56b4e9 */
};

/* ------------------------------------------------------------------ drawing */

const GdkRGBA *
_vn_scan_view_get_palette (VnScanView *self)
{
  return self->colorblind_safe ? colorblind_palette : default_palette;
}

static GdkRGBA
get_accent_color (VnScanView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA color = { 0.208f, 0.518f, 0.894f, 1.f };

  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &color))
    gtk_style_context_lookup_color (context, "theme_selected_bg_color", &color);
  return color;
}

static void
snapshot_page_frame (VnScanView      *self,
                     GtkSnapshot     *snapshot,
                     graphene_rect_t *page)
{
  GskRoundedRect outline;
  static const GdkRGBA shadow = { 0, 0, 0, 0.28f };

  gsk_rounded_rect_init_from_rect (&outline, page, 0);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 1, 0, 5);
}

static gboolean drawn_by_cairo (VnScanView *self);

/* A tile as a Cairo image, converted once. GTK 4.8's Cairo renderer converts a texture to a
 * new Cairo image every time it draws it, which at fit-page was most of a frame. */
static cairo_surface_t *
get_tile_surface (const ScanLevel *level,
                  guint            index)
{
  if (level->surfaces[index] == NULL)
    {
      GdkTexture *tile = level->tiles[index];
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                             gdk_texture_get_width (tile),
                                                             gdk_texture_get_height (tile));

      gdk_texture_download (tile, cairo_image_surface_get_data (surface),
                            cairo_image_surface_get_stride (surface));
      cairo_surface_mark_dirty (surface);
      level->surfaces[index] = surface;
    }
  return level->surfaces[index];
}

/* The tiles in view, drawn by Cairo. Edges are not antialiased, so neighbouring tiles meet
 * without a seam at any scale. */
static void
draw_level_with_cairo (cairo_t         *cr,
                       const ScanLevel *level,
                       double           origin_x,
                       double           origin_y,
                       double           scale_x,
                       double           scale_y,
                       guint c0, guint c1, guint r0, guint r1)
{
  cairo_save (cr);
  cairo_translate (cr, origin_x, origin_y);
  cairo_scale (cr, scale_x, scale_y);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (guint r = r0; r < r1; r++)
    for (guint c = c0; c < c1; c++)
      {
        cairo_surface_t *surface = get_tile_surface (level, r * level->n_columns + c);

        cairo_set_source_surface (cr, surface, c * TILE_SIZE, r * TILE_SIZE);
        cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
        /* Bilinear, as GTK's GL renderer samples textures: the pyramid never shrinks a level
         * by more than half, and Cairo's default filter then convolves, 8× slower. */
        cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
        cairo_rectangle (cr, c * TILE_SIZE, r * TILE_SIZE,
                         cairo_image_surface_get_width (surface),
                         cairo_image_surface_get_height (surface));
        cairo_fill (cr);
      }
  cairo_restore (cr);
}

static void
snapshot_level (VnScanView       *self,
                GtkSnapshot      *snapshot,
                cairo_t          *cr,
                const TilePyramid *pyramid,
                guint             index)
{
  const ScanLevel *level = &pyramid->levels[index];
  double scale = (double) level->width / pyramid->levels[0].width;
  double origin_x, origin_y, x0, y0, x1, y1;
  guint c0, c1, r0, r1;

  _vn_scan_view_get_origin (self, &origin_x, &origin_y);
  /* The visible part of the widget, in this level's pixels. */
  x0 = -origin_x / self->zoom * scale;
  y0 = -origin_y / self->zoom * scale;
  x1 = (gtk_widget_get_width (GTK_WIDGET (self)) - origin_x) / self->zoom * scale;
  y1 = (gtk_widget_get_height (GTK_WIDGET (self)) - origin_y) / self->zoom * scale;
  c0 = (guint) CLAMP (floor (x0 / TILE_SIZE), 0, level->n_columns);
  c1 = (guint) CLAMP (ceil (x1 / TILE_SIZE), 0, level->n_columns);
  r0 = (guint) CLAMP (floor (y0 / TILE_SIZE), 0, level->n_rows);
  r1 = (guint) CLAMP (ceil (y1 / TILE_SIZE), 0, level->n_rows);

  if (cr != NULL)
    {
      draw_level_with_cairo (cr, level, origin_x, origin_y,
                             self->zoom * pyramid->levels[0].width / level->width,
                             self->zoom * pyramid->levels[0].height / level->height,
                             c0, c1, r0, r1);
      return;
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (origin_x, origin_y));
  gtk_snapshot_scale (snapshot, self->zoom * pyramid->levels[0].width / level->width,
                      self->zoom * pyramid->levels[0].height / level->height);
  for (guint r = r0; r < r1; r++)
    for (guint c = c0; c < c1; c++)
      {
        GdkTexture *tile = level->tiles[r * level->n_columns + c];

        gtk_snapshot_append_texture (snapshot, tile,
                                     &GRAPHENE_RECT_INIT (c * TILE_SIZE, r * TILE_SIZE,
                                                          gdk_texture_get_width (tile),
                                                          gdk_texture_get_height (tile)));
      }
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_scan (VnScanView      *self,
               GtkSnapshot     *snapshot,
               cairo_t         *cr,
               graphene_rect_t *page)
{
  static const GdkRGBA paper = { 0.93f, 0.93f, 0.92f, 1.f };
  double device_zoom = self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  const TilePyramid *pyramid = self->image;
  int level = -1;

  if (self->show_alternate && self->alternate != NULL &&
      _vn_scan_view_tile_pyramid_pick_level (self->alternate, device_zoom) >= 0)
    pyramid = self->alternate;
  if (pyramid == NULL)
    pyramid = self->alternate;
  if (pyramid != NULL)
    level = _vn_scan_view_tile_pyramid_pick_level (pyramid, device_zoom);
  if (level >= 0)
    snapshot_level (self, snapshot, cr, pyramid, level);
  else if (cr != NULL)
    {
      gdk_cairo_set_source_rgba (cr, &paper);
      cairo_rectangle (cr, page->origin.x, page->origin.y, page->size.width, page->size.height);
      cairo_fill (cr);
    }
  else
    gtk_snapshot_append_color (snapshot, &paper, page);
}

static void
snapshot_dashed_edge (GtkSnapshot   *snapshot,
                      const GdkRGBA *color,
                      double         x,
                      double         y,
                      double         length,
                      double         thickness,
                      gboolean       horizontal)
{
  for (double at = 0; at < length; at += DASH_ON + DASH_OFF)
    {
      double dash = MIN (DASH_ON, length - at);

      gtk_snapshot_append_color (snapshot, color,
                                 horizontal ? &GRAPHENE_RECT_INIT (x + at, y, dash, thickness)
                                            : &GRAPHENE_RECT_INIT (x, y + at, thickness, dash));
    }
}

/* Square below BOX_ROUND_MIN_HEIGHT, where the rounding would be a pixel or two: it costs the
 * Cairo renderer most of a box's time, and on a zoomed-out page thousands are in view. */
static float
get_corner_radius (const graphene_rect_t *rect)
{
  return rect->size.height < BOX_ROUND_MIN_HEIGHT ? 0.f : MIN (3.f, rect->size.height / 4);
}

static void
snapshot_outline (GtkSnapshot           *snapshot,
                  const graphene_rect_t *rect,
                  const GdkRGBA         *color,
                  float                  width,
                  gboolean               dashed)
{
  GskRoundedRect outline;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };
  double x = rect->origin.x, y = rect->origin.y, w = rect->size.width, h = rect->size.height;

  if (!dashed)
    {
      gsk_rounded_rect_init_from_rect (&outline, rect, get_corner_radius (rect));
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
      return;
    }
  snapshot_dashed_edge (snapshot, color, x, y, w, width, TRUE);
  snapshot_dashed_edge (snapshot, color, x, y + h - width, w, width, TRUE);
  snapshot_dashed_edge (snapshot, color, x, y + width, h - 2 * width, width, FALSE);
  snapshot_dashed_edge (snapshot, color, x + w - width, y + width, h - 2 * width, width, FALSE);
}

/* A light gap and a thick dark ring around the selected box, which tell it from its
 * neighbours whatever their colour and on any paper, seen at a glance on a whole page. */
static void
snapshot_selection_halo (GtkSnapshot           *snapshot,
                         const graphene_rect_t *rect)
{
  static const GdkRGBA gap = { 1.f, 1.f, 1.f, 0.95f };
  static const GdkRGBA ring = { 0.14f, 0.12f, 0.19f, 0.95f };
  graphene_rect_t outer;

  graphene_rect_inset_r (rect, -1.5f, -1.5f, &outer);
  snapshot_outline (snapshot, &outer, &gap, 1.5f, FALSE);
  graphene_rect_inset (&outer, -3.f, -3.f);
  snapshot_outline (snapshot, &outer, &ring, 3.f, FALSE);
}


static void
get_box_look (VnScanView      *self,
              const VnScanBox *box,
              BoxLook         *look)
{
  BoxStyle style = box_styles[box->state];
  /* Lines thin out on a zoomed-out page, where a word is a few pixels high. */
  float weight = CLAMP (box->box.h * self->zoom / BOX_FULL_WEIGHT_HEIGHT, 0.4f, 1.f);
  double pad;

  if ((int) box->id == self->hovered_box)
    {
      style.fill_alpha += 0.10f;
      style.line_alpha = 1.f;
      style.line_width += 0.5f;
    }
  if ((int) box->id == self->selected_box)
    {
      style.line_alpha = 1.f;
      style.line_width = 3.f;
    }
  style.line_width = MAX (style.line_width * weight, 1.f);
  /* An overview should show where the problems are, not a grid of agreeing words. */
  if (box->state == VN_BOX_AGREES && (int) box->id != self->hovered_box)
    {
      style.fill_alpha *= weight;
      style.line_alpha *= weight;
    }
  pad = BOX_PAD * weight + style.line_width;
  look->rect = _vn_scan_view_box_to_widget (self, &box->box);
  graphene_rect_inset (&look->rect, -pad, -pad);
  look->fill = look->line = _vn_scan_view_get_palette (self)[box->state];
  look->fill.alpha = style.fill_alpha;
  /* The selected word is marked as in the text: a yellow highlighter over the ink. */
  if ((int) box->id == self->selected_box)
    look->fill = (GdkRGBA) { 0.99f, 0.85f, 0.2f, 0.45f };
  look->line.alpha = style.line_alpha;
  look->line_width = style.line_width;
  look->dashed = style.dashed;
}

static void
snapshot_box (VnScanView      *self,
              GtkSnapshot     *snapshot,
              const VnScanBox *box)
{
  BoxLook look;

  get_box_look (self, box, &look);
  gtk_snapshot_append_color (snapshot, &look.fill, &look.rect);
  snapshot_outline (snapshot, &look.rect, &look.line, look.line_width, look.dashed);
  if ((int) box->id == self->selected_box)
    snapshot_selection_halo (snapshot, &look.rect);
}

/* The boxes in view but the selected one, which is drawn apart. */
static void
get_visible_looks (VnScanView *self,
                   GArray     *looks)
{
  graphene_rect_t visible = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                                                gtk_widget_get_height (GTK_WIDGET (self)));

  for (guint i = 0; i < self->boxes->len; i++)
    {
      const VnScanBox *box = &g_array_index (self->boxes, VnScanBox, i);
      BoxLook look;

      if ((int) box->id == self->selected_box)
        continue;
      get_box_look (self, box, &look);
      if (graphene_rect_intersection (&look.rect, &visible, NULL))
        g_array_append_val (looks, look);
    }
}

static void
cairo_rounded_rectangle (cairo_t               *cr,
                         const graphene_rect_t *rect,
                         double                 radius)
{
  double x = rect->origin.x, y = rect->origin.y, w = rect->size.width, h = rect->size.height;

  if (radius <= 0)
    {
      cairo_rectangle (cr, x, y, w, h);
      return;
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Colours and widths in the steps a batch is keyed by: alpha in 64ths (finer than any two
 * boxes of one state differ visibly), line widths in quarter pixels. */
static guint
quantize_alpha (float alpha)
{
  return (guint) lroundf (CLAMP (alpha, 0.f, 1.f) * 64);
}

static int
compare_fills (gconstpointer a,
               gconstpointer b)
{
  const BoxLook *x = *(BoxLook * const *) a, *y = *(BoxLook * const *) b;
  int d = memcmp (&x->fill, &y->fill, 3 * sizeof (float));

  return d != 0 ? d : (int) quantize_alpha (x->fill.alpha) - (int) quantize_alpha (y->fill.alpha);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const BoxLook *x = *(BoxLook * const *) a, *y = *(BoxLook * const *) b;
  int d = x->dashed - y->dashed;

  if (d == 0)
    d = memcmp (&x->line, &y->line, 3 * sizeof (float));
  if (d == 0)
    d = (int) quantize_alpha (x->line.alpha) - (int) quantize_alpha (y->line.alpha);
  if (d == 0)
    d = (int) lroundf (x->line_width * 4) - (int) lroundf (y->line_width * 4);
  return d;
}

/* Rounded to the device's pixels, which keeps Cairo on its fast path for rectangles. */
static void
snap_rect (const graphene_rect_t *rect,
           double                 scale,
           double                 r[4])
{
  double x0 = round (rect->origin.x * scale) / scale;
  double y0 = round (rect->origin.y * scale) / scale;
  double x1 = round ((rect->origin.x + rect->size.width) * scale) / scale;
  double y1 = round ((rect->origin.y + rect->size.height) * scale) / scale;

  r[0] = x0;
  r[1] = y0;
  r[2] = MAX (x1 - x0, 1 / scale);
  r[3] = MAX (y1 - y0, 1 / scale);
}

/* The same boxes as snapshot_boxes () draws with nodes, drawn by Cairo into one node, for
 * GTK's Cairo renderer: there each of a thousand small nodes costs a fill of its own, so the
 * boxes are batched by colour into one path each and snapped to whole pixels, where Cairo
 * fills and strokes rectangles fastest. At fit-page on a dense page this takes a frame from
 * about 13 ms to about 3 (bench-scan-view). */
static void
draw_boxes_with_cairo (VnScanView *self,
                       cairo_t    *cr,
                       GArray     *looks)
{
  static const double dashes[] = { DASH_ON, DASH_OFF };
  double scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (looks->len);

  cairo_save (cr);
  for (guint i = 0; i < looks->len; i++)
    if (g_array_index (looks, BoxLook, i).fill.alpha >= BOX_MIN_FILL_ALPHA)
      g_ptr_array_add (order, &g_array_index (looks, BoxLook, i));
  g_ptr_array_sort (order, compare_fills);
  for (guint i = 0; i < order->len; i++)
    {
      const BoxLook *look = order->pdata[i];
      double r[4];

      snap_rect (&look->rect, scale, r);
      cairo_rectangle (cr, r[0], r[1], r[2], r[3]);
      if (i + 1 == order->len || compare_fills (&order->pdata[i], &order->pdata[i + 1]) != 0)
        {
          GdkRGBA fill = look->fill;

          fill.alpha = quantize_alpha (fill.alpha) / 64.f;
          gdk_cairo_set_source_rgba (cr, &fill);
          cairo_fill (cr);
        }
    }

  g_ptr_array_set_size (order, 0);
  for (guint i = 0; i < looks->len; i++)
    g_ptr_array_add (order, &g_array_index (looks, BoxLook, i));
  g_ptr_array_sort (order, compare_lines);
  for (guint i = 0; i < order->len; i++)
    {
      const BoxLook *look = order->pdata[i];
      double width = MAX (round (look->line_width * scale), 1) / scale, half = width / 2;
      float radius = get_corner_radius (&look->rect);
      double r[4];

      /* A border node's line lies inside its rectangle; Cairo strokes on the path. */
      snap_rect (&look->rect, scale, r);
      if (radius > 0)
        {
          graphene_rect_t inner = GRAPHENE_RECT_INIT (r[0] + half, r[1] + half,
                                                      MAX (r[2] - width, 0), MAX (r[3] - width, 0));
          cairo_rounded_rectangle (cr, &inner, MAX (0, radius - half));
        }
      else
        cairo_rectangle (cr, r[0] + half, r[1] + half, MAX (r[2] - width, 0),
                         MAX (r[3] - width, 0));
      if (i + 1 == order->len || compare_lines (&order->pdata[i], &order->pdata[i + 1]) != 0)
        {
          GdkRGBA line = look->line;

          line.alpha = quantize_alpha (line.alpha) / 64.f;
          gdk_cairo_set_source_rgba (cr, &line);
          cairo_set_line_width (cr, width);
          cairo_set_dash (cr, dashes, look->dashed ? G_N_ELEMENTS (dashes) : 0, 0);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

/* Whether this view is drawn by GTK's Cairo renderer. */
static gboolean
drawn_by_cairo (VnScanView *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

/* All fills, then all solid outlines, then the dashed ones: the GL renderer merges a run of
 * nodes drawn by one shader into one draw call, and fill and outline in turn cost a call per
 * node, more than the node itself; at fit-page a dense page has thousands in view. The order
 * shows only where an outline meets a neighbour's fill, and there keeps the outline whole.
 * Fills too faint to see are left out: a zoomed-out page is mostly agreeing words. */
static void
snapshot_boxes (VnScanView  *self,
                GtkSnapshot *snapshot,
                cairo_t     *cr)
{
  GArray *looks = self->box_looks;
  const VnScanBox *selected = _vn_scan_view_find_box (self, self->selected_box);

  g_array_set_size (looks, 0);
  get_visible_looks (self, looks);
  if (cr != NULL)
    {
      draw_boxes_with_cairo (self, cr, looks);
      if (selected != NULL)
        snapshot_box (self, snapshot, selected);
      return;
    }
  for (guint i = 0; i < looks->len; i++)
    {
      const BoxLook *look = &g_array_index (looks, BoxLook, i);

      if (look->fill.alpha >= BOX_MIN_FILL_ALPHA)
        gtk_snapshot_append_color (snapshot, &look->fill, &look->rect);
    }
  for (int dashed = FALSE; dashed <= TRUE; dashed++)
    for (guint i = 0; i < looks->len; i++)
      {
        const BoxLook *look = &g_array_index (looks, BoxLook, i);

        if (look->dashed == dashed)
          snapshot_outline (snapshot, &look->rect, &look->line, look->line_width, dashed);
      }
  /* On top of its neighbours, so its thick outline is never half covered. */
  if (selected != NULL)
    snapshot_box (self, snapshot, selected);
}

static void
snapshot_band (VnScanView  *self,
               GtkSnapshot *snapshot)
{
  GdkRGBA accent = get_accent_color (self), fill = accent;
  graphene_rect_t band;

  if (self->drag_mode != DRAG_BAND || !self->drag_moved)
    return;
  graphene_rect_normalize_r (&self->band, &band);
  fill.alpha = 0.15f;
  gtk_snapshot_append_color (snapshot, &fill, &band);
  snapshot_outline (snapshot, &band, &accent, 1.f, FALSE);
}

static void
snapshot_focus (VnScanView  *self,
                GtkSnapshot *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA accent = get_accent_color (self);
  graphene_rect_t rect = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                             gtk_widget_get_height (widget));

  if (!gtk_widget_has_visible_focus (widget))
    return;
  accent.alpha = 0.5f;
  graphene_rect_inset (&rect, 1, 1);
  snapshot_outline (snapshot, &rect, &accent, 2.f, FALSE);
}

/* For GTK's Cairo renderer: one Cairo node for the page and its boxes. That renderer draws
 * every texture node by converting the texture anew and every small node with a fill of its
 * own, and a Cairo node is replayed through a buffer of its size, so one node, no larger than
 * the page in view, is the cheapest (bench-scan-view). NULL for the GL renderer. */
static cairo_t *
begin_cairo (VnScanView            *self,
             GtkSnapshot           *snapshot,
             const graphene_rect_t *page)
{
  graphene_rect_t widget = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                                               gtk_widget_get_height (GTK_WIDGET (self)));
  graphene_rect_t bounds;

  if (!drawn_by_cairo (self))
    return NULL;
  /* Boxes at the page's edge reach past it by their padding and line. */
  graphene_rect_inset_r (page, -8, -8, &bounds);
  if (!graphene_rect_intersection (&bounds, &widget, &bounds))
    return NULL;
  graphene_rect_round_extents (&bounds, &bounds);
  return gtk_snapshot_append_cairo (snapshot, &bounds);
}

void
_vn_scan_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  VnScanView *self = VN_SCAN_VIEW (widget);
  cairo_t *cr;
  double origin_x, origin_y;
  graphene_rect_t page;

  if (_vn_scan_view_has_page (self))
    {
      _vn_scan_view_get_origin (self, &origin_x, &origin_y);
      page = GRAPHENE_RECT_INIT (origin_x, origin_y, self->page_width * self->zoom,
                                 self->page_height * self->zoom);
      snapshot_page_frame (self, snapshot, &page);
      cr = begin_cairo (self, snapshot, &page);
      snapshot_scan (self, snapshot, cr, &page);
      snapshot_boxes (self, snapshot, cr);
      g_clear_pointer (&cr, cairo_destroy);
      snapshot_band (self, snapshot);
    }
  snapshot_focus (self, snapshot);
}
