#include "cli/commands.h"
#include "cli/options.h"
#include "cli/twin_commands.h"

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "driver/driver.h"

namespace po = boost::program_options;

namespace dtc::cli {
namespace {

constexpr const char* kVersion = DTC_VERSION;

constexpr const char* kUsage = R"(usage: dtc-compile <command> [options] PATH...

Commands:
  check      validate model files (DTDL v2/v3/v4 JSON and .twin) and report diagnostics
  dump       print the intermediate representation of valid models
  translate  write the models as DTDL or .twin (--to dtdl|twin -o OUT)
  fmt        format .twin files in place
  lint       check the conventions of standard models (models/CONTRIBUTING.md)

Run 'dtc-compile <command> --help' for the options of a command.
Options for every command:
  -h, --help       show help
  --version        print the version
)";

struct CommonOptions {
    std::string format = "text";
    ModelOptions model;
    std::vector<std::string> paths;
    bool werror = false;
    bool noColor = false;
    bool quiet = false;
    std::size_t errorLimit = 0;
};

po::options_description outputOptions(CommonOptions& o) {
    po::options_description d("Output options");
    d.add_options()
        ("format", po::value(&o.format)->value_name("text|json|sarif"),
         "diagnostics format (default text; json and sarif go to standard output)")
        ("Werror", po::bool_switch(&o.werror), "treat warnings as errors")
        ("error-limit", po::value(&o.errorLimit)->value_name("N"),
         "stop listing errors after N (0 = no limit, the default)")
        ("no-color", po::bool_switch(&o.noColor), "never colour the text output")
        ("quiet,q", po::bool_switch(&o.quiet), "print nothing when there are no diagnostics");
    return d;
}

bool configure(const CommonOptions& o, driver::Options& options, std::ostream& err) {
    if (!applyModelOptions(o.model, options, err)) return false;
    if (o.format != "text" && o.format != "json" && o.format != "sarif") {
        err << "dtc-compile: error: --format takes text, json or sarif, not '" << o.format << "'\n";
        return false;
    }
    if (o.paths.empty()) {
        err << "dtc-compile: error: no input paths given\n";
        return false;
    }
    return true;
}

void render(const driver::Compilation& c, const CommonOptions& o, std::ostream& out,
            std::ostream& err) {
    const auto& diags = c.diags.diagnostics();
    diag::Summary summary;
    summary.files = c.inputs.size();
    summary.interfaces = c.model.interfaceCount();
    summary.elements = c.model.size();
    summary.errors = c.diags.errorCount();
    summary.warnings = c.diags.warningCount();
    if (o.format == "json") {
        diag::emitJson(out, c.sources, diags, summary);
    } else if (o.format == "sarif") {
        diag::emitSarif(out, c.sources, diags, kVersion, std::filesystem::current_path().string());
    } else {
        renderText(c.sources, c.diags, err, o.noColor);
        if (c.diags.suppressedCount() != 0)
            err << "dtc-compile: " << c.diags.suppressedCount()
                << " more error(s) not shown (--error-limit)\n";
        if (!o.quiet || !diags.empty()) {
            err << (summary.errors ? "error" : "ok") << ": " << summary.files << " file(s), "
                << summary.interfaces << " interface(s); " << summary.errors << " error(s), "
                << summary.warnings << " warning(s)\n";
        }
    }
}

int exitStatus(const driver::Compilation& c) {
    if (c.outcome == driver::Outcome::InputError) return kExitUsage;
    return c.diags.hasErrors() ? kExitModelErrors : kExitOk;
}

/// Loads, compiles and renders; shared by check and dump.
int compileAndReport(const CommonOptions& o, driver::Compilation& c, std::ostream& out,
                     std::ostream& err, bool renderAlways) {
    driver::Options options;
    if (!configure(o, options, err)) return kExitUsage;
    bool tty = isTerminal(err);
    loadInputs(c, o.paths, loadOptions(o.model));
    if (tty && c.inputs.size() >= 200) {
        options.progress = [&err](std::size_t done, std::size_t total) {
            if (done % 50 == 0 || done == total)
                err << "\rdtc-compile: read " << done << "/" << total << " files" << std::flush;
            if (done == total) err << "\r\x1b[K" << std::flush;
        };
    }
    std::unique_ptr<driver::ModelRepoResolver> resolver = modelRepoResolver(o.model);
    if (c.outcome != driver::Outcome::InputError) compile(c, options, resolver.get());
    if (renderAlways || c.diags.hasErrors() || !c.diags.diagnostics().empty())
        render(c, o, out, err);
    return exitStatus(c);
}

bool leaveAtProcessEnd = false;

/// A fresh compilation for one command, owned by `owner`; when the process ends right after
/// the command (leaveCompilationsToProcessEnd), it is never destroyed.
// NOTE(dtc): freeing a model element by element is work nobody waits for when the process
// exits next: 0.3 s of a 10,000-interface check (compilers skip it the same way: clang's
// -disable-free).
driver::Compilation& startCompilation(std::unique_ptr<driver::Compilation>& owner, diag::Engine::Policy policy) {
    static auto* leftToProcessEnd = new std::vector<std::unique_ptr<driver::Compilation>>();
    owner = std::make_unique<driver::Compilation>(std::move(policy));
    driver::Compilation& c = *owner;
    if (leaveAtProcessEnd) leftToProcessEnd->push_back(std::move(owner));
    return c;
}

diag::Engine::Policy policyFor(const CommonOptions& o) {
    diag::Engine::Policy p;
    p.warningsAsErrors = o.werror;
    p.errorLimit = o.errorLimit;
    return p;
}

int check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CommonOptions o;
    po::options_description visible;
    visible.add(modelOptions(o.model)).add(outputOptions(o));
    if (auto done = parseCommandLine(args, visible, o.paths,
                                     "usage: dtc-compile check [options] PATH...\n\n"
                                     "Validates a model set: every .json (DTDL) and .twin file given, directories\n"
                                     "searched recursively. All files are checked together, so references between\n"
                                     "them resolve. A PATH of '-' reads standard input (see --stdin-name). Exit\n"
                                     "status: 0 valid (warnings allowed), 1 errors in the models, 2 usage or I/O\n"
                                     "error, 3 internal error.\n\n",
                                     out, err))
        return *done;
    std::unique_ptr<driver::Compilation> owner;
    return compileAndReport(o, startCompilation(owner, policyFor(o)), out, err, /*renderAlways=*/true);
}

int dump(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CommonOptions o;
    bool locations = false, standard = false;
    po::options_description visible;
    po::options_description d("Dump options");
    d.add_options()("locations", po::bool_switch(&locations), "append the source location of each element")(
        "standard-elements", po::bool_switch(&standard),
        "include predefined elements (primitive schemas, units) that the model references");
    visible.add(d).add(modelOptions(o.model)).add(outputOptions(o));
    if (auto done = parseCommandLine(args, visible, o.paths,
                                     "usage: dtc-compile dump [options] PATH...\n\n"
                                     "Checks the model set like 'check', then prints its intermediate representation\n"
                                     "(the stable text form used by dtc's golden tests).\n\n",
                                     out, err))
        return *done;
    std::unique_ptr<driver::Compilation> owner;
    driver::Compilation& c = startCompilation(owner, policyFor(o));
    int status = compileAndReport(o, c, out, err, /*renderAlways=*/false);
    if (status != kExitOk) return status;
    ir::DumpOptions dopt;
    dopt.locations = locations;
    dopt.standardElements = standard;
    out << ir::dump(c.model, &c.sources, dopt);
    return kExitOk;
}

} // namespace

void leaveCompilationsToProcessEnd() { leaveAtProcessEnd = true; }

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        err << kUsage;
        return kExitUsage;
    }
    const std::string& cmd = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        out << kUsage;
        return kExitOk;
    }
    if (cmd == "--version") {
        out << "dtc-compile " << kVersion << "\n";
        return kExitOk;
    }
    if (cmd == "check") return check(rest, out, err);
    if (cmd == "dump") return dump(rest, out, err);
    if (cmd == "translate") return translate(rest, out, err);
    if (cmd == "fmt") return fmt(rest, out, err);
    if (cmd == "lint") return lint(rest, out, err);
    err << "dtc-compile: error: unknown command '" << cmd << "'\n" << kUsage;
    return kExitUsage;
}

} // namespace dtc::cli
