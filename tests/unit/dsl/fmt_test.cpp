// `dtc-compile fmt` on every .twin file of the test suite and of models/: formatting is
// idempotent, keeps every comment, and does not change the model (the IR of the formatted
// set equals the IR of the original set).
#include <gtest/gtest.h>
#include <unistd.h>

#include "cli/commands.h"
#include "dsl/twin_test_util.h"

namespace dtc {
namespace {

namespace fs = std::filesystem;

int dtc(const std::vector<std::string>& args, std::string* out = nullptr) {
    std::ostringstream o, e;
    int status = cli::run(args, o, e);
    if (out) *out = o.str();
    return status;
}

std::size_t countComments(const std::string& text) {
    std::size_t n = 0;
    for (std::size_t at = text.find("//"); at != std::string::npos; at = text.find("//", at + 2)) {
        ++n;
        while (at + 2 < text.size() && text[at + 2] == '/') ++at; // "///" counts once
    }
    return n;
}

std::vector<fs::path> allTwinFiles() {
    std::vector<fs::path> out;
    for (const char* root : {"tests/golden/twin", "models"})
        for (const auto& e : fs::recursive_directory_iterator(fs::path(DTC_SOURCE_DIR) / root))
            if (e.path().extension() == ".twin") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

TEST(TwinFmt, IsIdempotentAndKeepsCommentsOnEveryTestFile) {
    auto files = allTwinFiles();
    ASSERT_GE(files.size(), 30u);
    std::size_t formatted = 0;
    for (const auto& f : files) {
        SCOPED_TRACE(f.string());
        std::string once;
        int status = dtc({"fmt", "--stdout", f.string()}, &once);
        if (status != cli::kExitOk) continue; // a file with syntax errors is left alone
        ++formatted;
        fs::path tmp = fs::path(::testing::TempDir()) / ("dtc_fmt_" + std::to_string(getpid()) + ".twin");
        testing::writeFile(tmp, once);
        std::string twice;
        EXPECT_EQ(dtc({"fmt", "--stdout", tmp.string()}, &twice), cli::kExitOk);
        EXPECT_EQ(twice, once) << "fmt is not idempotent";
        EXPECT_EQ(countComments(once), countComments(testing::readFile(f))) << "fmt lost or added a comment";
        fs::remove(tmp);
    }
    EXPECT_GE(formatted, 25u);
}

TEST(TwinFmt, DoesNotChangeTheModel) {
    for (const char* set : {"models", "tests/golden/twin/good"}) {
        SCOPED_TRACE(set);
        fs::path src = fs::path(DTC_SOURCE_DIR) / set;
        fs::path copy = fs::path(::testing::TempDir()) / ("dtc_fmt_set_" + std::to_string(getpid()));
        fs::remove_all(copy);
        fs::copy(src, copy, fs::copy_options::recursive);
        ASSERT_EQ(dtc({"fmt", copy.string()}), cli::kExitOk);
        auto before = testing::compilePaths({src.string()});
        auto after = testing::compilePaths({copy.string()});
        ASSERT_EQ(before->outcome, driver::Outcome::Valid) << testing::describe(*before);
        ASSERT_EQ(after->outcome, driver::Outcome::Valid) << testing::describe(*after);
        EXPECT_EQ(testing::sortedDump(after->model), testing::sortedDump(before->model));
        fs::remove_all(copy);
    }
}

TEST(TwinFmt, StandardModelsAreFormatted) {
    EXPECT_EQ(dtc({"fmt", "--check", (fs::path(DTC_SOURCE_DIR) / "models").string()}), cli::kExitOk)
        << "run dtc-compile fmt models/";
}

} // namespace
} // namespace dtc
