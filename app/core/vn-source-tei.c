/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-tei.c: a TEI P5 edition as the published transcription, and corrections written
 * into it in place.
 *
 * Reading: the text of <text>, white space collapsed as XML prose is read, a line at each
 * <lb/>, a block at each paragraph-like element (p, ab, head, l, item, …), a page at each
 * <pb/> (its facs naming the page's image, directly or through a surface's graphic); of a
 * <choice>, its corr, reg or expan. Writing: each corrected run of text keeps its own white
 * space around the words, and the corrected words become
 * <choice><sic>old</sic><corr>new</corr></choice>, which reads back as the corrected text. */
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
  g_autofree char *image = facs_image (_vn_source_get_file (self, file)->xml->doc, pb);
  VnSourcePage *page = self->pages->len
                       ? &g_array_index (self->pages, VnSourcePage, self->pages->len - 1) : NULL;
  gboolean page_is_empty = page != NULL && page->file == file &&
                           (self->lines->len == 0 ||
                            g_array_index (self->lines, VnSourceLine, self->lines->len - 1).page
                            != self->pages->len - 1) && !self->line_open;

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

static char *
qualified (xmlNodePtr  like,
           const char *local)
{
  if (like->ns != NULL && like->ns->prefix != NULL)
    return g_strdup_printf ("%s:%s", like->ns->prefix, local);
  return g_strdup (local);
}

/* Common prefix and suffix of two texts, in whole words. */
static void
common_words (const char *a,
              const char *b,
              gsize      *prefix,
              gsize      *suffix)
{
  gsize la = strlen (a), lb = strlen (b), p = 0, s = 0;

  while (p < la && p < lb && a[p] == b[p])
    p++;
  if (!(p == la && p == lb) && !(p < la && a[p] == ' ' && p > 0 && a[p - 1] != ' '))
    while (p > 0 && a[p - 1] != ' ')
      p--;
  while (s < la - p && s < lb - p && a[la - 1 - s] == b[lb - 1 - s])
    s++;
  while (s > 0 && a[la - s] != ' ')
    s--;
  *prefix = p;
  *suffix = s;
}

static gboolean
write_run (VnXmlFile          *xml,
           VnSplice           *splice,
           const VnSourceUnit *unit,
           const VnUnitPlan   *up,
           GError            **error)
{
  xmlNodePtr node = unit->element;
  guint start, end, lead, trail;
  gsize prefix, suffix;
  g_autofree char *choice = NULL, *sic = NULL, *corr = NULL;
  g_autofree char *old_mid = NULL, *new_mid = NULL, *before = NULL, *after = NULL;
  g_autofree char *old_esc = NULL, *new_esc = NULL, *replacement = NULL;
  gboolean in_reading = vn_xml_is (node->parent, "corr") || vn_xml_is (node->parent, "reg") ||
                        vn_xml_is (node->parent, "expan");

  if (!text_span (xml, node, &start, &end))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Verno cannot write the correction of “%s” at line %ld: its text lies next "
                     "to a comment, a processing instruction or CDATA; nothing was written."),
                   up->old_text, xmlGetLineNo (node->parent));
      return FALSE;
    }
  for (lead = start; lead < end && g_ascii_isspace (xml->data[lead]); lead++)
    ;
  for (trail = end; trail > lead && g_ascii_isspace (xml->data[trail - 1]); trail--)
    ;
  common_words (up->old_text, up->text, &prefix, &suffix);
  before = g_strndup (up->text, prefix);
  after = g_strdup (up->text + strlen (up->text) - suffix);
  old_mid = g_strndup (up->old_text + prefix, strlen (up->old_text) - prefix - suffix);
  new_mid = g_strndup (up->text + prefix, strlen (up->text) - prefix - suffix);
  old_esc = vn_xml_file_escape (xml, old_mid, FALSE);
  new_esc = vn_xml_file_escape (xml, new_mid, FALSE);
  choice = qualified (node->parent, "choice");
  sic = qualified (node->parent, "sic");
  corr = qualified (node->parent, "corr");
  {
    g_autofree char *b = vn_xml_file_escape (xml, before, FALSE);
    g_autofree char *a = vn_xml_file_escape (xml, after, FALSE);

    if (in_reading)
      replacement = vn_xml_file_escape (xml, up->text, FALSE);
    else
      replacement = g_strdup_printf ("%s<%s><%s>%s</%s><%s>%s</%s></%s>%s", b, choice, sic,
                                     old_esc, sic, corr, new_esc, corr, choice, a);
  }
  vn_splice_add (splice, lead, MAX (lead, trail), replacement);
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
