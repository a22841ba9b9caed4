/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-scan-view.c: how long one frame of the scan view takes on a 5000×7000 page with 2,000
 * word boxes, at fit-page and at 200%, rendered offscreen through the GL and Cairo renderers.
 * Run on a display (xvfb-run). Prints a table; exits 1 when the target is missed.
 *
 * A frame is the view's snapshot () (building the render nodes, freeing the last frame's)
 * plus gsk_renderer_render_texture () of them, waited for to the end with glFinish () for GL,
 * which otherwise returns before the GPU has drawn. The nodes are built anew every frame, as
 * GTK does; the only thing carried over is what a real window keeps too: the tiles uploaded
 * as GL textures (the GL renderer is the window's own, so it shares the window's cache). The
 * view moves every frame all the same: panned at 200%, a new box selected at fit-page, where
 * the page is centred and cannot be panned. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>

#include <gtk/gtk.h>

#include "vn-scan-view.h"
#include "vn-test-util.h"

#define PAGE_WIDTH     5000
#define PAGE_HEIGHT    7000
#define N_BOXES        2000
#define VIEW_WIDTH     1200
#define VIEW_HEIGHT    900
#define WARM_UP_FRAMES 5
#define FRAMES         60
#define TARGET_MS      8.0

static void
pix_destroy (PIX *pix)
{
  pixDestroy (&pix);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIX, pix_destroy)

/* ------------------------------------------------------------------ the page */

/* One word's ink: letters of two to four strokes each, some with an ascender or descender. */
static void
ink_word (PIX         *pix,
          GRand       *rand,
          const VnBox *word)
{
  int x_height = word->h * 5 / 8, base = word->y + word->h * 3 / 4;

  for (int x = word->x; x < word->x + word->w - 8;)
    {
      int letter = g_rand_int_range (rand, 14, 26);
      int strokes = g_rand_int_range (rand, 2, 5);
      int tall = g_rand_int_range (rand, 0, 6);
      int top = tall == 0 ? word->y : base - x_height;
      int bottom = tall == 1 ? word->y + word->h : base;

      letter = MIN (letter, word->x + word->w - x);
      for (int s = 0; s < strokes; s++)
        {
          BOX *stroke = s < 2 ? boxCreate (x + s * (letter - 5), top, 5, bottom - top)
                              : boxCreate (x, base - x_height + (s - 2) * (x_height - 5), letter, 5);

          pixSetInRectArbitrary (pix, stroke, g_rand_int_range (rand, 15, 70));
          boxDestroy (&stroke);
        }
      x += letter + 4;
    }
}

/* Paper: light grey with a little grain, deterministic. */
static void
add_paper_grain (PIX *pix)
{
  l_uint32 *data = pixGetData (pix);
  int wpl = pixGetWpl (pix);
  guint32 seed = 20240611;

  for (int y = 0; y < PAGE_HEIGHT; y++)
    for (int x = 0; x < PAGE_WIDTH; x++)
      {
        seed = seed * 1664525u + 1013904223u;
        SET_DATA_BYTE (data + (gsize) y * wpl, x, 226 + (seed >> 28));
      }
}

static VnBoxState
pick_state (GRand *rand)
{
  int p = g_rand_int_range (rand, 0, 100);

  if (p < 78)
    return VN_BOX_AGREES;
  if (p < 86)
    return VN_BOX_LOW_CONFIDENCE;
  if (p < 93)
    return VN_BOX_DISAGREES;
  return p < 97 ? VN_BOX_EDITED : VN_BOX_VERIFIED;
}

/* A dense two-column page of small type: N_BOXES words in lines 60 px apart, inked into @pix. */
static GArray *
lay_out_words (PIX   *pix,
               GRand *rand)
{
  static const int columns[][2] = { { 450, 2440 }, { 2560, 4550 } };
  GArray *boxes = g_array_new (FALSE, TRUE, sizeof (VnScanBox));

  for (int y = 420; boxes->len < N_BOXES && y + 60 < PAGE_HEIGHT - 300; y += 60)
    for (guint c = 0; c < G_N_ELEMENTS (columns) && boxes->len < N_BOXES; c++)
      for (int x = columns[c][0]; boxes->len < N_BOXES;)
        {
          VnScanBox box = { { x, y + g_rand_int_range (rand, -2, 3), 0, 44 },
                            pick_state (rand), boxes->len, NULL };

          box.box.w = MIN (g_rand_int_range (rand, 40, 260), columns[c][1] - x);
          if (box.box.w < 30)
            break;
          ink_word (pix, rand, &box.box);
          g_array_append_val (boxes, box);
          x += box.box.w + g_rand_int_range (rand, 26, 40);
        }
  g_assert_cmpuint (boxes->len, ==, N_BOXES);
  return boxes;
}

static PIX *
make_page (GArray **boxes)
{
  PIX *pix = pixCreate (PAGE_WIDTH, PAGE_HEIGHT, 8);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7000);

  add_paper_grain (pix);
  *boxes = lay_out_words (pix, rand);
  return pix;
}

/* ------------------------------------------------------------------ the window */

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_until (gboolean (*done) (GtkWidget *), GtkWidget *view, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;
  guint source = g_timeout_add (5, wake_up, NULL);

  while (!done (view))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for the scan view");
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (source);
}

static gboolean
is_shown (GtkWidget *view)
{
  return gtk_widget_get_mapped (view) && gtk_widget_get_width (view) > 0;
}

static gboolean
is_ready (GtkWidget *view)
{
  return vn_scan_view_is_ready (VN_SCAN_VIEW (view));
}

/* Lets pending layout and redraws happen, so that nothing is left for the timed frames. */
static void
settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* ------------------------------------------------------------------ frames */

typedef struct
{
  const char  *name;
  GskRenderer *renderer;
  void       (*finish) (void);   /* waits for the GPU; NULL for a CPU renderer */
} Renderer;

typedef struct
{
  GArray *snapshot_ms;
  GArray *render_ms;
  GArray *total_ms;
  double  first_ms;
  guint   n_nodes;
} Timings;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The view's nodes inside the clip its "overflow: hidden" gets in a window. */
static GskRenderNode *
snapshot_view (GtkWidget *view)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (view),
                                                         gtk_widget_get_height (view)));
  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  gtk_snapshot_pop (snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

static guint
count_nodes (GskRenderNode *node)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      {
        guint n = 1;

        for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
          n += count_nodes (gsk_container_node_get_child (node, i));
        return n;
      }
    case GSK_CLIP_NODE:
      return 1 + count_nodes (gsk_clip_node_get_child (node));
    case GSK_TRANSFORM_NODE:
      return 1 + count_nodes (gsk_transform_node_get_child (node));
    default:
      return 1;
    }
}

/* Something changes every frame, though GTK caches nothing between frames of new nodes. */
static void
move_view (GtkWidget *view,
           guint      frame,
           gboolean   fit_page,
           GArray    *boxes)
{
  if (fit_page)
    vn_scan_view_set_selected_box (VN_SCAN_VIEW (view), (frame * 37) % boxes->len);
  else
    gtk_widget_activate_action (view, "scan.pan", "(dd)", frame % 40 < 20 ? 0.01 : -0.01,
                                0.005);
}

static void
time_frame (GtkWidget      *view,
            const Renderer *renderer,
            GskRenderNode **last_node,
            double         *snapshot_ms,
            double         *render_ms)
{
  graphene_rect_t viewport = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (view),
                                                 gtk_widget_get_height (view));
  g_autoptr(GdkTexture) texture = NULL;
  double start = now_ms (), built;

  g_clear_pointer (last_node, gsk_render_node_unref);
  *last_node = snapshot_view (view);
  built = now_ms ();
  texture = gsk_renderer_render_texture (renderer->renderer, *last_node, &viewport);
  if (renderer->finish != NULL)
    renderer->finish ();
  *snapshot_ms = built - start;
  *render_ms = now_ms () - built;
}

static Timings
time_frames (GtkWidget      *view,
             const Renderer *renderer,
             gboolean        fit_page,
             GArray         *boxes)
{
  Timings t = { g_array_new (FALSE, FALSE, sizeof (double)),
                g_array_new (FALSE, FALSE, sizeof (double)),
                g_array_new (FALSE, FALSE, sizeof (double)), 0, 0 };
  GskRenderNode *node = NULL;

  for (guint i = 0; i < WARM_UP_FRAMES + FRAMES; i++)
    {
      double snapshot_ms, render_ms, total_ms;

      move_view (view, i, fit_page, boxes);
      time_frame (view, renderer, &node, &snapshot_ms, &render_ms);
      total_ms = snapshot_ms + render_ms;
      if (i == 0)
        t.first_ms = total_ms;
      if (i < WARM_UP_FRAMES)
        continue;
      g_array_append_val (t.snapshot_ms, snapshot_ms);
      g_array_append_val (t.render_ms, render_ms);
      g_array_append_val (t.total_ms, total_ms);
    }
  t.n_nodes = count_nodes (node);
  gsk_render_node_unref (node);
  return t;
}

static void
timings_clear (Timings *t)
{
  g_array_unref (t->snapshot_ms);
  g_array_unref (t->render_ms);
  g_array_unref (t->total_ms);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  fraction)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN ((guint) (values->len * fraction), values->len - 1));
}

/* ------------------------------------------------------------------ renderers */

/* glFinish () through libepoxy, already loaded by GTK: Verno does not link GL itself. The GL
 * renderer leaves its context current after rendering. */
static void (**gl_finish) (void);

static void
finish_gl (void)
{
  if (gdk_gl_context_get_current () != NULL)
    (*gl_finish) ();
}

static gboolean
get_gl_renderer (GtkWidget *window,
                 Renderer  *renderer)
{
  GskRenderer *own = gtk_native_get_renderer (GTK_NATIVE (window));

  gl_finish = dlsym (RTLD_DEFAULT, "epoxy_glFinish");
  if (own == NULL || g_strcmp0 (G_OBJECT_TYPE_NAME (own), "GskGLRenderer") != 0 ||
      gl_finish == NULL)
    return FALSE;
  *renderer = (Renderer) { "GL", g_object_ref (own), finish_gl };
  return TRUE;
}

static void
get_cairo_renderer (Renderer *renderer)
{
  g_autoptr(GError) error = NULL;
  GskRenderer *cairo = gsk_cairo_renderer_new ();

  if (!gsk_renderer_realize (cairo, NULL, &error))
    g_error ("Cannot realize the Cairo renderer: %s", error->message);
  *renderer = (Renderer) { "Cairo", cairo, NULL };
}

/* The OpenGL renderer string, to say whether GL is hardware or llvmpipe. */
static char *
describe_gl (void)
{
  const guchar *(**get_string) (guint) = dlsym (RTLD_DEFAULT, "epoxy_glGetString");
  const guchar *name;

  if (get_string == NULL || gdk_gl_context_get_current () == NULL)
    return g_strdup ("unknown");
  name = (*get_string) (0x1F01 /* GL_RENDERER */);
  return g_strdup (name != NULL ? (const char *) name : "unknown");
}

/* ------------------------------------------------------------------ main */

typedef struct
{
  const char *zoom_name;
  double      median_ms;
  double      p95_ms;
} Result;

static void
set_zoom (GtkWidget *view,
          gboolean   fit_page)
{
  gtk_widget_activate_action (view, "scan.zoom-fit-page", NULL);
  if (!fit_page)
    vn_scan_view_set_zoom (VN_SCAN_VIEW (view), 2.0);
  vn_scan_view_set_selected_box (VN_SCAN_VIEW (view), N_BOXES / 2);
  settle ();
}

static double
bench_one (GtkWidget      *view,
           const Renderer *renderer,
           gboolean        fit_page,
           GArray         *boxes)
{
  Timings t;
  double median, p95;

  set_zoom (view, fit_page);
  t = time_frames (view, renderer, fit_page, boxes);
  median = percentile (t.total_ms, 0.5);
  p95 = percentile (t.total_ms, 0.95);
  g_print ("  %-6s %-9s %6.2f %6.2f %7.2f %7.2f %7.2f %7.1f %6u\n", renderer->name,
           fit_page ? "fit-page" : "200%", percentile (t.snapshot_ms, 0.5),
           percentile (t.render_ms, 0.5), median, p95,
           g_array_index (t.total_ms, double, t.total_ms->len - 1), t.first_ms, t.n_nodes);
  timings_clear (&t);
  return median;
}

static GtkWidget *
show_view (GtkWidget **window)
{
  GtkWidget *view = vn_scan_view_new ();

  *window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (*window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (*window), VIEW_WIDTH, VIEW_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (*window), view);
  gtk_window_present (GTK_WINDOW (*window));
  wait_until (is_shown, view, 10000);
  return view;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GArray) boxes = NULL;
  g_autoptr(PIX) pix = NULL;
  g_autofree char *gl_name = NULL;
  GtkWidget *window, *view;
  Renderer renderers[2];
  guint n_renderers = 0;
  double start, gl_worst = -1, cairo_worst = -1;
  gboolean ok;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-scan-view needs a display: run it under xvfb-run.\n");
      return 77;
    }
  /* Without a session bus (xvfb-run alone) GTK cannot reach the accessibility bus. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_init ();

  start = now_ms ();
  pix = make_page (&boxes);
  g_print ("Synthetic %d×%d page, %u word boxes, made in %.0f ms\n", PAGE_WIDTH, PAGE_HEIGHT,
           boxes->len, now_ms () - start);

  view = show_view (&window);
  start = now_ms ();
  vn_scan_view_set_image (VN_SCAN_VIEW (view), pix);
  vn_scan_view_set_boxes (VN_SCAN_VIEW (view), (VnScanBox *) boxes->data, boxes->len);
  wait_until (is_ready, view, 60000);
  g_print ("Tiles built in %.0f ms; view %d×%d at scale %d\n", now_ms () - start,
           gtk_widget_get_width (view), gtk_widget_get_height (view),
           gtk_widget_get_scale_factor (view));

  if (get_gl_renderer (window, &renderers[n_renderers]))
    n_renderers++;
  get_cairo_renderer (&renderers[n_renderers++]);

  g_print ("\nms per frame over %d frames (after %d warm-up frames; \"first\" is the first of "
           "those, with tile uploads)\n", FRAMES, WARM_UP_FRAMES);
  g_print ("  %-6s %-9s %6s %6s %7s %7s %7s %7s %6s\n", "", "zoom", "snap", "render",
           "median", "p95", "max", "first", "nodes");
  for (guint r = 0; r < n_renderers; r++)
    for (int fit_page = 1; fit_page >= 0; fit_page--)
      {
        double median = bench_one (view, &renderers[r], fit_page, boxes);
        double *worst = renderers[r].finish != NULL ? &gl_worst : &cairo_worst;

        *worst = MAX (*worst, median);
        if (r == 0 && fit_page && renderers[r].finish != NULL)
          gl_name = describe_gl ();
      }
  /* snap and render are medians of their own, so they need not add up to the median total. */

  g_print ("\nGL: %s\n", gl_name != NULL ? gl_name : "not available");
  ok = gl_worst <= TARGET_MS;
  for (guint r = 0; r < n_renderers; r++)
    g_object_unref (renderers[r].renderer);
  gtk_window_destroy (GTK_WINDOW (window));
  return ok ? 0 : 1;
}
