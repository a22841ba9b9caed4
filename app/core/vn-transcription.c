/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-transcription.c: the canonical transcription, read-only, tokenised with byte offsets. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-error.h"
#include "vn-file.h"
#include "vn-ocr-page.h"
#include "vn-orthography.h"
#include "vn-text.h"
#include "vn-transcription.h"

/* Refuse rather than exhaust memory and time: 256 MB is some 100,000 typed pages, far above
 * any one volume or a fond's inventory (10-30 MB). */
#define VN_TRANSCRIPTION_MAX_BYTES (256u * 1024 * 1024)

struct _VnTranscription
{
  GObject  parent_instance;
  GFile   *file;
  char    *display_name;
  GBytes  *bytes;
  char    *checksum;
  GArray  *tokens;         /* VnToken */
  GStringChunk *strings;   /* the tokens' texts and keys, each distinct one once */
  GArray  *line_starts;    /* guint byte offsets where each line starts */
  guint    n_marked_pages;
  VnSource *source;        /* the published file it was read from, or NULL for plain text */
  VnTranscription *origin; /* a verified text: the canonical text it was made from */
  VnTranscription *whole;  /* one page of it: the text, lines and strings are the whole's */
  VnOrthography *orthography;  /* learnt from the whole text the first time it is asked for */
  GArray  *edits;          /* VnTextEdit of @origin that made it; their texts in edit_texts */
  GPtrArray *edit_texts;
};

G_DEFINE_FINAL_TYPE (VnTranscription, vn_transcription, G_TYPE_OBJECT)

static void
vn_transcription_finalize (GObject *object)
{
  VnTranscription *self = (VnTranscription *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->checksum, g_free);
  g_clear_pointer (&self->tokens, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->line_starts, g_array_unref);
  g_clear_object (&self->source);
  g_clear_object (&self->origin);
  g_clear_object (&self->whole);
  g_clear_object (&self->orthography);
  g_clear_pointer (&self->edits, g_array_unref);
  g_clear_pointer (&self->edit_texts, g_ptr_array_unref);

  G_OBJECT_CLASS (vn_transcription_parent_class)->finalize (object);
}

static void
vn_transcription_class_init (VnTranscriptionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_transcription_finalize;
}

static void
vn_transcription_init (VnTranscription *self)
{
  self->tokens = g_array_new (FALSE, TRUE, sizeof (VnToken));
  self->strings = g_string_chunk_new (64 * 1024);
  self->line_starts = g_array_new (FALSE, FALSE, sizeof (guint));
}

static guint
line_at (const char *data,
         gsize       offset)
{
  guint line = 1;

  for (const char *p = data; (p = memchr (p, '\n', data + offset - p)) != NULL; p++)
    line++;
  return line;
}

static gboolean
set_too_large_error (const char  *name,
                     guint64      len,
                     GError     **error)
{
  g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
               _("%s is %llu MB, more than the %u MB Verno opens as one transcription; split it "
                 "into volumes."), name, (unsigned long long) ((len + (1 << 20) - 1) >> 20),
               VN_TRANSCRIPTION_MAX_BYTES >> 20);
  return FALSE;
}

static gboolean
validate_text (const char  *data,
               gsize        len,
               const char  *name,
               GError     **error)
{
  const char *bad = NULL;

  if (len >= 2 && (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
                   ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is UTF-16 text, and Verno reads UTF-8; convert it, for example with "
                     "“iconv -f UTF-16 -t UTF-8”."), name);
      return FALSE;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      gsize offset = (const char *) memchr (data, '\0', len) - data;
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s contains a NUL byte at byte offset %zu (line %u): it is not a text "
                     "file, or it is damaged; give the transcription as plain text."), name,
                   (size_t) offset, line_at (data, offset));
      return FALSE;
    }
  if (!g_utf8_validate_len (data, len, &bad))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is not valid UTF-8 at byte offset %zu (line %u); convert it to "
                     "UTF-8, for example with iconv, and open it again."), name,
                   (size_t) (bad - data), line_at (data, bad - data));
      return FALSE;
    }
  return TRUE;
}

/* A token's NFC text and comparison key, worked out once for each distinct token. */
typedef struct
{
  const char *text;
  const char *key;
} TokenForms;

/* What tokenising keeps while it runs: the forms of the tokens seen so far. */
typedef struct
{
  GHashTable *forms;    /* the token's bytes, in self->strings → TokenForms */
  GString    *buffer;
} Tokeniser;

static void
add_token (VnTranscription *self,
           Tokeniser       *tokeniser,
           const char      *data,
           guint            start,
           guint            end,
           guint            line,
           guint            page)
{
  VnToken token = { .start = start, .end = end, .line = line, .page = page };
  gsize core_start, core_end;
  TokenForms *forms;

  vn_text_word_core (data + start, end - start, &core_start, &core_end);
  token.core_start = start + core_start;
  token.core_end = start + core_end;
  g_string_truncate (tokeniser->buffer, 0);
  g_string_append_len (tokeniser->buffer, data + start, end - start);
  forms = g_hash_table_lookup (tokeniser->forms, tokeniser->buffer->str);
  if (forms == NULL)
    {
      g_autofree char *text = vn_text_nfc (data + start, end - start);
      g_autofree char *key = vn_text_comparison_key (text);

      forms = g_new (TokenForms, 1);
      forms->text = g_string_chunk_insert_const (self->strings, text);
      forms->key = g_string_chunk_insert_const (self->strings, key);
      g_hash_table_insert (tokeniser->forms,
                           g_string_chunk_insert_const (self->strings, tokeniser->buffer->str),
                           forms);
    }
  /* Read-only: the strings are the transcription's, shared by the tokens that are alike. */
  token.text = forms->text;
  token.key = forms->key;
  g_array_append_val (self->tokens, token);
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0xFEFF;
}

/* Splits on whitespace; offsets are bytes into the original file, never into a copy. */
static void
tokenise (VnTranscription *self,
          const char      *data,
          gsize            len)
{
  Tokeniser tokeniser = {
    g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free), g_string_new (NULL),
  };
  guint line = 1, page = 0;
  gssize start = -1;
  guint zero = 0;

  g_array_append_val (self->line_starts, zero);
  for (const char *p = data; p < data + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint offset = p - data;

      if (!is_space (c))
        {
          if (start < 0)
            start = offset;
          continue;
        }
      if (start >= 0)
        add_token (self, &tokeniser, data, start, offset, line, page);
      start = -1;
      if (c == '\n')
        {
          guint next = offset + 1;
          line++;
          g_array_append_val (self->line_starts, next);
        }
      else if (c == '\f')
        page++;
    }
  if (start >= 0)
    add_token (self, &tokeniser, data, start, len, line, page);
  self->n_marked_pages = page > 0 ? page + 1 : 0;
  g_hash_table_unref (tokeniser.forms);
  g_string_free (tokeniser.buffer, TRUE);
}

/* @bytes's data must be followed by a NUL, as g_file_load_bytes () and
 * g_string_free_to_bytes () leave it: the text is read as a C string too. */
static VnTranscription *
new_from_terminated_bytes (GBytes      *bytes,
                           const char  *display_name,
                           GError     **error)
{
  g_autoptr(VnTranscription) self = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_return_val_if_fail (bytes != NULL, NULL);

  if (len > VN_TRANSCRIPTION_MAX_BYTES)
    return set_too_large_error (display_name, len, error), NULL;
  if (!validate_text (data ? data : "", len, display_name, error))
    return NULL;

  self = g_object_new (VN_TYPE_TRANSCRIPTION, NULL);
  self->display_name = g_strdup (display_name);
  self->bytes = g_bytes_ref (bytes);
  self->checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  /* Skip a UTF-8 byte-order mark by treating it as whitespace (is_space). */
  tokenise (self, data ? data : "", len);
  return g_steal_pointer (&self);
}

/* Any bytes (g_bytes_new () keeps no NUL after them): a copy with one is kept. */
VnTranscription *
vn_transcription_new_from_bytes (GBytes      *bytes,
                                 const char  *display_name,
                                 GError     **error)
{
  gsize len;
  const char *data;
  char *copy;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len > VN_TRANSCRIPTION_MAX_BYTES)
    return set_too_large_error (display_name, len, error), NULL;
  copy = g_malloc (len + 1);
  if (len > 0)
    memcpy (copy, data, len);
  copy[len] = '\0';
  {
    g_autoptr(GBytes) terminated = g_bytes_new_take (copy, len);
    return new_from_terminated_bytes (terminated, display_name, error);
  }
}

VnTranscription *
vn_transcription_new_from_file (GFile   *file,
                                GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GFileInfo) info = NULL;
  VnTranscription *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* The archive's own file (ALTO, PAGE, hOCR, TEI, a PDF) is read for its text, not as text. */
  if (g_file_peek_path (file) != NULL && !vn_source_sniff_is_text (g_file_peek_path (file)))
    {
      const char *paths[] = { g_file_peek_path (file), NULL };
      g_autoptr(VnSource) source = vn_source_new_for_paths (paths, error);

      return source ? vn_transcription_new_from_source (source, error) : NULL;
    }
  /* A named pipe or a device is refused before it is opened: reading it might never end. */
  if (g_file_peek_path (file) != NULL &&
      vn_file_get_kind (g_file_peek_path (file), error) == VN_FILE_OTHER)
    return NULL;
  /* Too large is refused before it is read into memory. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL,
                            NULL);
  if (info != NULL && g_file_info_get_size (info) > VN_TRANSCRIPTION_MAX_BYTES)
    return set_too_large_error (name, g_file_info_get_size (info), error), NULL;
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s is a folder; give the transcription's text file instead."), name);
      return NULL;
    }
  bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("Cannot read the transcription %s: %s."), name, local_error->message);
      return NULL;
    }
  self = new_from_terminated_bytes (bytes, name, error);
  if (self != NULL)
    self->file = g_object_ref (file);
  return self;
}

GFile *
vn_transcription_get_file (VnTranscription *self)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);
  return self->file;
}

const char *
vn_transcription_get_display_name (VnTranscription *self)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);
  return self->display_name;
}

GBytes *
vn_transcription_get_bytes (VnTranscription *self)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);
  return self->bytes;
}

/* Never NULL, even for an empty file (whose GBytes may hold no data), so that callers can
 * take offsets into it. */
const char *
vn_transcription_get_text (VnTranscription *self,
                           gsize           *len)
{
  const char *data;

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);
  data = g_bytes_get_data (self->bytes, len);
  return data ? data : "";
}

const char *
vn_transcription_get_checksum (VnTranscription *self)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);
  return self->checksum;
}

guint
vn_transcription_get_n_tokens (VnTranscription *self)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), 0);
  return self->tokens->len;
}

const VnToken *
vn_transcription_get_token (VnTranscription *self,
                            guint            index)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);
  g_return_val_if_fail (index < self->tokens->len, NULL);
  return &g_array_index (self->tokens, VnToken, index);
}

/* Pages the file marks with form feeds, or 0 when the alignment must find them. */
guint
vn_transcription_get_n_marked_pages (VnTranscription *self)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), 0);
  return self->n_marked_pages;
}

guint
vn_transcription_line_at_offset (VnTranscription *self,
                                 guint            offset)
{
  guint lo = 0, hi;

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), 0);

  hi = self->line_starts->len;
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (self->line_starts, guint, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo + 1;
}

char *
vn_transcription_dup_range (VnTranscription *self,
                            guint            start,
                            guint            end)
{
  gsize len;
  const char *data = vn_transcription_get_text (self, &len);

  g_return_val_if_fail (start <= end && end <= len, NULL);
  return g_strndup (data + start, end - start);
}

/* The whole line holding @offset, without its newline (LF or CRLF). A lone CR inside it, which
 * only "\n" ends, becomes a space, so that the line prints whole and keeps its byte offsets. */
char *
vn_transcription_dup_line (VnTranscription *self,
                           guint            offset)
{
  gsize len;
  const char *data = vn_transcription_get_text (self, &len);
  guint line = vn_transcription_line_at_offset (self, offset);
  guint start = g_array_index (self->line_starts, guint, line - 1);
  guint end = start;
  char *copy;

  while (end < len && data[end] != '\n')
    end++;
  if (end > start && data[end - 1] == '\r')
    end--;
  copy = g_strndup (data + start, end - start);
  g_strdelimit (copy, "\r", ' ');
  return copy;
}

/* ------------------------------------------------------------------ published files */

/* The canonical text of a published file (ALTO, PAGE, hOCR, TEI, a PDF's text layer): its
 * text in reading order, whose diff is the record of the corrections as for plain text. The
 * display name says the format found, for the command line to show. */
VnTranscription *
vn_transcription_new_from_source (VnSource  *source,
                                  GError   **error)
{
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  VnTranscription *self;

  g_return_val_if_fail (VN_IS_SOURCE (source), NULL);

  description = vn_source_dup_description (source);
  path = vn_source_get_file (source) ? g_file_get_parse_name (vn_source_get_file (source))
                                     : g_strdup (vn_source_get_path (source, 0));
  name = g_strdup_printf ("%s (%s)", path ? path : "", description);
  self = new_from_terminated_bytes (vn_source_get_text (source), name, error);
  if (self == NULL)
    return NULL;
  self->source = g_object_ref (source);
  if (vn_source_get_file (source) != NULL)
    self->file = g_object_ref (vn_source_get_file (source));
  return self;
}

/* @origin with @edits made (in order, not overlapping): a verified text that remembers what
 * it was made from, for the exports that write corrections into the published file. */
VnTranscription *
vn_transcription_new_derived (VnTranscription  *origin,
                              const VnTextEdit *edits,
                              guint             n_edits,
                              const char       *display_name,
                              GError          **error)
{
  gsize len;
  const char *text = vn_transcription_get_text (origin, &len);
  GString *out = g_string_sized_new (len + 64);
  g_autoptr(GBytes) bytes = NULL;
  VnTranscription *self;
  gsize at = 0;

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (origin), NULL);

  for (guint i = 0; i < n_edits; i++)
    {
      g_return_val_if_fail (edits[i].start >= at && edits[i].end <= len, NULL);
      g_string_append_len (out, text + at, edits[i].start - at);
      g_string_append (out, edits[i].text);
      at = edits[i].end;
    }
  g_string_append_len (out, text + at, len - at);
  bytes = g_string_free_to_bytes (out);
  self = new_from_terminated_bytes (bytes, display_name, error);
  if (self == NULL)
    return NULL;
  self->origin = g_object_ref (origin);
  self->edits = g_array_sized_new (FALSE, FALSE, sizeof (VnTextEdit), n_edits);
  self->edit_texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_edits; i++)
    {
      char *copy = g_strdup (edits[i].text);
      VnTextEdit edit = { edits[i].start, edits[i].end, copy };

      g_ptr_array_add (self->edit_texts, copy);
      g_array_append_val (self->edits, edit);
    }
  return self;
}

/* The first token of page @page or after it: tokens are in page order. */
static guint
first_token_of_page (VnTranscription *self,
                     guint            page)
{
  guint lo = 0, hi = self->tokens->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->tokens, VnToken, mid).page < page)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Page @page of @whole, whose form feeds mark its pages, alone: its tokens as they are in
 * @whole (offsets, lines and page counted in the whole file), nothing of the other pages, so
 * that a page can be collated as soon as its scan is read. Shares @whole's text. */
VnTranscription *
vn_transcription_new_for_page (VnTranscription *whole,
                               guint            page)
{
  VnTranscription *self;
  guint first, last;

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (whole), NULL);
  g_return_val_if_fail (page < MAX (whole->n_marked_pages, 1), NULL);

  self = g_object_new (VN_TYPE_TRANSCRIPTION, NULL);
  self->whole = g_object_ref (whole->whole ? whole->whole : whole);
  self->file = whole->file ? g_object_ref (whole->file) : NULL;
  self->display_name = g_strdup (whole->display_name);
  self->bytes = g_bytes_ref (whole->bytes);
  self->checksum = g_strdup (whole->checksum);
  self->source = whole->source ? g_object_ref (whole->source) : NULL;
  self->n_marked_pages = whole->n_marked_pages;
  g_array_unref (self->line_starts);
  self->line_starts = g_array_ref (whole->line_starts);
  first = first_token_of_page (whole, page);
  last = first_token_of_page (whole, page + 1);
  g_array_append_vals (self->tokens, &g_array_index (whole->tokens, VnToken, first), last - first);
  return self;
}

/* The spelling regime of the whole text, learnt once: every collation of the text (and of
 * each of its pages, vn_transcription_new_for_page ()) asks for it. */
VnOrthography *
vn_transcription_get_orthography (VnTranscription *self)
{
  VnTranscription *owner;

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);

  owner = self->whole ? self->whole : self;
  if (g_once_init_enter (&owner->orthography))
    {
      gsize len;
      const char *text = vn_transcription_get_text (owner, &len);

      g_once_init_leave (&owner->orthography, vn_orthography_new (text, len));
    }
  return owner->orthography;
}

VnSource *
vn_transcription_get_source (VnTranscription *self)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);
  return self->source;
}

VnTranscription *
vn_transcription_get_origin (VnTranscription *self)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);
  return self->origin;
}

const VnTextEdit *
vn_transcription_get_edits (VnTranscription *self,
                            guint           *n_edits)
{
  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), NULL);
  if (n_edits != NULL)
    *n_edits = self->edits ? self->edits->len : 0;
  return self->edits ? (const VnTextEdit *) self->edits->data : NULL;
}

/* Where token @index is on its page as the published file says (the fourth witness): its
 * word's own box (exact), or its share of its line's. FALSE for plain text, or where the
 * file has no box for it. */
gboolean
vn_transcription_get_token_box (VnTranscription *self,
                                guint            index,
                                VnSourceBox     *box)
{
  const VnToken *token;

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), FALSE);
  g_return_val_if_fail (index < self->tokens->len, FALSE);

  if (self->source == NULL)
    return FALSE;
  token = &g_array_index (self->tokens, VnToken, index);
  return vn_source_get_box (self->source, token->start, token->end, box);
}

/* Token @index's box from the published file on the scan its page is (@ocr_pages: a
 * VnOcrPage per scan page), in that image's pixels: the file's page frame scaled to the image
 * the OCR read. FALSE when the file has no box for it, or its pages are not the scans'. */
gboolean
vn_transcription_place_token (VnTranscription *self,
                              guint            index,
                              GPtrArray       *ocr_pages,
                              guint           *page,
                              VnBox           *box,
                              gboolean        *exact)
{
  VnSourceBox file_box;
  VnOcrPage *ocr;
  double sx = 1, sy = 1;

  g_return_val_if_fail (VN_IS_TRANSCRIPTION (self), FALSE);
  g_return_val_if_fail (ocr_pages != NULL, FALSE);

  if (self->source == NULL || vn_source_get_n_pages (self->source) != ocr_pages->len ||
      !vn_transcription_get_token_box (self, index, &file_box))
    return FALSE;
  ocr = g_ptr_array_index (ocr_pages, file_box.page);
  if (file_box.frame_width > 0 && file_box.frame_height > 0)
    {
      sx = (double) vn_ocr_page_get_width (ocr) / file_box.frame_width;
      sy = (double) vn_ocr_page_get_height (ocr) / file_box.frame_height;
    }
  *page = file_box.page;
  *box = (VnBox) { (int) (file_box.box.x * sx + 0.5), (int) (file_box.box.y * sy + 0.5),
                   MAX (1, (int) (file_box.box.w * sx + 0.5)),
                   MAX (1, (int) (file_box.box.h * sy + 0.5)) };
  *exact = file_box.exact;
  return TRUE;
}
