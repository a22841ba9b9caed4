/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-accept.h: accepting a discrepancy does what its verdict says, wherever it is accepted
 * (the window's and `verno review`'s "a", `verno accept`); and which ones a batch takes. */
#pragma once

#include "vn-discrepancy.h"
#include "vn-session.h"

G_BEGIN_DECLS

typedef enum
{
  VN_ACCEPT_CORRECT,  /* a likely transcription error: the suggestion goes into the text */
  VN_ACCEPT_KEEP,     /* a likely OCR error: the transcription stands, and is marked kept */
  VN_ACCEPT_CHOOSE,   /* unsure: nothing is done until the editor chooses, o or k */
} VnAcceptAction;

/* Which discrepancies a batch accepts: every one whose verdict, kind and score match. */
typedef struct
{
  guint  likely;      /* bits 1 << VnLikely; 0 for any */
  guint  kinds;       /* bits 1 << VnDiscrepancyKind; 0 for any */
  double min_score;
} VnAcceptFilter;

VnAcceptAction vn_accept_action_for          (VnDiscrepancy         *discrepancy);
gboolean       vn_accept_suggestion_changes_text (VnSession         *session,
                                              VnDiscrepancy         *discrepancy);
gboolean       vn_accept_discrepancy         (VnSession             *session,
                                              VnDiscrepancy         *discrepancy,
                                              VnCorrection         **correction,
                                              GError               **error);

gboolean       vn_accept_filter_parse_likely (VnAcceptFilter        *filter,
                                              const char            *values,
                                              GError               **error);
gboolean       vn_accept_filter_parse_kinds  (VnAcceptFilter        *filter,
                                              const char            *values,
                                              GError               **error);
gboolean       vn_accept_filter_matches      (const VnAcceptFilter  *filter,
                                              VnDiscrepancy         *discrepancy);

G_END_DECLS
