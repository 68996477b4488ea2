// Round trips through the .twin and DTDL printers:
//  * DTDL -> IR -> .twin -> IR -> DTDL -> IR over the RealEstateCore and Smart Cities corpora:
//    every IR equals the first (compared as IR dumps), and the DTDL written is accepted by the
//    official DTDL parser (when node and the parser are installed: scripts/fetch-test-tools);
//  * .twin -> IR -> DTDL -> IR -> .twin over models/: the .twin text comes back identical,
//    continuum annotations included.
#include <gtest/gtest.h>

#include <cstdio>
#include <unistd.h>

#include "dsl/twin_test_util.h"
#include "translators/translators.h"

namespace dtc {
namespace {

namespace fs = std::filesystem;

fs::path tempDir(const std::string& name) {
    fs::path p = fs::path(::testing::TempDir()) / ("dtc_rt_" + name + "_" + std::to_string(getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

void writeAll(const fs::path& dir, const std::vector<translators::OutputFile>& files) {
    for (const auto& f : files) testing::writeFile(dir / f.path, f.text);
}

/// Runs the official DTDL parser over `dir`; returns "" when it accepts, else its output.
/// Sets `skipped` when node or the parser is not installed.
std::string referenceCheck(const fs::path& dir, bool& skipped) {
    fs::path runner = fs::path(DTC_BINARY_DIR) / "test-tools" / "dtdl-reference" / "run.mjs";
    skipped = !fs::exists(runner) || std::system("node --version > /dev/null 2>&1") != 0;
    if (skipped) return {};
    std::string cmd = "node '" + runner.string() + "' check '" + dir.string() + "' 2>&1";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        std::size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        int status = pclose(p);
        if (status == 0 && out.find("\"valid\":true") != std::string::npos) return {};
    }
    return out.empty() ? "reference parser failed to run" : out.substr(0, 4000);
}

void corpusRoundTrip(const std::string& name, const fs::path& corpus) {
    if (!fs::exists(corpus)) GTEST_SKIP() << "corpus not found: " << corpus;
    auto original = testing::compilePaths({corpus.string()});
    if (original->outcome != driver::Outcome::Valid) {
        // NOTE(dtc): the round trip starts from what the DTDL front end reads; when it rejects
        // the corpus (a front-end defect, covered by tests/reference) there is nothing to
        // round-trip. Skipped loudly, with the first diagnostic.
        std::string first = testing::describe(*original);
        GTEST_SKIP() << "the DTDL front end rejects the corpus " << corpus << ": "
                     << first.substr(0, first.find('\n'));
    }
    std::string expected = testing::sortedDump(original->model);

    // DTDL -> .twin
    diag::Engine twinDiags;
    auto twinFiles = translators::translateToTwin(original->model, twinDiags);
    EXPECT_EQ(twinDiags.diagnostics().size(), 0u) << "translation losses";
    fs::path twinDir = tempDir(name + "_twin");
    writeAll(twinDir, twinFiles);
    auto fromTwin = testing::compilePaths({twinDir.string()});
    ASSERT_FALSE(fromTwin->diags.hasErrors()) << testing::describe(*fromTwin);
    EXPECT_EQ(testing::sortedDump(fromTwin->model), expected) << "DTDL -> .twin changed the IR";

    // .twin -> DTDL
    diag::Engine dtdlDiags;
    auto dtdlFiles = translators::translateToDtdl(fromTwin->model, {}, dtdlDiags);
    EXPECT_EQ(dtdlDiags.diagnostics().size(), 0u);
    fs::path dtdlDir = tempDir(name + "_dtdl");
    writeAll(dtdlDir, dtdlFiles);
    auto back = testing::compilePaths({dtdlDir.string()});
    ASSERT_EQ(back->outcome, driver::Outcome::Valid) << testing::describe(*back);
    EXPECT_EQ(testing::sortedDump(back->model), expected) << "DTDL -> .twin -> DTDL changed the IR";
    EXPECT_EQ(twinFiles.size(), original->model.roots().size());
    std::cout << "[ round trip ] " << name << ": " << twinFiles.size() << " interfaces, "
              << original->model.size() << " elements\n";

    bool skipped = false;
    std::string verdict = referenceCheck(dtdlDir, skipped);
    if (skipped) {
        std::cout << "[ skipped    ] reference parser: node or " << DTC_BINARY_DIR
                  << "/test-tools/dtdl-reference not installed (scripts/fetch-test-tools)\n";
    } else {
        EXPECT_EQ(verdict, "") << "the official DTDL parser rejects the DTDL written";
    }
    fs::remove_all(twinDir);
    fs::remove_all(dtdlDir);
}

TEST(RoundTrip, RealEstateCore) {
    corpusRoundTrip("rec", fs::path(DTC_SHARED_DIR) / "corpora" / "dtdl-realestatecore" / "Ontology");
}

TEST(RoundTrip, SmartCities) {
    corpusRoundTrip("smartcities", fs::path(DTC_SHARED_DIR) / "corpora" / "dtdl-smartcities" / "Ontology");
}

TEST(RoundTrip, StandardModelsThroughDtdlKeepTheirTwinText) {
    auto models = testing::compilePaths({(fs::path(DTC_SOURCE_DIR) / "models").string()});
    ASSERT_EQ(models->outcome, driver::Outcome::Valid) << testing::describe(*models);
    diag::Engine d1;
    auto twinBefore = translators::translateToTwin(models->model, d1);
    auto dtdl = translators::translateToDtdl(models->model, {}, d1);
    EXPECT_TRUE(d1.diagnostics().empty());
    fs::path dir = tempDir("models_dtdl");
    writeAll(dir, dtdl);
    auto back = testing::compilePaths({dir.string()});
    ASSERT_EQ(back->outcome, driver::Outcome::Valid) << testing::describe(*back);
    EXPECT_EQ(testing::sortedDump(back->model), testing::sortedDump(models->model));
    diag::Engine d2;
    auto twinAfter = translators::translateToTwin(back->model, d2);
    ASSERT_EQ(twinAfter.size(), twinBefore.size());
    for (std::size_t i = 0; i < twinBefore.size(); ++i) {
        EXPECT_EQ(twinAfter[i].path, twinBefore[i].path);
        EXPECT_EQ(twinAfter[i].text, twinBefore[i].text) << twinBefore[i].path;
    }
    // The dtc annotations really travel in the DTDL (not lost and re-derived).
    bool carried = false;
    for (const auto& f : dtdl) carried |= f.text.find("@dtc @mqtt(") != std::string::npos;
    EXPECT_TRUE(carried);
    bool skipped = false;
    std::string verdict = referenceCheck(dir, skipped);
    if (!skipped) {
        EXPECT_EQ(verdict, "") << "the official DTDL parser rejects the models' DTDL";
    }
    fs::remove_all(dir);
}

} // namespace
} // namespace dtc
