/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-iiif.c: scans from IIIF manifests, against a web server on 127.0.0.1 that the test
 * runs (libsoup's, in a thread of its own): 3.0 and 2.1 manifests of two corpus pages whose
 * canvases' seeAlso is the pages' ALTO; images asked for at full size from the Image API,
 * cached and kept for offline work; then a server that stalls, one that answers 404 and one
 * that answers garbage, an unreachable host, a manifest of 10,000 canvases and one that
 * points at file:///etc/passwd: each one sentence, nothing kept. */
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "vn-error.h"
#include "vn-iiif.h"
#include "vn-project.h"
#include "vn-test-util.h"

static const char *pages[] = { "EHRI-BF-19380509b_EN_01", "EHRI-BF-19380509b_EN_02" };

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint         port;
  GMutex        lock;
  GCond         ready;
  GPtrArray    *requests;   /* paths asked for, in order */
  guint         flaky;      /* /flaky.json: how many 503s before the manifest */
} Server;

static Server server;
static char *tmp_dir;

static char *
url (const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", server.port, path);
}

/* A manifest of the two pages: 3.0 with ImageService3, or 2.1 with a level-1 service. */
static char *
manifest (int version)
{
  GString *out = g_string_new (NULL);

  if (version == 3)
    g_string_append (out, "{\"@context\": \"http://iiif.io/api/presentation/3/context.json\", "
                          "\"id\": \"m\", \"type\": \"Manifest\", \"label\": {\"en\": "
                          "[\"A letter\"]}, \"items\": [");
  else
    g_string_append (out, "{\"@context\": \"http://iiif.io/api/presentation/2/context.json\", "
                          "\"@id\": \"m\", \"@type\": \"sc:Manifest\", \"label\": \"A letter\", "
                          "\"sequences\": [{\"canvases\": [");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *service = g_strdup_printf ("http://127.0.0.1:%u/iiif/p%u", server.port,
                                                  i + 1);
      g_autofree char *alto = g_strdup_printf ("http://127.0.0.1:%u/alto/p%u.xml", server.port,
                                               i + 1);

      if (version == 3)
        g_string_append_printf (out, "%s{\"id\": \"c%u\", \"type\": \"Canvas\", \"width\": 934, "
                                "\"height\": 1170, \"seeAlso\": [{\"id\": \"%s\", \"type\": "
                                "\"Dataset\", \"format\": \"application/xml\", \"profile\": "
                                "\"http://www.loc.gov/standards/alto/ns-v4#\"}], \"items\": "
                                "[{\"type\": \"AnnotationPage\", \"items\": [{\"type\": "
                                "\"Annotation\", \"motivation\": \"painting\", \"body\": {\"id\": "
                                "\"%s/full/max/0/default.jpg\", \"type\": \"Image\", \"service\": "
                                "[{\"id\": \"%s\", \"type\": \"ImageService3\", \"profile\": "
                                "\"level1\"}]}}]}]}", i ? ", " : "", i, alto, service, service);
      else
        g_string_append_printf (out, "%s{\"@id\": \"c%u\", \"@type\": \"sc:Canvas\", \"width\": "
                                "934, \"height\": 1170, \"seeAlso\": {\"@id\": \"%s\", "
                                "\"format\": \"text/xml\", \"profile\": \"http://www.loc.gov/"
                                "standards/alto/\"}, \"images\": [{\"resource\": {\"@id\": "
                                "\"%s/full/full/0/default.jpg\", \"service\": {\"@id\": \"%s\", "
                                "\"profile\": \"http://iiif.io/api/image/2/level1.json\"}}}]}",
                                i ? ", " : "", i, alto, service, service);
    }
  g_string_append (out, version == 3 ? "]}" : "]}]}");
  return g_string_free (out, FALSE);
}

static char *
many_canvases (void)
{
  GString *out = g_string_new ("{\"@context\": \"http://iiif.io/api/presentation/3/context.json\","
                               " \"type\": \"Manifest\", \"items\": [");

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (out, "%s{\"id\": \"c%u\", \"type\": \"Canvas\"}", i ? "," : "", i);
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static char *
shared_file (const char *folder,
             const char *name,
             const char *extension)
{
  g_autofree char *rel = g_strdup_printf ("corpus/%s/%s.%s", folder, name, extension);
  g_autofree char *path = vn_test_shared_path (rel);
  return vn_test_read_file (path);
}

/* Takes @body; @len -1 for a string. */
static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         char              *body,
         gssize             len)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, body,
                                    len < 0 ? strlen (body) : (gsize) len);
}

static void
handle (SoupServer        *soup,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  g_mutex_lock (&server.lock);
  g_ptr_array_add (server.requests, g_strdup (path));
  g_mutex_unlock (&server.lock);
  if (g_str_equal (path, "/manifest3.json") || g_str_equal (path, "/manifest2.json"))
    respond (msg, 200, "application/json", manifest (path[9] - '0'), -1);
  else if (g_str_equal (path, "/flaky.json") && server.flaky > 0 && server.flaky--)
    respond (msg, 503, "text/plain", g_strdup ("busy"), 4);
  else if (g_str_equal (path, "/flaky.json"))
    respond (msg, 200, "application/json", manifest (3), -1);
  else if (g_str_equal (path, "/many.json"))
    respond (msg, 200, "application/json", many_canvases (), -1);
  else if (g_str_equal (path, "/passwd.json"))
    respond (msg, 200, "application/json", g_strdup (
      "{\"@context\": \"http://iiif.io/api/presentation/3/context.json\", \"type\": "
      "\"Manifest\", \"items\": [{\"id\": \"c\", \"type\": \"Canvas\", \"items\": [{\"items\": "
      "[{\"body\": {\"id\": \"file:///etc/passwd\", \"type\": \"Image\"}}]}]}]}"), -1);
  else if (g_str_equal (path, "/garbage.json"))
    respond (msg, 200, "application/json", g_strdup ("\x7f" "ELF{{{ not json"), 15);
  else if (g_str_equal (path, "/stall.json"))
    soup_server_message_pause (msg);  /* never answered */
  else if (g_str_has_prefix (path, "/iiif/p") && strstr (path, "/full/"))
    {
      guint p = path[7] - '1';
      g_autofree char *rel = g_strdup_printf ("corpus/en-typewritten/%s.jpg", pages[p % 2]);
      g_autofree char *file = vn_test_shared_path (rel);
      char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (file, &data, &len, NULL));
      respond (msg, 200, "image/jpeg", data, len);
    }
  else if (g_str_has_prefix (path, "/alto/p"))
    respond (msg, 200, "application/xml", shared_file ("source-xml", pages[(path[7] - '1') % 2],
                                                       "xml"), -1);
  else
    respond (msg, 404, "text/plain", g_strdup ("not here"), 8);
}

static gpointer
serve (gpointer data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server.context);
  server.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server.server, NULL, handle, NULL, NULL);
  g_assert_true (soup_server_listen_local (server.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server.server);
  g_mutex_lock (&server.lock);
  server.port = g_uri_get_port (uris->data);
  g_cond_signal (&server.ready);
  g_mutex_unlock (&server.lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (server.loop);
  g_main_context_pop_thread_default (server.context);
  return NULL;
}

static void
start_server (void)
{
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  server.requests = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&server.lock);
  g_cond_init (&server.ready);
  g_mutex_lock (&server.lock);
  g_thread_unref (g_thread_new ("test-http", serve, NULL));
  while (server.port == 0)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);
}

static guint
count_requests (const char *part)
{
  guint n = 0;

  g_mutex_lock (&server.lock);
  for (guint i = 0; i < server.requests->len; i++)
    n += strstr (g_ptr_array_index (server.requests, i), part) != NULL;
  g_mutex_unlock (&server.lock);
  return n;
}

/* ------------------------------------------------------------------ the tests */

static void
assert_pages (GPtrArray *images,
              GPtrArray *transcriptions)
{
  g_assert_cmpuint (images->len, ==, 2);
  g_assert_cmpuint (transcriptions->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *rel = g_strdup_printf ("corpus/en-typewritten/%s.jpg", pages[i]);
      g_autofree char *scan = vn_test_shared_path (rel);
      g_autofree char *want = vn_test_read_file (scan);
      g_autofree char *got = vn_test_read_file (g_ptr_array_index (images, i));
      g_autofree char *alto = vn_test_read_file (g_ptr_array_index (transcriptions, i));
      g_autofree char *alto_want = shared_file ("source-xml", pages[i], "xml");

      g_assert_true (g_str_equal (got, want));  /* bytes as served (the JPEG has no NUL first) */
      g_assert_cmpstr (alto, ==, alto_want);
    }
}

static void
test_v3 (void)
{
  g_autofree char *location = url ("/manifest3.json");
  g_autoptr(GPtrArray) images = NULL, transcriptions = NULL;
  g_autoptr(GError) error = NULL;
  guint image_requests;

  g_assert_true (vn_iiif_open (location, &images, &transcriptions, &error));
  g_assert_no_error (error);
  assert_pages (images, transcriptions);
  image_requests = count_requests ("/full/max/0/default.jpg");
  g_assert_cmpuint (image_requests, ==, 2);
  g_clear_pointer (&images, g_ptr_array_unref);
  g_clear_pointer (&transcriptions, g_ptr_array_unref);
  /* Opened again: the images and transcriptions come from where they were kept. */
  g_assert_true (vn_iiif_open (location, &images, &transcriptions, &error));
  g_assert_cmpuint (count_requests ("/full/max/0/default.jpg"), ==, image_requests);
  g_assert_cmpuint (count_requests ("/alto/"), ==, 2);
}

static void
test_v2 (void)
{
  g_autofree char *location = url ("/manifest2.json");
  g_autoptr(GPtrArray) images = NULL, transcriptions = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (vn_iiif_open (location, &images, &transcriptions, &error));
  g_assert_no_error (error);
  assert_pages (images, transcriptions);
  g_assert_cmpuint (count_requests ("/full/full/0/default.jpg"), ==, 2);
}

/* A manifest as a local file, its images and ALTO from the server; the project reads the ALTO
 * as its transcription and the cached images as its scans. */
static void
test_local_manifest_project (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "letter-manifest.json", NULL);
  g_autofree char *data = manifest (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(VnProject) project = NULL;
  VnTranscription *t;

  g_assert_true (g_file_set_contents (path, data, -1, NULL));
  project = vn_project_new_from_folder (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vn_project_get_scan_pages (project)->len, ==, 2);
  t = vn_project_get_transcription (project);
  g_assert_nonnull (strstr (vn_transcription_get_display_name (t), "ALTO 4"));
  g_assert_nonnull (strstr (vn_transcription_get_display_name (t), "2 files, 2 pages"));
  g_assert_nonnull (vn_transcription_get_source (t));
}

/* Retries: two 503s, then the manifest. */
static void
test_retries (void)
{
  g_autofree char *location = url ("/flaky.json");
  g_autoptr(GPtrArray) images = NULL, transcriptions = NULL;
  g_autoptr(GError) error = NULL;

  server.flaky = 2;
  g_assert_true (vn_iiif_open (location, &images, &transcriptions, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_requests ("/flaky.json"), ==, 3);
}

typedef struct
{
  const char *path;
  int         code;
  const char *says;
} Failure;

static void
test_failures (void)
{
  const Failure failures[] = {
    { "/missing.json", VN_ERROR_BAD_INPUT, "answered 404" },
    { "/garbage.json", VN_ERROR_BAD_INPUT, "not a IIIF manifest" },
    { "/stall.json", VN_ERROR_ENVIRONMENT, "Cannot reach" },
    { "/many.json", VN_ERROR_BAD_INPUT, "lists 10000 canvases" },
    { "/passwd.json", VN_ERROR_BAD_INPUT, "not an http or https address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autofree char *location = url (failures[i].path);
      g_autoptr(GPtrArray) images = NULL, transcriptions = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_false (vn_iiif_open (location, &images, &transcriptions, &error));
      g_assert_error (error, VN_ERROR, failures[i].code);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, failures[i].says));
      vn_test_assert_one_sentence_message (error->message);
      /* The stall ends with the timeout (1 s here) and two retries. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
    }
}

/* A host nobody listens on: one sentence on the command line, exit 3. */
static void
test_unreachable_cli (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *location = NULL;
  g_auto(VnTestRun) run = { 0 };
  const char *args[] = { "collate", NULL, NULL };

  /* A port that was free a moment ago and is closed again. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  location = g_strdup_printf ("http://127.0.0.1:%u/manifest.json",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);
  args[1] = location;
  vn_test_run_verno (&run, tmp_dir, FALSE, args);
  g_assert_cmpint (run.status, ==, 3);
  vn_test_assert_one_sentence (run.err);
  g_assert_nonnull (strstr (run.err, "Cannot reach 127.0.0.1"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data = NULL, *cache = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("verno-iiif-XXXXXX", NULL);
  data = g_build_filename (tmp_dir, "data", NULL);
  cache = g_build_filename (tmp_dir, "cache", NULL);
  /* Before GLib reads them: where manifests and images are kept, in the test's folder. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("VERNO_CACHE_DIR", cache, TRUE);
  g_setenv ("VERNO_HTTP_TIMEOUT", "1", TRUE);
  g_test_init (&argc, &argv, NULL);
  start_server ();
  g_test_add_func ("/verno/iiif/v3", test_v3);
  g_test_add_func ("/verno/iiif/v2", test_v2);
  g_test_add_func ("/verno/iiif/local-manifest-project", test_local_manifest_project);
  g_test_add_func ("/verno/iiif/retries", test_retries);
  g_test_add_func ("/verno/iiif/failures", test_failures);
  g_test_add_func ("/verno/iiif/unreachable-cli", test_unreachable_cli);
  status = g_test_run ();
  vn_test_remove_tree (tmp_dir);
  return status;
}
