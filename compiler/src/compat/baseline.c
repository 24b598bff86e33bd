/* Baselines. A git revision is read through one `git cat-file --batch` process, asked for
 * REF:./path per file (the bytes `git show REF:path` prints for a file, without filters), so
 * that imports come from the same revision as the entry files. */
#define _XOPEN_SOURCE 700 /* realpath */

#include "baseline.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *duplicate(const char *text)
{
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy)
        memcpy(copy, text, length + 1);
    return copy;
}

/* Runs git with argv (argv[0] is "git"), returns its standard output (malloc'd, NUL-terminated)
 * and exit status; standard error is discarded (the caller words its own messages). NULL when
 * git could not be run or memory ran out. */
static char *run_git(char *const *argv, size_t *length, int *exit_status)
{
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0)
        return NULL;
    pid_t child = fork();
    if (child < 0) {
        close(pipe_ends[0]);
        close(pipe_ends[1]);
        return NULL;
    }
    if (child == 0) {
        int null_fd = open("/dev/null", O_WRONLY);
        if (null_fd >= 0)
            dup2(null_fd, STDERR_FILENO);
        dup2(pipe_ends[1], STDOUT_FILENO);
        close(pipe_ends[0]);
        close(pipe_ends[1]);
        execvp("git", argv);
        _exit(127);
    }
    close(pipe_ends[1]);
    size_t used = 0, capacity = 4096;
    char *data = malloc(capacity);
    bool failed = !data;
    for (;;) {
        if (!failed && used + 1 >= capacity) {
            char *grown = realloc(data, capacity * 2);
            if (grown) {
                data = grown;
                capacity *= 2;
            } else {
                failed = true;
            }
        }
        char sink[4096];
        char *into = failed ? sink : data + used;
        size_t room = failed ? sizeof sink : capacity - used - 1;
        ssize_t got = read(pipe_ends[0], into, room);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        if (!failed)
            used += (size_t)got;
    }
    close(pipe_ends[0]);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (failed) {
        free(data);
        errno = ENOMEM;
        return NULL;
    }
    data[used] = '\0';
    if (length)
        *length = used;
    return data;
}

static bool git_ok(char *const *argv, char **output)
{
    int status;
    char *data = run_git(argv, NULL, &status);
    if (data && status == 0) {
        if (output)
            *output = data;
        else
            free(data);
        return true;
    }
    free(data);
    return false;
}

static void trim_newline(char *text)
{
    size_t length = strlen(text);
    while (length && (text[length - 1] == '\n' || text[length - 1] == '\r'))
        text[--length] = '\0';
}

/* Starts `git cat-file --batch` with a pipe each way. */
static bool start_batch(compat_baseline *baseline)
{
    int requests[2], answers[2];
    if (pipe(requests) != 0)
        return false;
    if (pipe(answers) != 0) {
        close(requests[0]);
        close(requests[1]);
        return false;
    }
    /* Our ends must not leak into the child, or it would never see the end of its input. */
    fcntl(requests[1], F_SETFD, FD_CLOEXEC);
    fcntl(answers[0], F_SETFD, FD_CLOEXEC);
    pid_t child = fork();
    if (child == 0) {
        int null_fd = open("/dev/null", O_WRONLY);
        if (null_fd >= 0)
            dup2(null_fd, STDERR_FILENO);
        dup2(requests[0], STDIN_FILENO);
        dup2(answers[1], STDOUT_FILENO);
        close(requests[0]);
        close(answers[1]);
        char *argv[] = {"git", "cat-file", "--batch", NULL};
        execvp("git", argv);
        _exit(127);
    }
    close(requests[0]);
    close(answers[1]);
    baseline->batch_output = child > 0 ? fdopen(answers[0], "r") : NULL;
    if (!baseline->batch_output) {
        close(requests[1]);
        close(answers[0]);
        if (child > 0)
            waitpid(child, NULL, 0);
        return false;
    }
    baseline->batch_pid = child;
    baseline->batch_input = requests[1];
    return true;
}

static void stop_batch(compat_baseline *baseline)
{
    if (!baseline->batch_output)
        return;
    close(baseline->batch_input); /* end of input: git exits */
    fclose(baseline->batch_output);
    while (waitpid(baseline->batch_pid, NULL, 0) < 0 && errno == EINTR) {
    }
    baseline->batch_output = NULL;
}

/* write() that reports a dead reader as EPIPE instead of killing the process with SIGPIPE. */
static bool write_all(int fd, const char *data, size_t length)
{
    sigset_t pipe_signal, previous;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
    bool ok = true;
    while (ok && length) {
        ssize_t written = write(fd, data, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            ok = false;
            break;
        }
        data += written;
        length -= (size_t)written;
    }
    if (!ok && errno == EPIPE && !sigismember(&previous, SIGPIPE)) {
        struct timespec now = {0, 0};
        sigtimedwait(&pipe_signal, NULL, &now); /* the pending SIGPIPE is ours: drop it */
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return ok;
}

bool compat_baseline_open(compat_baseline *baseline, const char *spec, char *error,
                          size_t error_size)
{
    memset(baseline, 0, sizeof *baseline);
    baseline->spec = spec;
    if (strncmp(spec, "git:", 4) == 0) {
        baseline->kind = COMPAT_BASELINE_GIT;
        baseline->path = spec + 4;
        if (!*baseline->path) {
            snprintf(error, error_size, "--against git: needs a revision (git:HEAD~1)");
            return false;
        }
        char *top = NULL;
        char *show_top[] = {"git", "rev-parse", "--show-toplevel", NULL};
        if (!git_ok(show_top, &top)) {
            snprintf(error, error_size,
                     "--against %s: cannot run git here (is git installed, and is this folder "
                     "inside a git work tree?)",
                     spec);
            return false;
        }
        trim_newline(top);
        baseline->toplevel = top;
        size_t ref_length = strlen(baseline->path);
        char *commit = malloc(ref_length + 10);
        if (!commit) {
            snprintf(error, error_size, "out of memory");
            return false;
        }
        snprintf(commit, ref_length + 10, "%s^{commit}", baseline->path);
        char *verify[] = {"git", "rev-parse", "--verify", "--quiet", commit, NULL};
        bool known = git_ok(verify, NULL);
        free(commit);
        if (!known) {
            snprintf(error, error_size, "--against %s: git does not know the revision '%s'", spec,
                     baseline->path);
            return false;
        }
        baseline->old_prefix = malloc(ref_length + 2);
        if (!baseline->old_prefix) {
            snprintf(error, error_size, "out of memory");
            return false;
        }
        snprintf(baseline->old_prefix, ref_length + 2, "%s:", baseline->path);
        if (!start_batch(baseline)) {
            snprintf(error, error_size, "--against %s: cannot start git cat-file", spec);
            return false;
        }
        return true;
    }
    baseline->path = spec;
    struct stat info;
    if (stat(spec, &info) != 0) {
        snprintf(error, error_size, "cannot read '%s': %s", spec, strerror(errno));
        return false;
    }
    baseline->kind = S_ISDIR(info.st_mode) ? COMPAT_BASELINE_DIRECTORY : COMPAT_BASELINE_FILE;
    return true;
}

void compat_baseline_close(compat_baseline *baseline)
{
    stop_batch(baseline);
    free(baseline->toplevel);
    free(baseline->old_prefix);
    baseline->toplevel = baseline->old_prefix = NULL;
}

/* "./a//b.payload" -> "a/b.payload": only what changes how paths line up. */
static const char *skip_dot_slash(const char *path)
{
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (*path == '/')
            path++;
    }
    return path;
}

/* Length of the folder part shared by every path, ending at a '/' (0 when none). */
static size_t common_folder(const char *const *paths, uint32_t count)
{
    const char *first = skip_dot_slash(paths[0]);
    const char *slash = strrchr(first, '/');
    size_t length = slash ? (size_t)(slash - first) + 1 : 0;
    for (uint32_t i = 1; i < count; i++) {
        const char *path = skip_dot_slash(paths[i]);
        size_t same = 0;
        while (same < length && path[same] == first[same])
            same++;
        if (same < length) {
            while (same > 0 && first[same - 1] != '/')
                same--;
            length = same;
        }
    }
    return length;
}

char **compat_baseline_entries(const compat_baseline *baseline, const char *const *new_files,
                               uint32_t new_count, uint32_t *old_count)
{
    uint32_t count = baseline->kind == COMPAT_BASELINE_FILE ? 1 : new_count;
    char **entries = calloc(count + 1, sizeof *entries);
    if (!entries)
        return NULL;
    size_t shared =
        baseline->kind == COMPAT_BASELINE_DIRECTORY ? common_folder(new_files, new_count) : 0;
    for (uint32_t i = 0; i < count; i++) {
        if (baseline->kind == COMPAT_BASELINE_FILE) {
            entries[i] = duplicate(baseline->path);
        } else if (baseline->kind == COMPAT_BASELINE_GIT) {
            entries[i] = duplicate(new_files[i]);
        } else {
            const char *relative = skip_dot_slash(new_files[i]) + shared;
            size_t length = strlen(baseline->path) + 1 + strlen(relative) + 1;
            entries[i] = malloc(length);
            if (entries[i])
                snprintf(entries[i], length, "%s/%s", baseline->path, relative);
        }
        if (!entries[i]) {
            compat_baseline_free_entries(entries, i);
            return NULL;
        }
    }
    *old_count = count;
    return entries;
}

void compat_baseline_free_entries(char **entries, uint32_t count)
{
    if (!entries)
        return;
    for (uint32_t i = 0; i < count; i++)
        free(entries[i]);
    free(entries);
}

/* The object name git understands for a path as the loader spells it: relative paths are
 * relative to the current folder ("REF:./path"), absolute ones to the work tree's top. */
static char *object_name(const compat_baseline *baseline, const char *path)
{
    const char *ref = baseline->path;
    const char *relative = NULL;
    char resolved[PATH_MAX];
    if (path[0] == '/') {
        size_t top_length = strlen(baseline->toplevel);
        if (strncmp(path, baseline->toplevel, top_length) == 0 && path[top_length] == '/') {
            relative = path + top_length + 1;
        } else {
            /* The path may go through a symbolic link to the work tree: resolve its folder. */
            char folder[PATH_MAX];
            snprintf(folder, sizeof folder, "%s", path);
            char *slash = strrchr(folder, '/');
            if (!slash)
                return NULL;
            *slash = '\0';
            if (!realpath(folder[0] ? folder : "/", resolved))
                return NULL;
            size_t length = strlen(resolved);
            if (strncmp(resolved, baseline->toplevel, top_length) != 0 ||
                (resolved[top_length] != '/' && resolved[top_length] != '\0'))
                return NULL;
            snprintf(resolved + length, sizeof resolved - length, "/%s", slash + 1);
            relative = resolved + top_length + 1;
        }
    }
    size_t size = strlen(ref) + 3 + strlen(relative ? relative : path) + 1;
    char *name = malloc(size);
    if (!name)
        return NULL;
    if (relative)
        snprintf(name, size, "%s:%s", ref, relative);
    else
        snprintf(name, size, "%s:./%s", ref, path);
    return name;
}

char *compat_git_read(void *context, const char *path, size_t *length)
{
    compat_baseline *baseline = context;
    char *name = object_name(baseline, path);
    if (!name || strchr(name, '\n') || !baseline->batch_output) {
        free(name);
        errno = ENOENT;
        return NULL;
    }
    /* One request, one answer: "<sha> <type> <size>\n<size bytes>\n" or "<name> missing". */
    size_t name_length = strlen(name);
    name[name_length] = '\n';
    bool sent = write_all(baseline->batch_input, name, name_length + 1);
    free(name);
    char header[512];
    if (!sent || !fgets(header, sizeof header, baseline->batch_output)) {
        errno = EIO;
        return NULL;
    }
    char type[32];
    unsigned long long size;
    if (sscanf(header, "%*s %31s %llu", type, &size) != 2) {
        errno = ENOENT; /* "missing" (or "ambiguous"): no such file at the revision */
        return NULL;
    }
    char *data = malloc((size_t)size + 1);
    size_t got = data ? fread(data, 1, (size_t)size, baseline->batch_output) : 0;
    /* Whatever happens, consume the object and its newline so that the next answer lines up. */
    for (size_t skipped = got; skipped < size && fgetc(baseline->batch_output) != EOF; skipped++) {
    }
    fgetc(baseline->batch_output);
    if (!data || got != size || strcmp(type, "blob") != 0) {
        free(data);
        errno = !data ? ENOMEM : got != size ? EIO : EISDIR;
        return NULL;
    }
    data[size] = '\0';
    *length = (size_t)size;
    return data;
}
