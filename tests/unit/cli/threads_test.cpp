// Reading the input files on two threads (driver::Options::readThreads = 2) gives what reading
// them on one gives: the same outcome, diagnostics and model, byte for byte in the dump. Valid
// sets are joined from two parts (Compilation::readInTwoParts); a set whose parts report
// anything, or define one identifier twice, is read again on one thread.
// Validating on two threads (Options::validateThreads = 2) gives what validating on one gives:
// on a model the last passes find nothing in, they ran ahead and were kept
// (Compilation::validatedAhead); with a finding of any pass, the passes ran again in order.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "diag/diag.h"
#include "driver/driver.h"
#include "ir/model.h"

namespace dtc::driver {
namespace {

namespace fs = std::filesystem;

/// Everything a compilation produced, as text: outcome, the diagnostics as `--format json` gives
/// them (every field and range), the undefined identifiers, the model's dump.
std::string describe(const Compilation& c) {
    std::ostringstream s;
    s << "outcome " << static_cast<int>(c.outcome) << " errors " << c.diags.errorCount() << " warnings "
      << c.diags.warningCount() << "\n";
    diag::emitJson(s, c.sources, c.diags.diagnostics(),
                   {c.inputs.size(), c.model.interfaceCount(), c.model.size(), c.diags.errorCount(), c.diags.warningCount()});
    for (const std::string& u : c.unresolved) s << "\nunresolved " << u;
    s << "\n";
    s << ir::dump(c.model, &c.sources, {true, true});
    return s.str();
}

using Files = std::vector<std::pair<std::string, std::string>>;

/// Threads of a compilation: `read` reader threads, `validate` validating ones.
Options threads(unsigned read, unsigned validate) {
    Options o;
    o.readThreads = read;
    o.validateThreads = validate;
    return o;
}

/// Compiles the inputs of `c` with `o`; describe()s the result. `inTwo` and `ahead` get
/// Compilation::readInTwoParts and validatedAhead.
std::string compileAndDescribe(Compilation& c, const Options& o, bool* inTwo, bool* ahead) {
    compile(c, o);
    if (inTwo != nullptr) *inTwo = c.readInTwoParts;
    if (ahead != nullptr) *ahead = c.validatedAhead;
    return describe(c);
}

/// Compiles `files` (path, text) with `o`.
std::string compileFilesWith(const Files& files, const Options& o, bool* inTwo, bool* ahead) {
    Compilation c;
    for (const auto& [path, text] : files) c.inputs.push_back(c.sources.addBuffer(path, text));
    return compileAndDescribe(c, o, inTwo, ahead);
}

/// Compiles `files` with the given number of reader threads (validating on one).
std::string compileWith(const Files& files, unsigned readThreads, bool* inTwo = nullptr) {
    return compileFilesWith(files, threads(readThreads, 1), inTwo, nullptr);
}

/// Compiles `files` on one reader thread, validating on `validateThreads`.
std::string validateWith(const Files& files, unsigned validateThreads, bool* ahead) {
    return compileFilesWith(files, threads(1, validateThreads), nullptr, ahead);
}

/// Compiles the files and directories `paths` (loadInputs) with `o`.
std::string compilePathsWith(const std::vector<std::string>& paths, const Options& o, bool* inTwo, bool* ahead) {
    Compilation c;
    loadInputs(c, paths);
    return compileAndDescribe(c, o, inTwo, ahead);
}

/// A file of two documents: a DTDL v3 device interface (extending the one before it in chains
/// of five, a Component of the leaf interface of the next file, a Relationship to a device five
/// files on, inline schemas with generated identifiers) and its leaf interface; every seventh
/// device is a DTDL v2 one. `extra` is appended to the device's members.
std::string device(std::size_t i, std::size_t n, const std::string& extra = "") {
    const std::string num = std::to_string(i);
    const std::string id = "dtmi:test:threads:Device" + num + ";1";
    const std::string leaf = R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Leaf)" + num +
                             R"(;1", "@type": "Interface", "contents": [{"@type": "Telemetry", "name": "level", "schema": "float"}]})";
    if (i % 7 == 3) {
        return "[" + std::string(R"({"@context": "dtmi:dtdl:context;2", "@id": ")") + id +
               R"(", "@type": "Interface", "contents": [{"@type": ["Telemetry", "Temperature"], "name": "t", "schema": "double", "unit": "degreeCelsius"}])" +
               extra + "}, " + leaf + "]";
    }
    std::string s = R"({"@context": ["dtmi:dtdl:context;3", "dtmi:dtdl:extension:quantitativeTypes;1"], "@id": ")" + id +
                    R"(", "@type": "Interface", "displayName": {"en": "device )" + num + R"("})";
    if (i % 5 != 0 && (i - 1) % 7 != 3) s += R"(, "extends": "dtmi:test:threads:Device)" + std::to_string(i - 1) + R"(;1")";
    s += R"(, "contents": [{"@type": ["Property", "Temperature"], "name": "p)" + num + R"(", "schema": "double", "unit": "kelvin", "writable": true},
        {"@type": "Property", "name": "mode)" + num + R"(", "schema": {"@type": "Enum", "valueSchema": "string", "enumValues": [{"name": "a", "enumValue": "a"}, {"name": "b", "enumValue": "b"}]}},
        {"@type": "Relationship", "name": "feeds)" + num + R"(", "target": "dtmi:test:threads:Device)" + std::to_string((i + 5) % n) + R"(;1"},
        {"@type": "Component", "name": "c)" + num + R"(", "schema": "dtmi:test:threads:Leaf)" + std::to_string((i + 1) % n) + R"(;1"}])";
    s += extra + "}";
    return "[" + s + ", " + leaf + "]";
}

Files devices(std::size_t n) {
    Files f;
    for (std::size_t i = 0; i < n; ++i) f.emplace_back("d" + std::to_string(1000 + i) + ".json", device(i, n));
    return f;
}

TEST(Threads, ValidSetIsJoinedFromTwoPartsValidatedAheadAndEqualsOneThread) {
    const Files files = devices(40);
    bool inTwo = false, oneAhead = true, ahead = false;
    const std::string one = validateWith(files, 1, &oneAhead); // (read on one thread as well)
    const std::string readInTwo = compileWith(files, 2, &inTwo);
    const std::string validatedAhead = validateWith(files, 2, &ahead);
    EXPECT_TRUE(inTwo);
    EXPECT_FALSE(oneAhead);
    EXPECT_TRUE(ahead);
    EXPECT_EQ(readInTwo, one);
    EXPECT_EQ(validatedAhead, one);
    EXPECT_NE(one.find("outcome 0 errors 0"), std::string::npos) << one.substr(0, 2000);
}

TEST(ReadThreads, SetsWithErrorsReadAgainOnOneThread) {
    struct Variant {
        const char* what;
        std::size_t at;      ///< file to change
        std::string text;    ///< its new text
    };
    const std::size_t n = 30;
    const std::vector<Variant> variants = {
        {"duplicate identifier across the parts", 25, device(2, n)},
        {"duplicate identifier within the second part", 26, device(25, n)},
        {"an error in the second part", 27, R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Device27;1", "@type": "Interface", "contents": [{"@type": "Telemetry", "name": "bad name!", "schema": "double"}]})"},
        {"an error in the first part", 1, R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Device1;1", "@type": "Interface", "contents": [{"@type": "Telemetry", "name": "t", "schema": "nothing"}]})"},
        {"a context error in the second part", 20, R"({"@context": "dtmi:dtdl:context;99", "@id": "dtmi:test:threads:Device20;1", "@type": "Interface"})"},
        {"an identifier error in the first part", 4, R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Device 4;1", "@type": "Interface"})"},
        {"malformed JSON in the second part", 29, R"({"@context": "dtmi:dtdl:context;3", "@id": )"},
    };
    for (const Variant& v : variants) {
        Files files = devices(n);
        files[v.at].second = v.text;
        bool inTwo = true;
        const std::string one = compileWith(files, 1);
        const std::string two = compileWith(files, 2, &inTwo);
        EXPECT_FALSE(inTwo) << v.what;
        EXPECT_EQ(two, one) << v.what;
        EXPECT_EQ(one.find("outcome 0 errors 0"), std::string::npos) << v.what;
    }
}

TEST(ReadThreads, ErrorsFoundOnceReferencesResolveAreTheSame) {
    // A DTDL v2 Interface with more contents than its maximum (objectCountAboveMax, reported
    // once the references resolve) in the second part, and a reference nobody defines.
    Files files = devices(20);
    std::string contents;
    for (int i = 0; i < 301; ++i)
        contents += std::string(i ? ", " : "") + R"({"@type": "Telemetry", "name": "t)" + std::to_string(i) + R"(", "schema": "double"})";
    files[17].second = R"([{"@context": "dtmi:dtdl:context;2", "@id": "dtmi:test:threads:Device17;1", "@type": "Interface", "contents": [)" +
                       contents +
                       R"(]}, {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Leaf17;1", "@type": "Interface"}])";
    bool inTwo = false;
    std::string one = compileWith(files, 1);
    std::string two = compileWith(files, 2, &inTwo);
    EXPECT_TRUE(inTwo); // (the reader defers that error: neither part reported anything)
    EXPECT_EQ(two, one);
    EXPECT_NE(one.find("objectCountAboveMax"), std::string::npos);

    files[18].second = R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Device18;1", "@type": "Interface", "extends": "dtmi:test:threads:Nobody;1"})";
    one = compileWith(files, 1);
    two = compileWith(files, 2, &inTwo);
    EXPECT_TRUE(inTwo);
    EXPECT_EQ(two, one);
    EXPECT_NE(one.find("unresolved dtmi:test:threads:Nobody;1"), std::string::npos);
}

TEST(ReadThreads, EveryReferenceToAReservedIdentifierIsReportedInReadingOrder) {
    // A class named where an element belongs is badType, a reserved identifier no element has
    // is undefinedReservedId: at every reference, in both parts, in reading order.
    Files files = devices(20);
    auto withSchema = [](std::size_t i, const std::string& schema) {
        const std::string num = std::to_string(i);
        return R"([{"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Device)" + num +
               R"(;1", "@type": "Interface", "contents": [{"@type": "Telemetry", "name": "a", "schema": ")" + schema +
               R"("}, {"@type": "Telemetry", "name": "b", "schema": ")" + schema +
               R"("}]}, {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Leaf)" + num + R"(;1", "@type": "Interface"}])";
    };
    files[2].second = withSchema(2, "Object");
    files[17].second = withSchema(17, "Object");
    files[18].second = withSchema(18, "dtmi:dtdl:class:Object;3");
    bool inTwo = false;
    const std::string one = compileWith(files, 1);
    const std::string two = compileWith(files, 2, &inTwo);
    EXPECT_TRUE(inTwo);
    EXPECT_EQ(two, one);
    std::size_t badTypes = 0, reserved = 0;
    for (std::size_t at = 0; (at = one.find("parsingError:badType", at)) != std::string::npos; ++at) ++badTypes;
    for (std::size_t at = 0; (at = one.find("parsingError:undefinedReservedId", at)) != std::string::npos; ++at) ++reserved;
    EXPECT_EQ(badTypes, 4u) << one.substr(0, 3000);
    EXPECT_EQ(reserved, 2u);
    // (Reading order: the file of Device2 before that of Device17.)
    EXPECT_LT(one.find("d1002.json"), one.find("d1017.json"));
}

TEST(ReadThreads, ContinuumCarriedInASecondPartCommentIsChecked) {
    // dtc's DTDL printer carries continuum concepts in comments ("@dtc ..."); the continuum
    // rules run only when some element has a comment (DtdlReader::commentCount), so the count
    // of the second part must reach the joined reader. A rate where a duration belongs is
    // DTC2214, found by the continuum rules once every file is read.
    Files files = devices(20);
    const std::string leaf = R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Leaf17;1", "@type": "Interface"})";
    files[17].second = R"([{"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Device17;1", "@type": "Interface",
        "comment": "@dtc fidelity { max_staleness 10Hz; }",
        "contents": [{"@type": "Property", "name": "level", "schema": "double"}]}, )" + leaf + "]";
    bool inTwo = false;
    const std::string one = compileWith(files, 1);
    const std::string two = compileWith(files, 2, &inTwo);
    EXPECT_TRUE(inTwo);
    EXPECT_EQ(two, one);
    EXPECT_NE(one.find("DTC2214"), std::string::npos) << one.substr(0, 2000);
    // Without the comment, nothing is carried and nothing is reported.
    files[17].second = R"([{"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Device17;1", "@type": "Interface",
        "contents": [{"@type": "Property", "name": "level", "schema": "double"}]}, )" + leaf + "]";
    EXPECT_NE(compileWith(files, 2).find("outcome 0 errors 0"), std::string::npos);
}

TEST(Threads, CorporaAndBundledModels) {
    const std::vector<std::string> sets = {
        std::string(DTC_SOURCE_DIR) + "/models",
        std::string(DTC_SHARED_DIR) + "/corpora/dtdl-realestatecore",
        std::string(DTC_SHARED_DIR) + "/corpora/dtdl-smartcities",
    };
    for (const std::string& dir : sets) {
        if (!fs::exists(dir)) {
            ADD_FAILURE() << dir << " is missing";
            continue;
        }
        bool oneInTwo = true, inTwo = false, oneAhead = true, ahead = false;
        const std::string one = compilePathsWith({dir}, threads(1, 1), &oneInTwo, &oneAhead);
        const std::string two = compilePathsWith({dir}, threads(2, 1), &inTwo, nullptr);
        const std::string validatedOnTwo = compilePathsWith({dir}, threads(1, 2), nullptr, &ahead);
        EXPECT_FALSE(oneInTwo) << dir;
        EXPECT_EQ(two, one) << dir;
        EXPECT_FALSE(oneAhead) << dir;
        EXPECT_TRUE(ahead) << dir; // (each is valid)
        EXPECT_EQ(validatedOnTwo, one) << dir;
        // models/ mixes .twin files in (read on one thread); the corpora are DTDL only.
        if (dir.find("corpora") != std::string::npos) {
            EXPECT_TRUE(inTwo) << dir;
        }
    }
}

TEST(ValidateThreads, FindingsOfEveryPassAreTheSame) {
    struct Variant {
        const char* what;
        const char* finding; ///< a ValidationID the variant must produce
        std::size_t at;      ///< file to change
        std::string text;    ///< its new text
    };
    const std::size_t n = 30;
    const std::string v3 = R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Device)";
    const std::string leaf = R"(, {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Leaf)";
    std::string manyContents; // 200 Telemetries: with 101 inherited, more than DTDL v2's 300
    for (int i = 0; i < 200; ++i)
        manyContents += std::string(i ? ", " : "") + R"({"@type": "Telemetry", "name": "m)" + std::to_string(i) + R"(", "schema": "double"})";
    std::string moreContents;
    for (int i = 0; i < 101; ++i)
        moreContents += std::string(i ? ", " : "") + R"({"@type": "Telemetry", "name": "k)" + std::to_string(i) + R"(", "schema": "double"})";
    const std::vector<Variant> variants = {
        {"a reference of the wrong class (references)", "badType", 6,
         "[" + v3 + R"(6;1", "@type": "Interface", "contents": [{"@type": "Component", "name": "c", "schema": "dtmi:test:threads:Enum6;1"}], "schemas": [{"@id": "dtmi:test:threads:Enum6;1", "@type": "Enum", "valueSchema": "string", "enumValues": [{"name": "a", "enumValue": "a"}]}]})" +
             leaf + R"(6;1", "@type": "Interface"}])"},
        {"an extends cycle (descendant rules)", "recursiveStructureNarrow", 6,
         "[" + v3 + R"(6;1", "@type": "Interface", "extends": "dtmi:test:threads:Device8;1"})" + leaf + R"(6;1", "@type": "Interface"}])"},
        {"repeated enum values with identifiers (descendant rules)", "nonUniquePropertyValue", 12,
         "[" + v3 + R"(12;1", "@type": "Interface", "schemas": [{"@id": "dtmi:test:threads:E12;1", "@type": "Enum", "valueSchema": "integer", "enumValues": [{"@id": "dtmi:test:threads:E12:a;1", "name": "a", "enumValue": 1}, {"@id": "dtmi:test:threads:E12:b;1", "name": "b", "enumValue": 1}]}]})" +
             leaf + R"(12;1", "@type": "Interface"}])"},
        {"a content name repeated across extends (inherited names)", "nonUniqueImportedPropertyValue", 13,
         "[" + v3 + R"(13;1", "@type": "Interface", "extends": "dtmi:test:threads:Device12;1", "contents": [{"@type": "Telemetry", "name": "p12", "schema": "double"}]})" +
             leaf + R"(13;1", "@type": "Interface"}])"},
        {"too many contents with the inherited ones (imported counts)", "objectCountAboveMax", 16,
         R"([{"@context": "dtmi:dtdl:context;2", "@id": "dtmi:test:threads:Device16;1", "@type": "Interface", "extends": "dtmi:test:threads:Base16;1", "contents": [)" +
             manyContents + R"(]}, {"@context": "dtmi:dtdl:context;2", "@id": "dtmi:test:threads:Base16;1", "@type": "Interface", "contents": [)" + moreContents +
             R"(]}, {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:test:threads:Leaf16;1", "@type": "Interface"}])"},
    };
    for (const Variant& v : variants) {
        Files files = devices(n);
        files[v.at].second = v.text;
        bool ahead = true;
        const std::string one = validateWith(files, 1, nullptr);
        const std::string two = validateWith(files, 2, &ahead);
        EXPECT_FALSE(ahead) << v.what; // (a finding in any pass: what ran ahead is not kept)
        EXPECT_EQ(two, one) << v.what;
        EXPECT_NE(one.find(v.finding), std::string::npos) << v.what << "\n" << one.substr(0, 3000);
    }
}

} // namespace
} // namespace dtc::driver
