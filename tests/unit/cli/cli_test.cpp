// dtc-compile run in-process (dtc::cli::run): exit codes, help and version, JSON output, and bad
// input files, which must give a clear diagnostic and the right exit code and never crash.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "diag/diag.h"

namespace dtc::cli {
namespace {

namespace fs = std::filesystem;

struct RunResult {
    int status = -1;
    std::string out;
    std::string err;
};

RunResult dtc(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    RunResult r;
    r.status = run(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

/// A fresh directory under the test temp dir, removed at the end of the test.
class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::path(::testing::TempDir()) /
               ("dtc_cli_" + std::string(info->name()) + "_" + std::to_string(getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& bytes) {
        fs::path p = dir_ / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    }
    std::string dir() const { return dir_.string(); }

    /// `check --format json PATH`, parsed. Fails the test if the output is not JSON.
    nlohmann::json checkJson(const std::string& path, int expectedStatus) {
        RunResult r = dtc({"check", "--format", "json", path});
        EXPECT_EQ(r.status, expectedStatus) << r.out << r.err;
        try {
            return nlohmann::json::parse(r.out);
        } catch (const std::exception& e) {
            ADD_FAILURE() << "--format json output is not JSON (" << e.what() << "):\n" << r.out << r.err;
            return {};
        }
    }

    /// The codes of the errors in a JSON report.
    static std::vector<std::string> codes(const nlohmann::json& doc) {
        std::vector<std::string> out;
        if (!doc.contains("diagnostics")) return out;
        for (const auto& d : doc["diagnostics"])
            if (d.value("severity", "") != "warning" && d.value("severity", "") != "note")
                out.push_back(d.value("code", ""));
        return out;
    }
    static bool hasCode(const nlohmann::json& doc, const std::string& code) {
        auto c = codes(doc);
        return std::find(c.begin(), c.end(), code) != c.end();
    }

private:
    fs::path dir_;
};

constexpr const char* kValidModel = R"({
  "@context": "dtmi:dtdl:context;3",
  "@id": "dtmi:com:example:Thermostat;1",
  "@type": "Interface",
  "displayName": "Thermostat",
  "contents": [
    { "@type": "Telemetry", "name": "temperature", "schema": "double" },
    { "@type": "Property", "name": "targetTemperature", "schema": "double", "writable": true }
  ]
}
)";

// A Telemetry cannot be a top-level element (dtmi:dtdl:parsingError:...).
constexpr const char* kInvalidModel = R"({
  "@context": "dtmi:dtdl:context;3",
  "@id": "dtmi:com:example:T;1",
  "@type": "Telemetry",
  "name": "t",
  "schema": "double"
}
)";

// ---- exit codes -----------------------------------------------------------------------------------

TEST_F(Cli, ValidModelExitsZero) {
    RunResult r = dtc({"check", write("thermostat.json", kValidModel)});
    EXPECT_EQ(r.status, kExitOk) << r.err;
    EXPECT_EQ(r.err.find(": error:"), std::string::npos) << r.err;
}

TEST_F(Cli, ValidModelDirectoryExitsZero) {
    write("models/thermostat.json", kValidModel);
    RunResult r = dtc({"check", dir() + "/models"});
    EXPECT_EQ(r.status, kExitOk) << r.err;
}

TEST_F(Cli, DirectoriesAreSearchedRecursivelyForModelFiles) {
    auto model = [](const std::string& name) {
        std::string m = kValidModel;
        return m.replace(m.find("Thermostat;1"), 12, name + ";1");
    };
    write("models/a.json", model("A"));
    write("models/sub/deeper/b.json", model("B"));
    write("models/.hidden/c.twin.json", model("C")); // hidden folders are searched too
    write("models/readme.md", "# not a model\n");
    write("models/data.json.bak", "not a model either");
    std::string outside = write("elsewhere/d.json", model("D"));
    fs::create_symlink(outside, dir() + "/models/link.json");    // a link to a file is that file
    fs::create_directory_symlink(dir() + "/models", dir() + "/models/loop"); // never followed
    fs::create_directory_symlink(dir() + "/elsewhere", dir() + "/models/other");
    nlohmann::json doc = checkJson(dir() + "/models/", kExitOk);
    EXPECT_EQ(doc["summary"]["files"], 4) << doc.dump(2);
    EXPECT_EQ(doc["summary"]["interfaces"], 4) << doc.dump(2);
}

TEST_F(Cli, WideAndDeepDirectoryTreesAreSearchedWhole) {
    // Directories are opened a level at a time, in batches, at most 256 at once: 300 folders
    // on one level (and folders below some of them, and empty ones) are all searched.
    auto model = [](const std::string& name) {
        std::string m = kValidModel;
        return m.replace(m.find("Thermostat;1"), 12, name + ";1");
    };
    int expected = 0;
    for (int i = 0; i < 300; ++i) {
        const std::string d = "tree/d" + std::to_string(i);
        if (i % 7 == 0) {
            fs::create_directories(dir() + "/" + d + "/empty");
            continue;
        }
        write(d + "/m.json", model("M" + std::to_string(i)));
        ++expected;
        if (i % 30 == 1) {
            write(d + "/x/y/z/n.json", model("N" + std::to_string(i)));
            ++expected;
        }
    }
    nlohmann::json doc = checkJson(dir() + "/tree", kExitOk);
    EXPECT_EQ(doc["summary"]["files"], expected) << doc.dump(2);
    EXPECT_EQ(doc["summary"]["interfaces"], expected) << doc.dump(2);
}

TEST_F(Cli, ModelErrorsExitOneWithFileLineColumn) {
    std::string path = write("bad.json", kInvalidModel);
    RunResult r = dtc({"check", "--no-color", path});
    EXPECT_EQ(r.status, kExitModelErrors) << r.err;
    EXPECT_NE(r.err.find(path + ":"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(": error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[dtmi:dtdl:parsingError:"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << "colour in non-terminal output";
}

TEST_F(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(dtc({}).status, kExitUsage);
    EXPECT_EQ(dtc({"frobnicate"}).status, kExitUsage);
    EXPECT_EQ(dtc({"check"}).status, kExitUsage);
    std::string model = write("m.json", kValidModel);
    EXPECT_EQ(dtc({"check", "--no-such-option", model}).status, kExitUsage);
    EXPECT_EQ(dtc({"check", "--format", "xml", model}).status, kExitUsage);
    EXPECT_EQ(dtc({"check", "--max-dtdl-version", "9", model}).status, kExitUsage);
    RunResult r = dtc({"check", "--format", "xml", model});
    EXPECT_NE(r.err.find("--format"), std::string::npos) << r.err;
    r = dtc({"check", "--jobs", "3", model});
    EXPECT_EQ(r.status, kExitUsage);
    EXPECT_NE(r.err.find("--jobs takes 1 or 2"), std::string::npos) << r.err;
}

TEST_F(Cli, JobsReadsOnOneOrTwoThreadsWithTheSameResult) {
    // Two files, so -j 2 splits them; a valid pair, then one with an error in the second file.
    std::string a = write("a.json", kValidModel);
    std::string b = write("b.json", R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:example:Other;1",
        "@type": "Interface", "contents": [{"@type": "Telemetry", "name": "t", "schema": "double"}]})");
    for (const char* j : {"1", "2"}) {
        RunResult r = dtc({"check", "-j", j, a, b});
        EXPECT_EQ(r.status, kExitOk) << j << r.err;
        EXPECT_NE(r.err.find("2 file(s), 2 interface(s)"), std::string::npos) << j << r.err;
    }
    std::string bad = write("c.json", R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:example:Bad;1",
        "@type": "Interface", "contents": [{"@type": "Telemetry", "name": "t", "schema": "nothing"}]})");
    RunResult one = dtc({"check", "--format", "json", "-j", "1", a, bad});
    RunResult two = dtc({"check", "--format", "json", "--jobs", "2", a, bad});
    EXPECT_EQ(one.status, kExitModelErrors);
    EXPECT_EQ(two.status, kExitModelErrors);
    EXPECT_EQ(two.out, one.out);
}

TEST_F(Cli, MissingPathExitsTwoWithIoError) {
    nlohmann::json doc = checkJson(dir() + "/does-not-exist.json", kExitUsage);
    EXPECT_TRUE(hasCode(doc, "DTC9001")) << doc.dump(2);
}

TEST_F(Cli, LinkLoopIsReportedWithItsReason) {
    fs::create_symlink(dir() + "/loop.json", dir() + "/loop.json");
    nlohmann::json doc = checkJson(dir() + "/loop.json", kExitUsage);
    ASSERT_TRUE(hasCode(doc, "DTC9001")) << doc.dump(2);
    EXPECT_NE(doc["diagnostics"][0]["message"].get<std::string>().find("symbolic links"), std::string::npos)
        << doc.dump(2);
}

TEST_F(Cli, EmptyDirectoryExitsTwo) {
    fs::create_directories(dir() + "/empty");
    nlohmann::json doc = checkJson(dir() + "/empty", kExitUsage);
    EXPECT_TRUE(hasCode(doc, "DTC9002")) << doc.dump(2);
}

TEST_F(Cli, DirectoryWithoutModelsExitsTwo) {
    write("docs/readme.md", "# not a model\n");
    write("docs/notes.txt", "nothing here\n");
    nlohmann::json doc = checkJson(dir() + "/docs", kExitUsage);
    EXPECT_TRUE(hasCode(doc, "DTC9002")) << doc.dump(2);
}

// ---- help and version -------------------------------------------------------------------------------

TEST_F(Cli, HelpAndVersion) {
    RunResult help = dtc({"--help"});
    EXPECT_EQ(help.status, kExitOk);
    EXPECT_NE(help.out.find("usage: dtc-compile"), std::string::npos) << help.out;
    RunResult checkHelp = dtc({"check", "--help"});
    EXPECT_EQ(checkHelp.status, kExitOk);
    EXPECT_NE(checkHelp.out.find("--format"), std::string::npos) << checkHelp.out;
    RunResult version = dtc({"--version"});
    EXPECT_EQ(version.status, kExitOk);
    EXPECT_EQ(version.out, "dtc-compile " DTC_VERSION "\n");
}

// ---- JSON output --------------------------------------------------------------------------------------

TEST_F(Cli, JsonOutputOfAValidModel) {
    nlohmann::json doc = checkJson(write("t.json", kValidModel), kExitOk);
    ASSERT_TRUE(doc.contains("diagnostics")) << doc.dump(2);
    EXPECT_TRUE(doc["diagnostics"].empty()) << doc.dump(2);
    ASSERT_TRUE(doc.contains("summary"));
    EXPECT_EQ(doc["summary"]["files"], 1);
    EXPECT_EQ(doc["summary"]["interfaces"], 1);
    EXPECT_EQ(doc["summary"]["errors"], 0);
}

TEST_F(Cli, JsonOutputOfAnInvalidModelHasTheKeys) {
    std::string path = write("bad.json", kInvalidModel);
    nlohmann::json doc = checkJson(path, kExitModelErrors);
    ASSERT_TRUE(doc.contains("diagnostics")) << doc.dump(2);
    ASSERT_FALSE(doc["diagnostics"].empty()) << doc.dump(2);
    const auto& d = doc["diagnostics"][0];
    for (const char* key : {"severity", "code", "message", "file", "line", "column", "primaryId",
                            "secondaryId", "property", "value"})
        EXPECT_TRUE(d.contains(key)) << "missing key " << key << ": " << d.dump();
    EXPECT_EQ(d["file"], path);
    EXPECT_GE(d["line"].get<int>(), 1);
    EXPECT_GE(d["column"].get<int>(), 1);
    EXPECT_EQ(d["code"].get<std::string>().rfind("dtmi:dtdl:parsingError:", 0), 0u) << d.dump();
    EXPECT_GE(doc["summary"]["errors"].get<int>(), 1);
}

// ---- bad input files ----------------------------------------------------------------------------------

TEST_F(Cli, MalformedJson) {
    nlohmann::json doc = checkJson(write("m.json", "{\"@id\": \"dtmi:a:b;1\",\n  \"@type\": }\n"), kExitModelErrors);
    EXPECT_TRUE(hasCode(doc, "DTC1001")) << doc.dump(2);
    ASSERT_FALSE(doc["diagnostics"].empty());
    EXPECT_EQ(doc["diagnostics"][0]["line"], 2) << "the syntax error is on line 2";
}

TEST_F(Cli, InvalidUtf8) {
    std::string model = kValidModel;
    model.replace(model.find("Thermostat\""), 1, "\xFF\xFE");
    nlohmann::json doc = checkJson(write("u.json", model), kExitModelErrors);
    EXPECT_TRUE(hasCode(doc, "DTC1002")) << doc.dump(2);
}

TEST_F(Cli, ByteOrderMarkIsAccepted) {
    // Published ontologies (RealEstateCore) start every file with a UTF-8 BOM.
    RunResult r = dtc({"check", write("bom.json", std::string("\xEF\xBB\xBF") + kValidModel)});
    EXPECT_EQ(r.status, kExitOk) << r.err;
}

TEST_F(Cli, DuplicateKeys) {
    // A repeated key in a DTDL document gets the official parser's ValidationID: a JSON-LD
    // keyword makes the file invalid (repeated...Property), a property is given twice.
    std::string model = kValidModel;
    model.replace(model.find("\"@type\""), 0, "\"@type\": \"Interface\", ");
    nlohmann::json doc = checkJson(write("d.json", model), kExitModelErrors);
    EXPECT_TRUE(hasCode(doc, "dtmi:dtdl:parsingError:repeatedTypeProperty")) << doc.dump(2);
    EXPECT_EQ(doc["diagnostics"].size(), 1u) << doc.dump(2);
    // (Each settled with the official parser; the conformance format cannot hold them.)
    const std::pair<const char*, const char*> kRepeated[] = {
        {R"("displayName": "a", "displayName": "b", )", "duplicatePropertyName"},
        {R"("description": {"en": "a", "en": "b"}, )", "langStringCodeNotUnique"},
        {R"("@foo": 1, "@foo": 2, )", "repeatedKeyword"},
        {R"("@id": "dtmi:com:example:Thermostat;1", )", "repeatedIdProperty"},
    };
    for (const auto& [members, id] : kRepeated) {
        model = kValidModel;
        model.replace(model.find("\"@type\""), 0, members);
        doc = checkJson(write("p.json", model), kExitModelErrors);
        EXPECT_TRUE(hasCode(doc, std::string("dtmi:dtdl:parsingError:") + id)) << members << doc.dump(2);
        // A repeated keyword names no element, property or value, as the official parser
        // reports it (the message names the key).
        if (std::string_view(id).starts_with("repeated")) {
            for (const char* field : {"primaryId", "secondaryId", "property", "value"})
                EXPECT_TRUE(doc["diagnostics"][0][field].is_null()) << field << ": " << doc.dump(2);
        }
    }
    model = kValidModel;
    model.replace(model.find("\"dtmi:dtdl:context;3\""), std::string("\"dtmi:dtdl:context;3\"").size(),
                  R"(["dtmi:dtdl:context;3", {"a": "dtmi:x:y;1", "a": "dtmi:x:z;1"}])");
    doc = checkJson(write("c.json", model), kExitModelErrors);
    EXPECT_TRUE(hasCode(doc, "dtmi:dtdl:parsingError:duplicateTermInContextObject")) << doc.dump(2);
}

TEST_F(Cli, RepeatedKeywordsTakeTheirPlaceAmongJsonLdShapeErrors) {
    // A JSON-LD keyword given twice is met where @context and @graph shapes are: in the order
    // of the files and of their text, the first such error is the set's only error. Inside an
    // @context value it is none. (Each settled with the official parser; the conformance format
    // cannot hold a repeated key.)
    const std::string badContext = R"({"@context": -1, "@id": "dtmi:a:c;1", "@type": "Interface"})";
    const std::string repeatedId =
        R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:a:r;1", "@id": "dtmi:a:r;1", "@type": "Interface"})";
    struct Case {
        std::vector<std::string> files;
        const char* only;
    };
    const Case kCases[] = {
        {{repeatedId, badContext}, "repeatedIdProperty"},
        {{badContext, repeatedId}, "invalidContext"},
        {{"[" + badContext + ", " + repeatedId + "]"}, "invalidContext"},
        {{R"({"@id": "dtmi:a:b;1", "@id": "dtmi:a:b;1", "@context": -1, "@type": "Interface"})"}, "repeatedIdProperty"},
        {{R"({"@context": -1, "@id": "dtmi:a:b;1", "@id": "dtmi:a:b;1", "@type": "Interface"})"}, "invalidContext"},
        {{R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:a:r;1", "@type": "Interface", )"
          R"("displayName": {"@graph": 1}, "@type": "Interface"})"},
         "graphNotObject"},
        {{R"({"@context": ["dtmi:dtdl:context;3", {"y": {"@id": "dtmi:a:x;1", "@id": "dtmi:a:x;1"}, "x": 5}], )"
          R"("@id": "dtmi:a:b;1", "@type": "Interface"})"},
         "termDefinitionNotStringOrObject"},
        // After an identifier error, which stops the reading: the repetition is the one error.
        {{R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:a:b:;1", "@type": "Interface"})", repeatedId},
         "repeatedIdProperty"},
        // In an item of a later document's @graph, after an error of the first document.
        {{R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:a:c;1", "@type": "Interface", )"
          R"("contents": [{"@type": "Telemetry", "name": "t", "schema": "dtmi:a:missing;1"}]})",
          R"({"@context": "dtmi:dtdl:context;3", "@graph": [{"@id": "dtmi:a:r;1", "@id": "dtmi:a:r;1", )"
          R"("@type": "Interface"}]})"},
         "repeatedIdProperty"},
        {{R"({"@context": "dtmi:dtdl:context;3", "@graph": [{"@id": "dtmi:a:r;1", "@type": "Interface", )"
          R"("@type": "Interface"}]})"},
         "repeatedTypeProperty"},
    };
    int n = 0;
    for (const Case& c : kCases) {
        const std::string set = "set" + std::to_string(n++);
        for (std::size_t i = 0; i < c.files.size(); ++i) write(set + "/" + std::to_string(i) + ".json", c.files[i]);
        nlohmann::json doc = checkJson(dir() + "/" + set, kExitModelErrors);
        EXPECT_EQ(codes(doc), std::vector<std::string>{std::string("dtmi:dtdl:parsingError:") + c.only})
            << set << ": " << doc.dump(2);
    }
}

TEST_F(Cli, DeepNestingIsRefusedWithoutCrashing) {
    std::string deep = std::string(10000, '[') + std::string(10000, ']');
    nlohmann::json doc = checkJson(write("deep.json", deep), kExitModelErrors);
    EXPECT_TRUE(hasCode(doc, "DTC1004")) << doc.dump(2).substr(0, 2000);
}

TEST_F(Cli, EmptyFile) {
    nlohmann::json doc = checkJson(write("empty.json", ""), kExitModelErrors);
    EXPECT_TRUE(hasCode(doc, "DTC1005")) << doc.dump(2);
}

TEST_F(Cli, HundredMegabyteFile) {
    // A syntactically valid document of 100 MB: a description far beyond any DTDL limit.
    std::string path = dir() + "/big.json";
    {
        std::ofstream out(path, std::ios::binary);
        out << R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:ex:Big;1", "@type": "Interface", "description": ")";
        std::string chunk(1 << 20, 'x');
        for (int i = 0; i < 100; ++i) out << chunk;
        out << "\"}\n";
    }
    ASSERT_GT(fs::file_size(path), 100u * 1000 * 1000);
    nlohmann::json doc = checkJson(path, kExitModelErrors);
    ASSERT_FALSE(codes(doc).empty()) << "a 100 MB interface must be reported";
    // Whatever the rule (file size limit or description length), it is reported on this file.
    EXPECT_EQ(doc["diagnostics"][0]["file"], path);
    EXPECT_LT(doc.dump().size(), 1u << 20) << "the report must not echo the 100 MB value";
}

TEST_F(Cli, FilesPastTheSizeLimitAreRefusedBeforeReading) {
    // A sparse file one byte past the limit: refused from its size, without reading it.
    std::string path = dir() + "/huge.json";
    { std::ofstream(path, std::ios::binary) << "{"; }
    fs::resize_file(path, diag::SourceManager::kMaxFileBytes + 1);
    nlohmann::json doc = checkJson(path, kExitUsage);
    ASSERT_TRUE(hasCode(doc, "DTC9001")) << doc.dump(2);
    EXPECT_NE(doc["diagnostics"][0]["message"].get<std::string>().find("larger than 256 MiB"), std::string::npos)
        << doc.dump(2);
}

TEST_F(Cli, ScalarDocument) {
    nlohmann::json doc = checkJson(write("n.json", "626\n"), kExitModelErrors);
    EXPECT_FALSE(codes(doc).empty()) << doc.dump(2);
}

// ---- standard input ("-") -------------------------------------------------------------------------

/// Runs dtc with `bytes` on standard input: a pipe, written by a second thread so that inputs
/// larger than the pipe's buffer get through (a command that does not read standard input is
/// given less than a buffer's worth).
RunResult dtcWithStdin(const std::vector<std::string>& args, const std::string& bytes) {
    int fds[2];
    if (pipe(fds) != 0) {
        ADD_FAILURE() << "pipe failed";
        return {};
    }
    const int saved = dup(STDIN_FILENO);
    dup2(fds[0], STDIN_FILENO);
    close(fds[0]);
    std::thread writer([&] {
        for (std::size_t at = 0; at < bytes.size();) {
            ssize_t n = ::write(fds[1], bytes.data() + at, bytes.size() - at);
            if (n <= 0) break;
            at += static_cast<std::size_t>(n);
        }
        close(fds[1]);
    });
    RunResult r = dtc(args);
    writer.join();
    dup2(saved, STDIN_FILENO);
    close(saved);
    return r;
}

TEST_F(Cli, DashReadsStandardInputAsDtdl) {
    RunResult r = dtcWithStdin({"check", "-"}, kValidModel);
    EXPECT_EQ(r.status, kExitOk) << r.err;
    EXPECT_NE(r.err.find("ok: 1 file(s), 1 interface(s)"), std::string::npos) << r.err;

    // Diagnostics name it <stdin>, or the name given with --stdin-name.
    r = dtcWithStdin({"check", "--no-color", "-"}, kInvalidModel);
    EXPECT_EQ(r.status, kExitModelErrors) << r.err;
    EXPECT_EQ(r.err.rfind("<stdin>:", 0), 0u) << r.err;
    r = dtcWithStdin({"check", "--format", "json", "--stdin-name", "models/t.json", "-"}, kInvalidModel);
    EXPECT_EQ(r.status, kExitModelErrors) << r.err;
    nlohmann::json doc = nlohmann::json::parse(r.out);
    ASSERT_FALSE(doc["diagnostics"].empty()) << r.out;
    EXPECT_EQ(doc["diagnostics"][0]["file"], "models/t.json") << r.out;
    EXPECT_EQ(doc["diagnostics"][0]["line"], 1) << r.out; // the document itself is not rootable
}

TEST_F(Cli, StandardInputJoinsTheModelSetOnce) {
    // An interface on standard input extends one in a file, and "-" given twice is read once.
    std::string base = write("base.json", R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:ex:Base;1",
        "@type": "Interface", "contents": [{"@type": "Property", "name": "p", "schema": "double"}]})");
    const std::string derived = R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:ex:Derived;1",
        "@type": "Interface", "extends": "dtmi:ex:Base;1"})";
    RunResult r = dtcWithStdin({"check", "-", base, "-"}, derived);
    EXPECT_EQ(r.status, kExitOk) << r.err;
    EXPECT_NE(r.err.find("ok: 2 file(s), 2 interface(s)"), std::string::npos) << r.err;
    // Without the file, the base is undefined.
    r = dtcWithStdin({"check", "-"}, derived);
    EXPECT_EQ(r.status, kExitModelErrors) << r.err;
    EXPECT_NE(r.err.find("dtmi:ex:Base;1"), std::string::npos) << r.err;
}

TEST_F(Cli, StandardInputLargerThanAPipeBuffer) {
    std::string array = "[";
    for (int i = 0; i < 2000; ++i) {
        if (i) array += ",";
        array += R"({"@context": "dtmi:dtdl:context;3", "@id": "dtmi:ex:I)" + std::to_string(i) +
                 R"(;1", "@type": "Interface", "displayName": "an interface read from a pipe"})";
    }
    array += "]";
    ASSERT_GT(array.size(), 200u * 1024);
    RunResult r = dtcWithStdin({"check", "-"}, array);
    EXPECT_EQ(r.status, kExitOk) << r.err;
    EXPECT_NE(r.err.find("ok: 1 file(s), 2000 interface(s)"), std::string::npos) << r.err;
}

TEST_F(Cli, StdinNameChoosesTheLanguage) {
    const std::string twin = "namespace ex;\n\ntwin Lamp {\n    property on: boolean;\n}\n";
    RunResult r = dtcWithStdin({"check", "--stdin-name", "lamp.twin", "-"}, twin);
    EXPECT_EQ(r.status, kExitOk) << r.err;
    // Read as JSON, the same text is a JSON syntax error.
    r = dtcWithStdin({"check", "--format", "json", "-"}, twin);
    EXPECT_EQ(r.status, kExitModelErrors) << r.err;
    EXPECT_NE(r.out.find("DTC1001"), std::string::npos) << r.out;
}

TEST_F(Cli, AFileNamedDashIsReadThroughItsPath) {
    std::string path = write("-", kValidModel);
    fs::path cwd = fs::current_path();
    fs::current_path(dir());
    RunResult r = dtcWithStdin({"check", "./-"}, "");
    fs::current_path(cwd);
    EXPECT_EQ(r.status, kExitOk) << r.err;
    // fmt rewrites files in place: "-" is no standard input there.
    r = dtcWithStdin({"fmt", "-"}, "twin X {}\n");
    EXPECT_EQ(r.status, kExitUsage) << r.err;
}

TEST_F(Cli, AnErrorInsideAPredefinedSchemaIsReportedWhereTheSchemaIsUsed) {
    // A v2 Property may hold no Array; "point" is an Object whose coordinates are one, written
    // nowhere: the error points at the Property.
    nlohmann::json doc = checkJson(write("p.json", R"({"@context": "dtmi:dtdl:context;2", "@id": "dtmi:a:b;1",
  "@type": "Interface", "contents": [{"@type": "Property", "name": "where", "schema": "point"}]})"),
                                   kExitModelErrors);
    ASSERT_EQ(doc["diagnostics"].size(), 1u) << doc.dump(2);
    const auto& d = doc["diagnostics"][0];
    EXPECT_EQ(d["code"], "dtmi:dtdl:parsingError:excludedType");
    EXPECT_NE(d["message"].get<std::string>().find("is an Array"), std::string::npos) << d.dump();
    EXPECT_EQ(d["line"], 2) << d.dump();
    EXPECT_EQ(d["column"], 38) << d.dump(); // the Property's "{"
}

// ---- --model-repo ---------------------------------------------------------------------------------

/// An interface `id` with an extends and a component, each optional.
std::string iface(const std::string& id, const std::string& extends = "", const std::string& component = "") {
    std::string s = R"({"@context": "dtmi:dtdl:context;3", "@id": ")" + id + R"(", "@type": "Interface")";
    if (!extends.empty()) s += R"(, "extends": ")" + extends + "\"";
    if (!component.empty())
        s += R"(, "contents": [{"@type": "Component", "name": "c", "schema": ")" + component + "\"}]";
    return s + "}\n";
}

/// The undefined-reference errors of a JSON report, by the DTMI they name.
std::map<std::string, nlohmann::json> undefinedReferences(const nlohmann::json& doc) {
    std::map<std::string, nlohmann::json> out;
    for (const auto& d : doc["diagnostics"])
        if (d.value("code", "") == "DTC3001") out[d.value("value", "")] = d;
    return out;
}

TEST_F(Cli, ModelRepoResolvesReferencesRoundAfterRound) {
    // A extends B (in the first repository) and uses C (only in the second); B extends the
    // mixed-case D, whose file name is lower case by the convention.
    std::string in = write("in/a.json", iface("dtmi:com:example:A;1", "dtmi:com:example:B;1", "dtmi:com:example:C;2"));
    write("repo1/dtmi/com/example/b-1.json", iface("dtmi:com:example:B;1", "dtmi:com:Example:MixedCase;3"));
    write("repo2/dtmi/com/example/c-2.json", iface("dtmi:com:example:C;2"));
    write("repo2/dtmi/com/example/mixedcase-3.json", iface("dtmi:com:Example:MixedCase;3"));
    RunResult r = dtc({"check", "--model-repo", dir() + "/repo1", "--model-repo", dir() + "/repo2", in});
    EXPECT_EQ(r.status, kExitOk) << r.err;
    // Without the second repository, C and D stay undefined, and each error says where they
    // were looked for.
    r = dtc({"check", "--format", "json", "--model-repo", dir() + "/repo1", in});
    EXPECT_EQ(r.status, kExitModelErrors) << r.err;
    auto undefined = undefinedReferences(nlohmann::json::parse(r.out));
    ASSERT_EQ(undefined.size(), 2u) << r.out;
    const auto& c = undefined["dtmi:com:example:C;2"];
    ASSERT_EQ(c["notes"].size(), 1u) << c.dump();
    EXPECT_NE(c["notes"][0]["message"].get<std::string>().find(dir() + "/repo1/dtmi/com/example/c-2.json does not exist"),
              std::string::npos) << c.dump();
    EXPECT_EQ(undefined.count("dtmi:com:Example:MixedCase;3"), 1u) << r.out;
}

TEST_F(Cli, ModelRepoFileThatDefinesAnotherDtmiIsNamed) {
    std::string in = write("in/a.json", iface("dtmi:com:example:A;1", "dtmi:com:example:Base;1", "dtmi:com:example:Sensor;1"));
    std::string base = write("repo/dtmi/com/example/base-1.json", iface("dtmi:com:example:Other;1"));
    std::string sensor = write("repo/dtmi/com/example/sensor-1.json", iface("dtmi:com:example:sensor;1"));
    RunResult r = dtc({"check", "--format", "json", "--model-repo", dir() + "/repo", in});
    EXPECT_EQ(r.status, kExitModelErrors) << r.err;
    // One error per reference, repository-document-mismatch, with a note on the repository
    // file that says what it defines instead.
    nlohmann::json doc = nlohmann::json::parse(r.out);
    std::map<std::string, nlohmann::json> mismatch;
    for (const auto& d : doc["diagnostics"]) {
        EXPECT_EQ(d.value("code", ""), "DTC3002") << d.dump();
        mismatch[d.value("value", "")] = d;
    }
    ASSERT_EQ(mismatch.size(), 2u) << r.out;
    const auto& b = mismatch["dtmi:com:example:Base;1"];
    EXPECT_EQ(b["file"], in);
    EXPECT_NE(b["message"].get<std::string>().find("'" + base + "', its file in the model repository, does not define it"),
              std::string::npos) << r.out;
    ASSERT_EQ(b["notes"].size(), 1u) << r.out;
    EXPECT_EQ(b["notes"][0]["file"], base);
    EXPECT_EQ(b["notes"][0]["line"], 1);
    EXPECT_EQ(b["notes"][0]["message"], "it defines 'dtmi:com:example:Other;1'");
    const auto& s = mismatch["dtmi:com:example:Sensor;1"]["notes"];
    ASSERT_EQ(s.size(), 1u) << r.out;
    EXPECT_EQ(s[0]["file"], sensor);
    EXPECT_NE(s[0]["message"].get<std::string>().find("'dtmi:com:example:sensor;1': DTMIs are case-sensitive"),
              std::string::npos) << r.out;
    // The text form shows the note under its error, at the file.
    r = dtc({"check", "--no-color", "--model-repo", dir() + "/repo", in});
    EXPECT_NE(r.err.find(base + ":1:1: note: it defines 'dtmi:com:example:Other;1'"), std::string::npos) << r.err;
}

TEST_F(Cli, ModelRepoThatIsNoDirectoryIsAUsageError) {
    std::string in = write("in/a.json", iface("dtmi:com:example:A;1"));
    RunResult r = dtc({"check", "--model-repo", dir() + "/nowhere", in});
    EXPECT_EQ(r.status, kExitUsage) << r.err;
    EXPECT_NE(r.err.find("--model-repo '" + dir() + "/nowhere' is not a directory (no such file or directory)"),
              std::string::npos) << r.err;
    r = dtc({"check", "--model-repo", in, in});
    EXPECT_EQ(r.status, kExitUsage) << r.err;
    EXPECT_NE(r.err.find("is not a directory"), std::string::npos) << r.err;
}

// ---- instance -------------------------------------------------------------------------------------

constexpr const char* kInstanceModels = R"([
 {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:example:Base;1", "@type": "Interface",
  "contents": [{"@type": "Property", "name": "mode", "schema": {"@type": "Enum", "valueSchema": "string",
                "enumValues": [{"name": "off", "enumValue": "off"}, {"name": "eco", "enumValue": "eco"}]}}]},
 {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:com:example:Thermostat;1", "@type": "Interface",
  "extends": "dtmi:com:example:Base;1",
  "contents": [{"@type": "Telemetry", "name": "temperature", "schema": "double"},
   {"@type": "Property", "name": "location", "schema": {"@type": "Object",
    "fields": [{"name": "lat", "schema": "double"}, {"name": "label", "schema": "string"}]}},
   {"@type": "Command", "name": "reset", "request": {"name": "delay", "schema": "integer"}},
   {"@type": "Relationship", "name": "feeds"}]}
])";

TEST_F(Cli, InstanceChecksValuesAgainstAnElementOfTheModels) {
    const std::string models = write("m.json", kInstanceModels);
    const std::string number = write("number.json", "21.5");
    const std::string word = write("word.json", R"("eco")");
    const std::string location = write("location.json", R"({"lat": 1.5, "label": 3})");
    const std::string t = "dtmi:com:example:Thermostat;1";
    struct Case {
        std::string element;
        std::string value;
        bool conforms;
    };
    const Case kCases[] = {
        {t + "/temperature", number, true},
        {t + "/temperature", word, false},
        {t + "/mode", word, true}, // inherited from Base
        {t + "/mode", number, false},
        {t + "/location", location, false},
        {t + "/location/lat", number, true},
        {t + "/reset/request", number, false},
        {"dtmi:com:example:Thermostat:_contents:__temperature;1", number, true}, // by identifier
    };
    for (const Case& c : kCases) {
        RunResult r = dtc({"instance", "--element", c.element, "--value", c.value, models});
        EXPECT_EQ(r.status, c.conforms ? kExitOk : kExitModelErrors) << c.element << " " << c.value << r.out << r.err;
        EXPECT_NE(r.out.find(c.value + (c.conforms ? ": conforms to '" : ": does not conform to '") + c.element + "'"),
                  std::string::npos)
            << r.out;
    }
    // The violations say where: the field of the object.
    RunResult r = dtc({"instance", "--element", t + "/location", "--value", location, models});
    EXPECT_NE(r.out.find("$.label"), std::string::npos) << r.out;
    // JSON: one document for every value.
    r = dtc({"instance", "--format", "json", "--element", t + "/temperature", "--value", number, "--value", word, models});
    EXPECT_EQ(r.status, kExitModelErrors) << r.err;
    nlohmann::json doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["schema"], "dtmi:dtdl:instance:Schema:double;2");
    ASSERT_EQ(doc["results"].size(), 2u);
    EXPECT_EQ(doc["results"][0]["conforms"], true);
    EXPECT_EQ(doc["results"][1]["conforms"], false);
    EXPECT_FALSE(doc["results"][1]["violations"].empty());
    EXPECT_EQ(doc["summary"]["conforming"], 1);
    // Standard input holds a value.
    r = dtcWithStdin({"instance", "--element", t + "/temperature", "--value", "-", models}, "7");
    EXPECT_EQ(r.status, kExitOk) << r.out << r.err;
}

TEST_F(Cli, InstanceRefusesElementsWithoutAValue) {
    const std::string models = write("m.json", kInstanceModels);
    const std::string number = write("number.json", "5");
    const std::string t = "dtmi:com:example:Thermostat;1";
    const std::pair<std::string, std::string> kCases[] = {
        {t, "is an Interface, which has no value"},
        {t + "/feeds", "is a Relationship, which has no value"},
        {t + "/reset", "name its payload: " + t + "/reset/request"},
        {t + "/nope", "(Interface) has no content 'nope'"},
        {t + "/location/nope", "has no field 'nope'"},
        {"dtmi:com:example:Nope;1", "no element of the models has the identifier 'dtmi:com:example:Nope;1'"},
    };
    for (const auto& [element, message] : kCases) {
        RunResult r = dtc({"instance", "--element", element, "--value", number, models});
        EXPECT_EQ(r.status, kExitUsage) << element << r.out << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    }
    RunResult r = dtc({"instance", "--element", t + "/temperature", "--value", dir() + "/missing.json", models});
    EXPECT_EQ(r.status, kExitUsage) << r.err;
    r = dtc({"instance", "--element", t + "/temperature", models});
    EXPECT_EQ(r.status, kExitUsage) << r.err;
    // Models with errors are reported as by check, and no value is judged.
    const std::string broken = write("broken.json", kInvalidModel);
    r = dtc({"instance", "--element", t + "/temperature", "--value", number, broken});
    EXPECT_EQ(r.status, kExitModelErrors) << r.err;
    EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}

} // namespace
} // namespace dtc::cli
