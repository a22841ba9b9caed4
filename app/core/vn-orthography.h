/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-orthography.h: the spelling regime a transcription keeps (modern, or Russian before the
 * 1918 reform: final ъ, ѣ, і, ѳ, ѵ), learned from the text itself, with its vocabulary by
 * modern form: words are looked up in modern dictionaries through their modern form, and
 * suggestions are written back in the document's regime. */
#pragma once

#include <glib-object.h>

#include "vn-ocr-model.h"

G_BEGIN_DECLS

#define VN_TYPE_ORTHOGRAPHY (vn_orthography_get_type ())
G_DECLARE_FINAL_TYPE (VnOrthography, vn_orthography, VN, ORTHOGRAPHY, GObject)

VnOrthography *vn_orthography_new          (const char    *text,
                                            gssize         length);
gboolean       vn_orthography_is_pre_reform (VnOrthography *self);
double         vn_orthography_get_hard_sign_share (VnOrthography *self);
char          *vn_orthography_dup_missing_hard_sign (VnOrthography *self,
                                            const char    *word);
char          *vn_orthography_modernise    (VnOrthography *self,
                                            const char    *word);
GStrv          vn_orthography_dup_modern_forms (VnOrthography *self,
                                                const char    *word);
gboolean       vn_orthography_modernises   (VnOrthography *self,
                                            const char    *from,
                                            const char    *to);
char          *vn_orthography_write        (VnOrthography *self,
                                            const char    *suggestion,
                                            const char    *transcription,
                                            VnOcrModel    *model);

G_END_DECLS
