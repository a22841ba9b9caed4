/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-durable.c: acknowledged means durable. A preloaded shim (vn-fault-shim.c) fails each
 * write of the journal, corrections.diff and state.json in turn, once — ENOSPC, EIO, a short
 * write, a failed fsync, fallocate or rename — while corrections are made through the core
 * API (this program, run again as a child) and through `verno accept`. Each time: exactly the
 * failing answer is refused, with a sentence that names the file and the error; nothing was
 * reported saved that is not in the journal; reopening the project gives what the process
 * held; a later write repairs corrections.diff, which `patch` turns into the verified text.
 * A real full disk (a small tmpfs in a namespace of its own) ends the same way. */
#include <dlfcn.h>
#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vn-diff.h"
#include "vn-session.h"
#include "vn-test-util.h"

#define CORE_OPS 8
#define FILES "journal.jsonl:corrections.diff:state.json"

static const char synthetic_text[] =
  "ПОЛОЖОНИС о работе Президиума ЦК и о недостатках в работе\n"
  "товари – щеской критики на заседании Пленума.\n"
  "Bepho: несколько слов о томи, что было сделано и что осталось.\n"
  "\f\n"
  "Вторая страница: всесторение обсуждение и руководитсля решение.\n";

/* Faults run, by file and in all, for the closing line. */
static guint n_faults, n_journal, n_diff, n_state;

/* ------------------------------------------------------------------ the shim */

typedef struct
{
  long  number;
  char *file;
  char *op;
  char *result;   /* "ok", or the kind of fault */
} LoggedOp;

static void
logged_op_free (gpointer data)
{
  LoggedOp *op = data;

  g_free (op->file);
  g_free (op->op);
  g_free (op->result);
  g_free (op);
}

static GPtrArray *
read_log (const char *path)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func (logged_op_free);
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &data, NULL, NULL))
    return ops;
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 4);
      LoggedOp *op;

      if (g_strv_length (f) != 4)
        continue;
      op = g_new0 (LoggedOp, 1);
      op->number = atol (f[0]);
      op->file = g_strdup (f[1]);
      op->op = g_strdup (f[2]);
      op->result = g_strdup (f[3]);
      g_ptr_array_add (ops, op);
    }
  return ops;
}

static char *
shim_path (void)
{
  const char *env = g_getenv ("VN_FAULT_SHIM");

  return env ? g_strdup (env) : vn_test_build_path ("tests/libvn-fault-shim.so");
}

/* The variables that arm the shim, for vn_test_run_argv (); @at 0 only counts. */
static GStrv
fault_env (const char *kind,
           long        at,
           const char *log)
{
  GPtrArray *env = g_ptr_array_new ();
  g_autofree char *shim = shim_path ();
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");
  const char *asan = g_getenv ("ASAN_OPTIONS");

  g_ptr_array_add (env, g_strconcat ("LD_PRELOAD=", shim, NULL));
  g_ptr_array_add (env, g_strdup ("VN_FAULT_FILES=" FILES));
  g_ptr_array_add (env, g_strdup_printf ("VN_FAULT_AT=%ld", at));
  g_ptr_array_add (env, g_strconcat ("VN_FAULT_KIND=", kind, NULL));
  g_ptr_array_add (env, g_strconcat ("VN_FAULT_LOG=", log, NULL));
  g_ptr_array_add (env, g_strconcat ("VERNO_CACHE_DIR=", cache, NULL));
  g_ptr_array_add (env, g_strdup ("DISPLAY"));
  /* A shim before a shared ASan runtime is what LD_PRELOAD is for, here. */
  g_ptr_array_add (env, g_strconcat ("ASAN_OPTIONS=", asan ? asan : "", asan ? ":" : "",
                                     "verify_asan_link_order=0", NULL));
  g_ptr_array_add (env, NULL);
  return (GStrv) g_ptr_array_free (env, FALSE);
}

/* The kinds of fault an operation gets: all that it can meet, or with @one only one of them,
 * the @turn-th (the command line's runs take longer). */
static GPtrArray *
kinds_for (const LoggedOp *op,
           gboolean        one,
           guint           turn)
{
  static const char *write_kinds[] = { "enospc", "eio", "short" };
  static const char *rename_kinds[] = { "eio", "enospc" };
  static const char *fallocate_kinds[] = { "enospc" };
  static const char *fsync_kinds[] = { "eio" };
  const char **kinds = write_kinds;
  guint n = G_N_ELEMENTS (write_kinds);
  GPtrArray *chosen = g_ptr_array_new ();

  if (g_str_equal (op->op, "fallocate"))
    kinds = fallocate_kinds, n = G_N_ELEMENTS (fallocate_kinds);
  else if (g_str_equal (op->op, "fsync") || g_str_equal (op->op, "fdatasync"))
    kinds = fsync_kinds, n = G_N_ELEMENTS (fsync_kinds);
  else if (g_str_equal (op->op, "rename"))
    kinds = rename_kinds, n = G_N_ELEMENTS (rename_kinds);
  for (guint i = 0; i < n; i++)
    if (!one || i == turn % n)
      g_ptr_array_add (chosen, (gpointer) kinds[i]);
  return chosen;
}

static const char *
kind_error (const char *kind)
{
  return g_strerror (g_str_equal (kind, "eio") ? EIO : ENOSPC);
}

static void
count_fault (const char *file)
{
  n_faults++;
  if (g_str_equal (file, "journal.jsonl"))
    n_journal++;
  else if (g_str_equal (file, "corrections.diff"))
    n_diff++;
  else
    n_state++;
}

/* The shim failed exactly operation @at, which is @expected's. */
static void
assert_one_fault (const char     *log,
                  long            at,
                  const LoggedOp *expected)
{
  g_autoptr(GPtrArray) ops = read_log (log);
  guint faults = 0;

  for (guint i = 0; i < ops->len; i++)
    {
      LoggedOp *op = g_ptr_array_index (ops, i);

      if (g_str_equal (op->result, "ok"))
        continue;
      faults++;
      g_assert_cmpint (op->number, ==, at);
      g_assert_cmpstr (op->file, ==, expected->file);
      g_assert_cmpstr (op->op, ==, expected->op);
    }
  g_assert_cmpuint (faults, ==, 1);
}

/* ------------------------------------------------------------------ the project's state */

static char *
fast_tmp (const char *template)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pattern = NULL;
  char *dir;

  /* fsync is free on a tmpfs: hundreds of runs stay quick. */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
    {
      pattern = g_build_filename ("/dev/shm", template, NULL);
      dir = g_mkdtemp (pattern);
      if (dir != NULL)
        return g_strdup (dir);
    }
  dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  return dir;
}

static VnTranscription *
open_text (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  VnTranscription *t = vn_transcription_new_from_file (file, &error);

  g_assert_no_error (error);
  return t;
}

/* Everything the session holds that reopening must give back. */
static char *
fingerprint (VnSession *session)
{
  VnTranscription *t = vn_session_get_canonical (session);
  g_autofree char *text = vn_session_dup_verified_text (session, NULL);
  g_autofree char *escaped = g_strescape (text, NULL);
  GListModel *corrections = vn_session_get_corrections (session);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "text=%s flags=", escaped);
  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    {
      const VnToken *token = vn_transcription_get_token (t, i);

      g_string_append_c (out, vn_session_is_kept (session, token->core_start, token->core_end)
                              ? 'k' : '-');
      g_string_append_c (out, vn_session_is_verified (session, token->core_start,
                                                      token->core_end) ? 'v' : '-');
    }
  g_string_append_printf (out, " pages=%d,%d undo=%d redo=%d corrections=",
                          vn_session_get_page_status (session, 0),
                          vn_session_get_page_status (session, 1),
                          vn_session_can_undo (session), vn_session_can_redo (session));
  for (guint i = 0; i < g_list_model_get_n_items (corrections); i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (corrections, i);
      g_string_append_printf (out, "%u-%u,", vn_correction_get_start (c),
                              vn_correction_get_end (c));
    }
  return g_string_free (out, FALSE);
}

static VnSession *
reopen (VnTranscription *t,
        const char      *state)
{
  g_autoptr(GError) error = NULL;
  VnSession *session = vn_session_open (t, state, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < vn_session_get_warnings (session)->len; i++)
    g_test_message ("warning: %s", (char *) g_ptr_array_index (vn_session_get_warnings (session), i));
  g_assert_cmpuint (vn_session_get_warnings (session)->len, ==, 0);
  return session;
}

/* corrections.diff is the diff of the canonical text to the session's verified text; with
 * @canonical, `patch` makes the one of the other. */
static void
assert_diff_current (VnSession  *session,
                     const char *state,
                     const char *canonical)
{
  VnTranscription *t = vn_session_get_canonical (session);
  g_autofree char *path = g_build_filename (state, "corrections.diff", NULL);
  g_autofree char *saved = vn_test_read_file (path);
  gsize old_len, new_len;
  const char *old_text = vn_transcription_get_text (t, &old_len);
  g_autofree char *new_text = vn_session_dup_verified_text (session, &new_len);
  g_autoptr(VnPatch) patch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *patched = NULL;
  gsize patched_len = 0;

  /* The saved diff turns the canonical text into the verified one (an empty diff: they are
   * the same). */
  if (*saved == '\0')
    g_assert_cmpmem (old_text, old_len, new_text, new_len);
  else
    {
      patch = vn_patch_new_from_data (saved, strlen (saved), path, &error);
      g_assert_no_error (error);
      patched = vn_patch_apply (patch, 0, old_text, old_len, "transcription.txt", &patched_len,
                                &error);
      g_assert_no_error (error);
      g_assert_cmpmem (patched, patched_len, new_text, new_len);
    }
  if (canonical != NULL)
    vn_test_assert_patch_gives (canonical, path, new_text);
}

/* state.json lists the session's corrections, where they are. */
static void
assert_state_current (VnSession  *session,
                      const char *state)
{
  g_autofree char *path = g_build_filename (state, "state.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GListModel *corrections = vn_session_get_corrections (session);
  JsonArray *saved;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  saved = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "corrections");
  g_assert_cmpuint (json_array_get_length (saved), ==, g_list_model_get_n_items (corrections));
  for (guint i = 0; i < json_array_get_length (saved); i++)
    {
      JsonObject *o = json_array_get_object_element (saved, i);
      g_autoptr(VnCorrection) c = g_list_model_get_item (corrections, i);

      g_assert_cmpint (json_object_get_int_member (o, "start"), ==, vn_correction_get_start (c));
      g_assert_cmpstr (json_object_get_string_member (o, "after"), ==,
                       vn_correction_get_after (c));
    }
}

static guint
count_answers (const char *state)
{
  g_autofree char *path = g_build_filename (state, "journal.jsonl", NULL);
  g_autofree char *data = NULL;

  return g_file_get_contents (path, &data, NULL, NULL) ? vn_test_count_journal_answers (data)
                                                      : 0;
}

/* ------------------------------------------------------------------ the core API's child */

static const char *replacements[] = { "ПОЛОЖЕНИЕ", "Верно", "товарищеской", "x", "",
                                      "два слова" };

/* One random change, as the window makes them. */
static gboolean
random_op (VnSession   *session,
           GRand       *rand,
           const char **name,
           GError     **error)
{
  VnTranscription *t = vn_session_get_canonical (session);
  guint n = vn_transcription_get_n_tokens (t);
  const VnToken *token = vn_transcription_get_token (t, g_rand_int_range (rand, 0, n));
  const char *after = replacements[g_rand_int_range (rand, 0, G_N_ELEMENTS (replacements))];
  guint choice = g_rand_int_range (rand, 0, 8);
  g_autoptr(VnCorrection) c = NULL;

  if (choice == 7 && !vn_session_can_redo (session))
    choice = 6;
  if (choice == 6 && !vn_session_can_undo (session))
    choice = 0;
  switch (choice)
    {
    case 0: case 1: case 2:
      *name = "correct";
      c = vn_session_correct (session, token->core_start, token->core_end, after,
                              VN_SOURCE_TYPED, 0, NULL, NULL, error);
      return c != NULL;
    case 3:
      *name = "keep";
      return vn_session_keep (session, token->core_start, token->core_end, error);
    case 4:
      *name = "verify";
      return vn_session_set_verified (session, token->core_start, token->core_end,
                                      g_rand_boolean (rand), error);
    case 5:
      *name = "status";
      return vn_session_set_page_status (session, g_rand_int_range (rand, 0, 2),
                                         g_rand_int_range (rand, 0, 4), error);
    case 6:
      *name = "undo";
      return vn_session_undo (session, error);
    case 7:
    default:
      *name = "redo";
      return vn_session_redo (session, error);
    }
}

static int (*shim_injected) (void);
static void (*shim_arm) (long at, const char *kind, const char *log);

static int
injected (void)
{
  return shim_injected ? shim_injected () : 0;
}

/* One case of the child, in @state: "op NAME ok|failed INJECTED CHANGED SNAPSHOT-ERROR|-
 * ERROR|-" for each change, then "flush ok|failed ERROR|-" and "final FINGERPRINT". */
static void
child_case (VnTranscription *t,
            const char      *state,
            guint32          seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnSession) session = vn_session_open (t, state, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *final = NULL;
  gboolean flushed;

  g_assert_no_error (error);
  g_assert_true (vn_session_claim (session, NULL));
  for (guint i = 0; i < CORE_OPS; i++)
    {
      g_autofree char *before = fingerprint (session), *after = NULL;
      g_autoptr(GError) op_error = NULL;
      int faults = injected ();
      const char *name = "?";
      gboolean ok = random_op (session, rand, &name, &op_error);
      const GError *stale = vn_session_get_snapshot_error (session);

      after = fingerprint (session);
      g_print ("op\t%s\t%s\t%d\t%d\t%s\t%s\n", name, ok ? "ok" : "failed",
               injected () - faults, !g_str_equal (before, after),
               stale ? stale->message : "-", op_error ? op_error->message : "-");
    }
  flushed = vn_session_flush (session, &error);
  g_print ("flush\t%s\t%s\n", flushed ? "ok" : "failed", error ? error->message : "-");
  final = fingerprint (session);
  g_print ("final\t%s\n", final);
}

/* `--fault-child TEXT SEED DIR AT:KIND…`: for each fault, the shim armed to fail operation
 * AT the way KIND says, the changes of SEED made on TEXT in DIR/state-N (its log DIR/log-N),
 * after a line "case N". One process for all the faults: starting one takes longer. */
static int
child_main (int    argc,
            char **argv)
{
  g_autoptr(VnTranscription) t = open_text (argv[2]);
  guint32 seed = (guint32) atol (argv[3]);

  *(void **) &shim_injected = dlsym (RTLD_DEFAULT, "vn_fault_shim_injected");
  *(void **) &shim_arm = dlsym (RTLD_DEFAULT, "vn_fault_shim_arm");
  g_assert_nonnull (shim_arm);
  for (int i = 5; i < argc; i++)
    {
      g_autofree char *name = g_strdup_printf ("state-%d", i - 5);
      g_autofree char *log_name = g_strdup_printf ("log-%d", i - 5);
      g_autofree char *state = g_build_filename (argv[4], name, NULL);
      g_autofree char *log = g_build_filename (argv[4], log_name, NULL);
      const char *colon = strchr (argv[i], ':');

      g_assert_nonnull (colon);
      vn_test_remove_tree (state);
      g_remove (log);
      shim_arm (atol (argv[i]), colon + 1, log);
      g_print ("case\t%d\n", i - 5);
      child_case (t, state, seed);
    }
  return 0;
}

typedef struct
{
  char     *name;
  gboolean  ok;
  int       injected;
  gboolean  changed;
  char     *stale;   /* why the derived files were out of date after it, or NULL */
  char     *error;   /* why it failed, or NULL */
} ChildOp;

static void
child_op_free (gpointer data)
{
  ChildOp *op = data;

  g_free (op->name);
  g_free (op->stale);
  g_free (op->error);
  g_free (op);
}

typedef struct
{
  GPtrArray *ops;     /* ChildOp */
  char      *final;   /* what the child held at the end */
} ChildCase;

static void
child_case_free (gpointer data)
{
  ChildCase *c = data;

  g_ptr_array_unref (c->ops);
  g_free (c->final);
  g_free (c);
}

static ChildOp *
parse_op (GStrv f)
{
  ChildOp *op = g_new0 (ChildOp, 1);

  op->name = g_strdup (f[1]);
  op->ok = g_str_equal (f[2], "ok");
  op->injected = atoi (f[3]);
  op->changed = atoi (f[4]);
  op->stale = g_str_equal (f[5], "-") ? NULL : g_strdup (f[5]);
  op->error = g_str_equal (f[6], "-") ? NULL : g_strdup (f[6]);
  return op;
}

/* The child's report: for each case its changes, and what it held at the end. */
static GPtrArray *
parse_child (const char *out)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func (child_case_free);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  ChildCase *c = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);

      if (f[0] == NULL)
        continue;
      if (g_str_equal (f[0], "case"))
        {
          c = g_new0 (ChildCase, 1);
          c->ops = g_ptr_array_new_with_free_func (child_op_free);
          g_ptr_array_add (cases, c);
        }
      else if (g_str_equal (f[0], "op") && g_strv_length (f) == 7)
        g_ptr_array_add (c->ops, parse_op (f));
      else if (g_str_equal (f[0], "flush"))
        g_assert_cmpstr (f[1], ==, "ok");   /* a write after a fault repairs the files */
      else if (g_str_equal (f[0], "final"))
        c->final = g_strdup (f[1]);
    }
  for (guint i = 0; i < cases->len; i++)
    {
      c = g_ptr_array_index (cases, i);
      g_assert_cmpuint (c->ops->len, ==, CORE_OPS);
      g_assert_nonnull (c->final);
    }
  return cases;
}

typedef struct
{
  char   *dir;
  char   *text;     /* dir/transcription.txt */
  guint32 seed;
} CoreCase;

/* The child, with the faults "AT:KIND" of @faults; its cases, parsed. */
static GPtrArray *
run_child (CoreCase   *cc,
           GPtrArray  *faults)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *seed = g_strdup_printf ("%u", cc->seed);
  g_autofree char *log = g_build_filename (cc->dir, "log", NULL);
  g_auto(GStrv) env = fault_env ("enospc", 0, log);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(VnTestRun) run = { 0 };
  GPtrArray *cases;

  g_ptr_array_add (argv, self);
  g_ptr_array_add (argv, (gpointer) "--fault-child");
  g_ptr_array_add (argv, cc->text);
  g_ptr_array_add (argv, seed);
  g_ptr_array_add (argv, cc->dir);
  for (guint i = 0; i < faults->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (faults, i));
  g_ptr_array_add (argv, NULL);
  vn_test_run_argv (&run, (const char * const *) argv->pdata, (const char * const *) env, NULL);
  g_assert_cmpint (run.status, ==, 0);
  cases = parse_child (run.out);
  g_assert_cmpuint (cases->len, ==, faults->len);
  return cases;
}

/* What the failed operation must have done: refused the change when the journal failed;
 * kept it, and said why the derived files are stale, when one of them failed. */
static void
assert_fault_reported (const ChildOp  *op,
                       const LoggedOp *fault,
                       const char     *kind,
                       const char     *state)
{
  g_autofree char *path = g_build_filename (state, fault->file, NULL);
  const char *message;

  if (g_str_equal (fault->file, "journal.jsonl"))
    {
      g_assert_false (op->ok);
      g_assert_false (op->changed);
      message = op->error;
    }
  else
    {
      g_assert_true (op->ok);
      message = op->stale;
      /* GLib's fallocate () is a hint: when it fails the file is written all the same. */
      if (message == NULL && g_str_equal (fault->op, "fallocate"))
        return;
    }
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, path));
  g_assert_nonnull (strstr (message, kind_error (kind)));
}

/* One fault: the child's account of it, then the project reopened as it was left. With
 * @check_patch, corrections.diff goes through `patch` too, not only compared. */
static void
check_core_case (CoreCase        *cc,
                 guint            number,
                 const ChildCase *c,
                 const LoggedOp  *fault,
                 const char      *kind,
                 gboolean         check_patch)
{
  g_autofree char *name = g_strdup_printf ("state-%u", number);
  g_autofree char *log_name = g_strdup_printf ("log-%u", number);
  g_autofree char *state = g_build_filename (cc->dir, name, NULL);
  g_autofree char *log = g_build_filename (cc->dir, log_name, NULL);
  g_autofree char *reopened = NULL, *verified = NULL;
  g_autoptr(VnTranscription) t = open_text (cc->text);
  g_autoptr(VnSession) session = NULL;
  gboolean seen = FALSE;

  g_test_message ("seed %u: %s %s #%ld fails (%s)", cc->seed, fault->file, fault->op,
                  fault->number, kind);
  assert_one_fault (log, fault->number, fault);
  for (guint i = 0; i < c->ops->len; i++)
    {
      ChildOp *op = g_ptr_array_index (c->ops, i);

      if (op->injected)
        {
          g_assert_false (seen);
          seen = TRUE;
          assert_fault_reported (op, fault, kind, state);
        }
      else if (op->ok)
        g_assert_null (op->stale);   /* the next write repairs the derived files */
      else
        g_error ("%s failed with no fault: %s", op->name, op->error);
    }
  g_assert_true (seen);
  session = reopen (t, state);
  reopened = fingerprint (session);
  g_assert_cmpstr (reopened, ==, c->final);
  verified = vn_session_dup_verified_text (session, NULL);
  assert_diff_current (session, state, check_patch ? cc->text : NULL);
  assert_state_current (session, state);
  count_fault (fault->file);
}

/* Every operation of a child's run on the three files fails in turn, each way it can. */
static void
test_core_faults (void)
{
  CoreCase cc = { 0 };
  guint seeds = g_getenv ("VN_DURABLE_SEEDS") ? atoi (g_getenv ("VN_DURABLE_SEEDS")) : 4;
  guint before = n_faults;

  cc.dir = fast_tmp ("verno-durable-XXXXXX");
  cc.text = g_build_filename (cc.dir, "transcription.txt", NULL);
  g_assert_true (g_file_set_contents (cc.text, synthetic_text, -1, NULL));
  for (guint s = 0; s < seeds; s++)
    {
      g_autoptr(GPtrArray) counting = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) faults = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) planned = g_ptr_array_new ();   /* LoggedOp, by case */
      g_autoptr(GPtrArray) cases = NULL, logged = NULL;
      g_autofree char *log = g_build_filename (cc.dir, "log-0", NULL);

      cc.seed = 1000 + s;
      g_ptr_array_add (counting, g_strdup ("0:enospc"));
      g_ptr_array_unref (run_child (&cc, counting));
      logged = read_log (log);
      g_test_message ("seed %u: %u operations on the files", cc.seed, logged->len);
      g_assert_cmpuint (logged->len, >, 3 * CORE_OPS / 2);
      for (guint i = 0; i < logged->len; i++)
        {
          LoggedOp *op = g_ptr_array_index (logged, i);
          g_autoptr(GPtrArray) kinds = kinds_for (op, FALSE, i);

          for (guint k = 0; k < kinds->len; k++)
            {
              g_ptr_array_add (faults, g_strdup_printf ("%ld:%s", op->number,
                                                        (char *) g_ptr_array_index (kinds, k)));
              g_ptr_array_add (planned, op);
            }
        }
      cases = run_child (&cc, faults);
      for (guint i = 0; i < cases->len; i++)
        check_core_case (&cc, i, g_ptr_array_index (cases, i), g_ptr_array_index (planned, i),
                         strchr (g_ptr_array_index (faults, i), ':') + 1, i % 8 == 0);
    }
  g_test_message ("core API: %u faults (journal %u, diff %u, state %u so far)",
                  n_faults - before, n_journal, n_diff, n_state);
  vn_test_remove_tree (cc.dir);
  g_free (cc.dir);
  g_free (cc.text);
}

/* ------------------------------------------------------------------ verno accept */

/* A batch of corrections and kept readings, small enough to fail each of its writes. */
static const char *accept_args[] = { "accept", "-q", "--kind", "merge", "--min-score", "0.005",
                                     NULL };

typedef struct
{
  char *dir;
  char *project;
  char *text;       /* project/transcription.txt */
  char *state;
  char *log;
  char *expected;   /* the verified text after the batch, run without a fault */
} CliCase;

static void
run_accept (CliCase     *cc,
            VnTestRun   *run,
            const char  *kind,
            long         at)
{
  g_autofree char *verno = g_getenv ("VERNO") ? g_strdup (g_getenv ("VERNO"))
                                             : vn_test_build_path ("app/verno");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = fault_env (kind, at, cc->log);

  g_remove (cc->log);
  g_ptr_array_add (argv, verno);
  for (guint i = 0; accept_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) accept_args[i]);
  g_ptr_array_add (argv, (gpointer) "--state-dir");
  g_ptr_array_add (argv, cc->state);
  g_ptr_array_add (argv, cc->project);
  g_ptr_array_add (argv, NULL);
  vn_test_run_argv (run, (const char * const *) argv->pdata, (const char * const *) env, NULL);
}

/* The project after a failed `verno accept`: its answers are those it printed, and once
 * a session writes again, corrections.diff says them. */
static void
assert_accept_left (CliCase    *cc,
                    VnTestRun  *run)
{
  g_autoptr(VnTranscription) t = open_text (cc->text);
  g_autoptr(VnSession) session = reopen (t, cc->state);
  g_autoptr(GError) error = NULL;
  g_autofree char *verified = NULL;

  g_assert_cmpuint (vn_test_count_acknowledged (run->out), ==, count_answers (cc->state));
  g_assert_true (vn_session_claim (session, &error));
  g_assert_true (vn_session_flush (session, &error));
  g_assert_no_error (error);
  verified = vn_session_dup_verified_text (session, NULL);
  assert_diff_current (session, cc->state, cc->text);
  assert_state_current (session, cc->state);
}

static void
run_cli_case (CliCase        *cc,
              const LoggedOp *fault,
              const char     *kind,
              gboolean        finish)
{
  g_autofree char *path = g_build_filename (cc->state, fault->file, NULL);
  g_auto(VnTestRun) run = { 0 };

  vn_test_remove_tree (cc->state);
  run_accept (cc, &run, kind, fault->number);
  assert_one_fault (cc->log, fault->number, fault);
  g_test_message ("%s %s #%ld: status %d, %s", fault->file, fault->op, fault->number,
                  run.status, run.err);
  g_assert_cmpint (run.status, ==, 3);
  vn_test_assert_one_sentence (run.err);
  g_assert_nonnull (strstr (run.err, path));
  g_assert_nonnull (strstr (run.err, kind_error (kind)));
  g_assert_true (g_str_has_prefix (run.out, "Accepting: "));
  assert_accept_left (cc, &run);
  count_fault (fault->file);
  if (finish)
    {
      g_auto(VnTestRun) again = { 0 };
      g_autoptr(VnTranscription) t = open_text (cc->text);
      g_autoptr(VnSession) session = NULL;
      g_autofree char *verified = NULL;

      /* Run again with room: it finishes the batch, with nothing lost or made twice. */
      run_accept (cc, &again, kind, 0);
      g_assert_cmpint (again.status, ==, 0);
      session = reopen (t, cc->state);
      verified = vn_session_dup_verified_text (session, NULL);
      g_assert_cmpstr (verified, ==, cc->expected);
      assert_diff_current (session, cc->state, cc->text);
    }
}

/* Whether the command line fails @op too: every write, the journal's first two flushes, and
 * the first flush and rename of each derived file (the core API's test fails them all; each
 * run of verno takes a while). GLib's fallocate () is a hint, whose failure it ignores. */
static gboolean
cli_fails (const LoggedOp *op,
           GHashTable     *seen)
{
  g_autofree char *key = g_strconcat (op->file, " ", op->op, NULL);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key));

  if (g_str_equal (op->op, "fallocate"))
    return FALSE;
  if (g_str_equal (op->op, "write"))
    return TRUE;
  g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
  return n < (g_str_equal (op->file, "journal.jsonl") ? 2u : 1u);
}

/* Each write of `verno accept` fails once, and one run in four is then finished. */
static void
test_cli_faults (void)
{
  CliCase cc = { 0 };
  g_autoptr(GPtrArray) logged = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(VnTestRun) clean = { 0 };
  guint before = n_faults, chosen = 0;

  cc.project = vn_test_copy_letter ("verno-durable-cli-XXXXXX", FALSE);
  cc.dir = g_path_get_dirname (cc.project);
  cc.text = g_build_filename (cc.project, "transcription.txt", NULL);
  {
    g_autofree char *fast = fast_tmp ("verno-durable-state-XXXXXX");
    cc.state = g_build_filename (fast, "state", NULL);
    cc.log = g_build_filename (fast, "fault.log", NULL);
  }
  run_accept (&cc, &clean, "enospc", 0);
  g_assert_cmpint (clean.status, ==, 0);
  g_assert_nonnull (strstr (clean.out, "\nfixed "));
  g_assert_nonnull (strstr (clean.out, "\nkept "));
  {
    g_autoptr(VnTranscription) t = open_text (cc.text);
    g_autoptr(VnSession) session = reopen (t, cc.state);
    cc.expected = vn_session_dup_verified_text (session, NULL);
  }
  logged = read_log (cc.log);
  for (guint i = 0; i < logged->len; i++)
    {
      LoggedOp *op = g_ptr_array_index (logged, i);
      g_autoptr(GPtrArray) kinds = NULL;

      if (!cli_fails (op, seen))
        continue;
      kinds = kinds_for (op, TRUE, chosen);
      run_cli_case (&cc, op, g_ptr_array_index (kinds, 0), chosen++ % 4 == 0);
    }
  g_test_message ("verno accept: %u faults of %u operations", n_faults - before, logged->len);
  g_assert_cmpuint (n_faults - before, >, 10);
  vn_test_remove_tree (cc.dir);
  {
    g_autofree char *fast = g_path_get_dirname (cc.state);
    vn_test_remove_tree (fast);
  }
  g_free (cc.dir);
  g_free (cc.project);
  g_free (cc.text);
  g_free (cc.state);
  g_free (cc.log);
  g_free (cc.expected);
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 5 && g_str_equal (argv[1], "--fault-child"))
    return child_main (argc, argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/durable/core-faults", test_core_faults);
  g_test_add_func ("/verno/durable/cli-faults", test_cli_faults);
  return g_test_run ();
}
