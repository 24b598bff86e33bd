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

static bool reserve(pc_diag_sink *sink, uint32_t extra)
{
    if (sink->capacity - sink->count >= extra)
        return true;
    uint32_t grown = sink->capacity ? sink->capacity * 2 : 32;
    while (grown - sink->count < extra)
        grown *= 2;
    pc_diag *items = pl_arena_alloc(sink->arena, grown * sizeof *items);
    if (!items)
        return false;
    if (sink->count)
        memcpy(items, sink->items, sink->count * sizeof *items);
    sink->items = items;
    sink->capacity = grown;
    return true;
}

bool pc_diag_sink_append(pc_diag_sink *sink, const pc_diag_sink *from)
{
    if (!reserve(sink, from->count))
        return false;
    for (uint32_t i = 0; i < from->count; i++) {
        pc_diag *diag = &sink->items[sink->count];
        *diag = from->items[i];
        diag->sequence = sink->count++;
    }
    sink->error_count += from->error_count;
    sink->warning_count += from->warning_count;
    return true;
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
    if (!reserve(sink, 1))
        return NULL;
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
    /* The line as it is, but for control characters (shown as spaces) and bytes that are not
     * UTF-8 (shown as '?'), so the caret line stays aligned and the terminal stays sane. */
    fprintf(out, " %4u | ", loc->line);
    const unsigned char *text = (const unsigned char *)source->text;
    for (uint32_t i = start; i < end;) {
        uint32_t size = pc_utf8_sequence_length(text, i, end);
        if (size == 0) {
            fputc('?', out);
            i++;
        } else if (size == 1 && text[i] < 0x20 && text[i] != '\t') {
            fputc(' ', out);
            i++;
        } else {
            fwrite(text + i, 1, size, out);
            i += size;
        }
    }
    fputc('\n', out);
    fputs("      | ", out);
    for (uint32_t i = start; i < loc->offset;) {
        uint32_t size = pc_utf8_sequence_length(text, i, end);
        fputc(text[i] == '\t' ? '\t' : ' ', out);
        i += size ? size : 1;
    }
    if (color)
        fputs(COLOR_CARET, out);
    fputc('^', out);
    uint32_t stop = loc->offset + (loc->length ? loc->length : 1);
    if (stop > end)
        stop = end;
    for (uint32_t i = loc->offset; i < stop;) {
        uint32_t size = pc_utf8_sequence_length(text, i, end);
        if (i > loc->offset)
            fputc('~', out);
        i += size ? size : 1;
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
    render_line(&diag->loc, diag->severity, diag->message, diag_table[diag->code].code, color, out);
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
                fprintf(out,
                        "payloadc: stopped after %u errors (--max-errors); %u more not shown\n",
                        errors, sink->error_count - errors);
                break;
            }
            errors++;
        }
        pc_diag_render_one(diag, options->color, out);
    }
    return errors;
}

static char fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

uint32_t pc_edit_distance(pc_str a, pc_str b)
{
    /* Optimal string alignment: Levenshtein plus swapped neighbours ("Taem" -> "Team" is one
     * edit), case-insensitive so "location" suggests "Location". Three rows of the table. */
    enum { MAX_NAME = 64 };
    if (a.len > MAX_NAME || b.len > MAX_NAME)
        return UINT32_MAX;
    uint32_t rows[3][MAX_NAME + 1];
    uint32_t *before = rows[0], *previous = rows[1], *current = rows[2];
    for (uint32_t j = 0; j <= b.len; j++)
        previous[j] = j;
    for (uint32_t i = 1; i <= a.len; i++) {
        current[0] = i;
        for (uint32_t j = 1; j <= b.len; j++) {
            uint32_t cost = fold(a.ptr[i - 1]) == fold(b.ptr[j - 1]) ? 0 : 1;
            uint32_t best = previous[j - 1] + cost;
            if (previous[j] + 1 < best)
                best = previous[j] + 1;
            if (current[j - 1] + 1 < best)
                best = current[j - 1] + 1;
            if (i > 1 && j > 1 && fold(a.ptr[i - 1]) == fold(b.ptr[j - 2]) &&
                fold(a.ptr[i - 2]) == fold(b.ptr[j - 1]) && before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            current[j] = best;
        }
        uint32_t *spare = before;
        before = previous;
        previous = current;
        current = spare;
    }
    return previous[b.len];
}
