/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-model.h: what a set of Tesseract models can write: the characters of their LSTM
 * unicharsets, read from the installed traineddata files. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VN_TYPE_OCR_MODEL (vn_ocr_model_get_type ())
G_DECLARE_FINAL_TYPE (VnOcrModel, vn_ocr_model, VN, OCR_MODEL, GObject)

VnOcrModel *vn_ocr_model_new              (const char  *languages,
                                           GError     **error);
VnOcrModel *vn_ocr_model_new_from_file    (const char  *path,
                                           GError     **error);
VnOcrModel *vn_ocr_model_new_from_text    (const char  *text);
const char *vn_ocr_model_get_languages    (VnOcrModel  *self);
guint       vn_ocr_model_get_n_characters (VnOcrModel  *self);
gboolean    vn_ocr_model_can_write        (VnOcrModel  *self,
                                           gunichar     c);
void        vn_ocr_model_forget           (VnOcrModel  *self,
                                           gunichar     c);
char       *vn_ocr_model_dup_unwritable   (VnOcrModel  *self,
                                           const char  *text);

G_END_DECLS
