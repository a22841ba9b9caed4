/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-layout.c: the window on the letter at 1024×700, 1366×768, 1920×1080 and 2560×1440,
 * in the language the test runs in (meson runs it in English and in Russian), each size
 * screenshotted (layout-LANG-WxH.png, for a person to look at) and checked: the window no
 * wider or taller than asked, no label of the interface cut or pushed out of its pane, the
 * queue's columns inside the queue, the legend beside the scan and not over it, the text at a
 * readable measure (about 80 characters), the scan using the room of a wide screen. Run on a
 * screen of at least 2560×1440 (meson starts its own Xvfb). */
#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "vn-window-private.h"
#include "vn-test-gui.h"
#include "vn-test-util.h"

static const struct { int width, height; } sizes[] = {
  { 1024, 700 }, { 1366, 768 }, { 1920, 1080 }, { 2560, 1440 },
};

/* The document's own words may be cut in narrow cells and bars; the interface's never. */
static gboolean
is_data (VnWindow  *window,
         GtkWidget *label)
{
  GtkWidget *data[] = { GTK_WIDGET (window->word_transcription), GTK_WIDGET (window->word_ocr),
                        GTK_WIDGET (window->word_suggestion) };

  for (guint i = 0; i < G_N_ELEMENTS (data); i++)
    if (label == data[i] || gtk_widget_is_ancestor (label, data[i]))
      return TRUE;
  return gtk_widget_get_ancestor (label, GTK_TYPE_COLUMN_VIEW) != NULL ||
         gtk_widget_get_ancestor (label, GTK_TYPE_LIST_VIEW) != NULL;
}

/* An ancestor (below any scrolling) that @widget is drawn beyond. */
static GtkWidget *
clipping_ancestor (GtkWidget *widget)
{
  for (GtkWidget *a = gtk_widget_get_parent (widget); a != NULL; a = gtk_widget_get_parent (a))
    {
      graphene_rect_t b;

      if (GTK_IS_SCROLLED_WINDOW (a) || GTK_IS_SCROLLABLE (a) || GTK_IS_REVEALER (a))
        return NULL;
      if (gtk_widget_compute_bounds (widget, a, &b) &&
          (b.origin.x < -1 || b.origin.y < -1 ||
           b.origin.x + b.size.width > gtk_widget_get_width (a) + 1 ||
           b.origin.y + b.size.height > gtk_widget_get_height (a) + 1))
        return a;
    }
  return NULL;
}

static void
check_labels (VnWindow   *window,
              GtkWidget  *widget,
              const char *where,
              guint      *checked)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0' &&
      !is_data (window, widget))
    {
      GtkLabel *label = GTK_LABEL (widget);

      (*checked)++;
      if (gtk_label_get_ellipsize (label) != PANGO_ELLIPSIZE_NONE &&
          pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        g_error ("%s: “%s” is cut off (%d px wide)", where, gtk_label_get_text (label),
                 gtk_widget_get_width (widget));
      if (clipping_ancestor (widget) != NULL)
        g_error ("%s: “%s” is drawn beyond its %s", where, gtk_label_get_text (label),
                 G_OBJECT_TYPE_NAME (clipping_ancestor (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    check_labels (window, child, where, checked);
}

/* Characters of the text's font in its column. */
static double
text_measure (VnWindow *window)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (window->text_view));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  double width = gtk_widget_get_width (GTK_WIDGET (window->text_view)) -
                 gtk_text_view_get_left_margin (window->text_view) -
                 gtk_text_view_get_right_margin (window->text_view);
  double chars = width / (pango_font_metrics_get_approximate_char_width (metrics) /
                          (double) PANGO_SCALE);

  pango_font_metrics_unref (metrics);
  return chars;
}

static void
check_queue (VnWindow *window,
             const char *where)
{
  GListModel *columns = gtk_column_view_get_columns (window->queue_view);
  int sum = 0, width = gtk_widget_get_width (GTK_WIDGET (window->queue_view));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      if (gtk_column_view_column_get_visible (column))
        sum += gtk_column_view_column_get_fixed_width (column);
    }
  g_test_message ("%s: the queue's columns take %d of %d px", where, sum, width);
  g_assert_cmpint (sum, <=, width);
}

static void
check_size (const char *dir,
            int         width,
            int         height)
{
  const char *language = g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "C";
  g_autofree char *where = g_strdup_printf ("%s, %d×%d", language, width, height);
  g_autofree char *name = g_strdup_printf ("layout-%s-%dx%d.png",
                                           g_str_equal (language, "ru") ? "ru" : "en",
                                           width, height);
  VnWindow *window = vn_test_gui_open_letter (dir, width, height);
  g_autoptr(VnDiscrepancy) d = vn_test_gui_find_discrepancy (window, "кулвтличности");
  graphene_rect_t legend, scan;
  int min_width, min_height;
  guint checked = 0;
  double measure;

  _vn_window_select (window, d);
  vn_test_gui_screenshot (GTK_WIDGET (window), name);

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL,
                      NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, width, &min_height, NULL,
                      NULL, NULL);
  g_test_message ("%s: the window needs at least %d × %d px, is %d × %d", where, min_width,
                  min_height, gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (min_width, <=, width);
  g_assert_cmpint (min_height, <=, height);
  /* The window's widget is the size asked less its frame (client-side decorations). */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, width - 12);

  check_labels (window, GTK_WIDGET (window), where, &checked);
  g_assert_cmpuint (checked, >=, 12);
  check_queue (window, where);

  /* The legend (or, where it does not fit, its button) lies beside the scan, not over it. */
  g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (window->legend)), !=,
                   gtk_widget_get_visible (GTK_WIDGET (window->legend_button)));
  g_test_message ("%s: the legend is %s", where,
                  gtk_widget_get_visible (GTK_WIDGET (window->legend)) ? "in the scan's bar"
                                                                       : "behind its button");
  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_visible (GTK_WIDGET (window->legend))
                                            ? GTK_WIDGET (window->legend)
                                            : GTK_WIDGET (window->legend_button),
                                            GTK_WIDGET (window), &legend));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->scan_view), GTK_WIDGET (window),
                                            &scan));
  g_assert_false (graphene_rect_intersection (&legend, &scan, NULL));

  /* A readable measure, and on a wide screen the room goes to the scan. */
  measure = text_measure (window);
  g_test_message ("%s: the text runs %.0f characters to the line; the scan is %.0f px of %d",
                  where, measure, scan.size.width, width);
  g_assert_cmpfloat (measure, >=, 45);
  g_assert_cmpfloat (measure, <=, 92);
  if (width >= 1900)
    g_assert_cmpfloat (scan.size.width, >=, 0.5 * width);
  gtk_window_destroy (GTK_WINDOW (window));
  vn_test_gui_iterate ();
}

static void
test_layouts (void)
{
  g_autofree char *dir = vn_test_copy_letter ("verno-layout-XXXXXX", TRUE);
  GdkDisplay *display = gdk_display_get_default ();
  GdkMonitor *monitor = g_list_model_get_item (gdk_display_get_monitors (display), 0);
  GdkRectangle geometry;

  gdk_monitor_get_geometry (monitor, &geometry);
  g_object_unref (monitor);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      if (sizes[i].width > geometry.width || sizes[i].height > geometry.height)
        {
          g_test_message ("the screen (%d × %d) is too small for %d × %d", geometry.width,
                          geometry.height, sizes[i].width, sizes[i].height);
          g_test_incomplete ("run on a screen of 2560 × 1440 or more (meson test does)");
          continue;
        }
      check_size (dir, sizes[i].width, sizes[i].height);
    }
  vn_test_remove_tree (dir);
}

/* The line-by-line review at the smallest size: the lines' images and readings fit. */
static void
test_lines_at_1024 (void)
{
  g_autofree char *dir = vn_test_copy_letter ("verno-layout-XXXXXX", TRUE);
  VnWindow *window = vn_test_gui_open_letter (dir, 1024, 700);
  const char *language = g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "C";
  g_autofree char *name = g_strdup_printf ("layout-%s-lines-1024x700.png",
                                           g_str_equal (language, "ru") ? "ru" : "en");
  guint checked = 0;

  g_object_set (window, "line-mode", TRUE, NULL);
  vn_test_gui_screenshot (GTK_WIDGET (window), name);
  check_labels (window, GTK_WIDGET (window), "lines at 1024 × 700", &checked);
  g_assert_cmpuint (checked, >=, 3);
  gtk_window_destroy (GTK_WINDOW (window));
  vn_test_remove_tree (dir);
}

/* As test-window.c: only GTK 4.8's one warning about a scroll bar in the frame after a long
 * text is loaded is let through. */
static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if ((level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "Gtk") == 0 && message != NULL &&
      strstr (message, "Trying to snapshot GtkGizmo") &&
      strstr (message, "without a current allocation"))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, data);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");

  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* In the language meson gives (LANGUAGE=ru with LC_ALL=C.UTF-8 for Russian). */
  setlocale (LC_ALL, "");
  vn_runtime_init_i18n ();
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_test_add_func ("/verno/layout/sizes", test_layouts);
  g_test_add_func ("/verno/layout/lines-at-1024", test_lines_at_1024);
  return g_test_run ();
}
