/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-alto.c: ALTO 1.x–4.x as the published transcription, and corrections written
 * into it in place.
 *
 * Reading: each Page, its blocks (TextBlock, within ComposedBlock and PrintSpace or the
 * margins), lines (TextLine) and their String elements; a String whose CONTENT holds spaces
 * is a whole line (as eScriptorium exports), HYP is the hyphen at a line's end. Writing: a
 * corrected String gets its new CONTENT and WC="1.0"; a split adds a String (and an SP) with
 * an ID derived from the word's and its part of the box; a merge removes the second String
 * and the SP before it and widens the first; the change is recorded as Processing (ALTO 4),
 * or as a postProcessingStep (ALTO 2 and 3, which have only OCRProcessing). */
#include "config.h"

#include <string.h>

#include "vn-source-private.h"

static void
read_box (xmlNodePtr  element,
          VnBox      *box,
          gboolean   *has_box)
{
  *has_box = vn_xml_get_int_attr (element, "HPOS", &box->x) &&
             vn_xml_get_int_attr (element, "VPOS", &box->y) &&
             vn_xml_get_int_attr (element, "WIDTH", &box->w) &&
             vn_xml_get_int_attr (element, "HEIGHT", &box->h);
}

static void
read_line (VnSource   *self,
           xmlNodePtr  line)
{
  VnBox box;
  gboolean has_box;

  read_box (line, &box, &has_box);
  _vn_source_begin_line (self, line, has_box ? &box : NULL);
  for (xmlNodePtr child = line->children; child; child = child->next)
    {
      g_autofree char *content = NULL;

      if (!vn_xml_is (child, "String") && !vn_xml_is (child, "HYP"))
        continue;
      content = vn_xml_dup_attr (child, "CONTENT");
      read_box (child, &box, &has_box);
      if (content == NULL)
        continue;
      if (vn_xml_is (child, "HYP"))
        _vn_source_add_unit (self, VN_UNIT_HYPHEN, content, child, has_box ? &box : NULL);
      else
        _vn_source_add_unit (self, strpbrk (g_strstrip (content), " \t\n") ? VN_UNIT_LINE
                                                                         : VN_UNIT_WORD,
                             content, child, has_box ? &box : NULL);
    }
  _vn_source_end_line (self);
}

static void
read_blocks (VnSource   *self,
             xmlNodePtr  parent)
{
  for (xmlNodePtr child = parent->children; child; child = child->next)
    {
      if (vn_xml_is (child, "TextBlock"))
        {
          _vn_source_begin_block (self);
          for (xmlNodePtr line = child->children; line; line = line->next)
            if (vn_xml_is (line, "TextLine"))
              read_line (self, line);
          _vn_source_begin_block (self);
        }
      else if (child->type == XML_ELEMENT_NODE)
        read_blocks (self, child);
    }
}

static char *
alto_version (xmlNodePtr root)
{
  g_autofree char *declared = vn_xml_dup_attr (root, "SCHEMAVERSION");
  const char *ns = root->ns ? (const char *) root->ns->href : "";

  if (declared != NULL)
    return g_steal_pointer (&declared);
  for (int v = 2; v <= 4; v++)
    {
      g_autofree char *tag = g_strdup_printf ("ns-v%d#", v);
      if (g_str_has_suffix (ns, tag))
        return g_strdup_printf ("%d", v);
    }
  return g_strdup (strstr (ns, "ccs-gmbh") ? "1" : NULL);
}

gboolean
_vn_source_read_alto (VnSource  *self,
                      guint      file,
                      GError   **error)
{
  VnXmlFile *xml = _vn_source_get_file (self, file)->xml;
  xmlNodePtr root = xmlDocGetRootElement (xml->doc);
  xmlNodePtr info = vn_xml_first_child (vn_xml_first_child (root, "Description"),
                                        "sourceImageInformation");
  xmlNodePtr name = vn_xml_first_child (info, "fileName");
  xmlNodePtr layout = vn_xml_first_child (root, "Layout");
  g_autofree char *image = name ? (char *) xmlNodeGetContent (name) : NULL;
  guint n_pages = 0;

  if (self->version == NULL)
    self->version = alto_version (root);
  for (xmlNodePtr page = layout ? layout->children : NULL; page; page = page->next)
    n_pages += vn_xml_is (page, "Page");
  for (xmlNodePtr page = layout ? layout->children : NULL; page; page = page->next)
    {
      int width = 0, height = 0;

      if (!vn_xml_is (page, "Page"))
        continue;
      vn_xml_get_int_attr (page, "WIDTH", &width);
      vn_xml_get_int_attr (page, "HEIGHT", &height);
      _vn_source_begin_page (self, file, n_pages == 1 && image ? g_strstrip (image) : NULL,
                             width, height);
      read_blocks (self, page);
    }
  if (n_pages == 0)
    _vn_source_begin_page (self, file, image, 0, 0);
  return TRUE;
}

/* ------------------------------------------------------------------ writing */

static char *
box_value (int value)
{
  return g_strdup_printf ("%d", value);
}

static void
set_box (VnXmlFile   *xml,
         VnSplice    *splice,
         xmlNodePtr   element,
         const VnBox *box)
{
  const char *names[] = { "HPOS", "VPOS", "WIDTH", "HEIGHT" };
  int values[] = { box->x, box->y, box->w, box->h };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *value = box_value (values[i]);
      guint s, e;

      int before;

      /* Leave an equal value as it is written ("25.0" stays). */
      if (vn_xml_file_attr_span (xml, element, names[i], &s, &e) &&
          vn_xml_get_int_attr (element, names[i], &before) && before == values[i])
        continue;
      _vn_source_set_attr (xml, splice, element, names[i], value);
    }
}

static xmlNodePtr
sibling_element (xmlNodePtr node,
                 gboolean   next)
{
  for (node = next ? node->next : node->prev; node; node = next ? node->next : node->prev)
    if (node->type == XML_ELEMENT_NODE)
      return node;
  return NULL;
}

static void
insert_split_words (VnXmlFile        *xml,
                    VnSplice         *splice,
                    xmlNodePtr        string,
                    const VnUnitPlan *up)
{
  g_autofree char *space = vn_xml_file_dup_leading_space (xml, string);
  g_autofree char *sp = vn_xml_dup_qualified_name (string, "SP");
  g_autofree char *id = vn_xml_dup_attr (string, "ID");
  GString *out = g_string_new (NULL);

  for (guint w = 0; w < up->extra->len; w++)
    {
      const VnNewWord *word = &g_array_index (up->extra, VnNewWord, w);
      g_autofree char *new_id = id ? _vn_source_derive_id (xml, id, w + 2) : NULL;
      g_autofree char *x = box_value (word->box.x), *y = box_value (word->box.y);
      g_autofree char *wd = box_value (word->box.w), *h = box_value (word->box.h);
      const char *names[] = { "ID", "CONTENT", "WC", "HPOS", "VPOS", "WIDTH", "HEIGHT", NULL };
      const char *values[] = { new_id, word->text, "1.0", x, y, wd, h, NULL };
      g_autofree char *tag = _vn_source_dup_start_tag (xml, string, names, values, TRUE);

      g_string_append_printf (out, "%s<%s/>%s%s", space, sp, space, tag);
    }
  vn_splice_add (splice, vn_xml_file_span (xml, string)->end,
                 vn_xml_file_span (xml, string)->end, out->str);
  g_string_free (out, TRUE);
}

static void
write_string (VnXmlFile        *xml,
              VnSplice         *splice,
              const VnSourceUnit *unit,
              const VnUnitPlan *up)
{
  xmlNodePtr string = unit->element;

  if (up->removed && unit->kind == VN_UNIT_HYPHEN)
    {
      _vn_source_remove_element (xml, splice, string, NULL);
      return;
    }
  if (up->removed && unit->kind == VN_UNIT_WORD)
    {
      xmlNodePtr before = sibling_element (string, FALSE);
      xmlNodePtr after = sibling_element (string, TRUE);

      if (vn_xml_is (before, "SP"))
        _vn_source_remove_element (xml, splice, string, before);
      else if (vn_xml_is (after, "SP"))
        {
          /* The line's first word: it and the space after it go. */
          _vn_source_remove_element (xml, splice, after, string);
        }
      else
        _vn_source_remove_element (xml, splice, string, NULL);
      return;
    }
  _vn_source_set_attr (xml, splice, string, "CONTENT", up->text);
  if (unit->kind == VN_UNIT_HYPHEN)
    return;
  _vn_source_set_attr (xml, splice, string, "WC", "1.0");
  if (up->box_changed && unit->has_box)
    set_box (xml, splice, string, &up->box);
  if (up->extra != NULL)
    insert_split_words (xml, splice, string, up);
}

/* The end of @element's content, before the white space that precedes its end tag. */
static guint
end_of_content (VnXmlFile  *xml,
                xmlNodePtr  element)
{
  const VnXmlSpan *span = vn_xml_file_span (xml, element);
  guint at = span->content_end;

  while (at > span->tag_end && g_ascii_isspace (xml->data[at - 1]))
    at--;
  return at;
}

/* The processing step, its elements named with the file's prefix for ALTO ("alto:"). */
static char *
processing_step (const char *prefix,
                 guint       n_words)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  return g_strdup_printf ("<%1$sprocessingDateTime>%2$s</%1$sprocessingDateTime>"
                          "<%1$sprocessingStepDescription>%3$u %4$s corrected against the scans "
                          "in Verno</%1$sprocessingStepDescription><%1$sprocessingSoftware>"
                          "<%1$ssoftwareName>Verno</%1$ssoftwareName><%1$ssoftwareVersion>%5$s"
                          "</%1$ssoftwareVersion></%1$sprocessingSoftware>", prefix, when,
                          n_words, n_words == 1 ? "word" : "words", PACKAGE_VERSION);
}

static void
add_processing (VnXmlFile  *xml,
                VnSplice   *splice,
                VnSource   *self,
                guint       n_words)
{
  xmlNodePtr root = xmlDocGetRootElement (xml->doc);
  xmlNodePtr description = vn_xml_first_child (root, "Description");
  xmlNodePtr unit = vn_xml_first_child (description, "MeasurementUnit");
  xmlNodePtr ocr = vn_xml_first_child (description, "OCRProcessing");
  gboolean v4 = self->version == NULL || g_ascii_strtod (self->version, NULL) >= 4;
  g_autofree char *id = _vn_source_derive_id (xml, "verno_correction", 1);
  g_autofree char *prefix = NULL, *step = NULL, *space = NULL, *element = NULL;
  guint at;

  if (description == NULL || vn_xml_file_span (xml, description)->empty)
    return;
  prefix = description->ns && description->ns->prefix
           ? g_strdup_printf ("%s:", description->ns->prefix) : g_strdup ("");
  step = processing_step (prefix, n_words);
  space = unit ? vn_xml_file_dup_leading_space (xml, unit) : g_strdup ("\n");
  if (v4)
    element = g_strdup_printf ("%s<%sProcessing ID=\"%s\">%s</%sProcessing>", space, prefix, id,
                               step, prefix);
  else if (ocr != NULL && !vn_xml_file_span (xml, ocr)->empty)
    {
      xmlNodePtr first = vn_xml_first_child (ocr, "ocrProcessingStep");
      g_autofree char *indent = first ? vn_xml_file_dup_leading_space (xml, first)
                                      : g_strdup ("");

      at = end_of_content (xml, ocr);
      element = g_strdup_printf ("%s<%spostProcessingStep>%s</%spostProcessingStep>", indent,
                                 prefix, step, prefix);
      vn_splice_add (splice, at, at, element);
      return;
    }
  else
    element = g_strdup_printf ("%1$s<%2$sOCRProcessing ID=\"%3$s\"><%2$socrProcessingStep/>"
                               "<%2$spostProcessingStep>%4$s</%2$spostProcessingStep>"
                               "</%2$sOCRProcessing>", space, prefix, id, step);
  at = end_of_content (xml, description);
  vn_splice_add (splice, at, at, element);
}

static gboolean
has_subs_type (xmlNodePtr  element,
               const char *type)
{
  g_autofree char *value = vn_xml_dup_attr (element, "SUBS_TYPE");

  return g_strcmp0 (value, type) == 0;
}

static char *
old_word_text (VnSource *self,
               guint     index)
{
  const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, index);

  return g_strndup (self->text->str + unit->start, unit->end - unit->start);
}

static char *
without_hyphen (const char *text)
{
  const char *hyphens[] = { "-", "\u00AC", "\u2E17", "\u00AD", "\u2010", NULL };
  char *copy = g_strdup (text);

  for (guint i = 0; hyphens[i]; i++)
    if (g_str_has_suffix (copy, hyphens[i]))
      copy[strlen (copy) - strlen (hyphens[i])] = '\0';
  return copy;
}

/* A word hyphenated across two lines is two Strings, SUBS_TYPE HypPart1 and HypPart2, each
 * with the whole word as SUBS_CONTENT: when a part is corrected, both say the new whole. */
static void
write_hyphenated (VnSource     *self,
                  VnXmlFile    *xml,
                  VnSplice     *splice,
                  VnSourcePlan *plan,
                  guint         file)
{
  for (guint i = 0; i + 1 < self->units->len; i++)
    {
      const VnSourceUnit *first = &g_array_index (self->units, VnSourceUnit, i);
      const VnUnitPlan *p1 = &plan->units[i], *p2;
      guint j = i + 1;
      g_autofree char *head = NULL, *whole = NULL;

      while (j < self->units->len &&
             g_array_index (self->units, VnSourceUnit, j).kind == VN_UNIT_HYPHEN)
        j++;
      if (j >= self->units->len || first->kind != VN_UNIT_WORD ||
          g_array_index (self->units, VnSourceUnit, j).kind != VN_UNIT_WORD ||
          !has_subs_type (first->element, "HypPart1") ||
          !has_subs_type (g_array_index (self->units, VnSourceUnit, j).element, "HypPart2"))
        continue;
      p2 = &plan->units[j];
      if ((!p1->changed && !p2->changed) || p1->removed || p2->removed || p1->extra || p2->extra)
        continue;
      {
        g_autofree char *t1 = p1->changed ? g_strdup (p1->text) : old_word_text (self, i);
        g_autofree char *t2 = p2->changed ? g_strdup (p2->text) : old_word_text (self, j);

        head = without_hyphen (t1);
        whole = g_strconcat (head, t2, NULL);
      }
      for (guint k = i; k <= j; k += j - i)
        if (_vn_source_unit_file (self, k) == file)
          _vn_source_set_attr (xml, splice, g_array_index (self->units, VnSourceUnit, k).element,
                               "SUBS_CONTENT", whole);
    }
}

gboolean
_vn_source_write_alto (VnSource      *self,
                       guint          file,
                       VnSourcePlan  *plan,
                       VnSplice      *splice,
                       GError       **error)
{
  VnXmlFile *xml = _vn_source_get_file (self, file)->xml;
  guint n_words = 0;

  for (guint i = 0; i < self->units->len; i++)
    {
      const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, i);

      if (!plan->units[i].changed || _vn_source_unit_file (self, i) != file)
        continue;
      write_string (xml, splice, unit, &plan->units[i]);
      n_words++;
    }
  /* The other part of a hyphenated word may be in this file though no word of it changed. */
  write_hyphenated (self, xml, splice, plan, file);
  if (n_words > 0)
    add_processing (xml, splice, self, n_words);
  return TRUE;
}
