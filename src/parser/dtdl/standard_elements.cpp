#include "parser/dtdl/standard_elements.h"

#include <algorithm>
#include <cctype>

#include "ir/dtdl_terms.h"
#include "ir/dtmi.h"
#include "metamodel/metamodel.h"

namespace dtc::parser::dtdl {

namespace {

using Standard = metamodel::StandardElement;

/// DTDL v4's scaledDecimal (DTDL.v4 "Scaled decimal schema"): an Object of a short `scale` and a
/// decimal `value`.
constexpr std::string_view kScaledDecimalPrefix = "dtmi:standard:schema:scaledDecimal;";

// Hashed: the reader asks isStandardElement and unaliased for every reference it reads, and an
// ordered map compared long common prefixes ("dtmi:standard:unit:...") about ten times a lookup.
struct Index {
    metamodel::StringIndex<Standard> elements;
    metamodel::StringIndex<std::string> aliases;
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
                    iri.starts_with("dtmi:iotcentral:schema:") || iri.starts_with(kScaledDecimalPrefix)) {
                    if (i.elements.count(iri)) continue;
                    Standard s;
                    s.id = iri;
                    s.dtdlVersion = c->dtdlVersion;
                    s.displayName = term;
                    i.elements.emplace(iri, std::move(s));
                }
            }
        }
        // An alias may name another alias (DTDL v4's double;4 names double;3, which names
        // double;2): each one is resolved to the end of its chain.
        for (auto& [id, target] : i.aliases)
            for (int hops = 0; hops < 8; ++hops) {
                auto next = i.aliases.find(target);
                if (next == i.aliases.end() || next->second == id) break;
                target = next->second;
            }
        return i;
    }();
    return idx;
}

/// The term's definition in `contexts` (a later context wins), or nullptr.
const metamodel::Term* termIn(const std::vector<std::string>& contexts, std::string_view term) {
    const auto& mm = metamodel::Metamodel::get();
    const metamodel::Term* found = nullptr;
    for (const std::string& cid : contexts)
        if (const metamodel::Context* c = mm.context(cid))
            if (auto it = c->terms.find(std::string(term)); it != c->terms.end()) found = &it->second;
    return found;
}

/// The last segment of a DTMI without its version ("...:enum:VelocityUnit" -> "VelocityUnit").
std::string_view lastSegment(std::string_view id) {
    id = id.substr(0, id.find(';'));
    return id.substr(id.rfind(':') + 1);
}

/// Co-types and supplemental property values of a predefined element, as the element files
/// state them (a unit is co-typed SymbolicUnit, DecimalUnit, ... and names its symbol, base
/// unit and prefix). Values of @vocab properties are references to other predefined elements.
///
/// NOTE(dtc): DTDL v2 publishes no element file for its units (dtmi:standard:unit:*;2), only
/// their terms. A v2 unit takes the description of the QuantitativeTypes v1 unit of the same
/// name, restated in v2 terms: its unit kind (the enumeration listing it) and those co-types
/// the v2 context defines become its co-types, and the properties those co-types declare
/// become its properties. (SymbolicUnit, hence a symbol, has no v2 counterpart.)
void supplementalOf(const Standard& s, const Index& idx, ir::Element& el) {
    const auto& mm = metamodel::Metamodel::get();
    const Standard* src = &s;
    std::vector<std::string> target = s.contexts;
    bool v2 = s.contexts.empty() && s.id.starts_with("dtmi:standard:unit");
    if (v2) {
        std::string name(lastSegment(s.id));
        std::string kind = s.id.starts_with("dtmi:standard:unitprefix:") ? "unitprefix" : "unit";
        auto it = idx.elements.find("dtmi:dtdl:extension:quantitativeTypes:v1:" + kind + ":" + name);
        if (it == idx.elements.end()) return;
        src = &it->second;
        target = {"dtmi:dtdl:context;2"};
        for (const std::string& m : src->memberOf)
            if (const auto* t = termIn(target, lastSegment(m)); t && t->iri.starts_with("dtmi:standard:class:"))
                el.extras.edit().supplementalTypes.push_back(t->iri);
    }
    std::vector<std::string> sourceClasses; // the source's co-types kept, as source class IRIs
    for (std::size_t i = 1; i < src->types.size(); ++i) {
        const auto* t = termIn(target, src->types[i]);
        if (t == nullptr) continue;
        el.extras.edit().supplementalTypes.push_back(t->iri);
        if (const auto* st = termIn(src->contexts, src->types[i])) sourceClasses.push_back(st->iri);
    }
    for (const auto& [term, value] : src->properties) {
        const auto* t = termIn(target, term);
        if (t == nullptr) continue;
        if (v2) {
            const auto* st = termIn(src->contexts, term);
            bool declared = st && std::any_of(sourceClasses.begin(), sourceClasses.end(), [&](const std::string& c) {
                const auto& props = mm.propertiesOf(c);
                return std::any_of(props.begin(), props.end(), [&](const auto* p) { return p->iri == st->iri; });
            });
            if (!declared) continue;
        }
        ir::PropertyValue pv;
        pv.property = t->iri;
        pv.term = term;
        if (t->type == "@vocab") {
            const auto* v = termIn(target, value);
            if (v == nullptr) continue;
            ir::Ref r;
            r.target = v->iri;
            r.property = term;
            pv.refs.push_back(std::move(r));
        } else if (!value.empty() && (std::isdigit(static_cast<unsigned char>(value[0])) || value[0] == '-')) {
            pv.literals.push_back(ir::Literal::integerValue(std::stoll(value), value));
        } else {
            pv.literals.push_back(ir::Literal::string(value));
        }
        el.extras.edit().supplementalProperties.push_back(std::move(pv));
    }
}

// ---- geospatial schemas ----------------------------------------------------------------------
//
// NOTE(dtc): the official parser defines the geospatial schemas as GeoJSON geometries: an Object
// with a "type" field (an Enum of the one geometry name) and a "coordinates" field (nested
// Arrays down to `position`, an Array of double), through helper Arrays with identifiers of
// their own. Their depth counts towards the schema depth limit (an Array of multiPolygon is 6
// levels deep in its reports) and, in DTDL v2, their Arrays make them excluded below a
// Property's schema. The reference material names the schemas only; the structure and every
// identifier inside it are written here as the official parser's parsed model shows them
// (settled cases dtc/GeospatialIdentifiers: an identifier is the PrimaryID or SecondaryID of
// the depth errors these schemas take part in).

constexpr std::string_view kGeospatialPrefix = "dtmi:standard:schema:geospatial:";

struct GeoObject {
    std::string_view name, geoJsonType, coordinates;
};
constexpr GeoObject kGeoObjects[] = {
    {"point", "Point", "position"},
    {"multiPoint", "MultiPoint", "positionArray"},
    {"lineString", "LineString", "lineStringCoordinateArray"},
    {"multiLineString", "MultiLineString", "lineStringCoordinateArrayArray"},
    {"polygon", "Polygon", "polygonCoordinateArray"},
    {"multiPolygon", "MultiPolygon", "polygonCoordinateArrayArray"},
};
struct GeoArray {
    std::string_view name, element; ///< element: another helper Array, or "" for double
};
constexpr GeoArray kGeoArrays[] = {
    {"position", ""},
    {"positionArray", "position"},
    {"lineStringCoordinateArray", "position"},
    {"linearRingCoordinateArray", "position"},
    {"polygonCoordinateArray", "linearRingCoordinateArray"},
    {"lineStringCoordinateArrayArray", "lineStringCoordinateArray"},
    {"polygonCoordinateArrayArray", "polygonCoordinateArray"},
};

std::string geoId(std::string_view name, int version) {
    return std::string(kGeospatialPrefix) + std::string(name) + ";" + std::to_string(version);
}

ir::Element standardElement(std::string id, int version) {
    ir::Element el;
    el.id = std::move(id);
    el.origin.format = ir::SourceFormat::Standard;
    el.languageVersion = version;
    return el;
}

ir::Ref standardRef(std::string target, std::string_view property, bool inlineDefinition) {
    ir::Ref r;
    r.target = std::move(target);
    r.property = std::string(property);
    r.inlineDefinition = inlineDefinition;
    return r;
}

/// The field `name` (identifier `fieldId`) of a predefined Object, of schema `schema` (defined
/// inline with it, or a reference).
ir::Element standardField(std::string fieldId, std::string_view name, std::string schema, bool inlineSchema,
                          int version) {
    ir::Element field = standardElement(std::move(fieldId), version);
    field.name = std::string(name);
    field.body = ir::Field{standardRef(std::move(schema), "schema", inlineSchema)};
    return field;
}

/// Adds the geospatial schema `name` of DTDL `version` and what it is made of. `displayName`
/// is the Object's (its term). False if `name` is not a geospatial schema.
bool addGeospatial(ir::Model& model, std::string_view name, int version, std::string_view displayName) {
    if (model.find(geoId(name, version))) return true;
    for (const GeoArray& a : kGeoArrays) {
        if (a.name != name) continue;
        ir::Element el = standardElement(geoId(name, version), version);
        std::string element = a.element.empty() ? ir::primitiveSchemaId("double", 2) : geoId(a.element, version);
        el.body = ir::ArraySchema{standardRef(element, "elementSchema", false)};
        model.add(std::move(el));
        if (a.element.empty()) addStandardElement(model, element);
        else addGeospatial(model, a.element, version, {});
        return true;
    }
    for (const GeoObject& g : kGeoObjects) {
        if (g.name != name) continue;
        // (The official parser's identifiers: the fields are <object>:type and
        // <object>:coordinates; the type is an Enum of its own, geospatial<GeoJSON type>Type,
        // whose one value is geospatial:enumValue:<object>; the Enum's values and the Array of
        // positions are of DTDL v2's string and double, in every version.)
        const std::string id = geoId(name, version);
        const std::string string = ir::primitiveSchemaId("string", 2);
        ir::Element object = standardElement(id, version);
        if (!displayName.empty()) object.displayName.values.emplace_back("en", std::string(displayName));
        ir::ObjectSchema body;
        // "type": an Enum of the one GeoJSON geometry name.
        ir::Element typeEnum = standardElement("dtmi:standard:schema:geospatial" + std::string(g.geoJsonType) + "Type;" +
                                                   std::to_string(version),
                                               version);
        ir::Element type = standardField(geoId(std::string(name) + ":type", version), "type", typeEnum.id, false, version);
        ir::Element typeValue = standardElement(geoId("enumValue:" + std::string(name), version), version);
        typeValue.name = std::string(name);
        typeValue.body = ir::EnumValue{ir::Literal::string(std::string(g.geoJsonType))};
        ir::EnumSchema e;
        e.valueSchema = standardRef(string, "valueSchema", false);
        e.enumValues.push_back(standardRef(typeValue.id, "enumValues", true));
        typeEnum.body = std::move(e);
        body.fields.push_back(standardRef(type.id, "fields", true));
        // "coordinates": nested Arrays of positions.
        ir::Element coordinates = standardField(geoId(std::string(name) + ":coordinates", version), "coordinates",
                                                geoId(g.coordinates, version), false, version);
        body.fields.push_back(standardRef(coordinates.id, "fields", true));
        object.body = std::move(body);
        model.add(std::move(object));
        model.add(std::move(type));
        model.add(std::move(typeEnum)); // (each geometry has an Enum of its own)
        model.add(std::move(typeValue));
        model.add(std::move(coordinates));
        addStandardElement(model, string);
        addGeospatial(model, g.coordinates, version, {});
        return true;
    }
    return false;
}

/// Adds the scaledDecimal Object `id` of DTDL `version` and its two fields.
void addScaledDecimal(ir::Model& model, const std::string& id, int version, std::string_view displayName) {
    ir::Element object = standardElement(id, version);
    if (!displayName.empty()) object.displayName.values.emplace_back("en", std::string(displayName));
    ir::ObjectSchema body;
    std::vector<ir::Element> fields;
    for (const auto& [name, primitive] : {std::pair{"scale", "short"}, std::pair{"value", "decimal"}}) {
        fields.push_back(standardField(ir::generatedChildId(id, "fields", name), name,
                                       ir::primitiveSchemaId(primitive, version), false, version));
        body.fields.push_back(standardRef(fields.back().id, "fields", true));
    }
    object.body = std::move(body);
    model.add(std::move(object));
    for (ir::Element& f : fields) {
        std::string schema = std::get<ir::Field>(f.body).schema.target;
        model.add(std::move(f));
        addStandardElement(model, schema);
    }
}

} // namespace

std::optional<std::string> aliasTarget(std::string_view id) {
    const auto& a = index().aliases;
    auto it = a.find(id);
    if (it == a.end()) return std::nullopt;
    return it->second;
}

std::string_view unaliased(std::string_view id) {
    const auto& a = index().aliases;
    auto it = a.find(id);
    return it == a.end() ? id : std::string_view(it->second);
}

bool isStandardElement(std::string_view id) { return index().elements.count(id) != 0; }

bool addStandardElement(ir::Model& model, std::string_view id) {
    const auto& e = index().elements;
    auto it = e.find(id);
    if (it == e.end()) return false;
    if (model.find(id)) return true;
    const Standard& s = it->second;
    if (std::string_view rest = id; rest.starts_with(kGeospatialPrefix)) {
        rest.remove_prefix(kGeospatialPrefix.size());
        if (addGeospatial(model, rest.substr(0, rest.find(';')), s.dtdlVersion, s.displayName)) return true;
    }
    if (id.starts_with(kScaledDecimalPrefix)) {
        addScaledDecimal(model, s.id, s.dtdlVersion, s.displayName);
        return true;
    }
    ir::Element el = standardElement(s.id, s.dtdlVersion);
    if (!s.displayName.empty()) el.displayName.values.emplace_back("en", s.displayName);
    el.description.values = s.description;
    std::optional<ir::Primitive> prim;
    if (s.id.starts_with("dtmi:dtdl:instance:Schema:")) {
        auto name = s.id.substr(26, s.id.find(';') - 26);
        prim = ir::primitiveFromName(name);
    }
    std::vector<std::string> referenced;
    if (prim) {
        el.body = ir::PrimitiveSchema{*prim};
    } else if (!s.fields.empty()) {
        // A predefined Object (IoT Central's vector, geopoint) and its fields.
        ir::ObjectSchema o;
        for (const std::string& f : s.fields) {
            o.fields.push_back(standardRef(f, "fields", true));
            referenced.push_back(f);
        }
        el.body = std::move(o);
    } else if (s.types == std::vector<std::string>{"Field"} && !s.schema.empty()) {
        el.name = s.name;
        const auto* t = termIn(s.contexts, s.schema);
        ir::Field f{standardRef(t ? t->iri : s.schema, "schema", false)};
        referenced.push_back(f.schema.target);
        el.body = std::move(f);
    } else {
        std::vector<std::string> classes;
        for (const auto& t : s.types) classes.push_back(t);
        if (classes.empty() && s.id.starts_with("dtmi:standard:unit:"))
            classes.push_back("dtmi:dtdl:class:Unit;2");
        el.body = ir::ExtensionElement{std::move(classes), s.memberOf};
        supplementalOf(s, index(), el);
    }
    for (const ir::PropertyValue& pv : el.extras->supplementalProperties)
        for (const ir::Ref& r : pv.refs) referenced.push_back(r.target);
    model.add(std::move(el));
    // The elements a predefined element names are part of the model too (DTDLParser's object
    // model holds a unit's base unit, prefix, top and bottom units, an Object's fields).
    for (const std::string& r : referenced) addStandardElement(model, r);
    return true;
}

} // namespace dtc::parser::dtdl
