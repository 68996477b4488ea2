#include "ir/dtdl_terms.h"

#include "ir/model.h"

namespace dtc::ir {
namespace {

std::string qtBase(int version) {
    return "dtmi:dtdl:extension:quantitativeTypes:v" + std::to_string(version >= 4 ? 2 : 1) + ":";
}

std::optional<std::string> stripAffixes(std::string_view id, std::string_view prefix,
                                        std::string_view suffix) {
    if (id.size() <= prefix.size() + suffix.size()) return std::nullopt;
    if (id.substr(0, prefix.size()) != prefix) return std::nullopt;
    if (id.substr(id.size() - suffix.size()) != suffix) return std::nullopt;
    std::string term(id.substr(prefix.size(), id.size() - prefix.size() - suffix.size()));
    if (term.find_first_of(":;#") != std::string::npos) return std::nullopt;
    return term;
}

} // namespace

std::string dtdlContext(int version) { return "dtmi:dtdl:context;" + std::to_string(version); }

int dtdlContextVersion(std::string_view context) {
    constexpr std::string_view prefix = "dtmi:dtdl:context;";
    if (context.substr(0, prefix.size()) != prefix) return 0;
    auto rest = context.substr(prefix.size());
    auto hash = rest.find('#');
    if (hash != std::string_view::npos) rest = rest.substr(0, hash);
    if (rest == "2") return 2;
    if (rest == "3") return 3;
    if (rest == "4") return 4;
    return 0;
}

std::string quantitativeTypesContext(int version) {
    if (version <= 2) return {};
    return version >= 4 ? "dtmi:dtdl:extension:quantitativeTypes;2"
                        : "dtmi:dtdl:extension:quantitativeTypes;1";
}

std::string primitiveSchemaId(std::string_view name, int version) {
    return "dtmi:dtdl:instance:Schema:" + std::string(name) + ";" + std::to_string(version);
}

std::string semanticTypeId(std::string_view term, int version) {
    if (version <= 2) return "dtmi:standard:class:" + std::string(term) + ";2";
    return qtBase(version) + "class:" + std::string(term);
}

std::string unitId(std::string_view term, int version) {
    if (version <= 2) return "dtmi:standard:unit:" + std::string(term) + ";2";
    return qtBase(version) + "unit:" + std::string(term);
}

std::string unitPropertyId(int version) {
    if (version <= 2) return "dtmi:dtdl:property:unit;2";
    return qtBase(version) + "property:unit";
}

std::optional<std::string> primitiveSchemaTerm(std::string_view id) {
    for (std::string_view v : {";2", ";3", ";4"})
        if (auto t = stripAffixes(id, "dtmi:dtdl:instance:Schema:", v)) return t;
    return std::nullopt;
}

std::optional<std::string> semanticTypeTerm(std::string_view id, int version) {
    if (version <= 2) return stripAffixes(id, "dtmi:standard:class:", ";2");
    return stripAffixes(id, qtBase(version) + "class:", "");
}

std::optional<std::string> unitTerm(std::string_view id, int version) {
    if (version <= 2) return stripAffixes(id, "dtmi:standard:unit:", ";2");
    return stripAffixes(id, qtBase(version) + "unit:", "");
}

bool isUnitProperty(std::string_view id) {
    return id == unitPropertyId(2) || id == unitPropertyId(3) || id == unitPropertyId(4);
}

bool hasInlineUnit(const Element& e) {
    for (const auto& pv : e.extras->supplementalProperties)
        if (isUnitProperty(pv.property))
            for (const auto& r : pv.refs)
                if (r.inlineDefinition) return true;
    return false;
}

} // namespace dtc::ir
