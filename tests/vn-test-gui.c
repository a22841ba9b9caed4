/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-test-gui.c: what the window tests share: running the main loop until something
 * happens, waiting for painted frames, rendering a widget to a PNG, and finding shortcuts. */
#include <string.h>

#include "vn-window-private.h"
#include "vn-test-util.h"
#include "vn-test-gui.h"

/* Runs whatever is pending, without waiting for more. */
void
vn_test_gui_iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop until @done (@data) or @seconds have passed; returns @done's answer. */
gboolean
vn_test_gui_wait_for (gboolean (*done) (gpointer),
                      gpointer   data,
                      guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return done (data);
}

/* A new window, shown, that has started opening the project in @dir. */
VnWindow *
vn_test_gui_open_folder (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  VnWindow *window;

  g_assert_no_error (error);
  window = vn_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  return window;
}

static gboolean
window_ready (gpointer data)
{
  return vn_window_is_ready (data);
}

/* Waits (five minutes at most) for @window to show the collation of what it opened. */
void
vn_test_gui_wait_until_ready (VnWindow *window)
{
  g_assert_true (vn_test_gui_wait_for (window_ready, window, 300));
}

/* The discrepancy of @window's collation whose transcription reads @reading, or NULL. */
VnDiscrepancy *
vn_test_gui_find_discrepancy (VnWindow   *window,
                              const char *reading)
{
  GListModel *list = G_LIST_MODEL (window->collation);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      VnDiscrepancy *d = g_list_model_get_item (list, i);
      if (g_str_equal (vn_discrepancy_get_transcription (d), reading))
        return d;
      g_object_unref (d);
    }
  return NULL;
}

static void
frame_drawn_cb (GdkFrameClock *clock,
                gboolean      *drawn)
{
  *drawn = TRUE;
}

/* Waits for @frames more frames to be painted, five seconds each at most, so that a picture
 * is of what is on screen; FALSE when one was not. */
gboolean
vn_test_gui_wait_for_frames (GtkWidget *widget,
                             guint      frames)
{
  gboolean all = TRUE;

  for (guint i = 0; i < frames; i++)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      gboolean drawn = FALSE;
      gulong id;

      g_assert_nonnull (clock);
      id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_drawn_cb), &drawn);
      gtk_widget_queue_draw (widget);
      while (!drawn && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (clock, id);
      all = all && drawn;
    }
  return all;
}

/* @widget as painted, saved as @name in the build folder for a person to look at. A widget
 * paintable shows the last frame painted after it was made: with @drawn, one more frame is
 * waited for and whether it came is stored there; without, the caller has waited. */
GdkTexture *
vn_test_gui_render_png (GtkWidget  *widget,
                        const char *name,
                        gboolean   *drawn)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autofree char *path = vn_test_build_path (name);
  GdkTexture *texture;
  int w, h;

  if (drawn != NULL)
    *drawn = vn_test_gui_wait_for_frames (widget, 1);
  w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("# screenshot: %s\n", path);
  return texture;
}

/* The window tests' screenshot: ten frames painted first, so the window has settled. */
void
vn_test_gui_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  gboolean drawn;

  vn_test_gui_wait_for_frames (widget, 10);
  texture = vn_test_gui_render_png (widget, name, &drawn);
}

/* The first shortcut of @widget's shortcut controllers that @match accepts, or NULL. */
GtkShortcut *
vn_test_gui_find_shortcut (GtkWidget           *widget,
                           VnTestShortcutMatch  match,
                           gpointer             data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      for (guint s = 0; GTK_IS_SHORTCUT_CONTROLLER (controller) &&
                        s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);

          if (match (shortcut, data))
            return g_steal_pointer (&shortcut);
        }
    }
  return NULL;
}

/* Runs the main loop for @ms milliseconds. */
void
vn_test_gui_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}


/* A window of @width × @height (or its default size for 0) showing the letter copied to @dir,
 * once its collation is shown. */
VnWindow *
vn_test_gui_open_letter (const char *dir,
                         int         width,
                         int         height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  VnWindow *window = vn_window_new (NULL);

  g_assert_no_error (error);
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  vn_test_gui_wait_until_ready (window);
  vn_test_gui_wait_for_frames (GTK_WIDGET (window), 3);
  return window;
}

/* How many records of @op ("correct", "undo"…) the journal in @dir/.verno holds. */
guint
vn_test_gui_journal_records (const char *dir,
                             const char *op)
{
  g_autofree char *path = g_build_filename (dir, ".verno", "journal.jsonl", NULL);
  g_autofree char *data = NULL;
  g_autofree char *needle = g_strdup_printf ("\"op\":\"%s\"", op);
  guint count = 0;

  if (!g_file_get_contents (path, &data, NULL, NULL))
    return 0;
  for (const char *p = data; (p = strstr (p, needle)) != NULL; p++)
    count++;
  return count;
}

/* What the window's text shows. */
char *
vn_test_gui_buffer_text (VnWindow *window)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->text_view);
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  return gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* The first visible window of @type, waited for @seconds at most; NULL when none came. */
GtkWindow *
vn_test_gui_wait_for_toplevel (GType type,
                               guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  GtkWindow *found;

  while ((found = find_toplevel (type)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return found;
}
