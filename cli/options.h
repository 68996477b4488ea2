// Command-line plumbing shared by every dtc-compile subcommand (private to cli/): the one
// Boost.Program_options parse with positional PATH arguments and --help, and the text rendering
// of diagnostics (colour only when writing to a terminal).
#pragma once

#include <boost/program_options/options_description.hpp>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "diag/diag.h"
#include "driver/driver.h"

namespace dtc::cli {

/// Parses `args` against `visible` plus --help and the positional PATH arguments (into `paths`).
/// Returns the exit status when the command is already done: kExitOk after printing `usage`
/// and the options for --help, kExitUsage after printing "dtc-compile: error: ..." for a usage
/// error; std::nullopt when the command should go on.
[[nodiscard]] std::optional<int> parseCommandLine(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    std::vector<std::string>& paths, std::string_view usage, std::ostream& out, std::ostream& err);

/// Whether `s` is standard error and standard error is a terminal (progress display, colour).
[[nodiscard]] bool isTerminal(const std::ostream& s);

/// Whether text diagnostics written to `err` are coloured: never with --no-color, and only when
/// `err` is a terminal.
[[nodiscard]] bool useColor(const std::ostream& err, bool noColor);

/// Writes the diagnostics of `diags` as text to `err`.
void renderText(const diag::SourceManager& sm, const diag::Engine& diags, std::ostream& err,
                bool noColor);

/// How model files are read (the "Model options" of check, dump and translate).
struct ModelOptions {
    std::string undefinedExtensions;      ///< "", "allow" or "disallow"
    int maxDtdlVersion = 4;
    std::vector<std::string> limitContexts;
    std::vector<std::string> modelRepos;
    std::string stdinName = "<stdin>"; ///< the display path of standard input ("-")
    unsigned jobs = 0;                  ///< driver::Options::readThreads (0: automatic)
};

/// The options that set `o`: --undefined-extensions, --max-dtdl-version,
/// --extension-limit-context, --model-repo, --stdin-name, --jobs.
[[nodiscard]] boost::program_options::options_description modelOptions(ModelOptions& o);

/// Puts `o` into the compiler's options; false after printing "dtc-compile: error: ..." to `err`
/// for a bad value.
[[nodiscard]] bool applyModelOptions(const ModelOptions& o, driver::Options& options, std::ostream& err);

/// How the commands that take ModelOptions load their paths: "-" is standard input.
[[nodiscard]] driver::LoadOptions loadOptions(const ModelOptions& o);

/// The resolver of --model-repo, or nullptr without one.
[[nodiscard]] std::unique_ptr<driver::ModelRepoResolver> modelRepoResolver(const ModelOptions& o);

} // namespace dtc::cli
