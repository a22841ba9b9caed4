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
#include "vn-journal.h"
#include "vn-session.h"

#define CONTEXT_BYTES 40
#define JOURNAL_VERSION 1

/* OP_UNPLACED stands in the undo history for a journaled change that replay could not apply
 * (a correction whose text is gone, a range beyond the end of a changed text), so that the
 * journal's "undo" and "redo" records still reach the changes they were made for. */
typedef enum { OP_CORRECT, OP_VERIFY, OP_KEEP, OP_STATUS, OP_UNPLACED } OpKind;

typedef struct
{
  OpKind        kind;
  VnCorrection *correction;   /* OP_CORRECT; OP_UNPLACED, when it is a correction */
  GPtrArray    *superseded;   /* OP_CORRECT: the corrections it replaced */
  guint         start, end;   /* OP_VERIFY, OP_KEEP */
  gboolean      value, previous;
  guint         page;         /* OP_STATUS */
  VnPageStatus  status, previous_status;
  char         *unplaced;     /* OP_UNPLACED of a mark: why, for the editor if it stays */
} Op;

struct _VnSession
{
  GObject          parent_instance;
  VnTranscription *canonical;
  char            *state_dir;
  VnJournal       *journal;       /* NULL when read-only */
  gboolean         read_only;
  char            *read_only_reason;  /* one sentence, for the user */
  int              lock_fd;       /* the state folder's lock, held; -1 when read-only */
  gboolean         created_state_dir;
  gboolean         has_header;    /* the journal read back starts with its header */
  gint64           journal_size;  /* when it was read back; -1: there was none */
  gboolean         snapshot_failing;
  GPtrArray       *warnings;      /* char * */
  GListStore      *corrections;   /* active VnCorrection, by start */
  GListStore      *unplaced;      /* corrections a changed text no longer holds */
  GPtrArray       *undo_stack;    /* Op */
  GPtrArray       *redo_stack;
  GHashTable      *verified;      /* range key → TRUE */
  GHashTable      *kept;
  GHashTable      *page_status;   /* page → VnPageStatus */
  guint            next_id;
  gboolean         replaying;
  gboolean         text_changed;  /* the journal was made on another version of the text */
  Op              *edit_group;    /* the typed edit that the next keystrokes extend, or NULL */
  GArray          *line_starts;   /* of the canonical text, for the diff */
};

G_DEFINE_FINAL_TYPE (VnSession, vn_session, G_TYPE_OBJECT)

static void release_lock (VnSession *self);

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
  release_lock (self);
  g_clear_object (&self->canonical);
  g_clear_pointer (&self->state_dir, g_free);
  g_clear_pointer (&self->read_only_reason, g_free);
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
  self->verified = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->kept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->page_status = g_hash_table_new (NULL, NULL);
  self->next_id = 1;
  self->lock_fd = -1;
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

static gboolean
range_lookup (GHashTable *table,
              guint       start,
              guint       end)
{
  gint64 key = ((gint64) start << 32) | end;
  return g_hash_table_contains (table, &key);
}

static void
range_set (GHashTable *table,
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
static gboolean
ranges_meet (guint s1, guint e1, guint s2, guint e2)
{
  return s1 <= e2 && s2 <= e1;
}

/* Whether a correction over [s2, e2) changes the text of a word over [s1, e1). */
static gboolean
ranges_touch (guint s1, guint e1, guint s2, guint e2)
{
  return (s1 < e2 && s2 < e1) || (s1 == s2 && e1 == e2) ||
         (s1 == e1 && s2 < s1 && s1 < e2) || (s2 == e2 && s1 < s2 && s2 < e1);
}

/* ------------------------------------------------------------------ texts */

static const char *
canonical_text (VnSession *self,
                gsize     *len)
{
  return vn_transcription_get_text (self->canonical, len);
}

char *
vn_session_dup_verified_text (VnSession *self,
                              gsize     *len_out)
{
  gsize len;
  const char *text = canonical_text (self, &len);
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
  gsize len;
  char *text = vn_session_dup_verified_text (self, &len);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, len);
  g_autofree char *name = g_strdup_printf ("%s (verified)",
                                           vn_transcription_get_display_name (self->canonical));

  return vn_transcription_new_from_bytes (bytes, name, error);
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

/* GLib 2.74 has no g_hash_table_get_keys_as_ptr_array (). */
static GPtrArray *
sorted_keys (GHashTable   *table,
             GCompareFunc  compare)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare);
  return keys;
}

static int
compare_range_keys (gconstpointer a,
                    gconstpointer b)
{
  gint64 ka = **(gint64 **) a, kb = **(gint64 **) b;

  return ka < kb ? -1 : ka > kb;
}

/* In order, so that the same state is always the same file. */
static JsonNode *
ranges_to_json (GHashTable *table)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) keys = sorted_keys (table, compare_range_keys);

  json_builder_begin_array (b);
  for (guint i = 0; i < keys->len; i++)
    {
      gint64 k = *(gint64 *) g_ptr_array_index (keys, i);
      json_builder_begin_array (b);
      json_builder_add_int_value (b, k >> 32);
      json_builder_add_int_value (b, k & 0xffffffff);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static JsonNode *
corrections_to_json (GListModel *list)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (list, i);
      json_builder_add_value (b, vn_correction_to_json (c));
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static int
compare_pages (gconstpointer a,
               gconstpointer b)
{
  guint pa = GPOINTER_TO_UINT (*(gpointer *) a), pb = GPOINTER_TO_UINT (*(gpointer *) b);

  return pa < pb ? -1 : pa > pb;
}

static char *
state_to_json (VnSession *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "transcription_sha256");
  json_builder_add_string_value (b, vn_transcription_get_checksum (self->canonical));
  json_builder_set_member_name (b, "corrections");
  json_builder_add_value (b, corrections_to_json (G_LIST_MODEL (self->corrections)));
  json_builder_set_member_name (b, "unplaced");
  json_builder_add_value (b, corrections_to_json (G_LIST_MODEL (self->unplaced)));
  json_builder_set_member_name (b, "verified");
  json_builder_add_value (b, ranges_to_json (self->verified));
  json_builder_set_member_name (b, "kept");
  json_builder_add_value (b, ranges_to_json (self->kept));
  json_builder_set_member_name (b, "page_status");
  json_builder_begin_object (b);
  pages = sorted_keys (self->page_status, compare_pages);
  for (guint i = 0; i < pages->len; i++)
    {
      gpointer page = g_ptr_array_index (pages, i);
      gpointer status = g_hash_table_lookup (self->page_status, page);
      g_autofree char *name = g_strdup_printf ("%u", GPOINTER_TO_UINT (page) + 1);
      json_builder_set_member_name (b, name);
      json_builder_add_string_value (b, vn_page_status_to_string (GPOINTER_TO_UINT (status)));
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}

static gboolean
write_atomically (VnSession   *self,
                  const char  *name,
                  const char  *data,
                  GError     **error)
{
  g_autofree char *path = g_build_filename (self->state_dir, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                &local_error))
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("Cannot save %s (%s), but the correction is safe in the journal; free some "
                 "space, and the file is written again with the next change."), path,
               local_error->message);
  return FALSE;
}

/* What corrections.diff should say now: written from the corrections, so that saving after a
 * keystroke costs what the corrected lines cost, not what the whole text would. */
static char *
snapshot_diff (VnSession *self)
{
  gsize len;
  const char *text = canonical_text (self, &len);
  GListModel *list = G_LIST_MODEL (self->corrections);
  guint n = g_list_model_get_n_items (list);
  g_autofree VnTextEdit *edits = g_new (VnTextEdit, MAX (n, 1));
  GFile *file = vn_transcription_get_file (self->canonical);
  g_autofree char *name = file ? g_file_get_basename (file) : g_strdup ("transcription.txt");
  char *diff;

  if (self->line_starts == NULL)
    self->line_starts = vn_diff_line_starts (text, len);
  for (guint i = 0; i < n; i++)
    {
      VnCorrection *c = g_list_model_get_item (list, i);

      edits[i] = (VnTextEdit) { vn_correction_get_start (c), vn_correction_get_end (c),
                                vn_correction_get_after (c) };
      g_object_unref (c);  /* the list keeps it */
    }
  diff = vn_diff_unified_from_edits (name, name, text, self->line_starts, edits, n, 3);
  return diff;
}

/* corrections.diff and state.json: derived from the journal, rewritten whole each time. */
static gboolean
write_snapshot (VnSession  *self,
                GError    **error)
{
  g_autofree char *diff = snapshot_diff (self);
  g_autofree char *state = state_to_json (self);

  return write_atomically (self, "corrections.diff", diff, error) &&
         write_atomically (self, "state.json", state, error);
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

/* Whether @dir, or the folder it would be made in, can be written. */
static gboolean
can_create_in (const char *dir)
{
  g_autofree char *probe = g_strdup (dir);

  while (!g_file_test (probe, G_FILE_TEST_EXISTS))
    {
      char *parent = g_path_get_dirname (probe);
      gboolean top = g_str_equal (parent, probe);

      g_free (probe);
      probe = parent;
      if (top)
        break;
    }
  return g_file_test (probe, G_FILE_TEST_IS_DIR) && g_access (probe, W_OK) == 0;
}

/* @sentence says why, and what to do: every write is refused with it. */
static void
set_read_only (VnSession  *self,
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
  if (!vn_session_claim (self, error))
    return FALSE;
  if (g_mkdir_with_parents (self->state_dir, 0755) != 0)
    {
      int errsv = errno;
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT, _("Cannot create %s: %s."),
                   self->state_dir, g_strerror (errsv));
      return FALSE;
    }
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

static void
insert_sorted (VnSession    *self,
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

static void
remove_correction (VnSession    *self,
                   VnCorrection *correction)
{
  guint position;

  if (g_list_store_find (self->corrections, correction, &position))
    g_list_store_remove (self->corrections, position);
}

/* A correction that gives back the canonical text: it only removes what it replaces. */
static gboolean
is_identity (VnCorrection *c)
{
  return g_str_equal (vn_correction_get_before (c), vn_correction_get_after (c));
}

static void
op_do (VnSession *self,
       Op        *op)
{
  switch (op->kind)
    {
    case OP_CORRECT:
      for (guint i = 0; i < op->superseded->len; i++)
        remove_correction (self, g_ptr_array_index (op->superseded, i));
      if (!is_identity (op->correction))
        insert_sorted (self, op->correction);
      break;
    case OP_VERIFY:
      range_set (self->verified, op->start, op->end, op->value);
      break;
    case OP_KEEP:
      range_set (self->kept, op->start, op->end, op->value);
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

static void
op_undo (VnSession *self,
         Op        *op)
{
  switch (op->kind)
    {
    case OP_CORRECT:
      remove_correction (self, op->correction);
      for (guint i = 0; i < op->superseded->len; i++)
        insert_sorted (self, g_ptr_array_index (op->superseded, i));
      break;
    case OP_VERIFY:
      range_set (self->verified, op->start, op->end, op->previous);
      break;
    case OP_KEEP:
      range_set (self->kept, op->start, op->end, op->previous);
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
static void
perform (VnSession *self,
         Op        *op)
{
  op_do (self, op);
  g_ptr_array_add (self->undo_stack, op);
  g_ptr_array_set_size (self->redo_stack, 0);
  self->edit_group = NULL;
}

static gboolean
journal (VnSession  *self,
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

static void
changed (VnSession *self)
{
  g_autoptr(GError) error = NULL;

  if (self->replaying)
    return;
  /* Said once while saving fails, not again for every correction. */
  if (write_snapshot (self, &error))
    self->snapshot_failing = FALSE;
  else if (!self->snapshot_failing)
    {
      self->snapshot_failing = TRUE;
      g_ptr_array_add (self->warnings, g_strdup (error->message));
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

static JsonNode *
simple_record (const char *op,
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

static char *
dup_context (VnSession *self,
             guint      start,
             guint      end,
             gboolean   before)
{
  gsize len;
  const char *text = canonical_text (self, &len);
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
static void
add_anchor (VnSession  *self,
            JsonObject *record,
            guint       start,
            guint       end)
{
  g_autofree char *text = vn_transcription_dup_range (self->canonical, start, end);
  g_autofree char *before = dup_context (self, start, end, TRUE);
  g_autofree char *after = dup_context (self, start, end, FALSE);

  json_object_set_string_member (record, "text", text);
  json_object_set_string_member (record, "context_before", before ? before : "");
  json_object_set_string_member (record, "context_after", after ? after : "");
}

/* The corrections whose ranges meet [start, end) (see ranges_meet), or with @touch, those
 * that change the text of [start, end) (see ranges_touch). */
static GPtrArray *
corrections_in (VnSession *self,
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

      if (touch ? ranges_touch (start, end, cs, ce) : ranges_meet (start, end, cs, ce))
        g_ptr_array_add (found, c);
      else
        g_object_unref (c);
    }
  return found;
}

static void
apply_correction (VnSession    *self,
                  VnCorrection *correction)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_CORRECT;
  op->correction = g_object_ref (correction);
  op->superseded = corrections_in (self, vn_correction_get_start (correction),
                                   vn_correction_get_end (correction), FALSE);
  perform (self, op);
}

/* The open group's operation, when @correction extends it: the group's correction is one
 * that @correction replaces, or gave back the canonical text where @correction stands. */
static Op *
group_extended_by (VnSession    *self,
                   VnCorrection *correction)
{
  Op *top = self->undo_stack->len > 0
            ? g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1) : NULL;
  guint position;

  if (top == NULL || top->kind != OP_CORRECT)
    return NULL;
  if (g_list_store_find (self->corrections, top->correction, &position))
    return ranges_meet (vn_correction_get_start (top->correction),
                        vn_correction_get_end (top->correction),
                        vn_correction_get_start (correction),
                        vn_correction_get_end (correction)) ? top : NULL;
  return is_identity (top->correction) &&
         ranges_meet (vn_correction_get_start (top->correction),
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
static void
replace_group (VnSession    *self,
               Op           *group,
               VnCorrection *correction,
               gboolean      placed)
{
  op_undo (self, group);
  g_clear_pointer (&group->superseded, g_ptr_array_unref);
  g_set_object (&group->correction, correction);
  group->kind = placed ? OP_CORRECT : OP_UNPLACED;
  if (placed)
    group->superseded = corrections_in (self, vn_correction_get_start (correction),
                                        vn_correction_get_end (correction), FALSE);
  op_do (self, group);
  if (placed && is_identity (correction) && group->superseded->len == 0)
    {
      g_assert (g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1) == group);
      g_ptr_array_set_size (self->undo_stack, self->undo_stack->len - 1);
      group = NULL;
    }
  self->edit_group = group;
}

static gboolean
check_range (VnSession  *self,
             guint       start,
             guint       end,
             GError    **error)
{
  gsize len;
  const char *text = canonical_text (self, &len);

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

/* Journals and applies the correction of canonical [start, end) to @after, replacing the
 * corrections that range meets; @after already holds whatever of theirs stays. With @group,
 * it extends the open group of typed edits when it can. */
static VnCorrection *
record_correction (VnSession           *self,
                   guint                start,
                   guint                end,
                   const char          *after,
                   VnCorrectionSource   source,
                   int                  page,
                   const VnBox         *bbox,
                   const char          *note,
                   gboolean             group,
                   GError             **error)
{
  g_autofree char *id = g_strdup_printf ("c%u", self->next_id);
  g_autofree char *before = vn_transcription_dup_range (self->canonical, start, end);
  g_autofree char *ctx_before = dup_context (self, start, end, TRUE);
  g_autofree char *ctx_after = dup_context (self, start, end, FALSE);
  g_autoptr(VnCorrection) correction = vn_correction_new (id, start, end, before, after, source);
  g_autoptr(GPtrArray) met = corrections_in (self, start, end, FALSE);
  Op *extends = NULL;
  JsonNode *record;

  vn_correction_set_region (correction, page, bbox);
  vn_correction_set_note (correction, note);
  vn_correction_set_context (correction, ctx_before, ctx_after);
  if (group && self->edit_group != NULL)
    extends = group_extended_by (self, correction);
  /* Nothing to write down: the text stays as it is. */
  if (extends == NULL && met->len == 0 && is_identity (correction))
    return g_steal_pointer (&correction);
  record = vn_correction_to_json (correction);
  json_object_set_string_member (json_node_get_object (record), "op", "correct");
  if (extends != NULL)
    json_object_set_boolean_member (json_node_get_object (record), "amend", TRUE);
  if (!journal (self, record, error))
    return NULL;
  self->next_id++;
  if (extends != NULL)
    replace_group (self, extends, correction, TRUE);
  else
    {
      apply_correction (self, correction);
      if (group)
        self->edit_group = g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1);
    }
  changed (self);
  return g_steal_pointer (&correction);
}

/* Replaces canonical bytes [start, end) with @after. A correction that overlaps the range is
 * replaced; one that abuts it stays, merged into this one (its text before or after @after),
 * so that no correction of the editor's is lost to a neighbouring one. */
VnCorrection *
vn_session_correct (VnSession           *self,
                    guint                start,
                    guint                end,
                    const char          *after,
                    VnCorrectionSource   source,
                    int                  page,
                    const VnBox         *bbox,
                    const char          *note,
                    GError             **error)
{
  g_autoptr(GPtrArray) met = NULL;
  g_autoptr(GString) prefix = g_string_new (NULL);
  g_autoptr(GString) suffix = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint wide_start = start, wide_end = end;

  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  g_return_val_if_fail (after != NULL, NULL);

  if (!check_range (self, start, end, error))
    return NULL;
  if (!g_utf8_validate (after, -1, NULL))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The corrected text is not valid UTF-8."));
      return NULL;
    }
  met = corrections_in (self, start, end, FALSE);
  for (guint i = 0; i < met->len; i++)
    {
      VnCorrection *c = g_ptr_array_index (met, i);

      if (vn_correction_get_end (c) <= start)
        {
          g_string_append (prefix, vn_correction_get_after (c));
          wide_start = MIN (wide_start, vn_correction_get_start (c));
        }
      else if (vn_correction_get_start (c) >= end)
        {
          g_string_append (suffix, vn_correction_get_after (c));
          wide_end = MAX (wide_end, vn_correction_get_end (c));
        }
    }
  text = g_strconcat (prefix->str, after, suffix->str, NULL);
  return record_correction (self, wide_start, wide_end, text, source, page, bbox, note, FALSE,
                            error);
}

static gboolean
is_blank (char c)
{
  return c == '\0' || g_ascii_isspace (c);
}

/* The text to put in for @replacement over canonical [*start, *end), which may widen by one
 * space: an insertion gets a space on each side that lacks one, and a removal takes one space
 * with it, so that words neither run together nor leave a double space behind. */
char *
vn_session_fit_spacing (VnSession  *self,
                        guint      *start,
                        guint      *end,
                        const char *replacement)
{
  gsize len;
  const char *text = canonical_text (self, &len);
  gsize n = strlen (replacement);

  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  g_return_val_if_fail (*start <= *end && *end <= len, NULL);

  if (*start == *end && n > 0)
    {
      gboolean space_before = *start > 0 && !is_blank (text[*start - 1]) &&
                              !is_blank (replacement[0]);
      gboolean space_after = *end < len && !is_blank (text[*end]) &&
                             !is_blank (replacement[n - 1]);

      return g_strconcat (space_before ? " " : "", replacement, space_after ? " " : "", NULL);
    }
  if (*start < *end && n == 0)
    {
      if (*end < len && text[*end] == ' ' && (*start == 0 || is_blank (text[*start - 1])))
        (*end)++;
      else if (*start > 0 && text[*start - 1] == ' ')
        (*start)--;
    }
  return g_strdup (replacement);
}

/* Where each correction stands in the verified text. */
typedef struct
{
  guint cs, ce;   /* canonical */
  guint vs, ve;   /* verified */
} Span;

static GArray *
verified_spans (VnSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->corrections));
  GArray *spans = g_array_sized_new (FALSE, FALSE, sizeof (Span), n);
  gint64 delta = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (G_LIST_MODEL (self->corrections), i);
      Span span = { vn_correction_get_start (c), vn_correction_get_end (c), 0, 0 };

      span.vs = span.cs + delta;
      span.ve = span.vs + strlen (vn_correction_get_after (c));
      delta += (gint64) (span.ve - span.vs) - (gint64) (span.ce - span.cs);
      g_array_append_val (spans, span);
    }
  return spans;
}

/* The canonical offset of verified @voffset, which stands in uncorrected text or at the end
 * of a correction: after the last correction that ends at or before it. */
static guint
uncorrected_to_canonical (GArray *spans,
                          guint   voffset)
{
  guint at = voffset;

  for (guint i = 0; i < spans->len; i++)
    {
      const Span *s = &g_array_index (spans, Span, i);

      if (s->ve > voffset || (s->vs == s->ve && s->vs == voffset))
        break;
      at = s->ce + (voffset - s->ve);
    }
  return at;
}

/* Widens verified [*vstart, *vend) over every correction it meets, and gives the canonical
 * range the widened span stands for. */
static void
verified_span_to_canonical (VnSession *self,
                            guint     *vstart,
                            guint     *vend,
                            guint     *cstart,
                            guint     *cend)
{
  g_autoptr(GArray) spans = verified_spans (self);
  int first = -1, last = -1;
  gboolean widened = TRUE;

  while (widened)
    {
      widened = FALSE;
      for (guint i = 0; i < spans->len; i++)
        {
          const Span *s = &g_array_index (spans, Span, i);

          if (!ranges_meet (*vstart, *vend, s->vs, s->ve))
            continue;
          if (first < 0 || (int) i < first)
            first = i;
          if (last < 0 || (int) i > last)
            last = i;
          widened |= s->vs < *vstart || s->ve > *vend;
          *vstart = MIN (*vstart, s->vs);
          *vend = MAX (*vend, s->ve);
        }
    }
  *cstart = first >= 0 && g_array_index (spans, Span, first).vs == *vstart
            ? g_array_index (spans, Span, first).cs : uncorrected_to_canonical (spans, *vstart);
  *cend = last >= 0 && g_array_index (spans, Span, last).ve == *vend
          ? g_array_index (spans, Span, last).ce : uncorrected_to_canonical (spans, *vend);
}

static gboolean
is_word_break (char c)
{
  return g_ascii_isspace (c);
}

/* An edit of the verified text: [vstart, vend) becomes @text. It becomes one correction of
 * the canonical text, over every correction it meets, and with @whole_words over the whole
 * words it touches (so that its "before" and "after" read as words). */
static VnCorrection *
correct_verified (VnSession          *self,
                  guint               vstart,
                  guint               vend,
                  const char         *text,
                  VnCorrectionSource  source,
                  int                 page,
                  const VnBox        *bbox,
                  gboolean            whole_words,
                  gboolean            group,
                  GError            **error)
{
  gsize vlen;
  g_autofree char *verified = vn_session_dup_verified_text (self, &vlen);
  guint wide_start = vstart, wide_end = vend, cstart, cend;
  g_autofree char *prefix = NULL, *suffix = NULL, *after = NULL;

  if (vstart > vend || vend > vlen || (vstart < vlen && (verified[vstart] & 0xC0) == 0x80) ||
      (vend < vlen && (verified[vend] & 0xC0) == 0x80))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Bytes %u to %u are not a range of whole characters of the verified text."),
                   vstart, vend);
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The corrected text is not valid UTF-8."));
      return NULL;
    }
  if (vstart == vend && *text == '\0')
    return vn_correction_new ("", 0, 0, "", "", source);  /* nothing changes */
  if (whole_words)
    {
      while (wide_start > 0 && !is_word_break (verified[wide_start - 1]))
        wide_start--;
      while (wide_end < vlen && !is_word_break (verified[wide_end]))
        wide_end++;
    }
  verified_span_to_canonical (self, &wide_start, &wide_end, &cstart, &cend);
  prefix = g_strndup (verified + wide_start, vstart - wide_start);
  suffix = g_strndup (verified + vend, wide_end - vend);
  after = g_strconcat (prefix, text, suffix, NULL);
  return record_correction (self, cstart, cend, after, source, page, bbox, NULL, group, error);
}

/* An edit made on the verified text: it widens to whole corrections it meets, so the result
 * is one correction of the canonical text that replaces them. */
VnCorrection *
vn_session_correct_verified (VnSession          *self,
                             guint               vstart,
                             guint               vend,
                             const char         *text,
                             VnCorrectionSource  source,
                             int                 page,
                             const VnBox        *bbox,
                             GError            **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return correct_verified (self, vstart, vend, text, source, page, bbox, FALSE, FALSE, error);
}

/* What the editor typed, deleted or pasted in the verified text: [vstart, vend) became @text.
 * The correction covers the whole words the edit touches. Edits that follow each other in one
 * stretch of words, until vn_session_end_edit () or any other change, are one correction and
 * one step of undo, as a text editor groups typing. */
VnCorrection *
vn_session_edit_verified (VnSession   *self,
                          guint        vstart,
                          guint        vend,
                          const char  *text,
                          int          page,
                          const VnBox *bbox,
                          GError     **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return correct_verified (self, vstart, vend, text, VN_SOURCE_TYPED, page, bbox, TRUE, TRUE,
                           error);
}

/* The editor stopped typing there: the next edit is a correction of its own. */
void
vn_session_end_edit (VnSession *self)
{
  g_return_if_fail (VN_IS_SESSION (self));
  self->edit_group = NULL;
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
  if (!journal (self, simple_record ("undo", -1, -1, NULL, FALSE), error))
    return FALSE;
  self->edit_group = NULL;
  op = g_ptr_array_steal_index (self->undo_stack, self->undo_stack->len - 1);
  op_undo (self, op);
  g_ptr_array_add (self->redo_stack, op);
  changed (self);
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
  if (!journal (self, simple_record ("redo", -1, -1, NULL, FALSE), error))
    return FALSE;
  self->edit_group = NULL;
  op = g_ptr_array_steal_index (self->redo_stack, self->redo_stack->len - 1);
  op_do (self, op);
  g_ptr_array_add (self->undo_stack, op);
  changed (self);
  return TRUE;
}

static gboolean
set_flag (VnSession   *self,
          OpKind       kind,
          guint        start,
          guint        end,
          gboolean     value,
          GError     **error)
{
  GHashTable *table = kind == OP_VERIFY ? self->verified : self->kept;
  JsonNode *record;
  Op *op;

  if (!check_range (self, start, end, error))
    return FALSE;
  record = simple_record (kind == OP_VERIFY ? "verify" : "keep", start, end, "value", value);
  add_anchor (self, json_node_get_object (record), start, end);
  if (!journal (self, record, error))
    return FALSE;
  op = g_new0 (Op, 1);
  op->kind = kind;
  op->start = start;
  op->end = end;
  op->value = value;
  op->previous = range_lookup (table, start, end);
  perform (self, op);
  changed (self);
  return TRUE;
}

/* The editor checked these canonical bytes against the scan (even if they were right). */
gboolean
vn_session_set_verified (VnSession  *self,
                         guint       start,
                         guint       end,
                         gboolean    verified,
                         GError    **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return set_flag (self, OP_VERIFY, start, end, verified, error);
}

gboolean
vn_session_is_verified (VnSession *self,
                        guint      start,
                        guint      end)
{
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  g_hash_table_iter_init (&iter, self->verified);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 k = *(gint64 *) key;
      if ((guint) (k >> 32) <= start && end <= (guint) (k & 0xffffffff))
        return TRUE;
    }
  return FALSE;
}

/* The transcription's reading stands: a discrepancy resolved without an edit. */
gboolean
vn_session_keep (VnSession  *self,
                 guint       start,
                 guint       end,
                 GError    **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return set_flag (self, OP_KEEP, start, end, TRUE, error);
}

gboolean
vn_session_is_kept (VnSession *self,
                    guint      start,
                    guint      end)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return range_lookup (self->kept, start, end);
}

/* A skipped discrepancy changes nothing, but the answer is journaled like the others. */
gboolean
vn_session_record_skip (VnSession  *self,
                        guint       start,
                        guint       end,
                        GError    **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return journal (self, simple_record ("skip", start, end, NULL, FALSE), error);
}

gboolean
vn_session_set_page_status (VnSession     *self,
                            guint          page,
                            VnPageStatus   status,
                            GError       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  Op *op;

  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), FALSE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, "status");
  json_builder_set_member_name (b, "page");
  json_builder_add_int_value (b, page + 1);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, status_names[status]);
  json_builder_set_member_name (b, "time_us");
  json_builder_add_int_value (b, g_get_real_time ());
  json_builder_end_object (b);
  if (!journal (self, json_builder_get_root (b), error))
    return FALSE;
  op = g_new0 (Op, 1);
  op->kind = OP_STATUS;
  op->page = page;
  op->status = status;
  op->previous_status = vn_session_get_page_status (self, page);
  perform (self, op);
  changed (self);
  return TRUE;
}

VnPageStatus
vn_session_get_page_status (VnSession *self,
                            guint      page)
{
  g_return_val_if_fail (VN_IS_SESSION (self), VN_PAGE_NOT_PROOFREAD);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->page_status, GUINT_TO_POINTER (page)));
}

/* The active correction touching canonical [start, end), or NULL. */
VnCorrection *
vn_session_find_correction (VnSession *self,
                            guint      start,
                            guint      end)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  found = corrections_in (self, start, end, TRUE);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

gboolean
vn_session_is_resolved (VnSession     *self,
                        VnDiscrepancy *d)
{
  guint start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);

  return vn_session_find_correction (self, start, end) != NULL ||
         vn_session_is_kept (self, start, end) ||
         (start < end && vn_session_is_verified (self, start, end));
}

/* Figures for one page (0-based), or for the whole document when @page is -1. */
void
vn_session_get_progress (VnSession   *self,
                         VnCollation *collation,
                         int          page,
                         VnProgress  *progress)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (collation));

  g_return_if_fail (VN_IS_SESSION (self));
  *progress = (VnProgress) { 0 };
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);

      if (page >= 0 && vn_discrepancy_get_page (d) != (guint) page)
        continue;
      progress->discrepancies++;
      progress->resolved += vn_session_is_resolved (self, d);
    }
  progress->open = progress->discrepancies - progress->resolved;
  for (guint t = 0; t < vn_transcription_get_n_tokens (self->canonical); t++)
    {
      const VnToken *token = vn_transcription_get_token (self->canonical, t);

      if (page >= 0 && vn_collation_get_placement (collation, t)->page != page)
        continue;
      progress->words++;
      progress->verified += vn_session_is_verified (self, token->core_start, token->core_end);
      progress->corrections += vn_session_find_correction (self, token->core_start,
                                                           token->core_end) != NULL;
    }
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

/* Damaged journal lines, unplaced corrections, failed saves: for the user to read. */
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

/* ------------------------------------------------------------------ re-anchoring */

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
  const char *data = canonical_text (self, &len);
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

/* ------------------------------------------------------------------ replay */

typedef struct
{
  VnSession *self;
  gboolean   text_changed;
  guint      moved;
  guint      records;
  gboolean   header;
} Replay;

/* Keeps the undo history in step with the journal for a record replay could not apply. */
static void
replay_unplaced (Replay       *r,
                 VnCorrection *correction)
{
  Op *op = g_new0 (Op, 1);

  op->kind = OP_UNPLACED;
  op->correction = correction ? g_object_ref (correction) : NULL;
  perform (r->self, op);
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
        replace_group (self, group, c, FALSE);
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
    replace_group (self, group, c, TRUE);
  else
    apply_correction (self, c);
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

  canonical_text (r->self, &len);
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
  if ((gsize) e > len || !is_char_range (canonical_text (r->self, NULL), len, at, e - at))
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
  op->previous = range_lookup (table, start, end);
  perform (r->self, op);
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
  perform (r->self, op);
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

/* ------------------------------------------------------------------ lock */

/* state-dir/lock names the process that writes the journal: its pid, host and boot id, and
 * since when, for a second process to say who holds the project. flock () on the file keeps
 * that second process out (on this machine, and on others through NFS locks); the kernel
 * drops it when its holder dies, so a lock nobody holds that names this host is stale and is
 * taken over. Where flock () is not available, a lock is stale when it names this host and
 * either a process that is gone or an earlier boot. A lock naming another host is never
 * judged from here: the message says how to remove it. */

typedef struct
{
  gint64  pid;
  char   *host;
  char   *boot_id;
  gint64  since_us;
} LockHolder;

static void
lock_holder_clear (LockHolder *holder)
{
  g_clear_pointer (&holder->host, g_free);
  g_clear_pointer (&holder->boot_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LockHolder, lock_holder_clear)

typedef enum { LOCK_TAKEN, LOCK_HELD, LOCK_FAILED } LockResult;

static char *
read_boot_id (void)
{
  char *id = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &id, NULL, NULL))
    return g_strdup ("");
  return g_strstrip (id);
}

static char *
lock_contents (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *boot_id = read_boot_id ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, getpid ());
  json_builder_set_member_name (b, "host");
  json_builder_add_string_value (b, g_get_host_name ());
  json_builder_set_member_name (b, "boot_id");
  json_builder_add_string_value (b, boot_id);
  json_builder_set_member_name (b, "since_us");
  json_builder_add_int_value (b, g_get_real_time ());
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* FALSE when the file names nobody: empty, or being written. */
static gboolean
read_holder (int         fd,
             LockHolder *holder)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  char data[1024];
  gssize n = pread (fd, data, sizeof data - 1, 0);
  JsonObject *o;

  if (n <= 0 || !json_parser_load_from_data (parser, data, n, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  o = json_node_get_object (json_parser_get_root (parser));
  holder->pid = json_object_get_int_member_with_default (o, "pid", 0);
  holder->host = g_strdup (json_object_get_string_member_with_default (o, "host", ""));
  holder->boot_id = g_strdup (json_object_get_string_member_with_default (o, "boot_id", ""));
  holder->since_us = json_object_get_int_member_with_default (o, "since_us", 0);
  return TRUE;
}

/* @flocked: this process holds flock () on the file, so no live Verno here does. */
static gboolean
holder_is_stale (const LockHolder *holder,
                 gboolean          flocked)
{
  g_autofree char *boot_id = NULL;

  if (g_strcmp0 (holder->host, g_get_host_name ()) != 0)
    return FALSE;
  if (flocked)
    return TRUE;
  boot_id = read_boot_id ();
  if (g_strcmp0 (holder->boot_id, boot_id) != 0)
    return TRUE;
  return holder->pid <= 0 || (kill ((pid_t) holder->pid, 0) != 0 && errno == ESRCH);
}

static gboolean
is_same_file (int         fd,
              const char *path)
{
  struct stat a, b;

  return fstat (fd, &a) == 0 && stat (path, &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

/* Writes this process's names into the lock it has opened. */
static gboolean
write_holder (int          fd,
              gboolean     flocked,
              const char  *path,
              GError     **error)
{
  g_autofree char *contents = lock_contents ();
  int errsv;

  if (ftruncate (fd, 0) == 0 && pwrite (fd, contents, strlen (contents), 0) >= 0)
    return TRUE;
  errsv = errno;
  /* Under flock () the names are only for messages: a full disk must not stop the work. */
  if (flocked)
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("Cannot write the lock %s (%s), so the project is open read-only; free some "
                 "space and open it again."), path, g_strerror (errsv));
  return FALSE;
}

/* Takes the lock, or says who holds it in @holder (holder->host NULL: it names nobody). */
static LockResult
take_lock (VnSession   *self,
           LockHolder  *holder,
           GError     **error)
{
  g_autofree char *path = g_build_filename (self->state_dir, "lock", NULL);

  for (guint attempt = 0; attempt < 10; attempt++)
    {
      int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      gboolean flocked;

      if (fd < 0)
        {
          int errsv = errno;
          g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                       _("Cannot create the lock %s (%s), so the project is open read-only; "
                         "check the folder's permissions and free space."), path,
                       g_strerror (errsv));
          return LOCK_FAILED;
        }
      flocked = flock (fd, LOCK_EX | LOCK_NB) == 0;
      if (!flocked && errno == EWOULDBLOCK)
        {
          read_holder (fd, holder);
          close (fd);
          return LOCK_HELD;
        }
      /* Removed by its holder on leaving, while this process opened it: open the new one. */
      if (flocked && !is_same_file (fd, path))
        {
          close (fd);
          continue;
        }
      if (read_holder (fd, holder) && !holder_is_stale (holder, flocked))
        {
          close (fd);
          return LOCK_HELD;
        }
      lock_holder_clear (holder);
      if (!write_holder (fd, flocked, path, error))
        {
          close (fd);
          return LOCK_FAILED;
        }
      self->lock_fd = fd;
      return LOCK_TAKEN;
    }
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("Cannot take the lock %s, which other processes keep replacing, so the "
                 "project is open read-only; open it again."), path);
  return LOCK_FAILED;
}

/* The lock is removed while still held, so that nobody takes the file being removed. */
static void
release_lock (VnSession *self)
{
  g_autofree char *path = NULL;

  if (self->lock_fd < 0)
    return;
  path = g_build_filename (self->state_dir, "lock", NULL);
  if (is_same_file (self->lock_fd, path))
    g_unlink (path);
  close (self->lock_fd);
  self->lock_fd = -1;
  /* Opening a project and closing it again leaves nothing behind. */
  if (self->created_state_dir)
    g_rmdir (self->state_dir);
}

static void
set_held_read_only (VnSession        *self,
                    const LockHolder *holder)
{
  g_autofree char *lock = g_build_filename (self->state_dir, "lock", NULL);
  g_autoptr(GDateTime) since = holder->since_us > 0
                               ? g_date_time_new_from_unix_local (holder->since_us / G_USEC_PER_SEC)
                               : NULL;
  g_autofree char *when = since ? g_date_time_format (since, "%Y-%m-%d %H:%M") : g_strdup ("?");
  g_autofree char *sentence = NULL;

  if (holder->host == NULL)
    sentence = g_strdup_printf (_("%s is in use by another Verno, so the project is open "
                                  "read-only here; close the other one, then open the project "
                                  "again to make corrections."), self->state_dir);
  else if (g_str_equal (holder->host, g_get_host_name ()))
    sentence = g_strdup_printf (_("%s is in use by another Verno (process %lld, since %s), so "
                                  "the project is open read-only here; close the other one, "
                                  "then open the project again to make corrections."),
                                self->state_dir, (long long) holder->pid, when);
  else
    sentence = g_strdup_printf (_("%s is in use by another Verno (process %lld on %s, since "
                                  "%s), so the project is open read-only here; close the other "
                                  "one, or if it is no longer running, delete %s."),
                                self->state_dir, (long long) holder->pid, holder->host, when,
                                lock);
  set_read_only (self, sentence);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

/* Another process wrote the journal between this session's reading it and taking the lock:
 * what this session knows is out of date, and its records must not follow theirs. */
static gboolean
journal_changed_since_read (VnSession *self)
{
  g_autofree char *path = g_build_filename (self->state_dir, "journal.jsonl", NULL);
  g_autofree char *sentence = NULL;

  if (file_size (path) == self->journal_size)
    return FALSE;
  release_lock (self);
  sentence = g_strdup_printf (_("%s was changed by another Verno since this one read it, so the "
                                "project is open read-only here; open it again to make "
                                "corrections."), path);
  set_read_only (self, sentence);
  return TRUE;
}

static void
check_state_dir_writable (VnSession *self)
{
  g_autofree char *sentence = NULL;

  if (can_create_in (self->state_dir))
    return;
  sentence = g_strdup_printf (_("%s cannot be written, so the project is open read-only; to "
                                "make corrections, copy it somewhere writable, or keep them "
                                "elsewhere with --state-dir DIR."), self->state_dir);
  set_read_only (self, sentence);
}

/* Makes this process the one that writes the state folder, for as long as the session
 * lives: a window does so when it opens a project, a command before it changes anything, and
 * the first correction at the latest. FALSE, with the reason in one sentence, when this
 * session cannot make corrections; it is then read-only. */
gboolean
vn_session_claim (VnSession  *self,
                  GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(LockHolder) holder = { 0 };
  g_autofree char *sentence = NULL;

  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  if (self->lock_fd >= 0)
    return TRUE;
  if (!vn_session_check_writable (self, error))
    return FALSE;
  self->created_state_dir = !g_file_test (self->state_dir, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (self->state_dir, 0755) != 0)
    {
      int errsv = errno;
      sentence = g_strdup_printf (_("Cannot create %s (%s), so the project is open read-only; "
                                    "free some space, or keep the corrections elsewhere with "
                                    "--state-dir DIR."), self->state_dir, g_strerror (errsv));
      set_read_only (self, sentence);
    }
  else
    switch (take_lock (self, &holder, &local_error))
      {
      case LOCK_TAKEN:
        if (!journal_changed_since_read (self))
          return TRUE;
        break;
      case LOCK_HELD:
        set_held_read_only (self, &holder);
        break;
      case LOCK_FAILED:
      default:
        set_read_only (self, local_error->message);
        break;
      }
  if (self->created_state_dir)
    g_rmdir (self->state_dir);
  return vn_session_check_writable (self, error);
}

/* A journal of which no line is a record is some other file: it is neither replayed nor
 * written to, and stays as it is. A single torn line is a header a crash cut short. */
static void
check_journal (VnSession    *self,
               const Replay *replay,
               const char   *path)
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
  set_read_only (self, sentence);
}

/* FALSE, with the reason in one sentence, when this session cannot make corrections. */
gboolean
vn_session_check_writable (VnSession  *self,
                           GError    **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  if (!self->read_only)
    return TRUE;
  g_set_error_literal (error, VN_ERROR, VN_ERROR_ENVIRONMENT, self->read_only_reason);
  return FALSE;
}

char *
vn_session_default_state_dir (VnTranscription *canonical)
{
  GFile *file = vn_transcription_get_file (canonical);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autofree char *dir = path ? g_path_get_dirname (path) : g_get_current_dir ();

  return g_build_filename (dir, ".verno", NULL);
}

static gboolean
file_holds (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;

  return g_file_get_contents (path, &data, NULL, NULL) && g_str_equal (data, contents);
}

/* corrections.diff and state.json say what the journal says, on this version of the
 * canonical text: after the text changed (the corrections moved with it) or after a save
 * that failed, whoever opens the project and may write it writes them again. */
static void
refresh_snapshot (VnSession *self)
{
  g_autofree char *diff = snapshot_diff (self);
  g_autofree char *state = state_to_json (self);
  g_autoptr(GError) error = NULL;

  if (self->read_only || (file_holds (self->state_dir, "corrections.diff", diff) &&
                          file_holds (self->state_dir, "state.json", state)))
    return;
  if (!vn_session_claim (self, NULL))
    return;
  if (!write_atomically (self, "corrections.diff", diff, &error) ||
      !write_atomically (self, "state.json", state, &error))
    g_ptr_array_add (self->warnings, g_strdup (error->message));
}

VnSession *
vn_session_open (VnTranscription  *canonical,
                 const char       *state_dir,
                 GError          **error)
{
  g_autoptr(VnSession) self = g_object_new (VN_TYPE_SESSION, NULL);
  g_autofree char *path = NULL;
  Replay replay = { .self = self };

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (canonical), NULL);

  self->canonical = g_object_ref (canonical);
  self->state_dir = state_dir ? g_strdup (state_dir) : vn_session_default_state_dir (canonical);
  path = g_build_filename (self->state_dir, "journal.jsonl", NULL);
  check_state_dir_writable (self);
  self->journal_size = file_size (path);
  self->replaying = TRUE;
  if (!vn_journal_read (path, replay_record, &replay, self->warnings, error))
    return NULL;
  self->replaying = FALSE;
  self->edit_group = NULL;
  self->text_changed = replay.text_changed;
  check_journal (self, &replay, path);
  warn_unplaced (self);
  if (replay.text_changed)
    warn_text_changed (self, replay.moved);
  if (replay.records > 0)
    refresh_snapshot (self);
  return g_steal_pointer (&self);
}
