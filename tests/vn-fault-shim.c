/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vn-fault-shim.c: preloaded (LD_PRELOAD) into verno or a test, makes one write fail, so
 * that tests/test-durable.c can fail every write of the journal, corrections.diff and
 * state.json in turn, including those GLib's g_file_set_contents () makes. It counts the
 * operations on those files (write, writev, pwrite, fallocate, fsync, fdatasync, rename)
 * and fails one of them, once, as it is told by the environment:
 *
 *   VN_FAULT_FILES  names, separated by ':', of the files whose operations count; a file
 *                   counts if its name starts with one (GLib writes "state.json.XXXXXX")
 *   VN_FAULT_AT     the operation to fail, from 1; 0 or none: fail nothing, only count
 *   VN_FAULT_KIND   enospc, eio, or short: a write that writes half, then ENOSPC
 *   VN_FAULT_LOG    a file that gets one line per counted operation:
 *                   "NUMBER FILE OPERATION ok" or "… FAULT KIND"
 *
 * A process asks how many faults it has met with vn_fault_shim_injected (), and may arm the
 * shim again, counting from 0, with vn_fault_shim_arm () (both through dlsym): one process
 * then runs a case per fault. */
#define _GNU_SOURCE
/* Both names of pwrite and fallocate are defined here, so the headers must not make one the
 * other. */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

typedef enum { KIND_ENOSPC, KIND_EIO, KIND_SHORT } Kind;

static ssize_t (*real_write) (int, const void *, size_t);
static ssize_t (*real_writev) (int, const struct iovec *, int);
static ssize_t (*real_pwrite64) (int, const void *, size_t, off64_t);
static int (*real_fallocate64) (int, int, off64_t, off64_t);
static int (*real_fsync) (int);
static int (*real_fdatasync) (int);
static int (*real_rename) (const char *, const char *);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char names[16][256];   /* VN_FAULT_FILES, split */
static int n_names;
static long fault_at;
static Kind fault_kind;
static char log_path[PATH_MAX];
static long counted;
static int injected;
static int short_fd = -1;   /* after a short write, this descriptor's next write fails */

static Kind
parse_kind (const char *name)
{
  return strcmp (name, "eio") == 0 ? KIND_EIO
         : strcmp (name, "short") == 0 ? KIND_SHORT : KIND_ENOSPC;
}

static void
init (void)
{
  const char *value;

  real_write = dlsym (RTLD_NEXT, "write");
  real_writev = dlsym (RTLD_NEXT, "writev");
  real_pwrite64 = dlsym (RTLD_NEXT, "pwrite64");
  real_fallocate64 = dlsym (RTLD_NEXT, "fallocate64");
  real_fsync = dlsym (RTLD_NEXT, "fsync");
  real_fdatasync = dlsym (RTLD_NEXT, "fdatasync");
  real_rename = dlsym (RTLD_NEXT, "rename");
  for (const char *p = getenv ("VN_FAULT_FILES"); p != NULL && *p && n_names < 16; )
    {
      size_t n = strcspn (p, ":");

      if (n > 0 && n < sizeof names[0])
        memcpy (names[n_names++], p, n);
      p += n + (p[n] == ':');
    }
  fault_at = getenv ("VN_FAULT_AT") ? atol (getenv ("VN_FAULT_AT")) : 0;
  value = getenv ("VN_FAULT_KIND") ? getenv ("VN_FAULT_KIND") : "enospc";
  fault_kind = parse_kind (value);
  snprintf (log_path, sizeof log_path, "%s", getenv ("VN_FAULT_LOG") ? getenv ("VN_FAULT_LOG")
                                                                      : "");
}

void vn_fault_shim_arm (long at, const char *kind, const char *log);

/* As if the process started again with VN_FAULT_AT=@at, VN_FAULT_KIND=@kind and
 * VN_FAULT_LOG=@log. */
void
vn_fault_shim_arm (long        at,
                   const char *kind,
                   const char *log)
{
  pthread_once (&once, init);
  pthread_mutex_lock (&lock);
  counted = 0;
  fault_at = at;
  fault_kind = parse_kind (kind);
  snprintf (log_path, sizeof log_path, "%s", log ? log : "");
  short_fd = -1;
  pthread_mutex_unlock (&lock);
}

int vn_fault_shim_injected (void);

int
vn_fault_shim_injected (void)
{
  return __atomic_load_n (&injected, __ATOMIC_SEQ_CST);
}

/* The name in VN_FAULT_FILES that @path's last part starts with, or NULL. */
static const char *
counted_name (const char *path)
{
  const char *base = strrchr (path, '/');

  base = base ? base + 1 : path;
  for (int i = 0; i < n_names; i++)
    if (strncmp (base, names[i], strlen (names[i])) == 0)
      return names[i];
  return NULL;
}

static const char *
fd_name (int fd)
{
  char link[64], path[PATH_MAX];
  ssize_t n;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, path, sizeof path - 1);
  if (n <= 0)
    return NULL;
  path[n] = '\0';
  return counted_name (path);
}

static void
log_line (long        number,
          const char *name,
          const char *op,
          const char *result)
{
  char line[512];
  int fd, len;

  if (log_path[0] == '\0')
    return;
  len = snprintf (line, sizeof line, "%ld %s %s %s\n", number, name, op, result);
  fd = open (log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0)
    {
      real_write (fd, line, len);
      close (fd);
    }
}

/* Whether this operation on @name is the one to fail: counted under the lock, logged. */
static int
should_fail (const char *name,
             const char *op)
{
  static const char *kind_names[] = { "enospc", "eio", "short" };
  long number;
  int fail;

  pthread_mutex_lock (&lock);
  number = ++counted;
  fail = fault_at > 0 && number == fault_at;
  if (fail)
    __atomic_add_fetch (&injected, 1, __ATOMIC_SEQ_CST);
  log_line (number, name, op, fail ? kind_names[fault_kind] : "ok");
  pthread_mutex_unlock (&lock);
  return fail;
}

static int
fault_errno (void)
{
  return fault_kind == KIND_EIO ? EIO : ENOSPC;
}

/* Counts a write of @len bytes on @fd: 0 to let it through, -1 (errno set) to fail it, or
 * the shorter length to write instead. */
static ssize_t
check_write (int         fd,
             size_t      len,
             const char *op,
             size_t     *shorter)
{
  const char *name;

  pthread_once (&once, init);
  *shorter = len;
  if (fd == short_fd)
    {
      short_fd = -1;
      errno = ENOSPC;
      return -1;
    }
  if ((name = fd_name (fd)) == NULL || !should_fail (name, op))
    return 0;
  if (fault_kind == KIND_SHORT && len > 1)
    {
      *shorter = len / 2;
      short_fd = fd;
      return 0;
    }
  errno = fault_errno ();
  return -1;
}

ssize_t
write (int         fd,
       const void *buf,
       size_t      len)
{
  size_t n;

  if (check_write (fd, len, "write", &n) < 0)
    return -1;
  return real_write (fd, buf, n);
}

ssize_t
pwrite64 (int         fd,
          const void *buf,
          size_t      len,
          off64_t     offset)
{
  size_t n;

  if (check_write (fd, len, "pwrite", &n) < 0)
    return -1;
  return real_pwrite64 (fd, buf, n, offset);
}

ssize_t
pwrite (int         fd,
        const void *buf,
        size_t      len,
        off_t       offset)
{
  return pwrite64 (fd, buf, len, offset);
}

/* A short writev writes its first buffer only, or half of it. */
ssize_t
writev (int                 fd,
        const struct iovec *iov,
        int                 count)
{
  size_t len = 0, n;

  for (int i = 0; i < count; i++)
    len += iov[i].iov_len;
  if (check_write (fd, len, "writev", &n) < 0)
    return -1;
  if (n < len && count > 0)
    return real_write (fd, iov[0].iov_base, iov[0].iov_len > 1 ? iov[0].iov_len / 2 : 1);
  return real_writev (fd, iov, count);
}

static int
check_other (int         fd,
             const char *op)
{
  const char *name;

  pthread_once (&once, init);
  if ((name = fd_name (fd)) == NULL || !should_fail (name, op))
    return 0;
  errno = fault_errno ();
  return -1;
}

int
fallocate64 (int     fd,
             int     mode,
             off64_t offset,
             off64_t len)
{
  if (check_other (fd, "fallocate") < 0)
    return -1;
  return real_fallocate64 (fd, mode, offset, len);
}

int
fallocate (int   fd,
           int   mode,
           off_t offset,
           off_t len)
{
  return fallocate64 (fd, mode, offset, len);
}

int
fsync (int fd)
{
  if (check_other (fd, "fsync") < 0)
    return -1;
  return real_fsync (fd);
}

int
fdatasync (int fd)
{
  if (check_other (fd, "fdatasync") < 0)
    return -1;
  return real_fdatasync (fd);
}

int
rename (const char *from,
        const char *to)
{
  const char *name;

  pthread_once (&once, init);
  if ((name = counted_name (to)) != NULL && should_fail (name, "rename"))
    {
      errno = fault_errno ();
      return -1;
    }
  return real_rename (from, to);
}
