/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-scan-page.c: one page of a scan file, and the identity of its bytes. */
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "vn-error.h"
#include "vn-scan-page.h"

G_DEFINE_BOXED_TYPE (VnScanPage, vn_scan_page, vn_scan_page_ref, vn_scan_page_unref)

/* A page of the file at @path: @index of its @n_in_file pages. */
VnScanPage *
vn_scan_page_new (const char *path,
                  guint       index,
                  guint       n_in_file,
                  gboolean    is_pdf)
{
  VnScanPage *page = g_new0 (VnScanPage, 1);
  g_autofree char *base = g_path_get_basename (path);

  g_atomic_ref_count_init (&page->ref_count);
  page->path = g_strdup (path);
  page->index = index;
  page->n_in_file = n_in_file;
  page->is_pdf = is_pdf;
  page->label = n_in_file > 1 ? g_strdup_printf ("%s, page %u", base, index + 1)
                              : g_steal_pointer (&base);
  return page;
}

VnScanPage *
vn_scan_page_ref (VnScanPage *page)
{
  g_atomic_ref_count_inc (&page->ref_count);
  return page;
}

void
vn_scan_page_unref (VnScanPage *page)
{
  if (!g_atomic_ref_count_dec (&page->ref_count))
    return;
  g_free (page->path);
  g_free (page->label);
  g_free (page);
}

/* The identity of the page's pixels for the OCR cache: its file's bytes and its index. */
char *
vn_scan_page_content_hash (VnScanPage  *scan,
                           GError     **error)
{
  g_autoptr(GChecksum) checksum = vn_scan_dup_file_checksum (scan->path, error);

  return checksum ? vn_scan_page_finish_content_hash (scan, checksum) : NULL;
}

/* The SHA-256 of @path's bytes, not finished: vn_scan_page_finish_content_hash () gives each
 * page's hash from a copy (a PDF's hundred pages hash its file once). */
GChecksum *
vn_scan_dup_file_checksum (const char  *path,
                           GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GError) local_error = NULL;

  if (mapped == NULL)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (path);

      bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
      if (bytes == NULL)
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("Cannot read %s: %s."), path,
                       local_error->message);
          return NULL;
        }
      g_checksum_update (checksum, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  else
    g_checksum_update (checksum, (const guchar *) g_mapped_file_get_contents (mapped),
                       g_mapped_file_get_length (mapped));
  return g_steal_pointer (&checksum);
}

/* @scan's content hash from its file's checksum (which it leaves as it was). */
char *
vn_scan_page_finish_content_hash (VnScanPage *scan,
                                  GChecksum  *file_checksum)
{
  g_autoptr(GChecksum) checksum = g_checksum_copy (file_checksum);
  char index[32];

  g_snprintf (index, sizeof index, "#%u", scan->index);
  g_checksum_update (checksum, (const guchar *) index, -1);
  return g_strdup (g_checksum_get_string (checksum));
}
