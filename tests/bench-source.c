/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-source.c: the time to open a 100-page ALTO document as the published transcription
 * and to write 300 corrections back into it in place (a substitution, a split and a merge on
 * every page), against peers measured in the same run: libxml2 parsing the same bytes, and
 * the same text opened as plain text. The document is Tesseract's word-level ALTO 3.0 of the
 * French page, its Page repeated 100 times (IDs made unique), in one file. */
#include <string.h>

#include <libxml/parser.h>

#include "vn-source.h"
#include "vn-test-util.h"
#include "vn-transcription.h"

#define N_PAGES 100
#define RUNS 5

static char *
hundred_pages (void)
{
  g_autofree char *rel = g_build_filename ("tests", "data", "tesseract",
                                           "FRAN_0150_0003_L-medium.alto.xml", NULL);
  g_autofree char *path = vn_test_source_path (rel);
  g_autofree char *one = vn_test_read_file (path);
  const char *start = strstr (one, "<Page "), *end = strstr (one, "</Page>");
  GString *out = g_string_new (NULL);

  g_assert_true (start != NULL && end != NULL);
  end += strlen ("</Page>");
  g_string_append_len (out, one, start - one);
  for (guint p = 0; p < N_PAGES; p++)
    {
      g_autofree char *page = g_strndup (start, end - start);
      g_autofree char *prefix = g_strdup_printf ("ID=\"p%u_", p + 1);
      g_auto(GStrv) parts = g_strsplit (page, "ID=\"", -1);
      g_autofree char *renamed = g_strjoinv (prefix, parts);

      g_string_append (out, renamed);
      g_string_append (out, "\n\t\t");
    }
  g_string_append (out, end);
  return g_string_free (out, FALSE);
}

/* A substitution, a split and a merge on every page, as the fuzzers make them. */
static GArray *
corrections (VnTranscription *t)
{
  GArray *edits = g_array_new (FALSE, FALSE, sizeof (VnTextEdit));
  const char *text = vn_transcription_get_text (t, NULL);
  guint n = vn_transcription_get_n_tokens (t), page = G_MAXUINT, k = 0;

  for (guint i = 0; i + 1 < n; i++)
    {
      const VnToken *a = vn_transcription_get_token (t, i), *b = vn_transcription_get_token (t, i + 1);
      VnTextEdit edit = { a->start, a->end, NULL };

      if (a->page != page)
        page = a->page, k = 0;
      if (k >= 3 || a->end - a->start < 4 || (k == 2 && (b->start != a->end + 1 || b->line != a->line)))
        continue;
      if (k == 0)
        edit.text = g_strdup ("Qxyz");
      else if (k == 1)
        {
          const char *cut = g_utf8_offset_to_pointer (text + a->start, 2);
          edit.text = g_strdup_printf ("%.*s %.*s", (int) (cut - text - a->start), text + a->start,
                                       (int) (text + a->end - cut), cut);
        }
      else
        {
          edit.end = b->end;
          edit.text = g_strdup_printf ("%.*s%.*s", (int) (a->end - a->start), text + a->start,
                                       (int) (b->end - b->start), text + b->start);
          i++;
        }
      g_array_append_val (edits, edit);
      k++;
    }
  return edits;
}

static double
median (double *values,
        guint   n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && values[j - 1] > values[j]; j--)
      {
        double v = values[j];
        values[j] = values[j - 1];
        values[j - 1] = v;
      }
  return values[n / 2];
}

static void
test_hundred_pages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("verno-bench-source-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "volume.alto.xml", NULL);
  g_autofree char *text_path = g_build_filename (dir, "volume.txt", NULL);
  g_autofree char *out = g_build_filename (dir, "corrected.alto.xml", NULL);
  g_autofree char *data = hundred_pages ();
  const char *paths[] = { path, NULL };
  double open[RUNS], write[RUNS], parse[RUNS], plain[RUNS];
  g_autoptr(GArray) edits = NULL;
  gsize len = strlen (data);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(VnSource) source = vn_source_new_for_paths (paths, &error);
      g_autoptr(VnTranscription) t = vn_transcription_new_from_source (source, &error);
      gint64 t1 = g_get_monotonic_time ();
      xmlDocPtr doc;
      g_autoptr(GFile) file = g_file_new_for_path (text_path);
      g_autoptr(VnTranscription) plain_t = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (vn_source_get_n_pages (source), ==, N_PAGES);
      if (edits == NULL)
        edits = corrections (t);
      g_assert_true (vn_source_write_corrected (source, (VnTextEdit *) edits->data, edits->len,
                                                out, &error));
      g_assert_no_error (error);
      write[r] = (g_get_monotonic_time () - t1) / 1e6;
      open[r] = (t1 - t0) / 1e6;
      t0 = g_get_monotonic_time ();
      doc = xmlReadMemory (data, len, NULL, NULL, XML_PARSE_NONET);
      parse[r] = (g_get_monotonic_time () - t0) / 1e6;
      xmlFreeDoc (doc);
      {
        gsize text_len;
        const char *text = vn_transcription_get_text (t, &text_len);
        g_assert_true (g_file_set_contents (text_path, text, text_len, NULL));
      }
      t0 = g_get_monotonic_time ();
      plain_t = vn_transcription_new_from_file (file, &error);
      plain[r] = (g_get_monotonic_time () - t0) / 1e6;
      g_assert_no_error (error);
    }
  g_test_message ("A %u-page ALTO document (%.1f MB, %u corrections; the machine is shared and "
                  "loaded, medians of %u runs):", N_PAGES, len / 1048576.0, edits->len, RUNS);
  g_test_message ("  open (read + map + tokenise): %.3f s; libxml2's parse alone %.3f s "
                  "(ratio %.1f); the same text as plain text %.3f s (ratio %.1f)",
                  median (open, RUNS), median (parse, RUNS),
                  median (open, RUNS) / median (parse, RUNS), median (plain, RUNS),
                  median (open, RUNS) / median (plain, RUNS));
  g_test_message ("  write back in place (plan, splice, read back, save): %.3f s (%.1f x "
                  "libxml2's parse)", median (write, RUNS), median (write, RUNS) / median (parse, RUNS));
  for (guint i = 0; i < edits->len; i++)
    g_free ((char *) g_array_index (edits, VnTextEdit, i).text);
  vn_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/verno/bench/source/hundred-pages", test_hundred_pages);
  return g_test_run ();
}
