/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window-stream.c: the window on a three-page project of real corpus pages, its OCR
 * cache empty: the first page's discrepancies are in the queue before the last page is read;
 * the editor's selection (moved and answered with real keys meanwhile) stays selected and in
 * view while the later pages come in; the answer is journaled; and the queue, once every page
 * is read, is `verno collate --json`'s list, field by field, each discrepancy once. */
#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "vn-window-private.h"
#include "vn-test-gui.h"
#include "vn-test-util.h"

static const char *const pages[][2] = {
  { "corpus/en-typewritten/EHRI-BF-19380509b_EN_01.jpg",
    "corpus/en-typewritten/EHRI-BF-19380509b_EN_01.txt" },
  { "corpus/en-typewritten/EHRI-BF-19380509b_EN_02.jpg",
    "corpus/en-typewritten/EHRI-BF-19380509b_EN_02.txt" },
  { "corpus/fr-typewritten/FRAN_0150_0003_L-medium.jpg",
    "corpus/fr-typewritten/FRAN_0150_0003_L-medium.txt" },
};

/* A project folder of the pages, its transcription their ground truths with a form feed
 * between pages (what lets the window collate the pages one by one). */
static char *
make_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("verno-window-stream-XXXXXX", &error);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *text_path = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *from = vn_test_shared_path (pages[i][0]);
      g_autofree char *truth_path = vn_test_shared_path (pages[i][1]);
      g_autofree char *truth = vn_test_read_file (truth_path);
      g_autofree char *name = g_strdup_printf ("page-%u.jpg", i + 1);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &data, &len, NULL));
      g_assert_true (g_file_set_contents (to, data, len, NULL));
      if (i > 0)
        g_string_append_c (text, '\f');
      g_string_append (text, truth);
    }
  text_path = g_build_filename (dir, "transcription.txt", NULL);
  g_assert_true (g_file_set_contents (text_path, text->str, -1, NULL));
  return g_steal_pointer (&dir);
}

static gboolean
queue_has_items (gpointer data)
{
  VnWindow *window = data;
  return g_list_model_get_n_items (G_LIST_MODEL (window->selection)) > 0;
}

static gboolean
more_pages_shown (gpointer data)
{
  VnWindow *window = data;
  return window->pages_streamed > 1 || vn_window_is_ready (window);
}

/* The queue's list view (GTK 4.8's column view has one inside). */
static GtkWidget *
queue_list (VnWindow *window)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->queue_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  g_assert_not_reached ();
}

/* The top of the selected row in the queue's list, which must show all of it; the test fails
 * when no row shows as selected. */
static double
selected_row_top (VnWindow *window)
{
  GtkWidget *list = queue_list (window);
  int height = gtk_widget_get_height (list);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (row) ||
          !(gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_SELECTED))
        continue;
      g_assert_true (gtk_widget_compute_bounds (row, list, &bounds));
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, height);
      return bounds.origin.y;
    }
  g_assert_not_reached ();
}

static VnDiscrepancy *
selected (VnWindow *window)
{
  VnDiscrepancy *d = gtk_single_selection_get_selected_item (window->selection);

  g_assert_nonnull (d);
  g_assert_true (d == window->current);
  return d;
}

static void
assert_same_place (VnDiscrepancy *a,
                   VnDiscrepancy *b)
{
  g_assert_cmpuint (vn_discrepancy_get_page (a), ==, vn_discrepancy_get_page (b));
  g_assert_cmpuint (vn_discrepancy_get_start (a), ==, vn_discrepancy_get_start (b));
  g_assert_cmpuint (vn_discrepancy_get_end (a), ==, vn_discrepancy_get_end (b));
}

/* The queue, in the collation's order, is the collation's discrepancies, each once. */
static void
assert_queue_is_collation (VnWindow *window)
{
  GListModel *queued = _vn_window_queued (window);
  GListModel *collation = G_LIST_MODEL (window->collation);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  g_assert_true (queued != collation);   /* the window's own store, filled page by page */
  g_assert_cmpuint (g_list_model_get_n_items (queued), ==, g_list_model_get_n_items (collation));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->selection)), ==,
                    g_list_model_get_n_items (collation));
  for (guint i = 0; i < g_list_model_get_n_items (collation); i++)
    {
      g_autoptr(VnDiscrepancy) a = g_list_model_get_item (queued, i);
      g_autoptr(VnDiscrepancy) b = g_list_model_get_item (collation, i);

      g_assert_true (a == b);
      g_assert_true (g_hash_table_add (seen, a));
    }
}

/* What the queue lists, as JSON, against `verno collate --json` on the same project. */
static void
assert_queue_is_command_line (VnWindow   *window,
                              const char *dir)
{
  const char *args[] = { "collate", "--json", "--quiet", dir, NULL };
  g_auto(VnTestRun) run = { 0 };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *window_json = NULL;
  GListModel *queued = _vn_window_queued (window);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "discrepancies");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (queued); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (queued, i);
      vn_collation_add_discrepancy_json (b, d);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  window_json = json_to_string (root, FALSE);
  vn_test_run_verno (&run, NULL, FALSE, args);
  g_assert_cmpint (run.status, ==, 0);
  vn_test_assert_same_discrepancies (run.out, window_json);
}

/* Waits for the window to draw what changed. */
static void
settle (VnWindow *window)
{
  vn_test_gui_iterate ();
  vn_test_gui_wait_for_frames (GTK_WIDGET (window), 2);
}

static void
test_stream (void)
{
  g_autofree char *dir = make_project ();
  g_autofree char *cache = g_dir_make_tmp ("verno-stream-cache-XXXXXX", NULL);
  g_autoptr(VnTestInput) input = NULL;
  g_autoptr(VnDiscrepancy) kept = NULL, chosen = NULL;
  VnWindow *window;
  gboolean found = FALSE;
  double top;

  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  window = vn_test_gui_open_folder (dir);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  g_assert_true (vn_document_streams_pages (window->document));

  /* The first page's discrepancies, and the first of them selected, before the last page is
   * read (two pages are read at a time, the third after one of them; the first two may well
   * finish together). */
  g_assert_true (vn_test_gui_wait_for (queue_has_items, window, 300));
  g_assert_false (vn_window_is_ready (window));
  g_assert_cmpuint (window->pages_read, <, G_N_ELEMENTS (pages));
  g_assert_cmpuint (window->pages_streamed, >=, 1);
  g_assert_cmpuint (window->pages_streamed, <, G_N_ELEMENTS (pages));
  g_assert_cmpuint (vn_discrepancy_get_page (selected (window)), ==, 0);
  g_test_message ("page 1 shown with %u discrepancies, %u page(s) read",
                  g_list_model_get_n_items (G_LIST_MODEL (window->selection)), window->pages_read);

  input = vn_test_input_new (GTK_WIDGET (window));
  if (input == NULL)
    {
      g_test_skip ("needs an X11 display with the XTest extension");
      vn_test_gui_wait_until_ready (window);
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  /* The editor moves on, and keeps the transcription's reading there: the answer is journaled
   * while the other pages are read, and the selection moves to the next one. */
  vn_test_input_key (input, GDK_KEY_n, 0);
  kept = g_object_ref (selected (window));
  vn_test_input_key (input, GDK_KEY_k, 0);
  g_assert_cmpuint (vn_test_gui_journal_records (dir, "keep"), ==, 1);
  chosen = g_object_ref (selected (window));
  g_assert_true (chosen != kept);
  settle (window);
  top = selected_row_top (window);

  /* The later pages come in below: the selected row neither leaves nor moves. */
  g_assert_true (vn_test_gui_wait_for (more_pages_shown, window, 300));
  settle (window);
  assert_same_place (selected (window), chosen);
  if (!vn_window_is_ready (window))
    g_assert_cmpfloat (selected_row_top (window), ==, top);

  /* Every page read: the same place selected, in view, in the whole collation's queue. */
  vn_test_gui_wait_until_ready (window);
  settle (window);
  assert_same_place (selected (window), chosen);
  selected_row_top (window);
  assert_queue_is_collation (window);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (window->collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (window->collation), i);

      if (vn_discrepancy_get_start (d) == vn_discrepancy_get_start (kept) &&
          vn_discrepancy_get_end (d) == vn_discrepancy_get_end (kept))
        {
          g_assert_true (vn_session_is_resolved (window->session, d));
          found = TRUE;
        }
    }
  g_assert_true (found);
  assert_queue_is_command_line (window, dir);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("VERNO_CACHE_DIR");
  vn_test_remove_tree (cache);
  vn_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  vn_test_gui_filter_gtk_warnings ();
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_test_add_func ("/verno/window/stream", test_stream);
  return g_test_run ();
}
