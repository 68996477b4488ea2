// dtc-compile: the command-line driver. Parses arguments, runs the pipeline through
// dtc::driver, renders diagnostics and maps the result to an exit status:
//   0 no errors (warnings allowed), 1 errors in the input, 2 usage or I/O error, 3 internal error.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "driver/driver.h"

int main(int argc, char** argv) {
    dtc::driver::tuneAllocatorForBatch();
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        dtc::cli::leaveCompilationsToProcessEnd();
        const int status = dtc::cli::run(args, std::cout, std::cerr);
        // The process ends here: what is still allocated (the compilation, the metamodel's
        // tables) goes with it, without a destructor run over every element.
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
        std::_Exit(status);
    } catch (const std::exception& e) {
        // NOTE(dtc): the last line of defence; stages report problems with input as diagnostics.
        std::cerr << "dtc-compile: fatal: internal error: " << e.what()
                  << " [DTC9003]\nThis is a bug in dtc; please report it with the input.\n";
        return dtc::cli::kExitInternal;
    }
}
