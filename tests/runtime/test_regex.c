/* I-Regexp (RFC 9485): what compiles, what is refused (and where), and what matches. */
#include "test_util.h"

#include <stdio.h>
#include <time.h>

typedef struct match_case {
    const char *pattern;
    const char *text;
    bool matches;
} match_case;

static void check_match(const char *pattern, size_t plen, const char *text, size_t tlen,
                        bool expected)
{
    pl_arena *arena = pl_arena_new();
    pl_error err;
    pl_error_clear(&err);
    char *p = exact_copy(pattern, plen);
    pl_regex *re = pl_regex_compile(p, plen, arena, &err);
    if (!re)
        fail_msg("pattern '%s' refused: %s (offset %zu)", pattern, err.message, err.offset);
    char *t = exact_copy(text, tlen);
    bool got = pl_regex_match(re, t, tlen);
    if (got != expected)
        fail_msg("'%s' on \"%s\": expected %s", pattern, text, expected ? "match" : "no match");
    free(t);
    free(p);
    pl_arena_free(arena);
}

static void test_matching(void **state)
{
    (void)state;
    static const match_case cases[] = {
        {"", "", true},
        {"", "a", false},
        {"abc", "abc", true},
        {"abc", "abcd", false},
        {"abc", "ab", false},
        {"a|b|c", "b", true},
        {"a|b|c", "d", false},
        {"a||b", "", true},
        {"(a|bc)*", "abcbca", true},
        {"(a|bc)*", "abcbcb", false},
        {"a*", "", true},
        {"a*", "aaaa", true},
        {"a+", "", false},
        {"a+", "aaa", true},
        {"a?", "", true},
        {"a?", "aa", false},
        {"a{0}", "", true},
        {"a{0}", "a", false},
        {"a{3}", "aaa", true},
        {"a{3}", "aa", false},
        {"a{2,}", "a", false},
        {"a{2,}", "aaaaaaa", true},
        {"a{2,4}", "aaaa", true},
        {"a{2,4}", "aaaaa", false},
        {"(ab){2,3}", "ababab", true},
        {"(ab){2,3}", "aba", false},
        {"(a*)*", "aaa", true},
        {"(a*)+b", "aab", true},
        {"()*", "", true},
        {"(){2,}a", "a", true},
        {"[a-z]+", "hello", true},
        {"[a-z]+", "Hello", false},
        {"[^a-z]", "A", true},
        {"[^a-z]", "q", false},
        {"[--]", "-", true},
        {"[-a]", "-", true},
        {"[a-]", "-", true},
        {"[^-]", "-", false},
        {"[^-]", "x", true},
        {"[\\-]", "-", true},
        {"[a^]", "^", true},
        {"[$]", "$", true},
        {"\\^", "^", true},
        {"[.]", ".", true},
        {"[.]", "x", false},
        {"[\\[\\]]+", "[]", true},
        {"[*+?{}()|]+", "*+?{}()|", true},
        {"\\(\\)\\*\\+\\.\\?\\[\\\\\\]\\^\\{\\|\\}\\-", "()*+.?[\\]^{|}-", true},
        {"\\n\\r\\t", "\n\r\t", true},
        {".", "a", true},
        {".", "\n", false},
        {".", "\r", false},
        {".", "\t", true},
        {".", "\xc3\xa9", true}, /* é is one code point */
        {"..", "\xc3\xa9", false},
        {".", "\xf4\x8f\xbf\xbf", true}, /* U+10FFFF */
        {"\xc3\xa9+", "\xc3\xa9\xc3\xa9", true},
        {"[\xc3\xa0-\xc3\xbf]", "\xc3\xa9", true},
        {"[\xc3\xa0-\xc3\xbf]", "a", false},
        {"\\p{L}+", "abc\xc3\x89", true},
        {"\\p{Lu}", "A", true},
        {"\\p{Lu}", "\xc3\x89", true}, /* É */
        {"\\p{Lu}", "a", false},
        {"\\p{Ll}", "a", true},
        {"\\P{L}", "1", true},
        {"\\P{L}", "a", false},
        {"\\p{Nd}", "\xd9\xa3", true},    /* ARABIC-INDIC DIGIT THREE */
        {"\\p{N}", "\xe2\x85\xa0", true}, /* ROMAN NUMERAL ONE (Nl) */
        {"\\p{Zs}", "\xc2\xa0", true},    /* NO-BREAK SPACE */
        {"\\p{Z}", " ", true},
        {"\\p{Cc}", "\n", true},
        {"\\p{Cn}", "\xcd\xb8", true},     /* U+0378, unassigned */
        {"\\p{Co}", "\xee\x80\x80", true}, /* U+E000, private use */
        {"\\p{C}", "\xee\x80\x80", true},
        {"\\p{Sc}", "\xe2\x82\xac", true}, /* € */
        {"\\p{Pd}", "-", true},
        {"\\p{Ps}\\p{Pe}", "()", true},
        {"\\p{M}", "\xcc\x81", true}, /* COMBINING ACUTE ACCENT */
        {"[\\p{L}\\p{Nd}_]+", "ab_12\xc3\xa9", true},
        {"[^\\p{L}]", "\xc3\xa9", false},
        {"[^\\P{L}]", "\xc3\xa9", true},
        {"[\\P{L}a]", "a", true},
        {"[a-c\\p{Nd}]", "5", true},
        {"[0-9]{4}-[0-9]{2}-[0-9]{2}", "2024-05-01", true},
        {"[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}", "someone.else@example.com", true},
        {"[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}", "nobody@localhost", false},
        {"(foo|foobar)baz", "foobarbaz", true},
        {"x*y*z*", "xxzz", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_match(cases[i].pattern, strlen(cases[i].pattern), cases[i].text,
                    strlen(cases[i].text), cases[i].matches);
}

static void test_nul_and_invalid_text(void **state)
{
    (void)state;
    check_match("a\0b", 3, "a\0b", 3, true);
    check_match("a.b", 3, "a\0b", 3, true);
    check_match("a.b", 3, "axb", 3, true);
    /* Text that is not UTF-8 never matches. */
    check_match(".*", 2, "\xff", 1, false);
    check_match(".*", 2, "\xc3", 1, false);
    check_match(".*", 2, "\xed\xa0\x80", 3, false); /* a surrogate */
}

typedef struct reject_case {
    const char *pattern;
    size_t offset;
    const char *message_part;
} reject_case;

static void test_rejections(void **state)
{
    (void)state;
    static const reject_case cases[] = {
        {"^abc", 0, "anchors '^' and '$' are not part of I-Regexp"},
        {"abc$", 3, "anchors '^' and '$'"},
        {"a\\d", 1, "'\\d' is not I-Regexp; use [0-9]"},
        {"\\D", 0, "use [^0-9]"},
        {"\\w+", 0, "'\\w' is not I-Regexp"},
        {"\\s", 0, "'\\s' is not I-Regexp"},
        {"(a)\\1", 3, "backreferences are not I-Regexp"},
        {"\\k<x>", 0, "backreferences are not I-Regexp"},
        {"\\bword", 0, "word boundaries"},
        {"\\A", 0, "anchors"},
        {"\\u00e9", 0, "code escapes are not I-Regexp"},
        {"\\x41", 0, "code escapes"},
        {"\\i", 0, "XML Schema"},
        {"\\q", 0, "is not an I-Regexp escape"},
        {"ab\\", 2, "lone '\\'"},
        {"(?:a)", 1, "'(?' groups"},
        {"(?=a)", 1, "'(?' groups"},
        {"(?<n>a)", 1, "'(?' groups"},
        {"a*?", 2, "lazy quantifiers"},
        {"a+?", 2, "lazy quantifiers"},
        {"a{2}?", 4, "lazy quantifiers"},
        {"a*+", 2, "possessive quantifiers"},
        {"a**", 2, "cannot follow a quantifier"},
        {"a{2}{3}", 4, "cannot follow a quantifier"},
        {"*a", 0, "'*' has nothing to repeat"},
        {"a|+", 2, "'+' has nothing to repeat"},
        {"(?", 1, "'(?' groups"},
        {"{2}", 0, "'{' has nothing to repeat"},
        {"a{", 1, "must start a quantifier"},
        {"a{x}", 1, "must start a quantifier"},
        {"a{2", 1, "must start a quantifier"},
        {"a{2,x}", 1, "must start a quantifier"},
        {"a{,3}", 1, "{0,m}"},
        {"a{3,2}", 1, "n is greater than m"},
        {"a}", 1, "unescaped '}'"},
        {"a]", 1, "unescaped ']'"},
        {"a)", 1, "unbalanced ')'"},
        {"(a", 0, "never closed by ')'"},
        {"x((a)", 1, "never closed by ')'"},
        {"[a", 0, "never closed by ']'"},
        {"[a-", 0, "never closed by ']'"},
        {"[]", 1, "empty character class"},
        {"[^]", 2, "empty character class"},
        {"[a[b]", 2, "'[' inside a class must be escaped"},
        {"[a-z-[aeiou]]", 4, "'-' inside a class must come first or last"},
        {"[a-c-e]", 4, "'-' inside a class"},
        {"[---]", 2, "'-' inside a class"},
        {"[a--]", 3, "cannot end in an unescaped '-'"},
        {"[z-a]", 2, "range out of order"},
        {"[\\p{L}-z]", 6, "category escape cannot start a range"},
        {"[a-\\p{L}]", 3, "cannot end in a category escape"},
        {"[\\d]", 1, "'\\d' is not I-Regexp"},
        {"\\p{Xx}", 3, "unknown Unicode category 'Xx'"},
        {"\\p{Cs}", 3, "unknown Unicode category 'Cs'"},
        {"\\p{Letter}", 3, "unknown Unicode category"},
        {"\\p{IsBasicLatin}", 3, "block escapes"},
        {"\\pL", 0, "must be followed by a category in braces"},
        {"\\p{L", 0, "not closed by '}'"},
        {"a\xff", 1, "not valid UTF-8"},
        {"[\xc3]", 1, "not valid UTF-8"},
        {"x{10001}", 1, "too large"},
        {"(((a{100}){100}){100})", 16, "too large"},
        {"[a-z]{5000}[0-9]{5001}", 11, "too large"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const reject_case *c = &cases[i];
        pl_arena *arena = pl_arena_new();
        pl_error err;
        pl_error_clear(&err);
        size_t len = strlen(c->pattern);
        char *p = exact_copy(c->pattern, len);
        pl_regex *re = pl_regex_compile(p, len, arena, &err);
        if (re)
            fail_msg("pattern '%s' should be refused", c->pattern);
        if (err.kind != PL_ERROR_REGEX)
            fail_msg("pattern '%s': kind %s", c->pattern, pl_error_kind_name(err.kind));
        if (err.offset != c->offset)
            fail_msg("pattern '%s': offset %zu, expected %zu (%s)", c->pattern, err.offset,
                     c->offset, err.message);
        if (!strstr(err.message, c->message_part))
            fail_msg("pattern '%s': message \"%s\" lacks \"%s\"", c->pattern, err.message,
                     c->message_part);
        assert_int_equal(err.line, 1);
        free(p);
        pl_arena_free(arena);
    }
}

static void test_error_line_column(void **state)
{
    (void)state;
    pl_arena *arena = pl_arena_new();
    pl_error err;
    const char *pattern = "\xc3\xa9\xc3\xa9\\d"; /* the column counts code points */
    assert_null(pl_regex_compile(pattern, strlen(pattern), arena, &err));
    assert_int_equal(err.offset, 4);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 3);
    pattern = "a\\nb\n^";
    assert_null(pl_regex_compile(pattern, strlen(pattern), arena, &err));
    assert_int_equal(err.offset, 5);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 1);
    /* A NULL err is allowed. */
    assert_null(pl_regex_compile("(", 1, arena, NULL));
    pl_arena_free(arena);
}

static double seconds_since(clock_t start)
{
    return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void test_pathological_linear(void **state)
{
    (void)state;
    static const char *const patterns[] = {"(a*)*b",        "(a+)+b", "(a|a)*b",         "(a|aa)*c",
                                           "(a?){30}a{30}", "(.*)*x", "(a*)*(b*)*(a*)*c"};
    enum { N = 100000 };
    char *text = malloc(N);
    assert_non_null(text);
    memset(text, 'a', N);
    pl_arena *arena = pl_arena_new();
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        pl_error err;
        pl_regex *re = pl_regex_compile(patterns[i], strlen(patterns[i]), arena, &err);
        assert_non_null(re);
        clock_t start = clock();
        bool matched = pl_regex_match(re, text, N);
        double took = seconds_since(start);
        if (matched)
            fail_msg("%s matched a string of a's", patterns[i]);
        if (took > 2.0)
            fail_msg("%s took %.2fs on %d characters", patterns[i], took, N);
    }
    /* ... and the classic exponential case, which does match. */
    pl_error err;
    pl_regex *re = pl_regex_compile("(a?){40}a{40}", 13, arena, &err);
    assert_non_null(re);
    assert_true(pl_regex_match(re, text, 40));
    assert_false(pl_regex_match(re, text, 81));
    pl_arena_free(arena);
    free(text);
}

static void test_large_program(void **state)
{
    (void)state;
    /* More states than the matcher keeps on the stack, so its scratch comes from malloc. */
    pl_arena *arena = pl_arena_new();
    pl_error err;
    pl_regex *re = pl_regex_compile("[a-z]{300,400}", 14, arena, &err);
    assert_non_null(re);
    char text[401];
    memset(text, 'q', sizeof text);
    assert_false(pl_regex_match(re, text, 299));
    assert_true(pl_regex_match(re, text, 300));
    assert_true(pl_regex_match(re, text, 400));
    assert_false(pl_regex_match(re, text, 401));
    re = pl_regex_compile("x{10000}", 8, arena, &err);
    assert_non_null(re); /* exactly at the limit */
    assert_false(pl_regex_match(NULL, "a", 1));
    pl_arena_free(arena);
}

/* The matcher has three engines: a table over ASCII (few state sets), the bit-parallel NFA (at
 * most 64 states, and the table's fallback past ASCII) and the NFA simulation. Each pattern is
 * compiled as it is and with an alternative that never matches the texts tried but adds more
 * than 64 states (U+E000 seventy times), which leaves only the simulation; both must agree on
 * every text of a deterministic random set over an alphabet with ASCII, two- to four-byte
 * characters and invalid UTF-8. */
static void test_engines_agree(void **state)
{
    (void)state;
    static const char *const patterns[] = {
        "\\p{L}[\\p{L}\\p{M} '.\\-]*",
        "[^@ ]+@[^@ ]+\\.[^@ ]+",
        "\\+?[1-9][0-9]{0,3}",
        "[A-Z]{2}",
        "[a-z]{2,3}(-[A-Z]{2})?",
        "[A-Za-z]+(/[A-Za-z0-9_+\\-]+)*",
        "[a-z][a-z0-9]*:.+",
        "(a|b)*abb",
        "(ab|a)*c?",
        "[ab]*a[ab]{4}", /* 33 state sets with the empty one: no table */
        ".*\xC3\xA9.",
        "[^a]*",
        "a|",
        "",
        "\xE6\x97\xA5+[0-9]?",
    };
    /* clang-format off */
    static const char *const alphabet[] = {
        "a", "b", "c", "x", "A", "Z", "0", "9", "@", ".", " ", "-", "/", "+", ":", "'",
        "\xC3\xA9", "\xE6\x97\xA5", "\xF0\x9F\x98\x80", "\xCC\x81", "\xFF",
    };
    /* clang-format on */
    const size_t letters = sizeof alphabet / sizeof *alphabet;
    char nfa_only[600];
    uint64_t seed = 0x2545F4914F6CDD1Dull;
    for (size_t k = 0; k < sizeof patterns / sizeof *patterns; k++) {
        pl_arena *arena = pl_arena_new();
        pl_error err;
        const char *pattern = patterns[k];
        int n = snprintf(nfa_only, sizeof nfa_only, "(%s)|\xEE\x80\x80{70}", pattern);
        assert_true(n > 0 && (size_t)n < sizeof nfa_only);
        pl_regex *fast = pl_regex_compile(pattern, strlen(pattern), arena, &err);
        pl_regex *slow = pl_regex_compile(nfa_only, (size_t)n, arena, &err);
        if (!fast || !slow)
            fail_msg("'%s': %s", pattern, err.message);
        size_t matched = 0;
        for (int t = 0; t < 4000; t++) {
            char text[64];
            size_t len = 0;
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t count = (size_t)(seed >> 60); /* 0..15 characters */
            for (size_t i = 0; i < count; i++) {
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                /* A third of the time 'a' or 'b', a third 'A', 'Z', '0' or '9', a third any
                 * letter: every pattern then meets texts it matches and texts it does not. */
                uint64_t pick = (seed >> 33) % 3, r = seed >> 40;
                const char *c = pick == 0   ? alphabet[r % 2]
                                : pick == 1 ? alphabet[4 + r % 4]
                                            : alphabet[r % letters];
                memcpy(text + len, c, strlen(c));
                len += strlen(c);
            }
            char *exact = exact_copy(text, len);
            bool a = pl_regex_match(fast, exact, len), b = pl_regex_match(slow, exact, len);
            if (a != b)
                fail_msg("'%s' on \"%.*s\": %s by the fast engines, %s by the simulation", pattern,
                         (int)len, text, a ? "match" : "no match", b ? "match" : "no match");
            matched += a;
            free(exact);
        }
        /* The texts must exercise both answers for most patterns (else the check says little). */
        if (matched == 0 || matched == 4000)
            fail_msg("'%s': %zu of 4000 texts match", pattern, matched);
        pl_arena_free(arena);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matching),
        cmocka_unit_test(test_nul_and_invalid_text),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_error_line_column),
        cmocka_unit_test(test_pathological_linear),
        cmocka_unit_test(test_large_program),
        cmocka_unit_test(test_engines_agree),
    };
    return cmocka_run_group_tests_name("regex", tests, NULL, NULL);
}
