// dtc-compile lint: the standard models pass; each convention is reported with its code.
#include <gtest/gtest.h>
#include <unistd.h>

#include "cli/commands.h"
#include "dsl/twin_test_util.h"

namespace dtc {
namespace {

namespace fs = std::filesystem;

int lint(const std::vector<std::string>& paths, std::string& err) {
    std::vector<std::string> args{"lint", "--no-color"};
    args.insert(args.end(), paths.begin(), paths.end());
    std::ostringstream o, e;
    int status = cli::run(args, o, e);
    err = e.str();
    return status;
}

TEST(TwinLint, StandardModelsFollowTheConventions) {
    std::string err;
    EXPECT_EQ(lint({(fs::path(DTC_SOURCE_DIR) / "models").string()}, err), cli::kExitOk) << err;
}

TEST(TwinLint, ReportsEachConvention) {
    fs::path dir = fs::path(::testing::TempDir()) / ("dtc_lint_" + std::to_string(getpid())) / "models" / "smartcity";
    fs::remove_all(dir.parent_path().parent_path());
    testing::writeFile(dir / "Bad_Name.twin", "namespace org.dtc.elsewhere;\n"
                                              "twin noVersion {\n"
                                              "    telemetry Speed: double;\n"
                                              "}\n"
                                              "/// Second twin.\n"
                                              "twin Other version 1 {}\n");
    std::string err;
    EXPECT_EQ(lint({dir.string()}, err), cli::kExitModelErrors);
    for (const char* code : {"DTC7001", "DTC7002", "DTC7003", "DTC7004", "DTC7005", "DTC7006", "DTC7007"})
        EXPECT_NE(err.find(code), std::string::npos) << code << " not reported:\n" << err;
    fs::remove_all(dir.parent_path().parent_path());
}

} // namespace
} // namespace dtc
