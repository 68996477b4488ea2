#include <nlohmann/json.hpp>
#include <ostream>

#include "diag/diag.h"

namespace dtc::diag {
namespace {

using Json = nlohmann::ordered_json;

Json position(const SourceManager& sm, FileId file, std::uint32_t offset) {
    LineColumn lc = sm.lineColumn({file, offset});
    return Json{{"line", lc.line}, {"column", lc.column}, {"offset", offset}};
}

void putLocation(Json& j, const SourceManager& sm, SourceRange r) {
    if (!r.valid()) {
        j["file"] = nullptr;
        j["line"] = nullptr;
        j["column"] = nullptr;
        return;
    }
    LineColumn lc = sm.lineColumn(r.start());
    j["file"] = std::string(sm.path(r.file));
    j["line"] = lc.line;
    j["column"] = lc.column;
    j["range"] = Json{{"start", position(sm, r.file, r.begin)},
                      {"end", position(sm, r.file, r.end > r.begin ? r.end : r.begin)}};
}

Json optionalString(const std::optional<std::string>& s) { return s ? Json(*s) : Json(nullptr); }

} // namespace

void emitJson(std::ostream& out, const SourceManager& sm, std::span<const Diagnostic> diags,
              const Summary& summary) {
    Json doc;
    doc["version"] = 1;
    Json list = Json::array();
    for (const Diagnostic& d : diags) {
        const CatalogueEntry& e = entry(d.code);
        Json j;
        j["severity"] = std::string(severityName(d.severity));
        j["code"] = std::string(d.codeId());
        j["name"] = std::string(e.name);
        j["message"] = formatMessage(d);
        putLocation(j, sm, d.range);
        j["primaryId"] = optionalString(d.primaryId);
        j["secondaryId"] = optionalString(d.secondaryId);
        j["property"] = optionalString(d.property);
        j["value"] = optionalString(d.value);
        j["action"] = std::string(e.action);
        Json notes = Json::array();
        for (const Note& n : d.notes) {
            Json nj{{"message", n.message}};
            putLocation(nj, sm, n.range);
            notes.push_back(std::move(nj));
        }
        j["notes"] = std::move(notes);
        Json fixits = Json::array();
        for (const FixIt& f : d.fixits) {
            Json fj{{"replacement", f.replacement}};
            putLocation(fj, sm, f.range);
            fixits.push_back(std::move(fj));
        }
        j["fixits"] = std::move(fixits);
        list.push_back(std::move(j));
    }
    doc["diagnostics"] = std::move(list);
    doc["summary"] = Json{{"files", summary.files},
                          {"interfaces", summary.interfaces},
                          {"elements", summary.elements},
                          {"errors", summary.errors},
                          {"warnings", summary.warnings},
                          {"valid", summary.errors == 0}};
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n'; // never throw on bad UTF-8
}

} // namespace dtc::diag
