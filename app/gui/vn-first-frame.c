/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-first-frame.c: watches the application's first window from the outside (the window
 * knows nothing of it): at the first frame that shows the scan it prints
 * verno-first-frame-ms (from the window's creation) and verno-renderer, then quits as
 * Ctrl+Q does, so that the window saves its state. Started by VERNO_BENCH_FIRST_FRAME (the
 * installed application's tests, which cannot link a probe) and by bench-window-probe. */
#include "config.h"

#include "vn-first-frame.h"
#include "vn-scan-view.h"

static gint64 started;

static GtkWidget *
find_scan_view (GtkWidget *widget)
{
  if (VN_IS_SCAN_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_scan_view (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
quit_idle (gpointer window)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (window));

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  return G_SOURCE_REMOVE;
}

/* The project is on screen once its scan is: the queue follows the collation. */
static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  GtkWidget *scan = find_scan_view (window);

  if (scan == NULL || !vn_scan_view_has_picture (VN_SCAN_VIEW (scan)))
    return;
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  g_print ("verno-first-frame-ms %.1f\n", (g_get_monotonic_time () - started) / 1000.0);
  g_print ("verno-renderer %s\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_idle_add (quit_idle, window);
}

static void
realized_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), window);
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  g_signal_handlers_disconnect_by_func (application, window_added_cb, NULL);
  started = g_get_monotonic_time ();
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realized_cb (GTK_WIDGET (window));
  else
    g_signal_connect (window, "realize", G_CALLBACK (realized_cb), NULL);
}

void
vn_first_frame_watch (GtkApplication *application)
{
  g_return_if_fail (GTK_IS_APPLICATION (application));

  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), NULL);
}
