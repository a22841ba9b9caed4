/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-project-lock.c: one writer per project. A claim creates nothing; the lock file comes
 * with the first write and goes when the lock is let go; a second claim, in this process or
 * another, is refused naming the holder; a lock left by a dead process is taken over; one
 * naming another machine is not. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-project-lock.h"
#include "vn-test-util.h"

typedef struct
{
  char *dir;          /* the project folder */
  char *transcription;
  char *state_dir;
  char *lock;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("verno-lock-XXXXXX", &error);
  g_assert_no_error (error);
  f->transcription = g_build_filename (f->dir, "transcription.txt", NULL);
  f->state_dir = g_build_filename (f->dir, ".verno", NULL);
  f->lock = g_build_filename (f->state_dir, "lock", NULL);
  g_assert_true (g_file_set_contents (f->transcription, "Верно.\n", -1, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vn_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->transcription);
  g_free (f->state_dir);
  g_free (f->lock);
}

/* What the project folder holds, by name. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Claiming, and letting go, leave the project as it was; preparing writes makes the state
 * folder and a lock file naming this process, both gone once the lock is let go. */
static void
test_claim_creates_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *before = listing (f->dir), *after = NULL, *contents = NULL;
  g_autofree char *pid = g_strdup_printf ("\"pid\":%d,", getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProjectLock) lock = vn_project_lock_claim (f->transcription, f->state_dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lock);
  after = listing (f->dir);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (vn_project_lock_holds_state_dir (lock));

  g_assert_true (vn_project_lock_prepare_writes (lock, &error));
  g_assert_no_error (error);
  g_assert_true (vn_project_lock_holds_state_dir (lock));
  g_assert_true (g_file_get_contents (f->lock, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, pid));

  vn_project_lock_release (lock);
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (f->state_dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&after, g_free);
  after = listing (f->dir);
  g_assert_cmpstr (after, ==, before);
}

/* A second claim while the first holds, from this process or from another: refused in one
 * sentence naming the holder, before and after the first has written; free again once the
 * first lets go (or dies). */
static void
test_second_claim_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *pid = g_strdup_printf ("process %d", getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProjectLock) first = vn_project_lock_claim (f->transcription, f->state_dir, &error);

  g_assert_no_error (error);
  for (guint written = 0; written < 2; written++)
    {
      g_autoptr(VnProjectLock) second = NULL;

      if (written)
        g_assert_true (vn_project_lock_prepare_writes (first, NULL));
      second = vn_project_lock_claim (f->transcription, f->state_dir, &error);
      g_assert_null (second);
      g_assert_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "in use by another Verno"));
      g_assert_nonnull (strstr (error->message, pid));
      vn_test_assert_one_sentence_message (error->message);
      g_clear_error (&error);
    }
  g_clear_object (&first);
  {
    g_autoptr(VnProjectLock) again = vn_project_lock_claim (f->transcription, f->state_dir,
                                                             &error);
    g_assert_no_error (error);
    g_assert_nonnull (again);
  }
}

/* A process holds the project and is killed: its flocks go with it, the lock file it left
 * is stale, and the next claim takes the project over and removes the file when done. */
static void
test_dead_holder_taken_over (Fixture       *f,
                             gconstpointer  data)
{
  int fds[2];
  pid_t child;
  char byte;
  g_autoptr(GError) error = NULL;
  g_autofree char *child_pid = NULL;

  g_assert_cmpint (pipe (fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      VnProjectLock *lock = vn_project_lock_claim (f->transcription, f->state_dir, NULL);

      if (lock == NULL || !vn_project_lock_prepare_writes (lock, NULL) ||
          write (fds[1], "x", 1) != 1)
        _exit (1);
      pause ();
      _exit (0);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &byte, 1), ==, 1);
  close (fds[0]);
  child_pid = g_strdup_printf ("process %d", child);
  {
    g_autoptr(VnProjectLock) refused = vn_project_lock_claim (f->transcription, f->state_dir,
                                                               &error);
    g_assert_null (refused);
    g_assert_nonnull (strstr (error->message, child_pid));
    g_clear_error (&error);
  }
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  g_assert_true (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  {
    g_autoptr(VnProjectLock) taken = vn_project_lock_claim (f->transcription, f->state_dir,
                                                             &error);
    g_assert_no_error (error);
    g_assert_nonnull (taken);
    g_assert_true (vn_project_lock_holds_state_dir (taken));  /* the stale file, taken over */
  }
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));
}

/* A lock file that names another machine, held by nobody here: it may be a Verno there
 * writing through NFS, so it is not judged from here; the sentence says how to remove it. */
static void
test_other_host (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProjectLock) lock = NULL;
  const char *contents = "{\"pid\":4242,\"host\":\"archive-ws-17\",\"boot_id\":\"x\","
                         "\"since_us\":1700000000000000}";

  g_assert_cmpint (g_mkdir (f->state_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (f->lock, contents, -1, NULL));
  lock = vn_project_lock_claim (f->transcription, f->state_dir, &error);
  g_assert_null (lock);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "archive-ws-17"));
  g_assert_nonnull (strstr (error->message, "delete"));
  g_assert_nonnull (strstr (error->message, f->lock));
  vn_test_assert_one_sentence_message (error->message);
  /* Refused, and left as it was. */
  {
    g_autofree char *after = NULL;
    g_assert_true (g_file_get_contents (f->lock, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, contents);
  }
}

/* A text that is no file (nothing to flock): the lock file does the work from the claim. */
static void
test_no_transcription_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProjectLock) first = vn_project_lock_claim (NULL, f->state_dir, &error);
  g_autoptr(VnProjectLock) second = NULL;

  g_assert_no_error (error);
  g_assert_true (vn_project_lock_holds_state_dir (first));
  second = vn_project_lock_claim (NULL, f->state_dir, &error);
  g_assert_null (second);
  g_assert_nonnull (strstr (error->message, "in use by another Verno"));
  g_clear_object (&first);
  g_assert_false (g_file_test (f->state_dir, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/verno/project-lock/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("claim-creates-nothing", test_claim_creates_nothing);
  ADD ("second-claim-refused", test_second_claim_refused);
  ADD ("dead-holder-taken-over", test_dead_holder_taken_over);
  ADD ("other-host", test_other_host);
  ADD ("no-transcription-file", test_no_transcription_file);
#undef ADD
  return g_test_run ();
}
