/* Where the old schema comes from (--against): a file, a directory, or a git revision. Internal
 * to the command (command.c, baseline.c). */
#ifndef PAYLOADC_COMPAT_BASELINE_H
#define PAYLOADC_COMPAT_BASELINE_H

#include <stdio.h>
#include <sys/types.h>

#include "compat.h"

typedef enum compat_baseline_kind {
    COMPAT_BASELINE_FILE,
    COMPAT_BASELINE_DIRECTORY,
    COMPAT_BASELINE_GIT
} compat_baseline_kind;

typedef struct compat_baseline {
    compat_baseline_kind kind;
    const char *spec; /* as given to --against */
    const char *path; /* the file or directory; for git, the revision */
    char *toplevel;   /* git: the work tree's top folder, to place absolute paths */
    char *old_prefix; /* git: "REF:", put before old files' paths in output */
    /* git: one `git cat-file --batch` answers every read (a process per file is slow). */
    pid_t batch_pid;
    int batch_input;    /* object names go here, one per line */
    FILE *batch_output; /* "<sha> blob <size>\n<bytes>\n" or "<name> missing\n" */
} compat_baseline;

/* Checks the baseline (the file or folder exists; git runs and knows the revision). False with
 * a message in error. */
bool compat_baseline_open(compat_baseline *baseline, const char *spec, char *error,
                          size_t error_size);
void compat_baseline_close(compat_baseline *baseline);

/* The old side's entry file for each new entry file (malloc'd array of malloc'd paths), as
 * compat.md says: the file itself; the same path below the directory, relative to the folder
 * the new entries share; the same path at the revision. */
char **compat_baseline_entries(const compat_baseline *baseline, const char *const *new_files,
                               uint32_t new_count, uint32_t *old_count);
void compat_baseline_free_entries(char **entries, uint32_t count);

/* pc_read_file_fn reading files at the revision (context: the baseline); NULL with errno ENOENT
 * when the file does not exist there, EIO when git failed. One thread at a time. */
char *compat_git_read(void *context, const char *path, size_t *length);

#endif
