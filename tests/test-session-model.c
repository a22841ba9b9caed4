/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session-model.c: a model-based test of the session. Random sequences of what an
 * editor does (typing, deleting, pasting across words and lines, accepting, keeping, undo,
 * redo, reopening, the canonical text changing under the corrections, the process killed)
 * run against VnSession and against a plain string model; after every step the verified text
 * equals the model, and often the journal reopened and corrections.diff applied with patch
 * to the canonical text equal it too.
 *
 * The model is a string with, for each byte, the canonical offset it came from (-1 for typed
 * bytes). It knows nothing of corrections: it only decides where a canonical word still
 * stands untouched, which is where it lets a canonical-range answer (accept, keep) land.
 *
 * VERNO_MODEL_SEED picks the first seed, VERNO_MODEL_SEQUENCES how many sequences run, and
 * VERNO_MODEL_SECONDS, instead, for how long (the benchmark runs it for minutes). A failure
 * prints the seed and the steps that led to it. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vn-session.h"
#include "vn-test-util.h"

/* ------------------------------------------------------------------ the model */

typedef struct
{
  GString *text;
  GArray  *origin;   /* int per byte: canonical offset, or -1 */
} Model;

typedef struct
{
  Model      now;
  GPtrArray *undo;   /* Model * (copies), newest last */
  GPtrArray *redo;
  gboolean   history_known;  /* FALSE after the canonical text changed under the session */
} History;

static void
model_clear (Model *m)
{
  if (m->text)
    g_string_free (m->text, TRUE);
  if (m->origin)
    g_array_unref (m->origin);
  m->text = NULL;
  m->origin = NULL;
}

static Model *
model_copy (const Model *m)
{
  Model *copy = g_new0 (Model, 1);

  copy->text = g_string_new_len (m->text->str, m->text->len);
  copy->origin = g_array_copy (m->origin);
  return copy;
}

static void
model_free (gpointer data)
{
  model_clear (data);
  g_free (data);
}

static void
model_init (Model      *m,
            const char *canonical,
            gsize       len)
{
  m->text = g_string_new_len (canonical, len);
  m->origin = g_array_sized_new (FALSE, FALSE, sizeof (int), len);
  for (gsize i = 0; i < len; i++)
    {
      int o = i;
      g_array_append_val (m->origin, o);
    }
}

/* Replaces bytes [start, end) with @text, typed (no canonical origin). */
static void
model_replace (Model      *m,
               gsize       start,
               gsize       end,
               const char *text)
{
  gsize n = strlen (text);
  int typed = -1;

  g_string_erase (m->text, start, end - start);
  g_string_insert (m->text, start, text);
  g_array_remove_range (m->origin, start, end - start);
  for (gsize i = 0; i < n; i++)
    g_array_insert_val (m->origin, start + i, typed);
}

static int
origin_at (const Model *m,
           gssize       i)
{
  return g_array_index (m->origin, int, i);
}

static gboolean
is_space (char c)
{
  return g_ascii_isspace (c);
}

/* Where canonical [start, end) stands untouched in the model, with untouched white space (or
 * the text's ends) on both sides: no correction can meet it there. -1 when it does not. */
static gssize
model_find_untouched (const Model *m,
                      const char  *canonical,
                      gsize        canonical_len,
                      gsize        start,
                      gsize        end)
{
  gsize n = end - start;

  for (gsize i = 0; i + n <= m->text->len; i++)
    {
      gboolean ok = TRUE;

      if (origin_at (m, i) != (int) start)
        continue;
      for (gsize k = 0; ok && k < n; k++)
        ok = origin_at (m, i + k) == (int) (start + k);
      if (ok && start > 0)
        ok = i > 0 && origin_at (m, i - 1) == (int) start - 1 && is_space (canonical[start - 1]);
      else if (ok)
        ok = i == 0;
      if (ok && end < canonical_len)
        ok = i + n < m->text->len && origin_at (m, i + n) == (int) end && is_space (canonical[end]);
      else if (ok)
        ok = i + n == m->text->len;
      if (ok)
        return i;
    }
  return -1;
}

static void
history_push (History *h)
{
  g_ptr_array_add (h->undo, model_copy (&h->now));
  g_ptr_array_set_size (h->redo, 0);
}

static void
history_swap (History   *h,
              GPtrArray *from,
              GPtrArray *to)
{
  Model *m = g_ptr_array_steal_index (from, from->len - 1);

  g_ptr_array_add (to, model_copy (&h->now));
  model_clear (&h->now);
  h->now = *m;
  g_free (m);
}

/* ------------------------------------------------------------------ a run */

typedef struct
{
  GRand           *rand;
  guint32          seed;
  char            *dir;
  char            *text_path;
  char            *state_dir;
  char            *canonical;       /* the text of text_path */
  gsize            canonical_len;
  VnTranscription *transcription;
  VnSession       *session;
  History          history;
  GArray          *marks;           /* canonical [start, end) pairs kept or verified */
  GString         *log;             /* the steps, for a failure's message */
  guint            steps;
  guint            patch_checks;
  guint            reopens;
  guint            reanchors;
} Run;

static void
run_log (Run        *r,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
run_log (Run        *r,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_printf (r->log, "  %u: ", r->steps);
  g_string_append_vprintf (r->log, format, args);
  g_string_append_c (r->log, '\n');
  va_end (args);
}

static void
fail (Run        *r,
      const char *what)
{
  g_autoptr(GString) corrections = g_string_new (NULL);
  GListModel *list = r->session ? vn_session_get_corrections (r->session) : NULL;

  for (guint i = 0; list != NULL && i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (list, i);
      g_autofree char *before = g_strescape (vn_correction_get_before (c), NULL);
      g_autofree char *after = g_strescape (vn_correction_get_after (c), NULL);

      g_string_append_printf (corrections, "  %s [%u, %u) \"%s\" → \"%s\"\n",
                              vn_correction_get_id (c), vn_correction_get_start (c),
                              vn_correction_get_end (c), before, after);
    }
  g_test_message ("seed %u failed at step %u: %s\nsteps:\n%s\ncorrections:\n%s", r->seed,
                  r->steps, what, r->log->str, corrections->str);
  g_test_fail ();
}

static void
load_transcription (Run *r)
{
  g_autoptr(GFile) file = g_file_new_for_path (r->text_path);
  g_autoptr(GError) error = NULL;
  gsize len;

  g_clear_object (&r->transcription);
  r->transcription = vn_transcription_new_from_file (file, &error);
  g_assert_no_error (error);
  g_free (r->canonical);
  r->canonical = g_strdup (vn_transcription_get_text (r->transcription, &len));
  r->canonical_len = len;
}

static void
open_session (Run *r)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&r->session);
  r->session = vn_session_open (r->transcription, r->state_dir, &error);
  g_assert_no_error (error);
}

static gboolean
check_text (Run        *r,
            const char *when)
{
  gsize len;
  g_autofree char *verified = vn_session_dup_verified_text (r->session, &len);

  if (len == r->history.now.text->len && memcmp (verified, r->history.now.text->str, len) == 0)
    return TRUE;
  {
    g_autofree char *what = g_strdup_printf ("%s: the verified text differs from the model\n"
                                             "--- model\n%s\n--- verified\n%s", when,
                                             r->history.now.text->str, verified);
    fail (r, what);
  }
  return FALSE;
}

static gboolean
check_undo_depth (Run        *r,
                  const char *when)
{
  g_autofree char *what = NULL;

  if (!r->history.history_known ||
      vn_session_get_n_undo (r->session) == r->history.undo->len)
    return TRUE;
  what = g_strdup_printf ("%s: %u steps to undo, the model has %u", when,
                          vn_session_get_n_undo (r->session), r->history.undo->len);
  fail (r, what);
  return FALSE;
}

/* corrections.diff applied with patch to the canonical file gives the verified text. */
static gboolean
check_patch (Run *r)
{
  g_autofree char *work = g_build_filename (r->dir, "patched", NULL);
  g_autofree char *copy = g_build_filename (work, "transcription.txt", NULL);
  g_autofree char *diff = g_build_filename (r->state_dir, "corrections.diff", NULL);
  g_autofree char *patched = NULL;
  g_autofree char *original = NULL;
  g_auto(VnTestRun) run = { 0 };
  gsize len;
  const char *argv[] = { "patch", "-p1", "--quiet", "--force", "-i", diff, NULL };

  r->patch_checks++;
  g_assert_true (g_file_get_contents (r->text_path, &original, &len, NULL));
  g_mkdir_with_parents (work, 0755);
  g_assert_true (g_file_set_contents (copy, original, len, NULL));
  if (g_file_test (diff, G_FILE_TEST_EXISTS))
    vn_test_run_argv (&run, argv, NULL, work);
  g_assert_true (g_file_get_contents (copy, &patched, &len, NULL));
  if (run.status == 0 && len == r->history.now.text->len &&
      memcmp (patched, r->history.now.text->str, len) == 0)
    return TRUE;
  {
    g_autofree char *what = g_strdup_printf ("patch (exit %d: %s) gives\n%s", run.status,
                                             run.err ? run.err : "", patched);
    fail (r, what);
  }
  return FALSE;
}

/* ------------------------------------------------------------------ random material */

static const char *typed_chars[] = {
  "а", "б", "в", "е", "ж", "к", "л", "н", "о", "с", "т", "ъ", "ѣ", "і", "ѳ", "ѵ",
  "a", "e", "r", "t", "x", "É", "ß", "0", "7", ".", ",", "-", "–", "«", "»", "\"", "'", "&",
  "<", " ", " ", " ", "\n", "\t", "é", "\xcc\x81" /* a combining acute */,
};

static const char *paste_words[] = {
  "всесторонне", "ПОЛОЖЕНИЕ", "Верно", "культ", "личности", "товарищеской", "welfare",
  "contribu-", "tion", "avant.-", "Une", "сочиненіи", "какъ", "<b>&amp;</b>", "",
};

static char *
random_paste (GRand *rand)
{
  GString *s = g_string_new (NULL);
  int words = g_rand_int_range (rand, 1, 5);

  for (int i = 0; i < words; i++)
    {
      if (i > 0)
        g_string_append (s, g_rand_boolean (rand) ? " " : "\n");
      g_string_append (s, paste_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (paste_words))]);
    }
  if (s->len == 0)
    g_string_append (s, "x");  /* a paste of nothing changes nothing */
  return g_string_free (s, FALSE);
}

/* A random character boundary of @text, in bytes. */
static gsize
random_boundary (GRand      *rand,
                 const char *text,
                 gsize       len)
{
  gsize at = g_rand_int_range (rand, 0, len + 1);

  while (at > 0 && at < len && (text[at] & 0xC0) == 0x80)
    at--;
  return at;
}

static gsize
next_char (const char *text,
           gsize       len,
           gsize       at)
{
  if (at >= len)
    return len;
  return g_utf8_next_char (text + at) - text;
}

static gsize
previous_char (const char *text,
               gsize       at)
{
  if (at == 0)
    return 0;
  return g_utf8_prev_char (text + at) - text;
}

/* A canonical word (a run of non-space bytes) at random, as [*start, *end). */
static gboolean
random_word (Run   *r,
             gsize *start,
             gsize *end)
{
  for (int attempt = 0; attempt < 20; attempt++)
    {
      gsize at = random_boundary (r->rand, r->canonical, r->canonical_len);
      gsize s = at, e = at;

      if (at >= r->canonical_len || is_space (r->canonical[at]))
        continue;
      while (s > 0 && !is_space (r->canonical[s - 1]))
        s--;
      while (e < r->canonical_len && !is_space (r->canonical[e]))
        e++;
      *start = s;
      *end = e;
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ steps */

/* One edit of the verified text, as the window passes it on. */
static gboolean
edit (Run        *r,
      gsize       start,
      gsize       end,
      const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = NULL;
  g_autofree char *shown = g_strescape (text, NULL);

  run_log (r, "edit [%zu, %zu) → \"%s\"", start, end, shown);
  c = vn_session_edit_verified (r->session, start, end, text, 0, NULL, &error);
  if (c == NULL)
    {
      fail (r, error->message);
      return FALSE;
    }
  model_replace (&r->history.now, start, end, text);
  return check_text (r, "after an edit");
}

/* The editor puts the cursor somewhere (or selects a stretch, maybe across lines and
 * corrections) and types a few keys there: one group, one step of undo. */
static gboolean
step_typing (Run *r)
{
  Model *m = &r->history.now;
  gsize cursor = random_boundary (r->rand, m->text->str, m->text->len);
  guint before_depth = vn_session_get_n_undo (r->session);
  g_autofree char *before = g_strndup (m->text->str, m->text->len);
  Model *saved = model_copy (m);
  int keys = g_rand_int_range (r->rand, 1, 9);
  gboolean ok = TRUE;

  vn_session_end_edit (r->session);
  if (g_rand_int_range (r->rand, 0, 3) == 0)
    {
      gsize end = cursor;
      int chars = g_rand_int_range (r->rand, 1, 30);

      for (int i = 0; i < chars; i++)
        end = next_char (m->text->str, m->text->len, end);
      ok = edit (r, cursor, end, "");  /* typing over a selection deletes it first */
    }
  for (int k = 0; ok && k < keys; k++)
    {
      int what = g_rand_int_range (r->rand, 0, 10);

      if (what < 6)
        {
          const char *c = typed_chars[g_rand_int_range (r->rand, 0, G_N_ELEMENTS (typed_chars))];
          ok = edit (r, cursor, cursor, c);
          cursor += strlen (c);
        }
      else if (what < 8 && cursor > 0)
        {
          gsize from = previous_char (m->text->str, cursor);
          ok = edit (r, from, cursor, "");  /* Backspace */
          cursor = from;
        }
      else if (what < 9 && cursor < m->text->len)
        ok = edit (r, cursor, next_char (m->text->str, m->text->len, cursor), "");  /* Delete */
      else
        {
          g_autofree char *paste = random_paste (r->rand);
          ok = edit (r, cursor, cursor, paste);
          cursor += strlen (paste);
        }
    }
  /* One group is one step of undo, if it changed anything. */
  if (ok)
    {
      guint depth = vn_session_get_n_undo (r->session);
      gboolean changed_text = !g_str_equal (before, m->text->str);

      /* Any keystroke changed the text, and like any change it ends what could be redone. */
      g_ptr_array_set_size (r->history.redo, 0);
      if (depth == before_depth + 1)
        {
          g_ptr_array_add (r->history.undo, saved);
          g_ptr_array_set_size (r->history.redo, 0);
          saved = NULL;
        }
      else if (depth != before_depth || changed_text)
        {
          g_autofree char *what = g_strdup_printf ("typing took the undo history from %u to "
                                                   "%u steps", before_depth, depth);
          fail (r, what);
          ok = FALSE;
        }
    }
  if (saved != NULL)
    model_free (saved);
  return ok && check_undo_depth (r, "after typing");
}

static const char *answers[] = { "ПОЛОЖЕНИЕ", "Верно", "", "культ личности", "г.", "x-\ny",
                                 "въ", "&<>" };

/* An answer on a canonical word (accept a suggestion, take the OCR, remove), where the word
 * stands untouched; or an insertion between two untouched spaces. */
static gboolean
step_answer (Run *r)
{
  gsize start, end;
  gssize at;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) c = NULL;
  const char *after = answers[g_rand_int_range (r->rand, 0, G_N_ELEMENTS (answers))];
  g_autofree char *shown = g_strescape (after, NULL);

  if (!random_word (r, &start, &end))
    return TRUE;
  if (g_rand_int_range (r->rand, 0, 4) == 0 && end < r->canonical_len)
    start = end + 1, end = end + 1;  /* an insertion, after the space that follows */
  at = model_find_untouched (&r->history.now, r->canonical, r->canonical_len,
                             start, end);
  if (start == end)
    at = start > 0 && start < r->canonical_len && is_space (r->canonical[start - 1]) &&
         is_space (r->canonical[start])
         ? model_find_untouched (&r->history.now, r->canonical, r->canonical_len, start - 1,
                                 start - 1) : -1;
  if (at < 0)
    return TRUE;
  run_log (r, "correct canonical [%zu, %zu) → \"%s\"", start, end, shown);
  c = vn_session_correct (r->session, start, end, after, VN_SOURCE_SUGGESTION, 0, NULL, NULL,
                          &error);
  if (c == NULL)
    {
      fail (r, error->message);
      return FALSE;
    }
  if (start == end)
    {
      /* Found as the empty range before the space; the insertion comes after that space. */
      gssize space = model_find_untouched (&r->history.now, r->canonical, r->canonical_len,
                                           start - 1, start);
      g_assert_cmpint (space, >=, 0);
      history_push (&r->history);
      model_replace (&r->history.now, space + 1, space + 1, after);
    }
  else if (strlen (after) == end - start && memcmp (after, r->canonical + start, end - start) == 0)
    ;  /* the word as it stands: nothing to record, nothing to undo */
  else
    {
      history_push (&r->history);
      model_replace (&r->history.now, at, at + (end - start), after);
    }
  return check_text (r, "after an answer") && check_undo_depth (r, "after an answer");
}

/* Keep, verify or a page status: no text changes, one step of undo. */
static gboolean
step_mark (Run *r)
{
  gsize start, end;
  g_autoptr(GError) error = NULL;
  int what = g_rand_int_range (r->rand, 0, 3);
  gboolean ok;

  if (!random_word (r, &start, &end))
    return TRUE;
  run_log (r, "mark %d on canonical [%zu, %zu)", what, start, end);
  if (what < 2)
    {
      guint range[2] = { start, end };
      g_array_append_vals (r->marks, range, 2);
    }
  if (what == 0)
    ok = vn_session_keep (r->session, start, end, &error);
  else if (what == 1)
    ok = vn_session_set_verified (r->session, start, end, TRUE, &error);
  else
    ok = vn_session_set_page_status (r->session, g_rand_int_range (r->rand, 0, 3),
                                     g_rand_int_range (r->rand, 0, 4), &error);
  if (!ok)
    {
      fail (r, error->message);
      return FALSE;
    }
  history_push (&r->history);
  return check_text (r, "after a mark") && check_undo_depth (r, "after a mark");
}

static gboolean
step_undo_redo (Run      *r,
                gboolean  is_undo)
{
  GPtrArray *stack = is_undo ? r->history.undo : r->history.redo;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!r->history.history_known && stack->len == 0)
    return TRUE;
  run_log (r, is_undo ? "undo" : "redo");
  ok = is_undo ? vn_session_undo (r->session, &error) : vn_session_redo (r->session, &error);
  if (ok != (stack->len > 0))
    {
      fail (r, is_undo ? "undo did not do what the model expects"
                       : "redo did not do what the model expects");
      return FALSE;
    }
  if (ok)
    history_swap (&r->history, stack, is_undo ? r->history.redo : r->history.undo);
  return check_text (r, is_undo ? "after undo" : "after redo") &&
         check_undo_depth (r, is_undo ? "after undo" : "after redo");
}

/* Closes the session and opens the project again: the journal gives back the same text, and
 * the same history to undo. */
static gboolean
step_reopen (Run *r)
{
  run_log (r, "reopen");
  r->reopens++;
  open_session (r);
  return check_text (r, "after reopening") && check_undo_depth (r, "after reopening") &&
         check_patch (r);
}

/* The archive publishes a new version of the transcription: a word far from every correction
 * changes, or a line is added at the start. Reopening moves the corrections with their text;
 * the snapshot follows, so that patch on the new text gives the verified text. */
static gboolean
step_reanchor (Run *r)
{
  Model *m = &r->history.now;
  g_autoptr(GString) text = g_string_new_len (r->canonical, r->canonical_len);
  g_autofree char *line = g_strdup_printf ("Опись 98, дело 721, версия %u\n", r->reanchors);
  const char *new_word = g_rand_boolean (r->rand) ? "ИЗМЕНЕНО" : "changed";
  gsize start = 0, end = 0, vstart = 0;
  gboolean found = FALSE;

  /* A line added at the start; each one different, for text that repeats itself word for
   * word has no one place to re-anchor to, for Verno as for patch. */
  if (g_rand_int_range (r->rand, 0, 3) == 0)
    new_word = line, found = TRUE;
  for (int attempt = 0; !found && attempt < 20; attempt++)
    {
      gssize at;
      gboolean quiet = TRUE;

      if (!random_word (r, &start, &end) || start < 100 || end + 100 > r->canonical_len)
        continue;
      at = model_find_untouched (m, r->canonical, r->canonical_len, start, end);
      if (at < 100 || (gsize) at + (end - start) + 100 > m->text->len)
        continue;
      /* 100 untouched bytes on each side: no correction's context reaches the change, nor
       * any kept or verified word's. */
      for (gssize k = at - 100; quiet && k < at + (gssize) (end - start) + 100; k++)
        quiet = origin_at (m, k) == (int) start + (k - at);
      for (guint k = 0; quiet && k < r->marks->len; k += 2)
        quiet = g_array_index (r->marks, guint, k + 1) + 100 < start ||
                g_array_index (r->marks, guint, k) > end + 100;
      if (quiet)
        found = TRUE, vstart = at;
    }
  if (!found)
    return TRUE;
  run_log (r, "the canonical text changes at [%zu, %zu) to \"%s\"", start, end, new_word);
  r->reanchors++;
  g_string_erase (text, start, end - start);
  g_string_insert (text, start, new_word);
  g_assert_true (g_file_set_contents (r->text_path, text->str, text->len, NULL));
  /* The model: the same change, the canonical offsets after it shifted. */
  {
    gssize delta = (gssize) strlen (new_word) - (gssize) (end - start);

    model_replace (m, vstart, vstart + (end - start), new_word);
    for (guint i = 0; i < m->origin->len; i++)
      {
        int *o = &g_array_index (m->origin, int, i);
        if (*o >= (int) end)
          *o += delta;
        else if (*o < 0 && i >= vstart && i < vstart + strlen (new_word))
          *o = start + (i - vstart);
      }
  }
  for (guint k = 0; k < r->marks->len; k++)
    if (g_array_index (r->marks, guint, k) >= end)
      g_array_index (r->marks, guint, k) += (gssize) strlen (new_word) - (gssize) (end - start);
  g_ptr_array_set_size (r->history.undo, 0);
  g_ptr_array_set_size (r->history.redo, 0);
  r->history.history_known = FALSE;
  load_transcription (r);
  open_session (r);
  {
    GPtrArray *warnings = vn_session_get_warnings (r->session);
    for (guint i = 0; i < warnings->len; i++)
      if (strstr (g_ptr_array_index (warnings, i), "could not be placed") &&
          !strstr (g_ptr_array_index (warnings, i), "0 could not be placed"))
        {
          fail (r, g_ptr_array_index (warnings, i));
          return FALSE;
        }
  }
  return check_text (r, "after the canonical text changed") && check_patch (r);
}

/* ------------------------------------------------------------------ sequences */

static void
run_set_up (Run        *r,
            guint32     seed,
            const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  const char *base = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : NULL;
  g_autofree char *template = base ? g_build_filename (base, "verno-model-XXXXXX", NULL)
                                   : g_strdup ("verno-model-XXXXXX");
  gsize len;

  memset (r, 0, sizeof *r);
  r->seed = seed;
  r->rand = g_rand_new_with_seed (seed);
  r->log = g_string_new (NULL);
  r->marks = g_array_new (FALSE, FALSE, sizeof (guint));
  /* The journal is fsync'ed for every step: on tmpfs that costs nothing. */
  r->dir = base ? g_mkdtemp (g_steal_pointer (&template)) : g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r->dir);
  r->text_path = g_build_filename (r->dir, "transcription.txt", NULL);
  r->state_dir = g_build_filename (r->dir, ".verno", NULL);
  g_assert_true (g_file_get_contents (source, &original, &len, NULL));
  g_assert_true (g_file_set_contents (r->text_path, original, len, NULL));
  load_transcription (r);
  open_session (r);
  model_init (&r->history.now, r->canonical, r->canonical_len);
  r->history.undo = g_ptr_array_new_with_free_func (model_free);
  r->history.redo = g_ptr_array_new_with_free_func (model_free);
  r->history.history_known = TRUE;
}

static void
run_tear_down (Run *r)
{
  g_clear_object (&r->session);
  g_clear_object (&r->transcription);
  vn_test_remove_tree (r->dir);
  g_free (r->dir);
  g_free (r->text_path);
  g_free (r->state_dir);
  g_free (r->canonical);
  model_clear (&r->history.now);
  g_ptr_array_unref (r->history.undo);
  g_ptr_array_unref (r->history.redo);
  g_string_free (r->log, TRUE);
  g_array_unref (r->marks);
  g_rand_free (r->rand);
}

static gboolean
run_step (Run *r)
{
  int what = g_rand_int_range (r->rand, 0, 100);

  r->steps++;
  if (what < 40)
    return step_typing (r);
  if (what < 55)
    return step_answer (r);
  if (what < 62)
    return step_mark (r);
  if (what < 77)
    return step_undo_redo (r, TRUE);
  if (what < 87)
    return step_undo_redo (r, FALSE);
  if (what < 95)
    return step_reopen (r);
  return step_reanchor (r);
}

typedef struct
{
  guint sequences, steps, patch_checks, reopens, reanchors, kills;
} Totals;

static const char *sources[] = {
  "scans/letter-1956/transcription.txt",
  "tests/data/letter-1956/ground-truth.txt",
};

static gboolean
run_sequence (guint32  seed,
              Totals  *totals)
{
  g_autofree char *source = vn_test_source_path (sources[seed % G_N_ELEMENTS (sources)]);
  Run r;
  guint steps;
  gboolean ok = TRUE;

  run_set_up (&r, seed, source);
  steps = g_rand_int_range (r.rand, 10, 60);
  for (guint i = 0; ok && i < steps; i++)
    ok = run_step (&r);
  ok = ok && check_patch (&r) && step_reopen (&r);
  totals->sequences++;
  totals->steps += r.steps;
  totals->patch_checks += r.patch_checks;
  totals->reopens += r.reopens;
  totals->reanchors += r.reanchors;
  run_tear_down (&r);
  return ok;
}

static guint32
first_seed (void)
{
  const char *seed = g_getenv ("VERNO_MODEL_SEED");

  return seed ? (guint32) g_ascii_strtoull (seed, NULL, 10) : 1;
}

static void
test_sequences (void)
{
  const char *count = g_getenv ("VERNO_MODEL_SEQUENCES");
  const char *seconds = g_getenv ("VERNO_MODEL_SECONDS");
  guint n = count ? atoi (count) : 200;
  gint64 until = seconds ? g_get_monotonic_time () + atoi (seconds) * G_USEC_PER_SEC : 0;
  guint32 seed = first_seed ();
  Totals totals = { 0 };

  for (guint i = 0; until ? g_get_monotonic_time () < until : i < n; i++, seed++)
    if (!run_sequence (seed, &totals))
      break;
  g_test_message ("%u sequences, %u steps, %u patch checks, %u reopenings, %u changes of the "
                  "canonical text", totals.sequences, totals.steps, totals.patch_checks,
                  totals.reopens, totals.reanchors);
  g_print ("model-sequences %u\nmodel-steps %u\n", totals.sequences, totals.steps);
}

/* ------------------------------------------------------------------ kill -9 */

static void
write_model (const char *dir,
             const char *name,
             guint       k,
             const Model *m)
{
  g_autofree char *file = g_strdup_printf ("%s-%u.txt", name, k);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_assert_true (g_file_set_contents (path, m->text->str, m->text->len, NULL));
}

static char *
read_model (const char *dir,
            const char *name,
            guint       k)
{
  g_autofree char *file = g_strdup_printf ("%s-%u.txt", name, k);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  char *text = NULL;

  return g_file_get_contents (path, &text, NULL, NULL) ? text : NULL;
}

/* One keystroke of an editor who mostly goes on typing where the cursor is: [*start, *end)
 * becomes *text. */
static void
random_keystroke (Run   *r,
                  gsize *cursor,
                  gsize *start,
                  gsize *end,
                  char **text)
{
  Model *m = &r->history.now;
  int what = g_rand_int_range (r->rand, 0, 10);

  if (*cursor > m->text->len || g_rand_int_range (r->rand, 0, 10) < 3)
    {
      vn_session_end_edit (r->session);
      *cursor = random_boundary (r->rand, m->text->str, m->text->len);
    }
  *start = *end = *cursor;
  if (what < 6)
    *text = g_strdup (typed_chars[g_rand_int_range (r->rand, 0, G_N_ELEMENTS (typed_chars))]);
  else if (what < 8 && *cursor > 0)
    *start = previous_char (m->text->str, *cursor), *text = g_strdup ("");
  else if (what < 9)
    *end = next_char (m->text->str, m->text->len, *cursor), *text = g_strdup ("");
  else
    *text = random_paste (r->rand);
  *cursor = *start + strlen (*text);
}

/* The child types, writing down before each keystroke what the text will be once it is
 * saved, and acknowledging each keystroke after the session returned. Killed at a random
 * moment, the reopened project holds every acknowledged keystroke, and at most the one in
 * flight; the diff says the same. */
static gboolean
run_killed (guint32  seed,
            Totals  *totals)
{
  g_autofree char *source = vn_test_source_path (sources[seed % G_N_ELEMENTS (sources)]);
  g_autofree char *expect_dir = NULL;
  g_autofree char *verified = NULL, *last = NULL, *in_flight = NULL;
  Run r;
  int fds[2];
  pid_t child;
  guint acknowledged = 0, wanted;
  guint8 byte;
  gboolean ok = TRUE;

  run_set_up (&r, seed, source);
  expect_dir = g_build_filename (r.dir, "expect", NULL);
  g_assert_cmpint (g_mkdir (expect_dir, 0755), ==, 0);
  write_model (expect_dir, "step", 0, &r.history.now);
  wanted = g_rand_int_range (r.rand, 1, 60);
  g_assert_cmpint (pipe (fds), ==, 0);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      gsize cursor = G_MAXSIZE;

      close (fds[0]);
      for (guint k = 1;; k++)
        {
          g_autofree char *text = NULL;
          g_autoptr(VnCorrection) c = NULL;
          Model *next = NULL;
          gsize start, end;

          random_keystroke (&r, &cursor, &start, &end, &text);
          next = model_copy (&r.history.now);
          model_replace (next, start, end, text);
          write_model (expect_dir, "step", k, next);
          model_free (next);
          c = vn_session_edit_verified (r.session, start, end, text, 0, NULL, NULL);
          if (c == NULL)
            _exit (2);
          model_replace (&r.history.now, start, end, text);
          if (write (fds[1], "x", 1) != 1)
            _exit (1);
        }
    }
  close (fds[1]);
  while (acknowledged < wanted && read (fds[0], &byte, 1) == 1)
    acknowledged++;
  g_usleep (g_rand_int_range (r.rand, 0, 2000));
  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  while (read (fds[0], &byte, 1) == 1)
    acknowledged++;
  close (fds[0]);
  totals->kills++;
  open_session (&r);
  verified = vn_session_dup_verified_text (r.session, NULL);
  last = read_model (expect_dir, "step", acknowledged);
  in_flight = read_model (expect_dir, "step", acknowledged + 1);
  g_assert_nonnull (last);
  if (!g_str_equal (verified, last) && (in_flight == NULL || !g_str_equal (verified, in_flight)))
    {
      g_autofree char *what = g_strdup_printf ("after SIGKILL with %u keystrokes acknowledged, "
                                               "the reopened text is neither the last "
                                               "acknowledged nor the next:\n%s", acknowledged,
                                               verified);
      fail (&r, what);
      ok = FALSE;
    }
  /* The diff says what reopening shows. */
  g_string_assign (r.history.now.text, verified);
  ok = ok && check_patch (&r);
  run_tear_down (&r);
  return ok;
}

static void
test_killed (void)
{
  const char *count = g_getenv ("VERNO_MODEL_KILLS");
  guint n = count ? atoi (count) : 20;
  guint32 seed = first_seed () + 100000;
  Totals totals = { 0 };

  for (guint i = 0; i < n; i++, seed++)
    if (!run_killed (seed, &totals))
      break;
  g_test_message ("%u processes killed with SIGKILL at random moments", totals.kills);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/session-model/sequences", test_sequences);
  g_test_add_func ("/verno/session-model/killed", test_killed);
  return g_test_run ();
}
