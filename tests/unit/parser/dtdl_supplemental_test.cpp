// Rules of the DTDL front end for the properties that extensions define (supplemental
// properties of adjunct types), checked on small models beside the conformance cases, which
// show each rule on one property only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/dtdl_text.h"

namespace {

struct Found {
    std::string id;       ///< validation id without the dtmi:dtdl:parsingError: prefix
    std::string property; ///< the property the diagnostic names
};

std::vector<Found> check(const std::string& text) {
    std::vector<Found> out;
    for (const auto& r : dtc::test::compileDtdl(text)) out.push_back({r.id, r.property});
    return out;
}

std::string telemetryWithUnit(const std::string& context, const std::string& unit) {
    return R"({"@context":[)" + context +
           R"(],"@id":"dtmi:test:i;1","@type":"Interface",)"
           R"("contents":[{"@id":"dtmi:test:t;1","@type":["Telemetry","Velocity"],"name":"t",)"
           R"("schema":"double","unit":)" +
           unit + "}]}";
}

const std::string kV3Quantitative =
    R"("dtmi:dtdl:context;3","dtmi:dtdl:extension:quantitativeTypes;1")";

// An extension's element-valued property takes references only, although the extension's
// metamodel states sh:BlankNodeOrIRI; the error names the property as written.
TEST(DtdlSupplemental, ExtensionObjectPropertyRefusesInlineElement) {
    auto found = check(
        telemetryWithUnit(kV3Quantitative, R"({"@type":"EnumValue","name":"x","enumValue":"y"})"));
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front().id, "refObjectNotAllowed");
    EXPECT_EQ(found.front().property, "unit");
}

// DTDL v2's own unit property (a core property) still reads an inline element, which then
// fails as an element of the wrong class, as the reference parser reports it.
TEST(DtdlSupplemental, CorePropertyReadsInlineElement) {
    auto found = check(telemetryWithUnit(R"("dtmi:dtdl:context;2")",
                                         R"({"@type":"EnumValue","name":"x","enumValue":"y"})"));
    ASSERT_FALSE(found.empty());
    EXPECT_NE(found.front().id, "refObjectNotAllowed");
}

// Too many values: the key as written, not the extension property's identifier.
TEST(DtdlSupplemental, MultipleValuesNameTheKey) {
    auto found =
        check(telemetryWithUnit(kV3Quantitative, R"(["kilometrePerSecond","milePerHour"])"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, "objectMultipleValues");
    EXPECT_EQ(found[0].property, "unit");
}

// Checks of the resolved value keep naming the extension property by its identifier.
TEST(DtdlSupplemental, ResolvedValueChecksNameTheIdentifier) {
    auto found = check(telemetryWithUnit(kV3Quantitative, R"("kilometre")"));
    ASSERT_FALSE(found.empty());
    for (const auto& f : found)
        EXPECT_EQ(f.property, "dtmi:dtdl:extension:quantitativeTypes:v1:property:unit") << f.id;
}

// MQTT v3 applies to DTDL v3 and v4 (DTDL.Extensions.md); its constraints on core properties
// ("schema", "fields") hold in both, and a co-type counts as a type of the constrained value.
std::string counterResult(const std::string& dtdl, const std::string& valueFieldType) {
    return R"({"@context":["dtmi:dtdl:context;)" + dtdl +
           R"(","dtmi:dtdl:extension:mqtt;3"],)"
           R"("@id":"dtmi:com:example:CounterCollection;1","@type":["Interface","Mqtt"],)"
           R"("commandTopic":"rpc/{executorId}/{commandName}","payloadFormat":"Json/ecma/404",)"
           R"("contents":[{"@type":"Command","name":"increment","response":{"name":"r","schema":)"
           R"({"@type":["Object","Result"],"fields":[{"@type":)" +
           valueFieldType +
           R"(,"name":"counterValue","schema":"integer"},)"
           R"({"@type":["Field","ErrorResult"],"name":"incrementError","schema":)"
           R"({"@id":"dtmi:com:example:CounterError;1","@type":["Object","Error"]}}]}}}]})";
}

TEST(DtdlSupplemental, MqttResultHoldsInDtdlV3AndV4) {
    for (const char* dtdl : {"3", "4"}) {
        EXPECT_TRUE(check(counterResult(dtdl, R"(["Field","NormalResult"])")).empty())
            << "DTDL v" << dtdl;
        auto found = check(counterResult(dtdl, R"("Field")"));
        ASSERT_EQ(found.size(), 1u) << "DTDL v" << dtdl;
        EXPECT_EQ(found[0].id, "notRequiredType");
        EXPECT_EQ(found[0].property, "fields");
    }
}

TEST(DtdlSupplemental, MqttTransparentNeedsObjectSchemaInDtdlV3) {
    auto found = check(
        R"({"@context":["dtmi:dtdl:context;3","dtmi:dtdl:extension:mqtt;2"],)"
        R"("@id":"dtmi:example:Display;1","@type":"Interface","contents":[{"@type":"Command",)"
        R"("name":"display","request":{"@type":["CommandRequest","Transparent"],)"
        R"("name":"announcement","schema":"string"}}]})");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, "notRequiredType");
}

// DTDL v2 units are described by the QuantitativeTypes v1 unit of the same name: the unit kind
// is a co-type, so IoT Central's VelocityVector takes metrePerSecond and refuses metre.
std::string speedometer(const std::string& unit) {
    return R"({"@context":["dtmi:dtdl:context;2","dtmi:iotcentral:context;2"],)"
           R"("@id":"dtmi:com:example:Speedometer;1","@type":"Interface","contents":[{"@type":)"
           R"(["Telemetry","VelocityVector"],"name":"speed3D","schema":"vector","unit":")" +
           unit + R"("}]})";
}

TEST(DtdlSupplemental, V2UnitKindIsACoType) {
    EXPECT_TRUE(check(speedometer("metrePerSecond")).empty());
    auto found = check(speedometer("metre"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, "notRequiredType");
}

// A predefined unit brings the units it is defined by (base unit, prefix, top and bottom
// units) into the model, with their co-types and properties.
TEST(DtdlSupplemental, UnitBringsItsDefiningElements) {
    dtc::driver::Compilation comp;
    comp.inputs.push_back(comp.sources.addBuffer(
        "input.json", telemetryWithUnit(R"("dtmi:dtdl:context;2")", R"("kilometrePerSecond")")));
    dtc::driver::compile(comp, dtc::driver::Options{});
    ASSERT_TRUE(comp.diags.diagnostics().empty());
    const auto kmps = comp.model.find("dtmi:standard:unit:kilometrePerSecond;2");
    ASSERT_TRUE(kmps.has_value());
    const auto& e = comp.model[*kmps];
    EXPECT_EQ(e.extras->supplementalTypes, (std::vector<std::string>{"dtmi:standard:class:VelocityUnit;2",
                                                             "dtmi:standard:class:DecimalUnit;2",
                                                             "dtmi:standard:class:RatioUnit;2"}));
    for (const char* id : {"dtmi:standard:unit:metrePerSecond;2", "dtmi:standard:unitprefix:kilo;2",
                           "dtmi:standard:unit:kilometre;2", "dtmi:standard:unit:second;2",
                           "dtmi:standard:unit:metre;2"})
        EXPECT_TRUE(comp.model.find(id).has_value()) << id;
}

} // namespace
