/* The report as text (gcc-style, for editors and logs), JSON (for tools), GitHub workflow
 * commands (annotations on the pull request) and markdown (a changelog for a PR comment). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compat.h"

/* Appends printf-style; false when memory ran out. */
static bool put(pl_buf *out, const char *format, ...) PC_PRINTF(2, 3);

static bool put(pl_buf *out, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char small[512];
    int length = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (length < 0)
        return false;
    if ((size_t)length < sizeof small)
        return pl_buf_append(out, small, (size_t)length);
    if (!pl_buf_reserve(out, (size_t)length + 1))
        return false;
    va_start(args, format);
    vsnprintf(out->data + out->len, (size_t)length + 1, format, args);
    va_end(args);
    out->len += (size_t)length;
    return true;
}

static bool put_text(pl_buf *out, const char *text)
{
    return pl_buf_append(out, text, strlen(text));
}

static const char *severity_word(pc_compat_severity severity)
{
    switch (severity) {
    case PC_COMPAT_BREAKING:
        return "breaking";
    case PC_COMPAT_WARNING:
        return "warning";
    case PC_COMPAT_INFO:
        return "info";
    }
    return "?";
}

/* The location people look at: in the new file, or in the old one for a removal. */
static const pc_loc *shown_loc(const pc_compat_finding *finding, bool *old_side)
{
    *old_side = !finding->new_loc.source;
    return finding->new_loc.source ? &finding->new_loc : &finding->old_loc;
}

static bool shown(const pc_compat_finding *finding, const pc_compat_render_options *options)
{
    if (options->verbose)
        return true;
    return !finding->acknowledged && finding->severity > PC_COMPAT_INFO;
}

typedef struct tally {
    uint32_t by_severity[3];
    uint32_t acknowledged;
} tally;

static tally count(const pc_compat_report *report)
{
    tally counts;
    memset(&counts, 0, sizeof counts);
    for (uint32_t i = 0; i < report->finding_count; i++) {
        const pc_compat_finding *finding = &report->findings[i];
        if (finding->acknowledged)
            counts.acknowledged++;
        else
            counts.by_severity[finding->severity]++;
    }
    return counts;
}

static bool put_summary(pl_buf *out, const tally *counts)
{
    uint32_t warnings = counts->by_severity[PC_COMPAT_WARNING];
    bool ok =
        put(out, "%u breaking, %u warning%s, %u info", counts->by_severity[PC_COMPAT_BREAKING],
            warnings, warnings == 1 ? "" : "s", counts->by_severity[PC_COMPAT_INFO]);
    if (ok && counts->acknowledged)
        ok = put(out, ", %u acknowledged", counts->acknowledged);
    return ok;
}

/* ---- text ---- */

enum { CHAINS_SHOWN = 3 };

static bool render_text(const pc_compat_report *report, const pc_compat_render_options *options,
                        pl_buf *out)
{
    bool ok = true;
    for (uint32_t i = 0; i < report->finding_count && ok; i++) {
        const pc_compat_finding *finding = &report->findings[i];
        if (!shown(finding, options))
            continue;
        bool old_side;
        const pc_loc *loc = shown_loc(finding, &old_side);
        if (loc->source)
            ok =
                put(out, "%s%s:%u:%u: ", old_side && options->old_prefix ? options->old_prefix : "",
                    loc->source->path, loc->line, loc->column);
        else
            ok = put_text(out, "payloadc: ");
        ok = ok && put(out, "%s [%s] %s%s\n", pc_compat_severity_name(finding->severity),
                       pc_compat_rule_info_of(finding->rule)->id, finding->message,
                       finding->acknowledged ? " (acknowledged)" : "");
        uint32_t limit = options->verbose ? finding->chain_count : CHAINS_SHOWN;
        for (uint32_t c = 0; c < finding->chain_count && c < limit && ok; c++)
            ok = put(out, "  via %s\n", finding->chains[c]);
        if (ok && finding->chain_count > limit)
            ok = put(out, "  (and %u more%s; --verbose lists them)\n", finding->chain_count - limit,
                     finding->chains_truncated ? ", and others not listed" : "");
        else if (ok && finding->chains_truncated)
            ok = put_text(out, "  (and others not listed)\n");
        if (ok && finding->hint)
            ok = put(out, "  fix: %s\n", finding->hint);
        if (ok && finding->acknowledged)
            ok = put(out, "  acknowledged: %s\n",
                     finding->ack_reason ? finding->ack_reason : "(no reason given)");
        else if (ok && finding->severity > PC_COMPAT_INFO && finding->rule != PC_COMPAT_ACK_STALE)
            ok = put(out, "  ack: %s %s %s\n", pc_compat_rule_info_of(finding->rule)->id,
                     finding->element, finding->fingerprint);
    }
    tally counts = count(report);
    ok = ok && put_text(out, "payloadc compat: ") && put_summary(out, &counts);
    if (ok && options->baseline)
        ok = put(out, " against %s", options->baseline);
    if (ok && !options->verbose && counts.by_severity[PC_COMPAT_INFO])
        ok = put_text(out, " (--verbose lists info)");
    return ok && put_text(out, "\n");
}

/* ---- JSON ---- */

static bool json_string(pl_buf *out, const char *text)
{
    pl_error err;
    if (!text)
        return put_text(out, "null");
    return pl_json_write_string(out, text, strlen(text), &err);
}

static bool json_loc(pl_buf *out, const pc_loc *loc, const char *prefix)
{
    if (!loc->source)
        return put_text(out, "null");
    char path[4096];
    snprintf(path, sizeof path, "%s%s", prefix ? prefix : "", loc->source->path);
    return put_text(out, "{\"file\": ") && json_string(out, path) &&
           put(out, ", \"line\": %u, \"column\": %u}", loc->line, loc->column);
}

static bool render_json(const pc_compat_report *report, const pc_compat_render_options *options,
                        pl_buf *out)
{
    bool ok = put_text(out, "[");
    for (uint32_t i = 0; i < report->finding_count && ok; i++) {
        const pc_compat_finding *finding = &report->findings[i];
        ok = put_text(out, i ? ",\n  {" : "\n  {") && put_text(out, "\n    \"rule\": ") &&
             json_string(out, pc_compat_rule_info_of(finding->rule)->id) &&
             put(out, ",\n    \"severity\": \"%s\"", severity_word(finding->severity)) &&
             put(out, ",\n    \"direction\": \"%s\"", pc_direction_name(finding->direction)) &&
             put(out, ",\n    \"level\": \"%s\"",
                 finding->raised_by_source_level ? "source" : "wire") &&
             put_text(out, ",\n    \"element\": ") && json_string(out, finding->element) &&
             put_text(out, ",\n    \"display\": ") && json_string(out, finding->display) &&
             put_text(out, ",\n    \"message\": ") && json_string(out, finding->message) &&
             put_text(out, ",\n    \"hint\": ") && json_string(out, finding->hint) &&
             put_text(out, ",\n    \"old\": ") &&
             json_loc(out, &finding->old_loc, options->old_prefix) &&
             put_text(out, ",\n    \"new\": ") && json_loc(out, &finding->new_loc, NULL) &&
             put_text(out, ",\n    \"chains\": [");
        for (uint32_t c = 0; c < finding->chain_count && ok; c++)
            ok =
                put_text(out, c ? ",\n      " : "\n      ") && json_string(out, finding->chains[c]);
        ok = ok && put_text(out, finding->chain_count ? "\n    ]" : "]") &&
             put(out, ",\n    \"chains_truncated\": %s",
                 finding->chains_truncated ? "true" : "false") &&
             put(out, ",\n    \"unreached\": %s", finding->unreached ? "true" : "false") &&
             put(out, ",\n    \"deprecated\": %s", finding->deprecated ? "true" : "false") &&
             put(out, ",\n    \"fingerprint\": \"%s\"", finding->fingerprint) &&
             put(out, ",\n    \"acknowledged\": %s", finding->acknowledged ? "true" : "false") &&
             put_text(out, ",\n    \"ack_reason\": ") &&
             json_string(out, finding->acknowledged ? finding->ack_reason : NULL) &&
             put_text(out, "\n  }");
    }
    return ok && put_text(out, report->finding_count ? "\n]\n" : "]\n");
}

/* ---- GitHub workflow commands ---- */

/* Workflow command data: '%', CR and LF escaped; properties also ':' and ','. */
static bool github_escape(pl_buf *out, const char *text, bool property)
{
    bool ok = true;
    for (const char *c = text; *c && ok; c++) {
        if (*c == '%')
            ok = put_text(out, "%25");
        else if (*c == '\r')
            ok = put_text(out, "%0D");
        else if (*c == '\n')
            ok = put_text(out, "%0A");
        else if (property && *c == ':')
            ok = put_text(out, "%3A");
        else if (property && *c == ',')
            ok = put_text(out, "%2C");
        else
            ok = pl_buf_append_char(out, *c);
    }
    return ok;
}

static bool render_github(const pc_compat_report *report, const pc_compat_render_options *options,
                          pl_buf *out)
{
    bool ok = true;
    for (uint32_t i = 0; i < report->finding_count && ok; i++) {
        const pc_compat_finding *finding = &report->findings[i];
        if (!shown(finding, options) || finding->acknowledged)
            continue;
        const char *command = finding->severity == PC_COMPAT_BREAKING  ? "error"
                              : finding->severity == PC_COMPAT_WARNING ? "warning"
                                                                       : "notice";
        /* Annotations belong on files of the pull request: the new file, or for a removal the
         * place that contained the element. */
        const pc_loc *loc = finding->anchor_loc.source ? &finding->anchor_loc : &finding->old_loc;
        ok = put(out, "::%s ", command);
        if (ok && loc->source)
            ok = put_text(out, "file=") && github_escape(out, loc->source->path, true) &&
                 put(out, ",line=%u,col=%u,", loc->line, loc->column);
        ok = ok && put_text(out, "title=") &&
             github_escape(out, pc_compat_rule_info_of(finding->rule)->id, true) &&
             put_text(out, "::") && github_escape(out, finding->message, false);
        if (ok && !finding->anchor_loc.source && finding->old_loc.source)
            ok = put(out, " (old %s%s:%u)", options->old_prefix ? options->old_prefix : "",
                     finding->old_loc.source->path, finding->old_loc.line);
        for (uint32_t c = 0; c < finding->chain_count && c < CHAINS_SHOWN && ok; c++)
            ok = put_text(out, "%0Avia ") && github_escape(out, finding->chains[c], false);
        if (ok && finding->chain_count > CHAINS_SHOWN)
            ok = put(out, "%%0A(and %u more)", finding->chain_count - CHAINS_SHOWN);
        if (ok && finding->hint)
            ok = put_text(out, "%0Afix: ") && github_escape(out, finding->hint, false);
        if (ok && finding->severity > PC_COMPAT_INFO && finding->rule != PC_COMPAT_ACK_STALE)
            ok = put(out, "%%0Aack: %s ", pc_compat_rule_info_of(finding->rule)->id) &&
                 github_escape(out, finding->element, false) &&
                 put(out, " %s", finding->fingerprint);
        ok = ok && put_text(out, "\n");
    }
    tally counts = count(report);
    ok = ok && put_text(out, "payloadc compat: ") && put_summary(out, &counts);
    if (ok && options->baseline)
        ok = put(out, " against %s", options->baseline);
    return ok && put_text(out, "\n");
}

/* ---- markdown ---- */

static bool markdown_escape(pl_buf *out, const char *text)
{
    bool ok = true;
    for (const char *c = text; *c && ok; c++) {
        if (strchr("\\`*_[]<>|#", *c))
            ok = pl_buf_append_char(out, '\\');
        ok = ok && pl_buf_append_char(out, *c);
    }
    return ok;
}

static bool markdown_section(const pc_compat_report *report, pl_buf *out, const char *title,
                             pc_compat_severity severity, bool acknowledged)
{
    bool any = false, ok = true;
    for (uint32_t i = 0; i < report->finding_count && ok; i++) {
        const pc_compat_finding *finding = &report->findings[i];
        if (finding->acknowledged != acknowledged ||
            (!acknowledged && finding->severity != severity))
            continue;
        if (!any)
            ok = put(out, "\n### %s\n\n", title);
        any = true;
        ok = ok && put(out, "- **%s** ", pc_compat_rule_info_of(finding->rule)->id) &&
             markdown_escape(out, finding->message) && put_text(out, "\n");
        for (uint32_t c = 0; c < finding->chain_count && c < CHAINS_SHOWN && ok; c++)
            ok = put(out, "  - via `%s`\n", finding->chains[c]);
        if (ok && finding->chain_count > CHAINS_SHOWN)
            ok = put(out, "  - and %u more\n", finding->chain_count - CHAINS_SHOWN);
        if (ok && finding->hint && !acknowledged)
            ok = put_text(out, "  - fix: ") && markdown_escape(out, finding->hint) &&
                 put_text(out, "\n");
        if (ok && acknowledged)
            ok = put_text(out, "  - acknowledged: ") &&
                 markdown_escape(out,
                                 finding->ack_reason ? finding->ack_reason : "(no reason given)") &&
                 put_text(out, "\n");
    }
    return ok;
}

static bool render_markdown(const pc_compat_report *report, const pc_compat_render_options *options,
                            pl_buf *out)
{
    tally counts = count(report);
    bool ok = put_text(out, "## API compatibility\n\n");
    if (ok && counts.by_severity[PC_COMPAT_BREAKING])
        ok = put_text(out, ":x: ");
    ok = ok && put_summary(out, &counts);
    if (ok && options->baseline)
        ok = put(out, " against `%s`", options->baseline);
    ok = ok && put_text(out, ".\n");
    if (ok && report->finding_count == 0)
        ok = put_text(out, "\nNo changes.\n");
    ok = ok && markdown_section(report, out, "Breaking", PC_COMPAT_BREAKING, false) &&
         markdown_section(report, out, "Warnings", PC_COMPAT_WARNING, false) &&
         markdown_section(report, out, "Info", PC_COMPAT_INFO, false) &&
         markdown_section(report, out, "Acknowledged", PC_COMPAT_INFO, true);
    return ok;
}

bool pc_compat_render(const pc_compat_report *report, const pc_compat_render_options *options,
                      pl_buf *out)
{
    switch (options->format) {
    case PC_COMPAT_FORMAT_TEXT:
        return render_text(report, options, out);
    case PC_COMPAT_FORMAT_JSON:
        return render_json(report, options, out);
    case PC_COMPAT_FORMAT_GITHUB:
        return render_github(report, options, out);
    case PC_COMPAT_FORMAT_MARKDOWN:
        return render_markdown(report, options, out);
    }
    return false;
}

bool pc_compat_render_rules(pc_compat_format format, pl_buf *out)
{
    bool ok = true;
    if (format == PC_COMPAT_FORMAT_JSON) {
        ok = put_text(out, "[");
        for (int i = 0; i < PC_COMPAT_RULE_COUNT && ok; i++) {
            const pc_compat_rule_info *info = pc_compat_rule_info_of((pc_compat_rule)i);
            ok = put_text(out, i ? ",\n  {\"rule\": " : "\n  {\"rule\": ") &&
                 json_string(out, info->id) && put_text(out, ", \"input\": ") &&
                 json_string(out, info->input) && put_text(out, ", \"output\": ") &&
                 json_string(out, info->output) &&
                 put(out, ", \"source_level\": \"%s\"", info->source ? "breaking" : "as wire") &&
                 put_text(out, ",\n   \"summary\": ") && json_string(out, info->summary) &&
                 put_text(out, ", \"note\": ") && json_string(out, info->note) &&
                 put_text(out, ",\n   \"hint_input\": ") && json_string(out, info->hint_input) &&
                 put_text(out, ", \"hint_output\": ") && json_string(out, info->hint_output) &&
                 put_text(out, "}");
        }
        return ok && put_text(out, "\n]\n");
    }
    ok = put(out, "%-28s %-6s %-6s %-7s %s\n", "RULE", "INPUT", "OUTPUT", "SOURCE", "CHANGE");
    for (int i = 0; i < PC_COMPAT_RULE_COUNT && ok; i++) {
        const pc_compat_rule_info *info = pc_compat_rule_info_of((pc_compat_rule)i);
        ok = put(out, "%-28s %-6s %-6s %-7s %s%s%s%s\n", info->id, info->input, info->output,
                 info->source ? "B" : "", info->summary, info->note ? " (" : "",
                 info->note ? info->note : "", info->note ? ")" : "");
    }
    return ok && put_text(out, "\nB breaking, W warning, S safe (INFO), - not applicable; SOURCE: "
                               "breaking under --level source\n");
}
