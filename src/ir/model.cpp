#include "ir/model.h"

#include <array>
#include <charconv>
#include <cmath>

namespace dtc::ir {

std::string_view formatName(SourceFormat f) {
    switch (f) {
    case SourceFormat::Dtdl: return "dtdl";
    case SourceFormat::Twin: return "twin";
    case SourceFormat::NgsiLd: return "ngsi-ld";
    case SourceFormat::OneM2M: return "onem2m";
    case SourceFormat::Standard: return "standard";
    case SourceFormat::Synthesized: return "synthesized";
    }
    return "?";
}

Literal Literal::string(std::string s) {
    Literal l;
    l.kind = Kind::String;
    l.lexical = std::move(s);
    return l;
}

Literal Literal::integerValue(std::int64_t v, std::string lexical) {
    Literal l;
    l.kind = Kind::Integer;
    l.integer = v;
    l.number = static_cast<double>(v);
    l.lexical = lexical.empty() ? std::to_string(v) : std::move(lexical);
    return l;
}

Literal Literal::doubleValue(double v, std::string lexical) {
    Literal l;
    l.kind = Kind::Double;
    l.number = v;
    l.lexical = std::move(lexical);
    return l;
}

std::string dotNetNumberText(double v) {
    if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    std::string out(buf, ec == std::errc() ? end : buf);
    for (char& c : out)
        if (c == 'e') c = 'E';
    return out;
}

Literal Literal::booleanValue(bool b) {
    Literal l;
    l.kind = Kind::Boolean;
    l.boolean = b;
    l.lexical = b ? "true" : "false";
    return l;
}

std::string_view LangString::best(std::string_view lang) const {
    for (const auto& [l, t] : values)
        if (l == lang) return t;
    for (const auto& [l, t] : values)
        if (l == "en") return t;
    return values.empty() ? std::string_view{} : std::string_view(values.front().second);
}

namespace {
struct PrimitiveInfo {
    Primitive kind;
    std::string_view name;
};
constexpr std::array kPrimitives{
    PrimitiveInfo{Primitive::Boolean, "boolean"},
    PrimitiveInfo{Primitive::Date, "date"},
    PrimitiveInfo{Primitive::DateTime, "dateTime"},
    PrimitiveInfo{Primitive::Double, "double"},
    PrimitiveInfo{Primitive::Duration, "duration"},
    PrimitiveInfo{Primitive::Float, "float"},
    PrimitiveInfo{Primitive::Integer, "integer"},
    PrimitiveInfo{Primitive::Long, "long"},
    PrimitiveInfo{Primitive::String, "string"},
    PrimitiveInfo{Primitive::Time, "time"},
    PrimitiveInfo{Primitive::Byte, "byte"},
    PrimitiveInfo{Primitive::Bytes, "bytes"},
    PrimitiveInfo{Primitive::Decimal, "decimal"},
    PrimitiveInfo{Primitive::Short, "short"},
    PrimitiveInfo{Primitive::Uuid, "uuid"},
    PrimitiveInfo{Primitive::UnsignedByte, "unsignedByte"},
    PrimitiveInfo{Primitive::UnsignedShort, "unsignedShort"},
    PrimitiveInfo{Primitive::UnsignedInteger, "unsignedInteger"},
    PrimitiveInfo{Primitive::UnsignedLong, "unsignedLong"},
};
} // namespace

std::string_view primitiveName(Primitive p) {
    for (const auto& i : kPrimitives)
        if (i.kind == p) return i.name;
    return "?";
}

std::optional<Primitive> primitiveFromName(std::string_view name) {
    for (const auto& i : kPrimitives)
        if (i.name == name) return i.kind;
    return std::nullopt;
}

std::string_view className(const Body& body) {
    struct Visitor {
        std::string_view operator()(const Interface&) const { return "Interface"; }
        std::string_view operator()(const Telemetry&) const { return "Telemetry"; }
        std::string_view operator()(const Property&) const { return "Property"; }
        std::string_view operator()(const Command&) const { return "Command"; }
        std::string_view operator()(const CommandPayload& p) const {
            switch (p.role) {
            case CommandPayload::Role::Request: return "CommandRequest";
            case CommandPayload::Role::Response: return "CommandResponse";
            case CommandPayload::Role::Payload: break;
            }
            return "CommandPayload";
        }
        std::string_view operator()(const Relationship&) const { return "Relationship"; }
        std::string_view operator()(const Component&) const { return "Component"; }
        std::string_view operator()(const ArraySchema&) const { return "Array"; }
        std::string_view operator()(const EnumSchema&) const { return "Enum"; }
        std::string_view operator()(const EnumValue&) const { return "EnumValue"; }
        std::string_view operator()(const MapSchema&) const { return "Map"; }
        std::string_view operator()(const MapKey&) const { return "MapKey"; }
        std::string_view operator()(const MapValue&) const { return "MapValue"; }
        std::string_view operator()(const ObjectSchema&) const { return "Object"; }
        std::string_view operator()(const Field&) const { return "Field"; }
        std::string_view operator()(const PrimitiveSchema& p) const { return primitiveName(p.kind); }
        std::string_view operator()(const ExtensionElement& e) const {
            return e.classes.empty() ? std::string_view("Entity") : std::string_view(e.classes.front());
        }
    };
    return std::visit(Visitor{}, body);
}

ElementId Model::add(Element element, bool* added) {
    // One hash lookup for both the duplicate check and the insertion.
    auto [it, inserted] =
        byId_.try_emplace(element.id, ElementId{static_cast<std::uint32_t>(elements_.size())});
    if (added) *added = inserted;
    if (inserted) elements_.push_back(std::move(element));
    return it->second;
}

std::optional<ElementId> Model::find(std::string_view id) const {
    auto it = byId_.find(std::string(id));
    if (it == byId_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> Model::resolveReferences() {
    std::vector<std::string> missing;
    std::unordered_map<std::string, bool> reported;
    for (auto& e : elements_) {
        forEachRef(e, [&](Ref& r) {
            auto it = byId_.find(r.target);
            if (it != byId_.end()) {
                r.resolved = it->second;
            } else if (r.dependent && reported.emplace(r.target, true).second) {
                missing.push_back(r.target);
            }
        });
    }
    return missing;
}

std::size_t Model::interfaceCount() const {
    std::size_t n = 0;
    for (const auto& e : elements_) n += e.is<Interface>() ? 1 : 0;
    return n;
}

} // namespace dtc::ir
