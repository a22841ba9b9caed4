/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation.h: the transcription aligned word by word to the OCR of its scans, and the
 * discrepancies between them, ranked. A GListModel of VnDiscrepancy, best first. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "vn-discrepancy.h"
#include "vn-ocr-engine.h"
#include "vn-ocr-page.h"
#include "vn-spell-checker.h"
#include "vn-transcription.h"

G_BEGIN_DECLS

typedef struct
{
  int    page;          /* scan page index, -1 when the document has no OCR at all */
  VnBox  box;           /* region on that page */
  int    first_ocr;     /* first matching OCR word in the OCR sequence, -1 for none */
  guint  n_ocr;
  guint  interpolated : 1;  /* region guessed from neighbours */
} VnTokenPlacement;

#define VN_TYPE_COLLATION (vn_collation_get_type ())
G_DECLARE_FINAL_TYPE (VnCollation, vn_collation, VN, COLLATION, GObject)

VnCollation            *vn_collation_new               (VnTranscription *transcription,
                                                        GPtrArray       *ocr_pages,
                                                        VnSpellChecker  *spell_checker);
VnCollation            *vn_collation_new_full          (VnTranscription *transcription,
                                                        GPtrArray       *ocr_pages,
                                                        VnSpellChecker  *spell_checker,
                                                        const char      *ocr_languages);
gboolean                vn_collation_reread            (VnCollation     *self,
                                                        VnOcrEngine     *engine,
                                                        GPtrArray       *scans,
                                                        GCancellable    *cancellable,
                                                        GError         **error);
char                   *vn_collation_dup_model_advice  (VnCollation     *self,
                                                        const char      *languages);
VnTranscription        *vn_collation_get_transcription (VnCollation     *self);
guint                   vn_collation_get_n_pages       (VnCollation     *self);
VnOcrPage              *vn_collation_get_page          (VnCollation     *self,
                                                        guint            index);
const VnTokenPlacement *vn_collation_get_placement     (VnCollation     *self,
                                                        guint            token);
guint                   vn_collation_get_n_ocr_words   (VnCollation     *self);
const VnOcrWord        *vn_collation_get_ocr_word      (VnCollation     *self,
                                                        guint            index,
                                                        guint           *page);
int                     vn_collation_get_page_first_token (VnCollation  *self,
                                                        guint            page);
char                   *vn_collation_to_json           (VnCollation     *self,
                                                        GPtrArray       *scan_pages);
void                    vn_collation_add_discrepancy_json (JsonBuilder  *builder,
                                                        VnDiscrepancy   *discrepancy);

G_END_DECLS
