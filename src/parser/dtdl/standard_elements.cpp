#include "parser/dtdl/standard_elements.h"

#include <map>
#include <nlohmann/json.hpp>

#include "metamodel/metamodel.h"

namespace dtc::parser::dtdl {

namespace {

struct Standard {
    std::string id;
    std::vector<std::string> types;
    std::string displayName;
    int version = 0;
    std::vector<std::string> memberOf;
};

struct Index {
    std::map<std::string, Standard, std::less<>> elements;
    std::map<std::string, std::string, std::less<>> aliases;
};

void collect(Index& idx, const nlohmann::json& doc, int version, const std::string& parent = {}) {
    if (!doc.is_object() || !doc.contains("@id")) return;
    Standard s;
    s.id = doc["@id"].get<std::string>();
    if (!parent.empty()) s.memberOf.push_back(parent);
    s.version = version;
    if (doc.contains("@type")) {
        if (doc["@type"].is_string()) s.types.push_back(doc["@type"]);
        else
            for (const auto& t : doc["@type"]) s.types.push_back(t);
    }
    if (doc.contains("displayName") && doc["displayName"].is_string()) s.displayName = doc["displayName"];
    if (doc.contains("aliasFor")) idx.aliases[s.id] = doc["aliasFor"].get<std::string>();
    if (doc.contains("enumValues"))
        for (const auto& v : doc["enumValues"]) collect(idx, v, version, s.id);
    if (auto it = idx.elements.find(s.id); it != idx.elements.end()) {
        for (auto& m : s.memberOf) it->second.memberOf.push_back(m);
        return;
    }
    idx.elements.emplace(s.id, std::move(s));
}

const Index& index() {
    static const Index idx = [] {
        Index i;
        const auto& mm = metamodel::Metamodel::get();
        for (const std::string& text : mm.standardElementDocuments()) {
            auto doc = nlohmann::json::parse(text);
            int version = 2;
            auto ctx = doc.value("@context", nlohmann::json());
            std::string first = ctx.is_array() && !ctx.empty() ? ctx[0].get<std::string>()
                                : ctx.is_string()            ? ctx.get<std::string>()
                                                             : "";
            if (first.ends_with(";3")) version = 3;
            if (first.ends_with(";4")) version = 4;
            collect(i, doc, version);
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
                    s.version = c->dtdlVersion;
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
    el.languageVersion = s.version;
    if (!s.displayName.empty()) el.displayName.values.emplace_back("en", s.displayName);
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
            classes.push_back("dtmi:dtdl:class:Object;" + std::to_string(s.version));
        el.body = ir::ExtensionElement{std::move(classes), s.memberOf};
    }
    model.add(std::move(el));
    return true;
}

} // namespace dtc::parser::dtdl
