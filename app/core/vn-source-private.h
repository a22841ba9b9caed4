/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-private.h: what VnSource's readers and writers (vn-source-FORMAT.c) share: the
 * map from the canonical text to the file's elements, built while reading, and the plan of
 * what each element becomes, made from the edits before writing. */
#pragma once

#include "vn-source.h"
#include "vn-xml-reader.h"

G_BEGIN_DECLS

typedef enum
{
  VN_UNIT_WORD,    /* a word element (ALTO String, PAGE Word, hOCR ocrx_word) */
  VN_UNIT_LINE,    /* the text of a whole line in one element (eScriptorium's Strings) */
  VN_UNIT_HYPHEN,  /* ALTO's HYP: written straight after the word before it */
  VN_UNIT_TEXT,    /* a run of character data (TEI) */
} VnUnitKind;

typedef struct
{
  guint       start;    /* canonical bytes of its text */
  guint       end;
  guint       line;     /* index into lines */
  xmlNodePtr  element;  /* the element whose text it is; for TEXT, the text node */
  VnBox       box;
  guint       has_box : 1;
  VnUnitKind  kind;
} VnSourceUnit;

typedef struct
{
  guint       page;
  guint       region;      /* index into regions, or G_MAXUINT */
  xmlNodePtr  element;     /* TextLine, ocr_line; NULL for TEI */
  guint       first_unit;
  guint       n_units;
  guint       start;       /* canonical bytes of its text, without the line break */
  guint       end;
  VnBox       box;
  guint       has_box : 1;
} VnSourceLine;

typedef struct
{
  xmlNodePtr  element;     /* PAGE TextRegion */
  guint       first_line;
  guint       n_lines;
} VnSourceRegion;

typedef struct
{
  guint  file;
  char  *image;            /* the image file the page names, or NULL */
  int    width;            /* its frame in the file's units; 0 when unknown */
  int    height;
} VnSourcePage;

typedef struct
{
  char      *path;         /* NULL for bytes given in memory */
  char      *name;         /* for messages */
  GBytes    *bytes;
  VnXmlFile *xml;          /* NULL for plain text and PDF */
} VnSourceFile;

struct _VnSource
{
  GObject         parent_instance;
  VnSourceFormat  format;
  char           *version;         /* "4.2", "2019-07-15", …; NULL when unknown */
  GFile          *file;            /* the first file, which the session's state goes beside */
  GPtrArray      *files;           /* VnSourceFile */
  GString        *text;
  GBytes         *text_bytes;
  GArray         *units;           /* VnSourceUnit, in canonical order */
  GArray         *lines;           /* VnSourceLine */
  GArray         *regions;         /* VnSourceRegion */
  GArray         *pages;           /* VnSourcePage */
  /* While reading: */
  gboolean        lines_in_block;  /* lines were added since the last block started */
  gboolean        need_blank;      /* the next line starts a new block */
  gboolean        region_open;
  gboolean        line_open;
};

/* ------------------------------------------------------------------ building the map */

void          _vn_source_begin_page   (VnSource     *self,
                                       guint         file,
                                       const char   *image,
                                       int           width,
                                       int           height);
void          _vn_source_begin_block  (VnSource     *self);
void          _vn_source_begin_region (VnSource     *self,
                                       xmlNodePtr    element);
void          _vn_source_end_region   (VnSource     *self);
void          _vn_source_begin_line   (VnSource     *self,
                                       xmlNodePtr    element,
                                       const VnBox  *box);
void          _vn_source_add_unit     (VnSource     *self,
                                       VnUnitKind    kind,
                                       const char   *text,
                                       xmlNodePtr    element,
                                       const VnBox  *box);
void          _vn_source_end_line     (VnSource     *self);
void          _vn_source_add_text_run (VnSource     *self,
                                       xmlNodePtr    text_node,
                                       const char   *text);
void          _vn_source_line_break   (VnSource     *self);

/* ------------------------------------------------------------------ readers */

gboolean      _vn_source_read_alto    (VnSource     *self,
                                       guint         file,
                                       GError      **error);
gboolean      _vn_source_read_page    (VnSource     *self,
                                       guint         file,
                                       GError      **error);
gboolean      _vn_source_read_hocr    (VnSource     *self,
                                       guint         file,
                                       GError      **error);
gboolean      _vn_source_read_tei     (VnSource     *self,
                                       guint         file,
                                       GError      **error);
gboolean      _vn_source_read_pdf     (VnSource     *self,
                                       guint         file,
                                       GError      **error);

/* ------------------------------------------------------------------ the plan */

typedef struct
{
  char  *text;
  VnBox  box;
} VnNewWord;

/* What a unit becomes. A WORD unit may become several words (a split: the first keeps the
 * element, the others are new elements after it) or none (a merge into the word before,
 * whose box then covers it; or a deletion). Other kinds only change their text. */
typedef struct
{
  guint   changed : 1;
  guint   removed : 1;
  guint   box_changed : 1;
  char   *text;           /* the new text (the first word's, for a split) */
  char   *old_text;
  VnBox   box;
  GArray *extra;          /* VnNewWord: the further words of a split, or NULL */
} VnUnitPlan;

typedef struct
{
  guint   changed : 1;
  char   *text;           /* the line's new text */
} VnLinePlan;

typedef struct
{
  VnUnitPlan *units;
  VnLinePlan *lines;
  guint       n_changed;
} VnSourcePlan;

VnSourcePlan *_vn_source_plan_new     (VnSource          *self,
                                       const VnTextEdit  *edits,
                                       guint              n_edits,
                                       GError           **error);
void          _vn_source_plan_free    (VnSource          *self,
                                       VnSourcePlan      *plan);

/* Each writer adds to @splice what @plan changes in @file. */
gboolean      _vn_source_write_alto   (VnSource          *self,
                                       guint              file,
                                       VnSourcePlan      *plan,
                                       VnSplice          *splice,
                                       GError           **error);
gboolean      _vn_source_write_page   (VnSource          *self,
                                       guint              file,
                                       VnSourcePlan      *plan,
                                       VnSplice          *splice,
                                       GError           **error);
gboolean      _vn_source_write_hocr   (VnSource          *self,
                                       guint              file,
                                       VnSourcePlan      *plan,
                                       VnSplice          *splice,
                                       GError           **error);
gboolean      _vn_source_write_tei    (VnSource          *self,
                                       guint              file,
                                       VnSourcePlan      *plan,
                                       VnSplice          *splice,
                                       GError           **error);

/* A PDF is written whole, not spliced. */
GBytes       *_vn_source_write_pdf    (VnSource          *self,
                                       guint              file,
                                       VnSourcePlan      *plan,
                                       GError           **error);

/* Shared by the readers and the plan. */
char         *_vn_source_one_line     (const char        *text);

/* Shared by the XML writers. */
VnSourceFile *_vn_source_get_file     (VnSource          *self,
                                       guint              file);
guint         _vn_source_unit_file    (VnSource          *self,
                                       guint              unit);
void          _vn_source_set_attr     (VnXmlFile         *xml,
                                       VnSplice          *splice,
                                       xmlNodePtr         element,
                                       const char        *name,
                                       const char        *value);
void          _vn_source_set_content  (VnXmlFile         *xml,
                                       VnSplice          *splice,
                                       xmlNodePtr         element,
                                       const char        *text);
char         *_vn_source_dup_start_tag (VnXmlFile        *xml,
                                       xmlNodePtr         element,
                                       const char *const *names,
                                       const char *const *values,
                                       gboolean           empty);
void          _vn_source_remove_element (VnXmlFile       *xml,
                                       VnSplice          *splice,
                                       xmlNodePtr         element,
                                       xmlNodePtr         separator);
char         *_vn_source_derive_id    (VnXmlFile         *xml,
                                       const char        *id,
                                       guint              part);

G_END_DECLS
