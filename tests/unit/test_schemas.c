/* schemas/: the sports-club API compiles cleanly and is as large and documented as promised. */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#define SCHEMAS_DIR PAYLOADC_SOURCE_DIR "/schemas"

static pc_schema *load_all(void)
{
    pc_schema *schema = pc_schema_new(NULL);
    assert_non_null(schema);
    DIR *dir = opendir(SCHEMAS_DIR);
    assert_non_null(dir);
    struct dirent *entry;
    int files = 0;
    while ((entry = readdir(dir))) {
        size_t length = strlen(entry->d_name);
        if (length < 9 || strcmp(entry->d_name + length - 8, ".payload") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", SCHEMAS_DIR, entry->d_name);
        assert_int_equal(pc_schema_add_file(schema, path), PC_LOAD_OK);
        files++;
    }
    closedir(dir);
    assert_true(files >= 3);
    pc_schema_resolve(schema);
    pc_diag_sort(&schema->diags);
    return schema;
}

static void compiles_without_diagnostics(void **state)
{
    (void)state;
    pc_schema *schema = load_all();
    print_diags(schema);
    assert_int_equal(schema->diags.count, 0);
    pc_schema_free(schema);
}

static void is_large_and_documented(void **state)
{
    (void)state;
    pc_schema *schema = load_all();
    uint32_t types = 0, undocumented = 0;
    for (uint32_t i = 0; i < schema->decl_count; i++) {
        const pc_decl *decl = schema->decls[i];
        if (decl->kind != PC_DECL_SERVICE)
            types++;
        if (!decl->meta.doc) {
            print_message("undocumented: %s\n", decl->qualified_name);
            undocumented++;
        }
    }
    for (uint32_t r = 0; r < schema->route_count; r++) {
        if (!schema->routes[r]->meta.doc) {
            print_message("undocumented route: %.*s\n", (int)schema->routes[r]->name.len,
                          schema->routes[r]->name.ptr);
            undocumented++;
        }
    }
    assert_true(types >= 40);
    assert_true(schema->route_count >= 20);
    assert_int_equal(undocumented, 0);
    pc_schema_free(schema);
}

static void has_a_batch_route_for_players(void **state)
{
    (void)state;
    pc_schema *schema = load_all();
    bool found = false;
    for (uint32_t r = 0; r < schema->route_count && !found; r++) {
        const pc_route *route = schema->routes[r];
        const pc_type *response = route->response ? pc_type_unalias(route->response, true) : NULL;
        found = route->method == PC_METHOD_POST && route->body && response &&
                (response->kind == PC_TYPE_LIST || response->kind == PC_TYPE_NAMED) &&
                strstr(route->path.ptr, "batch") != NULL;
    }
    assert_true(found);
    pc_schema_free(schema);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compiles_without_diagnostics),
        cmocka_unit_test(is_large_and_documented),
        cmocka_unit_test(has_a_batch_route_for_players),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
