/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-json.c: named members and documents for json-glib's builder. */
#include <math.h>

#include "vn-json.h"

void
vn_json_add_string (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
vn_json_add_int (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
vn_json_add_boolean (JsonBuilder *builder,
                     const char  *name,
                     gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* @value rounded to @decimals places; null when it is not a finite number (JSON has none). */
void
vn_json_add_double (JsonBuilder *builder,
                    const char  *name,
                    double       value,
                    guint        decimals)
{
  double scale = pow (10, decimals);

  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, round (value * scale) / scale);
  else
    json_builder_add_null_value (builder);
}

/* The builder's document (it must be complete). */
char *
vn_json_to_string (JsonBuilder *builder,
                   gboolean     pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}
