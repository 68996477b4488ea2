// Parsing throughput of the .twin front end next to the DTDL front end, on the same models:
// the RealEstateCore corpus (767 interfaces) is translated to .twin once, then both forms are
// read N times through the driver (read + resolve + validate, like `dtc-compile check`).
//
// Build: add_executable(bench_twin bench_twin.cpp) linked to dtc_cli (bench/CMakeLists.txt),
//        Release build. Run: ./bench_twin [CORPUS_DIR] [REPETITIONS]
// Prints, per form: files, bytes, interfaces, best and median wall time, MB/s, interfaces/s.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "driver/driver.h"
#include "translators/translators.h"

#ifndef DTC_SHARED_DIR
#define DTC_SHARED_DIR "../shared"
#endif

namespace fs = std::filesystem;

namespace {

struct Result {
    std::size_t files = 0, bytes = 0, interfaces = 0;
    std::vector<double> seconds;
};

Result run(const fs::path& dir, int reps) {
    Result r;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        ++r.files;
        r.bytes += static_cast<std::size_t>(e.file_size());
    }
    for (int i = 0; i < reps; ++i) {
        auto start = std::chrono::steady_clock::now();
        dtc::driver::Compilation c;
        std::vector<std::string> paths{dir.string()};
        dtc::driver::loadInputs(c, paths);
        dtc::driver::compile(c, dtc::driver::Options{});
        auto end = std::chrono::steady_clock::now();
        if (c.diags.hasErrors()) {
            std::fprintf(stderr, "bench_twin: %s does not compile cleanly\n", dir.c_str());
            std::exit(1);
        }
        r.interfaces = c.model.interfaceCount();
        r.seconds.push_back(std::chrono::duration<double>(end - start).count());
    }
    std::sort(r.seconds.begin(), r.seconds.end());
    return r;
}

void print(const char* name, const Result& r) {
    double best = r.seconds.front(), median = r.seconds[r.seconds.size() / 2];
    std::printf("%-6s %5zu files %9zu bytes %5zu interfaces  best %8.1f ms  median %8.1f ms  "
                "%6.2f MB/s  %8.0f interfaces/s\n",
                name, r.files, r.bytes, r.interfaces, best * 1e3, median * 1e3, r.bytes / best / 1e6,
                r.interfaces / best);
}

} // namespace

int main(int argc, char** argv) {
    fs::path corpus = argc > 1 ? fs::path(argv[1])
                               : fs::path(DTC_SHARED_DIR) / "corpora" / "dtdl-realestatecore" / "Ontology";
    int reps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    dtc::driver::Compilation original;
    std::vector<std::string> paths{corpus.string()};
    dtc::driver::loadInputs(original, paths);
    dtc::driver::compile(original, dtc::driver::Options{});
    if (original.diags.hasErrors()) {
        std::fprintf(stderr, "bench_twin: %s does not compile cleanly\n", corpus.c_str());
        return 1;
    }
    fs::path twinDir = fs::temp_directory_path() / "dtc_bench_twin";
    fs::remove_all(twinDir);
    dtc::diag::Engine diags;
    for (const auto& f : dtc::translators::translateToTwin(original.model, diags)) {
        fs::path p = twinDir / f.path;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << f.text;
    }
    std::printf("corpus %s, %d repetitions\n", corpus.c_str(), reps);
    print("dtdl", run(corpus, reps));
    print("twin", run(twinDir, reps));
    fs::remove_all(twinDir);
    return 0;
}
