/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the workbench as an editor uses it, under Xvfb: the letter opens, every
 * error of the published transcription is corrected with one key once it is selected, and
 * the window is rendered to a PNG for a person to look at. */
#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "vn-window-private.h"
#include "vn-test-util.h"

static char *
copy_letter (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("verno-window-XXXXXX", &error);
  g_autofree char *dir = g_build_filename (tmp, "letter-1956", NULL);
  const char *names[] = { "transcription.txt", "translation-en.txt", "page-1.png", "page-2.png" };

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  /* A copy, so the journal lands in a temporary .verno/ beside it. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *rel = g_build_filename ("scans", "letter-1956", names[i], NULL);
      g_autofree char *from = vn_test_source_path (rel);
      g_autofree char *to = g_build_filename (dir, names[i], NULL);
      g_autoptr(GFile) src = g_file_new_for_path (from);
      g_autoptr(GFile) dst = g_file_new_for_path (to);

      g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  return g_steal_pointer (&dir);
}

static void
wait_until_ready (VnWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;

  while (!vn_window_is_ready (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (vn_window_is_ready (window));
}

/* The shortcut the window has for @action: a single key, no modifier, or the test fails. */
static GtkShortcut *
single_key_shortcut (GtkWidget  *widget,
                     const char *action,
                     guint      *keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
          GtkShortcutAction *a = gtk_shortcut_get_action (shortcut);
          GtkShortcutTrigger *t = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_NAMED_ACTION (a) && GTK_IS_KEYVAL_TRIGGER (t) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (a)), action) &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (t)) == 0)
            {
              *keyval = gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (t));
              return g_object_ref (shortcut);
            }
        }
    }
  return NULL;
}

static void
press (GtkWidget   *widget,
       GtkShortcut *shortcut)
{
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                               GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                               gtk_shortcut_get_arguments (shortcut)));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static VnDiscrepancy *
find_discrepancy (VnWindow   *window,
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

/* Waits for one more frame to be painted, so the picture is of what is on screen. */
static void
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean drawn = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_drawn_cb), &drawn);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (widget);
  while (!drawn && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = vn_test_build_path (name);
  int w, h;

  /* A widget paintable shows the last painted frame: paint one first. */
  for (guint i = 0; i < 10; i++)
    wait_for_frame (widget);
  paintable = gtk_widget_paintable_new (widget);
  wait_for_frame (widget);
  w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("# screenshot: %s\n", path);
}

/* Each archive error takes one key once selected: "a" accepts the suggestion. */
static void
test_one_key_per_archive_error (void)
{
  g_autofree char *dir = copy_letter ();
  g_autofree char *tsv_path = vn_test_source_path ("tests/data/letter-1956/archive-errors.tsv");
  g_autofree char *tsv = vn_test_read_file (tsv_path);
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  VnWindow *window = vn_window_new (NULL);
  g_autoptr(GtkShortcut) accept = NULL;
  g_autofree char *verified = NULL;
  guint keyval = 0, fixed = 0;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  wait_until_ready (window);
  save_screenshot (GTK_WIDGET (window), "window-opened.png");

  accept = single_key_shortcut (GTK_WIDGET (window), "win.accept-suggestion", &keyval);
  g_assert_nonnull (accept);
  g_assert_cmpuint (keyval, ==, GDK_KEY_a);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cols = NULL;
      g_autoptr(VnDiscrepancy) d = NULL;
      const char *reading;
      guint n_before = g_list_model_get_n_items (vn_session_get_corrections (window->session));

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", 3);
      /* The table lists whole tokens; the queue shows the words without the dash tokens'
       * spacing changes, so look for the discrepancy by its first word. */
      reading = cols[0];
      d = find_discrepancy (window, reading);
      g_assert_nonnull (d);
      _vn_window_select (window, d);               /* selected, as by a click in the queue */
      press (GTK_WIDGET (window), accept);          /* one key */
      g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (window->session)), ==,
                        n_before + 1);
      g_assert_cmpstr (vn_correction_get_after (vn_session_find_correction (
                         window->session, vn_discrepancy_get_start (d),
                         vn_discrepancy_get_end (d))), ==, cols[1]);
      fixed++;
    }
  g_assert_cmpuint (fixed, ==, 17);
  verified = vn_session_dup_verified_text (window->session, NULL);
  g_assert_nonnull (strstr (verified, "И СЛОЖНОЕ ПОЛОЖЕНИЕ."));
  g_assert_nonnull (strstr (verified, "критике культ личности в нашей"));
  g_assert_nonnull (strstr (verified, "в порядке товарищеской критики"));
  g_assert_nonnull (strstr (verified, "3.IX.56 г."));
  g_assert_nonnull (strstr (verified, "Верно:"));
  save_screenshot (GTK_WIDGET (window), "window-corrected.png");

  /* Undo covers them too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (window->session)), ==, 16);
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint
journal_records (const char *dir,
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

static char *
buffer_text (VnWindow *window)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->text_view);
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  return gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
}

/* The task's list: queue = core, accept and undo reach buffer and journal, linked selection,
 * zoom, and a screenshot. */
static void
test_linked_views (void)
{
  g_autofree char *dir = copy_letter ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  g_autoptr(VnProject) reference_project = NULL;
  g_autoptr(GPtrArray) pages = vn_test_ocr_letter (&reference_project);
  g_autoptr(VnSpellChecker) spell = vn_spell_checker_new ();
  g_autoptr(VnCollation) core = NULL;
  VnWindow *window = vn_window_new (NULL);
  GListModel *queue;
  g_autoptr(VnDiscrepancy) first = NULL, row = NULL;
  g_autofree char *before = NULL, *after = NULL, *undone = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  guint first_token, n_tokens;
  double zoom;

  g_assert_no_error (error);
  core = vn_collation_new (vn_project_get_transcription (project), pages, spell);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  wait_until_ready (window);

  /* 2. The queue lists the core's discrepancies: the same number, the same places. */
  queue = G_LIST_MODEL (window->selection);
  g_assert_cmpuint (g_list_model_get_n_items (queue), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (core)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (core)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (core), i);
      gboolean found = FALSE;

      for (guint k = 0; k < g_list_model_get_n_items (queue) && !found; k++)
        {
          g_autoptr(VnDiscrepancy) q = g_list_model_get_item (queue, k);
          found = vn_discrepancy_get_start (q) == vn_discrepancy_get_start (d) &&
                  vn_discrepancy_get_end (q) == vn_discrepancy_get_end (d) &&
                  g_str_equal (vn_discrepancy_get_suggestion (q), vn_discrepancy_get_suggestion (d));
        }
      g_assert_true (found);
    }

  /* 3. Accept on the first one: the buffer and the journal change. */
  first = g_list_model_get_item (queue, 0);
  gtk_single_selection_set_selected (window->selection, 0);
  g_assert_true (window->current == first);
  before = buffer_text (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.accept-suggestion", NULL);
  after = buffer_text (window);
  g_assert_cmpstr (before, !=, after);
  g_assert_nonnull (strstr (after, vn_discrepancy_get_suggestion (first)));
  g_assert_cmpuint (journal_records (dir, "correct"), ==, 1);

  /* 4. Undo restores both. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  undone = buffer_text (window);
  g_assert_cmpstr (undone, ==, before);
  g_assert_cmpuint (journal_records (dir, "undo"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (window->session)), ==, 0);

  /* 5. Selecting a row selects its box on the scan and its word in the text. */
  gtk_single_selection_set_selected (window->selection, 3);
  row = g_list_model_get_item (queue, 3);
  g_assert_true (window->current == row);
  vn_discrepancy_get_tokens (row, &first_token, &n_tokens);
  g_assert_cmpint (vn_scan_view_get_selected_box (window->scan_view), ==, (int) first_token);
  buffer = gtk_text_view_get_buffer (window->text_view);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                      g_utf8_pointer_to_offset (window->verified,
                                                                window->verified +
                                                                vn_discrepancy_get_start (row)));
  g_assert_true (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (
                                          gtk_text_buffer_get_tag_table (buffer), "current")));

  /* 6. The zoom actions change the scale. */
  zoom = vn_scan_view_get_zoom (window->scan_view);
  gtk_widget_activate_action (GTK_WIDGET (window->scan_view), "scan.zoom-out", NULL);
  g_assert_cmpfloat (vn_scan_view_get_zoom (window->scan_view), <, zoom);
  gtk_widget_activate_action (GTK_WIDGET (window->scan_view), "scan.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window->scan_view), "scan.zoom-in", NULL);
  g_assert_cmpfloat (vn_scan_view_get_zoom (window->scan_view), >, zoom);

  /* 7. The window as a user sees it (resources/screenshot.png is this picture). */
  gtk_widget_activate_action (GTK_WIDGET (window->scan_view), "scan.zoom-out", NULL);
  save_screenshot (GTK_WIDGET (window), "screenshot.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Typing in the text is a correction like any other: journaled, undoable. */
static void
test_typing (void)
{
  g_autofree char *dir = copy_letter ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  VnWindow *window = vn_window_new (NULL);
  GtkTextBuffer *buffer;
  GtkTextIter a, b;
  g_autofree char *shown = NULL, *verified = NULL;
  const char *at;
  int offset;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  wait_until_ready (window);
  buffer = gtk_text_view_get_buffer (window->text_view);

  /* Select "ПОЛОЖОНИС" and type over it, as an editor would after pressing "e". */
  at = strstr (window->verified, "ПОЛОЖОНИС");
  offset = g_utf8_pointer_to_offset (window->verified, at);
  gtk_text_buffer_get_iter_at_offset (buffer, &a, offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, offset + g_utf8_strlen ("ПОЛОЖОНИС", -1));
  gtk_text_buffer_delete_interactive (buffer, &a, &b, TRUE);
  gtk_text_buffer_get_iter_at_offset (buffer, &a, offset);
  gtk_text_buffer_insert_interactive (buffer, &a, "ПОЛОЖЕНИЕ", -1, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  shown = buffer_text (window);
  verified = vn_session_dup_verified_text (window->session, NULL);
  g_assert_cmpstr (shown, ==, verified);
  g_assert_nonnull (strstr (verified, "И СЛОЖНОЕ ПОЛОЖЕНИЕ."));
  g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (window->session)), ==, 1);
  g_assert_cmpuint (journal_records (dir, "correct"), ==, 2);  /* the deletion, then the typing */
  {
    g_autoptr(VnCorrection) typed = g_list_model_get_item (vn_session_get_corrections (window->session), 0);
    g_assert_cmpint (vn_correction_get_source (typed), ==, VN_SOURCE_TYPED);
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_free (shown);
  shown = buffer_text (window);
  g_assert_nonnull (strstr (shown, "И СЛОЖНОЕ ."));  /* the typing undone, the deletion stays */
  gtk_window_destroy (GTK_WINDOW (window));
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

static GtkWindow *
wait_for_toplevel (GType type)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GtkWindow *found;

  while ((found = find_toplevel (type)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return found;
}

/* The concordance and the region reading open as dialogs with real content. */
static void
test_dialogs (void)
{
  g_autofree char *dir = copy_letter ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  VnWindow *window = vn_window_new (NULL);
  g_autoptr(VnDiscrepancy) d = NULL;
  GtkWindow *dialog;
  guint first, n;
  const VnTokenPlacement *pl;
  VnBox region;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 880);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  wait_until_ready (window);

  /* The concordance of "ого" → "его" offers the same confusion elsewhere. */
  d = find_discrepancy (window, "ого");
  _vn_window_select (window, d);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.concordance", NULL);
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  save_screenshot (GTK_WIDGET (dialog), "concordance.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);

  /* A rectangle over the line of "кулвтличности" is read again beside the text. */
  g_clear_object (&d);
  d = find_discrepancy (window, "кулвтличности");
  _vn_window_select (window, d);
  vn_discrepancy_get_tokens (d, &first, &n);
  pl = vn_collation_get_placement (window->collation, first);
  region = (VnBox) { 200, pl->box.y - 10, 2080, pl->box.h + 20 };
  _vn_window_read_region (window, &region);
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while (g_object_get_data (G_OBJECT (dialog), "comparison") == NULL &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  {
    g_autofree char *plain = NULL;

    g_assert_true (pango_parse_markup (g_object_get_data (G_OBJECT (dialog), "comparison"),
                                       -1, 0, NULL, &plain, NULL, NULL));
    g_test_message ("%s", plain);
    /* The scan, read again as one line, has "культ личности"; the text "кулвтличности". */
    g_assert_nonnull (strstr (plain, "культ личности"));
    g_assert_nonnull (strstr (plain, "кулвтличности"));
  }
  save_screenshot (GTK_WIDGET (dialog), "region.png");
  {
    /* Another layout reads the region again. */
    Region *r = g_object_get_data (G_OBJECT (dialog), "region");
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    gtk_drop_down_set_selected (GTK_DROP_DOWN (r->layout), 1);
    g_assert_null (g_object_get_data (G_OBJECT (dialog), "comparison"));
    while (g_object_get_data (G_OBJECT (dialog), "comparison") == NULL &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (g_object_get_data (G_OBJECT (dialog), "comparison"));
  }
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");

  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  /* Xvfb has no session bus for the accessibility bridge, whose warning would be fatal. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_test_add_func ("/verno/window/one-key-per-archive-error", test_one_key_per_archive_error);
  g_test_add_func ("/verno/window/linked-views", test_linked_views);
  g_test_add_func ("/verno/window/dialogs", test_dialogs);
  g_test_add_func ("/verno/window/typing", test_typing);
  return g_test_run ();
}
