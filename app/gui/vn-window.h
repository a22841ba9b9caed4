/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-window.h: the workbench: scan, transcription and review queue, linked. */
#pragma once

#include <adwaita.h>

#include "vn-application.h"
#include "vn-project.h"

G_BEGIN_DECLS

#define VN_TYPE_WINDOW (vn_window_get_type ())
G_DECLARE_FINAL_TYPE (VnWindow, vn_window, VN, WINDOW, AdwApplicationWindow)

VnWindow *vn_window_new           (VnApplication *application);
void      vn_window_open_files    (VnWindow      *self,
                                   GFile        **files,
                                   int            n_files);
void      vn_window_open_project  (VnWindow      *self,
                                   VnProject     *project);
gboolean  vn_window_is_ready      (VnWindow      *self);

G_END_DECLS
