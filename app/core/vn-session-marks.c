/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-session-marks.c: what the editor marks without changing the text (a range verified
 * against the scan, a reading kept, a page's status, a skip), and the session's figures. */
#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-session-private.h"

static gboolean
set_flag (VnSession   *self,
          OpKind       kind,
          guint        start,
          guint        end,
          gboolean     value,
          GError     **error)
{
  GHashTable *table = kind == OP_VERIFY ? self->verified : self->kept;
  JsonNode *record;
  Op *op;

  if (!_vn_session_check_range (self, start, end, error))
    return FALSE;
  record = _vn_session_simple_record (kind == OP_VERIFY ? "verify" : "keep", start, end, "value", value);
  _vn_session_add_anchor (self, json_node_get_object (record), start, end);
  if (!_vn_session_journal (self, record, error))
    return FALSE;
  op = g_new0 (Op, 1);
  op->kind = kind;
  op->start = start;
  op->end = end;
  op->value = value;
  op->previous = _vn_session_range_lookup (table, start, end);
  _vn_session_perform (self, op);
  _vn_session_changed (self);
  return TRUE;
}

/* The editor checked these canonical bytes against the scan (even if they were right). */
gboolean
vn_session_set_verified (VnSession  *self,
                         guint       start,
                         guint       end,
                         gboolean    verified,
                         GError    **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return set_flag (self, OP_VERIFY, start, end, verified, error);
}

gboolean
vn_session_is_verified (VnSession *self,
                        guint      start,
                        guint      end)
{
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  g_hash_table_iter_init (&iter, self->verified);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 k = *(gint64 *) key;
      if ((guint) (k >> 32) <= start && end <= (guint) (k & 0xffffffff))
        return TRUE;
    }
  return FALSE;
}

/* The transcription's reading stands: a discrepancy resolved without an edit. */
gboolean
vn_session_keep (VnSession  *self,
                 guint       start,
                 guint       end,
                 GError    **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return set_flag (self, OP_KEEP, start, end, TRUE, error);
}

gboolean
vn_session_is_kept (VnSession *self,
                    guint      start,
                    guint      end)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return _vn_session_range_lookup (self->kept, start, end);
}

/* A skipped discrepancy changes nothing, but the answer is journaled like the others. */
gboolean
vn_session_record_skip (VnSession  *self,
                        guint       start,
                        guint       end,
                        GError    **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  return _vn_session_journal (self, _vn_session_simple_record ("skip", start, end, NULL, FALSE), error);
}

gboolean
vn_session_set_page_status (VnSession     *self,
                            guint          page,
                            VnPageStatus   status,
                            GError       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  Op *op;

  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);
  g_return_val_if_fail (status <= VN_PAGE_PROBLEMATIC, FALSE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "op");
  json_builder_add_string_value (b, "status");
  json_builder_set_member_name (b, "page");
  json_builder_add_int_value (b, page + 1);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, vn_page_status_to_string (status));
  json_builder_set_member_name (b, "time_us");
  json_builder_add_int_value (b, g_get_real_time ());
  json_builder_end_object (b);
  if (!_vn_session_journal (self, json_builder_get_root (b), error))
    return FALSE;
  op = g_new0 (Op, 1);
  op->kind = OP_STATUS;
  op->page = page;
  op->status = status;
  op->previous_status = vn_session_get_page_status (self, page);
  _vn_session_perform (self, op);
  _vn_session_changed (self);
  return TRUE;
}

VnPageStatus
vn_session_get_page_status (VnSession *self,
                            guint      page)
{
  g_return_val_if_fail (VN_IS_SESSION (self), VN_PAGE_NOT_PROOFREAD);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->page_status, GUINT_TO_POINTER (page)));
}

/* The active correction touching canonical [start, end), or NULL. */
VnCorrection *
vn_session_find_correction (VnSession *self,
                            guint      start,
                            guint      end)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  found = _vn_session_corrections_in (self, start, end, TRUE);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

gboolean
vn_session_is_resolved (VnSession     *self,
                        VnDiscrepancy *d)
{
  guint start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);

  return vn_session_find_correction (self, start, end) != NULL ||
         vn_session_is_kept (self, start, end) ||
         (start < end && vn_session_is_verified (self, start, end));
}

/* Figures for one page (0-based), or for the whole document when @page is -1. */
void
vn_session_get_progress (VnSession   *self,
                         VnCollation *collation,
                         int          page,
                         VnProgress  *progress)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (collation));

  g_return_if_fail (VN_IS_SESSION (self));
  *progress = (VnProgress) { 0 };
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);

      if (page >= 0 && vn_discrepancy_get_page (d) != (guint) page)
        continue;
      progress->discrepancies++;
      progress->resolved += vn_session_is_resolved (self, d);
    }
  progress->open = progress->discrepancies - progress->resolved;
  for (guint t = 0; t < vn_transcription_get_n_tokens (self->canonical); t++)
    {
      const VnToken *token = vn_transcription_get_token (self->canonical, t);

      if (page >= 0 && vn_collation_get_placement (collation, t)->page != page)
        continue;
      progress->words++;
      progress->verified += vn_session_is_verified (self, token->core_start, token->core_end);
      progress->corrections += vn_session_find_correction (self, token->core_start,
                                                           token->core_end) != NULL;
    }
}
