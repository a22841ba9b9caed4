/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-review-flow.c: the review as an editor does it, with real keys and clicks (XTest):
 * review keys and the edit mode, one selection in the scan, the text and the queue, the text
 * keeping its place, the order of review, read-only projects and the project's lock, the
 * re-checking tools, the current word on the scan, menus and their tooltips, the shortcuts
 * window. Each test is of a fault issue 12 found (see its comments). */
#include <string.h>

#include <glib/gstdio.h>

#include <adwaita.h>

#include "vn-concordance.h"
#include "vn-concordance-dialog.h"
#include "vn-preferences-window.h"
#include "vn-region-window.h"
#include "vn-scan-line.h"
#include "vn-window-private.h"
#include "vn-test-gui.h"
#include "vn-test-util.h"

/* ------------------------------------------------------------------ helpers */

typedef struct
{
  char        *dir;
  VnWindow    *window;
  VnTestInput *input;
} Fixture;

static gboolean
set_up (Fixture *f,
        int      width,
        int      height)
{
  f->dir = vn_test_copy_letter ("verno-review-XXXXXX", TRUE);
  f->window = vn_test_gui_open_letter (f->dir, width, height);
  f->input = vn_test_input_new (GTK_WIDGET (f->window));
  if (f->input == NULL)
    {
      g_test_skip ("needs an X11 display with the XTest extension");
      return FALSE;
    }
  return TRUE;
}

static void
tear_down (Fixture *f)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  vn_test_gui_iterate ();
  g_clear_pointer (&f->input, vn_test_input_free);
  vn_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
key (Fixture         *f,
     guint            keyval,
     GdkModifierType  mods)
{
  vn_test_input_key (f->input, keyval, mods);
  vn_test_gui_iterate ();
}

static guint
n_corrections (VnWindow *window)
{
  return g_list_model_get_n_items (vn_session_get_corrections (window->session));
}

/* The middle of the character at @offset of the text, in the text view's coordinates. */
static void
char_point (VnWindow *window,
            int       offset,
            double   *x,
            double   *y)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->text_view);
  GdkRectangle rect;
  GtkTextIter iter;
  int wx, wy;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_view_get_iter_location (window->text_view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (window->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + rect.width / 2, rect.y + rect.height / 2,
                                         &wx, &wy);
  *x = wx, *y = wy;
}

static int
token_char_offset (VnWindow *window,
                   guint     token)
{
  const VnToken *t = vn_transcription_get_token (vn_session_get_canonical (window->session),
                                                 token);
  int cs, ce;

  _vn_window_canonical_to_chars (window, t->core_start, t->core_end, &cs, &ce);
  return cs;
}

/* Clicks the middle of @token in the text, scrolling it into view first. */
static void
click_token_in_text (Fixture *f,
                     guint    token)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (f->window->text_view);
  int offset = token_char_offset (f->window, token) + 1;
  GtkTextIter iter;
  double x, y;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_view_scroll_to_iter (f->window->text_view, &iter, 0.2, FALSE, 0, 0);
  vn_test_gui_wait_for_frames (GTK_WIDGET (f->window), 3);
  char_point (f->window, offset, &x, &y);
  vn_test_input_click (f->input, GTK_WIDGET (f->window->text_view), x, y);
  vn_test_gui_iterate ();
}

/* Where image point (@ix, @iy) of the scan shows, in the scan view's coordinates. */
static void
image_point (VnWindow *window,
             double    ix,
             double    iy,
             double   *x,
             double   *y)
{
  graphene_rect_t area;
  double zoom = vn_scan_view_get_zoom (window->scan_view);

  vn_scan_view_get_visible_area (window->scan_view, &area);
  *x = (ix - area.origin.x) * zoom;
  *y = (iy - area.origin.y) * zoom;
}

/* A word of the current page with a box in view and no discrepancy, other than @not. */
static int
agreeing_token_in_view (VnWindow *window,
                        int       not)
{
  VnTranscription *t = vn_session_get_canonical (window->session);
  graphene_rect_t area;

  vn_scan_view_get_visible_area (window->scan_view, &area);
  graphene_rect_inset (&area, area.size.width / 6, area.size.height / 6);
  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    {
      const VnTokenPlacement *pl = vn_collation_get_placement (window->collation, i);

      if ((int) i != not && pl->page == (int) window->current_page && pl->box.w > 20 &&
          pl->first_ocr >= 0 && _vn_window_discrepancy_of_token (window, i) == NULL &&
          graphene_rect_contains_point (&area, &GRAPHENE_POINT_INIT (pl->box.x + pl->box.w / 2,
                                                                     pl->box.y + pl->box.h / 2)))
        return i;
    }
  return -1;
}

static gboolean
has_tag_at (VnWindow   *window,
            int         offset,
            const char *tag)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->text_view);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  return gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (
                                  gtk_text_buffer_get_tag_table (buffer), tag));
}

/* How many separate stretches of the text @tag covers. */
static guint
tagged_stretches (VnWindow   *window,
                  const char *name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->text_view);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GtkTextIter iter;
  guint n;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  n = gtk_text_iter_starts_tag (&iter, tag);
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    n += gtk_text_iter_starts_tag (&iter, tag);
  return n;
}

static gboolean
text_has_focus (gpointer data)
{
  return gtk_widget_has_focus (GTK_WIDGET (VN_WINDOW (data)->text_view));
}

static gboolean
text_lost_focus (gpointer data)
{
  return !gtk_widget_has_focus (GTK_WIDGET (VN_WINDOW (data)->text_view));
}

/* ------------------------------------------------------------------ modes */

/* "After e the text view keeps the keyboard: Esc does nothing, Tab inserts a tab, Enter a
 * newline, Ctrl+Z jumps the cursor to the end and the next n types an n; typing a word after
 * Ctrl+F fired e." Now: review keys work in the text until "e"; Esc takes the typing back,
 * Enter finishes, Shift+Enter is a real line break, Tab never types; both give the keys back. */
static void
test_keyboard_modes (void)
{
  Fixture f = { 0 };
  g_autofree char *original = NULL, *shown = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter cursor;
  VnDiscrepancy *before;
  guint records;

  if (!set_up (&f, 1400, 880))
    goto out;
  buffer = gtk_text_view_get_buffer (f.window->text_view);
  original = vn_test_gui_buffer_text (f.window);

  /* Review keys in the text, which is not being edited. */
  click_token_in_text (&f, 0);
  g_assert_true (text_has_focus (f.window));
  g_assert_false (f.window->editing);
  before = f.window->current;
  key (&f, GDK_KEY_n, 0);
  g_assert_true (f.window->current != NULL && f.window->current != before);
  shown = vn_test_gui_buffer_text (f.window);
  g_assert_cmpstr (shown, ==, original);

  /* "e": editing shows; Esc takes the typing back and gives the keys back. */
  key (&f, GDK_KEY_e, 0);
  g_assert_true (f.window->editing);
  g_assert_true (gtk_revealer_get_reveal_child (f.window->edit_revealer));
  g_assert_true (gtk_text_view_get_editable (f.window->text_view));
  g_assert_nonnull (strstr (gtk_label_get_label (f.window->edit_label), "Esc"));
  vn_test_input_type (f.input, "xy");
  g_assert_cmpuint (n_corrections (f.window), ==, 1);
  key (&f, GDK_KEY_Escape, 0);
  g_assert_false (f.window->editing);
  g_assert_false (gtk_text_view_get_editable (f.window->text_view));
  g_clear_pointer (&shown, g_free);
  shown = vn_test_gui_buffer_text (f.window);
  g_assert_cmpstr (shown, ==, original);
  g_assert_cmpuint (n_corrections (f.window), ==, 0);
  g_assert_true (vn_session_can_redo (f.window->session));
  before = f.window->current;
  key (&f, GDK_KEY_n, 0);
  g_assert_true (f.window->current != before);
  g_clear_pointer (&shown, g_free);
  shown = vn_test_gui_buffer_text (f.window);
  g_assert_cmpstr (shown, ==, original);

  /* Tab never types: it leaves the text, which finishes the edit. */
  key (&f, GDK_KEY_e, 0);
  g_assert_true (vn_test_gui_wait_for (text_has_focus, f.window, 5));
  vn_test_input_type (f.input, "q");
  key (&f, GDK_KEY_Tab, 0);
  g_assert_true (vn_test_gui_wait_for (text_lost_focus, f.window, 5));
  vn_test_gui_spin (50);
  g_assert_false (f.window->editing);
  g_clear_pointer (&shown, g_free);
  shown = vn_test_gui_buffer_text (f.window);
  g_assert_null (strchr (shown, '\t'));
  g_assert_cmpuint (n_corrections (f.window), ==, 1);

  /* Shift+Enter is a line break in the word; Enter finishes. */
  gtk_widget_grab_focus (GTK_WIDGET (f.window->queue_view));
  key (&f, GDK_KEY_n, 0);
  key (&f, GDK_KEY_e, 0);
  records = vn_test_gui_journal_records (f.dir, "correct");
  vn_test_input_type (f.input, "z");
  key (&f, GDK_KEY_Return, GDK_SHIFT_MASK);
  g_assert_true (f.window->editing);
  key (&f, GDK_KEY_Return, 0);
  g_assert_false (f.window->editing);
  g_clear_pointer (&shown, g_free);
  shown = vn_test_gui_buffer_text (f.window);
  g_assert_nonnull (strstr (shown, "z\n"));
  g_assert_cmpuint (vn_test_gui_journal_records (f.dir, "correct"), ==, records + 3);

  /* Ctrl+Z takes it back; the cursor stays near the word, and "n" types nothing. */
  gtk_widget_grab_focus (GTK_WIDGET (f.window->text_view));
  key (&f, GDK_KEY_z, GDK_CONTROL_MASK);
  g_clear_pointer (&shown, g_free);
  shown = vn_test_gui_buffer_text (f.window);
  g_assert_null (strstr (shown, "z\n"));
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_false (gtk_text_iter_is_end (&cursor));
  key (&f, GDK_KEY_n, 0);
  g_clear_pointer (&original, g_free);
  original = vn_test_gui_buffer_text (f.window);
  g_assert_cmpstr (original, ==, shown);

  /* Ctrl+F finds: the letters go to the search field, not to review keys. */
  records = vn_test_gui_journal_records (f.dir, "correct");
  key (&f, GDK_KEY_f, GDK_CONTROL_MASK);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (f.window->search_entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f.window)),
                                         GTK_WIDGET (f.window->search_entry)));
  vn_test_input_type (f.input, "ого");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.window->search_entry)), ==, "ого");
  g_assert_false (f.window->editing);
  g_assert_cmpuint (vn_test_gui_journal_records (f.dir, "correct"), ==, records);
  key (&f, GDK_KEY_Escape, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.window->search_entry)), ==, "");
out:
  tear_down (&f);
}

/* ------------------------------------------------------------------ one selection */

/* "Clicking a word in the text selects nothing on the scan or in the queue; clicking a box
 * whose word agrees highlights nothing in the text; Ctrl+Page Down turns the scan only." */
static void
test_linked_selection (void)
{
  Fixture f = { 0 };
  VnTranscription *t;
  const VnTokenPlacement *pl;
  const VnToken *tok;
  int agree, other;
  double x, y;

  if (!set_up (&f, 1400, 880))
    goto out;
  t = vn_session_get_canonical (f.window->session);

  /* A word in the text, with no discrepancy: the scan selects its box; the queue nothing. */
  agree = agreeing_token_in_view (f.window, -1);
  g_assert_cmpint (agree, >=, 0);
  click_token_in_text (&f, agree);
  g_assert_null (f.window->current);
  g_assert_cmpint (f.window->current_token, ==, agree);
  g_assert_cmpint (vn_scan_view_get_selected_box (f.window->scan_view), ==, agree);
  g_assert_cmpuint (gtk_single_selection_get_selected (f.window->selection), ==,
                    GTK_INVALID_LIST_POSITION);
  tok = vn_transcription_get_token (t, agree);
  g_assert_cmpstr (gtk_label_get_label (f.window->word_transcription), ==, tok->text);

  /* A box on the scan whose word agrees: the text marks that word. */
  other = agreeing_token_in_view (f.window, agree);
  g_assert_cmpint (other, >=, 0);
  pl = vn_collation_get_placement (f.window->collation, other);
  image_point (f.window, pl->box.x + pl->box.w / 2.0, pl->box.y + pl->box.h / 2.0, &x, &y);
  vn_test_input_click (f.input, GTK_WIDGET (f.window->scan_view), x, y);
  vn_test_gui_iterate ();
  g_assert_cmpint (f.window->current_token, ==, other);
  g_assert_true (has_tag_at (f.window, token_char_offset (f.window, other), "current"));
  /* The yellow moved: the word before has none left. */
  g_assert_false (has_tag_at (f.window, token_char_offset (f.window, agree), "current"));
  g_assert_cmpuint (tagged_stretches (f.window, "current"), ==, 1);

  /* A word with a discrepancy, clicked in the text: its row in the queue. */
  {
    g_autoptr(VnDiscrepancy) d = vn_test_gui_find_discrepancy (f.window, "ого");
    guint first, n;

    vn_discrepancy_get_tokens (d, &first, &n);
    click_token_in_text (&f, first);
    g_assert_true (f.window->current == d);
    g_assert_true (gtk_single_selection_get_selected_item (f.window->selection) == d);
    g_assert_false (has_tag_at (f.window, token_char_offset (f.window, other), "current"));
    g_assert_cmpuint (tagged_stretches (f.window, "current"), ==, 1);
  }

  /* Ctrl+Page Down: the scan, the text and the queue are on page 2 together. */
  gtk_widget_grab_focus (GTK_WIDGET (f.window->queue_view));
  key (&f, GDK_KEY_Page_Down, GDK_CONTROL_MASK);
  g_assert_cmpuint (f.window->current_page, ==, 1);
  g_assert_cmpint (f.window->current_token, >=, 0);
  g_assert_cmpint (vn_collation_get_placement (f.window->collation,
                                               f.window->current_token)->page, ==, 1);
  g_assert_true (has_tag_at (f.window, token_char_offset (f.window, f.window->current_token),
                             "current"));
  g_assert_cmpuint (tagged_stretches (f.window, "current"), ==, 1);
  if (f.window->current != NULL)
    g_assert_true (gtk_single_selection_get_selected_item (f.window->selection) ==
                   f.window->current);
out:
  tear_down (&f);
}

/* ------------------------------------------------------------------ the text keeps its place */

static double
text_scroll (VnWindow *window)
{
  return gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (
                                     GTK_SCROLLABLE (window->text_view)));
}

/* The view shows text at its middle, and the line of @offset. */
static void
assert_text_in_view (VnWindow *window,
                     int       offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->text_view);
  GdkRectangle visible, location;
  GtkTextIter iter, end;
  int end_y, end_height;

  gtk_text_view_get_visible_rect (window->text_view, &visible);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_view_get_iter_location (window->text_view, &iter, &location);
  g_assert_cmpint (location.y, >=, visible.y);
  g_assert_cmpint (location.y + location.height, <=, visible.y + visible.height);
  /* Not scrolled past the end: the last line is at the bottom at the lowest. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_view_get_line_yrange (window->text_view, &end, &end_y, &end_height);
  g_assert_cmpint (visible.y + visible.height, <=, end_y + end_height + 24 + 12);
}

/* "At start it is blank, scrolled past the end, when the first item is the document's last
 * word; undo and Alt+2 jump it to the top; after typing, the underlines slide off." */
static void
test_text_keeps_place (void)
{
  g_autofree char *dir = vn_test_copy_letter ("verno-review-XXXXXX", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  g_autoptr(VnTestInput) input = NULL;
  VnWindow *window = vn_window_new (NULL);
  GListModel *list;
  double before;
  guint cs;
  int c0, c1;

  g_assert_no_error (error);
  /* By score, the letter's first item is not on its first lines. */
  g_object_set (window, "review-order", "score", NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 880);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  vn_test_gui_wait_until_ready (window);
  vn_test_gui_wait_for_frames (GTK_WIDGET (window), 5);
  g_test_message ("first by score: %s", vn_discrepancy_get_transcription (window->current));
  _vn_window_canonical_to_chars (window, vn_discrepancy_get_start (window->current),
                                 vn_discrepancy_get_end (window->current), &c0, &c1);
  g_assert_cmpint (c0, >, 200);
  assert_text_in_view (window, c0);
  /* The document's last item ("Bepho", its last word but one) is shown too. */
  g_object_set (window, "review-order", "reading", NULL);
  list = G_LIST_MODEL (window->selection);
  {
    guint n = g_list_model_get_n_items (list);
    g_autoptr(VnDiscrepancy) last = g_list_model_get_item (list, n - 1);

    _vn_window_select (window, last);
    vn_test_gui_wait_for_frames (GTK_WIDGET (window), 5);
    _vn_window_canonical_to_chars (window, vn_discrepancy_get_start (last),
                                   vn_discrepancy_get_end (last), &c0, &c1);
    assert_text_in_view (window, c0);
  }
  input = vn_test_input_new (GTK_WIDGET (window));
  if (input == NULL)
    {
      g_test_skip ("needs an X11 display with the XTest extension");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  /* Alt+2 and undo leave the view where it is. */
  g_object_set (window, "review-order", "reading", NULL);
  list = G_LIST_MODEL (window->selection);
  {
    guint n = g_list_model_get_n_items (list);
    g_autoptr(VnDiscrepancy) middle = g_list_model_get_item (list, n / 2);
    _vn_window_select (window, middle);
  }
  gtk_widget_grab_focus (GTK_WIDGET (window->queue_view));
  vn_test_gui_wait_for_frames (GTK_WIDGET (window), 3);
  before = text_scroll (window);
  g_assert_cmpfloat (before, >, 0);
  vn_test_input_key (input, GDK_KEY_2, GDK_ALT_MASK);
  vn_test_gui_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpint (vn_session_get_page_status (window->session, window->current_page), ==,
                   VN_PAGE_PROOFREAD);
  g_assert_cmpfloat (ABS (text_scroll (window) - before), <, 1);
  vn_test_input_key (input, GDK_KEY_a, 0);
  vn_test_gui_wait_for_frames (GTK_WIDGET (window), 3);
  before = text_scroll (window);
  vn_test_input_key (input, GDK_KEY_z, GDK_CONTROL_MASK);
  vn_test_gui_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpfloat (ABS (text_scroll (window) - before), <, 1);

  /* Typing in a word: every underline after it still lies on its own word. */
  vn_test_input_key (input, GDK_KEY_e, 0);
  vn_test_input_type (input, "абв");
  vn_test_input_key (input, GDK_KEY_Return, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (window->collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (window->collation), i);
      const char *tag = vn_likely_to_string (vn_discrepancy_get_likely (d));
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (window->text_view);
      GtkTextIter a, b;
      g_autofree char *under = NULL;

      cs = vn_discrepancy_get_start (d);
      if (vn_session_is_resolved (window->session, d) || cs == vn_discrepancy_get_end (d))
        continue;
      _vn_window_canonical_to_chars (window, cs, vn_discrepancy_get_end (d), &c0, &c1);
      g_assert_true (has_tag_at (window, c0, tag));
      gtk_text_buffer_get_iter_at_offset (buffer, &a, c0);
      gtk_text_buffer_get_iter_at_offset (buffer, &b, c1);
      under = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
      g_assert_cmpstr (under, ==, vn_discrepancy_get_transcription (d));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  vn_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ order */

/* "Review by score hops page 2 → 1 → 2; the scan's zoom changes with every item; n lands on
 * resolved items; v does not advance where a, o, k do." */
static void
test_order_and_skipping (void)
{
  Fixture f = { 0 };
  GListModel *list;
  g_autoptr(VnDiscrepancy) first = NULL, second = NULL, third = NULL, fourth = NULL;
  double zoom;
  g_autofree char *order = NULL;

  if (!set_up (&f, 1400, 880))
    goto out;
  list = G_LIST_MODEL (f.window->selection);

  /* A long queue is reviewed page by page, in reading order. */
  g_object_get (f.window, "review-order", &order, NULL);
  g_assert_cmpstr (order, ==, "reading");
  for (guint i = 1; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) a = g_list_model_get_item (list, i - 1);
      g_autoptr(VnDiscrepancy) b = g_list_model_get_item (list, i);

      g_assert_cmpuint (vn_discrepancy_get_start (a), <=, vn_discrepancy_get_start (b));
      g_assert_cmpuint (vn_discrepancy_get_page (a), <=, vn_discrepancy_get_page (b));
    }
  /* By score on request (the primary menu's Review Order). */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.review-order", "s", "score");
  for (guint i = 1; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) a = g_list_model_get_item (list, i - 1);
      g_autoptr(VnDiscrepancy) b = g_list_model_get_item (list, i);

      g_assert_cmpfloat (vn_discrepancy_get_score (a), >=, vn_discrepancy_get_score (b));
    }
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.review-order", "s", "reading");

  /* n passes over a resolved item; v answers and goes on, as a does. */
  first = g_list_model_get_item (list, 0);
  second = g_list_model_get_item (list, 1);
  third = g_list_model_get_item (list, 2);
  fourth = g_list_model_get_item (list, 3);
  _vn_window_select (f.window, first);
  gtk_widget_grab_focus (GTK_WIDGET (f.window->queue_view));
  g_assert_true (vn_session_keep (f.window->session, vn_discrepancy_get_start (second),
                                  vn_discrepancy_get_end (second), NULL));
  vn_test_gui_wait_for_frames (GTK_WIDGET (f.window), 3);
  zoom = vn_scan_view_get_zoom (f.window->scan_view);
  key (&f, GDK_KEY_n, 0);
  g_assert_true (f.window->current == third);
  key (&f, GDK_KEY_v, 0);
  g_assert_true (vn_session_is_verified (f.window->session, vn_discrepancy_get_start (third),
                                         vn_discrepancy_get_end (third)));
  g_assert_true (f.window->current == fourth);
  /* The next words were in view: the zoom the editor works at stays. */
  for (int i = 0; i < 4; i++)
    {
      guint page = f.window->current_page;
      key (&f, GDK_KEY_n, 0);
      if (f.window->current_page == page)
        g_assert_cmpfloat (vn_scan_view_get_zoom (f.window->scan_view), ==, zoom);
    }
out:
  tear_down (&f);
}

/* ------------------------------------------------------------------ read-only and the lock */

static gboolean
exists_in (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

/* "Merely opening a folder creates .verno/; the second window explains itself in a toast that
 * vanishes, then a silently does nothing and typing is lost; .verno/lock stays after a clean
 * quit." */
static void
test_read_only_and_lock (void)
{
  Fixture f = { 0 };
  g_autoptr(VnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL, *shown = NULL;
  VnWindow *second;
  guint records;

  if (!set_up (&f, 1400, 880))
    goto out;
  /* Opened and read, the project has nothing written. */
  g_assert_false (exists_in (f.dir, ".verno"));
  gtk_widget_grab_focus (GTK_WIDGET (f.window->queue_view));
  key (&f, GDK_KEY_k, 0);
  g_assert_true (exists_in (f.dir, ".verno/journal.jsonl"));
  g_assert_true (exists_in (f.dir, ".verno/lock"));
  g_assert_false (gtk_revealer_get_reveal_child (f.window->read_only_revealer));

  /* A second window: read-only, and says who holds the project, above everything. */
  project = vn_project_new_from_folder (f.dir, &error);
  g_assert_no_error (error);
  second = vn_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (second), 1400, 880);
  gtk_window_present (GTK_WINDOW (second));
  vn_window_open_project (second, project);
  vn_test_gui_wait_until_ready (second);
  vn_test_gui_wait_for_frames (GTK_WIDGET (second), 3);
  g_assert_true (vn_session_is_read_only (second->session));
  g_assert_true (gtk_revealer_get_reveal_child (second->read_only_revealer));
  g_assert_nonnull (strstr (gtk_label_get_label (second->read_only_label), "another Verno"));
  g_assert_nonnull (strstr (gtk_label_get_label (second->read_only_label), "process"));
  vn_test_gui_screenshot (GTK_WIDGET (second), "window-read-only.png");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (second->letters_button)));
  {
    g_autoptr(VnTestInput) input = vn_test_input_new (GTK_WIDGET (second));
    double x, y;

    /* Keys and typing change nothing, and nothing is typed that could be lost. */
    original = vn_test_gui_buffer_text (second);
    records = vn_test_gui_journal_records (f.dir, "correct");
    char_point (second, 2, &x, &y);
    vn_test_input_click (input, GTK_WIDGET (second->text_view), x, y);
    vn_test_input_type (input, "abc");
    vn_test_input_key (input, GDK_KEY_a, 0);
    vn_test_input_key (input, GDK_KEY_e, 0);
    vn_test_input_type (input, "xyz");
    shown = vn_test_gui_buffer_text (second);
    g_assert_cmpstr (shown, ==, original);
    g_assert_false (second->editing);
    g_assert_false (gtk_text_view_get_editable (second->text_view));
    g_assert_cmpuint (vn_test_gui_journal_records (f.dir, "correct"), ==, records);
  }
  gtk_window_destroy (GTK_WINDOW (second));

  /* Closed, the writing window lets go of the project. */
  gtk_window_close (GTK_WINDOW (f.window));
  vn_test_gui_iterate ();
  g_assert_false (exists_in (f.dir, ".verno/lock"));
  g_assert_true (exists_in (f.dir, ".verno/journal.jsonl"));
  f.window = NULL;
out:
  tear_down (&f);
}

/* Quit (Ctrl+Q's action) with a project open: the lock is gone when the process ends. */
static void
test_clean_quit (void)
{
  g_autofree char *dir = vn_test_copy_letter ("verno-review-XXXXXX", TRUE);
  g_autoptr(VnApplication) app = vn_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  VnWindow *window;

  g_assert_no_error (error);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = vn_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  vn_test_gui_wait_until_ready (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.keep", NULL);
  g_assert_true (exists_in (dir, ".verno/lock"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  vn_test_gui_iterate ();
  g_assert_false (exists_in (dir, ".verno/lock"));
  g_assert_cmpuint (vn_test_gui_journal_records (dir, "keep"), ==, 1);
  vn_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ re-checking tools */

static gboolean
has_reading (gpointer dialog)
{
  return vn_region_window_get_reading (dialog) != NULL;
}

/* "Shift+drag compares the region with the wrong stretch of text (it takes in the previous
 * line), and the only button is Close." */
static void
test_region_reading (void)
{
  Fixture f = { 0 };
  g_autoptr(VnDiscrepancy) d = NULL;
  g_autoptr(VnScanLine) line = NULL, previous = NULL;
  g_autofree char *line_text = NULL, *previous_text = NULL, *expected = NULL;
  g_autofree char *before = NULL, *after = NULL;
  VnRegionWindow *dialog;
  guint first, n;
  double x0, y0, x1, y1;
  VnBox box;

  if (!set_up (&f, 1400, 880))
    goto out;
  d = vn_test_gui_find_discrepancy (f.window, "кулвтличности");
  _vn_window_select (f.window, d);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.zoom", "s", "page");
  vn_test_gui_wait_for_frames (GTK_WIDGET (f.window), 3);
  vn_discrepancy_get_tokens (d, &first, &n);
  for (guint i = 0; i < g_list_model_get_n_items (f.window->lines) && line == NULL; i++)
    {
      g_autoptr(VnScanLine) l = g_list_model_get_item (f.window->lines, i);
      if (vn_scan_line_has_token (l, first))
        line = g_steal_pointer (&l);
      else
        g_set_object (&previous, l);
    }
  g_assert_nonnull (line);
  line_text = vn_scan_line_dup_transcription (line, f.window->session, NULL, NULL);
  previous_text = vn_scan_line_dup_transcription (previous, f.window->session, NULL, NULL);
  /* Loosely drawn: a third of the line above is inside, and a little more around. */
  box = vn_scan_line_get_box (line);
  image_point (f.window, box.x - 30, box.y - box.h / 3.0, &x0, &y0);
  image_point (f.window, box.x + box.w + 30, box.y + box.h * 1.15, &x1, &y1);
  vn_test_input_drag (f.input, GTK_WIDGET (f.window->scan_view), x0, y0, x1, y1,
                      GDK_SHIFT_MASK);
  dialog = VN_REGION_WINDOW (vn_test_gui_wait_for_toplevel (VN_TYPE_REGION_WINDOW, 30));
  g_assert_nonnull (dialog);
  g_assert_true (vn_test_gui_wait_for (has_reading, dialog, 60));
  g_test_message ("line: %s\nscan: %s", line_text, vn_region_window_get_reading (dialog));
  g_assert_cmpstr (vn_region_window_get_transcription (dialog), ==, line_text);
  g_assert_null (strstr (vn_region_window_get_transcription (dialog), previous_text));

  /* The scan's reading can be taken: one correction, undone by one undo. */
  before = vn_session_dup_verified_text (f.window->session, NULL);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "take"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "take");
  vn_test_gui_iterate ();
  after = vn_session_dup_verified_text (f.window->session, NULL);
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpuint (n_corrections (f.window), ==, 1);
  g_assert_nonnull (strstr (after, "культ личности"));
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.undo", NULL);
  g_clear_pointer (&after, g_free);
  after = vn_session_dup_verified_text (f.window->session, NULL);
  g_assert_cmpstr (after, ==, before);
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
out:
  tear_down (&f);
}

/* "b pre-ticks all six places although the verdict is unsure": only the places whose own
 * verdict is a likely transcription error are ticked. */
static void
test_concordance_ticks (void)
{
  Fixture f = { 0 };
  g_autoptr(VnDiscrepancy) d = NULL;
  VnConcordanceDialog *dialog;
  GListModel *places;
  guint ticked = 0;

  if (!set_up (&f, 1400, 880))
    goto out;
  d = vn_test_gui_find_discrepancy (f.window, "ого");
  _vn_window_select (f.window, d);
  gtk_widget_grab_focus (GTK_WIDGET (f.window->queue_view));
  key (&f, GDK_KEY_b, 0);
  dialog = VN_CONCORDANCE_DIALOG (vn_test_gui_wait_for_toplevel (VN_TYPE_CONCORDANCE_DIALOG, 30));
  g_assert_nonnull (dialog);
  places = vn_concordance_dialog_get_places (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (places), >, 1);
  for (guint i = 0; i < g_list_model_get_n_items (places); i++)
    {
      g_autoptr(VnOccurrence) o = g_list_model_get_item (places, i);
      VnLikely likely;
      gboolean error = vn_occurrence_get_likely (o, &likely) &&
                       likely == VN_LIKELY_TRANSCRIPTION_ERROR;

      g_assert_cmpint (vn_concordance_dialog_is_chosen (dialog, i), ==, error);
      ticked += error;
    }
  g_assert_cmpuint (ticked, <, g_list_model_get_n_items (places));
  /* The chosen ones, corrected: one correction each. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  vn_test_gui_iterate ();
  g_assert_cmpuint (n_corrections (f.window), ==, ticked);
  gtk_window_destroy (GTK_WINDOW (dialog));
out:
  tear_down (&f);
}

/* ------------------------------------------------------------------ the scan */

/* The share of the light pixels in @rect of @texture that are the selection's yellow. */
static double
yellow_share (GdkTexture            *texture,
              const graphene_rect_t *rect)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) w * h * 4);
  guint light = 0, yellow = 0;

  gdk_texture_download (texture, data, (gsize) w * 4);
  for (int y = MAX (0, rect->origin.y); y < MIN (h, rect->origin.y + rect->size.height); y++)
    for (int x = MAX (0, rect->origin.x); x < MIN (w, rect->origin.x + rect->size.width); x++)
      {
        /* Cairo's ARGB32, premultiplied, little-endian: B, G, R, A. */
        const guchar *p = data + ((gsize) y * w + x) * 4;
        if (p[0] + p[1] + p[2] < 3 * 140)
          continue;
        light++;
        yellow += p[2] > 200 && p[1] > 170 && p[0] < 170;
      }
  return light ? (double) yellow / light : 0;
}

/* "The current word is a thin dark outline, easy to miss; there is no zoom indicator." */
static void
test_current_word_and_zoom (void)
{
  Fixture f = { 0 };
  g_autoptr(GdkTexture) picture = NULL;
  g_autofree char *label = NULL;
  const VnTokenPlacement *pl;
  graphene_rect_t rect, scan;
  double x0, y0, x1, y1, zoom;
  int other;
  gboolean drawn;

  if (!set_up (&f, 1400, 880))
    goto out;
  pl = vn_collation_get_placement (f.window->collation, f.window->current_token);
  picture = vn_test_gui_render_png (GTK_WIDGET (f.window), "scan-current-word.png", &drawn);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (f.window->scan_view),
                                            GTK_WIDGET (f.window), &scan));
  image_point (f.window, pl->box.x, pl->box.y, &x0, &y0);
  image_point (f.window, pl->box.x + pl->box.w, pl->box.y + pl->box.h, &x1, &y1);
  rect = GRAPHENE_RECT_INIT (scan.origin.x + x0, scan.origin.y + y0, x1 - x0, y1 - y0);
  g_test_message ("yellow in the current word: %.2f", yellow_share (picture, &rect));
  g_assert_cmpfloat (yellow_share (picture, &rect), >, 0.5);
  other = agreeing_token_in_view (f.window, f.window->current_token);
  pl = vn_collation_get_placement (f.window->collation, other);
  image_point (f.window, pl->box.x, pl->box.y, &x0, &y0);
  image_point (f.window, pl->box.x + pl->box.w, pl->box.y + pl->box.h, &x1, &y1);
  rect = GRAPHENE_RECT_INIT (scan.origin.x + x0, scan.origin.y + y0, x1 - x0, y1 - y0);
  g_assert_cmpfloat (yellow_share (picture, &rect), <, 0.05);

  /* The zoom, said under the scan, and following Ctrl+plus. */
  zoom = vn_scan_view_get_zoom (f.window->scan_view);
  label = g_strdup_printf ("%.0f%%", 100 * zoom);
  g_assert_cmpstr (gtk_menu_button_get_label (f.window->zoom_button), ==, label);
  gtk_widget_grab_focus (GTK_WIDGET (f.window->queue_view));
  key (&f, GDK_KEY_plus, GDK_CONTROL_MASK);
  g_assert_cmpfloat (vn_scan_view_get_zoom (f.window->scan_view), >, zoom);
  g_free (label);
  label = g_strdup_printf ("%.0f%%", 100 * vn_scan_view_get_zoom (f.window->scan_view));
  g_assert_cmpstr (gtk_menu_button_get_label (f.window->zoom_button), ==, label);
out:
  tear_down (&f);
}

/* ------------------------------------------------------------------ menus, preferences */

/* "Tooltips cover menu entries": a menu button has none while its menu is open. Preferences
 * say which OCR languages "Automatic" chose. */
static void
test_menus_and_preferences (void)
{
  g_autofree char *dir = vn_test_copy_letter ("verno-review-XXXXXX", TRUE);
  VnWindow *window = vn_test_gui_open_letter (dir, 1400, 880);
  GtkMenuButton *buttons[] = { window->export_button, window->page_button };
  GtkWindow *preferences;

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (buttons[i])));
      gtk_menu_button_popup (buttons[i]);
      vn_test_gui_wait_for_frames (GTK_WIDGET (window), 2);
      g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (buttons[i])));
      gtk_menu_button_popdown (buttons[i]);
      vn_test_gui_wait_for_frames (GTK_WIDGET (window), 2);
      g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (buttons[i])));
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  preferences = vn_test_gui_wait_for_toplevel (VN_TYPE_PREFERENCES_WINDOW, 30);
  g_assert_nonnull (preferences);
  g_test_message ("%s", vn_preferences_window_get_automatic_description (
                          VN_PREFERENCES_WINDOW (preferences)));
  g_assert_nonnull (strstr (vn_preferences_window_get_automatic_description (
                              VN_PREFERENCES_WINDOW (preferences)), "(rus)"));
  gtk_window_destroy (preferences);
  gtk_window_destroy (GTK_WINDOW (window));
  vn_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ the shortcuts window */

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *found)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, found);
}

typedef struct
{
  guint           keyval;
  GdkModifierType mods;
} Key;

static gboolean
is_trigger_for (GtkShortcut *shortcut,
                gpointer     data)
{
  Key *key = data;
  GtkShortcutTrigger *t = gtk_shortcut_get_trigger (shortcut);

  return GTK_IS_KEYVAL_TRIGGER (t) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (t)) == key->keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (t)) == key->mods;
}

/* A key the window, its text or its scan binds, or the application. */
static gboolean
is_bound (GtkApplication *app,
          VnWindow       *window,
          const char     *accelerator)
{
  Key key;
  g_autoptr(GtkShortcut) found = NULL;
  g_auto(GStrv) actions = NULL;

  g_assert_true (gtk_accelerator_parse (accelerator, &key.keyval, &key.mods));
  if (key.keyval == GDK_KEY_question)
    return TRUE;   /* GtkApplicationWindow's own */
  actions = gtk_application_get_actions_for_accel (app, accelerator);
  if (actions != NULL && actions[0] != NULL)
    return TRUE;
  return (found = vn_test_gui_find_shortcut (GTK_WIDGET (window), is_trigger_for, &key)) ||
         (found = vn_test_gui_find_shortcut (GTK_WIDGET (window->text_view), is_trigger_for,
                                             &key));
}

/* "The shortcuts window is 1,729 px wide": it stays narrow, section by section, and every key
 * it lists is bound. */
static void
test_shortcuts_window (void)
{
  g_autofree char *dir = vn_test_copy_letter ("verno-review-XXXXXX", TRUE);
  g_autoptr(VnApplication) app = vn_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = vn_project_new_from_folder (dir, &error);
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  static const char *sections[] = { "review", "lines", "window" };
  GtkWindow *overlay;
  VnWindow *window;

  g_assert_no_error (error);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = vn_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  vn_window_open_project (window, project);
  vn_test_gui_wait_until_ready (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = vn_test_gui_wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW, 30);
  g_assert_nonnull (overlay);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *name = g_strdup_printf ("shortcuts-%s.png", sections[i]);

      g_object_set (overlay, "section-name", sections[i], NULL);
      vn_test_gui_screenshot (GTK_WIDGET (overlay), name);
      g_test_message ("shortcuts, %s: %d × %d px", sections[i],
                      gtk_widget_get_width (GTK_WIDGET (overlay)),
                      gtk_widget_get_height (GTK_WIDGET (overlay)));
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (overlay)), <=, 1000);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (overlay)), <=, 860);
    }
  collect_shortcuts (GTK_WIDGET (overlay), shortcuts);
  g_assert_cmpuint (shortcuts->len, >, 25);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *accelerators = NULL;
      g_auto(GStrv) keys = NULL;

      g_object_get (shortcuts->pdata[i], "accelerator", &accelerators, NULL);
      keys = g_strsplit (accelerators, " ", -1);
      for (guint k = 0; keys[k]; k++)
        if (!is_bound (GTK_APPLICATION (app), window, keys[k]))
          g_error ("The shortcuts window lists %s, which nothing binds", keys[k]);
    }
  gtk_window_destroy (overlay);
  gtk_window_destroy (GTK_WINDOW (window));
  vn_test_remove_tree (dir);
}

/* ------------------------------------------------------------------ line by line */

static VnScanLine *
selected_line (VnWindow *window)
{
  GListModel *lines = vn_line_view_get_lines (window->line_view);
  return gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (lines));
}

static GtkWidget *
focus_of (VnWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static guint
open_on_line (VnWindow   *window,
              VnScanLine *line)
{
  GListModel *list = G_LIST_MODEL (window->collation);
  guint open = 0;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      guint first, n;

      vn_discrepancy_get_tokens (d, &first, &n);
      open += n > 0 && vn_scan_line_has_token (line, first) &&
              !vn_session_is_resolved (window->session, d);
    }
  return open;
}

/* The line-by-line review: lines with discrepancies, the selected word's line selected; keys
 * per word and per line; a line edited in place with Enter, left as it was with Esc; the same
 * journal and undo; the old letters by the compose key and by the palette. */
/* The first open discrepancy in reading order whose verdict is @likely (borrowed). */
static VnDiscrepancy *
first_with_verdict (VnWindow *window,
                    VnLikely  likely)
{
  GListModel *order = G_LIST_MODEL (window->reading_order);

  for (guint i = 0; i < g_list_model_get_n_items (order); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (order, i);

      if (vn_discrepancy_get_likely (d) == likely && !vn_session_is_resolved (window->session, d))
        return d;
    }
  return NULL;
}

static void
test_line_mode (void)
{
  Fixture f = { 0 };
  VnScanLine *line;
  VnDiscrepancy *d;
  g_autofree char *text = NULL;
  guint corrections, records;

  if (!set_up (&f, 1400, 880))
    goto out;
  gtk_widget_grab_focus (GTK_WIDGET (f.window->queue_view));
  key (&f, GDK_KEY_l, GDK_CONTROL_MASK);
  g_assert_true (f.window->line_mode);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f.window->stack), ==, "lines");
  line = selected_line (f.window);
  g_assert_nonnull (line);
  g_assert_true (vn_scan_line_has_token (line, f.window->current_token));
  vn_test_gui_wait_for_frames (GTK_WIDGET (f.window), 3);
  vn_test_gui_screenshot (GTK_WIDGET (f.window), "window-lines.png");

  /* Per word: "a" follows the verdict. On a likely transcription error it takes the
   * suggestion for the marked word, and goes on; on an unsure one it does nothing, and stays. */
  d = first_with_verdict (f.window, VN_LIKELY_UNSURE);
  g_assert_nonnull (d);
  _vn_window_select (f.window, d);
  key (&f, GDK_KEY_a, 0);
  g_assert_false (vn_session_is_resolved (f.window->session, d));
  g_assert_true (f.window->current == d);
  d = first_with_verdict (f.window, VN_LIKELY_TRANSCRIPTION_ERROR);
  g_assert_nonnull (d);
  _vn_window_select (f.window, d);
  key (&f, GDK_KEY_a, 0);
  g_assert_nonnull (vn_session_find_correction (f.window->session, vn_discrepancy_get_start (d),
                                                vn_discrepancy_get_end (d)));
  g_assert_true (f.window->current != d);

  /* Per line: Shift+K keeps every open discrepancy of the line, and goes to the next line. */
  line = selected_line (f.window);
  g_assert_cmpuint (open_on_line (f.window, line), >, 0);
  key (&f, GDK_KEY_k, GDK_SHIFT_MASK);
  g_assert_cmpuint (open_on_line (f.window, line), ==, 0);
  g_assert_true (selected_line (f.window) != line);

  /* Edited in place: Enter makes it one correction, which undo takes back. */
  line = selected_line (f.window);
  corrections = g_list_model_get_n_items (vn_session_get_corrections (f.window->session));
  records = vn_test_gui_journal_records (f.dir, "correct");
  key (&f, GDK_KEY_e, 0);
  g_assert_true (f.window->editing);
  g_assert_true (GTK_IS_TEXT (focus_of (f.window)));
  g_assert_true (gtk_widget_is_ancestor (focus_of (f.window), GTK_WIDGET (f.window->line_view)));
  key (&f, GDK_KEY_End, 0);
  vn_test_input_type (f.input, " x");
  key (&f, GDK_KEY_Return, 0);
  g_assert_false (f.window->editing);
  text = vn_scan_line_dup_transcription (line, f.window->session, NULL, NULL);
  g_assert_true (g_str_has_suffix (text, " x"));
  g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (f.window->session)), ==,
                    corrections + 1);
  g_assert_cmpuint (vn_test_gui_journal_records (f.dir, "correct"), ==, records + 1);
  key (&f, GDK_KEY_z, GDK_CONTROL_MASK);
  g_clear_pointer (&text, g_free);
  text = vn_scan_line_dup_transcription (line, f.window->session, NULL, NULL);
  g_assert_false (g_str_has_suffix (text, " x"));

  /* Esc leaves the line as it was. */
  corrections = g_list_model_get_n_items (vn_session_get_corrections (f.window->session));
  key (&f, GDK_KEY_e, 0);
  vn_test_input_type (f.input, "zzz");
  key (&f, GDK_KEY_Escape, 0);
  g_assert_false (f.window->editing);
  g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (f.window->session)), ==,
                    corrections);

  /* The compose key: Ctrl+; then е types ѣ. */
  key (&f, GDK_KEY_e, 0);
  key (&f, GDK_KEY_End, 0);
  key (&f, GDK_KEY_semicolon, GDK_CONTROL_MASK);
  key (&f, GDK_KEY_Cyrillic_ie, 0);
  g_assert_true (g_str_has_suffix (gtk_editable_get_text (GTK_EDITABLE (focus_of (f.window))),
                                   "ѣ"));
  /* The palette: і. */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.insert-letter", "s", "і");
  g_assert_true (g_str_has_suffix (gtk_editable_get_text (GTK_EDITABLE (focus_of (f.window))),
                                   "ѣі"));
  key (&f, GDK_KEY_Return, 0);
  g_clear_pointer (&text, g_free);
  line = selected_line (f.window);
  text = vn_scan_line_dup_transcription (line, f.window->session, NULL, NULL);
  g_assert_true (g_str_has_suffix (text, "ѣі"));

  /* Ctrl+L again: the scan, the text and the queue. */
  key (&f, GDK_KEY_l, GDK_CONTROL_MASK);
  g_assert_false (f.window->line_mode);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f.window->stack), ==, "document");
out:
  tear_down (&f);
}

/* The compose key in the text's own editing, and an unknown letter after it typing nothing. */
static void
test_compose_in_text (void)
{
  Fixture f = { 0 };
  g_autofree char *shown = NULL;

  if (!set_up (&f, 1400, 880))
    goto out;
  gtk_widget_grab_focus (GTK_WIDGET (f.window->queue_view));
  key (&f, GDK_KEY_e, 0);
  key (&f, GDK_KEY_semicolon, GDK_CONTROL_MASK);
  key (&f, GDK_KEY_f, 0);
  key (&f, GDK_KEY_semicolon, GDK_CONTROL_MASK);
  key (&f, GDK_KEY_x, 0);   /* composes nothing, types nothing */
  key (&f, GDK_KEY_Return, 0);
  shown = vn_test_gui_buffer_text (f.window);
  g_assert_nonnull (strstr (shown, "ѳ"));
  g_assert_null (strstr (shown, "ѳx"));
out:
  tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");

  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_test_init (&argc, &argv, NULL);
  vn_test_gui_filter_gtk_warnings ();
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_test_add_func ("/verno/review/keyboard-modes", test_keyboard_modes);
  g_test_add_func ("/verno/review/linked-selection", test_linked_selection);
  g_test_add_func ("/verno/review/text-keeps-place", test_text_keeps_place);
  g_test_add_func ("/verno/review/order-and-skipping", test_order_and_skipping);
  g_test_add_func ("/verno/review/read-only-and-lock", test_read_only_and_lock);
  g_test_add_func ("/verno/review/clean-quit", test_clean_quit);
  g_test_add_func ("/verno/review/region-reading", test_region_reading);
  g_test_add_func ("/verno/review/concordance-ticks", test_concordance_ticks);
  g_test_add_func ("/verno/review/current-word-and-zoom", test_current_word_and_zoom);
  g_test_add_func ("/verno/review/menus-and-preferences", test_menus_and_preferences);
  g_test_add_func ("/verno/review/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/verno/lines/review", test_line_mode);
  g_test_add_func ("/verno/lines/compose-in-text", test_compose_in_text);
  return g_test_run ();
}
