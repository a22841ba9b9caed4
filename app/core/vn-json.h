/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-json.h: the few json-glib calls every JSON writer of Verno makes: a named member of a
 * given type, a rounded number, a builder's document as text. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void  vn_json_add_string  (JsonBuilder *builder,
                           const char  *name,
                           const char  *value);
void  vn_json_add_int     (JsonBuilder *builder,
                           const char  *name,
                           gint64       value);
void  vn_json_add_boolean (JsonBuilder *builder,
                           const char  *name,
                           gboolean     value);
void  vn_json_add_double  (JsonBuilder *builder,
                           const char  *name,
                           double       value,
                           guint        decimals);
char *vn_json_to_string   (JsonBuilder *builder,
                           gboolean     pretty);

G_END_DECLS
