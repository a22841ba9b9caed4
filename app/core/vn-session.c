/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-session.c: an editor's work on one transcription. Every change is journaled (and
 * fsync'ed) before it takes effect; reopening replays the journal. Corrections are edits of
 * the canonical text in its own byte offsets, which is never written to. After each change
 * the state folder gets corrections.diff and state.json, written atomically. One process at
 * a time writes a state folder: it holds the folder's lock from its claim (at the latest,
 * its first change) until the session ends. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-diff.h"
#include "vn-error.h"
#include "vn-hash.h"
#include "vn-journal.h"
#include "vn-project-lock.h"
#include "vn-snapshot.h"
#include "vn-session-private.h"

#define CONTEXT_BYTES 40
#define JOURNAL_VERSION 1

G_DEFINE_FINAL_TYPE (VnSession, vn_session, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *status_names[] = { "not-proofread", "proofread", "validated", "problematic" };

static void
op_free (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->correction);
  g_clear_pointer (&op->superseded, g_ptr_array_unref);
  g_free (op->unplaced);
  g_free (op);
}

static void
vn_session_finalize (GObject *object)
{
  VnSession *self = (VnSession *) object;

  g_clear_object (&self->journal);
  g_clear_object (&self->lock);
  g_clear_object (&self->canonical);
  g_clear_pointer (&self->state_dir, g_free);
  g_clear_pointer (&self->read_only_reason, g_free);
  g_clear_error (&self->snapshot_error);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_object (&self->corrections);
  g_clear_object (&self->unplaced);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->verified, g_hash_table_unref);
  g_clear_pointer (&self->kept, g_hash_table_unref);
  g_clear_pointer (&self->page_status, g_hash_table_unref);
  g_clear_pointer (&self->line_starts, g_array_unref);
  G_OBJECT_CLASS (vn_session_parent_class)->finalize (object);
}

static void
vn_session_class_init (VnSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_session_finalize;

  /* Emitted after every change, replayed ones excepted. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vn_session_init (VnSession *self)
{
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  self->corrections = g_list_store_new (VN_TYPE_CORRECTION);
  self->unplaced = g_list_store_new (VN_TYPE_CORRECTION);
  self->undo_stack = g_ptr_array_new_with_free_func (op_free);
  self->redo_stack = g_ptr_array_new_with_free_func (op_free);
  self->verified = g_hash_table_new_full (vn_hash_pair64, g_int64_equal, g_free, NULL);
  self->kept = g_hash_table_new_full (vn_hash_pair64, g_int64_equal, g_free, NULL);
  self->page_status = g_hash_table_new (NULL, NULL);
  self->next_id = 1;
}

const char *
vn_page_status_to_string (VnPageStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), "not-proofread");
  return status_names[status];
}

gboolean
vn_page_status_from_string (const char   *name,
                            VnPageStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (name, status_names[i]) == 0)
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ ranges */

static gint64 *
range_key (guint start,
           guint end)
{
  gint64 *key = g_new (gint64, 1);

  *key = ((gint64) start << 32) | end;
  return key;
}

gboolean
_vn_session_range_lookup (GHashTable *table,
                          guint       start,
                          guint       end)
{
  gint64 key = ((gint64) start << 32) | end;
  return g_hash_table_contains (table, &key);
}

void
_vn_session_range_set (GHashTable *table,
                       guint       start,
                       guint       end,
                       gboolean    value)
{
  if (value)
    g_hash_table_add (table, range_key (start, end));
  else
    {
      gint64 key = ((gint64) start << 32) | end;
      g_hash_table_remove (table, &key);
    }
}

/* Closed ranges meet when they overlap or abut: a new correction replaces every correction
 * its range meets, so that no two corrections ever share an end and every offset of the
 * verified text has one place in the canonical text. */
gboolean
_vn_session_ranges_meet (guint s1, guint e1, guint s2, guint e2)
{
  return s1 <= e2 && s2 <= e1;
}

/* Whether a correction over [s2, e2) changes the text of a word over [s1, e1). */
gboolean
_vn_session_ranges_touch (guint s1, guint e1, guint s2, guint e2)
{
  return (s1 < e2 && s2 < e1) || (s1 == s2 && e1 == e2) ||
         (s1 == e1 && s2 < s1 && s1 < e2) || (s2 == e2 && s1 < s2 && s2 < e1);
}

/* ------------------------------------------------------------------ texts */

const char *
_vn_session_canonical_text (VnSession *self,
                            gsize     *len)
{
  return vn_transcription_get_text (self->canonical, len);
}

char *
vn_session_dup_verified_text (VnSession *self,
                              gsize     *len_out)
{
  gsize len;
  const char *text = _vn_session_canonical_text (self, &len);
  GString *out = g_string_sized_new (len + 64);
  guint at = 0, n = g_list_model_get_n_items (G_LIST_MODEL (self->corrections));

  g_return_val_if_fail (VN_IS_SESSION (self), NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (G_LIST_MODEL (self->corrections), i);

      g_string_append_len (out, text + at, vn_correction_get_start (c) - at);
      g_string_append (out, vn_correction_get_after (c));
      at = vn_correction_get_end (c);
    }
  g_string_append_len (out, text + at, len - at);
  if (len_out != NULL)
    *len_out = out->len;
  return g_string_free (out, FALSE);
}

VnTranscription *
vn_session_dup_verified (VnSession  *self,
                         GError    **error)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->corrections));
  g_autofree VnTextEdit *edits = g_new (VnTextEdit, MAX (n, 1));
  g_autofree char *name = g_strdup_printf ("%s (verified)",
                                           vn_transcription_get_display_name (self->canonical));

  /* The verified text remembers its edits, for the export that writes them into the
   * published file itself (vn-export-same.c). */
  for (guint i = 0; i < n; i++)
    {
      VnCorrection *c = g_list_model_get_item (G_LIST_MODEL (self->corrections), i);

      edits[i] = (VnTextEdit) { vn_correction_get_start (c), vn_correction_get_end (c),
                                vn_correction_get_after (c) };
      g_object_unref (c);  /* the list keeps it */
    }
  return vn_transcription_new_derived (self->canonical, edits, n, name, error);
}

/* Where canonical @offset lands in the verified text (a corrected span maps to its start). */
guint
vn_session_canonical_to_verified (VnSession *self,
                                  guint      offset)
{
  gint64 delta = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->corrections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (G_LIST_MODEL (self->corrections), i);

      if (vn_correction_get_start (c) >= offset && !(vn_correction_get_start (c) == offset &&
                                                     vn_correction_get_end (c) == offset))
        break;
      if (vn_correction_get_end (c) > offset)
        return vn_correction_get_start (c) + delta;
      delta += (gint64) strlen (vn_correction_get_after (c)) -
               (gint64) (vn_correction_get_end (c) - vn_correction_get_start (c));
    }
  return offset + delta;
}

/* ------------------------------------------------------------------ snapshot */

static char *
snapshot_diff (VnSession *self)
{
  gsize len;
  const char *text = _vn_session_canonical_text (self, &len);

  if (self->line_starts == NULL)
    self->line_starts = vn_diff_line_starts (text, len);
  return vn_snapshot_diff (self->canonical, self->line_starts, G_LIST_MODEL (self->corrections));
}

static char *
snapshot_state (VnSession *self)
{
  return vn_snapshot_state_json (self->canonical, G_LIST_MODEL (self->corrections),
                                 G_LIST_MODEL (self->unplaced), self->verified, self->kept,
                                 self->page_status);
}

/* corrections.diff and state.json: derived from the journal, rewritten whole each time. */
static gboolean
write_snapshot (VnSession  *self,
                GError    **error)
{
  g_autofree char *diff = snapshot_diff (self);
  g_autofree char *state = snapshot_state (self);

  return vn_snapshot_write (self->state_dir, diff, state, error);
}

/* Whether the files on disk say what the session holds. */
static gboolean
snapshot_is_current (VnSession *self)
{
  g_autofree char *journal = g_build_filename (self->state_dir, "journal.jsonl", NULL);
  g_autofree char *diff = NULL, *state = NULL;

  if (self->journal == NULL && !g_file_test (journal, G_FILE_TEST_EXISTS))
    return TRUE;   /* nothing was ever journaled: there is nothing to derive */
  diff = snapshot_diff (self);
  state = snapshot_state (self);
  return vn_snapshot_is_current (self->state_dir, diff, state);
}

/* NULL while corrections.diff and state.json say what the session holds; else why they
 * could not be written after the last change. The change itself is safe in the journal. */
const GError *
vn_session_get_snapshot_error (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  return self->snapshot_error;
}

/* Writes corrections.diff and state.json again where they are out of date, as every
 * command that changes a project does before it ends. FALSE, with the reason in one
 * sentence, when they cannot be written. A session that does not hold the project's lock
 * is not its writer, and has nothing to do. */
gboolean
vn_session_flush (VnSession  *self,
                  GError    **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  if (self->lock == NULL || (self->snapshot_error == NULL && snapshot_is_current (self)))
    return TRUE;
  g_clear_error (&self->snapshot_error);
  if (vn_project_lock_prepare_writes (self->lock, &self->snapshot_error) &&
      write_snapshot (self, &self->snapshot_error))
    return TRUE;
  g_propagate_error (error, g_error_copy (self->snapshot_error));
  return FALSE;
}

/* ------------------------------------------------------------------ journal */

static JsonNode *
header_record (VnSession *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, "header");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, JOURNAL_VERSION);
  json_builder_set_member_name (b, "transcription");
  json_builder_add_string_value (b, vn_transcription_get_display_name (self->canonical));
  json_builder_set_member_name (b, "transcription_sha256");
  json_builder_add_string_value (b, vn_transcription_get_checksum (self->canonical));
  json_builder_set_member_name (b, "time_us");
  json_builder_add_int_value (b, g_get_real_time ());
  json_builder_end_object (b);
  return json_builder_get_root (b);
}


/* @sentence says why, and what to do: every write is refused with it. */
void
_vn_session_set_read_only (VnSession  *self,
                           const char *sentence)
{
  if (self->read_only)
    return;
  self->read_only = TRUE;
  self->read_only_reason = g_strdup (sentence);
  g_ptr_array_add (self->warnings, g_strdup (sentence));
}

/* Creates the journal with its header on the first change: reading a project writes nothing. */
static gboolean
ensure_journal (VnSession  *self,
                GError    **error)
{
  g_autofree char *path = g_build_filename (self->state_dir, "journal.jsonl", NULL);
  g_autoptr(JsonNode) header = NULL;
  gboolean fresh;

  if (self->journal != NULL)
    return TRUE;
  if (!vn_session_claim (self, error) || !vn_project_lock_prepare_writes (self->lock, error))
    return FALSE;
  fresh = !g_file_test (path, G_FILE_TEST_EXISTS);
  self->journal = vn_journal_open (path, error);
  if (self->journal == NULL)
    return FALSE;
  /* A journal whose header was torn by a crash gets one before its next record. */
  if (!fresh && self->has_header && !self->text_changed)
    return TRUE;
  header = header_record (self);
  if (!vn_journal_append (self->journal, header, error))
    {
      g_clear_object (&self->journal);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ operations */

void
_vn_session_insert_sorted (VnSession    *self,
                           VnCorrection *correction)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->corrections)), i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (G_LIST_MODEL (self->corrections), i);
      if (vn_correction_get_start (c) > vn_correction_get_start (correction) ||
          (vn_correction_get_start (c) == vn_correction_get_start (correction) &&
           vn_correction_get_end (c) > vn_correction_get_end (correction)))
        break;
    }
  g_list_store_insert (self->corrections, i, correction);
}

void
_vn_session_remove_correction (VnSession    *self,
                               VnCorrection *correction)
{
  guint position;

  if (g_list_store_find (self->corrections, correction, &position))
    g_list_store_remove (self->corrections, position);
}

/* A correction that gives back the canonical text: it only removes what it replaces. */
gboolean
_vn_session_is_identity (VnCorrection *c)
{
  return g_str_equal (vn_correction_get_before (c), vn_correction_get_after (c));
}

void
_vn_session_op_do (VnSession *self,
                   Op        *op)
{
  switch (op->kind)
    {
    case OP_CORRECT:
      for (guint i = 0; i < op->superseded->len; i++)
        _vn_session_remove_correction (self, g_ptr_array_index (op->superseded, i));
      if (!_vn_session_is_identity (op->correction))
        _vn_session_insert_sorted (self, op->correction);
      break;
    case OP_VERIFY:
      _vn_session_range_set (self->verified, op->start, op->end, op->value);
      break;
    case OP_KEEP:
      _vn_session_range_set (self->kept, op->start, op->end, op->value);
      break;
    case OP_STATUS:
      g_hash_table_insert (self->page_status, GUINT_TO_POINTER (op->page),
                           GUINT_TO_POINTER (op->status));
      break;
    case OP_UNPLACED:
      if (op->correction != NULL)
        g_list_store_append (self->unplaced, op->correction);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
_vn_session_op_undo (VnSession *self,
                     Op        *op)
{
  switch (op->kind)
    {
    case OP_CORRECT:
      _vn_session_remove_correction (self, op->correction);
      for (guint i = 0; i < op->superseded->len; i++)
        _vn_session_insert_sorted (self, g_ptr_array_index (op->superseded, i));
      break;
    case OP_VERIFY:
      _vn_session_range_set (self->verified, op->start, op->end, op->previous);
      break;
    case OP_KEEP:
      _vn_session_range_set (self->kept, op->start, op->end, op->previous);
      break;
    case OP_STATUS:
      g_hash_table_insert (self->page_status, GUINT_TO_POINTER (op->page),
                           GUINT_TO_POINTER (op->previous_status));
      break;
    case OP_UNPLACED:
      {
        guint position;
        if (op->correction != NULL &&
            g_list_store_find (self->unplaced, op->correction, &position))
          g_list_store_remove (self->unplaced, position);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Applies a new operation: it becomes undoable and clears what could be redone. */
void
_vn_session_perform (VnSession *self,
                     Op        *op)
{
  _vn_session_op_do (self, op);
  g_ptr_array_add (self->undo_stack, op);
  g_ptr_array_set_size (self->redo_stack, 0);
  self->edit_group = NULL;
}

gboolean
_vn_session_journal (VnSession  *self,
                     JsonNode   *record,
                     GError    **error)
{
  g_autoptr(JsonNode) owned = record;

  if (self->replaying)
    return TRUE;
  if (!vn_session_check_writable (self, error))
    return FALSE;
  return ensure_journal (self, error) && vn_journal_append (self->journal, owned, error);
}

/* The change is in the journal already; the files derived from it follow. When they cannot
 * be written, vn_session_get_snapshot_error () says why until a later write succeeds. */
void
_vn_session_changed (VnSession *self)
{
  if (self->replaying)
    return;
  g_clear_error (&self->snapshot_error);
  write_snapshot (self, &self->snapshot_error);
  g_signal_emit (self, signals[CHANGED], 0);
}

JsonNode *
_vn_session_simple_record (const char *op,
                           gint64      start,
                           gint64      end,
                           const char *value_name,
                           gboolean    value)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, op);
  if (start >= 0)
    {
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, end);
    }
  if (value_name != NULL)
    {
      json_builder_set_member_name (b, value_name);
      json_builder_add_boolean_value (b, value);
    }
  json_builder_set_member_name (b, "time_us");
  json_builder_add_int_value (b, g_get_real_time ());
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
_vn_session_dup_context (VnSession *self,
                         guint      start,
                         guint      end,
                         gboolean   before)
{
  gsize len;
  const char *text = _vn_session_canonical_text (self, &len);
  guint from = before ? (start > CONTEXT_BYTES ? start - CONTEXT_BYTES : 0) : end;
  guint to = before ? start : MIN (len, (gsize) end + CONTEXT_BYTES);

  /* Whole characters only. */
  while (from < to && (text[from] & 0xC0) == 0x80)
    from++;
  while (to > from && to < len && (text[to] & 0xC0) == 0x80)
    to--;
  return g_strndup (text + from, to - from);
}

/* The text of a verified or kept range and its context, for re-anchoring, as corrections
 * carry theirs. */
void
_vn_session_add_anchor (VnSession  *self,
                        JsonObject *record,
                        guint       start,
                        guint       end)
{
  g_autofree char *text = vn_transcription_dup_range (self->canonical, start, end);
  g_autofree char *before = _vn_session_dup_context (self, start, end, TRUE);
  g_autofree char *after = _vn_session_dup_context (self, start, end, FALSE);

  json_object_set_string_member (record, "text", text);
  json_object_set_string_member (record, "context_before", before ? before : "");
  json_object_set_string_member (record, "context_after", after ? after : "");
}

/* The corrections whose ranges meet [start, end) (see ranges_meet), or with @touch, those
 * that change the text of [start, end) (see ranges_touch). */
GPtrArray *
_vn_session_corrections_in (VnSession *self,
                            guint      start,
                            guint      end,
                            gboolean   touch)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->corrections));

  for (guint i = 0; i < n; i++)
    {
      VnCorrection *c = g_list_model_get_item (G_LIST_MODEL (self->corrections), i);
      guint cs = vn_correction_get_start (c), ce = vn_correction_get_end (c);

      if (touch ? _vn_session_ranges_touch (start, end, cs, ce) : _vn_session_ranges_meet (start, end, cs, ce))
        g_ptr_array_add (found, c);
      else
        g_object_unref (c);
    }
  return found;
}

void
_vn_session_apply_correction (VnSession    *self,
                              VnCorrection *correction)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_CORRECT;
  op->correction = g_object_ref (correction);
  op->superseded = _vn_session_corrections_in (self, vn_correction_get_start (correction),
                                               vn_correction_get_end (correction), FALSE);
  _vn_session_perform (self, op);
}

/* The open group's operation, when @correction extends it: the group's correction is one
 * that @correction replaces, or gave back the canonical text where @correction stands. */
Op *
_vn_session_group_extended_by (VnSession    *self,
                               VnCorrection *correction)
{
  Op *top = self->undo_stack->len > 0
            ? g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1) : NULL;
  guint position;

  if (top == NULL || top->kind != OP_CORRECT)
    return NULL;
  if (g_list_store_find (self->corrections, top->correction, &position))
    return _vn_session_ranges_meet (vn_correction_get_start (top->correction),
                                    vn_correction_get_end (top->correction),
                                    vn_correction_get_start (correction),
                                    vn_correction_get_end (correction)) ? top : NULL;
  return _vn_session_is_identity (top->correction) &&
         _vn_session_ranges_meet (vn_correction_get_start (top->correction),
                                  vn_correction_get_end (top->correction),
                                  vn_correction_get_start (correction),
                                  vn_correction_get_end (correction)) ? top : NULL;
}

/* Makes @correction the whole of the group's operation @group: the group's correction, and
 * what it replaced, give way to @correction applied to the text as it was before the group,
 * so that one undo takes back the whole group. (@correction covers the group's correction,
 * which it met.) @placed is FALSE when replay could not place it: the group then stands for
 * a correction that could not be placed. A group that comes to change nothing leaves the
 * undo history. */
void
_vn_session_replace_group (VnSession    *self,
                           Op           *group,
                           VnCorrection *correction,
                           gboolean      placed)
{
  _vn_session_op_undo (self, group);
  g_clear_pointer (&group->superseded, g_ptr_array_unref);
  g_set_object (&group->correction, correction);
  group->kind = placed ? OP_CORRECT : OP_UNPLACED;
  if (placed)
    group->superseded = _vn_session_corrections_in (self, vn_correction_get_start (correction),
                                                    vn_correction_get_end (correction), FALSE);
  _vn_session_op_do (self, group);
  if (placed && _vn_session_is_identity (correction) && group->superseded->len == 0)
    {
      g_assert (g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1) == group);
      g_ptr_array_set_size (self->undo_stack, self->undo_stack->len - 1);
      group = NULL;
    }
  self->edit_group = group;
}

gboolean
_vn_session_check_range (VnSession  *self,
                         guint       start,
                         guint       end,
                         GError    **error)
{
  gsize len;
  const char *text = _vn_session_canonical_text (self, &len);

  if (start > end || end > len || (start < len && (text[start] & 0xC0) == 0x80) ||
      (end < len && (text[end] & 0xC0) == 0x80))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Bytes %u to %u are not a range of whole characters in %s."), start, end,
                   vn_transcription_get_display_name (self->canonical));
      return FALSE;
    }
  return TRUE;
}













/* The editor gave up the word being typed (Esc in the window): the open group of typed edits
 * is taken back as undo takes it back (so redo brings it back), when it is still the last
 * change. TRUE when it was, or when there was nothing to take back. */
gboolean
vn_session_cancel_edit (VnSession  *self,
                        GError    **error)
{
  Op *group;

  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  group = self->edit_group;
  self->edit_group = NULL;
  if (group == NULL || self->undo_stack->len == 0 ||
      g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1) != group)
    return TRUE;
  return vn_session_undo (self, error);
}

gboolean
vn_session_can_undo (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return self->undo_stack->len > 0;
}

/* How many changes undo can take back, one group of typing counting once. */
guint
vn_session_get_n_undo (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), 0);
  return self->undo_stack->len;
}

gboolean
vn_session_can_redo (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return self->redo_stack->len > 0;
}

static gboolean
nothing_to (const char  *message,
            GError     **error)
{
  g_set_error_literal (error, VN_ERROR, VN_ERROR_BAD_INPUT, message);
  return FALSE;
}

gboolean
vn_session_undo (VnSession  *self,
                 GError    **error)
{
  Op *op;

  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  if (self->undo_stack->len == 0)
    return nothing_to (_("There is nothing to undo."), error);
  if (!_vn_session_journal (self, _vn_session_simple_record ("undo", -1, -1, NULL, FALSE), error))
    return FALSE;
  self->edit_group = NULL;
  op = g_ptr_array_steal_index (self->undo_stack, self->undo_stack->len - 1);
  _vn_session_op_undo (self, op);
  g_ptr_array_add (self->redo_stack, op);
  _vn_session_changed (self);
  return TRUE;
}

gboolean
vn_session_redo (VnSession  *self,
                 GError    **error)
{
  Op *op;

  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  if (self->redo_stack->len == 0)
    return nothing_to (_("There is nothing to redo."), error);
  if (!_vn_session_journal (self, _vn_session_simple_record ("redo", -1, -1, NULL, FALSE), error))
    return FALSE;
  self->edit_group = NULL;
  op = g_ptr_array_steal_index (self->redo_stack, self->redo_stack->len - 1);
  _vn_session_op_do (self, op);
  g_ptr_array_add (self->undo_stack, op);
  _vn_session_changed (self);
  return TRUE;
}












VnTranscription *
vn_session_get_canonical (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  return self->canonical;
}

const char *
vn_session_get_state_dir (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  return self->state_dir;
}

gboolean
vn_session_is_read_only (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), TRUE);
  return self->read_only;
}

/* Damaged journal lines and unplaced corrections: for the user to read. A failed save is
 * vn_session_get_snapshot_error ()'s. */
GPtrArray *
vn_session_get_warnings (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  return self->warnings;
}

GListModel *
vn_session_get_corrections (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->corrections);
}

GListModel *
vn_session_get_unplaced (VnSession *self)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->unplaced);
}

/* ------------------------------------------------------------------ claim */




/* Makes this process the one that writes the state folder, for as long as the session
 * lives: a window does so when it opens a project, a command before it changes anything, and
 * the first correction at the latest. FALSE, with the reason in one sentence, when this
 * session cannot make corrections; it is then read-only. */



/* A journal of which no line is a record is some other file: it is neither replayed nor
 * written to, and stays as it is. A single torn line is a header a crash cut short. */
static void
check_journal (VnSession            *self,
               const VnReplayResult *replay,
               const char           *path)
{
  g_autofree char *data = NULL;
  g_autofree char *sentence = NULL;
  gsize len = 0;

  self->has_header = replay->header;
  if (replay->records > 0 || !g_file_get_contents (path, &data, &len, NULL) || len == 0 ||
      memchr (data, '\n', len) == NULL)
    return;
  sentence = g_strdup_printf (_("%s is not a Verno journal (none of its lines is a record), so "
                                "the project is open read-only; move the file aside to start "
                                "afresh."), path);
  _vn_session_set_read_only (self, sentence);
}


char *
vn_session_default_state_dir (VnTranscription *canonical)
{
  GFile *file = vn_transcription_get_file (canonical);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autofree char *dir = path ? g_path_get_dirname (path) : g_get_current_dir ();

  return g_build_filename (dir, ".verno", NULL);
}

/* corrections.diff and state.json say what the journal says, on this version of the
 * canonical text: after the text changed (the corrections moved with it) or after a save
 * that failed, whoever opens the project and may write it writes them again. */
static void
refresh_snapshot (VnSession *self)
{
  g_autoptr(GError) error = NULL;

  if (self->read_only || snapshot_is_current (self) || !vn_session_claim (self, NULL))
    return;
  if (!vn_session_flush (self, &error))
    g_ptr_array_add (self->warnings, g_strdup (error->message));
}

VnSession *
vn_session_open (VnTranscription  *canonical,
                 const char       *state_dir,
                 GError          **error)
{
  g_autoptr(VnSession) self = g_object_new (VN_TYPE_SESSION, NULL);
  g_autofree char *path = NULL;
  VnReplayResult replay = { 0 };

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (canonical), NULL);

  self->canonical = g_object_ref (canonical);
  self->state_dir = state_dir ? g_strdup (state_dir) : vn_session_default_state_dir (canonical);
  path = g_build_filename (self->state_dir, "journal.jsonl", NULL);
  _vn_session_check_state_dir_writable (self);
  self->journal_size = _vn_session_file_size (path);
  if (!_vn_session_replay (self, path, &replay, error))
    return NULL;
  check_journal (self, &replay, path);
  if (replay.records > 0)
    refresh_snapshot (self);
  return g_steal_pointer (&self);
}
