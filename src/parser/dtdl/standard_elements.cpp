#include "parser/dtdl/standard_elements.h"

#include <map>

#include "metamodel/metamodel.h"

namespace dtc::parser::dtdl {

namespace {

using Standard = metamodel::StandardElement;

struct Index {
    std::map<std::string, Standard, std::less<>> elements;
    std::map<std::string, std::string, std::less<>> aliases;
};

const Index& index() {
    static const Index idx = [] {
        Index i;
        const auto& mm = metamodel::Metamodel::get();
        for (const metamodel::StandardElement& e : mm.standardElements()) {
            if (!e.aliasFor.empty()) i.aliases[e.id] = e.aliasFor;
            if (auto it = i.elements.find(e.id); it != i.elements.end()) {
                for (const auto& m : e.memberOf) it->second.memberOf.push_back(m);
                continue;
            }
            i.elements.emplace(e.id, e);
        }
        // Terms of the core contexts that name standard elements the element files do not
        // define (v2 units and semantic types, geospatial schemas): known by identifier.
        for (const std::string& cid : mm.contextIds()) {
            const metamodel::Context* c = mm.context(cid);
            for (const auto& [term, t] : c->terms) {
                const std::string& iri = t.iri;
                if (iri.starts_with("dtmi:standard:schema:geospatial:") ||
                    iri.starts_with("dtmi:standard:unit:") ||
                    iri.starts_with("dtmi:standard:unitprefix:") ||
                    iri.starts_with("dtmi:iotcentral:schema:")) {
                    if (i.elements.count(iri)) continue;
                    Standard s;
                    s.id = iri;
                    s.dtdlVersion = c->dtdlVersion;
                    s.displayName = term;
                    i.elements.emplace(iri, std::move(s));
                }
            }
        }
        return i;
    }();
    return idx;
}

} // namespace

std::optional<std::string> aliasTarget(std::string_view id) {
    const auto& a = index().aliases;
    auto it = a.find(id);
    if (it == a.end()) return std::nullopt;
    return it->second;
}

bool isStandardElement(std::string_view id) { return index().elements.count(id) != 0; }

bool addStandardElement(ir::Model& model, std::string_view id) {
    const auto& e = index().elements;
    auto it = e.find(id);
    if (it == e.end()) return false;
    if (model.find(id)) return true;
    const Standard& s = it->second;
    ir::Element el;
    el.id = s.id;
    el.origin.format = ir::SourceFormat::Standard;
    el.languageVersion = s.dtdlVersion;
    if (!s.displayName.empty()) el.displayName.values.emplace_back("en", s.displayName);
    el.description.values = s.description;
    std::optional<ir::Primitive> prim;
    if (s.id.starts_with("dtmi:dtdl:instance:Schema:")) {
        auto name = s.id.substr(26, s.id.find(';') - 26);
        prim = ir::primitiveFromName(name);
    }
    if (prim) {
        el.body = ir::PrimitiveSchema{*prim};
    } else {
        std::vector<std::string> classes;
        for (const auto& t : s.types) classes.push_back(t);
        if (classes.empty() && s.id.starts_with("dtmi:standard:schema:geospatial:"))
            classes.push_back("dtmi:dtdl:class:Object;" + std::to_string(s.dtdlVersion));
        el.body = ir::ExtensionElement{std::move(classes), s.memberOf};
    }
    model.add(std::move(el));
    return true;
}

} // namespace dtc::parser::dtdl
