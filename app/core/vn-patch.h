/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-patch.h: unified diffs read back and applied, as `patch` does with no fuzz. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A parsed unified diff: one or more files, each with its hunks. */
typedef struct _VnPatch VnPatch;

VnPatch    *vn_patch_new_from_data (const char  *data,
                                    gsize        len,
                                    const char  *display_name,
                                    GError     **error);
void        vn_patch_free          (VnPatch     *patch);
guint       vn_patch_get_n_files   (VnPatch     *patch);
const char *vn_patch_get_old_name  (VnPatch     *patch,
                                    guint        file);
const char *vn_patch_get_new_name  (VnPatch     *patch,
                                    guint        file);
guint       vn_patch_get_n_hunks   (VnPatch     *patch,
                                    guint        file);
gboolean    vn_patch_find_file     (VnPatch     *patch,
                                    const char  *target_name,
                                    guint       *file,
                                    GError     **error);
char       *vn_patch_apply         (VnPatch     *patch,
                                    guint        file,
                                    const char  *text,
                                    gsize        len,
                                    const char  *text_name,
                                    gsize       *out_len,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnPatch, vn_patch_free)

G_END_DECLS
