/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-tile-pyramid.c: the scan view's tiles: a pyramid of tiled textures, each level half the
 * size of the one before, built in a worker thread coarsest first. */
#define G_LOG_DOMAIN "vn-scan-view"

#include "vn-runtime.h"
#include "vn-scan-view-private.h"
#include "vn-texture.h"

/* ------------------------------------------------------------------ tile pyramid */


TilePyramid *
_vn_scan_view_tile_pyramid_new (int width,
                                int height)
{
  TilePyramid *pyramid = g_new0 (TilePyramid, 1);

  g_atomic_ref_count_init (&pyramid->ref_count);
  for (;;)
    {
      ScanLevel *level = &pyramid->levels[pyramid->n_levels++];

      level->width = width;
      level->height = height;
      level->n_columns = (width + TILE_SIZE - 1) / TILE_SIZE;
      level->n_rows = (height + TILE_SIZE - 1) / TILE_SIZE;
      level->tiles = g_new0 (GdkTexture *, level->n_columns * level->n_rows);
      level->surfaces = g_new0 (cairo_surface_t *, level->n_columns * level->n_rows);
      if (MAX (width, height) <= TILE_SIZE || MIN (width, height) < 2 ||
          pyramid->n_levels == MAX_LEVELS)
        break;
      width /= 2;
      height /= 2;
    }
  return pyramid;
}

TilePyramid *
_vn_scan_view_tile_pyramid_ref (TilePyramid *pyramid)
{
  g_atomic_ref_count_inc (&pyramid->ref_count);
  return pyramid;
}

void
_vn_scan_view_tile_pyramid_unref (TilePyramid *pyramid)
{
  if (!g_atomic_ref_count_dec (&pyramid->ref_count))
    return;
  for (guint i = 0; i < pyramid->n_levels; i++)
    {
      ScanLevel *level = &pyramid->levels[i];

      for (guint t = 0; t < level->n_columns * level->n_rows; t++)
        {
          g_clear_object (&level->tiles[t]);
          g_clear_pointer (&level->surfaces[t], cairo_surface_destroy);
        }
      g_free (level->tiles);
      g_free (level->surfaces);
    }
  g_free (pyramid);
}

gboolean
_vn_scan_view_tile_pyramid_is_complete (const TilePyramid *pyramid)
{
  return pyramid->n_ready == pyramid->n_levels;
}

/* The coarsest level at least as fine as @device_zoom (device px per image px), or the
 * nearest ready one while the worker is still busy; -1 when none is ready yet. */
int
_vn_scan_view_tile_pyramid_pick_level (const TilePyramid *pyramid,
                                       double             device_zoom)
{
  guint wanted = 0;

  for (guint i = 1; i < pyramid->n_levels; i++)
    if ((double) pyramid->levels[i].width / pyramid->levels[0].width >= device_zoom * 0.999)
      wanted = i;
  for (guint i = wanted; i < pyramid->n_levels; i++)
    if (pyramid->levels[i].ready)
      return i;
  for (guint i = wanted; i-- > 0;)
    if (pyramid->levels[i].ready)
      return i;
  return -1;
}

static gboolean
cut_level (VnPageImage  *image,
           ScanLevel    *level,
           GCancellable *cancellable)
{
  for (guint r = 0; r < level->n_rows; r++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      for (guint c = 0; c < level->n_columns; c++)
        {
          int x = c * TILE_SIZE, y = r * TILE_SIZE;

          level->tiles[r * level->n_columns + c] =
            vn_texture_new_for_page_image_area (image, x, y, MIN (TILE_SIZE, level->width - x),
                                                MIN (TILE_SIZE, level->height - y));
        }
    }
  return TRUE;
}

/* The page image is immutable and its reference count atomic: the worker holds one. */
typedef struct
{
  VnPageImage  *image;
  TilePyramid  *pyramid;
  GWeakRef      view;
  GMainContext *context;
} BuildJob;

static void
_vn_scan_view_build_job_free (BuildJob *job)
{
  g_clear_object (&job->image);
  _vn_scan_view_tile_pyramid_unref (job->pyramid);
  g_weak_ref_clear (&job->view);
  g_main_context_unref (job->context);
  g_free (job);
}

typedef struct
{
  GWeakRef     view;
  TilePyramid *pyramid;
  guint        level;
} LevelReady;

static void
level_ready_free (LevelReady *message)
{
  g_weak_ref_clear (&message->view);
  _vn_scan_view_tile_pyramid_unref (message->pyramid);
  g_free (message);
}


static gboolean
on_level_ready (gpointer data)
{
  LevelReady *message = data;
  g_autoptr(VnScanView) self = g_weak_ref_get (&message->view);

  if (self != NULL)
    _vn_scan_view_level_ready (self, message->pyramid, message->level);
  return G_SOURCE_REMOVE;
}

static void
post_level_ready (BuildJob *job,
                  guint     level)
{
  LevelReady *message = g_new0 (LevelReady, 1);
  g_autoptr(GObject) view = g_weak_ref_get (&job->view);

  g_weak_ref_init (&message->view, view);
  message->pyramid = _vn_scan_view_tile_pyramid_ref (job->pyramid);
  message->level = level;
  vn_runtime_post_to_context (job->context, on_level_ready, message,
                              (GDestroyNotify) level_ready_free);
}

/* Worker thread: halve down to one tile, then cut and publish the levels coarsest first so
 * that something is on screen within a few milliseconds even for a 600-dpi page. */
static void
_vn_scan_view_build_pyramid_thread (GTask        *task,
                                    gpointer      source_object,
                                    gpointer      task_data,
                                    GCancellable *cancellable)
{
  BuildJob *job = task_data;
  TilePyramid *pyramid = job->pyramid;
  VnPageImage *levels[MAX_LEVELS] = { g_object_ref (job->image), };
  gint64 start = g_get_monotonic_time ();

  /* The pyramid's geometry was fixed in the main thread before the worker started: each
   * level is made at exactly its size. */
  for (guint i = 1; i < pyramid->n_levels && !g_cancellable_is_cancelled (cancellable); i++)
    levels[i] = vn_page_image_reduce_to (levels[i - 1], pyramid->levels[i].width,
                                         pyramid->levels[i].height);
  for (guint i = pyramid->n_levels; i-- > 0;)
    {
      if (levels[i] == NULL || !cut_level (levels[i], &pyramid->levels[i], cancellable))
        break;
      post_level_ready (job, i);
      if (i == pyramid->n_levels - 1)
        g_debug ("First scan level ready after %.0f ms",
                 (g_get_monotonic_time () - start) / 1000.0);
    }
  for (guint i = 0; i < pyramid->n_levels; i++)
    g_clear_object (&levels[i]);
  g_debug ("Scan tiles for %d×%d built in %.0f ms", pyramid->levels[0].width,
           pyramid->levels[0].height, (g_get_monotonic_time () - start) / 1000.0);
  g_task_return_boolean (task, TRUE);
}

/* Starts building the tiles of @image; returns the pyramid the view draws from. */
TilePyramid *
_vn_scan_view_start_build (VnScanView    *self,
                           VnPageImage   *image,
                           GCancellable **cancellable)
{
  g_autoptr(GTask) task = NULL;
  BuildJob *job = g_new0 (BuildJob, 1);

  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();

  /* A reference, not a copy: copying a 600-dpi page would stall a frame or two. */
  job->image = g_object_ref (image);
  job->pyramid = _vn_scan_view_tile_pyramid_new (vn_page_image_get_width (image),
                                                 vn_page_image_get_height (image));
  g_weak_ref_init (&job->view, self);
  job->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, *cancellable, NULL, NULL);
  g_task_set_source_tag (task, _vn_scan_view_start_build);
  g_task_set_task_data (task, job, (GDestroyNotify) _vn_scan_view_build_job_free);
  g_task_run_in_thread (task, _vn_scan_view_build_pyramid_thread);
  return _vn_scan_view_tile_pyramid_ref (job->pyramid);
}
