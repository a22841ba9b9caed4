/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-xml-reader.c: an archive's XML file read safely, with the byte span of every element
 * and attribute.
 *
 * libxml2 parses (well-formedness, character references, encodings) with no network, no DTD
 * loading and no entity substitution; a document type that declares entities is refused
 * before libxml2 sees it, which rules out both external entities (XXE) and exponential ones
 * ("billion laughs"). A small scanner finds where each start tag, attribute value and end tag
 * lies in the original bytes; both see the same elements in the same order, which is
 * checked, so each libxml2 element knows its bytes. */
#include <string.h>

#include <glib/gi18n.h>
#include <libxml/parser.h>

#include "vn-error.h"
#include "vn-xml-reader.h"
#include "vn-xml-writer.h"

typedef struct
{
  const char *p;
  const char *end;
  const char *data;
  GArray     *spans;
  GArray     *attrs;
  GArray     *stack;   /* open elements' span indices */
  const char *problem; /* why scanning stopped, untranslated */
} Scanner;

static gboolean
skip_past (Scanner    *s,
           const char *terminator)
{
  gsize n = strlen (terminator);
  const char *found = g_strstr_len (s->p, s->end - s->p, terminator);

  if (found == NULL)
    return FALSE;
  s->p = found + n;
  return TRUE;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
skip_spaces (Scanner *s)
{
  while (s->p < s->end && is_space (*s->p))
    s->p++;
}

static gboolean
is_name_end (char c)
{
  return is_space (c) || c == '/' || c == '>' || c == '=';
}

/* <!DOCTYPE …>: an internal subset may declare entities, which are refused outright. */
static gboolean
scan_doctype (Scanner *s)
{
  char quote = 0;
  int depth = 0;

  for (; s->p < s->end; s->p++)
    {
      char c = *s->p;

      if (quote != 0)
        quote = c == quote ? 0 : quote;
      else if (c == '"' || c == '\'')
        quote = c;
      else if (c == '[')
        depth++;
      else if (c == ']')
        depth--;
      else if (c == '<' && depth > 0 && s->end - s->p >= 8 && memcmp (s->p, "<!ENTITY", 8) == 0)
        {
          s->problem = "entity";
          return FALSE;
        }
      else if (c == '>' && depth <= 0)
        {
          s->p++;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
scan_attribute (Scanner   *s,
                VnXmlSpan *span)
{
  VnXmlAttrSpan attr = { .name_start = s->p - s->data };
  char quote;

  while (s->p < s->end && !is_name_end (*s->p))
    s->p++;
  attr.name_end = s->p - s->data;
  skip_spaces (s);
  if (s->p >= s->end || *s->p != '=' || attr.name_end == attr.name_start)
    return FALSE;
  s->p++;
  skip_spaces (s);
  if (s->p >= s->end || (*s->p != '"' && *s->p != '\''))
    return FALSE;
  quote = *s->p++;
  attr.value_start = s->p - s->data;
  while (s->p < s->end && *s->p != quote)
    s->p++;
  if (s->p >= s->end)
    return FALSE;
  attr.value_end = s->p - s->data;
  s->p++;
  g_array_append_val (s->attrs, attr);
  span->n_attrs++;
  return TRUE;
}

static gboolean
scan_start_tag (Scanner *s)
{
  VnXmlSpan span = { .tag_start = s->p - s->data, .first_attr = s->attrs->len };
  guint index = s->spans->len;

  for (s->p++; s->p < s->end && !is_name_end (*s->p); s->p++)
    ;
  while (TRUE)
    {
      skip_spaces (s);
      if (s->p >= s->end)
        return FALSE;
      if (*s->p == '>' || (*s->p == '/' && s->p + 1 < s->end && s->p[1] == '>'))
        break;
      if (!scan_attribute (s, &span))
        return FALSE;
    }
  span.empty = *s->p == '/';
  s->p += span.empty ? 2 : 1;
  span.tag_end = s->p - s->data;
  span.content_end = span.end = span.tag_end;
  if (s->spans->len >= VN_XML_MAX_ELEMENTS)
    {
      s->problem = "size";
      return FALSE;
    }
  g_array_append_val (s->spans, span);
  if (!span.empty)
    g_array_append_val (s->stack, index);
  return TRUE;
}

static gboolean
scan_end_tag (Scanner *s)
{
  VnXmlSpan *span;
  guint start = s->p - s->data;

  if (s->stack->len == 0 || !skip_past (s, ">"))
    return FALSE;
  span = &g_array_index (s->spans, VnXmlSpan,
                         g_array_index (s->stack, guint, s->stack->len - 1));
  g_array_set_size (s->stack, s->stack->len - 1);
  span->content_end = start;
  span->end = s->p - s->data;
  return TRUE;
}

static gboolean
starts_with (Scanner    *s,
             const char *prefix)
{
  gsize n = strlen (prefix);
  return (gsize) (s->end - s->p) >= n && memcmp (s->p, prefix, n) == 0;
}

static gboolean
scan_markup (Scanner *s)
{
  if (starts_with (s, "<?"))
    return skip_past (s, "?>");
  if (starts_with (s, "<!--"))
    return skip_past (s, "-->");
  if (starts_with (s, "<![CDATA["))
    return skip_past (s, "]]>");
  if (starts_with (s, "<!DOCTYPE"))
    return scan_doctype (s);
  if (starts_with (s, "</"))
    return scan_end_tag (s);
  return scan_start_tag (s);
}

static gboolean
scan (Scanner *s)
{
  while (s->p < s->end)
    {
      const char *lt = memchr (s->p, '<', s->end - s->p);

      if (lt == NULL)
        break;
      s->p = lt;
      if (!scan_markup (s))
        return FALSE;
    }
  return s->stack->len == 0;
}

/* ------------------------------------------------------------------ libxml2 */

static gboolean
set_parse_error (xmlParserCtxtPtr  ctxt,
                 const char       *name,
                 GError          **error)
{
  const xmlError *e = xmlCtxtGetLastError (ctxt);
  /* libxml2's message may run over lines and quote the file's bytes: one line of UTF-8. */
  g_autofree char *message = g_utf8_make_valid (e && e->message ? e->message : "not well-formed",
                                                -1);

  g_strdelimit (g_strstrip (message), "\n\r\t", ' ');

  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("%s is not well-formed XML at line %d (%s); repair it, or export it again "
                 "from the program that made it."), name, e ? e->line : 0, message);
  return FALSE;
}

static gboolean
node_name_is (VnXmlFile       *self,
              xmlNodePtr       node,
              const VnXmlSpan *span)
{
  g_autofree char *qname = node->ns && node->ns->prefix
                           ? g_strdup_printf ("%s:%s", node->ns->prefix, node->name)
                           : g_strdup ((const char *) node->name);
  gsize n = strlen (qname);

  return span->tag_end - span->tag_start > n + 1 &&
         memcmp (self->data + span->tag_start + 1, qname, n) == 0 &&
         is_name_end (self->data[span->tag_start + 1 + n]);
}

/* Pairs each element with its span, in document order; refuses entity references. */
static gboolean
pair_nodes (VnXmlFile  *self,
            xmlNodePtr  node,
            guint      *next,
            const char *name,
            GError    **error)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_ENTITY_REF_NODE)
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                       _("%s uses the entity “&%s;” at line %ld, which it does not declare; "
                         "write the character itself instead."), name, node->name,
                       xmlGetLineNo (node));
          return FALSE;
        }
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (*next >= self->spans->len ||
          !node_name_is (self, node, &g_array_index (self->spans, VnXmlSpan, *next)))
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                       _("Verno cannot find the bytes of the element <%s> at line %ld of %s; "
                         "it opens only XML that libxml2 reads as it is written."),
                       node->name, xmlGetLineNo (node), name);
          return FALSE;
        }
      node->_private = GUINT_TO_POINTER (++*next);
      if (!pair_nodes (self, node->children, next, name, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_encoding (const char  *data,
                gsize        len,
                const char  *name,
                GError     **error)
{
  if ((len >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                    ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF))) ||
      memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is UTF-16 or binary, and Verno reads XML in UTF-8 or an ASCII-based "
                     "encoding; convert it to UTF-8."), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
scan_file (VnXmlFile   *self,
           const char  *name,
           GError     **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint));
  Scanner s = { self->data, self->data + self->len, self->data, self->spans, self->attrs, stack,
                NULL };

  if (scan (&s))
    return TRUE;
  if (g_strcmp0 (s.problem, "entity") == 0)
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("%s declares XML entities (<!ENTITY>), which Verno neither loads nor expands: "
                   "a published transcription needs none; remove the declarations."), name);
  else if (g_strcmp0 (s.problem, "size") == 0)
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("%s has more than %u elements, more than Verno opens as one file; split it "
                   "into volumes."), name, VN_XML_MAX_ELEMENTS);
  else
    return TRUE;  /* libxml2 says what is wrong */
  return FALSE;
}

static gboolean
is_utf8_name (const xmlChar *encoding)
{
  return encoding == NULL || g_ascii_strcasecmp ((const char *) encoding, "UTF-8") == 0 ||
         g_ascii_strcasecmp ((const char *) encoding, "UTF8") == 0;
}

VnXmlFile *
vn_xml_file_new (const char  *data,
                 gsize        len,
                 const char  *display_name,
                 GError     **error)
{
  g_autoptr(VnXmlFile) self = g_new0 (VnXmlFile, 1);
  xmlParserCtxtPtr ctxt;
  guint next = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  self->data = data ? data : "";
  self->len = len;
  self->spans = g_array_new (FALSE, FALSE, sizeof (VnXmlSpan));
  self->attrs = g_array_new (FALSE, FALSE, sizeof (VnXmlAttrSpan));
  if (len > G_MAXINT)
    len = G_MAXINT;  /* libxml2 then says the document is truncated */
  if (!check_encoding (self->data, len, display_name, error) ||
      !scan_file (self, display_name, error))
    return NULL;
  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    g_error ("libxml2 could not allocate a parser");
  /* No network, no DTD loaded or checked, no entity substitution (XML_PARSE_NOENT unset). */
  self->doc = xmlCtxtReadMemory (ctxt, self->data, (int) len, NULL, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (self->doc == NULL || xmlDocGetRootElement (self->doc) == NULL)
    {
      set_parse_error (ctxt, display_name, error);
      xmlFreeParserCtxt (ctxt);
      return NULL;
    }
  xmlFreeParserCtxt (ctxt);
  self->utf8 = is_utf8_name (self->doc->encoding);
  if (!pair_nodes (self, self->doc->children, &next, display_name, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
vn_xml_file_free (VnXmlFile *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->doc, xmlFreeDoc);
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->attrs, g_array_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_free (self);
}

const VnXmlSpan *
vn_xml_file_span (VnXmlFile  *self,
                  xmlNodePtr  element)
{
  guint index = GPOINTER_TO_UINT (element->_private);

  g_return_val_if_fail (index > 0 && index <= self->spans->len, NULL);
  return &g_array_index (self->spans, VnXmlSpan, index - 1);
}

/* The value of attribute @qualified_name as written (without its quotes). */
gboolean
vn_xml_file_attr_span (VnXmlFile  *self,
                       xmlNodePtr  element,
                       const char *qualified_name,
                       guint      *value_start,
                       guint      *value_end)
{
  const VnXmlSpan *span = vn_xml_file_span (self, element);
  gsize n = strlen (qualified_name);

  for (guint i = 0; i < span->n_attrs; i++)
    {
      const VnXmlAttrSpan *a = &g_array_index (self->attrs, VnXmlAttrSpan, span->first_attr + i);

      if (a->name_end - a->name_start == n &&
          memcmp (self->data + a->name_start, qualified_name, n) == 0)
        {
          *value_start = a->value_start;
          *value_end = a->value_end;
          return TRUE;
        }
    }
  return FALSE;
}

/* @text as it must be written in this file: characters XML 1.0 forbids dropped, markup
 * escaped, line breaks and tabs in attributes as references (else they read as spaces), and
 * in a file that is not UTF-8, every non-ASCII character as a numeric reference. */
char *
vn_xml_file_escape (VnXmlFile  *self,
                    const char *text,
                    gboolean    in_attribute)
{
  g_autofree char *safe = vn_xml_safe_text (text);
  GString *out = g_string_sized_new (strlen (safe) + 8);

  for (const char *p = safe; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '&')
        g_string_append (out, "&amp;");
      else if (c == '<')
        g_string_append (out, "&lt;");
      else if (c == '>')
        g_string_append (out, "&gt;");
      else if (c == '"' && in_attribute)
        g_string_append (out, "&quot;");
      else if (c == '\'' && in_attribute)
        g_string_append (out, "&apos;");
      else if ((c == '\n' || c == '\t' || c == '\r') && in_attribute)
        g_string_append_printf (out, "&#%u;", c);
      else if (c == '\r')
        g_string_append (out, "&#13;");
      else if (c >= 0x80 && !self->utf8)
        g_string_append_printf (out, "&#x%X;", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

/* The white space between @element and what precedes it ("\n      "), to lay out a new
 * sibling as the file lays out its elements. */
char *
vn_xml_file_dup_leading_space (VnXmlFile  *self,
                               xmlNodePtr  element)
{
  guint start = vn_xml_file_span (self, element)->tag_start, at = start;

  while (at > 0 && is_space (self->data[at - 1]))
    at--;
  return g_strndup (self->data + at, start - at);
}

static void
collect_ids (GHashTable *ids,
             xmlNodePtr  node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      for (xmlAttrPtr a = node->properties; a; a = a->next)
        if (g_ascii_strcasecmp ((const char *) a->name, "id") == 0)
          {
            xmlChar *value = xmlNodeListGetString (node->doc, a->children, 1);

            if (value != NULL)
              g_hash_table_add (ids, g_strdup ((const char *) value));
            xmlFree (value);
          }
      collect_ids (ids, node->children);
    }
}

/* Whether an element of the file has @id as its ID, id or xml:id: libxml2 knows only xml:id
 * as an ID without a DTD, but ALTO's ID, PAGE's and hOCR's id are IDs to their schemas. */
gboolean
vn_xml_file_has_id (VnXmlFile  *self,
                    const char *id)
{
  if (self->ids == NULL)
    {
      self->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      collect_ids (self->ids, self->doc->children);
    }
  return g_hash_table_contains (self->ids, id);
}

/* ------------------------------------------------------------------ reading helpers */

gboolean
vn_xml_is (xmlNodePtr  node,
           const char *local_name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         g_strcmp0 ((const char *) node->name, local_name) == 0;
}

xmlNodePtr
vn_xml_first_child (xmlNodePtr  element,
                    const char *local_name)
{
  for (xmlNodePtr child = element ? element->children : NULL; child; child = child->next)
    if (vn_xml_is (child, local_name))
      return child;
  return NULL;
}

/* @local_name with @like's own prefix ("alto:SP" beside "alto:String"), for an element
 * written into the file beside it. */
char *
vn_xml_dup_qualified_name (xmlNodePtr  like,
                           const char *local_name)
{
  if (like->ns != NULL && like->ns->prefix != NULL)
    return g_strdup_printf ("%s:%s", like->ns->prefix, local_name);
  return g_strdup (local_name);
}

char *
vn_xml_dup_attr (xmlNodePtr  element,
                 const char *name)
{
  xmlChar *value = xmlGetNoNsProp (element, BAD_CAST name);
  char *copy = value ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* An integer attribute; "25.0" and "25.7" read as 25 and 26, as files write coordinates as
 * floats too. */
gboolean
vn_xml_get_int_attr (xmlNodePtr  element,
                     const char *name,
                     int        *value)
{
  g_autofree char *text = vn_xml_dup_attr (element, name);
  char *end = NULL;
  double d;

  if (text == NULL)
    return FALSE;
  d = g_ascii_strtod (g_strstrip (text), &end);
  if (end == text || *end != '\0' || !(d > -1e7 && d < 1e7))
    return FALSE;
  *value = (int) (d < 0 ? d - 0.5 : d + 0.5);
  return TRUE;
}

/* ------------------------------------------------------------------ splicing */

typedef struct
{
  guint  start;
  guint  end;
  guint  order;
  char  *text;
} SpliceEdit;

struct _VnSplice
{
  GArray *edits;
};

static void
clear_edit (gpointer data)
{
  g_free (((SpliceEdit *) data)->text);
}

VnSplice *
vn_splice_new (void)
{
  VnSplice *self = g_new0 (VnSplice, 1);

  self->edits = g_array_new (FALSE, FALSE, sizeof (SpliceEdit));
  g_array_set_clear_func (self->edits, clear_edit);
  return self;
}

void
vn_splice_free (VnSplice *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->edits);
  g_free (self);
}

void
vn_splice_add (VnSplice   *self,
               guint       start,
               guint       end,
               const char *text)
{
  SpliceEdit edit = { start, end, self->edits->len, g_strdup (text) };

  g_return_if_fail (start <= end);
  g_array_append_val (self->edits, edit);
}

guint
vn_splice_get_n_edits (VnSplice *self)
{
  return self->edits->len;
}

static int
compare_edits (gconstpointer a,
               gconstpointer b)
{
  const SpliceEdit *ea = a, *eb = b;

  if (ea->start != eb->start)
    return ea->start < eb->start ? -1 : 1;
  /* At one place, insertions first, then in the order they were added. */
  if ((ea->start == ea->end) != (eb->start == eb->end))
    return ea->start == ea->end ? -1 : 1;
  return ea->order < eb->order ? -1 : ea->order > eb->order;
}

/* Removals that overlap (two merged words removing the space between them) are one. */
static void
merge_removals (GArray *edits)
{
  for (guint i = 1; i < edits->len; i++)
    {
      SpliceEdit *prev = &g_array_index (edits, SpliceEdit, i - 1);
      SpliceEdit *e = &g_array_index (edits, SpliceEdit, i);

      if (*prev->text == '\0' && *e->text == '\0' && e->start < prev->end &&
          prev->end > prev->start && e->end > e->start)
        {
          prev->end = MAX (prev->end, e->end);
          g_array_remove_index (edits, i--);
        }
    }
}

/* Edits must not overlap, but for removals: two edits of the same bytes would be a bug in a
 * writer. */
GBytes *
vn_splice_apply (VnSplice    *self,
                 const char  *data,
                 gsize        len,
                 GError     **error)
{
  GString *out = g_string_sized_new (len + 256);
  gsize at = 0;

  g_array_sort (self->edits, compare_edits);
  merge_removals (self->edits);
  for (guint i = 0; i < self->edits->len; i++)
    {
      const SpliceEdit *e = &g_array_index (self->edits, SpliceEdit, i);

      if (e->start < at || e->end > len)
        {
          g_string_free (out, TRUE);
          g_set_error (error, VN_ERROR, VN_ERROR_INTERNAL,
                       "Two changes of the file overlap at byte %u; nothing was written.",
                       e->start);
          return NULL;
        }
      g_string_append_len (out, data + at, e->start - at);
      g_string_append (out, e->text);
      at = e->end;
    }
  g_string_append_len (out, data + at, len - at);
  return g_string_free_to_bytes (out);
}
