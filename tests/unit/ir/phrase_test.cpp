// formatPhrase: the official DTDL parser's message templating. The conformance runner checks the
// 56 cases of ../shared/conformance/dtdl/phrases; these tests cover what those cases do not:
// deeper and mixed generated identifiers, versions and fragments, identifiers that only look
// generated, and the placeholder syntax itself (unknown names, missing values, stray braces).
#include "ir/phrase.h"
#include "ir/dtmi.h"
#include "support/conformance_cases.h"

#include <gtest/gtest.h>
#include <initializer_list>
#include <string>
#include <vector>

namespace dtc::ir {
namespace {

std::string format(std::string_view phrase, std::initializer_list<PhraseValue> values) {
    return formatPhrase(phrase, std::vector<PhraseValue>(values));
}

/// The identifier in the four cases, joined by '|': nominative|possessive|relative|elective.
std::string cases(std::string_view id) {
    return format("{id:n}|{id:p}|{id:r}|{id:e}", {{"id", id}});
}

TEST(Phrase, PlainPlaceholderInsertsTheValueAsIs) {
    EXPECT_EQ(format("Element {id} is unexpected.", {{"id", "dtmi:ex:a:_schema;1"}}),
              "Element dtmi:ex:a:_schema;1 is unexpected.");
    EXPECT_EQ(format("{a}{b}{a}", {{"a", "1"}, {"b", "2"}}), "121");
    EXPECT_EQ(format("no placeholder", {{"a", "1"}}), "no placeholder");
    EXPECT_EQ(format("", {{"a", "1"}}), "");
    EXPECT_EQ(format("{a}", {{"a", ""}}), "");
}

TEST(Phrase, IdentifierKinds) {
    EXPECT_EQ(cases("_:b7"), "_:b7|_:b7's||");
    EXPECT_EQ(cases("urn:x:y"), "urn:x:y|urn:x:y's| 'urn:x:y'| 'urn:x:y'");
    EXPECT_EQ(cases("dtmi:ex:9a;1"), "dtmi:ex:9a;1|dtmi:ex:9a;1's| 'dtmi:ex:9a;1'| 'dtmi:ex:9a;1'");
    EXPECT_EQ(cases("dtmi:ex:a;1"), "dtmi:ex:a;1|dtmi:ex:a;1's| dtmi:ex:a;1| dtmi:ex:a;1");
    // Not a blank node, not a DTMI: an IRI.
    EXPECT_EQ(cases("_x"), "_x|_x's| '_x'| '_x'");
    EXPECT_EQ(cases(""), "|'s| ''| ''");
}

TEST(Phrase, GeneratedIdentifierWithThreeLevels) {
    const std::string id = "dtmi:ex:Room:_contents:__temp:_schema:_fields:__unit;2";
    EXPECT_EQ(format("{id:n} is missing a required property.", {{"id", id}}),
              "dtmi:ex:Room;2 has 'contents' value with name 'temp' which has 'schema' value "
              "which has 'fields' value with name 'unit' which is missing a required property.");
    EXPECT_EQ(format("{id:p} property 'x' is bad.", {{"id", id}}),
              "dtmi:ex:Room;2 has 'contents' value with name 'temp' which has 'schema' value "
              "which has 'fields' value with name 'unit' whose property 'x' is bad.");
    EXPECT_EQ(format("Nested element{id:r} is bad.", {{"id", id}}),
              "Nested element with name 'unit' is bad.");
    EXPECT_EQ(format("Top-level element{id:e} is bad.", {{"id", id}}), "Top-level element is bad.");
}

// The official parser's cause for a Property {name: temp, schema: Object {fields: [{name: unit,
// schema: Array without elementSchema}]}} of dtmi:ex:Room;1 (DTDLParser 1.1.3, through
// ../shared/tools/dtdl-reference), from its missingObjectProperty template.
TEST(Phrase, OfficialCauseForAFiveLevelIdentifier) {
    EXPECT_EQ(
        format("{primaryId:n} requires property '{property}'; however, this property is "
               "not present.",
               {{"primaryId", "dtmi:ex:Room:_contents:__temp:_schema:_fields:__unit:_schema;1"},
                {"property", "elementSchema"}}),
        "dtmi:ex:Room;1 has 'contents' value with name 'temp' which has 'schema' value which "
        "has 'fields' value with name 'unit' which has 'schema' value which requires "
        "property 'elementSchema'; however, this property is not present.");
}

TEST(Phrase, GeneratedIdentifierVersionAndFragment) {
    EXPECT_EQ(cases("dtmi:ex:a:_schema;3.14"),
              "dtmi:ex:a;3.14 has 'schema' value which|dtmi:ex:a;3.14 has 'schema' value whose||");
    EXPECT_EQ(cases("dtmi:ex:a:_schema"),
              "dtmi:ex:a has 'schema' value which|dtmi:ex:a has 'schema' value whose||");
    // The fragment is not part of the description, nor of a printed user DTMI.
    EXPECT_EQ(cases("dtmi:ex:a:_enumValues:__on;1#f"),
              "dtmi:ex:a;1 has 'enumValues' value with name 'on' which|"
              "dtmi:ex:a;1 has 'enumValues' value with name 'on' whose| with name 'on'|");
    EXPECT_EQ(cases("dtmi:ex:a;1#_f"), "dtmi:ex:a;1|dtmi:ex:a;1's| dtmi:ex:a;1| dtmi:ex:a;1");
}

TEST(Phrase, GeneratedNamesMayBeNumbers) {
    EXPECT_EQ(cases("dtmi:ex:a2:_contents:__7;1"),
              "dtmi:ex:a2;1 has 'contents' value with name '7' which|"
              "dtmi:ex:a2;1 has 'contents' value with name '7' whose| with name '7'|");
}

TEST(Phrase, RootKeepsUserSegmentsBetweenGeneratedOnes) {
    EXPECT_EQ(format("{id:n}", {{"id", "dtmi:ex:_x:b:_y;1"}}),
              "dtmi:ex:_x:b;1 has 'y' value which");
}

TEST(Phrase, IdentifiersTheParserDoesNotGenerateArePrinted) {
    // A system segment last, but no property before the name, or no user segment at all.
    EXPECT_EQ(cases("dtmi:ex:a:__b;1"),
              "dtmi:ex:a:__b;1|dtmi:ex:a:__b;1's| dtmi:ex:a:__b;1| dtmi:ex:a:__b;1");
    EXPECT_EQ(cases("dtmi:ex:__a:__b;1"),
              "dtmi:ex:__a:__b;1|dtmi:ex:__a:__b;1's| dtmi:ex:__a:__b;1| dtmi:ex:__a:__b;1");
    EXPECT_EQ(cases("dtmi:_a:_b;1"), "dtmi:_a:_b;1|dtmi:_a:_b;1's| dtmi:_a:_b;1| dtmi:_a:_b;1");
    // A system segment that is not last: the identifier is a user one for the phrase.
    EXPECT_EQ(cases("dtmi:ex:_a:b;1"), "dtmi:ex:_a:b;1|dtmi:ex:_a:b;1's| dtmi:ex:_a:b;1| "
                                       "dtmi:ex:_a:b;1");
}

TEST(Phrase, SeveralIdentifiers) {
    EXPECT_EQ(
        format("{a:p} property '{p}' refers to{b:e} {c:n}.",
               {{"a", "dtmi:ex:a:_schema;1"}, {"b", "http://x/y"}, {"c", "_:b0"}, {"p", "q"}}),
        "dtmi:ex:a;1 has 'schema' value whose property 'q' refers to 'http://x/y' _:b0.");
}

TEST(Phrase, UnknownPlaceholderOrCaseIsKept) {
    EXPECT_EQ(format("{other} and {id}", {{"id", "v"}}), "{other} and v");
    EXPECT_EQ(format("{id:x} {id:nn} {id:} {:n}", {{"id", "dtmi:ex:a;1"}}),
              "{id:x} {id:nn} {id:} {:n}");
    EXPECT_EQ(format("{id:N}", {{"id", "dtmi:ex:a;1"}}), "{id:N}");
}

TEST(Phrase, MissingValueKeepsThePlaceholder) {
    EXPECT_EQ(format("{primaryId:p} property '{property}' is bad.", {}),
              "{primaryId:p} property '{property}' is bad.");
    EXPECT_EQ(format("{a:n} and {b:r}", {{"a", "_:b1"}}), "_:b1 and {b:r}");
}

TEST(Phrase, BracesInText) {
    EXPECT_EQ(format("{", {{"a", "1"}}), "{");
    EXPECT_EQ(format("}", {{"a", "1"}}), "}");
    EXPECT_EQ(format("{}", {{"a", "1"}}), "{}");
    EXPECT_EQ(format("a {a", {{"a", "1"}}), "a {a");
    EXPECT_EQ(format("{{a}}", {{"a", "1"}}), "{1}");
    EXPECT_EQ(format("{ {a} }", {{"a", "1"}}), "{ 1 }");
    EXPECT_EQ(format("{ \"@value\": {a} }", {{"a", "1"}}), "{ \"@value\": 1 }");
    EXPECT_EQ(format("}{a}{", {{"a", "1"}}), "}1{");
}

TEST(Phrase, ValuesAreNotScannedAgain) {
    EXPECT_EQ(format("{a} {b}", {{"a", "{b}"}, {"b", "2"}}), "{b} 2");
    EXPECT_EQ(format("{a:r}", {{"a", "x{a}"}}), " 'x{a}'");
}

TEST(Phrase, FirstOfTwoValuesWithOneNameCounts) {
    EXPECT_EQ(format("{a}", {{"a", "1"}, {"a", "2"}}), "1");
}

TEST(Phrase, WholeNameIsLookedUpBeforeTheCase) {
    EXPECT_EQ(format("{a:n}", {{"a:n", "whole"}, {"a", "_:b1"}}), "whole");
    EXPECT_EQ(format("{a:p}", {{"a:n", "whole"}, {"a", "_:b1"}}), "_:b1's");
}

// Every identifier of the official DTMI cases that is not generated reads unquoted in the
// relative case exactly when it is a DTMI (a fragment dropped), quoted when it is not.
TEST(Phrase, UserDtmisReadUnquotedOtherIdentifiersQuoted) {
    std::vector<std::string> ids = {
        "dtmi:a;1",          "dtmi:a",           "dtmi:a;0",    "dtmi:a;1.0", "dtmi:a;1.2",
        "dtmi:a_;1",         "dtmi:_;1",         "dtmi:a::b;1", "dtmi:a#",    "dtmi:a#1",
        "dtmi:a;1234567890", "dtmi:a;1.1234567", "dtmi:",       "DTMI:a;1"};
    for (const auto& c : dtc::testing::loadConformanceCases("dtmis"))
        ids.push_back(c.at("idText").get<std::string>());
    ASSERT_GT(ids.size(), 40U) << "the dtmis conformance cases were not found";
    for (const std::string& id : ids) {
        const auto dtmi = ir::parseDtmi(id);
        if (dtmi && !dtmi->labels.empty() && dtmi->labels.back().starts_with('_'))
            continue; // described, not printed
        const std::string expected = dtmi ? " " + id.substr(0, id.find('#')) : " '" + id + "'";
        EXPECT_EQ(format("{id:r}", {{"id", id}}), expected) << id;
    }
}

TEST(WithArticle, ByTheSoundOfTheFirstLetter) {
    EXPECT_EQ(withArticle("Interface"), "an Interface");
    EXPECT_EQ(withArticle("Array"), "an Array");
    EXPECT_EQ(withArticle("EnumValue"), "an EnumValue");
    EXPECT_EQ(withArticle("Object"), "an Object");
    EXPECT_EQ(withArticle("integer"), "an integer");
    EXPECT_EQ(withArticle("unsignedLong"), "an unsignedLong");
    EXPECT_EQ(withArticle("Map"), "a Map");
    EXPECT_EQ(withArticle("Telemetry"), "a Telemetry");
    EXPECT_EQ(withArticle("unit"), "a unit");
    EXPECT_EQ(withArticle("Unit"), "a Unit");
    EXPECT_EQ(withArticle("uuid"), "a uuid");
    EXPECT_EQ(withArticle("usual"), "a usual");
    EXPECT_EQ(withArticle("user"), "a user");
    EXPECT_EQ(withArticle(""), "a ");
}

} // namespace
} // namespace dtc::ir
