// Whole-model DTDL rules (validator/model_rules.cpp) on small DTDL documents run through the
// driver: variants of the official conformance cases, settled with the reference parser, that
// pin down the general rule where the official case alone would not.
#include "driver/driver.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace {

struct Reported {
    std::string id, primary, secondary;
};

std::vector<Reported> check(const std::string& json) {
    dtc::driver::Compilation c;
    c.inputs.push_back(c.sources.addBuffer("input0.json", json));
    dtc::driver::compile(c, {});
    std::vector<Reported> out;
    for (const auto& d : c.diags.diagnostics()) {
        if (d.validationId.empty())
            continue;
        out.push_back({d.validationId.substr(d.validationId.rfind(':') + 1),
                       d.primaryId.value_or(""), d.secondaryId.value_or("")});
    }
    return out;
}

/// An Interface (DTDL v2) whose only schema is `depth` Objects nested through one field each;
/// the last field has schema `leaf`.
std::string nestedObjects(int depth, const std::string& leaf) {
    std::string s = leaf;
    for (int i = depth; i >= 1; --i) {
        std::string n = std::to_string(i);
        s = R"({"@id":"dtmi:test:o)" + n + R"(;1","@type":"Object","fields":[{"@id":"dtmi:test:f)" +
            n + R"(;1","name":"f)" + n + R"(","schema":)" + s + "}]}";
    }
    return R"({"@context":"dtmi:dtdl:context;2","@id":"dtmi:test:i;1","@type":"Interface","schemas":[)" +
           s + "]}";
}

const std::string kEnum =
    R"({"@type":"Enum","valueSchema":"integer","enumValues":[{"name":"a","enumValue":1}]})";

// DTDL v2 section "Schemas": complex schemas nest at most 5 levels. A level is a hop through
// 'schema' or 'elementSchema'; an element beyond the limit is an error only if it goes on
// through such a property, so an Enum may sit at level 6.
TEST(ModelRulesDepth, EnumAtLevelSixIsValid) {
    EXPECT_TRUE(check(nestedObjects(5, kEnum)).empty());
}

TEST(ModelRulesDepth, ReportsTheFieldBeyondTheLimit) {
    auto r = check(nestedObjects(6, R"("double")"));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].id, "excessiveDepthWide");
    EXPECT_EQ(r[0].primary, "dtmi:test:o1;1");
    EXPECT_EQ(r[0].secondary, "dtmi:test:f6;1");
}

TEST(ModelRulesDepth, ReportsAnArrayBeyondTheLimit) {
    auto r = check(
        nestedObjects(5, R"({"@id":"dtmi:test:a;1","@type":"Array","elementSchema":"double"})"));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].id, "excessiveDepthWide");
    EXPECT_EQ(r[0].secondary, "dtmi:test:a;1");
}

// A recursive Object is named by the field its recursion runs through, from each Object on the
// cycle; other schemas (Array, Map) by themselves.
TEST(ModelRulesRecursion, ObjectsAreNamedByTheirFieldOnTheCycle) {
    auto r = check(
        R"({"@context":"dtmi:dtdl:context;2","@id":"dtmi:test:i;1","@type":"Interface","schemas":[
        {"@id":"dtmi:test:A;1","@type":"Object","fields":[{"@id":"dtmi:test:f1;1","name":"f1","schema":
          {"@id":"dtmi:test:B;1","@type":"Array","elementSchema":"dtmi:test:A;1"}}]}]})");
    std::vector<std::string> primaries;
    for (const auto& e : r) {
        EXPECT_EQ(e.id, "recursiveStructureWide");
        primaries.push_back(e.primary);
    }
    std::sort(primaries.begin(), primaries.end());
    EXPECT_EQ(primaries, (std::vector<std::string>{"dtmi:test:B;1", "dtmi:test:f1;1"}));
}

// DTDL "Component": a Component's schema may not contain a Component, inherited contents
// included, through any number of extends.
TEST(ModelRulesExcludedType, ComponentInheritedThroughExtendsChain) {
    auto r = check(R"([
 {"@context":"dtmi:dtdl:context;3","@id":"dtmi:test:X;1","@type":"Interface",
  "contents":[{"@id":"dtmi:test:c;1","@type":"Component","name":"c","schema":"dtmi:test:B;1"}]},
 {"@context":"dtmi:dtdl:context;3","@id":"dtmi:test:B;1","@type":"Interface","extends":"dtmi:test:M;1"},
 {"@context":"dtmi:dtdl:context;3","@id":"dtmi:test:M;1","@type":"Interface","extends":"dtmi:test:C;1"},
 {"@context":"dtmi:dtdl:context;3","@id":"dtmi:test:C;1","@type":"Interface",
  "contents":[{"@id":"dtmi:test:g;1","@type":"Component","name":"g","schema":"dtmi:test:D;1"}]},
 {"@context":"dtmi:dtdl:context;3","@id":"dtmi:test:D;1","@type":"Interface"}])");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].id, "excludedType");
    EXPECT_EQ(r[0].primary, "dtmi:test:c;1");
    EXPECT_EQ(r[0].secondary, "dtmi:test:g;1");
}

// A co-type property with a fixed set of values (sh:in): IoT Central's Location takes one of the
// geospatial schemas; any other schema, an inline Object too, is not a required value.
TEST(ModelRulesCotype, LocationNeedsAGeospatialSchema) {
    auto r = check(R"({"@context":["dtmi:dtdl:context;2","dtmi:iotcentral:context;2"],"@id":"dtmi:test:i;1",
 "@type":"Interface","contents":[
 {"@id":"dtmi:test:t;1","@type":["Property","Location"],"name":"loc",
  "schema":{"@id":"dtmi:test:o;1","@type":"Object","fields":[{"name":"x","schema":"double"}]}},
 {"@id":"dtmi:test:t2;1","@type":["Telemetry","Location"],"name":"loc2",
  "schema":"dtmi:standard:schema:geospatial:point;2"}]})");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].id, "notRequiredValue");
    EXPECT_EQ(r[0].primary, "dtmi:test:t;1");
    EXPECT_EQ(r[0].secondary, "dtmi:test:o;1");
}

// A reference to an element of an allowed class in another DTDL version: from DTDL v2 to a later
// version it is a disallowedVersionReference (not a badType); from v3 to v2 it is fine.
TEST(ModelRulesReferences, ExtendsAcrossVersions) {
    auto r = check(R"([{"@context":"dtmi:dtdl:context;2","@id":"dtmi:test:a;1","@type":"Interface","extends":"dtmi:test:b;1"},
 {"@context":"dtmi:dtdl:context;3","@id":"dtmi:test:b;1","@type":"Interface","contents":[{"@type":"Telemetry","name":"t","schema":"double"}]}])");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].id, "disallowedVersionReference");
    EXPECT_EQ(r[0].primary, "dtmi:test:a;1");
    EXPECT_EQ(r[0].secondary, "dtmi:test:b;1");
    EXPECT_TRUE(check(R"([{"@context":"dtmi:dtdl:context;3","@id":"dtmi:test:a;1","@type":"Interface","extends":"dtmi:test:b;1"},
 {"@context":"dtmi:dtdl:context;2","@id":"dtmi:test:b;1","@type":"Interface"}])").empty());
}

} // namespace
