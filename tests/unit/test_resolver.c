/* The resolver: names, imports, every semantic rule, and directions. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define HEADER "package p;\n"

/* The example of language.md §1, with the common package it imports. */
static const char *const design_example[] = {
    "events.payload",
    "package mycoach.events;\n"
    "import \"common.payload\";\n"
    "/// Sports the platform supports.\n"
    "enum Sport { football; rugby; volleyball; @wire(\"ice-hockey\") ice_hockey; }\n"
    "open enum EventStatus { scheduled; cancelled; done; }\n"
    "@max_length(80)\n"
    "type Title = string;\n"
    "struct Location { name: Title; latitude?: float64; longitude?: float64; }\n"
    "struct Match {\n"
    "  id: int64;\n"
    "  title: Title;\n"
    "  sport: Sport;\n"
    "  starts_at: datetime;\n"
    "  duration_minutes?: int32;\n"
    "  location: Location?;\n"
    "  invited: list<mycoach.common.PlayerId> = [];\n"
    "  status: EventStatus = scheduled;\n"
    "  @deprecated(\"use location\") venue?: string;\n"
    "}\n"
    "struct Training { id: int64; title: Title; starts_at: datetime; drills: list<string> = []; }\n"
    "union Event discriminator \"kind\" { match: Match; training: Training; }\n"
    "@status(404)\n"
    "struct NotFound { message: string; }\n"
    "struct PlayerIds { @min_items(1) @max_items(500) ids: list<mycoach.common.PlayerId>; }\n"
    "service Events {\n"
    "  get_event GET \"/events/{id}\" (id: int64) -> Event throws NotFound;\n"
    "  list_events GET \"/teams/{team}/events\" (team: int64, from?: datetime, limit: int32 = 50) "
    "-> list<Event>;\n"
    "  create_event POST \"/events\" (body: Event) -> Event;\n"
    "  delete_event DELETE \"/events/{id}\" (id: int64) throws NotFound;\n"
    "  get_players POST \"/players/batch\" (body: PlayerIds) -> list<mycoach.common.Player>;\n"
    "}\n",
    "common.payload",
    "package mycoach.common;\n"
    "import \"events.payload\"; // a cycle is allowed\n"
    "@min(1) type PlayerId = int64;\n"
    "struct Player { id: PlayerId; name: string; friends: list<Player> = []; }\n"
    "struct Unused { x: int32; }\n",
    NULL};

static void design_example_resolves_cleanly(void **state)
{
    (void)state;
    pc_schema *schema = compile_files(design_example);
    print_diags(schema);
    assert_int_equal(schema->diags.count, 0);
    assert_int_equal(schema->file_count, 2);
    assert_int_equal(schema->route_count, 5);
    const pc_decl *match = pc_schema_find(schema, "mycoach.events.Match");
    assert_non_null(match);
    assert_int_equal(match->as.struct_.fields[8]->meta.deprecated, true);
    const pc_decl *sport = pc_schema_find(schema, "mycoach.events.Sport");
    assert_true(pc_str_eq_cstr(sport->as.enum_.members[3]->wire, "ice-hockey"));
    const pc_decl *location = pc_schema_find(schema, "mycoach.events.Location");
    assert_int_equal(location->kind, PC_DECL_STRUCT);
    const pc_type *invited = match->as.struct_.fields[6]->type;
    assert_int_equal(invited->kind, PC_TYPE_LIST);
    assert_int_equal(invited->as.element->kind, PC_TYPE_NAMED);
    assert_string_equal(invited->as.element->as.decl->qualified_name, "mycoach.common.PlayerId");
    const pc_route *list = schema->routes[1];
    assert_string_equal(list->shape, "/teams/{}/events");
    assert_int_equal(list->param_roles[0], PC_PARAM_PATH);
    assert_int_equal(list->param_roles[1], PC_PARAM_QUERY);
    assert_non_null(schema->routes[2]->body);
    pc_schema_free(schema);
}

static pc_direction direction_of(const pc_schema *schema, const char *name)
{
    const pc_decl *decl = pc_schema_find(schema, name);
    assert_non_null(decl);
    return decl->direction;
}

static void directions_follow_routes(void **state)
{
    (void)state;
    pc_schema *schema = compile_files(design_example);
    /* Event is a request body and a response: both. Its variants and their fields follow. */
    assert_int_equal(direction_of(schema, "mycoach.events.Event"), PC_DIR_BOTH);
    assert_int_equal(direction_of(schema, "mycoach.events.Match"), PC_DIR_BOTH);
    assert_int_equal(direction_of(schema, "mycoach.events.Location"), PC_DIR_BOTH);
    assert_int_equal(direction_of(schema, "mycoach.events.Title"), PC_DIR_BOTH);
    /* Only ever thrown. */
    assert_int_equal(direction_of(schema, "mycoach.events.NotFound"), PC_DIR_OUT);
    /* Only a request body; the player list only a response (through list and an alias). */
    assert_int_equal(direction_of(schema, "mycoach.events.PlayerIds"), PC_DIR_IN);
    assert_int_equal(direction_of(schema, "mycoach.common.Player"), PC_DIR_OUT);
    /* PlayerId is in the request (PlayerIds.ids) and the response (Player.id). */
    assert_int_equal(direction_of(schema, "mycoach.common.PlayerId"), PC_DIR_BOTH);
    /* No route reaches Unused: none, which counts as both for the checker. */
    const pc_decl *unused = pc_schema_find(schema, "mycoach.common.Unused");
    assert_int_equal(unused->direction, PC_DIR_NONE);
    assert_int_equal(pc_decl_direction(unused), PC_DIR_BOTH);
    pc_schema_free(schema);
}

static void directions_of_query_params_and_recursion(void **state)
{
    (void)state;
    pc_schema *schema =
        compile_text(HEADER "enum Kind { a; b; }\n"
                            "struct Node { kids: list<Node> = []; next?: Node; }\n"
                            "struct Out { tree: Node; }\n"
                            "service S { q GET \"/q\" (kind?: list<Kind>) -> Out; }\n");
    print_diags(schema);
    assert_int_equal(schema->diags.error_count, 0);
    assert_int_equal(direction_of(schema, "p.Kind"), PC_DIR_IN);
    assert_int_equal(direction_of(schema, "p.Node"), PC_DIR_OUT);
    pc_schema_free(schema);
}

typedef struct rule_case {
    const char *code;
    const char *source;
    uint32_t line, column; /* of the first diagnostic with the code */
    uint32_t count;        /* how many with the code */
} rule_case;

static const rule_case rule_cases[] = {
    {"E0202", HEADER "struct enum { x: int32; }\n", 2, 8, 1},
    {"E0203", HEADER "struct string { x: int32; }\ntype list = int32;\n", 2, 8, 2},
    {"E0204", HEADER "service S { r get \"/x\" (); s FETCH \"/y\" (); }\n", 2, 15, 2},
    {"E0205", "struct A { x: int32; }\n", 1, 1, 1},
    {"E0301", HEADER "struct Location { n: string; }\nstruct M { l: Locaton; s: strng; }\n", 3, 15,
     2},
    {"E0302", HEADER "struct A { x: int32; }\nenum A { a; }\n", 3, 6, 1},
    {"E0303", HEADER "struct A { x: q.B; }\n", 2, 15, 1},
    {"E0305", HEADER "struct A { x: int32; y: int32; x: string; }\n", 2, 32, 1},
    {"E0306", HEADER "struct A { x: int32; @wire(\"x\") y: int32; }\n", 2, 33, 1},
    {"E0307", HEADER "enum E { a; b; a; }\n", 2, 16, 1},
    {"E0308", HEADER "service S { r GET \"/a\" (); r GET \"/b\" (); }\n", 2, 28, 1},
    {"E0309", HEADER "service S { r GET \"/a\" (x: int32, x: string); }\n", 2, 35, 1},
    {"E0310", HEADER "struct A { first_name: string; firstName: string; }\n", 2, 32, 1},
    {"E0311", HEADER "service S { }\nstruct A { x: S; }\n", 3, 15, 1},
    {"E0401", HEADER "struct A { x: list<int32, int32>; y: int32<string>; z: list; }\n", 2, 15, 3},
    {"E0402", HEADER "struct A { x: map<int32, string>; }\n", 2, 19, 1},
    {"E0403", HEADER "struct A { b: B; }\nstruct B { a: A; }\nstruct C { c: C; }\n", 3, 12, 2},
    {"E0404", HEADER "type A = B;\ntype B = A?;\n", 2, 6, 1},
    {"E0501", HEADER "struct A { @mni(1) x: int32; @foo y: int32; }\n", 2, 12, 2},
    {"E0502",
     HEADER "struct A { @min(\"1\") x: int32; @wire(\"\") y: int32; @min_length(-1) z: string; "
            "@min(1.5) w: int32; }\n",
     2, 12, 4},
    {"E0503", HEADER "@wire(\"x\") struct A { @status(404) x: int32; }\n", 2, 1, 2},
    {"E0504",
     HEADER "struct A { @pattern(\"a\") x: int32; @min(1) y: string; @max_items(2) z: string; "
            "@max_length(3) l: list<string>; }\n",
     2, 12, 4},
    {"E0505",
     HEADER "struct A { @min(5) @max(1) x: int32; @min_length(3) @max_length(2) y: string; }\n", 2,
     12, 2},
    {"E0506", HEADER "@status(200) struct A { x: int32; }\n", 2, 9, 1},
    {"E0507", HEADER "struct A { @pattern(\"^a\") x: string; @pattern(\"\\\\d+\") y: string; }\n",
     2, 22, 2},
    {"E0508", HEADER "struct A { @min(1) @min(2) x: int32; }\n", 2, 20, 1},
    {"E0601",
     HEADER "enum E { a; }\nstruct A { x: int32 = \"a\"; y: E = b; z: list<int32> = {}; "
            "d: date = \"2023-02-29\"; n: int32 = null; i: int32 = 3000000000; }\n",
     3, 23, 6},
    {"E0602", HEADER "struct A { x?: int32 = 1; }\n", 2, 24, 1},
    {"E0603",
     HEADER "@min(1) type Id = int64;\nstruct A { @max(3) x: int32 = 4; y: Id = 0; "
            "@pattern(\"[a-z]+\") z: string = \"A\"; @min_items(1) l: list<int32> = []; }\n",
     3, 31, 4},
    {"E0701", HEADER "enum E { a; }\ntype T = int32;\nunion U { a: E; b: T; }\n", 4, 14, 2},
    {"E0702", HEADER "struct A { type: string; }\nunion U { a: A; }\n", 3, 14, 1},
    {"E0703", HEADER "enum E { }\nunion U { }\n", 2, 6, 2},
    {"E0801",
     HEADER "service S { a GET \"x\" (); b GET \"/x/\" (); c GET \"/a//b\" (); "
            "d GET \"/a/b{id}\" (id: int32); }\n",
     2, 19, 4},
    {"E0802", HEADER "service S { a GET \"/x/{id}\" (); }\n", 2, 23, 1},
    {"E0803",
     HEADER "service S { a GET \"/x/{id}\" (id?: int32); b GET \"/y/{id}\" (id: int32 = 1); }\n", 2,
     30, 2},
    {"E0804",
     HEADER "struct P { x: int32; }\nservice S { a GET \"/x/{id}\" (id: P); b GET \"/y/{id}\" "
            "(id: list<int32>); c GET \"/z/{id}\" (id: bytes); d GET \"/w/{id}\" (id: int32?); }\n",
     3, 34, 4},
    {"E0805",
     HEADER
     "struct P { x: int32; }\nservice S { a GET \"/x\" (body: P); b DELETE \"/y\" (body: P); "
     "c POST \"/z\" (body: P); }\n",
     3, 25, 2},
    {"E0806",
     HEADER "struct P { x: int32; }\nservice S { a GET \"/x\" (p: P, l: list<list<int32>>, "
            "m: map<string, int32>, n: int32?, j: json); }\n",
     3, 28, 5},
    {"E0807",
     HEADER "service S { a GET \"/x/{id}\" (id: int32); }\nservice T { b GET \"/x/{key}\" "
            "(key: string); c POST \"/x/{k}\" (k: string); }\n",
     3, 19, 1},
    {"E0808", HEADER "struct E { m: string; }\nservice S { a GET \"/x\" () throws E; }\n", 3, 34,
     1},
    {"E0809",
     HEADER "@status(404) struct E { m: string; }\n@status(404) struct F { m: string; }\n"
            "service S { a GET \"/x\" () throws E, F; }\n",
     4, 37, 1},
    {"E0810", HEADER "enum E { a; }\nservice S { a GET \"/x\" () throws E, string; }\n", 3, 34, 2},
    {"E0811",
     HEADER "@status(404) struct E { m: string; }\nservice S { a GET \"/x\" () throws E, E; }\n", 3,
     37, 1},
    {"W0001", HEADER "@deprecated(\"old\") struct Old { x: int32; }\nstruct A { o: Old; }\n", 3, 15,
     1},
    {"W0001",
     HEADER "@deprecated @status(404) struct Gone { m: string; }\n"
            "service S { a GET \"/x\" () throws Gone; }\n",
     3, 34, 1},
    {"E0704", HEADER "struct A { x: int32; }\nunion U discriminator \"\" { a: A; }\n", 3, 23, 1},
    {"E0801", HEADER "service S { a GET \"/a%zz\" (); b GET \"/a%2F\" (); }\n", 2, 19, 1},
    {"E0505", HEADER "struct A { @min(9007199254740993) @max(9007199254740992) x: int64; }\n", 2,
     12, 1},
    {"E0502",
     HEADER "@status(\"404\") struct E { m: string; }\n"
            "service S { a GET \"/x\" () throws E; }\n",
     2, 1, 1},
    {"E0104", HEADER "struct A { @max_length(4O) n: string; a: int32 = 1O; }\n", 2, 24, 2},
    {"W0002", HEADER "@status(404) struct E { m: string; }\n", 2, 1, 1},
};

static void run_rule_case(void **state)
{
    const rule_case *rule = *state;
    pc_schema *schema = compile_text(rule->source);
    uint32_t count = count_code(schema, rule->code);
    const pc_diag *diag = find_code(schema, rule->code);
    if (count != rule->count || !diag || diag->loc.line != rule->line ||
        diag->loc.column != rule->column) {
        print_message("case %s: wanted %u at %u:%u, got %u\n", rule->code, rule->count, rule->line,
                      rule->column, count);
        print_diags(schema);
        fail();
    }
    /* Nothing else but the rule's own code (and, for errors, no stray warnings). */
    for (uint32_t i = 0; i < schema->diags.count; i++) {
        const char *code = pc_diag_info_of(schema->diags.items[i].code)->code;
        if (strcmp(code, rule->code) != 0) {
            print_message("case %s: unexpected %s\n", rule->code, code);
            print_diags(schema);
            fail();
        }
    }
    pc_schema_free(schema);
}

static void imports_resolve_through_include_dirs(void **state)
{
    (void)state;
    static const char *const files[] = {
        "app/main.payload", "package app;\nimport \"lib.payload\";\nstruct A { b: lib.B; }\n",
        "vendor/lib.payload", "package lib;\nstruct B { x: int32; }\n", NULL};
    /* Without -I the import is missing, at the import's line and column. */
    pc_schema *schema = compile_files(files);
    const pc_diag *missing = find_code(schema, "E0304");
    assert_non_null(missing);
    assert_int_equal(missing->loc.line, 2);
    assert_int_equal(missing->loc.column, 8);
    pc_schema_free(schema);
}

static void include_dirs_are_searched_in_order(void **state)
{
    (void)state;
    static const char *const files[] = {
        "app/main.payload",
        "package app;\nimport \"lib.payload\";\nimport \"./sub/../lib.payload\";\n"
        "struct A { b: lib.B; }\n",
        "first/lib.payload",
        "package lib;\nstruct B { x: int32; }\n",
        "second/lib.payload",
        "package lib;\nstruct B { y: int32; }\nstruct B { z: int32; }\n",
        "app/lib.payload",
        "package lib;\nstruct B { x: int32; }\n",
        NULL};
    const char *includes[] = {"first", "second"};
    pc_options options = {includes, 2, read_memory_file, (void *)files};
    pc_schema *schema = pc_schema_new(&options);
    assert_int_equal(pc_schema_add_file(schema, "app/main.payload"), PC_LOAD_OK);
    pc_schema_resolve(schema);
    print_diags(schema);
    /* The importer's own folder wins over -I, and both spellings name one file. */
    assert_int_equal(schema->diags.count, 0);
    assert_int_equal(schema->file_count, 2);
    assert_string_equal(schema->files[1]->source->path, "app/lib.payload");
    pc_schema_free(schema);

    static const char *const only_include[] = {
        "app/main.payload",
        "package app;\nimport \"lib.payload\";\nstruct A { b: lib.B; }\n",
        "first/lib.payload",
        "package lib;\nstruct B { x: int32; }\n",
        "second/lib.payload",
        "package lib;\nstruct Broken {\n",
        NULL};
    pc_options second = {includes, 2, read_memory_file, (void *)only_include};
    schema = pc_schema_new(&second);
    assert_int_equal(pc_schema_add_file(schema, "app/main.payload"), PC_LOAD_OK);
    pc_schema_resolve(schema);
    assert_int_equal(schema->diags.count, 0);
    assert_string_equal(schema->files[1]->source->path, "first/lib.payload");
    pc_schema_free(schema);
}

/* pc_schema_add_files parses the command line's files on several threads (past 64 KiB in all)
 * and must load exactly what pc_schema_add_file one by one does: the same files in the same
 * order, the same diagnostics in the same order, and the same stop at an unreadable file. */
enum { LOADED_FILES = 6, STRUCTS_PER_FILE = 400 };

static char *large_file(const char *package, const char *imports, const char *extra)
{
    size_t cap = 64 * STRUCTS_PER_FILE + 1024, used = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    used += (size_t)snprintf(text + used, cap - used, "package %s;\n%s", package, imports);
    for (int i = 0; i < STRUCTS_PER_FILE; i++)
        used += (size_t)snprintf(text + used, cap - used,
                                 "/// doc %d\nstruct S%d { a: int32; b?: string; }\n", i, i);
    snprintf(text + used, cap - used, "%s", extra);
    return text;
}

static pc_schema *load_all(const char *const *files, const char *const *roots, uint32_t count,
                           bool at_once, pc_load_status *status, uint32_t *failed)
{
    static pc_options options;
    options = (pc_options){NULL, 0, read_memory_file, (void *)files};
    pc_schema *schema = pc_schema_new(&options);
    assert_non_null(schema);
    *failed = 0;
    *status = PC_LOAD_OK;
    if (at_once) {
        *status = pc_schema_add_files(schema, roots, count, failed);
    } else {
        for (uint32_t i = 0; i < count && *status == PC_LOAD_OK; i++) {
            *status = pc_schema_add_file(schema, roots[i]);
            *failed = i;
        }
        if (*status == PC_LOAD_OK)
            *failed = 0;
    }
    if (*status == PC_LOAD_OK)
        pc_schema_resolve(schema);
    pc_diag_sort(&schema->diags);
    return schema;
}

static void expect_same_load(const pc_schema *a, const pc_schema *b)
{
    assert_int_equal(a->file_count, b->file_count);
    assert_int_equal(a->root_count, b->root_count);
    for (uint32_t i = 0; i < a->file_count; i++) {
        assert_string_equal(a->files[i]->source->path, b->files[i]->source->path);
        assert_int_equal(a->files[i]->source->index, i);
        assert_int_equal(b->files[i]->source->index, i);
        assert_int_equal(a->files[i]->root, b->files[i]->root);
    }
    assert_int_equal(a->diags.count, b->diags.count);
    assert_int_equal(a->diags.error_count, b->diags.error_count);
    assert_int_equal(a->diags.warning_count, b->diags.warning_count);
    for (uint32_t i = 0; i < a->diags.count; i++) {
        const pc_diag *x = &a->diags.items[i], *y = &b->diags.items[i];
        assert_int_equal(x->code, y->code);
        assert_string_equal(x->message, y->message);
        assert_int_equal(x->loc.offset, y->loc.offset);
        assert_int_equal(x->loc.source != NULL, y->loc.source != NULL);
        if (x->loc.source)
            assert_string_equal(x->loc.source->path, y->loc.source->path);
    }
}

static void files_parsed_at_once_load_as_one_by_one(void **state)
{
    (void)state;
    char *texts[LOADED_FILES];
    texts[0] = large_file("p.a", "import \"c.payload\";\n", "struct Use { c: p.c.S1; }\n");
    texts[1] = large_file("p.b", "", "struct Bad { x: Unknown; }\n");
    texts[2] = large_file("p.c", "import \"d.payload\";\n", "");
    texts[3] = large_file("p.d", "", "struct Broken { x: int32\n");
    texts[4] = large_file("p.e", "", "// a byte that is not UTF-8: \xff\n");
    texts[5] = large_file("p.f", "import \"a.payload\";\n", "struct S1 { dup: int32; }\n");
    const char *files[] = {"a.payload", texts[0],    "b.payload", texts[1],    "c.payload",
                           texts[2],    "d.payload", texts[3],    "e.payload", texts[4],
                           "f.payload", texts[5],    NULL};
    /* Imports between roots, a root given twice, one imported by an earlier root, and every
     * kind of problem: unknown type, syntax error, bad UTF-8, a duplicate. */
    const char *const orders[][8] = {
        {"a.payload", "b.payload", "c.payload", "d.payload", "e.payload", "f.payload"},
        {"f.payload", "e.payload", "./d.payload", "c.payload", "b.payload", "a.payload",
         "f.payload"},
        {"b.payload", "a.payload", "missing.payload", "e.payload"},
        {"d.payload", "c.payload", "a.payload", "a.payload"},
    };
    const uint32_t counts[] = {6, 7, 4, 4};
    for (size_t o = 0; o < sizeof counts / sizeof counts[0]; o++) {
        pc_load_status at_once_status, single_status;
        uint32_t at_once_failed, single_failed;
        pc_schema *at_once =
            load_all(files, orders[o], counts[o], true, &at_once_status, &at_once_failed);
        pc_schema *single =
            load_all(files, orders[o], counts[o], false, &single_status, &single_failed);
        assert_int_equal(at_once_status, single_status);
        assert_int_equal(at_once_failed, single_failed);
        assert_true(single->diags.count > 0 || single_status != PC_LOAD_OK);
        expect_same_load(at_once, single);
        pc_schema_free(at_once);
        pc_schema_free(single);
    }
    pc_load_status status;
    uint32_t failed;
    pc_schema *stopped = load_all(files, orders[2], counts[2], true, &status, &failed);
    assert_int_equal(status, PC_LOAD_UNREADABLE);
    assert_int_equal(failed, 2);
    pc_schema_free(stopped);
    for (int i = 0; i < LOADED_FILES; i++)
        free(texts[i]);
}

static void qualified_names_need_an_import(void **state)
{
    (void)state;
    static const char *const files[] = {
        "a.payload", "package a;\nimport \"b.payload\";\nstruct A { b: b.B; c: c.C; }\n",
        "b.payload", "package b;\nimport \"c.payload\";\nstruct B { c: c.C; }\n",
        "c.payload", "package c;\nstruct C { x: int32; }\n",
        NULL};
    pc_schema *schema = compile_files(files);
    /* a imports b only: c.C is known but not visible from a. */
    assert_int_equal(schema->diags.count, 1);
    const pc_diag *diag = find_code(schema, "E0303");
    assert_non_null(diag);
    assert_int_equal(diag->loc.line, 3);
    assert_int_equal(diag->loc.column, 23);
    assert_non_null(strstr(diag->message, "not imported"));
    pc_schema_free(schema);
}

static void several_files_share_a_package(void **state)
{
    (void)state;
    static const char *const files[] = {
        "one.payload", "package p;\nimport \"two.payload\";\nstruct A { b: B; }\n", "two.payload",
        "package p;\nstruct B { a?: A; }\nstruct A { x: int32; }\n", NULL};
    pc_schema *schema = compile_files(files);
    const pc_diag *duplicate = find_code(schema, "E0302");
    assert_non_null(duplicate);
    /* Reported at the second one, with a note at the first. */
    assert_string_equal(duplicate->loc.source->path, "two.payload");
    assert_int_equal(duplicate->note_count, 1);
    assert_string_equal(duplicate->notes[0].loc.source->path, "one.payload");
    assert_int_equal(schema->package_count, 1);
    assert_int_equal(schema->packages[0]->file_count, 2);
    pc_schema_free(schema);
}

static void errors_in_throws_through_an_alias(void **state)
{
    (void)state;
    pc_schema *schema = compile_text(HEADER "@status(404) struct NotFound { m: string; }\n"
                                            "type Missing = NotFound;\n"
                                            "service S { a GET \"/x\" () throws Missing; }\n");
    print_diags(schema);
    assert_int_equal(schema->diags.count, 0);
    assert_int_equal(pc_schema_find(schema, "p.NotFound")->direction, PC_DIR_OUT);
    pc_schema_free(schema);
}

static void nul_bytes_are_invalid_characters(void **state)
{
    (void)state;
    /* Found by fuzzing: NUL bytes inside a keyword once read past flex's tables. */
    static const char text[] = "package p;\nst\0\0\0ruct A { x: int32; }\n";
    pc_schema *schema = pc_schema_new(NULL);
    assert_int_equal(pc_schema_add_text(schema, "nul.payload", text, sizeof text - 1), PC_LOAD_OK);
    pc_schema_resolve(schema);
    pc_diag_sort(&schema->diags);
    assert_true(count_code(schema, "E0101") == 3);
    const pc_diag *first = find_code(schema, "E0101");
    assert_string_equal(first->message, "unexpected control character U+0000");
    assert_int_equal(first->loc.line, 2);
    assert_int_equal(first->loc.column, 3);
    pc_schema_free(schema);
}

static void long_names_do_not_collide_falsely(void **state)
{
    (void)state;
    char text[2048];
    char prefix[301];
    memset(prefix, 'a', 300);
    prefix[300] = '\0';
    snprintf(text, sizeof text, HEADER "struct A { %s_x: int32; %s_y: int32; }\n", prefix, prefix);
    pc_schema *schema = compile_text(text);
    print_diags(schema);
    assert_int_equal(schema->diags.count, 0);
    pc_schema_free(schema);
}

static void suggestions_know_swaps_and_packages(void **state)
{
    (void)state;
    static const char *const files[] = {
        "a.payload",
        "package club.roster;\nimport \"venues.payload\";\n"
        "struct Team { id: int64; }\nstruct S { t: Taem; s: Stadium; f: club.venue.Stadium; }\n",
        "venues.payload", "package club.venues;\nstruct Stadium { name: string; }\n", NULL};
    pc_schema *schema = compile_files(files);
    assert_int_equal(schema->diags.count, 3);
    assert_string_equal(schema->diags.items[0].message,
                        "unknown type 'Taem'; did you mean 'Team'?");
    assert_string_equal(schema->diags.items[1].message,
                        "unknown type 'Stadium'; did you mean 'club.venues.Stadium'?");
    assert_string_equal(schema->diags.items[2].message,
                        "unknown package 'club.venue' in 'club.venue.Stadium'; did you mean "
                        "'club.venues'?");
    pc_schema_free(schema);
}

static void did_you_mean_suggests_close_names(void **state)
{
    (void)state;
    pc_schema *schema = compile_text(HEADER "struct Player { id: int64; }\n"
                                            "struct T { a: Playr; b: in64; c: Zebra; }\n");
    assert_int_equal(count_code(schema, "E0301"), 3);
    assert_string_equal(schema->diags.items[0].message,
                        "unknown type 'Playr'; did you mean 'Player'?");
    assert_string_equal(schema->diags.items[1].message,
                        "unknown type 'in64'; did you mean 'int64'?");
    assert_string_equal(schema->diags.items[2].message, "unknown type 'Zebra'");
    pc_schema_free(schema);
}

static void syntax_errors_stop_before_resolution(void **state)
{
    (void)state;
    pc_schema *schema = compile_text(HEADER "struct A { x: Unknown; y int32; }\n");
    assert_int_equal(count_code(schema, "E0201"), 1);
    assert_int_equal(count_code(schema, "E0301"), 0);
    pc_schema_free(schema);
}

static void keywords_name_members_and_routes(void **state)
{
    (void)state;
    pc_schema *schema = compile_text(
        HEADER "enum E { null; true; open; }\n"
               "struct S { type: string; package: int32; throws?: bool; }\n"
               "union U discriminator \"k\" { struct: S; }\n"
               "service Svc { import POST \"/import\" (body: U, service?: E) -> S; }\n");
    print_diags(schema);
    assert_int_equal(schema->diags.count, 0);
    pc_schema_free(schema);
}

static void optional_struct_self_reference_is_fine(void **state)
{
    (void)state;
    pc_schema *schema = compile_text(HEADER "struct A { next?: A; b: B?; l: list<A> = []; }\n"
                                            "struct B { a: A; m: map<string, B> = {}; }\n"
                                            "type Tree = list<Tree>;\n");
    print_diags(schema);
    assert_int_equal(schema->diags.count, 0);
    pc_schema_free(schema);
}

static void defaults_of_every_kind_fit(void **state)
{
    (void)state;
    pc_schema *schema = compile_text(
        HEADER
        "enum E { a; b; }\n@max_length(3) type Short = string;\n"
        "struct A { b: bool = true; i: int32 = -2147483648; l: int64 = 9223372036854775807;\n"
        " f: float64 = 1; g: float64 = -2.5e3; s: string = \"x\"; by: bytes = \"AAE=\";\n"
        " d: date = \"2024-02-29\"; dt: datetime = \"2024-05-01T10:00:00.5+02:00\";\n"
        " u: uuid = \"123E4567-E89B-12D3-A456-426614174000\"; dec: decimal = \"-0.50\";\n"
        " j: json = {}; j2: json = null; e: E = b; n: int32? = null; li: list<E> = [];\n"
        " m: map<string, int32> = {}; sh: Short = \"abc\"; }\n");
    print_diags(schema);
    assert_int_equal(schema->diags.count, 0);
    const pc_decl *a = pc_schema_find(schema, "p.A");
    const pc_value *e = a->as.struct_.fields[13]->default_value;
    assert_non_null(e->member);
    assert_true(pc_str_eq_cstr(e->member->name, "b"));
    pc_schema_free(schema);
}

static void constraints_are_collected(void **state)
{
    (void)state;
    pc_schema *schema = compile_text(
        HEADER
        "@min_length(1) @max_length(80) @pattern(\"[A-Z][a-z]+\") type Name = string;\n"
        "struct A { @min(0) @max(10.5) x: float64; @min_items(1) @max_items(3) l: list<Name>; "
        "n: Name?; }\n");
    print_diags(schema);
    assert_int_equal(schema->diags.count, 0);
    const pc_decl *name = pc_schema_find(schema, "p.Name");
    assert_true(name->as.alias.constraints.has_min_length);
    assert_int_equal(name->as.alias.constraints.max_length, 80);
    assert_non_null(name->as.alias.constraints.pattern);
    const pc_decl *a = pc_schema_find(schema, "p.A");
    assert_true(pc_value_number(a->as.struct_.fields[0]->constraints.max) == 10.5);
    assert_int_equal(a->as.struct_.fields[1]->constraints.max_items, 3);
    assert_true(pc_type_is_nullable(a->as.struct_.fields[2]->type));
    pc_schema_free(schema);
}

static void primitive_names_round_trip(void **state)
{
    (void)state;
    for (int p = 0; p < PC_PRIM_COUNT; p++) {
        pc_primitive found = PC_PRIM_COUNT;
        assert_true(
            pc_primitive_from_name(pc_str_from_cstr(pc_primitive_name((pc_primitive)p)), &found));
        assert_int_equal(found, p);
    }
    static const char *const not_primitives[] = {"",      "list",  "map",     "Bool",      "int",
                                                 "int3",  "int16", "datetim", "datetimes", "strin",
                                                 "jsonx", "uuid4", "bytez",   "float"};
    for (size_t i = 0; i < sizeof not_primitives / sizeof not_primitives[0]; i++) {
        pc_primitive found;
        assert_false(pc_primitive_from_name(pc_str_from_cstr(not_primitives[i]), &found));
    }
}

/* Many names in one scope, long ones (their spellings outgrow the scratch buffer), and each
 * kind of clash reported against the first name that took the key. */
static void clashes_in_a_large_scope(void **state)
{
    (void)state;
    char text[16384];
    size_t used = (size_t)snprintf(text, sizeof text, HEADER "struct Big {\n");
    for (int i = 0; i < 120; i++)
        used += (size_t)snprintf(text + used, sizeof text - used,
                                 "  field_with_a_rather_long_name_number_%03d: int32;\n", i);
    used += (size_t)snprintf(text + used, sizeof text - used,
                             "  field_with_a_rather_long_name_number_007: string;\n"
                             "  @wire(\"field_with_a_rather_long_name_number_042\") other: int32;\n"
                             "  fieldWithARatherLongNameNumber_099: int32;\n"
                             "}\n");
    pc_schema *schema = compile_text(text);
    pc_diag_sort(&schema->diags);
    assert_int_equal(schema->diags.count, 3);
    const pc_diag *duplicate = find_code(schema, "E0305");
    assert_non_null(duplicate);
    assert_int_equal(duplicate->loc.line, 3 + 120);
    assert_int_equal(duplicate->note_count, 1);
    assert_int_equal(duplicate->notes[0].loc.line, 3 + 7);
    const pc_diag *wire = find_code(schema, "E0306");
    assert_non_null(wire);
    assert_int_equal(wire->loc.line, 3 + 121);
    assert_int_equal(wire->notes[0].loc.line, 3 + 42);
    const pc_diag *camel = find_code(schema, "E0310");
    assert_non_null(camel);
    assert_int_equal(camel->loc.line, 3 + 122);
    assert_int_equal(camel->notes[0].loc.line, 3 + 99);
    assert_non_null(strstr(camel->message, "'fieldWithARatherLongNameNumber099'"));
    pc_schema_free(schema);
}

static void camel_case_conversion(void **state)
{
    (void)state;
    char out[64];
    pc_lower_camel(pc_str_from_cstr("first_name"), out, sizeof out);
    assert_string_equal(out, "firstName");
    pc_lower_camel(pc_str_from_cstr("URL"), out, sizeof out);
    assert_string_equal(out, "uRL");
    pc_lower_camel(pc_str_from_cstr("_private_x"), out, sizeof out);
    assert_string_equal(out, "privateX");
    pc_upper_camel(pc_str_from_cstr("ice_hockey_match"), out, sizeof out);
    assert_string_equal(out, "IceHockeyMatch");
    pc_upper_camel(pc_str_from_cstr("a"), out, 2);
    assert_string_equal(out, "A");
    /* underscores in runs and at the end; output cut to the buffer */
    pc_lower_camel(pc_str_from_cstr("Go__to___x_"), out, sizeof out);
    assert_string_equal(out, "goToX");
    pc_lower_camel(pc_str_from_cstr("__"), out, sizeof out);
    assert_string_equal(out, "");
    assert_int_equal(pc_lower_camel(pc_str_from_cstr("a_b_c"), out, 3), 2);
    assert_string_equal(out, "aB");
    assert_int_equal(pc_upper_camel(pc_str_from_cstr("abc"), out, 1), 0);
    assert_string_equal(out, "");
    pc_upper_camel(pc_str_from_cstr("9_lives"), out, sizeof out);
    assert_string_equal(out, "9Lives");
}

int main(void)
{
    size_t rule_count = sizeof rule_cases / sizeof rule_cases[0];
    struct CMUnitTest fixed[] = {
        cmocka_unit_test(design_example_resolves_cleanly),
        cmocka_unit_test(directions_follow_routes),
        cmocka_unit_test(directions_of_query_params_and_recursion),
        cmocka_unit_test(imports_resolve_through_include_dirs),
        cmocka_unit_test(include_dirs_are_searched_in_order),
        cmocka_unit_test(files_parsed_at_once_load_as_one_by_one),
        cmocka_unit_test(qualified_names_need_an_import),
        cmocka_unit_test(several_files_share_a_package),
        cmocka_unit_test(did_you_mean_suggests_close_names),
        cmocka_unit_test(errors_in_throws_through_an_alias),
        cmocka_unit_test(long_names_do_not_collide_falsely),
        cmocka_unit_test(nul_bytes_are_invalid_characters),
        cmocka_unit_test(suggestions_know_swaps_and_packages),
        cmocka_unit_test(syntax_errors_stop_before_resolution),
        cmocka_unit_test(keywords_name_members_and_routes),
        cmocka_unit_test(optional_struct_self_reference_is_fine),
        cmocka_unit_test(defaults_of_every_kind_fit),
        cmocka_unit_test(constraints_are_collected),
        cmocka_unit_test(camel_case_conversion),
        cmocka_unit_test(primitive_names_round_trip),
        cmocka_unit_test(clashes_in_a_large_scope),
    };
    size_t fixed_count = sizeof fixed / sizeof fixed[0];
    struct CMUnitTest *tests = calloc(fixed_count + rule_count, sizeof *tests);
    memcpy(tests, fixed, sizeof fixed);
    for (size_t i = 0; i < rule_count; i++) {
        tests[fixed_count + i].name = rule_cases[i].code;
        tests[fixed_count + i].test_func = run_rule_case;
        tests[fixed_count + i].initial_state = (void *)&rule_cases[i];
    }
    int failed = _cmocka_run_group_tests("resolver", tests, fixed_count + rule_count, NULL, NULL);
    free(tests);
    return failed;
}
