/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-project-lock.c: one process at a time writes a project. A process claims the project
 * when it opens it to make corrections (a window at once, a command before its first change)
 * and holds it until it lets it go or dies:
 *
 * - flock () on the canonical transcription, opened read-only, keeps out every other Verno on
 *   this machine (also of other users) without creating any file: opening a project leaves
 *   nothing behind;
 * - before the first write, state-dir/lock is created and flock ()ed too, naming its holder
 *   (pid, host, boot id, since when) for a second process to say who holds the project. Its
 *   flock keeps out Verno on other machines that see the folder through NFS, and processes
 *   whose file system refused the first lock.
 *
 * The kernel drops both flocks when their holder dies, so a lock file nobody holds that names
 * this host is stale and is taken over. Where flock () is not available, a lock file is stale
 * when it names this host and either a process that is gone or an earlier boot. A lock naming
 * another host is never judged from here: the message says how to remove it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vn-error.h"
#include "vn-project-lock.h"

struct _VnProjectLock
{
  GObject   parent_instance;
  char     *state_dir;
  int       canonical_fd;      /* flocked; -1 where its file system cannot */
  int       state_fd;          /* state-dir/lock, flocked, once taken; else -1 */
  char     *holder_note;       /* names this process while it holds the transcription */
  gboolean  created_state_dir;
};

G_DEFINE_FINAL_TYPE (VnProjectLock, vn_project_lock, G_TYPE_OBJECT)

typedef struct
{
  gint64  pid;
  char   *host;
  char   *boot_id;
  gint64  since_us;
} LockHolder;

static void
lock_holder_clear (LockHolder *holder)
{
  g_clear_pointer (&holder->host, g_free);
  g_clear_pointer (&holder->boot_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LockHolder, lock_holder_clear)

typedef enum { LOCK_TAKEN, LOCK_HELD, LOCK_FAILED, LOCK_ABSENT } LockResult;

static char *
read_boot_id (void)
{
  char *id = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &id, NULL, NULL))
    return g_strdup ("");
  return g_strstrip (id);
}

static char *
lock_contents (void)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *boot_id = read_boot_id ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, getpid ());
  json_builder_set_member_name (b, "host");
  json_builder_add_string_value (b, g_get_host_name ());
  json_builder_set_member_name (b, "boot_id");
  json_builder_add_string_value (b, boot_id);
  json_builder_set_member_name (b, "since_us");
  json_builder_add_int_value (b, g_get_real_time ());
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* FALSE when the file names nobody: empty, or being written. */
static gboolean
read_holder (int         fd,
             LockHolder *holder)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  char data[1024];
  gssize n = pread (fd, data, sizeof data - 1, 0);
  JsonObject *o;

  if (n <= 0 || !json_parser_load_from_data (parser, data, n, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FALSE;
  o = json_node_get_object (json_parser_get_root (parser));
  holder->pid = json_object_get_int_member_with_default (o, "pid", 0);
  holder->host = g_strdup (json_object_get_string_member_with_default (o, "host", ""));
  holder->boot_id = g_strdup (json_object_get_string_member_with_default (o, "boot_id", ""));
  holder->since_us = json_object_get_int_member_with_default (o, "since_us", 0);
  return TRUE;
}

/* @flocked: this process holds flock () on the file, so no live Verno here does. */
static gboolean
holder_is_stale (const LockHolder *holder,
                 gboolean          flocked)
{
  g_autofree char *boot_id = NULL;

  if (g_strcmp0 (holder->host, g_get_host_name ()) != 0)
    return FALSE;
  if (flocked)
    return TRUE;
  boot_id = read_boot_id ();
  if (g_strcmp0 (holder->boot_id, boot_id) != 0)
    return TRUE;
  return holder->pid <= 0 || (kill ((pid_t) holder->pid, 0) != 0 && errno == ESRCH);
}

static gboolean
is_same_file (int         fd,
              const char *path)
{
  struct stat a, b;

  return fstat (fd, &a) == 0 && stat (path, &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

/* Writes this process's names into the lock it has opened. */
static gboolean
write_holder (int          fd,
              gboolean     flocked,
              const char  *path,
              GError     **error)
{
  g_autofree char *contents = lock_contents ();
  int errsv;

  if (ftruncate (fd, 0) == 0 && pwrite (fd, contents, strlen (contents), 0) >= 0)
    return TRUE;
  errsv = errno;
  /* Under flock () the names are only for messages: a full disk must not stop the work. */
  if (flocked)
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("Cannot write the lock %s (%s), so the project is open read-only; free some "
                 "space and open it again."), path, g_strerror (errsv));
  return FALSE;
}

/* Takes the lock, or says who holds it in @holder (holder->host NULL: it names nobody). */
static LockResult
take_lock (VnProjectLock *self,
           gboolean       create,
           LockHolder    *holder,
           GError       **error)
{
  g_autofree char *path = g_build_filename (self->state_dir, "lock", NULL);

  for (guint attempt = 0; attempt < 10; attempt++)
    {
      int fd = g_open (path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
      gboolean flocked;

      if (fd < 0 && !create && errno == ENOENT)
        return LOCK_ABSENT;
      if (fd < 0)
        {
          int errsv = errno;
          g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                       _("Cannot create the lock %s (%s), so the project is open read-only; "
                         "check the folder's permissions and free space."), path,
                       g_strerror (errsv));
          return LOCK_FAILED;
        }
      flocked = flock (fd, LOCK_EX | LOCK_NB) == 0;
      if (!flocked && errno == EWOULDBLOCK)
        {
          read_holder (fd, holder);
          close (fd);
          return LOCK_HELD;
        }
      /* Removed by its holder on leaving, while this process opened it: open the new one. */
      if (flocked && !is_same_file (fd, path))
        {
          close (fd);
          continue;
        }
      if (read_holder (fd, holder) && !holder_is_stale (holder, flocked))
        {
          close (fd);
          return LOCK_HELD;
        }
      lock_holder_clear (holder);
      if (!write_holder (fd, flocked, path, error))
        {
          close (fd);
          return LOCK_FAILED;
        }
      self->state_fd = fd;
      return LOCK_TAKEN;
    }
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("Cannot take the lock %s, which other processes keep replacing, so the "
                 "project is open read-only; open it again."), path);
  return LOCK_FAILED;
}

/* The lock file is removed while still held, so that nobody takes the file being removed;
 * the state folder goes too when this process made it and nothing else is in it. */
static void
release_state_lock (VnProjectLock *self)
{
  g_autofree char *path = NULL;

  if (self->state_fd < 0)
    return;
  path = g_build_filename (self->state_dir, "lock", NULL);
  if (is_same_file (self->state_fd, path))
    g_unlink (path);
  close (self->state_fd);
  self->state_fd = -1;
  if (self->created_state_dir)
    g_rmdir (self->state_dir);
}

/* Lets the project go; the lock is of no use after. Also when the lock is finalized. */
void
vn_project_lock_release (VnProjectLock *self)
{
  g_return_if_fail (VN_IS_PROJECT_LOCK (self));

  release_state_lock (self);
  if (self->holder_note != NULL)
    g_unlink (self->holder_note);
  g_clear_pointer (&self->holder_note, g_free);
  if (self->canonical_fd >= 0)
    close (self->canonical_fd);
  self->canonical_fd = -1;
}

static void
vn_project_lock_finalize (GObject *object)
{
  VnProjectLock *self = (VnProjectLock *) object;

  vn_project_lock_release (self);
  g_free (self->state_dir);
  G_OBJECT_CLASS (vn_project_lock_parent_class)->finalize (object);
}

static void
vn_project_lock_class_init (VnProjectLockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_project_lock_finalize;
}

static void
vn_project_lock_init (VnProjectLock *self)
{
  self->canonical_fd = -1;
  self->state_fd = -1;
}

/* The sentence a second process says: who holds the project, and what to do. */
static char *
held_sentence (const char       *state_dir,
               const LockHolder *holder)
{
  g_autofree char *lock = g_build_filename (state_dir, "lock", NULL);
  g_autoptr(GDateTime) since = holder->since_us > 0
                               ? g_date_time_new_from_unix_local (holder->since_us / G_USEC_PER_SEC)
                               : NULL;
  g_autofree char *when = since ? g_date_time_format (since, "%Y-%m-%d %H:%M") : g_strdup ("?");

  if (holder->host == NULL)
    return g_strdup_printf (_("%s is in use by another Verno, so the project is open "
                              "read-only here; close the other one, then open the project "
                              "again to make corrections."), state_dir);
  if (g_str_equal (holder->host, g_get_host_name ()))
    return g_strdup_printf (_("%s is in use by another Verno (process %lld, since %s), so "
                              "the project is open read-only here; close the other one, "
                              "then open the project again to make corrections."),
                            state_dir, (long long) holder->pid, when);
  return g_strdup_printf (_("%s is in use by another Verno (process %lld on %s, since "
                            "%s), so the project is open read-only here; close the other "
                            "one, or if it is no longer running, delete %s."),
                          state_dir, (long long) holder->pid, holder->host, when, lock);
}

/* Until the lock file names the holder, a note in the user's runtime folder does (only for
 * this user: the folder is theirs alone), keyed by the transcription's real path. */
static char *
holder_note_path (const char *canonical_path)
{
  g_autofree char *real = canonical_path ? g_canonicalize_filename (canonical_path, NULL) : NULL;
  g_autofree char *hash = NULL, *name = NULL;

  if (real == NULL)
    return NULL;
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, real, -1);
  name = g_strconcat (hash, ".json", NULL);
  return g_build_filename (g_get_user_runtime_dir (), "verno", "locks", name, NULL);
}

static gboolean
read_holder_path (const char *path,
                  LockHolder *holder)
{
  int fd = path ? g_open (path, O_RDONLY | O_CLOEXEC, 0) : -1;
  gboolean named;

  if (fd < 0)
    return FALSE;
  named = read_holder (fd, holder);
  if (!named)
    lock_holder_clear (holder);
  close (fd);
  return named;
}

/* Who holds the project, as far as the lock file or the note says; empty when neither does. */
static void
read_holder_file (const char *state_dir,
                  const char *canonical_path,
                  LockHolder *holder)
{
  g_autofree char *path = g_build_filename (state_dir, "lock", NULL);
  g_autofree char *note = holder_note_path (canonical_path);

  if (!read_holder_path (path, holder))
    read_holder_path (note, holder);
}

/* A note is for messages only: failing to write it stops nothing. */
static void
write_holder_note (VnProjectLock *self,
                   const char    *canonical_path)
{
  g_autofree char *path = holder_note_path (canonical_path);
  g_autofree char *dir = path ? g_path_get_dirname (path) : NULL;
  g_autofree char *contents = lock_contents ();

  if (path == NULL || g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents (path, contents, -1, NULL))
    return;
  self->holder_note = g_steal_pointer (&path);
}

static gboolean
fail_held (VnProjectLock  *self,
           LockHolder     *holder,
           GError        **error)
{
  g_autofree char *sentence = held_sentence (self->state_dir, holder);

  g_set_error_literal (error, VN_ERROR, VN_ERROR_ENVIRONMENT, sentence);
  return FALSE;
}

/* The state folder's lock file, created when @create (with the folder, if need be). */
static gboolean
take_state_lock (VnProjectLock  *self,
                 gboolean        create,
                 GError        **error)
{
  g_auto(LockHolder) holder = { 0 };

  if (self->state_fd >= 0)
    return TRUE;
  if (create && !g_file_test (self->state_dir, G_FILE_TEST_EXISTS))
    {
      if (g_mkdir_with_parents (self->state_dir, 0755) != 0)
        {
          int errsv = errno;
          g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                       _("Cannot create %s (%s), so the project is open read-only; free some "
                         "space, or keep the corrections elsewhere with --state-dir DIR."),
                       self->state_dir, g_strerror (errsv));
          return FALSE;
        }
      self->created_state_dir = TRUE;
    }
  switch (take_lock (self, create, &holder, error))
    {
    case LOCK_TAKEN:
    case LOCK_ABSENT:
      return TRUE;
    case LOCK_HELD:
      fail_held (self, &holder, error);
      break;
    case LOCK_FAILED:
    default:
      break;
    }
  if (self->created_state_dir)
    g_rmdir (self->state_dir);
  self->created_state_dir = FALSE;
  return FALSE;
}

/* Claims the project whose canonical transcription is @canonical_path (NULL: a text that is
 * no file) and whose corrections are kept in @state_dir. Creates nothing where the file
 * system can lock the transcription; else it must create the lock file at once. NULL, with
 * one sentence naming the holder or the trouble, when this process cannot
 * be the project's writer. */
VnProjectLock *
vn_project_lock_claim (const char  *canonical_path,
                       const char  *state_dir,
                       GError     **error)
{
  g_autoptr(VnProjectLock) self = g_object_new (VN_TYPE_PROJECT_LOCK, NULL);

  g_return_val_if_fail (state_dir != NULL, NULL);

  self->state_dir = g_strdup (state_dir);
  if (canonical_path != NULL)
    self->canonical_fd = g_open (canonical_path, O_RDONLY | O_CLOEXEC, 0);
  if (self->canonical_fd >= 0 && flock (self->canonical_fd, LOCK_EX | LOCK_NB) != 0)
    {
      int errsv = errno;

      if (errsv == EWOULDBLOCK)
        {
          g_auto(LockHolder) holder = { 0 };

          read_holder_file (state_dir, canonical_path, &holder);
          fail_held (self, &holder, error);
          return NULL;
        }
      /* NFS without locks, say: the lock file does the work. */
      close (self->canonical_fd);
      self->canonical_fd = -1;
    }
  /* A lock file that is there may be held (by Verno on another machine) or stale. */
  if (!take_state_lock (self, self->canonical_fd < 0, error))
    return NULL;
  if (self->canonical_fd >= 0)
    write_holder_note (self, canonical_path);
  return g_steal_pointer (&self);
}

/* Before the first write into the state folder: the folder and its lock file, which names
 * this process, are there and held. */
gboolean
vn_project_lock_prepare_writes (VnProjectLock  *self,
                                GError        **error)
{
  g_return_val_if_fail (VN_IS_PROJECT_LOCK (self), FALSE);

  return take_state_lock (self, TRUE, error);
}

/* Whether the lock file is held (it is once writing was prepared). */
gboolean
vn_project_lock_holds_state_dir (VnProjectLock *self)
{
  g_return_val_if_fail (VN_IS_PROJECT_LOCK (self), FALSE);
  return self->state_fd >= 0;
}
