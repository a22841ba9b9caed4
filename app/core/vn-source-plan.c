/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-plan.c: the plan of a write-back: what each unit of the published file (a
 * word, a line of text) becomes after the corrections, a line's edits shared out over its
 * words and the boxes of split words shared out over their parts. */
#include <string.h>

#include "vn-error.h"
#include "vn-source-private.h"

/* ------------------------------------------------------------------ the plan */

typedef struct
{
  guint  start;   /* canonical, within one line's text */
  guint  end;
  char  *text;
  guint  new_start;  /* in the line's new text */
  guint  new_end;
} LocalEdit;

static void
clear_local_edit (gpointer data)
{
  g_free (((LocalEdit *) data)->text);
}

/* The first line whose text ends at or after @offset. */
static guint
line_at (VnSource *self,
         guint     offset)
{
  guint lo = 0, hi = self->lines->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->lines, VnSourceLine, mid).end < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
add_local (GArray     **per_line,
           VnSource    *self,
           guint        line,
           guint        start,
           guint        end,
           const char  *text,
           gssize       len)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  LocalEdit edit;
  g_autofree char *piece = g_strndup (text, len < 0 ? strlen (text) : (gsize) len);

  edit.start = CLAMP (start, l->start, l->end);
  edit.end = CLAMP (end, edit.start, l->end);
  edit.text = _vn_source_one_line (piece);
  if (per_line[line] == NULL)
    {
      per_line[line] = g_array_new (FALSE, TRUE, sizeof (LocalEdit));
      g_array_set_clear_func (per_line[line], clear_local_edit);
    }
  g_array_append_val (per_line[line], edit);
}

static gsize
common_suffix (const char *a,
               gsize       a_len,
               const char *b,
               gsize       b_len)
{
  gsize n = 0;

  while (n < a_len && n < b_len && a[a_len - 1 - n] == b[b_len - 1 - n])
    n++;
  /* Whole characters only. */
  while (n > 0 && (a[a_len - n] & 0xC0) == 0x80)
    n--;
  return n;
}

/* An edit over several lines: the file keeps its lines, so its text is shared out — at its
 * own line breaks where it has them, else the part that ends like the last line's old text
 * goes there, and the rest to the first line. */
static void
split_edit (GArray          **per_line,
            VnSource         *self,
            const VnTextEdit *edit,
            guint             first,
            guint             last)
{
  const VnSourceLine *end_line = &g_array_index (self->lines, VnSourceLine, last);
  const char *text = edit->text;
  gsize len = strlen (text);
  guint breaks = 0;

  for (const char *p = text; *p; p++)
    breaks += *p == '\n';
  if (breaks >= last - first)
    {
      const char *p = text;

      for (guint l = first; l <= last; l++)
        {
          const char *nl = l < last ? strchr (p, '\n') : NULL;

          add_local (per_line, self, l, edit->start, edit->end, p, nl ? nl - p : -1);
          p = nl ? nl + 1 : p + strlen (p);
        }
      return;
    }
  {
    guint old_start = MAX (end_line->start, edit->start);
    guint old_end = MIN (end_line->end, edit->end);
    gsize suffix = old_end > old_start
                   ? common_suffix (text, len, self->text->str + old_start, old_end - old_start)
                   : 0;

    add_local (per_line, self, first, edit->start, edit->end, text, len - suffix);
    for (guint l = first + 1; l < last; l++)
      add_local (per_line, self, l, edit->start, edit->end, "", 0);
    add_local (per_line, self, last, edit->start, edit->end, text + len - suffix, suffix);
  }
}

static void
distribute_edit (GArray          **per_line,
                 VnSource         *self,
                 const VnTextEdit *edit)
{
  guint first = line_at (self, edit->start), last = first;

  if (self->lines->len == 0)
    return;
  /* Only between lines (a blank line changed): to the line before, or else the one after. */
  if (first >= self->lines->len ||
      g_array_index (self->lines, VnSourceLine, first).start > edit->end)
    {
      guint line = first > 0 ? first - 1 : 0;
      const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
      guint at = line < first ? l->end : l->start;

      add_local (per_line, self, line, at, at, edit->text, -1);
      return;
    }
  while (last + 1 < self->lines->len &&
         g_array_index (self->lines, VnSourceLine, last + 1).start <= edit->end &&
         !(edit->start == edit->end &&
           g_array_index (self->lines, VnSourceLine, last).end >= edit->start))
    last++;
  if (first == last)
    add_local (per_line, self, first, edit->start, edit->end, edit->text, -1);
  else
    split_edit (per_line, self, edit, first, last);
}

/* The line's new text; each edit learns where its text went. */
static char *
apply_local (VnSource *self,
             guint     line,
             GArray   *edits)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  GString *out = g_string_new (NULL);
  guint at = l->start;

  for (guint i = 0; edits && i < edits->len; i++)
    {
      LocalEdit *e = &g_array_index (edits, LocalEdit, i);

      e->start = MAX (e->start, at);
      e->end = MAX (e->end, e->start);
      g_string_append_len (out, self->text->str + at, e->start - at);
      e->new_start = out->len;
      g_string_append (out, e->text);
      e->new_end = out->len;
      at = e->end;
    }
  g_string_append_len (out, self->text->str + at, l->end - at);
  return g_string_free (out, FALSE);
}

/* Where old offset @p of line @l lands in its new text. A unit's start inside an edit lands
 * at the edit's end (the unit before took its text), unless the edit began after that unit;
 * a unit's end inside an edit lands at the edit's end, and takes an insertion right after
 * it. Text that lands between two units goes to the first (plan_line ()). */
static guint
map_offset (const VnSourceLine *l,
            GArray             *edits,
            guint               p,
            gboolean            is_end,
            guint               previous_end)
{
  const LocalEdit *last = NULL;

  for (guint i = 0; edits && i < edits->len; i++)
    {
      const LocalEdit *e = &g_array_index (edits, LocalEdit, i);

      if (is_end && e->start == p && e->end == p)
        return e->new_end;
      if (e->start > p || (is_end && e->start == p))
        break;
      if (!is_end && e->start == p)
        return e->new_start;
      if (p < e->end)
        return !is_end && e->start > previous_end ? e->new_start : e->new_end;
      last = e;
    }
  return last ? last->new_end + (p - last->end) : p - l->start;
}

static GArray *
split_words (const char *text,
             gsize       len)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (char *));
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) parts = g_strsplit (copy, " ", -1);

  for (guint i = 0; parts[i]; i++)
    if (*parts[i] != '\0')
      {
        char *word = g_strdup (parts[i]);
        g_array_append_val (words, word);
      }
  return words;
}

/* Boxes of a split: the old box shared out by characters. */
static VnBox
share_of_box (VnBox    box,
              glong    before,
              glong    chars,
              glong    total)
{
  VnBox part = box;

  total = MAX (total, 1);
  part.x = box.x + (int) ((double) box.w * before / total);
  part.w = MAX (1, (int) ((double) box.w * chars / total));
  return part;
}

static void
plan_word (VnSource     *self,
           VnSourcePlan *plan,
           guint         index,
           const char   *new_text,
           gsize         new_len,
           int          *kept)
{
  const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, index);
  VnUnitPlan *up = &plan->units[index];
  g_autoptr(GArray) words = split_words (new_text, new_len);
  glong total = 0, done = 0;

  up->box = unit->box;
  if (words->len == 1 && strlen (g_array_index (words, char *, 0)) == unit->end - unit->start &&
      memcmp (g_array_index (words, char *, 0), self->text->str + unit->start,
              unit->end - unit->start) == 0)
    {
      g_free (g_array_index (words, char *, 0));
      *kept = index;
      return;
    }
  up->changed = TRUE;
  if (words->len == 0)
    {
      up->removed = TRUE;
      /* A merge: the word before now covers this one's place too. */
      if (*kept >= 0 && unit->has_box && plan->units[*kept].text != NULL &&
          g_array_index (self->units, VnSourceUnit, *kept).line == unit->line)
        {
          plan->units[*kept].changed = TRUE;
          plan->units[*kept].box_changed = TRUE;
          plan->units[*kept].box = vn_box_union (plan->units[*kept].box, unit->box);
        }
      return;
    }
  for (guint w = 0; w < words->len; w++)
    total += g_utf8_strlen (g_array_index (words, char *, w), -1);
  up->text = g_array_index (words, char *, 0);
  for (guint w = 0; w < words->len; w++)
    {
      char *word = g_array_index (words, char *, w);
      glong chars = g_utf8_strlen (word, -1);
      VnBox box = words->len > 1 ? share_of_box (unit->box, done, chars, total) : unit->box;

      done += chars;
      if (w == 0)
        {
          up->box = box;
          up->box_changed = words->len > 1;
          continue;
        }
      if (up->extra == NULL)
        up->extra = g_array_new (FALSE, TRUE, sizeof (VnNewWord));
      g_array_append_val (up->extra, ((VnNewWord) { word, box }));
    }
  *kept = index;
}

/* Where each unit's text lies in the line's new text ([starts[k], ends[k])). */
static void
map_units (VnSource   *self,
           guint       line,
           GArray     *edits,
           const char *text,
           guint      *starts,
           guint      *ends)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  guint previous_end = l->start, new_previous_end = 0;
  gsize len = strlen (text);

  for (guint k = 0; k < l->n_units; k++)
    {
      const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, l->first_unit + k);
      guint na = map_offset (l, edits, unit->start, FALSE, previous_end);
      guint nb;

      /* The last unit takes what follows it; text between two units goes to the first. */
      if (k + 1 < l->n_units)
        {
          const VnSourceUnit *next = unit + 1;
          guint next_na = map_offset (l, edits, next->start, FALSE, unit->end);

          nb = map_offset (l, edits, unit->end, TRUE, 0);
          for (guint q = nb; q < next_na && q < len; q++)
            if (text[q] != ' ')
              nb = next_na;
        }
      else
        nb = len;
      na = MAX (na, new_previous_end);
      nb = MAX (nb, na);
      new_previous_end = nb;
      previous_end = unit->end;
      starts[k] = na;
      ends[k] = nb;
    }
}

/* Words whose space an edit took away ("wagon Restaurant." → "wagon-Restaurant."): the word
 * before takes the text up to the next space, and the words it covers are merged into it.
 * ALTO's HYP and TEI's runs of text follow their neighbours without a space. */
static void
join_at_lost_spaces (VnSource   *self,
                     guint       line,
                     const char *text,
                     guint      *starts,
                     guint      *ends)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  gsize len = strlen (text);

  for (guint k = 0; k + 1 < l->n_units; k++)
    {
      const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, l->first_unit + k);
      const VnSourceUnit *next = unit + 1;

      if (unit->kind == VN_UNIT_TEXT || unit->kind == VN_UNIT_HYPHEN ||
          next->kind == VN_UNIT_TEXT || next->kind == VN_UNIT_HYPHEN ||
          ends[k] == starts[k] || ends[k] >= len || text[ends[k] - 1] == ' ' ||
          text[ends[k]] == ' ')
        continue;
      while (ends[k] < len && text[ends[k]] != ' ')
        ends[k]++;
      for (guint j = k + 1; j < l->n_units; j++)
        {
          starts[j] = MAX (starts[j], ends[j - 1]);
          ends[j] = MAX (ends[j], starts[j]);
        }
    }
}

static void
plan_line (VnSource     *self,
           VnSourcePlan *plan,
           guint         line,
           GArray       *edits)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  g_autofree char *text = apply_local (self, line, edits);
  g_autofree guint *starts = NULL, *ends = NULL;
  int kept = -1;

  if (strlen (text) == l->end - l->start &&
      memcmp (text, self->text->str + l->start, l->end - l->start) == 0)
    return;
  plan->lines[line].changed = TRUE;
  plan->lines[line].text = g_strdup (text);
  plan->n_changed++;
  starts = g_new0 (guint, l->n_units);
  ends = g_new0 (guint, l->n_units);
  map_units (self, line, edits, text, starts, ends);
  join_at_lost_spaces (self, line, text, starts, ends);
  for (guint k = 0; k < l->n_units; k++)
    {
      guint index = l->first_unit + k;
      const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, index);
      VnUnitPlan *up = &plan->units[index];

      up->old_text = g_strndup (self->text->str + unit->start, unit->end - unit->start);
      if (unit->kind == VN_UNIT_WORD)
        {
          plan_word (self, plan, index, text + starts[k], ends[k] - starts[k], &kept);
          continue;
        }
      up->text = g_strndup (text + starts[k], ends[k] - starts[k]);
      if (unit->kind != VN_UNIT_TEXT)
        g_strstrip (up->text);
      up->changed = !g_str_equal (up->text, up->old_text);
      up->removed = *up->text == '\0';
      up->box = unit->box;
    }
}

static int
compare_local_edits (gconstpointer a,
                     gconstpointer b)
{
  const LocalEdit *ea = a, *eb = b;

  return ea->start < eb->start ? -1 : ea->start > eb->start;
}

/* @edit narrowed to the bytes it changes ("atten-" → "attem-" is "n" → "m"), in whole
 * characters, so that it touches no element whose text it keeps: the HYP after a word, a
 * word's neighbour, a run of TEI text beside a comment. Its text is a copy, to be freed. */
static VnTextEdit
trim_edit (VnSource         *self,
           const VnTextEdit *edit)
{
  const char *old = self->text->str + edit->start;
  gsize old_len = edit->end - edit->start, new_len = strlen (edit->text), prefix = 0, suffix;

  while (prefix < old_len && prefix < new_len && old[prefix] == edit->text[prefix])
    prefix++;
  while (prefix > 0 && ((prefix < old_len && (old[prefix] & 0xC0) == 0x80) ||
                        (prefix < new_len && (edit->text[prefix] & 0xC0) == 0x80)))
    prefix--;
  suffix = common_suffix (old + prefix, old_len - prefix, edit->text + prefix,
                          new_len - prefix);
  return (VnTextEdit) { edit->start + prefix, edit->end - suffix,
                        g_strndup (edit->text + prefix, new_len - prefix - suffix) };
}

VnSourcePlan *
_vn_source_plan_new (VnSource          *self,
                     const VnTextEdit  *edits,
                     guint              n_edits,
                     GError           **error)
{
  VnSourcePlan *plan = g_new0 (VnSourcePlan, 1);
  GArray **per_line = g_new0 (GArray *, MAX (self->lines->len, 1));

  plan->units = g_new0 (VnUnitPlan, MAX (self->units->len, 1));
  plan->lines = g_new0 (VnLinePlan, MAX (self->lines->len, 1));
  for (guint i = 0; i < n_edits; i++)
    {
      VnTextEdit trimmed;

      if (edits[i].start > edits[i].end || edits[i].end > self->text->len ||
          (i > 0 && edits[i].start < edits[i - 1].end))
        {
          g_set_error (error, VN_ERROR, VN_ERROR_INTERNAL,
                       "The corrections are not in order at %zu; nothing was written.",
                       (size_t) edits[i].start);
          for (guint l = 0; l < self->lines->len; l++)
            g_clear_pointer (&per_line[l], g_array_unref);
          g_free (per_line);
          _vn_source_plan_free (self, plan);
          return NULL;
        }
      trimmed = trim_edit (self, &edits[i]);
      if (trimmed.start < trimmed.end || *trimmed.text != '\0')
        distribute_edit (per_line, self, &trimmed);
      g_free ((char *) trimmed.text);
    }
  for (guint l = 0; l < self->lines->len; l++)
    if (per_line[l] != NULL)
      {
        g_array_sort (per_line[l], compare_local_edits);
        plan_line (self, plan, l, per_line[l]);
        g_array_unref (per_line[l]);
      }
  g_free (per_line);
  return plan;
}

void
_vn_source_plan_free (VnSource     *self,
                      VnSourcePlan *plan)
{
  if (plan == NULL)
    return;
  for (guint i = 0; i < self->units->len; i++)
    {
      VnUnitPlan *up = &plan->units[i];

      g_free (up->text);
      g_free (up->old_text);
      for (guint w = 0; up->extra && w < up->extra->len; w++)
        g_free (g_array_index (up->extra, VnNewWord, w).text);
      g_clear_pointer (&up->extra, g_array_unref);
    }
  for (guint l = 0; l < self->lines->len; l++)
    g_free (plan->lines[l].text);
  g_free (plan->units);
  g_free (plan->lines);
  g_free (plan);
}
