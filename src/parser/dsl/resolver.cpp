// TwinReader::resolve: names -> DTMIs across the whole model set, imports, standard elements.
#include <functional>

#include "ir/dtmi.h"
#include "parser/dsl/detail/transformer.h"
#include "parser/dtdl/standard_elements.h"

namespace dtc::parser::dsl {

namespace {

std::string dotted(std::string_view dtmiPath) {
    std::string out(dtmiPath);
    for (char& c : out)
        if (c == ':') c = '.';
    return out;
}

struct Candidate {
    std::string dtmi;
    bool isTwin = true;
};

} // namespace

bool TwinReader::resolve(bool dtdlComments) {
    Impl& s = *impl_;
    // DTDL documents written by dtc carry continuum concepts in their comments.
    // NOTE(dtc): a pass over every element: 6 ms of a 250 ms warm compile of the generated
    // 10,000-interface set, whose elements have no comment.
    const std::size_t lifted = dtdlComments ? liftCarriedContinuum(s.model, s.diags) : 0;
    // Elements from other formats (DTDL) by dotted versionless identifier, so .twin files can
    // name DTDL interfaces and schemas like twins ("rec.core.Space").
    std::map<std::string, std::vector<Candidate>> foreign;
    std::set<std::string> foreignNamespaces;
    for (const auto& e : s.model.elements()) {
        // NOTE(dtc): names and imports to resolve come only from .twin files; a DTDL-only
        // model set has none and need not index (and parse the identifier of) every element.
        if (s.files.empty()) break;
        if (e.origin.format == ir::SourceFormat::Twin || e.origin.format == ir::SourceFormat::Standard)
            continue;
        if (e.idGenerated) continue;
        bool twin = e.is<ir::Interface>();
        bool schema = e.is<ir::ObjectSchema>() || e.is<ir::EnumSchema>() || e.is<ir::MapSchema>() ||
                      e.is<ir::ArraySchema>();
        if (!twin && !schema) continue;
        auto d = ir::parseDtmi(e.id);
        if (!d || d->labels.empty()) continue;
        std::string name = dotted(d->versionless.substr(5));
        foreign[name].push_back({e.id, twin});
        auto dot = name.rfind('.');
        if (dot != std::string::npos) foreignNamespaces.insert(name.substr(0, dot));
    }
    auto lookup = [&](const std::string& qualified) {
        std::vector<Candidate> out;
        if (auto it = s.declared.find(qualified); it != s.declared.end())
            for (const auto& d : it->second) out.push_back({d.dtmi, d.isTwin});
        if (out.empty())
            if (auto it = foreign.find(qualified); it != foreign.end()) out = it->second;
        return out;
    };

    std::map<std::string, std::string> resolved; // placeholder -> DTMI
    for (const PendingName& p : s.pending) {
        const FileScope& scope = s.files[p.file];
        std::vector<Candidate> found;
        std::vector<std::string> via;
        // The file's own namespace shadows imports; imports shadow fully qualified names.
        if (!scope.ns.empty()) {
            found = lookup(scope.ns + "." + p.text);
            if (!found.empty()) via.push_back(scope.ns);
        }
        if (found.empty()) {
            for (const auto& [imp, r] : scope.imports) {
                auto f = lookup(imp + "." + p.text);
                if (f.empty()) continue;
                if (!found.empty() && found.front().dtmi != f.front().dtmi) {
                    auto d = diag::Diagnostic::make(diag::Code::TwinAmbiguousName, p.range);
                    d.arg("name", p.text).arg("first", "'" + found.front().dtmi + "'");
                    d.arg("second", "'" + f.front().dtmi + "'");
                    s.diags.report(std::move(d));
                    found.clear();
                    via.clear();
                    break;
                }
                found = f;
                via.push_back(imp);
            }
        }
        if (found.empty()) found = lookup(p.text);
        // A name may have several DTDL versions; the highest one is meant unless a DTMI is given.
        if (found.size() > 1) {
            auto best = found.front();
            for (const auto& c : found) {
                auto a = ir::parseDtmi(c.dtmi), b = ir::parseDtmi(best.dtmi);
                if (a && b && a->majorVersion > b->majorVersion) best = c;
            }
            found = {best};
        }
        bool kindOk = !found.empty() &&
                      (p.kind == NameKind::TwinOrSchema || (p.kind == NameKind::Twin) == found.front().isTwin);
        if (!found.empty() && kindOk) {
            resolved[p.placeholder] = found.front().dtmi;
            continue;
        }
        // Predefined schemas of DTDL (geospatial: point, lineString, ...).
        if (p.kind != NameKind::Twin && p.text.find('.') == std::string::npos) {
            std::string hit;
            for (int v : {2, 3, 4}) {
                std::string id = "dtmi:standard:schema:geospatial:" + p.text + ";" + std::to_string(v);
                if (dtdl::isStandardElement(id)) {
                    hit = dtdl::aliasTarget(id).value_or(id);
                    break;
                }
            }
            if (!hit.empty()) {
                resolved[p.placeholder] = hit;
                s.standardTargets.insert(hit);
                continue;
            }
        }
        auto d = diag::Diagnostic::make(diag::Code::TwinUnknownName, p.range);
        d.arg("kind", p.kind == NameKind::Twin ? "twin" : "schema").arg("name", p.text);
        if (!found.empty()) {
            d.note(diag::SourceRange{}, "'" + p.text + "' names a " +
                                            std::string(found.front().isTwin ? "twin" : "schema") +
                                            " ('" + found.front().dtmi + "')");
        }
        s.diags.report(std::move(d));
        resolved[p.placeholder] = p.text;
    }
    // (Only .twin names have placeholders: a DTDL-only set, which has none, skips the pass over
    // every element.)
    for (std::uint32_t i = 0; !resolved.empty() && i < s.model.size(); ++i) {
        ir::Element& e = s.model[ir::ElementId{i}];
        if (e.origin.format != ir::SourceFormat::Twin) continue;
        ir::forEachRef(e, [&](ir::Ref& r) {
            if (r.target.rfind("?twin:", 0) != 0) return;
            if (auto it = resolved.find(r.target); it != resolved.end()) r.target = it->second;
        });
    }

    // Imports: each must name a namespace some input declares.
    std::map<std::string, std::set<std::string>> graph;
    std::map<std::string, diag::SourceRange> importSite;
    for (const FileScope& f : s.files) {
        for (const auto& [imp, r] : f.imports) {
            if (!s.namespaces.count(imp) && !foreignNamespaces.count(imp)) {
                auto d = diag::Diagnostic::make(diag::Code::TwinUnknownImport, r);
                d.arg("name", imp);
                s.diags.report(std::move(d));
            }
            if (!f.ns.empty() && f.ns != imp) {
                graph[f.ns].insert(imp);
                importSite.emplace(f.ns + "\n" + imp, r);
            }
        }
    }
    // Import cycles, each reported once at the import that closes it.
    std::set<std::string> done, onStack;
    std::vector<std::string> stack;
    std::set<std::string> reportedCycles;
    std::function<void(const std::string&)> visit = [&](const std::string& ns) {
        onStack.insert(ns);
        stack.push_back(ns);
        for (const auto& next : graph[ns]) {
            if (onStack.count(next)) {
                auto from = std::find(stack.begin(), stack.end(), next);
                std::string path;
                std::set<std::string> members;
                for (auto it = from; it != stack.end(); ++it) {
                    path += "'" + *it + "' -> ";
                    members.insert(*it);
                }
                path += "'" + next + "'";
                std::string key;
                for (const auto& m : members) key += m + ";";
                if (reportedCycles.insert(key).second) {
                    auto d = diag::Diagnostic::make(diag::Code::TwinImportCycle,
                                                    importSite[ns + "\n" + next]);
                    d.arg("name", next).arg("path", path);
                    s.diags.report(std::move(d));
                }
            } else if (!done.count(next)) {
                visit(next);
            }
        }
        onStack.erase(ns);
        stack.pop_back();
        done.insert(ns);
    };
    for (const auto& [ns, _] : graph)
        if (!done.count(ns)) visit(ns);

    // Predefined elements the twins use: add them as the DTDL front end would.
    for (const std::string& id : s.standardTargets) {
        if (s.model.find(id)) continue;
        if (dtdl::addStandardElement(s.model, id)) continue;
        auto site = s.standardSites.count(id) ? s.standardSites[id] : diag::SourceRange{};
        auto d = diag::Diagnostic::make(diag::Code::TwinUnknownUnit, site);
        std::string term = id.substr(id.find_last_of(':') + 1);
        if (auto semi = term.find(';'); semi != std::string::npos) term = term.substr(0, semi);
        d.arg("unit", term).arg("detail", "");
        s.diags.report(std::move(d));
        // Define it, so the same mistake is not reported again as an undefined reference.
        ir::Element placeholder;
        placeholder.id = id;
        placeholder.origin.format = ir::SourceFormat::Synthesized;
        placeholder.origin.range = site;
        ir::ExtensionElement unit;
        unit.classes.push_back("Unit");
        placeholder.body = std::move(unit);
        s.model.add(std::move(placeholder));
    }
    return !s.files.empty() || lifted != 0;
}

} // namespace dtc::parser::dsl
