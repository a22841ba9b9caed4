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

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vn-scan-view.h"
#include "vn-texture.h"

#define TILE_SIZE        512
#define MAX_LEVELS       16
#define PAGE_MARGIN      24.0   /* logical px of background kept around the page */
#define ZOOM_MIN         0.01
#define ZOOM_MAX         16.0
#define ZOOM_STEP        1.25
#define REVEAL_ZOOM_MAX  2.0
#define FOLLOW_READABLE_HEIGHT 10.0  /* logical px a word must be tall to read at the page's width */
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

/* ------------------------------------------------------------------ VnBox as a boxed type */

static VnBox *
vn_box_copy (const VnBox *box)
{
  return g_memdup2 (box, sizeof *box);
}

G_DEFINE_BOXED_TYPE (VnBox, vn_box, vn_box_copy, g_free)

/* ------------------------------------------------------------------ tile pyramid */

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

static TilePyramid *
tile_pyramid_new (int width,
                  int height)
{
  TilePyramid *pyramid = g_new0 (TilePyramid, 1);

  g_atomic_ref_count_init (&pyramid->ref_count);
  for (;;)
    {
      ScanLevel *level = &pyramid->levels[pyramid->n_levels++];

      level->width = width;
      level->height = height;
      level->n_columns = (width + TILE_SIZE - 1) / TILE_SIZE;
      level->n_rows = (height + TILE_SIZE - 1) / TILE_SIZE;
      level->tiles = g_new0 (GdkTexture *, level->n_columns * level->n_rows);
      level->surfaces = g_new0 (cairo_surface_t *, level->n_columns * level->n_rows);
      if (MAX (width, height) <= TILE_SIZE || MIN (width, height) < 2 ||
          pyramid->n_levels == MAX_LEVELS)
        break;
      width /= 2;
      height /= 2;
    }
  return pyramid;
}

static TilePyramid *
tile_pyramid_ref (TilePyramid *pyramid)
{
  g_atomic_ref_count_inc (&pyramid->ref_count);
  return pyramid;
}

static void
tile_pyramid_unref (TilePyramid *pyramid)
{
  if (!g_atomic_ref_count_dec (&pyramid->ref_count))
    return;
  for (guint i = 0; i < pyramid->n_levels; i++)
    {
      ScanLevel *level = &pyramid->levels[i];

      for (guint t = 0; t < level->n_columns * level->n_rows; t++)
        {
          g_clear_object (&level->tiles[t]);
          g_clear_pointer (&level->surfaces[t], cairo_surface_destroy);
        }
      g_free (level->tiles);
      g_free (level->surfaces);
    }
  g_free (pyramid);
}

static gboolean
tile_pyramid_is_complete (const TilePyramid *pyramid)
{
  return pyramid->n_ready == pyramid->n_levels;
}

/* The coarsest level at least as fine as @device_zoom (device px per image px), or the
 * nearest ready one while the worker is still busy; -1 when none is ready yet. */
static int
tile_pyramid_pick_level (const TilePyramid *pyramid,
                         double             device_zoom)
{
  guint wanted = 0;

  for (guint i = 1; i < pyramid->n_levels; i++)
    if ((double) pyramid->levels[i].width / pyramid->levels[0].width >= device_zoom * 0.999)
      wanted = i;
  for (guint i = wanted; i < pyramid->n_levels; i++)
    if (pyramid->levels[i].ready)
      return i;
  for (guint i = wanted; i-- > 0;)
    if (pyramid->levels[i].ready)
      return i;
  return -1;
}

static gboolean
cut_level (PIX          *pix,
           ScanLevel    *level,
           GCancellable *cancellable)
{
  for (guint r = 0; r < level->n_rows; r++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      for (guint c = 0; c < level->n_columns; c++)
        {
          int x = c * TILE_SIZE, y = r * TILE_SIZE;

          level->tiles[r * level->n_columns + c] =
            vn_texture_new_for_pix_area (pix, x, y, MIN (TILE_SIZE, level->width - x),
                                         MIN (TILE_SIZE, level->height - y));
        }
    }
  return TRUE;
}

/* Area-mapped halving; the exact size is forced because the pyramid's geometry was fixed
 * in the main thread before the worker started. */
static PIX *
reduce_to_level (PIX             *pix,
                 const ScanLevel *level)
{
  PIX *half = pixScaleAreaMap2 (pix);

  if (half != NULL && pixGetWidth (half) == level->width && pixGetHeight (half) == level->height)
    return half;
  pixDestroy (&half);
  return pixScaleToSize (pix, level->width, level->height);
}

/* Leptonica's reference counts are not atomic, so the clone of the caller's image is made
 * and destroyed in the main thread; the worker only reads its pixels. */
typedef struct
{
  PIX          *pix;        /* a clone, main thread only */
  TilePyramid  *pyramid;
  GWeakRef      view;
  GMainContext *context;
} BuildJob;

static void
build_job_free (BuildJob *job)
{
  g_assert (job->pix == NULL);
  tile_pyramid_unref (job->pyramid);
  g_weak_ref_clear (&job->view);
  g_main_context_unref (job->context);
  g_free (job);
}

typedef struct
{
  GWeakRef     view;
  TilePyramid *pyramid;
  guint        level;
} LevelReady;

static void
level_ready_free (LevelReady *message)
{
  g_weak_ref_clear (&message->view);
  tile_pyramid_unref (message->pyramid);
  g_free (message);
}

static void vn_scan_view_level_ready (VnScanView  *self,
                                      TilePyramid *pyramid,
                                      guint        level);

static gboolean
on_level_ready (gpointer data)
{
  LevelReady *message = data;
  g_autoptr(VnScanView) self = g_weak_ref_get (&message->view);

  if (self != NULL)
    vn_scan_view_level_ready (self, message->pyramid, message->level);
  return G_SOURCE_REMOVE;
}

static void
post_level_ready (BuildJob *job,
                  guint     level)
{
  LevelReady *message = g_new0 (LevelReady, 1);
  g_autoptr(GObject) view = g_weak_ref_get (&job->view);

  g_weak_ref_init (&message->view, view);
  message->pyramid = tile_pyramid_ref (job->pyramid);
  message->level = level;
  /* Not g_main_context_invoke: it runs the callback in this worker thread whenever the
   * main thread is not iterating at that moment, and GTK must only be used from there. */
  {
    GSource *source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, on_level_ready, message, (GDestroyNotify) level_ready_free);
    g_source_attach (source, job->context);
    g_source_unref (source);
  }
}

/* Worker thread: halve down to one tile, then cut and publish the levels coarsest first so
 * that something is on screen within a few milliseconds even for a 600-dpi page. */
static void
build_pyramid_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  BuildJob *job = task_data;
  TilePyramid *pyramid = job->pyramid;
  gboolean grey = pixGetDepth (job->pix) == 8 && pixGetColormap (job->pix) == NULL;
  PIX *levels[MAX_LEVELS] = { grey ? job->pix : pixConvertTo8 (job->pix, FALSE), };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 1; i < pyramid->n_levels && !g_cancellable_is_cancelled (cancellable); i++)
    levels[i] = reduce_to_level (levels[i - 1], &pyramid->levels[i]);
  for (guint i = pyramid->n_levels; i-- > 0;)
    {
      if (levels[i] == NULL || !cut_level (levels[i], &pyramid->levels[i], cancellable))
        break;
      post_level_ready (job, i);
      if (i == pyramid->n_levels - 1)
        g_debug ("First scan level ready after %.0f ms",
                 (g_get_monotonic_time () - start) / 1000.0);
    }
  for (guint i = 1; i < pyramid->n_levels; i++)
    pixDestroy (&levels[i]);
  if (!grey)
    pixDestroy (&levels[0]);
  g_debug ("Scan tiles for %d×%d built in %.0f ms", pyramid->levels[0].width,
           pyramid->levels[0].height, (g_get_monotonic_time () - start) / 1000.0);
  g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------ the widget */

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

G_DEFINE_FINAL_TYPE (VnScanView, vn_scan_view, GTK_TYPE_WIDGET)

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

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ geometry */

static gboolean
has_page (VnScanView *self)
{
  return self->page_width > 0 && self->page_height > 0;
}

static gboolean
is_allocated (VnScanView *self)
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

  if (!has_page (self) || width < 1 || height < 1)
    return 1.0;
  fit_width = width / self->page_width;
  return mode == FIT_WIDTH ? fit_width : MIN (fit_width, height / self->page_height);
}

/* Half the whole-page zoom: zooming further out only shrinks the page into a stamp. */
static double
get_min_zoom (VnScanView *self)
{
  if (!has_page (self) || !is_allocated (self))
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
static void
get_origin (VnScanView *self,
            double     *x,
            double     *y)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double scale = gtk_widget_get_scale_factor (widget);

  *x = round ((gtk_widget_get_width (widget) / 2.0 - self->center_x * self->zoom) * scale) / scale;
  *y = round ((gtk_widget_get_height (widget) / 2.0 - self->center_y * self->zoom) * scale) / scale;
}

static void
widget_to_image (VnScanView *self,
                 double      x,
                 double      y,
                 double     *image_x,
                 double     *image_y)
{
  double origin_x, origin_y;

  get_origin (self, &origin_x, &origin_y);
  *image_x = (x - origin_x) / self->zoom;
  *image_y = (y - origin_y) / self->zoom;
}

static graphene_rect_t
box_to_widget (VnScanView  *self,
               const VnBox *box)
{
  double origin_x, origin_y;

  get_origin (self, &origin_x, &origin_y);
  return GRAPHENE_RECT_INIT (origin_x + box->x * self->zoom, origin_y + box->y * self->zoom,
                             box->w * self->zoom, box->h * self->zoom);
}

/* ------------------------------------------------------------------ boxes */

static const VnScanBox *
find_box (VnScanView *self,
          int         id)
{
  gpointer index;

  if (id < 0 || !g_hash_table_lookup_extended (self->box_index, GUINT_TO_POINTER (id), NULL,
                                               &index))
    return NULL;
  return &g_array_index (self->boxes, VnScanBox, GPOINTER_TO_UINT (index));
}

static void
scan_box_clear (VnScanBox *box)
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

static void
update_accessible_description (VnScanView *self)
{
  const VnScanBox *selected = find_box (self, self->selected_box);
  const VnScanBox *hovered = self->hovered_box != self->selected_box
                             ? find_box (self, self->hovered_box) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (selected != NULL)
    {
      /* TRANSLATORS: "Selected word 3 of 441: Transcription: Верно, OCR: Bepho, OCR disagrees." */
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

  widget_to_image (self, x, y, &image_x, &image_y);
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

static void
update_actions (VnScanView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean page = has_page (self);

  gtk_widget_action_set_enabled (widget, "scan.zoom-in", page && self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (widget, "scan.zoom-out", page && self->zoom > get_min_zoom (self));
  gtk_widget_action_set_enabled (widget, "scan.zoom-fit-width", page);
  gtk_widget_action_set_enabled (widget, "scan.zoom-fit-page", page);
  gtk_widget_action_set_enabled (widget, "scan.zoom-original", page);
  gtk_widget_action_set_enabled (widget, "scan.pan", page);
}

static void
set_hovered_box (VnScanView *self,
                 int         id)
{
  if (self->hovered_box == id)
    return;
  self->hovered_box = id;
  update_accessible_description (self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), id >= 0 ? "pointer" : NULL);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_hover (VnScanView *self)
{
  if (self->pointer_inside && self->drag_mode == DRAG_NONE)
    set_hovered_box (self, vn_scan_view_box_at (self, self->pointer_x, self->pointer_y));
}

/* Every change of zoom or position goes through here. */
static void
set_view (VnScanView *self,
          double      zoom,
          double      center_x,
          double      center_y)
{
  GtkWidget *widget = GTK_WIDGET (self);

  zoom = CLAMP (zoom, get_min_zoom (self), ZOOM_MAX);
  self->center_x = clamp_axis (center_x, gtk_widget_get_width (widget), self->page_width, zoom);
  self->center_y = clamp_axis (center_y, gtk_widget_get_height (widget), self->page_height, zoom);
  /* Once a selection was followed: the zoom the editor works at, for the next pages. */
  if (self->fit_mode == FIT_NONE && self->follow_zoom > 0)
    self->follow_zoom = zoom;
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      update_actions (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  update_hover (self);
  gtk_widget_queue_draw (widget);
}

/* Zooms keeping the image point under (x, y) in widget coordinates where it is. */
static void
zoom_around (VnScanView *self,
             double      zoom,
             double      x,
             double      y)
{
  double dx = x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double dy = y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  double image_x = self->center_x + dx / self->zoom;
  double image_y = self->center_y + dy / self->zoom;

  zoom = CLAMP (zoom, get_min_zoom (self), ZOOM_MAX);
  set_view (self, zoom, image_x - dx / zoom, image_y - dy / zoom);
}

static void
zoom_around_center (VnScanView *self,
                    double      zoom)
{
  zoom_around (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
pan_by (VnScanView *self,
        double      dx,
        double      dy)
{
  set_view (self, self->zoom, self->center_x + dx / self->zoom, self->center_y + dy / self->zoom);
}

static void
apply_fit (VnScanView *self)
{
  if (self->fit_mode == FIT_PAGE)
    set_view (self, get_fit_zoom (self, FIT_PAGE), self->page_width / 2.0,
              self->page_height / 2.0);
  else if (self->fit_mode == FIT_WIDTH)
    set_view (self, get_fit_zoom (self, FIT_WIDTH), self->page_width / 2.0, self->center_y);
}

static void
stop_animation (VnScanView *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
}

/* A user's zoom: animations stop and the fit no longer follows the window's size. */
static void
begin_user_zoom (VnScanView *self)
{
  stop_animation (self);
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
  set_view (self, self->from_zoom * pow (self->to_zoom / self->from_zoom, e),
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

  stop_animation (self);
  if (!animations_enabled (self) || clock == NULL)
    {
      set_view (self, zoom, center_x, center_y);
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
static double
reveal_now (VnScanView      *self,
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
    set_view (self, zoom, center_x, box->y + box->h / 2.0);
  return zoom;
}

/* Whether the box lies inside the view, clear of its edges by a little. */
static gboolean
box_in_view (VnScanView  *self,
             const VnBox *box)
{
  graphene_rect_t rect = box_to_widget (self, box);
  double w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  double margin = MIN (32.0, MIN (w, h) / 8);

  return rect.origin.x >= margin && rect.origin.y >= margin &&
         rect.origin.x + rect.size.width <= w - margin &&
         rect.origin.y + rect.size.height <= h - margin;
}

/* The selection moved to @scan_box: the view keeps its zoom and place while the box is in
 * view, and otherwise moves to it at the same zoom. Only the first time (a page at its fit,
 * no zoom chosen yet) does it zoom in to the box's line, as reveal does; a new page is shown
 * at the zoom the editor was working at. */
static void
follow_now (VnScanView      *self,
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
        set_view (self, self->follow_zoom, center_x, center_y);
      /* Where the page's whole width is readable, that is the zoom to work at. */
      else if (box->h * fit_width >= FOLLOW_READABLE_HEIGHT)
        {
          self->follow_zoom = fit_width;
          set_view (self, fit_width, self->page_width / 2.0, center_y);
        }
      else
        self->follow_zoom = reveal_now (self, scan_box, animate);
      return;
    }
  if (box_in_view (self, box))
    return;
  self->fit_mode = FIT_NONE;
  if (animate)
    animate_to (self, self->zoom, center_x, center_y);
  else
    set_view (self, self->zoom, center_x, center_y);
}

/* ------------------------------------------------------------------ drawing */

static const GdkRGBA *
get_palette (VnScanView *self)
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

  get_origin (self, &origin_x, &origin_y);
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
      tile_pyramid_pick_level (self->alternate, device_zoom) >= 0)
    pyramid = self->alternate;
  if (pyramid == NULL)
    pyramid = self->alternate;
  if (pyramid != NULL)
    level = tile_pyramid_pick_level (pyramid, device_zoom);
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

/* How one box is drawn in this frame. */
typedef struct
{
  graphene_rect_t rect;   /* widget coordinates, padded around the word */
  GdkRGBA         fill;
  GdkRGBA         line;
  float           line_width;
  gboolean        dashed;
} BoxLook;

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
  look->rect = box_to_widget (self, &box->box);
  graphene_rect_inset (&look->rect, -pad, -pad);
  look->fill = look->line = get_palette (self)[box->state];
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
  const VnScanBox *selected = find_box (self, self->selected_box);

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

static void
vn_scan_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  VnScanView *self = VN_SCAN_VIEW (widget);
  cairo_t *cr;
  double origin_x, origin_y;
  graphene_rect_t page;

  if (has_page (self))
    {
      get_origin (self, &origin_x, &origin_y);
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

static void
vn_scan_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  VnScanView *self = VN_SCAN_VIEW (widget);
  const VnScanBox *box;

  if (!has_page (self))
    return;
  if (self->fit_mode != FIT_NONE)
    apply_fit (self);
  else
    set_view (self, self->zoom, self->center_x, self->center_y);
  if ((box = find_box (self, self->pending_reveal)) != NULL)
    {
      stop_animation (self);
      if (self->pending_follow)
        follow_now (self, box, FALSE);
      else
        reveal_now (self, box, FALSE);
      self->pending_reveal = -1;
    }
  update_actions (self);
}

/* ------------------------------------------------------------------ images */

static void
update_ready (VnScanView *self)
{
  gboolean ready = (self->image != NULL || self->alternate != NULL) &&
                   (self->image == NULL || tile_pyramid_is_complete (self->image)) &&
                   (self->alternate == NULL || tile_pyramid_is_complete (self->alternate));

  if (ready == self->ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
vn_scan_view_level_ready (VnScanView  *self,
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
  if (tile_pyramid_pick_level (pyramid, device_zoom) == (int) level)
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

/* In the main thread, whether the build finished or was cancelled. */
static void
on_build_done (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BuildJob *job = g_task_get_task_data (G_TASK (result));

  pixDestroy (&job->pix);
}

/* Starts building the tiles of @pix; returns the pyramid the view draws from. */
static TilePyramid *
start_build (VnScanView    *self,
             PIX           *pix,
             GCancellable **cancellable)
{
  g_autoptr(GTask) task = NULL;
  BuildJob *job = g_new0 (BuildJob, 1);

  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();

  /* A reference, not a copy: copying a 600-dpi page would stall a frame or two. */
  job->pix = pixClone (pix);
  job->pyramid = tile_pyramid_new (pixGetWidth (pix), pixGetHeight (pix));
  g_weak_ref_init (&job->view, self);
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, *cancellable, on_build_done, NULL);
  g_task_set_source_tag (task, start_build);
  g_task_set_task_data (task, job, (GDestroyNotify) build_job_free);
  g_task_run_in_thread (task, build_pyramid_thread);
  return tile_pyramid_ref (job->pyramid);
}

static void
replace_pyramid (VnScanView    *self,
                 TilePyramid  **slot,
                 GCancellable **cancellable,
                 PIX           *pix)
{
  g_cancellable_cancel (*cancellable);
  g_clear_pointer (slot, tile_pyramid_unref);
  if (pix != NULL)
    *slot = start_build (self, pix, cancellable);
}

/**
 * vn_scan_view_set_image:
 * @pix: (nullable): the scan, 8-bit grey (other depths are converted)
 *
 * Shows @pix, fitting the whole page into the view. The view takes a Leptonica reference
 * (pixClone), so the caller may destroy @pix at once but must not change its pixels while
 * the tiles are being built in a worker thread; they appear coarsest first. %NULL clears
 * the view.
 */
void
vn_scan_view_set_image (VnScanView *self,
                        PIX        *pix)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  replace_pyramid (self, &self->image, &self->image_cancellable, pix);
  update_page_size (self);
  set_hovered_box (self, -1);
  stop_animation (self);
  if (!self->fit_by_user || self->fit_mode == FIT_NONE)
    self->fit_mode = FIT_PAGE, self->fit_by_user = FALSE;
  if (has_page (self))
    apply_fit (self);
  update_actions (self);
  update_ready (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * vn_scan_view_set_alternate_image:
 * @pix: (nullable): another rendering of the same page in the same coordinates, such as
 *   the preprocessed image the OCR read; shown while #VnScanView:show-alternate is set
 */
void
vn_scan_view_set_alternate_image (VnScanView *self,
                                  PIX        *pix)
{
  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  replace_pyramid (self, &self->alternate, &self->alternate_cancellable, pix);
  update_page_size (self);
  update_actions (self);
  update_ready (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ input */

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           VnScanView               *self)
{
  self->pointer_inside = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  update_hover (self);
}

static void
on_leave (GtkEventControllerMotion *controller,
          VnScanView               *self)
{
  self->pointer_inside = FALSE;
  set_hovered_box (self, -1);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           VnScanView               *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  double step = wheel ? WHEEL_STEP : 1.0;

  if (!has_page (self))
    return FALSE;
  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy / 100.0);

      begin_user_zoom (self);
      if (self->pointer_inside)
        zoom_around (self, self->zoom * factor, self->pointer_x, self->pointer_y);
      else
        zoom_around_center (self, self->zoom * factor);
      return TRUE;
    }
  stop_animation (self);
  if ((state & GDK_SHIFT_MASK) && dx == 0)
    pan_by (self, dy * step, 0);
  else
    pan_by (self, dx * step, dy * step);
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               VnScanView     *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (!has_page (self) || button > GDK_BUTTON_SECONDARY)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
  stop_animation (self);
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

static void
on_drag_update (GtkGestureDrag *gesture,
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
      set_hovered_box (self, -1);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       self->drag_mode == DRAG_PAN ? "grabbing" : "crosshair");
    }
  if (self->drag_mode == DRAG_PAN)
    set_view (self, self->zoom, self->drag_center_x - dx / self->zoom,
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
  widget_to_image (self, band.origin.x, band.origin.y, &x0, &y0);
  widget_to_image (self, band.origin.x + band.size.width, band.origin.y + band.size.height,
                   &x1, &y1);
  x0 = CLAMP (floor (x0), 0, self->page_width);
  y0 = CLAMP (floor (y0), 0, self->page_height);
  x1 = CLAMP (ceil (x1), 0, self->page_width);
  y1 = CLAMP (ceil (y1), 0, self->page_height);
  *region = (VnBox) { (int) x0, (int) y0, (int) (x1 - x0), (int) (y1 - y0) };
  return region->w > 0 && region->h > 0;
}

static void
on_drag_end (GtkGestureDrag *gesture,
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
    g_signal_emit (self, signals[REGION_SELECTED], 0, &region);
  else if (mode == DRAG_PAN && !self->drag_moved && self->drag_button == GDK_BUTTON_PRIMARY &&
           (id = vn_scan_view_box_at (self, self->drag_x, self->drag_y)) >= 0)
    g_signal_emit (self, signals[BOX_ACTIVATED], 0, (guint) id);
  self->hovered_box = -2;   /* forces the cursor and highlight back */
  update_hover (self);
}

static void
on_pinch_begin (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                VnScanView       *self)
{
  double x, y;

  if (!has_page (self) || !gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    return;
  begin_user_zoom (self);
  self->pinch_zoom = self->zoom;
  widget_to_image (self, x, y, &self->pinch_x, &self->pinch_y);
}

/* The image point that was under the fingers stays under them as they move apart and about. */
static void
on_pinch_scale_changed (GtkGestureZoom *gesture,
                        double          scale,
                        VnScanView     *self)
{
  double x, y, zoom;

  if (!has_page (self) || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;
  zoom = CLAMP (self->pinch_zoom * scale, get_min_zoom (self), ZOOM_MAX);
  set_view (self, zoom,
            self->pinch_x - (x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / zoom,
            self->pinch_y - (y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / zoom);
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  VnScanView *self)
{
  const VnScanBox *box;
  graphene_rect_t rect;

  box = find_box (self, keyboard_mode ? self->selected_box : vn_scan_view_box_at (self, x, y));
  if (box == NULL || box->tooltip == NULL || *box->tooltip == '\0')
    return FALSE;
  rect = box_to_widget (self, &box->box);
  gtk_tooltip_set_text (tooltip, box->tooltip);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { floor (rect.origin.x),
                                                       floor (rect.origin.y),
                                                       ceil (rect.size.width),
                                                       ceil (rect.size.height) });
  return TRUE;
}

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

/* ------------------------------------------------------------------ actions */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  begin_user_zoom (self);
  zoom_around_center (self, self->zoom * ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  begin_user_zoom (self);
  zoom_around_center (self, self->zoom / ZOOM_STEP);
}

static void
zoom_original_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  begin_user_zoom (self);
  zoom_around_center (self, 1.0);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  begin_user_zoom (self);
  self->fit_mode = g_str_equal (action_name, "scan.zoom-fit-width") ? FIT_WIDTH : FIT_PAGE;
  self->fit_by_user = TRUE;
  apply_fit (self);
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
  stop_animation (self);
  pan_by (self, fx * gtk_widget_get_width (widget), fy * gtk_widget_get_height (widget));
}

static void
activate_selected_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  VnScanView *self = VN_SCAN_VIEW (widget);

  if (find_box (self, self->selected_box) != NULL)
    g_signal_emit (self, signals[BOX_ACTIVATED], 0, (guint) self->selected_box);
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

static void
install_actions (GtkWidgetClass *widget_class)
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

/* ------------------------------------------------------------------ GObject */

static void
vn_scan_view_dispose (GObject *object)
{
  VnScanView *self = VN_SCAN_VIEW (object);

  stop_animation (self);
  g_cancellable_cancel (self->image_cancellable);
  g_cancellable_cancel (self->alternate_cancellable);
  g_clear_object (&self->image_cancellable);
  g_clear_object (&self->alternate_cancellable);
  g_clear_pointer (&self->image, tile_pyramid_unref);
  g_clear_pointer (&self->alternate, tile_pyramid_unref);

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
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_ALTERNATE] =
    g_param_spec_boolean ("show-alternate", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLORBLIND_SAFE] =
    g_param_spec_boolean ("colorblind-safe", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_BOX] =
    g_param_spec_int ("selected-box", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_signals (GObjectClass *object_class)
{
  /* A box was clicked, or Return was pressed on the selected one. The view does not select
   * it: the caller decides, and sets #VnScanView:selected-box. */
  signals[BOX_ACTIVATED] =
    g_signal_new ("box-activated", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* A rubber band was drawn (Shift+drag or secondary-button drag); image pixels. */
  signals[REGION_SELECTED] =
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

  widget_class->snapshot = vn_scan_view_snapshot;
  widget_class->measure = vn_scan_view_measure;
  widget_class->size_allocate = vn_scan_view_size_allocate;
  widget_class->state_flags_changed = vn_scan_view_state_flags_changed;

  install_properties (object_class);
  install_signals (object_class);
  install_actions (widget_class);

  gtk_widget_class_set_css_name (widget_class, "scanview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
add_pointer_controllers (VnScanView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll =
    gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

static void
add_gestures (VnScanView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));
}

static void
vn_scan_view_init (VnScanView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->boxes = g_array_new (FALSE, FALSE, sizeof (VnScanBox));
  g_array_set_clear_func (self->boxes, (GDestroyNotify) scan_box_clear);
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
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  add_pointer_controllers (self);
  add_gestures (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Scan"),
                                  -1);
  update_actions (self);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ALTERNATE]);
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
  update_hover (self);
  update_accessible_description (self);
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

  box = (VnScanBox *) find_box (self, id);
  g_return_if_fail (box != NULL);
  if (box->state == state)
    return;
  box->state = state;
  update_accessible_description (self);
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
  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BOX]);
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

  box = find_box (self, id);
  g_return_if_fail (box != NULL);
  self->fit_mode = FIT_NONE;
  self->pending_follow = FALSE;
  if (!is_allocated (self) || !has_page (self))
    {
      self->pending_reveal = id;
      return;
    }
  self->pending_reveal = -1;
  reveal_now (self, box, TRUE);
}

/**
 * vn_scan_view_follow_box:
 *
 * Shows the box the selection moved to, disturbing the view as little as it can: nothing
 * moves while the box is in view; otherwise the view moves to it at the same zoom. The first
 * box followed on a page at its fit is shown at the page's width where its words are readable
 * there, else revealed (see vn_scan_view_reveal_box); that zoom is kept for the next pages. Before the view has a page and a size, it is done as
 * soon as it has them.
 */
void
vn_scan_view_follow_box (VnScanView *self,
                         guint       id)
{
  const VnScanBox *box;

  g_return_if_fail (VN_IS_SCAN_VIEW (self));

  box = find_box (self, id);
  g_return_if_fail (box != NULL);
  if (!is_allocated (self) || !has_page (self))
    {
      self->pending_reveal = id;
      self->pending_follow = TRUE;
      return;
    }
  self->pending_reveal = -1;
  follow_now (self, box, TRUE);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLORBLIND_SAFE]);
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

  return &get_palette (self)[state];
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

  begin_user_zoom (self);
  zoom_around_center (self, zoom);
}

/* The part of the image in view, in image pixels; it may reach beyond the page. */
void
vn_scan_view_get_visible_area (VnScanView      *self,
                               graphene_rect_t *area)
{
  double x0, y0;

  g_return_if_fail (VN_IS_SCAN_VIEW (self));
  g_return_if_fail (area != NULL);

  widget_to_image (self, 0, 0, &x0, &y0);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}
