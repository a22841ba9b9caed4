/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-document.h: everything about one document at once: its project (scans and canonical
 * transcription), the OCR of its pages, their collation, and the editor's session. */
#pragma once

#include <gio/gio.h>

#include "vn-collation.h"
#include "vn-ocr-engine.h"
#include "vn-project.h"
#include "vn-session.h"

G_BEGIN_DECLS

#define VN_TYPE_DOCUMENT (vn_document_get_type ())
G_DECLARE_FINAL_TYPE (VnDocument, vn_document, VN, DOCUMENT, GObject)

VnDocument     *vn_document_open              (VnProject          *project,
                                               VnOcrEngine        *engine,
                                               const char         *state_dir,
                                               VnOcrProgressFunc   progress,
                                               gpointer            user_data,
                                               GCancellable       *cancellable,
                                               GError            **error);
VnProject      *vn_document_get_project       (VnDocument         *self);
VnSession      *vn_document_get_session       (VnDocument         *self);
VnCollation    *vn_document_get_collation     (VnDocument         *self);
GPtrArray      *vn_document_get_pages         (VnDocument         *self);
const char     *vn_document_get_languages     (VnDocument         *self);
VnSpellChecker *vn_document_get_spell_checker (VnDocument         *self);
VnCollation    *vn_document_collate_verified  (VnDocument         *self,
                                               GError            **error);

G_END_DECLS
