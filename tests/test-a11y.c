/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-a11y.c: the window for a screen reader and the keyboard, under Xvfb: what the
 * accessibility layer is told (GTK's test backend, GTK_A11Y=test, keeps what it would hand to
 * AT-SPI), that every action has a key or a menu entry, that Tab reaches every pane, and the
 * window in the dark style and in high contrast, rendered to PNGs for a person to look at. */
#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "vn-application.h"
#include "vn-window-private.h"
#include "vn-test-gui.h"
#include "vn-test-util.h"

/* ------------------------------------------------------------------ helpers */

static VnWindow *
open_letter (VnApplication *app)
{
  g_autofree char *dir = vn_test_copy_letter ("verno-a11y-XXXXXX", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  VnWindow *window = vn_window_new (app);

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 880);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  vn_test_gui_wait_until_ready (window);
  return window;
}

/* A string property as the accessibility layer holds it, or NULL when unset. GTK 4.8 has no
 * getter: the test backend's check returns the value it holds when it differs from ours. */
static char *
accessible_string (GtkWidget             *widget,
                   GtkAccessibleProperty  property)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), property))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, "\x01");
}

typedef gboolean (*WidgetPredicate) (GtkWidget *widget, gpointer data);

static void
collect (GtkWidget       *root,
         WidgetPredicate  predicate,
         gpointer         data,
         GPtrArray       *found)
{
  if (predicate (root, data))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    collect (child, predicate, data, found);
}

static gboolean
has_role (GtkWidget *widget,
          gpointer   role)
{
  return gtk_widget_get_mapped (widget) &&
         gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GPOINTER_TO_UINT (role);
}

/* ------------------------------------------------------------------ names and descriptions */

/* The scan is named after its page; its description is the selected word, as the box count
 * and both readings the collation has for it. */
static void
test_scan_view (void)
{
  VnWindow *window = open_letter (NULL);
  GtkWidget *scan = GTK_WIDGET (window->scan_view);
  GPtrArray *pages = vn_project_get_scan_pages (window->project);
  VnTranscription *canonical = vn_session_get_canonical (window->session);
  g_autofree char *label = NULL, *before = NULL, *after = NULL;
  guint k = 0, boxes = 0;

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (scan)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  label = accessible_string (scan, GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_test_message ("scan: %s", label);
  g_assert_nonnull (strstr (label, ((VnScanPage *) pages->pdata[window->current_page])->label));

  /* Select each of the first discrepancies with a word on page 1 in turn. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (window->selection)) && k < 3; i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (window->selection), i);
      g_autofree char *description = NULL, *position = NULL;
      const VnTokenPlacement *pl;
      const VnToken *token;
      guint first, n, index = 0;

      vn_discrepancy_get_tokens (d, &first, &n);
      if (n == 0 || vn_discrepancy_get_page (d) != 0 ||
          vn_collation_get_placement (window->collation, first)->box.w <= 0)
        continue;
      _vn_window_select (window, d);
      description = accessible_string (scan, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      g_test_message ("%s", description);
      /* "word INDEX of BOXES": the boxes on the page, counted here from the collation. */
      boxes = 0;
      for (guint t = 0; t < vn_transcription_get_n_tokens (canonical); t++)
        {
          const VnTokenPlacement *pl = vn_collation_get_placement (window->collation, t);

          if (pl->page == 0 && pl->box.w > 0)
            {
              boxes++;
              if (t < first)
                index++;
            }
        }
      position = g_strdup_printf (" %u of %u:", index + 1, boxes);
      token = vn_transcription_get_token (canonical, first);
      g_assert_nonnull (strstr (description, position));
      g_assert_nonnull (strstr (description, token->text));
      pl = vn_collation_get_placement (window->collation, first);
      if (pl->first_ocr >= 0)
        g_assert_nonnull (strstr (description,
                                  vn_collation_get_ocr_word (window->collation, pl->first_ocr,
                                                             NULL)->text));
      g_free (before);
      before = g_steal_pointer (&after);
      after = g_steal_pointer (&description);
      if (before != NULL)
        g_assert_cmpstr (before, !=, after);
      k++;
    }
  g_assert_cmpuint (k, ==, 3);

  /* The other page renames the scan. */
  g_assert_cmpuint (window->current_page, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-page", NULL);
  g_free (label);
  label = accessible_string (scan, GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_test_message ("scan: %s", label);
  g_assert_nonnull (strstr (label, ((VnScanPage *) pages->pdata[1])->label));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Each row of the queue reads as one sentence with both readings and the verdict. */
static void
test_queue_rows (void)
{
  VnWindow *window = open_letter (NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (window->selection), 0);
  gboolean found = FALSE;

  _vn_window_select (window, d);
  for (guint i = 0; i < 20; i++)
    vn_test_gui_iterate ();
  collect (GTK_WIDGET (window->queue_view), has_role, GUINT_TO_POINTER (GTK_ACCESSIBLE_ROLE_ROW),
           rows);
  g_assert_cmpuint (rows->len, >, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *label = accessible_string (rows->pdata[i], GTK_ACCESSIBLE_PROPERTY_LABEL);

      /* The header row has the columns' titles; every discrepancy row has a name. */
      if (gtk_widget_get_ancestor (rows->pdata[i], GTK_TYPE_LIST_VIEW) == NULL)
        continue;
      g_assert_nonnull (label);
      found = found || (strstr (label, vn_discrepancy_get_transcription (d)) &&
                        strstr (label, vn_discrepancy_get_suggestion (d)));
    }
  g_assert_true (found);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A button that shows only an icon is named for screen readers and explained by a tooltip. */
static void
count_content (GtkWidget *widget,
               guint     *images,
               guint     *labels)
{
  *images += GTK_IS_IMAGE (widget);
  *labels += GTK_IS_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    count_content (child, images, labels);
}

/* A button that shows icons and no text, such as a menu button's. */
static gboolean
is_icon_button (GtkWidget *widget,
                gpointer   data)
{
  guint images = 0, labels = 0;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  count_content (widget, &images, &labels);
  return images > 0 && labels == 0;
}

static void
test_icon_buttons (void)
{
  VnWindow *window = open_letter (NULL);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (window), is_icon_button, NULL, buttons);
  g_assert_cmpuint (buttons->len, >=, 5);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];
      GtkWidget *owner = gtk_widget_get_ancestor (button, GTK_TYPE_MENU_BUTTON);
      g_autofree char *label = accessible_string (button, GTK_ACCESSIBLE_PROPERTY_LABEL);
      const char *tooltip = gtk_widget_get_tooltip_text (owner ? owner : button);

      /* The window's own close, minimize and maximize buttons are GTK's. */
      if (gtk_widget_get_ancestor (button, GTK_TYPE_WINDOW_CONTROLS) != NULL)
        continue;
      /* A menu button's inner button is labelled by the menu button (GTK 4.8 relates them). */
      if (label == NULL && owner != NULL)
        {
          g_autofree char *mismatch =
            gtk_test_accessible_check_relation (GTK_ACCESSIBLE (button),
                                                GTK_ACCESSIBLE_RELATION_LABELLED_BY, owner, NULL);

          g_assert_null (mismatch);
          label = accessible_string (owner, GTK_ACCESSIBLE_PROPERTY_LABEL);
        }
      g_test_message ("%s “%s”: %s", G_OBJECT_TYPE_NAME (button), tooltip, label);
      g_assert_nonnull (tooltip);
      g_assert_nonnull (label);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------ keyboard */

static gboolean
is_shortcut_for (GtkShortcut *shortcut,
                 gpointer     action)
{
  GtkShortcutAction *a = gtk_shortcut_get_action (shortcut);

  return GTK_IS_NAMED_ACTION (a) &&
         g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (a)), action);
}

static gboolean
has_shortcut (GtkWidget  *widget,
              const char *action)
{
  g_autoptr(GtkShortcut) shortcut =
    vn_test_gui_find_shortcut (widget, is_shortcut_for, (gpointer) action);

  return shortcut != NULL;
}

static void
add_menu_actions (GMenuModel *menu,
                  GHashTable *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);
      char *action = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_hash_table_add (actions, action);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);
          add_menu_actions (link, actions);
        }
    }
}

static gboolean
is_menu_button (GtkWidget *widget,
                gpointer   data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));
}

static gboolean
has_accel (GtkApplication *app,
           const char     *action)
{
  g_auto(GStrv) detailed = gtk_application_list_action_descriptions (app);

  for (guint i = 0; detailed[i]; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, detailed[i]);

      g_assert_true (g_action_parse_detailed_name (detailed[i], &name, &target, NULL));
      if (g_str_equal (name, action) && accels[0] != NULL)
        return TRUE;
    }
  return FALSE;
}

/* An action a widget class installed, on @type or its parents. */
static gboolean
class_has_action (GType       widget_type,
                  const char *action)
{
  GtkWidgetClass *klass = g_type_class_peek (widget_type);
  const GVariantType *type;  /* GTK 4.8 needs every out argument */
  const char *name, *property;
  GType owner;

  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &name, &type, &property);
       i++)
    if (g_str_equal (name, action))
      return TRUE;
  return FALSE;
}

static gboolean
action_exists (GtkApplication *app,
               VnWindow       *window,
               const char     *action)
{
  if (g_str_has_prefix (action, "app."))
    return g_action_group_has_action (G_ACTION_GROUP (app), action + 4);
  if (g_str_has_prefix (action, "win.") &&
      g_action_group_has_action (G_ACTION_GROUP (window), action + 4))
    return TRUE;
  return class_has_action (VN_TYPE_WINDOW, action);
}

/* Everything the window can do has a key or a menu entry (F10 opens the main menu), and every
 * key and menu entry names an action that exists. */
static void
test_every_action_reachable (void)
{
  g_autoptr(VnApplication) app = vn_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) menu_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              NULL);
  g_autoptr(GPtrArray) menu_buttons = g_ptr_array_new ();
  g_auto(GStrv) accelerated = NULL;
  GtkWidgetClass *klass = g_type_class_ref (VN_TYPE_WINDOW);
  VnWindow *window;
  GHashTableIter iter;
  const GVariantType *type;
  const char *name, *property;
  GType owner;
  guint checked = 0;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = open_letter (app);
  collect (GTK_WIDGET (window), is_menu_button, NULL, menu_buttons);
  for (guint i = 0; i < menu_buttons->len; i++)
    add_menu_actions (gtk_menu_button_get_menu_model (menu_buttons->pdata[i]), menu_actions);
  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &name, &type, &property);
       i++)
    {
      gboolean key = has_shortcut (GTK_WIDGET (window), name);
      gboolean accel = has_accel (GTK_APPLICATION (app), name);
      gboolean menu = g_hash_table_contains (menu_actions, name);

      if (owner != VN_TYPE_WINDOW)
        continue;
      g_test_message ("%-28s key %d, accelerator %d, menu %d", name, key, accel, menu);
      if (!key && !accel && !menu)
        g_error ("The action %s has neither a key nor a menu entry", name);
      checked++;
    }
  g_assert_cmpuint (checked, >, 15);

  g_hash_table_iter_init (&iter, menu_actions);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!action_exists (GTK_APPLICATION (app), window, name))
      g_error ("A menu entry names %s, which is no action", name);
  accelerated = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; accelerated[i]; i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;

      g_assert_true (g_action_parse_detailed_name (accelerated[i], &action, &target, NULL));
      if (!action_exists (GTK_APPLICATION (app), window, action))
        g_error ("The accelerator of %s names no action", accelerated[i]);
    }
  g_type_class_unref (klass);
  gtk_window_destroy (GTK_WINDOW (window));
  vn_test_gui_iterate ();
}

/* Tab alone walks through the scan, the text, the queue's filter and search, and the queue,
 * each named for screen readers. */
static void
test_tab_reaches_panes (void)
{
  VnWindow *window = open_letter (NULL);
  struct { const char *name; GtkWidget *pane; gboolean reached; } panes[] = {
    { "scan", GTK_WIDGET (window->scan_view) },
    { "text", GTK_WIDGET (window->text_view) },
    { "filter", GTK_WIDGET (window->filter_dropdown) },
    { "search", GTK_WIDGET (window->search_entry) },
    { "queue", GTK_WIDGET (window->queue_view) },
  };
  guint reached = 0;

  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  for (guint step = 0; step < 200 && reached < G_N_ELEMENTS (panes); step++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        continue;  /* past the last widget: the next Tab starts again */
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
        if (!panes[i].reached &&
            (focus == panes[i].pane || gtk_widget_is_ancestor (focus, panes[i].pane)))
          {
            g_test_message ("step %u: %s (%s)", step, panes[i].name, G_OBJECT_TYPE_NAME (focus));
            panes[i].reached = TRUE;
            reached++;
          }
    }
  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      g_autofree char *label = accessible_string (panes[i].pane, GTK_ACCESSIBLE_PROPERTY_LABEL);

      if (!panes[i].reached)
        g_error ("Tab never reaches the %s", panes[i].name);
      /* A screen reader names each pane as the focus arrives. */
      g_test_message ("%s: “%s”", panes[i].name, label);
      g_assert_nonnull (label);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ------------------------------------------------------------------ appearance */

/* Mean grey level (0-255) of a rectangle of @texture. */
static guint
mean_grey (GdkTexture            *texture,
           const graphene_rect_t *area)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint64 sum = 0, n = 0;

  gdk_texture_download (texture, data, (gsize) w * 4);
  for (int y = MAX (0, area->origin.y); y < MIN (h, area->origin.y + area->size.height); y++)
    for (int x = MAX (0, area->origin.x); x < MIN (w, area->origin.x + area->size.width); x++)
      {
        const guchar *px = data + ((gsize) y * w + x) * 4;  /* BGRA or RGBA: grey is alike */
        sum += (px[0] + px[1] + px[2]) / 3, n++;
      }
  g_assert_cmpuint (n, >, 0);
  return sum / n;
}

/* Where @widget is in @window, in the window's coordinates. */
static graphene_rect_t
area_of (GtkWidget *widget,
         GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  return bounds;
}

/* The window in the current style: background, text and queue follow it; the scan's paper
 * does not (a scan is not inverted). */
static void
check_appearance (const char *name,
                  gboolean    dark)
{
  VnWindow *window = open_letter (NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (window->selection), 0);
  graphene_rect_t text = area_of (GTK_WIDGET (window->text_view), GTK_WIDGET (window));
  graphene_rect_t scan = area_of (GTK_WIDGET (window->scan_view), GTK_WIDGET (window));
  graphene_rect_t page, visible;
  guint text_grey, paper_grey;
  gboolean drawn;
  double zoom;
  g_autoptr(VnPageImage) pix = NULL;

  /* A discrepancy selected, so its highlight is in the picture, and the whole page in view. */
  _vn_window_select (window, d);
  gtk_widget_activate_action (GTK_WIDGET (window->scan_view), "scan.zoom-fit-page", NULL);
  vn_test_gui_wait_for_frames (GTK_WIDGET (window), 10);
  texture = vn_test_gui_render_png (GTK_WIDGET (window), name, &drawn);
  /* Paper above the first line: the middle of the page, 100 to 200 pixels (at 300 dpi) down. */
  pix = _vn_window_dup_page_image (window, window->current_page);
  g_assert_nonnull (pix);
  zoom = vn_scan_view_get_zoom (window->scan_view);
  vn_scan_view_get_visible_area (window->scan_view, &visible);
  graphene_rect_init (&page, scan.origin.x + (vn_page_image_get_width (pix) * 0.3 - visible.origin.x) * zoom,
                      scan.origin.y + (100 - visible.origin.y) * zoom,
                      vn_page_image_get_width (pix) * 0.4 * zoom, 100 * zoom);
  text_grey = mean_grey (texture, &GRAPHENE_RECT_INIT (text.origin.x + text.size.width - 30,
                                                       text.origin.y + 4, 20, 20));
  paper_grey = mean_grey (texture, &page);
  g_test_message ("%s: text background %u, paper %u", name, text_grey, paper_grey);
  g_assert_cmpuint (paper_grey, >, 200);
  if (dark)
    g_assert_cmpuint (text_grey, <, 80);
  else
    g_assert_cmpuint (text_grey, >, 200);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_dark (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));
  check_appearance ("a11y-dark.png", TRUE);
  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

/* libadwaita takes high contrast from the desktop when it starts; ADW_DEBUG_HIGH_CONTRAST
 * stands in for the desktop, so the check runs in a process of its own. */
static void
test_high_contrast (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (g_test_subprocess ())
    {
      g_assert_true (adw_style_manager_get_high_contrast (manager));
      check_appearance ("a11y-high-contrast.png", FALSE);
      adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
      check_appearance ("a11y-high-contrast-dark.png", TRUE);
      return;
    }
  g_assert_false (adw_style_manager_get_high_contrast (manager));
  g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
  g_test_trap_subprocess (NULL, 600 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("ADW_DEBUG_HIGH_CONTRAST");
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");

  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  /* GTK's test backend records what AT-SPI would be told, without a session bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  /* The scan jumps to a word at once, so what is measured is what is drawn. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_test_add_func ("/verno/a11y/scan-view", test_scan_view);
  g_test_add_func ("/verno/a11y/queue-rows", test_queue_rows);
  g_test_add_func ("/verno/a11y/icon-buttons", test_icon_buttons);
  g_test_add_func ("/verno/a11y/every-action-reachable", test_every_action_reachable);
  g_test_add_func ("/verno/a11y/tab-reaches-panes", test_tab_reaches_panes);
  g_test_add_func ("/verno/a11y/dark", test_dark);
  g_test_add_func ("/verno/a11y/high-contrast", test_high_contrast);
  return g_test_run ();
}
