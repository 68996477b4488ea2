// The shared DTDL corpora must get the same verdict from dtc as from the official parser
// (`node run.mjs check DIR` of ../shared/tools/dtdl-reference), and when the official parser
// reports errors, the same set of ValidationIDs.
//
// The corpora are read from ../shared/corpora ($DTC_CORPORA_DIR overrides it). The tool is
// looked up in $DTC_DTDL_REFERENCE_DIR, else ${DTC_BINARY_DIR}/test-tools/dtdl-reference
// (scripts/fetch-test-tools installs it there). Its output is cached under
// ${DTC_BINARY_DIR}/test-tools/cache, keyed by a hash of the corpus files and the tool, because a
// run costs 1-2 s of WebAssembly start-up per corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "driver/driver.h"

namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

fs::path toolDir() {
    if (const char* env = std::getenv("DTC_DTDL_REFERENCE_DIR"); env && *env) return env;
    return fs::path(DTC_BINARY_DIR) / "test-tools" / "dtdl-reference";
}

bool haveNode() { return std::system("command -v node >/dev/null 2>&1") == 0; }

/// FNV-1a over the sorted file names and contents of every *.json below `dir`, plus the tool.
std::string corpusKey(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&](std::string_view s) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        h = (h ^ 0xFF) * 1099511628211ull;
    };
    for (const fs::path& f : files) {
        mix(fs::relative(f, dir).string());
        mix(readFile(f));
    }
    mix(readFile(toolDir() / "run.mjs"));
    mix(readFile(toolDir() / "package.json"));
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

/// The reference parser's verdict on `dir` (cached), or an error string.
nlohmann::json referenceVerdict(const std::string& name, const fs::path& dir, std::string& error) {
    fs::path cacheDir = fs::path(DTC_BINARY_DIR) / "test-tools" / "cache";
    fs::path cache = cacheDir / (name + "-" + corpusKey(dir) + ".json");
    if (fs::exists(cache)) {
        try {
            return nlohmann::json::parse(readFile(cache));
        } catch (const std::exception&) {
            fs::remove(cache);
        }
    }
    std::string cmd = "node " + shellQuote((toolDir() / "run.mjs").string()) + " check " +
                      shellQuote(dir.string()) + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) {
        error = "cannot run " + cmd;
        return {};
    }
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    int status = pclose(p);
    nlohmann::json verdict;
    try {
        verdict = nlohmann::json::parse(out);
    } catch (const std::exception&) {
        error = "the reference tool did not print JSON (status " + std::to_string(status) + "): " +
                out.substr(0, 2000);
        return {};
    }
    fs::create_directories(cacheDir);
    std::ofstream(cache) << verdict.dump(1) << "\n";
    return verdict;
}

/// The corpora, by folder name below ../shared/corpora; their models are in Ontology/.
class CorpusAgreement : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusAgreement, SameVerdictAsTheReferenceParser) {
    const std::string& name = GetParam();
    const char* corpora = std::getenv("DTC_CORPORA_DIR"); // for trying the test on other copies
    fs::path root = corpora && *corpora ? fs::path(corpora) : fs::path(DTC_SHARED_DIR) / "corpora";
    fs::path dir = (root / name / "Ontology").lexically_normal();
    if (!fs::is_directory(dir)) GTEST_SKIP() << dir << " not found (../shared absent)";
    if (!haveNode()) GTEST_SKIP() << "node is not installed; the reference parser needs Node 20";
    if (!fs::exists(toolDir() / "run.mjs") || !fs::exists(toolDir() / "node_modules"))
        GTEST_SKIP() << "the DTDL reference parser is not installed at " << toolDir()
                     << "; run scripts/fetch-test-tools " << DTC_BINARY_DIR << "/test-tools";

    std::string error;
    nlohmann::json ref = referenceVerdict(name, dir, error);
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_TRUE(ref.contains("valid")) << ref.dump(1);

    dtc::driver::Compilation c;
    std::vector<std::string> paths{dir.string()};
    dtc::driver::loadInputs(c, paths);
    ASSERT_NE(c.outcome, dtc::driver::Outcome::InputError) << "dtc could not load " << dir;
    dtc::driver::compile(c, dtc::driver::Options{});

    std::set<std::string> ours;
    std::string firstErrors;
    for (const auto& d : c.diags.diagnostics()) {
        if (d.severity < dtc::diag::Severity::Error) continue;
        ours.insert(std::string(d.codeId()));
        if (firstErrors.size() < 2000) {
            auto lc = c.sources.lineColumn(d.range.start());
            firstErrors += "\n  " + std::string(c.sources.path(d.range.file)) + ":" +
                           std::to_string(lc.line) + ": " + std::string(d.codeId()) + " " +
                           dtc::diag::formatMessage(d);
        }
    }
    bool refValid = ref["valid"].get<bool>();
    bool ourValid = c.outcome == dtc::driver::Outcome::Valid;
    ASSERT_EQ(ourValid, refValid) << name << ": the reference parser says "
                                  << (refValid ? "valid" : "invalid: " + ref.dump().substr(0, 2000))
                                  << "; dtc reported" << (firstErrors.empty() ? " nothing" : firstErrors);
    if (refValid) {
        EXPECT_EQ(c.model.interfaceCount(), ref.value("interfaces", 0u)) << "number of interfaces";
        std::cout << "[ INFO     ] " << name << ": " << c.model.size() << " elements (reference: "
                  << ref.value("elements", 0u) << ")\n";
        return;
    }
    std::string kind = ref.value("exceptionKind", "");
    if (kind == "Resolution") {
        EXPECT_EQ(c.outcome, dtc::driver::Outcome::ResolutionError);
        std::set<std::string> want;
        for (const auto& id : ref["undefinedIdentifiers"]) want.insert(id.get<std::string>());
        EXPECT_EQ(std::set<std::string>(c.unresolved.begin(), c.unresolved.end()), want);
        return;
    }
    std::set<std::string> want;
    for (const auto& e : ref["errors"])
        if (e.contains("ValidationID") && e["ValidationID"].is_string()) want.insert(e["ValidationID"].get<std::string>());
    EXPECT_EQ(ours, want) << "ValidationIDs differ from the reference parser's";
}

INSTANTIATE_TEST_SUITE_P(Shared, CorpusAgreement,
                         ::testing::Values("dtdl-realestatecore", "dtdl-smartcities"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string n = info.param;
                             std::replace(n.begin(), n.end(), '-', '_');
                             return n;
                         });

} // namespace
