/* The lexer: tokens, locations, doc comments, literals and lexical errors. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "parser.h"
#define YYSTYPE PC_YYSTYPE
#define YYLTYPE PC_YYLTYPE
#include "lexer.h"

typedef struct lexed {
    int kinds[64];
    PC_YYSTYPE values[64];
    PC_YYLTYPE locations[64];
    pc_loc locs[64]; /* with lines and columns, as the parser's nodes get them */
    int count;
    pc_diag_sink diags;
    pl_arena *arena;
    pc_source source;
} lexed;

static lexed *lex(const char *text)
{
    lexed *result = calloc(1, sizeof *result);
    assert_non_null(result);
    result->arena = pl_arena_new();
    pc_diag_sink_init(&result->diags, result->arena);
    result->source.path = "lex.payload";
    result->source.text = text;
    result->source.len = (uint32_t)strlen(text);
    pc_parser parser;
    assert_true(pc_parser_init(&parser, result->arena, &result->diags, &result->source));
    yyscan_t scanner;
    assert_int_equal(pc_yylex_init_extra(&parser, &scanner), 0);
    YY_BUFFER_STATE buffer = pc_yy_scan_string(text, scanner);
    for (;;) {
        PC_YYSTYPE value;
        PC_YYLTYPE location;
        int kind = pc_yylex(&value, &location, scanner);
        if (kind == PC_YYEOF || kind == 0 || result->count == 64)
            break;
        result->kinds[result->count] = kind;
        result->values[result->count] = value;
        result->locations[result->count] = location;
        result->locs[result->count] = pc_parser_loc(&parser, &location);
        result->count++;
    }
    pc_yy_delete_buffer(buffer, scanner);
    pc_yylex_destroy(scanner);
    pc_parser_release(&parser);
    return result;
}

static void release(lexed *result)
{
    pl_arena_free(result->arena);
    free(result);
}

static int count_diags(const lexed *result, const char *code)
{
    int count = 0;
    for (uint32_t i = 0; i < result->diags.count; i++)
        count += strcmp(pc_diag_info_of(result->diags.items[i].code)->code, code) == 0;
    return count;
}

static bool has_code(const lexed *result, const char *code)
{
    for (uint32_t i = 0; i < result->diags.count; i++) {
        if (strcmp(pc_diag_info_of(result->diags.items[i].code)->code, code) == 0)
            return true;
    }
    return false;
}

static void keywords_and_names(void **state)
{
    (void)state;
    lexed *r = lex("package struct enum union open type service discriminator throws true false "
                   "null import GET list int32 _x");
    int expected[] = {PACKAGE, STRUCT, ENUM,  UNION,  OPEN, TYPE, SERVICE, DISCRIMINATOR, THROWS,
                      TRUE,    FALSE,  NULL_, IMPORT, NAME, NAME, NAME,    NAME};
    assert_int_equal(r->count, (int)(sizeof expected / sizeof expected[0]));
    for (int i = 0; i < r->count; i++)
        assert_int_equal(r->kinds[i], expected[i]);
    assert_int_equal(r->values[13].str.len, 3);
    assert_memory_equal(r->values[13].str.ptr, "GET", 3);
    assert_int_equal(r->diags.count, 0);
    release(r);
}

static void punctuation_and_arrow(void **state)
{
    (void)state;
    lexed *r = lex("; { } ( ) < > , : ? = . @ [ ] ->");
    int expected[] = {';', '{', '}', '(', ')', '<', '>', ',',
                      ':', '?', '=', '.', '@', '[', ']', ARROW};
    assert_int_equal(r->count, 16);
    for (int i = 0; i < r->count; i++)
        assert_int_equal(r->kinds[i], expected[i]);
    release(r);
}

static void locations_count_lines_and_code_points(void **state)
{
    (void)state;
    lexed *r = lex("package a;\n  /* é */ struct\n\tx");
    assert_int_equal(r->count, 5);
    assert_int_equal(r->locs[0].line, 1);
    assert_int_equal(r->locs[0].column, 1);
    assert_int_equal(r->locs[2].line, 1);
    assert_int_equal(r->locs[2].column, 10);
    assert_int_equal(r->locs[3].line, 2);
    // the comment before struct holds an é: 10 code points, 11 bytes, so column 11
    assert_int_equal(r->locs[3].column, 11);
    assert_int_equal(r->locations[3].offset, 11 + 11);
    assert_int_equal(r->locations[3].end - r->locations[3].offset, 6);
    assert_int_equal(r->locs[3].offset, 11 + 11);
    assert_int_equal(r->locs[3].length, 6);
    assert_int_equal(r->locs[4].line, 3);
    assert_int_equal(r->locs[4].column, 2);
    release(r);
}

static void doc_comments_attach_to_the_next_token(void **state)
{
    (void)state;
    lexed *r = lex("/// First line.\n///   Indented.\n//// not a doc\n// plain\nstruct X\n/// "
                   "member\nx");
    assert_int_equal(r->count, 3);
    assert_string_equal(r->locations[0].doc, "First line.\n  Indented.");
    assert_null(r->locations[1].doc);
    assert_string_equal(r->locations[2].doc, "member");
    release(r);
}

static void numbers(void **state)
{
    (void)state;
    lexed *r = lex("0 -12 1.5 -2e10 1E+3 0.25");
    int expected[] = {INT, INT, FLOAT, FLOAT, FLOAT, FLOAT};
    assert_int_equal(r->count, 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal(r->kinds[i], expected[i]);
    assert_int_equal(r->diags.count, 0);
    release(r);
}

static void leading_zero_is_an_error(void **state)
{
    (void)state;
    lexed *r = lex("007 -01 00.5 12abc");
    assert_int_equal(r->diags.count, 4);
    assert_true(has_code(r, "E0104"));
    release(r);
}

static void exponent_sign_without_digits(void **state)
{
    (void)state;
    /* "1e+" is the invalid literal "1e" and then an unexpected '+' (the scanner never backs
     * up over the sign); "1e+5" is a number. */
    lexed *r = lex("1e+ 1.5E-x 2e+5");
    assert_int_equal(r->count, 4);
    assert_int_equal(r->kinds[0], INT);
    assert_int_equal(r->values[0].str.len, 2);
    assert_int_equal(r->kinds[1], INT);
    assert_memory_equal(r->values[1].str.ptr, "1.5E", 4);
    assert_int_equal(r->values[1].str.len, 4);
    assert_int_equal(r->kinds[2], NAME); /* the x after the '-' */
    assert_int_equal(r->locs[2].column, 10);
    assert_int_equal(r->kinds[3], FLOAT);
    assert_int_equal(r->values[3].str.len, 4);
    assert_int_equal(count_diags(r, "E0104"), 2);
    assert_int_equal(count_diags(r, "E0101"), 2); /* '+' and '-' */
    release(r);
}

static void columns_after_non_ascii_lines(void **state)
{
    (void)state;
    /* The first non-ASCII byte is on line 2; columns on later lines still count code points
     * from their own line start, and lookups may go back to earlier lines. */
    lexed *r = lex("a\n\"\xc3\xa9\xc3\xa9\" b\n\n\n\n\n\n\n\n\n\n\n   c \xe2\x82\xac d");
    assert_true(r->count >= 5);
    assert_int_equal(r->locs[0].line, 1);
    assert_int_equal(r->locs[1].line, 2);
    assert_int_equal(r->locs[2].line, 2);
    assert_int_equal(r->locs[2].column, 6); /* "éé" is 4 code points with its quotes */
    assert_int_equal(r->locs[3].line, 13);
    assert_int_equal(r->locs[3].column, 4);
    assert_int_equal(r->locs[4].line, 13);
    assert_int_equal(r->locs[4].column, 8); /* after "c €" */
    release(r);
}

static void string_escapes_are_decoded(void **state)
{
    (void)state;
    lexed *r = lex("\"a\\\"b\\\\c\\/\\n\\t\\u00e9\\ud83d\\ude00\"");
    assert_int_equal(r->count, 1);
    assert_int_equal(r->kinds[0], STRING);
    const char expected[] = "a\"b\\c/\n\t\xc3\xa9\xf0\x9f\x98\x80";
    assert_int_equal(r->values[0].str.len, sizeof expected - 1);
    assert_memory_equal(r->values[0].str.ptr, expected, sizeof expected - 1);
    assert_int_equal(r->diags.count, 0);
    release(r);
}

static void string_errors(void **state)
{
    (void)state;
    lexed *r = lex("\"bad \\x escape\" \"lone \\ud800 high\" \"\\udc00\" \"tab\there\" \"open");
    assert_true(has_code(r, "E0103"));
    assert_true(has_code(r, "E0107"));
    assert_true(has_code(r, "E0108"));
    assert_true(has_code(r, "E0102"));
    /* the bad escape is reported at its own column */
    const pc_diag *escape = &r->diags.items[0];
    assert_string_equal(pc_diag_info_of(escape->code)->code, "E0103");
    assert_int_equal(escape->loc.column, 6);
    assert_int_equal(r->count, 5); /* every string still becomes a token */
    release(r);
}

static void invalid_characters_and_comments(void **state)
{
    (void)state;
    lexed *r = lex("a # b € /* never closed");
    assert_true(has_code(r, "E0101"));
    assert_true(has_code(r, "E0105"));
    assert_int_equal(r->count, 2);
    release(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keywords_and_names),
        cmocka_unit_test(punctuation_and_arrow),
        cmocka_unit_test(locations_count_lines_and_code_points),
        cmocka_unit_test(doc_comments_attach_to_the_next_token),
        cmocka_unit_test(numbers),
        cmocka_unit_test(leading_zero_is_an_error),
        cmocka_unit_test(exponent_sign_without_digits),
        cmocka_unit_test(columns_after_non_ascii_lines),
        cmocka_unit_test(string_escapes_are_decoded),
        cmocka_unit_test(string_errors),
        cmocka_unit_test(invalid_characters_and_comments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
