// @type and @context rules of the DTDL front end: v2 semantic types (the "Semantic types" table
// of the v2 specification) and the element types they apply to, v2 unit types, several material
// types, co-types that are neither DTMI nor term, the order of @context entries. Variants
// settled with the reference parser.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "driver/driver.h"

namespace {

std::vector<std::pair<std::string, std::string>> check(const std::string& json) {
    dtc::driver::Compilation c;
    c.inputs.push_back(c.sources.addBuffer("input0.json", json));
    dtc::driver::compile(c, {});
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& d : c.diags.diagnostics())
        if (!d.validationId.empty())
            out.emplace_back(d.validationId.substr(d.validationId.rfind(':') + 1), d.primaryId.value_or(""));
    return out;
}

using Errors = std::vector<std::pair<std::string, std::string>>;

// The specification allows the table's types in the @type of Property and Telemetry only.
TEST(V2SemanticTypes, NotOnARelationshipByDtmi) {
    EXPECT_EQ(check(R"({"@context":"dtmi:dtdl:context;2","@id":"dtmi:test:i;1","@type":"Interface","contents":[
 {"@id":"dtmi:test:r;1","@type":["Relationship","dtmi:standard:class:Distance;2"],"name":"p","unit":"kilometre"}]})"),
              (Errors{{"invalidCotype", "dtmi:test:r;1"}}));
}

TEST(V2SemanticTypes, NotOnAField) {
    EXPECT_EQ(check(R"({"@context":"dtmi:dtdl:context;2","@id":"dtmi:test:i;1","@type":"Interface","schemas":[
 {"@id":"dtmi:test:o;1","@type":"Object","fields":[
  {"@id":"dtmi:test:f;1","@type":["Field","Distance"],"name":"p","schema":"double","unit":"kilometre"}]}]})"),
              (Errors{{"invalidCotype", "dtmi:test:f;1"}}));
}

TEST(V2SemanticTypes, OnProperty) {
    EXPECT_EQ(check(R"({"@context":"dtmi:dtdl:context;2","@id":"dtmi:test:i;1","@type":"Interface","contents":[
 {"@id":"dtmi:test:p;1","@type":["Property","Distance"],"name":"p","schema":"double","unit":"kilometre"}]})"),
              Errors{});
}

// DTDL v2's unit types are material classes: Unit (LengthUnit, Unitless) or UnitAttribute
// (DecimalPrefix, BinaryPrefix). Two material types where the parent property allows only one
// of them is a badType naming the other; elsewhere multipleMaterialTypes naming the classes.
TEST(V2UnitTypes, TwoMaterialTypesInContents) {
    auto c = [](const std::string& second) {
        dtc::driver::Compilation comp;
        comp.inputs.push_back(comp.sources.addBuffer("input0.json",
            R"({"@context":"dtmi:dtdl:context;2","@id":"dtmi:test:i;1","@type":"Interface","contents":[
 {"@id":"dtmi:test:t;1","@type":["Telemetry",")" + second + R"("],"name":"p","schema":"double"}]})"));
        dtc::driver::compile(comp, {});
        std::vector<std::string> out;
        for (const auto& d : comp.diags.diagnostics())
            out.push_back(d.validationId + " " + d.primaryId.value_or("") + " " + d.value.value_or(""));
        return out;
    };
    EXPECT_EQ(c("LengthUnit"), (std::vector<std::string>{"dtmi:dtdl:parsingError:badType dtmi:test:i;1 LengthUnit"}));
    EXPECT_EQ(c("Interface"), (std::vector<std::string>{"dtmi:dtdl:parsingError:badType dtmi:test:i;1 Interface"}));
    EXPECT_EQ(c("Command"),
              (std::vector<std::string>{"dtmi:dtdl:parsingError:multipleMaterialTypes dtmi:test:t;1 Telemetry and Command"}));
}

TEST(V2UnitTypes, PrefixesAreUnitAttributes) {
    dtc::driver::Compilation comp;
    comp.inputs.push_back(comp.sources.addBuffer(
        "input0.json", R"({"@context":"dtmi:dtdl:context;2","@id":"dtmi:test:i;1","@type":["Interface","DecimalPrefix"]})"));
    dtc::driver::compile(comp, {});
    ASSERT_EQ(comp.diags.diagnostics().size(), 1u);
    EXPECT_EQ(comp.diags.diagnostics()[0].validationId, "dtmi:dtdl:parsingError:multipleMaterialTypes");
    EXPECT_EQ(comp.diags.diagnostics()[0].value.value_or(""), "Interface and UnitAttribute");
}

// An @type value that is neither a DTMI nor a term: DTDL v2 always allows it as a co-type (with
// an undefined extension context); DTDL v3 never does, even when undefined extensions are
// allowed (the v3 global restriction's dtmm:neverAllow).
TEST(NotDtmiNorTermCotype, AllowedInV2RejectedInV3) {
    auto run = [](int version) {
        dtc::driver::Compilation comp;
        comp.inputs.push_back(comp.sources.addBuffer(
            "input0.json", R"({"@context":["dtmi:dtdl:context;)" + std::to_string(version) +
                               R"(","dtmi:foo:bar;1"],"@id":"dtmi:test:i;1","@type":"Interface","contents":[
 {"@id":"dtmi:test:t;1","@type":["Telemetry","http://foo.com/bar"],"name":"p","schema":"double"}]})"));
        dtc::driver::Options options;
        options.dtdl.undefinedExtensions = dtc::parser::UndefinedExtensions::Allow;
        dtc::driver::compile(comp, options);
        std::vector<std::string> out;
        for (const auto& d : comp.diags.diagnostics()) out.push_back(d.validationId);
        return out;
    };
    EXPECT_EQ(run(2), std::vector<std::string>{});
    EXPECT_EQ(run(3), std::vector<std::string>{"dtmi:dtdl:parsingError:typeNotDtmiNorTerm"});
}

// The first entry of a top-level @context is the DTDL context; DTDL v2 alone accepts extension
// contexts before it. A local context (JSON object) first at top level is a missing DTDL
// context in every version; after the DTDL context it is a disallowed local context.
TEST(ContextOrder, TopLevel) {
    auto ids = [](const std::string& context) {
        dtc::driver::Compilation comp;
        comp.inputs.push_back(comp.sources.addBuffer(
            "input0.json", R"({"@context":)" + context + R"(,"@id":"dtmi:test:i;1","@type":"Interface"})"));
        dtc::driver::compile(comp, {});
        std::vector<std::string> out;
        for (const auto& d : comp.diags.diagnostics())
            out.push_back(d.validationId.substr(d.validationId.rfind(':') + 1));
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(ids(R"(["dtmi:iotcentral:context;2","dtmi:dtdl:context;2"])"), V{});
    EXPECT_EQ(ids(R"(["dtmi:dtdl:extension:historization;1","dtmi:dtdl:context;3"])"), V{"missingDtdlContext"});
    EXPECT_EQ(ids(R"([{"Altitude":"dtmi:standard:class:Length;2"},"dtmi:dtdl:context;2"])"), V{"missingDtdlContext"});
    EXPECT_EQ(ids(R"([{"Altitude":"dtmi:standard:class:Length;3"}])"), V{"missingDtdlContext"});
    EXPECT_EQ(ids(R"(["dtmi:dtdl:context;3",{"Altitude":"dtmi:standard:class:Length;3"}])"), V{"disallowedLocalContext"});
}

} // namespace
