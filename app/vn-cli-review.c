/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-cli-review.c: `verno review`: the discrepancies one at a time at the terminal, as
 * `git add -p` offers hunks; every answer is journaled before the next question. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
/* The ASCII preview reads the crop's PNG back. */
#include <leptonica/allheaders.h>

#include "vn-accept.h"
#include "vn-cli-private.h"
#include "vn-error.h"
#include "vn-scan.h"

#define PROMPT N_("Accept the verdict [a], OCR reading [o], keep [k], edit [e], verify [v], " \
                  "skip [s], undo [u], quit [q], help [?] ")
#define PREVIEW_COLUMNS 72
#define CONTEXT_CHARS 60
#define GREY_RAMP " .:-=+*#%@"
#define MARK_ON "\033[1;7m"
#define MARK_OFF "\033[0m"

typedef struct
{
  guint position;   /* in the queue */
  char  key;
} Answer;

typedef struct
{
  VnSession   *session;
  VnCollation *collation;
  GPtrArray   *scans;       /* VnScanPage, indexed like the discrepancies' pages */
  GPtrArray   *queue;       /* VnDiscrepancy to review, best first */
  GArray      *answers;     /* Answer: this review's, which are the ones "u" may undo */
  gboolean     all;
  gboolean     ascii;
  gboolean     tty;
  guint        corrected, kept, verified, skipped;
} Review;

typedef enum
{
  STEP_NEXT,    /* answered: on to the next discrepancy */
  STEP_AGAIN,   /* ask about the same discrepancy again */
  STEP_BACK,    /* undone: back to the discrepancy of the undone answer */
  STEP_STOP,    /* quit, or the end of input */
  STEP_FAIL,    /* answers can no longer be saved */
} Step;

static void
review_clear (Review *r)
{
  g_clear_pointer (&r->queue, g_ptr_array_unref);
  g_clear_pointer (&r->answers, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Review, review_clear)

/* ------------------------------------------------------------------ showing */

static char *
quoted (const char *text)
{
  g_autofree char *line = vn_cli_one_line (text);
  return g_strdup_printf ("“%s”", line);
}

static const char *
verdict (VnLikely likely)
{
  switch (likely)
    {
    case VN_LIKELY_TRANSCRIPTION_ERROR:
      return _("likely transcription error");
    case VN_LIKELY_OCR_ERROR:
      return _("likely OCR error");
    case VN_LIKELY_UNSURE:
    default:
      return _("unsure");
    }
}

static void
print_header (Review        *r,
              guint          position,
              VnDiscrepancy *d)
{
  double confidence = vn_discrepancy_get_confidence (d);
  g_autofree char *ocr_confidence = confidence < 0
                                    ? g_strdup (_("no OCR word"))
                                    : g_strdup_printf (_("OCR confidence %.0f%%"), confidence);

  g_print (_("\n[%u/%u] page %u, line %u, bytes %u–%u: %s, %s, score %.2f, %s\n"), position + 1,
           r->queue->len, vn_discrepancy_get_page (d) + 1, vn_discrepancy_get_line (d),
           vn_discrepancy_get_start (d), vn_discrepancy_get_end (d),
           vn_discrepancy_kind_to_string (vn_discrepancy_get_kind (d)),
           verdict (vn_discrepancy_get_likely (d)), vn_discrepancy_get_score (d), ocr_confidence);
}

/* With --all, what an earlier answer made of it. */
static void
print_resolution (Review        *r,
                  VnDiscrepancy *d)
{
  guint start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);
  VnCorrection *correction = vn_session_find_correction (r->session, start, end);

  if (correction != NULL)
    {
      g_autofree char *after = quoted (vn_correction_get_after (correction));
      g_print (_("  Resolved:      corrected to %s\n"), after);
    }
  else if (vn_session_is_kept (r->session, start, end))
    g_print (_("  Resolved:      kept as transcribed\n"));
  else if (vn_session_is_resolved (r->session, d))
    g_print (_("  Resolved:      verified against the scan\n"));
}

/* At most CONTEXT_CHARS characters of @text, from its end when @tail; "…" where it is cut. */
static char *
cut_context (const char *text,
             gboolean    tail)
{
  g_autofree char *line = vn_cli_one_line (text);
  glong len = g_utf8_strlen (line, -1);
  g_autofree char *part = NULL;

  g_strdelimit (line, "\f", ' ');  /* a page break may start the line */
  if (len <= CONTEXT_CHARS)
    return g_steal_pointer (&line);
  part = g_utf8_substring (line, tail ? len - CONTEXT_CHARS : 0, tail ? len : CONTEXT_CHARS);
  return tail ? g_strconcat ("…", part, NULL) : g_strconcat (part, "…", NULL);
}

/* The reading marked in its line of the transcription; an insertion is marked where it goes. */
static void
print_context (Review        *r,
               VnDiscrepancy *d)
{
  VnTranscription *t = vn_session_get_canonical (r->session);
  const char *text = vn_transcription_get_text (t, NULL);
  guint start = vn_discrepancy_get_start (d), line_start = start;
  g_autofree char *line = vn_transcription_dup_line (t, start);
  g_autofree char *head = NULL, *before = NULL, *marked = NULL, *after = NULL;
  gsize from, to;

  while (line_start > 0 && text[line_start - 1] != '\n')
    line_start--;
  from = MIN (strlen (line), start - line_start);
  /* A reading across a line break is marked up to the end of its first line. */
  to = CLAMP (vn_discrepancy_get_end (d) - line_start, from, strlen (line));
  head = g_strndup (line, from);
  before = cut_context (head, TRUE);
  marked = g_strndup (line + from, to - from);
  after = cut_context (line + to, FALSE);
  if (r->tty)
    g_print (_("  Transcription: %s%s%s%s%s\n"), before, MARK_ON, *marked ? marked : "‸",
             MARK_OFF, after);
  else
    g_print (_("  Transcription: %s%s%s%s%s\n"), before, "[[", marked, "]]", after);
}

/* What "a" does here (vn_accept_discrepancy ()): the verdict's answer, in words. */
static void
print_accept_action (VnDiscrepancy *d)
{
  switch (vn_accept_action_for (d))
    {
    case VN_ACCEPT_CORRECT:
      g_print ("%s", _("  Accepting [a]: corrects the transcription to the suggestion\n"));
      break;
    case VN_ACCEPT_KEEP:
      g_print ("%s", _("  Accepting [a]: keeps the transcription, since the OCR is likely "
                       "wrong\n"));
      break;
    case VN_ACCEPT_CHOOSE:
    default:
      g_print ("%s", _("  Accepting [a]: nothing, the verdict is unsure; choose o or k\n"));
      break;
    }
}

static void
print_readings (VnDiscrepancy *d)
{
  g_autofree char *ocr = quoted (vn_discrepancy_get_ocr (d));
  g_autofree char *suggestion = quoted (vn_discrepancy_get_suggestion (d));
  gboolean removal = *vn_discrepancy_get_suggestion (d) == '\0';

  g_print (_("  OCR reading:   %s%s\n"), ocr,
           *vn_discrepancy_get_ocr (d) ? "" : _(" (nothing on the scan)"));
  g_print (_("  Suggestion:    %s%s\n"), suggestion, removal ? _(" (remove the word)") : "");
  print_accept_action (d);
}

/* The paper's grain, the lightest fifth of the range, stays blank; ink fills the rest. */
static char
ramp_char (guint grey,
           guint darkest,
           guint lightest)
{
  double ink = (double) (lightest - CLAMP (grey, darkest, lightest)) / (lightest - darkest);
  guint inks = strlen (GREY_RAMP) - 1;   /* the characters after the blank */

  if (ink < 0.2)
    return GREY_RAMP[0];
  return GREY_RAMP[1 + MIN (inks - 1, (guint) ((ink - 0.2) / 0.8 * inks))];
}

/* Terminal cells are about twice as tall as wide, so a cell covers w × 2w pixels. */
static void
print_ascii_preview (PIX *grey)
{
  int w = pixGetWidth (grey), h = pixGetHeight (grey);
  int cols = MIN (PREVIEW_COLUMNS, w), rows = MAX (1, (h * cols + w) / (2 * w));
  g_autofree guint *cells = g_new0 (guint, (gsize) cols * rows);
  guint darkest = 255, lightest = 0;

  for (int row = 0; row < rows; row++)
    for (int col = 0; col < cols; col++)
      {
        int x0 = col * w / cols, x1 = MAX (x0 + 1, (col + 1) * w / cols);
        int y0 = row * h / rows, y1 = MAX (y0 + 1, (row + 1) * h / rows);
        guint64 sum = 0;
        l_uint32 value;

        for (int y = y0; y < y1; y++)
          for (int x = x0; x < x1; x++)
            sum += (pixGetPixel (grey, x, y, &value), value);
        cells[row * cols + col] = sum / ((guint64) (x1 - x0) * (y1 - y0));
        darkest = MIN (darkest, cells[row * cols + col]);
        lightest = MAX (lightest, cells[row * cols + col]);
      }
  /* Stretch faded ink to the whole ramp, but leave a blank region blank. */
  if (lightest - darkest < 48)
    darkest = 0, lightest = 255;
  for (int i = 0; i < rows * cols; i++)
    g_print ("%s%c%s", i % cols == 0 ? "  " : "", ramp_char (cells[i], darkest, lightest),
             i % cols == cols - 1 ? "\n" : "");
}

static void
print_preview_of (const char *png)
{
  PIX *pix = pixRead (png), *grey = NULL;

  if (pix != NULL)
    grey = pixGetDepth (pix) == 8 && pixGetColormap (pix) == NULL ? pixClone (pix)
                                                                   : pixConvertTo8 (pix, FALSE);
  if (grey == NULL)
    g_print (_("  (no preview: cannot read %s)\n"), png);
  else
    print_ascii_preview (grey);
  pixDestroy (&grey);
  pixDestroy (&pix);
}

/* The word's region of the scan as a PNG in the cache, so any image viewer can show it. */
static void
print_scan (Review        *r,
            VnDiscrepancy *d)
{
  VnBox box = vn_discrepancy_get_bbox (d);
  guint page = vn_discrepancy_get_page (d);
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;

  if (page >= r->scans->len || box.w <= 0 || box.h <= 0)
    {
      g_print (_("  Scan:          no region of the scan for this one\n"));
      return;
    }
  png = vn_scan_page_crop_to_cache (g_ptr_array_index (r->scans, page), box.x, box.y, box.w,
                                    box.h, &error);
  if (png == NULL)
    {
      g_print (_("  Scan:          no crop: %s\n"), error->message);
      return;
    }
  g_print (_("  Scan:          %s\n"), png);
  if (r->ascii)
    print_preview_of (png);
}

static void
show_discrepancy (Review        *r,
                  guint          position,
                  VnDiscrepancy *d)
{
  print_header (r, position, d);
  if (r->all)
    print_resolution (r, d);
  print_context (r, d);
  print_readings (d);
  print_scan (r, d);
}

static void
print_help (void)
{
  g_print ("%s", _("  a  accept the verdict: a likely transcription error is corrected to "
                   "the\n"
                   "     suggestion, a likely OCR error is kept as transcribed; an unsure one\n"
                   "     waits for o or k\n"
                   "  o  take the OCR reading instead\n"
                   "  k  keep the transcription as it is: the OCR is wrong\n"
                   "  e  edit: type the right reading (an empty line cancels)\n"
                   "  v  verify: the transcription matches the scan here\n"
                   "  s  skip: leave it open and go on\n"
                   "  u  undo the last answer of this review and show its discrepancy again\n"
                   "  q  quit; every answer given so far is already saved\n"
                   "  ?  this help\n"));
}

/* ------------------------------------------------------------------ answering */

/* One line of standard input without its line break and outer blanks; NULL at its end. */
static char *
read_line (void)
{
  char *line = NULL;
  size_t size = 0;

  if (getline (&line, &size, stdin) < 0)
    {
      free (line);
      return NULL;
    }
  return g_strstrip (line);
}

static guint *
counter_for (Review *r,
             char    key)
{
  switch (key)
    {
    case 'a':
    case 'o':
    case 'e':
      return &r->corrected;
    case 'k':
      return &r->kept;
    case 'v':
      return &r->verified;
    case 's':
    default:
      return &r->skipped;
    }
}

/* Says why an answer was not saved, and whether the review can go on. */
static Step
report (GError *error)
{
  g_printerr ("verno: %s\n", error->message);
  if (g_error_matches (error, VN_ERROR, VN_ERROR_BAD_INPUT))
    return STEP_AGAIN;
  g_printerr (_("verno: The review stops here, since answers can no longer be saved.\n"));
  return STEP_FAIL;
}

/* Counts a saved answer and remembers it for undo; or reports why it was not saved. An
 * answer that is in the journal but not in corrections.diff is saved, but ends the review:
 * the disk is full, or failing. */
static Step
settle (Review *r,
        guint   position,
        char    key,
        GError *error)
{
  Answer answer = { position, key };
  const GError *stale = vn_session_get_snapshot_error (r->session);

  if (error != NULL)
    return report (error);
  g_array_append_val (r->answers, answer);
  (*counter_for (r, key))++;
  if (stale != NULL)
    {
      g_printerr ("verno: %s\n", stale->message);
      return STEP_FAIL;
    }
  return STEP_NEXT;
}

static Step
answer_correct (Review             *r,
                guint               position,
                VnDiscrepancy      *d,
                char                key,
                const char         *replacement,
                VnCorrectionSource  source)
{
  guint start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);
  VnBox box = vn_discrepancy_get_bbox (d);
  g_autofree char *after = vn_session_fit_spacing (r->session, &start, &end, replacement);
  g_autoptr(VnCorrection) correction = NULL;
  g_autoptr(GError) error = NULL;

  correction = vn_session_correct (r->session, start, end, after, source,
                                   vn_discrepancy_get_page (d), &box, NULL, &error);
  return settle (r, position, key, error);
}

/* As the window's "a" and `verno accept` do; an unsure verdict asks again. */
static Step
answer_accept (Review        *r,
               guint          position,
               VnDiscrepancy *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnCorrection) correction = NULL;

  if (vn_accept_discrepancy (r->session, d, &correction, &error))
    return settle (r, position, correction != NULL ? 'a' : 'k', NULL);
  /* Not a failure: the editor is asked to choose, as for an answer that is not one. */
  if (vn_accept_action_for (d) == VN_ACCEPT_CHOOSE)
    {
      g_print ("%s\n", error->message);
      return STEP_AGAIN;
    }
  return report (error);
}

static Step
answer_edit (Review        *r,
             guint          position,
             VnDiscrepancy *d)
{
  g_autofree char *typed = NULL;

  g_print ("%s", _("Replacement: "));
  fflush (stdout);
  typed = read_line ();
  if (typed == NULL)
    return STEP_STOP;
  if (*typed == '\0')
    {
      g_print ("%s", _("Nothing typed: no change.\n"));
      return STEP_AGAIN;
    }
  return answer_correct (r, position, d, 'e', typed, VN_SOURCE_TYPED);
}

static Step
answer_flag (Review        *r,
             guint          position,
             VnDiscrepancy *d,
             char           key)
{
  guint start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);
  g_autoptr(GError) error = NULL;

  if (key == 'v' && start == end)
    {
      g_print ("%s", _("The transcription has no text here to verify: keep it [k] if nothing "
                       "is missing.\n"));
      return STEP_AGAIN;
    }
  if (key == 'k')
    vn_session_keep (r->session, start, end, &error);
  else if (key == 'v')
    vn_session_set_verified (r->session, start, end, TRUE, &error);
  else
    vn_session_record_skip (r->session, start, end, &error);
  return settle (r, position, key, error);
}

/* Only this review's answers are undone: older ones are not the editor's to lose here. */
static Step
answer_undo (Review *r,
             guint  *position)
{
  g_autoptr(GError) error = NULL;
  Answer last;

  if (r->answers->len == 0)
    {
      g_print ("%s", _("Nothing to undo in this review.\n"));
      return STEP_AGAIN;
    }
  last = g_array_index (r->answers, Answer, r->answers->len - 1);
  /* A skip changed nothing, so there is nothing in the session to undo. */
  if (last.key != 's' && !vn_session_undo (r->session, &error))
    return report (error);
  g_array_set_size (r->answers, r->answers->len - 1);
  (*counter_for (r, last.key))--;
  g_print ("%s", _("Undone.\n"));
  *position = last.position;
  return STEP_BACK;
}

static Step
ask (Review *r,
     guint  *position)
{
  VnDiscrepancy *d = g_ptr_array_index (r->queue, *position);
  g_autofree char *line = NULL;

  g_print ("%s", _(PROMPT));
  fflush (stdout);
  line = read_line ();
  if (line == NULL)
    {
      g_print ("\n");  /* the prompt's line was left open */
      return STEP_STOP;
    }
  switch (strlen (line) == 1 ? g_ascii_tolower (line[0]) : '\0')
    {
    case 'a':
      return answer_accept (r, *position, d);
    case 'o':
      return answer_correct (r, *position, d, 'o', vn_discrepancy_get_ocr (d), VN_SOURCE_OCR);
    case 'e':
      return answer_edit (r, *position, d);
    case 'k':
    case 'v':
    case 's':
      return answer_flag (r, *position, d, g_ascii_tolower (line[0]));
    case 'u':
      return answer_undo (r, position);
    case 'q':
      return STEP_STOP;
    case '?':
      print_help ();
      return STEP_AGAIN;
    default:
      g_print (_("“%s” is not an answer: type one letter of a, o, k, e, v, s, u, q or ?, then "
                 "Enter.\n"), line);
      return STEP_AGAIN;
    }
}

/* ------------------------------------------------------------------ the review */

static GPtrArray *
make_queue (VnSession   *session,
            VnCollation *collation,
            gboolean     all)
{
  GPtrArray *queue = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (collation));

  for (guint i = 0; i < n; i++)
    {
      VnDiscrepancy *d = g_list_model_get_item (G_LIST_MODEL (collation), i);

      if (all || !vn_session_is_resolved (session, d))
        g_ptr_array_add (queue, d);
      else
        g_object_unref (d);
    }
  return queue;
}

static void
print_summary (Review *r)
{
  VnProgress progress;
  g_autofree char *corrections = g_strdup_printf (ngettext ("%u correction", "%u corrections",
                                                            r->corrected), r->corrected);
  g_autofree char *open = NULL;

  vn_session_get_progress (r->session, r->collation, -1, &progress);
  open = g_strdup_printf (ngettext ("%u of %u discrepancy remains open.",
                                    "%u of %u discrepancies remain open.",
                                    progress.discrepancies),
                          progress.open, progress.discrepancies);
  /* TRANSLATORS: "%s" is "%u correction(s)"; the last one "%u of %u discrepancies remain
   * open." */
  g_print (_("\nThis review: %s, %u kept, %u verified, %u skipped. %s\n"), corrections,
           r->kept, r->verified, r->skipped, open);
}

static Step
review_one (Review *r,
            guint  *position)
{
  VnDiscrepancy *d = g_ptr_array_index (r->queue, *position);
  Step step;

  /* An answer about an overlapping discrepancy may have settled this one too. */
  if (!r->all && vn_session_is_resolved (r->session, d))
    return STEP_NEXT;
  show_discrepancy (r, *position, d);
  while ((step = ask (r, position)) == STEP_AGAIN)
    ;
  return step;
}

static int
review_run (Review *r)
{
  guint position = 0;
  Step step = STEP_NEXT;

  if (r->queue->len == 0)
    g_print ("%s", _("Nothing to review: every discrepancy is resolved.\n"));
  while (position < r->queue->len)
    {
      step = review_one (r, &position);
      if (step == STEP_STOP || step == STEP_FAIL)
        break;
      if (step == STEP_NEXT)
        position++;
    }
  if (r->queue->len > 0 && position >= r->queue->len)
    g_print ("%s", _("\nThat was the last discrepancy.\n"));
  print_summary (r);
  return step == STEP_FAIL ? VN_EXIT_BAD_INPUT : VN_EXIT_OK;
}

static int
review_document (DocumentOptions *o,
                 gboolean         all,
                 gboolean         ascii)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VnDocument) document = vn_cli_open_document ("review", o, &error);
  g_auto(Review) r = { 0 };

  int status;

  if (document == NULL)
    return vn_cli_fail (error);
  r.session = vn_document_get_session (document);
  /* Before the first question: a review whose answers cannot be saved does not start. */
  if (!vn_cli_claim (r.session, &status))
    return status;
  r.collation = vn_document_get_collation (document);
  r.scans = vn_project_get_scan_pages (vn_document_get_project (document));
  r.queue = make_queue (r.session, r.collation, all);
  r.answers = g_array_new (FALSE, FALSE, sizeof (Answer));
  r.all = all;
  r.ascii = ascii;
  r.tty = isatty (STDOUT_FILENO);
  vn_cli_print_warnings (r.session);
  status = review_run (&r);
  return status == VN_EXIT_OK ? vn_cli_flush (r.session) : status;
}

int
vn_cli_review (int    argc,
               char **argv)
{
  DocumentOptions o = { 0 };
  g_autofree char *preview = NULL;
  gboolean all = FALSE;
  const GOptionEntry extra[] = {
    { "preview", 0, 0, G_OPTION_ARG_STRING, &preview,
      N_("Show the word's region of the scan: none or ascii (default: none)"), N_("KIND") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Also show the discrepancies already resolved"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    vn_cli_document_context (N_("— review the discrepancies one by one, answering each"), &o,
                             extra);
  int status = vn_cli_parse_document ("review", context, &o, &argc, &argv);

  if (status == VN_EXIT_OK && preview != NULL && !g_str_equal (preview, "none") &&
      !g_str_equal (preview, "ascii"))
    status = vn_cli_usage_error ("review", _("--preview must be none or ascii"));
  if (status == VN_EXIT_OK)
    status = review_document (&o, all, g_strcmp0 (preview, "ascii") == 0);
  vn_cli_clear_document_options (&o);
  return status;
}
