/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-xml-writer.c: the one XML writer every Verno format goes through.
 *
 * xmlTextWriter fails only when memory runs out or when it is misused (an end without a
 * start); both end the program, as GLib does when g_malloc () fails, rather than leave a
 * truncated document to be written to disk. */
#include "config.h"

#include <string.h>

#include <libxml/xmlwriter.h>

#include "vn-xml-writer.h"

struct _VnXmlWriter
{
  xmlBufferPtr     buffer;
  xmlTextWriterPtr writer;
};

static void
check (int result)
{
  if (result < 0)
    g_error ("libxml2 could not write XML into memory (out of memory, or misused)");
}

VnXmlWriter *
vn_xml_writer_new (gboolean indent)
{
  VnXmlWriter *self = g_new0 (VnXmlWriter, 1);

  self->buffer = xmlBufferCreate ();
  self->writer = self->buffer ? xmlNewTextWriterMemory (self->buffer, 0) : NULL;
  if (self->writer == NULL)
    check (-1);
  if (indent)
    {
      check (xmlTextWriterSetIndent (self->writer, 1));
      check (xmlTextWriterSetIndentString (self->writer, BAD_CAST "  "));
    }
  check (xmlTextWriterStartDocument (self->writer, NULL, "UTF-8", NULL));
  return self;
}

void
vn_xml_writer_free (VnXmlWriter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->writer, xmlFreeTextWriter);
  g_clear_pointer (&self->buffer, xmlBufferFree);
  g_free (self);
}

/* XML 1.0 cannot hold most control characters, nor U+FFFE and U+FFFF, even escaped. */
char *
vn_xml_safe_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xFFFE) ||
                    c >= 0x10000;

      g_string_append_unichar (out, ok ? c : 0xFFFD);
    }
  return g_string_free (out, FALSE);
}

void
vn_xml_writer_start (VnXmlWriter *self,
                     const char  *element)
{
  check (xmlTextWriterStartElement (self->writer, BAD_CAST element));
}

void
vn_xml_writer_end (VnXmlWriter *self)
{
  check (xmlTextWriterEndElement (self->writer));
}

void
vn_xml_writer_empty (VnXmlWriter *self,
                     const char  *element)
{
  vn_xml_writer_start (self, element);
  vn_xml_writer_end (self);
}

void
vn_xml_writer_attr (VnXmlWriter *self,
                    const char  *name,
                    const char  *value)
{
  g_autofree char *safe = vn_xml_safe_text (value ? value : "");

  check (xmlTextWriterWriteAttribute (self->writer, BAD_CAST name, BAD_CAST safe));
}

void
vn_xml_writer_attr_int (VnXmlWriter *self,
                        const char  *name,
                        int          value)
{
  check (xmlTextWriterWriteFormatAttribute (self->writer, BAD_CAST name, "%d", value));
}

void
vn_xml_writer_attr_printf (VnXmlWriter *self,
                           const char  *name,
                           const char  *format,
                           ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  vn_xml_writer_attr (self, name, value);
}

/* Locale-independent: a Russian desktop must not write "0,93". @format is one conversion
 * of g_ascii_formatd, such as "%.2f". */
void
vn_xml_writer_attr_double (VnXmlWriter *self,
                           const char  *name,
                           const char  *format,
                           double       value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  vn_xml_writer_attr (self, name, g_ascii_formatd (buf, sizeof buf, format, value));
}

void
vn_xml_writer_text (VnXmlWriter *self,
                    const char  *text)
{
  g_autofree char *safe = vn_xml_safe_text (text ? text : "");

  check (xmlTextWriterWriteString (self->writer, BAD_CAST safe));
}

void
vn_xml_writer_text_element (VnXmlWriter *self,
                            const char  *element,
                            const char  *text)
{
  vn_xml_writer_start (self, element);
  vn_xml_writer_text (self, text);
  vn_xml_writer_end (self);
}

/* A line break and 2 × @depth spaces between elements, for formats written without
 * xmlTextWriter's indentation (which would indent inside mixed content too). */
void
vn_xml_writer_newline (VnXmlWriter *self,
                       guint        depth)
{
  static const char spaces[] = "\n                    ";

  check (xmlTextWriterWriteRawLen (self->writer, BAD_CAST spaces,
                                   1 + MIN (2 * depth, sizeof spaces - 2)));
}

static void
end_document (VnXmlWriter *self)
{
  check (xmlTextWriterEndDocument (self->writer));
  g_clear_pointer (&self->writer, xmlFreeTextWriter);  /* flushes into the buffer */
}

/* The document, and frees @self. */
GBytes *
vn_xml_writer_finish (VnXmlWriter *self)
{
  GBytes *bytes;

  end_document (self);
  bytes = g_bytes_new (xmlBufferContent (self->buffer), xmlBufferLength (self->buffer));
  vn_xml_writer_free (self);
  return bytes;
}

char *
vn_xml_writer_finish_string (VnXmlWriter *self)
{
  char *text;

  end_document (self);
  text = g_strndup ((const char *) xmlBufferContent (self->buffer),
                    xmlBufferLength (self->buffer));
  vn_xml_writer_free (self);
  return text;
}
