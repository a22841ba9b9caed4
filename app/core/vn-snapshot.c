/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-snapshot.c: what a session's state folder says besides its journal, and is derived from
 * it: corrections.diff (a unified diff of the canonical text to the verified text, which patch
 * and git apply apply) and state.json (the corrections, marks and page statuses), each
 * rewritten whole and atomically. */
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-diff.h"
#include "vn-error.h"
#include "vn-session.h"
#include "vn-snapshot.h"

/* GLib 2.74 has no g_hash_table_get_keys_as_ptr_array (). */
static GPtrArray *
sorted_keys (GHashTable   *table,
             GCompareFunc  compare)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare);
  return keys;
}

static int
compare_range_keys (gconstpointer a,
                    gconstpointer b)
{
  gint64 ka = **(gint64 **) a, kb = **(gint64 **) b;

  return ka < kb ? -1 : ka > kb;
}

/* In order, so that the same state is always the same file. */
static JsonNode *
ranges_to_json (GHashTable *table)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) keys = sorted_keys (table, compare_range_keys);

  json_builder_begin_array (b);
  for (guint i = 0; i < keys->len; i++)
    {
      gint64 k = *(gint64 *) g_ptr_array_index (keys, i);
      json_builder_begin_array (b);
      json_builder_add_int_value (b, k >> 32);
      json_builder_add_int_value (b, k & 0xffffffff);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static JsonNode *
corrections_to_json (GListModel *list)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (list, i);
      json_builder_add_value (b, vn_correction_to_json (c));
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static int
compare_pages (gconstpointer a,
               gconstpointer b)
{
  guint pa = GPOINTER_TO_UINT (*(gpointer *) a), pb = GPOINTER_TO_UINT (*(gpointer *) b);

  return pa < pb ? -1 : pa > pb;
}

/* state.json: the corrections (and those a changed text no longer holds), the verified and
 * kept ranges and the page statuses, in a fixed order so that the same state is always the
 * same file. Range tables are keyed by gint64 (start << 32 | end). */

/* state.json: the corrections (and those a changed text no longer holds), the verified and
 * kept ranges and the page statuses, in a fixed order so that the same state is always the
 * same file. Range tables are keyed by gint64 (start << 32 | end). */
char *
vn_snapshot_state_json (VnTranscription *canonical,
                        GListModel      *corrections,
                        GListModel      *unplaced,
                        GHashTable      *verified,
                        GHashTable      *kept,
                        GHashTable      *page_status)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "transcription_sha256");
  json_builder_add_string_value (b, vn_transcription_get_checksum (canonical));
  json_builder_set_member_name (b, "corrections");
  json_builder_add_value (b, corrections_to_json (corrections));
  json_builder_set_member_name (b, "unplaced");
  json_builder_add_value (b, corrections_to_json (unplaced));
  json_builder_set_member_name (b, "verified");
  json_builder_add_value (b, ranges_to_json (verified));
  json_builder_set_member_name (b, "kept");
  json_builder_add_value (b, ranges_to_json (kept));
  json_builder_set_member_name (b, "page_status");
  json_builder_begin_object (b);
  pages = sorted_keys (page_status, compare_pages);
  for (guint i = 0; i < pages->len; i++)
    {
      gpointer page = g_ptr_array_index (pages, i);
      gpointer status = g_hash_table_lookup (page_status, page);
      g_autofree char *name = g_strdup_printf ("%u", GPOINTER_TO_UINT (page) + 1);
      json_builder_set_member_name (b, name);
      json_builder_add_string_value (b, vn_page_status_to_string (GPOINTER_TO_UINT (status)));
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}

/* corrections.diff, written from the corrections (active ones, sorted, none overlapping) so
 * that saving after a keystroke costs what the corrected lines cost, not what the whole text
 * would. @line_starts is vn_diff_line_starts () of the canonical text, kept by the caller. */
char *
vn_snapshot_diff (VnTranscription *canonical,
                  GArray          *line_starts,
                  GListModel      *corrections)
{
  const char *text = vn_transcription_get_text (canonical, NULL);
  guint n = g_list_model_get_n_items (corrections);
  g_autofree VnTextEdit *edits = g_new (VnTextEdit, MAX (n, 1));
  GFile *file = vn_transcription_get_file (canonical);
  g_autofree char *name = file ? g_file_get_basename (file) : g_strdup ("transcription.txt");

  for (guint i = 0; i < n; i++)
    {
      VnCorrection *c = g_list_model_get_item (corrections, i);

      edits[i] = (VnTextEdit) { vn_correction_get_start (c), vn_correction_get_end (c),
                                vn_correction_get_after (c) };
      g_object_unref (c);  /* the list keeps it */
    }
  return vn_diff_unified_from_edits (name, name, text, line_starts, edits, n, 3);
}

static gboolean
write_atomically (const char  *state_dir,
                  const char  *name,
                  const char  *data,
                  GError     **error)
{
  g_autofree char *path = g_build_filename (state_dir, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                &local_error))
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("Cannot save %s (%s); every correction is safe in the journal, and the file "
                 "is written again by the next change or command that can write it."), path,
               local_error->message);
  return FALSE;
}

/* Both files, each atomically (the old one stays whole until the new one is on disk). */
gboolean
vn_snapshot_write (const char  *state_dir,
                   const char  *diff,
                   const char  *state,
                   GError     **error)
{
  g_return_val_if_fail (state_dir != NULL && diff != NULL && state != NULL, FALSE);

  return write_atomically (state_dir, "corrections.diff", diff, error) &&
         write_atomically (state_dir, "state.json", state, error);
}

static gboolean
file_holds (const char *state_dir,
            const char *name,
            const char *data)
{
  g_autofree char *path = g_build_filename (state_dir, name, NULL);
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && g_str_equal (contents, data);
}

/* Whether the files on disk say @diff and @state (a command that failed to write them, or a
 * crash before their folder reached the disk, may have left older ones). */
gboolean
vn_snapshot_is_current (const char *state_dir,
                        const char *diff,
                        const char *state)
{
  g_return_val_if_fail (state_dir != NULL && diff != NULL && state != NULL, FALSE);

  return file_holds (state_dir, "corrections.diff", diff) &&
         file_holds (state_dir, "state.json", state);
}
