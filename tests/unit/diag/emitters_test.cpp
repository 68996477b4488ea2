// The diagnostic renderers: text (gcc/clang shape), JSON (stable keys), SARIF 2.1.0 (validated
// against the official schema), and the generated docs/diagnostics.md being up to date.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "diag/diag.h"

namespace dtc::diag {
namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Code code(std::string_view id) {
    auto c = findCode(id);
    if (!c) throw std::runtime_error("no catalogue entry " + std::string(id));
    return *c;
}

/// A small model file and diagnostics on it: a JSON syntax error on line 2 (after a multi-byte
/// character), a DTDL rule violation with element fields and a note, and one without location.
struct Fixture {
    SourceManager sm;
    FileId file;
    std::vector<Diagnostic> diags;

    Fixture() {
        //                            line 1                      line 2
        file = sm.addBuffer("models/thermo.json", "{\n  \"d\xC3\xA9\": tru,\n  \"@type\": \"Telemetry\"\n}\n");
        // "tru" starts at byte 2 + 2 + 1 + 2 + 1 + 1 + 1 = offset of 't' in line 2.
        std::string_view text = sm.text(file);
        auto tru = static_cast<std::uint32_t>(text.find("tru"));
        Diagnostic syntax = Diagnostic::make(code("DTC1001"), {file, tru, tru + 3});
        syntax.arg("detail", "invalid literal");
        diags.push_back(syntax);

        auto type = static_cast<std::uint32_t>(text.find("\"Telemetry\""));
        Diagnostic rule = Diagnostic::make(code("DTC2001"), {file, type, type + 11});
        rule.validationId = "dtmi:dtdl:parsingError:typeNotRootable";
        rule.arg("message", "a Telemetry cannot be a top-level element");
        rule.primaryId = "dtmi:ex:T;1";
        rule.property = "@type";
        rule.value = "Telemetry";
        rule.note({file, 0, 1}, "document starts here");
        diags.push_back(rule);

        Diagnostic io = Diagnostic::make(code("DTC9002"));
        io.arg("path", "empty-dir");
        diags.push_back(io);
    }
};

// ---- text ---------------------------------------------------------------------------------------

TEST(Engine, RetainIfKeepsTheCountsTrue) {
    Engine e;
    auto error = [](std::string id) {
        auto d = Diagnostic::make(Code::DtdlRule);
        d.validationId = std::move(id);
        return d;
    };
    e.report(error("dtmi:dtdl:parsingError:propertyUndefinedTerm"));
    e.report(error("dtmi:dtdl:parsingError:invalidContext"));
    auto w = Diagnostic::make(Code::DtdlRule);
    w.severity = Severity::Warning;
    e.report(std::move(w));
    ASSERT_EQ(e.errorCount(), 2u);
    ASSERT_EQ(e.warningCount(), 1u);
    e.retainIf([](const Diagnostic& d) { return d.validationId != "dtmi:dtdl:parsingError:propertyUndefinedTerm"; });
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].validationId, "dtmi:dtdl:parsingError:invalidContext");
    EXPECT_EQ(e.errorCount(), 1u);
    EXPECT_EQ(e.warningCount(), 1u);
    e.retainIf([](const Diagnostic& d) { return d.severity != Severity::Warning; });
    EXPECT_EQ(e.warningCount(), 0u);
    EXPECT_TRUE(e.hasErrors());
}

TEST(TextEmitter, GccShapeWithCaretUnderTheCodePointColumn) {
    Fixture f;
    std::ostringstream out;
    emitText(out, f.sm, std::span(f.diags).first(1));
    std::string s = out.str();
    // Column counts code points: two spaces, quote, d, e-acute, quote, colon, space -> col 9.
    EXPECT_NE(s.find("models/thermo.json:2:9: error: invalid JSON: invalid literal [DTC1001]\n"),
              std::string::npos)
        << s;
    // The source line, then a caret under column 9 and '~' under the rest of the range.
    EXPECT_NE(s.find(" 2 |   \"d\xC3\xA9\": tru,\n"), std::string::npos) << s;
    EXPECT_NE(s.find("   |         ^~~\n"), std::string::npos) << s;
}

TEST(TextEmitter, NoColourUnlessAskedFor) {
    Fixture f;
    std::ostringstream plain, coloured;
    emitText(plain, f.sm, f.diags);
    TextOptions withColour;
    withColour.color = true;
    emitText(coloured, f.sm, f.diags, withColour);
    EXPECT_EQ(plain.str().find('\x1b'), std::string::npos);
    EXPECT_NE(coloured.str().find("\x1b["), std::string::npos);
}

TEST(TextEmitter, DtdlRulesShowTheValidationIdAndNotes) {
    Fixture f;
    std::ostringstream out;
    emitText(out, f.sm, f.diags);
    std::string s = out.str();
    EXPECT_NE(s.find("models/thermo.json:3:12: error: a Telemetry cannot be a top-level element "
                     "[dtmi:dtdl:parsingError:typeNotRootable]"),
              std::string::npos)
        << s;
    EXPECT_NE(s.find("models/thermo.json:1:1: note: document starts here"), std::string::npos) << s;
    // A diagnostic without a location names the tool instead of a file.
    EXPECT_NE(s.find("dtc-compile: error: "), std::string::npos) << s;
    EXPECT_NE(s.find("[DTC9002]"), std::string::npos) << s;
}

TEST(TextEmitter, SnippetCanBeTurnedOff) {
    Fixture f;
    std::ostringstream out;
    TextOptions o;
    o.snippet = false;
    emitText(out, f.sm, std::span(f.diags).first(1), o);
    EXPECT_EQ(out.str().find('^'), std::string::npos) << out.str();
}

// ---- JSON ---------------------------------------------------------------------------------------

TEST(JsonEmitter, DiagnosticsAndSummaryHaveTheStableKeys) {
    Fixture f;
    std::ostringstream out;
    Summary summary{1, 0, 3, 2, 0};
    emitJson(out, f.sm, f.diags, summary);
    nlohmann::json doc = nlohmann::json::parse(out.str());
    ASSERT_TRUE(doc.contains("diagnostics"));
    ASSERT_EQ(doc["diagnostics"].size(), 3u);
    for (const auto& d : doc["diagnostics"]) {
        for (const char* key : {"severity", "code", "message", "file", "line", "column", "primaryId",
                                "secondaryId", "property", "value"}) {
            EXPECT_TRUE(d.contains(key)) << "missing key " << key << " in " << d.dump();
        }
    }
    const auto& syntax = doc["diagnostics"][0];
    EXPECT_EQ(syntax["code"], "DTC1001");
    EXPECT_EQ(syntax["severity"], "error");
    EXPECT_EQ(syntax["file"], "models/thermo.json");
    EXPECT_EQ(syntax["line"], 2);
    EXPECT_EQ(syntax["column"], 9);
    EXPECT_TRUE(syntax["primaryId"].is_null());
    const auto& rule = doc["diagnostics"][1];
    EXPECT_EQ(rule["code"], "dtmi:dtdl:parsingError:typeNotRootable");
    EXPECT_EQ(rule["primaryId"], "dtmi:ex:T;1");
    EXPECT_EQ(rule["property"], "@type");
    EXPECT_EQ(rule["value"], "Telemetry");
    EXPECT_TRUE(doc["diagnostics"][2]["file"].is_null());
    ASSERT_TRUE(doc.contains("summary"));
    for (const char* key : {"files", "interfaces", "elements", "errors", "warnings"})
        EXPECT_TRUE(doc["summary"].contains(key)) << "missing summary key " << key;
    EXPECT_EQ(doc["summary"]["errors"], 2);
}

// ---- SARIF --------------------------------------------------------------------------------------

std::string sarifSchemaPath() {
    return std::string(DTC_BINARY_DIR) + "/test-tools/sarif/sarif-2.1.0.json";
}

/// Validates `text` against the SARIF 2.1.0 schema; returns "" or the first violation.
std::string validateSarif(const std::string& text) {
    rapidjson::Document schemaDoc;
    schemaDoc.Parse(readFile(sarifSchemaPath()).c_str());
    if (schemaDoc.HasParseError()) return "the SARIF schema does not parse";
    rapidjson::SchemaDocument schema(schemaDoc);
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    if (doc.HasParseError())
        return std::string("output is not JSON: ") + rapidjson::GetParseError_En(doc.GetParseError());
    rapidjson::SchemaValidator validator(schema);
    if (doc.Accept(validator)) return "";
    rapidjson::StringBuffer where, rule;
    validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
    validator.GetInvalidSchemaPointer().StringifyUriFragment(rule);
    return std::string("invalid at ") + where.GetString() + ": schema rule " + rule.GetString() +
           " (keyword " + validator.GetInvalidSchemaKeyword() + ")";
}

TEST(SarifEmitter, OutputConformsToTheSarif210Schema) {
    if (!std::filesystem::exists(sarifSchemaPath()))
        GTEST_SKIP() << "SARIF schema not found at " << sarifSchemaPath()
                     << "; run scripts/fetch-test-tools " << DTC_BINARY_DIR << "/test-tools";
    Fixture f;
    f.diags[1].note({}, "a note about no place in a file");
    std::ostringstream out;
    emitSarif(out, f.sm, f.diags, "0.1.0", "/work/project");
    EXPECT_EQ(validateSarif(out.str()), "") << out.str();

    nlohmann::json doc = nlohmann::json::parse(out.str());
    EXPECT_EQ(doc["version"], "2.1.0");
    ASSERT_EQ(doc["runs"].size(), 1u);
    const auto& run = doc["runs"][0];
    EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
    ASSERT_EQ(run["results"].size(), 3u);
    const auto& first = run["results"][0];
    EXPECT_EQ(first["ruleId"], "DTC1001");
    const auto& region = first["locations"][0]["physicalLocation"]["region"];
    EXPECT_EQ(region["startLine"], 2);
    EXPECT_EQ(region["startColumn"], 9);
    EXPECT_EQ(run["results"][1]["ruleId"], "dtmi:dtdl:parsingError:typeNotRootable");
    // Both notes are related locations: the one with a place in the file, and the one with
    // its message alone.
    const auto& related = run["results"][1]["relatedLocations"];
    ASSERT_EQ(related.size(), 2u) << related.dump();
    EXPECT_EQ(related[0]["message"]["text"], "document starts here");
    EXPECT_EQ(related[0]["physicalLocation"]["region"]["startLine"], 1);
    EXPECT_EQ(related[1]["message"]["text"], "a note about no place in a file");
    EXPECT_FALSE(related[1].contains("physicalLocation"));
    // Every result's rule is described, at the index it names.
    for (const auto& r : run["results"]) {
        std::size_t index = r["ruleIndex"];
        ASSERT_LT(index, run["tool"]["driver"]["rules"].size());
        EXPECT_EQ(run["tool"]["driver"]["rules"][index]["id"], r["ruleId"]);
    }
}

TEST(SarifEmitter, SchemaCheckRejectsBrokenSarif) {
    // Guards the test above: the validator must actually reject documents the schema forbids.
    if (!std::filesystem::exists(sarifSchemaPath()))
        GTEST_SKIP() << "SARIF schema not found at " << sarifSchemaPath();
    EXPECT_NE(validateSarif(R"({"version":"2.1.0","runs":[{"tool":{"driver":{}}}]})"), "");
    EXPECT_NE(validateSarif(
                  R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[)"
                  R"({"message":{"text":"m"},"locations":[{"physicalLocation":{"region":{"startLine":0}}}]}]}]})"),
              "");
}

// ---- docs ---------------------------------------------------------------------------------------

TEST(Docs, DiagnosticsMdIsUpToDate) {
    std::string committed = std::string(DTC_SOURCE_DIR) + "/docs/diagnostics.md";
    std::string generated = DTC_GENERATED_DIAGNOSTICS_MD;
    ASSERT_TRUE(std::filesystem::exists(generated)) << generated << " was not generated";
    EXPECT_TRUE(readFile(committed) == readFile(generated))
        << "docs/diagnostics.md is stale or missing; run `cmake --build build --target update-docs`";
}

} // namespace
} // namespace dtc::diag
