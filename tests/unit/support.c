#include "support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

char *read_memory_file(void *context, const char *path, size_t *length)
{
    const char *const *files = context;
    for (size_t i = 0; files[i]; i += 2) {
        if (strcmp(files[i], path) == 0) {
            size_t size = strlen(files[i + 1]);
            char *copy = malloc(size + 1);
            if (!copy)
                return NULL;
            memcpy(copy, files[i + 1], size + 1);
            *length = size;
            return copy;
        }
    }
    errno = ENOENT;
    return NULL;
}

pc_schema *compile_files(const char *const *files)
{
    pc_options options = {NULL, 0, read_memory_file, (void *)files};
    pc_schema *schema = pc_schema_new(&options);
    assert_non_null(schema);
    assert_int_equal(pc_schema_add_file(schema, files[0]), PC_LOAD_OK);
    pc_schema_resolve(schema);
    pc_diag_sort(&schema->diags);
    return schema;
}

pc_schema *compile_text(const char *text)
{
    static const char *files[3];
    files[0] = "test.payload";
    files[1] = text;
    files[2] = NULL;
    return compile_files(files);
}

const pc_diag *find_code(const pc_schema *schema, const char *code)
{
    for (uint32_t i = 0; i < schema->diags.count; i++) {
        const pc_diag *diag = &schema->diags.items[i];
        if (strcmp(pc_diag_info_of(diag->code)->code, code) == 0)
            return diag;
    }
    return NULL;
}

uint32_t count_code(const pc_schema *schema, const char *code)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < schema->diags.count; i++) {
        if (strcmp(pc_diag_info_of(schema->diags.items[i].code)->code, code) == 0)
            count++;
    }
    return count;
}

void print_diags(const pc_schema *schema)
{
    for (uint32_t i = 0; i < schema->diags.count; i++)
        pc_diag_render_one(&schema->diags.items[i], false, stderr);
}

static char *slurp(FILE *stream)
{
    fflush(stream);
    long size = ftell(stream);
    if (size < 0)
        size = 0;
    rewind(stream);
    char *text = calloc((size_t)size + 1, 1);
    if (text && size > 0 && fread(text, 1, (size_t)size, stream) != (size_t)size)
        text[0] = '\0';
    fclose(stream);
    return text;
}

int run_cli(char *const *argv, char **out_text, char **err_text)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    FILE *out = tmpfile();
    FILE *err = tmpfile();
    assert_non_null(out);
    assert_non_null(err);
    int status = pc_cli_main(argc, (char **)argv, out, err);
    char *out_copy = slurp(out);
    char *err_copy = slurp(err);
    if (out_text)
        *out_text = out_copy;
    else
        free(out_copy);
    if (err_text)
        *err_text = err_copy;
    else
        free(err_copy);
    return status;
}

char *read_whole_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *data = malloc((size_t)(size < 0 ? 0 : size) + 1);
    if (data) {
        size_t got = fread(data, 1, (size_t)(size < 0 ? 0 : size), file);
        data[got] = '\0';
        if (length)
            *length = got;
    }
    fclose(file);
    return data;
}
