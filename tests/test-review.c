/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-review.c: `verno review` driven through pipes as a user would: answers survive a kill,
 * undo, quitting, the end of input, wrong answers, and the crops of the scan. */
#include <locale.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vn-session.h"
#include "vn-test-util.h"

#define PROMPT "Accept the verdict [a], OCR reading [o], keep [k], edit [e], verify [v], " \
               "skip [s], undo [u], quit [q], help [?] "
#define TIMEOUT_SECONDS 300
#define TYPED "ПРАВКА"

/* ------------------------------------------------------------------ folders */

/* A state folder and a cache home of the test's own, removed afterwards. */
typedef struct
{
  char *root;
  char *state_dir;
  char *cache_home;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->root = g_dir_make_tmp ("verno-review-XXXXXX", &error);
  g_assert_no_error (error);
  f->state_dir = g_build_filename (f->root, "state", NULL);
  f->cache_home = g_build_filename (f->root, "cache", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vn_test_remove_tree (f->root);
  g_free (f->root);
  g_free (f->state_dir);
  g_free (f->cache_home);
}

/* ------------------------------------------------------------------ driving verno */

typedef struct
{
  GSubprocess          *process;
  GOutputStream        *input;
  GPollableInputStream *output;
  GString              *out;    /* all it printed */
  gsize                 seen;   /* how much of it the test has looked at */
} Driver;

static void
driver_free (Driver *d)
{
  /* A failed test must not leave verno waiting for answers. */
  if (g_subprocess_get_identifier (d->process) != NULL)
    {
      g_subprocess_force_exit (d->process);
      g_subprocess_wait (d->process, NULL, NULL);
    }
  g_clear_object (&d->process);
  g_string_free (d->out, TRUE);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Driver, driver_free)

static char *
verno_path (void)
{
  const char *env = g_getenv ("VERNO");
  return env ? g_strdup (env) : vn_test_build_path ("app/verno");
}

static GSubprocess *
spawn_verno (Fixture             *f,
             GSubprocessFlags     flags,
             const char * const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ocr_cache = vn_test_build_path ("test-ocr-cache");
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, verno_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "VERNO_CACHE_DIR", ocr_cache, TRUE);
  /* The crops go to the test's own cache, not the user's. */
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", f->cache_home, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

/* `verno review --state-dir STATE [EXTRA…] scans/letter-1956` with its stdin and stdout piped. */
static Driver *
driver_start (Fixture    *f,
              const char *extra)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  const char *args[] = { "review", "--state-dir", f->state_dir, extra ? extra : folder,
                         extra ? folder : NULL, NULL };
  Driver *d = g_new0 (Driver, 1);

  d->process = spawn_verno (f, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                            args);
  d->input = g_subprocess_get_stdin_pipe (d->process);
  d->output = G_POLLABLE_INPUT_STREAM (g_subprocess_get_stdout_pipe (d->process));
  d->out = g_string_new (NULL);
  return d;
}

/* Reads what is there; FALSE at the end of output. */
static gboolean
driver_read_some (Driver *d)
{
  char buffer[4096];
  g_autoptr(GError) error = NULL;
  gssize n = g_pollable_input_stream_read_nonblocking (d->output, buffer, sizeof buffer, NULL,
                                                       &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      g_usleep (5000);
      return TRUE;
    }
  g_assert_no_error (error);
  g_string_append_len (d->out, buffer, n);
  return n > 0;
}

/* Waits for @marker in new output and returns everything new up to and including it. */
static char *
driver_wait_for (Driver     *d,
                 const char *marker)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;
  const char *found;
  char *text;

  while ((found = strstr (d->out->str + d->seen, marker)) == NULL)
    {
      if (!driver_read_some (d))
        g_error ("verno ended without printing “%s”; it printed:\n%s", marker, d->out->str);
      if (g_get_monotonic_time () > deadline)
        g_error ("no “%s” after %d s; verno printed:\n%s", marker, TIMEOUT_SECONDS, d->out->str);
    }
  text = g_strndup (d->out->str + d->seen, found + strlen (marker) - (d->out->str + d->seen));
  d->seen = found + strlen (marker) - d->out->str;
  return text;
}

static void
driver_send (Driver     *d,
             const char *line)
{
  g_autofree char *data = g_strconcat (line, "\n", NULL);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (d->input, data, strlen (data), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (d->input, NULL, &error);
  g_assert_no_error (error);
}

/* Reads to the end of output and waits for the exit status. */
static char *
driver_finish (Driver *d,
               int    *status)
{
  g_autoptr(GError) error = NULL;
  char *rest;

  while (driver_read_some (d))
    ;
  g_subprocess_wait (d->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (d->process));
  *status = g_subprocess_get_exit_status (d->process);
  rest = g_strdup (d->out->str + d->seen);
  d->seen = d->out->len;
  return rest;
}

/* ------------------------------------------------------------------ what it shows */

typedef struct
{
  guint  position, total;
  guint  page;
  guint  start, end;
  char  *kind;
  char  *likely;  /* "likely transcription error", "likely OCR error" or "unsure" */
  char  *ocr;
  char  *suggestion;
  char  *crop;
} Screen;

static void
screen_free (Screen *s)
{
  g_free (s->kind);
  g_free (s->likely);
  g_free (s->ocr);
  g_free (s->suggestion);
  g_free (s->crop);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Screen, screen_free)

static char *
match_one (const char *text,
           const char *pattern,
           guint       group)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_nonnull (regex);
  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, group);
}

static guint
match_number (const char *text,
              const char *pattern,
              guint       group)
{
  g_autofree char *number = match_one (text, pattern, group);

  g_assert_nonnull (number);
  return (guint) g_ascii_strtoull (number, NULL, 10);
}

#define HEADER "^\\[(\\d+)/(\\d+)\\] page (\\d+), line \\d+, bytes (\\d+)–(\\d+): ([a-z-]+), " \
               "(likely transcription error|likely OCR error|unsure), "

/* The next discrepancy shown, read up to the prompt after it. */
static Screen *
driver_screen (Driver *d)
{
  g_autofree char *text = driver_wait_for (d, PROMPT);
  Screen *s = g_new0 (Screen, 1);

  g_test_message ("%s", text);
  s->position = match_number (text, HEADER, 1);
  s->total = match_number (text, HEADER, 2);
  s->page = match_number (text, HEADER, 3);
  s->start = match_number (text, HEADER, 4);
  s->end = match_number (text, HEADER, 5);
  s->kind = match_one (text, HEADER, 6);
  s->likely = match_one (text, HEADER, 7);
  s->ocr = match_one (text, "^  OCR reading:   “(.*)”", 1);
  s->suggestion = match_one (text, "^  Suggestion:    “(.*)”", 1);
  s->crop = match_one (text, "^  Scan:          (/.*\\.png)$", 1);
  g_assert_nonnull (s->ocr);
  g_assert_nonnull (s->suggestion);
  g_assert_nonnull (strstr (text, "  Transcription: "));
  return s;
}

/* ------------------------------------------------------------------ checking the session */

static VnTranscription *
open_letter_transcription (void)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  VnTranscription *t = vn_transcription_new_from_file (file, &error);

  g_assert_no_error (error);
  return t;
}

static VnSession *
reopen_session (Fixture *f)
{
  g_autoptr(VnTranscription) t = open_letter_transcription ();
  g_autoptr(GError) error = NULL;
  VnSession *session = vn_session_open (t, f->state_dir, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (vn_session_get_warnings (session)->len, ==, 0);
  return session;
}

static char *
read_canonical (void)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/transcription.txt");
  return vn_test_read_file (path);
}

/* Whether the journal holds a skip of exactly these bytes. */
static gboolean
journal_has_skip (Fixture *f,
                  guint    start,
                  guint    end)
{
  g_autofree char *path = g_build_filename (f->state_dir, "journal.jsonl", NULL);
  g_autofree char *data = vn_test_read_file (path);
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *record;

      if (*lines[i] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL))
        continue;
      record = json_node_get_object (json_parser_get_root (parser));
      if (g_str_equal (json_object_get_string_member_with_default (record, "op", ""), "skip") &&
          json_object_get_int_member_with_default (record, "start", -1) == start &&
          json_object_get_int_member_with_default (record, "end", -1) == end)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  char   key;
  guint  start, end;
  char  *text;       /* the reading a correction should hold */
} Expected;

static void
expected_clear (gpointer data)
{
  g_free (((Expected *) data)->text);
}

static VnCorrectionSource
source_of (char key)
{
  return key == 'a' ? VN_SOURCE_SUGGESTION : key == 'o' ? VN_SOURCE_OCR : VN_SOURCE_TYPED;
}

/* A correction holds the reading, trimmed of the spaces an insertion gets, over the bytes. */
static void
assert_correction (VnSession      *session,
                   const Expected *e)
{
  VnCorrection *c = vn_session_find_correction (session, e->start, e->end);
  g_autofree char *after = NULL;

  g_assert_nonnull (c);
  after = g_strstrip (g_strdup (vn_correction_get_after (c)));
  g_assert_cmpstr (after, ==, e->text);
  g_assert_cmpint (vn_correction_get_source (c), ==, source_of (e->key));
  g_assert_cmpuint (vn_correction_get_start (c), <=, e->start);
  g_assert_cmpuint (vn_correction_get_end (c), >=, e->end);
}

static void
assert_answer_saved (Fixture        *f,
                     VnSession      *session,
                     const Expected *e)
{
  g_test_message ("answer %c on bytes %u–%u", e->key, e->start, e->end);
  switch (e->key)
    {
    case 'a':
    case 'o':
    case 'e':
      assert_correction (session, e);
      break;
    case 'k':
      g_assert_true (vn_session_is_kept (session, e->start, e->end));
      break;
    case 'v':
      g_assert_true (vn_session_is_verified (session, e->start, e->end));
      break;
    case 's':
      g_assert_true (journal_has_skip (f, e->start, e->end));
      g_assert_null (vn_session_find_correction (session, e->start, e->end));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ tests */

static Expected answer (Driver *d, Screen *s, char key);

/* "a" does what the verdict says: a likely transcription error is corrected to the
 * suggestion, a likely OCR error kept; an unsure one is refused, and then kept with "k". */
static Expected
answer_accept (Driver *d,
               Screen *s)
{
  Expected e = { 'a', s->start, s->end, g_strdup (s->suggestion) };
  g_autofree char *refusal = NULL;

  driver_send (d, "a");
  if (g_str_equal (s->likely, "likely transcription error"))
    return e;
  e.key = 'k';
  if (g_str_equal (s->likely, "likely OCR error"))
    return e;
  g_assert_cmpstr (s->likely, ==, "unsure");
  refusal = driver_wait_for (d, PROMPT);
  g_assert_nonnull (strstr (refusal, "is unsure, so accepting does nothing"));
  g_assert_null (strstr (refusal, "] page "));  /* asked again, not shown again */
  g_free (e.text);
  return answer (d, s, 'k');
}

/* Answers @key to the screen @s like a user, and says what the session should then hold. */
static Expected
answer (Driver *d,
        Screen *s,
        char    key)
{
  Expected e = { key, s->start, s->end, NULL };
  char line[2] = { key, '\0' };

  /* An insertion has no transcribed text to verify. */
  if (key == 'v' && s->start == s->end)
    return answer (d, s, 'k');
  if (key == 'a')
    return answer_accept (d, s);
  driver_send (d, line);
  if (key == 'e')
    {
      g_free (driver_wait_for (d, "Replacement: "));
      driver_send (d, TYPED);
    }
  e.key = key;
  e.text = g_strdup (key == 'a' ? s->suggestion : key == 'o' ? s->ocr : TYPED);
  return e;
}

static void
assert_review_resumes_at (Fixture        *f,
                          const Expected *skipped,
                          guint           most)
{
  g_autoptr(Driver) d = driver_start (f, NULL);
  g_autoptr(Screen) first = driver_screen (d);
  g_autofree char *rest = NULL;
  int status;

  g_assert_cmpuint (skipped->key, ==, 's');
  g_assert_cmpuint (first->position, ==, 1);
  g_assert_cmpuint (first->start, ==, skipped->start);
  g_assert_cmpuint (first->end, ==, skipped->end);
  g_assert_cmpuint (first->total, <=, most);
  driver_send (d, "q");
  rest = driver_finish (d, &status);
  g_assert_cmpint (status, ==, 0);
}

/* The key test: six answers, then SIGKILL at the next question. Each answer was journaled
 * before that question appeared, so all six are there when the session is reopened. */
static void
test_answers_survive_kill (Fixture       *f,
                           gconstpointer  data)
{
  static const char keys[] = { 'a', 'k', 'v', 'o', 'e', 's' };
  g_autofree char *canonical_before = read_canonical ();
  g_autofree char *canonical_after = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (Expected));
  g_autoptr(Driver) d = driver_start (f, NULL);
  g_autoptr(VnSession) session = NULL;
  g_autoptr(Screen) next = NULL;
  guint corrections = 0;

  g_array_set_clear_func (expected, expected_clear);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(Screen) s = driver_screen (d);
      Expected e;

      g_assert_cmpuint (s->position, ==, i + 1);
      e = answer (d, s, keys[i]);
      corrections += e.key == 'a' || e.key == 'o' || e.key == 'e';
      g_array_append_val (expected, e);
    }
  next = driver_screen (d);
  g_subprocess_force_exit (d->process);
  g_subprocess_wait (d->process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (d->process));
  g_assert_cmpint (g_subprocess_get_term_sig (d->process), ==, SIGKILL);

  session = reopen_session (f);
  for (guint i = 0; i < expected->len; i++)
    assert_answer_saved (f, session, &g_array_index (expected, Expected, i));
  g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (session)), ==,
                    corrections);
  g_assert_null (vn_session_find_correction (session, next->start, next->end));
  canonical_after = read_canonical ();
  g_assert_cmpstr (canonical_after, ==, canonical_before);
  g_test_message ("%u answers survived the kill", expected->len);

  /* Reviewing again starts at the skipped one: the only one of the six still open. */
  assert_review_resumes_at (f, &g_array_index (expected, Expected, expected->len - 1),
                            next->total - (expected->len - 1));
}

/* "u" takes the last answer back and shows its discrepancy again. */
static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *canonical_before = read_canonical ();
  g_autofree char *canonical_after = NULL;
  g_autoptr(Driver) d = driver_start (f, NULL);
  g_autoptr(Screen) first = driver_screen (d), second = NULL, again = NULL, second_again = NULL;
  g_autoptr(VnSession) session = NULL;
  g_autofree char *nothing = NULL, *undone = NULL, *rest = NULL;
  int status;

  driver_send (d, "u");
  nothing = driver_wait_for (d, PROMPT);
  g_assert_nonnull (strstr (nothing, "Nothing to undo in this review.\n"));
  driver_send (d, "a");
  second = driver_screen (d);
  g_assert_cmpuint (second->position, ==, 2);
  driver_send (d, "u");
  undone = driver_wait_for (d, "Undone.\n");
  again = driver_screen (d);
  g_assert_cmpuint (again->position, ==, 1);
  g_assert_cmpuint (again->start, ==, first->start);
  g_assert_cmpuint (again->end, ==, first->end);
  driver_send (d, "k");
  second_again = driver_screen (d);
  g_assert_cmpuint (second_again->start, ==, second->start);
  driver_send (d, "q");
  rest = driver_finish (d, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (rest, "This review: 0 corrections, 1 kept, 0 verified, 0 skipped."));

  session = reopen_session (f);
  g_assert_cmpuint (g_list_model_get_n_items (vn_session_get_corrections (session)), ==, 0);
  g_assert_true (vn_session_is_kept (session, first->start, first->end));
  canonical_after = read_canonical ();
  g_assert_cmpstr (canonical_after, ==, canonical_before);
}

/* "q" at once: a summary, status 0, and nothing written, since nothing was answered. */
static void
test_quit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Driver) d = driver_start (f, NULL);
  g_autoptr(Screen) first = driver_screen (d);
  g_autofree char *rest = NULL, *summary = NULL;
  g_autofree char *journal = g_build_filename (f->state_dir, "journal.jsonl", NULL);
  int status;

  g_assert_cmpuint (first->position, ==, 1);
  g_assert_cmpuint (first->total, >, 10);
  driver_send (d, "q");
  rest = driver_finish (d, &status);
  g_assert_cmpint (status, ==, 0);
  summary = g_strdup_printf ("This review: 0 corrections, 0 kept, 0 verified, 0 skipped. "
                             "%u of %u discrepancies remain open.\n", first->total, first->total);
  g_assert_nonnull (strstr (rest, summary));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

/* The end of input is a quit: whatever drives the pipe may simply close it. */
static void
test_end_of_input (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Driver) d = driver_start (f, NULL);
  g_autoptr(Screen) first = driver_screen (d);
  g_autofree char *rest = NULL;
  int status;

  driver_send (d, "k");
  g_clear_pointer (&first, screen_free);
  first = driver_screen (d);
  g_output_stream_close (d->input, NULL, NULL);
  rest = driver_finish (d, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (rest, "This review: 0 corrections, 1 kept, 0 verified, 0 skipped."));
}

/* A wrong answer is said to be one and the question asked again; "?" explains the answers. */
static void
test_not_an_answer (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Driver) d = driver_start (f, NULL);
  g_autoptr(Screen) first = driver_screen (d);
  g_autofree char *reply = NULL, *help = NULL, *empty = NULL, *rest = NULL;
  int status;

  driver_send (d, "yes");
  reply = driver_wait_for (d, PROMPT);
  g_assert_nonnull (strstr (reply, "“yes” is not an answer"));
  g_assert_null (strstr (reply, "[1/"));  /* asked again, not shown again */
  driver_send (d, "?");
  help = driver_wait_for (d, PROMPT);
  g_assert_nonnull (strstr (help, "accept the verdict"));
  driver_send (d, "e");
  g_free (driver_wait_for (d, "Replacement: "));
  driver_send (d, "");
  empty = driver_wait_for (d, PROMPT);
  g_assert_nonnull (strstr (empty, "Nothing typed"));
  driver_send (d, "Q");
  rest = driver_finish (d, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (rest, "This review: 0 corrections"));
}

static guint32
read_be32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Width and height from a PNG's IHDR, after checking the signature. */
static void
png_size (const char *path,
          guint      *width,
          guint      *height)
{
  static const guchar signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree guchar *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, (char **) &data, &len, NULL));
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (data, sizeof signature, signature, sizeof signature);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  *width = read_be32 (data + 16);
  *height = read_be32 (data + 20);
}

/* Each discrepancy's region is a PNG crop in the cache, a word plus a margin; with
 * --preview ascii it is also drawn in at most 72 columns. */
static void
test_crop_and_preview (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *name = NULL, *page = NULL;
  g_autofree char *crops = g_build_filename (f->cache_home, "verno", "crops", NULL);
  g_autoptr(Driver) d = driver_start (f, "--preview=ascii");
  g_autoptr(Screen) s = driver_screen (d);
  g_autofree char *text = g_strdup (d->out->str), *rest = NULL;
  g_auto(GStrv) lines = NULL;
  guint w, h, page_w, page_h, art = 0, inked = 0;
  int status;

  g_assert_nonnull (s->crop);
  g_assert_true (g_str_has_prefix (s->crop, crops));
  png_size (s->crop, &w, &h);
  name = g_strdup_printf ("scans/letter-1956/page-%u.png", s->page);
  page = vn_test_source_path (name);
  png_size (page, &page_w, &page_h);
  g_test_message ("crop %s: %u × %u of a %u × %u page", s->crop, w, h, page_w, page_h);
  g_assert_cmpuint (w, >=, 20);
  g_assert_cmpuint (h, >=, 20);
  g_assert_cmpuint (w, <, page_w / 2);
  g_assert_cmpuint (h, <, page_h / 4);

  lines = g_strsplit (strstr (text, "  Scan:"), "\n", -1);
  for (guint i = 1; lines[i] != NULL && g_str_has_prefix (lines[i], "  "); i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 2 + 72);
      g_assert_cmpuint (strspn (lines[i] + 2, " .:-=+*#%@"), ==, strlen (lines[i] + 2));
      art++;
      inked += strspn (lines[i] + 2, " ") < strlen (lines[i] + 2);
    }
  g_assert_cmpuint (art, >=, 2);
  g_assert_cmpuint (inked, >=, 1);

  driver_send (d, "q");
  rest = driver_finish (d, &status);
  g_assert_cmpint (status, ==, 0);
}

/* When answers cannot be saved the review says so before its first question, with status
 * 3, rather than let the editor answer for nothing. */
static void
test_unwritable_state (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Driver) d = NULL;
  g_autofree char *rest = NULL;
  int status;

  /* Not even root can make a folder in /proc. */
  g_free (f->state_dir);
  f->state_dir = g_strdup ("/proc/verno-review-state");
  d = driver_start (f, NULL);
  rest = driver_finish (d, &status);
  g_assert_cmpint (status, ==, 3);
  g_assert_null (strstr (rest, "[1/"));
  g_assert_null (strstr (rest, "This review"));
}

/* A second review of a project under review is refused at once, naming the first one: the
 * first holds the project from its start, not from its first answer. */
static void
test_second_review (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");
  g_autoptr(Driver) first = driver_start (f, NULL);
  g_autoptr(Screen) s = driver_screen (first);
  g_autoptr(GSubprocess) second = NULL;
  g_autofree char *out = NULL, *err = NULL, *rest = NULL, *pid = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  second = spawn_verno (f, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE,
                        (const char *[]) { "review", "--state-dir", f->state_dir, folder,
                                           NULL });
  g_subprocess_communicate_utf8 (second, "k\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("second review: %s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 3);
  pid = g_strdup_printf ("process %s", g_subprocess_get_identifier (first->process));
  g_assert_nonnull (strstr (err, "in use by another Verno"));
  g_assert_nonnull (strstr (err, pid));
  g_assert_null (strstr (out, "[1/"));
  driver_send (first, "q");
  rest = driver_finish (first, &status);
  g_assert_cmpint (status, ==, 0);
}

/* "a" on one discrepancy of each verdict does that verdict's answer, and nothing on an
 * unsure one until "o" or "k"; the others are skipped on the way. */
static void
test_accept_follows_verdict (Fixture       *f,
                             gconstpointer  data)
{
  static const char *verdicts[] = { "likely transcription error", "likely OCR error",
                                    "unsure" };
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (Expected));
  g_autoptr(Driver) d = driver_start (f, NULL);
  g_autoptr(VnSession) session = NULL;
  g_autofree char *rest = NULL;
  gboolean seen[G_N_ELEMENTS (verdicts)] = { FALSE };
  guint n_seen = 0;
  int status;

  g_array_set_clear_func (expected, expected_clear);
  while (n_seen < G_N_ELEMENTS (verdicts))
    {
      g_autoptr(Screen) s = driver_screen (d);
      guint v;

      for (v = 0; !g_str_equal (s->likely, verdicts[v]); v++)
        ;
      if (seen[v] || s->start == s->end)
        {
          driver_send (d, "s");
          continue;
        }
      seen[v] = TRUE, n_seen++;
      {
        Expected e = answer (d, s, 'a');
        g_array_append_val (expected, e);
      }
    }
  driver_send (d, "q");
  rest = driver_finish (d, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (rest, "This review: 1 correction, 2 kept"));
  session = reopen_session (f);
  for (guint i = 0; i < expected->len; i++)
    {
      const Expected *e = &g_array_index (expected, Expected, i);

      assert_answer_saved (f, session, e);
      if (e->key == 'k')
        g_assert_null (vn_session_find_correction (session, e->start, e->end));
    }
}

typedef struct
{
  const char *name;
  const char *args[6];
  int         status;
  const char *message;
} UsageCase;

static const UsageCase usage_cases[] = {
  { "no-folder", { "review", NULL }, 2, "give a project folder" },
  { "bad-preview", { "review", "--preview", "colour", "FOLDER", NULL }, 2, "--preview" },
  { "missing-folder", { "review", "/nonexistent/letter", NULL }, 3, "nonexistent" },
};

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *folder = vn_test_source_path ("scans/letter-1956");

  for (guint i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      const UsageCase *tc = &usage_cases[i];
      const char *args[6] = { NULL };
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case %s", tc->name);
      for (guint k = 0; tc->args[k] != NULL; k++)
        args[k] = g_str_equal (tc->args[k], "FOLDER") ? folder : tc->args[k];
      process = spawn_verno (f, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                G_SUBPROCESS_FLAGS_STDERR_PIPE, args);
      g_subprocess_communicate_utf8 (process, "", NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, tc->status);
      g_assert_nonnull (strstr (err, tc->message));
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");  /* readable Cyrillic in the messages when run by hand */
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/verno/review/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("usage", test_usage);
  ADD ("quit", test_quit);
  ADD ("end-of-input", test_end_of_input);
  ADD ("not-an-answer", test_not_an_answer);
  ADD ("crop-and-preview", test_crop_and_preview);
  ADD ("undo", test_undo);
  ADD ("unwritable-state", test_unwritable_state);
  ADD ("second-review", test_second_review);
  ADD ("accept-follows-verdict", test_accept_follows_verdict);
  ADD ("answers-survive-kill", test_answers_survive_kill);
#undef ADD
  return g_test_run ();
}
