/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-scan-view.c: how long one frame of the scan view takes on a 5000×7000 page with 2,000
 * word boxes, at fit-page and at 200%, rendered offscreen through the GL and Cairo renderers.
 * Run on a display (xvfb-run). Prints a table; exits 1 when the target is missed (see judge ()
 * for which renderer counts).
 *
 * Each renderer is measured in a process of its own, started with GSK_RENDERER set, because
 * the view draws for the renderer of its window (GTK reads the variable once per process):
 * texture and colour nodes for GL, one Cairo node for Cairo.
 *
 * A frame is the view's snapshot () (building its render nodes and freeing the last frame's)
 * plus gsk_renderer_render_texture () of them, waited for to the end with glFinish () for GL,
 * which otherwise returns before the GPU has drawn. The nodes are built anew every frame, as
 * GTK does; the only thing carried over is what a real window keeps too: the tiles uploaded
 * as GL textures (the GL renderer is the window's own, so it shares the window's cache). The
 * view changes every frame all the same: panned at 200%, another box selected at fit-page,
 * where the page is centred and cannot be panned. An "empty" frame, one colour node, shows
 * what a renderer costs whatever is drawn. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gtk/gtk.h>
#include <gsk/gl/gskglrenderer.h>   /* after gtk.h, as GSK does not include it */

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
          int y = base - x_height + (s - 2) * (x_height - 5);   /* top or bottom bar */
          BOX *stroke = s < 2 ? boxCreate (x + s * (letter - 5), top, 5, bottom - top)
                              : boxCreate (x, y, letter, 5);

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

/* Mostly agreeing words, as on a page well read: 78% agree, 8% low confidence, 7% disagree,
 * 4% edited and 3% verified (dashed). */
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

          box.box.w = g_rand_int_range (rand, 40, 260);  /* not inside MIN (): drawn twice */
          box.box.w = MIN (box.box.w, columns[c][1] - x);
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

/* ------------------------------------------------------------------ frames */

typedef enum
{
  SCENE_EMPTY,      /* one colour node the size of the view: what any frame costs a renderer */
  SCENE_FIT_PAGE,
  SCENE_ZOOM_200,
  N_SCENES
} Scene;

static const char * const scene_names[N_SCENES] = { "empty", "fit-page", "200%" };

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
  GArray *cpu_ms;     /* CPU time of this thread, so not llvmpipe's rasterising threads */
  double  first_ms;
  guint   n_nodes;
} Timings;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* The view's nodes inside the clip its "overflow: hidden" gets in a window. */
static GskRenderNode *
snapshot_view (GtkWidget *view,
               Scene      scene)
{
  static const GdkRGBA grey = { 0.5f, 0.5f, 0.5f, 1.f };
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (view),
                                               gtk_widget_get_height (view));
  GtkSnapshot *snapshot;

  if (scene == SCENE_EMPTY)
    return gsk_color_node_new (&grey, &bounds);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_push_clip (snapshot, &bounds);
  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  gtk_snapshot_pop (snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

static guint
count_nodes (GskRenderNode *node)
{
  guint n = 1;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        n += count_nodes (gsk_container_node_get_child (node, i));
      return n;
    case GSK_CLIP_NODE:
      return n + count_nodes (gsk_clip_node_get_child (node));
    case GSK_TRANSFORM_NODE:
      return n + count_nodes (gsk_transform_node_get_child (node));
    default:
      return n;
    }
}

/* Something changes every frame, though nothing of the last frame's nodes is reused anyway. */
static void
move_view (GtkWidget *view,
           guint      frame,
           Scene      scene)
{
  if (scene == SCENE_FIT_PAGE)
    vn_scan_view_set_selected_box (VN_SCAN_VIEW (view), (frame * 37) % N_BOXES);
  else if (scene == SCENE_ZOOM_200)
    gtk_widget_activate_action (view, "scan.pan", "(dd)", frame % 40 < 20 ? 0.01 : -0.01,
                                0.005);
}

static void
time_frame (GtkWidget      *view,
            Scene           scene,
            const Renderer *renderer,
            GskRenderNode **last_node,
            double          ms[4])
{
  graphene_rect_t viewport = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (view),
                                                 gtk_widget_get_height (view));
  g_autoptr(GdkTexture) texture = NULL;
  double start = now_ms (), cpu_start = thread_cpu_ms (), built;

  g_clear_pointer (last_node, gsk_render_node_unref);
  *last_node = snapshot_view (view, scene);
  built = now_ms ();
  texture = gsk_renderer_render_texture (renderer->renderer, *last_node, &viewport);
  if (renderer->finish != NULL)
    renderer->finish ();
  ms[0] = built - start;
  ms[1] = now_ms () - built;
  ms[2] = ms[0] + ms[1];
  ms[3] = thread_cpu_ms () - cpu_start;
}

static Timings
time_frames (GtkWidget      *view,
             Scene           scene,
             const Renderer *renderer)
{
  Timings t = { g_array_new (FALSE, FALSE, sizeof (double)),
                g_array_new (FALSE, FALSE, sizeof (double)),
                g_array_new (FALSE, FALSE, sizeof (double)),
                g_array_new (FALSE, FALSE, sizeof (double)), 0, 0 };
  GArray *series[4] = { t.snapshot_ms, t.render_ms, t.total_ms, t.cpu_ms };
  GskRenderNode *node = NULL;

  for (guint i = 0; i < WARM_UP_FRAMES + FRAMES; i++)
    {
      double ms[4];

      move_view (view, i, scene);
      time_frame (view, scene, renderer, &node, ms);
      if (i == 0)
        t.first_ms = ms[2];
      for (guint s = 0; s < G_N_ELEMENTS (series) && i >= WARM_UP_FRAMES; s++)
        g_array_append_val (series[s], ms[s]);
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
  g_array_unref (t->cpu_ms);
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

/* glFinish () and glGetString () through libepoxy, which GTK has loaded: Verno links no GL
 * itself. The GL renderer leaves its context current after rendering. */
static void (**gl_finish) (void);

static void
finish_gl (void)
{
  if (gdk_gl_context_get_current () != NULL)
    (*gl_finish) ();
}

/* The window's own renderer, not a new one: it already holds the tiles as GL textures, as
 * it would for the frames of a real window. A second GL renderer could not attach its
 * textures to the GdkTextures and would upload every tile in every frame. */
static gboolean
get_gl_renderer (GtkWidget *window,
                 Renderer  *renderer)
{
  GskRenderer *own = gtk_native_get_renderer (GTK_NATIVE (window));

  gl_finish = dlsym (RTLD_DEFAULT, "epoxy_glFinish");
  if (!GSK_IS_GL_RENDERER (own) || gl_finish == NULL)
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

static void
free_renderer (Renderer *renderer)
{
  if (gsk_renderer_is_realized (renderer->renderer) && renderer->finish == NULL)
    gsk_renderer_unrealize (renderer->renderer);
  g_object_unref (renderer->renderer);
}

/* The GL_RENDERER string, such as "llvmpipe (LLVM 15.0.6, 256 bits)"; needs a GL frame
 * rendered just before. */
static char *
describe_gl (void)
{
  const char *(**get_string) (unsigned int) = dlsym (RTLD_DEFAULT, "epoxy_glGetString");
  const char *name = NULL;

  if (get_string != NULL && gdk_gl_context_get_current () != NULL)
    name = (*get_string) (0x1F01 /* GL_RENDERER */);
  return g_strdup (name != NULL ? name : "unknown");
}

static gboolean
is_software_gl (const char *name)
{
  return strstr (name, "llvmpipe") != NULL || strstr (name, "softpipe") != NULL ||
         strstr (name, "swrast") != NULL || strstr (name, "Software") != NULL;
}

/* ------------------------------------------------------------------ the benchmark */

typedef struct
{
  double wall_ms;   /* median frame */
  double cpu_ms;    /* median CPU time of the frame's thread */
} Result;

/* The box nearest the middle of the page: at 200% it is in view, selected as in review. */
static guint
middle_box (GArray *boxes)
{
  guint best = 0;
  double best_distance = G_MAXDOUBLE;

  for (guint i = 0; i < boxes->len; i++)
    {
      const VnBox *b = &g_array_index (boxes, VnScanBox, i).box;
      double distance = hypot (b->x + b->w / 2.0 - PAGE_WIDTH / 2.0,
                               b->y + b->h / 2.0 - PAGE_HEIGHT / 2.0);

      if (distance < best_distance)
        {
          best_distance = distance;
          best = i;
        }
    }
  return g_array_index (boxes, VnScanBox, best).id;
}

static void
set_scene (GtkWidget *view,
           Scene      scene,
           guint      selected)
{
  gtk_widget_activate_action (view, "scan.zoom-fit-page", NULL);
  if (scene == SCENE_ZOOM_200)
    vn_scan_view_set_zoom (VN_SCAN_VIEW (view), 2.0);
  vn_scan_view_set_selected_box (VN_SCAN_VIEW (view), selected);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static Result
bench_scene (GtkWidget      *view,
             const Renderer *renderer,
             Scene           scene,
             guint           selected)
{
  Timings t;
  Result result;

  set_scene (view, scene, selected);
  t = time_frames (view, scene, renderer);
  result.wall_ms = percentile (t.total_ms, 0.5);
  result.cpu_ms = percentile (t.cpu_ms, 0.5);
  g_print ("  %-6s %-9s %6.2f %7.2f %7.2f %7.2f %7.2f %7.1f %7.2f %6u\n", renderer->name,
           scene_names[scene], percentile (t.snapshot_ms, 0.5), percentile (t.render_ms, 0.5),
           result.wall_ms, percentile (t.total_ms, 0.95),
           g_array_index (t.total_ms, double, t.total_ms->len - 1), t.first_ms, result.cpu_ms,
           t.n_nodes);
  timings_clear (&t);
  return result;
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

static GtkWidget *
load_page (GtkWidget **window,
           guint      *middle)
{
  g_autoptr(GArray) boxes = NULL;
  g_autoptr(PIX) pix = NULL;
  GtkWidget *view;
  double start = now_ms ();

  pix = make_page (&boxes);
  g_print ("Synthetic %d×%d page with %u word boxes, made in %.0f ms\n", PAGE_WIDTH,
           PAGE_HEIGHT, boxes->len, now_ms () - start);
  view = show_view (window);
  start = now_ms ();
  {
    g_autoptr(VnPageImage) image = vn_page_image_new_for_pix (pixClone (pix), 300);
    vn_scan_view_set_image (VN_SCAN_VIEW (view), image);
  }
  vn_scan_view_set_boxes (VN_SCAN_VIEW (view), (VnScanBox *) boxes->data, boxes->len);
  wait_until (is_ready, view, 60000);
  g_print ("Tiles built in %.0f ms; view %d×%d at scale %d\n", now_ms () - start,
           gtk_widget_get_width (view), gtk_widget_get_height (view),
           gtk_widget_get_scale_factor (view));
  *middle = middle_box (boxes);
  return view;
}

static void
print_header (void)
{
  g_print ("\nms per frame, %d frames after %d to warm up (\"first\": the first of those, with "
           "tile uploads)\n", FRAMES, WARM_UP_FRAMES);
  g_print ("  %-6s %-9s %6s %7s %7s %7s %7s %7s %7s %6s\n", "", "scene", "snap", "render",
           "median", "p95", "max", "first", "cpu", "nodes");
}

/* The target is judged on the renderer Verno draws with on this machine. On a GPU that is
 * GL. Where GL is a software rasteriser (llvmpipe under Xvfb) Verno draws with Cairo (see
 * vn-application.c), so Cairo's wall time is judged; the GL figures are then only shown. */
static gboolean
judge (const Result *gl,
       const Result *cairo,
       const char   *gl_name)
{
  gboolean software = gl == NULL || is_software_gl (gl_name);
  const Result *judged = software ? cairo : gl;
  gboolean ok = TRUE;

  g_print ("\nTarget: median frame <= %.0f ms at fit-page and at 200%%, with the renderer Verno "
           "uses here: %s\n", TARGET_MS,
           software ? "Cairo (no GL, or GL drawn in software)" : "GL");
  for (Scene scene = SCENE_FIT_PAGE; scene < N_SCENES; scene++)
    {
      double ms = judged[scene].wall_ms;

      g_print ("  %-9s %6.2f ms  %s\n", scene_names[scene], ms, ms <= TARGET_MS ? "ok" : "MISSED");
      ok = ok && ms <= TARGET_MS;
    }
  if (gl != NULL && cairo != NULL)
    g_print ("Cairo / GL at fit-page: %.2f; at 200%%: %.2f\n",
             cairo[SCENE_FIT_PAGE].wall_ms / gl[SCENE_FIT_PAGE].wall_ms,
             cairo[SCENE_ZOOM_200].wall_ms / gl[SCENE_ZOOM_200].wall_ms);
  return ok;
}

/* In a process of its own: the window's renderer, all scenes; one "result" line each. */
static int
run_child (void)
{
  g_autofree char *gl_name = NULL;
  GtkWidget *window, *view;
  Renderer renderer;
  guint selected;

  gtk_init ();
  view = load_page (&window, &selected);
  if (!get_gl_renderer (window, &renderer))
    get_cairo_renderer (&renderer);
  print_header ();
  for (Scene scene = 0; scene < N_SCENES; scene++)
    {
      Result r = bench_scene (view, &renderer, scene, selected);

      if (renderer.finish != NULL && gl_name == NULL)
        gl_name = describe_gl ();
      g_print ("result %s %d %.3f %.3f\n", renderer.name, scene, r.wall_ms, r.cpu_ms);
    }
  if (gl_name != NULL)
    g_print ("gl-name %s\n", gl_name);
  gtk_window_destroy (GTK_WINDOW (window));   /* unrealizes its own GL renderer */
  free_renderer (&renderer);
  return 0;
}

/* Runs this program again with GSK_RENDERER=@name; shows its table, keeps its results. */
static gboolean
run_renderer (const char *self,
              const char *name,
              Result      results[N_SCENES],
              char      **gl_name)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint found = 0;

  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", name, TRUE);
  g_subprocess_launcher_setenv (launcher, "VN_BENCH_SCAN_VIEW_CHILD", "1", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, self, NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    g_error ("Cannot run %s: %s", self, error->message);
  lines = g_strsplit (out, "\n", -1);
  g_print ("\nGSK_RENDERER=%s\n", name);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char renderer[16];
      int scene;
      double wall, cpu;

      if (sscanf (lines[i], "result %15s %d %lf %lf", renderer, &scene, &wall, &cpu) == 4 &&
          scene >= 0 && scene < N_SCENES)
        {
          results[scene] = (Result) { wall, cpu };
          found++;
        }
      else if (g_str_has_prefix (lines[i], "gl-name "))
        *gl_name = g_strdup (lines[i] + strlen ("gl-name "));
      else if (*lines[i] != '\0')
        g_print ("%s\n", lines[i]);
    }
  /* A renderer GTK could not make (no GL at all) falls back to Cairo: not counted as GL. */
  return found == N_SCENES && (!g_str_equal (name, "gl") || *gl_name != NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *gl_name = NULL, *self = g_file_read_link ("/proc/self/exe", NULL);
  Result gl[N_SCENES], cairo[N_SCENES];
  gboolean have_gl;

  setlocale (LC_ALL, "");
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-scan-view needs a display: run it under xvfb-run.\n");
      return 77;
    }
  /* Without a session bus (xvfb-run alone) GTK cannot reach the accessibility bus. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    g_setenv ("GTK_A11Y", "none", FALSE);
  if (g_getenv ("VN_BENCH_SCAN_VIEW_CHILD") != NULL)
    return run_child ();

  have_gl = run_renderer (self, "gl", gl, &gl_name);
  if (!run_renderer (self, "cairo", cairo, &gl_name))
    g_error ("The Cairo renderer gave no figures");
  g_print ("\n(snap and render are medians of their own; cpu is the frame's thread only)\n");
  g_print ("GL: %s\n", have_gl ? gl_name : "not available");
  return judge (have_gl ? gl : NULL, cairo, gl_name) ? 0 : 1;
}
