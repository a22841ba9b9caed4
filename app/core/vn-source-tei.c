/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-tei.c: a TEI P5 edition as the published transcription, and corrections written
 * into it in place.
 *
 * Reading: the text of <text>, white space collapsed as XML prose is read, a line at each
 * <lb/>, a block at each paragraph-like element (p, ab, head, l, item, …), a page at each
 * <pb/> (its facs naming the page's image, directly or through a surface's graphic); of a
 * <choice>, its corr, reg or expan. Writing: in each corrected run of text only the corrected
 * words change, the rest byte for byte (its line breaks, indentation and character
 * references), and they become <choice><sic>old</sic><corr>new</corr></choice>, the old as the
 * file wrote it, which reads back as the corrected text. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-source-private.h"

static const char *blocks[] = {
  "p", "ab", "head", "div", "lg", "list", "item", "closer", "opener", "fw", "note", "table",
  "row", "cell", "figure", "trailer", "byline", "docTitle", "titlePart", "salute", "signed",
  "dateline", "argument", "epigraph", "sp", "speaker", "stage", NULL,
};

static char *
facs_image (xmlDocPtr  doc,
            xmlNodePtr pb)
{
  g_autofree char *facs = vn_xml_dup_attr (pb, "facs");
  xmlAttrPtr id;
  xmlNodePtr target, graphic;

  if (facs == NULL || facs[0] != '#')
    return g_steal_pointer (&facs);
  id = xmlGetID (doc, BAD_CAST (facs + 1));
  target = id ? id->parent : NULL;
  graphic = vn_xml_is (target, "graphic") ? target : vn_xml_first_child (target, "graphic");
  return graphic ? vn_xml_dup_attr (graphic, "url") : NULL;
}

static void read_children (VnSource *self, guint file, xmlNodePtr node);

static void
read_page_break (VnSource   *self,
                 guint       file,
                 xmlNodePtr  pb)
{
  g_autofree char *image = NULL;
  VnSourcePage *page;
  gboolean page_is_empty;

  /* A line of only the white space before the <pb/> is no text of the page. */
  _vn_source_end_line (self);
  image = facs_image (_vn_source_get_file (self, file)->xml->doc, pb);
  page = self->pages->len
         ? &g_array_index (self->pages, VnSourcePage, self->pages->len - 1) : NULL;
  page_is_empty = page != NULL && page->file == file &&
                  (self->lines->len == 0 ||
                   g_array_index (self->lines, VnSourceLine, self->lines->len - 1).page
                   != self->pages->len - 1);

  if (page_is_empty && page->image == NULL)
    page->image = g_steal_pointer (&image);
  else if (!page_is_empty)
    _vn_source_begin_page (self, file, image, 0, 0);
}

static xmlNodePtr
choice_reading (xmlNodePtr choice)
{
  const char *preferred[] = { "corr", "reg", "expan" };

  for (guint i = 0; i < G_N_ELEMENTS (preferred); i++)
    if (vn_xml_first_child (choice, preferred[i]) != NULL)
      return vn_xml_first_child (choice, preferred[i]);
  for (xmlNodePtr child = choice->children; child; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return child;
  return NULL;
}

static void
read_element (VnSource   *self,
              guint       file,
              xmlNodePtr  element)
{
  const char *name = (const char *) element->name;

  if (vn_xml_is (element, "pb"))
    read_page_break (self, file, element);
  else if (vn_xml_is (element, "lb"))
    _vn_source_line_break (self);
  else if (vn_xml_is (element, "choice"))
    {
      xmlNodePtr reading = choice_reading (element);
      if (reading != NULL)
        read_children (self, file, reading);
    }
  else if (vn_xml_is (element, "teiHeader") || vn_xml_is (element, "facsimile"))
    return;
  else if (g_strv_contains (blocks, name) || vn_xml_is (element, "l"))
    {
      _vn_source_begin_block (self);
      read_children (self, file, element);
      _vn_source_begin_block (self);
    }
  else
    read_children (self, file, element);
}

static void
read_children (VnSource   *self,
               guint       file,
               xmlNodePtr  node)
{
  for (xmlNodePtr child = node->children; child; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        _vn_source_add_text_run (self, child, (const char *) child->content);
      else if (child->type == XML_ELEMENT_NODE)
        read_element (self, file, child);
    }
}

static void
find_texts (VnSource   *self,
            guint       file,
            xmlNodePtr  node)
{
  for (xmlNodePtr child = node->children; child; child = child->next)
    {
      if (vn_xml_is (child, "text"))
        {
          if (self->pages->len == 0 || g_array_index (self->pages, VnSourcePage,
                                                      self->pages->len - 1).file != file)
            _vn_source_begin_page (self, file, NULL, 0, 0);
          read_children (self, file, child);
          _vn_source_begin_block (self);
        }
      else if (child->type == XML_ELEMENT_NODE && !vn_xml_is (child, "teiHeader"))
        find_texts (self, file, child);
    }
}

gboolean
_vn_source_read_tei (VnSource  *self,
                     guint      file,
                     GError   **error)
{
  find_texts (self, file, xmlDocGetRootElement (_vn_source_get_file (self, file)->xml->doc));
  if (self->pages->len == 0)
    _vn_source_begin_page (self, file, NULL, 0, 0);
  if (self->version == NULL)
    self->version = g_strdup ("P5");
  return TRUE;
}

/* ------------------------------------------------------------------ writing */

/* The bytes of text node @node: between its neighbours, which must be elements (or its
 * parent's tags) for Verno to know where it is. */
static gboolean
text_span (VnXmlFile  *xml,
           xmlNodePtr  node,
           guint      *start,
           guint      *end)
{
  xmlNodePtr prev = node->prev, next = node->next;

  if ((prev != NULL && prev->type != XML_ELEMENT_NODE) ||
      (next != NULL && next->type != XML_ELEMENT_NODE) || node->type != XML_TEXT_NODE)
    return FALSE;
  *start = prev ? vn_xml_file_span (xml, prev)->end : vn_xml_file_span (xml, node->parent)->tag_end;
  *end = next ? vn_xml_file_span (xml, next)->tag_start
              : vn_xml_file_span (xml, node->parent)->content_end;
  return *start <= *end;
}

static GStrv
words_of (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, " ", -1);
  GPtrArray *words = g_ptr_array_new ();

  for (guint i = 0; parts[i]; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (words, g_strdup (parts[i]));
  g_ptr_array_add (words, NULL);
  return (GStrv) g_ptr_array_free (words, FALSE);
}

/* The words of the text node's bytes [start, end): where each begins and ends. */
static GArray *
raw_words (VnXmlFile *xml,
           guint      start,
           guint      end)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (guint) * 2);

  for (guint at = start; at < end;)
    {
      guint span[2];

      while (at < end && g_ascii_isspace (xml->data[at]))
        at++;
      if (at >= end)
        break;
      span[0] = at;
      while (at < end && !g_ascii_isspace (xml->data[at]))
        at++;
      span[1] = at;
      g_array_append_val (spans, span);
    }
  return spans;
}

#define RAW_START(spans, i) (((guint *) (spans)->data)[2 * (i)])
#define RAW_END(spans, i) (((guint *) (spans)->data)[2 * (i) + 1])

static char *
joined (char **words,
        guint  from,
        guint  to)
{
  GString *out = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    g_string_append_printf (out, "%s%s", i > from ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

/* A space that the correction took from, or gave to, the start (@at_start) or the end of the
 * run: the run's own white space there goes, or one space comes. */
static void
write_edge_space (VnXmlFile        *xml,
                  VnSplice         *splice,
                  const VnUnitPlan *up,
                  guint             start,
                  guint             end,
                  GArray           *raw,
                  gboolean          at_start)
{
  gsize old_len = strlen (up->old_text), new_len = strlen (up->text);
  gboolean had = old_len > 0 && up->old_text[at_start ? 0 : old_len - 1] == ' ';
  gboolean has = new_len > 0 && up->text[at_start ? 0 : new_len - 1] == ' ';

  if (had == has || raw->len == 0)
    return;
  if (at_start)
    vn_splice_add (splice, start, had ? RAW_START (raw, 0) : start, had ? "" : " ");
  else
    vn_splice_add (splice, had ? RAW_END (raw, raw->len - 1) : end, end, had ? "" : " ");
}

/* The corrected words of a run of text, and only they, as
 * <choice><sic>old</sic><corr>new</corr></choice> (the old as the file wrote it); inside a
 * choice's corr, reg or expan, the new words themselves. */
static char *
correction_markup (VnXmlFile  *xml,
                   xmlNodePtr  node,
                   const char *old_raw,
                   const char *new_words)
{
  g_autofree char *escaped = vn_xml_file_escape (xml, new_words, FALSE);
  g_autofree char *choice = vn_xml_dup_qualified_name (node->parent, "choice");
  g_autofree char *sic = vn_xml_dup_qualified_name (node->parent, "sic");
  g_autofree char *corr = vn_xml_dup_qualified_name (node->parent, "corr");

  if (vn_xml_is (node->parent, "corr") || vn_xml_is (node->parent, "reg") ||
      vn_xml_is (node->parent, "expan"))
    return g_steal_pointer (&escaped);
  return g_strdup_printf ("<%s><%s>%s</%s><%s>%s</%s></%s>", choice, sic, old_raw, sic, corr,
                          escaped, corr, choice);
}

/* The words of @b that match those of @a, in order: match[i] is the index in @b of word i of
 * @a, or -1. The words both begin and end with match as they are; between them, a longest
 * common subsequence, or none when that middle is too long to compare word by word (a whole
 * chapter rewritten: one group). */
#define MAX_COMPARED (1u << 22)

static int *
match_words (char **a,
             guint  na,
             char **b,
             guint  nb)
{
  int *match = g_new (int, MAX (na, 1));
  guint prefix = 0, suffix = 0, ma, mb;
  g_autofree guint *table = NULL;

  while (prefix < na && prefix < nb && g_str_equal (a[prefix], b[prefix]))
    match[prefix] = prefix, prefix++;
  while (suffix < na - prefix && suffix < nb - prefix &&
         g_str_equal (a[na - 1 - suffix], b[nb - 1 - suffix]))
    suffix++, match[na - suffix] = nb - suffix;
  ma = na - prefix - suffix, mb = nb - prefix - suffix;
  for (guint i = 0; i < ma; i++)
    match[prefix + i] = -1;
  if (ma == 0 || mb == 0 || (guint64) (ma + 1) * (mb + 1) > MAX_COMPARED)
    return match;
  a += prefix, b += prefix;
  table = g_new0 (guint, (ma + 1) * (mb + 1));
#define T(i, j) table[(i) * (mb + 1) + (j)]
  for (guint i = ma; i-- > 0;)
    for (guint j = mb; j-- > 0;)
      T (i, j) = g_str_equal (a[i], b[j]) ? T (i + 1, j + 1) + 1 : MAX (T (i + 1, j), T (i, j + 1));
  for (guint i = 0, j = 0; i < ma;)
    {
      if (j < mb && g_str_equal (a[i], b[j]) && T (i, j) == T (i + 1, j + 1) + 1)
        match[prefix + i++] = prefix + j++;
      else if (j < mb && T (i, j + 1) >= T (i + 1, j))
        j++;
      else
        i++;
    }
#undef T
  return match;
}

/* Each group of changed words of the run becomes a <choice> of its own; words added between
 * two the run keeps, or at its start or end, come a space apart. */
static void
write_changed_words (VnXmlFile  *xml,
                     VnSplice   *splice,
                     xmlNodePtr  node,
                     GArray     *raw,
                     char      **old_words,
                     char      **new_words,
                     guint       start)
{
  guint n_old = g_strv_length (old_words), n_new = g_strv_length (new_words);
  g_autofree int *match = match_words (old_words, n_old, new_words, n_new);
  guint i = 0, j = 0;

  while (i < n_old || j < n_new)
    {
      guint i0 = i, j0 = j;

      if (i < n_old && match[i] == (int) j)
        {
          i++, j++;
          continue;
        }
      while (i < n_old && match[i] < 0)
        i++;
      j = i < n_old ? (guint) match[i] : n_new;
      {
        g_autofree char *words = joined (new_words, j0, j);
        guint from = i0 < i ? RAW_START (raw, i0) : i0 > 0 ? RAW_END (raw, i0 - 1) : start;
        guint to = i0 < i ? RAW_END (raw, i - 1) : from;
        g_autofree char *old_raw = g_strndup (xml->data + from, to - from);
        g_autofree char *markup = correction_markup (xml, node, old_raw, words);
        g_autofree char *text = i0 < i ? g_strdup (markup)
                                       : g_strdup_printf ("%s%s%s", i0 > 0 ? " " : "", markup,
                                                          i0 == 0 ? " " : "");

        if (i0 == i && i0 == 0)
          from = to = RAW_START (raw, 0);
        vn_splice_add (splice, from, to, text);
      }
    }
}

static gboolean
write_run (VnXmlFile          *xml,
           VnSplice           *splice,
           const VnSourceUnit *unit,
           const VnUnitPlan   *up,
           GError            **error)
{
  xmlNodePtr node = unit->element;
  guint start, end;
  g_auto(GStrv) old_words = words_of (up->old_text), new_words = words_of (up->text);
  g_autoptr(GArray) raw = NULL;

  if (!text_span (xml, node, &start, &end))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Verno cannot write the correction of “%s” at line %ld: its text lies next "
                     "to a comment, a processing instruction or CDATA; nothing was written."),
                   up->old_text, xmlGetLineNo (node->parent));
      return FALSE;
    }
  raw = raw_words (xml, start, end);
  if (raw->len != g_strv_length (old_words))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Verno cannot write the correction of “%s” at line %ld: its text is not "
                     "written as it reads; nothing was written."), up->old_text,
                   xmlGetLineNo (node->parent));
      return FALSE;
    }
  if (raw->len == 0)
    {
      /* White space alone (between two elements): it becomes the new text, spaces and all. */
      gsize len = strlen (up->text);
      guint n_new = g_strv_length (new_words);
      g_autofree char *words = joined (new_words, 0, n_new);
      g_autofree char *markup = n_new ? correction_markup (xml, node, "", words) : g_strdup ("");
      g_autofree char *text = g_strdup_printf ("%s%s%s", len && up->text[0] == ' ' ? " " : "",
                                               markup,
                                               n_new && up->text[len - 1] == ' ' ? " " : "");

      vn_splice_add (splice, start, end, text);
      return TRUE;
    }
  write_edge_space (xml, splice, up, start, end, raw, TRUE);
  write_edge_space (xml, splice, up, start, end, raw, FALSE);
  write_changed_words (xml, splice, node, raw, old_words, new_words, start);
  return TRUE;
}

gboolean
_vn_source_write_tei (VnSource      *self,
                      guint          file,
                      VnSourcePlan  *plan,
                      VnSplice      *splice,
                      GError       **error)
{
  VnXmlFile *xml = _vn_source_get_file (self, file)->xml;

  for (guint i = 0; i < self->units->len; i++)
    if (plan->units[i].changed && _vn_source_unit_file (self, i) == file &&
        !write_run (xml, splice, &g_array_index (self->units, VnSourceUnit, i), &plan->units[i],
                    error))
      return FALSE;
  return TRUE;
}
