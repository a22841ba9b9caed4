/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-diff.c: unified diffs between two texts. Lines are aligned with vn_align_words, the
 * same near-linear aligner the collation uses, so a whole book diffs in milliseconds. A
 * library (libxdiff, as git has) is not packaged for Debian as a shared library.
 *
 * Diffs are also read back and applied as `patch` does with no fuzz: each hunk's context and
 * removed lines must be found exactly, at the line its header names or, failing that, at the
 * nearest line where they are (the offset then carries over to the next hunks). A diff that
 * does not apply whole is not applied at all. Lines are split on "\n" only, so a text with
 * CRLF line ends keeps its "\r" in every line of the diff, as diff and git write them. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-alignment.h"
#include "vn-diff.h"
#include "vn-error.h"

typedef struct
{
  GPtrArray *lines;    /* char *, each line with its "\n" when it has one */
} Lines;

static void
split_lines (Lines      *out,
             const char *text,
             gsize       len)
{
  gsize start = 0;

  out->lines = g_ptr_array_new_with_free_func (g_free);
  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      {
        g_ptr_array_add (out->lines, g_strndup (text + start, i + 1 - start));
        start = i + 1;
      }
  if (start < len)
    g_ptr_array_add (out->lines, g_strndup (text + start, len - start));
}

static void
emit_line (GString    *out,
           char        mark,
           const char *line)
{
  gsize len = strlen (line);

  g_string_append_c (out, mark);
  g_string_append (out, line);
  if (len == 0 || line[len - 1] != '\n')
    g_string_append (out, "\n\\ No newline at end of file\n");
}

typedef struct
{
  guint a, b;        /* first line of the hunk in old and new, 0-based */
  guint a_end, b_end;
} Range;

static void
emit_hunk (GString      *out,
           const Lines  *old,
           const Lines  *new,
           GArray       *ops,
           guint         first_op,
           guint         last_op,
           const Range  *range)
{
  guint a_len = range->a_end - range->a, b_len = range->b_end - range->b;

  g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n", a_len ? range->a + 1 : range->a, a_len,
                          b_len ? range->b + 1 : range->b, b_len);
  for (guint i = first_op; i <= last_op; i++)
    {
      const VnAlignHunk *h = &g_array_index (ops, VnAlignHunk, i);
      guint a0 = MAX (h->a_start, range->a), a1 = MIN (h->a_start + h->a_len, range->a_end);

      if (h->op == VN_ALIGN_EQUAL)
        {
          for (guint k = a0; k < a1; k++)
            emit_line (out, ' ', g_ptr_array_index (old->lines, k));
          continue;
        }
      for (guint k = 0; k < h->a_len; k++)
        emit_line (out, '-', g_ptr_array_index (old->lines, h->a_start + k));
      for (guint k = 0; k < h->b_len; k++)
        emit_line (out, '+', g_ptr_array_index (new->lines, h->b_start + k));
    }
}

/* The last op of the hunk that starts with change @i: changes closer than 2 × @context
 * equal lines share one hunk. */
static guint
hunk_end (GArray *ops,
          guint   i,
          guint   context)
{
  guint last = i;

  while (last + 1 < ops->len)
    {
      const VnAlignHunk *next = &g_array_index (ops, VnAlignHunk, last + 1);

      if (next->op != VN_ALIGN_EQUAL)
        last++;
      else if (next->a_len <= 2 * context && last + 2 < ops->len &&
               g_array_index (ops, VnAlignHunk, last + 2).op != VN_ALIGN_EQUAL)
        last += 2;
      else
        break;
    }
  return last;
}

static void
emit_hunks (GString     *out,
            const Lines *old,
            const Lines *new,
            GArray      *ops,
            guint        context)
{
  for (guint i = 0; i < ops->len; i++)
    {
      const VnAlignHunk *first = &g_array_index (ops, VnAlignHunk, i), *end;
      guint last, lead, tail;
      Range range;

      if (first->op == VN_ALIGN_EQUAL)
        continue;
      last = hunk_end (ops, i, context);
      end = &g_array_index (ops, VnAlignHunk, last);
      lead = MIN (context, first->a_start);
      tail = MIN (context, old->lines->len - (end->a_start + end->a_len));
      range = (Range) {
        .a = first->a_start - lead, .b = first->b_start - lead,
        .a_end = end->a_start + end->a_len + tail, .b_end = end->b_start + end->b_len + tail,
      };
      emit_hunk (out, old, new, ops, i > 0 ? i - 1 : i, MIN (last + 1, ops->len - 1), &range);
      i = last;
    }
}

/* "--- a/NAME" / "+++ b/NAME" headers, as `git apply` and `patch -p1` expect. */
char *
vn_diff_unified (const char *old_name,
                 const char *new_name,
                 const char *old_text,
                 gsize       old_len,
                 const char *new_text,
                 gsize       new_len,
                 guint       context)
{
  Lines old, new;
  g_autoptr(GArray) ops = NULL;
  GString *out = g_string_new (NULL);

  split_lines (&old, old_text, old_len);
  split_lines (&new, new_text, new_len);
  ops = vn_align_words ((const char * const *) old.lines->pdata, old.lines->len,
                        (const char * const *) new.lines->pdata, new.lines->len);
  if (ops->len > 1 || (ops->len == 1 && g_array_index (ops, VnAlignHunk, 0).op != VN_ALIGN_EQUAL))
    {
      g_string_append_printf (out, "--- a/%s\n+++ b/%s\n", old_name, new_name);
      emit_hunks (out, &old, &new, ops, context);
    }
  g_ptr_array_unref (old.lines);
  g_ptr_array_unref (new.lines);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ from known edits */

/* Where each line of @text starts, and then @len: line i is [starts[i], starts[i + 1]). */
GArray *
vn_diff_line_starts (const char *text,
                     gsize       len)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize at = 0;

  if (len > 0)
    g_array_append_val (starts, at);
  for (const char *p = text; len > 0 && (p = memchr (p, '\n', len - (p - text))) != NULL; p++)
    {
      at = p - text + 1;
      if (at < len)
        g_array_append_val (starts, at);
    }
  g_array_append_val (starts, len);
  return starts;
}

/* The line byte @offset (< the text's length) stands in. */
static guint
line_of (GArray *starts,
         gsize   offset)
{
  guint lo = 0, hi = starts->len - 1;

  while (lo + 1 < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (starts, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static void
emit_lines (GString    *out,
            char        mark,
            const char *text,
            gsize       len)
{
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    if ((i == len && start < len) || (i < len && text[i] == '\n'))
      {
        g_autofree char *line = g_strndup (text + start, MIN (i + 1, len) - start);
        emit_line (out, mark, line);
        start = i + 1;
      }
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    n += text[i] == '\n';
  return n + (len > 0 && text[len - 1] != '\n');
}

/* Old lines [first, last) and what edits [e0, e1) make of them. */
typedef struct
{
  guint    first, last;
  guint    e0, e1;
  GString *text;
  guint    new_lines;
} Group;

static void
clear_group (gpointer data)
{
  Group *g = data;

  if (g->text != NULL)
    g_string_free (g->text, TRUE);
}

/* The old lines edit @e changes: [*first, *last). An insertion at the end of a text that
 * ends with a newline changes no line: it adds lines after the last. */
static void
edit_lines (GArray           *starts,
            const char       *text,
            const VnTextEdit *e,
            guint            *first,
            guint            *last)
{
  gsize len = g_array_index (starts, gsize, starts->len - 1);
  guint n_lines = starts->len - 1;

  if (e->start >= len)
    {
      *first = len > 0 && text[len - 1] != '\n' ? n_lines - 1 : n_lines;
      *last = n_lines;
      return;
    }
  *first = line_of (starts, e->start);
  *last = line_of (starts, e->end > e->start ? e->end - 1 : e->start) + 1;
}

/* What the group's lines become. */
static void
group_text (Group            *g,
            const char       *text,
            GArray           *starts,
            const VnTextEdit *edits)
{
  gsize len = g_array_index (starts, gsize, starts->len - 1);
  gsize p = g_array_index (starts, gsize, g->first), to = g_array_index (starts, gsize, g->last);

  if (g->text != NULL)
    g_string_free (g->text, TRUE);
  g->text = g_string_new (NULL);
  for (guint i = g->e0; i < g->e1; i++)
    {
      g_string_append_len (g->text, text + p, edits[i].start - p);
      g_string_append (g->text, edits[i].text);
      p = edits[i].end;
    }
  g_string_append_len (g->text, text + p, MIN (to, len) - p);
  g->new_lines = count_lines (g->text->str, g->text->len);
}

static GArray *
group_edits (const char       *text,
             GArray           *starts,
             const VnTextEdit *edits,
             guint             n_edits)
{
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (Group));

  g_array_set_clear_func (groups, clear_group);
  for (guint i = 0; i < n_edits; i++)
    {
      Group g = { 0, 0, i, i + 1, NULL, 0 };
      Group *prev = groups->len ? &g_array_index (groups, Group, groups->len - 1) : NULL;

      edit_lines (starts, text, &edits[i], &g.first, &g.last);
      if (prev != NULL && g.first <= prev->last)
        prev->last = MAX (prev->last, g.last), prev->e1 = i + 1;
      else
        g_array_append_val (groups, g);
    }
  for (guint k = 0; k < groups->len; k++)
    {
      Group *g = &g_array_index (groups, Group, k);

      group_text (g, text, starts, edits);
      /* A group whose last line lost its newline runs on into the next line. */
      while (g->text->len > 0 && g->text->str[g->text->len - 1] != '\n' &&
             g->last < starts->len - 1)
        {
          g->last++;
          while (k + 1 < groups->len && g_array_index (groups, Group, k + 1).first < g->last)
            {
              Group *next = &g_array_index (groups, Group, k + 1);
              g->last = MAX (g->last, next->last);
              g->e1 = next->e1;
              g_array_remove_index (groups, k + 1);
              g = &g_array_index (groups, Group, k);
            }
          group_text (g, text, starts, edits);
        }
    }
  return groups;
}

static void
emit_context (GString    *body,
              const char *text,
              GArray     *starts,
              guint       from,
              guint       to)
{
  for (guint l = from; l < to; l++)
    emit_lines (body, ' ', text + g_array_index (starts, gsize, l),
                g_array_index (starts, gsize, l + 1) - g_array_index (starts, gsize, l));
}

/* The unified diff of @old_text to what @edits (sorted, none overlapping) make of it, written
 * from the edits themselves: there is no alignment to search, so it costs what the edited
 * lines cost, whatever the length of the text. @starts is vn_diff_line_starts (@old_text).
 * Changes closer than 2 × @context lines share a hunk, as diff writes them. */
char *
vn_diff_unified_from_edits (const char       *old_name,
                            const char       *new_name,
                            const char       *old_text,
                            GArray           *starts,
                            const VnTextEdit *edits,
                            guint             n_edits,
                            guint             context)
{
  guint n_lines = starts->len - 1;
  g_autoptr(GArray) groups = group_edits (old_text, starts, edits, n_edits);
  GString *out = g_string_new (NULL);
  gint64 shift = 0;   /* new lines minus old lines, of the groups written */

  if (n_edits == 0)
    return g_string_free (out, FALSE);
  g_string_append_printf (out, "--- a/%s\n+++ b/%s\n", old_name, new_name);
  for (guint gi = 0, gj; gi < groups->len; gi = gj + 1)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      guint a, a_end, at;
      gint64 b, b_len;

      for (gj = gi; gj + 1 < groups->len &&
           g_array_index (groups, Group, gj + 1).first - g_array_index (groups, Group, gj).last
           <= 2 * context; gj++)
        ;
      at = a = MAX ((gint64) g_array_index (groups, Group, gi).first - context, 0);
      a_end = MIN (n_lines, g_array_index (groups, Group, gj).last + context);
      b = a + shift;
      b_len = a_end - a;
      for (guint k = gi; k <= gj; k++)
        {
          const Group *g = &g_array_index (groups, Group, k);
          gsize from = g_array_index (starts, gsize, g->first);

          emit_context (body, old_text, starts, at, g->first);
          emit_lines (body, '-', old_text + from, g_array_index (starts, gsize, g->last) - from);
          emit_lines (body, '+', g->text->str, g->text->len);
          shift += (gint64) g->new_lines - (g->last - g->first);
          b_len += (gint64) g->new_lines - (g->last - g->first);
          at = g->last;
        }
      emit_context (body, old_text, starts, at, a_end);
      g_string_append_printf (out, "@@ -%u,%u +%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT " @@\n",
                              a_end > a ? a + 1 : a, a_end - a, b_len > 0 ? b + 1 : b, b_len);
      g_string_append_len (out, body->str, body->len);
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ reading */

typedef struct
{
  guint      old_start, old_count;
  guint      new_start, new_count;
  guint      diff_line;   /* of its "@@" header, from 1 */
  GPtrArray *lines;       /* char *: ' ', '-' or '+', then the line with its "\n" if it has one */
} Hunk;

typedef struct
{
  char   *old_name;
  char   *new_name;
  GArray *hunks;          /* Hunk */
} PatchFile;

struct _VnPatch
{
  char   *display_name;
  GArray *files;          /* PatchFile */
};

/* A line of the diff, without its "\n". */
typedef struct
{
  const char *text;
  gsize       len;
} DiffLine;

typedef struct
{
  VnPatch *patch;
  GArray  *lines;         /* DiffLine */
  guint    at;            /* the next line to read */
} Reader;

static void
clear_hunk (gpointer data)
{
  g_clear_pointer (&((Hunk *) data)->lines, g_ptr_array_unref);
}

static void
clear_file (gpointer data)
{
  PatchFile *file = data;

  g_clear_pointer (&file->old_name, g_free);
  g_clear_pointer (&file->new_name, g_free);
  g_clear_pointer (&file->hunks, g_array_unref);
}

void
vn_patch_free (VnPatch *patch)
{
  if (patch == NULL)
    return;
  g_free (patch->display_name);
  g_array_unref (patch->files);
  g_free (patch);
}

static GArray *
split_diff_lines (const char *data,
                  gsize       len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (DiffLine));
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    if (i == len || data[i] == '\n')
      {
        DiffLine line = { data + start, i - start };

        if (i < len || line.len > 0)
          g_array_append_val (lines, line);
        start = i + 1;
      }
  return lines;
}

static gboolean
line_has_prefix (const DiffLine *line,
                 const char     *prefix)
{
  gsize n = strlen (prefix);

  return line->len >= n && memcmp (line->text, prefix, n) == 0;
}

/* "--- a/name\t2024-01-01 …" gives "a/name": the time stamp and a CR are not the name. */
static char *
header_name (const DiffLine *line)
{
  const char *name = line->text + 4;
  gsize n = line->len - 4;
  const char *tab = memchr (name, '\t', n);

  if (tab != NULL)
    n = tab - name;
  while (n > 0 && (name[n - 1] == '\r' || name[n - 1] == ' '))
    n--;
  return g_strndup (name, n);
}

static gboolean
parse_number (const char **p,
              guint       *value)
{
  guint64 v = 0;
  const char *start = *p;

  while (g_ascii_isdigit (**p) && v <= G_MAXINT)
    v = v * 10 + (*(*p)++ - '0');
  *value = (guint) v;
  return *p > start && v <= G_MAXINT && !g_ascii_isdigit (**p);
}

/* "-12,3" or "-12" (a count of one). */
static gboolean
parse_range (const char **p,
             char         sign,
             guint       *start,
             guint       *count)
{
  if (**p != sign)
    return FALSE;
  (*p)++;
  if (!parse_number (p, start))
    return FALSE;
  *count = 1;
  if (**p != ',')
    return TRUE;
  (*p)++;
  return parse_number (p, count);
}

static gboolean
parse_hunk_header (const DiffLine *line,
                   Hunk           *hunk)
{
  g_autofree char *header = g_strndup (line->text, line->len);
  const char *p = header + 3;

  return parse_range (&p, '-', &hunk->old_start, &hunk->old_count) && *p++ == ' ' &&
         parse_range (&p, '+', &hunk->new_start, &hunk->new_count) && g_str_has_prefix (p, " @@");
}

static gboolean
reader_error (Reader      *r,
              GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (3, 4);

static gboolean
reader_error (Reader      *r,
              GError     **error,
              const char  *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, "%s: %s", r->patch->display_name, message);
  return FALSE;
}

/* "\ No newline at end of file" (in any language) ends the line before it without "\n". */
static gboolean
strip_last_newline (Reader     *r,
                    Hunk       *hunk,
                    guint       number,
                    GError    **error)
{
  char *last;
  gsize n;

  if (hunk->lines->len == 0)
    return reader_error (r, error, _("line %u says “No newline at end of file” before any line "
                                     "of its hunk; the diff is damaged."), number);
  last = g_ptr_array_index (hunk->lines, hunk->lines->len - 1);
  n = strlen (last);
  if (n > 1 && last[n - 1] == '\n')
    last[n - 1] = '\0';
  return TRUE;
}

/* One line of a hunk's body. An empty line is an empty context line: some mailers and editors
 * strip the space that starts it, and patch accepts it so. */
static gboolean
read_hunk_line (Reader    *r,
                Hunk      *hunk,
                guint     *old_seen,
                guint     *new_seen,
                GError   **error)
{
  const DiffLine *line = &g_array_index (r->lines, DiffLine, r->at);
  char mark = line->len > 0 ? line->text[0] : ' ';
  guint number = r->at + 1;

  r->at++;
  if (mark == '\\')
    return strip_last_newline (r, hunk, number, error);
  if (mark != ' ' && mark != '-' && mark != '+')
    return reader_error (r, error, _("line %u, in the hunk that starts on line %u, begins with "
                                     "neither a space, “-” nor “+”: the hunk is shorter than "
                                     "its header “@@ -%u,%u +%u,%u @@” says. The diff was cut "
                                     "or edited by hand."),
                         number, hunk->diff_line, hunk->old_start, hunk->old_count,
                         hunk->new_start, hunk->new_count);
  *old_seen += mark != '+';
  *new_seen += mark != '-';
  if (*old_seen > hunk->old_count || *new_seen > hunk->new_count)
    return reader_error (r, error, _("the hunk that starts on line %u has more lines than its "
                                     "header counts (line %u is one too many). The diff was "
                                     "edited by hand."),
                         hunk->diff_line, number);
  g_ptr_array_add (hunk->lines,
                   g_strdup_printf ("%c%.*s\n", mark, (int) MAX (line->len, 1) - 1,
                                    line->len > 0 ? line->text + 1 : ""));
  return TRUE;
}

/* A removed or added line right after a hunk means its header counted too few: applying the
 * hunk without it would be wrong. ("-- " is the signature `git format-patch` ends with.) */
static gboolean
check_hunk_end (Reader      *r,
                const Hunk  *hunk,
                GError     **error)
{
  const DiffLine *next;

  if (r->at >= r->lines->len)
    return TRUE;
  next = &g_array_index (r->lines, DiffLine, r->at);
  if ((!line_has_prefix (next, "-") && !line_has_prefix (next, "+")) ||
      line_has_prefix (next, "--- ") || line_has_prefix (next, "+++ ") ||
      (next->len == 3 && line_has_prefix (next, "-- ")))
    return TRUE;
  return reader_error (r, error, _("the hunk that starts on line %u has more lines than its "
                                   "header “@@ -%u,%u +%u,%u @@” counts (line %u is one too "
                                   "many). The diff was edited by hand."), hunk->diff_line,
                       hunk->old_start, hunk->old_count, hunk->new_start, hunk->new_count,
                       r->at + 1);
}

static gboolean
read_hunk (Reader     *r,
           PatchFile  *file,
           GError    **error)
{
  Hunk hunk = { .diff_line = r->at + 1 };
  guint old_seen = 0, new_seen = 0;

  if (!parse_hunk_header (&g_array_index (r->lines, DiffLine, r->at), &hunk))
    return reader_error (r, error, _("line %u is not a hunk header like “@@ -12,3 +12,4 @@”."),
                         hunk.diff_line);
  hunk.lines = g_ptr_array_new_with_free_func (g_free);
  g_array_append_val (file->hunks, hunk);
  r->at++;
  while (old_seen < hunk.old_count || new_seen < hunk.new_count)
    {
      if (r->at >= r->lines->len)
        return reader_error (r, error, _("the diff ends inside the hunk that starts on line "
                                         "%u; it was cut short."), hunk.diff_line);
      if (!read_hunk_line (r, &g_array_index (file->hunks, Hunk, file->hunks->len - 1),
                           &old_seen, &new_seen, error))
        return FALSE;
    }
  if (r->at < r->lines->len && line_has_prefix (&g_array_index (r->lines, DiffLine, r->at), "\\") &&
      !strip_last_newline (r, &g_array_index (file->hunks, Hunk, file->hunks->len - 1),
                           ++r->at, error))
    return FALSE;
  return check_hunk_end (r, &hunk, error);
}

static PatchFile *
add_file (VnPatch        *patch,
          const DiffLine *old_header,
          const DiffLine *new_header)
{
  PatchFile file = {
    .old_name = header_name (old_header), .new_name = header_name (new_header),
    .hunks = g_array_new (FALSE, TRUE, sizeof (Hunk)),
  };

  g_array_set_clear_func (file.hunks, clear_hunk);
  g_array_append_val (patch->files, file);
  return &g_array_index (patch->files, PatchFile, patch->files->len - 1);
}

/* Lines outside hunks ("diff --git", "index …", mail headers) are skipped, as patch does. */
static gboolean
read_patch (Reader  *r,
            GError **error)
{
  PatchFile *file = NULL;

  while (r->at < r->lines->len)
    {
      const DiffLine *line = &g_array_index (r->lines, DiffLine, r->at);

      if (line_has_prefix (line, "--- ") && r->at + 1 < r->lines->len &&
          line_has_prefix (&g_array_index (r->lines, DiffLine, r->at + 1), "+++ "))
        {
          file = add_file (r->patch, line, &g_array_index (r->lines, DiffLine, r->at + 1));
          r->at += 2;
        }
      else if (line_has_prefix (line, "@@ ") && file == NULL)
        return reader_error (r, error, _("line %u starts a hunk before any “--- ” and “+++ ” "
                                         "lines name the file it changes."), r->at + 1);
      else if (line_has_prefix (line, "@@ "))
        {
          if (!read_hunk (r, file, error))
            return FALSE;
        }
      else
        r->at++;
    }
  return TRUE;
}

static gboolean
is_blank (const char *data,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/* Files named with no hunk (a mode change, say) change no text and are dropped. An empty
 * diff, which is what no change gives, reads as a patch of no files. */
VnPatch *
vn_patch_new_from_data (const char  *data,
                        gsize        len,
                        const char  *display_name,
                        GError     **error)
{
  g_autoptr(VnPatch) patch = g_new0 (VnPatch, 1);
  g_autoptr(GArray) lines = split_diff_lines (data, len);
  Reader r = { .patch = patch, .lines = lines };

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  patch->display_name = g_strdup (display_name ? display_name : _("the diff"));
  patch->files = g_array_new (FALSE, TRUE, sizeof (PatchFile));
  g_array_set_clear_func (patch->files, clear_file);
  if (!read_patch (&r, error))
    return NULL;
  for (guint i = patch->files->len; i > 0; i--)
    if (g_array_index (patch->files, PatchFile, i - 1).hunks->len == 0)
      g_array_remove_index (patch->files, i - 1);
  if (patch->files->len == 0 && !is_blank (data, len))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is not a unified diff: it has no hunk (a line like “@@ -12,3 +12,4 @@” "
                     "after “--- ” and “+++ ” lines); make one with “diff -u” or “git diff”."),
                   patch->display_name);
      return NULL;
    }
  return g_steal_pointer (&patch);
}

guint
vn_patch_get_n_files (VnPatch *patch)
{
  g_return_val_if_fail (patch != NULL, 0);
  return patch->files->len;
}

static PatchFile *
patch_file (VnPatch *patch,
            guint    file)
{
  g_return_val_if_fail (patch != NULL && file < patch->files->len, NULL);
  return &g_array_index (patch->files, PatchFile, file);
}

const char *
vn_patch_get_old_name (VnPatch *patch,
                       guint    file)
{
  PatchFile *f = patch_file (patch, file);
  return f ? f->old_name : NULL;
}

const char *
vn_patch_get_new_name (VnPatch *patch,
                       guint    file)
{
  PatchFile *f = patch_file (patch, file);
  return f ? f->new_name : NULL;
}

guint
vn_patch_get_n_hunks (VnPatch *patch,
                      guint    file)
{
  PatchFile *f = patch_file (patch, file);
  return f ? f->hunks->len : 0;
}

static gboolean
names_file (const char *header_name,
            const char *basename)
{
  g_autofree char *base = g_path_get_basename (header_name);
  return g_str_equal (base, basename);
}

/* The file of the diff that changes @target_name: the only one, or the one of that name. */
gboolean
vn_patch_find_file (VnPatch     *patch,
                    const char  *target_name,
                    guint       *file,
                    GError     **error)
{
  g_autofree char *basename = g_path_get_basename (target_name);

  g_return_val_if_fail (patch != NULL && file != NULL, FALSE);

  *file = 0;
  if (patch->files->len == 1)
    return TRUE;
  for (guint i = 0; i < patch->files->len; i++)
    {
      PatchFile *f = &g_array_index (patch->files, PatchFile, i);
      if (names_file (f->new_name, basename) || names_file (f->old_name, basename))
        {
          *file = i;
          return TRUE;
        }
    }
  if (patch->files->len == 0)
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("%s changes no file."),
                 patch->display_name);
  else
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 ngettext ("%s changes %u file, none of them named %s; give a diff of that "
                           "file alone.",
                           "%s changes %u files, none of them named %s; give a diff of that "
                           "file alone.", patch->files->len),
                 patch->display_name, patch->files->len, basename);
  return FALSE;
}

/* ------------------------------------------------------------------ applying */

/* Lines of a text, each with its "\n" when it has one. */
static GArray *
split_text_lines (const char *text,
                  gsize       len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (DiffLine));
  gsize start = 0;

  for (gsize i = 0; i < len; i++)
    if (text[i] == '\n')
      {
        DiffLine line = { text + start, i + 1 - start };
        g_array_append_val (lines, line);
        start = i + 1;
      }
  if (start < len)
    {
      DiffLine line = { text + start, len - start };
      g_array_append_val (lines, line);
    }
  return lines;
}

static gboolean
hunk_matches (const Hunk *hunk,
              GArray     *lines,
              guint       at)
{
  guint k = at;

  for (guint i = 0; i < hunk->lines->len; i++)
    {
      const char *line = g_ptr_array_index (hunk->lines, i);
      gsize n = strlen (line + 1);
      const DiffLine *text;

      if (line[0] == '+')
        continue;
      if (k >= lines->len)
        return FALSE;
      text = &g_array_index (lines, DiffLine, k++);
      if (text->len != n || memcmp (text->text, line + 1, n) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The line where @hunk applies: the one its header names, moved by @offset (what the hunks
 * before it were moved by), else the nearest one where its old lines are, after @min_at. */
static gboolean
locate_hunk (const Hunk *hunk,
             GArray     *lines,
             guint       min_at,
             gint64      offset,
             guint      *at)
{
  gint64 expected = (gint64) (hunk->old_count == 0 ? hunk->old_start
                                                    : MAX (hunk->old_start, 1) - 1) + offset;
  gint64 last = (gint64) lines->len - hunk->old_count;
  /* Only distances that reach [min_at, last]: a header naming line 2000000000 of a short
   * text must not cost two billion steps. */
  gint64 nearest = MAX (expected - last, (gint64) min_at - expected);
  gint64 farthest = MAX (ABS (expected - (gint64) min_at), ABS (last - expected));

  if (last < (gint64) min_at)
    return FALSE;
  for (gint64 d = MAX (nearest, 0); d <= farthest; d++)
    for (int sign = 1; sign >= -1; sign -= 2)
      {
        gint64 candidate = expected + sign * d;

        if (candidate >= min_at && candidate <= last && hunk_matches (hunk, lines, candidate))
          {
            *at = candidate;
            return TRUE;
          }
        if (d == 0)
          break;
      }
  return FALSE;
}

static void
append_new_lines (GString    *out,
                  const Hunk *hunk)
{
  for (guint i = 0; i < hunk->lines->len; i++)
    {
      const char *line = g_ptr_array_index (hunk->lines, i);
      if (line[0] != '-')
        g_string_append (out, line + 1);
    }
}

static void
append_text_lines (GString *out,
                   GArray  *lines,
                   guint    from,
                   guint    to)
{
  for (guint k = from; k < to; k++)
    g_string_append_len (out, g_array_index (lines, DiffLine, k).text,
                         g_array_index (lines, DiffLine, k).len);
}

/* The text with each hunk's new lines in place of its old ones, found at @found. */
static char *
build_patched (const PatchFile *f,
               GArray          *lines,
               const guint     *found,
               gsize            len,
               gsize           *out_len)
{
  GString *out = g_string_sized_new (len + 64);
  guint copied = 0;

  for (guint h = 0; h < f->hunks->len; h++)
    {
      const Hunk *hunk = &g_array_index (f->hunks, Hunk, h);

      append_text_lines (out, lines, copied, found[h]);
      append_new_lines (out, hunk);
      copied = found[h] + hunk->old_count;
    }
  append_text_lines (out, lines, copied, lines->len);
  if (out_len != NULL)
    *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* Applies every hunk of @file to @text, or none: on failure nothing is returned but the
 * error, which names the hunk and where it was looked for. */
char *
vn_patch_apply (VnPatch     *patch,
                guint        file,
                const char  *text,
                gsize        len,
                const char  *text_name,
                gsize       *out_len,
                GError     **error)
{
  PatchFile *f = patch_file (patch, file);
  g_autoptr(GArray) lines = NULL;
  g_autofree guint *found = NULL;
  guint min_at = 0;
  gint64 offset = 0;

  g_return_val_if_fail (f != NULL && (text != NULL || len == 0), NULL);

  lines = split_text_lines (text, len);
  found = g_new (guint, MAX (f->hunks->len, 1));
  for (guint h = 0; h < f->hunks->len; h++)
    {
      const Hunk *hunk = &g_array_index (f->hunks, Hunk, h);
      guint expected = hunk->old_count == 0 ? hunk->old_start : MAX (hunk->old_start, 1) - 1;

      if (!locate_hunk (hunk, lines, min_at, offset, &found[h]))
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                       _("Hunk %u of %s (line %u, “@@ -%u,%u +%u,%u @@”) does not apply to "
                         "%s: the lines it changes are not there, near line %u or anywhere "
                         "after the hunk before it, so the diff was made from another version "
                         "of the text; nothing was changed."), h + 1, patch->display_name,
                       hunk->diff_line, hunk->old_start, hunk->old_count, hunk->new_start,
                       hunk->new_count, text_name ? text_name : _("the text"),
                       MAX (hunk->old_start, 1));
          return NULL;
        }
      offset = (gint64) found[h] - expected;
      min_at = found[h] + hunk->old_count;
    }
  return build_patched (f, lines, found, len, out_len);
}

/* ------------------------------------------------------------------ word edits */

typedef struct
{
  guint start, end;
} Span;

typedef struct
{
  guint a, b;   /* offsets in the old and the new text up to which the texts correspond */
} Sync;

/* As the transcription splits words: no-break spaces and a byte-order mark separate them. */
static gboolean
is_word_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0xFEFF;
}

static GArray *
split_words (const char  *text,
             gsize        len,
             GPtrArray   *keys)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Span));
  gssize start = -1;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gboolean end = p >= text + len;

      if (!end && !is_word_space (g_utf8_get_char (p)))
        {
          if (start < 0)
            start = p - text;
          continue;
        }
      if (start >= 0)
        {
          Span word = { start, p - text };
          g_array_append_val (words, word);
          g_ptr_array_add (keys, g_strndup (text + word.start, word.end - word.start));
        }
      start = -1;
      if (end)
        return words;
    }
}

/* Syncs only move forward in both texts. */
static void
add_sync (GArray *syncs,
          guint   a,
          guint   b)
{
  Sync sync = { a, b };
  const Sync *last = syncs->len ? &g_array_index (syncs, Sync, syncs->len - 1) : NULL;

  if (last == NULL || (last->a <= a && last->b <= b))
    g_array_append_val (syncs, sync);
}

typedef struct
{
  const char *old_text, *new_text;
  GArray     *old_words, *new_words;   /* Span */
  GArray     *syncs;
} SyncFinder;

/* Between two hunks of the alignment, before old word @i and new word @j: the gap there
 * separates two edits when it is the same in both texts. */
static void
add_boundary_syncs (SyncFinder *f,
                    guint       i,
                    guint       j)
{
  const Span *a1, *a2, *b1, *b2;

  if (i == 0 || j == 0 || i >= f->old_words->len || j >= f->new_words->len)
    return;
  a1 = &g_array_index (f->old_words, Span, i - 1), a2 = &g_array_index (f->old_words, Span, i);
  b1 = &g_array_index (f->new_words, Span, j - 1), b2 = &g_array_index (f->new_words, Span, j);
  if (a2->start - a1->end != b2->start - b1->end ||
      memcmp (f->old_text + a1->end, f->new_text + b1->end, a2->start - a1->end) != 0)
    return;
  add_sync (f->syncs, a1->end, b1->end);
  add_sync (f->syncs, a2->start, b2->start);
}

/* Offsets where the two texts correspond: around every word the aligner found equal, and
 * around every unchanged gap between two changes, so that each edit stays small. Any
 * forward-moving offsets would be correct; these give word-sized edits. */
static GArray *
find_syncs (SyncFinder *f,
            GArray     *ops,
            gsize       old_len,
            gsize       new_len)
{
  f->syncs = g_array_new (FALSE, FALSE, sizeof (Sync));
  add_sync (f->syncs, 0, 0);
  for (guint i = 0; i < ops->len; i++)
    {
      const VnAlignHunk *h = &g_array_index (ops, VnAlignHunk, i);

      if (i > 0)
        add_boundary_syncs (f, h->a_start, h->b_start);
      if (h->op != VN_ALIGN_EQUAL)
        continue;
      for (guint k = 0; k < h->a_len; k++)
        {
          const Span *a = &g_array_index (f->old_words, Span, h->a_start + k);
          const Span *b = &g_array_index (f->new_words, Span, h->b_start + k);

          add_sync (f->syncs, a->start, b->start);
          add_sync (f->syncs, a->end, b->end);
        }
    }
  add_sync (f->syncs, old_len, new_len);
  return f->syncs;
}

/* The bytes both texts share at the start of [*a, a_end) and [*b, b_end), whole characters. */
static void
skip_common_prefix (const char *old_text,
                    guint      *a,
                    guint       a_end,
                    const char *new_text,
                    guint      *b,
                    guint       b_end)
{
  while (*a < a_end && *b < b_end)
    {
      guint n = g_utf8_next_char (old_text + *a) - (old_text + *a);

      if (*a + n > a_end || *b + n > b_end || memcmp (old_text + *a, new_text + *b, n) != 0)
        return;
      *a += n, *b += n;
    }
}

static void
skip_common_suffix (const char *old_text,
                    guint       a_start,
                    guint      *a_end,
                    const char *new_text,
                    guint       b_start,
                    guint      *b_end)
{
  while (*a_end > a_start && *b_end > b_start)
    {
      const char *prev = g_utf8_find_prev_char (old_text + a_start, old_text + *a_end);
      guint n = prev ? (guint) (old_text + *a_end - prev) : 1;

      if (n > *a_end - a_start || n > *b_end - b_start ||
          memcmp (old_text + *a_end - n, new_text + *b_end - n, n) != 0)
        return;
      *a_end -= n, *b_end -= n;
    }
}

static gboolean
space_before (const char *text,
              guint       at,
              guint       floor)
{
  const char *prev = g_utf8_find_prev_char (text + floor, text + at);
  return prev == NULL || is_word_space (g_utf8_get_char (prev));
}

/* The change between two syncs, narrowed to what differs and widened again to whole words
 * (the characters it widens over are the same in both texts). */
static void
add_edit (GArray     *edits,
          const char *old_text,
          const char *new_text,
          const Sync *from,
          const Sync *to)
{
  VnWordEdit e = { from->a, to->a, from->b, to->b };

  if (e.end - e.start == e.new_end - e.new_start &&
      memcmp (old_text + e.start, new_text + e.new_start, e.end - e.start) == 0)
    return;
  skip_common_prefix (old_text, &e.start, e.end, new_text, &e.new_start, e.new_end);
  skip_common_suffix (old_text, e.start, &e.end, new_text, e.new_start, &e.new_end);
  while (e.start > from->a && !space_before (old_text, e.start, from->a))
    {
      guint n = old_text + e.start - g_utf8_find_prev_char (old_text, old_text + e.start);
      e.start -= n, e.new_start -= n;
    }
  while (e.end < to->a && !is_word_space (g_utf8_get_char (old_text + e.end)))
    {
      guint n = g_utf8_next_char (old_text + e.end) - (old_text + e.end);
      e.end += n, e.new_end += n;
    }
  g_array_append_val (edits, e);
}

/* The word-sized edits that turn @old_text into @new_text (both valid UTF-8), in text order,
 * none touching another: words are aligned with vn_align_words, and each stretch between
 * words they share becomes one edit, as small as whole words allow. */
GArray *
vn_diff_word_edits (const char *old_text,
                    gsize       old_len,
                    const char *new_text,
                    gsize       new_len)
{
  g_autoptr(GPtrArray) old_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) new_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) old_words = split_words (old_text, old_len, old_keys);
  g_autoptr(GArray) new_words = split_words (new_text, new_len, new_keys);
  g_autoptr(GArray) ops = vn_align_words ((const char * const *) old_keys->pdata, old_keys->len,
                                          (const char * const *) new_keys->pdata, new_keys->len);
  SyncFinder finder = { old_text, new_text, old_words, new_words, NULL };
  g_autoptr(GArray) syncs = find_syncs (&finder, ops, old_len, new_len);
  GArray *edits = g_array_new (FALSE, FALSE, sizeof (VnWordEdit));

  for (guint i = 0; i + 1 < syncs->len; i++)
    add_edit (edits, old_text, new_text, &g_array_index (syncs, Sync, i),
              &g_array_index (syncs, Sync, i + 1));
  return edits;
}
