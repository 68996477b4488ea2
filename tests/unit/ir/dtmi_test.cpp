// Unit tests for the DTMI syntax (src/ir/dtmi.h), plus every case of
// ../shared/conformance/dtdl/dtmis run through parseDtmi.
#include "ir/dtmi.h"
#include "support/conformance_cases.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dtc::ir {
namespace {

TEST(Dtmi, DecomposesTwoPartVersionAndFragment) {
    const auto d = parseDtmi("dtmi:com:example:Thermostat;1.34#frag");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->labels, (std::vector<std::string>{"com", "example", "Thermostat"}));
    EXPECT_EQ(d->majorVersion, 1);
    EXPECT_EQ(d->minorVersion, 34);
    EXPECT_EQ(d->completeVersion, "1.34");
    EXPECT_DOUBLE_EQ(d->completeVersionValue(), 1.000034);
    EXPECT_TRUE(d->hasFragment);
    EXPECT_EQ(d->fragment, "frag");
    EXPECT_EQ(d->fragmentWithHash(), "#frag");
    EXPECT_EQ(d->versionless, "dtmi:com:example:Thermostat#frag");
    EXPECT_FALSE(d->reserved);
}

TEST(Dtmi, UnversionedHasZeroVersion) {
    const auto d = parseDtmi("dtmi:foo:bar");
    ASSERT_TRUE(d);
    EXPECT_FALSE(d->hasVersion());
    EXPECT_EQ(d->completeVersion, "");
    EXPECT_EQ(d->versionless, "dtmi:foo:bar");
    EXPECT_FALSE(d->hasFragment);
}

TEST(Dtmi, EmptyFragmentIsKept) {
    const auto d = parseDtmi("dtmi:foo;1#");
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->hasFragment);
    EXPECT_EQ(d->fragment, "");
    EXPECT_EQ(d->fragmentWithHash(), "#");
}

TEST(Dtmi, SystemSegmentsMakeASystemDtmi) {
    EXPECT_TRUE(parseDtmi("dtmi:foo_bar:_16:baz33:qux;12")->reserved); // the spec's example
    EXPECT_TRUE(parseDtmi("dtmi:a:__b1;1")->reserved);
    EXPECT_TRUE(parseDtmi("dtmi:a;1#_x")->reserved);
    EXPECT_FALSE(parseDtmi("dtmi:a_b:c;1")->reserved);
    EXPECT_FALSE(isDtmi("dtmi:a:_;1")); // "_" alone needs a final letter or digit
    EXPECT_FALSE(isDtmi("dtmi:a:__;1"));
}

TEST(Dtmi, RejectsBadSyntax) {
    for (const char* bad : {"",
                            "dtmi",
                            "dtmi:",
                            "DTMI:foo;1",
                            "dtmi:foo;",
                            "dtmi:foo;1.",
                            "dtmi:foo;.1",
                            "dtmi:foo;1.2.3",
                            "dtmi:foo;1;2",
                            "dtmi:foo:;1",
                            "dtmi::foo;1",
                            "dtmi:foo-bar;1",
                            "dtmi:foo;1#a#b",
                            "dtmi:foo;1#a:b",
                            "dtmi:foo;1#a;1",
                            "dtmi:foo bar;1",
                            "dtmi:é;1",
                            "dtmi:foo;+1",
                            "dtmi:foo;-1",
                            "dtmi:foo;1 ",
                            " dtmi:foo;1",
                            "dtmi:9foo;1"}) {
        EXPECT_FALSE(isDtmi(bad)) << bad;
    }
}

TEST(Dtmi, VersionLimits) {
    EXPECT_TRUE(versionNumberValid("1"));
    EXPECT_TRUE(versionNumberValid("999999999"));
    EXPECT_FALSE(versionNumberValid("1000000000"));
    EXPECT_FALSE(versionNumberValid("0"));
    EXPECT_FALSE(versionNumberValid("01"));
    EXPECT_TRUE(versionNumberValid("1.999999"));
    EXPECT_FALSE(versionNumberValid("1.1000000"));
    EXPECT_FALSE(versionNumberValid("1.0"));
    EXPECT_FALSE(versionNumberValid("1.01"));
    EXPECT_FALSE(versionNumberValid("1.2", /*allowMinor=*/false));
    EXPECT_FALSE(versionNumberValid(""));
}

TEST(Dtmi, SegmentHelper) {
    EXPECT_TRUE(isDtmiSegment("a"));
    EXPECT_TRUE(isDtmiSegment("a_1"));
    EXPECT_FALSE(isDtmiSegment("a_"));
    EXPECT_FALSE(isDtmiSegment("1a"));
    EXPECT_TRUE(isDtmiSegment("_a"));
    EXPECT_FALSE(isDtmiSegment("_a", /*allowSystem=*/false));
}

TEST(Dtmi, ReservedPrefixes) {
    EXPECT_TRUE(isReservedDtmi("dtmi:dtdl:instance:Schema:double;2"));
    EXPECT_TRUE(isReservedDtmi("dtmi:standard:schema:geospatial:point;4"));
    EXPECT_FALSE(isReservedDtmi("dtmi:dtdlx:a;1"));
    EXPECT_FALSE(isReservedDtmi("dtmi:com:dtdl:a;1"));
}

TEST(Dtmi, NoLengthLimitInSyntax) {
    std::string id = "dtmi:a";
    while (id.size() < kMaxDtmiLength + 10)
        id += ":abcdefgh";
    EXPECT_TRUE(isDtmi(id + ";1")); // length is a usage restriction, checked by front ends
}

TEST(Dtmi, GeneratedChildId) {
    EXPECT_EQ(generatedChildId("dtmi:com:example:Thermostat;1", "contents", "temperature"),
              "dtmi:com:example:Thermostat:_contents:__temperature;1");
    EXPECT_EQ(generatedChildId("dtmi:com:example:Thermostat:_contents:__reboot;1", "request"),
              "dtmi:com:example:Thermostat:_contents:__reboot:_request;1");
    EXPECT_EQ(generatedChildId("dtmi:com:example:A;2.1", "schemas", "s"), "dtmi:com:example:A:_schemas:__s;2.1");
    EXPECT_EQ(generatedChildId("dtmi:com:example:NoVersion", "schema"), "dtmi:com:example:NoVersion:_schema");
}

// ---- the official DTMI cases ------------------------------------------------------------------

struct DtmiCase {
    std::string id;
    nlohmann::json data;
    friend void PrintTo(const DtmiCase& c, std::ostream* os) { *os << c.id; }
};

std::vector<DtmiCase> loadDtmiCases() {
    std::vector<DtmiCase> cases;
    for (auto& c : dtc::testing::loadConformanceCases("dtmis"))
        cases.push_back({c.at("id").get<std::string>(), std::move(c)});
    return cases;
}

class DtmiConformance : public ::testing::TestWithParam<DtmiCase> {};

TEST_P(DtmiConformance, Case) {
    const auto& c = GetParam().data;
    const std::string text = c.at("idText").get<std::string>();
    const auto d = parseDtmi(text);
    ASSERT_EQ(d.has_value(), c.at("valid").get<bool>()) << text;
    if (!d)
        return;
    const auto& e = c.at("expect").at("dtmi");
    EXPECT_EQ(d->majorVersion, e.at("MajorVersion").get<int>());
    EXPECT_EQ(d->minorVersion, e.at("MinorVersion").get<int>());
    EXPECT_DOUBLE_EQ(d->completeVersionValue(), e.at("CompleteVersion").get<double>());
    EXPECT_EQ(d->versionless, e.at("Versionless").get<std::string>());
    EXPECT_EQ(d->labels, e.at("Labels").get<std::vector<std::string>>());
    EXPECT_EQ(d->reserved, e.at("IsReserved").get<bool>());
    EXPECT_EQ(d->fragmentWithHash(), e.at("Fragment").get<std::string>());
}

TEST(DtmiConformanceSuite, AllCasesLoaded) {
    EXPECT_EQ(loadDtmiCases().size(), 34u) << "expected the 34 cases of conformance/dtdl/dtmis";
}

INSTANTIATE_TEST_SUITE_P(Dtmis, DtmiConformance, ::testing::ValuesIn(loadDtmiCases()),
                         [](const ::testing::TestParamInfo<DtmiCase>& info) {
                             // "dtmis/DtmiVersionTwoPart#0" -> "DtmiVersionTwoPart_0"
                             std::string n = info.param.id.substr(info.param.id.find('/') + 1);
                             std::replace_if(
                                 n.begin(), n.end(),
                                 [](char ch) {
                                     return !std::isalnum(static_cast<unsigned char>(ch));
                                 },
                                 '_');
                             return n;
                         });

} // namespace
} // namespace dtc::ir
