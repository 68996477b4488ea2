// SourceManager: file ids, line / code-point column decoding, line terminators.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "diag/diag.h"

namespace dtc::diag {
namespace {

TEST(SourceManager, IdsStartAtOneAndKeepPathAndBytes) {
    SourceManager sm;
    FileId a = sm.addBuffer("a.json", "{}");
    FileId b = sm.addBuffer("dir/b.json", "[1]");
    EXPECT_NE(a, kNoFile);
    EXPECT_NE(a, b);
    EXPECT_EQ(sm.fileCount(), 2u);
    EXPECT_EQ(sm.path(b), "dir/b.json");
    EXPECT_EQ(sm.text(a), "{}");
    EXPECT_EQ(sm.path(kNoFile), "");
    EXPECT_EQ(sm.text(99), "");
}

TEST(SourceManager, LinesAndColumnsAreOneBased) {
    SourceManager sm;
    FileId f = sm.addBuffer("f", "ab\ncd\n\nx");
    auto at = [&](std::uint32_t off) { return sm.lineColumn({f, off}); };
    EXPECT_EQ(at(0).line, 1u);
    EXPECT_EQ(at(0).column, 1u);
    EXPECT_EQ(at(1).column, 2u);
    EXPECT_EQ(at(3).line, 2u);
    EXPECT_EQ(at(3).column, 1u);
    EXPECT_EQ(at(4).column, 2u);
    EXPECT_EQ(at(6).line, 3u);
    EXPECT_EQ(at(7).line, 4u);
    EXPECT_EQ(at(7).column, 1u);
}

TEST(SourceManager, ColumnsCountCodePointsNotBytes) {
    SourceManager sm;
    // a, e-acute (2 bytes), euro sign (3 bytes), G clef (4 bytes), b
    std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E" "b";
    FileId f = sm.addBuffer("u", text);
    EXPECT_EQ(sm.lineColumn({f, 1}).column, 2u);  // e-acute
    EXPECT_EQ(sm.lineColumn({f, 3}).column, 3u);  // euro
    EXPECT_EQ(sm.lineColumn({f, 6}).column, 4u);  // G clef
    EXPECT_EQ(sm.lineColumn({f, 10}).column, 5u); // b
}

TEST(SourceManager, CrLfAndLoneCrEndLines) {
    SourceManager sm;
    FileId f = sm.addBuffer("crlf", "ab\r\ncd\rx");
    EXPECT_EQ(sm.lineColumn({f, 4}).line, 2u); // 'c' after CRLF
    EXPECT_EQ(sm.lineColumn({f, 4}).column, 1u);
    EXPECT_EQ(sm.lineColumn({f, 7}).line, 3u); // 'x' after a lone CR
    EXPECT_EQ(sm.lineText(f, 1), "ab");
    EXPECT_EQ(sm.lineText(f, 2), "cd");
    EXPECT_EQ(sm.lineText(f, 3), "x");
    EXPECT_EQ(sm.lineText(f, 4), "");
    EXPECT_EQ(sm.lineText(f, 0), "");
}

TEST(SourceManager, OffsetsPastTheEndClamp) {
    SourceManager sm;
    FileId f = sm.addBuffer("f", "ab\nc");
    LineColumn lc = sm.lineColumn({f, 1000});
    EXPECT_EQ(lc.line, 2u);
    EXPECT_EQ(lc.column, 2u);
    EXPECT_EQ(sm.lineColumn({kNoFile, 0}).line, 0u);
}

TEST(SourceManager, AddFileReadsFilesOfEverySizeWhole) {
    // addFile reads into a 64 KiB buffer first and continues in a string for larger files:
    // the sizes around that boundary, and an empty file, come back byte for byte.
    namespace fs = std::filesystem;
    const fs::path path = fs::path(::testing::TempDir()) / ("dtc_sm_" + std::to_string(getpid()));
    SourceManager sm;
    for (std::size_t size : {0u, 1u, 65535u, 65536u, 65537u, 131072u, 200001u}) {
        std::string bytes(size, '\0');
        for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
        std::ofstream(path, std::ios::binary) << bytes;
        std::string error;
        auto id = sm.addFile(path.string(), error);
        ASSERT_TRUE(id.has_value()) << size << ": " << error;
        EXPECT_EQ(sm.text(*id).size(), size);
        EXPECT_TRUE(sm.text(*id) == bytes) << size;
    }
    fs::remove(path);
}

TEST(SourceManager, AddFileStopsAtTheLimit) {
    namespace fs = std::filesystem;
    const fs::path path = fs::path(::testing::TempDir()) / ("dtc_sm_limit_" + std::to_string(getpid()));
    SourceManager sm;
    std::string error;
    // Limits below, at and above the first 64 KiB buffer; a file of exactly the limit is read.
    for (std::size_t limit : {1000u, 65536u, 200000u}) {
        std::ofstream(path, std::ios::binary) << std::string(limit, 'x');
        auto id = sm.addFile(path.string(), error, limit);
        ASSERT_TRUE(id.has_value()) << limit << ": " << error;
        EXPECT_EQ(sm.text(*id).size(), limit);
        std::ofstream(path, std::ios::binary) << std::string(limit + 1, 'x');
        error.clear();
        EXPECT_FALSE(sm.addFile(path.string(), error, limit).has_value()) << limit;
        EXPECT_NE(error.find("larger than"), std::string::npos) << error;
    }
    fs::remove(path);
    // A stream without end (named on a command line by mistake) is read only up to the limit.
    error.clear();
    EXPECT_FALSE(sm.addFile("/dev/zero", error, 1u << 20).has_value());
    EXPECT_NE(error.find("larger than 1 MiB"), std::string::npos) << error;
}

TEST(SourceManager, AddStreamReadsADescriptorToItsEnd) {
    // A pipe has no size to go by: the buffer grows by doubling, up to the limit.
    for (std::size_t size : {0u, 1000u, 65536u, 65537u, 300000u}) {
        SourceManager sm;
        std::FILE* pipe = ::popen(("head -c " + std::to_string(size) + " /dev/zero").c_str(), "r");
        ASSERT_NE(pipe, nullptr);
        std::string error;
        auto id = sm.addStream(::fileno(pipe), "<pipe>", error);
        ::pclose(pipe);
        ASSERT_TRUE(id.has_value()) << size << ": " << error;
        EXPECT_EQ(sm.path(*id), "<pipe>");
        EXPECT_EQ(sm.text(*id).size(), size);
    }
    SourceManager sm;
    std::FILE* pipe = ::popen("head -c 5000 /dev/zero", "r");
    ASSERT_NE(pipe, nullptr);
    std::string error;
    EXPECT_FALSE(sm.addStream(::fileno(pipe), "<pipe>", error, 4096).has_value());
    ::pclose(pipe);
    EXPECT_NE(error.find("larger than"), std::string::npos) << error;
}

TEST(SourceManager, AddFilesReadsEveryFileAsAddFileDoes) {
    // addFiles reads small files in batches (io_uring where the kernel allows it) and the rest
    // with addFile: 300 files (five batches) of sizes around the 64 KiB slot, missing files and
    // a directory among them; ids in input order, bytes and errors as addFile gives them, on one
    // thread and on two (each half then has batches of its own).
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(::testing::TempDir()) / ("dtc_sm_batch_" + std::to_string(getpid()));
    fs::create_directories(dir);
    std::vector<std::string> paths;
    std::vector<std::string> contents; // "" with missing[i]: not a readable file
    std::vector<bool> bad;
    for (std::size_t i = 0; i < 300; ++i) {
        const fs::path p = dir / ("f" + std::to_string(i) + ".json");
        std::size_t size = i % 10 == 3 ? 65535 + i % 3 : i % 10 == 4 ? 200000 : i * 37 % 5000;
        if (i == 7 || i == 151) size = 0;
        std::string bytes(size, '\0');
        for (std::size_t k = 0; k < size; ++k) bytes[k] = static_cast<char>('a' + (k * 7 + i) % 26);
        const bool missing = i % 17 == 5;
        if (!missing) std::ofstream(p, std::ios::binary) << bytes;
        paths.push_back(i == 100 || i == 250 ? dir.string() : p.string()); // a directory: opens, cannot be read
        contents.push_back(missing || i == 100 || i == 250 ? std::string() : bytes);
        bad.push_back(missing || i == 100 || i == 250);
    }
    for (unsigned threads : {1u, 2u}) {
        SCOPED_TRACE(threads);
        SourceManager batched, single;
        std::vector<SourceManager::Added> added = batched.addFiles(paths, SourceManager::kMaxFileBytes, threads);
        ASSERT_EQ(added.size(), paths.size());
        FileId previous = 0;
        for (std::size_t i = 0; i < paths.size(); ++i) {
            std::string error;
            std::optional<FileId> one = single.addFile(paths[i], error);
            EXPECT_EQ(added[i].id.has_value(), !bad[i]) << i;
            EXPECT_EQ(one.has_value(), !bad[i]) << i;
            if (bad[i]) {
                EXPECT_EQ(added[i].error, error) << i;
                EXPECT_FALSE(error.empty()) << i;
                continue;
            }
            EXPECT_GT(*added[i].id, previous) << i;
            previous = *added[i].id;
            EXPECT_EQ(batched.path(*added[i].id), paths[i]);
            EXPECT_TRUE(batched.text(*added[i].id) == contents[i]) << i << ": " << batched.text(*added[i].id).size();
        }
    }
    // The limit applies as in addFile.
    SourceManager limited;
    std::vector<SourceManager::Added> small = limited.addFiles(std::span(paths).first(20), 1000);
    for (std::size_t i = 0; i < small.size(); ++i) {
        if (bad[i]) continue;
        EXPECT_EQ(small[i].id.has_value(), contents[i].size() <= 1000) << i;
        if (!small[i].id) {
            EXPECT_NE(small[i].error.find("larger than"), std::string::npos) << small[i].error;
        }
    }
    fs::remove_all(dir);
}

TEST(SourceManager, AddFileReportsUnreadableFiles) {
    SourceManager sm;
    std::string error;
    // A directory opens but cannot be read: an error, not an empty file.
    EXPECT_FALSE(sm.addFile(::testing::TempDir(), error).has_value());
    EXPECT_FALSE(error.empty());
}

TEST(SourceManager, AddFileReportsMissingFiles) {
    SourceManager sm;
    std::string error;
    EXPECT_FALSE(sm.addFile("/nonexistent/dtc/file.json", error).has_value());
    EXPECT_FALSE(error.empty());
}

} // namespace
} // namespace dtc::diag
