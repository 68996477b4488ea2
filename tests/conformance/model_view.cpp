#include "model_view.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "metamodel/metamodel.h"

namespace dtc::conformance {
namespace {

JsonValue literal(const ir::Literal& l) {
    switch (l.kind) {
    case ir::Literal::Kind::String: return JsonValue::string(l.lexical);
    case ir::Literal::Kind::Boolean: return JsonValue::boolValue(l.boolean);
    case ir::Literal::Kind::Integer:
        return JsonValue::number(l.lexical.empty() ? std::to_string(l.integer) : l.lexical);
    case ir::Literal::Kind::Double:
        return JsonValue::number(l.lexical.empty() ? std::to_string(l.number) : l.lexical);
    }
    return {};
}

JsonValue langMap(const ir::LangString& s) {
    JsonValue o = JsonValue::object();
    for (const auto& [lang, text] : s.values) o.members.emplace_back(lang, JsonValue::string(text));
    return o;
}

JsonValue optString(const std::optional<std::string>& s) {
    return s ? JsonValue::string(*s) : JsonValue{};
}

/// An xsd:duration as DTDLParser's object model shows it: converted to a .NET TimeSpan
/// (XmlConvert.ToTimeSpan: a year is 365 days, a month 30) and printed in TimeSpan's constant
/// format "[-][d.]hh:mm:ss[.fffffff]". Returns nullopt for text that is not a duration.
std::optional<std::string> dotnetTimeSpan(std::string_view text) {
    std::size_t i = 0;
    bool negative = i < text.size() && text[i] == '-';
    if (negative) ++i;
    if (i >= text.size() || text[i] != 'P') return std::nullopt;
    ++i;
    constexpr std::int64_t kTicksPerSecond = 10'000'000;
    std::int64_t ticks = 0;
    bool timePart = false;
    while (i < text.size()) {
        if (text[i] == 'T') {
            timePart = true;
            ++i;
            continue;
        }
        std::int64_t whole = 0;
        std::int64_t fraction = 0; // in ticks, for seconds only
        std::size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
            whole = whole * 10 + (text[i++] - '0');
        if (i < text.size() && text[i] == '.') {
            ++i;
            std::int64_t scale = kTicksPerSecond / 10;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
                fraction += (text[i++] - '0') * scale;
                scale /= 10;
            }
        }
        if (i == start || i >= text.size()) return std::nullopt;
        char unit = text[i++];
        std::int64_t seconds = 0;
        if (!timePart && unit == 'Y') seconds = whole * 365 * 86400;
        else if (!timePart && unit == 'M') seconds = whole * 30 * 86400;
        else if (!timePart && unit == 'D') seconds = whole * 86400;
        else if (timePart && unit == 'H') seconds = whole * 3600;
        else if (timePart && unit == 'M') seconds = whole * 60;
        else if (timePart && unit == 'S') seconds = whole;
        else return std::nullopt;
        if (fraction != 0 && unit != 'S') return std::nullopt;
        ticks += seconds * kTicksPerSecond + fraction;
    }
    std::int64_t totalSeconds = ticks / kTicksPerSecond;
    std::int64_t rest = ticks % kTicksPerSecond;
    std::int64_t days = totalSeconds / 86400;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(totalSeconds / 3600 % 24),
                  static_cast<long long>(totalSeconds / 60 % 60), static_cast<long long>(totalSeconds % 60));
    std::string out = negative && ticks != 0 ? "-" : "";
    if (days != 0) out += std::to_string(days) + ".";
    out += buf;
    if (rest != 0) {
        std::snprintf(buf, sizeof buf, ".%07lld", static_cast<long long>(rest));
        out += buf;
    }
    return out;
}

/// The datatype the metamodel gives a supplemental property of `e` (through its co-types).
std::string supplementalDatatype(const ir::Element& e, const std::string& property) {
    const auto& mm = metamodel::Metamodel::get();
    for (const std::string& t : e.extras->supplementalTypes)
        for (const metamodel::PropertyRule* r : mm.propertiesOf(t))
            if (r->iri == property) return r->datatype;
    return {};
}

} // namespace

ModelView::ModelView(const ir::Model& model) : model_(model) {
    const auto& elements = model.elements();
    for (std::uint32_t i = 0; i < elements.size(); ++i) {
        const ir::Element& e = elements[i];
        ir::forEachRef(e, [&](const ir::Ref& r) {
            if (!r.inlineDefinition) return;
            if (auto t = target(r)) parent_.emplace(t->index, i);
        });
        if (const auto* iface = std::get_if<ir::Interface>(&e.body)) {
            for (const ir::Ref& r : iface->extends) {
                if (auto t = target(r)) extendedBy_[t->index].push_back(e.id);
            }
        }
    }
}

std::string ModelView::dtdlClass(const ir::Element& e) const {
    std::string name(ir::className(e.body));
    if (e.is<ir::PrimitiveSchema>() && !name.empty()) {
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    }
    // Class DTMIs such as dtmi:dtdl:class:Unit;2 are named by their term.
    if (name.rfind("dtmi:", 0) == 0) {
        std::string term = name.substr(name.rfind(':') + 1);
        if (auto semi = term.find(';'); semi != std::string::npos) term.resize(semi);
        name = term;
    }
    return name;
}

std::optional<ir::ElementId> ModelView::target(const ir::Ref& r) const { return model_.targetOf(r); }

std::string ModelView::refId(const ir::Ref& r) const {
    if (auto t = target(r)) return model_[*t].id;
    return r.target;
}

JsonValue ModelView::refList(const std::vector<ir::Ref>& refs) const {
    JsonValue a = JsonValue::array();
    for (const ir::Ref& r : refs) a.items.push_back(JsonValue::string(refId(r)));
    return a;
}

void ModelView::collectContents(const ir::Element& iface, std::vector<const ir::Element*>& out,
                                std::vector<std::uint32_t>& seen) const {
    const auto* body = std::get_if<ir::Interface>(&iface.body);
    if (!body) return;
    for (const ir::Ref& r : body->contents) {
        if (auto t = target(r)) out.push_back(&model_[*t]);
    }
    for (const ir::Ref& r : body->extends) {
        auto t = target(r);
        if (!t || std::find(seen.begin(), seen.end(), t->index) != seen.end()) continue;
        seen.push_back(t->index);
        collectContents(model_[*t], out, seen);
    }
}

// DTDLParser's InterfaceInfo.Contents holds the interface's own and inherited contents, keyed by
// name; Telemetries, Properties, ... are the same filtered by class.
JsonValue ModelView::contentMap(const ir::Element& iface, std::string_view onlyClass) const {
    std::vector<const ir::Element*> contents;
    std::vector<std::uint32_t> seen;
    collectContents(iface, contents, seen);
    JsonValue o = JsonValue::object();
    for (const ir::Element* c : contents) {
        if (!onlyClass.empty() && ir::className(c->body) != onlyClass) continue;
        std::string name = c->name.value_or("");
        if (o.find(name)) continue;
        o.members.emplace_back(name, JsonValue::string(c->id));
    }
    return o;
}

JsonValue ModelView::propertyValue(const ir::PropertyValue& p) const {
    if (!p.json.empty()) {
        std::string error;
        if (auto v = parseJson(p.json, error)) return *v;
        return JsonValue::string(p.json);
    }
    std::vector<JsonValue> values;
    for (const ir::Ref& r : p.refs) values.push_back(JsonValue::string(refId(r)));
    for (const ir::Literal& l : p.literals) values.push_back(literal(l));
    for (const ir::LangString& s : p.langStrings) values.push_back(langMap(s));
    if (values.size() == 1) return values.front();
    JsonValue a = JsonValue::array();
    a.items = std::move(values);
    return a;
}

JsonValue ModelView::supplementalTypes(const ir::Element& e) const {
    JsonValue a = JsonValue::array();
    for (const std::string& t : e.extras->supplementalTypes) a.items.push_back(JsonValue::string(t));
    return a;
}

JsonValue ModelView::undefinedTypes(const ir::Element& e) const {
    JsonValue a = JsonValue::array();
    for (const std::string& t : e.extras->undefinedTypes) a.items.push_back(JsonValue::string(t));
    return a;
}

JsonValue ModelView::supplementalProperties(const ir::Element& e) const {
    JsonValue o = JsonValue::object();
    for (const ir::PropertyValue& p : e.extras->supplementalProperties) {
        JsonValue v = propertyValue(p);
        // DTDLParser holds xsd:duration values as TimeSpans (the MQTT extension's Cacheable ttl).
        if (v.kind == JsonValue::Kind::String && supplementalDatatype(e, p.property) == "xsd:duration")
            if (auto span = dotnetTimeSpan(v.text)) v = JsonValue::string(*span);
        o.members.emplace_back(p.property.empty() ? p.term : p.property, std::move(v));
    }
    return o;
}

JsonValue ModelView::undefinedProperties(const ir::Element& e) const {
    JsonValue o = JsonValue::object();
    for (const ir::PropertyValue& p : e.extras->undefinedProperties)
        o.members.emplace_back(p.property.empty() ? p.term : p.property, propertyValue(p));
    return o;
}

std::optional<JsonValue> ModelView::property(const ir::Element& e, std::string_view name,
                                             std::string& why) const {
    // Properties every element has.
    if (name == "name") return optString(e.name);
    if (name == "displayName") return langMap(e.displayName);
    if (name == "description") return langMap(e.description);
    if (name == "comment") return optString(e.extras->comment);
    if (name == "languageMajorVersion") return JsonValue::number(std::to_string(e.languageVersion));
    if (name == "definedIn") {
        // The nearest enclosing Interface.
        auto self = e.self.index;
        auto it = parent_.find(self);
        while (it != parent_.end()) {
            const ir::Element& p = model_.elements()[it->second];
            if (p.is<ir::Interface>()) return JsonValue::string(p.id);
            it = parent_.find(it->second);
        }
        return JsonValue{};
    }

    auto ref = [&](const ir::Ref& r) { return JsonValue::string(refId(r)); };
    auto optRef = [&](const std::optional<ir::Ref>& r) { return r ? ref(*r) : JsonValue{}; };
    auto boolOr = [](std::optional<bool> b) { return JsonValue::boolValue(b.value_or(false)); };
    auto optLiteral = [](const std::optional<ir::Literal>& l) { return l ? literal(*l) : JsonValue{}; };

    std::optional<JsonValue> out;
    ir::visitBody(
        e.body,
        [&](const auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, ir::Interface>) {
                if (name == "extends") out = refList(b.extends);
                else if (name == "schemas") out = refList(b.schemas);
                else if (name == "contents") out = contentMap(e, "");
                else if (name == "telemetries") out = contentMap(e, "Telemetry");
                else if (name == "properties") out = contentMap(e, "Property");
                else if (name == "commands") out = contentMap(e, "Command");
                else if (name == "relationships") out = contentMap(e, "Relationship");
                else if (name == "components") out = contentMap(e, "Component");
                else if (name == "extendedBy") {
                    JsonValue a = JsonValue::array();
                    auto self = e.self.index;
                    if (auto it = extendedBy_.find(self); it != extendedBy_.end())
                        for (const std::string& s : it->second) a.items.push_back(JsonValue::string(s));
                    out = std::move(a);
                }
            } else if constexpr (std::is_same_v<T, ir::Telemetry> || std::is_same_v<T, ir::Component> ||
                                 std::is_same_v<T, ir::MapKey> || std::is_same_v<T, ir::MapValue> ||
                                 std::is_same_v<T, ir::Field>) {
                if (name == "schema") out = ref(b.schema);
            } else if constexpr (std::is_same_v<T, ir::Property>) {
                if (name == "schema") out = ref(b.schema);
                else if (name == "writable") out = boolOr(b.writable);
            } else if constexpr (std::is_same_v<T, ir::Command>) {
                if (name == "request") out = optRef(b.request);
                else if (name == "response") out = optRef(b.response);
                else if (name == "commandType") out = optRef(b.commandType);
            } else if constexpr (std::is_same_v<T, ir::CommandPayload>) {
                if (name == "schema") out = ref(b.schema);
                else if (name == "nullable") out = boolOr(b.nullable);
            } else if constexpr (std::is_same_v<T, ir::Relationship>) {
                if (name == "minMultiplicity") out = optLiteral(b.minMultiplicity);
                else if (name == "maxMultiplicity") out = optLiteral(b.maxMultiplicity);
                else if (name == "target") out = optRef(b.target);
                else if (name == "properties") out = refList(b.properties);
                else if (name == "writable") out = boolOr(b.writable);
            } else if constexpr (std::is_same_v<T, ir::ArraySchema>) {
                if (name == "elementSchema") out = ref(b.elementSchema);
            } else if constexpr (std::is_same_v<T, ir::EnumSchema>) {
                if (name == "valueSchema") out = ref(b.valueSchema);
                else if (name == "enumValues") out = refList(b.enumValues);
            } else if constexpr (std::is_same_v<T, ir::EnumValue>) {
                if (name == "enumValue") out = literal(b.enumValue);
            } else if constexpr (std::is_same_v<T, ir::MapSchema>) {
                if (name == "mapKey") out = ref(b.mapKey);
                else if (name == "mapValue") out = ref(b.mapValue);
            } else if constexpr (std::is_same_v<T, ir::ObjectSchema>) {
                if (name == "fields") out = refList(b.fields);
            }
        });
    if (!out) why = "the runner cannot read property '" + std::string(name) + "' of a " + dtdlClass(e);
    return out;
}

} // namespace dtc::conformance
