/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-line.h: the lines of the scans as OCR found them, each with the transcription's words
 * placed on it: what the line-by-line review shows, and what a region of the scan covers. */
#pragma once

#include <gio/gio.h>

#include "vn-collation.h"
#include "vn-session.h"

G_BEGIN_DECLS

#define VN_TYPE_SCAN_LINE (vn_scan_line_get_type ())
G_DECLARE_FINAL_TYPE (VnScanLine, vn_scan_line, VN, SCAN_LINE, GObject)

GListModel *vn_scan_lines_new              (VnCollation  *collation);
gboolean    vn_scan_lines_find_region      (GListModel   *lines,
                                            VnCollation  *collation,
                                            guint         page,
                                            const VnBox  *region,
                                            guint        *first_token,
                                            guint        *n_tokens);

guint       vn_scan_line_get_page          (VnScanLine   *self);
VnBox       vn_scan_line_get_box           (VnScanLine   *self);
void        vn_scan_line_get_tokens        (VnScanLine   *self,
                                            guint        *first,
                                            guint        *n);
gboolean    vn_scan_line_has_token         (VnScanLine   *self,
                                            guint         token);
const char *vn_scan_line_get_ocr_text      (VnScanLine   *self);
char       *vn_scan_line_dup_transcription (VnScanLine   *self,
                                            VnSession    *session,
                                            guint        *verified_start,
                                            guint        *verified_end);
char       *vn_scan_lines_dup_verified     (VnSession    *session,
                                            guint         first_token,
                                            guint         n_tokens,
                                            guint        *verified_start,
                                            guint        *verified_end);

G_END_DECLS
