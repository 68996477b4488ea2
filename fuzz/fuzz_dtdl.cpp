// fuzz_dtdl — libFuzzer target for the DTDL front end and everything behind it.
//
// Each input is one in-memory model file, fed through the same path as `dtc-compile check`:
// SourceManager::addBuffer -> Compilation::inputs -> driver::compile (JSON reader, DTDL reader,
// resolution, validation); the diagnostics are then rendered as text and JSON, which decodes every
// reported offset to a line and column. Any crash, sanitizer report, uncaught exception, hang or
// leak is a bug: bad input must only ever produce diagnostics.
//
//   CC=clang CXX=clang++ cmake -S . -B /tmp/build-fuzz -G Ninja -DDTC_FUZZ=ON \
//       -DDTC_SANITIZE=address,undefined -DDTC_BUILD_TESTS=OFF -DDTC_BUILD_BENCH=OFF
//   cmake --build /tmp/build-fuzz --target fuzz_dtdl
//   fuzz/seed-corpus /tmp/fuzz-seeds
//   /tmp/build-fuzz/fuzz/fuzz_dtdl -dict=fuzz/dtdl.dict -max_total_time=600 -timeout=10 \
//       -rss_limit_mb=4096 /tmp/fuzz-corpus /tmp/fuzz-seeds
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "diag/diag.h"
#include "driver/driver.h"

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
    dtc::diag::Summary summary;
    summary.files = 1;
    summary.interfaces = c.model.interfaceCount();
    summary.elements = c.model.size();
    summary.errors = c.diags.errorCount();
    summary.warnings = c.diags.warningCount();
    dtc::diag::emitJson(out, c.sources, c.diags.diagnostics(), summary);
    return 0;
}
