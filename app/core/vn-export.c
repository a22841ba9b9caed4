/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-export.c: the table of export formats, and what every export shares: the job, its
 * layout and the atomic write of its files. Each format is written in its own file
 * (vn-export-FORMAT.c); the geometry they share is vn-layout.c, the XML writer
 * vn-xml-writer.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-export-formats.h"

static const VnExportFormatInfo formats[VN_EXPORT_N_FORMATS] = {
  { VN_EXPORT_TEXT, "txt", N_("Plain Text…"), N_("plain text"), "txt", 0,
    vn_export_text_write },
  { VN_EXPORT_PDF, "pdf", N_("Searchable PDF…"), "PDF", "pdf",
    VN_EXPORT_NEEDS_SCANS | VN_EXPORT_NEEDS_OUTPUT, vn_export_pdf_write },
  { VN_EXPORT_ALTO, "alto", N_("ALTO 4.4…"), "ALTO", "alto.xml", VN_EXPORT_NEEDS_SCANS,
    vn_export_alto_write },
  { VN_EXPORT_PAGE, "page", N_("PAGE XML…"), "PAGE XML", "page.xml",
    VN_EXPORT_NEEDS_SCANS | VN_EXPORT_NEEDS_OUTPUT, vn_export_page_write },
  { VN_EXPORT_HOCR, "hocr", N_("hOCR…"), "hOCR", "hocr", VN_EXPORT_NEEDS_SCANS,
    vn_export_hocr_write },
  { VN_EXPORT_TEI, "tei", N_("TEI P5…"), "TEI", "tei.xml", VN_EXPORT_NEEDS_SCANS,
    vn_export_tei_write },
  /* The extension is the published file's own; "xml" names the usual case. */
  { VN_EXPORT_SAME, "same", N_("Corrected Original…"), N_("corrected original"), "xml", 0,
    vn_export_same_write },
};

const VnExportFormatInfo *
vn_export_format_get_info (VnExportFormat format)
{
  g_return_val_if_fail (format < VN_EXPORT_N_FORMATS, NULL);
  return &formats[format];
}

gboolean
vn_export_format_from_string (const char     *name,
                              VnExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  if (name == NULL)
    return FALSE;
  /* "text" is what the format was called before the table. */
  if (g_ascii_strcasecmp (name, "text") == 0)
    name = "txt";
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (name, formats[i].name) == 0)
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
vn_export_format_to_string (VnExportFormat format)
{
  g_return_val_if_fail (format < VN_EXPORT_N_FORMATS, NULL);
  return formats[format].name;
}

const char *
vn_export_format_extension (VnExportFormat format)
{
  g_return_val_if_fail (format < VN_EXPORT_N_FORMATS, NULL);
  return formats[format].extension;
}

/* "txt, pdf, alto, page, hocr, tei": the names --format takes, in the table's order. */
char *
vn_export_dup_format_names (void)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", formats[i].name);
  return g_string_free (names, FALSE);
}

/* A menu of the formats, each item @action with the format's name as its target. */
GMenuModel *
vn_export_dup_menu (const char *action)
{
  GMenu *menu = g_menu_new ();

  g_return_val_if_fail (action != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(formats[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, action,
                                               g_variant_new_string (formats[i].name));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

/* PAGE XML's file for page @page (from 0) of @n_pages: @path itself for a one-page document,
 * else @path with "-N" (N from 1) before the extension of its file name. */
char *
vn_export_page_file_path (const char *path,
                          guint       page,
                          guint       n_pages)
{
  g_autofree char *base = NULL;
  const char *dot;
  gsize stem;

  g_return_val_if_fail (path != NULL, NULL);

  if (n_pages <= 1)
    return g_strdup (path);
  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  stem = strlen (path) - (dot != NULL && dot != base ? strlen (dot) : 0);
  return g_strdup_printf ("%.*s-%u%s", (int) stem, path, page + 1, path + stem);
}

char *
vn_export_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* ------------------------------------------------------------------ the job */

VnLayout *
vn_export_job_get_layout (VnExportJob *job)
{
  if (job->layout == NULL)
    job->layout = vn_layout_new_for_collation (job->verified, job->scan_pages, job->path);
  return job->layout;
}

static const char *
file_error_reason (const GError *error)
{
  if (error->domain != G_FILE_ERROR)
    return error->message;
  switch (error->code)
    {
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
      return _("permission denied");
    case G_FILE_ERROR_NOENT:
    case G_FILE_ERROR_NOTDIR:
      return _("its folder does not exist");
    case G_FILE_ERROR_ISDIR:
      return _("it is a folder");
    case G_FILE_ERROR_NOSPC:
      return _("the disk is full");
    case G_FILE_ERROR_ROFS:
      return _("the file system is read-only");
    default:
      return error->message;
    }
}

/* The rename that replaced the file is on disk only once its folder is. */
static int
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int result = fd >= 0 ? fsync (fd) : -1;
  int saved = errno;

  if (fd >= 0)
    close (fd);
  errno = saved;
  /* Some file systems cannot sync a folder; the data itself was synced. */
  return result == 0 || errno == EINVAL || errno == EBADF ? 0 : -1;
}

/* Atomic and durable: a temporary file in the same folder, synced, renamed over @path, and
 * the folder synced, before the export is reported done. */
gboolean
vn_export_job_save (VnExportJob  *job,
                    const char   *path,
                    GBytes       *bytes,
                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *reason;

  if (!g_file_set_contents_full (path, data ? data : "", len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0666, &local_error))
    reason = file_error_reason (local_error);
  else if (sync_folder (path) != 0)
    reason = g_strerror (errno);
  else
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("Cannot write the %s export to %s (%s); choose a folder that exists and that "
                 "you can write to."), _(job->info->title), path, reason);
  return FALSE;
}

/* ------------------------------------------------------------------ writing */

gboolean
vn_export_write (VnCollation     *verified,
                 GPtrArray       *scan_pages,
                 VnExportFormat   format,
                 const char      *path,
                 GError         **error)
{
  VnExportJob job = { NULL, verified, scan_pages, path, NULL };
  gboolean ok;

  g_return_val_if_fail (VN_IS_COLLATION (verified), FALSE);
  g_return_val_if_fail (scan_pages == NULL ||
                        scan_pages->len == vn_collation_get_n_pages (verified), FALSE);
  g_return_val_if_fail (format < VN_EXPORT_N_FORMATS, FALSE);
  g_return_val_if_fail (format != VN_EXPORT_PDF || scan_pages != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  job.info = &formats[format];
  if ((job.info->flags & VN_EXPORT_NEEDS_SCANS) && vn_collation_get_n_pages (verified) == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("There are no scanned pages to place %s on, so it cannot be exported as "
                     "%s; add the scans, or export it as plain text."),
                   vn_transcription_get_display_name (vn_collation_get_transcription (verified)),
                   _(job.info->title));
      return FALSE;
    }
  ok = job.info->write (&job, error);
  g_clear_pointer (&job.layout, vn_layout_free);
  return ok;
}

/* The layout's lines for other writers (training pairs), so that a line means the same
 * everywhere. A GArray of VnExportLine, page by page, top to bottom. */
GArray *
vn_export_lines (VnCollation *verified)
{
  g_autoptr(VnLayout) layout = NULL;
  GArray *lines;

  g_return_val_if_fail (VN_IS_COLLATION (verified), NULL);

  layout = vn_layout_new_for_collation (verified, NULL, NULL);
  lines = g_array_new (FALSE, TRUE, sizeof (VnExportLine));
  for (guint p = 0; p < layout->pages->len; p++)
    {
      const VnLayoutPage *page = vn_layout_get_page (layout, p);

      for (guint l = 0; l < page->lines->len; l++)
        {
          const VnLayoutLine *line = vn_layout_page_get_line (page, l);
          const VnLayoutWord *first = vn_layout_line_get_word (page, line, 0);
          const VnLayoutWord *last = vn_layout_line_get_word (page, line, line->n - 1);
          VnExportLine out = { p, l, first->token, last->token - first->token + 1, line->box,
                               FALSE };

          for (guint k = 0; k < line->n; k++)
            out.guessed = out.guessed || vn_layout_line_get_word (page, line, k)->guessed;
          g_array_append_val (lines, out);
        }
    }
  return lines;
}
