/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-correction.c: one edit of the canonical transcription, with its provenance. */
#include <string.h>

#include <glib/gi18n.h>

#include "vn-correction.h"
#include "vn-error.h"

struct _VnCorrection
{
  GObject             parent_instance;
  char               *id;
  guint               start, end;   /* bytes of the canonical transcription */
  char               *before, *after;
  VnCorrectionSource  source;
  int                 page;         /* scan page, -1 when unknown */
  VnBox               bbox;
  gint64              time;         /* microseconds since the epoch, UTC */
  char               *note;
  char               *context_before, *context_after;  /* canonical text around, to re-anchor */
};

G_DEFINE_FINAL_TYPE (VnCorrection, vn_correction, G_TYPE_OBJECT)

static const char *source_names[] = { "suggestion", "ocr", "typed", "batch" };

static void
vn_correction_finalize (GObject *object)
{
  VnCorrection *self = (VnCorrection *) object;

  g_free (self->id);
  g_free (self->before);
  g_free (self->after);
  g_free (self->note);
  g_free (self->context_before);
  g_free (self->context_after);
  G_OBJECT_CLASS (vn_correction_parent_class)->finalize (object);
}

static void
vn_correction_class_init (VnCorrectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vn_correction_finalize;
}

static void
vn_correction_init (VnCorrection *self)
{
  self->page = -1;
}

VnCorrection *
vn_correction_new (const char         *id,
                   guint               start,
                   guint               end,
                   const char         *before,
                   const char         *after,
                   VnCorrectionSource  source)
{
  VnCorrection *self = g_object_new (VN_TYPE_CORRECTION, NULL);

  g_return_val_if_fail (start <= end, NULL);
  self->id = g_strdup (id);
  self->start = start;
  self->end = end;
  self->before = g_strdup (before ? before : "");
  self->after = g_strdup (after ? after : "");
  self->source = source;
  self->time = g_get_real_time ();
  return self;
}

const char *vn_correction_get_id (VnCorrection *self) { return self->id; }
guint vn_correction_get_start (VnCorrection *self) { return self->start; }
guint vn_correction_get_end (VnCorrection *self) { return self->end; }
const char *vn_correction_get_before (VnCorrection *self) { return self->before; }
const char *vn_correction_get_after (VnCorrection *self) { return self->after; }
VnCorrectionSource vn_correction_get_source (VnCorrection *self) { return self->source; }
int vn_correction_get_page (VnCorrection *self) { return self->page; }
VnBox vn_correction_get_bbox (VnCorrection *self) { return self->bbox; }
gint64 vn_correction_get_time (VnCorrection *self) { return self->time; }
const char *vn_correction_get_note (VnCorrection *self) { return self->note; }
const char *vn_correction_get_context_before (VnCorrection *self) { return self->context_before; }
const char *vn_correction_get_context_after (VnCorrection *self) { return self->context_after; }

/* Re-anchoring found the same text elsewhere in a changed transcription. */
void
vn_correction_move (VnCorrection *self,
                    guint         start)
{
  g_return_if_fail (VN_IS_CORRECTION (self));
  self->end = start + (self->end - self->start);
  self->start = start;
}

void
vn_correction_set_region (VnCorrection *self,
                          int           page,
                          const VnBox  *bbox)
{
  g_return_if_fail (VN_IS_CORRECTION (self));
  self->page = page;
  self->bbox = bbox ? *bbox : (VnBox) { 0 };
}

void
vn_correction_set_time (VnCorrection *self,
                        gint64        unix_usec)
{
  g_return_if_fail (VN_IS_CORRECTION (self));
  self->time = unix_usec;
}

void
vn_correction_set_note (VnCorrection *self,
                        const char   *note)
{
  g_return_if_fail (VN_IS_CORRECTION (self));
  g_free (self->note);
  self->note = note && *note ? g_strdup (note) : NULL;
}

void
vn_correction_set_context (VnCorrection *self,
                           const char   *before,
                           const char   *after)
{
  g_return_if_fail (VN_IS_CORRECTION (self));
  g_free (self->context_before);
  g_free (self->context_after);
  self->context_before = g_strdup (before ? before : "");
  self->context_after = g_strdup (after ? after : "");
}

const char *
vn_correction_source_to_string (VnCorrectionSource source)
{
  g_return_val_if_fail (source < G_N_ELEMENTS (source_names), "typed");
  return source_names[source];
}

gboolean
vn_correction_source_from_string (const char         *name,
                                  VnCorrectionSource *source)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++)
    if (g_strcmp0 (name, source_names[i]) == 0)
      {
        *source = i;
        return TRUE;
      }
  return FALSE;
}

static char *
iso_time (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  return dt ? g_date_time_format_iso8601 (dt) : g_strdup ("");
}

JsonNode *
vn_correction_to_json (VnCorrection *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *when = iso_time (self->time);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->id);
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, self->start);
  json_builder_set_member_name (b, "end");
  json_builder_add_int_value (b, self->end);
  json_builder_set_member_name (b, "before");
  json_builder_add_string_value (b, self->before);
  json_builder_set_member_name (b, "after");
  json_builder_add_string_value (b, self->after);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, vn_correction_source_to_string (self->source));
  json_builder_set_member_name (b, "page");
  json_builder_add_int_value (b, self->page + 1);
  json_builder_set_member_name (b, "bbox");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, self->bbox.x);
  json_builder_add_int_value (b, self->bbox.y);
  json_builder_add_int_value (b, self->bbox.w);
  json_builder_add_int_value (b, self->bbox.h);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, when);
  json_builder_set_member_name (b, "time_us");
  json_builder_add_int_value (b, self->time);
  json_builder_set_member_name (b, "note");
  if (self->note)
    json_builder_add_string_value (b, self->note);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "context_before");
  json_builder_add_string_value (b, self->context_before ? self->context_before : "");
  json_builder_set_member_name (b, "context_after");
  json_builder_add_string_value (b, self->context_after ? self->context_after : "");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
get_uint (JsonObject  *object,
          const char  *name,
          gint64      *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return *value >= 0 && *value <= G_MAXUINT;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  /* json-glib turns a lone surrogate ("\ud800") into bytes that are not UTF-8. */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    return NULL;
  return json_node_get_string (node);
}

static void
read_region (VnCorrection *self,
             JsonObject   *object)
{
  JsonNode *node = json_object_get_member (object, "bbox");
  gint64 page = 0;
  VnBox box = { 0 };

  if (node && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 4)
    {
      JsonArray *a = json_node_get_array (node);
      box = (VnBox) { json_array_get_int_element (a, 0), json_array_get_int_element (a, 1),
                      json_array_get_int_element (a, 2), json_array_get_int_element (a, 3) };
    }
  get_uint (object, "page", &page);
  vn_correction_set_region (self, (int) page - 1, &box);
}

VnCorrection *
vn_correction_new_from_json (JsonObject  *object,
                             GError     **error)
{
  gint64 start, end, time_us = 0;
  const char *id = get_string (object, "id");
  const char *before = get_string (object, "before");
  const char *after = get_string (object, "after");
  VnCorrectionSource source = VN_SOURCE_TYPED;
  VnCorrection *self;
  JsonNode *time_node = json_object_get_member (object, "time_us");

  if (id == NULL || before == NULL || after == NULL || !get_uint (object, "start", &start) ||
      !get_uint (object, "end", &end) || end < start ||
      !vn_correction_source_from_string (get_string (object, "source"), &source))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("A correction record is incomplete (it needs id, start, end, before, "
                     "after and source)."));
      return NULL;
    }
  /* Replay replaces [start, end) by @after where @before is found: they must agree. */
  if ((guint64) (end - start) != strlen (before))
    {
      g_set_error (error, VN_ERROR, VN_ERROR_BAD_INPUT,
                   _("A correction record is damaged: bytes %lld to %lld cannot hold its text "
                     "“%s”."), (long long) start, (long long) end, before);
      return NULL;
    }
  self = vn_correction_new (id, start, end, before, after, source);
  read_region (self, object);
  if (time_node && json_node_get_value_type (time_node) == G_TYPE_INT64)
    time_us = json_node_get_int (time_node);
  vn_correction_set_time (self, time_us);
  vn_correction_set_note (self, get_string (object, "note"));
  vn_correction_set_context (self, get_string (object, "context_before"),
                             get_string (object, "context_after"));
  return self;
}
