/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-session-claim.c: whether this session may write its project, and since when: the state
 * folder checked for writing, the project's lock claimed (vn-project-lock.c), a journal that
 * another process changed since it was read; one sentence, for the user, when it may not. */
#include <errno.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-session-private.h"

/* Whether @dir, or the folder it would be made in, can be written. */
static gboolean
can_create_in (const char *dir)
{
  g_autofree char *probe = g_strdup (dir);

  while (!g_file_test (probe, G_FILE_TEST_EXISTS))
    {
      char *parent = g_path_get_dirname (probe);
      gboolean top = g_str_equal (parent, probe);

      g_free (probe);
      probe = parent;
      if (top)
        break;
    }
  return g_file_test (probe, G_FILE_TEST_IS_DIR) && g_access (probe, W_OK) == 0;
}

gint64
_vn_session_file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

/* Another process wrote the journal between this session's reading it and taking the lock:
 * what this session knows is out of date, and its records must not follow theirs. */
static gboolean
journal_changed_since_read (VnSession *self)
{
  g_autofree char *path = g_build_filename (self->state_dir, "journal.jsonl", NULL);
  g_autofree char *sentence = NULL;

  if (_vn_session_file_size (path) == self->journal_size)
    return FALSE;
  g_clear_object (&self->lock);
  sentence = g_strdup_printf (_("%s was changed by another Verno since this one read it, so the "
                                "project is open read-only here; open it again to make "
                                "corrections."), path);
  _vn_session_set_read_only (self, sentence);
  return TRUE;
}

void
_vn_session_check_state_dir_writable (VnSession *self)
{
  g_autofree char *sentence = NULL;

  if (can_create_in (self->state_dir))
    return;
  sentence = g_strdup_printf (_("%s cannot be written, so the project is open read-only; to "
                                "make corrections, copy it somewhere writable, or keep them "
                                "elsewhere with --state-dir DIR."), self->state_dir);
  _vn_session_set_read_only (self, sentence);
}

/* Whether the state folder can be made (where it is not there yet): made, then removed at
 * once, so that claiming a project leaves nothing behind but learns early, before the editor
 * has worked, that nothing could be saved. */
static gboolean
probe_state_dir (const char  *dir,
                 GError     **error)
{
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *probe = g_strdup (dir);
  int errsv = 0;

  while (!g_file_test (probe, G_FILE_TEST_EXISTS))
    {
      char *parent = g_path_get_dirname (probe);
      gboolean top = g_str_equal (parent, probe);

      g_ptr_array_insert (made, 0, g_steal_pointer (&probe));
      probe = parent;
      if (top)
        break;
    }
  for (guint i = 0; i < made->len && errsv == 0; i++)
    if (g_mkdir (g_ptr_array_index (made, i), 0755) != 0)
      {
        errsv = errno;
        g_ptr_array_set_size (made, i);
      }
  for (guint i = made->len; i > 0; i--)
    g_rmdir (g_ptr_array_index (made, i - 1));
  if (errsv == 0)
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("Cannot create %s (%s), so the project is open read-only; free some space, "
                 "or keep the corrections elsewhere with --state-dir DIR."), dir,
               g_strerror (errsv));
  return FALSE;
}

gboolean
vn_session_claim (VnSession  *self,
                  GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  GFile *file;
  g_autofree char *canonical_path = NULL;

  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  if (self->lock != NULL)
    return TRUE;
  if (!vn_session_check_writable (self, error))
    return FALSE;
  file = vn_transcription_get_file (self->canonical);
  canonical_path = file != NULL ? g_file_get_path (file) : NULL;
  if (!probe_state_dir (self->state_dir, &local_error))
    _vn_session_set_read_only (self, local_error->message);
  else if ((self->lock = vn_project_lock_claim (canonical_path, self->state_dir,
                                                &local_error)) == NULL)
    _vn_session_set_read_only (self, local_error->message);
  else if (!journal_changed_since_read (self))
    return TRUE;
  return vn_session_check_writable (self, error);
}

/* Lets the project go at once (as finalizing the session does), for another Verno to take:
 * a window does so when it closes. */
void
vn_session_release (VnSession *self)
{
  g_return_if_fail (VN_IS_SESSION (self));
  g_clear_object (&self->journal);
  g_clear_object (&self->lock);
}

/* FALSE, with the reason in one sentence, when this session cannot make corrections. */
gboolean
vn_session_check_writable (VnSession  *self,
                           GError    **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), FALSE);

  if (!self->read_only)
    return TRUE;
  g_set_error_literal (error, VN_ERROR, VN_ERROR_ENVIRONMENT, self->read_only_reason);
  return FALSE;
}
