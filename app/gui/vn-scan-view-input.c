/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-view-input.c: the scan view's pointer, gestures, tooltips, keys and actions. */
#define G_LOG_DOMAIN "vn-scan-view"

#include "vn-scan-view-private.h"

/* ------------------------------------------------------------------ input */

void
_vn_scan_view_on_motion (GtkEventControllerMotion *controller,
                         double                    x,
                         double                    y,
                         VnScanView               *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  _vn_scan_view_update_hover (self);
}

void
_vn_scan_view_on_leave (GtkEventControllerMotion *controller,
                        VnScanView               *self)
{
  self->pointer_inside = FALSE;
  _vn_scan_view_set_hovered_box (self, -1);
}

gboolean
_vn_scan_view_on_scroll (GtkEventControllerScroll *controller,
                         double                    dx,
                         double                    dy,
                         VnScanView               *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  double step = wheel ? WHEEL_STEP : 1.0;

  if (!_vn_scan_view_has_page (self))
    return FALSE;
  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy / 100.0);

      _vn_scan_view_begin_user_zoom (self);
      if (self->pointer_inside)
        _vn_scan_view_zoom_around (self, self->zoom * factor, self->pointer_x, self->pointer_y);
      else
        _vn_scan_view_zoom_around_center (self, self->zoom * factor);
      return TRUE;
    }
  _vn_scan_view_stop_animation (self);
  if ((state & GDK_SHIFT_MASK) && dx == 0)
    _vn_scan_view_pan_by (self, dy * step, 0);
  else
    _vn_scan_view_pan_by (self, dx * step, dy * step);
  return TRUE;
}

void
_vn_scan_view_on_drag_begin (GtkGestureDrag *gesture,
                             double          x,
                             double          y,
                             VnScanView     *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (!_vn_scan_view_has_page (self) || button > GDK_BUTTON_SECONDARY)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  _vn_scan_view_stop_animation (self);
  self->drag_button = button;
  self->drag_moved = FALSE;
  self->drag_x = x;
  self->drag_y = y;
  self->drag_center_x = self->center_x;
  self->drag_center_y = self->center_y;
  self->band = GRAPHENE_RECT_INIT (x, y, 0, 0);
  self->drag_mode = button == GDK_BUTTON_SECONDARY || (state & GDK_SHIFT_MASK) ? DRAG_BAND
                                                                              : DRAG_PAN;
}

void
_vn_scan_view_on_drag_update (GtkGestureDrag *gesture,
                              double          dx,
                              double          dy,
                              VnScanView     *self)
{
  if (self->drag_mode == DRAG_NONE)
    return;
  if (!self->drag_moved)
    {
      if (!gtk_drag_check_threshold (GTK_WIDGET (self), 0, 0, (int) dx, (int) dy))
        return;
      self->drag_moved = TRUE;
      _vn_scan_view_set_hovered_box (self, -1);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       self->drag_mode == DRAG_PAN ? "grabbing" : "crosshair");
    }
  if (self->drag_mode == DRAG_PAN)
    _vn_scan_view_set_view (self, self->zoom, self->drag_center_x - dx / self->zoom,
              self->drag_center_y - dy / self->zoom);
  else
    {
      self->band.size.width = dx;
      self->band.size.height = dy;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* The band in image pixels, cut to the page. */
static gboolean
get_band_region (VnScanView *self,
                 VnBox      *region)
{
  graphene_rect_t band;
  double x0, y0, x1, y1;

  graphene_rect_normalize_r (&self->band, &band);
  _vn_scan_view_widget_to_image (self, band.origin.x, band.origin.y, &x0, &y0);
  _vn_scan_view_widget_to_image (self, band.origin.x + band.size.width,
                                 band.origin.y + band.size.height, &x1, &y1);
  x0 = CLAMP (floor (x0), 0, self->page_width);
  y0 = CLAMP (floor (y0), 0, self->page_height);
  x1 = CLAMP (ceil (x1), 0, self->page_width);
  y1 = CLAMP (ceil (y1), 0, self->page_height);
  *region = (VnBox) { (int) x0, (int) y0, (int) (x1 - x0), (int) (y1 - y0) };
  return region->w > 0 && region->h > 0;
}

void
_vn_scan_view_on_drag_end (GtkGestureDrag *gesture,
                           double          dx,
                           double          dy,
                           VnScanView     *self)
{
  DragMode mode = self->drag_mode;
  VnBox region;
  int id;

  self->drag_mode = DRAG_NONE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (mode == DRAG_BAND && self->drag_moved && get_band_region (self, &region))
    g_signal_emit (self, _vn_scan_view_signals[REGION_SELECTED], 0, &region);
  else if (mode == DRAG_PAN && !self->drag_moved && self->drag_button == GDK_BUTTON_PRIMARY &&
           (id = vn_scan_view_box_at (self, self->drag_x, self->drag_y)) >= 0)
    g_signal_emit (self, _vn_scan_view_signals[BOX_ACTIVATED], 0, (guint) id);
  self->hovered_box = -2;   /* forces the cursor and highlight back */
  _vn_scan_view_update_hover (self);
}

void
_vn_scan_view_on_pinch_begin (GtkGesture       *gesture,
                              GdkEventSequence *sequence,
                              VnScanView       *self)
{
  double x, y;

  if (!_vn_scan_view_has_page (self) || !gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    return;
  _vn_scan_view_begin_user_zoom (self);
  self->pinch_zoom = self->zoom;
  _vn_scan_view_widget_to_image (self, x, y, &self->pinch_x, &self->pinch_y);
}

/* The image point that was under the fingers stays under them as they move apart and about. */
void
_vn_scan_view_on_pinch_scale_changed (GtkGestureZoom *gesture,
                                      double          scale,
                                      VnScanView     *self)
{
  double x, y, zoom;

  if (!_vn_scan_view_has_page (self) ||
      !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  zoom = CLAMP (self->pinch_zoom * scale, _vn_scan_view_get_min_zoom (self), ZOOM_MAX);
  _vn_scan_view_set_view (self, zoom,
            self->pinch_x - (x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / zoom,
            self->pinch_y - (y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / zoom);
}

gboolean
_vn_scan_view_on_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_mode,
                                GtkTooltip *tooltip,
                                VnScanView *self)
{
  const VnScanBox *box;
  graphene_rect_t rect;

  box = _vn_scan_view_find_box (self, keyboard_mode ? self->selected_box
                                                    : vn_scan_view_box_at (self, x, y));
  if (box == NULL || box->tooltip == NULL || *box->tooltip == '\0')
    return FALSE;
  rect = _vn_scan_view_box_to_widget (self, &box->box);
  gtk_tooltip_set_text (tooltip, box->tooltip);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { floor (rect.origin.x),
                                                       floor (rect.origin.y),
                                                       ceil (rect.size.width),
                                                       ceil (rect.size.height) });
  return TRUE;
}


/* ------------------------------------------------------------------ actions */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  _vn_scan_view_begin_user_zoom (self);
  _vn_scan_view_zoom_around_center (self, self->zoom * ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  _vn_scan_view_begin_user_zoom (self);
  _vn_scan_view_zoom_around_center (self, self->zoom / ZOOM_STEP);
}

static void
zoom_original_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  _vn_scan_view_begin_user_zoom (self);
  _vn_scan_view_zoom_around_center (self, 1.0);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  _vn_scan_view_begin_user_zoom (self);
  self->fit_mode = g_str_equal (action_name, "scan.zoom-fit-width") ? FIT_WIDTH : FIT_PAGE;
  self->fit_by_user = TRUE;
  _vn_scan_view_apply_fit (self);
}

/* Parameter: (dd), fractions of the view's width and height. */
static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);
  double fx, fy;

  g_variant_get (parameter, "(dd)", &fx, &fy);
  _vn_scan_view_stop_animation (self);
  _vn_scan_view_pan_by (self, fx * gtk_widget_get_width (widget),
                        fy * gtk_widget_get_height (widget));
}

static void
activate_selected_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  if (_vn_scan_view_find_box (self, self->selected_box) != NULL)
    g_signal_emit (self, _vn_scan_view_signals[BOX_ACTIVATED], 0, (guint) self->selected_box);
}

static void
add_zoom_bindings (GtkWidgetClass *widget_class)
{
  static const guint zoom_in_keys[] = { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add };
  static const guint zoom_out_keys[] = { GDK_KEY_minus, GDK_KEY_KP_Subtract };

  for (guint i = 0; i < G_N_ELEMENTS (zoom_in_keys); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, zoom_in_keys[i], 0,
                                           "scan.zoom-in", NULL);
      gtk_widget_class_add_binding_action (widget_class, zoom_in_keys[i], GDK_CONTROL_MASK,
                                           "scan.zoom-in", NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (zoom_out_keys); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, zoom_out_keys[i], 0,
                                           "scan.zoom-out", NULL);
      gtk_widget_class_add_binding_action (widget_class, zoom_out_keys[i], GDK_CONTROL_MASK,
                                           "scan.zoom-out", NULL);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK,
                                       "scan.zoom-fit-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK,
                                       "scan.zoom-fit-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "scan.zoom-original", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, GDK_CONTROL_MASK,
                                       "scan.zoom-original", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "scan.zoom-fit-width", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_2, GDK_CONTROL_MASK,
                                       "scan.zoom-fit-width", NULL);
}

static void
add_pan_bindings (GtkWidgetClass *widget_class)
{
  static const struct { guint key; double fx, fy; } pans[] = {
    { GDK_KEY_Left, -0.1, 0 }, { GDK_KEY_Right, 0.1, 0 },
    { GDK_KEY_Up, 0, -0.1 }, { GDK_KEY_Down, 0, 0.1 },
    { GDK_KEY_Page_Up, 0, -0.9 }, { GDK_KEY_Page_Down, 0, 0.9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pans); i++)
    gtk_widget_class_add_binding_action (widget_class, pans[i].key, 0, "scan.pan", "(dd)",
                                         pans[i].fx, pans[i].fy);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0,
                                       "scan.activate-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0,
                                       "scan.activate-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0,
                                       "scan.activate-selected", NULL);
}

void
_vn_scan_view_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "scan.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "scan.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "scan.zoom-fit-width", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "scan.zoom-fit-page", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "scan.zoom-original", NULL, zoom_original_action);
  gtk_widget_class_install_action (widget_class, "scan.pan", "(dd)", pan_action);
  gtk_widget_class_install_action (widget_class, "scan.activate-selected", NULL,
                                   activate_selected_action);
  gtk_widget_class_install_property_action (widget_class, "scan.show-alternate",
                                            "show-alternate");
  add_zoom_bindings (widget_class);
  add_pan_bindings (widget_class);
}
