// translate reads its input with the same model options as check: a model that needs one
// (a DTDL v4 limit extension, an extension context dtc does not know) translates only with it,
// and what it writes checks again under the same option.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"

namespace {

namespace fs = std::filesystem;

fs::path writeModel(const std::string& name, const std::string& text) {
    fs::path dir = fs::path(::testing::TempDir()) / ("dtc-model-options-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "model.json") << text;
    return dir / "model.json";
}

int run(const std::vector<std::string>& args, std::string* err = nullptr) {
    std::ostringstream o, e;
    int rc = dtc::cli::run(args, o, e);
    if (err != nullptr) *err = e.str();
    return rc;
}

TEST(TranslateModelOptions, LimitExtension) {
    fs::path in = writeModel("limits", R"({"@context":["dtmi:dtdl:context;4#limitless","dtmi:dtdl:limits:onvif;1"],)"
                                       R"("@id":"dtmi:ex:Sampler;1","@type":"Interface","description":")" +
                                           std::string(1000, 'd') + R"("})");
    for (std::string to : {"dtdl", "twin"}) {
        fs::path out = in.parent_path() / ("out-" + to);
        std::string err;
        EXPECT_EQ(run({"translate", "--to", to, "-o", out.string(), in.string()}, &err), 1) << err;
        EXPECT_NE(err.find("disallowedLimitContext"), std::string::npos) << err;
        EXPECT_EQ(run({"translate", "--to", to, "--extension-limit-context", "dtmi:dtdl:limits:onvif", "-o",
                       out.string(), in.string()},
                      &err),
                  0)
            << err;
        EXPECT_EQ(run({"check", "--extension-limit-context", "dtmi:dtdl:limits:onvif", out.string()}, &err), 0) << err;
    }
}

TEST(TranslateModelOptions, UndefinedExtensions) {
    fs::path in = writeModel("undefined", R"({"@context":["dtmi:dtdl:context;3","dtmi:example:extension;1"],)"
                                          R"("@id":"dtmi:ex:Thing;1","@type":"Interface"})");
    fs::path out = in.parent_path() / "out";
    std::string err;
    EXPECT_EQ(run({"translate", "--to", "dtdl", "-o", out.string(), in.string()}, &err), 1) << err;
    EXPECT_EQ(run({"translate", "--to", "dtdl", "--undefined-extensions", "allow", "-o", out.string(), in.string()},
                  &err),
              0)
        << err;
    EXPECT_EQ(run({"translate", "--to", "dtdl", "--undefined-extensions", "maybe", "-o", out.string(), in.string()},
                  &err),
              2)
        << err;
}

} // namespace
