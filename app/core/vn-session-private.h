/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-session-private.h: what the session's files share: vn-session.c (the operations, undo,
 * marks, the claim), vn-session-edit.c (corrections, typed edits and their groups) and
 * vn-session-replay.c (the journal read back, re-anchored to a changed text). */
#pragma once

#include "vn-journal.h"
#include "vn-project-lock.h"
#include "vn-session.h"

G_BEGIN_DECLS

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
  VnProjectLock   *lock;          /* held from the claim; NULL when not (yet) the writer */
  gboolean         has_header;    /* the journal read back starts with its header */
  gint64           journal_size;  /* when it was read back; -1: there was none */
  GError          *snapshot_error;  /* why corrections.diff or state.json is out of date */
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

/* What replaying the journal found. */
typedef struct
{
  guint    records;
  gboolean header;         /* its first record is a header */
  gboolean text_changed;   /* it was made on another version of the canonical text */
  guint    moved;
} VnReplayResult;

void     _vn_session_check_state_dir_writable (VnSession *self);
gint64   _vn_session_file_size (const char *path);
gboolean _vn_session_replay (VnSession       *self,
                             const char      *path,
                             VnReplayResult  *result,
                             GError         **error);
void _vn_session_perform (VnSession *self,
                     Op        *op);
void _vn_session_apply_correction (VnSession    *self,
                              VnCorrection *correction);
GPtrArray *_vn_session_corrections_in (VnSession *self,
                            guint      start,
                            guint      end,
                            gboolean   touch);
void _vn_session_replace_group (VnSession    *self,
                           Op           *group,
                           VnCorrection *correction,
                           gboolean      placed);
Op *_vn_session_group_extended_by (VnSession    *self,
                               VnCorrection *correction);
gboolean _vn_session_check_range (VnSession  *self,
                         guint       start,
                         guint       end,
                         GError    **error);
gboolean _vn_session_journal (VnSession  *self,
                     JsonNode   *record,
                     GError    **error);
void _vn_session_changed (VnSession *self);
char *_vn_session_dup_context (VnSession *self,
                         guint      start,
                         guint      end,
                         gboolean   before);
gboolean _vn_session_range_lookup (GHashTable *table,
                          guint       start,
                          guint       end);
void _vn_session_range_set (GHashTable *table,
                       guint       start,
                       guint       end,
                       gboolean    value);
gboolean _vn_session_is_identity (VnCorrection *c);
const char *_vn_session_canonical_text (VnSession *self,
                            gsize     *len);
void _vn_session_set_read_only (VnSession  *self,
                           const char *sentence);
gboolean _vn_session_ranges_meet (guint s1, guint e1, guint s2, guint e2);
gboolean _vn_session_ranges_touch (guint s1, guint e1, guint s2, guint e2);
JsonNode *_vn_session_simple_record (const char *op,
                           gint64      start,
                           gint64      end,
                           const char *value_name,
                           gboolean    value);
void _vn_session_add_anchor (VnSession  *self,
                        JsonObject *record,
                        guint       start,
                        guint       end);
void _vn_session_insert_sorted (VnSession    *self,
                           VnCorrection *correction);
void _vn_session_remove_correction (VnSession    *self,
                               VnCorrection *correction);
void _vn_session_op_do (VnSession *self,
                   Op        *op);
void _vn_session_op_undo (VnSession *self,
                     Op        *op);

G_END_DECLS
