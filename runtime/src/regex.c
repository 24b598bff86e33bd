/* I-Regexp (RFC 9485): a strict parser with precise error offsets, and a matcher that simulates
 * the Thompson NFA so that matching time is linear in the text whatever the pattern. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

enum {
    RX_MAX_INST = 10000, /* bounds the program and so the matcher's per-character work */
    RX_MAX_DEPTH = 200,  /* group nesting; the parser recurses once per level */
    RX_STACK_INST = 256, /* programs up to this size match without malloc */
};
#define RX_INF UINT32_MAX
#define RX_MAX_CP 0x10FFFFu

typedef struct rx_range {
    uint32_t lo, hi;
} rx_range;

typedef enum rx_kind { RX_EMPTY, RX_SET, RX_CAT, RX_ALT, RX_REPEAT } rx_kind;

typedef struct rx_node {
    rx_kind kind;
    uint32_t size;                /* instructions it compiles to */
    uint32_t min, max;            /* RX_REPEAT */
    struct rx_node *first, *last; /* children of RX_CAT, RX_ALT; the child of RX_REPEAT */
    struct rx_node *next;         /* sibling */
    const rx_range *ranges;       /* RX_SET */
    uint32_t nranges;
} rx_node;

enum rx_op { RX_OP_SET, RX_OP_SPLIT, RX_OP_JMP, RX_OP_MATCH };

typedef struct rx_inst {
    uint32_t op;
    uint32_t x, y; /* SET: next; SPLIT: both; JMP: x */
    uint32_t nranges;
    const rx_range *ranges;
    uint64_t ascii[2]; /* SET membership of U+0000..U+007F, the common case */
} rx_inst;

/* Patterns with at most 64 SET and MATCH instructions (nearly all in schemas) also get a
 * bit-parallel form of the same NFA: a state set is one word, so matching a character is a few
 * ANDs and ORs instead of a closure walk. */
typedef struct rx_bits {
    uint64_t start;      /* states reachable before any input */
    uint64_t match;      /* the MATCH state */
    uint64_t ascii[128]; /* SET states that accept each ASCII character */
    uint64_t follow[64]; /* states reachable right after a SET state consumes its character */
    uint32_t pc[64];     /* the instruction of each state */
} rx_bits;

/* When the state sets the bit-parallel NFA reaches on ASCII input are few (RX_DFA_STATES; the
 * schemas' patterns need 2 to 12), they are numbered once at compile time: matching an ASCII
 * character is then one table look-up. State 0 is the empty set (no match possible). A
 * character past ASCII goes back to the bit-parallel form from the set the state stands for. */
enum { RX_DFA_STATES = 32 };

typedef struct rx_dfa {
    uint32_t count;
    uint8_t start;
    uint64_t set[RX_DFA_STATES];      /* the NFA states each one stands for */
    uint8_t next[RX_DFA_STATES][128]; /* on each ASCII character */
} rx_dfa;

struct pl_regex {
    uint32_t ninst;
    rx_inst *inst;       /* starts at 0 */
    const rx_bits *bits; /* NULL when the program has more than 64 states */
    const rx_dfa *dfa;   /* NULL without bits or with more than RX_DFA_STATES sets */
};

/* ---- range sets ---- */

typedef struct rx_vec {
    rx_range *items;
    size_t len, cap;
} rx_vec;

static bool vec_push(rx_vec *v, uint32_t lo, uint32_t hi)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        rx_range *grown = realloc(v->items, cap * sizeof *grown);
        if (!grown)
            return false;
        v->items = grown;
        v->cap = cap;
    }
    v->items[v->len].lo = lo;
    v->items[v->len].hi = hi;
    v->len++;
    return true;
}

static int range_cmp(const void *a, const void *b)
{
    const rx_range *ra = a, *rb = b;
    return ra->lo < rb->lo ? -1 : ra->lo > rb->lo;
}

/* Sorts and merges overlapping or adjacent ranges. */
static void vec_normalize(rx_vec *v)
{
    if (v->len < 2)
        return;
    qsort(v->items, v->len, sizeof *v->items, range_cmp);
    size_t out = 0;
    for (size_t i = 1; i < v->len; i++) {
        rx_range *last = &v->items[out];
        if (v->items[i].lo <= last->hi + 1) {
            if (v->items[i].hi > last->hi)
                last->hi = v->items[i].hi;
        } else {
            v->items[++out] = v->items[i];
        }
    }
    v->len = out + 1;
}

/* Replaces a normalized set by its complement within U+0000..U+10FFFF. */
static bool vec_negate(rx_vec *v)
{
    rx_vec out = {0};
    uint32_t next = 0;
    bool ok = true;
    for (size_t i = 0; i < v->len && ok; i++) {
        if (v->items[i].lo > next)
            ok = vec_push(&out, next, v->items[i].lo - 1);
        next = v->items[i].hi + 1;
    }
    if (ok && next <= RX_MAX_CP)
        ok = vec_push(&out, next, RX_MAX_CP);
    if (!ok) {
        free(out.items);
        return false;
    }
    free(v->items);
    *v = out;
    return true;
}

static bool vec_add_categories(rx_vec *v, uint32_t mask)
{
    for (size_t i = 0; i < pl_unicode_category_run_count; i++) {
        uint32_t run = pl_unicode_category_runs[i];
        if (!(mask & (1u << (run & 31))))
            continue;
        uint32_t lo = run >> 5;
        uint32_t hi = i + 1 < pl_unicode_category_run_count
                          ? (pl_unicode_category_runs[i + 1] >> 5) - 1
                          : RX_MAX_CP;
        if (v->len && v->items[v->len - 1].hi + 1 == lo)
            v->items[v->len - 1].hi = hi;
        else if (!vec_push(v, lo, hi))
            return false;
    }
    return true;
}

/* ---- parser ---- */

typedef struct rx_parser {
    const char *pattern;
    const unsigned char *s;
    size_t len, pos;
    pl_arena *arena;
    pl_error *err;
    unsigned depth;
    bool failed;
} rx_parser;

static void PL_PRINTF(3, 4) fail(rx_parser *p, size_t offset, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    va_list args;
    va_start(args, fmt);
    pl_error_setv(p->err, PL_ERROR_REGEX, p->pattern, p->len, offset, fmt, args);
    va_end(args);
}

static void fail_memory(rx_parser *p)
{
    if (p->failed)
        return;
    p->failed = true;
    pl_error_set(p->err, PL_ERROR_MEMORY, p->pattern, p->len, p->pos,
                 "out of memory compiling the pattern");
}

/* The code point at pos, or -1 at the end; *n gets its length. Invalid UTF-8 fails. */
static int64_t peek(rx_parser *p, size_t *n)
{
    if (p->pos >= p->len) {
        *n = 0;
        return -1;
    }
    uint32_t cp;
    size_t k = pl_utf8_decode(p->s + p->pos, p->len - p->pos, &cp);
    if (!k) {
        fail(p, p->pos, "the pattern is not valid UTF-8");
        *n = 0;
        return -1;
    }
    *n = k;
    return cp;
}

static rx_node *node_new(rx_parser *p, rx_kind kind)
{
    rx_node *node = pl_arena_alloc(p->arena, sizeof *node);
    if (!node) {
        fail_memory(p);
        return NULL;
    }
    node->kind = kind;
    return node;
}

static rx_node *set_node_from_vec(rx_parser *p, rx_vec *v)
{
    rx_node *node = node_new(p, RX_SET);
    if (!node)
        return NULL;
    rx_range *copy = pl_arena_alloc(p->arena, (v->len ? v->len : 1) * sizeof *copy);
    if (!copy) {
        fail_memory(p);
        return NULL;
    }
    if (v->len)
        memcpy(copy, v->items, v->len * sizeof *copy);
    node->ranges = copy;
    node->nranges = (uint32_t)v->len;
    node->size = 1;
    return node;
}

static rx_node *set_node_single(rx_parser *p, uint32_t lo, uint32_t hi)
{
    rx_range r = {lo, hi};
    rx_vec v = {&r, 1, 1};
    return set_node_from_vec(p, &v);
}

static uint32_t size_add(uint32_t a, uint32_t b)
{
    return a > RX_MAX_INST || b > RX_MAX_INST ? RX_MAX_INST + 1 : a + b;
}

static uint32_t size_mul(uint32_t a, uint32_t count)
{
    if (a == 0 || count == 0)
        return 0;
    if (count > RX_MAX_INST || a > RX_MAX_INST / count + 1)
        return RX_MAX_INST + 1;
    uint64_t product = (uint64_t)a * count;
    return product > RX_MAX_INST ? RX_MAX_INST + 1 : (uint32_t)product;
}

/* Parses the category name after "\p{" or "\P{" and returns its mask, or 0 after failing. */
static uint32_t parse_category(rx_parser *p, size_t escape_at)
{
    static const struct {
        char name[3];
        uint32_t mask;
    } table[] = {
        {"L", (1u << PL_GC_LU) | (1u << PL_GC_LL) | (1u << PL_GC_LT) | (1u << PL_GC_LM) |
                  (1u << PL_GC_LO)},
        {"Lu", 1u << PL_GC_LU},
        {"Ll", 1u << PL_GC_LL},
        {"Lt", 1u << PL_GC_LT},
        {"Lm", 1u << PL_GC_LM},
        {"Lo", 1u << PL_GC_LO},
        {"M", (1u << PL_GC_MN) | (1u << PL_GC_MC) | (1u << PL_GC_ME)},
        {"Mn", 1u << PL_GC_MN},
        {"Mc", 1u << PL_GC_MC},
        {"Me", 1u << PL_GC_ME},
        {"N", (1u << PL_GC_ND) | (1u << PL_GC_NL) | (1u << PL_GC_NO)},
        {"Nd", 1u << PL_GC_ND},
        {"Nl", 1u << PL_GC_NL},
        {"No", 1u << PL_GC_NO},
        {"P", (1u << PL_GC_PC) | (1u << PL_GC_PD) | (1u << PL_GC_PS) | (1u << PL_GC_PE) |
                  (1u << PL_GC_PI) | (1u << PL_GC_PF) | (1u << PL_GC_PO)},
        {"Pc", 1u << PL_GC_PC},
        {"Pd", 1u << PL_GC_PD},
        {"Ps", 1u << PL_GC_PS},
        {"Pe", 1u << PL_GC_PE},
        {"Pi", 1u << PL_GC_PI},
        {"Pf", 1u << PL_GC_PF},
        {"Po", 1u << PL_GC_PO},
        {"Z", (1u << PL_GC_ZS) | (1u << PL_GC_ZL) | (1u << PL_GC_ZP)},
        {"Zs", 1u << PL_GC_ZS},
        {"Zl", 1u << PL_GC_ZL},
        {"Zp", 1u << PL_GC_ZP},
        {"S", (1u << PL_GC_SM) | (1u << PL_GC_SC) | (1u << PL_GC_SK) | (1u << PL_GC_SO)},
        {"Sm", 1u << PL_GC_SM},
        {"Sc", 1u << PL_GC_SC},
        {"Sk", 1u << PL_GC_SK},
        {"So", 1u << PL_GC_SO},
        /* Surrogates cannot occur in UTF-8 text, so including Cs changes nothing. */
        {"C", (1u << PL_GC_CC) | (1u << PL_GC_CF) | (1u << PL_GC_CS) | (1u << PL_GC_CO) |
                  (1u << PL_GC_CN)},
        {"Cc", 1u << PL_GC_CC},
        {"Cf", 1u << PL_GC_CF},
        {"Cn", 1u << PL_GC_CN},
        {"Co", 1u << PL_GC_CO},
    };
    char letter = (char)p->s[escape_at + 1];
    if (p->pos >= p->len || p->s[p->pos] != '{') {
        fail(p, escape_at, "'\\%c' must be followed by a category in braces, as in \\%c{Lu}",
             letter, letter);
        return 0;
    }
    size_t name_at = ++p->pos;
    while (p->pos < p->len && p->s[p->pos] != '}' && p->pos - name_at < 64)
        p->pos++;
    if (p->pos >= p->len || p->s[p->pos] != '}') {
        fail(p, escape_at, "'\\%c{' is not closed by '}'", letter);
        return 0;
    }
    size_t name_len = p->pos - name_at;
    const char *name = (const char *)p->s + name_at;
    p->pos++;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strlen(table[i].name) == name_len && memcmp(table[i].name, name, name_len) == 0)
            return table[i].mask;
    }
    if (name_len > 2 && name[0] == 'I' && name[1] == 's') {
        fail(p, name_at,
             "Unicode block escapes such as \\%c{%.*s} are not I-Regexp; only general "
             "categories (\\%c{L}, \\%c{Lu}, \\%c{Nd}, ...) are",
             letter, (int)name_len, name, letter, letter, letter);
    } else {
        fail(p, name_at,
             "unknown Unicode category '%.*s'; I-Regexp allows L Lu Ll Lt Lm Lo M Mn Mc Me N Nd "
             "Nl No P Pc Pd Ps Pe Pi Pf Po Z Zs Zl Zp S Sm Sc Sk So C Cc Cf Cn Co",
             (int)name_len, name);
    }
    return 0;
}

/* After a '\' at escape_at (pos is past it). Returns true with *cp for a single-character
 * escape, true with *mask for \p / \P (*negated set for \P), false after failing. */
static bool parse_escape(rx_parser *p, size_t escape_at, uint32_t *cp, uint32_t *mask,
                         bool *negated)
{
    *mask = 0;
    *negated = false;
    if (p->pos >= p->len) {
        fail(p, escape_at, "the pattern ends with a lone '\\'");
        return false;
    }
    unsigned char c = p->s[p->pos];
    switch (c) {
    case '(':
    case ')':
    case '*':
    case '+':
    case '-':
    case '.':
    case '?':
    case '[':
    case '\\':
    case ']':
    case '^':
    case '{':
    case '|':
    case '}':
        p->pos++;
        *cp = c;
        return true;
    case 'n':
        p->pos++;
        *cp = '\n';
        return true;
    case 'r':
        p->pos++;
        *cp = '\r';
        return true;
    case 't':
        p->pos++;
        *cp = '\t';
        return true;
    case 'p':
    case 'P':
        p->pos++;
        *negated = c == 'P';
        *mask = parse_category(p, escape_at);
        return *mask != 0;
    case 'd':
        fail(p, escape_at, "'\\d' is not I-Regexp; use [0-9]");
        return false;
    case 'D':
        fail(p, escape_at, "'\\D' is not I-Regexp; use [^0-9]");
        return false;
    case 'w':
        fail(p, escape_at, "'\\w' is not I-Regexp; use a class such as [A-Za-z0-9_]");
        return false;
    case 'W':
        fail(p, escape_at, "'\\W' is not I-Regexp; use a class such as [^A-Za-z0-9_]");
        return false;
    case 's':
        fail(p, escape_at, "'\\s' is not I-Regexp; use [ \\t\\n\\r]");
        return false;
    case 'S':
        fail(p, escape_at, "'\\S' is not I-Regexp; use [^ \\t\\n\\r]");
        return false;
    case 'i':
    case 'I':
    case 'c':
    case 'C':
        fail(p, escape_at,
             "'\\%c' (XML Schema name characters) is not I-Regexp; list the characters in a class",
             c);
        return false;
    case 'b':
    case 'B':
        fail(p, escape_at, "word boundaries ('\\%c') are not I-Regexp", c);
        return false;
    case 'A':
    case 'z':
    case 'Z':
    case 'G':
        fail(p, escape_at,
             "anchors ('\\%c') are not part of I-Regexp (RFC 9485); the whole string must match "
             "anyway",
             c);
        return false;
    case 'k':
        fail(p, escape_at, "backreferences are not I-Regexp");
        return false;
    case 'u':
    case 'x':
    case 'U':
        fail(p, escape_at,
             "'\\%c' code escapes are not I-Regexp; write the character itself (a JSON or payload "
             "string escape such as \\u00e9 is fine)",
             c);
        return false;
    default:
        if (c >= '0' && c <= '9') {
            fail(p, escape_at, "backreferences are not I-Regexp");
            return false;
        }
        if (c >= 0x20 && c < 0x7F) {
            fail(p, escape_at,
                 "'\\%c' is not an I-Regexp escape; the escapes are \\( \\) \\* \\+ \\- \\. \\? "
                 "\\[ \\\\ \\] \\^ \\{ \\| \\} \\n \\r \\t \\p{..} \\P{..}",
                 c);
        } else {
            fail(p, escape_at,
                 "this escape is not I-Regexp; the escapes are \\( \\) \\* \\+ \\- \\. \\? \\[ "
                 "\\\\ \\] \\^ \\{ \\| \\} \\n \\r \\t \\p{..} \\P{..}");
        }
        return false;
    }
}

/* One CCchar of a class; pos is at it. Returns false after failing. *is_cat is set for \p/\P,
 * whose set is then added to v directly. */
static bool parse_class_item(rx_parser *p, rx_vec *v, uint32_t *cp, bool *is_cat)
{
    size_t n, at = p->pos;
    int64_t c = peek(p, &n);
    *is_cat = false;
    if (c < 0) {
        return false;
    }
    if (c == '[') {
        fail(p, at,
             "'[' inside a class must be escaped as \\[ (nested classes and class "
             "subtraction are not I-Regexp)");
        return false;
    }
    if (c == '\\') {
        p->pos += n;
        uint32_t mask;
        bool negated;
        if (!parse_escape(p, at, cp, &mask, &negated))
            return false;
        if (mask) {
            *is_cat = true;
            rx_vec cat = {0};
            bool ok = vec_add_categories(&cat, mask) && (!negated || vec_negate(&cat));
            for (size_t i = 0; ok && i < cat.len; i++)
                ok = vec_push(v, cat.items[i].lo, cat.items[i].hi);
            free(cat.items);
            if (!ok)
                fail_memory(p);
            return ok;
        }
        return true;
    }
    p->pos += n;
    *cp = (uint32_t)c;
    return true;
}

static rx_node *parse_class(rx_parser *p)
{
    size_t open_at = p->pos;
    p->pos++; /* '[' */
    bool negate = p->pos < p->len && p->s[p->pos] == '^';
    if (negate)
        p->pos++;
    rx_vec v = {0};
    bool first = true;
    for (;;) {
        if (p->pos >= p->len) {
            fail(p, open_at, "'[' is never closed by ']'");
            break;
        }
        size_t at = p->pos;
        unsigned char c = p->s[at];
        if (c == ']') {
            if (first) {
                fail(p, at, "empty character class; write \\] for a literal ']'");
                break;
            }
            p->pos++;
            break;
        }
        if (c == '-') {
            if (at + 1 >= p->len) {
                fail(p, open_at, "'[' is never closed by ']'");
                break;
            }
            if (first || (at + 1 < p->len && p->s[at + 1] == ']')) {
                p->pos++;
                if (!vec_push(&v, '-', '-')) {
                    fail_memory(p);
                    break;
                }
                first = false;
                continue;
            }
            fail(p, at, "'-' inside a class must come first or last, or be escaped as \\-");
            break;
        }
        first = false;
        uint32_t lo, hi;
        bool is_cat;
        if (!parse_class_item(p, &v, &lo, &is_cat))
            break;
        if (is_cat) {
            if (p->pos + 1 < p->len && p->s[p->pos] == '-' && p->s[p->pos + 1] != ']') {
                fail(p, p->pos, "a category escape cannot start a range; escape the '-' as \\-");
                break;
            }
            continue;
        }
        hi = lo;
        if (p->pos + 1 < p->len && p->s[p->pos] == '-' && p->s[p->pos + 1] != ']') {
            size_t dash_at = p->pos;
            p->pos++;
            if (p->s[p->pos] == '-') {
                fail(p, p->pos, "a range cannot end in an unescaped '-'; write \\-");
                break;
            }
            size_t hi_at = p->pos;
            if (!parse_class_item(p, &v, &hi, &is_cat))
                break;
            if (is_cat) {
                fail(p, hi_at, "a range cannot end in a category escape");
                break;
            }
            if (hi < lo) {
                fail(p, dash_at, "range out of order: the end is below the start");
                break;
            }
        }
        if (!vec_push(&v, lo, hi)) {
            fail_memory(p);
            break;
        }
    }
    rx_node *node = NULL;
    if (!p->failed) {
        vec_normalize(&v);
        if (negate && !vec_negate(&v))
            fail_memory(p);
        else
            node = set_node_from_vec(p, &v);
    }
    free(v.items);
    return node;
}

static rx_node *parse_alt(rx_parser *p);

static rx_node *parse_atom(rx_parser *p)
{
    size_t n, at = p->pos;
    int64_t c = peek(p, &n);
    if (c < 0)
        return NULL;
    switch (c) {
    case '(': {
        if (at + 1 < p->len && p->s[at + 1] == '?') {
            fail(p, at + 1,
                 "'(?' groups (non-capturing, lookaround, named groups, flags) are not I-Regexp; "
                 "use a plain '(...)'");
            return NULL;
        }
        if (++p->depth > RX_MAX_DEPTH) {
            fail(p, at, "groups nested more than %d deep", RX_MAX_DEPTH);
            return NULL;
        }
        p->pos++;
        rx_node *inner = parse_alt(p);
        p->depth--;
        if (p->failed)
            return NULL;
        if (p->pos >= p->len || p->s[p->pos] != ')') {
            fail(p, at, "'(' is never closed by ')'");
            return NULL;
        }
        p->pos++;
        return inner;
    }
    case '[':
        return parse_class(p);
    case '.':
        p->pos++;
        {
            rx_range dot[] = {{0, '\n' - 1}, {'\n' + 1, '\r' - 1}, {'\r' + 1, RX_MAX_CP}};
            rx_vec v = {dot, 3, 3};
            return set_node_from_vec(p, &v);
        }
    case '\\': {
        p->pos++;
        uint32_t cp, mask;
        bool negated;
        if (!parse_escape(p, at, &cp, &mask, &negated))
            return NULL;
        if (!mask)
            return set_node_single(p, cp, cp);
        rx_vec v = {0};
        rx_node *node = NULL;
        if (vec_add_categories(&v, mask) && (!negated || vec_negate(&v)))
            node = set_node_from_vec(p, &v);
        else
            fail_memory(p);
        free(v.items);
        return node;
    }
    case '*':
    case '+':
    case '?':
        fail(p, at, "'%c' has nothing to repeat; write \\%c for a literal", (char)c, (char)c);
        return NULL;
    case '{':
        fail(p, at, "'{' has nothing to repeat; write \\{ for a literal brace");
        return NULL;
    case '}':
        fail(p, at, "unescaped '}'; write \\} for a literal brace");
        return NULL;
    case ']':
        fail(p, at, "unescaped ']'; write \\] for a literal bracket");
        return NULL;
    case ')':
        fail(p, at, "unbalanced ')'; write \\) for a literal parenthesis");
        return NULL;
    case '^':
    case '$':
        fail(p, at,
             "anchors '^' and '$' are not part of I-Regexp (RFC 9485); the whole string must "
             "match anyway (for a literal write %s)",
             c == '^' ? "\\^" : "[$]");
        return NULL;
    default:
        p->pos += n;
        return set_node_single(p, (uint32_t)c, (uint32_t)c);
    }
}

static bool parse_number(rx_parser *p, uint32_t *value)
{
    size_t start = p->pos;
    uint64_t v = 0;
    while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
        if (v <= RX_MAX_INST)
            v = v * 10 + (p->s[p->pos] - '0');
        p->pos++;
    }
    *value = v > RX_MAX_INST ? RX_MAX_INST + 1 : (uint32_t)v;
    return p->pos > start;
}

static rx_node *parse_piece(rx_parser *p)
{
    rx_node *atom = parse_atom(p);
    if (!atom)
        return NULL;
    if (p->pos >= p->len)
        return atom;
    size_t q_at = p->pos;
    unsigned char c = p->s[q_at];
    uint32_t min, max;
    if (c == '*' || c == '+' || c == '?') {
        min = c == '+' ? 1 : 0;
        max = c == '?' ? 1 : RX_INF;
        p->pos++;
    } else if (c == '{') {
        p->pos++;
        if (p->pos < p->len && p->s[p->pos] == ',') {
            fail(p, q_at, "the quantifier {,m} is not I-Regexp; write {0,m}");
            return NULL;
        }
        if (!parse_number(p, &min)) {
            fail(p, q_at,
                 "'{' must start a quantifier {n}, {n,} or {n,m}; write \\{ for a "
                 "literal brace");
            return NULL;
        }
        max = min;
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            if (!parse_number(p, &max))
                max = RX_INF;
        }
        if (p->pos >= p->len || p->s[p->pos] != '}') {
            fail(p, q_at,
                 "'{' must start a quantifier {n}, {n,} or {n,m}; write \\{ for a "
                 "literal brace");
            return NULL;
        }
        p->pos++;
        if (max < min) {
            fail(p, q_at, "in the quantifier {n,m}, n is greater than m");
            return NULL;
        }
    } else {
        return atom;
    }
    if (p->pos < p->len) {
        unsigned char after = p->s[p->pos];
        if (after == '?') {
            fail(p, p->pos, "lazy quantifiers ('*?', '+?', '?\?', '{n,m}?') are not I-Regexp");
            return NULL;
        }
        if (after == '+') {
            fail(p, p->pos, "possessive quantifiers ('*+', '++', '?+') are not I-Regexp");
            return NULL;
        }
        if (after == '*' || after == '{') {
            fail(p, p->pos, "a quantifier cannot follow a quantifier; group first, as in (a*)*");
            return NULL;
        }
    }
    uint32_t s = atom->size;
    uint32_t size;
    if (max == RX_INF)
        size = min == 0 ? size_add(s, 2) : size_add(size_mul(s, min), 1);
    else
        size = size_add(size_mul(s, min), size_mul(size_add(s, 1), max - min));
    if (size > RX_MAX_INST) {
        fail(p, q_at, "the pattern is too large once repetitions are expanded (over %d states)",
             RX_MAX_INST);
        return NULL;
    }
    rx_node *node = node_new(p, RX_REPEAT);
    if (!node)
        return NULL;
    node->min = min;
    node->max = max;
    node->first = node->last = atom;
    node->size = size;
    return node;
}

static rx_node *parse_branch(rx_parser *p)
{
    rx_node *cat = node_new(p, RX_CAT);
    if (!cat)
        return NULL;
    while (p->pos < p->len && p->s[p->pos] != '|' && p->s[p->pos] != ')') {
        size_t at = p->pos;
        rx_node *piece = parse_piece(p);
        if (!piece)
            return NULL;
        cat->size = size_add(cat->size, piece->size);
        if (cat->size > RX_MAX_INST) {
            fail(p, at, "the pattern is too large (over %d states)", RX_MAX_INST);
            return NULL;
        }
        if (cat->last)
            cat->last->next = piece;
        else
            cat->first = piece;
        cat->last = piece;
    }
    return cat;
}

static rx_node *parse_alt(rx_parser *p)
{
    rx_node *first = parse_branch(p);
    if (!first || p->pos >= p->len || p->s[p->pos] != '|')
        return first;
    rx_node *alt = node_new(p, RX_ALT);
    if (!alt)
        return NULL;
    alt->first = alt->last = first;
    alt->size = first->size;
    while (p->pos < p->len && p->s[p->pos] == '|') {
        size_t at = p->pos++;
        rx_node *branch = parse_branch(p);
        if (!branch)
            return NULL;
        alt->size = size_add(alt->size, size_add(branch->size, 2));
        if (alt->size > RX_MAX_INST) {
            fail(p, at, "the pattern is too large (over %d states)", RX_MAX_INST);
            return NULL;
        }
        alt->last->next = branch;
        alt->last = branch;
    }
    return alt;
}

/* ---- compiler ---- */

typedef struct rx_emitter {
    rx_inst *inst;
    uint32_t pc;
} rx_emitter;

static uint32_t emit_op(rx_emitter *e, uint32_t op)
{
    rx_inst *in = &e->inst[e->pc];
    in->op = op;
    return e->pc++;
}

static void emit(rx_emitter *e, const rx_node *node)
{
    switch (node->kind) {
    case RX_EMPTY:
        break;
    case RX_SET: {
        uint32_t pc = emit_op(e, RX_OP_SET);
        rx_inst *in = &e->inst[pc];
        in->x = pc + 1;
        in->ranges = node->ranges;
        in->nranges = node->nranges;
        for (uint32_t i = 0; i < node->nranges && node->ranges[i].lo < 128; i++) {
            uint32_t hi = node->ranges[i].hi < 127 ? node->ranges[i].hi : 127;
            for (uint32_t c = node->ranges[i].lo; c <= hi; c++)
                in->ascii[c >> 6] |= (uint64_t)1 << (c & 63);
        }
        break;
    }
    case RX_CAT:
        for (const rx_node *child = node->first; child; child = child->next)
            emit(e, child);
        break;
    case RX_ALT: {
        /* Each JMP's target is patched once the end is known; chain them through y. */
        uint32_t jumps = UINT32_MAX;
        for (const rx_node *child = node->first; child; child = child->next) {
            if (!child->next) {
                emit(e, child);
                break;
            }
            uint32_t split = emit_op(e, RX_OP_SPLIT);
            e->inst[split].x = e->pc;
            emit(e, child);
            uint32_t jmp = emit_op(e, RX_OP_JMP);
            e->inst[jmp].y = jumps;
            jumps = jmp;
            e->inst[split].y = e->pc;
        }
        while (jumps != UINT32_MAX) {
            uint32_t prev = e->inst[jumps].y;
            e->inst[jumps].x = e->pc;
            e->inst[jumps].y = 0;
            jumps = prev;
        }
        break;
    }
    case RX_REPEAT: {
        const rx_node *child = node->first;
        if (node->max == RX_INF) {
            if (node->min == 0) {
                uint32_t split = emit_op(e, RX_OP_SPLIT);
                e->inst[split].x = e->pc;
                emit(e, child);
                uint32_t jmp = emit_op(e, RX_OP_JMP);
                e->inst[jmp].x = split;
                e->inst[split].y = e->pc;
            } else {
                for (uint32_t i = 0; i + 1 < node->min; i++)
                    emit(e, child);
                uint32_t loop = e->pc;
                emit(e, child);
                uint32_t split = emit_op(e, RX_OP_SPLIT);
                e->inst[split].x = loop;
                e->inst[split].y = e->pc;
            }
            break;
        }
        for (uint32_t i = 0; i < node->min; i++)
            emit(e, child);
        uint32_t optional = node->max - node->min;
        uint32_t first_split = e->pc;
        for (uint32_t i = 0; i < optional; i++) {
            uint32_t split = emit_op(e, RX_OP_SPLIT);
            e->inst[split].x = e->pc;
            emit(e, child);
        }
        /* Every optional copy may skip straight to the end: a{0,3} is (a(a(a)?)?)?. */
        uint32_t pc = first_split;
        for (uint32_t i = 0; i < optional; i++) {
            uint32_t body = e->inst[pc].x;
            e->inst[pc].y = e->pc;
            pc = body + child->size;
        }
        break;
    }
    }
}

static bool build_bits(pl_regex *re, pl_arena *arena);

pl_regex *pl_regex_compile(const char *pattern, size_t len, pl_arena *arena, pl_error *err)
{
    rx_parser p = {pattern, (const unsigned char *)pattern, len, 0, arena, err, 0, false};
    if (!pattern && len) {
        fail(&p, 0, "no pattern");
        return NULL;
    }
    rx_node *root = parse_alt(&p);
    if (!p.failed && p.pos < len) {
        /* parse_alt stops only at the end or at a ')' without its '('. */
        fail(&p, p.pos, "unbalanced ')'; write \\) for a literal parenthesis");
    }
    if (p.failed || !root)
        return NULL;
    uint32_t ninst = root->size + 1;
    pl_regex *re = pl_arena_alloc(arena, sizeof *re);
    rx_inst *inst = re ? pl_arena_alloc(arena, ninst * sizeof *inst) : NULL;
    if (!inst) {
        fail_memory(&p);
        return NULL;
    }
    rx_emitter e = {inst, 0};
    emit(&e, root);
    emit_op(&e, RX_OP_MATCH);
    re->inst = inst;
    re->ninst = e.pc;
    re->bits = NULL;
    re->dfa = NULL;
    if (!build_bits(re, arena)) {
        fail_memory(&p);
        return NULL;
    }
    return re;
}

/* ---- matcher ---- */

static bool set_contains(const rx_inst *in, uint32_t c)
{
    if (c < 128)
        return (in->ascii[c >> 6] >> (c & 63)) & 1;
    size_t lo = 0, hi = in->nranges;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c < in->ranges[mid].lo)
            hi = mid;
        else if (c > in->ranges[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

typedef struct rx_run {
    const rx_inst *inst;
    uint32_t *mark, *stack;
    uint32_t gen;
    uint32_t ninst;
} rx_run;

/* Adds state s and everything reachable from it without consuming input to list. */
static void add_closure(rx_run *r, uint32_t s, uint32_t *list, uint32_t *count)
{
    uint32_t top = 0;
    if (r->mark[s] == r->gen)
        return;
    r->mark[s] = r->gen;
    r->stack[top++] = s;
    while (top) {
        uint32_t t = r->stack[--top];
        const rx_inst *in = &r->inst[t];
        switch (in->op) {
        case RX_OP_JMP:
            if (r->mark[in->x] != r->gen) {
                r->mark[in->x] = r->gen;
                r->stack[top++] = in->x;
            }
            break;
        case RX_OP_SPLIT:
            if (r->mark[in->y] != r->gen) {
                r->mark[in->y] = r->gen;
                r->stack[top++] = in->y;
            }
            if (r->mark[in->x] != r->gen) {
                r->mark[in->x] = r->gen;
                r->stack[top++] = in->x;
            }
            break;
        default:
            list[(*count)++] = t;
            break;
        }
    }
}

static void next_generation(rx_run *r, uint32_t ninst)
{
    if (++r->gen == 0) {
        memset(r->mark, 0, ninst * sizeof *r->mark);
        r->gen = 1;
    }
}

/* The closure of pc as a state mask (state_of maps instructions to bits). */
static uint64_t closure_bits(rx_run *r, uint32_t pc, const uint8_t *state_of, uint32_t *list)
{
    uint32_t count = 0;
    uint64_t mask = 0;
    next_generation(r, r->ninst);
    add_closure(r, pc, list, &count);
    for (uint32_t i = 0; i < count; i++)
        mask |= (uint64_t)1 << state_of[list[i]];
    return mask;
}

/* Index of the lowest set bit of m (m != 0). */
static inline unsigned lowest_bit(uint64_t m)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(m);
#else
    unsigned b = 0;
    while (!(m & 1)) {
        m >>= 1;
        b++;
    }
    return b;
#endif
}

/* The states after cur consumes a character that the states of accept take. */
static inline uint64_t step_bits(const rx_bits *bits, uint64_t cur, uint64_t accept)
{
    uint64_t next = 0;
    for (uint64_t m = cur & accept; m; m &= m - 1)
        next |= bits->follow[lowest_bit(m)];
    return next;
}

/* Numbers the state sets reachable from the start on ASCII input, when there are at most
 * RX_DFA_STATES of them (with the empty set); otherwise leaves re->dfa NULL. */
static bool build_dfa(pl_regex *re, pl_arena *arena)
{
    const rx_bits *bits = re->bits;
    if (!bits)
        return true;
    rx_dfa *dfa = malloc(sizeof *dfa);
    if (!dfa)
        return false;
    dfa->set[0] = 0;
    memset(dfa->next[0], 0, sizeof dfa->next[0]);
    dfa->count = 1;
    bool fits = true;
    if (bits->start) {
        dfa->set[1] = bits->start;
        dfa->count = 2;
    }
    dfa->start = (uint8_t)(dfa->count - 1);
    for (uint32_t i = 1; fits && i < dfa->count; i++) {
        for (uint32_t c = 0; c < 128; c++) {
            uint64_t next = step_bits(bits, dfa->set[i], bits->ascii[c]);
            uint32_t j = 0;
            while (j < dfa->count && dfa->set[j] != next)
                j++;
            if (j == dfa->count) {
                if (j == RX_DFA_STATES) {
                    fits = false;
                    break;
                }
                dfa->set[j] = next;
                dfa->count++;
            }
            dfa->next[i][c] = (uint8_t)j;
        }
    }
    if (fits) {
        rx_dfa *kept = pl_arena_alloc(arena, sizeof *kept);
        if (!kept) {
            free(dfa);
            return false;
        }
        memcpy(kept, dfa, sizeof *kept);
        re->dfa = kept;
    }
    free(dfa);
    return true;
}

/* Fills re->bits when the program has at most 64 states (SET and MATCH instructions). */
static bool build_bits(pl_regex *re, pl_arena *arena)
{
    uint32_t n = re->ninst, states = 0;
    for (uint32_t i = 0; i < n; i++)
        states += re->inst[i].op == RX_OP_SET || re->inst[i].op == RX_OP_MATCH;
    if (states > 64)
        return true; /* the NFA simulation alone */
    rx_bits *bits = pl_arena_alloc(arena, sizeof *bits);
    uint32_t *scratch = malloc(3 * (size_t)n * sizeof *scratch);
    uint8_t *state_of = malloc(n);
    bool ok = bits && scratch && state_of;
    if (ok) {
        uint32_t k = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (re->inst[i].op == RX_OP_SET || re->inst[i].op == RX_OP_MATCH) {
                state_of[i] = (uint8_t)k;
                bits->pc[k++] = i;
            }
        }
        rx_run r = {re->inst, scratch, scratch + n, 0, n};
        memset(r.mark, 0, n * sizeof *r.mark);
        bits->start = closure_bits(&r, 0, state_of, scratch + 2 * (size_t)n);
        for (uint32_t b = 0; b < k; b++) {
            const rx_inst *in = &re->inst[bits->pc[b]];
            if (in->op == RX_OP_MATCH) {
                bits->match |= (uint64_t)1 << b;
                continue;
            }
            bits->follow[b] = closure_bits(&r, in->x, state_of, scratch + 2 * (size_t)n);
            for (uint32_t c = 0; c < 128; c++) {
                if ((in->ascii[c >> 6] >> (c & 63)) & 1)
                    bits->ascii[c] |= (uint64_t)1 << b;
            }
        }
        re->bits = bits;
    }
    free(scratch);
    free(state_of);
    return ok && build_dfa(re, arena);
}

/* The bit-parallel NFA from state set cur at pos. */
static bool match_bits(const pl_regex *re, const unsigned char *s, size_t len, size_t pos,
                       uint64_t cur)
{
    const rx_bits *bits = re->bits;
    while (pos < len && cur) {
        uint64_t accept;
        if (s[pos] < 0x80) {
            accept = bits->ascii[s[pos++]];
        } else {
            uint32_t c;
            size_t k = pl_utf8_decode(s + pos, len - pos, &c);
            if (!k)
                return false;
            pos += k;
            accept = 0;
            for (uint64_t m = cur & ~bits->match; m; m &= m - 1) {
                unsigned b = lowest_bit(m);
                if (set_contains(&re->inst[bits->pc[b]], c))
                    accept |= (uint64_t)1 << b;
            }
        }
        cur = step_bits(bits, cur, accept);
    }
    return pos == len && (cur & bits->match) != 0;
}

/* ASCII through the table; the rest of the text from the first other byte by match_bits. */
static bool match_dfa(const pl_regex *re, const unsigned char *s, size_t len)
{
    const rx_dfa *dfa = re->dfa;
    uint32_t state = dfa->start;
    for (size_t pos = 0; pos < len; pos++) {
        if (s[pos] >= 0x80)
            return match_bits(re, s, len, pos, dfa->set[state]);
        state = dfa->next[state][s[pos]];
        if (!state)
            return false;
    }
    return (dfa->set[state] & re->bits->match) != 0;
}

bool pl_regex_match(const pl_regex *re, const char *text, size_t len)
{
    if (!re || (!text && len))
        return false;
    if (re->dfa)
        return match_dfa(re, (const unsigned char *)text, len);
    if (re->bits)
        return match_bits(re, (const unsigned char *)text, len, 0, re->bits->start);
    uint32_t n = re->ninst;
    uint32_t local[4 * RX_STACK_INST];
    uint32_t *scratch = local;
    if (n > RX_STACK_INST) {
        scratch = malloc(4 * (size_t)n * sizeof *scratch);
        if (!scratch)
            return false;
    }
    rx_run r = {re->inst, scratch, scratch + n, 1, n};
    memset(r.mark, 0, n * sizeof *r.mark);
    uint32_t *cur = scratch + 2 * (size_t)n, *nxt = scratch + 3 * (size_t)n;
    uint32_t ncur = 0;
    add_closure(&r, 0, cur, &ncur);
    const unsigned char *s = (const unsigned char *)text;
    size_t pos = 0;
    bool ok = true;
    while (pos < len && ncur) {
        uint32_t c;
        size_t k = pl_utf8_decode(s + pos, len - pos, &c);
        if (!k) {
            ok = false;
            break;
        }
        pos += k;
        next_generation(&r, n);
        uint32_t nnext = 0;
        for (uint32_t i = 0; i < ncur; i++) {
            const rx_inst *in = &re->inst[cur[i]];
            if (in->op == RX_OP_SET && set_contains(in, c))
                add_closure(&r, in->x, nxt, &nnext);
        }
        uint32_t *swap = cur;
        cur = nxt;
        nxt = swap;
        ncur = nnext;
    }
    bool matched = false;
    if (ok && pos == len) {
        for (uint32_t i = 0; i < ncur; i++)
            matched |= re->inst[cur[i]].op == RX_OP_MATCH;
    }
    if (scratch != local)
        free(scratch);
    return matched;
}
