/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-concordance.h: given one correction, the other places in the document with the same
 * wrong form or the same confusion of letters, ready to be fixed together. */
#pragma once

#include <glib-object.h>

#include "vn-collation.h"
#include "vn-session.h"

G_BEGIN_DECLS

typedef enum
{
  VN_OCCURRENCE_SAME_FORM,     /* the very same wrong word */
  VN_OCCURRENCE_SAME_CONFUSION, /* another word with the same letter mistaken, e.g. е→о */
  VN_OCCURRENCE_LOOKALIKES,    /* Latin letters posing as Cyrillic */
} VnOccurrenceReason;

#define VN_TYPE_OCCURRENCE (vn_occurrence_get_type ())
G_DECLARE_FINAL_TYPE (VnOccurrence, vn_occurrence, VN, OCCURRENCE, GObject)

guint              vn_occurrence_get_start  (VnOccurrence *self);
guint              vn_occurrence_get_end    (VnOccurrence *self);
const char        *vn_occurrence_get_before (VnOccurrence *self);
const char        *vn_occurrence_get_after  (VnOccurrence *self);
int                vn_occurrence_get_page   (VnOccurrence *self);
VnBox              vn_occurrence_get_bbox   (VnOccurrence *self);
VnOccurrenceReason vn_occurrence_get_reason (VnOccurrence *self);
gboolean           vn_occurrence_get_likely (VnOccurrence *self,
                                             VnLikely     *likely);
gboolean           vn_occurrence_get_preselected (VnOccurrence *self);
const char        *vn_occurrence_reason_to_string (VnOccurrenceReason reason);

GListModel        *vn_concordance_find      (VnCollation    *collation,
                                             VnSession      *session,
                                             VnSpellChecker *spell,
                                             const char     *before,
                                             const char     *after);
guint              vn_concordance_apply     (VnSession      *session,
                                             GListModel     *occurrences,
                                             const gboolean *chosen,
                                             GError        **error);

G_END_DECLS
