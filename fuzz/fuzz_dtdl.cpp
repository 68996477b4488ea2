// fuzz_dtdl — libFuzzer target for the DTDL front end and everything behind it.
//
// Each input is one in-memory model file, fed through the same path as `dtc-compile check`:
// SourceManager::addBuffer -> Compilation::inputs -> driver::compile (JSON reader, DTDL reader,
// resolution, validation); the diagnostics are then rendered as text and JSON, which decodes every
// reported offset to a line and column. Any crash, sanitizer report, uncaught exception, hang or
// leak is a bug: bad input must only ever produce diagnostics.
//
// An input that is a JSON array of two or more values is also compiled as one file per value,
// on one thread and on two (driver::Options::readThreads and validateThreads: read in two parts,
// the last validation passes run ahead): the outcome, diagnostics and model must be the same
// (any difference traps).
//
//   CC=clang CXX=clang++ cmake -S . -B /tmp/build-fuzz -G Ninja -DDTC_FUZZ=ON \
//       -DDTC_SANITIZE=address,undefined -DDTC_BUILD_TESTS=OFF -DDTC_BUILD_BENCH=OFF
//   cmake --build /tmp/build-fuzz --target fuzz_dtdl
//   fuzz/seed-corpus /tmp/fuzz-seeds
//   /tmp/build-fuzz/fuzz/fuzz_dtdl -dict=fuzz/dtdl.dict -max_total_time=600 -timeout=10 \
//       -rss_limit_mb=4096 /tmp/fuzz-corpus /tmp/fuzz-seeds
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "diag/diag.h"
#include "driver/driver.h"
#include "ir/model.h"

namespace {

/// What a compilation reports as `dtc-compile check --format json` does.
dtc::diag::Summary summaryOf(const dtc::driver::Compilation& c) {
    return {c.inputs.size(), c.model.interfaceCount(), c.model.size(), c.diags.errorCount(), c.diags.warningCount()};
}

/// Everything a compilation produced, as text: outcome, the diagnostics as JSON (every field and
/// range), the undefined identifiers, the model's dump.
std::string describe(const dtc::driver::Compilation& c) {
    std::ostringstream s;
    s << static_cast<int>(c.outcome) << "\n";
    dtc::diag::emitJson(s, c.sources, c.diags.diagnostics(), summaryOf(c));
    for (const std::string& u : c.unresolved) s << "\nunresolved " << u;
    s << "\n" << dtc::ir::dump(c.model, &c.sources, {true, true});
    return s.str();
}

/// Compiles `files` as the model set's files on `threads` reader and validating threads.
std::string compileFiles(const std::vector<std::string>& files, unsigned threads) {
    dtc::driver::Compilation c;
    for (std::size_t i = 0; i < files.size(); ++i)
        c.inputs.push_back(c.sources.addBuffer("part" + std::to_string(i) + ".json", files[i]));
    dtc::driver::Options options;
    options.readThreads = threads;
    options.validateThreads = threads;
    dtc::driver::compile(c, options);
    return describe(c);
}

/// The values of a JSON array, each written as a file of its own (none if `text` is no array of
/// two values or more).
std::vector<std::string> arrayParts(const std::string& text) {
    rapidjson::Document d;
    d.Parse(text.c_str(), text.size());
    std::vector<std::string> parts;
    if (d.HasParseError() || !d.IsArray() || d.Size() < 2) return parts;
    for (const auto& v : d.GetArray()) {
        rapidjson::StringBuffer b;
        rapidjson::Writer<rapidjson::StringBuffer> w(b);
        v.Accept(w);
        parts.emplace_back(b.GetString(), b.GetSize());
    }
    return parts;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    dtc::driver::Compilation c;
    dtc::diag::FileId file =
        c.sources.addBuffer("fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
    c.inputs.push_back(file);
    dtc::driver::Options options;
    options.dtdl.extensionLimitContexts = {"dtmi:dtdl:limits:onvif"}; // the v4 limit paths too
    dtc::driver::compile(c, options);

    std::ostringstream out;
    dtc::diag::emitText(out, c.sources, c.diags.diagnostics());
    dtc::diag::emitJson(out, c.sources, c.diags.diagnostics(), summaryOf(c));

    if (std::vector<std::string> parts = arrayParts(std::string(c.sources.text(file)));
        !parts.empty()) {
        const std::string one = compileFiles(parts, 1);
        const std::string two = compileFiles(parts, 2);
        if (one != two) {
            std::fprintf(stderr, "fuzz_dtdl: one thread and two differ\n--- one\n%s\n--- two\n%s\n", one.c_str(),
                         two.c_str());
            __builtin_trap();
        }
    }
    return 0;
}
