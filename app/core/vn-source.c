/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source.c: the published transcription as the archive ships it, read into the canonical
 * text with a map back to the file's elements, and written back with corrections in place.
 *
 * The canonical text is the file's text in reading order: a line per line of the file,
 * words one space apart, a blank line between blocks, a form feed on a line of its own
 * between pages. Each stretch of it that one element holds is a unit (vn-source-private.h).
 * Writing back makes a plan from the edits (what each unit becomes: vn-source-plan.c), then
 * each format splices its plan into the original bytes (vn-source-write.c,
 * vn-source-FORMAT.c); the result is read again and must say the edited text, or nothing is
 * written. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-file.h"
#include "vn-source-private.h"

/* As the plain-text reader's limit (vn-transcription.c): a volume, not a library. */
#define VN_SOURCE_MAX_FILE_BYTES (256u * 1024 * 1024)

G_DEFINE_FINAL_TYPE (VnSource, vn_source, G_TYPE_OBJECT)

static const char *format_names[] = {
  N_("plain text"), "ALTO", "PAGE XML", "hOCR", "TEI", N_("PDF text layer"),
};

static void
source_file_free (gpointer data)
{
  VnSourceFile *f = data;

  vn_xml_file_free (f->xml);
  g_clear_pointer (&f->bytes, g_bytes_unref);
  g_free (f->path);
  g_free (f->name);
  g_free (f);
}

static void
clear_page (gpointer data)
{
  g_free (((VnSourcePage *) data)->image);
}

static void
vn_source_finalize (GObject *object)
{
  VnSource *self = (VnSource *) object;

  g_clear_pointer (&self->version, g_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_clear_pointer (&self->text_bytes, g_bytes_unref);
  g_clear_pointer (&self->units, g_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->regions, g_array_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  G_OBJECT_CLASS (vn_source_parent_class)->finalize (object);
}

static void
vn_source_class_init (VnSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_source_finalize;
}

static void
vn_source_init (VnSource *self)
{
  self->files = g_ptr_array_new_with_free_func (source_file_free);
  self->text = g_string_new (NULL);
  self->units = g_array_new (FALSE, TRUE, sizeof (VnSourceUnit));
  self->lines = g_array_new (FALSE, TRUE, sizeof (VnSourceLine));
  self->regions = g_array_new (FALSE, TRUE, sizeof (VnSourceRegion));
  self->pages = g_array_new (FALSE, TRUE, sizeof (VnSourcePage));
  g_array_set_clear_func (self->pages, clear_page);
}

/* ------------------------------------------------------------------ building the map */

void
_vn_source_begin_page (VnSource   *self,
                       guint       file,
                       const char *image,
                       int         width,
                       int         height)
{
  VnSourcePage page = { file, g_strdup (image), MAX (width, 0), MAX (height, 0) };

  _vn_source_end_line (self);
  if (self->pages->len > 0)
    g_string_append (self->text, "\f\n");
  g_array_append_val (self->pages, page);
  self->lines_in_block = FALSE;
  self->need_blank = FALSE;
}

void
_vn_source_begin_block (VnSource *self)
{
  _vn_source_end_line (self);
  if (self->lines_in_block)
    self->need_blank = TRUE;
  self->lines_in_block = FALSE;
}

void
_vn_source_begin_region (VnSource   *self,
                         xmlNodePtr  element)
{
  VnSourceRegion region = { element, self->lines->len, 0 };

  _vn_source_begin_block (self);
  g_array_append_val (self->regions, region);
  self->region_open = TRUE;
}

void
_vn_source_end_region (VnSource *self)
{
  VnSourceRegion *region;

  _vn_source_end_line (self);
  if (!self->region_open)
    return;
  region = &g_array_index (self->regions, VnSourceRegion, self->regions->len - 1);
  region->n_lines = self->lines->len - region->first_line;
  self->region_open = FALSE;
}

void
_vn_source_begin_line (VnSource     *self,
                       xmlNodePtr    element,
                       const VnBox  *box)
{
  VnSourceLine line = { 0 };

  _vn_source_end_line (self);
  if (self->pages->len == 0)
    _vn_source_begin_page (self, 0, NULL, 0, 0);
  if (self->need_blank)
    g_string_append_c (self->text, '\n');
  self->need_blank = FALSE;
  line.page = self->pages->len - 1;
  line.region = self->region_open ? self->regions->len - 1 : G_MAXUINT;
  line.element = element;
  line.first_unit = self->units->len;
  line.start = self->text->len;
  if (box != NULL)
    line.box = *box, line.has_box = TRUE;
  g_array_append_val (self->lines, line);
  self->line_open = TRUE;
}

/* The text as one line of the canonical text: line breaks and tabs inside an element's
 * text are spaces there. */
char *
_vn_source_one_line (const char *text)
{
  char *copy = g_strdup (text);

  for (char *p = copy; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t' || *p == '\f' || *p == '\v')
      *p = ' ';
  return copy;
}

void
_vn_source_add_unit (VnSource     *self,
                     VnUnitKind    kind,
                     const char   *text,
                     xmlNodePtr    element,
                     const VnBox  *box)
{
  g_autofree char *line_text = _vn_source_one_line (text ? text : "");
  VnSourceLine *line;
  VnSourceUnit unit = { .kind = kind, .element = element };

  g_strstrip (line_text);
  if (*line_text == '\0')
    return;
  if (!self->line_open)
    _vn_source_begin_line (self, NULL, NULL);
  line = &g_array_index (self->lines, VnSourceLine, self->lines->len - 1);
  if (self->units->len > line->first_unit && kind != VN_UNIT_HYPHEN)
    g_string_append_c (self->text, ' ');
  unit.start = self->text->len;
  g_string_append (self->text, line_text);
  unit.end = self->text->len;
  unit.line = self->lines->len - 1;
  if (box != NULL)
    unit.box = *box, unit.has_box = TRUE;
  g_array_append_val (self->units, unit);
}

/* TEI: character data as it comes, white space collapsed as XML prose is read. */
void
_vn_source_add_text_run (VnSource   *self,
                         xmlNodePtr  text_node,
                         const char *text)
{
  GString *run = g_string_new (NULL);
  VnSourceUnit unit = { .kind = VN_UNIT_TEXT, .element = text_node };
  gboolean space = FALSE;
  VnSourceLine *line;

  if (!self->line_open)
    _vn_source_begin_line (self, NULL, NULL);
  line = &g_array_index (self->lines, VnSourceLine, self->lines->len - 1);
  /* A space before the first character of a line, or after a space, is not text. */
  space = self->text->len == line->start || self->text->str[self->text->len - 1] == ' ';
  for (const char *p = text; *p; p++)
    {
      gboolean is_space = g_ascii_isspace (*p);

      if (!is_space)
        g_string_append_c (run, *p);
      else if (!space)
        g_string_append_c (run, ' ');
      space = is_space;
    }
  unit.start = self->text->len;
  g_string_append_len (self->text, run->str, run->len);
  unit.end = self->text->len;
  unit.line = self->lines->len - 1;
  g_string_free (run, TRUE);
  g_array_append_val (self->units, unit);
}

void
_vn_source_line_break (VnSource *self)
{
  _vn_source_end_line (self);
}

void
_vn_source_end_line (VnSource *self)
{
  VnSourceLine *line;

  if (!self->line_open)
    return;
  self->line_open = FALSE;
  line = &g_array_index (self->lines, VnSourceLine, self->lines->len - 1);
  /* TEI: a space that ends the line is not text, and runs of only white space are not
   * units. */
  while (self->text->len > line->start && self->text->str[self->text->len - 1] == ' ')
    g_string_truncate (self->text, self->text->len - 1);
  while (self->units->len > line->first_unit)
    {
      VnSourceUnit *last = &g_array_index (self->units, VnSourceUnit, self->units->len - 1);

      last->end = MIN (last->end, self->text->len);
      if (last->end > last->start)
        break;
      g_array_set_size (self->units, self->units->len - 1);
    }
  line->n_units = self->units->len - line->first_unit;
  if (line->n_units == 0)
    {
      g_string_truncate (self->text, line->start);
      g_array_set_size (self->lines, self->lines->len - 1);
      return;
    }
  line->end = self->text->len;
  g_string_append_c (self->text, '\n');
  self->lines_in_block = TRUE;
}

/* ------------------------------------------------------------------ opening */

gboolean
vn_source_is_published_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ".xml") || g_str_has_suffix (lower, ".hocr") ||
         g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm") ||
         g_str_has_suffix (lower, ".xhtml");
}

/* Whether @path is read as plain text: a .txt always is, as Verno always read it. */
gboolean
vn_source_sniff_is_text (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return !vn_source_is_published_name (path) && !g_str_has_suffix (lower, ".pdf");
}

static VnSourceFormat
format_of_root (xmlNodePtr root)
{
  if (vn_xml_is (root, "alto"))
    return VN_SOURCE_ALTO;
  if (vn_xml_is (root, "PcGts"))
    return VN_SOURCE_PAGE;
  if (vn_xml_is (root, "html"))
    return VN_SOURCE_HOCR;
  if (vn_xml_is (root, "TEI") || vn_xml_is (root, "teiCorpus"))
    return VN_SOURCE_TEI;
  return VN_SOURCE_TEXT;
}

static gboolean
read_xml_file (VnSource    *self,
               guint        index,
               GError     **error)
{
  VnSourceFile *file = g_ptr_array_index (self->files, index);
  gsize len;
  const char *data = g_bytes_get_data (file->bytes, &len);
  VnSourceFormat format;

  file->xml = vn_xml_file_new (data, len, file->name, error);
  if (file->xml == NULL)
    return FALSE;
  format = format_of_root (xmlDocGetRootElement (file->xml->doc));
  if (format == VN_SOURCE_TEXT)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is XML whose root element <%s> is not ALTO, PAGE, hOCR or TEI; give "
                     "the transcription in one of these, or as plain text."), file->name,
                   xmlDocGetRootElement (file->xml->doc)->name);
      return FALSE;
    }
  if (index > 0 && format != self->format)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is %s, but the transcription's first file is %s; give every page in "
                     "one format."), file->name, format_names[format], format_names[self->format]);
      return FALSE;
    }
  self->format = format;
  switch (format)
    {
    case VN_SOURCE_ALTO:
      return _vn_source_read_alto (self, index, error);
    case VN_SOURCE_PAGE:
      return _vn_source_read_page (self, index, error);
    case VN_SOURCE_HOCR:
      return _vn_source_read_hocr (self, index, error);
    case VN_SOURCE_TEI:
      return _vn_source_read_tei (self, index, error);
    case VN_SOURCE_TEXT:
    case VN_SOURCE_PDF:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_pdf (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return len >= 5 && memcmp (data, "%PDF-", 5) == 0;
}

static gboolean
finish (VnSource  *self,
        GError   **error)
{
  _vn_source_end_region (self);
  _vn_source_end_line (self);
  if (!g_utf8_validate_len (self->text->str, self->text->len, NULL))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("The text of %s is not valid UTF-8; repair the file."),
                   ((VnSourceFile *) g_ptr_array_index (self->files, 0))->name);
      return FALSE;
    }
  /* A layout without its text (PAGE from layout analysis: lines with Coords, no TextEquiv)
   * would collate as a transcription that misses every word. */
  if (self->units->len == 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is %s with no text in it, only a layout; give the file that holds the "
                     "transcription."), ((VnSourceFile *) g_ptr_array_index (self->files, 0))->name,
                   vn_source_get_format_name (self));
      return FALSE;
    }
  /* With the NUL after it that GString keeps: the transcription's text is a C string too. */
  self->text_bytes = g_bytes_new_take (g_memdup2 (self->text->str, self->text->len + 1),
                                       self->text->len);
  return TRUE;
}

static gboolean
add_file (VnSource    *self,
          GBytes      *bytes,
          const char  *path,
          const char  *name,
          GError     **error)
{
  VnSourceFile *file = g_new0 (VnSourceFile, 1);
  guint index = self->files->len;

  file->bytes = g_bytes_ref (bytes);
  file->path = g_strdup (path);
  file->name = g_strdup (name);
  g_ptr_array_add (self->files, file);
  if (is_pdf (bytes))
    {
      if (index > 0 && self->format != VN_SOURCE_PDF)
        {
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                       _("%s is a PDF, but the transcription's first file is not; give every "
                         "page in one format."), name);
          return FALSE;
        }
      self->format = VN_SOURCE_PDF;
      return _vn_source_read_pdf (self, index, error);
    }
  return read_xml_file (self, index, error);
}

VnSource *
vn_source_new_from_bytes (GBytes      *bytes,
                          const char  *display_name,
                          GError     **error)
{
  g_autoptr(VnSource) self = g_object_new (VN_TYPE_SOURCE, NULL);

  g_return_val_if_fail (bytes != NULL && display_name != NULL, NULL);

  if (!add_file (self, bytes, NULL, display_name, error) || !finish (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

static GBytes *
load_file (const char  *path,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;

  if (vn_file_get_kind (path, error) == VN_FILE_OTHER)
    return NULL;
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is a folder; give the transcription's file instead."), path);
      return NULL;
    }
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT, _("Cannot read the transcription %s: %s."),
                   path, local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) > VN_SOURCE_MAX_FILE_BYTES)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is %zu MB, more than the %u MB Verno opens as one transcription file; "
                     "split it into volumes."), path, g_mapped_file_get_length (mapped) >> 20,
                   VN_SOURCE_MAX_FILE_BYTES >> 20);
      return NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}

/* One file for the document, or one file per page, in page order. */
VnSource *
vn_source_new_for_paths (const char * const  *paths,
                         GError             **error)
{
  g_autoptr(VnSource) self = g_object_new (VN_TYPE_SOURCE, NULL);

  g_return_val_if_fail (paths != NULL && paths[0] != NULL, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GBytes) bytes = load_file (paths[i], error);

      if (bytes == NULL || !add_file (self, bytes, paths[i], paths[i], error))
        return NULL;
    }
  self->file = g_file_new_for_path (paths[0]);
  if (!finish (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ accessors */

VnSourceFormat
vn_source_get_format (VnSource *self)
{
  g_return_val_if_fail (VN_IS_SOURCE (self), VN_SOURCE_TEXT);
  return self->format;
}

const char *
vn_source_get_format_name (VnSource *self)
{
  g_return_val_if_fail (VN_IS_SOURCE (self), NULL);
  return _(format_names[self->format]);
}

/* "ALTO 4.2, 2 pages, line-level": what the command line says it detected. */
char *
vn_source_dup_description (VnSource *self)
{
  GString *out = g_string_new (vn_source_get_format_name (self));

  if (self->version != NULL)
    g_string_append_printf (out, " %s", self->version);
  if (self->files->len > 1)
    g_string_append_printf (out, _(", %u files"), self->files->len);
  g_string_append_printf (out, ngettext (", %u page", ", %u pages", self->pages->len),
                          self->pages->len);
  if (self->format != VN_SOURCE_TEI && self->units->len > 0)
    g_string_append (out, vn_source_is_line_level (self) ? _(", line-level")
                                                         : _(", word-level"));
  return g_string_free (out, FALSE);
}

GFile *
vn_source_get_file (VnSource *self)
{
  g_return_val_if_fail (VN_IS_SOURCE (self), NULL);
  return self->file;
}

guint
vn_source_get_n_files (VnSource *self)
{
  g_return_val_if_fail (VN_IS_SOURCE (self), 0);
  return self->files->len;
}

const char *
vn_source_get_path (VnSource *self,
                    guint     file)
{
  g_return_val_if_fail (VN_IS_SOURCE (self), NULL);
  g_return_val_if_fail (file < self->files->len, NULL);
  return ((VnSourceFile *) g_ptr_array_index (self->files, file))->path;
}

VnSourceFile *
_vn_source_get_file (VnSource *self,
                     guint     file)
{
  return g_ptr_array_index (self->files, file);
}

GBytes *
vn_source_get_text (VnSource *self)
{
  g_return_val_if_fail (VN_IS_SOURCE (self), NULL);
  return self->text_bytes;
}

guint
vn_source_get_n_pages (VnSource *self)
{
  g_return_val_if_fail (VN_IS_SOURCE (self), 0);
  return self->pages->len;
}

const char *
vn_source_get_page_image (VnSource *self,
                          guint     page)
{
  g_return_val_if_fail (VN_IS_SOURCE (self), NULL);
  g_return_val_if_fail (page < self->pages->len, NULL);
  return g_array_index (self->pages, VnSourcePage, page).image;
}

/* Whether any line's text is one element (eScriptorium's ALTO, PAGE without Words). */
gboolean
vn_source_is_line_level (VnSource *self)
{
  g_return_val_if_fail (VN_IS_SOURCE (self), FALSE);

  for (guint i = 0; i < self->units->len; i++)
    if (g_array_index (self->units, VnSourceUnit, i).kind == VN_UNIT_LINE)
      return TRUE;
  return FALSE;
}

guint
_vn_source_unit_file (VnSource *self,
                      guint     unit)
{
  const VnSourceUnit *u = &g_array_index (self->units, VnSourceUnit, unit);
  const VnSourceLine *line = &g_array_index (self->lines, VnSourceLine, u->line);

  return g_array_index (self->pages, VnSourcePage, line->page).file;
}

static guint
unit_at (VnSource *self,
         guint     offset)
{
  guint lo = 0, hi = self->units->len;

  /* The first unit that ends after @offset. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->units, VnSourceUnit, mid).end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Where canonical bytes [start, end) are, as the file says: a word's own box, or their share
 * of their line's box (by characters). FALSE when the file gives no box for them. */
gboolean
vn_source_get_box (VnSource    *self,
                   guint        start,
                   guint        end,
                   VnSourceBox *box)
{
  guint index;
  const VnSourceUnit *unit;
  const VnSourcePage *page;
  const char *text;
  glong before, inside, total;

  g_return_val_if_fail (VN_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  index = unit_at (self, start);
  if (index >= self->units->len)
    return FALSE;
  unit = &g_array_index (self->units, VnSourceUnit, index);
  if (!unit->has_box || unit->start > start || end > unit->end)
    return FALSE;
  page = &g_array_index (self->pages, VnSourcePage,
                         g_array_index (self->lines, VnSourceLine, unit->line).page);
  *box = (VnSourceBox) { g_array_index (self->lines, VnSourceLine, unit->line).page, unit->box,
                         page->width, page->height, unit->kind == VN_UNIT_WORD };
  if (unit->kind == VN_UNIT_WORD)
    return TRUE;
  text = self->text->str;
  before = g_utf8_strlen (text + unit->start, start - unit->start);
  inside = g_utf8_strlen (text + start, end - start);
  total = MAX (1, g_utf8_strlen (text + unit->start, unit->end - unit->start));
  box->box.x = unit->box.x + (int) ((double) unit->box.w * before / total);
  box->box.w = MAX (1, (int) ((double) unit->box.w * inside / total));
  return TRUE;
}
