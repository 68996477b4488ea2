#include "cli/twin_commands.h"

#include <boost/program_options.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "cli/commands.h"
#include "cli/options.h"
#include "driver/driver.h"
#include "parser/dsl/twin.h"
#include "translators/translators.h"
#include "validator/twin_rules.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace dtc::cli {
namespace {

/// Loads and compiles `paths` into `c`. When the inputs cannot be read, prints the diagnostics
/// and returns false.
bool loadAndCompile(driver::Compilation& c, const std::vector<std::string>& paths,
                    std::ostream& err, bool noColor, const ModelOptions* model = nullptr) {
    driver::Options options;
    if (model != nullptr && !applyModelOptions(*model, options, err)) return false;
    // (fmt and lint rewrite or name files: standard input is for the model commands.)
    driver::loadInputs(c, paths, model != nullptr ? loadOptions(*model) : driver::LoadOptions{});
    if (c.outcome == driver::Outcome::InputError) {
        renderText(c.sources, c.diags, err, noColor);
        return false;
    }
    std::unique_ptr<driver::ModelRepoResolver> resolver = model != nullptr ? modelRepoResolver(*model) : nullptr;
    driver::compile(c, options, resolver.get());
    return true;
}

bool writeFile(const fs::path& path, const std::string& text, std::string& error) {
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    std::ofstream f(path, std::ios::binary);
    if (!f) {
        error = ec ? ec.message() : "cannot open for writing";
        return false;
    }
    f << text;
    f.close();
    if (!f) {
        error = "write failed";
        return false;
    }
    return true;
}

/// Every .twin file named or found below the given paths, sorted per directory.
std::vector<std::string> twinFiles(const std::vector<std::string>& paths, std::ostream& err, bool& ok) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(p, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
                if (it->is_regular_file(ec) && parser::dsl::isTwinFile(it->path().string()))
                    found.push_back(it->path().string());
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::exists(p, ec)) {
            out.push_back(p);
        } else {
            err << "dtc-compile: error: no such file or directory: '" << p << "'\n";
            ok = false;
        }
    }
    return out;
}

} // namespace

int translate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string to, output;
    int dtdlVersion = 0;
    bool noColor = false;
    po::options_description visible("Translate options");
    visible.add_options()("to", po::value(&to)->value_name("dtdl|twin"), "target format (required)")(
        "dtdl-version", po::value(&dtdlVersion)->value_name("2|3"),
        "DTDL version to write (default: each interface's own version; .twin twins are v3)")(
        "output,o", po::value(&output)->value_name("DIR"), "output directory (required)")(
        "no-color", po::bool_switch(&noColor), "never colour the text output");
    ModelOptions model;
    visible.add(modelOptions(model));
    std::vector<std::string> paths;
    if (auto done = parseCommandLine(args, visible, paths,
                                     "usage: dtc-compile translate --to dtdl|twin [--dtdl-version 2|3] -o OUT PATH...\n\n"
                                     "Compiles the model set (DTDL and .twin files together), then writes every\n"
                                     "interface as a DTDL document or a canonical .twin file under OUT. What the target\n"
                                     "cannot express is reported as a DTC4xxx warning.\n\n",
                                     out, err))
        return *done;
    if (to != "dtdl" && to != "twin") {
        err << "dtc-compile: error: --to takes 'dtdl' or 'twin'\n";
        return kExitUsage;
    }
    if (dtdlVersion != 0 && dtdlVersion != 2 && dtdlVersion != 3) {
        err << "dtc-compile: error: --dtdl-version must be 2 or 3\n";
        return kExitUsage;
    }
    if (output.empty() || paths.empty()) {
        err << "dtc-compile: error: translate needs -o OUT and at least one input path\n";
        return kExitUsage;
    }
    driver::Compilation c;
    if (!loadAndCompile(c, paths, err, noColor, &model)) return kExitUsage;
    if (c.diags.hasErrors()) {
        renderText(c.sources, c.diags, err, noColor);
        return kExitModelErrors;
    }
    std::vector<translators::OutputFile> files;
    if (to == "twin") {
        files = translators::translateToTwin(c.model, c.diags);
    } else {
        translators::DtdlPrintOptions o;
        o.version = dtdlVersion;
        files = translators::translateToDtdl(c.model, o, c.diags);
    }
    int status = kExitOk;
    for (const auto& f : files) {
        std::string error;
        fs::path p = fs::path(output) / f.path;
        if (!writeFile(p, f.text, error)) {
            auto d = diag::Diagnostic::make(diag::Code::TranslationOutputError);
            d.arg("path", p.string()).arg("detail", error);
            c.diags.report(std::move(d));
            status = kExitModelErrors;
        }
    }
    renderText(c.sources, c.diags, err, noColor);
    err << "translate: wrote " << files.size() << " file(s) to " << output << "; "
        << c.diags.warningCount() << " warning(s)\n";
    return status;
}

int fmt(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    bool check = false, noColor = false, stdoutOnly = false;
    po::options_description visible("Format options");
    visible.add_options()("check", po::bool_switch(&check),
                          "do not write; exit 1 if a file is not formatted")(
        "stdout", po::bool_switch(&stdoutOnly), "print the formatted text instead of writing it")(
        "no-color", po::bool_switch(&noColor), "never colour the text output");
    ModelOptions model;
    visible.add(modelOptions(model));
    std::vector<std::string> paths;
    if (auto done = parseCommandLine(args, visible, paths,
                                     "usage: dtc-compile fmt [--check] [--stdout] PATH...\n\n"
                                     "Rewrites .twin files in canonical form (4-space indent, one declaration per line,\n"
                                     "comments kept). Formatting is idempotent. Files with syntax errors are left alone.\n\n",
                                     out, err))
        return *done;
    bool ok = true;
    auto files = twinFiles(paths, err, ok);
    if (!ok || files.empty()) {
        if (files.empty() && ok) err << "dtc-compile: error: no .twin files given\n";
        return kExitUsage;
    }
    int status = kExitOk;
    std::size_t changed = 0;
    for (const auto& path : files) {
        diag::SourceManager sm;
        diag::Engine diags;
        ir::Model model;
        std::string error;
        auto id = sm.addFile(path, error);
        if (!id) {
            err << "dtc-compile: error: cannot read '" << path << "': " << error << "\n";
            status = kExitUsage;
            continue;
        }
        parser::dsl::TwinReader reader(sm, diags, model);
        ir::SourceLayout layout;
        // Only syntax errors stop formatting: semantic problems are check's business.
        bool parsed = reader.read(*id, &layout);
        if (!parsed) {
            renderText(sm, diags, err, noColor);
            status = kExitModelErrors;
            continue;
        }
        diag::Engine printDiags;
        translators::TwinPrintOptions o;
        o.layout = &layout;
        std::string text = translators::printTwinFile(model, model.roots(), o, printDiags);
        if (stdoutOnly) {
            out << text;
            continue;
        }
        if (text == sm.text(*id)) continue;
        ++changed;
        if (check) {
            err << path << ": not formatted\n";
            status = status == kExitOk ? kExitModelErrors : status;
            continue;
        }
        if (!writeFile(path, text, error)) {
            err << "dtc-compile: error: cannot write '" << path << "': " << error << "\n";
            status = kExitUsage;
        }
    }
    if (!stdoutOnly)
        err << "fmt: " << files.size() << " file(s), " << changed << (check ? " not formatted" : " reformatted")
            << "\n";
    return status;
}

int lint(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    bool noColor = false;
    po::options_description visible("Lint options");
    visible.add_options()("no-color", po::bool_switch(&noColor), "never colour the text output");
    std::vector<std::string> paths;
    if (auto done = parseCommandLine(args, visible, paths,
                                     "usage: dtc-compile lint PATH...\n\n"
                                     "Checks the model set like 'check', then the conventions of standard models\n"
                                     "(models/CONTRIBUTING.md) on every .twin file: DTC7xxx. Exit status 1 when a\n"
                                     "convention is broken.\n\n",
                                     out, err))
        return *done;
    if (paths.empty()) {
        err << "dtc-compile: error: no input paths given\n";
        return kExitUsage;
    }
    driver::Compilation c;
    if (!loadAndCompile(c, paths, err, noColor)) return kExitUsage;
    std::size_t before = c.diags.diagnostics().size();
    if (!c.diags.hasErrors()) validator::lintStandardModels(c.model, c.sources, c.diags);
    std::size_t findings = c.diags.diagnostics().size() - before;
    c.diags.sortByLocation();
    renderText(c.sources, c.diags, err, noColor);
    err << "lint: " << c.inputs.size() << " file(s); " << c.diags.errorCount() << " error(s), "
        << findings << " convention finding(s)\n";
    if (c.diags.hasErrors() || findings != 0) return kExitModelErrors;
    return kExitOk;
}

} // namespace dtc::cli
