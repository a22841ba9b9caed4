/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-diff.h: unified diffs between two texts, as `patch` and `git apply` read them: written
 * (read back and applied: vn-patch.h), and turned into word-sized edits. */
#pragma once

#include <glib.h>

#include "vn-patch.h"

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
