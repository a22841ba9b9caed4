/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-project-lock.h: the claim of one process to write a project (its state folder). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VN_TYPE_PROJECT_LOCK (vn_project_lock_get_type ())
G_DECLARE_FINAL_TYPE (VnProjectLock, vn_project_lock, VN, PROJECT_LOCK, GObject)

VnProjectLock *vn_project_lock_claim           (const char     *canonical_path,
                                                const char     *state_dir,
                                                GError        **error);
gboolean       vn_project_lock_prepare_writes  (VnProjectLock  *self,
                                                GError        **error);
gboolean       vn_project_lock_holds_state_dir (VnProjectLock  *self);
void           vn_project_lock_release         (VnProjectLock  *self);

G_END_DECLS
