/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-concordance-dialog.h: the other places to correct like the selected discrepancy, each
 * chosen or not, corrected together. */
#pragma once

#include <adwaita.h>

#include "vn-document.h"
#include "vn-page-cache.h"

G_BEGIN_DECLS

#define VN_TYPE_CONCORDANCE_DIALOG (vn_concordance_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VnConcordanceDialog, vn_concordance_dialog, VN, CONCORDANCE_DIALOG,
                      AdwMessageDialog)

GtkWindow  *vn_concordance_dialog_new        (GtkWindow           *parent,
                                              VnDocument          *document,
                                              VnPageCache         *page_cache,
                                              VnDiscrepancy       *discrepancy);
GListModel *vn_concordance_dialog_get_places (VnConcordanceDialog *self);
gboolean    vn_concordance_dialog_is_chosen  (VnConcordanceDialog *self,
                                              guint                position);
void        vn_concordance_dialog_set_chosen (VnConcordanceDialog *self,
                                              guint                position,
                                              gboolean             chosen);

G_END_DECLS
