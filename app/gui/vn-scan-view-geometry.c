/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-view-geometry.c: where the page and its boxes are in the scan view, what a screen
 * reader says of them, and how the view moves: zoom, pan, fits, reveal and follow. */
#define G_LOG_DOMAIN "vn-scan-view"

#include "vn-scan-view-private.h"

/* ------------------------------------------------------------------ geometry */

gboolean
_vn_scan_view_has_page (VnScanView *self)
{
  return self->page_width > 0 && self->page_height > 0;
}

gboolean
_vn_scan_view_is_allocated (VnScanView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) > 0 &&
         gtk_widget_get_height (GTK_WIDGET (self)) > 0;
}

static double
get_fit_zoom (VnScanView *self,
              FitMode     mode)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PAGE_MARGIN;
  double height = gtk_widget_get_height (GTK_WIDGET (self)) - 2 * PAGE_MARGIN;
  double fit_width;

  if (!_vn_scan_view_has_page (self) || width < 1 || height < 1)
    return 1.0;
  fit_width = width / self->page_width;
  return mode == FIT_WIDTH ? fit_width : MIN (fit_width, height / self->page_height);
}

/* Half the whole-page zoom: zooming further out only shrinks the page into a stamp. */
double
_vn_scan_view_get_min_zoom (VnScanView *self)
{
  if (!_vn_scan_view_has_page (self) || !_vn_scan_view_is_allocated (self))
    return ZOOM_MIN;
  return CLAMP (get_fit_zoom (self, FIT_PAGE) / 2, ZOOM_MIN, 1.0);
}

/* Keeps the page in view with PAGE_MARGIN around it, or centred when it is smaller. */
static double
clamp_axis (double center,
            double view_size,
            double page_size,
            double zoom)
{
  double half = view_size / 2 / zoom;
  double margin = PAGE_MARGIN / zoom;
  double low = half - margin, high = page_size - half + margin;

  return low > high ? page_size / 2 : CLAMP (center, low, high);
}

/* The page's top-left corner in widget coordinates, on a device pixel so that 100% is sharp. */
void
_vn_scan_view_get_origin (VnScanView *self,
                          double     *x,
                          double     *y)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double scale = gtk_widget_get_scale_factor (widget);

  *x = round ((gtk_widget_get_width (widget) / 2.0 - self->center_x * self->zoom) * scale) / scale;
  *y = round ((gtk_widget_get_height (widget) / 2.0 - self->center_y * self->zoom) * scale) / scale;
}

void
_vn_scan_view_widget_to_image (VnScanView *self,
                               double      x,
                               double      y,
                               double     *image_x,
                               double     *image_y)
{
  double origin_x, origin_y;

  _vn_scan_view_get_origin (self, &origin_x, &origin_y);
  *image_x = (x - origin_x) / self->zoom;
  *image_y = (y - origin_y) / self->zoom;
}

graphene_rect_t
_vn_scan_view_box_to_widget (VnScanView  *self,
                             const VnBox *box)
{
  double origin_x, origin_y;

  _vn_scan_view_get_origin (self, &origin_x, &origin_y);
  return GRAPHENE_RECT_INIT (origin_x + box->x * self->zoom, origin_y + box->y * self->zoom,
                             box->w * self->zoom, box->h * self->zoom);
}

/* ------------------------------------------------------------------ boxes */

const VnScanBox *
_vn_scan_view_find_box (VnScanView *self,
                        int         id)
{
  gpointer index;

  if (id < 0 || !g_hash_table_lookup_extended (self->box_index, GUINT_TO_POINTER (id), NULL,
                                               &index))
    return NULL;
  return &g_array_index (self->boxes, VnScanBox, GPOINTER_TO_UINT (index));
}

void
_vn_scan_view_scan_box_clear (VnScanBox *box)
{
  g_clear_pointer (&box->tooltip, g_free);
}

/* ------------------------------------------------------------------ accessibility */

/* GTK 4.8 has no accessible objects that are not widgets (GtkAccessible for them came in
 * 4.10), so the boxes cannot be children: the view's description says which box is selected
 * and which is under the pointer, with its tooltip and state, and changes with them. */
static char *
describe_box (VnScanView      *self,
              const VnScanBox *box,
              const char      *format)
{
  static const char *states[] = {
    N_("OCR agrees"), N_("OCR disagrees"), N_("low OCR confidence"), N_("corrected"),
    N_("verified"),
  };
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->box_index,
                                                       GUINT_TO_POINTER (box->id)));
  g_auto(GStrv) lines = g_strsplit (box->tooltip ? box->tooltip : "", "\n", -1);
  g_autofree char *about = g_strjoinv (", ", lines);

  G_STATIC_ASSERT (G_N_ELEMENTS (states) == VN_BOX_N_STATES);
  return g_strdup_printf (format, index + 1, self->boxes->len, about, _(states[box->state]));
}

void
_vn_scan_view_update_accessible_description (VnScanView *self)
{
  const VnScanBox *selected = _vn_scan_view_find_box (self, self->selected_box);
  const VnScanBox *hovered = self->hovered_box != self->selected_box
                             ? _vn_scan_view_find_box (self, self->hovered_box) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (selected != NULL)
    {
      /* TRANSLATORS: "Selected word 3 of 441: Transcription: Верно, OCR: Bepho, OCR
       * disagrees." */
      g_autofree char *s = describe_box (self, selected, _("Selected word %u of %u: %s, %s."));
      g_string_append (text, s);
    }
  else if (self->boxes->len > 0)
    g_string_append_printf (text, ngettext ("%u word, none selected.", "%u words, none selected.",
                                            self->boxes->len), self->boxes->len);
  if (hovered != NULL)
    {
      g_autofree char *s = describe_box (self, hovered,
                                         _("Under the pointer: word %u of %u: %s, %s."));
      g_string_append_printf (text, "%s%s", text->len ? " " : "", s);
    }
  if (text->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    text->str, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

int
vn_scan_view_box_at (VnScanView *self,
                     double      x,
                     double      y)
{
  double image_x, image_y, slack;

  g_return_val_if_fail (VN_IS_SCAN_VIEW (self), -1);

  _vn_scan_view_widget_to_image (self, x, y, &image_x, &image_y);
  slack = BOX_PAD / self->zoom;
  /* Last drawn is on top. */
  for (guint i = self->boxes->len; i-- > 0;)
    {
      const VnScanBox *b = &g_array_index (self->boxes, VnScanBox, i);

      if (image_x >= b->box.x - slack && image_x < b->box.x + b->box.w + slack &&
          image_y >= b->box.y - slack && image_y < b->box.y + b->box.h + slack)
        return b->id;
    }
  return -1;
}

/* ------------------------------------------------------------------ view changes */

void
_vn_scan_view_update_actions (VnScanView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean page = _vn_scan_view_has_page (self);

  gtk_widget_action_set_enabled (widget, "scan.zoom-in", page && self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (widget, "scan.zoom-out",
                                 page && self->zoom > _vn_scan_view_get_min_zoom (self));
  gtk_widget_action_set_enabled (widget, "scan.zoom-fit-width", page);
  gtk_widget_action_set_enabled (widget, "scan.zoom-fit-page", page);
  gtk_widget_action_set_enabled (widget, "scan.zoom-original", page);
  gtk_widget_action_set_enabled (widget, "scan.pan", page);
}

void
_vn_scan_view_set_hovered_box (VnScanView *self,
                               int         id)
{
  if (self->hovered_box == id)
    return;
  self->hovered_box = id;
  _vn_scan_view_update_accessible_description (self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), id >= 0 ? "pointer" : NULL);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_vn_scan_view_update_hover (VnScanView *self)
{
  if (self->pointer_inside && self->drag_mode == DRAG_NONE)
    _vn_scan_view_set_hovered_box (self, vn_scan_view_box_at (self, self->pointer_x,
                                                              self->pointer_y));
}

/* Every change of zoom or position goes through here. */
void
_vn_scan_view_set_view (VnScanView *self,
                        double      zoom,
                        double      center_x,
                        double      center_y)
{
  GtkWidget *widget = GTK_WIDGET (self);

  zoom = CLAMP (zoom, _vn_scan_view_get_min_zoom (self), ZOOM_MAX);
  self->center_x = clamp_axis (center_x, gtk_widget_get_width (widget), self->page_width, zoom);
  self->center_y = clamp_axis (center_y, gtk_widget_get_height (widget), self->page_height, zoom);
  /* Once a selection was followed: the zoom the editor works at, for the next pages. */
  if (self->fit_mode == FIT_NONE && self->follow_zoom > 0)
    self->follow_zoom = zoom;
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      _vn_scan_view_update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), _vn_scan_view_properties[PROP_ZOOM]);
    }
  _vn_scan_view_update_hover (self);
  gtk_widget_queue_draw (widget);
}

/* Zooms keeping the image point under (x, y) in widget coordinates where it is. */
void
_vn_scan_view_zoom_around (VnScanView *self,
                           double      zoom,
                           double      x,
                           double      y)
{
  double dx = x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double dy = y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  double image_x = self->center_x + dx / self->zoom;
  double image_y = self->center_y + dy / self->zoom;

  zoom = CLAMP (zoom, _vn_scan_view_get_min_zoom (self), ZOOM_MAX);
  _vn_scan_view_set_view (self, zoom, image_x - dx / zoom, image_y - dy / zoom);
}

void
_vn_scan_view_zoom_around_center (VnScanView *self,
                                  double      zoom)
{
  _vn_scan_view_zoom_around (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
_vn_scan_view_pan_by (VnScanView *self,
                      double      dx,
                      double      dy)
{
  _vn_scan_view_set_view (self, self->zoom, self->center_x + dx / self->zoom,
                          self->center_y + dy / self->zoom);
}

void
_vn_scan_view_apply_fit (VnScanView *self)
{
  if (self->fit_mode == FIT_PAGE)
    _vn_scan_view_set_view (self, get_fit_zoom (self, FIT_PAGE), self->page_width / 2.0,
              self->page_height / 2.0);
  else if (self->fit_mode == FIT_WIDTH)
    _vn_scan_view_set_view (self, get_fit_zoom (self, FIT_WIDTH), self->page_width / 2.0,
                            self->center_y);
}

void
_vn_scan_view_stop_animation (VnScanView *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
}

/* A user's zoom: animations stop and the fit no longer follows the window's size. */
void
_vn_scan_view_begin_user_zoom (VnScanView *self)
{
  _vn_scan_view_stop_animation (self);
  self->fit_mode = FIT_NONE;
  self->fit_by_user = FALSE;
  self->pending_reveal = -1;
}

/* ------------------------------------------------------------------ reveal */

static gboolean
on_animation_tick (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  VnScanView *self = VN_SCAN_VIEW (widget);
  gint64 elapsed = gdk_frame_clock_get_frame_time (frame_clock) - self->anim_start;
  double t = CLAMP (elapsed / (double) REVEAL_USEC, 0.0, 1.0);
  double e;

  e = 1.0 - pow (1.0 - t, 3);   /* ease out */
  _vn_scan_view_set_view (self, self->from_zoom * pow (self->to_zoom / self->from_zoom, e),
            self->from_x + (self->to_x - self->from_x) * e,
            self->from_y + (self->to_y - self->from_y) * e);
  if (t < 1.0)
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
animations_enabled (VnScanView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (widget), "gtk-enable-animations", &enabled, NULL);
  return enabled && gtk_widget_get_mapped (widget);
}

static void
animate_to (VnScanView *self,
            double      zoom,
            double      center_x,
            double      center_y)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  _vn_scan_view_stop_animation (self);
  if (!animations_enabled (self) || clock == NULL)
    {
      _vn_scan_view_set_view (self, zoom, center_x, center_y);
      return;
    }
  self->from_zoom = self->zoom;
  self->from_x = self->center_x;
  self->from_y = self->center_y;
  self->to_zoom = zoom;
  self->to_x = center_x;
  self->to_y = center_y;
  self->anim_start = gdk_frame_clock_get_frame_time (clock);
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_animation_tick, NULL, NULL);
}

/* The horizontal extent of the text around a box: its line and the lines just above and
 * below, from the boxes whose middles lie within that band. */
static void
get_context_extent (VnScanView  *self,
                    const VnBox *box,
                    int         *x0,
                    int         *x1)
{
  double mid = box->y + box->h / 2.0;
  double reach = CONTEXT_LINES * box->h;

  *x0 = box->x;
  *x1 = box->x + box->w;
  for (guint i = 0; i < self->boxes->len; i++)
    {
      const VnBox *other = &g_array_index (self->boxes, VnScanBox, i).box;

      if (fabs (other->y + other->h / 2.0 - mid) <= reach && other->h < 3 * box->h)
        {
          *x0 = MIN (*x0, other->x);
          *x1 = MAX (*x1, other->x + other->w);
        }
    }
}

/* Frames the box's line and its neighbours across the view (at most REVEAL_ZOOM_MAX, with
 * room for the lines above and below), centred vertically on the box and horizontally on
 * it as far as keeping those lines whole in view allows. */
double
_vn_scan_view_reveal_now (VnScanView      *self,
                          const VnScanBox *scan_box,
                          gboolean         animate)
{
  const VnBox *box = &scan_box->box;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double pad = MAX (box->h, 1), half, center_x, zoom;
  int x0, x1;

  get_context_extent (self, box, &x0, &x1);
  zoom = (width - 2 * PAGE_MARGIN) / (x1 - x0 + 2 * pad);
  zoom = MIN (zoom, (height - 2 * PAGE_MARGIN) / ((2 * CONTEXT_LINES + 1) * pad));
  zoom = CLAMP (zoom, get_fit_zoom (self, FIT_PAGE), REVEAL_ZOOM_MAX);
  half = width / 2 / zoom;
  center_x = box->x + box->w / 2.0;
  if (x1 - x0 + 2 * pad <= 2 * half)
    center_x = CLAMP (center_x, x1 + pad - half, x0 - pad + half);
  if (animate)
    animate_to (self, zoom, center_x, box->y + box->h / 2.0);
  else
    _vn_scan_view_set_view (self, zoom, center_x, box->y + box->h / 2.0);
  return zoom;
}

/* Whether the box lies inside the view, clear of its edges by a little. */
static gboolean
box_in_view (VnScanView  *self,
             const VnBox *box)
{
  graphene_rect_t rect = _vn_scan_view_box_to_widget (self, box);
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double margin = MIN (32.0, MIN (w, h) / 8);

  return rect.origin.x >= margin && rect.origin.y >= margin &&
         rect.origin.x + rect.size.width <= w - margin &&
         rect.origin.y + rect.size.height <= h - margin;
}

/* The selection moved to @scan_box: the view keeps its zoom and place while the box is in
 * view, and otherwise moves to it at the same zoom. Only the first time (a page at its fit,
 * no zoom chosen yet) does it zoom in to the box's line, as reveal does; a new page is shown
 * at the zoom the editor was working at. */
void
_vn_scan_view_follow_now (VnScanView      *self,
                          const VnScanBox *scan_box,
                          gboolean         animate)
{
  const VnBox *box = &scan_box->box;
  double center_x = box->x + box->w / 2.0, center_y = box->y + box->h / 2.0;

  if (self->fit_mode != FIT_NONE && !self->fit_by_user)
    {
      double fit_width = get_fit_zoom (self, FIT_WIDTH);

      self->fit_mode = FIT_NONE;
      if (self->follow_zoom > 0)
        _vn_scan_view_set_view (self, self->follow_zoom, center_x, center_y);
      /* Where the page's whole width is readable, that is the zoom to work at. */
      else if (box->h * fit_width >= FOLLOW_READABLE_HEIGHT)
        {
          self->follow_zoom = fit_width;
          _vn_scan_view_set_view (self, fit_width, self->page_width / 2.0, center_y);
        }
      else
        self->follow_zoom = _vn_scan_view_reveal_now (self, scan_box, animate);
      return;
    }
  if (box_in_view (self, box))
    return;
  self->fit_mode = FIT_NONE;
  if (animate)
    animate_to (self, self->zoom, center_x, center_y);
  else
    _vn_scan_view_set_view (self, self->zoom, center_x, center_y);
}
