// What dtc_bench and dtc_floor measure alike, written once so that their figures stay
// comparable: the bare parse every ratio is taken against, a warm compilation, the median.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "driver/driver.h"

namespace dtc::bench {

using Clock = std::chrono::steady_clock;

/// Milliseconds from `t0` to now.
inline double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// The median of `v` (the mean of the two middle values of an even count); 0 for none.
inline double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/// The bare parse of one file's text, the baseline of every check / parse ratio; false when
/// RapidJSON refuses the text. `text` must be followed by a NUL byte (a SourceManager's texts
/// are std::strings).
inline bool bareParse(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3); // RapidJSON refuses a BOM
    rapidjson::Document d;
    // The NUL-terminated overload: RapidJSON's StringStream, whose SIMD paths dtc's reader uses
    // too (RAPIDJSON_SSE2), so the baseline is RapidJSON at its fastest on these bytes.
    d.Parse(text.data());
    return !d.HasParseError();
}

/// Files as (path, text): what a warm compilation is given.
using Buffers = std::vector<std::pair<std::string, std::string>>;

/// The input files of `c` (after driver::loadInputs) as Buffers.
inline Buffers buffersOf(const driver::Compilation& c) {
    Buffers buffers;
    buffers.reserve(c.inputs.size());
    for (diag::FileId f : c.inputs) buffers.emplace_back(std::string(c.sources.path(f)), std::string(c.sources.text(f)));
    return buffers;
}

/// Milliseconds of one warm compilation of `buffers` (copied before the clock starts; the
/// compilation is released after it stops): what the reference's in-process parse is compared
/// with. `*valid`, if given, is cleared when the compilation is not valid.
inline double warmCompileMs(const Buffers& buffers, const driver::Options& options, bool* valid = nullptr) {
    Buffers copy = buffers;
    const auto t0 = Clock::now();
    driver::Compilation c;
    for (auto& [name, bytes] : copy) c.inputs.push_back(c.sources.addBuffer(std::move(name), std::move(bytes)));
    driver::compile(c, options);
    const double ms = msSince(t0);
    if (valid != nullptr && c.outcome != driver::Outcome::Valid) *valid = false;
    return ms;
}

} // namespace dtc::bench
