/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-keystrokes.c: how many keys the review takes. The real window, on the letter, driven
 * with real key events (XTest) by an editor who knows the truth (the 17 errors of
 * tests/data/letter-1956/archive-errors.tsv): every discrepancy in the order of review is
 * answered with the fewest keys the window allows, from the first to the last, in the queue
 * and in the line-by-line review; the published errors once by taking the suggestions (a
 * where the verdict takes it, o where the verdict doubts the scan but the OCR is right) and
 * once by typing each correction. Prints keystrokes (a chord, such as Shift+A, counts once) and
 * wall time per resolved item, and checks the verified text. Targets: at most 1.5 keys per fix
 * where the suggestion is right, at most 3 + the letters typed where it is typed. Needs a
 * display (xvfb-run); exits 1 when a target is missed. */
#include <string.h>

#include <adwaita.h>

#include "vn-accept.h"
#include "vn-scan-line.h"
#include "vn-window-private.h"
#include "vn-test-gui.h"
#include "vn-test-util.h"

typedef struct
{
  const char *name;
  gboolean    lines;    /* the line-by-line review */
  gboolean    typed;    /* the errors corrected by typing, not by the suggestion */
} Scenario;

typedef struct
{
  guint   keys, error_keys, letters;
  guint   items, fixes;
  double  seconds;
  char   *verified;
} Result;

static GHashTable *expected;   /* published reading → what the typescript says */
static guint n_errors;

static void
load_errors (void)
{
  g_autofree char *path = vn_test_source_path ("tests/data/letter-1956/archive-errors.tsv");
  g_autofree char *tsv = vn_test_read_file (path);
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);

  expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cols = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", 3);
      g_hash_table_insert (expected, g_strdup (cols[0]), g_strdup (cols[1]));
    }
  n_errors = g_hash_table_size (expected);
}

static gboolean
is_error (VnDiscrepancy *d)
{
  return g_hash_table_contains (expected, vn_discrepancy_get_transcription (d));
}

static void
press (VnTestInput     *input,
       Result          *r,
       gboolean         on_error,
       guint            keyval,
       GdkModifierType  mods)
{
  vn_test_input_key (input, keyval, mods);
  vn_test_gui_iterate ();
  r->keys++;
  if (on_error)
    r->error_keys++;
}

/* e, the correction typed over the word, Enter; where the typescript has nothing, Backspace
 * twice: the word, then the space before it (as accepting the removal takes it). */
static void
type_correction (VnTestInput   *input,
                 Result        *r,
                 VnDiscrepancy *d)
{
  const char *text = g_hash_table_lookup (expected, vn_discrepancy_get_transcription (d));

  press (input, r, TRUE, GDK_KEY_e, 0);
  if (*text == '\0')
    {
      press (input, r, TRUE, GDK_KEY_BackSpace, 0);
      press (input, r, TRUE, GDK_KEY_BackSpace, 0);
    }
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      g_autofree char *letter = g_utf8_substring (p, 0, 1);

      vn_test_input_type (input, letter);
      r->keys++, r->error_keys++, r->letters++;
    }
  press (input, r, TRUE, GDK_KEY_Return, 0);
}

/* The open discrepancies on @d's line, in reading order. */
static GPtrArray *
open_on_line (VnWindow      *window,
              VnDiscrepancy *d)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *order = G_LIST_MODEL (window->reading_order);
  g_autoptr(VnScanLine) line = NULL;
  guint first, n;

  vn_discrepancy_get_tokens (d, &first, &n);
  for (guint i = 0; i < g_list_model_get_n_items (window->lines) && line == NULL; i++)
    {
      g_autoptr(VnScanLine) l = g_list_model_get_item (window->lines, i);
      if (n > 0 && vn_scan_line_has_token (l, first))
        line = g_steal_pointer (&l);
    }
  for (guint i = 0; line != NULL && i < g_list_model_get_n_items (order); i++)
    {
      g_autoptr(VnDiscrepancy) o = g_list_model_get_item (order, i);

      vn_discrepancy_get_tokens (o, &first, &n);
      if (n > 0 && vn_scan_line_has_token (line, first) &&
          !vn_session_is_resolved (window->session, o))
        g_ptr_array_add (found, g_steal_pointer (&o));
    }
  return found;
}

/* Line by line, a whole line takes one key when all its open discrepancies want the same
 * answer: Shift+A when all are errors whose verdict takes the suggestion, Shift+K when none
 * is an error. */
static gboolean
answer_line (VnTestInput *input,
             Result      *r,
             VnWindow    *window,
             gboolean     typed)
{
  g_autoptr(GPtrArray) open = open_on_line (window, window->current);
  guint errors = 0, accepted = 0;

  if (open->len < 2)
    return FALSE;
  for (guint i = 0; i < open->len; i++)
    {
      VnDiscrepancy *d = g_ptr_array_index (open, i);

      errors += is_error (d);
      accepted += is_error (d) && vn_accept_action_for (d) == VN_ACCEPT_CORRECT;
    }
  if (accepted == open->len && !typed)
    press (input, r, TRUE, GDK_KEY_a, GDK_SHIFT_MASK);
  else if (errors == 0)
    press (input, r, FALSE, GDK_KEY_k, GDK_SHIFT_MASK);
  else
    return FALSE;
  return TRUE;
}

static void
answer (VnTestInput   *input,
        Result        *r,
        VnWindow      *window,
        VnDiscrepancy *d,
        gboolean       typed)
{
  if (!is_error (d))
    press (input, r, FALSE, GDK_KEY_k, 0);
  else if (typed)
    type_correction (input, r, d);
  else if (vn_accept_action_for (d) == VN_ACCEPT_CORRECT)
    press (input, r, TRUE, GDK_KEY_a, 0);
  else if (g_str_equal (vn_discrepancy_get_ocr (d), vn_discrepancy_get_suggestion (d)))
    press (input, r, TRUE, GDK_KEY_o, 0);   /* overruling a verdict that doubts the scan */
  else
    type_correction (input, r, d);
}

static guint
count_resolved (VnWindow *window,
                guint    *fixes)
{
  GListModel *list = G_LIST_MODEL (window->collation);
  guint resolved = 0;

  *fixes = 0;
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (list, i);
      if (!vn_session_is_resolved (window->session, d))
        continue;
      resolved++;
      *fixes += is_error (d) && vn_session_find_correction (window->session,
                                                            vn_discrepancy_get_start (d),
                                                            vn_discrepancy_get_end (d)) != NULL;
    }
  return resolved;
}

static void
run (const Scenario *s,
     Result         *r)
{
  g_autofree char *dir = vn_test_copy_letter ("verno-keys-XXXXXX", TRUE);
  VnWindow *window = vn_test_gui_open_letter (dir, 1400, 880);
  g_autoptr(VnTestInput) input = vn_test_input_new (GTK_WIDGET (window));
  gint64 start;
  guint guard = 0;

  g_assert_nonnull (input);
  gtk_widget_grab_focus (GTK_WIDGET (window->queue_view));
  if (s->lines)
    {
      vn_test_input_key (input, GDK_KEY_l, GDK_CONTROL_MASK);   /* not an answer: not counted */
      vn_test_gui_iterate ();
      g_assert_true (window->line_mode);
    }
  start = g_get_monotonic_time ();
  while (window->current != NULL && !vn_session_is_resolved (window->session, window->current) &&
         guard++ < 500)
    {
      VnDiscrepancy *d = window->current;

      if (!s->lines || !answer_line (input, r, window, s->typed))
        answer (input, r, window, d, s->typed);
    }
  r->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  r->items = count_resolved (window, &r->fixes);
  r->verified = vn_session_dup_verified_text (window->session, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  vn_test_gui_iterate ();
  vn_test_remove_tree (dir);
}

static void
report (const Scenario *s,
        const Result   *r)
{
  if (s->typed)
    g_print ("  %-32s %2u fixes in %3u keys, %u of them letters: %.2f keys per fix besides the "
             "letters;\n  %-32s %2u items in %3u keys (%.2f per item), %.0f ms per item\n",
             s->name, r->fixes, r->error_keys, r->letters,
             (double) (r->error_keys - r->letters) / MAX (1, r->fixes), "", r->items, r->keys,
             (double) r->keys / MAX (1, r->items), 1000 * r->seconds / MAX (1, r->items));
  else
    g_print ("  %-32s %2u fixes in %3u keys: %.2f keys per fix;\n"
             "  %-32s %2u items in %3u keys (%.2f per item), %.0f ms per item\n",
             s->name, r->fixes, r->error_keys, (double) r->error_keys / MAX (1, r->fixes), "",
             r->items, r->keys, (double) r->keys / MAX (1, r->items),
             1000 * r->seconds / MAX (1, r->items));
}

int
main (int    argc,
      char **argv)
{
  static const Scenario scenarios[] = {
    { "queue, suggestions taken", FALSE, FALSE },
    { "queue, corrections typed", FALSE, TRUE },
    { "line by line, suggestions taken", TRUE, FALSE },
    { "line by line, corrections typed", TRUE, TRUE },
  };
  Result results[G_N_ELEMENTS (scenarios)] = { 0 };
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");
  gboolean ok = TRUE;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("bench-keystrokes needs a display: run it under xvfb-run.\n");
      return 77;
    }
  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  load_errors ();
  g_print ("Keystrokes per fix on the letter (%u published errors), real key events, in the "
           "order of review (reading order); the machine is shared, so times are noisy\n",
           n_errors);
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      run (&scenarios[i], &results[i]);
      report (&scenarios[i], &results[i]);
      if (results[i].fixes != n_errors)
        {
          g_print ("  MISSED: %u of %u errors fixed\n", results[i].fixes, n_errors);
          ok = FALSE;
        }
    }
  /* Every way ends in the same text. */
  for (guint i = 1; i < G_N_ELEMENTS (scenarios); i++)
    if (g_strcmp0 (results[i].verified, results[0].verified) != 0)
      {
        const char *a = results[0].verified, *b = results[i].verified;
        gsize at = 0;

        while (a[at] && a[at] == b[at])
          at++;
        at = at > 20 ? at - 20 : 0;
        g_print ("  MISSED: \"%s\" ends in another text than \"%s\": …%.60s… / …%.60s…\n",
                 scenarios[i].name, scenarios[0].name, b + at, a + at);
        ok = FALSE;
      }
  g_print ("Ratio of the time per item, line by line / queue: %.2f (suggestions), %.2f (typed)\n",
           (results[2].seconds / MAX (1, results[2].items)) /
           (results[0].seconds / MAX (1, results[0].items)),
           (results[3].seconds / MAX (1, results[3].items)) /
           (results[1].seconds / MAX (1, results[1].items)));
  g_print ("Targets\n");
  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      double per_fix = (double) results[i].error_keys / MAX (1, results[i].fixes);
      double besides = (double) (results[i].error_keys - results[i].letters) /
                       MAX (1, results[i].fixes);

      if (scenarios[i].typed)
        ok &= vn_test_check_target (scenarios[i].name, besides, 3.0, TRUE);
      else
        ok &= vn_test_check_target (scenarios[i].name, per_fix, 1.5, TRUE);
      g_free (results[i].verified);
    }
  g_hash_table_unref (expected);
  return ok ? 0 : 1;
}
