/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-view.c: draws a page scan from a pyramid of tiled textures built in a worker thread,
 * with the OCR's word boxes over it, zoom, pan, hover tooltips and rubber-band selection.
 *
 * Zoom is in logical pixels per image pixel: at 1.0 ("100%") one pixel of the scan covers one
 * logical pixel, that is two device pixels on a 2× display. Each frame draws the coarsest
 * pyramid level that is still at least as fine as the screen, so no texture is ever shrunk by
 * more than half and a 600-dpi page costs no more to draw than a small one.
 *
 * Keys (when the view has focus): plus, equal, KP_Add and Ctrl+plus zoom in; minus, KP_Subtract
 * and Ctrl+minus zoom out; Ctrl+0 fits the page, Ctrl+1 is 100%, Ctrl+2 fits the width; the
 * arrows pan by a tenth of the view, Page Up/Down by most of it; Return or space activates the
 * selected box. No bare letters: the window keeps those for review actions. */

#define G_LOG_DOMAIN "vn-scan-view"

#include "vn-scan-view-private.h"
#include "vn-texture.h"

G_DEFINE_FINAL_TYPE (VnScanView, vn_scan_view, GTK_TYPE_WIDGET)

GParamSpec *_vn_scan_view_properties[N_PROPS];
guint _vn_scan_view_signals[N_SIGNALS];

/* ------------------------------------------------------------------ VnBox as a boxed type */

static VnBox *
vn_box_copy (const VnBox *box)
{
  return g_memdup2 (box, sizeof *box);
}

G_DEFINE_BOXED_TYPE (VnBox, vn_box, vn_box_copy, g_free)

/* ------------------------------------------------------------------ layout */

static void
vn_scan_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 560;
}

/* A box to show asked for before the view had a page and a size: shown once it has both,
 * whichever comes last (a page decoded while the window is laid out comes after). */
static void
show_pending_box (VnScanView *self)
{
  const VnScanBox *box;

  if (!_vn_scan_view_is_allocated (self) || !_vn_scan_view_has_page (self) ||
      (box = _vn_scan_view_find_box (self, self->pending_reveal)) == NULL)
    return;
  _vn_scan_view_stop_animation (self);
  if (self->pending_follow)
    _vn_scan_view_follow_now (self, box, FALSE);
  else
    _vn_scan_view_reveal_now (self, box, FALSE);
  self->pending_reveal = -1;
}

static void
vn_scan_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  if (!_vn_scan_view_has_page (self))
    return;
  if (self->fit_mode != FIT_NONE)
    _vn_scan_view_apply_fit (self);
  else
    _vn_scan_view_set_view (self, self->zoom, self->center_x, self->center_y);
  show_pending_box (self);
  _vn_scan_view_update_actions (self);
}

/* ------------------------------------------------------------------ images */

static void
update_ready (VnScanView *self)
{
  gboolean ready = (self->image != NULL || self->alternate != NULL) &&
                   (self->image == NULL || _vn_scan_view_tile_pyramid_is_complete (self->image)) &&
                   (self->alternate == NULL ||
                    _vn_scan_view_tile_pyramid_is_complete (self->alternate));

  if (ready == self->ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), _vn_scan_view_properties[PROP_READY]);
}

void
_vn_scan_view_level_ready (VnScanView  *self,
                           TilePyramid *pyramid,
                           guint        level)
{
  if (pyramid != self->image && pyramid != self->alternate)
    return;   /* replaced meanwhile */
  double device_zoom = self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self));

  g_assert (!pyramid->levels[level].ready);
  pyramid->levels[level].ready = TRUE;
  pyramid->n_ready++;
  /* Redraw only when this level is the one to show now: finer levels arriving behind a
   * zoomed-out view would cost a frame each for nothing (a lot, on a software renderer). */
  if (_vn_scan_view_tile_pyramid_pick_level (pyramid, device_zoom) == (int) level)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  update_ready (self);
}

static void
update_page_size (VnScanView *self)
{
  TilePyramid *page = self->image != NULL ? self->image : self->alternate;

  self->page_width = page != NULL ? page->levels[0].width : 0;
  self->page_height = page != NULL ? page->levels[0].height : 0;
}

static void
replace_pyramid (VnScanView    *self,
                 TilePyramid  **slot,
                 GCancellable **cancellable,
                 VnPageImage   *image)
{
  g_cancellable_cancel (*cancellable);
  g_clear_pointer (slot, _vn_scan_view_tile_pyramid_unref);
  if (image != NULL)
    *slot = _vn_scan_view_start_build (self, image, cancellable);
}

/**
 * vn_scan_view_set_image:
 * @image: (nullable): the scan
 *
 * Shows @image, fitting the whole page into the view. The view holds a reference while the
 * tiles are built in a worker thread; they appear coarsest first. %NULL clears the view.
 */
void
vn_scan_view_set_image (VnScanView  *self,
                        VnPageImage *image)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  replace_pyramid (self, &self->image, &self->image_cancellable, image);
  update_page_size (self);
  _vn_scan_view_set_hovered_box (self, -1);
  _vn_scan_view_stop_animation (self);
  if (!self->fit_by_user || self->fit_mode == FIT_NONE)
    self->fit_mode = FIT_PAGE, self->fit_by_user = FALSE;
  if (_vn_scan_view_has_page (self))
    _vn_scan_view_apply_fit (self);
  show_pending_box (self);
  _vn_scan_view_update_actions (self);
  update_ready (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * vn_scan_view_set_alternate_image:
 * @image: (nullable): another rendering of the same page in the same coordinates, such as
 *   the preprocessed image the OCR read; shown while #VnScanView:show-alternate is set
 */
void
vn_scan_view_set_alternate_image (VnScanView  *self,
                                  VnPageImage *image)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  replace_pyramid (self, &self->alternate, &self->alternate_cancellable, image);
  update_page_size (self);
  _vn_scan_view_update_actions (self);
  update_ready (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ GObject */

/* The focus ring is drawn here, not by CSS: redraw when it comes or goes. */
static void
vn_scan_view_state_flags_changed (GtkWidget     *widget,
                                  GtkStateFlags  previous)
{
  GtkStateFlags changed = previous ^ gtk_widget_get_state_flags (widget);

  if (changed & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);
  GTK_WIDGET_CLASS (vn_scan_view_parent_class)->state_flags_changed (widget, previous);
}

static void
vn_scan_view_dispose (GObject *object)
{
  VnScanView *self = VN_SCAN_VIEW (object);

  _vn_scan_view_stop_animation (self);
  g_cancellable_cancel (self->image_cancellable);
  g_cancellable_cancel (self->alternate_cancellable);
  g_clear_object (&self->image_cancellable);
  g_clear_object (&self->alternate_cancellable);
  g_clear_pointer (&self->image, _vn_scan_view_tile_pyramid_unref);
  g_clear_pointer (&self->alternate, _vn_scan_view_tile_pyramid_unref);

  G_OBJECT_CLASS (vn_scan_view_parent_class)->dispose (object);
}

static void
vn_scan_view_finalize (GObject *object)
{
  VnScanView *self = VN_SCAN_VIEW (object);

  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->box_looks, g_array_unref);
  g_clear_pointer (&self->box_index, g_hash_table_unref);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (vn_scan_view_parent_class)->finalize (object);
}

static void
vn_scan_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VnScanView *self = VN_SCAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_SHOW_ALTERNATE:
      g_value_set_boolean (value, self->show_alternate);
      break;
    case PROP_COLORBLIND_SAFE:
      g_value_set_boolean (value, self->colorblind_safe);
      break;
    case PROP_SELECTED_BOX:
      g_value_set_int (value, self->selected_box);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vn_scan_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VnScanView *self = VN_SCAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      vn_scan_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_SHOW_ALTERNATE:
      vn_scan_view_set_show_alternate (self, g_value_get_boolean (value));
      break;
    case PROP_COLORBLIND_SAFE:
      vn_scan_view_set_colorblind_safe (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED_BOX:
      vn_scan_view_set_selected_box (self, g_value_get_int (value));
      break;
    case PROP_DESCRIPTION:
      vn_scan_view_set_description (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  _vn_scan_view_properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _vn_scan_view_properties[PROP_SHOW_ALTERNATE] =
    g_param_spec_boolean ("show-alternate", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _vn_scan_view_properties[PROP_COLORBLIND_SAFE] =
    g_param_spec_boolean ("colorblind-safe", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _vn_scan_view_properties[PROP_SELECTED_BOX] =
    g_param_spec_int ("selected-box", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _vn_scan_view_properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  _vn_scan_view_properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, _vn_scan_view_properties);
}

static void
install_signals (GObjectClass *object_class)
{
  /* A box was clicked, or Return was pressed on the selected one. The view does not select
   * it: the caller decides, and sets #VnScanView:selected-box. */
  _vn_scan_view_signals[BOX_ACTIVATED] =
    g_signal_new ("box-activated", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A rubber band was drawn (Shift+drag or secondary-button drag); image pixels. */
  _vn_scan_view_signals[REGION_SELECTED] =
    g_signal_new ("region-selected", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, VN_TYPE_BOX | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vn_scan_view_class_init (VnScanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vn_scan_view_dispose;
  object_class->finalize = vn_scan_view_finalize;
  object_class->get_property = vn_scan_view_get_property;
  object_class->set_property = vn_scan_view_set_property;

  widget_class->snapshot = _vn_scan_view_snapshot;
  widget_class->measure = vn_scan_view_measure;
  widget_class->size_allocate = vn_scan_view_size_allocate;
  widget_class->state_flags_changed = vn_scan_view_state_flags_changed;

  install_properties (object_class);
  install_signals (object_class);
  _vn_scan_view_install_actions (widget_class);

  gtk_widget_class_set_css_name (widget_class, "scanview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
add_pointer_controllers (VnScanView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  g_signal_connect (motion, "motion", G_CALLBACK (_vn_scan_view_on_motion), self);
  g_signal_connect (motion, "enter", G_CALLBACK (_vn_scan_view_on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (_vn_scan_view_on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (scroll, "scroll", G_CALLBACK (_vn_scan_view_on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

static void
add_gestures (VnScanView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (_vn_scan_view_on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (_vn_scan_view_on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (_vn_scan_view_on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (pinch, "begin", G_CALLBACK (_vn_scan_view_on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (_vn_scan_view_on_pinch_scale_changed),
                    self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));
}

static void
vn_scan_view_init (VnScanView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->boxes = g_array_new (FALSE, FALSE, sizeof (VnScanBox));
  g_array_set_clear_func (self->boxes, (GDestroyNotify) _vn_scan_view_scan_box_clear);
  self->box_looks = g_array_new (FALSE, FALSE, sizeof (BoxLook));
  self->box_index = g_hash_table_new (NULL, NULL);
  self->selected_box = -1;
  self->hovered_box = -1;
  self->pending_reveal = -1;
  self->zoom = 1.0;
  self->fit_mode = FIT_PAGE;

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (_vn_scan_view_on_query_tooltip), self);
  add_pointer_controllers (self);
  add_gestures (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scan"),
                                  -1);
  _vn_scan_view_update_actions (self);
}

/* ------------------------------------------------------------------ public API */

GtkWidget *
vn_scan_view_new (void)
{
  return g_object_new (VN_TYPE_SCAN_VIEW, NULL);
}

/**
 * vn_scan_view_is_ready:
 *
 * Returns: whether an image is set and every tile of it (and of the alternate image, if
 *   any) is built. #VnScanView:ready follows the same value.
 */
/* Something of the page can be drawn: at least its coarsest level is built. */
gboolean
vn_scan_view_has_picture (VnScanView *self)
{
  g_return_val_if_fail (VN_IS_SCAN_VIEW (self), FALSE);

  return self->image != NULL && self->image->n_ready > 0;
}

gboolean
vn_scan_view_is_ready (VnScanView *self)
{
  g_return_val_if_fail (VN_IS_SCAN_VIEW (self), FALSE);

  return self->ready;
}

gboolean
vn_scan_view_get_show_alternate (VnScanView *self)
{
  g_return_val_if_fail (VN_IS_SCAN_VIEW (self), FALSE);

  return self->show_alternate;
}

void
vn_scan_view_set_show_alternate (VnScanView *self,
                                 gboolean    show_alternate)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  show_alternate = !!show_alternate;
  if (self->show_alternate == show_alternate)
    return;
  self->show_alternate = show_alternate;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), _vn_scan_view_properties[PROP_SHOW_ALTERNATE]);
}

/**
 * vn_scan_view_set_boxes:
 * @boxes: (array length=n_boxes): word boxes, drawn in this order (later on top)
 *
 * Replaces the boxes with copies of @boxes. The selection is kept if its id is still there.
 */
void
vn_scan_view_set_boxes (VnScanView      *self,
                        const VnScanBox *boxes,
                        guint            n_boxes)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));
  g_return_if_fail (boxes != NULL || n_boxes == 0);

  g_array_set_size (self->boxes, 0);
  g_hash_table_remove_all (self->box_index);
  for (guint i = 0; i < n_boxes; i++)
    {
      VnScanBox copy = boxes[i];

      g_return_if_fail (copy.state < VN_BOX_N_STATES);
      copy.tooltip = g_strdup (boxes[i].tooltip);
      g_array_append_val (self->boxes, copy);
      g_hash_table_insert (self->box_index, GUINT_TO_POINTER (copy.id), GUINT_TO_POINTER (i));
    }
  self->hovered_box = -2;
  _vn_scan_view_update_hover (self);
  _vn_scan_view_update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
vn_scan_view_update_box_state (VnScanView *self,
                               guint       id,
                               VnBoxState  state)
{
  VnScanBox *box;

  g_return_if_fail (VN_IS_SCAN_VIEW (self));
  g_return_if_fail (state < VN_BOX_N_STATES);

  box = (VnScanBox *) _vn_scan_view_find_box (self, id);
  g_return_if_fail (box != NULL);
  if (box->state == state)
    return;
  box->state = state;
  _vn_scan_view_update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
vn_scan_view_get_selected_box (VnScanView *self)
{
  g_return_val_if_fail (VN_IS_SCAN_VIEW (self), -1);

  return self->selected_box;
}

/* @id: a box id, or -1 for none. */
void
vn_scan_view_set_selected_box (VnScanView *self,
                               int         id)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));
  g_return_if_fail (id >= -1);

  if (self->selected_box == id)
    return;
  self->selected_box = id;
  _vn_scan_view_update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), _vn_scan_view_properties[PROP_SELECTED_BOX]);
}

/**
 * vn_scan_view_reveal_box:
 *
 * Zooms so that the box's line fills the width of the view (at most 200%, with a line of
 * context above and below) and centres the box, in a short animation when animations are
 * on. Before the view has a size, it is done as soon as it has one.
 */
void
vn_scan_view_reveal_box (VnScanView *self,
                         guint       id)
{
  const VnScanBox *box;

  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  box = _vn_scan_view_find_box (self, id);
  g_return_if_fail (box != NULL);
  self->fit_mode = FIT_NONE;
  self->pending_follow = FALSE;
  if (!_vn_scan_view_is_allocated (self) || !_vn_scan_view_has_page (self))
    {
      self->pending_reveal = id;
      return;
    }
  self->pending_reveal = -1;
  _vn_scan_view_reveal_now (self, box, TRUE);
}

/**
 * vn_scan_view_follow_box:
 *
 * Shows the box the selection moved to, disturbing the view as little as it can: nothing
 * moves while the box is in view; otherwise the view moves to it at the same zoom. The first
 * box followed on a page at its fit is shown at the page's width where its words are readable
 * there, else revealed (see vn_scan_view_reveal_box); that zoom is kept for the next pages.
 * Before the view has a page and a size, it is done as soon as it has them.
 */
void
vn_scan_view_follow_box (VnScanView *self,
                         guint       id)
{
  const VnScanBox *box;

  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  box = _vn_scan_view_find_box (self, id);
  g_return_if_fail (box != NULL);
  if (!_vn_scan_view_is_allocated (self) || !_vn_scan_view_has_page (self))
    {
      self->pending_reveal = id;
      self->pending_follow = TRUE;
      return;
    }
  self->pending_reveal = -1;
  _vn_scan_view_follow_now (self, box, TRUE);
}

gboolean
vn_scan_view_get_colorblind_safe (VnScanView *self)
{
  g_return_val_if_fail (VN_IS_SCAN_VIEW (self), FALSE);

  return self->colorblind_safe;
}

void
vn_scan_view_set_colorblind_safe (VnScanView *self,
                                  gboolean    colorblind_safe)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  colorblind_safe = !!colorblind_safe;
  if (self->colorblind_safe == colorblind_safe)
    return;
  self->colorblind_safe = colorblind_safe;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), _vn_scan_view_properties[PROP_COLORBLIND_SAFE]);
}

/**
 * vn_scan_view_get_state_color:
 *
 * Returns: (transfer none): the opaque hue boxes in @state are drawn in, with the current
 *   palette; boxes use it translucent, so a legend should too for a faithful match.
 */
const GdkRGBA *
vn_scan_view_get_state_color (VnScanView *self,
                              VnBoxState  state)
{
  g_return_val_if_fail (VN_IS_SCAN_VIEW (self), NULL);
  g_return_val_if_fail (state < VN_BOX_N_STATES, NULL);

  return &_vn_scan_view_get_palette (self)[state];
}

double
vn_scan_view_get_zoom (VnScanView *self)
{
  g_return_val_if_fail (VN_IS_SCAN_VIEW (self), 1.0);

  return self->zoom;
}

/* Zooms around the centre of the view; 1.0 is one image pixel per logical pixel. */
void
vn_scan_view_set_zoom (VnScanView *self,
                       double      zoom)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));
  g_return_if_fail (zoom > 0);

  _vn_scan_view_begin_user_zoom (self);
  _vn_scan_view_zoom_around_center (self, zoom);
}

/* The part of the image in view, in image pixels; it may reach beyond the page. */
void
vn_scan_view_get_visible_area (VnScanView      *self,
                               graphene_rect_t *area)
{
  double x0, y0;

  g_return_if_fail (VN_IS_SCAN_VIEW (self));
  g_return_if_fail (area != NULL);

  _vn_scan_view_widget_to_image (self, 0, 0, &x0, &y0);
  graphene_rect_init (area, x0, y0, gtk_widget_get_width (GTK_WIDGET (self)) / self->zoom,
                      gtk_widget_get_height (GTK_WIDGET (self)) / self->zoom);
}

const char *
vn_scan_view_get_description (VnScanView *self)
{
  g_return_val_if_fail (VN_IS_SCAN_VIEW (self), NULL);

  return self->description;
}

/* @description: what assistive technologies read, such as "Scan of page 2". */
void
vn_scan_view_set_description (VnScanView *self,
                              const char *description)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;
  g_free (self->description);
  self->description = g_strdup (description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description != NULL ? description : _("Scan"), -1);
  g_object_notify_by_pspec (G_OBJECT (self), _vn_scan_view_properties[PROP_DESCRIPTION]);
}
