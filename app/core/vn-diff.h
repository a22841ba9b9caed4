/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-diff.h: unified diffs between two texts, as `patch` and `git apply` read them. */
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

G_END_DECLS
