/* Loading: reading files, UTF-8 checks, parsing, and following imports. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parse.h"
#include "resolve.h"
#include "schema.h"

pc_schema *pc_schema_new(const pc_options *options)
{
    pl_arena *arena = pl_arena_new();
    if (!arena)
        return NULL;
    pc_schema *schema = pl_arena_alloc(arena, sizeof *schema);
    if (!schema) {
        pl_arena_free(arena);
        return NULL;
    }
    schema->arena = arena;
    if (options)
        schema->options = *options;
    pc_diag_sink_init(&schema->diags, arena);
    return schema;
}

void pc_schema_free(pc_schema *schema)
{
    if (!schema)
        return;
    for (uint32_t i = 0; i < schema->file_arena_count; i++)
        pl_arena_free(schema->file_arenas[i]);
    free(schema->file_arenas);
    pl_arena_free(schema->arena);
}

static char *read_from_disk(const char *path, size_t *length)
{
    struct stat info;
    if (stat(path, &info) != 0)
        return NULL;
    if (S_ISDIR(info.st_mode)) {
        errno = EISDIR;
        return NULL;
    }
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    /* Two bytes to spare: the buffer is scanned in place once copied (see parse_text). */
    size_t capacity = info.st_size > 0 ? (size_t)info.st_size + 2 : 4096;
    char *data = malloc(capacity);
    size_t used = 0;
    while (data) {
        size_t got = fread(data + used, 1, capacity - used, file);
        used += got;
        if (used < capacity) {
            if (ferror(file)) {
                free(data);
                data = NULL;
                errno = EIO;
            }
            break;
        }
        char *grown = realloc(data, capacity * 2);
        if (!grown) {
            free(data);
            data = NULL;
            errno = ENOMEM;
            break;
        }
        data = grown;
        capacity *= 2;
    }
    fclose(file);
    if (data)
        *length = used;
    return data;
}

/* The file's bytes in a malloc'd buffer with two bytes to spare after them. */
static char *read_file(pc_schema *schema, const char *path, size_t *length)
{
    char *data = schema->options.read_file
                     ? schema->options.read_file(schema->options.read_context, path, length)
                     : read_from_disk(path, length);
    if (!data || *length > SIZE_MAX - 2)
        return data;
    char *room = realloc(data, *length + 2);
    if (!room) {
        free(data);
        errno = ENOMEM;
    }
    return room;
}

/* "a/./b/../c.payload" -> "a/c.payload", lexically, so one file has one name whatever the
 * import path that reached it. A relative path keeps the ".." it cannot cancel. */
static char *normalize_path(pl_arena *arena, const char *path)
{
    size_t length = strlen(path);
    char *out = pl_arena_alloc(arena, length + 2);
    if (!out)
        return NULL;
    size_t used = 0, base = 0;
    if (path[0] == '/')
        out[used++] = '/', base = 1;
    for (const char *segment = path; *segment;) {
        while (*segment == '/')
            segment++;
        const char *end = segment;
        while (*end && *end != '/')
            end++;
        size_t size = (size_t)(end - segment);
        bool dot = size == 1 && segment[0] == '.';
        bool dotdot = size == 2 && segment[0] == '.' && segment[1] == '.';
        /* The last segment written starts after the last '/' at or beyond base. */
        size_t last = used;
        while (last > base && out[last - 1] != '/')
            last--;
        bool last_is_dotdot = used - last == 2 && out[last] == '.' && out[last + 1] == '.';
        if (size == 0 || dot) {
            /* nothing */
        } else if (dotdot && used > base && !last_is_dotdot) {
            used = last > base ? last - 1 : base;
        } else if (dotdot && base == 1) {
            /* "/.." is "/" */
        } else {
            if (used > base)
                out[used++] = '/';
            memcpy(out + used, segment, size);
            used += size;
        }
        segment = end;
    }
    if (used == 0)
        out[used++] = '.';
    out[used] = '\0';
    return out;
}

static pc_file *find_loaded(const pc_schema *schema, const char *path)
{
    for (uint32_t i = 0; i < schema->file_count; i++) {
        if (strcmp(schema->files[i]->source->path, path) == 0)
            return schema->files[i];
    }
    return NULL;
}

static void compute_line_column(const char *text, uint32_t offset, uint32_t *line, uint32_t *column)
{
    uint32_t current_line = 1, current_column = 1;
    for (uint32_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            current_line++;
            current_column = 1;
        } else if ((c & 0xC0) != 0x80) {
            current_column++;
        }
    }
    *line = current_line;
    *column = current_column;
}

static bool check_utf8(pc_schema *schema, const pc_source *source)
{
    const unsigned char *text = (const unsigned char *)source->text;
    bool valid = true;
    for (uint32_t at = 0; at < source->len;) {
        /* Schemas are mostly ASCII: skip 32, then eight ASCII bytes at a time. */
        if (source->len - at >= 32) {
            uint64_t words[4];
            memcpy(words, text + at, sizeof words);
            if (((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ULL) == 0) {
                at += 32;
                continue;
            }
        }
        if (source->len - at >= 8) {
            uint64_t word;
            memcpy(&word, text + at, sizeof word);
            if ((word & 0x8080808080808080ULL) == 0) {
                at += 8;
                continue;
            }
        }
        uint32_t size = pc_utf8_sequence_length(text, at, source->len);
        if (size) {
            at += size;
            continue;
        }
        valid = false;
        pc_loc loc = {source, at, 1, 0, 0};
        compute_line_column(source->text, at, &loc.line, &loc.column);
        pc_diag_report(&schema->diags, PC_DIAG_INVALID_UTF8, loc,
                       "invalid UTF-8 byte 0x%02X; .payload files are UTF-8", text[at]);
        at++;
        while (at < source->len && (text[at] & 0xC0) == 0x80)
            at++;
    }
    return valid;
}

static bool push_file(pc_schema *schema, pc_file *file)
{
    uint32_t count = schema->file_count;
    if (count == 0 || (count >= 4 && (count & (count - 1)) == 0)) {
        uint32_t capacity = count == 0 ? 4 : count * 2;
        pc_file **files = pl_arena_alloc(schema->arena, capacity * sizeof *files);
        if (!files)
            return false;
        if (count)
            memcpy(files, schema->files, count * sizeof *files);
        schema->files = files;
    }
    schema->files[schema->file_count++] = file;
    return true;
}

/* Takes ownership of data (malloc'd, length bytes and two to spare). The schema keeps a copy
 * of the text; data itself is the scanner's working buffer. */
static pc_file *parse_text(pc_schema *schema, const char *path, char *data, size_t length)
{
    if (length > UINT32_MAX - 2) {
        free(data);
        errno = EFBIG;
        return NULL;
    }
    pc_source *source = pl_arena_alloc(schema->arena, sizeof *source);
    char *text = source ? pl_arena_strdup(schema->arena, data, length) : NULL;
    if (!text) {
        free(data);
        return NULL;
    }
    source->path = path;
    source->text = text;
    source->len = (uint32_t)length;
    source->index = schema->file_count;
    bool valid_utf8 = check_utf8(schema, source);
    pc_file *file = pc_parse_source_in(schema->arena, &schema->diags, source, data);
    free(data);
    if (!file)
        return NULL;
    if (!valid_utf8)
        file->has_syntax_errors = true;
    if (!push_file(schema, file))
        return NULL;
    return file;
}

static bool file_exists(pc_schema *schema, const char *path)
{
    if (schema->options.read_file) {
        size_t length;
        char *data = schema->options.read_file(schema->options.read_context, path, &length);
        free(data);
        return data != NULL;
    }
    struct stat info;
    return stat(path, &info) == 0;
}

static char *join_path(pl_arena *arena, const char *directory, size_t directory_length,
                       pc_str relative)
{
    size_t length = directory_length + 1 + relative.len;
    char *joined = pl_arena_alloc(arena, length + 1);
    if (!joined)
        return NULL;
    memcpy(joined, directory, directory_length);
    joined[directory_length] = '/';
    memcpy(joined + directory_length + 1, relative.ptr, relative.len);
    joined[length] = '\0';
    return normalize_path(arena, joined);
}

/* The importer's folder first, then each -I folder, in order. */
static const char *find_import(pc_schema *schema, const pc_file *importer, pc_str relative)
{
    if (relative.len && relative.ptr[0] == '/') {
        char *absolute = pl_arena_strdup(schema->arena, relative.ptr, relative.len);
        return absolute ? normalize_path(schema->arena, absolute) : NULL;
    }
    const char *importer_path = importer->source->path;
    const char *slash = strrchr(importer_path, '/');
    const char *candidate =
        slash ? join_path(schema->arena, importer_path, (size_t)(slash - importer_path), relative)
              : join_path(schema->arena, ".", 1, relative);
    if (candidate && (find_loaded(schema, candidate) || file_exists(schema, candidate)))
        return candidate;
    for (uint32_t i = 0; i < schema->options.include_count; i++) {
        const char *directory = schema->options.include_dirs[i];
        const char *path = join_path(schema->arena, directory, strlen(directory), relative);
        if (path && (find_loaded(schema, path) || file_exists(schema, path)))
            return path;
    }
    return NULL;
}

typedef struct pc_preparsed pc_preparsed;
static pc_preparsed *find_preparsed(pc_schema *schema, const char *path);
static pc_file *adopt_preparsed(pc_schema *schema, pc_preparsed *ahead);

/* Follows the imports of every file loaded so far that has not been followed yet. */
static pc_load_status load_imports(pc_schema *schema, uint32_t first)
{
    for (uint32_t index = first; index < schema->file_count; index++) {
        pc_file *file = schema->files[index];
        for (uint32_t i = 0; i < file->import_count; i++) {
            pc_import *import = file->imports[i];
            const char *path = find_import(schema, file, import->path);
            if (!path) {
                pc_diag *diag = pc_diag_report(&schema->diags, PC_DIAG_IMPORT_NOT_FOUND,
                                               import->loc, "cannot find imported file '%.*s'",
                                               (int)import->path.len, import->path.ptr);
                if (schema->options.include_count == 0)
                    pc_diag_add_note(&schema->diags, diag, import->loc,
                                     "imports are relative to the importing file, then to "
                                     "each -I folder; none was given");
                continue;
            }
            pc_file *loaded = find_loaded(schema, path);
            pc_preparsed *ahead = loaded ? NULL : find_preparsed(schema, path);
            if (ahead) {
                loaded = adopt_preparsed(schema, ahead);
                if (!loaded)
                    return PC_LOAD_OUT_OF_MEMORY;
            }
            if (!loaded) {
                size_t length;
                char *data = read_file(schema, path, &length);
                if (!data) {
                    pc_diag_report(&schema->diags, PC_DIAG_IMPORT_UNREADABLE, import->loc,
                                   "cannot read imported file '%s': %s", path, strerror(errno));
                    continue;
                }
                loaded = parse_text(schema, path, data, length);
                if (!loaded)
                    return PC_LOAD_OUT_OF_MEMORY;
            }
            import->file = loaded;
        }
    }
    return PC_LOAD_OK;
}

static void mark_root(pc_schema *schema, pc_file *file)
{
    if (!file->root)
        schema->root_count++;
    file->root = true;
}

static pc_load_status add_root(pc_schema *schema, const char *path, char *data, size_t length)
{
    const char *normalized = normalize_path(schema->arena, path);
    if (!normalized) {
        free(data);
        return PC_LOAD_OUT_OF_MEMORY;
    }
    pc_file *existing = find_loaded(schema, normalized);
    if (existing) {
        /* Given twice, or imported by an earlier root: it is loaded once. */
        free(data);
        mark_root(schema, existing);
        return PC_LOAD_OK;
    }
    uint32_t first = schema->file_count;
    /* Parsed already by pc_schema_add_files (data is then NULL), or parsed now. */
    pc_preparsed *ahead = find_preparsed(schema, normalized);
    pc_file *file =
        ahead ? adopt_preparsed(schema, ahead) : parse_text(schema, normalized, data, length);
    if (!file)
        return PC_LOAD_OUT_OF_MEMORY;
    mark_root(schema, file);
    return load_imports(schema, first);
}

pc_load_status pc_schema_add_file(pc_schema *schema, const char *path)
{
    /* A file already loaded as another root's import is not read again. */
    const char *normalized = normalize_path(schema->arena, path);
    pc_file *existing = normalized ? find_loaded(schema, normalized) : NULL;
    if (existing) {
        mark_root(schema, existing);
        return PC_LOAD_OK;
    }
    size_t length;
    char *data = read_file(schema, path, &length);
    if (!data)
        return PC_LOAD_UNREADABLE;
    return add_root(schema, path, data, length);
}

pc_load_status pc_schema_add_text(pc_schema *schema, const char *path, const char *text,
                                  size_t length)
{
    char *data = length < SIZE_MAX - 2 ? malloc(length + 2) : NULL;
    if (!data)
        return PC_LOAD_OUT_OF_MEMORY;
    if (length)
        memcpy(data, text, length);
    return add_root(schema, path, data, length);
}

/* ---- The command line's files, parsed on several threads ----
 *
 * Parsing is most of the front end's time, and the files given on the command line can be
 * parsed independently: each into an arena and a diagnostic sink of its own. They are then
 * taken in the order pc_schema_add_file would have loaded them (a root, its imports, the next
 * root), getting their index, UTF-8 check and diagnostics then, so that the schema, the
 * diagnostics and their order are exactly the sequential ones. */

struct pc_preparsed {
    const char *path; /* normalized */
    char *data;       /* read, not yet parsed: the scanner's buffer */
    size_t length;
    bool ahead;   /* to be parsed ahead (read, not loaded before, not given twice) */
    bool adopted; /* taken into the schema (then its arena is the schema's) */
    pl_arena *arena;
    pc_diag_sink diags;
    pc_source *source;
    pc_file *file; /* NULL when the parse ran out of memory */
};

enum {
    PREPARSE_MAX_THREADS = 4,
    PREPARSE_MIN_BYTES = 64 * 1024 /* below this, a thread costs more than it saves */
};

static pc_preparsed *find_preparsed(pc_schema *schema, const char *path)
{
    for (uint32_t i = 0; i < schema->preparsed_count; i++) {
        pc_preparsed *ahead = &schema->preparsed[i];
        if (ahead->ahead && !ahead->adopted && strcmp(ahead->path, path) == 0)
            return ahead;
    }
    return NULL;
}

static bool keep_arena(pc_schema *schema, pl_arena *arena)
{
    uint32_t count = schema->file_arena_count;
    if ((count & (count - 1)) == 0) {
        pl_arena **grown =
            realloc(schema->file_arenas, (count ? (size_t)count * 2 : 1) * sizeof *grown);
        if (!grown)
            return false;
        schema->file_arenas = grown;
    }
    schema->file_arenas[schema->file_arena_count++] = arena;
    return true;
}

/* What parse_text does after reading, for a file parsed ahead. */
static pc_file *adopt_preparsed(pc_schema *schema, pc_preparsed *ahead)
{
    ahead->adopted = true;
    if (!ahead->file || !keep_arena(schema, ahead->arena)) {
        pl_arena_free(ahead->arena);
        ahead->arena = NULL;
        return NULL;
    }
    ahead->arena = NULL;
    ahead->source->index = schema->file_count;
    bool valid_utf8 = check_utf8(schema, ahead->source);
    if (!pc_diag_sink_append(&schema->diags, &ahead->diags))
        return NULL;
    if (!valid_utf8)
        ahead->file->has_syntax_errors = true;
    return push_file(schema, ahead->file) ? ahead->file : NULL;
}

/* A file's nodes take about nine times its text: one block for them from the start instead of
 * a run of doubling ones (on huge pages from 2 MiB, one page fault instead of hundreds). */
enum { PREPARSE_NODE_BYTES_PER_BYTE = 10, PREPARSE_HUGE_PAGE = 2 << 20 };

static void preparse(pc_preparsed *ahead)
{
    pl_arena *arena = pl_arena_new();
    size_t expected = ahead->length * PREPARSE_NODE_BYTES_PER_BYTE;
    if (expected >= PREPARSE_HUGE_PAGE / 4 && expected < PREPARSE_HUGE_PAGE)
        expected = PREPARSE_HUGE_PAGE;
    if (arena && expected >= PREPARSE_HUGE_PAGE / 4 && !pl_arena_reserve(arena, expected)) {
        pl_arena_free(arena);
        arena = NULL;
    }
    pc_source *source = arena ? pl_arena_alloc(arena, sizeof *source) : NULL;
    char *text = source ? pl_arena_strdup(arena, ahead->data, ahead->length) : NULL;
    if (text) {
        source->path = ahead->path;
        source->text = text;
        source->len = (uint32_t)ahead->length;
        source->index = 0; /* set when adopted */
        pc_diag_sink_init(&ahead->diags, arena);
        ahead->source = source;
        ahead->file = pc_parse_source_in(arena, &ahead->diags, source, ahead->data);
    }
    ahead->arena = arena;
    free(ahead->data);
    ahead->data = NULL;
}

typedef struct preparse_queue {
    pc_preparsed *items;
    uint32_t count;
    atomic_uint next;
} preparse_queue;

static void *preparse_worker(void *argument)
{
    preparse_queue *queue = argument;
    for (unsigned i = atomic_fetch_add(&queue->next, 1); i < queue->count;
         i = atomic_fetch_add(&queue->next, 1)) {
        if (queue->items[i].ahead)
            preparse(&queue->items[i]);
    }
    return NULL;
}

/* Reads the files in order up to the first that cannot be read, and parses them; false without
 * memory. */
static bool read_and_parse(pc_schema *schema, const char *const *paths, pc_preparsed *items,
                           uint32_t count)
{
    size_t total = 0;
    for (uint32_t i = 0; i < count; i++) {
        pc_preparsed *item = &items[i];
        item->path = normalize_path(schema->arena, paths[i]);
        if (!item->path)
            return false;
        bool seen = find_loaded(schema, item->path) != NULL;
        for (uint32_t j = 0; j < i && !seen; j++)
            seen = strcmp(items[j].path, item->path) == 0;
        if (seen)
            continue;
        item->data = read_file(schema, paths[i], &item->length);
        /* Loaded one by one from here: it may yet be reached through an import first (and not
         * be read at all), and nothing after it is loaded when it cannot be read. */
        if (!item->data)
            break;
        /* Too long for a source: parse_text reports it, in order. */
        item->ahead = item->length <= UINT32_MAX - 2;
        total += item->length;
    }
    preparse_queue queue = {items, count, 0};
    long processors = sysconf(_SC_NPROCESSORS_ONLN);
    uint32_t helpers = 0;
    if (total >= PREPARSE_MIN_BYTES && processors > 1)
        helpers =
            (uint32_t)(processors < PREPARSE_MAX_THREADS ? processors : PREPARSE_MAX_THREADS) - 1;
    if (helpers >= count)
        helpers = count - 1;
    pthread_t threads[PREPARSE_MAX_THREADS];
    uint32_t started = 0;
    for (uint32_t t = 0; t < helpers; t++) {
        if (pthread_create(&threads[started], NULL, preparse_worker, &queue) == 0)
            started++;
    }
    preparse_worker(&queue);
    for (uint32_t t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    return true;
}

pc_load_status pc_schema_add_files(pc_schema *schema, const char *const *paths, uint32_t count,
                                   uint32_t *failed)
{
    *failed = 0;
    pc_preparsed *items = count > 1 ? calloc(count, sizeof *items) : NULL;
    if (!items) {
        /* One file (or no memory for the table): nothing to do in parallel. */
        for (uint32_t i = 0; i < count; i++) {
            pc_load_status status = pc_schema_add_file(schema, paths[i]);
            if (status != PC_LOAD_OK) {
                *failed = i;
                return status;
            }
        }
        return PC_LOAD_OK;
    }
    pc_load_status status =
        read_and_parse(schema, paths, items, count) ? PC_LOAD_OK : PC_LOAD_OUT_OF_MEMORY;
    schema->preparsed = items;
    schema->preparsed_count = count;
    for (uint32_t i = 0; i < count && status == PC_LOAD_OK; i++) {
        pc_preparsed *item = &items[i];
        if (item->ahead || item->data) {
            status = add_root(schema, item->path, item->data, item->length);
            item->data = NULL; /* add_root took it */
        } else {
            /* Given twice, or not read ahead: as pc_schema_add_file does it. */
            status = pc_schema_add_file(schema, paths[i]);
        }
        if (status != PC_LOAD_OK)
            *failed = i;
    }
    schema->preparsed = NULL;
    schema->preparsed_count = 0;
    for (uint32_t i = 0; i < count; i++) {
        free(items[i].data);
        if (!items[i].adopted)
            pl_arena_free(items[i].arena);
    }
    free(items);
    return status;
}
