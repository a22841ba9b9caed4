/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source.c: the published transcription as the archive ships it, read into the canonical
 * text with a map back to the file's elements, and written back with corrections in place.
 *
 * The canonical text is the file's text in reading order: a line per line of the file,
 * words one space apart, a blank line between blocks, a form feed on a line of its own
 * between pages. Each stretch of it that one element holds is a unit (vn-source-private.h).
 * Writing back makes a plan from the edits (what each unit becomes), then each format splices
 * its plan into the original bytes (vn-source-FORMAT.c); the result is read again and must
 * say the edited text, or nothing is written. */
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

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
static char *
one_line (const char *text)
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
  g_autofree char *line_text = one_line (text ? text : "");
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

/* ------------------------------------------------------------------ the plan */

typedef struct
{
  guint  start;   /* canonical, within one line's text */
  guint  end;
  char  *text;
  guint  new_start;  /* in the line's new text */
  guint  new_end;
} LocalEdit;

static void
clear_local_edit (gpointer data)
{
  g_free (((LocalEdit *) data)->text);
}

/* The first line whose text ends at or after @offset. */
static guint
line_at (VnSource *self,
         guint     offset)
{
  guint lo = 0, hi = self->lines->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->lines, VnSourceLine, mid).end < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
add_local (GArray     **per_line,
           VnSource    *self,
           guint        line,
           guint        start,
           guint        end,
           const char  *text,
           gssize       len)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  LocalEdit edit;
  g_autofree char *piece = g_strndup (text, len < 0 ? strlen (text) : (gsize) len);

  edit.start = CLAMP (start, l->start, l->end);
  edit.end = CLAMP (end, edit.start, l->end);
  edit.text = one_line (piece);
  if (per_line[line] == NULL)
    {
      per_line[line] = g_array_new (FALSE, TRUE, sizeof (LocalEdit));
      g_array_set_clear_func (per_line[line], clear_local_edit);
    }
  g_array_append_val (per_line[line], edit);
}

static gsize
common_suffix (const char *a,
               gsize       a_len,
               const char *b,
               gsize       b_len)
{
  gsize n = 0;

  while (n < a_len && n < b_len && a[a_len - 1 - n] == b[b_len - 1 - n])
    n++;
  /* Whole characters only. */
  while (n > 0 && (a[a_len - n] & 0xC0) == 0x80)
    n--;
  return n;
}

/* An edit over several lines: the file keeps its lines, so its text is shared out — at its
 * own line breaks where it has them, else the part that ends like the last line's old text
 * goes there, and the rest to the first line. */
static void
split_edit (GArray          **per_line,
            VnSource         *self,
            const VnTextEdit *edit,
            guint             first,
            guint             last)
{
  const VnSourceLine *end_line = &g_array_index (self->lines, VnSourceLine, last);
  const char *text = edit->text;
  gsize len = strlen (text);
  guint breaks = 0;

  for (const char *p = text; *p; p++)
    breaks += *p == '\n';
  if (breaks >= last - first)
    {
      const char *p = text;

      for (guint l = first; l <= last; l++)
        {
          const char *nl = l < last ? strchr (p, '\n') : NULL;

          add_local (per_line, self, l, edit->start, edit->end, p, nl ? nl - p : -1);
          p = nl ? nl + 1 : p + strlen (p);
        }
      return;
    }
  {
    guint old_start = MAX (end_line->start, edit->start);
    guint old_end = MIN (end_line->end, edit->end);
    gsize suffix = old_end > old_start
                   ? common_suffix (text, len, self->text->str + old_start, old_end - old_start)
                   : 0;

    add_local (per_line, self, first, edit->start, edit->end, text, len - suffix);
    for (guint l = first + 1; l < last; l++)
      add_local (per_line, self, l, edit->start, edit->end, "", 0);
    add_local (per_line, self, last, edit->start, edit->end, text + len - suffix, suffix);
  }
}

static void
distribute_edit (GArray          **per_line,
                 VnSource         *self,
                 const VnTextEdit *edit)
{
  guint first = line_at (self, edit->start), last = first;

  if (self->lines->len == 0)
    return;
  /* Only between lines (a blank line changed): to the line before, or else the one after. */
  if (first >= self->lines->len ||
      g_array_index (self->lines, VnSourceLine, first).start > edit->end)
    {
      guint line = first > 0 ? first - 1 : 0;
      const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
      guint at = line < first ? l->end : l->start;

      add_local (per_line, self, line, at, at, edit->text, -1);
      return;
    }
  while (last + 1 < self->lines->len &&
         g_array_index (self->lines, VnSourceLine, last + 1).start <= edit->end &&
         !(edit->start == edit->end &&
           g_array_index (self->lines, VnSourceLine, last).end >= edit->start))
    last++;
  if (first == last)
    add_local (per_line, self, first, edit->start, edit->end, edit->text, -1);
  else
    split_edit (per_line, self, edit, first, last);
}

/* The line's new text; each edit learns where its text went. */
static char *
apply_local (VnSource *self,
             guint     line,
             GArray   *edits)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  GString *out = g_string_new (NULL);
  guint at = l->start;

  for (guint i = 0; edits && i < edits->len; i++)
    {
      LocalEdit *e = &g_array_index (edits, LocalEdit, i);

      e->start = MAX (e->start, at);
      e->end = MAX (e->end, e->start);
      g_string_append_len (out, self->text->str + at, e->start - at);
      e->new_start = out->len;
      g_string_append (out, e->text);
      e->new_end = out->len;
      at = e->end;
    }
  g_string_append_len (out, self->text->str + at, l->end - at);
  return g_string_free (out, FALSE);
}

/* Where old offset @p of line @l lands in its new text. A unit's start inside an edit lands
 * at the edit's end (the unit before took its text), unless the edit began after that unit;
 * a unit's end inside an edit lands at the edit's end, and takes an insertion right after
 * it. Text that lands between two units goes to the first (plan_line ()). */
static guint
map_offset (const VnSourceLine *l,
            GArray             *edits,
            guint               p,
            gboolean            is_end,
            guint               previous_end)
{
  const LocalEdit *last = NULL;

  for (guint i = 0; edits && i < edits->len; i++)
    {
      const LocalEdit *e = &g_array_index (edits, LocalEdit, i);

      if (is_end && e->start == p && e->end == p)
        return e->new_end;
      if (e->start > p || (is_end && e->start == p))
        break;
      if (!is_end && e->start == p)
        return e->new_start;
      if (p < e->end)
        return !is_end && e->start > previous_end ? e->new_start : e->new_end;
      last = e;
    }
  return last ? last->new_end + (p - last->end) : p - l->start;
}

static GArray *
split_words (const char *text,
             gsize       len)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (char *));
  g_autofree char *copy = g_strndup (text, len);
  g_auto(GStrv) parts = g_strsplit (copy, " ", -1);

  for (guint i = 0; parts[i]; i++)
    if (*parts[i] != '\0')
      {
        char *word = g_strdup (parts[i]);
        g_array_append_val (words, word);
      }
  return words;
}

/* Boxes of a split: the old box shared out by characters. */
static VnBox
share_of_box (VnBox    box,
              glong    before,
              glong    chars,
              glong    total)
{
  VnBox part = box;

  total = MAX (total, 1);
  part.x = box.x + (int) ((double) box.w * before / total);
  part.w = MAX (1, (int) ((double) box.w * chars / total));
  return part;
}

static void
plan_word (VnSource     *self,
           VnSourcePlan *plan,
           guint         index,
           const char   *new_text,
           gsize         new_len,
           int          *kept)
{
  const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, index);
  VnUnitPlan *up = &plan->units[index];
  g_autoptr(GArray) words = split_words (new_text, new_len);
  glong total = 0, done = 0;

  up->box = unit->box;
  if (words->len == 1 && strlen (g_array_index (words, char *, 0)) == unit->end - unit->start &&
      memcmp (g_array_index (words, char *, 0), self->text->str + unit->start,
              unit->end - unit->start) == 0)
    {
      g_free (g_array_index (words, char *, 0));
      *kept = index;
      return;
    }
  up->changed = TRUE;
  if (words->len == 0)
    {
      up->removed = TRUE;
      /* A merge: the word before now covers this one's place too. */
      if (*kept >= 0 && unit->has_box && plan->units[*kept].text != NULL &&
          g_array_index (self->units, VnSourceUnit, *kept).line == unit->line)
        {
          plan->units[*kept].changed = TRUE;
          plan->units[*kept].box_changed = TRUE;
          plan->units[*kept].box = vn_box_union (plan->units[*kept].box, unit->box);
        }
      return;
    }
  for (guint w = 0; w < words->len; w++)
    total += g_utf8_strlen (g_array_index (words, char *, w), -1);
  up->text = g_array_index (words, char *, 0);
  for (guint w = 0; w < words->len; w++)
    {
      char *word = g_array_index (words, char *, w);
      glong chars = g_utf8_strlen (word, -1);
      VnBox box = words->len > 1 ? share_of_box (unit->box, done, chars, total) : unit->box;

      done += chars;
      if (w == 0)
        {
          up->box = box;
          up->box_changed = words->len > 1;
          continue;
        }
      if (up->extra == NULL)
        up->extra = g_array_new (FALSE, TRUE, sizeof (VnNewWord));
      g_array_append_val (up->extra, ((VnNewWord) { word, box }));
    }
  *kept = index;
}

/* Where each unit's text lies in the line's new text ([starts[k], ends[k])). */
static void
map_units (VnSource   *self,
           guint       line,
           GArray     *edits,
           const char *text,
           guint      *starts,
           guint      *ends)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  guint previous_end = l->start, new_previous_end = 0;
  gsize len = strlen (text);

  for (guint k = 0; k < l->n_units; k++)
    {
      const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, l->first_unit + k);
      guint na = map_offset (l, edits, unit->start, FALSE, previous_end);
      guint nb;

      /* The last unit takes what follows it; text between two units goes to the first. */
      if (k + 1 < l->n_units)
        {
          const VnSourceUnit *next = unit + 1;
          guint next_na = map_offset (l, edits, next->start, FALSE, unit->end);

          nb = map_offset (l, edits, unit->end, TRUE, 0);
          for (guint q = nb; q < next_na && q < len; q++)
            if (text[q] != ' ')
              nb = next_na;
        }
      else
        nb = len;
      na = MAX (na, new_previous_end);
      nb = MAX (nb, na);
      new_previous_end = nb;
      previous_end = unit->end;
      starts[k] = na;
      ends[k] = nb;
    }
}

/* Words whose space an edit took away ("wagon Restaurant." → "wagon-Restaurant."): the word
 * before takes the text up to the next space, and the words it covers are merged into it.
 * ALTO's HYP and TEI's runs of text follow their neighbours without a space. */
static void
join_at_lost_spaces (VnSource   *self,
                     guint       line,
                     const char *text,
                     guint      *starts,
                     guint      *ends)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  gsize len = strlen (text);

  for (guint k = 0; k + 1 < l->n_units; k++)
    {
      const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, l->first_unit + k);
      const VnSourceUnit *next = unit + 1;

      if (unit->kind == VN_UNIT_TEXT || unit->kind == VN_UNIT_HYPHEN ||
          next->kind == VN_UNIT_TEXT || next->kind == VN_UNIT_HYPHEN ||
          ends[k] == starts[k] || ends[k] >= len || text[ends[k] - 1] == ' ' ||
          text[ends[k]] == ' ')
        continue;
      while (ends[k] < len && text[ends[k]] != ' ')
        ends[k]++;
      for (guint j = k + 1; j < l->n_units; j++)
        {
          starts[j] = MAX (starts[j], ends[j - 1]);
          ends[j] = MAX (ends[j], starts[j]);
        }
    }
}

static void
plan_line (VnSource     *self,
           VnSourcePlan *plan,
           guint         line,
           GArray       *edits)
{
  const VnSourceLine *l = &g_array_index (self->lines, VnSourceLine, line);
  g_autofree char *text = apply_local (self, line, edits);
  g_autofree guint *starts = NULL, *ends = NULL;
  int kept = -1;

  if (strlen (text) == l->end - l->start &&
      memcmp (text, self->text->str + l->start, l->end - l->start) == 0)
    return;
  plan->lines[line].changed = TRUE;
  plan->lines[line].text = g_strdup (text);
  plan->n_changed++;
  starts = g_new0 (guint, l->n_units);
  ends = g_new0 (guint, l->n_units);
  map_units (self, line, edits, text, starts, ends);
  join_at_lost_spaces (self, line, text, starts, ends);
  for (guint k = 0; k < l->n_units; k++)
    {
      guint index = l->first_unit + k;
      const VnSourceUnit *unit = &g_array_index (self->units, VnSourceUnit, index);
      VnUnitPlan *up = &plan->units[index];

      up->old_text = g_strndup (self->text->str + unit->start, unit->end - unit->start);
      if (unit->kind == VN_UNIT_WORD)
        {
          plan_word (self, plan, index, text + starts[k], ends[k] - starts[k], &kept);
          continue;
        }
      up->text = g_strndup (text + starts[k], ends[k] - starts[k]);
      if (unit->kind != VN_UNIT_TEXT)
        g_strstrip (up->text);
      up->changed = !g_str_equal (up->text, up->old_text);
      up->removed = *up->text == '\0';
      up->box = unit->box;
    }
}

static int
compare_local_edits (gconstpointer a,
                     gconstpointer b)
{
  const LocalEdit *ea = a, *eb = b;

  return ea->start < eb->start ? -1 : ea->start > eb->start;
}

/* @edit narrowed to the bytes it changes ("atten-" → "attem-" is "n" → "m"), in whole
 * characters, so that it touches no element whose text it keeps: the HYP after a word, a
 * word's neighbour, a run of TEI text beside a comment. Its text is a copy, to be freed. */
static VnTextEdit
trim_edit (VnSource         *self,
           const VnTextEdit *edit)
{
  const char *old = self->text->str + edit->start;
  gsize old_len = edit->end - edit->start, new_len = strlen (edit->text), prefix = 0, suffix;

  while (prefix < old_len && prefix < new_len && old[prefix] == edit->text[prefix])
    prefix++;
  while (prefix > 0 && ((prefix < old_len && (old[prefix] & 0xC0) == 0x80) ||
                        (prefix < new_len && (edit->text[prefix] & 0xC0) == 0x80)))
    prefix--;
  suffix = common_suffix (old + prefix, old_len - prefix, edit->text + prefix,
                          new_len - prefix);
  return (VnTextEdit) { edit->start + prefix, edit->end - suffix,
                        g_strndup (edit->text + prefix, new_len - prefix - suffix) };
}

VnSourcePlan *
_vn_source_plan_new (VnSource          *self,
                     const VnTextEdit  *edits,
                     guint              n_edits,
                     GError           **error)
{
  VnSourcePlan *plan = g_new0 (VnSourcePlan, 1);
  GArray **per_line = g_new0 (GArray *, MAX (self->lines->len, 1));

  plan->units = g_new0 (VnUnitPlan, MAX (self->units->len, 1));
  plan->lines = g_new0 (VnLinePlan, MAX (self->lines->len, 1));
  for (guint i = 0; i < n_edits; i++)
    {
      VnTextEdit trimmed;

      if (edits[i].start > edits[i].end || edits[i].end > self->text->len ||
          (i > 0 && edits[i].start < edits[i - 1].end))
        {
          g_set_error (error, VN_ERROR, VN_ERROR_INTERNAL,
                       "The corrections are not in order at %zu; nothing was written.",
                       (size_t) edits[i].start);
          for (guint l = 0; l < self->lines->len; l++)
            g_clear_pointer (&per_line[l], g_array_unref);
          g_free (per_line);
          _vn_source_plan_free (self, plan);
          return NULL;
        }
      trimmed = trim_edit (self, &edits[i]);
      if (trimmed.start < trimmed.end || *trimmed.text != '\0')
        distribute_edit (per_line, self, &trimmed);
      g_free ((char *) trimmed.text);
    }
  for (guint l = 0; l < self->lines->len; l++)
    if (per_line[l] != NULL)
      {
        g_array_sort (per_line[l], compare_local_edits);
        plan_line (self, plan, l, per_line[l]);
        g_array_unref (per_line[l]);
      }
  g_free (per_line);
  return plan;
}

void
_vn_source_plan_free (VnSource     *self,
                      VnSourcePlan *plan)
{
  if (plan == NULL)
    return;
  for (guint i = 0; i < self->units->len; i++)
    {
      VnUnitPlan *up = &plan->units[i];

      g_free (up->text);
      g_free (up->old_text);
      for (guint w = 0; up->extra && w < up->extra->len; w++)
        g_free (g_array_index (up->extra, VnNewWord, w).text);
      g_clear_pointer (&up->extra, g_array_unref);
    }
  for (guint l = 0; l < self->lines->len; l++)
    g_free (plan->lines[l].text);
  g_free (plan->units);
  g_free (plan->lines);
  g_free (plan);
}

/* ------------------------------------------------------------------ writing back */

/* White space collapsed; or dropped, for a PDF, whose text extractors guess where the
 * spaces between words are. */
static char *
normalise_space (const char *text,
                 gsize       len,
                 gboolean    drop)
{
  GString *out = g_string_sized_new (len);
  gboolean space = TRUE;

  for (gsize i = 0; i < len; i++)
    {
      gboolean is_space = g_ascii_isspace (text[i]);

      if (!is_space)
        g_string_append_c (out, text[i]);
      else if (!space && !drop)
        g_string_append_c (out, ' ');
      space = is_space;
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static char *
apply_edits (VnSource         *self,
             const VnTextEdit *edits,
             guint             n_edits,
             gsize            *len)
{
  GString *out = g_string_sized_new (self->text->len + 64);
  gsize at = 0;

  for (guint i = 0; i < n_edits; i++)
    {
      g_string_append_len (out, self->text->str + at, edits[i].start - at);
      g_string_append (out, edits[i].text);
      at = edits[i].end;
    }
  g_string_append_len (out, self->text->str + at, self->text->len - at);
  *len = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
write_file (VnSource      *self,
            guint          file,
            VnSourcePlan  *plan,
            VnSplice      *splice,
            GError       **error)
{
  switch (self->format)
    {
    case VN_SOURCE_ALTO:
      return _vn_source_write_alto (self, file, plan, splice, error);
    case VN_SOURCE_PAGE:
      return _vn_source_write_page (self, file, plan, splice, error);
    case VN_SOURCE_HOCR:
      return _vn_source_write_hocr (self, file, plan, splice, error);
    case VN_SOURCE_TEI:
      return _vn_source_write_tei (self, file, plan, splice, error);
    case VN_SOURCE_TEXT:
    case VN_SOURCE_PDF:
    default:
      g_assert_not_reached ();
    }
}

static GBytes *
corrected_file (VnSource      *self,
                guint          file,
                VnSourcePlan  *plan,
                GError       **error)
{
  VnSourceFile *f = _vn_source_get_file (self, file);
  g_autoptr(VnSplice) splice = vn_splice_new ();
  gsize len;
  const char *data = g_bytes_get_data (f->bytes, &len);

  if (self->format == VN_SOURCE_PDF)
    return _vn_source_write_pdf (self, file, plan, error);
  if (!write_file (self, file, plan, splice, error))
    return NULL;
  if (vn_splice_get_n_edits (splice) == 0)
    return g_bytes_ref (f->bytes);
  return vn_splice_apply (splice, data, len, error);
}

/* The file as written must read back to the verified text (white space aside: the file
 * keeps its own lines and blocks). */
static gboolean
check_reads_back (VnSource          *self,
                  GPtrArray         *outputs,
                  const VnTextEdit  *edits,
                  guint              n_edits,
                  GError           **error)
{
  GString *reread = g_string_new (NULL);
  gsize len;
  g_autofree char *expected = apply_edits (self, edits, n_edits, &len);
  g_autofree char *want = normalise_space (expected, len, self->format == VN_SOURCE_PDF);
  g_autofree char *got = NULL;

  for (guint i = 0; i < outputs->len; i++)
    {
      VnSourceFile *f = _vn_source_get_file (self, i);
      g_autoptr(VnSource) again = vn_source_new_from_bytes (g_ptr_array_index (outputs, i),
                                                            f->name, error);

      if (again == NULL)
        {
          g_string_free (reread, TRUE);
          g_prefix_error (error, "The corrected file does not read back; nothing was written: ");
          return FALSE;
        }
      g_string_append_len (reread, again->text->str, again->text->len);
      g_string_append_c (reread, ' ');
    }
  got = normalise_space (reread->str, reread->len, self->format == VN_SOURCE_PDF);
  g_string_free (reread, TRUE);
  if (g_str_equal (got, want))
    return TRUE;
  {
    gsize at = 0;
    const char *end;
    g_autofree char *from = NULL;

    while (got[at] && got[at] == want[at])
      at++;
    while (at > 0 && (want[at] & 0xC0) == 0x80)
      at--;
    /* The message quotes 40 bytes of it: as many whole characters. */
    for (end = want + at; *end && g_utf8_next_char (end) - (want + at) <= 40;)
      end = g_utf8_next_char (end);
    from = g_strndup (want + at, end - (want + at));
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("The corrected %s would not say the verified text from “%s”: the file "
                   "keeps its own lines, and a correction that joins or splits lines cannot be "
                   "written into it, so nothing was written; export the verified text as ALTO "
                   "or PAGE instead."), vn_source_get_format_name (self), from);
  }
  return FALSE;
}

static GPtrArray *
corrected_files (VnSource          *self,
                 const VnTextEdit  *edits,
                 guint              n_edits,
                 GError           **error)
{
  g_autoptr(GPtrArray) outputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  VnSourcePlan *plan = _vn_source_plan_new (self, edits, n_edits, error);

  if (plan == NULL)
    return NULL;
  for (guint i = 0; i < self->files->len; i++)
    {
      GBytes *bytes = corrected_file (self, i, plan, error);

      if (bytes == NULL)
        break;
      g_ptr_array_add (outputs, bytes);
    }
  _vn_source_plan_free (self, plan);
  if (outputs->len < self->files->len ||
      !check_reads_back (self, outputs, edits, n_edits, error))
    return NULL;
  return g_steal_pointer (&outputs);
}

GBytes *
vn_source_dup_corrected (VnSource          *self,
                         guint              file,
                         const VnTextEdit  *edits,
                         guint              n_edits,
                         GError           **error)
{
  g_autoptr(GPtrArray) outputs = NULL;

  g_return_val_if_fail (VN_IS_SOURCE (self), NULL);
  g_return_val_if_fail (file < self->files->len, NULL);

  outputs = corrected_files (self, edits, n_edits, error);
  return outputs ? g_bytes_ref (g_ptr_array_index (outputs, file)) : NULL;
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return a != NULL && b != NULL && g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 &&
         sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static gboolean
save (VnSource    *self,
      const char  *path,
      GBytes      *bytes,
      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  for (guint i = 0; i < self->files->len; i++)
    if (same_file (path, vn_source_get_path (self, i)))
      {
        g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                     _("%s is the published transcription itself, which Verno never "
                       "overwrites; write the corrected copy to another file."), path);
        return FALSE;
      }
  if (g_file_set_contents_full (path, data ? data : "", len,
                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                0666, &local_error))
    return TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("Cannot write the corrected %s to %s (%s); choose a folder that exists and "
                 "that you can write to."), vn_source_get_format_name (self), path,
               local_error->message);
  return FALSE;
}

gboolean
vn_source_write_corrected (VnSource          *self,
                           const VnTextEdit  *edits,
                           guint              n_edits,
                           const char        *path,
                           GError           **error)
{
  g_autoptr(GPtrArray) outputs = NULL;

  g_return_val_if_fail (VN_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  outputs = corrected_files (self, edits, n_edits, error);
  if (outputs == NULL)
    return FALSE;
  if (outputs->len == 1)
    return save (self, path, g_ptr_array_index (outputs, 0), error);
  if (g_mkdir_with_parents (path, 0777) != 0)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Cannot create the folder %s for the corrected files (%s)."), path,
                   g_strerror (errno));
      return FALSE;
    }
  for (guint i = 0; i < outputs->len; i++)
    {
      g_autofree char *base = g_path_get_basename (_vn_source_get_file (self, i)->name);
      g_autofree char *out = g_build_filename (path, base, NULL);

      if (!save (self, out, g_ptr_array_index (outputs, i), error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ shared by the writers */

/* Sets attribute @name of @element to @value: its value replaced where it is written, or the
 * attribute added at the end of the start tag. */
void
_vn_source_set_attr (VnXmlFile  *xml,
                     VnSplice   *splice,
                     xmlNodePtr  element,
                     const char *name,
                     const char *value)
{
  g_autofree char *escaped = vn_xml_file_escape (xml, value, TRUE);
  const VnXmlSpan *span = vn_xml_file_span (xml, element);
  guint start, end;

  if (vn_xml_file_attr_span (xml, element, name, &start, &end))
    {
      vn_splice_add (splice, start, end, escaped);
      return;
    }
  {
    const VnXmlAttrSpan *first = span->n_attrs > 0
                                 ? &g_array_index (xml->attrs, VnXmlAttrSpan, span->first_attr)
                                 : NULL;
    char quote = first ? xml->data[first->value_start - 1] : '"';
    g_autofree char *attr = g_strdup_printf (" %s=%c%s%c", name, quote, escaped, quote);
    guint at = span->tag_end - (span->empty ? 2 : 1);

    /* Before "/>" or ">", after any white space that ends the tag. */
    vn_splice_add (splice, at, at, attr);
  }
}

/* Replaces what @element contains with @text. */
void
_vn_source_set_content (VnXmlFile  *xml,
                        VnSplice   *splice,
                        xmlNodePtr  element,
                        const char *text)
{
  const VnXmlSpan *span = vn_xml_file_span (xml, element);
  g_autofree char *escaped = vn_xml_file_escape (xml, text, FALSE);

  if (span->empty)
    {
      g_autofree char *name = g_strndup (xml->data + span->tag_start + 1,
                                         strcspn (xml->data + span->tag_start + 1, " \t\r\n/>"));
      g_autofree char *replacement = g_strdup_printf (">%s</%s>", escaped, name);

      vn_splice_add (splice, span->tag_end - 2, span->tag_end, replacement);
      return;
    }
  vn_splice_add (splice, span->tag_end, span->content_end, escaped);
}

/* A start tag like @element's, with the same name and attributes in the same order, each in
 * its own quotes, but for @names set to @values (those it lacks added at the end). */
char *
_vn_source_dup_start_tag (VnXmlFile         *xml,
                          xmlNodePtr         element,
                          const char *const *names,
                          const char *const *values,
                          gboolean           empty)
{
  const VnXmlSpan *span = vn_xml_file_span (xml, element);
  GString *out = g_string_new ("<");
  guint n_names = g_strv_length ((char **) names);
  g_autofree gboolean *done = g_new0 (gboolean, n_names + 1);
  gsize name_len = strcspn (xml->data + span->tag_start + 1, " \t\r\n/>");
  char quote = '"';

  g_string_append_len (out, xml->data + span->tag_start + 1, name_len);
  for (guint i = 0; i < span->n_attrs; i++)
    {
      const VnXmlAttrSpan *a = &g_array_index (xml->attrs, VnXmlAttrSpan, span->first_attr + i);
      guint k;

      quote = xml->data[a->value_start - 1];
      g_string_append_c (out, ' ');
      g_string_append_len (out, xml->data + a->name_start, a->name_end - a->name_start);
      g_string_append_printf (out, "=%c", quote);
      for (k = 0; k < n_names; k++)
        if (strlen (names[k]) == a->name_end - a->name_start &&
            memcmp (names[k], xml->data + a->name_start, a->name_end - a->name_start) == 0)
          break;
      if (k < n_names)
        {
          g_autofree char *escaped = vn_xml_file_escape (xml, values[k], TRUE);
          g_string_append (out, escaped);
          done[k] = TRUE;
        }
      else
        g_string_append_len (out, xml->data + a->value_start, a->value_end - a->value_start);
      g_string_append_c (out, quote);
    }
  for (guint k = 0; k < n_names; k++)
    if (!done[k] && values[k] != NULL)
      {
        g_autofree char *escaped = vn_xml_file_escape (xml, values[k], TRUE);
        g_string_append_printf (out, " %s=%c%s%c", names[k], quote, escaped, quote);
      }
  g_string_append (out, empty ? "/>" : ">");
  return g_string_free (out, FALSE);
}

/* Removes @element, and @separator (an SP, or NULL) before it, with the white space before
 * each, so that the siblings around close up as the file lays them out. */
void
_vn_source_remove_element (VnXmlFile  *xml,
                           VnSplice   *splice,
                           xmlNodePtr  element,
                           xmlNodePtr  separator)
{
  const VnXmlSpan *span = vn_xml_file_span (xml, element);
  guint start = span->tag_start;

  if (separator != NULL)
    start = vn_xml_file_span (xml, separator)->tag_start;
  while (start > 0 && g_ascii_isspace (xml->data[start - 1]))
    start--;
  vn_splice_add (splice, start, span->end, "");
}

/* An ID for part @part (from 2) of the word @id: "@id_2", or further "_2b"… if the file
 * already has it. */
char *
_vn_source_derive_id (VnXmlFile  *xml,
                      const char *id,
                      guint       part)
{
  char *candidate = g_strdup_printf ("%s_%u", id, part);

  for (char suffix = 'b'; vn_xml_file_has_id (xml, candidate) && suffix <= 'z'; suffix++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s_%u%c", id, part, suffix);
    }
  return candidate;
}
