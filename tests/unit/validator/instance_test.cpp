// Unit tests for instance validation (validator::validateInstance) and its lexical helpers,
// on models built in memory; plus every official `instances` check of
// ../shared/conformance/dtdl/generated run on a hand-built model of the cases' schemas, so the
// rules are verified against the reference before the DTDL front end exists.
#include "ir/model.h"
#include "validator/detail/lexical.h"
#include "support/conformance_cases.h"
#include "validator/validator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace dtc::validator {
namespace {

using ir::ElementId;
using ir::Primitive;

// ---- building models in memory ---------------------------------------------------------------

ir::Ref ref(std::string target) {
    ir::Ref r;
    r.target = std::move(target);
    return r;
}

// NOTE(dtc): bodies are built by assignment, not aggregate initialisation, so that a member added
// to an IR struct later does not break these tests (-Wmissing-field-initializers).
template <class T> T withSchema(const std::string& target) {
    T t{};
    t.schema = ref(target);
    return t;
}

ir::ExtensionElement extension(std::vector<std::string> classes) {
    ir::ExtensionElement e{};
    e.classes = std::move(classes);
    return e;
}

constexpr Primitive kAllPrimitives[] = {
    Primitive::Boolean,      Primitive::Date,          Primitive::DateTime,
    Primitive::Double,       Primitive::Duration,      Primitive::Float,
    Primitive::Integer,      Primitive::Long,          Primitive::String,
    Primitive::Time,         Primitive::Byte,          Primitive::Bytes,
    Primitive::Decimal,      Primitive::Short,         Primitive::Uuid,
    Primitive::UnsignedByte, Primitive::UnsignedShort, Primitive::UnsignedInteger,
    Primitive::UnsignedLong};

bool isV4Primitive(Primitive p) {
    return p >= Primitive::Byte;
}

/// The identifier DTDL gives the standard element of a primitive schema.
std::string primitiveId(Primitive p) {
    return "dtmi:dtdl:instance:Schema:" + std::string(ir::primitiveName(p)) +
           (isV4Primitive(p) ? ";4" : ";2");
}

class ModelBuilder {
public:
    ModelBuilder() {
        for (Primitive p : kAllPrimitives)
            add(primitiveId(p), [p] {
                ir::PrimitiveSchema s{};
                s.kind = p;
                return s;
            }());
    }
    ElementId add(std::string id, ir::Body body, std::optional<std::string> name = {}) {
        ir::Element e;
        e.id = std::move(id);
        e.name = std::move(name);
        e.body = std::move(body);
        return model.add(std::move(e));
    }
    static std::string prim(Primitive p) { return primitiveId(p); }

    std::string array(const std::string& id, const std::string& element) {
        ir::ArraySchema a{};
        a.elementSchema = ref(element);
        add(id, std::move(a));
        return id;
    }
    std::string object(const std::string& id,
                       const std::vector<std::pair<std::string, std::string>>& fields) {
        ir::ObjectSchema o;
        for (const auto& [name, schema] : fields) {
            const std::string fid = id.substr(0, id.find(';')) + ":" + name + ";1";
            add(fid, withSchema<ir::Field>(schema), name);
            o.fields.push_back(ref(fid));
        }
        add(id, std::move(o));
        return id;
    }
    std::string map(const std::string& id, const std::string& value) {
        const std::string base = id.substr(0, id.find(';'));
        add(base + ":_key;1", withSchema<ir::MapKey>(prim(Primitive::String)), "key");
        add(base + ":_value;1", withSchema<ir::MapValue>(value), "value");
        ir::MapSchema ms{};
        ms.mapKey = ref(base + ":_key;1");
        ms.mapValue = ref(base + ":_value;1");
        add(id, std::move(ms));
        return id;
    }
    std::string enumeration(const std::string& id, Primitive valueSchema,
                            const std::vector<std::pair<std::string, ir::Literal>>& values) {
        ir::EnumSchema en;
        en.valueSchema = ref(prim(valueSchema));
        for (const auto& [name, lit] : values) {
            const std::string vid = id.substr(0, id.find(';')) + ":" + name + ";1";
            ir::EnumValue v{};
            v.enumValue = lit; // (not captured in a lambda: clang 14 cannot capture a structured binding)
            add(vid, std::move(v), name);
            en.enumValues.push_back(ref(vid));
        }
        add(id, std::move(en));
        return id;
    }

    /// Resolves references; every target must exist.
    ir::Model& done() {
        const auto unresolved = model.resolveReferences();
        EXPECT_TRUE(unresolved.empty()) << unresolved.front();
        return model;
    }

    ir::Model model;
};

InstanceResult check(const ir::Model& m, std::string_view subject, std::string_view json) {
    const auto id = m.find(subject);
    EXPECT_TRUE(id) << subject;
    return validateInstance(m, id.value_or(ElementId{}), json);
}

bool conforms(const ir::Model& m, std::string_view subject, std::string_view json) {
    const InstanceResult r = check(m, subject, json);
    EXPECT_FALSE(r.failed) << r.failure;
    EXPECT_EQ(r.conforms, r.violations.empty());
    return r.conforms;
}

// ---- lexical helpers -------------------------------------------------------------------------

TEST(Lexical, Numbers) {
    using namespace lexical;
    EXPECT_TRUE(numberConforms(Primitive::Integer, "-0"));
    EXPECT_FALSE(numberConforms(Primitive::Integer, "1e2"));
    EXPECT_FALSE(numberConforms(Primitive::Integer, "1.0"));
    EXPECT_FALSE(numberConforms(Primitive::Long, "99999999999999999999999"));
    EXPECT_TRUE(numberConforms(Primitive::Long, "-9223372036854775808"));
    EXPECT_TRUE(isIntegerInRange("5", 1, 10));
    EXPECT_FALSE(isIntegerInRange("0", 1, 10));
    EXPECT_FALSE(isIntegerInRange("-5", -3, 10));
    EXPECT_FALSE(isIntegerInRange("-5", -10, -6));
    EXPECT_TRUE(isIntegerInRange("-7", -10, -6));
    EXPECT_FALSE(numberConforms(Primitive::UnsignedShort, "-0"));
    EXPECT_TRUE(numberConforms(Primitive::UnsignedLong, "18446744073709551615"));
    EXPECT_TRUE(numberConforms(Primitive::Double, "1e-400")); // underflows to 0
    EXPECT_TRUE(numberConforms(Primitive::Double, "0.000000000000000000000000000000000001e-390"));
    EXPECT_FALSE(numberConforms(Primitive::Double, "1e400"));
    EXPECT_FALSE(numberConforms(Primitive::Double, "10000000000000000000000000000000e300"));
    EXPECT_TRUE(numberConforms(Primitive::Double, "2.5E+3"));
    EXPECT_TRUE(numberConforms(Primitive::Float, "3.4028234E+38"));
    EXPECT_FALSE(numberConforms(Primitive::Float, "3.4028236E+38"));
    EXPECT_FALSE(numberConforms(Primitive::String, "1"));
}

TEST(Lexical, Temporal) {
    using namespace lexical;
    EXPECT_TRUE(isDate("2000-02-29"));
    EXPECT_FALSE(isDate("1900-02-29"));
    EXPECT_FALSE(isDate("2000-2-29"));
    EXPECT_FALSE(isDate("2000-02-29 "));
    EXPECT_TRUE(isTime("23:59:59.123456789Z"));
    EXPECT_FALSE(isTime("23:59:59."));
    EXPECT_FALSE(isTime("23:59:59+24:00"));
    EXPECT_FALSE(isTime("23:59:59z"));
    EXPECT_TRUE(isDateTime("2024-01-31T12:00:00-05:30"));
    EXPECT_FALSE(isDateTime("2024-01-31t12:00:00Z"));
    EXPECT_FALSE(isDateTime("2024-01-31 12:00:00Z"));
    EXPECT_TRUE(isDuration("P1Y2M3DT4H5M6.5S"));
    EXPECT_TRUE(isDuration("PT36H"));
    EXPECT_TRUE(isDuration("P0.5Y"));
    EXPECT_FALSE(isDuration("P0.5YT1H"));
    EXPECT_FALSE(isDuration("P1Y2Y"));
    EXPECT_FALSE(isDuration("PT1H2H"));
    EXPECT_FALSE(isDuration("P1DT"));
    EXPECT_FALSE(isDuration("P1S"));
    EXPECT_FALSE(isDuration("PT1D"));
    EXPECT_FALSE(isDuration("P1D2"));
    EXPECT_FALSE(isDuration("-P1D"));
    EXPECT_FALSE(isDuration("P1,5D"));
}

TEST(Lexical, Strings) {
    using namespace lexical;
    EXPECT_TRUE(isUuid("00000000-0000-0000-0000-000000000000"));
    EXPECT_FALSE(isUuid("00000000-0000-0000-0000-00000000000g"));
    EXPECT_TRUE(isBase64(""));
    EXPECT_TRUE(isBase64("QUJD"));
    EXPECT_TRUE(isBase64("QQ=="));
    EXPECT_FALSE(isBase64("Q==="));
    EXPECT_FALSE(isBase64("QQ=A"));
    EXPECT_FALSE(isBase64("QUJD\n"));
    EXPECT_TRUE(isDecimal("-0.5"));
    EXPECT_TRUE(isDecimal("7."));
    EXPECT_FALSE(isDecimal(".5"));
    EXPECT_FALSE(isDecimal("1e5"));
    EXPECT_FALSE(isDecimal("-"));
    EXPECT_FALSE(isDecimal("1.2.3"));
}

// ---- validateInstance on hand-built models ---------------------------------------------------

TEST(Instance, PrimitiveTypesAreStrict) {
    ModelBuilder b;
    const auto& m = b.done();
    EXPECT_TRUE(conforms(m, primitiveId(Primitive::Integer), "42"));
    EXPECT_FALSE(conforms(m, primitiveId(Primitive::Integer), "\"42\""));
    EXPECT_TRUE(conforms(m, primitiveId(Primitive::Decimal), "\"42.0\""));
    EXPECT_FALSE(conforms(m, primitiveId(Primitive::Decimal), "42.0"));
    EXPECT_TRUE(conforms(m, primitiveId(Primitive::String), "\"caf\\u00e9 \\ud83d\\ude00\""));
    EXPECT_TRUE(conforms(m, primitiveId(Primitive::Boolean), " \n true \t"));
    EXPECT_FALSE(conforms(m, primitiveId(Primitive::Double), "NaN"));
    EXPECT_FALSE(conforms(m, primitiveId(Primitive::Double), "Infinity"));
    EXPECT_FALSE(conforms(m, primitiveId(Primitive::Double), "-Infinity"));
    EXPECT_FALSE(conforms(m, primitiveId(Primitive::Double), "\"NaN\""));
}

TEST(Instance, MalformedJsonNeverConforms) {
    ModelBuilder b;
    const auto& m = b.done();
    const std::string s = primitiveId(Primitive::String);
    for (std::string_view bad :
         {"", " ", "\"a\" \"b\"", "\"a", "'a'", "\"a\" // c", "/* c */ \"a\"", "01", "1.", "+1",
          ".5", "1e", "[1,]", "{\"a\":1,}", "\"\\x\"", "\"\\ud800\"", "\"a\tb\"", "tru", "nul"}) {
        const InstanceResult r = check(m, s, bad);
        EXPECT_FALSE(r.failed) << bad;
        EXPECT_FALSE(r.conforms) << bad;
        EXPECT_EQ(r.violations.size(), 1u) << bad;
    }
    using namespace std::string_literals;
    EXPECT_FALSE(conforms(m, s, "\"a\"\0garbage"s));
    EXPECT_FALSE(conforms(m, s, "\"\xff\""));     // invalid UTF-8
    EXPECT_FALSE(conforms(m, s, "\"\xc0\xaf\"")); // overlong encoding
}

TEST(Instance, LongStringsAreCutOnACodePointBoundary) {
    ModelBuilder b;
    const auto& m = b.done();
    std::string text(63, 'a');
    for (int i = 0; i < 10; ++i)
        text += "\xc3\xa9"; // U+00E9, two bytes
    const InstanceResult r = check(m, primitiveId(Primitive::Integer), "\"" + text + "\"");
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_NE(r.violations.front().find("\"" + std::string(63, 'a') + "...\""), std::string::npos)
        << r.violations.front();
}

TEST(Instance, DeepNestingIsBoundedAndDoesNotCrash) {
    ModelBuilder b;
    const std::string arr = b.array("dtmi:test:a;1", ModelBuilder::prim(Primitive::Double));
    const auto& m = b.done();
    const std::string deep(100000, '[');
    EXPECT_FALSE(conforms(m, arr, deep + std::string(100000, ']')));
    EXPECT_FALSE(conforms(m, arr, deep));
    // 64 levels parse (then fail the schema); 65 levels are refused by the parser.
    const InstanceResult r64 = check(m, arr, std::string(64, '[') + std::string(64, ']'));
    ASSERT_FALSE(r64.conforms);
    EXPECT_EQ(r64.violations.front().find("not valid JSON"), std::string::npos);
    const InstanceResult r65 = check(m, arr, std::string(65, '[') + std::string(65, ']'));
    ASSERT_FALSE(r65.conforms);
    EXPECT_NE(r65.violations.front().find("not valid JSON"), std::string::npos);
}

TEST(Instance, NumbersPastADoublesRangeConformToNothing) {
    // Valid JSON, but no DTDL schema takes them; the violation names the number, not a JSON error.
    ModelBuilder b;
    const std::string arr = b.array("dtmi:test:a;1", ModelBuilder::prim(Primitive::Double));
    const auto& m = b.done();
    for (const auto& [subject, text] : {std::pair{primitiveId(Primitive::Double), std::string("1e999")},
                                        std::pair{primitiveId(Primitive::Long), std::string(400, '9')},
                                        std::pair{primitiveId(Primitive::String), std::string("-2E+400")},
                                        std::pair{arr, std::string("[1, 1e999]")}}) {
        const InstanceResult r = check(m, subject, text);
        ASSERT_FALSE(r.conforms) << text;
        ASSERT_EQ(r.violations.size(), 1u) << text;
        EXPECT_NE(r.violations.front().find("is past the range of a double"), std::string::npos) << r.violations.front();
        EXPECT_EQ(r.violations.front().find("not valid JSON"), std::string::npos) << r.violations.front();
    }
}

TEST(Instance, ObjectFieldsAreOptionalAndClosed) {
    ModelBuilder b;
    const std::string o = b.object("dtmi:test:o;1", {{"a", ModelBuilder::prim(Primitive::Integer)},
                                                     {"b", ModelBuilder::prim(Primitive::String)}});
    const auto& m = b.done();
    EXPECT_TRUE(conforms(m, o, R"({"a": 1, "b": "x"})"));
    EXPECT_TRUE(conforms(m, o, R"({})"));
    EXPECT_FALSE(conforms(m, o, R"({"a": null})"));
    EXPECT_FALSE(conforms(m, o, R"({"c": 1})"));
    // Every problem is reported, with a path.
    const InstanceResult r = check(m, o, R"({"a": "1", "b": 2, "c": 3})");
    EXPECT_FALSE(r.conforms);
    EXPECT_EQ(r.violations.size(), 3u);
    EXPECT_EQ(r.violations.front().rfind("$.a: ", 0), 0u) << r.violations.front();
}

TEST(Instance, MapAndArrayNest) {
    ModelBuilder b;
    const std::string inner = b.array("dtmi:test:inner;1", ModelBuilder::prim(Primitive::Long));
    const std::string mp = b.map("dtmi:test:m;1", inner);
    const auto& m = b.done();
    EXPECT_TRUE(conforms(m, mp, R"({"any key at all!": [1, 2], "": []})"));
    EXPECT_FALSE(conforms(m, mp, R"({"k": [1, 2.5]})"));
    const InstanceResult r = check(m, mp, R"({"k": [1, 2.5]})");
    EXPECT_EQ(r.violations, std::vector<std::string>{"$.k[1]: 2.5 is not a valid 'long' value"});
}

TEST(Instance, EnumAndEnumValue) {
    ModelBuilder b;
    const std::string e = b.enumeration(
        "dtmi:test:e;1", Primitive::Integer,
        {{"zero", ir::Literal::integerValue(0)}, {"big", ir::Literal::integerValue(2147483647)}});
    const auto& m = b.done();
    EXPECT_TRUE(conforms(m, e, "0"));
    EXPECT_TRUE(conforms(m, e, "-0"));
    EXPECT_TRUE(conforms(m, e, "2147483647"));
    EXPECT_FALSE(conforms(m, e, "1"));
    EXPECT_FALSE(conforms(m, e, "0.0"));
    EXPECT_FALSE(conforms(m, e, "2147483648"));
    EXPECT_FALSE(conforms(m, e, "-2147483647"));
    EXPECT_TRUE(conforms(m, "dtmi:test:e:zero;1", "0"));
    EXPECT_FALSE(conforms(m, "dtmi:test:e:zero;1", "\"0\""));
}

TEST(Instance, NonSchemaSubjectsFail) {
    ModelBuilder b;
    b.add("dtmi:test:p;1", withSchema<ir::Property>(ModelBuilder::prim(Primitive::Double)), "p");
    b.add("dtmi:test:f;1", withSchema<ir::Field>(ModelBuilder::prim(Primitive::Double)), "f");
    const auto& m = b.done();
    for (std::string_view json : {"1.5", "not json"}) {
        const InstanceResult r = check(m, "dtmi:test:p;1", json);
        EXPECT_TRUE(r.failed);
        EXPECT_FALSE(r.conforms);
        EXPECT_NE(r.failure.find("Property"), std::string::npos) << r.failure;
        EXPECT_TRUE(check(m, "dtmi:test:f;1", json).failed);
    }
    // The runtime validates a Property's values against its schema.
    const auto schema = instanceSchemaOf(m, *m.find("dtmi:test:p;1"));
    ASSERT_TRUE(schema);
    EXPECT_TRUE(validateInstance(m, *schema, "1.5").conforms);
    EXPECT_FALSE(instanceSchemaOf(m, ElementId{}));
    EXPECT_TRUE(validateInstance(m, ElementId{}, "1").failed);
}

TEST(Instance, IncompleteModelFails) {
    ModelBuilder b;
    b.array("dtmi:test:a;1", "dtmi:test:missing;1");
    b.model.resolveReferences();
    const InstanceResult r = check(b.model, "dtmi:test:a;1", "[1]");
    EXPECT_TRUE(r.failed);
    EXPECT_NE(r.failure.find("dtmi:test:missing;1"), std::string::npos);
}

TEST(Instance, UnresolvedRefFallsBackToLookup) {
    ModelBuilder b;
    b.array("dtmi:test:a;1", ModelBuilder::prim(Primitive::Double)); // refs not resolved
    EXPECT_TRUE(conforms(b.model, "dtmi:test:a;1", "[1]"));
}

TEST(Instance, GeospatialSchemasByName) {
    ModelBuilder b;
    for (const char* name :
         {"point", "multiPoint", "lineString", "multiLineString", "polygon", "multiPolygon"})
        b.add(std::string("dtmi:standard:schema:geospatial:") + name + ";4",
              extension({"dtmi:dtdl:class:Object;4"}));
    const auto& m = b.done();
    const std::string p = "dtmi:standard:schema:geospatial:";
    EXPECT_TRUE(conforms(m, p + "point;4", R"({"type": "Point", "coordinates": [47.6, -122.1]})"));
    EXPECT_FALSE(conforms(m, p + "point;4", R"({"type": "point", "coordinates": [47.6, -122.1]})"));
    EXPECT_FALSE(conforms(m, p + "point;4", R"({"type": "Point", "coordinates": [[47.6]]})"));
    EXPECT_FALSE(conforms(m, p + "point;4", R"({"type": "Point", "bbox": []})"));
    EXPECT_TRUE(conforms(m, p + "lineString;4",
                         R"({"type": "LineString", "coordinates": [[1, 2], [3, 4]]})"));
    EXPECT_TRUE(conforms(m, p + "polygon;4",
                         R"({"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]})"));
    EXPECT_FALSE(conforms(m, p + "polygon;4",
                          R"({"type": "Polygon", "coordinates": [[0,0],[1,0],[1,1],[0,0]]})"));
    EXPECT_TRUE(conforms(m, p + "multiPolygon;4",
                         R"({"type": "MultiPolygon", "coordinates": [[[[0,0],[1,0],[0,0]]]]})"));
    EXPECT_FALSE(conforms(m, p + "multiPoint;4", R"({"type": "Point", "coordinates": [[1,2]]})"));
    // Like the reference's Object definitions, the fields are optional.
    EXPECT_TRUE(conforms(m, p + "multiLineString;4", "{}"));
}

TEST(Instance, ScaledDecimalByNameWhateverTheBody) {
    // As the reference defines it: an Object with fields value (decimal) and scale (short).
    ModelBuilder b;
    b.object("dtmi:standard:schema:scaledDecimal;4",
             {{"value", ModelBuilder::prim(Primitive::Decimal)},
              {"scale", ModelBuilder::prim(Primitive::Short)}});
    ModelBuilder c;
    c.add("dtmi:standard:schema:scaledDecimal;4", extension({}));
    for (ir::Model* m : {&b.done(), &c.done()}) {
        EXPECT_TRUE(conforms(*m, "dtmi:standard:schema:scaledDecimal;4",
                             R"({"value": "1234.56", "scale": 7})"));
        EXPECT_FALSE(conforms(*m, "dtmi:standard:schema:scaledDecimal;4",
                              R"({"value": "1234.56", "scale": 32768})"));
    }
}

// ---- the official instance checks ------------------------------------------------------------

/// One model holding every subject of the conformance cases' `instances` checks, built by hand
/// to match the cases' input documents (which are the same in their V2, V3 and V4 variants).
ir::Model officialSubjects() {
    ModelBuilder b;
    using P = Primitive;
    const auto prim = ModelBuilder::prim;
    b.array("dtmi:test:doubleArray;1", prim(P::Double));
    b.object("dtmi:test:coordinateObject;1",
             {{"latitude", prim(P::Double)}, {"longitude", prim(P::Double)}});
    b.map("dtmi:test:distanceMap;1", prim(P::Double));
    b.enumeration("dtmi:test:intEnum;1", P::Integer,
                  {{"near", ir::Literal::integerValue(1)}, {"far", ir::Literal::integerValue(2)}});
    b.enumeration("dtmi:test:stringEnum;1", P::String,
                  {{"near", ir::Literal::string("west")}, {"far", ir::Literal::string("east")}});
    // deepSchema: Array of Object{myField: Map of Object{myField: Array of double}}
    b.array("dtmi:test:deepSchema:inner;1", prim(P::Double));
    b.object("dtmi:test:deepSchema:innerObject;1", {{"myField", "dtmi:test:deepSchema:inner;1"}});
    b.map("dtmi:test:deepSchema:map;1", "dtmi:test:deepSchema:innerObject;1");
    b.object("dtmi:test:deepSchema:outerObject;1", {{"myField", "dtmi:test:deepSchema:map;1"}});
    b.array("dtmi:test:deepSchema;1", "dtmi:test:deepSchema:outerObject;1");
    b.object("dtmi:standard:schema:scaledDecimal;4",
             {{"value", prim(P::Decimal)}, {"scale", prim(P::Short)}});
    // Subjects that are not schemas: the reference throws.
    const auto payload = [&](ir::CommandPayload::Role role) {
        auto p = withSchema<ir::CommandPayload>(prim(P::Double));
        p.role = role;
        return p;
    };
    b.add("dtmi:test:anInterface;1", ir::Interface{});
    b.add("dtmi:test:parentInterface:_contents:__child;1",
          withSchema<ir::Component>("dtmi:test:anInterface;1"), "child");
    b.add("dtmi:test:aProperty;1", withSchema<ir::Property>(prim(P::Double)), "expectedDistance");
    b.add("dtmi:test:aTelemetry;1", withSchema<ir::Telemetry>(prim(P::Double)), "currentDistance");
    b.add("dtmi:test:aRelationship;1", ir::Relationship{}, "proximity");
    b.add("dtmi:test:aCommand:_request;1", payload(ir::CommandPayload::Role::Request),
          "desiredDistance");
    b.add("dtmi:test:aCommand:_response;1", payload(ir::CommandPayload::Role::Response),
          "reportedDistance");
    ir::Command cmd;
    cmd.request = ref("dtmi:test:aCommand:_request;1");
    cmd.response = ref("dtmi:test:aCommand:_response;1");
    b.add("dtmi:test:aCommand;1", std::move(cmd), "setDistance");
    return std::move(b.done());
}

struct InstanceCase {
    std::string id;
    nlohmann::json instances;
    friend void PrintTo(const InstanceCase& c, std::ostream* os) { *os << c.id; }
};

std::vector<InstanceCase> loadInstanceCases() {
    std::vector<InstanceCase> cases;
    for (const auto& c : dtc::testing::loadConformanceCases("generated"))
        if (c.contains("instances") && c.at("instances").is_array() && !c.at("instances").empty())
            cases.push_back({c.at("id").get<std::string>(), c.at("instances")});
    return cases;
}

bool isPrimitiveSubject(const std::string& subject) {
    return subject.starts_with("dtmi:dtdl:instance:Schema:");
}

struct Tally {
    int checks = 0, passed = 0, primitiveChecks = 0, primitivePassed = 0;
};

/// Runs one case's checks; returns a description of each failed check.
std::vector<std::string> runChecks(const ir::Model& m, const nlohmann::json& instances, Tally& t) {
    std::vector<std::string> failures;
    for (const auto& i : instances) {
        const std::string subject = i.at("subject").get<std::string>();
        const std::string submit = i.at("submit").get<std::string>();
        const bool throws = i.value("throws", false);
        const bool expected = i.value("conforms", false);
        const auto id = m.find(subject);
        bool ok = false;
        std::string got = "unknown subject";
        if (id) {
            const InstanceResult r = validateInstance(m, *id, submit);
            ok = throws ? r.failed : (!r.failed && r.conforms == expected);
            got =
                r.failed ? "failed: " + r.failure : (r.conforms ? "conforms" : "does not conform");
        }
        ++t.checks;
        t.passed += ok;
        if (isPrimitiveSubject(subject)) {
            ++t.primitiveChecks;
            t.primitivePassed += ok;
        }
        if (!ok)
            failures.push_back(subject + " <- " + submit + ": expected " +
                               (throws     ? "failure"
                                : expected ? "conforms"
                                           : "does not conform") +
                               ", got " + got);
    }
    return failures;
}

class OfficialInstanceChecks : public ::testing::TestWithParam<InstanceCase> {};

TEST_P(OfficialInstanceChecks, Case) {
    static const ir::Model model = officialSubjects();
    Tally t;
    for (const auto& f : runChecks(model, GetParam().instances, t))
        ADD_FAILURE() << f;
}

INSTANTIATE_TEST_SUITE_P(
    Generated, OfficialInstanceChecks, ::testing::ValuesIn(loadInstanceCases()),
    [](const ::testing::TestParamInfo<InstanceCase>& info) {
        std::string n = info.param.id.substr(info.param.id.find('/') + 1);
        std::replace_if(
            n.begin(), n.end(),
            [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); }, '_');
        return n;
    });

/// The totals, so a shrinking or failing suite is visible at a glance; also guards against the
/// case files not being found (the parameterised suite would then be empty).
TEST(OfficialInstanceChecksSummary, Counts) {
    const ir::Model model = officialSubjects();
    Tally t;
    const auto cases = loadInstanceCases();
    for (const auto& c : cases)
        (void)runChecks(model, c.instances, t);
    std::cout << "[ official ] " << cases.size() << " cases, " << t.passed << "/" << t.checks
              << " instance checks pass (primitive subjects: " << t.primitivePassed << "/"
              << t.primitiveChecks << ")\n";
    EXPECT_EQ(cases.size(), 64u);
    EXPECT_EQ(t.checks, 1501);
    EXPECT_EQ(t.passed, t.checks);
}

} // namespace
} // namespace dtc::validator
