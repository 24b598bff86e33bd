/* The parser: the AST it builds, and recovery from syntax errors. */
#include "support.h"

#include <string.h>

#include "parse.h"

static const char example[] =
    "package mycoach.events;\n"
    "import \"common.payload\";\n"
    "/// Sports.\n"
    "/// Closed.\n"
    "enum Sport { football; rugby; @wire(\"ice-hockey\") ice_hockey; }\n"
    "open enum Status { scheduled; done; }\n"
    "@max_length(80) type Title = string;\n"
    "struct Match {\n"
    "  /// The id.\n"
    "  id: int64;\n"
    "  title?: Title;\n"
    "  location: map<string, list<int32>>?;\n"
    "  note?: string?;\n"
    "  status: Status = scheduled;\n"
    "  @deprecated(\"use x\") @min(1) @max(2.5) score: float64 = 1;\n"
    "  type: string;\n"
    "}\n"
    "union Event discriminator \"kind\" { match: Match; }\n"
    "open union Other { m: mycoach.events.Match; }\n"
    "service Events {\n"
    "  /// Get one.\n"
    "  get_event GET \"/events/{id}\" (id: int64) -> Event throws A, b.B;\n"
    "  delete_event DELETE \"/events/{id}\" (id: int64, @min(1) limit?: int32 = 5);\n"
    "  list GET \"/x\" ();\n"
    "}\n";

static pc_file *parse(pl_arena *arena, pc_diag_sink *diags, pc_source *source, const char *text)
{
    pc_diag_sink_init(diags, arena);
    source->path = "parse.payload";
    source->text = text;
    source->len = (uint32_t)strlen(text);
    source->index = 0;
    pc_file *file = pc_parse_source(arena, diags, source);
    assert_non_null(file);
    return file;
}

static bool eq(pc_str s, const char *text)
{
    return pc_str_eq_cstr(s, text);
}

static void builds_the_tree(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pc_diag_sink diags;
    pc_source source;
    pc_file *file = parse(arena, &diags, &source, example);
    assert_int_equal(diags.count, 0);
    assert_false(file->has_syntax_errors);
    assert_true(eq(file->package_name.text, "mycoach.events"));
    assert_int_equal(file->package_name.dots, 1);
    assert_int_equal(file->import_count, 1);
    assert_true(eq(file->imports[0]->path, "common.payload"));
    assert_int_equal(file->decl_count, 7);

    const pc_decl *sport = file->decls[0];
    assert_int_equal(sport->kind, PC_DECL_ENUM);
    assert_false(sport->as.enum_.open);
    assert_string_equal(sport->meta.doc, "Sports.\nClosed.");
    assert_int_equal(sport->as.enum_.member_count, 3);
    assert_int_equal(sport->as.enum_.members[2]->meta.annotation_count, 1);
    assert_int_equal(sport->loc.line, 5);
    assert_int_equal(sport->loc.column, 6);

    assert_true(file->decls[1]->as.enum_.open);
    const pc_decl *title = file->decls[2];
    assert_int_equal(title->kind, PC_DECL_ALIAS);
    assert_int_equal(title->meta.annotation_count, 1);
    assert_null(title->meta.doc);

    const pc_decl *match = file->decls[3];
    assert_int_equal(match->as.struct_.field_count, 7);
    pc_field **fields = match->as.struct_.fields;
    assert_string_equal(fields[0]->meta.doc, "The id.");
    assert_false(fields[0]->optional);
    assert_true(fields[1]->optional);
    assert_int_equal(fields[2]->type->kind, PC_TYPE_NULLABLE);
    const pc_type *map = fields[2]->type->as.element;
    assert_true(eq(map->written.text, "map"));
    assert_int_equal(map->arg_count, 2);
    assert_true(eq(map->args[1]->written.text, "list"));
    assert_true(fields[3]->optional);
    assert_int_equal(fields[3]->type->kind, PC_TYPE_NULLABLE);
    assert_int_equal(fields[4]->default_value->kind, PC_VALUE_NAME);
    assert_int_equal(fields[5]->meta.annotation_count, 3);
    assert_int_equal(fields[5]->default_value->kind, PC_VALUE_INT);
    assert_int_equal(fields[5]->default_value->as.integer.value, 1);
    assert_int_equal(fields[5]->meta.annotations[2]->args[0]->kind, PC_VALUE_FLOAT);
    assert_true(eq(fields[6]->name, "type")); /* keywords name fields */

    const pc_decl *event = file->decls[4];
    assert_true(eq(event->as.union_.discriminator, "kind"));
    assert_true(eq(file->decls[5]->as.union_.discriminator, "type"));
    assert_true(file->decls[5]->as.union_.open);
    assert_true(eq(file->decls[5]->as.union_.variants[0]->target->written.text,
                   "mycoach.events.Match"));

    const pc_decl *service = file->decls[6];
    assert_int_equal(service->as.service.route_count, 3);
    const pc_route *get = service->as.service.routes[0];
    assert_string_equal(get->meta.doc, "Get one.");
    assert_true(eq(get->method_text, "GET"));
    assert_true(eq(get->path, "/events/{id}"));
    assert_int_equal(get->param_count, 1);
    assert_non_null(get->response);
    assert_int_equal(get->throw_count, 2);
    assert_true(eq(get->throws[1]->written.text, "b.B"));
    const pc_route *del = service->as.service.routes[1];
    assert_null(del->response);
    assert_int_equal(del->param_count, 2);
    assert_true(del->params[1]->optional);
    assert_int_equal(service->as.service.routes[2]->param_count, 0);
    pl_arena_free(arena);
}

static void values_of_every_kind(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pc_diag_sink diags;
    pc_source source;
    pc_file *file = parse(arena, &diags, &source,
                          "package p; struct S { a: x = \"s\"; b: x = -3; c: x = 2e3; d: x = true;"
                          " e: x = false; f: x = null; g: x = []; h: x = {}; i: x = a.b; "
                          "j: x = 99999999999999999999; }");
    assert_int_equal(diags.count, 0);
    pc_field **f = file->decls[0]->as.struct_.fields;
    pc_value_kind kinds[] = {PC_VALUE_STRING, PC_VALUE_INT,   PC_VALUE_FLOAT,
                             PC_VALUE_TRUE,   PC_VALUE_FALSE, PC_VALUE_NULL,
                             PC_VALUE_EMPTY_LIST, PC_VALUE_EMPTY_MAP, PC_VALUE_NAME, PC_VALUE_INT};
    for (int i = 0; i < 10; i++)
        assert_int_equal(f[i]->default_value->kind, kinds[i]);
    assert_int_equal(f[1]->default_value->as.integer.value, -3);
    assert_true(f[2]->default_value->as.number == 2000.0);
    assert_true(eq(f[8]->default_value->as.name.text, "a.b"));
    assert_true(f[9]->default_value->as.integer.overflow);
    assert_true(eq(f[6]->default_value->raw, "[]"));
    pl_arena_free(arena);
}

static void qualified_names_with_spaces_are_joined(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pc_diag_sink diags;
    pc_source source;
    pc_file *file = parse(arena, &diags, &source, "package a . b;\nstruct S { x: c .d. E; }");
    assert_int_equal(diags.count, 0);
    assert_true(eq(file->package_name.text, "a.b"));
    assert_true(eq(file->decls[0]->as.struct_.fields[0]->type->written.text, "c.d.E"));
    pl_arena_free(arena);
}

static void recovers_and_reports_every_syntax_error(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pc_diag_sink diags;
    pc_source source;
    pc_file *file = parse(arena, &diags, &source,
                          "package p;\n"
                          "struct A {\n"
                          "  x int32;\n"        /* missing ':' */
                          "  y: int32;\n"
                          "  z: ;\n"            /* missing type */
                          "}\n"
                          "enum E { a b; c; }\n" /* missing ';' */
                          "struct B { ok: string; }\n"
                          "service S { r GET \"/x\" (a int32); }\n");
    assert_true(file->has_syntax_errors);
    assert_int_equal(diags.count, 4);
    uint32_t lines[] = {3, 5, 7, 9};
    for (uint32_t i = 0; i < 4; i++) {
        assert_int_equal(diags.items[i].code, PC_DIAG_SYNTAX);
        assert_int_equal(diags.items[i].loc.line, lines[i]);
    }
    assert_string_equal(diags.items[0].message, "unexpected name 'int32', expecting ':'");
    /* Declarations after the errors are still built. */
    bool found_b = false;
    for (uint32_t i = 0; i < file->decl_count; i++)
        found_b |= eq(file->decls[i]->name, "B");
    assert_true(found_b);
    assert_int_equal(file->decls[0]->as.struct_.field_count, 1);
    pl_arena_free(arena);
}

static void missing_semicolon_before_brace_keeps_the_next_declaration(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pc_diag_sink diags;
    pc_source source;
    pc_file *file = parse(arena, &diags, &source,
                          "package p;\nstruct Team { id: int64 }\n"
                          "struct Player { id: int64; name string; }\n");
    assert_int_equal(diags.count, 2);
    assert_int_equal(diags.items[0].loc.line, 2);
    assert_int_equal(diags.items[0].loc.column, 25);
    assert_int_equal(diags.items[1].loc.line, 3);
    assert_int_equal(file->decl_count, 2);
    pl_arena_free(arena);
}

static void end_of_file_is_reported_after_the_last_token(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pc_diag_sink diags;
    pc_source source;
    parse(arena, &diags, &source, "package p;\nstruct A {\n  id: int64;\n\n\n");
    assert_int_equal(diags.count, 1);
    assert_string_equal(diags.items[0].message, "unexpected end of file");
    assert_int_equal(diags.items[0].loc.line, 3);
    assert_int_equal(diags.items[0].loc.column, 13);
    pl_arena_free(arena);
}

static void keyword_member_names_are_default_values(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pc_diag_sink diags;
    pc_source source;
    pc_file *file = parse(arena, &diags, &source,
                          "package p; enum E { open; type; } struct S { e: E = open; f: E = type; }");
    assert_int_equal(diags.count, 0);
    const pc_value *value = file->decls[1]->as.struct_.fields[1]->default_value;
    assert_int_equal(value->kind, PC_VALUE_NAME);
    assert_true(eq(value->as.name.text, "type"));
    pl_arena_free(arena);
}

static void error_at_top_level_recovers_at_brace(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pc_diag_sink diags;
    pc_source source;
    pc_file *file = parse(arena, &diags, &source,
                          "package p;\nstrct A { x: int32 }\nstruct B { y: int32; }\n");
    assert_true(diags.count >= 1);
    assert_int_equal(diags.items[0].loc.line, 2);
    assert_int_equal(file->decl_count, 1);
    assert_true(eq(file->decls[0]->name, "B"));
    pl_arena_free(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builds_the_tree),
        cmocka_unit_test(values_of_every_kind),
        cmocka_unit_test(qualified_names_with_spaces_are_joined),
        cmocka_unit_test(recovers_and_reports_every_syntax_error),
        cmocka_unit_test(error_at_top_level_recovers_at_brace),
        cmocka_unit_test(missing_semicolon_before_brace_keeps_the_next_declaration),
        cmocka_unit_test(end_of_file_is_reported_after_the_last_token),
        cmocka_unit_test(keyword_member_names_are_default_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
