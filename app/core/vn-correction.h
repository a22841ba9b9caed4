/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-correction.h: one edit of the canonical transcription, with its provenance. */
#pragma once

#include <json-glib/json-glib.h>

#include "vn-ocr-page.h"

G_BEGIN_DECLS

typedef enum
{
  VN_SOURCE_SUGGESTION,  /* the editor accepted Verno's suggestion */
  VN_SOURCE_OCR,         /* the editor took the OCR reading */
  VN_SOURCE_TYPED,       /* the editor typed it */
  VN_SOURCE_BATCH,       /* applied to another occurrence from the concordance */
} VnCorrectionSource;

#define VN_TYPE_CORRECTION (vn_correction_get_type ())
G_DECLARE_FINAL_TYPE (VnCorrection, vn_correction, VN, CORRECTION, GObject)

VnCorrection       *vn_correction_new            (const char         *id,
                                                  guint               start,
                                                  guint               end,
                                                  const char         *before,
                                                  const char         *after,
                                                  VnCorrectionSource  source);
const char         *vn_correction_get_id         (VnCorrection       *self);
guint               vn_correction_get_start      (VnCorrection       *self);
guint               vn_correction_get_end        (VnCorrection       *self);
void                vn_correction_move           (VnCorrection       *self,
                                                  guint               start);
const char         *vn_correction_get_before     (VnCorrection       *self);
const char         *vn_correction_get_after      (VnCorrection       *self);
VnCorrectionSource  vn_correction_get_source     (VnCorrection       *self);
int                 vn_correction_get_page       (VnCorrection       *self);
VnBox               vn_correction_get_bbox       (VnCorrection       *self);
void                vn_correction_set_region     (VnCorrection       *self,
                                                  int                 page,
                                                  const VnBox        *bbox);
gint64              vn_correction_get_time       (VnCorrection       *self);
void                vn_correction_set_time       (VnCorrection       *self,
                                                  gint64              unix_usec);
const char         *vn_correction_get_note       (VnCorrection       *self);
void                vn_correction_set_note       (VnCorrection       *self,
                                                  const char         *note);
const char         *vn_correction_get_context_before (VnCorrection   *self);
const char         *vn_correction_get_context_after  (VnCorrection   *self);
void                vn_correction_set_context    (VnCorrection       *self,
                                                  const char         *before,
                                                  const char         *after);
JsonNode           *vn_correction_to_json        (VnCorrection       *self);
VnCorrection       *vn_correction_new_from_json  (JsonObject         *object,
                                                  GError            **error);

const char         *vn_correction_source_to_string   (VnCorrectionSource  source);
gboolean            vn_correction_source_from_string (const char         *name,
                                                      VnCorrectionSource *source);

G_END_DECLS
