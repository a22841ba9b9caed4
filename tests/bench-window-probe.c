/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-window-probe.c: Verno's window as `verno FOLDER` starts it, with what bench-window
 * measures, for the benchmark only: the window knows nothing of the probe, which watches the
 * application's windows, their frame clocks and their "ready" property.
 *
 *   bench-window-probe first-frame FOLDER   prints verno-first-frame-ms (from the window's
 *                                           creation to the first frame showing the scan)
 *                                           and verno-renderer, then quits
 *   bench-window-probe stall FOLDER         prints each wait of the main loop over 30 ms
 *                                           while the scans are read (from the first
 *                                           frame, when the reading starts), then
 *                                           verno-max-stall-ms, and quits once ready
 *   bench-window-probe switch FOLDER        once ready, turns pages as the editor does
 *                                           (Page Down and Page Up, then jumps), each
 *                                           after the last is sharp and a short pause;
 *                                           prints verno-switch KIND SHOWN-MS SHARP-MS
 *                                           for each (the first frame with the new page's
 *                                           picture, and all its tiles built), then
 *                                           verno-peak-rss-kb, and quits
 *   bench-window-probe first-item FOLDER    prints verno-first-item-ms (from the window's
 *                                           creation to the first frame drawn with a row of
 *                                           the queue selected, ready for an answer), then
 *                                           verno-ready-ms (every page read) and quits
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "vn-application.h"
#include "vn-first-frame.h"
#include "vn-project.h"
#include "vn-runtime.h"
#include "vn-scan.h"
#include "vn-window-private.h"

VN_RUNTIME_LIMIT_OPENMP

typedef struct
{
  gint64  started;        /* the window's creation */
  gint64  last, worst;    /* ticks of the 5 ms timer */
  guint   ticks;
  gint64  frame_start, frame_layout;
  gint64  frame_end, frame_length, frame_update;
  guint   tick_source;
} Probe;

static Probe probe;
static gboolean stall_mode;
static gboolean first_item_mode;

static gboolean
quit_idle (gpointer window)
{
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------ stalls */

/* Each wait over 30 ms is printed, with the frame that ended in it if one did. */
static gboolean
stall_tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 wait = now - probe.last;

  if (probe.last != 0)
    {
      probe.worst = MAX (probe.worst, wait);
      if (wait > 30 * G_TIME_SPAN_MILLISECOND)
        {
          g_print ("verno-wait-ms %.1f at %.0f ms", wait / 1000.0,
                   (now - probe.started) / 1000.0);
          if (probe.frame_end > probe.last)
            g_print (": a frame of %.1f ms (update and layout %.1f, paint %.1f)",
                     probe.frame_length / 1000.0, probe.frame_update / 1000.0,
                     (probe.frame_length - probe.frame_update) / 1000.0);
          g_print ("\n");
        }
    }
  probe.last = now;
  probe.ticks++;
  return G_SOURCE_CONTINUE;
}

static void
stall_before_paint (GdkFrameClock *clock)
{
  probe.frame_start = probe.frame_layout = g_get_monotonic_time ();
}

static void
stall_layout (GdkFrameClock *clock)
{
  probe.frame_layout = g_get_monotonic_time ();
}

static void
stall_after_paint (GdkFrameClock *clock)
{
  /* The window reads the scans from its first frame on (vn-window.c): the probe too. */
  if (probe.tick_source == 0)
    probe.tick_source = g_timeout_add (5, stall_tick, NULL);
  probe.frame_end = g_get_monotonic_time ();
  probe.frame_length = probe.frame_end - probe.frame_start;
  probe.frame_update = probe.frame_layout - probe.frame_start;
}

/* The reading is over once the window shows the collation. */
static void
ready_cb (GtkWidget  *window,
          GParamSpec *pspec)
{
  if (!vn_window_is_ready (VN_WINDOW (window)))
    return;
  g_print ("verno-max-stall-ms %.1f over %u ticks\n", probe.worst / 1000.0, probe.ticks);
  g_clear_handle_id (&probe.tick_source, g_source_remove);
  g_idle_add (quit_idle, window);
}

/* ------------------------------------------------------------------ page switches */

#define N_SWITCHES 25           /* of each kind */
#define READING_PAUSE_MS 150    /* between a page sharp and the next turn: an editor glances */

typedef struct
{
  VnWindow *window;
  GRand    *rand;
  guint     step;
  guint     target;
  gint64    started, shown;
} Switches;

static Switches switches;

static const char *
switch_kind (guint step)
{
  return step < N_SWITCHES ? "next" : step < 2 * N_SWITCHES ? "previous" : "jump";
}

static void
print_peak_rss (void)
{
  g_autofree char *status = NULL;
  const char *hwm;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (hwm = strstr (status, "VmHWM:")) != NULL)
    g_print ("verno-peak-rss-kb %ld\n", strtol (hwm + strlen ("VmHWM:"), NULL, 10));
}

static gboolean turn_next (gpointer data);

/* After each frame: the new page's first picture, then its last tile. */
static void
switch_after_paint (GdkFrameClock *clock)
{
  VnWindow *w = switches.window;
  gint64 now = g_get_monotonic_time ();

  if (switches.started == 0 || w->current_page != switches.target || w->page_shown == NULL)
    return;
  if (switches.shown == 0 && vn_scan_view_has_picture (w->scan_view))
    switches.shown = now;
  if (switches.shown != 0 && vn_scan_view_is_ready (w->scan_view))
    {
      g_print ("verno-switch %s %.1f %.1f\n", switch_kind (switches.step),
               (switches.shown - switches.started) / 1000.0, (now - switches.started) / 1000.0);
      switches.started = 0;
      switches.step++;
      g_timeout_add (READING_PAUSE_MS, turn_next, NULL);
    }
}

/* Page Down through the first pages, Page Up back, then pages anywhere. */
static gboolean
turn_next (gpointer data)
{
  VnWindow *w = switches.window;
  guint n = vn_project_get_scan_pages (w->project)->len;

  if (switches.step == 3 * N_SWITCHES || n < 2)
    {
      print_peak_rss ();
      g_idle_add (quit_idle, w);
      return G_SOURCE_REMOVE;
    }
  switches.shown = 0;
  switches.started = g_get_monotonic_time ();
  if (switches.step < N_SWITCHES && w->current_page + 1 < n)
    {
      switches.target = w->current_page + 1;
      gtk_widget_activate_action (GTK_WIDGET (w), "win.next-page", NULL);
    }
  else if (switches.step < 2 * N_SWITCHES && w->current_page > 0)
    {
      switches.target = w->current_page - 1;
      gtk_widget_activate_action (GTK_WIDGET (w), "win.previous-page", NULL);
    }
  else
    {
      do
        switches.target = g_rand_int_range (switches.rand, 0, n);
      while (switches.target == w->current_page);
      _vn_window_turn_page (w, switches.target);
    }
  gtk_widget_queue_draw (GTK_WIDGET (w));
  return G_SOURCE_REMOVE;
}

static void
switch_ready_cb (GtkWidget  *window,
                 GParamSpec *pspec)
{
  if (!vn_window_is_ready (VN_WINDOW (window)) || switches.window != NULL)
    return;
  g_print ("verno-ready-ms %.0f\n", (g_get_monotonic_time () - probe.started) / 1000.0);
  switches.window = VN_WINDOW (window);
  switches.rand = g_rand_new_with_seed (15);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (switch_after_paint), NULL);
  g_timeout_add (500, turn_next, NULL);
}

static void
switch_window_added_cb (GtkApplication *application,
                        GtkWindow      *window)
{
  probe.started = g_get_monotonic_time ();
  g_signal_connect (window, "notify::ready", G_CALLBACK (switch_ready_cb), NULL);
}

/* ------------------------------------------------------------------ the first item */

static GtkWidget *
find_column_view (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_column_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first frame drawn once the queue has a row selected: the editor can answer it. */
static void
first_item_after_paint (GdkFrameClock *clock,
                        GtkWidget     *window)
{
  GtkWidget *queue = find_column_view (window);
  GtkSelectionModel *model = queue ? gtk_column_view_get_model (GTK_COLUMN_VIEW (queue)) : NULL;

  if (!GTK_IS_SINGLE_SELECTION (model) ||
      gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model)) == NULL)
    return;
  g_print ("verno-first-item-ms %.1f\n", (g_get_monotonic_time () - probe.started) / 1000.0);
  g_signal_handlers_disconnect_by_func (clock, first_item_after_paint, window);
}

/* Every page read and collated. */
static void
first_item_ready_cb (GtkWidget  *window,
                     GParamSpec *pspec)
{
  if (!vn_window_is_ready (VN_WINDOW (window)))
    return;
  g_print ("verno-ready-ms %.1f\n", (g_get_monotonic_time () - probe.started) / 1000.0);
  g_idle_add (quit_idle, window);
}

static void
first_item_realized_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_item_after_paint), window);
}

/* ------------------------------------------------------------------ windows */

static void
window_realized_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (stall_before_paint), NULL);
  g_signal_connect (clock, "layout", G_CALLBACK (stall_layout), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (stall_after_paint), NULL);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  probe.started = g_get_monotonic_time ();
  if (first_item_mode)
    {
      g_signal_connect (window, "notify::ready", G_CALLBACK (first_item_ready_cb), NULL);
      if (gtk_widget_get_realized (GTK_WIDGET (window)))
        first_item_realized_cb (GTK_WIDGET (window));
      else
        g_signal_connect (window, "realize", G_CALLBACK (first_item_realized_cb), NULL);
      return;
    }
  g_signal_connect (window, "notify::ready", G_CALLBACK (ready_cb), NULL);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    window_realized_cb (GTK_WIDGET (window));
  else
    g_signal_connect (window, "realize", G_CALLBACK (window_realized_cb), NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(VnApplication) app = NULL;
  g_autoptr(VnProject) project = NULL;
  char *run_argv[3];

  if (argc != 3)
    {
      g_printerr ("usage: bench-window-probe first-frame|stall|switch|first-item FOLDER\n");
      return 2;
    }
  setlocale (LC_ALL, "");
  vn_runtime_init_i18n ();
  stall_mode = g_str_equal (argv[1], "stall");
  first_item_mode = g_str_equal (argv[1], "first-item");
  /* As verno.c does for a folder: its first page is decoded while GTK starts. */
  if ((project = vn_project_new_from_folder (argv[2], NULL)) != NULL)
    vn_scan_prefetch (g_ptr_array_index (vn_project_get_scan_pages (project), 0));
  app = vn_application_new ();
  if (g_str_equal (argv[1], "switch"))
    g_signal_connect (app, "window-added", G_CALLBACK (switch_window_added_cb), NULL);
  else if (stall_mode || first_item_mode)
    g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  else
    vn_first_frame_watch (GTK_APPLICATION (app));
  run_argv[0] = argv[0];
  run_argv[1] = argv[2];
  run_argv[2] = NULL;
  return g_application_run (G_APPLICATION (app), 2, run_argv);
}
