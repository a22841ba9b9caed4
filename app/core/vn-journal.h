/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-journal.h: an append-only file of JSON lines, each fsync'ed before it is acknowledged. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VN_TYPE_JOURNAL (vn_journal_get_type ())
G_DECLARE_FINAL_TYPE (VnJournal, vn_journal, VN, JOURNAL, GObject)

typedef void (*VnJournalReadFunc) (JsonObject *record,
                                   guint       line,
                                   gpointer    user_data);

VnJournal  *vn_journal_open     (const char         *path,
                                 GError            **error);
gboolean    vn_journal_append   (VnJournal          *self,
                                 JsonNode           *record,
                                 GError            **error);
const char *vn_journal_get_path (VnJournal          *self);
gboolean    vn_journal_read     (const char         *path,
                                 VnJournalReadFunc   func,
                                 gpointer            user_data,
                                 GPtrArray          *warnings,
                                 GError            **error);

G_END_DECLS
