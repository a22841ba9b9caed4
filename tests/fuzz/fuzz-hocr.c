/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-hocr.c: any bytes as an OCR cache entry. The cache ignores what it cannot read; what it
 * reads, Verno writes again as hOCR that reads back to the same words, and as ALTO and JSON
 * that are well-formed. */
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libxml/parser.h>

#include "vn-error.h"
#include "vn-ocr-cache.h"
#include "vn-fuzz.h"

#define CACHE_KEY "0123456789abcdef"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  vn_fuzz_init ();
  return 0;
}

static void
check_same_words (VnOcrPage *a,
                  VnOcrPage *b)
{
  g_assert_cmpuint (vn_ocr_page_get_n_words (a), ==, vn_ocr_page_get_n_words (b));
  g_assert_cmpint (vn_ocr_page_get_width (a), ==, vn_ocr_page_get_width (b));
  g_assert_cmpint (vn_ocr_page_get_height (a), ==, vn_ocr_page_get_height (b));
  for (guint i = 0; i < vn_ocr_page_get_n_words (a); i++)
    {
      const VnOcrWord *wa = vn_ocr_page_get_word (a, i);
      const VnOcrWord *wb = vn_ocr_page_get_word (b, i);

      g_assert_cmpstr (wa->text, ==, wb->text);
      g_assert_cmpint (wa->box.x, ==, wb->box.x);
      g_assert_cmpint (wa->box.y, ==, wb->box.y);
      g_assert_cmpint (wa->box.w, ==, wb->box.w);
      g_assert_cmpint (wa->box.h, ==, wb->box.h);
      g_assert_cmpuint (wa->symbols ? wa->symbols->len : 0, ==,
                        wb->symbols ? wb->symbols->len : 0);
    }
}

static void
check_exports (VnOcrPage *page)
{
  g_autofree char *hocr = vn_ocr_page_to_hocr (page, CACHE_KEY);
  g_autofree char *alto = vn_ocr_page_to_alto (page);
  g_autofree char *json = vn_ocr_page_to_json (page);
  g_autofree char *text = vn_ocr_page_dup_text (page);
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnOcrPage) again = vn_ocr_page_new_from_hocr (hocr, strlen (hocr), &key, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  xmlDocPtr doc;

  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, CACHE_KEY);
  check_same_words (page, again);
  doc = xmlReadMemory (alto, strlen (alto), NULL, "UTF-8", XML_PARSE_NONET);
  g_assert_nonnull (doc);
  xmlFreeDoc (doc);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

/* The entry's own key when it is one the cache could have made (hex), so that lookups hit. */
static const char *
lookup_key (const char *stored_key)
{
  gsize n = stored_key ? strspn (stored_key, "0123456789abcdef") : 0;

  return n > 0 && n <= 64 && stored_key[n] == '\0' ? stored_key : CACHE_KEY;
}

static void
check_cache_lookup (const uint8_t *data,
                    size_t         size,
                    const char    *key,
                    gboolean       readable)
{
  g_autoptr(VnOcrCache) cache = vn_ocr_cache_new (vn_fuzz_scratch_dir ());
  g_autofree char *name = g_strconcat (key, ".hocr", NULL);
  g_autofree char *path = g_build_filename (vn_fuzz_scratch_dir (), name, NULL);
  g_autoptr(VnOcrPage) page = NULL;

  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    g_error ("Cannot write %s", path);
  page = vn_ocr_cache_lookup (cache, key);
  g_assert_true (page == NULL || (readable && vn_ocr_page_get_from_cache (page)));
  g_remove (path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autoptr(VnOcrPage) page = vn_ocr_page_new_from_hocr ((const char *) data, size, &key,
                                                         &error);

  if (page == NULL)
    g_assert_true (g_error_matches (error, VN_ERROR, VN_ERROR_BAD_INPUT));
  else
    check_exports (page);
  check_cache_lookup (data, size, lookup_key (key), page != NULL);
  return 0;
}
