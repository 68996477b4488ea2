// Instance validation: does a JSON value conform to a DTDL schema? (contract in validator.h)
//
// The rules follow DTDLParser's `ValidateInstance` (DTDL v2-v4 "Schema" sections), as pinned
// down by the `instances` checks of ../shared/conformance/dtdl/generated:
//   - primitives: see detail/lexical.h (numbers are judged on their lexical form);
//   - Array: a JSON array whose every element conforms to elementSchema;
//   - Enum: a value of the valueSchema that equals one of the enumValues;
//   - Map: a JSON object whose every member value conforms to the mapValue schema (keys are
//     strings, the only MapKey schema DTDL allows);
//   - Object: a JSON object whose every member names a field and conforms to its schema;
//     fields may be absent, other members may not; null is never a value;
//   - EnumValue: the value equals the enumValue;
//   - anything else (Interface, Property, Telemetry, Command, CommandPayload, Relationship,
//     Component, Field, MapKey, MapValue, extension elements) cannot validate an instance: the
//     reference throws, we set `failed`.
#include "ir/phrase.h"
#include "validator/detail/lexical.h"
#include "validator/validator.h"

#include <algorithm>
#include <optional>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <string>
#include <utility>
#include <vector>

namespace dtc::validator {

namespace {

// ---- a small JSON tree that keeps numbers as written ------------------------------------------

struct JsonMember;

struct Json {
    enum class Kind : std::uint8_t { Null, Boolean, Number, String, Array, Object };
    Kind kind = Kind::Null;
    bool boolean = false;
    std::string text; ///< a string's value or a number's lexical form
    std::vector<Json> items;
    // NOTE(dtc): a named struct, not std::pair<std::string, Json>: a pair of the incomplete
    // Json type is rejected by clang with libstdc++ (vector of an incomplete type is fine).
    std::vector<JsonMember> members;
};

struct JsonMember {
    std::string first;
    Json second;
};

// NOTE(dtc): .NET's JsonDocument (the reference) refuses nesting deeper than 64. A conforming
// instance is never that deep (DTDL bounds schema depth), and the bound keeps recursion here and
// in ~Json shallow whatever the input.
constexpr std::size_t kMaxJsonDepth = 64;

class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
public:
    bool Null() { return add(Json{}); }
    bool Bool(bool b) {
        Json j;
        j.kind = Json::Kind::Boolean;
        j.boolean = b;
        return add(std::move(j));
    }
    bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
        Json j;
        j.kind = Json::Kind::Number;
        j.text.assign(s, n);
        return add(std::move(j));
    }
    bool String(const char* s, rapidjson::SizeType n, bool) {
        Json j;
        j.kind = Json::Kind::String;
        j.text.assign(s, n);
        return add(std::move(j));
    }
    bool StartObject() { return open(Json::Kind::Object); }
    bool Key(const char* s, rapidjson::SizeType n, bool) {
        keys_.back().assign(s, n);
        return true;
    }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool StartArray() { return open(Json::Kind::Array); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    bool tooDeep() const { return tooDeep_; }
    Json takeRoot() { return std::move(root_); }

private:
    bool add(Json v) {
        if (stack_.empty()) {
            root_ = std::move(v);
        } else if (stack_.back().kind == Json::Kind::Array) {
            stack_.back().items.push_back(std::move(v));
        } else {
            stack_.back().members.push_back(JsonMember{std::move(keys_.back()), std::move(v)});
        }
        return true;
    }
    bool open(Json::Kind k) {
        if (stack_.size() >= kMaxJsonDepth) {
            tooDeep_ = true;
            return false;
        }
        Json j;
        j.kind = k;
        stack_.push_back(std::move(j));
        keys_.emplace_back();
        return true;
    }
    bool close() {
        Json j = std::move(stack_.back());
        stack_.pop_back();
        keys_.pop_back();
        return add(std::move(j));
    }

    std::vector<Json> stack_;
    std::vector<std::string> keys_;
    Json root_;
    bool tooDeep_ = false;
};

/// Parses JSON text strictly (RFC 8259: no comments, NaN, trailing commas; valid UTF-8).
/// On failure returns std::nullopt and sets `error` to the violation to report.
std::optional<Json> parseJson(std::string_view text, std::string& error) {
    // NOTE(dtc): RapidJSON reads '\0' as end of input; a NUL byte is never valid JSON text
    // (raw control characters are not allowed in strings either), so reject it up front.
    if (text.find('\0') != std::string_view::npos) {
        error = "the text is not valid JSON: it contains a NUL character";
        return std::nullopt;
    }
    constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                                rapidjson::kParseNumbersAsStringsFlag |
                                rapidjson::kParseValidateEncodingFlag;
    rapidjson::Reader reader;
    rapidjson::MemoryStream ms(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> is(ms);
    TreeBuilder builder;
    const rapidjson::ParseResult ok = reader.Parse<kFlags>(is, builder);
    if (!ok && ok.Code() == rapidjson::kParseErrorNumberTooBig && !builder.tooDeep()) {
        // Valid JSON (RFC 8259 sets no limit), but past a double's range: every DTDL number
        // schema refuses it (as the conformance cases DoubleInstances* refuse
        // 1.79769313486233E+308), and no other schema takes a number.
        const std::size_t end = std::min(text.find_first_of(",]} \t\r\n", ok.Offset()), ok.Offset() + 40);
        error = "the number " + std::string(text.substr(ok.Offset(), end - ok.Offset())) + " (at offset " +
                std::to_string(ok.Offset()) + ") is past the range of a double, which every DTDL number schema refuses";
        return std::nullopt;
    }
    if (!ok) {
        error = "the text is not valid JSON: " +
                (builder.tooDeep() ? "the text nests arrays and objects deeper than " + std::to_string(kMaxJsonDepth) +
                                         " levels"
                                   : std::string(rapidjson::GetParseError_En(ok.Code())) + " (at offset " +
                                         std::to_string(ok.Offset()) + ")");
        return std::nullopt;
    }
    return builder.takeRoot();
}

std::string describe(const Json& v) {
    switch (v.kind) {
    case Json::Kind::Null:
        return "null";
    case Json::Kind::Boolean:
        return v.boolean ? "true" : "false";
    case Json::Kind::Number:
        return v.text;
    case Json::Kind::String: {
        if (v.text.size() <= 64)
            return "\"" + v.text + "\"";
        // Cut on a UTF-8 sequence boundary: messages must stay valid UTF-8.
        std::size_t cut = 64;
        while (cut > 0 && (static_cast<unsigned char>(v.text[cut]) & 0xC0) == 0x80)
            --cut;
        return "\"" + v.text.substr(0, cut) + "...\"";
    }
    case Json::Kind::Array:
        return "an array";
    case Json::Kind::Object:
        return "an object";
    }
    return "?";
}

// ---- standard schemas identified by name ------------------------------------------------------

/// A standard schema that instance validation knows by its identifier, whatever body the
/// front end gives its element (DTDL v2-v4 "Geospatial schemas", DTDL v4 "Scaled decimal").
/// Their rules are those of the reference's own definitions: Objects whose fields are
/// optional, "type" an Enum of the one GeoJSON type name, "coordinates" nested Arrays of double.
struct StandardSchema {
    std::string_view name;        ///< the path segment after the prefix
    std::string_view geoJsonType; ///< "" for helper arrays and scaledDecimal
    int coordinateDepth;          ///< nesting of arrays of double (0: not geospatial)
    bool object;                  ///< an Object (point, ...) rather than a bare coordinate array
};

constexpr std::string_view kGeospatialPrefix = "dtmi:standard:schema:geospatial:";
constexpr std::string_view kScaledDecimalPrefix = "dtmi:standard:schema:scaledDecimal;";

constexpr StandardSchema kGeospatial[] = {
    {"point", "Point", 1, true},
    {"multiPoint", "MultiPoint", 2, true},
    {"lineString", "LineString", 2, true},
    {"multiLineString", "MultiLineString", 3, true},
    {"polygon", "Polygon", 3, true},
    {"multiPolygon", "MultiPolygon", 4, true},
    // helper Arrays of the reference's definitions
    {"position", "", 1, false},
    {"positionArray", "", 2, false},
    {"lineStringCoordinateArray", "", 2, false},
    {"linearRingCoordinateArray", "", 2, false},
    {"polygonCoordinateArray", "", 3, false},
    {"lineStringCoordinateArrayArray", "", 3, false},
    {"polygonCoordinateArrayArray", "", 4, false},
};

std::optional<StandardSchema> geospatialSchema(std::string_view id) {
    if (!id.starts_with(kGeospatialPrefix))
        return std::nullopt;
    id.remove_prefix(kGeospatialPrefix.size());
    const auto semi = id.find(';');
    if (semi == std::string_view::npos)
        return std::nullopt;
    const std::string_view name = id.substr(0, semi);
    for (const auto& g : kGeospatial)
        if (g.name == name)
            return g;
    return std::nullopt;
}

// ---- the validator ---------------------------------------------------------------------------

class InstanceValidator {
public:
    explicit InstanceValidator(const ir::Model& model) : model_(model) {}

    /// Validates v against the schema element `schema` at `path`. Returns false on violation.
    bool validate(ir::ElementId schema, const Json& v, const std::string& path) {
        if (failed_)
            return false;
        const ir::Element& e = model_[schema];
        if (const auto g = geospatialSchema(e.id))
            return geospatial(*g, v, path);
        if (e.id.starts_with(kScaledDecimalPrefix))
            return scaledDecimal(v, path);
        return ir::visitBody(
            e.body,
            [&](const auto& body) -> bool {
                using T = std::decay_t<decltype(body)>;
                if constexpr (std::is_same_v<T, ir::PrimitiveSchema>) {
                    return primitive(body.kind, v, path);
                } else if constexpr (std::is_same_v<T, ir::ArraySchema>) {
                    return array(body, v, path);
                } else if constexpr (std::is_same_v<T, ir::EnumSchema>) {
                    return enumeration(body, v, path);
                } else if constexpr (std::is_same_v<T, ir::MapSchema>) {
                    return map(body, v, path);
                } else if constexpr (std::is_same_v<T, ir::ObjectSchema>) {
                    return object(body, v, path);
                } else if constexpr (std::is_same_v<T, ir::EnumValue>) {
                    if (literalEquals(body.enumValue, v))
                        return true;
                    return violation(path, describe(v) + " is not the value " +
                                               body.enumValue.lexical + " of '" + e.id + "'");
                } else {
                    return fail("validation is not meaningful for '" + e.id + "', which is " +
                                ir::withArticle(ir::className(e.body)) + ", not a schema");
                }
            });
    }

    bool failed() const { return failed_; }
    std::string takeFailure() { return std::move(failure_); }
    std::vector<std::string> takeViolations() { return std::move(violations_); }

private:
    bool violation(const std::string& path, std::string what) {
        violations_.push_back(path + ": " + std::move(what));
        return false;
    }
    bool fail(std::string why) {
        if (!failed_)
            failure_ = std::move(why);
        failed_ = true;
        return false;
    }

    /// The element a Ref points at; sets `failed` when it cannot be found.
    std::optional<ir::ElementId> target(const ir::Ref& r) {
        if (auto id = model_.targetOf(r))
            return id;
        fail("the model is incomplete: '" + r.target + "' is not defined");
        return std::nullopt;
    }

    bool primitive(ir::Primitive p, const Json& v, const std::string& path) {
        using ir::Primitive;
        bool ok = false;
        switch (p) {
        case Primitive::Boolean:
            ok = v.kind == Json::Kind::Boolean;
            break;
        case Primitive::Byte:
        case Primitive::Short:
        case Primitive::Integer:
        case Primitive::Long:
        case Primitive::UnsignedByte:
        case Primitive::UnsignedShort:
        case Primitive::UnsignedInteger:
        case Primitive::UnsignedLong:
        case Primitive::Float:
        case Primitive::Double:
            ok = v.kind == Json::Kind::Number && lexical::numberConforms(p, v.text);
            break;
        case Primitive::Date:
        case Primitive::DateTime:
        case Primitive::Duration:
        case Primitive::String:
        case Primitive::Time:
        case Primitive::Bytes:
        case Primitive::Decimal:
        case Primitive::Uuid:
            ok = v.kind == Json::Kind::String && lexical::stringConforms(p, v.text);
            break;
        }
        if (ok)
            return true;
        return violation(path, describe(v) + " is not a valid '" +
                                   std::string(ir::primitiveName(p)) + "' value");
    }

    bool array(const ir::ArraySchema& a, const Json& v, const std::string& path) {
        if (v.kind != Json::Kind::Array)
            return violation(path, describe(v) + " is not a JSON array");
        const auto element = target(a.elementSchema);
        if (!element)
            return false;
        bool ok = true;
        for (std::size_t i = 0; i < v.items.size() && !failed_; ++i)
            ok = validate(*element, v.items[i], path + "[" + std::to_string(i) + "]") && ok;
        return ok;
    }

    bool enumeration(const ir::EnumSchema& en, const Json& v, const std::string& path) {
        const auto vs = target(en.valueSchema);
        if (!vs)
            return false;
        if (!validate(*vs, v, path))
            return false;
        for (const auto& r : en.enumValues) {
            const auto ev = target(r);
            if (!ev)
                return false;
            const ir::Element& e = model_[*ev];
            if (e.is<ir::EnumValue>() && literalEquals(e.as<ir::EnumValue>().enumValue, v))
                return true;
        }
        return violation(path, describe(v) + " does not match any value of the Enum");
    }

    bool map(const ir::MapSchema& m, const Json& v, const std::string& path) {
        if (v.kind != Json::Kind::Object)
            return violation(path, describe(v) + " is not a JSON object");
        const auto key = target(m.mapKey);
        const auto value = target(m.mapValue);
        if (!key || !value)
            return false;
        const ir::Element& mv = model_[*value];
        if (!mv.is<ir::MapValue>())
            return fail("'" + mv.id + "' is not a MapValue");
        const auto valueSchema = target(mv.as<ir::MapValue>().schema);
        if (!valueSchema)
            return false;
        // NOTE(dtc): DTDL requires MapKey schema string, and every JSON member name is a
        // string, so keys need no check.
        bool ok = true;
        for (const auto& [name, member] : v.members) {
            if (failed_)
                break;
            ok = validate(*valueSchema, member, path + "." + name) && ok;
        }
        return ok;
    }

    bool object(const ir::ObjectSchema& o, const Json& v, const std::string& path) {
        if (v.kind != Json::Kind::Object)
            return violation(path, describe(v) + " is not a JSON object");
        bool ok = true;
        for (const auto& [name, member] : v.members) {
            if (failed_)
                break;
            std::optional<ir::ElementId> fieldSchema;
            for (const auto& r : o.fields) {
                const auto f = target(r);
                if (!f)
                    return false;
                const ir::Element& fe = model_[*f];
                if (fe.name == name && fe.is<ir::Field>()) {
                    fieldSchema = target(fe.as<ir::Field>().schema);
                    if (!fieldSchema)
                        return false;
                    break;
                }
            }
            if (!fieldSchema) {
                ok =
                    violation(path, "member '" + name + "' does not match any field of the Object");
                continue;
            }
            ok = validate(*fieldSchema, member, path + "." + name) && ok;
        }
        return ok;
    }

    bool coordinates(int depth, const Json& v, const std::string& path) {
        if (v.kind != Json::Kind::Array)
            return violation(path, describe(v) + " is not a JSON array");
        bool ok = true;
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            const std::string p = path + "[" + std::to_string(i) + "]";
            ok = (depth > 1 ? coordinates(depth - 1, v.items[i], p)
                            : primitive(ir::Primitive::Double, v.items[i], p)) &&
                 ok;
        }
        return ok;
    }

    bool geospatial(const StandardSchema& g, const Json& v, const std::string& path) {
        if (!g.object)
            return coordinates(g.coordinateDepth, v, path);
        if (v.kind != Json::Kind::Object)
            return violation(path, describe(v) + " is not a JSON object");
        bool ok = true;
        for (const auto& [name, member] : v.members) {
            const std::string p = path + "." + name;
            if (name == "type") {
                if (member.kind != Json::Kind::String || member.text != g.geoJsonType)
                    ok = violation(p, describe(member) + " is not \"" + std::string(g.geoJsonType) +
                                          "\"");
            } else if (name == "coordinates") {
                ok = coordinates(g.coordinateDepth, member, p) && ok;
            } else {
                ok =
                    violation(path, "member '" + name + "' does not match any field of the Object");
            }
        }
        return ok;
    }

    bool scaledDecimal(const Json& v, const std::string& path) {
        if (v.kind != Json::Kind::Object)
            return violation(path, describe(v) + " is not a JSON object");
        bool ok = true;
        for (const auto& [name, member] : v.members) {
            const std::string p = path + "." + name;
            if (name == "value")
                ok = primitive(ir::Primitive::Decimal, member, p) && ok;
            else if (name == "scale")
                ok = primitive(ir::Primitive::Short, member, p) && ok;
            else
                ok =
                    violation(path, "member '" + name + "' does not match any field of the Object");
        }
        return ok;
    }

    /// True when the JSON value is the literal (same JSON type and value).
    static bool literalEquals(const ir::Literal& lit, const Json& v) {
        switch (lit.kind) {
        case ir::Literal::Kind::String:
            return v.kind == Json::Kind::String && v.text == lit.lexical;
        case ir::Literal::Kind::Boolean:
            return v.kind == Json::Kind::Boolean && v.boolean == lit.boolean;
        case ir::Literal::Kind::Integer:
            return v.kind == Json::Kind::Number &&
                   lexical::isIntegerInRange(v.text, lit.integer, lit.integer);
        case ir::Literal::Kind::Double: {
            if (v.kind != Json::Kind::Number)
                return false;
            const auto d = lexical::finiteDouble(v.text);
            return d && *d == lit.number;
        }
        }
        return false;
    }

    const ir::Model& model_;
    std::vector<std::string> violations_;
    bool failed_ = false;
    std::string failure_;
};

} // namespace

InstanceResult validateInstance(const ir::Model& model, ir::ElementId subject,
                                std::string_view json) {
    InstanceResult r;
    if (!subject.valid() || subject.index >= model.size()) {
        r.failed = true;
        r.failure = "the subject is not an element of the model";
        return r;
    }
    InstanceValidator v(model);
    std::string error;
    const std::optional<Json> value = parseJson(json, error);
    if (!value) {
        // The subject must still be able to validate: the reference throws for a Property
        // whatever the text. Probe with a value that reaches no nested schema.
        (void)v.validate(subject, Json{}, "$");
        if (v.failed()) {
            r.failed = true;
            r.failure = v.takeFailure();
            return r;
        }
        r.violations.push_back(error);
        return r;
    }
    const bool ok = v.validate(subject, *value, "$");
    if (v.failed()) {
        r.failed = true;
        r.failure = v.takeFailure();
        return r;
    }
    r.conforms = ok;
    if (!ok)
        r.violations = v.takeViolations();
    return r;
}

std::optional<ir::ElementId> instanceSchemaOf(const ir::Model& model, ir::ElementId element) {
    if (!element.valid() || element.index >= model.size())
        return std::nullopt;
    const ir::Element& e = model[element];
    auto resolve = [&](const ir::Ref& r) { return model.targetOf(r); };
    return ir::visitBody(
        e.body,
        [&](const auto& b) -> std::optional<ir::ElementId> {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, ir::PrimitiveSchema> ||
                          std::is_same_v<T, ir::ArraySchema> || std::is_same_v<T, ir::EnumSchema> ||
                          std::is_same_v<T, ir::MapSchema> || std::is_same_v<T, ir::ObjectSchema> ||
                          std::is_same_v<T, ir::EnumValue>) {
                return element;
            } else if constexpr (std::is_same_v<T, ir::Property> ||
                                 std::is_same_v<T, ir::Telemetry> || std::is_same_v<T, ir::Field> ||
                                 std::is_same_v<T, ir::CommandPayload> ||
                                 std::is_same_v<T, ir::MapValue>) {
                return resolve(b.schema);
            } else {
                if (geospatialSchema(e.id) || e.id.starts_with(kScaledDecimalPrefix))
                    return element;
                return std::nullopt;
            }
        });
}

} // namespace dtc::validator
