/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-page.h: one page's OCR result: words with boxes, confidences, structure and
 * per-character alternatives; stored and reloaded as hOCR. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  int x, y, w, h;
} VnBox;

typedef struct
{
  char  *text;
  float  confidence;
} VnOcrChoice;

VnBox vn_box_union (VnBox a,
                    VnBox b);

typedef struct
{
  char   *text;
  VnBox   box;         /* in the original image's pixels */
  float   confidence;  /* 0-100 */
  guint   block;       /* indices on the page, counted from 0 */
  guint   par;
  guint   line;        /* line index on the page, across blocks */
  GArray *symbols;     /* of GArray* of VnOcrChoice, best first; NULL when unknown */
} VnOcrWord;

#define VN_TYPE_OCR_PAGE (vn_ocr_page_get_type ())
G_DECLARE_FINAL_TYPE (VnOcrPage, vn_ocr_page, VN, OCR_PAGE, GObject)

VnOcrPage       *vn_ocr_page_new             (const char  *source_label,
                                              int          width,
                                              int          height,
                                              int          dpi);
const char      *vn_ocr_page_get_source_label (VnOcrPage  *self);
int              vn_ocr_page_get_width       (VnOcrPage   *self);
int              vn_ocr_page_get_height      (VnOcrPage   *self);
int              vn_ocr_page_get_dpi         (VnOcrPage   *self);
double           vn_ocr_page_get_skew        (VnOcrPage   *self);
void             vn_ocr_page_set_skew        (VnOcrPage   *self,
                                              double       degrees);
gboolean         vn_ocr_page_get_from_cache  (VnOcrPage   *self);
void             vn_ocr_page_set_from_cache  (VnOcrPage   *self,
                                              gboolean     from_cache);
guint            vn_ocr_page_get_n_words     (VnOcrPage   *self);
const VnOcrWord *vn_ocr_page_get_word        (VnOcrPage   *self,
                                              guint        index);
VnOcrWord       *vn_ocr_page_add_word        (VnOcrPage   *self,
                                              const char  *text,
                                              const VnBox *box,
                                              float        confidence,
                                              guint        block,
                                              guint        par,
                                              guint        line);
void             vn_ocr_word_add_symbol      (VnOcrWord   *word,
                                              GArray      *choices);
char            *vn_ocr_page_dup_text        (VnOcrPage   *self);

char            *vn_ocr_page_to_hocr         (VnOcrPage   *self,
                                              const char  *cache_key);
VnOcrPage       *vn_ocr_page_new_from_hocr   (const char  *data,
                                              gsize        len,
                                              char       **cache_key,
                                              GError     **error);
char            *vn_ocr_page_to_alto         (VnOcrPage   *self);
char            *vn_ocr_page_to_json         (VnOcrPage   *self);

G_END_DECLS
