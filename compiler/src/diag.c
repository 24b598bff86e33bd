#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const pc_diag_info diag_table[PC_DIAG_COUNT] = {
#define PC_DIAG(id, code, severity, title) {code, PC_SEVERITY_##severity, title},
#include "diag_codes.def"
#undef PC_DIAG
};

const pc_diag_info *pc_diag_info_of(pc_diag_code code)
{
    return &diag_table[code];
}

bool pc_diag_code_from_text(const char *text, pc_diag_code *out)
{
    for (int i = 0; i < PC_DIAG_COUNT; i++) {
        if (strcmp(diag_table[i].code, text) == 0) {
            *out = (pc_diag_code)i;
            return true;
        }
    }
    return false;
}

void pc_diag_sink_init(pc_diag_sink *sink, pl_arena *arena)
{
    memset(sink, 0, sizeof *sink);
    sink->arena = arena;
}

static const char *format_message(pl_arena *arena, const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    int needed = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (needed < 0)
        return format;
    char *text = pl_arena_alloc(arena, (size_t)needed + 1);
    if (!text)
        return format;
    vsnprintf(text, (size_t)needed + 1, format, args);
    return text;
}

pc_diag *pc_diag_report(pc_diag_sink *sink, pc_diag_code code, pc_loc loc, const char *format, ...)
{
    if (sink->count == sink->capacity) {
        uint32_t grown = sink->capacity ? sink->capacity * 2 : 32;
        pc_diag *items = pl_arena_alloc(sink->arena, grown * sizeof *items);
        if (!items)
            return NULL;
        if (sink->count)
            memcpy(items, sink->items, sink->count * sizeof *items);
        sink->items = items;
        sink->capacity = grown;
    }
    pc_diag *diag = &sink->items[sink->count];
    memset(diag, 0, sizeof *diag);
    diag->code = code;
    diag->severity = diag_table[code].severity;
    diag->loc = loc;
    diag->sequence = sink->count++;
    va_list args;
    va_start(args, format);
    diag->message = format_message(sink->arena, format, args);
    va_end(args);
    if (diag->severity == PC_SEVERITY_ERROR)
        sink->error_count++;
    else if (diag->severity == PC_SEVERITY_WARNING)
        sink->warning_count++;
    return diag;
}

void pc_diag_add_note(pc_diag_sink *sink, pc_diag *diag, pc_loc loc, const char *format, ...)
{
    if (!diag || diag->note_count >= sizeof diag->notes / sizeof diag->notes[0])
        return;
    pc_diag_note *note = &diag->notes[diag->note_count++];
    note->loc = loc;
    va_list args;
    va_start(args, format);
    note->message = format_message(sink->arena, format, args);
    va_end(args);
}

static int compare_diags(const void *left, const void *right)
{
    const pc_diag *a = left, *b = right;
    uint32_t a_file = a->loc.source ? a->loc.source->index : 0;
    uint32_t b_file = b->loc.source ? b->loc.source->index : 0;
    if (a_file != b_file)
        return a_file < b_file ? -1 : 1;
    if (a->loc.offset != b->loc.offset)
        return a->loc.offset < b->loc.offset ? -1 : 1;
    return a->sequence < b->sequence ? -1 : (a->sequence > b->sequence ? 1 : 0);
}

void pc_diag_sort(pc_diag_sink *sink)
{
    if (sink->count > 1)
        qsort(sink->items, sink->count, sizeof *sink->items, compare_diags);
}

/* ---- rendering ---- */

#define COLOR_BOLD "\033[1m"
#define COLOR_RESET "\033[0m"
#define COLOR_ERROR "\033[1;31m"
#define COLOR_WARNING "\033[1;35m"
#define COLOR_NOTE "\033[1;36m"
#define COLOR_CARET "\033[1;32m"

static bool is_continuation_byte(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

static void render_frame(const pc_loc *loc, bool color, FILE *out)
{
    const pc_source *source = loc->source;
    if (!source || loc->offset > source->len)
        return;
    uint32_t start = loc->offset;
    while (start > 0 && source->text[start - 1] != '\n')
        start--;
    uint32_t end = loc->offset;
    while (end < source->len && source->text[end] != '\n' && source->text[end] != '\r')
        end++;
    fprintf(out, " %4u | %.*s\n", loc->line, (int)(end - start), source->text + start);
    fputs("      | ", out);
    for (uint32_t i = start; i < loc->offset; i++) {
        char c = source->text[i];
        if (c == '\t')
            fputc('\t', out);
        else if (!is_continuation_byte(c))
            fputc(' ', out);
    }
    if (color)
        fputs(COLOR_CARET, out);
    fputc('^', out);
    uint32_t stop = loc->offset + (loc->length ? loc->length : 1);
    if (stop > end)
        stop = end;
    for (uint32_t i = loc->offset + 1; i < stop; i++) {
        if (!is_continuation_byte(source->text[i]))
            fputc('~', out);
    }
    if (color)
        fputs(COLOR_RESET, out);
    fputc('\n', out);
}

static void render_line(const pc_loc *loc, pc_severity severity, const char *message,
                        const char *code, bool color, FILE *out)
{
    const char *label = severity == PC_SEVERITY_ERROR     ? "error"
                        : severity == PC_SEVERITY_WARNING ? "warning"
                                                          : "note";
    const char *label_color = severity == PC_SEVERITY_ERROR     ? COLOR_ERROR
                              : severity == PC_SEVERITY_WARNING ? COLOR_WARNING
                                                                : COLOR_NOTE;
    if (color)
        fputs(COLOR_BOLD, out);
    if (loc->source)
        fprintf(out, "%s:%u:%u: ", loc->source->path, loc->line, loc->column);
    else
        fputs("payloadc: ", out);
    if (color)
        fprintf(out, "%s%s:%s ", label_color, label, COLOR_RESET);
    else
        fprintf(out, "%s: ", label);
    fputs(message, out);
    if (code)
        fprintf(out, " [%s]", code);
    fputc('\n', out);
    render_frame(loc, color, out);
}

void pc_diag_render_one(const pc_diag *diag, bool color, FILE *out)
{
    render_line(&diag->loc, diag->severity, diag->message, diag_table[diag->code].code, color,
                out);
    for (uint32_t i = 0; i < diag->note_count; i++)
        render_line(&diag->notes[i].loc, PC_SEVERITY_NOTE, diag->notes[i].message, NULL, color,
                    out);
}

uint32_t pc_diag_render(const pc_diag_sink *sink, const pc_render_options *options, FILE *out)
{
    uint32_t errors = 0;
    for (uint32_t i = 0; i < sink->count; i++) {
        const pc_diag *diag = &sink->items[i];
        if (diag->severity == PC_SEVERITY_ERROR) {
            if (options->max_errors && errors == options->max_errors) {
                fprintf(out, "payloadc: stopped after %u errors (--max-errors); %u more not shown\n",
                        errors, sink->error_count - errors);
                break;
            }
            errors++;
        }
        pc_diag_render_one(diag, options->color, out);
    }
    return errors;
}

uint32_t pc_edit_distance(pc_str a, pc_str b)
{
    /* Two rows of the Levenshtein table, case-insensitive so "location" suggests "Location". */
    enum { MAX_NAME = 64 };
    if (a.len > MAX_NAME || b.len > MAX_NAME)
        return UINT32_MAX;
    uint32_t previous[MAX_NAME + 1], current[MAX_NAME + 1];
    for (uint32_t j = 0; j <= b.len; j++)
        previous[j] = j;
    for (uint32_t i = 1; i <= a.len; i++) {
        current[0] = i;
        for (uint32_t j = 1; j <= b.len; j++) {
            char ca = a.ptr[i - 1], cb = b.ptr[j - 1];
            if (ca >= 'A' && ca <= 'Z')
                ca = (char)(ca - 'A' + 'a');
            if (cb >= 'A' && cb <= 'Z')
                cb = (char)(cb - 'A' + 'a');
            uint32_t cost = ca == cb ? 0 : 1;
            uint32_t best = previous[j - 1] + cost;
            if (previous[j] + 1 < best)
                best = previous[j] + 1;
            if (current[j - 1] + 1 < best)
                best = current[j - 1] + 1;
            current[j] = best;
        }
        memcpy(previous, current, (b.len + 1) * sizeof previous[0]);
    }
    return previous[b.len];
}
