/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-view.h: a zoomable, pannable view of one page scan with the OCR's word boxes over it. */
#pragma once

#include <gtk/gtk.h>

#include "vn-ocr-page.h"
#include "vn-page-image.h"

G_BEGIN_DECLS

/* What the collation says about one word box; decides how the box is drawn. */
typedef enum
{
  VN_BOX_AGREES,          /* OCR and transcription agree: drawn faintly */
  VN_BOX_DISAGREES,
  VN_BOX_LOW_CONFIDENCE,
  VN_BOX_EDITED,
  VN_BOX_VERIFIED,        /* drawn dashed, so it is told apart without colour */
  VN_BOX_N_STATES
} VnBoxState;

typedef struct
{
  VnBox       box;      /* in the image's pixels */
  VnBoxState  state;
  guint       id;       /* the caller's, unique on the page */
  char       *tooltip;  /* shown on hover; may be NULL */
} VnScanBox;

/* VnBox as a boxed type, for the "region-selected" signal. */
#define VN_TYPE_BOX (vn_box_get_type ())
GType vn_box_get_type (void) G_GNUC_CONST;

#define VN_TYPE_SCAN_VIEW (vn_scan_view_get_type ())
G_DECLARE_FINAL_TYPE (VnScanView, vn_scan_view, VN, SCAN_VIEW, GtkWidget)

GtkWidget     *vn_scan_view_new                 (void);

void           vn_scan_view_set_image           (VnScanView       *self,
                                                 VnPageImage      *image);
void           vn_scan_view_set_alternate_image (VnScanView       *self,
                                                 VnPageImage      *image);
gboolean       vn_scan_view_get_show_alternate  (VnScanView       *self);
void           vn_scan_view_set_show_alternate  (VnScanView       *self,
                                                 gboolean          show_alternate);
gboolean       vn_scan_view_is_ready            (VnScanView       *self);
gboolean       vn_scan_view_has_picture         (VnScanView       *self);

void           vn_scan_view_set_boxes           (VnScanView       *self,
                                                 const VnScanBox  *boxes,
                                                 guint             n_boxes);
void           vn_scan_view_update_box_state    (VnScanView       *self,
                                                 guint             id,
                                                 VnBoxState        state);
int            vn_scan_view_get_selected_box    (VnScanView       *self);
void           vn_scan_view_set_selected_box    (VnScanView       *self,
                                                 int               id);
void           vn_scan_view_reveal_box          (VnScanView       *self,
                                                 guint             id);
void           vn_scan_view_follow_box          (VnScanView       *self,
                                                 guint             id);
int            vn_scan_view_box_at              (VnScanView       *self,
                                                 double            x,
                                                 double            y);

gboolean       vn_scan_view_get_colorblind_safe (VnScanView       *self);
void           vn_scan_view_set_colorblind_safe (VnScanView       *self,
                                                 gboolean          colorblind_safe);
const GdkRGBA *vn_scan_view_get_state_color     (VnScanView       *self,
                                                 VnBoxState        state);

double         vn_scan_view_get_zoom            (VnScanView       *self);
void           vn_scan_view_set_zoom            (VnScanView       *self,
                                                 double            zoom);
void           vn_scan_view_get_visible_area    (VnScanView       *self,
                                                 graphene_rect_t  *area);

const char    *vn_scan_view_get_description     (VnScanView       *self);
void           vn_scan_view_set_description     (VnScanView       *self,
                                                 const char       *description);

G_END_DECLS
