/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-hocr.c: hOCR (XHTML) as the published transcription, and corrections written
 * into it in place.
 *
 * Reading: ocr_page (its title's image and bbox), the blocks (ocr_carea, ocr_par), lines
 * (ocr_line and its kin) and their ocrx_word elements; a line without words is one unit.
 * Writing: a corrected word gets its new text and x_wconf 100 in its title; a split adds a
 * word element with an ID derived from the word's and its part of the bbox; a merge removes
 * the second word and widens the first. hOCR has no place for provenance. */
#include <stdio.h>
#include <string.h>

#include "vn-source-private.h"

static gboolean
has_class (xmlNodePtr  element,
           const char *name)
{
  g_autofree char *classes = vn_xml_dup_attr (element, "class");
  g_auto(GStrv) parts = classes ? g_strsplit_set (classes, " \t\n", -1) : NULL;

  return parts != NULL && g_strv_contains ((const char * const *) parts, name);
}

static gboolean
is_line (xmlNodePtr element)
{
  return has_class (element, "ocr_line") || has_class (element, "ocrx_line") ||
         has_class (element, "ocr_header") || has_class (element, "ocr_caption") ||
         has_class (element, "ocr_textfloat");
}

/* A property of the title ("bbox 1 2 3 4; x_wconf 90"), or NULL. */
static char *
title_property (xmlNodePtr  element,
                const char *name)
{
  g_autofree char *title = vn_xml_dup_attr (element, "title");
  g_auto(GStrv) parts = title ? g_strsplit (title, ";", -1) : NULL;
  gsize n = strlen (name);

  for (guint i = 0; parts && parts[i]; i++)
    {
      char *p = g_strstrip (parts[i]);

      if (strncmp (p, name, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
        return g_strstrip (g_strdup (p + n));
    }
  return NULL;
}

static gboolean
title_bbox (xmlNodePtr  element,
            VnBox      *box)
{
  g_autofree char *bbox = title_property (element, "bbox");
  int x0, y0, x1, y1;

  if (bbox == NULL || sscanf (bbox, "%d %d %d %d", &x0, &y0, &x1, &y1) != 4 || x1 < x0 ||
      y1 < y0 || x0 < -10000000 || x1 > 10000000 || y0 < -10000000 || y1 > 10000000)
    return FALSE;
  *box = (VnBox) { x0, y0, x1 - x0, y1 - y0 };
  return TRUE;
}

static char *
text_of (xmlNodePtr element)
{
  xmlChar *content = xmlNodeGetContent (element);
  char *copy = g_strdup (content ? (const char *) content : "");

  xmlFree (content);
  return copy;
}

static void
collect_words (xmlNodePtr  parent,
               GPtrArray  *words)
{
  for (xmlNodePtr child = parent->children; child; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (has_class (child, "ocrx_word"))
        g_ptr_array_add (words, child);
      else
        collect_words (child, words);
    }
}

static void
read_line (VnSource   *self,
           xmlNodePtr  line)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  VnBox box;
  gboolean has_box = title_bbox (line, &box);

  collect_words (line, words);
  _vn_source_begin_line (self, line, has_box ? &box : NULL);
  for (guint i = 0; i < words->len; i++)
    {
      xmlNodePtr word = g_ptr_array_index (words, i);
      g_autofree char *text = text_of (word);
      VnBox word_box;

      _vn_source_add_unit (self, strpbrk (g_strstrip (text), " \t\n") ? VN_UNIT_LINE
                                                                     : VN_UNIT_WORD,
                           text, word, title_bbox (word, &word_box) ? &word_box : NULL);
    }
  if (words->len == 0)
    {
      g_autofree char *text = text_of (line);
      _vn_source_add_unit (self, VN_UNIT_LINE, text, line, has_box ? &box : NULL);
    }
  _vn_source_end_line (self);
}

static void
read_page (VnSource   *self,
           guint       file,
           xmlNodePtr  page)
{
  g_autofree char *image = title_property (page, "image");
  VnBox box = { 0 };

  title_bbox (page, &box);
  if (image != NULL && image[0] == '"')
    {
      char *end = strrchr (image + 1, '"');
      if (end != NULL)
        *end = '\0';
      memmove (image, image + 1, strlen (image));
    }
  _vn_source_begin_page (self, file, image, box.x + box.w, box.y + box.h);
}

static void
read_node (VnSource   *self,
           guint       file,
           xmlNodePtr  node)
{
  for (xmlNodePtr child = node->children; child; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      if (has_class (child, "ocr_page"))
        read_page (self, file, child);
      if (is_line (child))
        {
          read_line (self, child);
          continue;
        }
      if (has_class (child, "ocr_carea") || has_class (child, "ocr_par"))
        _vn_source_begin_block (self);
      read_node (self, file, child);
    }
}

gboolean
_vn_source_read_hocr (VnSource  *self,
                      guint      file,
                      GError   **error)
{
  read_node (self, file, xmlDocGetRootElement (_vn_source_get_file (self, file)->xml->doc));
  return TRUE;
}

/* ------------------------------------------------------------------ writing */

/* The title with bbox (if @box) and x_wconf set, its other properties as they were. */
static char *
new_title (xmlNodePtr   element,
           const VnBox *box)
{
  g_autofree char *title = vn_xml_dup_attr (element, "title");
  g_auto(GStrv) parts = g_strsplit (title ? title : "", ";", -1);
  GString *out = g_string_new (NULL);
  gboolean has_conf = FALSE;

  for (guint i = 0; parts[i]; i++)
    {
      char *p = g_strstrip (parts[i]);

      if (*p == '\0')
        continue;
      if (out->len)
        g_string_append (out, "; ");
      if (g_str_has_prefix (p, "bbox") && box != NULL)
        g_string_append_printf (out, "bbox %d %d %d %d", box->x, box->y, box->x + box->w,
                                box->y + box->h);
      else if (g_str_has_prefix (p, "x_wconf"))
        g_string_append (out, "x_wconf 100"), has_conf = TRUE;
      else
        g_string_append (out, p);
    }
  if (!has_conf)
    g_string_append_printf (out, "%sx_wconf 100", out->len ? "; " : "");
  return g_string_free (out, FALSE);
}

/* The element whose content is the word's text: the word itself, or the formatting inside it
 * that holds the whole text (gImageReader's and Tesseract's <strong>, <em>), kept. */
static xmlNodePtr
text_holder (xmlNodePtr word)
{
  while (TRUE)
    {
      xmlNodePtr only = NULL;

      for (xmlNodePtr child = word->children; child; child = child->next)
        {
          if (child->type == XML_ELEMENT_NODE && only == NULL)
            only = child;
          else if (child->type == XML_ELEMENT_NODE ||
                   (child->type == XML_TEXT_NODE && !xmlIsBlankNode (child)) ||
                   (child->type != XML_TEXT_NODE && child->type != XML_COMMENT_NODE))
            return word;
        }
      if (only == NULL)
        return word;
      word = only;
    }
}

/* The start tags of the formatting between @word and @holder, and their end tags. */
static void
formatting_tags (VnXmlFile  *xml,
                 xmlNodePtr  word,
                 xmlNodePtr  holder,
                 GString    *open,
                 GString    *close)
{
  const char *none[] = { NULL };

  for (xmlNodePtr e = holder; e != word; e = e->parent)
    {
      const VnXmlSpan *span = vn_xml_file_span (xml, e);
      g_autofree char *tag = _vn_source_dup_start_tag (xml, e, none, none, FALSE);
      gsize name_len = strcspn (xml->data + span->tag_start + 1, " \t\r\n/>");

      g_string_prepend (open, tag);
      g_string_append_printf (close, "</%.*s>", (int) name_len, xml->data + span->tag_start + 1);
    }
}

static void
insert_split_words (VnXmlFile        *xml,
                    VnSplice         *splice,
                    xmlNodePtr        word,
                    const VnUnitPlan *up)
{
  const VnXmlSpan *span = vn_xml_file_span (xml, word);
  g_autofree char *id = vn_xml_dup_attr (word, "id");
  g_autofree char *space = vn_xml_file_dup_leading_space (xml, word);
  gsize name_len = strcspn (xml->data + span->tag_start + 1, " \t\r\n/>");
  g_autofree char *name = g_strndup (xml->data + span->tag_start + 1, name_len);
  GString *out = g_string_new (NULL);
  g_autoptr(GString) open = g_string_new (NULL), close = g_string_new (NULL);

  formatting_tags (xml, word, text_holder (word), open, close);
  for (guint w = 0; w < up->extra->len; w++)
    {
      const VnNewWord *part = &g_array_index (up->extra, VnNewWord, w);
      g_autofree char *new_id = id ? _vn_source_derive_id (xml, id, w + 2) : NULL;
      g_autofree char *title = new_title (word, &part->box);
      const char *names[] = { "id", "title", NULL };
      const char *values[] = { new_id, title, NULL };
      g_autofree char *tag = _vn_source_dup_start_tag (xml, word, names, values, FALSE);
      g_autofree char *text = vn_xml_file_escape (xml, part->text, FALSE);

      g_string_append_printf (out, "%s%s%s%s%s</%s>", *space ? space : " ", tag, open->str, text,
                              close->str, name);
    }
  vn_splice_add (splice, span->end, span->end, out->str);
  g_string_free (out, TRUE);
}

static void
write_unit (VnXmlFile          *xml,
            VnSplice           *splice,
            const VnSourceUnit *unit,
            const VnUnitPlan   *up)
{
  g_autofree char *title = NULL;

  if (up->removed && unit->kind == VN_UNIT_WORD)
    {
      _vn_source_remove_element (xml, splice, unit->element, NULL);
      return;
    }
  _vn_source_set_content (xml, splice, text_holder (unit->element), up->text);
  if (unit->kind != VN_UNIT_WORD)
    return;
  title = new_title (unit->element, up->box_changed && unit->has_box ? &up->box : NULL);
  _vn_source_set_attr (xml, splice, unit->element, "title", title);
  if (up->extra != NULL)
    insert_split_words (xml, splice, unit->element, up);
}

gboolean
_vn_source_write_hocr (VnSource      *self,
                       guint          file,
                       VnSourcePlan  *plan,
                       VnSplice      *splice,
                       GError       **error)
{
  VnXmlFile *xml = _vn_source_get_file (self, file)->xml;

  for (guint i = 0; i < self->units->len; i++)
    if (plan->units[i].changed && _vn_source_unit_file (self, i) == file)
      write_unit (xml, splice, &g_array_index (self->units, VnSourceUnit, i), &plan->units[i]);
  return TRUE;
}
