/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-project.h: a document to verify: its scans and its canonical transcription. */
#pragma once

#include <gio/gio.h>

#include "vn-transcription.h"

G_BEGIN_DECLS

#define VN_TYPE_PROJECT (vn_project_get_type ())
G_DECLARE_FINAL_TYPE (VnProject, vn_project, VN, PROJECT, GObject)

VnProject       *vn_project_new_from_folder  (const char          *folder,
                                              GError             **error);
VnProject       *vn_project_new_from_files   (const char          *transcription,
                                              const char * const  *scans,
                                              GError             **error);
const char      *vn_project_get_folder       (VnProject           *self);
VnTranscription *vn_project_get_transcription (VnProject          *self);
GPtrArray       *vn_project_get_scan_pages   (VnProject           *self);
const char      *vn_project_get_translation_path (VnProject       *self);

G_END_DECLS
