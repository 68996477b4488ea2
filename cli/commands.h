// The subcommands of dtc-compile, callable in-process (the CLI tests do so).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace dtc::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitModelErrors = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

/// Runs `dtc-compile ARGS...` (without the program name). Output goes to `out`, diagnostics
/// and messages to `err`. Returns the exit status.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// For a process that ends right after run() (dtc-compile's main): the commands leave their
/// compilations (model, sources, diagnostics) allocated, and the process ends without freeing
/// them. Call before run().
void leaveCompilationsToProcessEnd();

} // namespace dtc::cli
