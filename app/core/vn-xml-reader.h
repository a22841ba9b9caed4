/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-xml-reader.h: an archive's XML file read safely (libxml2, no network, no DTD, no entity
 * declarations at all), with the byte span of every element and attribute in the original
 * bytes, so that a correction can be spliced into them and everything else kept byte for
 * byte. */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* Refuse more than this many elements: far above any page or volume's file. */
#define VN_XML_MAX_ELEMENTS (8u * 1024 * 1024)

typedef struct
{
  guint name_start;
  guint name_end;
  guint value_start;  /* inside the quotes */
  guint value_end;
} VnXmlAttrSpan;

typedef struct
{
  guint tag_start;    /* the start tag's '<' */
  guint tag_end;      /* after its '>' */
  guint content_end;  /* the end tag's '<'; tag_end for an empty element */
  guint end;          /* after the end tag's '>' */
  guint first_attr;
  guint n_attrs;
  guint empty : 1;    /* <name/> */
} VnXmlSpan;

typedef struct
{
  const char *data;   /* not owned: the caller keeps the bytes alive */
  gsize       len;
  xmlDocPtr   doc;    /* every element's _private is its span's index + 1 */
  GArray     *spans;  /* VnXmlSpan, in document order */
  GArray     *attrs;  /* VnXmlAttrSpan */
  gboolean    utf8;   /* the file is UTF-8 (or ASCII); else written text is escaped to ASCII */
  GHashTable *ids;    /* the values of its ID, id and xml:id attributes, made when first asked */
} VnXmlFile;

VnXmlFile       *vn_xml_file_new        (const char  *data,
                                         gsize        len,
                                         const char  *display_name,
                                         GError     **error);
void             vn_xml_file_free       (VnXmlFile   *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnXmlFile, vn_xml_file_free)

const VnXmlSpan *vn_xml_file_span       (VnXmlFile   *self,
                                         xmlNodePtr   element);
gboolean         vn_xml_file_attr_span  (VnXmlFile   *self,
                                         xmlNodePtr   element,
                                         const char  *qualified_name,
                                         guint       *value_start,
                                         guint       *value_end);
char            *vn_xml_file_escape     (VnXmlFile   *self,
                                         const char  *text,
                                         gboolean     in_attribute);
char            *vn_xml_file_dup_leading_space (VnXmlFile *self,
                                         xmlNodePtr   element);
gboolean         vn_xml_file_has_id     (VnXmlFile   *self,
                                         const char  *id);

/* Helpers for reading: attributes and children by local name, whatever the namespace. */
char            *vn_xml_dup_attr        (xmlNodePtr   element,
                                         const char  *name);
char            *vn_xml_dup_qualified_name (xmlNodePtr like,
                                         const char  *local_name);
gboolean         vn_xml_get_int_attr    (xmlNodePtr   element,
                                         const char  *name,
                                         int         *value);
gboolean         vn_xml_is              (xmlNodePtr   node,
                                         const char  *local_name);
xmlNodePtr       vn_xml_first_child     (xmlNodePtr   element,
                                         const char  *local_name);

/* Byte edits of a file: [start, end) becomes text; applied in one pass. */
typedef struct _VnSplice VnSplice;

VnSplice        *vn_splice_new          (void);
void             vn_splice_free         (VnSplice    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VnSplice, vn_splice_free)
void             vn_splice_add          (VnSplice    *self,
                                         guint        start,
                                         guint        end,
                                         const char  *text);
guint            vn_splice_get_n_edits  (VnSplice    *self);
GBytes          *vn_splice_apply        (VnSplice    *self,
                                         const char  *data,
                                         gsize        len,
                                         GError     **error);

G_END_DECLS
