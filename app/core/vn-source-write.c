/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-source-write.c: the published file written back with the corrections in place: each
 * format splices its plan into the original bytes (vn-source-FORMAT.c), the result is read
 * again and must say the edited text, or nothing is written; and the splicing helpers the XML
 * writers share. */
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vn-error.h"
#include "vn-source-private.h"

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
