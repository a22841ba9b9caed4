/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-session-replay.c: a session's journal read back into its operations and undo history.
 * A journal made on another version of the canonical text is re-anchored as `patch` moves a
 * hunk: each correction and mark goes where its text stands now with its context; what
 * stands nowhere (or in two places equally) is kept, reported, and never dropped. */
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vn-session-private.h"

typedef struct
{
  VnSession *self;
  gboolean   text_changed;
  guint      moved;
  guint      records;
  gboolean   header;
} Replay;

static gsize
common_suffix (const char *a,
               gsize       a_len,
               const char *b,
               gsize       b_len)
{
  gsize n = 0;

  while (n < a_len && n < b_len && a[a_len - 1 - n] == b[b_len - 1 - n])
    n++;
  return n;
}

static gsize
common_prefix (const char *a,
               gsize       a_len,
               const char *b,
               gsize       b_len)
{
  gsize n = 0;

  while (n < a_len && n < b_len && a[n] == b[n])
    n++;
  return n;
}

/* Whether [start, start + n) of the canonical text begins and ends on whole characters: a
 * journal from elsewhere may name any byte. */
static gboolean
is_char_range (const char *data,
               gsize       len,
               gsize       start,
               gsize       n)
{
  return start + n <= len && (start == len || (data[start] & 0xC0) != 0x80) &&
         (start + n == len || (data[start + n] & 0xC0) != 0x80);
}

/* Where @text stands now, judged by its context, as `patch` finds a hunk that moved.
 * Returns FALSE when it stands nowhere, or in two places equally well. */
static gboolean
find_anchor (VnSession  *self,
             guint       start,
             const char *text,
             const char *ctx_before,
             const char *ctx_after,
             guint      *found)
{
  gsize len, tlen = strlen (text);
  const char *data = _vn_session_canonical_text (self, &len);
  gsize best = 0, best_count = 0, best_at = 0;
  gsize cb = strlen (ctx_before), ca = strlen (ctx_after);

  /* Where it was, with all its context around it: it has not moved. */
  if (is_char_range (data, len, start, tlen) && memcmp (data + start, text, tlen) == 0 &&
      common_suffix (data, start, ctx_before, cb) == cb &&
      common_prefix (data + start + tlen, len - start - tlen, ctx_after, ca) == ca)
    {
      *found = start;
      return TRUE;
    }
  for (gsize at = 0; at + tlen <= len; at++)
    {
      gsize score;

      if (memcmp (data + at, text, tlen) != 0 || !is_char_range (data, len, at, tlen))
        continue;
      score = 1 + common_suffix (data, at, ctx_before, cb) +
              common_prefix (data + at + tlen, len - at - tlen, ctx_after, ca);
      if (score > best)
        best = score, best_count = 1, best_at = at;
      else if (score == best)
        best_count++;
    }
  /* A bare match of a short word is no evidence: demand some context. */
  if (best_count != 1 || (best < 4 && cb + ca > 0))
    return FALSE;
  *found = best_at;
  return TRUE;
}

/* Keeps the undo history in step with the journal for a record replay could not apply. */
static void
replay_unplaced (Replay       *r,
                 VnCorrection *correction)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_UNPLACED;
  op->correction = correction ? g_object_ref (correction) : NULL;
  _vn_session_perform (r->self, op);
}

/* A correction record; one marked "amend" stands for the whole group of typing it ends. */
static void
replay_correct (Replay     *r,
                JsonObject *record,
                guint       line)
{
  VnSession *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = vn_correction_new_from_json (record, &error);
  Op *top = self->undo_stack->len > 0
            ? g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1) : NULL;
  Op *group = NULL;
  guint at, number;

  if (c == NULL)
    {
      g_ptr_array_add (self->warnings, g_strdup_printf (_("Journal line %u: %s"), line,
                                                        error->message));
      replay_unplaced (r, NULL);
      return;
    }
  if (json_object_get_boolean_member_with_default (record, "amend", FALSE) && top != NULL &&
      (top->kind == OP_CORRECT || (top->kind == OP_UNPLACED && top->correction != NULL)))
    group = top;
  if (sscanf (vn_correction_get_id (c), "c%u", &number) == 1)
    self->next_id = MAX (self->next_id, number + 1);
  if (!find_anchor (self, vn_correction_get_start (c), vn_correction_get_before (c),
                    vn_correction_get_context_before (c), vn_correction_get_context_after (c),
                    &at))
    {
      if (group != NULL)
        _vn_session_replace_group (self, group, c, FALSE);
      else
        replay_unplaced (r, c);
      return;
    }
  if (at != vn_correction_get_start (c))
    {
      vn_correction_move (c, at);
      r->moved++;
    }
  if (group != NULL)
    _vn_session_replace_group (self, group, c, TRUE);
  else
    _vn_session_apply_correction (self, c);
}

/* A string member of a record, or @fallback when it is missing or not a string (json-glib's
 * _with_default getters give NULL for a number): a journal from elsewhere may hold anything. */
static const char *
record_string (JsonObject *record,
               const char *name,
               const char *fallback)
{
  JsonNode *node = json_object_get_member (record, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))  /* "\ud800" gives no UTF-8 */
    return fallback;
  return json_node_get_string (node);
}

/* The range a verify or keep record names, moved with its text when the transcription
 * changed. FALSE, reported, when it stands nowhere now. */
static gboolean
replay_range (Replay     *r,
              JsonObject *record,
              guint      *start,
              guint      *end,
              char      **unplaced)
{
  gint64 s = json_object_get_int_member_with_default (record, "start", -1);
  gint64 e = json_object_get_int_member_with_default (record, "end", -1);
  const char *text = record_string (record, "text", NULL);
  const char *op = record_string (record, "op", "");
  gsize len;
  guint at;

  _vn_session_canonical_text (r->self, &len);
  if (s < 0 || e < s || e > G_MAXUINT)
    return FALSE;
  if (text == NULL)  /* a record from before records carried their text */
    at = s;
  else if (!find_anchor (r->self, s, text,
                         record_string (record, "context_before", ""),
                         record_string (record, "context_after", ""),
                         &at))
    {
      *unplaced = g_strdup_printf (g_str_equal (op, "keep")
                                        ? _("The kept reading “%s” (bytes %lld–%lld) could not "
                                            "be placed: the transcription changed there. Mark "
                                            "it again.")
                                        : _("The verification of “%s” (bytes %lld–%lld) could "
                                            "not be placed: the transcription changed there. "
                                            "Mark it again."),
                                   text, (long long) s, (long long) e);
      return FALSE;
    }
  if (text != NULL)
    e = at + strlen (text);
  if ((gsize) e > len || !is_char_range (_vn_session_canonical_text (r->self, NULL), len, at, e - at))
    return FALSE;
  *start = at;
  *end = e;
  return TRUE;
}

static void
replay_flag (Replay     *r,
             OpKind      kind,
             JsonObject *record)
{
  guint start, end;
  Op *op;
  GHashTable *table = kind == OP_VERIFY ? r->self->verified : r->self->kept;
  char *unplaced = NULL;

  if (!replay_range (r, record, &start, &end, &unplaced))
    {
      replay_unplaced (r, NULL);
      op = g_ptr_array_index (r->self->undo_stack, r->self->undo_stack->len - 1);
      op->unplaced = unplaced;
      return;
    }
  op = g_new0 (Op, 1);
  op->kind = kind;
  op->start = start;
  op->end = end;
  op->value = json_object_get_boolean_member_with_default (record, "value", TRUE);
  op->previous = _vn_session_range_lookup (table, start, end);
  _vn_session_perform (r->self, op);
}

static void
replay_status (Replay     *r,
               JsonObject *record)
{
  gint64 page = json_object_get_int_member_with_default (record, "page", 0);
  VnPageStatus status;
  Op *op;

  if (page < 1 || !vn_page_status_from_string (record_string (record, "status", ""), &status))
    {
      replay_unplaced (r, NULL);
      return;
    }
  op = g_new0 (Op, 1);
  op->kind = OP_STATUS;
  op->page = page - 1;
  op->status = status;
  op->previous_status = vn_session_get_page_status (r->self, page - 1);
  _vn_session_perform (r->self, op);
}

static void
replay_record (JsonObject *record,
               guint       line,
               gpointer    user_data)
{
  Replay *r = user_data;
  const char *op = record_string (record, "op", "");

  r->records++;
  r->header = r->header || (r->records == 1 && g_str_equal (op, "header"));
  if (g_str_equal (op, "header"))
    r->text_changed = g_strcmp0 (record_string (record, "transcription_sha256", ""),
                                  vn_transcription_get_checksum (r->self->canonical)) != 0;
  else if (g_str_equal (op, "correct"))
    replay_correct (r, record, line);
  else if (g_str_equal (op, "verify"))
    replay_flag (r, OP_VERIFY, record);
  else if (g_str_equal (op, "keep"))
    replay_flag (r, OP_KEEP, record);
  else if (g_str_equal (op, "status"))
    replay_status (r, record);
  else if (g_str_equal (op, "undo"))
    vn_session_undo (r->self, NULL);
  else if (g_str_equal (op, "redo"))
    vn_session_redo (r->self, NULL);
}

/* After replay, so that a correction or a mark undone later in the journal is not
 * reported. */
static void
warn_unplaced (VnSession *self)
{
  GListModel *unplaced = G_LIST_MODEL (self->unplaced);

  for (guint i = 0; i < self->undo_stack->len; i++)
    {
      Op *op = g_ptr_array_index (self->undo_stack, i);
      if (op->unplaced != NULL)
        g_ptr_array_add (self->warnings, g_strdup (op->unplaced));
    }

  for (guint i = 0; i < g_list_model_get_n_items (unplaced); i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (unplaced, i);

      g_ptr_array_add (self->warnings,
                       g_strdup_printf (_("Correction %s (“%s” → “%s”) could not be placed: "
                                          "the transcription changed there. It is kept in the "
                                          "journal; apply it again by hand."),
                                        vn_correction_get_id (c), vn_correction_get_before (c),
                                        vn_correction_get_after (c)));
    }
}

static void
warn_text_changed (VnSession *self,
                   guint      moved)
{
  guint unplaced = g_list_model_get_n_items (G_LIST_MODEL (self->unplaced));
  g_autofree char *moved_text = g_strdup_printf (ngettext ("%u was moved to where its text "
                                                           "now stands",
                                                           "%u were moved to where their text "
                                                           "now stands", moved), moved);
  g_autofree char *unplaced_text = g_strdup_printf (ngettext ("%u could not be placed",
                                                              "%u could not be placed",
                                                              unplaced), unplaced);

  /* TRANSLATORS: the two parts are "%u were moved to where their text now stands" and
   * "%u could not be placed", both about corrections. */
  g_ptr_array_add (self->warnings,
                   g_strdup_printf (_("The transcription changed since the corrections were "
                                      "made; %s, %s."), moved_text, unplaced_text));
}

/* Reads the journal at @path into @self (which writes nothing meanwhile), and reports what
 * could not be placed. */
gboolean
_vn_session_replay (VnSession       *self,
                    const char      *path,
                    VnReplayResult  *result,
                    GError         **error)
{
  Replay replay = { .self = self };

  self->replaying = TRUE;
  if (!vn_journal_read (path, replay_record, &replay, self->warnings, error))
    return FALSE;
  self->replaying = FALSE;
  self->edit_group = NULL;
  self->text_changed = replay.text_changed;
  warn_unplaced (self);
  if (replay.text_changed)
    warn_text_changed (self, replay.moved);
  *result = (VnReplayResult) { replay.records, replay.header, replay.text_changed, replay.moved };
  return TRUE;
}
