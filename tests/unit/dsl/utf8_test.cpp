// .twin files must be valid UTF-8 (RFC 3629): overlong forms, surrogates and code points above
// U+10FFFF are reported as DTC1002, never passed to ANTLR (whose converter throws on them; found
// by fuzz_twin).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"

namespace {

namespace fs = std::filesystem;

int checkBytes(const std::string& bytes, std::string& diagnostics) {
    fs::path file = fs::path(::testing::TempDir()) / "dtc-utf8-test.twin";
    std::ofstream(file, std::ios::binary) << "namespace t.u;\n" << bytes << "\ntwin T version 1 {}\n";
    std::ostringstream out, err;
    int rc = dtc::cli::run({"check", "--format", "json", file.string()}, out, err);
    diagnostics = out.str() + err.str();
    return rc;
}

TEST(TwinUtf8, InvalidSequencesAreDiagnosedNotThrown) {
    for (const std::string& bytes : {std::string("\xF6\xBF\x8F\x95"), std::string("\xED\xA0\x80"),
                                    std::string("\xC0\xAF"), std::string("\xF4\x90\x80\x80")}) {
        std::string diags;
        EXPECT_EQ(checkBytes("// " + bytes, diags), 1);
        EXPECT_NE(diags.find("DTC1002"), std::string::npos) << diags;
    }
}

TEST(TwinUtf8, ValidMultibyteTextIsAccepted) {
    std::string diags;
    EXPECT_EQ(checkBytes("// caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\xA6", diags), 0) << diags;
}

} // namespace
