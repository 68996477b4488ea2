// Golden tests of the .twin language with inline expectations (in the spirit of clang -verify):
// a comment "// expect: DTC2202" on a line says that line gets that diagnostic; "expect-next:"
// refers to the next line; "DTC1201@14" also pins the column. The harness fails on missing
// and on unexpected diagnostics. Every file or sub-folder of tests/golden/twin/{good,bad} is
// one model set; good sets must compile without any diagnostic.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "dsl/twin_test_util.h"

namespace dtc {
namespace {

namespace fs = std::filesystem;

struct Expectation {
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t column = 0; ///< 0: any
    std::string code;
};

std::vector<Expectation> expectationsOf(const fs::path& file) {
    std::vector<Expectation> out;
    std::istringstream in(testing::readFile(file));
    std::string line;
    std::uint32_t n = 0;
    static const std::regex marker(R"(//\s*expect(-next)?:\s*(.*)$)");
    static const std::regex code(R"((DTC\d{4}|dtmi:dtdl:parsingError:\w+)(@(\d+))?)");
    while (std::getline(in, line)) {
        ++n;
        std::smatch m;
        if (!std::regex_search(line, m, marker)) continue;
        std::string list = m[2];
        for (auto it = std::sregex_iterator(list.begin(), list.end(), code); it != std::sregex_iterator(); ++it) {
            Expectation e;
            e.file = file.string();
            e.line = m[1].matched ? n + 1 : n;
            e.code = (*it)[1];
            if ((*it)[3].matched) e.column = static_cast<std::uint32_t>(std::stoul((*it)[3]));
            out.push_back(e);
        }
    }
    return out;
}

/// The model sets under a folder: each sub-folder, and each file directly in it.
std::vector<fs::path> modelSets(const fs::path& root) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(root)) {
        if (e.is_directory() || e.path().extension() == ".twin" || e.path().extension() == ".json")
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<fs::path> twinFilesOf(const fs::path& set) {
    std::vector<fs::path> out;
    if (fs::is_directory(set)) {
        for (const auto& e : fs::recursive_directory_iterator(set))
            if (e.path().extension() == ".twin") out.push_back(e.path());
    } else if (set.extension() == ".twin") {
        out.push_back(set);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void checkSet(const fs::path& set, bool good) {
    SCOPED_TRACE(set.string());
    auto c = testing::compilePaths({set.string()});
    std::vector<Expectation> expected;
    for (const auto& f : twinFilesOf(set)) {
        auto e = expectationsOf(f);
        expected.insert(expected.end(), e.begin(), e.end());
    }
    if (good) {
        EXPECT_TRUE(expected.empty()) << "a good case must not expect diagnostics";
    }
    std::vector<bool> matched(expected.size(), false);
    std::string unexpected;
    for (const auto& d : c->diags.diagnostics()) {
        std::string file = d.range.valid() ? std::string(c->sources.path(d.range.file)) : "";
        auto lc = d.range.valid() ? c->sources.lineColumn(d.range.start()) : diag::LineColumn{};
        bool found = false;
        for (std::size_t i = 0; i < expected.size() && !found; ++i) {
            const auto& e = expected[i];
            if (matched[i] || e.code != d.codeId() || fs::path(e.file) != fs::path(file) || e.line != lc.line) continue;
            if (e.column != 0 && e.column != lc.column) continue;
            matched[i] = found = true;
        }
        if (!found)
            unexpected += file + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " +
                          std::string(d.codeId()) + " " + diag::formatMessage(d) + "\n";
    }
    std::string missing;
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (!matched[i])
            missing += expected[i].file + ":" + std::to_string(expected[i].line) +
                       (expected[i].column ? ":" + std::to_string(expected[i].column) : "") + ": " +
                       expected[i].code + "\n";
    EXPECT_TRUE(unexpected.empty()) << "unexpected diagnostics:\n" << unexpected;
    EXPECT_TRUE(missing.empty()) << "expected diagnostics not reported:\n" << missing;
    if (!good) {
        EXPECT_FALSE(expected.empty()) << "a bad case must expect at least one diagnostic";
    }
}

const fs::path kGolden = fs::path(DTC_SOURCE_DIR) / "tests" / "golden" / "twin";

TEST(TwinGolden, GoodSetsCompileCleanly) {
    auto sets = modelSets(kGolden / "good");
    ASSERT_FALSE(sets.empty());
    for (const auto& s : sets) checkSet(s, true);
}

TEST(TwinGolden, BadSetsReportExactlyTheExpectedDiagnostics) {
    auto sets = modelSets(kGolden / "bad");
    ASSERT_GE(sets.size(), 10u);
    for (const auto& s : sets) checkSet(s, false);
}

TEST(TwinGolden, StandardModelsCompileCleanly) {
    auto c = testing::compilePaths({(fs::path(DTC_SOURCE_DIR) / "models").string()});
    EXPECT_EQ(c->outcome, driver::Outcome::Valid) << testing::describe(*c);
    EXPECT_TRUE(c->diags.diagnostics().empty()) << testing::describe(*c);
    EXPECT_GE(c->model.interfaceCount(), 14u);
}

} // namespace
} // namespace dtc
