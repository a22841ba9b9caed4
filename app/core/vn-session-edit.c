/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-session-edit.c: corrections, as answers on the canonical text and as edits typed on the
 * verified text. No two corrections ever meet (a new one takes in those it overlaps or
 * abuts), so every offset of the verified text has one place in the canonical text; typed
 * edits cover whole words, and the keystrokes of one stretch of typing are one correction
 * and one step of undo. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-session-private.h"

/* Where each correction stands in the verified text. */
typedef struct
{
  guint cs, ce;   /* canonical */
  guint vs, ve;   /* verified */
} Span;

/* Journals and applies the correction of canonical [start, end) to @after, replacing the
 * corrections that range meets; @after already holds whatever of theirs stays. With @group,
 * it extends the open group of typed edits when it can. */
static VnCorrection *
record_correction (VnSession           *self,
                   guint                start,
                   guint                end,
                   const char          *after,
                   VnCorrectionSource   source,
                   int                  page,
                   const VnBox         *bbox,
                   const char          *note,
                   gboolean             group,
                   GError             **error)
{
  g_autofree char *id = g_strdup_printf ("c%u", self->next_id);
  g_autofree char *before = vn_transcription_dup_range (self->canonical, start, end);
  g_autofree char *ctx_before = _vn_session_dup_context (self, start, end, TRUE);
  g_autofree char *ctx_after = _vn_session_dup_context (self, start, end, FALSE);
  g_autoptr(VnCorrection) correction = vn_correction_new (id, start, end, before, after, source);
  g_autoptr(GPtrArray) met = _vn_session_corrections_in (self, start, end, FALSE);
  Op *extends = NULL;
  JsonNode *record;

  vn_correction_set_region (correction, page, bbox);
  vn_correction_set_note (correction, note);
  vn_correction_set_context (correction, ctx_before, ctx_after);
  if (group && self->edit_group != NULL)
    extends = _vn_session_group_extended_by (self, correction);
  /* Nothing to write down: the text stays as it is. */
  if (extends == NULL && met->len == 0 && _vn_session_is_identity (correction))
    return g_steal_pointer (&correction);
  record = vn_correction_to_json (correction);
  json_object_set_string_member (json_node_get_object (record), "op", "correct");
  if (extends != NULL)
    json_object_set_boolean_member (json_node_get_object (record), "amend", TRUE);
  if (!_vn_session_journal (self, record, error))
    return NULL;
  self->next_id++;
  if (extends != NULL)
    _vn_session_replace_group (self, extends, correction, TRUE);
  else
    {
      _vn_session_apply_correction (self, correction);
      if (group)
        self->edit_group = g_ptr_array_index (self->undo_stack, self->undo_stack->len - 1);
    }
  _vn_session_changed (self);
  return g_steal_pointer (&correction);
}

/* Replaces canonical bytes [start, end) with @after. A correction that overlaps the range is
 * replaced; one that abuts it stays, merged into this one (its text before or after @after),
 * so that no correction of the editor's is lost to a neighbouring one. */
VnCorrection *
vn_session_correct (VnSession           *self,
                    guint                start,
                    guint                end,
                    const char          *after,
                    VnCorrectionSource   source,
                    int                  page,
                    const VnBox         *bbox,
                    const char          *note,
                    GError             **error)
{
  g_autoptr(GPtrArray) met = NULL;
  g_autoptr(GString) prefix = g_string_new (NULL);
  g_autoptr(GString) suffix = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint wide_start = start, wide_end = end;

  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  g_return_val_if_fail (after != NULL, NULL);

  if (!_vn_session_check_range (self, start, end, error))
    return NULL;
  if (!g_utf8_validate (after, -1, NULL))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The corrected text is not valid UTF-8."));
      return NULL;
    }
  met = _vn_session_corrections_in (self, start, end, FALSE);
  for (guint i = 0; i < met->len; i++)
    {
      VnCorrection *c = g_ptr_array_index (met, i);

      if (vn_correction_get_end (c) <= start)
        {
          g_string_append (prefix, vn_correction_get_after (c));
          wide_start = MIN (wide_start, vn_correction_get_start (c));
        }
      else if (vn_correction_get_start (c) >= end)
        {
          g_string_append (suffix, vn_correction_get_after (c));
          wide_end = MAX (wide_end, vn_correction_get_end (c));
        }
    }
  text = g_strconcat (prefix->str, after, suffix->str, NULL);
  return record_correction (self, wide_start, wide_end, text, source, page, bbox, note, FALSE,
                            error);
}

static gboolean
is_blank (char c)
{
  return c == '\0' || g_ascii_isspace (c);
}

/* The text to put in for @replacement over canonical [*start, *end), which may widen by one
 * space: an insertion gets a space on each side that lacks one, and a removal takes one space
 * with it, so that words neither run together nor leave a double space behind. */
char *
vn_session_fit_spacing (VnSession  *self,
                        guint      *start,
                        guint      *end,
                        const char *replacement)
{
  gsize len;
  const char *text = _vn_session_canonical_text (self, &len);
  gsize n = strlen (replacement);

  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  g_return_val_if_fail (*start <= *end && *end <= len, NULL);

  if (*start == *end && n > 0)
    {
      gboolean space_before = *start > 0 && !is_blank (text[*start - 1]) &&
                              !is_blank (replacement[0]);
      gboolean space_after = *end < len && !is_blank (text[*end]) &&
                             !is_blank (replacement[n - 1]);

      return g_strconcat (space_before ? " " : "", replacement, space_after ? " " : "", NULL);
    }
  if (*start < *end && n == 0)
    {
      if (*end < len && text[*end] == ' ' && (*start == 0 || is_blank (text[*start - 1])))
        (*end)++;
      else if (*start > 0 && text[*start - 1] == ' ')
        (*start)--;
    }
  return g_strdup (replacement);
}

static GArray *
verified_spans (VnSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->corrections));
  GArray *spans = g_array_sized_new (FALSE, FALSE, sizeof (Span), n);
  gint64 delta = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (G_LIST_MODEL (self->corrections), i);
      Span span = { vn_correction_get_start (c), vn_correction_get_end (c), 0, 0 };

      span.vs = span.cs + delta;
      span.ve = span.vs + strlen (vn_correction_get_after (c));
      delta += (gint64) (span.ve - span.vs) - (gint64) (span.ce - span.cs);
      g_array_append_val (spans, span);
    }
  return spans;
}

/* The canonical offset of verified @voffset, which stands in uncorrected text or at the end
 * of a correction: after the last correction that ends at or before it. */
static guint
uncorrected_to_canonical (GArray *spans,
                          guint   voffset)
{
  guint at = voffset;

  for (guint i = 0; i < spans->len; i++)
    {
      const Span *s = &g_array_index (spans, Span, i);

      if (s->ve > voffset || (s->vs == s->ve && s->vs == voffset))
        break;
      at = s->ce + (voffset - s->ve);
    }
  return at;
}

/* Widens verified [*vstart, *vend) over every correction it meets, and gives the canonical
 * range the widened span stands for. */
static void
verified_span_to_canonical (VnSession *self,
                            guint     *vstart,
                            guint     *vend,
                            guint     *cstart,
                            guint     *cend)
{
  g_autoptr(GArray) spans = verified_spans (self);
  int first = -1, last = -1;
  gboolean widened = TRUE;

  while (widened)
    {
      widened = FALSE;
      for (guint i = 0; i < spans->len; i++)
        {
          const Span *s = &g_array_index (spans, Span, i);

          if (!_vn_session_ranges_meet (*vstart, *vend, s->vs, s->ve))
            continue;
          if (first < 0 || (int) i < first)
            first = i;
          if (last < 0 || (int) i > last)
            last = i;
          widened |= s->vs < *vstart || s->ve > *vend;
          *vstart = MIN (*vstart, s->vs);
          *vend = MAX (*vend, s->ve);
        }
    }
  *cstart = first >= 0 && g_array_index (spans, Span, first).vs == *vstart
            ? g_array_index (spans, Span, first).cs : uncorrected_to_canonical (spans, *vstart);
  *cend = last >= 0 && g_array_index (spans, Span, last).ve == *vend
          ? g_array_index (spans, Span, last).ce : uncorrected_to_canonical (spans, *vend);
}

static gboolean
is_word_break (char c)
{
  return g_ascii_isspace (c);
}

/* An edit of the verified text: [vstart, vend) becomes @text. It becomes one correction of
 * the canonical text, over every correction it meets, and with @whole_words over the whole
 * words it touches (so that its "before" and "after" read as words). */
static VnCorrection *
correct_verified (VnSession          *self,
                  guint               vstart,
                  guint               vend,
                  const char         *text,
                  VnCorrectionSource  source,
                  int                 page,
                  const VnBox        *bbox,
                  gboolean            whole_words,
                  gboolean            group,
                  GError            **error)
{
  gsize vlen;
  g_autofree char *verified = vn_session_dup_verified_text (self, &vlen);
  guint wide_start = vstart, wide_end = vend, cstart, cend;
  g_autofree char *prefix = NULL, *suffix = NULL, *after = NULL;

  if (vstart > vend || vend > vlen || (vstart < vlen && (verified[vstart] & 0xC0) == 0x80) ||
      (vend < vlen && (verified[vend] & 0xC0) == 0x80))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Bytes %u to %u are not a range of whole characters of the verified text."),
                   vstart, vend);
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The corrected text is not valid UTF-8."));
      return NULL;
    }
  if (vstart == vend && *text == '\0')
    return vn_correction_new ("", 0, 0, "", "", source);  /* nothing changes */
  if (whole_words)
    {
      while (wide_start > 0 && !is_word_break (verified[wide_start - 1]))
        wide_start--;
      while (wide_end < vlen && !is_word_break (verified[wide_end]))
        wide_end++;
    }
  verified_span_to_canonical (self, &wide_start, &wide_end, &cstart, &cend);
  prefix = g_strndup (verified + wide_start, vstart - wide_start);
  suffix = g_strndup (verified + vend, wide_end - vend);
  after = g_strconcat (prefix, text, suffix, NULL);
  return record_correction (self, cstart, cend, after, source, page, bbox, NULL, group, error);
}

/* An edit made on the verified text: it widens to whole corrections it meets, so the result
 * is one correction of the canonical text that replaces them. */
VnCorrection *
vn_session_correct_verified (VnSession          *self,
                             guint               vstart,
                             guint               vend,
                             const char         *text,
                             VnCorrectionSource  source,
                             int                 page,
                             const VnBox        *bbox,
                             GError            **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return correct_verified (self, vstart, vend, text, source, page, bbox, FALSE, FALSE, error);
}

/* What the editor typed, deleted or pasted in the verified text: [vstart, vend) became @text.
 * The correction covers the whole words the edit touches. Edits that follow each other in one
 * stretch of words, until vn_session_end_edit () or any other change, are one correction and
 * one step of undo, as a text editor groups typing. */
VnCorrection *
vn_session_edit_verified (VnSession   *self,
                          guint        vstart,
                          guint        vend,
                          const char  *text,
                          int          page,
                          const VnBox *bbox,
                          GError     **error)
{
  g_return_val_if_fail (VN_IS_SESSION (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  return correct_verified (self, vstart, vend, text, VN_SOURCE_TYPED, page, bbox, TRUE, TRUE,
                           error);
}

/* The editor stopped typing there: the next edit is a correction of its own. */
void
vn_session_end_edit (VnSession *self)
{
  g_return_if_fail (VN_IS_SESSION (self));
  self->edit_group = NULL;
}
