/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-http.c: fetching what a IIIF manifest names, with libsoup 3's synchronous API: a
 * session of its own, an I/O timeout (a server that stalls fails, it does not hang), a few
 * retries with a pause between them for what may pass (no answer, a 5xx), none for what will
 * not (a 4xx, a refused URL), and a limit on the bytes read whatever the server says. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "vn-error.h"
#include "vn-http.h"

#define DEFAULT_TIMEOUT_SECONDS 30
#define DEFAULT_RETRIES 2

struct _VnHttp
{
  GObject      parent_instance;
  SoupSession *session;
  guint        retries;
};

G_DEFINE_FINAL_TYPE (VnHttp, vn_http, G_TYPE_OBJECT)

static void
vn_http_finalize (GObject *object)
{
  g_clear_object (&VN_HTTP (object)->session);
  G_OBJECT_CLASS (vn_http_parent_class)->finalize (object);
}

static void
vn_http_class_init (VnHttpClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_http_finalize;
}

static void
vn_http_init (VnHttp *self)
{
  const char *env = g_getenv ("VERNO_HTTP_TIMEOUT");
  guint timeout = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 0;

  self->session = soup_session_new_with_options ("user-agent", "Verno/" PACKAGE_VERSION,
                                                 "timeout", timeout ? timeout
                                                                    : DEFAULT_TIMEOUT_SECONDS,
                                                 NULL);
  self->retries = DEFAULT_RETRIES;
}

VnHttp *
vn_http_new (void)
{
  return g_object_new (VN_TYPE_HTTP, NULL);
}

void
vn_http_set_timeout (VnHttp *self,
                     guint   seconds)
{
  g_return_if_fail (VN_IS_HTTP (self));
  soup_session_set_timeout (self->session, seconds);
}

void
vn_http_set_retries (VnHttp *self,
                     guint   retries)
{
  g_return_if_fail (VN_IS_HTTP (self));
  self->retries = retries;
}

/* Only http and https, to a named host: a manifest cannot make Verno read local files
 * (file:), nor anything else. */
gboolean
vn_http_check_url (const char  *url,
                   GError     **error)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  if (uri != NULL && (g_ascii_strcasecmp (scheme, "https") == 0 ||
                      g_ascii_strcasecmp (scheme, "http") == 0) &&
      g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    return TRUE;
  {
    /* The address as one line of UTF-8, however the manifest wrote it. */
    g_autofree char *shown = g_utf8_make_valid (url ? url : "", -1);

    g_strdelimit (shown, "\n\r\t\v\f", ' ');
    g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                 _("“%.200s” is not an http or https address, and Verno fetches nothing else "
                   "for a IIIF manifest; correct the manifest."), shown);
  }
  return FALSE;
}

static GBytes *
read_limited (GInputStream  *stream,
              const char    *url,
              gsize          max_bytes,
              GError       **error)
{
  GByteArray *data = g_byte_array_new ();
  guint8 buffer[65536];

  while (TRUE)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error);

      if (n < 0)
        return g_byte_array_unref (data), NULL;
      if (n == 0)
        break;
      if (data->len + (gsize) n > max_bytes)
        {
          g_byte_array_unref (data);
          g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                       _("%s is larger than the %zu MB Verno fetches for one file; nothing of "
                         "it was kept."), url, max_bytes >> 20);
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }
  return g_byte_array_free_to_bytes (data);
}

/* One try: the bytes, or an error; *again says whether another try may do better. */
static GBytes *
try_get (VnHttp      *self,
         const char  *url,
         gsize        max_bytes,
         gboolean    *again,
         GError     **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  GBytes *bytes;
  SoupStatus status;

  *again = FALSE;
  if (msg == NULL)
    return vn_http_check_url (NULL, error), NULL;
  stream = soup_session_send (self->session, msg, NULL, &local_error);
  if (stream == NULL)
    {
      *again = TRUE;
      g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
                   _("Cannot reach %s for %s (%s); check the address and the network, or work "
                     "from what is cached."), g_uri_get_host (uri), url, local_error->message);
      return NULL;
    }
  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      *again = status >= 500;
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("%s answered %u (%s) for %s; check the manifest's addresses, or try again "
                     "later."), g_uri_get_host (uri), status,
                   soup_message_get_reason_phrase (msg), url);
      return NULL;
    }
  bytes = read_limited (stream, url, max_bytes, &local_error);
  if (bytes != NULL)
    return bytes;
  if (local_error->domain == VN_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  *again = TRUE;
  g_set_error (error, VN_ERROR, VN_ERROR_ENVIRONMENT,
               _("The connection to %s broke off while reading %s (%s); try again."),
               g_uri_get_host (uri), url, local_error->message);
  return NULL;
}

/* The body of @url, at most @max_bytes; a few tries when the server does not answer or
 * fails. */
GBytes *
vn_http_get (VnHttp      *self,
             const char  *url,
             gsize        max_bytes,
             GError     **error)
{
  g_return_val_if_fail (VN_IS_HTTP (self), NULL);

  if (!vn_http_check_url (url, error))
    return NULL;
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean again;
      GBytes *bytes = try_get (self, url, max_bytes, &again, &local_error);

      if (bytes != NULL)
        return bytes;
      if (!again || attempt >= self->retries)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_usleep (G_USEC_PER_SEC / 2 * (attempt + 1));
    }
}
