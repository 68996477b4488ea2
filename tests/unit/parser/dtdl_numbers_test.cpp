// Numbers past a double's range in DTDL documents. JSON sets no limit on a number's size, so
// such a document is valid JSON, and the DTDL rules judge the number: the official parser reads
// it as infinity (a .NET double), which is no integer, and prints it as "Infinity". Each
// expectation below is the official parser's report on the same model (tools/dtdl-reference,
// DTDLParser 1.1.3), on all five fields.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/dtdl_text.h"

namespace {

using Found = dtc::test::Reported;

std::vector<Found> check(const std::string& text) { return dtc::test::compileDtdl(text); }

std::string relationship(const std::string& context, const std::string& members) {
    return R"({"@context": ")" + context + R"(", "@id": "dtmi:com:example:N;1", "@type": "Interface",
              "contents": [{"@type": "Relationship", "name": "r", )" + members + "}]}";
}

std::string integerEnum(const std::string& valueSchema, const std::string& value) {
    return R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:example:N;1", "@type": "Interface",
              "contents": [{"@type": "Property", "name": "p", "schema": {"@type": "Enum", "valueSchema": ")" +
           valueSchema + R"(", "enumValues": [{"name": "a", "enumValue": )" + value + "}]}}]}";
}

const std::string kRelationship = "dtmi:com:example:N:_contents:__r;1";
const std::string kEnum = "dtmi:com:example:N:_contents:__p:_schema;1";
const std::string kEnumValue = "dtmi:com:example:N:_contents:__p:_schema:_enumValues:__a;1";

TEST(DtdlNumbers, AMultiplicityPastADoublesRangeIsNoInteger) {
    const std::vector<Found> max = {{"integerNotInteger", kRelationship, "", "maxMultiplicity", ""}};
    EXPECT_EQ(check(relationship("dtmi:dtdl:context;3", R"("maxMultiplicity": 1e999)")), max);
    EXPECT_EQ(check(relationship("dtmi:dtdl:context;3", R"("maxMultiplicity": -1e999)")), max);
    // (Zero, however large its exponent, is an integer: too small here.)
    EXPECT_EQ(check(relationship("dtmi:dtdl:context;3", R"("maxMultiplicity": 0e999)")),
              (std::vector<Found>{{"valueBelowMin", kRelationship, "", "maxMultiplicity", "0"}}));
    EXPECT_EQ(check(relationship("dtmi:dtdl:context;3", R"("maxMultiplicity": )" + std::string(400, '9'))), max);
    EXPECT_EQ(check(relationship("dtmi:dtdl:context;2", R"("minMultiplicity": 1e999)")),
              (std::vector<Found>{{"integerNotInteger", kRelationship, "", "minMultiplicity", ""}}));
    EXPECT_EQ(check(relationship("dtmi:dtdl:context;3", R"("maxMultiplicity": {"@value": 1e999})")),
              (std::vector<Found>{{"integerValueNotInteger", kRelationship, "", "maxMultiplicity", ""}}));
}

TEST(DtdlNumbers, AnEnumValuePastADoublesRangeIsInfinity) {
    EXPECT_EQ(check(integerEnum("integer", "1e400")),
              (std::vector<Found>{{"nonConformantDatatype", kEnumValue, kEnum, "enumValue", "Infinity"}}));
    EXPECT_EQ(check(integerEnum("integer", "-1e999")),
              (std::vector<Found>{{"nonConformantDatatype", kEnumValue, kEnum, "enumValue", "-Infinity"}}));
    EXPECT_EQ(check(integerEnum("integer", std::string(320, '1'))),
              (std::vector<Found>{{"nonConformantDatatype", kEnumValue, kEnum, "enumValue", "Infinity"}}));
    EXPECT_EQ(check(integerEnum("string", "1e999")),
              (std::vector<Found>{{"nonConformantDatatype", kEnumValue, kEnum, "enumValue", "Infinity"}}));
}

TEST(DtdlNumbers, ANumberPastADoublesRangeWhereAStringGoes) {
    // A display name is a string; an undefined property is no number's business either.
    EXPECT_EQ(check(R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:example:N;1", "@type": "Interface",
                        "contents": [{"@type": "Telemetry", "name": "t", "schema": "double", "displayName": 1e999}]})")
                  .size(),
              1u);
    const auto found = check(R"({"@context": "dtmi:dtdl:context;2", "@id": "dtmi:com:example:N;1", "@type": "Interface",
                                 "contents": [{"@type": "Telemetry", "name": "t", "schema": "double", "foo": 1e999}]})");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, "noTypeThatAllows");
}

} // namespace
