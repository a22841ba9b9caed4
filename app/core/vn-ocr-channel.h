/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-channel.h: how the OCR misreads letters on one document (P(read | written) for
 * each letter: another letter, none, or one more), learned from the words it and the
 * transcription read alike or differently, and the words a misreading most likely stands
 * for. Letters are compared without case. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VN_TYPE_OCR_CHANNEL (vn_ocr_channel_get_type ())
G_DECLARE_FINAL_TYPE (VnOcrChannel, vn_ocr_channel, VN, OCR_CHANNEL, GObject)

VnOcrChannel *vn_ocr_channel_new          (void);
void          vn_ocr_channel_learn        (VnOcrChannel *self,
                                           const char   *written,
                                           const char   *read);
double        vn_ocr_channel_log_prob     (VnOcrChannel *self,
                                           const char   *written,
                                           const char   *read);
double        vn_ocr_channel_log_ratio    (VnOcrChannel *self,
                                           const char   *written,
                                           const char   *read);
GPtrArray    *vn_ocr_channel_dup_sources  (VnOcrChannel *self,
                                           const char   *read,
                                           guint         max_edits,
                                           guint         max_sources);
guint         vn_ocr_channel_get_times    (VnOcrChannel *self,
                                           gunichar      written,
                                           gunichar      read);

G_END_DECLS
