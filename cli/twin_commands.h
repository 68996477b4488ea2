// The .twin-related subcommands of dtc-compile: translate, fmt, lint (issue #3). Dispatched
// from commands.cpp; callable in-process like the others.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace dtc::cli {

/// dtc-compile translate --to dtdl|twin [--dtdl-version 2|3] -o OUT PATH...
int translate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// dtc-compile fmt [--check] [--stdout] PATH...
int fmt(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// dtc-compile lint PATH...
int lint(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace dtc::cli
