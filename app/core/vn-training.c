/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-training.c: training pairs for fine-tuning Tesseract, in tesstrain's ground-truth layout:
 * NAME-PAGE-LINE.png (the line cut from the scan, grey, with a small margin) beside
 * NAME-PAGE-LINE.gt.txt (its verified text on one line, NFC), for verified lines only.
 *
 * A line is what the exports call one (vn_export_lines): the verified words that matched one
 * OCR line. It is verified when its page has the status "validated", or when every word of it
 * lies in a range the editor marked verified (a corrected word counts by the canonical range
 * its correction replaced). A pair teaches the model only if the picture shows exactly the
 * text, so a verified line is written only when the OCR saw it whole: every word has a region
 * the OCR found (none guessed), every word matched OCR words of that line alone, and every
 * OCR word of that line matched a word. That leaves out the halves of a word hyphenated
 * across two lines, whose verified text is the joined word, and lines with marks the text
 * does not have. */
#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-export.h"
#include "vn-image.h"
#include "vn-scan-private.h"
#include "vn-text.h"
#include "vn-training.h"

#define CROP_MARGIN 6

typedef struct
{
  VnSession       *session;
  VnCollation     *verified;
  VnTranscription *text;
  GHashTable      *ocr_line_sizes;   /* page << 24 | line → OCR words on that line */
} Trainer;

static void
pix_free (PIX *pix)
{
  pixDestroy (&pix);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIX, pix_free)

static gpointer
line_key (guint page,
          guint line)
{
  return GUINT_TO_POINTER ((page << 24) | (line & 0xFFFFFF));
}

static GHashTable *
count_ocr_lines (VnCollation *collation)
{
  GHashTable *sizes = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < vn_collation_get_n_ocr_words (collation); i++)
    {
      guint page;
      const VnOcrWord *word = vn_collation_get_ocr_word (collation, i, &page);
      gpointer key = line_key (page, word->line);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (sizes, key));

      g_hash_table_insert (sizes, key, GUINT_TO_POINTER (n + 1));
    }
  return sizes;
}

/* ------------------------------------------------------------------ verified lines */

/* The canonical offset of verified @voffset: inside a correction's new text, the start of the
 * range it replaced (its end, for the end of a word). */
static guint
to_canonical (GListModel *corrections,
              guint       voffset,
              gboolean    at_end)
{
  gint64 delta = 0;

  for (guint i = 0; i < g_list_model_get_n_items (corrections); i++)
    {
      g_autoptr(VnCorrection) c = g_list_model_get_item (corrections, i);
      guint cs = vn_correction_get_start (c), ce = vn_correction_get_end (c);
      gint64 vs = cs + delta, ve = vs + (gint64) strlen (vn_correction_get_after (c));

      if (!at_end && voffset >= vs && voffset < ve)
        return cs;
      if (at_end && voffset > vs && voffset <= ve)
        return ce;
      if (voffset < vs || (at_end && voffset == vs))
        break;
      delta += (ve - vs) - (gint64) (ce - cs);
    }
  return voffset - delta;
}

/* A word counts by its letters, as progress figures count it; punctuation alone by itself. */
static gboolean
word_is_verified (Trainer       *t,
                  const VnToken *token)
{
  GListModel *corrections = vn_session_get_corrections (t->session);
  gboolean bare = token->core_start == token->core_end;
  guint start = to_canonical (corrections, bare ? token->start : token->core_start, FALSE);
  guint end = to_canonical (corrections, bare ? token->end : token->core_end, TRUE);

  return vn_session_is_verified (t->session, start, MAX (start, end));
}

static gboolean
line_is_verified (Trainer            *t,
                  const VnExportLine *line)
{
  if (vn_session_get_page_status (t->session, line->page) == VN_PAGE_VALIDATED)
    return TRUE;
  for (guint k = 0; k < line->n_tokens; k++)
    if (!word_is_verified (t, vn_transcription_get_token (t->text, line->first_token + k)))
      return FALSE;
  return TRUE;
}

/* Whether the words of @line and the OCR words of one OCR line matched each other, all of
 * them and nothing else (see the top of this file). */
static gboolean
line_is_whole (Trainer            *t,
               const VnExportLine *line)
{
  int ocr_line = -1, last = -1;
  guint matched = 0;

  for (guint k = 0; k < line->n_tokens; k++)
    {
      const VnTokenPlacement *pl = vn_collation_get_placement (t->verified, line->first_token + k);

      if (pl->interpolated || pl->first_ocr < 0 || pl->n_ocr == 0 || pl->page != (int) line->page)
        return FALSE;
      for (guint i = pl->first_ocr; i < pl->first_ocr + pl->n_ocr; i++)
        {
          const VnOcrWord *word = vn_collation_get_ocr_word (t->verified, i, NULL);

          if (ocr_line >= 0 && word->line != (guint) ocr_line)
            return FALSE;
          ocr_line = word->line;
          matched += (int) i != last;   /* several words may share one OCR word */
          last = i;
        }
    }
  return ocr_line >= 0 &&
         matched == GPOINTER_TO_UINT (g_hash_table_lookup (t->ocr_line_sizes,
                                                           line_key (line->page, ocr_line)));
}

/* The line's verified text on one line: whitespace runs as single spaces, NFC. */
static char *
line_text (Trainer            *t,
           const VnExportLine *line)
{
  const char *text = vn_transcription_get_text (t->text, NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint k = 0; k < line->n_tokens; k++)
    {
      const VnToken *token = vn_transcription_get_token (t->text, line->first_token + k);

      if (k > 0)
        g_string_append_c (out, ' ');
      g_string_append_len (out, text + token->start, token->end - token->start);
    }
  return vn_text_nfc (out->str, out->len);
}

/* ------------------------------------------------------------------ files */

static gboolean
write_png (PIX         *pix,
           const char  *path,
           GError     **error)
{
  l_uint8 *data = NULL;
  size_t size = 0;
  gboolean ok;

  if (pixWriteMem (&data, &size, pix, IFF_PNG) != 0 || data == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_INTERNAL, _("Cannot encode %s as PNG; Leptonica "
                   "may lack PNG support (install liblept5 from Debian)."), path);
      return FALSE;
    }
  ok = g_file_set_contents_full (path, (const char *) data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
  lept_free (data);
  return ok;
}

static PIX *
crop_line (PIX         *page,
           VnBox        box,
           const char  *label,
           GError     **error)
{
  PIX *crop = vn_image_crop (page, &box, CROP_MARGIN);

  if (crop == NULL)
    g_set_error (error, VN_ERROR, VN_ERROR_INTERNAL, _("A line's region lies outside %s."),
                 label);
  return crop;
}

static gboolean
write_pair (Trainer            *t,
            PIX                *page,
            VnScanPage         *scan,
            const VnExportLine *line,
            const char         *stem,
            GError            **error)
{
  g_autofree char *png = g_strconcat (stem, ".png", NULL);
  g_autofree char *gt = g_strconcat (stem, ".gt.txt", NULL);
  g_autofree char *text = line_text (t, line);
  g_autofree char *gt_data = g_strconcat (text, "\n", NULL);
  g_autoptr(PIX) crop = crop_line (page, line->box, scan->label, error);

  if (crop == NULL || !write_png (crop, png, error))
    return FALSE;
  if (!g_file_set_contents_full (gt, gt_data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;
  return TRUE;
}

/* Lines of one page: its image is loaded once for all its crops. */
static gboolean
write_page (Trainer          *t,
            GArray           *lines,
            guint            *index,
            VnScanPage       *scan,
            const char       *name,
            const char       *dir,
            VnTrainingStats  *stats,
            GError          **error)
{
  guint page_index = g_array_index (lines, VnExportLine, *index).page;
  g_autoptr(PIX) page = NULL;
  int dpi = 0;

  for (; *index < lines->len; (*index)++)
    {
      const VnExportLine *line = &g_array_index (lines, VnExportLine, *index);
      g_autofree char *base = NULL, *stem = NULL;

      if (line->page != page_index)
        return TRUE;
      stats->lines++;
      if (!line_is_verified (t, line))
        continue;
      stats->verified++;
      if (line->guessed || !line_is_whole (t, line))
        continue;
      if (page == NULL && (page = vn_scan_page_load (scan, &dpi, error)) == NULL)
        return FALSE;
      base = g_strdup_printf ("%s-%u-%03u", name, line->page + 1, line->number + 1);
      stem = g_build_filename (dir, base, NULL);
      if (!write_pair (t, page, scan, line, stem, error))
        return FALSE;
      stats->written++;
    }
  return TRUE;
}

/* @verified: the verified text collated against the OCR (vn_document_collate_verified), so
 * every verified word has a page and a region; @session: whose marks say what is verified. */
gboolean
vn_training_write (VnSession        *session,
                   VnCollation      *verified,
                   GPtrArray        *scan_pages,
                   const char       *name,
                   const char       *dir,
                   VnTrainingStats  *stats,
                   GError          **error)
{
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GHashTable) sizes = NULL;
  Trainer t = { session, verified, vn_collation_get_transcription (verified), NULL };
  VnTrainingStats local = { 0 };

  g_return_val_if_fail (VN_IS_SESSION (session) && VN_IS_COLLATION (verified), FALSE);
  g_return_val_if_fail (scan_pages != NULL && name != NULL && dir != NULL, FALSE);

  stats = stats ? stats : &local;
  *stats = (VnTrainingStats) { 0 };
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int errsv = errno;
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("Cannot create the folder %s: %s."), dir,
                   g_strerror (errsv));
      return FALSE;
    }
  lines = vn_export_lines (verified);
  t.ocr_line_sizes = sizes = count_ocr_lines (verified);
  for (guint i = 0; i < lines->len;)
    {
      guint page = g_array_index (lines, VnExportLine, i).page;

      if (page >= scan_pages->len)
        break;
      if (!write_page (&t, lines, &i, g_ptr_array_index (scan_pages, page), name, dir, stats,
                       error))
        return FALSE;
    }
  return TRUE;
}
