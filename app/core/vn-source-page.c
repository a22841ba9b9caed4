/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-page.c: PAGE XML (2013, 2019) as the published transcription, and corrections
 * written into it in place.
 *
 * Reading: the Page's text regions in reading order (ReadingOrder's indexed references, then
 * any region it leaves out, in document order), their TextLines, and a line's Words when they
 * say the line's own text (else the line is one unit). The text is each element's first
 * TextEquiv's Unicode. Writing: a corrected Word or TextLine gets its new Unicode and
 * conf="1"; the line's and the region's TextEquiv are rewritten from their words and lines so
 * that the three levels agree; a split adds a Word with an ID derived from the word's and its
 * part of the box; a merge removes the second Word and widens the first; the change is a
 * MetadataItem (2019) and LastChange. */
#include "config.h"

#include <string.h>

#include "vn-source-private.h"

/* The first TextEquiv (the lowest index) and its Unicode. */
static xmlNodePtr
text_equiv_unicode (xmlNodePtr element)
{
  xmlNodePtr best = NULL;
  int best_index = G_MAXINT;

  for (xmlNodePtr child = element ? element->children : NULL; child; child = child->next)
    {
      int index = 0;

      if (!vn_xml_is (child, "TextEquiv"))
        continue;
      if (!vn_xml_get_int_attr (child, "index", &index))
        index = best == NULL ? G_MAXINT - 1 : G_MAXINT;
      if (best == NULL || index < best_index)
        best = child, best_index = index;
    }
  return vn_xml_first_child (best, "Unicode");
}

static char *
dup_text (xmlNodePtr unicode)
{
  xmlChar *content = unicode ? xmlNodeGetContent (unicode) : NULL;
  char *copy = content ? g_strdup ((const char *) content) : NULL;

  xmlFree (content);
  return copy;
}

/* The box around Coords' points ("x,y x,y …", or 2010's Point children). */
static gboolean
read_coords (xmlNodePtr  element,
             VnBox      *box)
{
  xmlNodePtr coords = vn_xml_first_child (element, "Coords");
  g_autofree char *points = coords ? vn_xml_dup_attr (coords, "points") : NULL;
  g_auto(GStrv) pairs = NULL;
  int x0 = G_MAXINT, y0 = G_MAXINT, x1 = G_MININT, y1 = G_MININT;

  if (points == NULL)
    return FALSE;
  pairs = g_strsplit_set (g_strstrip (points), " \t\n", -1);
  for (guint i = 0; pairs[i]; i++)
    {
      char *comma = strchr (pairs[i], ',');
      double x, y;

      if (comma == NULL)
        continue;
      x = g_ascii_strtod (pairs[i], NULL);
      y = g_ascii_strtod (comma + 1, NULL);
      if (!(x > -1e7 && x < 1e7 && y > -1e7 && y < 1e7))
        return FALSE;
      x0 = MIN (x0, (int) x), y0 = MIN (y0, (int) y);
      x1 = MAX (x1, (int) x), y1 = MAX (y1, (int) y);
    }
  if (x0 > x1 || y0 > y1)
    return FALSE;
  *box = (VnBox) { x0, y0, MAX (1, x1 - x0), MAX (1, y1 - y0) };
  return TRUE;
}

static char *
normalised (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text ? text : "", " \t\n\r", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

/* The Words stand for the line when each has text and together they say the line's. */
static gboolean
words_say_line (xmlNodePtr  line,
                const char *line_text)
{
  GString *joined = g_string_new (NULL);
  gboolean any = FALSE, all = TRUE, same;
  g_autofree char *want = normalised (line_text);

  for (xmlNodePtr word = line->children; word; word = word->next)
    {
      g_autofree char *text = NULL;

      if (!vn_xml_is (word, "Word"))
        continue;
      any = TRUE;
      text = dup_text (text_equiv_unicode (word));
      all = all && text != NULL;
      g_string_append_printf (joined, "%s ", text ? text : "");
    }
  {
    g_autofree char *got = normalised (joined->str);
    same = line_text == NULL || g_str_equal (got, want);
  }
  g_string_free (joined, TRUE);
  return any && all && same;
}

static void
read_line (VnSource   *self,
           xmlNodePtr  line)
{
  xmlNodePtr unicode = text_equiv_unicode (line);
  g_autofree char *text = dup_text (unicode);
  VnBox box;
  gboolean has_box = read_coords (line, &box);

  _vn_source_begin_line (self, line, has_box ? &box : NULL);
  if (words_say_line (line, text))
    {
      for (xmlNodePtr word = line->children; word; word = word->next)
        {
          xmlNodePtr word_unicode = vn_xml_is (word, "Word") ? text_equiv_unicode (word) : NULL;
          g_autofree char *word_text = dup_text (word_unicode);
          VnBox word_box;

          if (word_unicode != NULL)
            _vn_source_add_unit (self, VN_UNIT_WORD, word_text, word_unicode,
                                 read_coords (word, &word_box) ? &word_box : NULL);
        }
    }
  else if (unicode != NULL)
    _vn_source_add_unit (self, VN_UNIT_LINE, text, unicode, has_box ? &box : NULL);
  _vn_source_end_line (self);
}

static void
read_region (VnSource   *self,
             xmlNodePtr  region)
{
  _vn_source_begin_region (self, region);
  for (xmlNodePtr line = region->children; line; line = line->next)
    if (vn_xml_is (line, "TextLine"))
      read_line (self, line);
  _vn_source_end_region (self);
}

static void
collect_regions (xmlNodePtr  parent,
                 GPtrArray  *regions)
{
  for (xmlNodePtr child = parent->children; child; child = child->next)
    {
      if (vn_xml_is (child, "TextRegion"))
        g_ptr_array_add (regions, child);
      if (child->type == XML_ELEMENT_NODE && !vn_xml_is (child, "TextLine"))
        collect_regions (child, regions);
    }
}

typedef struct
{
  int   index;
  guint order;
  char *ref;
} RegionRef;

static int
compare_refs (gconstpointer a,
              gconstpointer b)
{
  const RegionRef *ra = a, *rb = b;

  if (ra->index != rb->index)
    return ra->index < rb->index ? -1 : 1;
  return ra->order < rb->order ? -1 : ra->order > rb->order;
}

/* The region IDs in reading order: each group's references by their index, then its nested
 * groups. */
static void
collect_order (xmlNodePtr  group,
               GPtrArray  *ids)
{
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (RegionRef));

  for (xmlNodePtr child = group ? group->children : NULL; child; child = child->next)
    {
      RegionRef ref = { G_MAXINT, refs->len, NULL };

      if (child->type != XML_ELEMENT_NODE)
        continue;
      vn_xml_get_int_attr (child, "index", &ref.index);
      ref.ref = vn_xml_dup_attr (child, "regionRef");
      if (ref.ref != NULL)
        g_array_append_val (refs, ref);
    }
  g_array_sort (refs, compare_refs);
  for (guint i = 0; i < refs->len; i++)
    g_ptr_array_add (ids, g_array_index (refs, RegionRef, i).ref);
  for (xmlNodePtr child = group ? group->children : NULL; child; child = child->next)
    if (child->type == XML_ELEMENT_NODE && child->children != NULL)
      collect_order (child, ids);
}

static void
read_page (VnSource   *self,
           guint       file,
           xmlNodePtr  page)
{
  g_autofree char *image = vn_xml_dup_attr (page, "imageFilename");
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) done = g_hash_table_new (NULL, NULL);
  int width = 0, height = 0;

  vn_xml_get_int_attr (page, "imageWidth", &width);
  vn_xml_get_int_attr (page, "imageHeight", &height);
  _vn_source_begin_page (self, file, image, width, height);
  collect_regions (page, regions);
  collect_order (vn_xml_first_child (page, "ReadingOrder"), order);
  for (guint i = 0; i < order->len; i++)
    for (guint r = 0; r < regions->len; r++)
      {
        xmlNodePtr region = g_ptr_array_index (regions, r);
        g_autofree char *id = vn_xml_dup_attr (region, "id");

        if (g_strcmp0 (id, g_ptr_array_index (order, i)) == 0 &&
            !g_hash_table_contains (done, region))
          {
            g_hash_table_add (done, region);
            read_region (self, region);
          }
      }
  for (guint r = 0; r < regions->len; r++)
    if (!g_hash_table_contains (done, g_ptr_array_index (regions, r)))
      read_region (self, g_ptr_array_index (regions, r));
}

gboolean
_vn_source_read_page (VnSource  *self,
                      guint      file,
                      GError   **error)
{
  xmlNodePtr root = xmlDocGetRootElement (_vn_source_get_file (self, file)->xml->doc);
  const char *ns = root->ns ? (const char *) root->ns->href : "";
  const char *date = strrchr (ns, '/');

  if (self->version == NULL && date != NULL && strlen (date) == 11)
    self->version = g_strdup (date + 1);
  for (xmlNodePtr page = root->children; page; page = page->next)
    if (vn_xml_is (page, "Page"))
      read_page (self, file, page);
  return TRUE;
}

/* ------------------------------------------------------------------ writing */

static char *
points_of (const VnBox *box)
{
  return g_strdup_printf ("%d,%d %d,%d %d,%d %d,%d", box->x, box->y, box->x + box->w, box->y,
                          box->x + box->w, box->y + box->h, box->x, box->y + box->h);
}

static void
set_coords (VnXmlFile   *xml,
            VnSplice    *splice,
            xmlNodePtr   element,
            const VnBox *box)
{
  xmlNodePtr coords = vn_xml_first_child (element, "Coords");
  g_autofree char *points = points_of (box);

  if (coords != NULL)
    _vn_source_set_attr (xml, splice, coords, "points", points);
}

static void
insert_split_words (VnXmlFile        *xml,
                    VnSplice         *splice,
                    xmlNodePtr        word,
                    const VnUnitPlan *up)
{
  g_autofree char *space = vn_xml_file_dup_leading_space (xml, word);
  g_autofree char *id = vn_xml_dup_attr (word, "id");
  g_autofree char *coords = vn_xml_dup_qualified_name (word, "Coords");
  g_autofree char *equiv = vn_xml_dup_qualified_name (word, "TextEquiv");
  g_autofree char *unicode = vn_xml_dup_qualified_name (word, "Unicode");
  g_autofree char *name = vn_xml_dup_qualified_name (word, "Word");
  GString *out = g_string_new (NULL);

  for (guint w = 0; w < up->extra->len; w++)
    {
      const VnNewWord *part = &g_array_index (up->extra, VnNewWord, w);
      g_autofree char *new_id = id ? _vn_source_derive_id (xml, id, w + 2) : NULL;
      const char *names[] = { "id", NULL };
      const char *values[] = { new_id, NULL };
      g_autofree char *tag = _vn_source_dup_start_tag (xml, word, names, values, FALSE);
      g_autofree char *points = points_of (&part->box);
      g_autofree char *text = vn_xml_file_escape (xml, part->text, FALSE);

      g_string_append_printf (out, "%s%s<%s points=\"%s\"/><%s conf=\"1\"><%s>%s</%s></%s></%s>",
                              space, tag, coords, points, equiv, unicode, text, unicode, equiv,
                              name);
    }
  vn_splice_add (splice, vn_xml_file_span (xml, word)->end, vn_xml_file_span (xml, word)->end,
                 out->str);
  g_string_free (out, TRUE);
}

static void
write_unit (VnXmlFile          *xml,
            VnSplice           *splice,
            const VnSourceUnit *unit,
            const VnUnitPlan   *up)
{
  xmlNodePtr equiv = unit->element->parent;
  xmlNodePtr word = equiv->parent;

  if (up->removed && unit->kind == VN_UNIT_WORD)
    {
      _vn_source_remove_element (xml, splice, word, NULL);
      return;
    }
  _vn_source_set_content (xml, splice, unit->element, up->text);
  _vn_source_set_attr (xml, splice, equiv, "conf", "1");
  if (unit->kind != VN_UNIT_WORD)
    return;
  if (up->box_changed && unit->has_box)
    set_coords (xml, splice, word, &up->box);
  if (up->extra != NULL)
    insert_split_words (xml, splice, word, up);
}

/* The line's text from its words as they will be. */
static char *
line_text_from_words (VnSource     *self,
                      VnSourcePlan *plan,
                      guint         line)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < l->n_units; k++)
    {
      const VnUnitPlan *up = &plan->units[l->first_unit + k];
      const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, l->first_unit + k);
      const char *text = up->changed ? up->text : NULL;

      if (up->removed)
        continue;
      if (text == NULL)
        text = self->text->str + unit->start;
      g_string_append_printf (out, "%s%.*s", out->len ? " " : "",
                              up->changed ? (int) strlen (text) : (int) (unit->end - unit->start),
                              text);
      for (guint w = 0; up->extra && w < up->extra->len; w++)
        g_string_append_printf (out, " %s", g_array_index (up->extra, VnNewWord, w).text);
    }
  return g_string_free (out, FALSE);
}

static char *
old_line_text (VnSource *self,
               guint     line)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  return g_strndup (self->text->str + l->start, l->end - l->start);
}

static void
write_lines (VnSource     *self,
             VnXmlFile    *xml,
             VnSplice     *splice,
             VnSourcePlan *plan,
             guint         file)
{
  for (guint l = 0; l < self->lines->len; l++)
    {
      const VnSourceLine *line = &g_array_index (self->lines, VnSourceLine, l);
      xmlNodePtr unicode;
      g_autofree char *text = NULL;

      if (!plan->lines[l].changed ||
          g_array_index (self->pages, VnSourcePage, line->page).file != file ||
          g_array_index (self->units, VnSourceUnit, line->first_unit).kind != VN_UNIT_WORD)
        continue;
      unicode = text_equiv_unicode (line->element);
      if (unicode == NULL)
        continue;
      text = line_text_from_words (self, plan, l);
      _vn_source_set_content (xml, splice, unicode, text);
    }
}

/* Line @l's text as it will be. */
static char *
new_line_text (VnSource     *self,
               VnSourcePlan *plan,
               guint         l)
{
  if (!plan->lines[l].changed)
    return old_line_text (self, l);
  if (g_array_index (self->units, VnSourceUnit,
                     g_array_index (self->lines, VnSourceLine, l).first_unit).kind == VN_UNIT_WORD)
    return line_text_from_words (self, plan, l);
  return normalised (plan->lines[l].text);
}

/* The region's text is its lines' texts, one a line: only the changed lines are rewritten
 * where the file has them one to a line, else the whole text. */
static void
write_region (VnSource             *self,
              VnXmlFile            *xml,
              VnSplice             *splice,
              VnSourcePlan         *plan,
              const VnSourceRegion *region,
              xmlNodePtr            unicode)
{
  const VnXmlSpan *span = vn_xml_file_span (xml, unicode);
  g_autofree char *raw = g_strndup (xml->data + span->tag_end, span->content_end - span->tag_end);
  g_auto(GStrv) raw_lines = g_strsplit (raw, "\n", -1);
  GString *text = g_string_new (NULL);

  if (!span->empty && g_strv_length (raw_lines) == region->n_lines)
    {
      guint at = span->tag_end;

      for (guint k = 0; k < region->n_lines; k++)
        {
          guint l = region->first_line + k;

          if (plan->lines[l].changed)
            {
              g_autofree char *line = new_line_text (self, plan, l);
              g_autofree char *escaped = vn_xml_file_escape (xml, line, FALSE);
              vn_splice_add (splice, at, at + strlen (raw_lines[k]), escaped);
            }
          at += strlen (raw_lines[k]) + 1;
        }
      g_string_free (text, TRUE);
      return;
    }
  for (guint l = region->first_line; l < region->first_line + region->n_lines; l++)
    {
      g_autofree char *line = new_line_text (self, plan, l);
      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line);
    }
  _vn_source_set_content (xml, splice, unicode, text->str);
  g_string_free (text, TRUE);
}

static void
write_regions (VnSource     *self,
               VnXmlFile    *xml,
               VnSplice     *splice,
               VnSourcePlan *plan,
               guint         file)
{
  for (guint r = 0; r < self->regions->len; r++)
    {
      const VnSourceRegion *region = &g_array_index (self->regions, VnSourceRegion, r);
      xmlNodePtr unicode = text_equiv_unicode (region->element);
      gboolean changed = FALSE;

      for (guint l = region->first_line; l < region->first_line + region->n_lines; l++)
        changed = changed || plan->lines[l].changed;
      if (!changed || unicode == NULL || region->n_lines == 0 ||
          g_array_index (self->pages, VnSourcePage,
                         g_array_index (self->lines, VnSourceLine, region->first_line).page).file != file)
        continue;
      write_region (self, xml, splice, plan, region, unicode);
    }
}

static void
add_metadata (VnXmlFile *xml,
              VnSplice  *splice,
              VnSource  *self,
              guint      n_words)
{
  xmlNodePtr root = xmlDocGetRootElement (xml->doc);
  xmlNodePtr metadata = vn_xml_first_child (root, "Metadata");
  xmlNodePtr last_change = vn_xml_first_child (metadata, "LastChange");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  const VnXmlSpan *span;

  if (metadata == NULL || vn_xml_file_span (xml, metadata)->empty)
    return;
  if (last_change != NULL)
    _vn_source_set_content (xml, splice, last_change, when);
  if (self->version != NULL && strcmp (self->version, "2016") < 0)
    return;  /* MetadataItem came with PAGE 2016 */
  span = vn_xml_file_span (xml, metadata);
  {
    g_autofree char *space = last_change ? vn_xml_file_dup_leading_space (xml, last_change)
                                         : g_strdup ("\n");
    g_autofree char *name = vn_xml_dup_qualified_name (metadata, "MetadataItem");
    g_autofree char *item = g_strdup_printf (
      "%s<%s type=\"processingStep\" name=\"Verno %s\" value=\"%u %s corrected against "
      "the scans\" date=\"%s\"/>", space, name, PACKAGE_VERSION, n_words,
      n_words == 1 ? "word" : "words", when);
    guint at = span->content_end;

    while (at > span->tag_end && g_ascii_isspace (xml->data[at - 1]))
      at--;
    vn_splice_add (splice, at, at, item);
  }
}

gboolean
_vn_source_write_page (VnSource      *self,
                       guint          file,
                       VnSourcePlan  *plan,
                       VnSplice      *splice,
                       GError       **error)
{
  VnXmlFile *xml = _vn_source_get_file (self, file)->xml;
  guint n_words = 0;

  for (guint i = 0; i < self->units->len; i++)
    {
      if (!plan->units[i].changed || _vn_source_unit_file (self, i) != file)
        continue;
      write_unit (xml, splice, &g_array_index (self->units, VnSourceUnit, i), &plan->units[i]);
      n_words++;
    }
  if (n_words == 0)
    return TRUE;
  write_lines (self, xml, splice, plan, file);
  write_regions (self, xml, splice, plan, file);
  add_metadata (xml, splice, self, n_words);
  return TRUE;
}
