/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scan-view.c: the scan view on the letter's first page, with its real OCR words and
 * discrepancies, in a window on a (virtual) display: fitting, zooming, revealing a box,
 * hit-testing, palettes, what it draws, and how fast it draws a 600-dpi page. */
#include <math.h>

#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <dlfcn.h>
#include <gdk/x11/gdkx.h>
#include <X11/keysym.h>
#endif

#include "vn-scan-view.h"
#include "vn-spell-checker.h"
#include "vn-test-util.h"

#define WINDOW_WIDTH  900
#define WINDOW_HEIGHT 700
#define SCREENSHOT    "/tmp/scan-view.png"

static void
pix_destroy (PIX *pix)
{
  pixDestroy (&pix);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIX, pix_destroy)

/* ------------------------------------------------------------------ the letter's boxes */

static gboolean
boxes_overlap (const VnBox *a,
               const VnBox *b)
{
  return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static VnBoxState
state_of_word (const VnOcrWord *word,
               VnCollation     *collation)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);
      VnBox bbox = vn_discrepancy_get_bbox (d);

      if (vn_discrepancy_get_page (d) == 0 && boxes_overlap (&bbox, &word->box))
        return VN_BOX_DISAGREES;
    }
  return word->confidence < 60 ? VN_BOX_LOW_CONFIDENCE : VN_BOX_AGREES;
}

static void
scan_box_clear (VnScanBox *box)
{
  g_free (box->tooltip);
}

/* Page 1's OCR words (read once, then from the build tree's cache), coloured by collation. */
static GArray *
letter_boxes (void)
{
  static GArray *boxes;
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(VnSpellChecker) spell = NULL;
  g_autoptr(VnCollation) collation = NULL;
  VnOcrPage *page;

  if (boxes != NULL)
    return boxes;
  pages = vn_test_ocr_letter (&project);
  spell = vn_spell_checker_new ();
  collation = vn_collation_new (vn_project_get_transcription (project), pages, spell);
  page = g_ptr_array_index (pages, 0);
  boxes = g_array_new (FALSE, TRUE, sizeof (VnScanBox));
  g_array_set_clear_func (boxes, (GDestroyNotify) scan_box_clear);
  for (guint i = 0; i < vn_ocr_page_get_n_words (page); i++)
    {
      const VnOcrWord *word = vn_ocr_page_get_word (page, i);
      VnScanBox box = { word->box, state_of_word (word, collation), 1000 + i, NULL };

      box.tooltip = g_strdup_printf ("“%s”, confidence %.0f%%", word->text, word->confidence);
      g_array_append_val (boxes, box);
    }
  return boxes;
}

static guint
count_state (GArray     *boxes,
             VnBoxState  state)
{
  guint n = 0;

  for (guint i = 0; i < boxes->len; i++)
    n += g_array_index (boxes, VnScanBox, i).state == state;
  return n;
}

/* ------------------------------------------------------------------ the window */

typedef struct
{
  GtkWidget  *window;
  VnScanView *view;
  int         page_width;
  int         page_height;
} Fixture;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @done says so, or fails after @timeout_ms. */
static void
wait_until (gboolean (*done) (Fixture *), Fixture *fixture, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  guint source = g_timeout_add (5, wake_up, NULL);

  while (!done (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (source);
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  guint source = g_timeout_add (5, wake_up, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
}

static gboolean
is_shown (Fixture *fixture)
{
  return gtk_widget_get_mapped (GTK_WIDGET (fixture->view)) &&
         gtk_widget_get_width (GTK_WIDGET (fixture->view)) > 0;
}

static gboolean
is_ready (Fixture *fixture)
{
  return vn_scan_view_is_ready (fixture->view);
}

static void
fixture_show (Fixture *fixture,
              PIX     *pix)
{
  fixture->window = gtk_window_new ();
  fixture->view = VN_SCAN_VIEW (vn_scan_view_new ());
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WINDOW_WIDTH, WINDOW_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_until (is_shown, fixture, 10000);
  if (pix == NULL)
    return;
  fixture->page_width = pixGetWidth (pix);
  fixture->page_height = pixGetHeight (pix);
  {
    g_autoptr(VnPageImage) image = vn_page_image_new_for_pix (pixClone (pix), 300);
    vn_scan_view_set_image (fixture->view, image);
  }
  wait_until (is_ready, fixture, 30000);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_autoptr(PIX) pix = pixRead (path);
  GArray *boxes = letter_boxes ();

  g_assert_nonnull (pix);
  fixture_show (fixture, pix);
  vn_scan_view_set_boxes (fixture->view, (VnScanBox *) boxes->data, boxes->len);
  vn_scan_view_set_description (fixture->view, "Scan of page 1");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
}

/* ------------------------------------------------------------------ geometry helpers */

static gboolean
area_contains_box (const graphene_rect_t *area,
                   const VnBox           *box)
{
  /* Not graphene_rect_contains_rect (): it compares a float union for equality. */
  return box->x >= area->origin.x && box->y >= area->origin.y &&
         box->x + box->w <= area->origin.x + area->size.width &&
         box->y + box->h <= area->origin.y + area->size.height;
}

static void
image_to_widget (Fixture *fixture,
                 double   image_x,
                 double   image_y,
                 double  *x,
                 double  *y)
{
  graphene_rect_t area;
  double zoom = vn_scan_view_get_zoom (fixture->view);

  vn_scan_view_get_visible_area (fixture->view, &area);
  *x = (image_x - area.origin.x) * zoom;
  *y = (image_y - area.origin.y) * zoom;
}

/* The disagreeing box nearest the middle of the page, so that it has words on both sides. */
static const VnScanBox *
middle_disagreement (Fixture *fixture)
{
  GArray *boxes = letter_boxes ();
  const VnScanBox *best = NULL;
  double best_distance = G_MAXDOUBLE;

  for (guint i = 0; i < boxes->len; i++)
    {
      const VnScanBox *b = &g_array_index (boxes, VnScanBox, i);
      double d = hypot (b->box.x + b->box.w / 2.0 - fixture->page_width / 2.0,
                        b->box.y + b->box.h / 2.0 - fixture->page_height / 2.0);

      if (b->state == VN_BOX_DISAGREES && d < best_distance)
        {
          best = b;
          best_distance = d;
        }
    }
  g_assert_nonnull (best);
  return best;
}

/* Waits for an animation (200 ms) to settle: no zoom change for 150 ms after 300 ms. */
static void
wait_for_animation (Fixture *fixture)
{
  double zoom = -1;
  gint64 deadline = g_get_monotonic_time () + 3 * G_TIME_SPAN_SECOND;

  spin (300);
  while (zoom != vn_scan_view_get_zoom (fixture->view))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      zoom = vn_scan_view_get_zoom (fixture->view);
      spin (150);
    }
}

/* ------------------------------------------------------------------ rendering */

static void
on_painted (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

/* Lets the window paint a frame, so that it has a render node to snapshot. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_painted), &painted);
  guint source = g_timeout_add (5, wake_up, NULL);

  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  g_source_remove (source);
}

static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  wait_for_frame (widget);
  paintable = gtk_widget_paintable_new (widget);   /* it holds the last frame's nodes */
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

typedef struct
{
  int     width, height;
  guchar *data;   /* cairo ARGB32: B, G, R, A in memory on little-endian */
} Pixels;

static Pixels
download (GdkTexture *texture)
{
  Pixels p = { gdk_texture_get_width (texture), gdk_texture_get_height (texture), NULL };

  p.data = g_malloc ((gsize) p.width * p.height * 4);
  gdk_texture_download (texture, p.data, (gsize) p.width * 4);
  return p;
}

static gboolean
near_color (const guchar  *bgra,
            const GdkRGBA *color,
            int            tolerance)
{
  return abs (bgra[2] - (int) (color->red * 255)) <= tolerance &&
         abs (bgra[1] - (int) (color->green * 255)) <= tolerance &&
         abs (bgra[0] - (int) (color->blue * 255)) <= tolerance;
}

static void
count_pixels (const Pixels  *p,
              const GdkRGBA *color,
              guint         *dark,
              guint         *colored)
{
  *dark = *colored = 0;
  for (gsize i = 0; i < (gsize) p->width * p->height; i++)
    {
      const guchar *px = p->data + i * 4;

      int low = MIN (px[0], MIN (px[1], px[2])), high = MAX (px[0], MAX (px[1], px[2]));

      /* Grey ink: well below the paper (about 235), neither tinted by a box nor coloured. */
      *dark += high < 160 && high - low < 16;
      *colored += near_color (px, color, 40);
    }
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *path)
{
  g_autoptr(GdkTexture) texture = render (widget);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* ------------------------------------------------------------------ tests */

static void
test_fit_page (Fixture       *fixture,
               gconstpointer  data)
{
  graphene_rect_t area;
  VnBox page = { 0, 0, fixture->page_width, fixture->page_height };
  double zoom = vn_scan_view_get_zoom (fixture->view);

  vn_scan_view_get_visible_area (fixture->view, &area);
  g_assert_true (area_contains_box (&area, &page));
  /* Fitted, not merely small: the page fills one of the view's dimensions but for margins. */
  g_assert_cmpfloat (page.h * zoom, >, WINDOW_HEIGHT - 60);
  g_assert_cmpfloat (page.h * zoom, <=, WINDOW_HEIGHT);
  g_assert_cmpstr (vn_scan_view_get_description (fixture->view), ==, "Scan of page 1");
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (fixture->view)));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (fixture->view)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
}

static void
test_zoom_actions (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);
  double fitted = vn_scan_view_get_zoom (fixture->view);
  graphene_rect_t area;

  g_assert_true (gtk_widget_activate_action (view, "scan.zoom-in", NULL));
  g_assert_cmpfloat (vn_scan_view_get_zoom (fixture->view), >, fitted);
  g_assert_true (gtk_widget_activate_action (view, "scan.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (vn_scan_view_get_zoom (fixture->view), fitted, 1e-9);

  g_assert_true (gtk_widget_activate_action (view, "scan.zoom-original", NULL));
  g_assert_cmpfloat (vn_scan_view_get_zoom (fixture->view), ==, 1.0);
  vn_scan_view_get_visible_area (fixture->view, &area);
  g_assert_cmpfloat_with_epsilon (area.size.width, WINDOW_WIDTH, 1);

  g_assert_true (gtk_widget_activate_action (view, "scan.zoom-fit-width", NULL));
  vn_scan_view_get_visible_area (fixture->view, &area);
  g_assert_cmpfloat (area.origin.x, <, 0);
  g_assert_cmpfloat (area.origin.x + area.size.width, >, fixture->page_width);
  g_assert_cmpfloat (area.size.width, <, fixture->page_width * 1.1);
  g_assert_cmpfloat (area.size.height, <, fixture->page_height);

  /* Fit follows the window; it is the user's zoom that stops it. */
  gtk_widget_activate_action (view, "scan.zoom-fit-page", NULL);
  g_assert_cmpfloat_with_epsilon (vn_scan_view_get_zoom (fixture->view), fitted, 1e-9);
  g_object_set (fixture->view, "zoom", 0.5, NULL);
  g_assert_cmpfloat (vn_scan_view_get_zoom (fixture->view), ==, 0.5);
}

/* The shortcuts installed with gtk_widget_class_add_binding_action. */
static GListModel *
class_shortcuts (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (controller) &&
          g_list_model_get_n_items (G_LIST_MODEL (controller)) > 0)
        return G_LIST_MODEL (g_steal_pointer (&controller));
    }
  g_assert_not_reached ();
}

static void
test_key_bindings (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct { const char *trigger, *action; } expected[] = {
    { "plus", "scan.zoom-in" },
    { "equal", "scan.zoom-in" },
    { "KP_Add", "scan.zoom-in" },
    { "minus", "scan.zoom-out" },
    { "KP_Subtract", "scan.zoom-out" },
    { "<Control>0", "scan.zoom-fit-page" },
    { "<Control>1", "scan.zoom-original" },
    { "<Control>2", "scan.zoom-fit-width" },
    { "Return", "scan.activate-selected" },
  };
  g_autoptr(GListModel) shortcuts = class_shortcuts (GTK_WIDGET (fixture->view));

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (shortcuts) && !found; i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);
          GtkShortcutTrigger *shortcut_trigger = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (shortcut_trigger);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          found = g_str_equal (trigger, expected[e].trigger) && GTK_IS_NAMED_ACTION (action) &&
                  g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                               expected[e].action);
        }
      g_test_message ("%s → %s", expected[e].trigger, expected[e].action);
      g_assert_true (found);
    }
}

/* Marks the agreeing words just before @box as edited and verified, to see every state. */
static void
mark_neighbours (Fixture         *fixture,
                 const VnScanBox *box)
{
  GArray *boxes = letter_boxes ();
  guint index = box->id - 1000;

  g_assert_cmpuint (index, >=, 3);
  vn_scan_view_update_box_state (fixture->view, g_array_index (boxes, VnScanBox, index - 2).id,
                                 VN_BOX_EDITED);
  vn_scan_view_update_box_state (fixture->view, g_array_index (boxes, VnScanBox, index - 3).id,
                                 VN_BOX_VERIFIED);
}

static void
test_reveal_box (Fixture       *fixture,
                 gconstpointer  data)
{
  const VnScanBox *box = middle_disagreement (fixture);
  graphene_rect_t area;
  graphene_point_t center;
  double zoom;

  mark_neighbours (fixture, box);
  vn_scan_view_set_selected_box (fixture->view, box->id);
  vn_scan_view_reveal_box (fixture->view, box->id);
  wait_for_animation (fixture);

  zoom = vn_scan_view_get_zoom (fixture->view);
  vn_scan_view_get_visible_area (fixture->view, &area);
  graphene_rect_get_center (&area, &center);
  g_test_message ("revealed “%s” at %.0f%%", box->tooltip, zoom * 100);
  g_assert_cmpfloat (zoom, <=, 2.0);
  g_assert_cmpfloat (zoom, >, 0.3);   /* a line of type across 900 px */
  g_assert_true (area_contains_box (&area, &box->box));
  g_assert_cmpfloat (fabs (center.y - (box->box.y + box->box.h / 2.0)), <, 2);
  g_assert_cmpfloat (fabs (center.x - (box->box.x + box->box.w / 2.0)), <, area.size.width / 4);
  save_screenshot (fixture->window, "/tmp/scan-view-revealed.png");
}

/* The window asks the view to follow the current word before the page is decoded (the page
 * cache decodes it in a thread): the word is followed as soon as the page arrives, not left
 * at the page's fit until something resizes the view. */
static void
test_follow_before_page (void)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_autoptr(PIX) pix = pixRead (path);
  g_autoptr(VnPageImage) image = NULL;
  Fixture fixture = { 0 };
  const VnScanBox *box;
  GArray *boxes = letter_boxes ();
  graphene_rect_t area;

  fixture_show (&fixture, NULL);
  vn_scan_view_set_boxes (fixture.view, (VnScanBox *) boxes->data, boxes->len);
  fixture.page_width = pixGetWidth (pix);
  fixture.page_height = pixGetHeight (pix);
  box = middle_disagreement (&fixture);
  vn_scan_view_follow_box (fixture.view, box->id);
  image = vn_page_image_new_for_pix (pixClone (pix), 300);
  vn_scan_view_set_image (fixture.view, image);
  /* At once, with no new allocation in between. */
  vn_scan_view_get_visible_area (fixture.view, &area);
  g_test_message ("followed “%s” at %.0f%%", box->tooltip, vn_scan_view_get_zoom (fixture.view) * 100);
  g_assert_true (area_contains_box (&area, &box->box));
  g_assert_cmpfloat (fixture.page_height * vn_scan_view_get_zoom (fixture.view), >, WINDOW_HEIGHT);
  gtk_window_destroy (GTK_WINDOW (fixture.window));
}

static void
on_box_activated (VnScanView *view,
                  guint       id,
                  int        *activated)
{
  *activated = id;
}

static void
test_hit_and_activate (Fixture       *fixture,
                       gconstpointer  data)
{
  const VnScanBox *box = middle_disagreement (fixture);
  int activated = -1;
  double x, y;

  vn_scan_view_reveal_box (fixture->view, box->id);
  wait_for_animation (fixture);
  image_to_widget (fixture, box->box.x + box->box.w / 2.0, box->box.y + box->box.h / 2.0, &x, &y);
  g_assert_cmpint (vn_scan_view_box_at (fixture->view, x, y), ==, box->id);
  vn_scan_view_set_zoom (fixture->view, 0.25);
  image_to_widget (fixture, 40, 40, &x, &y);   /* the top-left margin of the paper */
  g_assert_cmpint (vn_scan_view_box_at (fixture->view, x, y), ==, -1);

  /* A click ends in the same signal as Return on the selected box. */
  g_signal_connect (fixture->view, "box-activated", G_CALLBACK (on_box_activated), &activated);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "scan.activate-selected", NULL);
  g_assert_cmpint (activated, ==, -1);
  vn_scan_view_set_selected_box (fixture->view, box->id);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "scan.activate-selected", NULL);
  g_assert_cmpint (activated, ==, box->id);
}

static void
test_palettes (Fixture       *fixture,
               gconstpointer  data)
{
  GdkRGBA plain[VN_BOX_N_STATES], safe[VN_BOX_N_STATES];
  static const GdkRGBA vermillion = { 213 / 255.f, 94 / 255.f, 0, 1 };

  for (VnBoxState s = 0; s < VN_BOX_N_STATES; s++)
    plain[s] = *vn_scan_view_get_state_color (fixture->view, s);
  g_object_set (fixture->view, "colorblind-safe", TRUE, NULL);
  for (VnBoxState s = 0; s < VN_BOX_N_STATES; s++)
    {
      safe[s] = *vn_scan_view_get_state_color (fixture->view, s);
      g_assert_false (gdk_rgba_equal (&plain[s], &safe[s]));
      for (VnBoxState t = 0; t < s; t++)
        g_assert_false (gdk_rgba_equal (&safe[t], &safe[s]));
    }
  g_assert_cmpfloat_with_epsilon (safe[VN_BOX_DISAGREES].red, vermillion.red, 0.01);
  g_assert_cmpfloat_with_epsilon (safe[VN_BOX_DISAGREES].green, vermillion.green, 0.01);
  mark_neighbours (fixture, middle_disagreement (fixture));
  vn_scan_view_reveal_box (fixture->view, middle_disagreement (fixture)->id);
  wait_for_animation (fixture);
  save_screenshot (fixture->window, "/tmp/scan-view-colorblind.png");
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GdkTexture) texture = NULL;
  const GdkRGBA *disagrees = vn_scan_view_get_state_color (fixture->view, VN_BOX_DISAGREES);
  g_autofree guchar *bytes = NULL;
  Pixels pixels;
  guint dark, colored;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));

  g_test_message ("renderer: %s", G_OBJECT_TYPE_NAME (renderer));
  texture = render (fixture->window);
  g_assert_true (gdk_texture_save_to_png (texture, SCREENSHOT));
  pixels = download (texture);
  bytes = pixels.data;
  count_pixels (&pixels, disagrees, &dark, &colored);
  g_test_message ("%s: %d×%d, %u ink pixels, %u in the disagreement colour; %u boxes, %u disagree",
                  SCREENSHOT, pixels.width, pixels.height, dark, colored, letter_boxes ()->len,
                  count_state (letter_boxes (), VN_BOX_DISAGREES));
  g_assert_cmpint (pixels.width, ==, WINDOW_WIDTH);
  g_assert_cmpuint (dark, >, 500);
  g_assert_cmpuint (colored, >, 50);
}

static guint
luminance_at (const Pixels *p,
              int           x,
              int           y)
{
  const guchar *px = p->data + ((gsize) y * p->width + x) * 4;

  return (px[0] + px[1] + px[2]) / 3;
}

/* The background follows the theme; the scan stays a scan. */
static void
test_dark_theme (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autoptr(GdkTexture) light = NULL, dark = NULL;
  g_autofree guchar *light_data = NULL, *dark_data = NULL;
  Pixels l, d;
  graphene_rect_t area;
  double x, y;

  vn_scan_view_get_visible_area (fixture->view, &area);
  image_to_widget (fixture, fixture->page_width / 2.0, 150, &x, &y);  /* paper above the text */
  light = render (fixture->window);
  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  dark = render (fixture->window);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  g_assert_true (gdk_texture_save_to_png (dark, "/tmp/scan-view-dark.png"));
  l = download (light);
  d = download (dark);
  light_data = l.data;
  dark_data = d.data;
  g_test_message ("background %u → %u, paper %u → %u", luminance_at (&l, 4, 4),
                  luminance_at (&d, 4, 4), luminance_at (&l, x, y), luminance_at (&d, x, y));
  g_assert_cmpuint (luminance_at (&d, 4, 4) + 100, <, luminance_at (&l, 4, 4));
  g_assert_cmpuint (luminance_at (&d, x, y), ==, luminance_at (&l, x, y));
}

/* A keyboard user sees where the focus is. */
static void
test_focus_ring (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GdkTexture) before = NULL, after = NULL;
  g_autofree guchar *before_data = NULL, *after_data = NULL;
  Pixels a, b;
  const guchar *edge;

  before = render (fixture->window);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->view));
  gtk_window_set_focus_visible (GTK_WINDOW (fixture->window), TRUE);
  g_assert_true (gtk_widget_has_visible_focus (GTK_WIDGET (fixture->view)));
  after = render (fixture->window);
  a = download (before);
  b = download (after);
  before_data = a.data;
  after_data = b.data;
  edge = b.data + ((gsize) (WINDOW_HEIGHT / 2) * b.width + 1) * 4;
  g_assert_cmpmem (a.data + ((gsize) (WINDOW_HEIGHT / 2) * a.width + 100) * 4, 4,
                   b.data + ((gsize) (WINDOW_HEIGHT / 2) * b.width + 100) * 4, 4);
  g_assert_cmpint (edge[0], >, edge[2] + 30);   /* blue over red: the accent colour */
}

static void
test_alternate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_autoptr(PIX) scan = pixRead (path);
  g_autoptr(PIX) binary = pixConvertTo1 (scan, 170);
  g_autoptr(PIX) cleaned = pixConvert1To8 (NULL, binary, 255, 0);
  g_autoptr(GdkTexture) before = NULL, after = NULL;
  g_autofree guchar *before_data = NULL, *after_data = NULL;
  Pixels a, b;
  guint differ = 0;

  g_autoptr(VnPageImage) cleaned_image = vn_page_image_new_for_pix (pixClone (cleaned), 300);
  vn_scan_view_set_alternate_image (fixture->view, cleaned_image);
  wait_until (is_ready, fixture, 30000);
  before = render (fixture->window);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "scan.show-alternate", NULL);
  g_assert_true (vn_scan_view_get_show_alternate (fixture->view));
  after = render (fixture->window);
  a = download (before);
  b = download (after);
  before_data = a.data;
  after_data = b.data;
  for (gsize i = 0; i < (gsize) a.width * a.height * 4; i++)
    differ += a.data[i] != b.data[i];
  g_assert_cmpuint (differ, >, 10000);
}

/* ------------------------------------------------------------------ real pointer and keys */

#ifdef GDK_WINDOWING_X11

/* XTest, loaded at run time: Debian ships libXtst6 without its headers. */
typedef struct
{
  Display *display;
  Window   window;
  double   surface_x, surface_y;   /* the window widget's origin in its X window */
  int    (*motion) (Display *, int, int, int, unsigned long);
  int    (*button) (Display *, unsigned int, int, unsigned long);
  int    (*key) (Display *, unsigned int, int, unsigned long);
} FakeInput;

static gboolean
fake_input_init (Fixture   *fixture,
                 FakeInput *input)
{
  GdkDisplay *display = gtk_widget_get_display (fixture->window);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  void *xtst;

  if (!GDK_IS_X11_DISPLAY (display) || (xtst = dlopen ("libXtst.so.6", RTLD_NOW)) == NULL)
    return FALSE;
  input->motion = dlsym (xtst, "XTestFakeMotionEvent");
  input->button = dlsym (xtst, "XTestFakeButtonEvent");
  input->key = dlsym (xtst, "XTestFakeKeyEvent");
  input->display = gdk_x11_display_get_xdisplay (display);
  input->window = gdk_x11_surface_get_xid (surface);
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &input->surface_x,
                                    &input->surface_y);
  return input->motion != NULL && input->button != NULL && input->key != NULL;
}

/* Lets the X server deliver what was faked, and GTK handle it. */
static void
fake_flush (FakeInput *input)
{
  XFlush (input->display);
  spin (60);
}

static void
fake_move (FakeInput *input,
           Fixture   *fixture,
           double     x,
           double     y)
{
  double wx, wy;
  int root_x, root_y;
  Window child;

  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (fixture->view), fixture->window,
                                                   x, y, &wx, &wy));
  XTranslateCoordinates (input->display, input->window, DefaultRootWindow (input->display),
                         (int) round (wx + input->surface_x), (int) round (wy + input->surface_y),
                         &root_x, &root_y, &child);
  input->motion (input->display, -1, root_x, root_y, 0);
  fake_flush (input);
}

static void
fake_button (FakeInput *input,
             guint      button,
             gboolean   press)
{
  input->button (input->display, button, press, 0);
  fake_flush (input);
}

static void
fake_key (FakeInput *input,
          guint      keysym,
          gboolean   press)
{
  input->key (input->display, XKeysymToKeycode (input->display, keysym), press, 0);
  fake_flush (input);
}

static void
fake_drag (FakeInput *input,
           Fixture   *fixture,
           guint      button,
           double     x0,
           double     y0,
           double     x1,
           double     y1)
{
  fake_move (input, fixture, x0, y0);
  fake_button (input, button, TRUE);
  for (int step = 1; step <= 4; step++)
    fake_move (input, fixture, x0 + (x1 - x0) * step / 4, y0 + (y1 - y0) * step / 4);
  fake_button (input, button, FALSE);
}

static void
on_region_selected (VnScanView  *view,
                    const VnBox *region,
                    VnBox       *out)
{
  *out = *region;
}

static const char *
cursor_name (Fixture *fixture)
{
  GdkCursor *cursor = gtk_widget_get_cursor (GTK_WIDGET (fixture->view));

  return cursor != NULL ? gdk_cursor_get_name (cursor) : NULL;
}

static void
image_point_at (Fixture *fixture,
                double   x,
                double   y,
                double  *image_x,
                double  *image_y)
{
  graphene_rect_t area;
  double zoom = vn_scan_view_get_zoom (fixture->view);

  vn_scan_view_get_visible_area (fixture->view, &area);
  *image_x = area.origin.x + x / zoom;
  *image_y = area.origin.y + y / zoom;
}

/* Hover, click, drag, Shift+drag, Ctrl+scroll and keys, through the X server. */
static void
test_pointer_and_keys (Fixture       *fixture,
                       gconstpointer  data)
{
  const VnScanBox *box = middle_disagreement (fixture);
  FakeInput input;
  int activated = -1;
  VnBox region = { -1, -1, -1, -1 };
  graphene_rect_t before, after;
  double x, y, zoom, ix0, iy0, ix1, iy1;

  if (!fake_input_init (fixture, &input))
    {
      g_test_skip ("needs an X11 display with the XTest extension");
      return;
    }
  g_signal_connect (fixture->view, "box-activated", G_CALLBACK (on_box_activated), &activated);
  g_signal_connect (fixture->view, "region-selected", G_CALLBACK (on_region_selected), &region);
  vn_scan_view_reveal_box (fixture->view, box->id);
  wait_for_animation (fixture);
  zoom = vn_scan_view_get_zoom (fixture->view);

  /* Hover shows the hand; a click activates the box under it. */
  image_to_widget (fixture, box->box.x + box->box.w / 2.0, box->box.y + box->box.h / 2.0, &x, &y);
  fake_move (&input, fixture, x, y);
  g_assert_cmpstr (cursor_name (fixture), ==, "pointer");
  vn_scan_view_set_selected_box (fixture->view, box->id);
  save_screenshot (fixture->window, "/tmp/scan-view-hover.png");
  fake_button (&input, 1, TRUE);
  fake_button (&input, 1, FALSE);
  g_assert_cmpint (activated, ==, box->id);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->view)));

  /* A drag pans by as much as the pointer moved, and activates nothing. */
  activated = -1;
  vn_scan_view_get_visible_area (fixture->view, &before);
  fake_drag (&input, fixture, 1, 450, 400, 350, 320);
  vn_scan_view_get_visible_area (fixture->view, &after);
  g_assert_cmpint (activated, ==, -1);
  g_assert_cmpfloat_with_epsilon (after.origin.x - before.origin.x, 100 / zoom, 2 / zoom);
  g_assert_cmpfloat_with_epsilon (after.origin.y - before.origin.y, 80 / zoom, 2 / zoom);

  /* Shift+drag selects a region, in image pixels. */
  image_point_at (fixture, 200, 150, &ix0, &iy0);
  image_point_at (fixture, 500, 300, &ix1, &iy1);
  fake_key (&input, XK_Shift_L, TRUE);
  fake_drag (&input, fixture, 1, 200, 150, 500, 300);
  fake_key (&input, XK_Shift_L, FALSE);
  g_test_message ("region %d,%d %d×%d", region.x, region.y, region.w, region.h);
  g_assert_cmpfloat (fabs (region.x - ix0), <=, 2 / zoom + 1);
  g_assert_cmpfloat (fabs (region.y - iy0), <=, 2 / zoom + 1);
  g_assert_cmpfloat (fabs (region.x + region.w - ix1), <=, 2 / zoom + 1);
  g_assert_cmpfloat (fabs (region.y + region.h - iy1), <=, 2 / zoom + 1);

  /* Ctrl+scroll zooms in about the pointer: the image point under it stays there. */
  fake_move (&input, fixture, 300, 250);
  image_point_at (fixture, 300, 250, &ix0, &iy0);
  fake_key (&input, XK_Control_L, TRUE);
  fake_button (&input, 4, TRUE);
  fake_button (&input, 4, FALSE);
  fake_key (&input, XK_Control_L, FALSE);
  g_assert_cmpfloat (vn_scan_view_get_zoom (fixture->view), >, zoom * 1.1);
  image_point_at (fixture, 300, 250, &ix1, &iy1);
  g_assert_cmpfloat (fabs (ix1 - ix0), <, 2);
  g_assert_cmpfloat (fabs (iy1 - iy0), <, 2);

  /* A plain wheel pans down; the keys zoom, and Ctrl+0 fits the page again. */
  vn_scan_view_get_visible_area (fixture->view, &before);
  fake_button (&input, 5, TRUE);
  fake_button (&input, 5, FALSE);
  vn_scan_view_get_visible_area (fixture->view, &after);
  g_assert_cmpfloat (after.origin.y, >, before.origin.y);
  zoom = vn_scan_view_get_zoom (fixture->view);
  fake_key (&input, XK_equal, TRUE);
  fake_key (&input, XK_equal, FALSE);
  g_assert_cmpfloat (vn_scan_view_get_zoom (fixture->view), >, zoom);
  fake_key (&input, XK_Control_L, TRUE);
  fake_key (&input, XK_0, TRUE);
  fake_key (&input, XK_0, FALSE);
  fake_key (&input, XK_Control_L, FALSE);
  vn_scan_view_get_visible_area (fixture->view, &after);
  g_assert_true (area_contains_box (&after, &(VnBox) { 0, 0, fixture->page_width,
                                                       fixture->page_height }));
}

#endif

/* ------------------------------------------------------------------ a 600-dpi page */

typedef struct
{
  gint64  started;
  GArray *paint_usec;
} FrameTimes;

static void
on_before_paint (GdkFrameClock *clock,
                 FrameTimes    *times)
{
  times->started = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                FrameTimes    *times)
{
  gint64 usec = g_get_monotonic_time () - times->started;

  if (times->started > 0)
    g_array_append_val (times->paint_usec, usec);
  times->started = 0;
}

/* A blank 5000×7000 page typed over with random "words" of speckled ink. */
static PIX *
synthetic_large_page (void)
{
  PIX *pix = pixCreate (5000, 7000, 8);
  GRand *rand = g_rand_new_with_seed (600);

  pixSetAllArbitrary (pix, 236);
  for (int y = 600; y < 6600; y += 150)
    for (int x = 600; x < 4400;)
      {
        int w = g_rand_int_range (rand, 60, 400);
        BOX *word = boxCreate (x, y, MIN (w, 4400 - x), 70);

        pixSetInRectArbitrary (pix, word, g_rand_int_range (rand, 20, 90));
        boxDestroy (&word);
        x += w + 60;
      }
  for (int i = 0; i < 200000; i++)
    pixSetPixel (pix, g_rand_int_range (rand, 0, 5000), g_rand_int_range (rand, 0, 7000),
                 g_rand_int_range (rand, 150, 255));
  g_rand_free (rand);
  return pix;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Paints @n_frames frames, each after one "scan.pan" step, and returns their paint times. */
static GArray *
time_panned_frames (Fixture *fixture,
                    guint    n_frames,
                    double   step_x,
                    double   step_y)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (fixture->window);
  FrameTimes times = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &times);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &times);
  for (guint i = 0; i < n_frames; i++)
    {
      guint painted = times.paint_usec->len;

      gtk_widget_activate_action (GTK_WIDGET (fixture->view), "scan.pan", "(dd)", step_x, step_y);
      while (times.paint_usec->len == painted)
        g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handlers_disconnect_by_data (clock, &times);
  return times.paint_usec;
}

static void
print_frames (const char *what,
              GArray     *usec)
{
  gint64 first = g_array_index (usec, gint64, 0);

  g_array_sort (usec, compare_int64);
  g_print ("#   %s: first %.1f ms, median %.1f ms, max %.1f ms over %u frames\n", what,
           first / 1000.0, g_array_index (usec, gint64, usec->len / 2) / 1000.0,
           g_array_index (usec, gint64, usec->len - 1) / 1000.0, usec->len);
}

/* The cost of the view's own snapshot () (the render nodes), without GSK's rendering. */
static double
time_snapshot_usec (VnScanView *view)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  gint64 start = g_get_monotonic_time ();

  for (int i = 0; i < 100; i++)
    GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  return (g_get_monotonic_time () - start) / 100.0;
}

static void
test_large_page (void)
{
  g_autoptr(VnPageImage) pix = vn_page_image_new_for_pix (synthetic_large_page (), 300);
  Fixture fixture = { 0 };
  gint64 start, called;

  fixture_show (&fixture, NULL);
  start = g_get_monotonic_time ();
  vn_scan_view_set_image (fixture.view, pix);
  called = g_get_monotonic_time () - start;
  wait_until (is_ready, &fixture, 60000);
  g_print ("# 5000×7000 page (%s): set_image returned in %.1f ms, all tiles built in %.0f ms\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (fixture.window))),
           called / 1000.0, (g_get_monotonic_time () - start) / 1000.0);

  gtk_widget_activate_action (GTK_WIDGET (fixture.view), "scan.zoom-fit-width", NULL);
  print_frames ("fit width, panning 1% a frame", time_panned_frames (&fixture, 30, 0, 0.01));
  g_print ("#   fit width, snapshot () alone: %.1f µs\n", time_snapshot_usec (fixture.view));
  gtk_widget_activate_action (GTK_WIDGET (fixture.view), "scan.zoom-original", NULL);
  print_frames ("100%, panning 5% a frame", time_panned_frames (&fixture, 30, 0.05, 0.05));
  g_assert_true (vn_scan_view_is_ready (fixture.view));
  fixture_tear_down (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* Without a session bus (xvfb-run alone) GTK warns that it cannot reach the accessibility
   * bus, and a warning fails a test; the accessible role and label are checked in-process. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    g_setenv ("GTK_A11Y", "none", FALSE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

#define ADD(path, func) \
  g_test_add ("/verno/scan-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fit-page", test_fit_page);
  ADD ("zoom-actions", test_zoom_actions);
  ADD ("key-bindings", test_key_bindings);
  ADD ("reveal-box", test_reveal_box);
  ADD ("hit-and-activate", test_hit_and_activate);
  ADD ("palettes", test_palettes);
  ADD ("render", test_render);
  ADD ("dark-theme", test_dark_theme);
  ADD ("focus-ring", test_focus_ring);
  ADD ("alternate", test_alternate);
#ifdef GDK_WINDOWING_X11
  ADD ("pointer-and-keys", test_pointer_and_keys);
#endif
#undef ADD
  g_test_add_func ("/verno/scan-view/large-page", test_large_page);
  g_test_add_func ("/verno/scan-view/follow-before-page", test_follow_before_page);

  return g_test_run ();
}
