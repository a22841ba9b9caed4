/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-accept.c: accepting a discrepancy does what its verdict says. A likely transcription
 * error is corrected to the suggestion; a likely OCR error leaves the transcription as it is,
 * marked kept, since the suggestion there is the OCR's mistake; an unsure one waits for the
 * editor to choose. The window, `verno review` and `verno accept` all accept through here. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-accept.h"
#include "vn-error.h"

VnAcceptAction
vn_accept_action_for (VnDiscrepancy *d)
{
  g_return_val_if_fail (VN_IS_DISCREPANCY (d), VN_ACCEPT_CHOOSE);

  switch (vn_discrepancy_get_likely (d))
    {
    case VN_LIKELY_TRANSCRIPTION_ERROR:
      return VN_ACCEPT_CORRECT;
    case VN_LIKELY_OCR_ERROR:
      return VN_ACCEPT_KEEP;
    case VN_LIKELY_UNSURE:
    default:
      return VN_ACCEPT_CHOOSE;
    }
}

/* Whether @d's suggestion reads otherwise than the transcription does there: one that reads
 * the same would be a correction that changes nothing. */
gboolean
vn_accept_suggestion_changes_text (VnSession     *session,
                                   VnDiscrepancy *d)
{
  g_autofree char *now = vn_transcription_dup_range (vn_session_get_canonical (session),
                                                     vn_discrepancy_get_start (d),
                                                     vn_discrepancy_get_end (d));

  return !g_str_equal (now, vn_discrepancy_get_suggestion (d));
}

static VnCorrection *
correct_to_suggestion (VnSession      *session,
                       VnDiscrepancy  *d,
                       GError        **error)
{
  guint start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);
  VnBox box = vn_discrepancy_get_bbox (d);
  /* A removed word takes its space with it; an inserted one gets its spaces. */
  g_autofree char *after = vn_session_fit_spacing (session, &start, &end,
                                                   vn_discrepancy_get_suggestion (d));

  return vn_session_correct (session, start, end, after, VN_SOURCE_SUGGESTION,
                             vn_discrepancy_get_page (d), &box, NULL, error);
}

/* Does what @d's verdict says, journaled before this returns. @correction, if not NULL, gets
 * the correction made (NULL when the transcription was kept). FALSE when the verdict is
 * unsure (VN_ERROR_BAD_INPUT, saying which keys choose) or the answer could not be saved. */
gboolean
vn_accept_discrepancy (VnSession      *session,
                       VnDiscrepancy  *d,
                       VnCorrection  **correction,
                       GError        **error)
{
  guint start, end;
  g_autoptr(VnCorrection) made = NULL;

  g_return_val_if_fail (VN_IS_SESSION (session), FALSE);
  g_return_val_if_fail (VN_IS_DISCREPANCY (d), FALSE);

  start = vn_discrepancy_get_start (d), end = vn_discrepancy_get_end (d);
  switch (vn_accept_action_for (d))
    {
    case VN_ACCEPT_CHOOSE:
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The verdict on “%s” is unsure, so accepting does nothing: take the OCR's "
                     "reading “%s” with o, or keep the transcription with k."),
                   vn_discrepancy_get_transcription (d), vn_discrepancy_get_ocr (d));
      return FALSE;
    case VN_ACCEPT_CORRECT:
      if (vn_accept_suggestion_changes_text (session, d))
        {
          made = correct_to_suggestion (session, d, error);
          if (made == NULL)
            return FALSE;
          break;
        }
      G_GNUC_FALLTHROUGH;
    case VN_ACCEPT_KEEP:
    default:
      if (!vn_session_keep (session, start, end, error))
        return FALSE;
      break;
    }
  if (correction != NULL)
    *correction = g_steal_pointer (&made);
  return TRUE;
}

/* ------------------------------------------------------------------ filters */

typedef const char *(*NameFunc) (guint value);

static const char *
likely_name (guint value)
{
  return vn_likely_to_string (value);
}

static const char *
kind_name (guint value)
{
  return vn_discrepancy_kind_to_string (value);
}

static char *
join_names (NameFunc name,
            guint    n)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i == 0 ? "" : i + 1 == n ? _(" or ") : ", ",
                            name (i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
set_not_a_name (GError     **error,
                const char  *format,
                const char  *value,
                NameFunc     name,
                guint        n)
{
  g_autofree char *valid = join_names (name, n);

  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, format, value, valid);
  return FALSE;
}

/* @values: names separated by commas, each one of the @n that @name gives; @format says
 * that one is not, and lists those that are. */
static gboolean
parse_names (const char  *values,
             NameFunc     name,
             guint        n,
             const char  *format,
             guint       *bits,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (values, ",", -1);
  guint found = 0;

  /* "" splits into no name at all, which would take everything. */
  if (parts[0] == NULL)
    return set_not_a_name (error, format, "", name, n);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint v;

      for (v = 0; v < n && !g_str_equal (g_strstrip (parts[i]), name (v)); v++)
        ;
      if (v == n)
        return set_not_a_name (error, format, parts[i], name, n);
      found |= 1u << v;
    }
  *bits = found;
  return TRUE;
}

gboolean
vn_accept_filter_parse_likely (VnAcceptFilter  *filter,
                               const char      *values,
                               GError         **error)
{
  return parse_names (values, likely_name, VN_LIKELY_OCR_ERROR + 1,
                      /* TRANSLATORS: the names are as the command line takes them. */
                      _("“%s” is not a verdict; use %s"), &filter->likely, error);
}

gboolean
vn_accept_filter_parse_kinds (VnAcceptFilter  *filter,
                              const char      *values,
                              GError         **error)
{
  return parse_names (values, kind_name, VN_DISCREPANCY_MISSING_IN_TRANSCRIPTION + 1,
                      /* TRANSLATORS: the names are as the command line takes them. */
                      _("“%s” is not a kind of discrepancy; use %s"), &filter->kinds, error);
}

gboolean
vn_accept_filter_matches (const VnAcceptFilter *filter,
                          VnDiscrepancy        *d)
{
  return (filter->likely == 0 || (filter->likely & (1u << vn_discrepancy_get_likely (d)))) &&
         (filter->kinds == 0 || (filter->kinds & (1u << vn_discrepancy_get_kind (d)))) &&
         vn_discrepancy_get_score (d) >= filter->min_score;
}
