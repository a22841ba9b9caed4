/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-patch.c: unified diffs read back and applied as `patch` does with no fuzz: each hunk's
 * context and removed lines must be found exactly, at the line its header names or, failing
 * that, at the nearest line where they are (the offset then carries over to the next hunks).
 * A diff that does not apply whole is not applied at all. Lines are split on "\n" only, so a
 * text with CRLF line ends keeps its "\r" in every line of the diff, as diff and git write
 * them. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-patch.h"

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
