/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-view-private.h: what the scan view's files share: vn-scan-view.c (the object, its
 * images and its API), vn-scan-view-geometry.c (where things are, how the view moves),
 * vn-scan-view-draw.c (drawing, for GTK's GL and Cairo renderers), vn-scan-view-input.c
 * (pointer, keys and actions) and vn-tile-pyramid.c (the tiles, built in a worker). */
#pragma once

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vn-scan-view.h"

G_BEGIN_DECLS

#define TILE_SIZE        512
#define MAX_LEVELS       16
#define PAGE_MARGIN      24.0   /* logical px of background kept around the page */
#define ZOOM_MIN         0.01
#define ZOOM_MAX         16.0
#define ZOOM_STEP        1.25
#define REVEAL_ZOOM_MAX  2.0
#define FOLLOW_READABLE_HEIGHT 10.0  /* logical px a word must be tall to read at page width */
#define CONTEXT_LINES    2.5    /* box heights above and below that count as the next lines */
#define REVEAL_USEC      (200 * G_TIME_SPAN_MILLISECOND)
#define WHEEL_STEP       64.0   /* logical px panned per wheel notch */
#define BOX_PAD          2.0    /* logical px between a word's ink and its outline */
#define BOX_FULL_WEIGHT_HEIGHT 24.f  /* logical px a word must be tall for full-weight lines */
#define BOX_ROUND_MIN_HEIGHT 10.f  /* logical px an outline must be tall for rounded corners */
#define BOX_MIN_FILL_ALPHA   (4.f / 255)  /* fainter tints move no channel by a visible step */
#define DASH_ON          4.0
#define DASH_OFF         3.0

typedef enum
{
  FIT_NONE,
  FIT_PAGE,
  FIT_WIDTH,
} FitMode;

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_BAND,
} DragMode;

/* How a state is drawn; the palettes give only the hue. */
typedef struct
{
  float    fill_alpha;
  float    line_alpha;
  float    line_width;
  gboolean dashed;
} BoxStyle;

typedef struct
{
  int          width, height;
  guint        n_columns, n_rows;
  GdkTexture **tiles;   /* row-major; filled by the worker before the level is marked ready */
  cairo_surface_t **surfaces;   /* the tiles as Cairo draws them, made on first use; main thread */
  gboolean     ready;   /* main thread only */
} ScanLevel;

/* Level 0 is the whole image; each next level is half the size of the one before. */
typedef struct
{
  gatomicrefcount ref_count;
  guint           n_levels;
  guint           n_ready;   /* main thread only; levels become ready coarsest first */
  ScanLevel       levels[MAX_LEVELS];
} TilePyramid;

/* How one box is drawn in this frame. */
typedef struct
{
  graphene_rect_t rect;   /* widget coordinates, padded around the word */
  GdkRGBA         fill;
  GdkRGBA         line;
  float           line_width;
  gboolean        dashed;
} BoxLook;

struct _VnScanView
{
  GtkWidget     parent_instance;

  TilePyramid  *image;
  TilePyramid  *alternate;
  GCancellable *image_cancellable;
  GCancellable *alternate_cancellable;
  int           page_width;
  int           page_height;

  GArray       *boxes;       /* of VnScanBox */
  GArray       *box_looks;   /* of BoxLook: scratch space for each frame */
  GHashTable   *box_index;   /* id → index in boxes */
  int           selected_box;
  int           hovered_box;

  double        zoom;
  double        center_x;    /* image point shown at the centre of the widget */
  double        center_y;
  FitMode       fit_mode;
  gboolean      fit_by_user;   /* the fit was the user's choice, not a new page's */
  int           pending_reveal;
  gboolean      pending_follow;  /* the pending reveal is a follow */
  double        follow_zoom;   /* the last zoom not a fit: the editor's, kept across pages */

  guint         tick_id;
  gint64        anim_start;
  double        from_zoom, from_x, from_y;
  double        to_zoom, to_x, to_y;

  DragMode      drag_mode;
  gboolean      drag_moved;
  guint         drag_button;
  double        drag_x, drag_y;          /* where the drag began, widget coordinates */
  double        drag_center_x, drag_center_y;
  graphene_rect_t band;                  /* rubber band, widget coordinates */
  gboolean      pointer_inside;
  double        pointer_x, pointer_y;
  double        pinch_zoom;
  double        pinch_x, pinch_y;        /* image point under the fingers */

  char         *description;
  guint         show_alternate : 1;
  guint         colorblind_safe : 1;
  guint         ready : 1;
};

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_SHOW_ALTERNATE,
  PROP_COLORBLIND_SAFE,
  PROP_SELECTED_BOX,
  PROP_DESCRIPTION,
  PROP_READY,
  N_PROPS
};

enum {
  BOX_ACTIVATED,
  REGION_SELECTED,
  N_SIGNALS
};

extern GParamSpec *_vn_scan_view_properties[N_PROPS];
extern guint _vn_scan_view_signals[N_SIGNALS];

/* vn-scan-view.c */
void           _vn_scan_view_level_ready (VnScanView       *self,
                                          TilePyramid      *pyramid,
                                          guint            level);

/* vn-tile-pyramid.c */
TilePyramid *  _vn_scan_view_start_build (VnScanView       *self,
                                          VnPageImage      *image,
                                          GCancellable     **cancellable);
TilePyramid *  _vn_scan_view_tile_pyramid_new (int              width,
                                               int              height);
TilePyramid *  _vn_scan_view_tile_pyramid_ref (TilePyramid      *pyramid);
void           _vn_scan_view_tile_pyramid_unref (TilePyramid      *pyramid);
gboolean       _vn_scan_view_tile_pyramid_is_complete (const TilePyramid *pyramid);
int            _vn_scan_view_tile_pyramid_pick_level (const TilePyramid *pyramid,
                                                      double           device_zoom);

/* vn-scan-view-geometry.c */
gboolean       _vn_scan_view_has_page (VnScanView       *self);
gboolean       _vn_scan_view_is_allocated (VnScanView       *self);
double         _vn_scan_view_get_min_zoom (VnScanView       *self);
void           _vn_scan_view_get_origin (VnScanView       *self,
                                         double           *x,
                                         double           *y);
void           _vn_scan_view_widget_to_image (VnScanView       *self,
                                              double           x,
                                              double           y,
                                              double           *image_x,
                                              double           *image_y);
graphene_rect_t _vn_scan_view_box_to_widget (VnScanView       *self,
                                             const VnBox      *box);
const VnScanBox * _vn_scan_view_find_box (VnScanView       *self,
                                          int              id);
void           _vn_scan_view_scan_box_clear (VnScanBox        *box);
void           _vn_scan_view_update_accessible_description (VnScanView       *self);
void           _vn_scan_view_update_actions (VnScanView       *self);
void           _vn_scan_view_set_hovered_box (VnScanView       *self,
                                              int              id);
void           _vn_scan_view_update_hover (VnScanView       *self);
void           _vn_scan_view_set_view (VnScanView       *self,
                                       double           zoom,
                                       double           center_x,
                                       double           center_y);
void           _vn_scan_view_zoom_around (VnScanView       *self,
                                          double           zoom,
                                          double           x,
                                          double           y);
void           _vn_scan_view_zoom_around_center (VnScanView       *self,
                                                 double           zoom);
void           _vn_scan_view_pan_by (VnScanView       *self,
                                     double           dx,
                                     double           dy);
void           _vn_scan_view_apply_fit (VnScanView       *self);
void           _vn_scan_view_stop_animation (VnScanView       *self);
void           _vn_scan_view_begin_user_zoom (VnScanView       *self);
double         _vn_scan_view_reveal_now (VnScanView       *self,
                                         const VnScanBox  *scan_box,
                                         gboolean         animate);
void           _vn_scan_view_follow_now (VnScanView       *self,
                                         const VnScanBox  *scan_box,
                                         gboolean         animate);

/* vn-scan-view-draw.c */
const GdkRGBA * _vn_scan_view_get_palette (VnScanView       *self);
void           _vn_scan_view_snapshot (GtkWidget        *widget,
                                       GtkSnapshot      *snapshot);

/* vn-scan-view-input.c */
void           _vn_scan_view_on_motion (GtkEventControllerMotion *controller,
                                        double           x,
                                        double           y,
                                        VnScanView       *self);
void           _vn_scan_view_on_leave (GtkEventControllerMotion *controller,
                                       VnScanView       *self);
gboolean       _vn_scan_view_on_scroll (GtkEventControllerScroll *controller,
                                        double           dx,
                                        double           dy,
                                        VnScanView       *self);
void           _vn_scan_view_on_drag_begin (GtkGestureDrag   *gesture,
                                            double           x,
                                            double           y,
                                            VnScanView       *self);
void           _vn_scan_view_on_drag_update (GtkGestureDrag   *gesture,
                                             double           dx,
                                             double           dy,
                                             VnScanView       *self);
void           _vn_scan_view_on_drag_end (GtkGestureDrag   *gesture,
                                          double           dx,
                                          double           dy,
                                          VnScanView       *self);
void           _vn_scan_view_on_pinch_begin (GtkGesture       *gesture,
                                             GdkEventSequence *sequence,
                                             VnScanView       *self);
void           _vn_scan_view_on_pinch_scale_changed (GtkGestureZoom   *gesture,
                                                     double           scale,
                                                     VnScanView       *self);
gboolean       _vn_scan_view_on_query_tooltip (GtkWidget        *widget,
                                               int              x,
                                               int              y,
                                               gboolean         keyboard_mode,
                                               GtkTooltip       *tooltip,
                                               VnScanView       *self);
void           _vn_scan_view_install_actions (GtkWidgetClass   *widget_class);

G_END_DECLS
