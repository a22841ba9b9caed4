/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-http.h: fetching what a IIIF manifest names (libsoup 3): http and https only, with a
 * timeout, retries of what may pass (a dropped connection, a server error), a byte limit,
 * and one sentence for what cannot be fetched. Nothing is fetched unless a manifest asks. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VN_TYPE_HTTP (vn_http_get_type ())
G_DECLARE_FINAL_TYPE (VnHttp, vn_http, VN, HTTP, GObject)

VnHttp   *vn_http_new             (void);
void      vn_http_set_timeout     (VnHttp       *self,
                                   guint         seconds);
void      vn_http_set_retries     (VnHttp       *self,
                                   guint         retries);
gboolean  vn_http_check_url       (const char   *url,
                                   GError      **error);
GBytes   *vn_http_get             (VnHttp       *self,
                                   const char   *url,
                                   gsize         max_bytes,
                                   GError      **error);

G_END_DECLS
