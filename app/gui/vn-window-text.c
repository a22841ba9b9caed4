/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window-text.c: the verified transcription in the window: its underlines, the selection
 * shown and scrolled to only when out of sight, and its two modes. Reviewing, the text is not
 * editable and single keys are review actions; "e" edits the selected word (framed, with a
 * hint), Enter or leaving the text finishes, Esc takes the typing back. Every keystroke is a
 * journaled correction (vn_session_edit_verified) before it shows. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vn-compose.h"
#include "vn-window-private.h"

/* ------------------------------------------------------------------ offsets */

/* Canonical bytes [start, end) as character offsets into the verified text shown. */
/* The verified text changed: offsets are mapped anew. */
static void
forget_offsets (VnWindow *self)
{
  self->verified_len = self->verified ? strlen (self->verified) : 0;
  self->cursor_byte = 0;
  self->cursor_char = 0;
}

/* The character offset of verified byte @at, counted from the last one mapped, forwards or
 * back: the tags are applied in the text's order, and counting from the start each time (as
 * for each discrepancy that starts inside the one before it) made a page turn on a 300-page
 * text take seconds. */
static int
verified_to_chars (VnWindow *self,
                   gsize     at)
{
  /* Counts back when @at is before the last one mapped (GLib allows it since 2.10). */
  self->cursor_char += g_utf8_pointer_to_offset (self->verified + self->cursor_byte,
                                                 self->verified + at);
  self->cursor_byte = at;
  return self->cursor_char;
}

void
_vn_window_canonical_to_chars (VnWindow *self,
                               guint     start,
                               guint     end,
                               int      *char_start,
                               int      *char_end)
{
  guint vs = vn_session_canonical_to_verified (self->session, start);
  guint ve = vn_session_canonical_to_verified (self->session, end);
  VnCorrection *c = vn_session_find_correction (self->session, start, end);
  gsize len = self->verified_len;

  /* A corrected span shows its replacement: cover all of it. */
  if (c != NULL)
    {
      vs = vn_session_canonical_to_verified (self->session, vn_correction_get_start (c));
      ve = vs + strlen (vn_correction_get_after (c));
    }
  vs = MIN (vs, len);
  ve = CLAMP (ve, vs, len);
  *char_start = verified_to_chars (self, vs);
  *char_end = verified_to_chars (self, ve);
}

static guint
iter_to_bytes (VnWindow          *self,
               const GtkTextIter *iter)
{
  const char *at = g_utf8_offset_to_pointer (self->verified, gtk_text_iter_get_offset (iter));
  return at - self->verified;
}

/* The token whose text holds verified byte @at, or -1: tokens are in the text's order, and
 * so are their places in the verified text. */
static int
token_at_verified (VnWindow *self,
                   guint     at)
{
  VnTranscription *t = vn_session_get_canonical (self->session);
  int lo = 0, hi = (int) vn_transcription_get_n_tokens (t) - 1, found = -1;
  guint end;

  while (lo <= hi)
    {
      int mid = (lo + hi) / 2;

      if (vn_session_canonical_to_verified (self->session,
                                            vn_transcription_get_token (t, mid)->start) <= at)
        found = mid, lo = mid + 1;
      else
        hi = mid - 1;
    }
  if (found < 0)
    return -1;
  end = vn_session_canonical_to_verified (self->session, vn_transcription_get_token (t, found)->end);
  if (end < at)
    return -1;
  return found;
}

/* ------------------------------------------------------------------ underlines */

static void
ensure_tags (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  static const struct { const char *name; const char *underline_rgba; } verdicts[] = {
    { "transcription-error", "#e01b24" }, { "unsure", "#e66100" }, { "ocr-error", "#9a9996" },
  };

  if (gtk_text_tag_table_lookup (table, "current") != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      GdkRGBA rgba;
      gdk_rgba_parse (&rgba, verdicts[i].underline_rgba);
      gtk_text_buffer_create_tag (buffer, verdicts[i].name, "underline", PANGO_UNDERLINE_ERROR,
                                  "underline-rgba", &rgba, NULL);
    }
  gtk_text_buffer_create_tag (buffer, "resolved", "underline", PANGO_UNDERLINE_SINGLE,
                              "underline-rgba", &(GdkRGBA) { 0.15, 0.6, 0.3, 1 }, NULL);
  gtk_text_buffer_create_tag (buffer, "current", "background-rgba",
                              &(GdkRGBA) { 0.99, 0.85, 0.2, 0.45 }, NULL);
  /* The word being edited: the accent's blue, above the selection's yellow. */
  gtk_text_buffer_create_tag (buffer, "editing", "background-rgba",
                              &(GdkRGBA) { 0.21, 0.52, 0.89, 0.22 }, "underline",
                              PANGO_UNDERLINE_SINGLE, "underline-rgba",
                              &(GdkRGBA) { 0.21, 0.52, 0.89, 1 }, NULL);
}

/* Tags canonical [@start, @end); @a and @b are left at the range tagged. */
static void
tag_range_at (VnWindow    *self,
              const char  *tag,
              guint        start,
              guint        end,
              GtkTextIter *a,
              GtkTextIter *b)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  int cs, ce;

  _vn_window_canonical_to_chars (self, start, end, &cs, &ce);
  if (ce == cs)
    ce = cs + 1;  /* an insertion point: mark the character after it */
  gtk_text_buffer_get_iter_at_offset (buffer, a, cs);
  gtk_text_buffer_get_iter_at_offset (buffer, b, ce);
  gtk_text_buffer_apply_tag_by_name (buffer, tag, a, b);
}

static void
tag_range (VnWindow   *self,
           const char *tag,
           guint       start,
           guint       end)
{
  GtkTextIter a, b;

  tag_range_at (self, tag, start, end, &a, &b);
}

/* The selection's yellow, where the marks "current-start" and "current-end" keep it, so that
 * it can be taken off there alone when the selection moves. */
static void
tag_current (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextMark *start = gtk_text_buffer_get_mark (buffer, "current-start");
  GtkTextIter a, b;
  guint cs, ce;

  if (self->current != NULL)
    cs = vn_discrepancy_get_start (self->current), ce = vn_discrepancy_get_end (self->current);
  else if (self->current_token >= 0)
    {
      const VnToken *t = vn_transcription_get_token (vn_session_get_canonical (self->session),
                                                     self->current_token);
      cs = t->core_start, ce = t->core_end;
    }
  else
    return;
  tag_range_at (self, "current", cs, ce, &a, &b);
  if (start == NULL)
    {
      gtk_text_buffer_create_mark (buffer, "current-start", &a, TRUE);
      gtk_text_buffer_create_mark (buffer, "current-end", &b, FALSE);
      return;
    }
  gtk_text_buffer_move_mark (buffer, start, &a);
  gtk_text_buffer_move_mark_by_name (buffer, "current-end", &b);
}

static void
tag_editing (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextMark *start = gtk_text_buffer_get_mark (buffer, "edit-start");
  GtkTextMark *end = gtk_text_buffer_get_mark (buffer, "edit-end");
  GtkTextIter a, b;

  if (!self->editing || start == NULL || end == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &a, start);
  gtk_text_buffer_get_iter_at_mark (buffer, &b, end);
  gtk_text_buffer_apply_tag_by_name (buffer, "editing", &a, &b);
}

/* Underlines from the session as it is now, on the text as the buffer shows it. */
void
_vn_window_update_text_tags (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GListModel *list = G_LIST_MODEL (self->collation);
  GtkTextIter start, end;

  if (self->collation == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_all_tags (buffer, &start, &end);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      const char *tag = vn_session_is_resolved (self->session, d)
                        ? "resolved" : vn_likely_to_string (vn_discrepancy_get_likely (d));

      tag_range (self, tag, vn_discrepancy_get_start (d), vn_discrepancy_get_end (d));
    }
  tag_current (self);
  tag_editing (self);
}

/* The selection moved, the text and its underlines did not: only the yellow moves (tagging
 * the whole text again, and the text view laying all of it out again, took a page turn on a
 * 300-page text 200 ms). */
void
_vn_window_update_current_tag (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextMark *start = gtk_text_buffer_get_mark (buffer, "current-start");
  GtkTextIter a, b;

  if (self->collation == NULL)
    return;
  if (start != NULL)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &a, start);
      gtk_text_buffer_get_iter_at_mark (buffer, &b,
                                        gtk_text_buffer_get_mark (buffer, "current-end"));
      gtk_text_buffer_remove_tag_by_name (buffer, "current", &a, &b);
    }
  tag_current (self);
}

/* ------------------------------------------------------------------ the text shown */

/* The whole text anew (a project opened): the view starts at the top. */
void
_vn_window_reload_text (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  g_free (self->verified);
  self->verified = self->session ? vn_session_dup_verified_text (self->session, NULL)
                                 : g_strdup ("");
  forget_offsets (self);
  self->updating_text = TRUE;
  gtk_text_buffer_set_text (buffer, self->verified, -1);
  self->updating_text = FALSE;
  ensure_tags (self);
  _vn_window_update_text_tags (self);
}

/* After a change not typed here (an answer, undo, a page status): only the stretch that
 * changed is replaced, so the view keeps its place and the cursor its word. */
void
_vn_window_sync_text (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autofree char *old = g_steal_pointer (&self->verified);
  gsize lo = strlen (old), ln, prefix = 0, suffix = 0;
  GtkTextIter a, b;

  self->verified = vn_session_dup_verified_text (self->session, &ln);
  forget_offsets (self);
  while (prefix < MIN (lo, ln) && old[prefix] == self->verified[prefix])
    prefix++;
  while (suffix < MIN (lo, ln) - prefix && old[lo - 1 - suffix] == self->verified[ln - 1 - suffix])
    suffix++;
  while (prefix > 0 && (old[prefix] & 0xC0) == 0x80)
    prefix--;
  while (suffix > 0 && (old[lo - suffix] & 0xC0) == 0x80)
    suffix--;
  if (prefix < lo - suffix || prefix < ln - suffix)
    {
      self->updating_text = TRUE;
      gtk_text_buffer_get_iter_at_offset (buffer, &a, g_utf8_pointer_to_offset (old, old + prefix));
      gtk_text_buffer_get_iter_at_offset (buffer, &b,
                                          g_utf8_pointer_to_offset (old, old + lo - suffix));
      gtk_text_buffer_delete (buffer, &a, &b);
      gtk_text_buffer_insert (buffer, &a, self->verified + prefix, ln - suffix - prefix);
      self->updating_text = FALSE;
    }
  _vn_window_update_text_tags (self);
}

/* Scrolls the text to canonical [start, end) only when it is out of sight, by as little as
 * brings it a little way inside. */
void
_vn_window_show_in_text (VnWindow *self,
                         guint     start,
                         guint     end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GdkRectangle visible, location;
  GtkTextIter iter;
  GtkTextMark *mark;
  int cs, ce;

  _vn_window_canonical_to_chars (self, start, end, &cs, &ce);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, cs);
  mark = gtk_text_buffer_get_mark (buffer, "current");
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (buffer, "current", &iter, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &iter);
  gtk_text_view_get_visible_rect (self->text_view, &visible);
  gtk_text_view_get_iter_location (self->text_view, &iter, &location);
  if (visible.height > 0 && location.y >= visible.y + location.height &&
      location.y + 2 * location.height <= visible.y + visible.height)
    return;
  /* A mark, not an iter: it scrolls once the lines are measured, also right after a load. */
  gtk_text_view_scroll_to_mark (self->text_view, mark, 0.15, FALSE, 0.0, 0.0);
}

/* ------------------------------------------------------------------ typing */

/* An edit typed in the text becomes a journaled correction before it shows; one that cannot
 * be saved does not show, and the editor is told. Keystrokes in one stretch of words are one
 * correction (vn_session_edit_verified). */
static gboolean
record_typed_edit (VnWindow   *self,
                   guint       vstart,
                   guint       vend,
                   const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = NULL;

  c = vn_session_edit_verified (self->session, vstart, vend, text, self->current_page, NULL,
                                &error);
  if (c == NULL)
    {
      _vn_window_toast (self, error->message);
      _vn_window_update_read_only (self);
    }
  return c != NULL;
}

static void
buffer_insert_text_cb (VnWindow      *self,
                       GtkTextIter   *location,
                       const char    *text,
                       int            len,
                       GtkTextBuffer *buffer)
{
  g_autofree char *inserted = NULL;
  gboolean saved;

  if (self->updating_text || self->session == NULL)
    return;
  inserted = g_strndup (text, len);
  self->updating_text = TRUE;
  saved = record_typed_edit (self, iter_to_bytes (self, location), iter_to_bytes (self, location),
                             inserted);
  self->updating_text = FALSE;
  if (!saved)
    g_signal_stop_emission_by_name (buffer, "insert-text");
}

static void
buffer_delete_range_cb (VnWindow      *self,
                        GtkTextIter   *start,
                        GtkTextIter   *end,
                        GtkTextBuffer *buffer)
{
  gboolean saved;

  if (self->updating_text || self->session == NULL)
    return;
  self->updating_text = TRUE;
  saved = record_typed_edit (self, iter_to_bytes (self, start), iter_to_bytes (self, end), "");
  self->updating_text = FALSE;
  if (!saved)
    g_signal_stop_emission_by_name (buffer, "delete-range");
}

/* After a typed edit the buffer shows the new text: offsets and underlines follow it now,
 * not before the buffer changed (they would slide off their words). */
static void
buffer_changed_cb (VnWindow      *self,
                   GtkTextBuffer *buffer)
{
  if (self->updating_text || self->session == NULL)
    return;
  g_free (self->verified);
  self->verified = vn_session_dup_verified_text (self->session, NULL);
  forget_offsets (self);
  _vn_window_update_text_tags (self);
}

/* ------------------------------------------------------------------ editing */

/* The text takes typing, or not. Its cursor is hidden by style while reviewing (style.css):
 * GTK 4.8's cursor blinking asserts when cursor-visible changes under it. */
void
_vn_window_set_text_editable (VnWindow *self,
                              gboolean  editable)
{
  gtk_text_view_set_editable (self->text_view, editable);
}

void
_vn_window_set_editing (VnWindow   *self,
                        gboolean    editing,
                        const char *word)
{
  g_autofree char *hint = NULL;

  editing = editing && _vn_window_is_writable (self);
  self->compose_pending = FALSE;
  if (self->editing == editing)
    return;
  self->editing = editing;
  _vn_window_set_text_editable (self, editing && !self->line_mode);
  if (editing)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "editing");
      /* TRANSLATORS: shown while a word is edited; "%s" is the word. */
      hint = g_strdup_printf (_("Editing “%s”: Enter to finish, Esc to cancel, Shift+Enter for a "
                                "new line"), word ? word : "");
      gtk_label_set_label (self->edit_label, hint);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_view), "editing");
  gtk_revealer_set_reveal_child (self->edit_revealer, editing && !self->line_mode);
  if (self->collation != NULL)
    _vn_window_update_text_tags (self);
  _vn_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), _vn_window_properties[PROP_EDITING]);
}

static void
place_edit_marks (VnWindow    *self,
                  GtkTextIter *a,
                  GtkTextIter *b)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextMark *start = gtk_text_buffer_get_mark (buffer, "edit-start");

  if (start == NULL)
    {
      gtk_text_buffer_create_mark (buffer, "edit-start", a, TRUE);
      gtk_text_buffer_create_mark (buffer, "edit-end", b, FALSE);
      return;
    }
  gtk_text_buffer_move_mark (buffer, start, a);
  gtk_text_buffer_move_mark_by_name (buffer, "edit-end", b);
}

/* "e": the selected word, selected in the text, to be typed over. */
gboolean
_vn_window_begin_edit (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter a, b;
  g_autofree char *word = NULL;
  guint start, end;
  int cs, ce;

  if (!_vn_window_is_writable (self) || (self->current == NULL && self->current_token < 0))
    return FALSE;
  if (self->current != NULL)
    start = vn_discrepancy_get_start (self->current), end = vn_discrepancy_get_end (self->current);
  else
    {
      const VnToken *t = vn_transcription_get_token (vn_session_get_canonical (self->session),
                                                     self->current_token);
      start = t->core_start, end = t->core_end;
    }
  if (self->line_mode)
    {
      /* The line's field, the word selected in it. */
      _vn_window_canonical_to_chars (self, start, end, &cs, &ce);
      if (!vn_line_view_begin_edit (self->line_view,
                                    g_utf8_offset_to_pointer (self->verified, cs) - self->verified,
                                    g_utf8_offset_to_pointer (self->verified, ce) - self->verified))
        return FALSE;
      _vn_window_set_editing (self, TRUE, NULL);
      return TRUE;
    }
  _vn_window_canonical_to_chars (self, start, end, &cs, &ce);
  gtk_text_buffer_get_iter_at_offset (buffer, &a, cs);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, ce);
  word = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
  place_edit_marks (self, &a, &b);
  vn_session_end_edit (self->session);
  _vn_window_set_editing (self, TRUE, word);
  gtk_text_buffer_select_range (buffer, &a, &b);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  return TRUE;
}

/* Enter: the edit is one correction; the keys are review keys again, and a discrepancy the
 * edit resolved gives way to the next, as an answer does. */
void
_vn_window_finish_edit (VnWindow *self)
{
  gboolean line = self->line_mode;

  if (!self->editing)
    return;
  if (line)
    {
      vn_line_view_finish_edit (self->line_view);   /* line-edited: one correction */
      _vn_window_set_editing (self, FALSE, NULL);
      return;
    }
  vn_session_end_edit (self->session);
  _vn_window_set_editing (self, FALSE, NULL);
  if (self->current != NULL && vn_session_is_resolved (self->session, self->current))
    _vn_window_advance (self);
}

/* Esc: what was typed since "e" is taken back (redo can bring it back). */
void
_vn_window_cancel_edit (VnWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->editing)
    return;
  if (self->line_mode)
    vn_line_view_cancel_edit (self->line_view);
  else if (!vn_session_cancel_edit (self->session, &error))
    _vn_window_toast (self, error->message);
  _vn_window_set_editing (self, FALSE, NULL);
}

static gboolean
focus_is_in (GtkWidget *focus,
             GtkWidget *widget)
{
  return focus != NULL && widget != NULL &&
         (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Leaving the text (Tab, a click elsewhere) finishes the edit; the letters' palette, which
 * types into it, does not. */
static gboolean
check_focus_left (gpointer data)
{
  VnWindow *self = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (self->editing && !self->line_mode && !focus_is_in (focus, GTK_WIDGET (self->text_view)) &&
      !focus_is_in (focus, GTK_WIDGET (gtk_menu_button_get_popover (self->letters_button))) &&
      !gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (self->letters_button))))
    _vn_window_finish_edit (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
text_focus_left_cb (VnWindow *self)
{
  if (self->session != NULL && !self->editing)
    vn_session_end_edit (self->session);
  /* The new focus is known once the focus change is over. */
  if (self->editing)
    g_idle_add (check_focus_left, g_object_ref (self));
}

/* A shortcut to a detailed action name, "win.insert-letter('\n')" included. */
static GtkShortcut *
text_shortcut (guint            key,
               GdkModifierType  mods,
               const char      *detailed)
{
  g_autofree char *name = NULL;
  g_autoptr(GVariant) target = NULL;
  GtkShortcut *shortcut;

  g_assert (g_action_parse_detailed_name (detailed, &name, &target, NULL));
  shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, mods), gtk_named_action_new (name));
  gtk_shortcut_set_arguments (shortcut, target);
  return shortcut;
}

/* In the text, Ctrl+Z is the session's undo, not the text view's own (which would record its
 * undoing as new typing); Enter and Esc end an edit, Shift+Enter is a line break. The keys are
 * caught before the text view's bindings see them; an action that is off (no edit) lets them
 * through. */
static void
take_text_keys (VnWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  static const struct { guint key; GdkModifierType mods; const char *action; } bindings[] = {
    { GDK_KEY_Return, GDK_SHIFT_MASK, "win.insert-letter('\\n')" },
    { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo" },
    { GDK_KEY_y, GDK_CONTROL_MASK, "win.redo" },
    { GDK_KEY_Return, 0, "win.finish-edit" },
    { GDK_KEY_KP_Enter, 0, "win.finish-edit" },
    { GDK_KEY_Escape, 0, "win.cancel-edit" },
  };

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          text_shortcut (bindings[i].key, bindings[i].mods,
                                                         bindings[i].action));
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);
}

/* A click in the text selects the word under it; a double click edits it. While editing, a
 * click only places the cursor. */
static void
text_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 VnWindow        *self)
{
  GtkTextIter iter;
  int bx, by, token;

  if (self->collation == NULL || self->editing)
    return;
  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by);
  token = token_at_verified (self, iter_to_bytes (self, &iter));
  if (token < 0)
    return;
  _vn_window_select_token (self, token);
  if (n_press == 2)
    _vn_window_begin_edit (self);
}

/* ------------------------------------------------------------------ letters the keyboard lacks */

/* Types @letter where the editor is typing: the text being edited, or a line's field. */
void
_vn_window_insert_letter (VnWindow   *self,
                          const char *letter)
{
  GtkWidget *target = self->last_editable;

  if (!self->editing || target == NULL)
    return;
  if (GTK_IS_TEXT_VIEW (target))
    gtk_text_buffer_insert_interactive_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (target)),
                                                  letter, -1, TRUE);
  else if (GTK_IS_EDITABLE (target))
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (target));

      gtk_editable_insert_text (GTK_EDITABLE (target), letter, -1, &position);
      gtk_editable_set_position (GTK_EDITABLE (target), position);
    }
  gtk_widget_grab_focus (target);
}

/* After Ctrl+;, the next letter typed gives the old letter it stands for (vn-compose.c). */
static gboolean
compose_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        VnWindow              *self)
{
  gunichar composed;
  char utf8[8] = { 0 };

  /* Before the text's and the fields' own Ctrl+;, which opens their emoji chooser. */
  if (self->editing && keyval == GDK_KEY_semicolon &&
      (state & gtk_accelerator_get_default_mod_mask ()) == GDK_CONTROL_MASK)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.compose", NULL);
      return GDK_EVENT_STOP;
    }
  if (!self->compose_pending)
    return GDK_EVENT_PROPAGATE;
  if (gdk_keyval_to_unicode (keyval) == 0 && keyval != GDK_KEY_Escape)
    return GDK_EVENT_PROPAGATE;   /* Shift, before the letter */
  self->compose_pending = FALSE;
  composed = vn_compose_letter (gdk_keyval_to_unicode (keyval));
  if (composed == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return GDK_EVENT_STOP;
    }
  g_unichar_to_utf8 (composed, utf8);
  _vn_window_insert_letter (self, utf8);
  return GDK_EVENT_STOP;
}

/* Remembers where the editor types, for the palette (whose buttons take the focus). */
static void
focus_widget_changed_cb (VnWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && (GTK_IS_TEXT_VIEW (focus) || GTK_IS_EDITABLE (focus)) &&
      (focus == GTK_WIDGET (self->text_view) ||
       gtk_widget_is_ancestor (focus, GTK_WIDGET (self->line_view))))
    g_set_weak_pointer (&self->last_editable, focus);
}

/* ------------------------------------------------------------------ set-up */

void
_vn_window_init_text (VnWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkEventController *compose = gtk_event_controller_key_new ();

  gtk_text_buffer_set_enable_undo (buffer, FALSE);  /* the session's undo covers typing */
  g_signal_connect_swapped (buffer, "insert-text", G_CALLBACK (buffer_insert_text_cb), self);
  g_signal_connect_swapped (buffer, "delete-range", G_CALLBACK (buffer_delete_range_cb), self);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect (click, "pressed", G_CALLBACK (text_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (text_focus_left_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), focus);
  take_text_keys (self);
  gtk_event_controller_set_propagation_phase (compose, GTK_PHASE_CAPTURE);
  g_signal_connect (compose, "key-pressed", G_CALLBACK (compose_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), compose);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_changed_cb), NULL);
  ensure_tags (self);
}
