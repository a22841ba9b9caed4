/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-journal.c: an append-only file of JSON lines, each fsync'ed before it is acknowledged,
 * so that killing the process at any moment loses no acknowledged record. A line torn by a
 * crash is skipped with a warning when the journal is read back. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-file.h"
#include "vn-journal.h"

struct _VnJournal
{
  GObject  parent_instance;
  char    *path;
  int      fd;
  GError  *broken;   /* a failed write that could not be taken back: no more appends */
};

G_DEFINE_FINAL_TYPE (VnJournal, vn_journal, G_TYPE_OBJECT)

static void
vn_journal_finalize (GObject *object)
{
  VnJournal *self = (VnJournal *) object;

  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);
  g_clear_error (&self->broken);
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

static int
fsync_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int errsv;

  if (fd < 0)
    return errno;
  errsv = fsync (fd) == 0 ? 0 : errno;
  close (fd);
  return errsv;
}

/* A new file's name is on disk once its folder is flushed too, and the folder's own name,
 * which may be as new (.verno/ made for the first correction), once its parent is. The
 * parent may not let itself be opened; its entry is older then, and on disk already. */
static gboolean
sync_folders_of (const char  *path,
                 GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *parent = g_path_get_dirname (folder);
  int errsv = fsync_folder (folder);

  if (errsv == 0 && !g_str_equal (parent, folder))
    {
      errsv = fsync_folder (parent);
      errsv = errsv == EACCES || errsv == EPERM ? 0 : errsv;
    }
  if (errsv == 0)
    return TRUE;
  return set_io_error (error, _("Cannot flush the folder of the journal %s"), path, errsv);
}

VnJournal *
vn_journal_open (const char  *path,
                 GError     **error)
{
  g_autoptr(VnJournal) self = g_object_new (VN_TYPE_JOURNAL, NULL);
  VnFileKind kind = vn_file_get_kind (path, error);
  int flags = O_RDWR | O_APPEND | O_CLOEXEC;

  if (kind == VN_FILE_OTHER)
    return NULL;
  self->path = g_strdup (path);
  /* O_EXCL: a named pipe or a link put there since is not followed. */
  self->fd = g_open (path, kind == VN_FILE_MISSING ? flags | O_CREAT | O_EXCL : flags, 0644);
  if (self->fd < 0)
    return set_io_error (error, _("Cannot open the journal %s"), path, errno), NULL;
  if (!terminate_torn_tail (self->fd, path, error) ||
      (kind == VN_FILE_MISSING && !sync_folders_of (path, error)))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
vn_journal_get_path (VnJournal *self)
{
  g_return_val_if_fail (VN_IS_JOURNAL (self), NULL);
  return self->path;
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        return errno = ENOSPC, FALSE;
      done += n;
    }
  return TRUE;
}

/* A record that failed, in part or whole, or whose flush failed, is cut back off, so that
 * the file holds exactly the records acknowledged. When even that fails, the journal takes
 * no more records until it is opened again, which skips a torn end. */
static void
take_back (VnJournal *self,
           off_t      size)
{
  int errsv;

  if (ftruncate (self->fd, size) == 0 && fsync (self->fd) == 0)
    return;
  errsv = errno;
  g_set_error (&self->broken, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("The journal %s could not be repaired after a failed write (%s); close the "
                 "project and open it again to go on (nothing saved before was lost)."),
               self->path, g_strerror (errsv));
}

/* One record, one line, on disk before this returns TRUE. */
gboolean
vn_journal_append (VnJournal  *self,
                   JsonNode   *record,
                   GError    **error)
{
  g_autofree char *text = json_to_string (record, FALSE);
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  g_autoptr(GError) local_error = NULL;
  struct stat st;

  g_return_val_if_fail (VN_IS_JOURNAL (self), FALSE);

  if (self->broken != NULL)
    {
      g_propagate_error (error, g_error_copy (self->broken));
      return FALSE;
    }
  if (fstat (self->fd, &st) != 0)
    return set_io_error (error, _("Cannot write to the journal %s"), self->path, errno);
  if (!write_all (self->fd, line, strlen (line)))
    set_io_error (&local_error, _("Cannot write to the journal %s"), self->path, errno);
  else if (fsync (self->fd) != 0)
    set_io_error (&local_error, _("Cannot flush the journal %s"), self->path, errno);
  else
    return TRUE;
  take_back (self, st.st_size);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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

  switch (vn_file_get_kind (path, error))
    {
    case VN_FILE_MISSING:
      return TRUE;
    case VN_FILE_OTHER:
      return FALSE;
    case VN_FILE_REGULAR:
    case VN_FILE_FOLDER:
    default:
      break;
    }
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
