#include <algorithm>

#include "diag/diag.h"

namespace dtc::diag {
namespace {

constexpr CatalogueEntry kCatalogue[] = {
#include "diag/diag_table.inc"
};
static_assert(std::size(kCatalogue) == kCodeCount);

} // namespace

std::string_view severityName(Severity s) {
    switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    case Severity::Fatal: return "fatal";
    }
    return "error";
}

const CatalogueEntry& entry(Code code) { return kCatalogue[static_cast<std::size_t>(code)]; }

std::span<const CatalogueEntry> catalogue() { return kCatalogue; }

std::optional<Code> findCode(std::string_view idOrName) {
    for (const auto& e : kCatalogue) {
        if (e.id == idOrName || e.name == idOrName) return e.code;
    }
    return std::nullopt;
}

std::string_view Diagnostic::codeId() const {
    return validationId.empty() ? entry(code).id : std::string_view(validationId);
}

Diagnostic Diagnostic::make(Code code, SourceRange range) {
    Diagnostic d;
    d.code = code;
    d.severity = entry(code).severity;
    d.range = range;
    return d;
}

Diagnostic& Diagnostic::arg(std::string name, std::string value) {
    args.push_back({std::move(name), std::move(value)});
    return *this;
}

Diagnostic& Diagnostic::note(SourceRange r, std::string message) {
    notes.push_back({r, std::move(message)});
    return *this;
}

Diagnostic& Diagnostic::fixit(SourceRange r, std::string replacement) {
    fixits.push_back({r, std::move(replacement)});
    return *this;
}

std::string formatMessage(const Diagnostic& d) {
    std::string_view tmpl = entry(d.code).message;
    std::string out;
    out.reserve(tmpl.size() + 32);
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] != '{') {
            out += tmpl[i];
            continue;
        }
        std::size_t close = tmpl.find('}', i);
        if (close == std::string_view::npos) {
            out += tmpl.substr(i);
            break;
        }
        std::string_view name = tmpl.substr(i + 1, close - i - 1);
        const std::string* value = nullptr;
        for (const auto& a : d.args) {
            if (a.name == name) value = &a.value;
        }
        if (!value) {
            if (name == "primaryId" && d.primaryId) value = &*d.primaryId;
            else if (name == "secondaryId" && d.secondaryId) value = &*d.secondaryId;
            else if (name == "property" && d.property) value = &*d.property;
            else if (name == "value" && d.value) value = &*d.value;
        }
        // NOTE(dtc): a missing argument renders as "?" rather than aborting: a diagnostic must
        // never make the tool crash. Tests check that every reported diagnostic formats fully.
        out += value ? *value : std::string("?");
        i = close;
    }
    return out;
}

} // namespace dtc::diag
