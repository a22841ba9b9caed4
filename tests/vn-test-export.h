/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-test-export.h: reading exports back as archives' tools do (xmllint's libxml2 and the
 * schemas, pdftotext, pdfimages, pdftoppm), and each format's text as the words it says. */
#pragma once

#include <libxml/tree.h>

#include "vn-export.h"
#include "vn-scan.h"
#include "vn-test-util.h"

G_BEGIN_DECLS

char      *vn_test_export_init        (int                *argc,
                                       char             ***argv,
                                       const char         *tmp_template);
gboolean   vn_test_have_tool          (const char         *tool,
                                       const char         *package);
char      *vn_test_tool_output        (const char * const *argv);

xmlDocPtr  vn_test_read_xml           (const char         *path);
GPtrArray *vn_test_xpath_strings      (xmlDocPtr           doc,
                                       xmlNodePtr          context,
                                       const char         *expr);
GPtrArray *vn_test_xpath_nodes        (xmlDocPtr           doc,
                                       xmlNodePtr          context,
                                       const char         *expr);
GPtrArray *vn_test_file_strings       (const char         *path,
                                       const char         *expr);
char      *vn_test_node_attr          (xmlNodePtr          node,
                                       const char         *name);
void       vn_test_assert_schema_valid (const char        *path,
                                       const char         *schema);

GPtrArray *vn_test_pdf_image_rows    (const char         *pdf);
const char *vn_test_colour_type       (const char         *image);

char      *vn_test_extract_pdf_image  (const char         *pdf,
                                       guint               page,
                                       const char         *root);
void       vn_test_assert_same_bytes  (const char         *a,
                                       const char         *b);
void       vn_test_assert_same_pixels (const char         *image,
                                       PIX                *original);
void       vn_test_assert_rendered_size (const char       *pdf,
                                       guint               page,
                                       int                 dpi,
                                       int                 width,
                                       int                 height,
                                       const char         *root);

PIX       *vn_test_make_picture       (int                 width,
                                       int                 height,
                                       int                 depth,
                                       gboolean            colormap);
VnCollation *vn_test_collate_on_scans (const char * const *files,
                                       const char         *page_text,
                                       GPtrArray         **scans);

GPtrArray *vn_test_text_words         (const char         *text);
GPtrArray *vn_test_export_words       (VnExportFormat      format,
                                       const char         *path,
                                       guint               n_pages);
void       vn_test_assert_words_equal (GPtrArray          *got,
                                       GPtrArray          *expected,
                                       const char         *what);

G_END_DECLS
