#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "diag/diag.h"

namespace dtc::diag {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kBaseId = "SRCROOT";
constexpr std::string_view kDocsUri =
    "https://github.com/dtc-project/dtc/blob/main/docs/diagnostics.md";

// Percent-encodes a path for use in a URI reference (RFC 3986: unreserved and '/' stay).
std::string uriEncode(std::string_view path) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string level(Severity s) {
    switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    default: return "error";
    }
}

std::string anchor(const CatalogueEntry& e) {
    std::string a;
    for (char c : std::string(e.id) + "-" + std::string(e.name)) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-')
            a += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return a;
}

class Locator {
public:
    Locator(const SourceManager& sm, std::string_view base) : sm_(sm), base_(base) {
        if (!base_.empty() && base_.back() != '/') base_ += '/';
    }

    /// A SARIF physicalLocation for a range (1-based lines and code-point columns).
    Json physical(SourceRange r) const {
        Json loc;
        loc["artifactLocation"] = artifact(r.file);
        loc["region"] = region(r);
        return loc;
    }

    // NOTE(dtc): regions use lines and code-point columns only; SARIF's charOffset counts
    // characters in the run's columnKind, which would need a second decoding of the file.
    Json region(SourceRange r) const {
        LineColumn s = sm_.lineColumn(r.start());
        LineColumn e = sm_.lineColumn({r.file, r.end > r.begin ? r.end : r.begin});
        Json region{{"startLine", s.line}, {"startColumn", s.column}};
        if (e.line > s.line || (e.line == s.line && e.column > s.column)) {
            region["endLine"] = e.line;
            region["endColumn"] = e.column;
        }
        return region;
    }

    Json artifact(FileId file) const {
        std::string path(sm_.path(file));
        if (!base_.empty() && path.rfind(base_, 0) == 0) {
            return Json{{"uri", uriEncode(path.substr(base_.size()))}, {"uriBaseId", kBaseId}};
        }
        if (!path.empty() && path[0] == '/') return Json{{"uri", "file://" + uriEncode(path)}};
        return Json{{"uri", uriEncode(path)}, {"uriBaseId", kBaseId}};
    }

    [[nodiscard]] const std::string& base() const { return base_; }

private:
    const SourceManager& sm_;
    std::string base_;
};

} // namespace

void emitSarif(std::ostream& out, const SourceManager& sm, std::span<const Diagnostic> diags,
               std::string_view toolVersion, std::string_view baseDirectory) {
    Locator locator(sm, baseDirectory);
    // Rules: only those used, in first-use order, so ruleIndex is stable for a given output.
    // DTDL rule violations share one catalogue entry but each ValidationID is its own rule.
    std::map<std::string, std::size_t, std::less<>> ruleIndex;
    Json rules = Json::array();
    for (const Diagnostic& d : diags) {
        std::string id(d.codeId());
        if (ruleIndex.count(id)) continue;
        const CatalogueEntry& e = entry(d.code);
        ruleIndex[id] = rules.size();
        rules.push_back(Json{
            {"id", id},
            {"name", std::string(e.name)},
            {"shortDescription", {{"text", d.validationId.empty() ? std::string(e.message) : id}}},
            {"fullDescription", {{"text", std::string(e.action)}}},
            {"helpUri", std::string(kDocsUri) + "#" + anchor(e)},
            {"help", {{"text", std::string(e.action)}}},
            {"defaultConfiguration", {{"level", level(e.severity)}}}});
    }
    Json results = Json::array();
    for (const Diagnostic& d : diags) {
        Json r;
        std::string id(d.codeId());
        r["ruleId"] = id;
        r["ruleIndex"] = ruleIndex[id];
        r["level"] = level(d.severity);
        r["message"] = Json{{"text", formatMessage(d)}};
        if (d.range.valid()) {
            r["locations"] = Json::array({Json{{"physicalLocation", locator.physical(d.range)}}});
        }
        Json related = Json::array();
        int noteId = 1;
        for (const Note& n : d.notes) {
            // (A note about no place in a file is a location with its message alone.)
            Json loc{{"id", noteId++}, {"message", {{"text", n.message}}}};
            if (n.range.valid()) loc["physicalLocation"] = locator.physical(n.range);
            related.push_back(std::move(loc));
        }
        if (!related.empty()) r["relatedLocations"] = std::move(related);
        Json props;
        if (d.primaryId) props["primaryId"] = *d.primaryId;
        if (d.secondaryId) props["secondaryId"] = *d.secondaryId;
        if (d.property) props["property"] = *d.property;
        if (d.value) props["value"] = *d.value;
        if (!props.empty()) r["properties"] = std::move(props);
        if (!d.fixits.empty()) {
            Json changes = Json::array();
            for (const FixIt& f : d.fixits) {
                changes.push_back(Json{
                    {"artifactLocation", locator.artifact(f.range.file)},
                    {"replacements", Json::array({Json{
                                         {"deletedRegion", locator.region(f.range)},
                                         {"insertedContent", {{"text", f.replacement}}}}})}});
            }
            r["fixes"] = Json::array({Json{{"artifactChanges", std::move(changes)}}});
        }
        results.push_back(std::move(r));
    }
    Json run;
    run["tool"] = Json{{"driver",
                        {{"name", "dtc-compile"},
                         {"version", std::string(toolVersion)},
                         {"informationUri", "https://github.com/dtc-project/dtc"},
                         {"rules", std::move(rules)}}}};
    if (!locator.base().empty()) {
        run["originalUriBaseIds"] =
            Json{{kBaseId, {{"uri", "file://" + uriEncode(locator.base())}}}};
    }
    run["columnKind"] = "unicodeCodePoints";
    run["results"] = std::move(results);
    Json doc;
    doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    doc["version"] = "2.1.0";
    doc["runs"] = Json::array({std::move(run)});
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n'; // never throw on bad UTF-8
}

} // namespace dtc::diag
