/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-layout.c: which words go on which line of which page, with which box.
 *
 * Every verified word is put where the collation placed it on its scan. Words are grouped
 * into lines by the OCR line of the word they matched; a word the OCR did not see joins its
 * previous neighbour's line. Lines are grouped into blocks and paragraphs the same way.
 *
 * A verified word that matched OCR words on two lines of a page — a word hyphenated at a line
 * end, typically joined by a correction ("товари- щеской" → "товарищеской") — gets a part on
 * each line, with the box of the OCR words of that line: each format then says so with its
 * own means (ALTO HYP and SUBS_CONTENT, a soft hyphen in hOCR and PAGE, <lb break="no"/> in
 * TEI, a line-final hyphen-minus in the PDF's text). Across a page break it stays whole, at
 * the box of its first part.
 *
 * Confidences are kept only for words the OCR read as the verified text reads them: the
 * OCR's confidence in another reading says nothing about the verified word. */
#include "config.h"

#include <string.h>

#include "vn-layout.h"
#include "vn-text.h"

typedef struct
{
  VnLayout *layout;
  guint     current;  /* the page words are added to: pages only move forward */
} Builder;

/* ------------------------------------------------------------------ pages */

static void
clear_word (gpointer data)
{
  VnLayoutWord *word = data;

  g_free (word->text);
  g_free (word->whole);
  g_free (word->hyphen);
}

static void
clear_page (gpointer data)
{
  VnLayoutPage *page = data;

  g_clear_pointer (&page->words, g_array_unref);
  g_clear_pointer (&page->lines, g_array_unref);
  g_clear_pointer (&page->image, g_free);
}

void
vn_layout_free (VnLayout *layout)
{
  if (layout == NULL)
    return;
  g_clear_pointer (&layout->pages, g_array_unref);
  g_free (layout->title);
  g_free (layout);
}

static VnLayout *
layout_new (guint n_pages)
{
  VnLayout *layout = g_new0 (VnLayout, 1);

  layout->pages = g_array_sized_new (FALSE, TRUE, sizeof (VnLayoutPage), n_pages);
  g_array_set_clear_func (layout->pages, clear_page);
  return layout;
}

static void
add_page (VnLayout   *layout,
          VnOcrPage  *ocr,
          VnScanPage *scan,
          int         dpi,
          char       *image)
{
  VnLayoutPage page = {
    .ocr = ocr, .scan = scan, .dpi = dpi, .image = image,
    .width = vn_ocr_page_get_width (ocr), .height = vn_ocr_page_get_height (ocr),
    .skew = vn_ocr_page_get_skew (ocr),
    .words = g_array_new (FALSE, TRUE, sizeof (VnLayoutWord)),
    .lines = g_array_new (FALSE, TRUE, sizeof (VnLayoutLine)),
  };

  g_array_set_clear_func (page.words, clear_word);
  g_array_append_val (layout->pages, page);
}

static VnLayoutPage *
page_at (VnLayout *layout,
         guint     index)
{
  return &g_array_index (layout->pages, VnLayoutPage, index);
}

const VnLayoutPage *
vn_layout_get_page (VnLayout *layout,
                    guint     index)
{
  g_return_val_if_fail (index < layout->pages->len, NULL);
  return page_at (layout, index);
}

const VnLayoutLine *
vn_layout_page_get_line (const VnLayoutPage *page,
                         guint               index)
{
  return &g_array_index (page->lines, VnLayoutLine, index);
}

const VnLayoutWord *
vn_layout_line_get_word (const VnLayoutPage *page,
                         const VnLayoutLine *line,
                         guint               k)
{
  return &g_array_index (page->words, VnLayoutWord, line->first + k);
}

/* Lines [first, end) that share @first's block (and paragraph, with @by_paragraph). */
guint
vn_layout_group_end (const VnLayoutPage *page,
                     guint               first,
                     gboolean            by_paragraph)
{
  const VnLayoutLine *a = vn_layout_page_get_line (page, first);
  guint end = first + 1;

  for (; end < page->lines->len; end++)
    {
      const VnLayoutLine *b = vn_layout_page_get_line (page, end);

      if (b->block != a->block || (by_paragraph && b->par != a->par))
        break;
    }
  return end;
}

VnBox
vn_layout_lines_box (const VnLayoutPage *page,
                     guint               first,
                     guint               end)
{
  VnBox box = vn_layout_page_get_line (page, first)->box;

  for (guint l = first + 1; l < end; l++)
    box = vn_box_union (box, vn_layout_page_get_line (page, l)->box);
  return box;
}

/* ------------------------------------------------------------------ resolution and images */

/* The resolution the exports state, and by which the PDF sizes its pages: the one Verno read
 * the scan at for OCR (the file's own, see vn_scan_page_load ()) when it is plausible for a
 * document scan, 100 to 2400 dpi; else VN_SCAN_PDF_DEFAULT_DPI (300), Verno's default for
 * scans that do not say. 72 and 96 dpi are what software writes when it does not know: a
 * 934 × 1170 letter "at 72 dpi" would be a 13 × 16-inch page. */
int
vn_layout_resolution (int dpi)
{
  return dpi >= 100 && dpi <= 2400 ? dpi : VN_SCAN_PDF_DEFAULT_DPI;
}

/* The scan as the exported file at @export_path names it: relative to that file's folder when
 * the scan lies inside it, else absolute — never relative to the folder Verno runs in. A page
 * of a file of several pages (frames of a TIFF, pages of a PDF) is named "scan.tif[N]", with
 * N its index in the file from 0, as ImageMagick and Leptonica name frames. */
char *
vn_layout_image_reference (VnScanPage *scan,
                           const char *export_path)
{
  g_autofree char *image = g_canonicalize_filename (scan->path, NULL);
  g_autofree char *dir = export_path ? g_path_get_dirname (export_path) : NULL;
  g_autofree char *base = dir ? g_canonicalize_filename (dir, NULL) : NULL;
  g_autofree char *prefix = base ? g_strconcat (base, G_DIR_SEPARATOR_S, NULL) : NULL;
  const char *name = image;
  g_autofree char *display = NULL;

  if (prefix != NULL && g_str_has_prefix (image, prefix) && !g_str_equal (base, "/"))
    name = image + strlen (prefix);
  display = g_filename_display_name (name);
  if (scan->n_in_file > 1)
    return g_strdup_printf ("%s[%u]", display, scan->index);
  return g_steal_pointer (&display);
}

/* Characters that end a line to say the word goes on on the next. */
gboolean
vn_layout_is_hyphen (gunichar c)
{
  return c == '-' || c == 0x00AD || c == 0x2010 || c == 0x2011 || c == 0x2012 ||
         c == 0x2013 || c == 0x2014 || c == 0x00AC || c == '=' || c == 0x2E17;
}

/* ------------------------------------------------------------------ confidences */

static char *
nfc_core (const char *text,
          gssize      len)
{
  g_autofree char *nfc = vn_text_nfc (text, len);
  gsize start, end;

  vn_text_word_core (nfc, strlen (nfc), &start, &end);
  return g_strndup (nfc + start, end - start);
}

/* The OCR's confidence when it read the verified word's letters exactly, else -1. */
static double
matched_confidence (VnCollation            *collation,
                    const VnTokenPlacement *pl,
                    const VnToken          *token)
{
  VnTranscription *transcription = vn_collation_get_transcription (collation);
  const char *text = vn_transcription_get_text (transcription, NULL);
  const VnOcrWord *ocr;
  g_autofree char *ocr_core = NULL;
  g_autofree char *core = NULL;

  if (pl->interpolated || pl->first_ocr < 0 || pl->n_ocr != 1)
    return -1;
  ocr = vn_collation_get_ocr_word (collation, pl->first_ocr, NULL);
  ocr_core = nfc_core (ocr->text, -1);
  core = nfc_core (text + token->core_start, token->core_end - token->core_start);
  if (*core == '\0' || !g_str_equal (core, ocr_core))
    return -1;
  return CLAMP (ocr->confidence, 0, 100);
}

/* ------------------------------------------------------------------ boxes */

/* Interpolated regions may run off the page; every format wants them on it. */
static VnBox
clamp_box (VnBox box,
           int   width,
           int   height)
{
  box.x = CLAMP (box.x, 0, MAX (0, width - 1));
  box.y = CLAMP (box.y, 0, MAX (0, height - 1));
  box.w = CLAMP (box.w, 1, MAX (1, width - box.x));
  box.h = CLAMP (box.h, 1, MAX (1, height - box.y));
  return box;
}

/* A region beside the previous word for words placed out of order or not at all. */
static VnBox
box_after (const VnLayoutPage *page,
           const char         *text)
{
  const VnLayoutWord *prev;
  int char_w;

  if (page->words->len == 0)
    return (VnBox) { 0, 0, 1, 1 };
  prev = &g_array_index (page->words, VnLayoutWord, page->words->len - 1);
  char_w = MAX (4, prev->box.h / 2);
  return (VnBox) { prev->box.x + prev->box.w + char_w, prev->box.y,
                   char_w * (int) g_utf8_strlen (text, -1), prev->box.h };
}

static VnBox
ocr_words_box (VnCollation *collation,
               guint        first,
               guint        end)
{
  VnBox box = vn_collation_get_ocr_word (collation, first, NULL)->box;

  for (guint i = first + 1; i < end; i++)
    box = vn_box_union (box, vn_collation_get_ocr_word (collation, i, NULL)->box);
  return box;
}

/* ------------------------------------------------------------------ hyphenated words */

static char *
ocr_words_text (VnCollation *collation,
                guint        first,
                guint        end)
{
  GString *text = g_string_new (NULL);

  for (guint i = first; i < end; i++)
    g_string_append (text, vn_collation_get_ocr_word (collation, i, NULL)->text);
  return g_string_free (text, FALSE);
}

/* The first OCR word of @pl on a second line of the same page, or -1 when its OCR words lie
 * on one line, or on more than two, or on two pages. */
static int
second_line_start (VnCollation            *collation,
                   const VnTokenPlacement *pl)
{
  const VnOcrWord *first;
  guint first_page, page;
  int split = -1;

  if (pl->interpolated || pl->first_ocr < 0 || pl->n_ocr < 2)
    return -1;
  first = vn_collation_get_ocr_word (collation, pl->first_ocr, &first_page);
  for (guint k = 1; k < pl->n_ocr; k++)
    {
      const VnOcrWord *word = vn_collation_get_ocr_word (collation, pl->first_ocr + k, &page);

      if (page != first_page)
        return -1;
      if (split < 0 && word->line != first->line)
        split = pl->first_ocr + k;
      else if (split >= 0 &&
               word->line != vn_collation_get_ocr_word (collation, split, NULL)->line)
        return -1;
    }
  return split;
}

/* How many leading characters of @word read as @prefix, case aside. */
static glong
common_prefix (const char *word,
               const char *prefix)
{
  glong n = 0;

  for (; *word && *prefix; word = g_utf8_next_char (word), prefix = g_utf8_next_char (prefix))
    {
      if (g_unichar_tolower (g_utf8_get_char (word)) !=
          g_unichar_tolower (g_utf8_get_char (prefix)))
        break;
      n++;
    }
  return n;
}

static gunichar
char_at (const char *text,
         glong       index)
{
  return g_utf8_get_char (g_utf8_offset_to_pointer (text, index));
}

/* Where @word breaks between the lines, in characters: after what the OCR read on the first
 * line (without its hyphen) when the word begins so, else in proportion to what it read on
 * each; after the word's own hyphen when it has one there ("Aid-" + "Committee"); never
 * before a combining mark. 0 when the word cannot be split. */
static glong
split_point (const char *word,
             const char *first,
             glong       n_first,
             glong       n_second,
             gboolean   *own_hyphen)
{
  glong len = g_utf8_strlen (word, -1);
  glong p;

  *own_hyphen = FALSE;
  if (len < 2 || n_first < 1 || n_second < 1)
    return 0;
  p = common_prefix (word, first) >= n_first ? n_first
                                            : (len * n_first + (n_first + n_second) / 2) /
                                              (n_first + n_second);
  p = CLAMP (p, 1, len - 1);
  if (vn_layout_is_hyphen (char_at (word, p)) && p + 1 < len)
    p++;
  *own_hyphen = vn_layout_is_hyphen (char_at (word, p - 1));
  while (p < len && g_unichar_ismark (char_at (word, p)))
    p++;
  return p < len ? p : 0;
}

static void
append_word (VnLayoutPage *page,
             VnLayoutWord *word)
{
  word->box = clamp_box (word->box, page->width, page->height);
  g_array_append_val (page->words, *word);
}

/* Two parts, one per line, for a word whose OCR words lie on two lines, the first ending in
 * a hyphen; FALSE when it cannot be split (then it stays whole). */
static gboolean
add_parts (Builder                *b,
           const VnTokenPlacement *pl,
           VnLayoutWord           *word)
{
  VnCollation *collation = b->layout->collation;
  int split = second_line_start (collation, pl);
  guint end = pl->first_ocr + pl->n_ocr;
  g_autofree char *first = NULL, *second = NULL;
  const char *hyphen_at;
  VnLayoutPage *page = page_at (b->layout, b->current);
  VnLayoutWord last = *word;
  const VnOcrWord *next;
  const char *cut;
  gboolean own_hyphen;
  glong p, n_first;

  if (split < 0)
    return FALSE;
  first = ocr_words_text (collation, pl->first_ocr, split);
  second = ocr_words_text (collation, split, end);
  n_first = g_utf8_strlen (first, -1);
  hyphen_at = n_first > 0 ? g_utf8_offset_to_pointer (first, n_first - 1) : NULL;
  /* A word the OCR read on two lines without a hyphen is more likely misread than broken. */
  if (hyphen_at == NULL || !vn_layout_is_hyphen (g_utf8_get_char (hyphen_at)))
    return FALSE;
  n_first--;
  p = split_point (word->whole, first, n_first, g_utf8_strlen (second, -1), &own_hyphen);
  if (p == 0)
    return FALSE;
  cut = g_utf8_offset_to_pointer (word->whole, p);
  g_free (word->text);
  word->text = g_strndup (word->whole, cut - word->whole);
  word->part = VN_LAYOUT_FIRST_PART;
  word->hyphen = own_hyphen ? NULL : g_strdup (hyphen_at);
  word->box = ocr_words_box (collation, pl->first_ocr, split);
  append_word (page, word);
  next = vn_collation_get_ocr_word (collation, split, NULL);
  last.text = g_strdup (cut);
  last.whole = g_strdup (word->whole);
  last.part = VN_LAYOUT_LAST_PART;
  last.box = ocr_words_box (collation, split, end);
  last.block = next->block, last.par = next->par, last.line = next->line;
  append_word (page, &last);
  return TRUE;
}

/* ------------------------------------------------------------------ words of the verified text */

/* Form feeds, when the text has one page per scan, say where its pages break. */
static int
token_page (VnLayout               *layout,
            const VnTokenPlacement *pl,
            const VnToken          *token)
{
  if (vn_transcription_get_n_marked_pages (layout->transcription) == layout->pages->len)
    return token->page;
  return pl->page;
}

/* Pages only move forward in the text: a word placed on an earlier page than its previous
 * neighbour (a misalignment) is kept beside that neighbour instead. */
static void
add_token (Builder *b,
           guint    index)
{
  VnLayout *layout = b->layout;
  const VnTokenPlacement *pl = vn_collation_get_placement (layout->collation, index);
  const VnToken *token = vn_transcription_get_token (layout->transcription, index);
  const char *text = vn_transcription_get_text (layout->transcription, NULL);
  int target = token_page (layout, pl, token);
  gboolean placed = target >= (int) b->current && target < (int) layout->pages->len;
  gboolean on_page = placed && target == pl->page;
  VnLayoutPage *page;
  VnLayoutWord word = { .token = index, .confidence = -1, .guessed = TRUE };

  if (placed)
    b->current = target;
  page = page_at (layout, b->current);
  word.whole = g_strndup (text + token->start, token->end - token->start);
  word.text = g_strdup (word.whole);
  word.box = on_page ? pl->box : box_after (page, word.text);
  if (on_page && !pl->interpolated && pl->first_ocr >= 0)
    {
      const VnOcrWord *ocr = vn_collation_get_ocr_word (layout->collation, pl->first_ocr, NULL);

      word.block = ocr->block, word.par = ocr->par, word.line = ocr->line;
      word.known = TRUE;
      word.guessed = FALSE;
      word.confidence = matched_confidence (layout->collation, pl, token);
      if (add_parts (b, pl, &word))
        return;
    }
  append_word (page, &word);
}

/* Words without OCR structure join their previous neighbour's line, or the first word's
 * line when they open the page. */
static void
fill_structure (VnLayoutPage *page)
{
  VnLayoutWord *words = (VnLayoutWord *) page->words->data;
  int first_known = -1;

  for (guint i = 0; i < page->words->len && first_known < 0; i++)
    if (words[i].known)
      first_known = i;
  for (guint i = 0; i < page->words->len; i++)
    {
      const VnLayoutWord *from = i > 0 ? &words[i - 1]
                                       : first_known >= 0 ? &words[first_known] : NULL;

      if (words[i].known || from == NULL)
        continue;
      words[i].block = from->block, words[i].par = from->par, words[i].line = from->line;
    }
}

static gboolean
same_line (const VnLayoutWord *a,
           const VnLayoutWord *b)
{
  return a->block == b->block && a->par == b->par && a->line == b->line;
}

static double
char_width (const VnLayoutWord *word)
{
  return (double) word->box.w / MAX (1, g_utf8_strlen (word->text, -1));
}

/* Guessed words [first, end) of a line go, a space apart and as wide as their neighbour's
 * letters, after the word before them or else before the word after them, staying on the
 * page: the collation's guesses may run off it. */
static void
place_guessed (VnLayoutPage *page,
               guint         first,
               guint         end,
               int           before,
               int           after)
{
  VnLayoutWord *words = (VnLayoutWord *) page->words->data;
  const VnLayoutWord *ref = &words[before >= 0 ? before : after];
  double unit = char_width (ref), left, right, x;
  guint units = 1;

  for (guint i = first; i < end; i++)
    units += g_utf8_strlen (words[i].text, -1) + 1;
  left = before >= 0 ? words[before].box.x + words[before].box.w : 0;
  right = after >= 0 ? words[after].box.x : page->width;
  if (after >= 0 && right <= left)
    right = page->width;  /* the next word is not to the right after all */
  unit = CLAMP ((right - left) / units, 1, unit);
  x = before >= 0 ? left + unit : right - (units - 1) * unit;
  for (guint i = first; i < end; i++)
    {
      double w = unit * g_utf8_strlen (words[i].text, -1);

      words[i].box = clamp_box ((VnBox) { (int) x, ref->box.y, MAX (1, (int) w), ref->box.h },
                                page->width, page->height);
      x += w + unit;
    }
}

static void
place_guessed_in_line (VnLayoutPage       *page,
                       const VnLayoutLine *line)
{
  VnLayoutWord *words = (VnLayoutWord *) page->words->data;
  guint end = line->first + line->n;

  for (guint i = line->first; i < end;)
    {
      guint j = i;

      if (!words[i].guessed)
        {
          i++;
          continue;
        }
      while (j < end && words[j].guessed)
        j++;
      if (i > line->first || j < end)
        place_guessed (page, i, j, i > line->first ? (int) i - 1 : -1, j < end ? (int) j : -1);
      i = j;
    }
}

/* Words [first, end) share @region, each as wide as its letters. */
static void
share_region (VnLayoutPage *page,
              guint         first,
              guint         end,
              VnBox         region)
{
  VnLayoutWord *words = (VnLayoutWord *) page->words->data;
  guint total = 0, done = 0;

  for (guint i = first; i < end; i++)
    total += MAX (1, g_utf8_strlen (words[i].text, -1));
  for (guint i = first; i < end; i++)
    {
      guint chars = MAX (1, g_utf8_strlen (words[i].text, -1));

      words[i].box = region;
      words[i].box.x = region.x + (int) ((double) region.w * done / total);
      words[i].box.w = MAX (1, (int) ((double) region.w * chars / total));
      done += chars;
    }
}

/* Words of a line that start before the middle of the word before them — placed on one OCR
 * word, or out of order — share the region they cover between them, in text order: every
 * format then has the line's words left to right, one beside the other. */
static void
untangle_line (VnLayoutPage       *page,
               const VnLayoutLine *line)
{
  VnLayoutWord *words = (VnLayoutWord *) page->words->data;
  guint end = line->first + line->n;

  for (guint i = line->first; i < end;)
    {
      VnBox region = words[i].box;
      guint j = i + 1;

      while (j < end && words[j].box.x < words[j - 1].box.x + words[j - 1].box.w / 2)
        region = vn_box_union (region, words[j++].box);
      if (j - i > 1)
        share_region (page, i, j, region);
      i = j;
    }
}

static void
build_lines (VnLayoutPage *page,
             gboolean      untangle)
{
  for (guint i = 0; i < page->words->len;)
    {
      const VnLayoutWord *first = &g_array_index (page->words, VnLayoutWord, i);
      VnLayoutLine line = { .first = i, .block = first->block, .par = first->par };

      while (i < page->words->len &&
             same_line (first, &g_array_index (page->words, VnLayoutWord, i)))
        i++;
      line.n = i - line.first;
      place_guessed_in_line (page, &line);
      if (untangle)
        untangle_line (page, &line);
      line.box = vn_layout_line_get_word (page, &line, 0)->box;
      for (guint k = 1; k < line.n; k++)
        line.box = vn_box_union (line.box, vn_layout_line_get_word (page, &line, k)->box);
      g_array_append_val (page->lines, line);
    }
}

static char *
title_of (VnTranscription *transcription)
{
  const char *name = vn_transcription_get_display_name (transcription);

  return g_path_get_basename (name && *name ? name : "untitled");
}

/* The layout of @verified on its pages; @scan_pages (or NULL) are their scans, and
 * @export_path (or NULL) the file the layout is for, which the image names are relative to. */
VnLayout *
vn_layout_new_for_collation (VnCollation *verified,
                             GPtrArray   *scan_pages,
                             const char  *export_path)
{
  guint n_pages = vn_collation_get_n_pages (verified);
  VnLayout *layout = layout_new (n_pages);
  Builder b = { layout, 0 };

  g_return_val_if_fail (scan_pages == NULL || scan_pages->len == n_pages, NULL);

  layout->collation = verified;
  layout->transcription = vn_collation_get_transcription (verified);
  layout->title = title_of (layout->transcription);
  layout->processing = "Verified transcription placed on the OCR of the scans";
  for (guint p = 0; p < n_pages; p++)
    {
      VnOcrPage *ocr = vn_collation_get_page (verified, p);
      VnScanPage *scan = scan_pages ? g_ptr_array_index (scan_pages, p) : NULL;
      const char *label = vn_ocr_page_get_source_label (ocr);

      add_page (layout, ocr, scan, vn_layout_resolution (vn_ocr_page_get_dpi (ocr)),
                scan ? vn_layout_image_reference (scan, export_path)
                     : g_filename_display_name (label ? label : ""));
    }
  for (guint t = 0; n_pages > 0 && t < vn_transcription_get_n_tokens (layout->transcription); t++)
    add_token (&b, t);
  for (guint p = 0; p < n_pages; p++)
    {
      fill_structure (page_at (layout, p));
      build_lines (page_at (layout, p), TRUE);
    }
  return layout;
}

/* ------------------------------------------------------------------ an OCR page as read */

/* The words of @page as the OCR gave them, boxes and confidences untouched (the OCR cache
 * must read back what it wrote), at the page's own resolution, named by its source label. */
VnLayout *
vn_layout_new_for_ocr_page (VnOcrPage *page)
{
  VnLayout *layout = layout_new (1);
  const char *label = vn_ocr_page_get_source_label (page);
  VnLayoutPage *out;

  layout->title = g_strdup ("");
  layout->processing = "OCR by Tesseract";
  add_page (layout, page, NULL, vn_ocr_page_get_dpi (page), g_strdup (label ? label : ""));
  out = page_at (layout, 0);
  for (guint i = 0; i < vn_ocr_page_get_n_words (page); i++)
    {
      const VnOcrWord *ocr = vn_ocr_page_get_word (page, i);
      VnLayoutWord word = {
        .text = g_strdup (ocr->text), .box = ocr->box, .confidence = ocr->confidence,
        .ocr = ocr, .token = i, .block = ocr->block, .par = ocr->par, .line = ocr->line,
        .known = TRUE,
      };

      word.whole = g_strdup (ocr->text);
      g_array_append_val (out->words, word);
    }
  build_lines (out, FALSE);
  return layout;
}
