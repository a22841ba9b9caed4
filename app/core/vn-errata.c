/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-errata.c: the errors found in the published transcription: every correction the
 * editor made to it, with page, line, readings, byte offsets and scan coordinates. */
#include <string.h>

#include <json-glib/json-glib.h>

#include "vn-errata.h"
#include "vn-json.h"
#include "vn-scan.h"

typedef struct
{
  VnCorrection *correction;
  guint         line;
  int           page;
  VnBox         box;
} Erratum;

/* Where the correction is on the scan: as recorded, else where its first word lies. */
static void
locate (VnCollation *collation,
        Erratum     *e)
{
  VnTranscription *t = vn_collation_get_transcription (collation);
  guint start = vn_correction_get_start (e->correction);

  e->line = vn_transcription_line_at_offset (t, start);
  e->page = vn_correction_get_page (e->correction);
  e->box = vn_correction_get_bbox (e->correction);
  if (e->page >= 0 && e->box.w > 0)
    return;
  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    if (vn_transcription_get_token (t, i)->end > start)
      {
        const VnTokenPlacement *pl = vn_collation_get_placement (collation, i);
        e->page = pl->page;
        e->box = pl->box;
        return;
      }
}

static GArray *
collect (VnSession   *session,
         VnCollation *collation)
{
  GListModel *corrections = vn_session_get_corrections (session);
  GArray *errata = g_array_new (FALSE, TRUE, sizeof (Erratum));

  for (guint i = 0; i < g_list_model_get_n_items (corrections); i++)
    {
      Erratum e = { g_list_model_get_item (corrections, i) };

      /* A correction set back to the published reading is no erratum. */
      if (g_str_equal (vn_correction_get_before (e.correction),
                       vn_correction_get_after (e.correction)))
        {
          g_object_unref (e.correction);
          continue;
        }
      locate (collation, &e);
      g_array_append_val (errata, e);
    }
  return errata;
}

static void
free_errata (GArray *errata)
{
  for (guint i = 0; i < errata->len; i++)
    g_object_unref (g_array_index (errata, Erratum, i).correction);
  g_array_unref (errata);
}

/* RFC 4180: quote every field that needs it, double the quotes inside. */
static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  if (strpbrk (value, ",\"\r\n") != NULL)
    {
      g_autoptr(GString) quoted = g_string_new (value);
      g_string_replace (quoted, "\"", "\"\"", 0);
      g_string_append_printf (out, "\"%s\"", quoted->str);
    }
  else
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ",");
}

char *
vn_errata_to_csv (VnSession   *session,
                  VnCollation *collation)
{
  GArray *errata = collect (session, collation);
  GString *out = g_string_new ("page,line,published,verified,start,end,x,y,width,height,"
                               "source,note\r\n");

  for (guint i = 0; i < errata->len; i++)
    {
      const Erratum *e = &g_array_index (errata, Erratum, i);
      VnCorrection *c = e->correction;

      g_string_append_printf (out, "%d,%u,", e->page + 1, e->line);
      csv_field (out, vn_correction_get_before (c), FALSE);
      csv_field (out, vn_correction_get_after (c), FALSE);
      g_string_append_printf (out, "%u,%u,%d,%d,%d,%d,", vn_correction_get_start (c),
                              vn_correction_get_end (c), e->box.x, e->box.y, e->box.w, e->box.h);
      csv_field (out, vn_correction_source_to_string (vn_correction_get_source (c)), FALSE);
      csv_field (out, vn_correction_get_note (c) ? vn_correction_get_note (c) : "", TRUE);
    }
  free_errata (errata);
  return g_string_free (out, FALSE);
}

static void
add_erratum (JsonBuilder   *b,
             const Erratum *e,
             GPtrArray     *scan_pages)
{
  VnCorrection *c = e->correction;
  VnScanPage *scan = scan_pages && e->page >= 0 && (guint) e->page < scan_pages->len
                     ? g_ptr_array_index (scan_pages, e->page) : NULL;

  json_builder_begin_object (b);
  vn_json_add_int (b, "page", e->page + 1);
  vn_json_add_int (b, "line", e->line);
  vn_json_add_string (b, "published", vn_correction_get_before (c));
  vn_json_add_string (b, "verified", vn_correction_get_after (c));
  vn_json_add_int (b, "start", vn_correction_get_start (c));
  vn_json_add_int (b, "end", vn_correction_get_end (c));
  if (scan != NULL)
    vn_json_add_string (b, "scan", scan->path);
  json_builder_set_member_name (b, "bbox");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, e->box.x);
  json_builder_add_int_value (b, e->box.y);
  json_builder_add_int_value (b, e->box.w);
  json_builder_add_int_value (b, e->box.h);
  json_builder_end_array (b);
  vn_json_add_string (b, "source", vn_correction_source_to_string (vn_correction_get_source (c)));
  vn_json_add_string (b, "id", vn_correction_get_id (c));
  if (vn_correction_get_note (c))
    vn_json_add_string (b, "note", vn_correction_get_note (c));
  json_builder_end_object (b);
}

char *
vn_errata_to_json (VnSession   *session,
                   VnCollation *collation,
                   GPtrArray   *scan_pages)
{
  GArray *errata = collect (session, collation);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  VnTranscription *t = vn_session_get_canonical (session);

  json_builder_begin_object (b);
  vn_json_add_string (b, "transcription", vn_transcription_get_display_name (t));
  vn_json_add_string (b, "transcription_sha256", vn_transcription_get_checksum (t));
  json_builder_set_member_name (b, "errata");
  json_builder_begin_array (b);
  for (guint i = 0; i < errata->len; i++)
    add_erratum (b, &g_array_index (errata, Erratum, i), scan_pages);
  json_builder_end_array (b);
  json_builder_end_object (b);
  free_errata (errata);
  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}
