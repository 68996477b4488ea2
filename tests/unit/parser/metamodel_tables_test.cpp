// The metamodel's precomputed lookups (property ids, DTDL property kinds, per-class rule lists,
// globals by version) agree with the IRIs and tables they stand for: readers match terms to rules
// and dispatch on rules through them instead of comparing IRIs.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "metamodel/metamodel.h"

namespace {

using dtc::metamodel::DtdlProperty;
using dtc::metamodel::dtdlPropertyOf;
using dtc::metamodel::Metamodel;

TEST(MetamodelTables, PropertyIdsNameExactlyOneIri) {
    const Metamodel& mm = Metamodel::get();
    std::map<std::int32_t, std::string> iriOfId;
    std::size_t rules = 0;
    for (const auto& [iri, cls] : mm.classes()) {
        for (const auto& p : cls.properties) {
            ++rules;
            ASSERT_GE(p.propertyId, 0) << iri << " " << p.iri;
            EXPECT_EQ(mm.propertyId(p.iri), p.propertyId) << p.iri;
            auto [it, fresh] = iriOfId.try_emplace(p.propertyId, p.iri);
            if (!fresh) {
                EXPECT_EQ(it->second, p.iri) << "id " << p.propertyId << " names two IRIs";
            }
        }
    }
    EXPECT_GT(rules, 100u);
    EXPECT_EQ(mm.propertyId("dtmi:com:example:notAProperty;1"), -1);
}

TEST(MetamodelTables, ContextTermsCarryTheirPropertyId) {
    const Metamodel& mm = Metamodel::get();
    std::size_t withId = 0;
    for (const std::string& cid : mm.contextIds()) {
        for (const auto& [term, t] : mm.context(cid)->terms) {
            EXPECT_EQ(t.propertyId, mm.propertyId(t.iri)) << cid << " " << term;
            if (t.propertyId >= 0) ++withId;
        }
    }
    EXPECT_GT(withId, 50u);
    // "schema" of the v3 context and of the v2 context are two properties.
    const auto& v3 = mm.context("dtmi:dtdl:context;3")->terms.at("schema");
    const auto& v2 = mm.context("dtmi:dtdl:context;2")->terms.at("schema");
    EXPECT_GE(v3.propertyId, 0);
    EXPECT_GE(v2.propertyId, 0);
    EXPECT_NE(v3.propertyId, v2.propertyId);
}

TEST(MetamodelTables, DtdlPropertyKinds) {
    EXPECT_EQ(dtdlPropertyOf("dtmi:dtdl:property:name;2"), DtdlProperty::Name);
    EXPECT_EQ(dtdlPropertyOf("dtmi:dtdl:property:name;4"), DtdlProperty::Name);
    EXPECT_EQ(dtdlPropertyOf("dtmi:dtdl:property:schema;3"), DtdlProperty::Schema);
    EXPECT_EQ(dtdlPropertyOf("dtmi:dtdl:property:schemas;3"), DtdlProperty::Schemas);
    EXPECT_EQ(dtdlPropertyOf("dtmi:dtdl:property:maxMultiplicity;3"), DtdlProperty::MaxMultiplicity);
    EXPECT_EQ(dtdlPropertyOf("dtmi:dtdl:property:unit;2"), DtdlProperty::Other);
    EXPECT_EQ(dtdlPropertyOf("dtmi:dtdl:property:name"), DtdlProperty::Other); // no version
    EXPECT_EQ(dtdlPropertyOf("dtmi:dtdl:property:names;3"), DtdlProperty::Other);
    EXPECT_EQ(dtdlPropertyOf("dtmi:dtdl:extension:mqtt:v1:property:name;1"), DtdlProperty::Other);
    // Every rule carries the kind of its IRI.
    for (const auto& [iri, cls] : Metamodel::get().classes())
        for (const auto& p : cls.properties) EXPECT_EQ(p.dtdl, dtdlPropertyOf(p.iri)) << p.iri;
}

TEST(MetamodelTables, ClassRulesAndGlobalsByVersion) {
    const Metamodel& mm = Metamodel::get();
    for (const auto& [iri, cls] : mm.classes()) {
        ASSERT_NE(cls.allProperties, nullptr) << iri;
        EXPECT_EQ(&mm.propertiesOf(cls), &mm.propertiesOf(std::string_view(iri))) << iri;
    }
    for (int v : {2, 3, 4}) EXPECT_EQ(mm.globals(v).dtdlVersion, v);
    EXPECT_THROW((void)mm.globals(9), std::logic_error);
}

} // namespace
