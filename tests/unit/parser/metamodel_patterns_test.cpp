// Every regular expression of the DTDL metamodel compiles with std::regex and keeps its meaning
// (the metamodel uses .NET syntax; the front end converts it).
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "metamodel/metamodel.h"
#include "parser/dtdl/standard_elements.h"

namespace {

using dtc::metamodel::Metamodel;
using dtc::parser::dtdl::metamodelRegex;

TEST(MetamodelPatterns, EveryPatternCompiles) {
    std::size_t n = 0;
    for (const auto& [iri, cls] : Metamodel::get().classes()) {
        for (const auto& p : cls.properties) {
            if (p.pattern.empty()) continue;
            ++n;
            EXPECT_NO_THROW((void)metamodelRegex(p.pattern)) << iri << " " << p.iri << ": " << p.pattern;
        }
    }
    for (int v : {2, 3, 4}) {
        ++n;
        EXPECT_NO_THROW((void)metamodelRegex(Metamodel::get().globals(v).idPattern));
    }
    EXPECT_GT(n, 10u);
}

TEST(MetamodelPatterns, MqttTopicBracesAreLiteral) {
    const auto* mqtt = Metamodel::get().cls("dtmi:dtdl:extension:mqtt:v1:Mqtt");
    ASSERT_NE(mqtt, nullptr);
    std::string pattern;
    for (const auto& p : mqtt->properties)
        if (p.iri.ends_with(":telemetryTopic")) pattern = p.pattern;
    ASSERT_FALSE(pattern.empty());
    const std::regex& re = metamodelRegex(pattern);
    EXPECT_TRUE(std::regex_search("vehicles/{modelId}/telemetry", re));
    EXPECT_TRUE(std::regex_search("a/b/c", re));
    EXPECT_FALSE(std::regex_search("", re));
    EXPECT_FALSE(std::regex_search("a//b", re));
}

TEST(MetamodelPatterns, QuantifiersStayQuantifiers) {
    const std::regex& re = metamodelRegex("^[a-z]{2,3}$");
    EXPECT_TRUE(std::regex_match("ab", re));
    EXPECT_FALSE(std::regex_match("abcd", re));
}

} // namespace

namespace {

// The hand-written matchers agree with std::regex on the patterns they replace.
TEST(MetamodelPatterns, FastMatchersAgreeWithRegex) {
    using dtc::parser::dtdl::matchesPattern;
    std::vector<std::string> patterns;
    for (int v : {2, 3, 4}) patterns.push_back(Metamodel::get().globals(v).idPattern);
    for (const auto& [iri, cls] : Metamodel::get().classes())
        for (const auto& p : cls.properties)
            if (p.iri.starts_with("dtmi:dtdl:property:name;") && !p.pattern.empty()) patterns.push_back(p.pattern);
    const std::vector<std::string> samples = {
        "", "a", "A1", "a_", "_a", "a_b", "1a", "ab-c", "dtmi:a;1", "dtmi:a:b;1", "dtmi:a", "dtmi:a;0",
        "dtmi:a;01", "dtmi:a;1.2", "dtmi:a;1.02", "dtmi:a;1234567890", "dtmi:a;123456789",
        "dtmi:a:_b;1", "dtmi:a_:b;1", "dtmi::a;1", "dtmi:a;1.1234567", "dtmi:a;1.123456", "dtmi:a;",
        "dtmi:a;1#x", "dtmi:A9:b_c;3", "DTMI:a;1", "dtmi:a;1.", "name", "averyLongName_with_underscore9"};
    for (const auto& pat : patterns) {
        std::regex re(std::string(pat), std::regex::ECMAScript);
        for (const auto& s : samples)
            EXPECT_EQ(matchesPattern(pat, s), std::regex_search(s, re)) << pat << " on '" << s << "'";
    }
}

} // namespace
