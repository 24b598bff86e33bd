/* libFuzzer target over the whole front end: lexing, parsing, import resolution, every
 * semantic check, directions, diagnostics rendering and the JSON dump. The input is one file;
 * an import of "other.payload" reads a fixed second file, anything else is missing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

static const char other_file[] =
    "package other;\nimport \"fuzz.payload\";\n@min(1) type Id = int64;\n"
    "struct Thing { id: Id; tags: list<string> = []; }\n"
    "@status(404) struct Missing { message: string; }\n";

typedef struct input {
    const uint8_t *data;
    size_t size;
} input;

static char *read_fuzz_file(void *context, const char *path, size_t *length)
{
    const input *in = context;
    const char *text = NULL;
    size_t size = 0;
    if (strcmp(path, "fuzz.payload") == 0) {
        text = (const char *)in->data;
        size = in->size;
    } else if (strcmp(path, "other.payload") == 0) {
        text = other_file;
        size = sizeof other_file - 1;
    } else {
        errno = ENOENT;
        return NULL;
    }
    char *copy = malloc(size ? size : 1);
    if (!copy)
        return NULL;
    if (size)
        memcpy(copy, text, size);
    *length = size;
    return copy;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    pc_options options = {NULL, 0, read_fuzz_file, &in};
    pc_schema *schema = pc_schema_new(&options);
    if (!schema)
        return 0;
    if (pc_schema_add_file(schema, "fuzz.payload") == PC_LOAD_OK) {
        bool clean = pc_schema_resolve(schema);
        pc_diag_sort(&schema->diags);
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            pc_render_options render = {true, 0};
            pc_diag_render(&schema->diags, &render, sink);
            fclose(sink);
        }
        if (clean) {
            pl_buf dump;
            pl_buf_init(&dump);
            if (pc_schema_dump_json(schema, &dump)) {
                pl_error error;
                if (!pl_json_validate(dump.data, dump.len, &error))
                    abort(); /* the dump must always be JSON */
            }
            pl_buf_free(&dump);
        }
    }
    pc_schema_free(schema);
    return 0;
}
