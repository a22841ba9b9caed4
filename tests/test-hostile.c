/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hostile.c: files from anywhere, run through the verno executable. Every bad input ends
 * the command with exit status 3 and one sentence (what is wrong, which file and where in
 * it, what to do), and leaves the editor's corrections exactly as they were; a second
 * process never writes a journal that another one holds. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <json-glib/json-glib.h>
#include <poppler.h>

#include "vn-diff.h"
#include "vn-error.h"
#include "vn-ocr-page.h"
#include "vn-test-util.h"

/* A copy of the letter with two corrections journaled, shared by the tests: each one puts
 * something hostile into it, checks the refusal and the state, and takes it out again. */
typedef struct
{
  char *dir;          /* the test's temporary folder */
  char *project;      /* dir/letter: transcription.txt and links to the two pages */
  char *state;        /* project/.verno */
  char *text;         /* the canonical transcription's bytes */
  char *fixes;        /* dir/fixes.diff: two corrections, already in the state */
  char *more;         /* dir/more.diff: twenty-four other words corrected */
  char *all_fixed;    /* the text with the corrections of both diffs */
} Fixture;

static Fixture fixture;

/* ------------------------------------------------------------------ running verno */

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_test_fail_printf ("“%s” is not in “%s”", needle, haystack);
}

/* Exit status 3, one sentence, and each of @needles in it. */
static void
assert_refused (VnTestRun          *run,
                const char * const *needles)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 3);
  vn_test_assert_one_sentence (run->err);
  for (guint i = 0; needles[i]; i++)
    assert_contains (run->err, needles[i]);
}

static char *
verno_path (void)
{
  return g_getenv ("VERNO") ? g_strdup (g_getenv ("VERNO")) : vn_test_build_path ("app/verno");
}

/* As vn_test_run_verno () runs it: the suite's OCR cache, no display. */
static GSubprocessLauncher *
verno_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");
  g_autofree char *verno = verno_path ();

  g_subprocess_launcher_setenv (launcher, "VERNO_CACHE_DIR", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "VERNO", verno, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  return launcher;
}

/* verno with @args, left running, with pipes as @flags say. */
static GSubprocess *
spawn_verno (GSubprocessFlags    flags,
             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = verno_launcher (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *verno = verno_path ();
  GSubprocess *process;

  g_ptr_array_add (argv, verno);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static gboolean
namespaces_work (void)
{
  const char *argv[] = { "unshare", "-rm", "true", NULL };
  int status = -1;

  return g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* @script run by sh in a user and mount namespace of its own (unshare -rm), where it may
 * mount a tmpfs or make a folder read-only without privileges; $VERNO is set, "$@" are
 * @args. FALSE, and the test skipped, where this machine allows no user namespaces. */
static gboolean
run_in_namespace (VnTestRun          *run,
                  const char         *script,
                  const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    verno_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *head[] = { "unshare", "-rm", "sh", "-ec", script, "sh" };

  if (!namespaces_work ())
    {
      g_test_skip ("user namespaces are not available here (unshare -rm failed)");
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (head); i++)
    g_ptr_array_add (argv, (gpointer) head[i]);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  return TRUE;
}

/* ------------------------------------------------------------------ files */

static char *
write_file (const char *dir,
            const char *name,
            const void *data,
            gssize      len)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

/* The project's state: what its folder holds, and every byte of the files in it. A lock
 * left behind shows here too. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
assert_same_state (const char *before,
                   const char *after)
{
  if (!g_str_equal (before, after))
    g_test_fail_printf ("the project's state changed:\n%s\nbecame\n%s", before, after);
}

static char *
snapshot_state (const char *state)
{
  g_autoptr(GDir) dir = g_dir_open (state, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (state, g_ptr_array_index (names, i), NULL);
      g_autofree char *data = NULL;

      g_file_get_contents (path, &data, NULL, NULL);
      g_string_append_printf (out, "== %s\n%s\n", (char *) g_ptr_array_index (names, i),
                              data ? data : "(unreadable)");
    }
  return g_string_free (out, FALSE);
}

/* A unified diff of the fixture's transcription to @text. */
static char *
write_diff (const char *name,
            const char *text)
{
  g_autofree char *diff = vn_diff_unified ("transcription.txt", "transcription.txt",
                                           fixture.text, strlen (fixture.text), text,
                                           strlen (text), 3);
  return write_file (fixture.dir, name, diff, -1);
}

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

static gboolean
has_latin (const char *word)
{
  for (const char *p = word; *p; p++)
    if (g_ascii_isalpha (*p))
      return TRUE;
  return FALSE;
}

/* @count lower-case Cyrillic words, every @step-th from the 40th, put in capitals or, with
 * @suffix, lengthened by it. */
static char *
change_words (const char *text,
              guint       count,
              guint       step,
              const char *suffix)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(VnTranscription) t = vn_transcription_new_from_bytes (bytes, "t", NULL);
  GString *out = g_string_new (NULL);
  guint at = 0, changed = 0;

  for (guint i = 40; i < vn_transcription_get_n_tokens (t) && changed < count; i += step)
    {
      const VnToken *token = vn_transcription_get_token (t, i);
      g_autofree char *word = g_strndup (text + token->start, token->end - token->start);
      g_autofree char *upper = g_utf8_strup (word, -1);

      if (g_str_equal (word, upper) || g_utf8_strlen (word, -1) < 4 || has_latin (word))
        continue;
      g_string_append_len (out, text + at, token->start - at);
      if (suffix != NULL)
        g_string_append_printf (out, "%s%s", word, suffix);
      else
        g_string_append (out, upper);
      at = token->end;
      changed++;
    }
  g_assert_cmpuint (changed, ==, count);
  g_string_append (out, text + at);
  return g_string_free (out, FALSE);
}

static void
link_pages (const char *folder)
{
  for (guint p = 1; p <= 2; p++)
    {
      g_autofree char *name = g_strdup_printf ("page-%u.png", p);
      g_autofree char *rel = g_build_filename ("scans", "letter-1956", name, NULL);
      g_autofree char *from = vn_test_source_path (rel);
      g_autofree char *to = g_build_filename (folder, name, NULL);

      g_assert_cmpint (symlink (from, to), ==, 0);
    }
}

/* A project of the letter, with the two corrections of fixes.diff journaled. */
static char *
make_project (const char *name)
{
  g_autofree char *folder = g_build_filename (fixture.dir, name, NULL);
  g_autofree char *text = NULL;
  g_auto(VnTestRun) run = { 0 };

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  text = write_file (folder, "transcription.txt", fixture.text, -1);
  link_pages (folder);
  vn_test_run_verno (&run, NULL, FALSE,
                     (const char *[]) { "apply", folder, fixture.fixes, NULL });
  g_assert_cmpint (run.status, ==, 0);
  return g_steal_pointer (&folder);
}

static void
fixture_set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = vn_test_source_path ("scans/letter-1956/transcription.txt");
  g_autofree char *fixed = NULL, *fixed_twice = NULL, *capitals = NULL;

  fixture.dir = g_dir_make_tmp ("verno-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.text = vn_test_read_file (source);
  fixed = replace_once (fixture.text, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ");
  fixed_twice = replace_once (fixed, "Bepho", "Верно");
  fixture.fixes = write_diff ("fixes.diff", fixed_twice);
  capitals = change_words (fixture.text, 24, 9, NULL);
  fixture.more = write_diff ("more.diff", capitals);
  g_free (fixed);
  fixed = replace_once (capitals, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ");
  fixture.all_fixed = replace_once (fixed, "Bepho", "Верно");
  fixture.project = make_project ("letter");
  fixture.state = g_build_filename (fixture.project, ".verno", NULL);
}

static void
fixture_tear_down (void)
{
  vn_test_remove_tree (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.project);
  g_free (fixture.state);
  g_free (fixture.text);
  g_free (fixture.fixes);
  g_free (fixture.more);
  g_free (fixture.all_fixed);
}

/* ------------------------------------------------------------------ image input */

static guint32
png_crc (const guint8 *data,
         gsize         len)
{
  guint32 crc = 0xffffffff;

  /* Bit by bit: zlib is not otherwise a dependency of the tests. */
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return crc ^ 0xffffffff;
}

static void
png_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           guint32       len)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint32 be_len = GUINT32_TO_BE (len), be_crc;

  g_byte_array_append (body, (const guint8 *) type, 4);
  g_byte_array_append (body, data, len);
  be_crc = GUINT32_TO_BE (png_crc (body->data, body->len));
  g_byte_array_append (out, (const guint8 *) &be_len, 4);
  g_byte_array_append (out, body->data, body->len);
  g_byte_array_append (out, (const guint8 *) &be_crc, 4);
}

/* A valid PNG header claiming 200000×200000 grey pixels: 40 gigapixels, 40 GB decoded. */
static GBytes *
make_pixel_bomb (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 ihdr[13] = { 0 };
  const guint8 idat[] = { 0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };
  guint32 side = GUINT32_TO_BE (200000);

  g_byte_array_append (out, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  memcpy (ihdr, &side, 4);
  memcpy (ihdr + 4, &side, 4);
  ihdr[8] = 8;   /* bit depth; colour type 0 (grey), deflate, no filter, no interlace */
  png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  png_chunk (out, "IDAT", idat, sizeof idat);
  png_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Page 1 of the letter at half size, encoded as @format by Leptonica. */
static GBytes *
encode_page (int format)
{
  g_autofree char *path = vn_test_source_path ("scans/letter-1956/page-1.png");
  PIX *pix = pixRead (path);
  PIX *half = pixScale (pix, 0.5, 0.5);
  l_uint8 *data = NULL;
  size_t size = 0;
  GBytes *bytes;

  g_assert_cmpint (pixWriteMem (&data, &size, half, format), ==, 0);
  bytes = g_bytes_new (data, size);
  lept_free (data);
  pixDestroy (&half);
  pixDestroy (&pix);
  return bytes;
}

static GBytes *
first_half (GBytes *whole)
{
  return g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2);
}

/* ------------------------------------------------------------------ PDF */

static const guint8 pdf_padding[32] = {
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08,
  0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
};

/* RC4, which the PDF standard security handler (revision 2) is made of. */
static void
rc4 (const guint8 *key,
     gsize         key_len,
     const guint8 *in,
     guint8       *out,
     gsize         len)
{
  guint8 s[256], t;
  guint i, j = 0;

  for (i = 0; i < 256; i++)
    s[i] = i;
  for (i = 0; i < 256; i++)
    {
      j = (j + s[i] + key[i % key_len]) & 0xff;
      t = s[i], s[i] = s[j], s[j] = t;
    }
  i = j = 0;
  for (gsize n = 0; n < len; n++)
    {
      i = (i + 1) & 0xff;
      j = (j + s[i]) & 0xff;
      t = s[i], s[i] = s[j], s[j] = t;
      out[n] = in[n] ^ s[(s[i] + s[j]) & 0xff];
    }
}

static void
md5_first (const guint8 *parts[],
           const gsize   lens[],
           guint         n_parts,
           guint8        key[5])
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  guint8 digest[16];
  gsize len = sizeof digest;

  for (guint i = 0; i < n_parts; i++)
    g_checksum_update (md5, parts[i], lens[i]);
  g_checksum_get_digest (md5, digest, &len);
  memcpy (key, digest, 5);
}

static void
append_hex (GString      *out,
            const guint8 *data,
            gsize         len)
{
  g_string_append_c (out, '<');
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%02x", data[i]);
  g_string_append_c (out, '>');
}

/* A one-page PDF whose user password is @password (RC4 40-bit, PDF 1.4 revision 2). */
static GBytes *
make_encrypted_pdf (const char *password)
{
  const guint8 id[16] = "verno-hostile-id";
  guint8 user[32], owner[32], o[32], u[32], key[5];
  const guint8 p_le[4] = { 0xfc, 0xff, 0xff, 0xff };   /* P = -4: every permission */
  gsize plen = MIN (strlen (password), 32);
  GString *pdf = g_string_new ("%PDF-1.4\n");
  gsize offsets[5];
  gsize xref;

  memcpy (user, password, plen);
  memcpy (user + plen, pdf_padding, 32 - plen);
  memcpy (owner, user, 32);
  md5_first ((const guint8 *[]) { owner }, (gsize[]) { 32 }, 1, key);
  rc4 (key, 5, user, o, 32);
  md5_first ((const guint8 *[]) { user, o, p_le, id }, (gsize[]) { 32, 32, 4, 16 }, 4, key);
  rc4 (key, 5, pdf_padding, u, 32);

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
  offsets[3] = pdf->len;
  g_string_append (pdf, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> "
                   "endobj\n");
  offsets[4] = pdf->len;
  g_string_append (pdf, "4 0 obj << /Filter /Standard /V 1 /R 2 /O ");
  append_hex (pdf, o, 32);
  g_string_append (pdf, " /U ");
  append_hex (pdf, u, 32);
  g_string_append (pdf, " /P -4 >> endobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 5\n0000000000 65535 f \n");
  for (guint i = 1; i <= 4; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append (pdf, "trailer << /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [");
  append_hex (pdf, id, 16);
  append_hex (pdf, id, 16);
  g_string_append_printf (pdf, "] >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref);
  return g_string_free_to_bytes (pdf);
}

/* The generator is right: poppler opens the file with its password, and only with it. */
static void
check_encrypted_pdf (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
  g_clear_error (&error);
  doc = poppler_document_new_from_file (uri, "geheim", &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, 1);
  g_object_unref (doc);
}

/* ------------------------------------------------------------------ image cases */

typedef enum { MAKE_EMPTY, MAKE_TRUNCATED_PNG, MAKE_TRUNCATED_JPEG, MAKE_TRUNCATED_TIFF,
               MAKE_TEXT, MAKE_FOLDER, MAKE_BOMB, MAKE_CORRUPT_PDF, MAKE_ENCRYPTED_PDF } Maker;

typedef struct
{
  const char *name;
  Maker       maker;
  const char *file;       /* its name, as the third page of the project */
  const char *needles[5]; /* besides the file's path; NULL-terminated */
} ImageCase;

static const ImageCase image_cases[] = {
  { "empty", MAKE_EMPTY, "page-3.png", { "is empty", "export the scan again" } },
  { "truncated-png", MAKE_TRUNCATED_PNG, "page-3.png", { "truncated", "export the scan again" } },
  { "truncated-jpeg", MAKE_TRUNCATED_JPEG, "page-3.jpg",
    { "truncated", "export the scan again" } },
  { "truncated-tiff", MAKE_TRUNCATED_TIFF, "page-3.tif",
    { "truncated", "export the scan again" } },
  { "text-named-png", MAKE_TEXT, "page-3.png", { "not an image", "PNG, JPEG, TIFF" } },
  { "folder-as-scan", MAKE_FOLDER, "page-3.png", { "is a folder", "image files" } },
  { "pixel-bomb", MAKE_BOMB, "page-3.png",
    { "200000×200000", "200000000", "--max-pixels", "VERNO_MAX_PIXELS" } },
  { "corrupt-pdf", MAKE_CORRUPT_PDF, "page-3.pdf", { "damaged", "export the PDF again" } },
  { "encrypted-pdf", MAKE_ENCRYPTED_PDF, "page-3.pdf",
    { "encrypted", "password", "qpdf --decrypt" } },
};

static const char not_an_image[] = "Верно: это не картинка, а текст.\n";
static const char corrupt_pdf[] = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n"
                                  "\x8f\x01garbage where the pages were\n";

static GBytes *
make_image_bytes (Maker maker)
{
  g_autoptr(GBytes) whole = NULL;

  switch (maker)
    {
    case MAKE_EMPTY:
      return g_bytes_new ("", 0);
    case MAKE_TRUNCATED_PNG:
      whole = encode_page (IFF_PNG);
      return first_half (whole);
    case MAKE_TRUNCATED_JPEG:
      whole = encode_page (IFF_JFIF_JPEG);
      return first_half (whole);
    case MAKE_TRUNCATED_TIFF:
      whole = encode_page (IFF_TIFF_ZIP);
      return first_half (whole);
    case MAKE_TEXT:
      return g_bytes_new_static (not_an_image, sizeof not_an_image - 1);
    case MAKE_BOMB:
      return make_pixel_bomb ();
    case MAKE_CORRUPT_PDF:
      return g_bytes_new_static (corrupt_pdf, sizeof corrupt_pdf - 1);
    case MAKE_ENCRYPTED_PDF:
      return make_encrypted_pdf ("geheim");
    case MAKE_FOLDER:
    default:
      g_assert_not_reached ();
    }
}

static void
make_image (const ImageCase *tc,
            const char      *path)
{
  g_autoptr(GBytes) bytes = NULL;

  if (tc->maker == MAKE_FOLDER)
    {
      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
      return;
    }
  bytes = make_image_bytes (tc->maker);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  if (tc->maker == MAKE_ENCRYPTED_PDF)
    check_encrypted_pdf (path);
}

static void
remove_any (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    vn_test_remove_tree (path);
  else
    g_assert_cmpint (g_remove (path), ==, 0);
}

static void
assert_refused_with_path (VnTestRun       *run,
                          const ImageCase *tc,
                          const char      *path)
{
  const char *needles[7] = { path };

  for (guint i = 0; tc->needles[i]; i++)
    needles[i + 1] = tc->needles[i];
  assert_refused (run, needles);
}

/* `verno ocr FILE` refuses it; as a page of a project with corrections, `verno status`
 * refuses the project, and the corrections are as they were. */
static void
test_image (gconstpointer data)
{
  const ImageCase *tc = data;
  g_autofree char *alone = g_build_filename (fixture.dir, tc->file, NULL);
  g_autofree char *in_project = g_build_filename (fixture.project, tc->file, NULL);
  g_autofree char *before = snapshot_state (fixture.state);
  g_autofree char *after = NULL;
  g_auto(VnTestRun) ocr = { 0 };
  g_auto(VnTestRun) status = { 0 };

  make_image (tc, alone);
  vn_test_run_verno (&ocr, NULL, FALSE, (const char *[]) { "ocr", "-q", alone, NULL });
  assert_refused_with_path (&ocr, tc, alone);
  g_assert_cmpstr (ocr.out, ==, "");

  make_image (tc, in_project);
  vn_test_run_verno (&status, NULL, FALSE,
                     (const char *[]) { "status", fixture.project, NULL });
  assert_refused_with_path (&status, tc, in_project);
  after = snapshot_state (fixture.state);
  assert_same_state (before, after);
  remove_any (alone);
  remove_any (in_project);
}

/* The limit is the user's: VERNO_MAX_PIXELS lowers it below a real page, and the refusal
 * names the value in force. */
static void
test_pixel_limit_from_environment (void)
{
  g_autofree char *page = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_auto(VnTestRun) run = { 0 };

  g_setenv ("VERNO_MAX_PIXELS", "1000000", TRUE);
  /* Not from the cache, where the page was read before. */
  vn_test_run_verno (&run, NULL, FALSE,
                     (const char *[]) { "ocr", "-q", "--no-cache", page, NULL });
  g_unsetenv ("VERNO_MAX_PIXELS");
  assert_refused (&run, (const char *[]) { page, "1000000 pixels", "VERNO_MAX_PIXELS", NULL });
}

/* ------------------------------------------------------------------ transcriptions */

typedef struct
{
  const char *name;
  const char *needles[5];
} TextCase;

static const char invalid_utf8[] = "Уважаемому товарищу\nВерно \xff копия\n";
static const char nul_bytes[] = "Уважаемому товарищу\nВерно\0копия\n";

static GBytes *
make_text_bytes (const char *name)
{
  if (g_str_equal (name, "invalid-utf8"))
    return g_bytes_new_static (invalid_utf8, sizeof invalid_utf8 - 1);
  if (g_str_equal (name, "nul-bytes"))
    return g_bytes_new_static (nul_bytes, sizeof nul_bytes - 1);
  if (g_str_equal (name, "utf16-bom"))
    {
      gsize len = 0;
      g_autofree char *utf16 = g_convert (fixture.text, -1, "UTF-16LE", "UTF-8", NULL, &len,
                                          NULL);
      GString *out = g_string_new_len ("\xff\xfe", 2);

      g_string_append_len (out, utf16, len);
      return g_string_free_to_bytes (out);
    }
  if (g_str_equal (name, "too-large"))
    return g_bytes_new (fixture.text, strlen (fixture.text));   /* made sparse: write_text () */
  g_assert_not_reached ();
}

static const TextCase text_cases[] = {
  /* Line 2 starts at byte 38 (19 two-byte letters and a newline); "Верно " is 11 bytes. */
  { "invalid-utf8", { "not valid UTF-8", "line 2", "byte offset 49", "iconv" } },
  { "utf16-bom", { "UTF-16", "iconv -f UTF-16 -t UTF-8" } },
  { "nul-bytes", { "NUL byte", "line 2", "byte offset 48" } },
  { "too-large", { "300 MB", "256 MB", "split it" } },
};

/* @bytes at @path; the too large text is the fixture's followed by a hole to 300 MB, which
 * takes no room on the disk. */
static void
write_text (const char *path,
            const char *name,
            GBytes     *bytes)
{
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  if (g_str_equal (name, "too-large"))
    g_assert_cmpint (truncate (path, 300 << 20), ==, 0);
}

/* `verno collate` refuses the text; as the transcription of the project, `verno status`
 * refuses the project, and its corrections are as they were. */
static void
test_text (gconstpointer data)
{
  const TextCase *tc = data;
  g_autoptr(GBytes) bytes = make_text_bytes (tc->name);
  g_autofree char *alone = g_build_filename (fixture.dir, "bad.txt", NULL);
  g_autofree char *canonical = g_build_filename (fixture.project, "transcription.txt", NULL);
  g_autofree char *page = g_build_filename (fixture.project, "page-1.png", NULL);
  g_autofree char *before = snapshot_state (fixture.state);
  g_autofree char *after = NULL;
  const char *needles[7] = { NULL };
  g_auto(VnTestRun) collate = { 0 };
  g_auto(VnTestRun) status = { 0 };

  write_text (alone, tc->name, bytes);
  vn_test_run_verno (&collate, NULL, FALSE,
                     (const char *[]) { "collate", "-q", "-t", alone, page, NULL });
  needles[0] = alone;
  memcpy (needles + 1, tc->needles, sizeof tc->needles);
  assert_refused (&collate, needles);
  g_assert_cmpstr (collate.out, ==, "");

  write_text (canonical, tc->name, bytes);
  vn_test_run_verno (&status, NULL, FALSE,
                     (const char *[]) { "status", fixture.project, NULL });
  g_assert_true (g_file_set_contents (canonical, fixture.text, -1, NULL));
  needles[0] = canonical;
  assert_refused (&status, needles);
  after = snapshot_state (fixture.state);
  assert_same_state (before, after);
  g_remove (alone);
}

/* An empty transcription is a document not transcribed yet: every OCR word is missing. */
static void
test_empty_text (void)
{
  g_autofree char *empty = write_file (fixture.dir, "empty.txt", "", 0);
  g_autofree char *page = g_build_filename (fixture.project, "page-1.png", NULL);
  g_auto(VnTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *discrepancies;

  vn_test_run_verno (&run, NULL, FALSE,
                     (const char *[]) { "collate", "-q", "--json", "-t", empty, page, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  discrepancies = json_object_get_array_member (json_node_get_object (
                    json_parser_get_root (parser)), "discrepancies");
  g_assert_cmpuint (json_array_get_length (discrepancies), >, 0);
  for (guint i = 0; i < json_array_get_length (discrepancies); i++)
    {
      JsonObject *d = json_array_get_object_element (discrepancies, i);

      g_assert_cmpstr (json_object_get_string_member (d, "transcription"), ==, "");
      g_assert_cmpint (json_object_get_int_member (d, "start"), ==, 0);
    }
  g_remove (empty);
}

static char *
to_crlf (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, "\n", "\r\n", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The discrepancies' readings, in order, one per line. */
static char *
readings (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  JsonArray *list;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "discrepancies");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *d = json_array_get_object_element (list, i);
      g_autofree char *t = g_strdup (json_object_get_string_member (d, "transcription"));

      g_strdelimit (t, "\r", ' ');
      g_string_append_printf (out, "%s → %s\n", g_strstrip (t),
                              json_object_get_string_member (d, "suggestion"));
    }
  return g_string_free (out, FALSE);
}

static void
collate_and_correct (const char *text,
                     char      **found,
                     char      **corrected)
{
  g_autofree char *output = g_build_filename (fixture.dir, "corrected.txt", NULL);
  g_autofree char *page_1 = g_build_filename (fixture.project, "page-1.png", NULL);
  g_autofree char *page_2 = g_build_filename (fixture.project, "page-2.png", NULL);
  g_auto(VnTestRun) collate = { 0 };
  g_auto(VnTestRun) correct = { 0 };

  vn_test_run_verno (&collate, NULL, FALSE, (const char *[]) { "collate", "-q", "--json", "-t",
                                                              text, page_1, page_2, NULL });
  g_assert_cmpint (collate.status, ==, 0);
  *found = readings (collate.out);
  vn_test_run_verno (&correct, NULL, FALSE, (const char *[]) { "correct", "-q", "-t", text,
                                                              "--output", output, page_1,
                                                              page_2, NULL });
  g_assert_cmpint (correct.status, ==, 0);
  *corrected = vn_test_read_file (output);
  g_remove (output);
}

/* CRLF line ends are the same document: the same discrepancies, the same corrections, and
 * the corrected text keeps its CRLF. */
static void
test_crlf_text (void)
{
  g_autofree char *crlf_text = to_crlf (fixture.text);
  g_autofree char *lf = write_file (fixture.dir, "lf.txt", fixture.text, -1);
  g_autofree char *crlf = write_file (fixture.dir, "crlf.txt", crlf_text, -1);
  g_autofree char *lf_found = NULL, *lf_corrected = NULL;
  g_autofree char *crlf_found = NULL, *crlf_corrected = NULL;
  g_autofree char *expected = NULL;

  collate_and_correct (lf, &lf_found, &lf_corrected);
  collate_and_correct (crlf, &crlf_found, &crlf_corrected);
  g_assert_cmpstr (crlf_found, ==, lf_found);
  g_assert_cmpstr (lf_corrected, !=, fixture.text);
  expected = to_crlf (lf_corrected);
  g_assert_cmpstr (crlf_corrected, ==, expected);
  g_remove (lf);
  g_remove (crlf);
}

/* ------------------------------------------------------------------ environment */

/* Without the model the OCR cannot start: the sentence names the file and the package. */
static void
test_missing_traineddata (void)
{
  g_autofree char *empty = g_build_filename (fixture.dir, "tessdata", NULL);
  g_autofree char *model = g_build_filename (empty, "rus.traineddata", NULL);
  g_autofree char *page = g_build_filename (fixture.project, "page-1.png", NULL);
  g_autofree char *before = snapshot_state (fixture.state);
  g_autofree char *after = NULL;
  g_auto(VnTestRun) ocr = { 0 };
  g_auto(VnTestRun) status = { 0 };

  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  g_setenv ("TESSDATA_PREFIX", empty, TRUE);
  vn_test_run_verno (&ocr, NULL, FALSE, (const char *[]) { "ocr", "-q", page, NULL });
  vn_test_run_verno (&status, NULL, FALSE,
                     (const char *[]) { "status", fixture.project, NULL });
  g_unsetenv ("TESSDATA_PREFIX");
  assert_refused (&ocr, (const char *[]) { model, "apt-get install tesseract-ocr-rus", NULL });
  assert_refused (&status, (const char *[]) { model, "apt-get install tesseract-ocr-rus",
                                              NULL });
  after = snapshot_state (fixture.state);
  assert_same_state (before, after);
  g_rmdir (empty);
}

/* verno with @args on @folder made read-only: by its mode for a user, by a read-only bind
 * mount in a namespace of its own for root, whom modes do not stop. */
static gboolean
run_read_only (VnTestRun          *run,
               const char         *folder,
               const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *state = g_build_filename (folder, ".verno", NULL);

  if (getuid () != 0)
    {
      g_assert_cmpint (g_chmod (state, 0555), ==, 0);
      g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
      vn_test_run_verno (run, NULL, FALSE, args);
      g_chmod (folder, 0755);
      g_chmod (state, 0755);
      return TRUE;
    }
  g_ptr_array_add (argv, (gpointer) folder);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return run_in_namespace (run, "mount --bind \"$1\" \"$1\"\n"
                                "mount -o remount,bind,ro \"$1\"\n"
                                "shift\n"
                                "exec \"$VERNO\" \"$@\"\n",
                           (const char * const *) argv->pdata);
}

/* A read-only project opens read-only and says so; a correction is refused with where it
 * could go instead, and it does go there. */
static void
test_read_only_folder (void)
{
  g_autofree char *elsewhere = g_build_filename (fixture.dir, "elsewhere", NULL);
  g_autofree char *before = snapshot_state (fixture.state);
  g_autofree char *after = NULL;
  g_auto(VnTestRun) status = { 0 };
  g_auto(VnTestRun) apply = { 0 };
  g_auto(VnTestRun) redirected = { 0 };

  if (!run_read_only (&status, fixture.project,
                      (const char *[]) { "status", fixture.project, NULL }))
    return;
  g_assert_cmpint (status.status, ==, 0);
  vn_test_assert_one_sentence (status.err);
  assert_contains (status.err, fixture.state);
  assert_contains (status.err, "read-only");

  run_read_only (&apply, fixture.project,
                 (const char *[]) { "apply", fixture.project, fixture.more, NULL });
  assert_refused (&apply, (const char *[]) { fixture.state, "read-only", "--state-dir", NULL });
  g_assert_cmpstr (apply.err, ==, status.err);

  run_read_only (&redirected, fixture.project,
                 (const char *[]) { "apply", "--state-dir", elsewhere, fixture.project,
                                    fixture.more, NULL });
  g_assert_cmpint (redirected.status, ==, 0);
  assert_contains (redirected.err, "corrections loaded");
  g_assert_true (g_file_test (elsewhere, G_FILE_TEST_IS_DIR));
  after = snapshot_state (fixture.state);
  assert_same_state (before, after);
  vn_test_remove_tree (elsewhere);
}

static char *
read_in (const char *dir,
         const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  return vn_test_read_file (path);
}

/* Every line a JSON object: no torn or half-written record. */
static guint
assert_whole_records (const char *journal)
{
  g_auto(GStrv) lines = g_strsplit (journal, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      n++;
    }
  return n;
}

static const char full_disk_script[] =
  "P=$1 FIXES=$2 MORE=$3 S=$4 OUT=$5\n"
  "mount -t tmpfs -o size=128k tmpfs \"$S\"\n"
  "\"$VERNO\" apply --state-dir \"$S\" \"$P\" \"$FIXES\" 2>/dev/null\n"
  "for f in journal.jsonl state.json corrections.diff; do cp \"$S/$f\" \"$OUT/$f.before\"; done\n"
  "dd if=/dev/zero of=\"$S/filler\" bs=4096 2>/dev/null || true\n"
  "set +e\n"
  "\"$VERNO\" apply --state-dir \"$S\" \"$P\" \"$MORE\" 2>\"$OUT/err\"\n"
  "echo $? >\"$OUT/status\"\n"
  "set -e\n"
  "for f in journal.jsonl state.json corrections.diff; do cp \"$S/$f\" \"$OUT/$f.full\"; done\n"
  "ls -A \"$S\" >\"$OUT/listing\"\n"
  "rm \"$S/filler\"\n"
  "\"$VERNO\" apply --state-dir \"$S\" \"$P\" \"$MORE\" 2>/dev/null\n"
  "\"$VERNO\" export -q --state-dir \"$S\" \"$P\" >\"$OUT/export\"\n";

/* The state folder on a tmpfs filled to the last page: the correction that does not fit is
 * refused in one sentence, every record before it stays whole, the files derived from the
 * journal are as they were, and once there is room again the work goes on. */
static void
test_full_disk (void)
{
  g_autofree char *mount = g_build_filename (fixture.dir, "tiny", NULL);
  g_autofree char *out = g_build_filename (fixture.dir, "full-disk", NULL);
  g_autofree char *journal = g_build_filename (mount, "journal.jsonl", NULL);
  g_autofree char *err = NULL, *status = NULL, *listing = NULL, *exported = NULL;
  g_autofree char *before = NULL, *full = NULL;
  g_auto(VnTestRun) run = { 0 };

  g_assert_cmpint (g_mkdir (mount, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  if (!run_in_namespace (&run, full_disk_script,
                         (const char *[]) { fixture.project, fixture.fixes, fixture.more, mount,
                                            out, NULL }))
    return;
  g_test_message ("script: %s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  err = read_in (out, "err");
  status = read_in (out, "status");
  g_assert_cmpstr (status, ==, "3\n");
  g_test_message ("stderr: %s", err);
  vn_test_assert_one_sentence (err);
  assert_contains (err, journal);
  assert_contains (err, g_strerror (ENOSPC));
  assert_contains (err, "free some disk space");

  before = read_in (out, "journal.jsonl.before");
  full = read_in (out, "journal.jsonl.full");
  g_assert_true (g_str_has_prefix (full, before));
  g_assert_cmpuint (assert_whole_records (full), >=, assert_whole_records (before));
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "state.json" : "corrections.diff";
      g_autofree char *was = g_strconcat (name, ".before", NULL);
      g_autofree char *is = g_strconcat (name, ".full", NULL);
      g_autofree char *a = read_in (out, was);
      g_autofree char *b = read_in (out, is);

      g_assert_cmpstr (b, ==, a);
    }
  listing = read_in (out, "listing");
  g_assert_cmpstr (listing, ==, "corrections.diff\nfiller\njournal.jsonl\nstate.json\n");
  exported = read_in (out, "export");
  g_assert_cmpstr (exported, ==, fixture.all_fixed);
  vn_test_remove_tree (out);
  g_rmdir (mount);
}

/* ------------------------------------------------------------------ project state */

static char *
journal_path (const char *project)
{
  return g_build_filename (project, ".verno", "journal.jsonl", NULL);
}

/* A crash in the middle of a record: the torn line is skipped with one line of warning,
 * the file is left as it is, and corrections made afterwards follow it. */
static void
test_torn_journal (void)
{
  g_autofree char *project = make_project ("torn");
  g_autofree char *journal = journal_path (project);
  g_autofree char *torn = NULL, *after = NULL, *state = NULL;
  g_auto(VnTestRun) status = { 0 };
  g_auto(VnTestRun) apply = { 0 };
  g_auto(VnTestRun) export = { 0 };
  FILE *fp = fopen (journal, "a");

  fputs ("{\"op\":\"correct\",\"id\":\"c9\",\"start\":1", fp);
  fclose (fp);
  torn = vn_test_read_file (journal);
  vn_test_run_verno (&status, NULL, FALSE, (const char *[]) { "status", project, NULL });
  g_assert_cmpint (status.status, ==, 0);
  vn_test_assert_one_sentence (status.err);
  assert_contains (status.err, "Line 4 of the journal");
  assert_contains (status.err, journal);
  assert_contains (status.err, "torn");
  after = vn_test_read_file (journal);
  g_assert_cmpstr (after, ==, torn);

  vn_test_run_verno (&apply, NULL, FALSE,
                     (const char *[]) { "apply", project, fixture.more, NULL });
  g_assert_cmpint (apply.status, ==, 0);
  g_free (after);
  after = vn_test_read_file (journal);
  g_assert_true (g_str_has_prefix (after, torn));
  vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "-q", project, NULL });
  g_assert_cmpint (export.status, ==, 0);
  g_assert_cmpstr (export.out, ==, fixture.all_fixed);
  vn_test_remove_tree (project);
}

/* Damaged lines between good records: one warning for all of them, which stay in the file;
 * the good records are all replayed. */
static void
test_damaged_journal_lines (void)
{
  g_autofree char *project = make_project ("damaged");
  g_autofree char *journal = journal_path (project);
  g_autofree char *data = vn_test_read_file (journal);
  g_auto(GStrv) lines = g_strsplit (data, "\n", -1);
  g_autoptr(GString) damaged = g_string_new (NULL);
  g_auto(VnTestRun) status = { 0 };
  g_auto(VnTestRun) export = { 0 };
  g_autofree char *after = NULL, *once = NULL, *expected = NULL;

  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, two corrections, "" */
  g_string_append_printf (damaged, "%s\n%s\n", lines[0], lines[1]);
  g_string_append (damaged, "{\"op\":\"correct\",\"start\":\n");
  g_string_append_len (damaged, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\n", 18);
  g_string_append_printf (damaged, "%s\n", lines[2]);
  g_assert_true (g_file_set_contents (journal, damaged->str, damaged->len, NULL));
  vn_test_run_verno (&status, NULL, FALSE, (const char *[]) { "status", project, NULL });
  g_assert_cmpint (status.status, ==, 0);
  vn_test_assert_one_sentence (status.err);
  assert_contains (status.err, "4 lines of the journal");
  assert_contains (status.err, "from line 3 on");
  after = vn_test_read_file (journal);
  g_assert_true (memcmp (after, damaged->str, damaged->len) == 0);
  vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "-q", project, NULL });
  g_assert_cmpint (export.status, ==, 0);
  once = replace_once (fixture.text, "ПОЛОЖОНИС", "ПОЛОЖЕНИЕ");
  expected = replace_once (once, "Bepho", "Верно");
  g_assert_cmpstr (export.out, ==, expected);
  vn_test_remove_tree (project);
}

/* Something else where the journal should be: it is neither replayed nor written to. */
static void
test_garbage_journal (void)
{
  g_autofree char *project = make_project ("garbage");
  g_autofree char *journal = journal_path (project);
  g_autofree char *page = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_autoptr(GMappedFile) png = g_mapped_file_new (page, FALSE, NULL);
  gsize len = 64 * 1024;
  g_autofree char *after = NULL;
  g_auto(VnTestRun) apply = { 0 };

  g_assert_nonnull (png);
  g_assert_true (g_file_set_contents (journal, g_mapped_file_get_contents (png), len, NULL));
  vn_test_run_verno (&apply, NULL, FALSE,
                     (const char *[]) { "apply", project, fixture.more, NULL });
  assert_refused (&apply, (const char *[]) { journal, "not a Verno journal",
                                             "move the file aside", NULL });
  after = vn_test_read_file (journal);
  g_assert_true (memcmp (after, g_mapped_file_get_contents (png), len) == 0);
  vn_test_remove_tree (project);
}

/* A diff made from another text: refused, naming the hunk and where it is, and nothing of
 * it lands in the project. */
static void
test_diff_does_not_apply (void)
{
  g_autofree char *other = write_file (fixture.dir, "other.diff",
                                       "--- a/transcription.txt\n+++ b/transcription.txt\n"
                                       "@@ -1,2 +1,2 @@\n-Дорогой товарищ!\n"
                                       "+Дорогой товарищ Хрущев!\n \n", -1);
  g_autofree char *garbage = write_file (fixture.dir, "garbage.diff",
                                         "\x89PNG\r\n\x1a\nnot a diff", -1);
  g_autofree char *before = snapshot_state (fixture.state);
  g_autofree char *after = NULL;
  g_auto(VnTestRun) apply = { 0 };
  g_auto(VnTestRun) junk = { 0 };

  vn_test_run_verno (&apply, NULL, FALSE,
                     (const char *[]) { "apply", fixture.project, other, NULL });
  assert_refused (&apply, (const char *[]) { "Hunk 1 of", other, "(line 3,", "near line 1",
                                             "nothing was changed", NULL });
  vn_test_run_verno (&junk, NULL, FALSE,
                     (const char *[]) { "apply", fixture.project, garbage, NULL });
  assert_refused (&junk, (const char *[]) { garbage, "not a unified diff", "diff -u", NULL });
  after = snapshot_state (fixture.state);
  assert_same_state (before, after);
  g_remove (other);
  g_remove (garbage);
}

/* ------------------------------------------------------------------ OCR cache and XML */

/* The top of page 1: quick to read again. */
static char *
make_crop (void)
{
  g_autofree char *page = vn_test_source_path ("scans/letter-1956/page-1.png");
  char *path = g_build_filename (fixture.dir, "top-of-page-1.png", NULL);
  PIX *pix = pixRead (page);
  BOX *box = boxCreate (0, 0, pixGetWidth (pix), 700);
  PIX *top = pixClipRectangle (pix, box, NULL);

  pixSetResolution (top, 300, 300);
  g_assert_cmpint (pixWrite (path, top, IFF_PNG), ==, 0);
  pixDestroy (&top);
  boxDestroy (&box);
  pixDestroy (&pix);
  return path;
}

/* The one entry in a cache folder. */
static char *
only_entry (const char *cache)
{
  g_autoptr(GDir) dir = g_dir_open (cache, 0, NULL);
  const char *name = dir ? g_dir_read_name (dir) : NULL;

  g_assert_nonnull (name);
  g_assert_true (g_str_has_suffix (name, ".hocr"));
  g_assert_null (g_dir_read_name (dir));
  return g_build_filename (cache, name, NULL);
}

static void
ocr_with_cache (VnTestRun  *run,
                const char *cache,
                const char *image)
{
  vn_test_run_verno (run, NULL, FALSE,
                     (const char *[]) { "ocr", "-q", "--cache-dir", cache, image, NULL });
  g_assert_cmpint (run->status, ==, 0);
}

/* A listening socket no one should connect to. */
static GSocket *
listen_locally (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, any_port, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* @hocr with an internal DTD whose entities fetch a local file and a URL on @port, and
 * reference them in a word. */
static char *
with_external_entities (const char *hocr,
                        guint16     port)
{
  g_autoptr(GString) out = g_string_new (hocr);
  g_autofree char *doctype = g_strdup_printf (
    "<!DOCTYPE html SYSTEM \"http://127.0.0.1:%u/xhtml.dtd\" [\n"
    "  <!ENTITY secret SYSTEM \"file:///etc/passwd\">\n"
    "  <!ENTITY remote SYSTEM \"http://127.0.0.1:%u/remote\">\n"
    "]>\n", port, port);
  const char *html = strstr (out->str, "<html");
  const char *word_end = NULL;

  g_assert_nonnull (html);
  g_string_insert (out, html - out->str, doctype);
  word_end = strstr (out->str, "</span></span>");
  g_assert_nonnull (word_end);
  g_string_insert (out, word_end - out->str, "&secret;&remote;");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A damaged cache entry is read again, and replaced; so is one with external entities,
 * which are never fetched: not the file, not the URL. */
static void
test_damaged_ocr_cache (void)
{
  g_autofree char *cache = g_build_filename (fixture.dir, "cache", NULL);
  g_autofree char *crop = make_crop ();
  g_autofree char *entry = NULL, *fresh = NULL, *hostile = NULL;
  g_autoptr(GSocket) socket = NULL;
  guint16 port = 0;
  g_auto(VnTestRun) first = { 0 };
  g_auto(VnTestRun) torn = { 0 };
  g_auto(VnTestRun) entities = { 0 };

  ocr_with_cache (&first, cache, crop);
  g_assert_cmpuint (strlen (first.out), >, 100);
  entry = only_entry (cache);
  fresh = vn_test_read_file (entry);
  g_assert_true (g_file_set_contents (entry, fresh, strlen (fresh) / 2, NULL));
  ocr_with_cache (&torn, cache, crop);
  g_assert_cmpstr (torn.out, ==, first.out);
  assert_contains (torn.err, entry);
  assert_contains (torn.err, "read again");
  g_free (fresh);
  fresh = vn_test_read_file (entry);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VnOcrPage) page = vn_ocr_page_new_from_hocr (fresh, strlen (fresh), NULL, &error);
    g_assert_no_error (error);
  }

  socket = listen_locally (&port);
  hostile = with_external_entities (fresh, port);
  g_assert_true (g_file_set_contents (entry, hostile, -1, NULL));
  ocr_with_cache (&entities, cache, crop);
  g_assert_cmpstr (entities.out, ==, first.out);
  assert_contains (entities.err, "read again");
  g_assert_false (g_socket_condition_check (socket, G_IO_IN) & G_IO_IN);
  vn_test_remove_tree (cache);
  g_remove (crop);
}

/* The hOCR reader itself: no entity of an internal DTD is expanded, no external DTD or
 * entity is loaded, from a file or from the network. */
static void
test_hocr_xxe (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *hostile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VnOcrPage) page = NULL;
  g_autofree char *passwd = NULL;
  guint16 port = 0;
  const char *hocr =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title></title></head><body>\n"
    "<div class=\"ocr_page\" title=\"bbox 0 0 100 100\"><span class=\"ocr_line\" "
    "title=\"bbox 0 0 100 20\"><span class=\"ocrx_word\" title=\"bbox 0 0 50 20\">Верно"
    "</span></span></div></body></html>\n";

  socket = listen_locally (&port);
  hostile = with_external_entities (hocr, port);
  page = vn_ocr_page_new_from_hocr (hostile, strlen (hostile), NULL, &error);
  g_file_get_contents ("/etc/passwd", &passwd, NULL, NULL);
  if (page != NULL)
    for (guint i = 0; i < vn_ocr_page_get_n_words (page); i++)
      {
        const char *text = vn_ocr_page_get_word (page, i)->text;
        g_assert_true (passwd == NULL || strstr (text, "root") == NULL);
      }
  else
    g_assert_error (error, VN_ERROR, VN_ERROR_BAD_INPUT);
  g_assert_false (g_socket_condition_check (socket, G_IO_IN) & G_IO_IN);
}

/* Every attribute value and text of an XML file, one per line. */
static void
collect_strings (xmlNodePtr  node,
                 GString    *out)
{
  for (; node; node = node->next)
    {
      if (node->type == XML_TEXT_NODE && node->content)
        g_string_append_printf (out, "%s\n", node->content);
      for (xmlAttrPtr a = node->type == XML_ELEMENT_NODE ? node->properties : NULL; a;
           a = a->next)
        {
          xmlChar *value = xmlNodeListGetString (node->doc, a->children, 1);
          g_string_append_printf (out, "%s\n", value ? (char *) value : "");
          xmlFree (value);
        }
      collect_strings (node->children, out);
    }
}

static void
xmllint (const char *path,
         const char *schema)
{
  g_autofree char *xsd = schema ? vn_test_shared_path (schema) : NULL;
  const char *argv[] = { "xmllint", "--noout", "--nonet", xsd ? "--schema" : path, xsd, path,
                         NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_fail_printf ("xmllint %s: %s", path, err);
}

typedef struct
{
  const char *format;
  const char *schema;
} XmlFormat;

/* Exports of a transcription and a correction holding < & ": well-formed in every XML
 * format, valid where there is a schema, and the words read back as they were. */
static void
test_export_escaping (void)
{
  static const XmlFormat formats[] = {
    { "hocr", NULL }, { "alto", "schemas/alto-4-4.xsd" },
    { "page", "schemas/pagecontent-2019-07-15.xsd" }, { "tei", NULL },
  };
  const char *canonical_word = "Пхень<я&\"на,";
  const char *corrected_word = "<Верно>&\"";
  g_autofree char *project = g_build_filename (fixture.dir, "escaping", NULL);
  g_autofree char *text = replace_once (fixture.text, "Пхеньяна,", canonical_word);
  g_autofree char *fixed = replace_once (text, "Bepho:", corrected_word);
  g_autofree char *canonical = NULL, *diff_text = NULL, *diff = NULL;
  g_auto(VnTestRun) apply = { 0 };

  g_assert_cmpint (g_mkdir (project, 0755), ==, 0);
  canonical = write_file (project, "transcription.txt", text, -1);
  link_pages (project);
  diff_text = vn_diff_unified ("transcription.txt", "transcription.txt", text, strlen (text),
                               fixed, strlen (fixed), 3);
  diff = write_file (fixture.dir, "escaping.diff", diff_text, -1);
  vn_test_run_verno (&apply, NULL, FALSE, (const char *[]) { "apply", project, diff, NULL });
  g_assert_cmpint (apply.status, ==, 0);
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *out = g_build_filename (project, formats[f].format, NULL);
      g_autofree char *path = g_build_filename (out, "export.xml", NULL);
      g_autoptr(GString) strings = g_string_new (NULL);
      g_autoptr(GDir) dir = NULL;
      g_auto(VnTestRun) export = { 0 };
      const char *name;

      g_test_message ("format %s", formats[f].format);
      g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
      vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "-q", "-f",
                                                                 formats[f].format, "-o", path,
                                                                 project, NULL });
      g_assert_cmpint (export.status, ==, 0);
      dir = g_dir_open (out, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (out, name, NULL);
          xmlDocPtr doc = xmlReadFile (file, NULL, XML_PARSE_NONET);

          xmllint (file, formats[f].schema);
          g_assert_nonnull (doc);
          collect_strings (xmlDocGetRootElement (doc), strings);
          xmlFreeDoc (doc);
        }
      assert_contains (strings->str, canonical_word);
      assert_contains (strings->str, corrected_word);
    }
  vn_test_remove_tree (project);
  g_remove (diff);
}

/* ------------------------------------------------------------------ concurrency */

static char *
lock_path (const char *project)
{
  return g_build_filename (project, ".verno", "lock", NULL);
}

/* Until @path holds @needle: another process got that far. */
static void
wait_for_contents (const char *path,
                   const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *data = NULL;

      if (g_file_get_contents (path, &data, NULL, NULL) && strstr (data, needle) != NULL)
        return;
      g_usleep (20 * 1000);
    }
  g_error ("%s never came to hold %s", path, needle);
}

/* `verno review` after its first answer: the project's writer, until it is killed. */
static GSubprocess *
start_writer (const char *project)
{
  GSubprocess *review = spawn_verno (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                     G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                     (const char *[]) { "review", "-q", project, NULL });
  g_autofree char *pid = g_strdup_printf ("\"pid\":%s,", g_subprocess_get_identifier (review));
  g_autofree char *lock = lock_path (project);
  g_autofree char *journal = journal_path (project);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_subprocess_get_stdin_pipe (review), "s\n", 2, NULL, NULL,
                             &error);
  g_assert_no_error (error);
  wait_for_contents (lock, pid);
  wait_for_contents (journal, "\"op\":\"skip\"");
  return review;
}

/* Two real processes: while one writes the project, the other is refused in one sentence
 * naming it and changes nothing; once the first is killed, its lock is taken over. */
static void
test_second_process (void)
{
  g_autofree char *project = make_project ("in-use");
  g_autofree char *state = g_build_filename (project, ".verno", NULL);
  g_autofree char *lock = lock_path (project);
  g_autoptr(GSubprocess) writer = start_writer (project);
  g_autofree char *process = g_strdup_printf ("(process %s,", g_subprocess_get_identifier (writer));
  g_autofree char *before = snapshot_state (state);
  g_autofree char *after = NULL;
  g_auto(VnTestRun) refused = { 0 };
  g_auto(VnTestRun) status = { 0 };
  g_auto(VnTestRun) taken = { 0 };
  g_auto(VnTestRun) export = { 0 };

  vn_test_run_verno (&refused, NULL, FALSE,
                     (const char *[]) { "apply", project, fixture.more, NULL });
  assert_refused (&refused, (const char *[]) { state, "in use by another Verno", process,
                                               "read-only", "close the other one", NULL });
  /* Reading is not writing: the other process's work can be looked at meanwhile. */
  vn_test_run_verno (&status, NULL, FALSE, (const char *[]) { "status", project, NULL });
  g_assert_cmpint (status.status, ==, 0);
  g_assert_cmpstr (status.err, ==, "");
  after = snapshot_state (state);
  assert_same_state (before, after);

  /* Killed, as by a crash: the lock stays behind, naming a process that is gone. */
  g_subprocess_force_exit (writer);
  g_subprocess_wait (writer, NULL, NULL);
  g_assert_true (g_file_test (lock, G_FILE_TEST_EXISTS));
  vn_test_run_verno (&taken, NULL, FALSE,
                     (const char *[]) { "apply", project, fixture.more, NULL });
  g_assert_cmpint (taken.status, ==, 0);
  g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
  vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "-q", project, NULL });
  g_assert_cmpstr (export.out, ==, fixture.all_fixed);
  vn_test_remove_tree (project);
}

static gint64
dead_pid (void)
{
  const char *argv[] = { "true", NULL };
  GPid pid = 0;
  int status;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, NULL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

typedef struct
{
  const char *name;
  gboolean    dead;          /* else the pid of this test, alive */
  gboolean    other_host;
  gboolean    earlier_boot;
  gboolean    taken_over;
} StaleCase;

static const StaleCase stale_cases[] = {
  { "dead-process", TRUE, FALSE, FALSE, TRUE },
  { "earlier-boot", FALSE, FALSE, TRUE, TRUE },
  /* No Verno holds the lock (flock), so its process died and the pid went to another one. */
  { "reused-pid", FALSE, FALSE, FALSE, TRUE },
  /* Another machine's processes cannot be looked at: the user decides. */
  { "other-host", FALSE, TRUE, FALSE, FALSE },
};

static char *
boot_id (void)
{
  g_autofree char *id = vn_test_read_file ("/proc/sys/kernel/random/boot_id");
  return g_strdup (g_strstrip (id));
}

/* A lock left by a process that did not remove it: taken over where that process is known
 * to be gone, kept and named otherwise. */
static void
test_stale_lock (gconstpointer data)
{
  const StaleCase *tc = data;
  g_autofree char *project = make_project (tc->name);
  g_autofree char *lock = lock_path (project);
  g_autofree char *boot = boot_id ();
  g_autofree char *host = tc->other_host ? g_strdup ("archive-scanner-7")
                                         : g_strdup (g_get_host_name ());
  gint64 pid = tc->dead ? dead_pid () : getpid ();
  g_autofree char *contents = g_strdup_printf ("{\"pid\":%" G_GINT64_FORMAT ",\"host\":\"%s\","
                                               "\"boot_id\":\"%s\",\"since_us\":%" G_GINT64_FORMAT
                                               "}", pid, host,
                                               tc->earlier_boot ? "0-earlier" : boot,
                                               g_get_real_time ());
  g_autofree char *after = NULL;
  g_auto(VnTestRun) apply = { 0 };

  g_assert_true (g_file_set_contents (lock, contents, -1, NULL));
  vn_test_run_verno (&apply, NULL, FALSE,
                     (const char *[]) { "apply", project, fixture.more, NULL });
  if (tc->taken_over)
    {
      g_assert_cmpint (apply.status, ==, 0);
      g_assert_false (g_file_test (lock, G_FILE_TEST_EXISTS));
    }
  else
    {
      g_autofree char *named = g_strdup_printf ("process %" G_GINT64_FORMAT " on %s", pid, host);
      assert_refused (&apply, (const char *[]) { named, "delete", lock, NULL });
      after = vn_test_read_file (lock);
      g_assert_cmpstr (after, ==, contents);
    }
  vn_test_remove_tree (project);
}

static int
run_writers (const char *project,
             const char *first_diff,
             const char *second_diff,
             guint      *refused)
{
  const char *diffs[2] = { first_diff, second_diff };
  GSubprocess *writers[2];
  int written = 0;

  for (guint w = 0; w < 2; w++)
    writers[w] = spawn_verno (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              (const char *[]) { "apply", project, diffs[w], NULL });
  for (guint w = 0; w < 2; w++)
    {
      g_autoptr(GSubprocess) writer = writers[w];
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;

      g_subprocess_communicate_utf8 (writer, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_exit_status (writer) == 0)
        {
          written++;
          continue;
        }
      g_assert_cmpint (g_subprocess_get_exit_status (writer), ==, 3);
      vn_test_assert_one_sentence (err);
      g_assert_true (strstr (err, "in use by another Verno") != NULL ||
                     strstr (err, "was changed by another Verno") != NULL);
      (*refused)++;
    }
  return written;
}

/* Two writers started together, round after round, each making corrections that undo the
 * other's: each one writes or is refused in one sentence, and the journal stays one
 * journal of whole records under one header, which replays without a warning. */
static void
test_racing_writers (void)
{
  g_autofree char *project = make_project ("race");
  g_autofree char *journal = journal_path (project);
  g_autofree char *upper = change_words (fixture.text, 16, 5, NULL);
  g_autofree char *longer = change_words (fixture.text, 16, 5, "ъ");
  g_autofree char *upper_diff = write_diff ("upper.diff", upper);
  g_autofree char *longer_diff = write_diff ("longer.diff", longer);
  g_autofree char *data = NULL;
  g_auto(VnTestRun) status = { 0 };
  guint written = 0, refused = 0;

  for (guint round = 0; round < 4; round++)
    written += run_writers (project, round % 2 ? upper_diff : longer_diff,
                            round % 2 ? longer_diff : upper_diff, &refused);
  g_test_message ("%u writers wrote, %u were refused", written, refused);
  g_assert_cmpuint (written, >=, 4);
  data = vn_test_read_file (journal);
  g_assert_cmpuint (assert_whole_records (data), >=, 3 + 16);
  {
    const char *first = strstr (data, "\"op\":\"header\"");
    g_assert_nonnull (first);
    g_assert_null (strstr (first + 1, "\"op\":\"header\""));
  }
  vn_test_run_verno (&status, NULL, FALSE, (const char *[]) { "status", project, NULL });
  g_assert_cmpint (status.status, ==, 0);
  g_assert_cmpstr (status.err, ==, "");
  vn_test_remove_tree (project);
  g_remove (upper_diff);
  g_remove (longer_diff);
}

/* ------------------------------------------------------------------ special files */

typedef enum { SPECIAL_FIFO, SPECIAL_DEVICE, SPECIAL_LINK_LOOP, SPECIAL_DANGLING_LINK } Special;

typedef struct
{
  const char *name;
  Special     special;
  const char *needle;
} SpecialCase;

static const SpecialCase special_cases[] = {
  { "fifo", SPECIAL_FIFO, "is a named pipe, not a file" },
  { "device", SPECIAL_DEVICE, "is a device, not a file" },
  { "link-loop", SPECIAL_LINK_LOOP, "is a symbolic link that leads round in a loop" },
  { "dangling-link", SPECIAL_DANGLING_LINK, "which does not exist" },
};

static void
make_special (Special     special,
              const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  switch (special)
    {
    case SPECIAL_FIFO:
      g_assert_cmpint (mkfifo (path, 0644), ==, 0);
      break;
    case SPECIAL_DEVICE:
      /* A device that never ends: reading it would fill the memory. */
      g_assert_cmpint (symlink ("/dev/zero", path), ==, 0);
      break;
    case SPECIAL_LINK_LOOP:
      g_assert_cmpint (symlink (base, path), ==, 0);
      break;
    case SPECIAL_DANGLING_LINK:
    default:
      g_assert_cmpint (symlink ("/nonexistent/verno-scan", path), ==, 0);
      break;
    }
}

/* verno with @args, killed if it takes more than a minute: a hang is a failure, not a test
 * that never ends. */
static void
run_verno_timed (VnTestRun          *run,
                 const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cache = vn_test_build_path ("test-ocr-cache");
  g_autofree char *cache_env = g_strconcat ("VERNO_CACHE_DIR=", cache, NULL);

  g_ptr_array_add (argv, g_strdup ("timeout"));
  g_ptr_array_add (argv, g_strdup ("60"));
  g_ptr_array_add (argv, verno_path ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  vn_test_run_argv (run, (const char * const *) argv->pdata,
                    (const char *[]) { cache_env, "DISPLAY", NULL }, NULL);
  g_assert_cmpint (run->status, !=, 124);
}

/* Each command that opens @folder refuses it in one sentence naming @path: with a named
 * pipe, every command (one could hang for ever); otherwise `status`, which they all share. */
static void
assert_commands_refuse (const char        *folder,
                        const char        *path,
                        const SpecialCase *tc)
{
  g_autofree char *list = write_file (fixture.dir, "list.txt", folder, -1);
  const char *commands[][6] = {
    { "status", folder }, { "collate", "-q", folder }, { "export", "-q", folder },
    { "accept", "--all", folder }, { "review", folder }, { "correct", "-q", folder },
    { "apply", folder, fixture.more },
  };
  guint n = tc->special == SPECIAL_FIFO ? G_N_ELEMENTS (commands) : 1;
  g_auto(VnTestRun) batch = { 0 };

  for (guint i = 0; i < n; i++)
    {
      g_auto(VnTestRun) run = { 0 };

      g_test_message ("verno %s", commands[i][0]);
      run_verno_timed (&run, commands[i]);
      assert_refused (&run, (const char *[]) { path, tc->needle, NULL });
    }
  if (tc->special != SPECIAL_FIFO)
    return;
  /* batch goes on to the next project, and says what was wrong with this one. */
  run_verno_timed (&batch, (const char *[]) { "batch", "-q", list, NULL });
  g_assert_cmpint (batch.status, ==, 3);
  assert_contains (batch.out, path);
  assert_contains (batch.out, tc->needle);
  g_remove (list);
}

/* A transcription that is a named pipe, a device or a link to nowhere is refused by every
 * command, at once; `collate -t` too. */
static void
test_special_text (gconstpointer data)
{
  const SpecialCase *tc = data;
  g_autofree char *name = g_strconcat ("special-text-", tc->name, NULL);
  g_autofree char *folder = g_build_filename (fixture.dir, name, NULL);
  g_autofree char *text = g_build_filename (folder, "transcription.txt", NULL);
  g_autofree char *page = g_build_filename (folder, "page-1.png", NULL);
  g_auto(VnTestRun) collate = { 0 };

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  link_pages (folder);
  make_special (tc->special, text);
  assert_commands_refuse (folder, text, tc);
  run_verno_timed (&collate, (const char *[]) { "collate", "-q", "-t", text, page, NULL });
  assert_refused (&collate, (const char *[]) { text, tc->needle, NULL });
  vn_test_remove_tree (folder);
}

/* A scan that is one is refused the same way, by `verno ocr` and as a page of a project
 * whose corrections stay as they were. */
static void
test_special_image (gconstpointer data)
{
  const SpecialCase *tc = data;
  g_autofree char *page = g_build_filename (fixture.project, "page-3.png", NULL);
  g_autofree char *before = snapshot_state (fixture.state);
  g_autofree char *after = NULL;
  g_auto(VnTestRun) ocr = { 0 };

  make_special (tc->special, page);
  run_verno_timed (&ocr, (const char *[]) { "ocr", "-q", page, NULL });
  assert_refused (&ocr, (const char *[]) { page, tc->needle, NULL });
  assert_commands_refuse (fixture.project, page, tc);
  g_assert_cmpint (g_remove (page), ==, 0);
  after = snapshot_state (fixture.state);
  assert_same_state (before, after);
}

/* A journal that is a named pipe would hang whoever reads it. */
static void
test_journal_fifo (void)
{
  g_autofree char *project = make_project ("journal-fifo");
  g_autofree char *journal = journal_path (project);
  g_auto(VnTestRun) run = { 0 };

  g_assert_cmpint (g_remove (journal), ==, 0);
  g_assert_cmpint (mkfifo (journal, 0644), ==, 0);
  run_verno_timed (&run, (const char *[]) { "status", project, NULL });
  assert_refused (&run, (const char *[]) { journal, "is a named pipe, not a file", NULL });
  vn_test_remove_tree (project);
}

/* A scan padded with zeros is refused before anything reads it: against what its own
 * header says its pixels take, and, far beyond, against a byte limit (a terabyte, sparse,
 * which nobody could read within the minute the command is given). */
static void
test_padded_image (void)
{
  g_autofree char *source = vn_test_source_path ("scans/letter-1956/page-1.png");
  g_autofree char *page = g_build_filename (fixture.dir, "padded.png", NULL);
  g_autofree char *data = NULL;
  g_auto(VnTestRun) padded = { 0 };
  g_auto(VnTestRun) huge = { 0 };
  gsize len;

  g_assert_true (g_file_get_contents (source, &data, &len, NULL));
  g_assert_true (g_file_set_contents (page, data, len, NULL));
  g_assert_cmpint (truncate (page, (goffset) 1 << 30), ==, 0);
  run_verno_timed (&padded, (const char *[]) { "ocr", "-q", "--no-cache", page, NULL });
  assert_refused (&padded, (const char *[]) { page, "1.1\xc2\xa0GB", "its pixels can take",
                                              "export the scan again", NULL });
  g_assert_cmpint (truncate (page, (goffset) 1 << 40), ==, 0);
  run_verno_timed (&huge, (const char *[]) { "ocr", "-q", "--no-cache", page, NULL });
  assert_refused (&huge, (const char *[]) { page, "1.1\xc2\xa0TB", "200000000 pixels",
                                            "--max-pixels", NULL });
  g_remove (page);
}

/* `verno accept` takes only what it is told to, with values it knows: a typo is a usage
 * error that lists the valid values, and nothing is accepted. */
static void
test_accept_filters (void)
{
  static const struct { const char *args[4]; const char *needles[3]; } cases[] = {
    { { "--likely", "transcription-errors" },
      { "“transcription-errors” is not a verdict", "unsure, transcription-error or ocr-error" } },
    { { "--kind", "lookalke" }, { "“lookalke” is not a kind", "lookalike" } },
    { { "--kind", "lookalike,hyphen" }, { "“hyphen” is not a kind", "hyphenation" } },
    { { NULL }, { "--all", "--likely" } },
  };
  g_autofree char *before = snapshot_state (fixture.state);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[8] = { "accept" };
      g_auto(VnTestRun) run = { 0 };
      guint n = 1;

      for (guint k = 0; cases[i].args[k]; k++)
        args[n++] = cases[i].args[k];
      args[n] = fixture.project;
      vn_test_run_verno (&run, NULL, FALSE, args);
      g_test_message ("stderr: %s", run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      for (guint k = 0; cases[i].needles[k]; k++)
        assert_contains (run.err, cases[i].needles[k]);
    }
  after = snapshot_state (fixture.state);
  assert_same_state (before, after);
}

/* `verno review` on a read-only project refuses before its first question. */
static void
test_read_only_review (void)
{
  g_auto(VnTestRun) review = { 0 };

  if (!run_read_only (&review, fixture.project,
                      (const char *[]) { "review", "-q", fixture.project, NULL }))
    return;
  assert_refused (&review, (const char *[]) { fixture.state, "read-only", NULL });
  g_assert_null (strstr (review.out, "[1/"));
}

static const char full_disk_accept_script[] =
  "P=$1 S=$2 OUT=$3\n"
  "shift 3\n"
  "mount -t tmpfs -o size=256k tmpfs \"$S\"\n"
  "mountpoint -q \"$S\"\n"
  "\"$VERNO\" accept -q --kind lookalike --state-dir \"$S\" \"$P\" >/dev/null 2>&1\n"
  "mkdir \"$OUT/base\"\n"
  "cp -a \"$S/.\" \"$OUT/base/\"\n"
  "for k in 0 1; do\n"
  "  find \"$S\" -mindepth 1 -delete\n"
  "  cp -a \"$OUT/base/.\" \"$S/\"\n"
  "  dd if=/dev/zero of=\"$S/filler\" bs=4096 count=64 2>/dev/null || true\n"
  "  if [ \"$k\" -gt 0 ]; then truncate -s \"-$((k * 4096))\" \"$S/filler\"; fi\n"
  "  mkdir \"$OUT/$k\"\n"
  "  set +e\n"
  "  \"$VERNO\" accept -q \"$@\" --state-dir \"$S\" \"$P\" >\"$OUT/$k/out\" 2>\"$OUT/$k/err\"\n"
  "  echo $? >\"$OUT/$k/status\"\n"
  "  set -e\n"
  "  cp \"$S/journal.jsonl\" \"$OUT/$k/journal.jsonl\"\n"
  "  cp \"$S/corrections.diff\" \"$OUT/$k/corrections.diff.first\"\n"
  "  rm \"$S/filler\"\n"
  "  \"$VERNO\" accept -q \"$@\" --state-dir \"$S\" \"$P\" >/dev/null 2>\"$OUT/$k/err-after\"\n"
  "  echo $? >\"$OUT/$k/status-after\"\n"
  "  cp \"$S/corrections.diff\" \"$OUT/$k/corrections.diff\"\n"
  "done\n";

/* One step of the sweep: what `verno accept` printed is what its journal holds; it stopped
 * with one sentence, or finished with corrections.diff up to date; and with room again the
 * batch finishes to the text it always gives. TRUE when it stopped with the journal written
 * and corrections.diff not. */
static gboolean
check_full_disk_step (const char *step,
                      const char *base_journal,
                      const char *canonical,
                      const char *expected)
{
  g_autofree char *status = read_in (step, "status"), *out = read_in (step, "out");
  g_autofree char *err = read_in (step, "err"), *journal = read_in (step, "journal.jsonl");
  g_autofree char *after = read_in (step, "status-after");
  g_autofree char *first_diff = read_in (step, "corrections.diff.first");
  g_autofree char *final_diff = read_in (step, "corrections.diff");
  g_autofree char *diff = g_build_filename (step, "corrections.diff", NULL);

  g_test_message ("%s: status %s%s", step, status, err);
  g_assert_true (g_str_has_prefix (journal, base_journal));
  g_assert_cmpuint (vn_test_count_acknowledged (out), ==,
                    vn_test_count_journal_answers (journal) -
                    vn_test_count_journal_answers (base_journal));
  if (g_str_equal (status, "0\n"))
    g_assert_cmpstr (first_diff, ==, final_diff);   /* it was done, and said so */
  else
    {
      g_assert_cmpstr (status, ==, "3\n");
      vn_test_assert_one_sentence (err);
      assert_contains (err, g_strerror (ENOSPC));
    }
  g_assert_cmpstr (after, ==, "0\n");
  vn_test_assert_patch_gives (canonical, diff, expected);
  return strstr (err, "Cannot save") != NULL;
}

/* `verno accept` on a state folder of a tmpfs filled to the last page: the journal has room
 * for a record in its last page, corrections.diff has none, and the command stops with
 * status 3 and one sentence, having printed only what its journal holds (the journal itself
 * running out is test_full_disk's). With a page more, it stops or it finishes, and says
 * which. */
static void
test_full_disk_accept (void)
{
  g_autofree char *mount = g_build_filename (fixture.dir, "tiny-accept", NULL);
  g_autofree char *out = g_build_filename (fixture.dir, "full-disk-accept-out", NULL);
  g_autofree char *project = make_project ("full-disk-accept");
  g_autofree char *canonical = g_build_filename (project, "transcription.txt", NULL);
  g_autofree char *reference = g_build_filename (fixture.dir, "reference-state", NULL);
  g_autofree char *base_dir = g_build_filename (out, "base", NULL);
  g_autofree char *base_journal = NULL, *expected = NULL;
  const char *batch[] = { "--kind", "merge,lookalike", "--min-score=0.185" };
  g_auto(VnTestRun) run = { 0 };
  g_auto(VnTestRun) first = { 0 }, second = { 0 }, export = { 0 };
  guint stale = 0;

  /* What the batch gives with room. */
  vn_test_run_verno (&first, NULL, FALSE, (const char *[]) { "accept", "-q", "--kind",
                                                            "lookalike", "--state-dir",
                                                            reference, project, NULL });
  vn_test_run_verno (&second, NULL, FALSE, (const char *[]) { "accept", "-q", batch[0],
                                                             batch[1], batch[2], "--state-dir",
                                                             reference, project, NULL });
  vn_test_run_verno (&export, NULL, FALSE, (const char *[]) { "export", "-q", "--state-dir",
                                                             reference, project, NULL });
  g_assert_cmpint (second.status + export.status, ==, 0);
  expected = g_strdup (export.out);
  g_assert_cmpint (g_mkdir (mount, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  if (!run_in_namespace (&run, full_disk_accept_script,
                         (const char *[]) { project, mount, out, batch[0], batch[1], batch[2],
                                            NULL }))
    return;
  g_test_message ("script: %s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  base_journal = read_in (base_dir, "journal.jsonl");
  for (guint k = 0; k <= 1; k++)
    {
      g_autofree char *name = g_strdup_printf ("%u", k);
      g_autofree char *step = g_build_filename (out, name, NULL);
      gboolean stopped = check_full_disk_step (step, base_journal, canonical, expected);

      /* With no page free, corrections.diff cannot be written again. */
      g_assert_true (k > 0 || stopped);
      stale += stopped;
    }
  g_test_message ("%u of 2 runs stopped with the journal written and corrections.diff not",
                  stale);
  vn_test_remove_tree (out);
  vn_test_remove_tree (reference);
  vn_test_remove_tree (project);
  g_rmdir (mount);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (image_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/verno/hostile/image/", image_cases[i].name, NULL);
      g_test_add_data_func (path, &image_cases[i], test_image);
    }
  g_test_add_func ("/verno/hostile/image/limit-from-environment",
                   test_pixel_limit_from_environment);
  for (guint i = 0; i < G_N_ELEMENTS (text_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/verno/hostile/text/", text_cases[i].name, NULL);
      g_test_add_data_func (path, &text_cases[i], test_text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (special_cases); i++)
    {
      g_autofree char *text = g_strconcat ("/verno/hostile/special/text/", special_cases[i].name,
                                           NULL);
      g_autofree char *image = g_strconcat ("/verno/hostile/special/image/",
                                            special_cases[i].name, NULL);

      g_test_add_data_func (text, &special_cases[i], test_special_text);
      g_test_add_data_func (image, &special_cases[i], test_special_image);
    }
  g_test_add_func ("/verno/hostile/special/journal-fifo", test_journal_fifo);
  g_test_add_func ("/verno/hostile/image/padded", test_padded_image);
  g_test_add_func ("/verno/hostile/usage/accept-filters", test_accept_filters);
  g_test_add_func ("/verno/hostile/env/read-only-review", test_read_only_review);
  g_test_add_func ("/verno/hostile/env/full-disk-accept", test_full_disk_accept);
  g_test_add_func ("/verno/hostile/text/empty", test_empty_text);
  g_test_add_func ("/verno/hostile/text/crlf", test_crlf_text);
  g_test_add_func ("/verno/hostile/env/missing-traineddata", test_missing_traineddata);
  g_test_add_func ("/verno/hostile/env/read-only-folder", test_read_only_folder);
  g_test_add_func ("/verno/hostile/env/full-disk", test_full_disk);
  g_test_add_func ("/verno/hostile/state/torn-journal", test_torn_journal);
  g_test_add_func ("/verno/hostile/state/damaged-journal-lines", test_damaged_journal_lines);
  g_test_add_func ("/verno/hostile/state/garbage-journal", test_garbage_journal);
  g_test_add_func ("/verno/hostile/state/diff-does-not-apply", test_diff_does_not_apply);
  g_test_add_func ("/verno/hostile/state/damaged-ocr-cache", test_damaged_ocr_cache);
  g_test_add_func ("/verno/hostile/state/hocr-xxe", test_hocr_xxe);
  g_test_add_func ("/verno/hostile/state/export-escaping", test_export_escaping);
  g_test_add_func ("/verno/hostile/lock/second-process", test_second_process);
  for (guint i = 0; i < G_N_ELEMENTS (stale_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/verno/hostile/lock/stale/", stale_cases[i].name,
                                           NULL);
      g_test_add_data_func (path, &stale_cases[i], test_stale_lock);
    }
  g_test_add_func ("/verno/hostile/lock/racing-writers", test_racing_writers);
  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();
  return status;
}
