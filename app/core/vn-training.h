/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-training.h: training pairs for fine-tuning Tesseract, in tesstrain's ground-truth layout:
 * a PNG of each verified line of the scans beside a .gt.txt of its verified text. */
#pragma once

#include <gio/gio.h>

#include "vn-collation.h"
#include "vn-session.h"

G_BEGIN_DECLS

typedef struct
{
  guint lines;      /* lines of the verified text laid out on the scans */
  guint verified;   /* of them, verified (see vn_training_write) */
  guint written;    /* pairs written: verified lines the OCR saw whole */
} VnTrainingStats;

gboolean vn_training_write (VnSession        *session,
                            VnCollation      *verified,
                            GPtrArray        *scan_pages,
                            const char       *name,
                            const char       *dir,
                            VnTrainingStats  *stats,
                            GError          **error);

G_END_DECLS
