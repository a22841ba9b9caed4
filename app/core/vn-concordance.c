/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-concordance.c: given one correction, the other places in the document with the same
 * wrong form or the same confusion of letters, ready to be fixed together (as PoCoTo's
 * concordance does). A confusion found in one word is proposed elsewhere only where the
 * dictionary or the OCR confirms it, so "е→о" does not rewrite every "о". */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-concordance.h"
#include "vn-text.h"

struct _VnOccurrence
{
  GObject            parent_instance;
  guint              start, end;
  char              *before, *after;
  int                page;
  VnBox              bbox;
  VnOccurrenceReason reason;
  int                likely;   /* VnLikely of the place's own discrepancy; -1: none */
};

G_DEFINE_FINAL_TYPE (VnOccurrence, vn_occurrence, G_TYPE_OBJECT)

static void
vn_occurrence_finalize (GObject *object)
{
  VnOccurrence *self = (VnOccurrence *) object;

  g_free (self->before);
  g_free (self->after);
  G_OBJECT_CLASS (vn_occurrence_parent_class)->finalize (object);
}

static void
vn_occurrence_class_init (VnOccurrenceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_occurrence_finalize;
}

static void
vn_occurrence_init (VnOccurrence *self)
{
}

guint vn_occurrence_get_start (VnOccurrence *self) { return self->start; }
guint vn_occurrence_get_end (VnOccurrence *self) { return self->end; }
const char *vn_occurrence_get_before (VnOccurrence *self) { return self->before; }
const char *vn_occurrence_get_after (VnOccurrence *self) { return self->after; }
int vn_occurrence_get_page (VnOccurrence *self) { return self->page; }
VnBox vn_occurrence_get_bbox (VnOccurrence *self) { return self->bbox; }
VnOccurrenceReason vn_occurrence_get_reason (VnOccurrence *self) { return self->reason; }

/* Whether the place's own discrepancy says the transcription is likely wrong there: only
 * those are offered ticked. A place where the scan was read as the transcription, or where
 * the verdict is unsure, waits for the editor's eye. */
gboolean
vn_occurrence_get_preselected (VnOccurrence *self)
{
  g_return_val_if_fail (VN_IS_OCCURRENCE (self), FALSE);
  return self->likely == VN_LIKELY_TRANSCRIPTION_ERROR;
}

/* The verdict of the place's own discrepancy, and FALSE when OCR read it as transcribed. */
gboolean
vn_occurrence_get_likely (VnOccurrence *self,
                          VnLikely     *likely)
{
  g_return_val_if_fail (VN_IS_OCCURRENCE (self), FALSE);
  if (self->likely < 0)
    return FALSE;
  *likely = self->likely;
  return TRUE;
}

const char *
vn_occurrence_reason_to_string (VnOccurrenceReason reason)
{
  static const char *names[] = { N_("same form"), N_("same confusion"),
                                 N_("Latin look-alikes") };

  g_return_val_if_fail (reason < G_N_ELEMENTS (names), "");
  return _(names[reason]);
}

typedef struct
{
  gunichar from, to;
} Confusion;

/* The letters that differ between two words of one length; none for other edits. */
static GArray *
find_confusions (const char *before,
                 const char *after)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (Confusion));
  glong n_before, n_after;
  g_autofree gunichar *a = g_utf8_to_ucs4_fast (before, -1, &n_before);
  g_autofree gunichar *b = g_utf8_to_ucs4_fast (after, -1, &n_after);

  if (n_before != n_after)
    return found;
  for (glong i = 0; i < n_before; i++)
    if (a[i] != b[i])
      {
        Confusion c = { g_unichar_tolower (a[i]), g_unichar_tolower (b[i]) };
        g_array_append_val (found, c);
      }
  return found;
}

static char *
replace_at (const char *word,
            glong       index,
            gunichar    to)
{
  glong n;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (word, -1, &n);

  chars[index] = g_unichar_isupper (chars[index]) ? g_unichar_toupper (to) : to;
  return g_ucs4_to_utf8 (chars, n, NULL, NULL, NULL);
}

/* The word with one confused letter set right, when the dictionary or the OCR agrees. */
static char *
try_confusions (const char     *core,
                const char     *ocr_core,
                GArray         *confusions,
                VnSpellChecker *spell)
{
  glong n;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (core, -1, &n);

  gboolean misspelt = vn_spell_checker_check (spell, core) == VN_SPELLING_MISSPELT;

  for (guint c = 0; c < confusions->len; c++)
    for (glong i = 0; i < n; i++)
      {
        const Confusion *conf = &g_array_index (confusions, Confusion, c);
        g_autofree char *candidate = NULL;

        if (g_unichar_tolower (chars[i]) != conf->from)
          continue;
        candidate = replace_at (core, i, conf->to);
        gboolean ocr_agrees = g_strcmp0 (candidate, ocr_core) == 0;
        gboolean is_word = vn_spell_checker_check (spell, candidate) == VN_SPELLING_CORRECT;

        /* A misspelt word needs the dictionary or the OCR; a real word ("ого") needs both, so
         * that an OCR misreading of a good word ("года" read "геда") is never proposed. */
        if (misspelt ? (ocr_agrees || is_word) : (ocr_agrees && is_word))
          return g_steal_pointer (&candidate);
      }
  return NULL;
}

static char *
ocr_core_of (VnCollation *collation,
             guint        token)
{
  const VnTokenPlacement *pl = vn_collation_get_placement (collation, token);
  const VnOcrWord *word;
  gsize start, end;

  if (pl->first_ocr < 0 || pl->n_ocr != 1)
    return NULL;
  word = vn_collation_get_ocr_word (collation, pl->first_ocr, NULL);
  vn_text_word_core (word->text, strlen (word->text), &start, &end);
  return g_strndup (word->text + start, end - start);
}

/* Per token, the verdict of the discrepancy it is part of; -1 where there is none. */
static gint8 *
token_verdicts (VnCollation *collation)
{
  guint n = vn_transcription_get_n_tokens (vn_collation_get_transcription (collation));
  gint8 *verdicts = g_malloc (n + 1);

  memset (verdicts, -1, n + 1);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (collation)); i++)
    {
      g_autoptr(VnDiscrepancy) d = g_list_model_get_item (G_LIST_MODEL (collation), i);
      guint first, count;

      vn_discrepancy_get_tokens (d, &first, &count);
      for (guint k = first; k < first + count && k < n; k++)
        verdicts[k] = vn_discrepancy_get_likely (d);
    }
  return verdicts;
}

static void
add_occurrence (GListStore         *store,
                VnCollation        *collation,
                const gint8        *verdicts,
                guint               token,
                const char         *before,
                const char         *after,
                VnOccurrenceReason  reason)
{
  VnTranscription *t = vn_collation_get_transcription (collation);
  const VnToken *tok = vn_transcription_get_token (t, token);
  const VnTokenPlacement *pl = vn_collation_get_placement (collation, token);
  g_autoptr(VnOccurrence) o = g_object_new (VN_TYPE_OCCURRENCE, NULL);

  o->start = tok->core_start;
  o->end = tok->core_end;
  o->before = g_strdup (before);
  o->after = g_strdup (after);
  o->page = pl->page;
  o->bbox = pl->box;
  o->reason = reason;
  o->likely = verdicts[token];
  g_list_store_append (store, o);
}

/* Other places to fix like @before → @after, not yet corrected, in document order. */
GListModel *
vn_concordance_find (VnCollation    *collation,
                     VnSession      *session,
                     VnSpellChecker *spell,
                     const char     *before,
                     const char     *after)
{
  VnTranscription *t = vn_collation_get_transcription (collation);
  GListStore *store = g_list_store_new (VN_TYPE_OCCURRENCE);
  g_autoptr(GArray) confusions = find_confusions (before, after);
  g_autofree char *cyrillic = vn_text_lookalikes_to_cyrillic (before);
  gboolean lookalikes = vn_text_has_lookalikes (before) && g_str_equal (cyrillic, after);
  g_autofree gint8 *verdicts = token_verdicts (collation);

  g_return_val_if_fail (VN_IS_COLLATION (collation), NULL);

  for (guint i = 0; i < vn_transcription_get_n_tokens (t); i++)
    {
      const VnToken *tok = vn_transcription_get_token (t, i);
      g_autofree char *core = vn_transcription_dup_range (t, tok->core_start, tok->core_end);
      g_autofree char *ocr = NULL, *fixed = NULL;

      if (*core == '\0' || vn_session_find_correction (session, tok->core_start, tok->core_end))
        continue;
      if (g_str_equal (core, before))
        {
          add_occurrence (store, collation, verdicts, i, core, after, VN_OCCURRENCE_SAME_FORM);
          continue;
        }
      if (lookalikes && vn_text_has_lookalikes (core))
        {
          fixed = vn_text_lookalikes_to_cyrillic (core);
          add_occurrence (store, collation, verdicts, i, core, fixed, VN_OCCURRENCE_LOOKALIKES);
          continue;
        }
      ocr = ocr_core_of (collation, i);
      fixed = try_confusions (core, ocr, confusions, spell);
      if (fixed != NULL && !g_str_equal (fixed, core))
        add_occurrence (store, collation, verdicts, i, core, fixed,
                        VN_OCCURRENCE_SAME_CONFUSION);
    }
  return G_LIST_MODEL (store);
}

/* Each chosen occurrence becomes its own journaled correction; returns how many. */
guint
vn_concordance_apply (VnSession      *session,
                      GListModel     *occurrences,
                      const gboolean *chosen,
                      GError        **error)
{
  guint applied = 0;

  for (guint i = 0; i < g_list_model_get_n_items (occurrences); i++)
    {
      g_autoptr(VnOccurrence) o = g_list_model_get_item (occurrences, i);
      g_autoptr(VnCorrection) c = NULL;

      if (chosen != NULL && !chosen[i])
        continue;
      c = vn_session_correct (session, o->start, o->end, o->after, VN_SOURCE_BATCH, o->page,
                              &o->bbox, NULL, error);
      if (c == NULL)
        break;
      applied++;
    }
  return applied;
}
