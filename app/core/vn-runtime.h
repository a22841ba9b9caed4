/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-runtime.h: process-wide set-up that must happen before any OCR (OpenMP limits). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void   vn_runtime_ensure_single_openmp_thread (char **argv);
int    vn_runtime_openmp_thread_limit         (void);
char  *vn_runtime_describe_versions           (void);
void   vn_runtime_lower_thread_priority       (void);
char  *vn_runtime_tessdata_dir                (void);

G_END_DECLS
