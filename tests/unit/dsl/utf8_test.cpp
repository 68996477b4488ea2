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

TEST(TwinUtf8, LoneSurrogateEscapeIsAnError) {
    // "\uDFFF" alone would decode to bytes that are not UTF-8 (as in the JSON reader, where
    // fuzz_dtdl found it); a pair is a character.
    fs::path file = fs::path(::testing::TempDir()) / "dtc-surrogate-test.twin";
    auto check = [&](const std::string& address) {
        std::ofstream(file, std::ios::binary)
            << "namespace t.u;\n@mqtt(\"" << address << "\")\ntwin T version 1 {}\n";
        std::ostringstream out, err;
        int rc = dtc::cli::run({"check", "--format", "json", file.string()}, out, err);
        return std::make_pair(rc, out.str() + err.str());
    };
    auto [lone, loneDiags] = check("a/\\uDFFF/b");
    EXPECT_EQ(lone, 1) << loneDiags;
    EXPECT_NE(loneDiags.find("lone UTF-16 surrogate"), std::string::npos) << loneDiags;
    auto [pair, pairDiags] = check("a/\\ud83d\\ude00/b");
    EXPECT_EQ(pair, 0) << pairDiags;
}

TEST(TwinUtf8, ValidMultibyteTextIsAccepted) {
    std::string diags;
    EXPECT_EQ(checkBytes("// caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\xA6", diags), 0) << diags;
}

} // namespace
