// Writing DTDL v2 from the standard models (written for v3): what v2 cannot name is dropped with
// a DTC4201 loss warning, and what is written is a valid v2 model set.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

/// A DTDL v2 unit defined inline (the official parser accepts it): written back inline in v2,
/// the same model read again; dropped with its semantic type, and a DTC4201 loss warning, in
/// DTDL v3 and .twin, whose units are predefined; every output checks.
TEST(DtdlV2Output, InlineUnitsRoundTripInV2AndAreDroppedWithAWarningElsewhere) {
    fs::path dir = fs::path(::testing::TempDir()) / "dtc-v2-inline-unit";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string model = (dir / "in.json").string();
    std::ofstream(model) << R"({"@context": "dtmi:dtdl:context;2", "@id": "dtmi:test:i;1", "@type": "Interface",
        "contents": [{"@type": ["Telemetry", "Velocity"], "name": "t", "schema": "double",
                      "unit": {"@id": "dtmi:test:knot;1", "@type": "VelocityUnit", "symbol": "kn", "displayName": "knot"}}]})";
    auto run = [](std::vector<std::string> args, std::string* err = nullptr) {
        std::ostringstream o, e;
        int rc = dtc::cli::run(std::move(args), o, e);
        if (err != nullptr) *err = e.str();
        return std::make_pair(rc, o.str());
    };
    auto [rcDump, original] = run({"dump", model});
    ASSERT_EQ(rcDump, 0);
    EXPECT_NE(original.find("dtmi:standard:class:VelocityUnit;2 dtmi:test:knot;1"), std::string::npos) << original;

    std::string err;
    ASSERT_EQ(run({"translate", "--to", "dtdl", "-o", (dir / "v2").string(), model}, &err).first, 0) << err;
    EXPECT_EQ(err.find("DTC4201"), std::string::npos) << err;
    auto [rcAgain, again] = run({"dump", (dir / "v2").string()});
    EXPECT_EQ(rcAgain, 0);
    EXPECT_EQ(again, original);

    for (const std::vector<std::string>& to : {std::vector<std::string>{"--to", "dtdl", "--dtdl-version", "3"},
                                               std::vector<std::string>{"--to", "twin"}}) {
        const std::string out = (dir / to.back()).string();
        std::vector<std::string> args{"translate"};
        args.insert(args.end(), to.begin(), to.end());
        args.insert(args.end(), {"-o", out, model});
        ASSERT_EQ(run(args, &err).first, 0) << err;
        EXPECT_NE(err.find("inline unit"), std::string::npos) << err;
        EXPECT_NE(err.find("DTC4201"), std::string::npos) << err;
        EXPECT_EQ(run({"check", out}, &err).first, 0) << err;
    }
}

} // namespace
