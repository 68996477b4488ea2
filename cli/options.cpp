#include "cli/options.h"

#include "cli/commands.h"

#include <unistd.h>

#include <boost/program_options.hpp>
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

} // namespace dtc::cli
