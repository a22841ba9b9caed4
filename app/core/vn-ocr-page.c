/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-ocr-page.c: one page's OCR result, its JSON form, and reading it back from hOCR (its
 * hOCR and ALTO are written by the exports' writers, vn-export-hocr.c and vn-export-alto.c). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vn-error.h"
#include "vn-export-formats.h"
#include "vn-ocr-page.h"

struct _VnOcrPage
{
  GObject   parent_instance;
  char     *source_label;
  int       width;
  int       height;
  int       dpi;
  double    skew;
  gboolean  from_cache;
  GArray   *words;  /* VnOcrWord */
};

G_DEFINE_FINAL_TYPE (VnOcrPage, vn_ocr_page, G_TYPE_OBJECT)

static void
clear_choice (gpointer data)
{
  g_free (((VnOcrChoice *) data)->text);
}

static void
clear_symbol (gpointer data)
{
  g_array_unref (*(GArray **) data);
}

static void
clear_word (gpointer data)
{
  VnOcrWord *word = data;

  g_free (word->text);
  g_clear_pointer (&word->symbols, g_array_unref);
}

static void
vn_ocr_page_finalize (GObject *object)
{
  VnOcrPage *self = (VnOcrPage *) object;

  g_clear_pointer (&self->source_label, g_free);
  g_clear_pointer (&self->words, g_array_unref);

  G_OBJECT_CLASS (vn_ocr_page_parent_class)->finalize (object);
}

static void
vn_ocr_page_class_init (VnOcrPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_ocr_page_finalize;
}

static void
vn_ocr_page_init (VnOcrPage *self)
{
  self->words = g_array_new (FALSE, TRUE, sizeof (VnOcrWord));
  g_array_set_clear_func (self->words, clear_word);
}

VnOcrPage *
vn_ocr_page_new (const char *source_label,
                 int         width,
                 int         height,
                 int         dpi)
{
  VnOcrPage *self = g_object_new (VN_TYPE_OCR_PAGE, NULL);

  self->source_label = g_strdup (source_label);
  self->width = width;
  self->height = height;
  self->dpi = dpi;
  return self;
}

const char *
vn_ocr_page_get_source_label (VnOcrPage *self)
{
  g_return_val_if_fail (VN_IS_OCR_PAGE (self), NULL);
  return self->source_label;
}

int
vn_ocr_page_get_width (VnOcrPage *self)
{
  g_return_val_if_fail (VN_IS_OCR_PAGE (self), 0);
  return self->width;
}

int
vn_ocr_page_get_height (VnOcrPage *self)
{
  g_return_val_if_fail (VN_IS_OCR_PAGE (self), 0);
  return self->height;
}

int
vn_ocr_page_get_dpi (VnOcrPage *self)
{
  g_return_val_if_fail (VN_IS_OCR_PAGE (self), 0);
  return self->dpi;
}

double
vn_ocr_page_get_skew (VnOcrPage *self)
{
  g_return_val_if_fail (VN_IS_OCR_PAGE (self), 0);
  return self->skew;
}

void
vn_ocr_page_set_skew (VnOcrPage *self,
                      double     degrees)
{
  g_return_if_fail (VN_IS_OCR_PAGE (self));
  self->skew = degrees;
}

gboolean
vn_ocr_page_get_from_cache (VnOcrPage *self)
{
  g_return_val_if_fail (VN_IS_OCR_PAGE (self), FALSE);
  return self->from_cache;
}

void
vn_ocr_page_set_from_cache (VnOcrPage *self,
                            gboolean   from_cache)
{
  g_return_if_fail (VN_IS_OCR_PAGE (self));
  self->from_cache = !!from_cache;
}

guint
vn_ocr_page_get_n_words (VnOcrPage *self)
{
  g_return_val_if_fail (VN_IS_OCR_PAGE (self), 0);
  return self->words->len;
}

const VnOcrWord *
vn_ocr_page_get_word (VnOcrPage *self,
                      guint      index)
{
  g_return_val_if_fail (VN_IS_OCR_PAGE (self), NULL);
  g_return_val_if_fail (index < self->words->len, NULL);
  return &g_array_index (self->words, VnOcrWord, index);
}

VnOcrWord *
vn_ocr_page_add_word (VnOcrPage   *self,
                      const char  *text,
                      const VnBox *box,
                      float        confidence,
                      guint        block,
                      guint        par,
                      guint        line)
{
  VnOcrWord word = {
    .text = g_strdup (text), .box = *box, .confidence = confidence,
    .block = block, .par = par, .line = line,
  };

  g_return_val_if_fail (VN_IS_OCR_PAGE (self), NULL);
  g_array_append_val (self->words, word);
  return &g_array_index (self->words, VnOcrWord, self->words->len - 1);
}

/* Takes ownership of @choices, a GArray of VnOcrChoice, best first. */
void
vn_ocr_word_add_symbol (VnOcrWord *word,
                        GArray    *choices)
{
  if (word->symbols == NULL)
    {
      word->symbols = g_array_new (FALSE, FALSE, sizeof (GArray *));
      g_array_set_clear_func (word->symbols, clear_symbol);
    }
  g_array_set_clear_func (choices, clear_choice);
  g_array_append_val (word->symbols, choices);
}

/* Plain text, a line per OCR line and a blank line between blocks. */
char *
vn_ocr_page_dup_text (VnOcrPage *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < self->words->len; i++)
    {
      const VnOcrWord *word = &g_array_index (self->words, VnOcrWord, i);

      if (i > 0)
        {
          const VnOcrWord *prev = word - 1;
          if (prev->block != word->block)
            g_string_append (text, "\n\n");
          else if (prev->line != word->line)
            g_string_append_c (text, '\n');
          else
            g_string_append_c (text, ' ');
        }
      g_string_append (text, word->text);
    }
  if (text->len > 0)
    g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------------ hOCR and ALTO */

/* The smallest box holding both. */
VnBox
vn_box_union (VnBox a,
              VnBox b)
{
  int x1 = MAX (a.x + a.w, b.x + b.w), y1 = MAX (a.y + a.h, b.y + b.h);
  VnBox u = { MIN (a.x, b.x), MIN (a.y, b.y), 0, 0 };

  u.w = x1 - u.x;
  u.h = y1 - u.y;
  return u;
}

/* hOCR of the page as read, which vn_ocr_page_new_from_hocr () reads back to the same words,
 * boxes, structure, confidences (at full precision) and alternatives: the OCR cache's form.
 * Written by the same writer as the hOCR export (vn-export-hocr.c). */
char *
vn_ocr_page_to_hocr (VnOcrPage  *self,
                     const char *cache_key)
{
  g_autoptr(VnLayout) layout = NULL;

  g_return_val_if_fail (VN_IS_OCR_PAGE (self), NULL);

  layout = vn_layout_new_for_ocr_page (self);
  return vn_export_hocr_document (layout, cache_key);
}

/* ALTO 4.4 of the page as read, with word confidences; the ALTO export's writer. */
char *
vn_ocr_page_to_alto (VnOcrPage *self)
{
  g_autoptr(VnLayout) layout = NULL;

  g_return_val_if_fail (VN_IS_OCR_PAGE (self), NULL);

  layout = vn_layout_new_for_ocr_page (self);
  return vn_export_alto_document (layout);
}

/* ------------------------------------------------------------------ hOCR reading */

typedef struct
{
  VnOcrPage *page;
  guint      block, par, line;
  gboolean   seen_block, seen_par, seen_line;
  gboolean   seen_page;
} HocrReader;

/* Coordinates and resolutions read from hOCR stay within this, so that sums and differences
 * of two of them are ints too. */
#define HOCR_MAX_VALUE (1 << 24)

/* A confidence as Verno keeps them, 0-100, whatever a damaged file says (NaN included). */
static float
clamp_confidence (double value)
{
  return value >= 0 ? MIN (value, 100) : 0;
}

static gboolean
title_get_ints (const char *title,
                const char *property,
                int        *values,
                guint       n_values)
{
  g_auto(GStrv) parts = g_strsplit (title ? title : "", ";", -1);
  gsize plen = strlen (property);

  for (guint i = 0; parts[i]; i++)
    {
      const char *p = parts[i];
      while (g_ascii_isspace (*p))
        p++;
      if (strncmp (p, property, plen) != 0 || !g_ascii_isspace (p[plen]))
        continue;
      p += plen;
      for (guint v = 0; v < n_values; v++)
        {
          char *end;
          double d = g_ascii_strtod (p, &end);
          /* Beyond any scan, or not a number: a damaged file, not an int overflow. */
          if (end == p || !(d >= -HOCR_MAX_VALUE && d <= HOCR_MAX_VALUE))
            return FALSE;
          values[v] = (int) d;
          p = end;
        }
      return TRUE;
    }
  return FALSE;
}

static gboolean
title_get_double (const char *title,
                  const char *property,
                  double     *value)
{
  g_autofree char *pattern = g_strdup_printf ("%s ", property);
  const char *p = title ? strstr (title, pattern) : NULL;

  if (p == NULL)
    return FALSE;
  *value = g_ascii_strtod (p + strlen (pattern), NULL);
  return TRUE;
}

static char *
node_attr (xmlNodePtr  node,
           const char *name)
{
  xmlChar *value = xmlGetProp (node, BAD_CAST name);
  char *copy = value ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static GArray *
parse_choices (const char *attr)
{
  g_auto(GStrv) parts = g_strsplit (attr, " ", -1);
  GArray *choices = g_array_new (FALSE, FALSE, sizeof (VnOcrChoice));

  for (guint i = 0; parts[i] && parts[i + 1]; i += 2)
    {
      g_autofree char *text = g_uri_unescape_string (parts[i], NULL);
      /* A damaged file may escape bytes that are not UTF-8 ("%92"). */
      VnOcrChoice choice = { text ? g_utf8_make_valid (text, -1) : g_strdup (""),
                             clamp_confidence (g_ascii_strtod (parts[i + 1], NULL)) };
      g_array_append_val (choices, choice);
    }
  return choices;
}

static gboolean
read_word (HocrReader  *reader,
           xmlNodePtr   node,
           GError     **error)
{
  g_autofree char *title = node_attr (node, "title");
  g_autofree char *conf_attr = node_attr (node, "data-conf");
  xmlChar *content = xmlNodeGetContent (node);
  int bbox[4], wconf = 0;
  VnBox box;
  VnOcrWord *word;

  if (!title_get_ints (title, "bbox", bbox, 4) || bbox[2] < bbox[0] || bbox[3] < bbox[1])
    {
      xmlFree (content);
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("An hOCR word on line %ld has no valid bbox."), xmlGetLineNo (node));
      return FALSE;
    }
  title_get_ints (title, "x_wconf", &wconf, 1);
  box = (VnBox) { bbox[0], bbox[1], bbox[2] - bbox[0], bbox[3] - bbox[1] };
  word = vn_ocr_page_add_word (reader->page, content ? (const char *) content : "", &box,
                               clamp_confidence (conf_attr ? g_ascii_strtod (conf_attr, NULL)
                                                           : wconf),
                               reader->block, reader->par, reader->line);
  xmlFree (content);

  {
    g_autofree char *symbols = node_attr (node, "data-choices");
    g_auto(GStrv) parts = symbols && *symbols ? g_strsplit (symbols, "|", -1) : NULL;

    /* "" is what one symbol without alternatives is written as (see symbols_attribute ()). */
    if (symbols != NULL && *symbols == '\0')
      vn_ocr_word_add_symbol (word, parse_choices (""));
    for (guint i = 0; parts && parts[i]; i++)
      vn_ocr_word_add_symbol (word, parse_choices (parts[i]));
  }
  return TRUE;
}

static gboolean
read_page (HocrReader  *reader,
           xmlNodePtr   node,
           GError     **error)
{
  g_autofree char *title = node_attr (node, "title");
  int bbox[4], res[2] = { 0, 0 };
  double skew = 0;
  g_autofree char *label = NULL;
  const char *image = title ? strstr (title, "image \"") : NULL;

  if (reader->seen_page || !title_get_ints (title, "bbox", bbox, 4) || bbox[2] < bbox[0] ||
      bbox[3] < bbox[1])
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The hOCR page element has no valid bbox, or there is more than one."));
      return FALSE;
    }
  if (image != NULL)
    {
      const char *end = strstr (image + 7, "\";");
      g_autofree char *escaped = end ? g_strndup (image + 7, end - image - 7) : NULL;
      label = escaped ? g_strcompress (escaped) : NULL;
    }
  title_get_ints (title, "scan_res", res, 2);
  title_get_double (title, "x_verno_skew", &skew);
  reader->page = vn_ocr_page_new (label, bbox[2] - bbox[0], bbox[3] - bbox[1], res[0]);
  reader->page->skew = isfinite (skew) ? CLAMP (skew, -90, 90) : 0;
  reader->seen_page = TRUE;
  return TRUE;
}

static gboolean
first_class_is (const char *klass,
                const char *name)
{
  gsize len = strlen (name);
  return klass && strncmp (klass, name, len) == 0 && (klass[len] == '\0' || klass[len] == ' ');
}

/* Counts structure as it is entered, so indices increase even in sparse output. */
static gboolean
read_node (HocrReader  *reader,
           xmlNodePtr   node,
           GError     **error)
{
  for (; node; node = node->next)
    {
      g_autofree char *klass = NULL;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      klass = node_attr (node, "class");
      if (first_class_is (klass, "ocr_page"))
        {
          if (!read_page (reader, node, error))
            return FALSE;
        }
      else if (reader->page == NULL && klass && g_str_has_prefix (klass, "ocr"))
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("hOCR content before its page."));
          return FALSE;
        }
      else if (first_class_is (klass, "ocr_carea"))
        reader->block += reader->seen_block, reader->seen_block = TRUE;
      else if (first_class_is (klass, "ocr_par"))
        reader->par += reader->seen_par, reader->seen_par = TRUE;
      else if (first_class_is (klass, "ocr_line") || first_class_is (klass, "ocr_header") ||
               first_class_is (klass, "ocr_caption") || first_class_is (klass, "ocr_textfloat"))
        reader->line += reader->seen_line, reader->seen_line = TRUE;
      else if (first_class_is (klass, "ocrx_word"))
        {
          if (!read_word (reader, node, error))
            return FALSE;
          continue;
        }
      if (!read_node (reader, node->children, error))
        return FALSE;
    }
  return TRUE;
}

VnOcrPage *
vn_ocr_page_new_from_hocr (const char  *data,
                           gsize        len,
                           char       **cache_key,
                           GError     **error)
{
  HocrReader reader = { 0 };
  xmlDocPtr doc;

  if (len > G_MAXINT)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("The hOCR file is too large."));
      return NULL;
    }
  /* No network, no DTD, no entity substitution: the file may come from anywhere. */
  doc = xmlReadMemory (data, (int) len, NULL, "UTF-8",
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || doc->intSubset != NULL || xmlDocGetRootElement (doc) == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("The hOCR is not well-formed XHTML."));
      xmlFreeDoc (doc);
      return NULL;
    }
  if (!read_node (&reader, xmlDocGetRootElement (doc), error))
    {
      g_clear_object (&reader.page);
      xmlFreeDoc (doc);
      return NULL;
    }
  if (reader.page == NULL)
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("The hOCR has no ocr_page element."));
  else if (cache_key != NULL)
    {
      *cache_key = NULL;
      for (xmlNodePtr head = xmlDocGetRootElement (doc)->children; head; head = head->next)
        for (xmlNodePtr meta = head->children; meta && head->type == XML_ELEMENT_NODE;
             meta = meta->next)
          {
            g_autofree char *name = meta->type == XML_ELEMENT_NODE ? node_attr (meta, "name")
                                                                   : NULL;
            if (g_strcmp0 (name, "verno-cache-key") == 0 && *cache_key == NULL)
              *cache_key = node_attr (meta, "content");
          }
    }
  xmlFreeDoc (doc);
  return reader.page;
}

/* ------------------------------------------------------------------ JSON */

static JsonNode *
word_to_json (const VnOcrWord *word)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, word->text);
  json_builder_set_member_name (builder, "bbox");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, word->box.x);
  json_builder_add_int_value (builder, word->box.y);
  json_builder_add_int_value (builder, word->box.w);
  json_builder_add_int_value (builder, word->box.h);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, round (word->confidence * 100) / 100);
  json_builder_set_member_name (builder, "block");
  json_builder_add_int_value (builder, word->block);
  json_builder_set_member_name (builder, "paragraph");
  json_builder_add_int_value (builder, word->par);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, word->line);
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  for (guint s = 0; word->symbols && s < word->symbols->len; s++)
    {
      GArray *choices = g_array_index (word->symbols, GArray *, s);
      json_builder_begin_array (builder);
      for (guint c = 0; c < choices->len; c++)
        {
          json_builder_begin_array (builder);
          json_builder_add_string_value (builder, g_array_index (choices, VnOcrChoice, c).text);
          json_builder_add_double_value (builder,
                                         round (g_array_index (choices, VnOcrChoice, c).confidence
                                                * 100) / 100);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

char *
vn_ocr_page_to_json (VnOcrPage *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scan");
  json_builder_add_string_value (builder, self->source_label);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, self->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, self->height);
  json_builder_set_member_name (builder, "dpi");
  json_builder_add_int_value (builder, self->dpi);
  json_builder_set_member_name (builder, "skew");
  json_builder_add_double_value (builder, self->skew);
  json_builder_set_member_name (builder, "words");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->words->len; i++)
    json_builder_add_value (builder, word_to_json (&g_array_index (self->words, VnOcrWord, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
