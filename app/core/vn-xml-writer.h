/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-xml-writer.h: the one XML writer every Verno format goes through (hOCR, ALTO, PAGE, TEI,
 * the OCR cache): libxml2's xmlTextWriter into memory, with text made safe for XML 1.0 and
 * numbers written without the locale. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VnXmlWriter VnXmlWriter;

VnXmlWriter *vn_xml_writer_new            (gboolean      indent);
void         vn_xml_writer_free           (VnXmlWriter  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnXmlWriter, vn_xml_writer_free)

void         vn_xml_writer_start          (VnXmlWriter  *self,
                                           const char   *element);
void         vn_xml_writer_end            (VnXmlWriter  *self);
void         vn_xml_writer_empty          (VnXmlWriter  *self,
                                           const char   *element);
void         vn_xml_writer_attr           (VnXmlWriter  *self,
                                           const char   *name,
                                           const char   *value);
void         vn_xml_writer_attr_int       (VnXmlWriter  *self,
                                           const char   *name,
                                           int           value);
void         vn_xml_writer_attr_printf    (VnXmlWriter  *self,
                                           const char   *name,
                                           const char   *format,
                                           ...) G_GNUC_PRINTF (3, 4);
void         vn_xml_writer_attr_double    (VnXmlWriter  *self,
                                           const char   *name,
                                           const char   *format,
                                           double        value);
void         vn_xml_writer_text           (VnXmlWriter  *self,
                                           const char   *text);
void         vn_xml_writer_text_element   (VnXmlWriter  *self,
                                           const char   *element,
                                           const char   *text);
void         vn_xml_writer_newline        (VnXmlWriter  *self,
                                           guint         depth);

GBytes      *vn_xml_writer_finish         (VnXmlWriter  *self);
char        *vn_xml_writer_finish_string  (VnXmlWriter  *self);

char        *vn_xml_safe_text             (const char   *text);

G_END_DECLS
