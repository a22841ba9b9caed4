/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-session.h: an editor's work on one transcription: corrections as edits of the canonical
 * text, verification and page statuses, undo and redo; journaled, and saved as a diff. */
#pragma once

#include <gio/gio.h>

#include "vn-collation.h"
#include "vn-correction.h"
#include "vn-transcription.h"

G_BEGIN_DECLS

typedef enum
{
  VN_PAGE_NOT_PROOFREAD,
  VN_PAGE_PROOFREAD,
  VN_PAGE_VALIDATED,
  VN_PAGE_PROBLEMATIC,
} VnPageStatus;

typedef struct
{
  guint discrepancies;
  guint resolved;      /* corrected, kept or verified */
  guint open;
  guint words;
  guint verified;
  guint corrections;
} VnProgress;

#define VN_TYPE_SESSION (vn_session_get_type ())
G_DECLARE_FINAL_TYPE (VnSession, vn_session, VN, SESSION, GObject)

VnSession       *vn_session_open                 (VnTranscription    *canonical,
                                                  const char         *state_dir,
                                                  GError            **error);
char            *vn_session_default_state_dir    (VnTranscription    *canonical);
VnTranscription *vn_session_get_canonical        (VnSession          *self);
const char      *vn_session_get_state_dir        (VnSession          *self);
gboolean         vn_session_is_read_only         (VnSession          *self);
gboolean         vn_session_check_writable       (VnSession          *self,
                                                  GError            **error);
gboolean         vn_session_claim                (VnSession          *self,
                                                  GError            **error);
void             vn_session_release              (VnSession          *self);
GPtrArray       *vn_session_get_warnings         (VnSession          *self);
const GError    *vn_session_get_snapshot_error   (VnSession          *self);
gboolean         vn_session_flush                (VnSession          *self,
                                                  GError            **error);

GListModel      *vn_session_get_corrections      (VnSession          *self);
GListModel      *vn_session_get_unplaced         (VnSession          *self);
char            *vn_session_dup_verified_text    (VnSession          *self,
                                                  gsize              *len);
VnTranscription *vn_session_dup_verified         (VnSession          *self,
                                                  GError            **error);
guint            vn_session_canonical_to_verified (VnSession         *self,
                                                  guint               offset);

VnCorrection    *vn_session_correct              (VnSession          *self,
                                                  guint               start,
                                                  guint               end,
                                                  const char         *after,
                                                  VnCorrectionSource  source,
                                                  int                 page,
                                                  const VnBox        *bbox,
                                                  const char         *note,
                                                  GError            **error);
VnCorrection    *vn_session_correct_verified     (VnSession          *self,
                                                  guint               verified_start,
                                                  guint               verified_end,
                                                  const char         *text,
                                                  VnCorrectionSource  source,
                                                  int                 page,
                                                  const VnBox        *bbox,
                                                  GError            **error);
VnCorrection    *vn_session_edit_verified        (VnSession          *self,
                                                  guint               verified_start,
                                                  guint               verified_end,
                                                  const char         *text,
                                                  int                 page,
                                                  const VnBox        *bbox,
                                                  GError            **error);
void             vn_session_end_edit             (VnSession          *self);
gboolean         vn_session_cancel_edit          (VnSession          *self,
                                                  GError            **error);
char            *vn_session_fit_spacing          (VnSession          *self,
                                                  guint              *start,
                                                  guint              *end,
                                                  const char         *replacement);
gboolean         vn_session_can_undo             (VnSession          *self);
guint            vn_session_get_n_undo           (VnSession          *self);
gboolean         vn_session_can_redo             (VnSession          *self);
gboolean         vn_session_undo                 (VnSession          *self,
                                                  GError            **error);
gboolean         vn_session_redo                 (VnSession          *self,
                                                  GError            **error);

gboolean         vn_session_set_verified         (VnSession          *self,
                                                  guint               start,
                                                  guint               end,
                                                  gboolean            verified,
                                                  GError            **error);
gboolean         vn_session_is_verified          (VnSession          *self,
                                                  guint               start,
                                                  guint               end);
gboolean         vn_session_keep                 (VnSession          *self,
                                                  guint               start,
                                                  guint               end,
                                                  GError            **error);
gboolean         vn_session_is_kept              (VnSession          *self,
                                                  guint               start,
                                                  guint               end);
gboolean         vn_session_record_skip          (VnSession          *self,
                                                  guint               start,
                                                  guint               end,
                                                  GError            **error);
gboolean         vn_session_set_page_status      (VnSession          *self,
                                                  guint               page,
                                                  VnPageStatus        status,
                                                  GError            **error);
VnPageStatus     vn_session_get_page_status      (VnSession          *self,
                                                  guint               page);
VnCorrection    *vn_session_find_correction      (VnSession          *self,
                                                  guint               start,
                                                  guint               end);
gboolean         vn_session_is_resolved          (VnSession          *self,
                                                  VnDiscrepancy      *discrepancy);
void             vn_session_get_progress         (VnSession          *self,
                                                  VnCollation        *collation,
                                                  int                 page,
                                                  VnProgress         *progress);

const char      *vn_page_status_to_string        (VnPageStatus        status);
gboolean         vn_page_status_from_string      (const char         *name,
                                                  VnPageStatus       *status);

G_END_DECLS
