/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-journal.c: an append-only file of JSON lines, each fsync'ed before it is acknowledged,
 * so that killing the process at any moment loses no acknowledged record. A line torn by a
 * crash is skipped with a warning when the journal is read back. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-journal.h"

struct _VnJournal
{
  GObject  parent_instance;
  char    *path;
  int      fd;
};

G_DEFINE_FINAL_TYPE (VnJournal, vn_journal, G_TYPE_OBJECT)

static void
vn_journal_finalize (GObject *object)
{
  VnJournal *self = (VnJournal *) object;

  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);
  G_OBJECT_CLASS (vn_journal_parent_class)->finalize (object);
}

static void
vn_journal_class_init (VnJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_journal_finalize;
}

static void
vn_journal_init (VnJournal *self)
{
  self->fd = -1;
}

/* @what names the journal by its one %s, as in "Cannot open the journal %s". */
static gboolean
set_io_error (GError    **error,
              const char *what,
              const char *path,
              int         errsv)
{
  g_autofree char *failed = g_strdup_printf (what, path);

  /* One sentence: "Cannot write to the journal X: No space left on device; free some …". */
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT, "%s: %s%s", failed, g_strerror (errsv),
               errsv == ENOSPC ? _("; free some disk space and try again (nothing saved "
                                   "before was lost).")
                               : ".");
  return FALSE;
}

/* A torn last line (no newline) would glue itself to the next record: end it first. */
static gboolean
terminate_torn_tail (int          fd,
                     const char  *path,
                     GError     **error)
{
  off_t size = lseek (fd, 0, SEEK_END);
  char last = '\n';

  if (size > 0 && pread (fd, &last, 1, size - 1) == 1 && last != '\n')
    if (write (fd, "\n", 1) != 1 || fsync (fd) != 0)
      return set_io_error (error, _("Cannot repair the journal %s"), path, errno);
  return TRUE;
}

VnJournal *
vn_journal_open (const char  *path,
                 GError     **error)
{
  g_autoptr(VnJournal) self = g_object_new (VN_TYPE_JOURNAL, NULL);

  self->path = g_strdup (path);
  self->fd = g_open (path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (self->fd < 0)
    return set_io_error (error, _("Cannot open the journal %s"), path, errno), NULL;
  if (!terminate_torn_tail (self->fd, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
vn_journal_get_path (VnJournal *self)
{
  g_return_val_if_fail (VN_IS_JOURNAL (self), NULL);
  return self->path;
}

/* One record, one line, on disk before this returns TRUE. */
gboolean
vn_journal_append (VnJournal  *self,
                   JsonNode   *record,
                   GError    **error)
{
  g_autofree char *text = json_to_string (record, FALSE);
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  gsize len = strlen (line), done = 0;

  g_return_val_if_fail (VN_IS_JOURNAL (self), FALSE);

  while (done < len)
    {
      gssize n = write (self->fd, line + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = errno;
          /* Cut a partial write back off so the journal stays line-aligned. */
          if (done > 0 && ftruncate (self->fd, lseek (self->fd, 0, SEEK_END) - done) != 0)
            g_warning ("Could not trim a partial journal record in %s", self->path);
          return set_io_error (error, _("Cannot write to the journal %s"), self->path, errsv);
        }
      done += n;
    }
  if (fsync (self->fd) != 0)
    return set_io_error (error, _("Cannot flush the journal %s"), self->path, errno);
  return TRUE;
}

/* FALSE for a damaged line; a torn last line gets its own warning here. */
static gboolean
read_line (const char        *line,
           guint              number,
           gboolean           last,
           const char        *path,
           VnJournalReadFunc  func,
           gpointer           user_data,
           GPtrArray         *warnings)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (*line == '\0')
    return TRUE;
  /* json-glib takes strings that are not UTF-8: such a line is damaged, as unparsable ones. */
  if (!g_utf8_validate (line, -1, NULL) ||
      !json_parser_load_from_data (parser, line, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (last && warnings != NULL)
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("Line %u of the journal %s is torn (the program "
                                            "stopped while writing it) and was skipped."),
                                          number, path));
      return last;
    }
  func (json_node_get_object (root), number, user_data);
  return TRUE;
}

/* One warning for all the damaged lines, which may be thousands in a file that is not a
 * journal at all; they stay in the file as they are. */
static void
warn_damaged (GPtrArray  *warnings,
              const char *path,
              guint       n_damaged,
              guint       first)
{
  if (warnings == NULL || n_damaged == 0)
    return;
  if (n_damaged == 1)
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("Line %u of the journal %s is damaged and was skipped; "
                                        "the file keeps it as it is."), first, path));
  else
    g_ptr_array_add (warnings,
                     g_strdup_printf (ngettext ("%u line of the journal %s, from line %u on, is "
                                                "damaged and was skipped; the file keeps it as "
                                                "it is.",
                                                "%u lines of the journal %s, from line %u on, "
                                                "are damaged and were skipped; the file keeps "
                                                "them as they are.", n_damaged),
                                      n_damaged, path, first));
}

/* Calls @func for every readable record; damaged lines become @warnings, never an error. */
gboolean
vn_journal_read (const char         *path,
                 VnJournalReadFunc   func,
                 gpointer            user_data,
                 GPtrArray          *warnings,
                 GError            **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_damaged = 0, first_damaged = 0;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
          g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
        return TRUE;
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT, _("Cannot read the journal %s: %s."),
                   path, local_error->message);
      return FALSE;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      /* Keep what can be read: split on newlines and let each line fail on its own. */
      for (gsize i = 0; i < len; i++)
        if (data[i] == '\0')
          data[i] = ' ';
    }
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (!read_line (lines[i], i + 1, lines[i + 1] == NULL, path, func, user_data, warnings) &&
        n_damaged++ == 0)
      first_damaged = i + 1;
  warn_damaged (warnings, path, n_damaged, first_damaged);
  return TRUE;
}
