#include "cli/options.h"

#include "cli/commands.h"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

namespace po = boost::program_options;

namespace dtc::cli {

std::optional<int> parseCommandLine(const std::vector<std::string>& args,
                                    const po::options_description& visible,
                                    std::vector<std::string>& paths, std::string_view usage,
                                    std::ostream& out, std::ostream& err) {
    po::options_description all;
    all.add(visible);
    all.add_options()("help,h", "")("path", po::value(&paths)->composing(), "");
    po::positional_options_description pos;
    pos.add("path", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        err << "dtc-compile: error: " << e.what() << "\n";
        return kExitUsage;
    }
    if (vm.count("help") != 0) {
        out << usage << visible << "\n";
        return kExitOk;
    }
    return std::nullopt;
}

bool isTerminal(const std::ostream& s) {
    return &s == &std::cerr && isatty(STDERR_FILENO) != 0;
}

bool useColor(const std::ostream& err, bool noColor) { return !noColor && isTerminal(err); }

void renderText(const diag::SourceManager& sm, const diag::Engine& diags, std::ostream& err,
                bool noColor) {
    diag::TextOptions t;
    t.color = useColor(err, noColor);
    diag::emitText(err, sm, diags.diagnostics(), t);
}

po::options_description modelOptions(ModelOptions& o) {
    po::options_description d("Model options");
    d.add_options()
        ("undefined-extensions", po::value(&o.undefinedExtensions)->value_name("allow|disallow"),
         "whether DTDL documents may use extension contexts dtc does not know; default: "
         "allowed in DTDL v2, refused in v3 and v4")
        ("max-dtdl-version", po::value(&o.maxDtdlVersion)->value_name("N"),
         "highest DTDL version accepted (2, 3 or 4; default 4)")
        ("extension-limit-context", po::value(&o.limitContexts)->value_name("CTX")->composing(),
         "accept a DTDL v4 limit extension: by versionless identifier for every version "
         "(dtmi:dtdl:limits:onvif) or by full identifier (dtmi:dtdl:limits:onvif;1); repeatable")
        ("model-repo", po::value(&o.modelRepos)->value_name("DIR")->composing(),
         "resolve undefined DTMIs from DIR, laid out by the DTDL model-repository convention "
         "(dtmi/com/example/thermostat-1.json); repeatable, searched in order")
        ("stdin-name", po::value(&o.stdinName)->value_name("NAME"),
         "the path '-' reads standard input; NAME is the file name its diagnostics show and "
         "its extension chooses the language (.twin, else DTDL JSON); default <stdin>")
        ("jobs,j", po::value(&o.jobs)->value_name("N"),
         "threads of a check: 1, or 2 to load the second half of the files from disk and read "
         "the second half of a DTDL set on a second thread and to resolve and validate part of "
         "the model there (the result is the same either way); default on a machine with two "
         "cores or more: loading on 2 for 1024 files or more, reading on 2 for 64 or more DTDL "
         "files of 256 KiB or more, validation on 2 for a model of 16384 elements or more "
         "(1024 when the second thread has just read), resolution on 2 for 16384 elements or "
         "more, else 1");
    return d;
}

driver::LoadOptions loadOptions(const ModelOptions& o) {
    driver::LoadOptions l;
    l.stdinName = o.stdinName;
    l.threads = o.jobs;
    return l;
}

bool applyModelOptions(const ModelOptions& o, driver::Options& options, std::ostream& err) {
    if (o.undefinedExtensions == "allow") {
        options.dtdl.undefinedExtensions = parser::UndefinedExtensions::Allow;
    } else if (o.undefinedExtensions == "disallow") {
        options.dtdl.undefinedExtensions = parser::UndefinedExtensions::Disallow;
    } else if (!o.undefinedExtensions.empty()) {
        err << "dtc-compile: error: --undefined-extensions takes 'allow' or 'disallow', not '"
            << o.undefinedExtensions << "'\n";
        return false;
    }
    if (o.maxDtdlVersion < 2 || o.maxDtdlVersion > 4) {
        err << "dtc-compile: error: --max-dtdl-version must be 2, 3 or 4\n";
        return false;
    }
    for (const std::string& repo : o.modelRepos) {
        // (A mistyped repository would otherwise leave every reference it should supply
        // undefined, with no word on why.)
        std::error_code ec;
        if (!std::filesystem::is_directory(repo, ec)) {
            err << "dtc-compile: error: --model-repo '" << repo << "' is not a directory"
                << (std::filesystem::exists(repo, ec) ? "" : " (no such file or directory)") << "\n";
            return false;
        }
    }
    options.dtdl.maxDtdlVersion = o.maxDtdlVersion;
    options.dtdl.extensionLimitContexts = o.limitContexts;
    if (o.jobs > 2) {
        err << "dtc-compile: error: --jobs takes 1 or 2 (a check uses at most two threads), not " << o.jobs << "\n";
        return false;
    }
    options.readThreads = o.jobs;
    options.validateThreads = o.jobs;
    return true;
}

std::unique_ptr<driver::ModelRepoResolver> modelRepoResolver(const ModelOptions& o) {
    if (o.modelRepos.empty()) return nullptr;
    return std::make_unique<driver::ModelRepoResolver>(o.modelRepos);
}

} // namespace dtc::cli
