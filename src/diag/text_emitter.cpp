#include <ostream>

#include "diag/diag.h"

namespace dtc::diag {
namespace {

struct Colors {
    const char* bold = "";
    const char* reset = "";
    const char* error = "";
    const char* warning = "";
    const char* note = "";
    const char* caret = "";
};

Colors colors(bool on) {
    if (!on) return {};
    return {"\x1b[1m", "\x1b[0m", "\x1b[1;31m", "\x1b[1;35m", "\x1b[1;36m", "\x1b[1;32m"};
}

const char* severityColor(const Colors& c, Severity s) {
    switch (s) {
    case Severity::Note: return c.note;
    case Severity::Warning: return c.warning;
    default: return c.error;
    }
}

void location(std::ostream& out, const SourceManager& sm, SourceRange r) {
    if (!r.valid()) {
        out << "dtc-compile";
        return;
    }
    LineColumn lc = sm.lineColumn(r.start());
    out << sm.path(r.file) << ':' << lc.line << ':' << lc.column;
}

// Prints the source line of `r` with a caret under its start and `~` under the rest of the
// range on that line. Whitespace in the prefix is copied (tabs stay tabs) so the caret lines
// up in any terminal.
void snippet(std::ostream& out, const SourceManager& sm, SourceRange r, const Colors& c) {
    if (!r.valid()) return;
    LineColumn lc = sm.lineColumn(r.start());
    std::string_view line = sm.lineText(r.file, lc.line);
    if (line.size() > 400) return; // minified JSON: a snippet would not help
    std::string number = std::to_string(lc.line);
    out << ' ' << number << " | " << line << '\n';
    out << ' ' << std::string(number.size(), ' ') << " | ";
    std::string marker;
    std::uint32_t col = 1;
    std::size_t i = 0;
    for (; i < line.size() && col < lc.column; ++i) {
        unsigned char ch = static_cast<unsigned char>(line[i]);
        if ((ch & 0xC0) == 0x80) continue;
        marker += ch == '\t' ? '\t' : ' ';
        ++col;
    }
    // Skip remaining continuation bytes of the character before the caret.
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    LineColumn endLc = sm.lineColumn({r.file, r.end > r.begin ? r.end : r.begin});
    std::uint32_t endCol = endLc.line == lc.line ? endLc.column : 0;
    if (endLc.line != lc.line) {
        // Range continues on later lines: underline to the end of this one.
        std::uint32_t n = 0;
        for (char ch : line) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
        endCol = n + 1;
    }
    std::string under = "^";
    for (std::uint32_t k = lc.column + 1; k < endCol; ++k) under += '~';
    out << marker << c.caret << under << c.reset << '\n';
}

} // namespace

void emitText(std::ostream& out, const SourceManager& sm, std::span<const Diagnostic> diags,
              const TextOptions& options) {
    Colors c = colors(options.color);
    for (const Diagnostic& d : diags) {
        out << c.bold;
        location(out, sm, d.range);
        out << ": " << c.reset << severityColor(c, d.severity) << severityName(d.severity) << ": "
            << c.reset << c.bold << formatMessage(d) << c.reset << " [" << d.codeId() << "]\n";
        if (options.snippet) snippet(out, sm, d.range, c);
        for (const Note& n : d.notes) {
            out << c.bold;
            location(out, sm, n.range.valid() ? n.range : d.range);
            out << ": " << c.reset << c.note << "note: " << c.reset << n.message << '\n';
            if (options.snippet && n.range.valid()) snippet(out, sm, n.range, c);
        }
        for (const FixIt& f : d.fixits) {
            out << c.bold;
            location(out, sm, f.range);
            out << ": " << c.reset << c.note << "fix-it: " << c.reset << "replace with '"
                << f.replacement << "'\n";
        }
    }
}

} // namespace dtc::diag
