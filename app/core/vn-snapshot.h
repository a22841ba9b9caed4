/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-snapshot.h: corrections.diff and state.json, derived from a session's journal. */
#pragma once

#include <gio/gio.h>

#include "vn-transcription.h"

G_BEGIN_DECLS

char     *vn_snapshot_diff       (VnTranscription *canonical,
                                  GArray          *line_starts,
                                  GListModel      *corrections);
char     *vn_snapshot_state_json (VnTranscription *canonical,
                                  GListModel      *corrections,
                                  GListModel      *unplaced,
                                  GHashTable      *verified,
                                  GHashTable      *kept,
                                  GHashTable      *page_status);
gboolean  vn_snapshot_write      (const char      *state_dir,
                                  const char      *diff,
                                  const char      *state,
                                  GError         **error);
gboolean  vn_snapshot_is_current (const char      *state_dir,
                                  const char      *diff,
                                  const char      *state);

G_END_DECLS
