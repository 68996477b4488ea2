// Command-line plumbing shared by every dtc-compile subcommand (private to cli/): the one
// Boost.Program_options parse with positional PATH arguments and --help, and the text rendering
// of diagnostics (colour only when writing to a terminal).
#pragma once

#include <boost/program_options/options_description.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "diag/diag.h"

namespace dtc::cli {

struct ParsedArgs {
    bool help = false; ///< -h / --help was given
    bool ok = true;    ///< false: a usage error was printed to `err`
};

/// Parses `args` against `visible` plus --help and the positional PATH arguments (into `paths`).
/// On a usage error prints "dtc-compile: error: ..." to `err` and returns ok = false.
ParsedArgs parseCommandLine(const std::vector<std::string>& args,
                            const boost::program_options::options_description& visible,
                            std::vector<std::string>& paths, std::ostream& err);

/// Whether `s` is standard error and standard error is a terminal (progress display, colour).
[[nodiscard]] bool isTerminal(const std::ostream& s);

/// Whether text diagnostics written to `err` are coloured: never with --no-color, and only when
/// `err` is a terminal.
[[nodiscard]] bool useColor(const std::ostream& err, bool noColor);

/// Writes the diagnostics of `diags` as text to `err`.
void renderText(const diag::SourceManager& sm, const diag::Engine& diags, std::ostream& err,
                bool noColor);

} // namespace dtc::cli
