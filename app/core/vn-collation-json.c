/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-collation-json.c: the collation as JSON, the interface outside tools rely on. */
#include "vn-collation-private.h"
#include "vn-json.h"

static void
add_box (JsonBuilder *builder,
         VnBox        box)
{
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, box.x);
  json_builder_add_int_value (builder, box.y);
  json_builder_add_int_value (builder, box.w);
  json_builder_add_int_value (builder, box.h);
  json_builder_end_array (builder);
}

void
vn_collation_add_discrepancy_json (JsonBuilder   *b,
                                   VnDiscrepancy *d)
{
  g_auto(GStrv) signals = vn_signals_to_strv (vn_discrepancy_get_signals (d));

  json_builder_begin_object (b);
  vn_json_add_int (b, "page", vn_discrepancy_get_page (d) + 1);
  vn_json_add_int (b, "start", vn_discrepancy_get_start (d));
  vn_json_add_int (b, "end", vn_discrepancy_get_end (d));
  vn_json_add_int (b, "line", vn_discrepancy_get_line (d));
  vn_json_add_string (b, "transcription", vn_discrepancy_get_transcription (d));
  vn_json_add_string (b, "ocr", vn_discrepancy_get_ocr (d));
  vn_json_add_string (b, "suggestion", vn_discrepancy_get_suggestion (d));
  vn_json_add_string (b, "likely", vn_likely_to_string (vn_discrepancy_get_likely (d)));
  vn_json_add_double (b, "score", vn_discrepancy_get_score (d), 3);
  vn_json_add_double (b, "confidence", MAX (0, vn_discrepancy_get_confidence (d)), 3);
  json_builder_set_member_name (b, "bbox");
  add_box (b, vn_discrepancy_get_bbox (d));
  vn_json_add_string (b, "kind", vn_discrepancy_kind_to_string (vn_discrepancy_get_kind (d)));
  json_builder_set_member_name (b, "signals");
  json_builder_begin_array (b);
  for (guint i = 0; signals[i]; i++)
    json_builder_add_string_value (b, signals[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (const char * const *r = vn_discrepancy_get_reasons (d); *r; r++)
    json_builder_add_string_value (b, *r);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* The interface outside tools rely on: {"pages": [...], "discrepancies": [...]}. */
char *
vn_collation_to_json (VnCollation *self,
                      GPtrArray   *scan_pages)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (VN_IS_COLLATION (self), NULL);

  json_builder_begin_object (b);
  vn_json_add_string (b, "transcription",
                     vn_transcription_get_display_name (self->transcription));
  json_builder_set_member_name (b, "pages");
  json_builder_begin_array (b);
  for (guint p = 0; p < self->pages->len; p++)
    {
      VnOcrPage *page = g_ptr_array_index (self->pages, p);
      VnScanPage *scan = scan_pages && p < scan_pages->len ? g_ptr_array_index (scan_pages, p)
                                                           : NULL;
      json_builder_begin_object (b);
      vn_json_add_string (b, "scan", scan ? scan->path : vn_ocr_page_get_source_label (page));
      vn_json_add_int (b, "width", vn_ocr_page_get_width (page));
      vn_json_add_int (b, "height", vn_ocr_page_get_height (page));
      vn_json_add_int (b, "words", vn_ocr_page_get_n_words (page));
      vn_json_add_int (b, "first_token", vn_collation_get_page_first_token (self, p));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "discrepancies");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->discrepancies->len; i++)
    vn_collation_add_discrepancy_json (b, g_ptr_array_index (self->discrepancies, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return vn_json_to_string (b, TRUE);
}
