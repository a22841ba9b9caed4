/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-diff.h: unified diffs between two texts, as `patch` and `git apply` read them: written,
 * read back, applied, and turned into word-sized edits. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *vn_diff_unified (const char *old_name,
                       const char *new_name,
                       const char *old_text,
                       gsize       old_len,
                       const char *new_text,
                       gsize       new_len,
                       guint       context);

/* Old bytes [start, end) become @text. */
typedef struct
{
  gsize       start;
  gsize       end;
  const char *text;
} VnTextEdit;

GArray *vn_diff_line_starts        (const char       *text,
                                    gsize             len);
char   *vn_diff_unified_from_edits (const char       *old_name,
                                    const char       *new_name,
                                    const char       *old_text,
                                    GArray           *starts,
                                    const VnTextEdit *edits,
                                    guint             n_edits,
                                    guint             context);

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

/* One change between two texts: old bytes [start, end) become new bytes [new_start, new_end). */
typedef struct
{
  guint start;
  guint end;
  guint new_start;
  guint new_end;
} VnWordEdit;

GArray *vn_diff_word_edits (const char *old_text,
                            gsize       old_len,
                            const char *new_text,
                            gsize       new_len);

G_END_DECLS
