// Writing DTDL v2 from the standard models (written for v3): what v2 cannot name is dropped with
// a DTC4201 loss warning, and what is written is a valid v2 model set.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "cli/commands.h"

namespace {

namespace fs = std::filesystem;

TEST(DtdlV2Output, StandardModelsDowngradeWithLossWarnings) {
    fs::path out = fs::path(::testing::TempDir()) / "dtc-v2-models";
    fs::remove_all(out);
    std::ostringstream o, e;
    int rc = dtc::cli::run({"translate", "--to", "dtdl", "--dtdl-version", "2", "-o", out.string(),
                            std::string(DTC_SOURCE_DIR) + "/models"},
                           o, e);
    ASSERT_EQ(rc, 0) << e.str();
    // The air-quality and road models use units and geospatial Properties v2 cannot express.
    EXPECT_NE(e.str().find("DTC4201"), std::string::npos) << e.str();
    std::ostringstream o2, e2;
    int check = dtc::cli::run({"check", "--format", "json", out.string()}, o2, e2);
    EXPECT_EQ(check, 0) << o2.str() << e2.str();
    EXPECT_NE(o2.str().find("\"errors\": 0"), std::string::npos) << o2.str();
}

} // namespace
