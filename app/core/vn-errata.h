/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-errata.h: the errors found in the published transcription, for the archive to fix. */
#pragma once

#include "vn-collation.h"
#include "vn-session.h"

G_BEGIN_DECLS

char *vn_errata_to_csv  (VnSession   *session,
                         VnCollation *collation);
char *vn_errata_to_json (VnSession   *session,
                         VnCollation *collation,
                         GPtrArray   *scan_pages);

G_END_DECLS
