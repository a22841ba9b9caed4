/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-alignment.c: times vn_align_words against dwdiff on two generated million-word texts. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vn-alignment.h"

#define TARGET_SECONDS   2.0
#define TARGET_RSS_MB    300.0
#define CHANGE_RATE      0.03
#define WORDS_PER_LINE   12
#define DWDIFF           "/usr/bin/dwdiff"

/* Figures measured in the child that ran the alignment, sent back whole through a pipe. */
typedef struct
{
  double  load_seconds;
  double  align_seconds;
  glong   max_rss_kb;
  guint   n_a, n_b;
  guint   hunks[4];
  guint   a_words[4];
  guint   b_words[4];
  guint   shapes[5][5];   /* REPLACE hunks by (A words, B words) */
} OurFigures;

typedef struct
{
  double  seconds;
  glong   max_rss_kb;
  int     status;
} PeerFigures;

/* ---------------------------------------------------------------------------------------- */
/* Generating the texts                                                                     */

static const char *cyrillic = "абвгдежзийклмнопрстуфхцчшщъыьэюя";

static void
append_random_letter (GString *word,
                      GRand   *rng)
{
  guint k = g_rand_int_range (rng, 0, 32);

  /* Each of these letters is two bytes in UTF-8. */
  g_string_append_len (word, cyrillic + 2 * k, 2);
}

/* Distinct pseudo-words, the frequent (low-rank) ones shorter, as in natural language. */
static GPtrArray *
make_vocabulary (guint  size,
                 GRand *rng)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  while (words->len < size)
    {
      guint length = 1 + (guint) log2 (words->len + 2) / 2 + g_rand_int_range (rng, 0, 6);
      GString *word = g_string_new (NULL);

      for (guint k = 0; k < length; k++)
        append_random_letter (word, rng);
      if (g_hash_table_contains (seen, word->str))
        {
          g_string_free (word, TRUE);
          continue;
        }
      g_ptr_array_add (words, g_string_free (word, FALSE));
      g_hash_table_add (seen, words->pdata[words->len - 1]);
    }

  return words;
}

/* Cumulative Zipf (s = 1) weights over ranks, for sampling by binary search. */
static double *
make_zipf_cdf (guint size)
{
  double *cdf = g_new (double, size);
  double total = 0;

  for (guint r = 0; r < size; r++)
    cdf[r] = total += 1.0 / (r + 1);
  for (guint r = 0; r < size; r++)
    cdf[r] /= total;

  return cdf;
}

static guint
sample_rank (const double *cdf,
             guint         size,
             GRand        *rng)
{
  double u = g_rand_double (rng);
  guint lo = 0, hi = size - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (cdf[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

typedef struct
{
  GString *text;
  guint    words;
} TextWriter;

static void
text_add (TextWriter *t,
          const char *word,
          gssize      len)
{
  if (t->words > 0)
    g_string_append_c (t->text, t->words % WORDS_PER_LINE == 0 ? '\n' : ' ');
  g_string_append_len (t->text, word, len);
  t->words++;
}

/* Replaces one letter of @word by another letter. */
static void
add_with_substitution (TextWriter *b,
                       const char *word,
                       GRand      *rng)
{
  g_autoptr(GString) copy = g_string_new (word);
  guint at = 2 * g_rand_int_range (rng, 0, copy->len / 2);
  g_autoptr(GString) letter = g_string_new (NULL);

  do
    {
      g_string_truncate (letter, 0);
      append_random_letter (letter, rng);
    }
  while (memcmp (letter->str, copy->str + at, 2) == 0);
  memcpy (copy->str + at, letter->str, 2);
  text_add (b, copy->str, copy->len);
}

/* Writes A word @k (and maybe its neighbour) into B, damaged about CHANGE_RATE of the time.
 * Returns how many A words it consumed. */
static guint
add_damaged (TextWriter      *b,
             const guint32   *ranks,
             guint            n,
             guint            k,
             const GPtrArray *vocabulary,
             GRand           *rng)
{
  const char *word = vocabulary->pdata[ranks[k]];
  gsize len = strlen (word);
  double kind = g_rand_double (rng);

  if (g_rand_double (rng) >= CHANGE_RATE)
    text_add (b, word, len);
  else if (kind < 0.30 || (kind < 0.50 && len < 4))
    add_with_substitution (b, word, rng);
  else if (kind < 0.50)
    {
      gsize cut = 2 * g_rand_int_range (rng, 1, len / 2);

      text_add (b, word, cut);
      text_add (b, word + cut, len - cut);
    }
  else if (kind < 0.70 && k + 1 < n)
    {
      g_autofree char *merged = g_strconcat (word, vocabulary->pdata[ranks[k + 1]], NULL);

      text_add (b, merged, -1);
      return 2;
    }
  else if (kind < 0.85)
    ; /* deleted from B */
  else
    {
      text_add (b, word, len);
      text_add (b, vocabulary->pdata[g_rand_int_range (rng, 0, vocabulary->len)], -1);
    }

  return 1;
}

static void
write_text (const char *path,
            GString    *text)
{
  g_autoptr(GError) error = NULL;

  g_string_append_c (text, '\n');
  if (!g_file_set_contents (path, text->str, text->len, &error))
    g_error ("Cannot write %s: %s", path, error->message);
}

static void
generate_texts (guint       n_words,
                guint       vocabulary_size,
                guint32     seed,
                const char *path_a,
                const char *path_b)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) vocabulary = make_vocabulary (vocabulary_size, rng);
  g_autofree double *cdf = make_zipf_cdf (vocabulary_size);
  g_autofree guint32 *ranks = g_new (guint32, n_words);
  TextWriter a = { g_string_new (NULL), 0 }, b = { g_string_new (NULL), 0 };

  for (guint k = 0; k < n_words; k++)
    {
      ranks[k] = sample_rank (cdf, vocabulary_size, rng);
      text_add (&a, vocabulary->pdata[ranks[k]], -1);
    }
  for (guint k = 0; k < n_words;)
    k += add_damaged (&b, ranks, n_words, k, vocabulary, rng);

  write_text (path_a, a.text);
  write_text (path_b, b.text);
  g_string_free (a.text, TRUE);
  g_string_free (b.text, TRUE);
}

/* ---------------------------------------------------------------------------------------- */
/* Measuring                                                                                */

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* Splits the file's contents in place at spaces and newlines; the keys point into @contents. */
static GPtrArray *
read_words (const char *path,
            char      **contents)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *words = g_ptr_array_sized_new (1 << 20);
  char *p;

  if (!g_file_get_contents (path, contents, NULL, &error))
    g_error ("Cannot read %s: %s", path, error->message);

  for (p = *contents; *p != '\0';)
    {
      while (*p == ' ' || *p == '\n')
        *p++ = '\0';
      if (*p == '\0')
        break;
      g_ptr_array_add (words, p);
      while (*p != '\0' && *p != ' ' && *p != '\n')
        p++;
    }

  return words;
}

static void
count_hunks (GArray     *hunks,
             OurFigures *fig)
{
  for (guint k = 0; k < hunks->len; k++)
    {
      const VnAlignHunk *h = &g_array_index (hunks, VnAlignHunk, k);

      fig->hunks[h->op]++;
      fig->a_words[h->op] += h->a_len;
      fig->b_words[h->op] += h->b_len;
      if (h->op == VN_ALIGN_REPLACE && h->a_len <= 4 && h->b_len <= 4)
        fig->shapes[h->a_len][h->b_len]++;
    }
}

/* Runs in the forked child: everything it allocates counts towards its own peak RSS only. */
static void
measure_ours_in_child (const char *path_a,
                       const char *path_b,
                       int         out_fd)
{
  OurFigures fig = { 0 };
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GArray) hunks = NULL;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();

  a = read_words (path_a, &text_a);
  b = read_words (path_b, &text_b);
  fig.load_seconds = seconds_since (start);

  start = g_get_monotonic_time ();
  hunks = vn_align_words ((const char * const *) a->pdata, a->len,
                          (const char * const *) b->pdata, b->len);
  fig.align_seconds = seconds_since (start);

  getrusage (RUSAGE_SELF, &usage);
  fig.max_rss_kb = usage.ru_maxrss;
  fig.n_a = a->len;
  fig.n_b = b->len;
  count_hunks (hunks, &fig);
  if (write (out_fd, &fig, sizeof fig) != sizeof fig)
    _exit (1);
}

static OurFigures
measure_ours (const char *path_a,
              const char *path_b)
{
  OurFigures fig = { 0 };
  int fds[2];
  pid_t pid;
  int status;

  if (pipe (fds) != 0)
    g_error ("pipe: %s", g_strerror (errno));

  pid = fork ();
  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      close (fds[0]);
      measure_ours_in_child (path_a, path_b, fds[1]);
      _exit (0);
    }

  close (fds[1]);
  if (read (fds[0], &fig, sizeof fig) != sizeof fig)
    g_error ("The alignment child died without reporting");
  close (fds[0]);
  waitpid (pid, &status, 0);

  return fig;
}

/* Runs `dwdiff --statistics A B` with its diff thrown away and its statistics in @stats_path. */
static PeerFigures
measure_dwdiff (const char *path_a,
                const char *path_b,
                const char *stats_path)
{
  PeerFigures fig = { 0 };
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  pid_t pid = fork ();

  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      int null_fd = open ("/dev/null", O_WRONLY);
      int stats_fd = open (stats_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

      dup2 (null_fd, STDOUT_FILENO);
      dup2 (stats_fd, STDERR_FILENO);
      execl (DWDIFF, "dwdiff", "--statistics", path_a, path_b, (char *) NULL);
      _exit (127);
    }

  if (wait4 (pid, &fig.status, 0, &usage) < 0)
    g_error ("wait4: %s", g_strerror (errno));
  fig.seconds = seconds_since (start);
  fig.max_rss_kb = usage.ru_maxrss;

  return fig;
}

/* ---------------------------------------------------------------------------------------- */
/* Reporting                                                                                */

static double
mb (glong kb)
{
  return kb / 1024.0;
}

static void
print_hunk_counts (const OurFigures *fig)
{
  static const char *names[] = { "equal", "replace", "delete", "insert" };

  g_print ("\nHunks by op:\n");
  for (guint op = 0; op < 4; op++)
    g_print ("  %-8s %8u hunks  %9u A words  %9u B words\n",
             names[op], fig->hunks[op], fig->a_words[op], fig->b_words[op]);

  g_print ("  replace shapes (A:B):");
  for (guint m = 1; m <= 4; m++)
    for (guint n = 1; n <= 4; n++)
      if (fig->shapes[m][n] > 0)
        g_print ("  %u:%u %u", m, n, fig->shapes[m][n]);
  g_print ("\n");
}

static gboolean
check (const char *what,
       gboolean    ok)
{
  g_print ("  %-44s %s\n", what, ok ? "PASS" : "FAIL");
  return ok;
}

static void
print_peer (const PeerFigures *peer,
            const OurFigures  *ours,
            const char        *stats_path)
{
  double our_seconds = ours->load_seconds + ours->align_seconds;
  g_autofree char *stats = NULL;

  g_print ("  %-30s %9.2f s %9.1f MB\n", "dwdiff --statistics", peer->seconds,
           mb (peer->max_rss_kb));
  g_print ("  %-30s %9.1fx %9.1fx\n", "dwdiff / ours", peer->seconds / our_seconds,
           (double) peer->max_rss_kb / ours->max_rss_kb);

  if (!WIFEXITED (peer->status) || WEXITSTATUS (peer->status) > 1)
    g_print ("  (dwdiff failed: status %d)\n", peer->status);
  if (g_file_get_contents (stats_path, &stats, NULL, NULL))
    g_print ("\ndwdiff says:\n%s", stats);
}

/* Returns TRUE if every target is met. */
static gboolean
report (guint              n_words,
        const OurFigures  *ours,
        const PeerFigures *peer,
        const char        *stats_path)
{
  double our_seconds = ours->load_seconds + ours->align_seconds;
  double share_a = 100.0 * (ours->n_a - ours->a_words[VN_ALIGN_EQUAL]) / MAX (ours->n_a, 1);
  double share_b = 100.0 * (ours->n_b - ours->b_words[VN_ALIGN_EQUAL]) / MAX (ours->n_b, 1);
  gboolean ok = TRUE;

  g_print ("\n  %-30s %11s %12s\n", "", "wall time", "peak RSS");
  g_print ("  %-30s %9.2f s %9.1f MB   (read+tokenise %.2f s, align %.2f s)\n",
           "vn_align_words (ours)", our_seconds, mb (ours->max_rss_kb),
           ours->load_seconds, ours->align_seconds);
  if (peer != NULL)
    print_peer (peer, ours, stats_path);

  print_hunk_counts (ours);
  g_print ("\nWords outside EQUAL hunks: A %.2f %%, B %.2f %% (about %.0f %% changed)\n",
           share_a, share_b, 100 * CHANGE_RATE);

  g_print ("\nTargets (%u words):\n", n_words);
  ok &= check ("ours: wall time <= 2.0 s", our_seconds <= TARGET_SECONDS);
  ok &= check ("ours: peak RSS <= 300 MB", mb (ours->max_rss_kb) <= TARGET_RSS_MB);
  /* A few thousand words hold too few changes for the share to be meaningful. */
  if (n_words >= 10000)
    ok &= check ("sanity: 2 % <= non-equal A words <= 5 %", share_a >= 2.0 && share_a <= 5.0);
  else
    g_print ("  %-44s %s\n", "sanity: share of non-equal words", "skipped (< 10000 words)");

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  gint n_words = 1000000, seed = 20240611;
  gboolean no_peer = FALSE, keep = FALSE;
  GOptionEntry entries[] = {
    { "words", 'n', 0, G_OPTION_ARG_INT, &n_words, "Words per text (default 1000000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generator", "S" },
    { "no-peer", 0, 0, G_OPTION_ARG_NONE, &no_peer, "Do not run dwdiff", NULL },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the generated texts", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- benchmark word alignment");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autofree char *stats_path = NULL;
  guint vocabulary_size;
  OurFigures ours;
  PeerFigures peer;
  gboolean ok;
  gint64 start;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_words < 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--words must be at least 2");
      return 2;
    }

  dir = g_dir_make_tmp ("verno-bench-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("Cannot make a temporary directory: %s\n", error->message);
      return 2;
    }
  path_a = g_build_filename (dir, "transcription.txt", NULL);
  path_b = g_build_filename (dir, "ocr.txt", NULL);
  stats_path = g_build_filename (dir, "dwdiff-statistics.txt", NULL);

  vocabulary_size = CLAMP (n_words / 8, 1000, 120000);
  start = g_get_monotonic_time ();
  generate_texts (n_words, vocabulary_size, seed, path_a, path_b);
  g_print ("Generated %d + ~%d words (Zipf, %u distinct pseudo-words, seed %d) in %.1f s\n  %s\n",
           n_words, n_words, vocabulary_size, seed, seconds_since (start), dir);

  ours = measure_ours (path_a, path_b);
  if (!no_peer)
    peer = measure_dwdiff (path_a, path_b, stats_path);
  ok = report (n_words, &ours, no_peer ? NULL : &peer, stats_path);

  if (!keep)
    {
      g_unlink (path_a);
      g_unlink (path_b);
      g_unlink (stats_path);
      g_rmdir (dir);
    }

  return ok ? 0 : 1;
}
