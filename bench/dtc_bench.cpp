// dtc_bench — how fast and how big is `check`?
//
// For each workload (the RealEstateCore corpus from ../shared, and generated DTDL v3 model sets of
// 10,000 and 100,000 interfaces) it measures, in a fresh child process per repetition:
//   - the wall time of a full check: driver::loadInputs + driver::compile, the library calls the
//     CLI makes (files read from disk, DTDL front end, resolution, validation);
//   - the peak memory of that check: VmHWM after it minus VmRSS before it (the high-water mark is
//     reset through /proc/self/clear_refs first, so each workload's figure is its own);
//   - the time of a bare RapidJSON parse (rapidjson::Document::Parse) over the same bytes, already
//     in memory, and the ratio check / bare parse;
//   - "warm": the median of W more compilations in the same process from the same bytes held in
//     memory (driver::compile over SourceManager buffers; metamodel and catalogue already loaded).
//     This is what the reference's `run.mjs bench` times for the official parser (files read and
//     WebAssembly started before its clock starts), so the speed-up is given both ways.
// The median of N repetitions is printed, plus the cost per interface of the generated sets (a
// linearity check). With --reference DIR it also runs the official DTDL parser's in-process
// benchmark (`node DIR/run.mjs bench`) on RealEstateCore and prints the speed-up.
//
// Each repetition runs in a child (this program re-executed with --child) so that peak memory is
// not polluted by earlier workloads and allocator state does not carry over between runs.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bench_common.h"
#include "driver/driver.h"
#include "metamodel/metamodel.h"

namespace fs = std::filesystem;

namespace {

using dtc::bench::Clock;

/// The threads --jobs asked for, which reach the children through DTC_BENCH_JOBS (0: the
/// library's default).
unsigned benchJobs() {
    const char* j = std::getenv("DTC_BENCH_JOBS");
    return j != nullptr ? static_cast<unsigned>(std::atoi(j)) : 0;
}

/// The compile options of every check.
dtc::driver::Options benchOptions() {
    dtc::driver::Options o;
    o.readThreads = benchJobs();
    o.validateThreads = o.readThreads;
    if (std::getenv("DTC_BENCH_TRACE") != nullptr) {
        // Where the compile's time goes, step by step (driver::Options::phase).
        o.phase = [last = Clock::now()](std::string_view step) mutable {
            const auto now = Clock::now();
            std::fprintf(stderr, "%s %s %.2f ms%s", step == "read" ? "  steps:" : ",", std::string(step).c_str(),
                         std::chrono::duration<double, std::milli>(now - last).count(), step == "validate" ? "\n" : "");
            last = now;
        };
    }
    return o;
}

constexpr std::string_view kUsage = R"(usage: dtc_bench [options]
  --reps N             repetitions of every workload (default: 5 for RealEstateCore and 10k,
                       3 for 100k)
  --reps-rec N, --reps-10k N, --reps-100k N
                       repetitions of one workload
  --sizes A,B,...      generated set sizes (default 10000,100000)
  --only rec|gen       run only RealEstateCore or only the generated sets
  --shared DIR         the shared data folder (default: ../shared next to the source tree)
  --gen-dir DIR        where generated sets are written and reused (default: $TMPDIR/dtc-bench)
  --reference DIR      also run `node DIR/run.mjs bench` (the official DTDL parser) on
                       RealEstateCore; DIR holds run.mjs and node_modules
  --reference-reps N   repetitions inside the reference run (default 5)
  --rounds N           with --reference: N interleaved rounds, each one reference run and one
                       dtc child on RealEstateCore back to back; the speed-up is the median of
                       the rounds' ratios, so a machine that changes speed between runs moves
                       both sides of each ratio together (default 3)
  --warm-reps N        warm in-memory compilations per child (default: 5 for RealEstateCore,
                       1 for the generated sets)
  --keep-going         do not stop when a workload is not valid
  --jobs N             threads of every check (driver::LoadOptions::threads,
                       driver::Options::readThreads and validateThreads, dtc-compile --jobs):
                       1 or 2; default: what dtc-compile picks (2 for large DTDL sets on two or
                       more cores)

Environment:
  DTC_BENCH_TRACE=1                 print each warm compilation and where a fresh check's time
                                    goes (loadInputs, compile), and every compile's steps
                                    (read, resolve, validate)
  DTC_BENCH_DEFAULT_ALLOCATOR=1     measure with glibc's default allocator settings instead of
                                    those dtc-compile sets (driver::tuneAllocatorForBatch)
)";

// ---- process memory ------------------------------------------------------------------------------

/// A "VmXXX:  123 kB" field of /proc/self/status, in KiB (0 when unavailable).
long statusKiB(std::string_view field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, field.size(), field) == 0 && line.size() > field.size() &&
            line[field.size()] == ':') {
            return std::strtol(line.c_str() + field.size() + 1, nullptr, 10);
        }
    }
    return 0;
}

/// Resets VmHWM to the current RSS (Linux >= 4.0). False when the kernel refuses.
bool resetPeak() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

long peakKiB() {
    long hwm = statusKiB("VmHWM");
    if (hwm > 0) return hwm;
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// ---- generated model sets --------------------------------------------------------------------------

/// Interfaces with index below this are "leaf" devices: no extends, no component. Components
/// point at them, so no component schema holds a component itself.
constexpr std::size_t kLeaves = 16;

struct Quantity {
    const char* semanticType;
    const char* unit;
    const char* stem;
};
constexpr Quantity kQuantities[] = {
    {"Temperature", "degreeCelsius", "temperature"}, {"Power", "watt", "power"},
    {"Voltage", "volt", "voltage"},                 {"Current", "ampere", "current"},
    {"Illuminance", "lux", "illuminance"},          {"Area", "squareMetre", "area"},
    {"Mass", "kilogram", "mass"},                   {"Energy", "kilowattHour", "energy"},
};
constexpr std::size_t kQuantityCount = sizeof(kQuantities) / sizeof(kQuantities[0]);

std::string dtmiOf(std::size_t i) {
    return "dtmi:dtc:bench:g" + std::to_string(i / 1000) + ":Device" + std::to_string(i) + ";1";
}

/// A deterministic pseudo-random number from an index (splitmix64 finaliser).
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// One DTDL v3 interface, shaped like the RealEstateCore ones: language-tagged display names,
/// semantic types with units, an Enum and an Object schema, a relationship to an earlier
/// interface, an extends (8-ary tree, so the extends depth stays within DTDL's limit of 10) and a
/// component. Content names carry the index: names must be unique across an extends hierarchy.
std::string interfaceJson(std::size_t i) {
    const std::string n = std::to_string(i);
    const Quantity& q1 = kQuantities[i % kQuantityCount];
    const Quantity& q2 = kQuantities[(i / kQuantityCount + 3) % kQuantityCount];
    std::string s;
    s.reserve(2600);
    s += "{\n  \"@context\": [\"dtmi:dtdl:context;3\", \"dtmi:dtdl:extension:quantitativeTypes;1\"],\n";
    s += "  \"@id\": \"" + dtmiOf(i) + "\",\n  \"@type\": \"Interface\",\n";
    s += "  \"displayName\": {\"en\": \"device " + n + "\", \"sv\": \"enhet " + n + "\"},\n";
    s += "  \"description\": {\"en\": \"A generated device interface number " + n +
         " for benchmarking.\"},\n";
    if (i > kLeaves) {
        std::size_t parent = kLeaves + (i - kLeaves - 1) / 8;
        s += "  \"extends\": \"" + dtmiOf(parent) + "\",\n";
    }
    s += "  \"contents\": [\n";
    s += "    {\"@type\": [\"Telemetry\", \"" + std::string(q1.semanticType) + "\"], \"name\": \"" +
         q1.stem + n + "\", \"displayName\": {\"en\": \"" + q1.stem + "\"}, \"schema\": \"double\", " +
         "\"unit\": \"" + q1.unit + "\"},\n";
    s += "    {\"@type\": [\"Property\", \"" + std::string(q2.semanticType) + "\"], \"name\": \"" +
         q2.stem + "Setpoint" + n + "\", \"displayName\": {\"en\": \"" + q2.stem +
         " setpoint\"}, \"schema\": \"float\", \"unit\": \"" + q2.unit + "\", \"writable\": true}";
    if (i >= kLeaves) {
        std::size_t target = static_cast<std::size_t>(mix(i) % i);
        std::size_t leaf = static_cast<std::size_t>(mix(i + 1) % kLeaves);
        s += ",\n    {\"@type\": \"Property\", \"name\": \"mode" + n +
             "\", \"writable\": true, \"schema\": {\"@type\": \"Enum\", \"valueSchema\": "
             "\"string\", \"enumValues\": [{\"name\": \"off\", \"enumValue\": \"off\"}, "
             "{\"name\": \"eco\", \"enumValue\": \"eco\"}, {\"name\": \"comfort\", "
             "\"enumValue\": \"comfort\", \"displayName\": {\"en\": \"comfort\"}}]}},\n";
        s += "    {\"@type\": \"Property\", \"name\": \"location" + n +
             "\", \"schema\": {\"@type\": \"Object\", \"fields\": [{\"name\": \"latitude\", "
             "\"schema\": \"double\"}, {\"name\": \"longitude\", \"schema\": \"double\"}, "
             "{\"name\": \"floor\", \"schema\": \"integer\"}, {\"name\": \"label\", \"schema\": "
             "\"string\"}]}},\n";
        s += "    {\"@type\": \"Relationship\", \"name\": \"feeds" + n +
             "\", \"displayName\": {\"en\": \"feeds\"}, \"maxMultiplicity\": 10, \"target\": \"" +
             dtmiOf(target) + "\"},\n";
        s += "    {\"@type\": \"Component\", \"name\": \"sensor" + n + "\", \"schema\": \"" +
             dtmiOf(leaf) + "\"},\n";
        s += "    {\"@type\": \"Command\", \"name\": \"reset" + n +
             "\", \"request\": {\"name\": \"delay\", \"schema\": \"integer\"}, \"response\": "
             "{\"name\": \"accepted\", \"schema\": \"boolean\"}}";
    }
    s += "\n  ]\n}\n";
    return s;
}

/// Writes `count` interfaces, one per file, 1000 files per folder, into `dir` (reused when a
/// complete set is already there).
fs::path generateSet(const fs::path& root, std::size_t count) {
    fs::path dir = root / ("gen-" + std::to_string(count));
    fs::path stamp = dir / ".complete-v1";
    if (fs::exists(stamp)) return dir;
    std::cerr << "dtc_bench: generating " << count << " interfaces into " << dir.string() << "\n";
    fs::remove_all(dir);
    for (std::size_t i = 0; i < count; ++i) {
        fs::path sub = dir / ("g" + std::to_string(i / 1000));
        if (i % 1000 == 0) fs::create_directories(sub);
        std::ofstream out(sub / ("device" + std::to_string(i) + ".json"), std::ios::binary);
        out << interfaceJson(i);
        if (!out) throw std::runtime_error("cannot write into " + sub.string());
    }
    std::ofstream(stamp) << "ok\n";
    return dir;
}

// ---- the child: one measurement ---------------------------------------------------------------------

/// Runs one check of `path` and one bare parse of the same bytes; prints one result line.
int runChild(const std::string& path, int warmReps) {
    // Warm-up of the allocator and of the catalogue's statics would not be "honest" for a one-shot
    // CLI run, so nothing is pre-touched: the process is as fresh as `dtc-compile check`.
    bool peakReset = resetPeak();
    long rssBefore = statusKiB("VmRSS");

    auto t0 = Clock::now();
    // What dtc-compile does first (cli/main.cpp), inside the timed region: it is its cost too.
    if (std::getenv("DTC_BENCH_DEFAULT_ALLOCATOR") == nullptr) dtc::driver::tuneAllocatorForBatch();
    auto owned = std::make_unique<dtc::driver::Compilation>();
    dtc::driver::Compilation& c = *owned;
    std::vector<std::string> paths{path};
    dtc::driver::LoadOptions load;
    load.threads = benchJobs();
    dtc::driver::loadInputs(c, paths, load);
    auto tLoaded = Clock::now();
    // (Traced: the metamodel's load, which compile would do first, on its own.)
    const bool trace = std::getenv("DTC_BENCH_TRACE") != nullptr;
    if (trace) (void)dtc::metamodel::Metamodel::get();
    auto tMetamodel = Clock::now();
    if (c.outcome == dtc::driver::Outcome::Valid) dtc::driver::compile(c, benchOptions());
    auto t1 = Clock::now();
    if (trace)
        std::fprintf(stderr, "check: loadInputs %.2f ms, metamodel %.2f ms, compile %.2f ms\n",
                     std::chrono::duration<double, std::milli>(tLoaded - t0).count(),
                     std::chrono::duration<double, std::milli>(tMetamodel - tLoaded).count(),
                     std::chrono::duration<double, std::milli>(t1 - tMetamodel).count());
    long hwm = peakKiB();

    std::size_t bytes = 0;
    std::size_t parseErrors = 0;
    auto p0 = Clock::now();
    for (dtc::diag::FileId f : c.inputs) {
        const std::string_view text = c.sources.text(f);
        bytes += text.size();
        if (!dtc::bench::bareParse(text)) ++parseErrors;
    }
    auto p1 = Clock::now();

    // Warm, in-memory: what the reference's `run.mjs bench` times for the official parser (its
    // files are read and its WebAssembly module started before the clock starts; only the parse
    // of in-memory text is timed, repeated in one process). Here: the same bytes, already read,
    // handed to a fresh Compilation as buffers; metamodel and catalogue already loaded.
    const dtc::bench::Buffers buffers = dtc::bench::buffersOf(c);

    const char* outcome = "valid";
    switch (c.outcome) {
    case dtc::driver::Outcome::Valid: outcome = "valid"; break;
    case dtc::driver::Outcome::ParsingError: outcome = "parsingError"; break;
    case dtc::driver::Outcome::ResolutionError: outcome = "resolutionError"; break;
    case dtc::driver::Outcome::InputError: outcome = "inputError"; break;
    }
    std::string firstError;
    for (const auto& d : c.diags.diagnostics()) {
        if (d.severity >= dtc::diag::Severity::Error) {
            firstError = std::string(d.codeId());
            break;
        }
    }
    const bool valid = c.outcome == dtc::driver::Outcome::Valid;
    const std::size_t files = c.inputs.size(), interfaces = c.model.interfaceCount(),
                      elements = c.model.size(), errors = c.diags.errorCount();
    // The first compilation is released before the warm ones, so they run on memory the
    // process already has (as the reference's repeated in-process parses do), not on fresh
    // pages next to a model that is still held.
    owned.reset();

    std::vector<double> warm;
    for (int r = 0; r < warmReps && valid; ++r) {
        warm.push_back(dtc::bench::warmCompileMs(buffers, benchOptions()));
        if (std::getenv("DTC_BENCH_TRACE")) std::fprintf(stderr, "warm %d: %.2f ms\n", r, warm.back());
    }
    std::sort(warm.begin(), warm.end());
    double warmMs = warm.empty() ? 0.0 : warm[warm.size() / 2];
    double warmMinMs = warm.empty() ? 0.0 : warm.front();

    using std::chrono::duration;
    std::printf("DTC_BENCH_RESULT check_ms=%.3f warm_ms=%.3f warm_min_ms=%.3f parse_ms=%.3f rss_before_kib=%ld hwm_kib=%ld "
                "peak_reset=%d files=%zu bytes=%zu interfaces=%zu elements=%zu errors=%zu "
                "parse_errors=%zu outcome=%s first_error=%s\n",
                duration<double, std::milli>(t1 - t0).count(), warmMs, warmMinMs,
                duration<double, std::milli>(p1 - p0).count(), rssBefore, hwm, peakReset ? 1 : 0,
                files, bytes, interfaces, elements, errors, parseErrors, outcome,
                firstError.empty() ? "-" : firstError.c_str());
    std::fflush(stdout);
    return 0;
}

// ---- the parent -------------------------------------------------------------------------------------

/// Runs `argv` with stdout captured; returns the output, or nullopt if it failed.
std::optional<std::string> capture(const std::vector<std::string>& args) {
    int fds[2];
    if (pipe(fds) != 0) return std::nullopt;
    pid_t pid = fork();
    if (pid < 0) return std::nullopt;
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        std::perror(argv[0]);
        _exit(127);
    }
    close(fds[1]);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    return out;
}

using Fields = std::map<std::string, std::string>;

Fields parseResult(const std::string& out) {
    Fields f;
    auto pos = out.find("DTC_BENCH_RESULT");
    if (pos == std::string::npos) return f;
    std::istringstream in(out.substr(pos + 16));
    std::string kv;
    while (in >> kv) {
        auto eq = kv.find('=');
        if (eq != std::string::npos) f[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return f;
}

using dtc::bench::median;

struct Row {
    std::string name;
    std::size_t files = 0, bytes = 0, interfaces = 0;
    std::string outcome, firstError;
    std::vector<double> check, warm, parse, peakMiB;
    double checkMedian() const { return median(check); }
    double warmMedian() const { return median(warm); }
    std::vector<double> warmMin; ///< per child: its fastest warm compilation
    double warmBest() const { return warmMin.empty() ? 0.0 : *std::min_element(warmMin.begin(), warmMin.end()); }
    double parseMedian() const { return median(parse); }
};

std::string fmt(double v, int prec = 1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", prec, v);
    return buf;
}

std::string pad(std::string s, std::size_t w, bool right = true) {
    if (s.size() >= w) return s;
    return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

std::optional<Row> runWorkload(const std::string& self, const std::string& name,
                               const std::string& path, int reps, int warmReps) {
    Row row;
    row.name = name;
    for (int r = 0; r < reps; ++r) {
        auto out = capture({self, "--child", path, std::to_string(warmReps)});
        if (!out) {
            std::cerr << "dtc_bench: the child for " << name << " failed\n";
            return std::nullopt;
        }
        Fields f = parseResult(*out);
        if (f.empty()) {
            std::cerr << "dtc_bench: no result from the child for " << name << "\n";
            return std::nullopt;
        }
        row.files = std::stoul(f["files"]);
        row.bytes = std::stoul(f["bytes"]);
        row.interfaces = std::stoul(f["interfaces"]);
        row.outcome = f["outcome"];
        row.firstError = f["first_error"];
        row.check.push_back(std::stod(f["check_ms"]));
        row.warm.push_back(std::stod(f["warm_ms"]));
        row.warmMin.push_back(std::stod(f["warm_min_ms"]));
        row.parse.push_back(std::stod(f["parse_ms"]));
        row.peakMiB.push_back(static_cast<double>(std::stol(f["hwm_kib"]) -
                                                  std::stol(f["rss_before_kib"])) /
                              1024.0);
        if (f["parse_errors"] != "0")
            std::cerr << "dtc_bench: RapidJSON refused " << f["parse_errors"] << " files of " << name
                      << "\n";
        std::cerr << "  " << name << " rep " << (r + 1) << "/" << reps << ": check "
                  << fmt(row.check.back()) << " ms, warm " << fmt(row.warm.back()) << " ms, bare parse " << fmt(row.parse.back(), 2)
                  << " ms, peak +" << fmt(row.peakMiB.back()) << " MiB\n";
    }
    return row;
}

struct ReferenceResult {
    double median = 0, min = 0, peakMiB = 0; ///< parse ms (median and fastest of the reps), RSS
};

/// Runs the reference parser's bench; nullopt if it failed.
std::optional<ReferenceResult> runReference(const std::string& dir, const std::string& corpus, int reps) {
    auto out = capture({"node", (fs::path(dir) / "run.mjs").string(), "bench", "--reps",
                        std::to_string(reps), corpus});
    if (!out) return std::nullopt;
    auto number = [&](std::string_view key) -> std::optional<double> {
        auto pos = out->find("\"" + std::string(key) + "\"");
        if (pos == std::string::npos) return std::nullopt;
        pos = out->find(':', pos);
        return std::strtod(out->c_str() + pos + 1, nullptr);
    };
    auto med = number("parseMedianMs");
    auto min = number("parseMinMs");
    auto rss = number("end");
    std::cerr << *out;
    if (!med) return std::nullopt;
    return ReferenceResult{*med, min.value_or(*med), rss.value_or(0)};
}

int parseInt(const char* s) {
    char* end = nullptr;
    long v = std::strtol(s, &end, 10);
    if (*end != '\0' || v < 1) throw std::invalid_argument(std::string("bad number: ") + s);
    return static_cast<int>(v);
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "--child") return runChild(args[1], std::stoi(args[2]));

    int repsRec = 5, reps10k = 5, reps100k = 3, referenceReps = 5, warmRec = 5, warmGen = 1, rounds = 3;
    std::vector<std::size_t> sizes{10000, 100000};
    std::string only, reference;
    bool keepGoing = false;
    fs::path shared = fs::path(DTC_SOURCE_DIR).parent_path() / "shared";
    const char* tmp = std::getenv("TMPDIR");
    fs::path genDir = fs::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / "dtc-bench";
    try {
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            auto value = [&]() -> const char* {
                if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
                return args[++i].c_str();
            };
            if (a == "--reps") repsRec = reps10k = reps100k = parseInt(value());
            else if (a == "--reps-rec") repsRec = parseInt(value());
            else if (a == "--reps-10k") reps10k = parseInt(value());
            else if (a == "--reps-100k") reps100k = parseInt(value());
            else if (a == "--reference-reps") referenceReps = parseInt(value());
            else if (a == "--rounds") rounds = parseInt(value());
            else if (a == "--warm-reps") warmRec = warmGen = parseInt(value());
            else if (a == "--only") only = value();
            else if (a == "--shared") shared = value();
            else if (a == "--gen-dir") genDir = value();
            else if (a == "--reference") reference = value();
            else if (a == "--keep-going") keepGoing = true;
            else if (a == "--jobs") {
                const int j = parseInt(value());
                if (j < 1 || j > 2) throw std::invalid_argument("--jobs takes 1 or 2");
                setenv("DTC_BENCH_JOBS", std::to_string(j).c_str(), 1);
            }
            else if (a == "--sizes") {
                sizes.clear();
                std::stringstream in(value());
                std::string part;
                while (std::getline(in, part, ',')) sizes.push_back(std::stoul(part));
            } else if (a == "-h" || a == "--help") {
                std::cout << kUsage;
                return 0;
            } else {
                throw std::invalid_argument("unknown option " + a);
            }
        }
        if (!only.empty() && only != "rec" && only != "gen")
            throw std::invalid_argument("--only takes rec or gen");
    } catch (const std::exception& e) {
        std::cerr << "dtc_bench: " << e.what() << "\n" << kUsage;
        return 2;
    }

    std::string self = fs::read_symlink("/proc/self/exe").string();
    std::vector<Row> rows;
    bool invalid = false;
    fs::path rec = shared / "corpora" / "dtdl-realestatecore" / "Ontology";
    try {
        if (only.empty() || only == "rec") {
            if (!fs::is_directory(rec)) {
                std::cerr << "dtc_bench: " << rec.string() << " not found (use --shared)\n";
                return 2;
            }
            std::cerr << "dtc_bench: RealEstateCore (" << rec.string() << ")\n";
            auto row = runWorkload(self, "RealEstateCore", rec.string(), repsRec, warmRec);
            if (!row) return 3;
            rows.push_back(*row);
        }
        if (only.empty() || only == "gen") {
            for (std::size_t n : sizes) {
                fs::path dir = generateSet(genDir, n);
                int reps = n >= 100000 ? reps100k : reps10k;
                std::string name = "generated " + std::to_string(n / 1000) + "k";
                std::cerr << "dtc_bench: " << name << " (" << dir.string() << ")\n";
                auto row = runWorkload(self, name, dir.string(), reps, warmGen);
                if (!row) return 3;
                rows.push_back(*row);
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "dtc_bench: " << e.what() << "\n";
        return 3;
    }

    std::ostringstream t;
    t << "\ndtc check benchmark (median of N runs, each in a fresh process)\n\n";
    t << pad("workload", 18, false) << pad("N", 3) << pad("files", 8) << pad("interfaces", 11)
      << pad("MiB in", 8) << pad("check ms", 11) << pad("warm ms", 10) << pad("parse ms", 10)
      << pad("check/parse", 12) << pad("warm/parse", 11)
      << pad("peak MiB", 10) << pad("MB/s", 8) << "  outcome\n";
    for (const Row& r : rows) {
        double c = r.checkMedian(), w = r.warmMedian(), p = r.parseMedian();
        double mib = static_cast<double>(r.bytes) / (1024.0 * 1024.0);
        t << pad(r.name, 18, false) << pad(std::to_string(r.check.size()), 3)
          << pad(std::to_string(r.files), 8) << pad(std::to_string(r.interfaces), 11)
          << pad(fmt(mib), 8) << pad(fmt(c), 11) << pad(fmt(w), 10) << pad(fmt(p, 2), 10)
          << pad(fmt(p > 0 ? c / p : 0, 2), 12) << pad(fmt(p > 0 ? w / p : 0, 2), 11) << pad(fmt(median(r.peakMiB)), 10)
          << pad(fmt(c > 0 ? static_cast<double>(r.bytes) / 1e3 / c : 0), 8) << "  " << r.outcome
          << (r.firstError != "-" ? " (" + r.firstError + ")" : "") << "\n";
        if (r.outcome != "valid") invalid = true;
    }
    t << "\n  check = driver::loadInputs + driver::compile (read files, DTDL front end, resolution,\n"
         "  validation), fresh process; warm = driver::compile again in the same process over the\n"
         "  same bytes held in memory; parse = rapidjson::Document::Parse over the same bytes in memory;\n"
         "  peak = VmHWM during the check minus VmRSS before it.\n";
    {
        const unsigned jobs = benchJobs();
        t << "  threads: " << (jobs != 0 ? std::to_string(jobs) + " (--jobs)"
                                           : "dtc-compile's default (loading on 2 from " +
                                             std::to_string(dtc::driver::kLoadInTwoFiles) +
                                             " files, reading on 2 for 64+ DTDL files of 256 KiB+, "
                                             "validation on 2 from " + std::to_string(dtc::driver::kValidateAheadElements) +
                                             " elements (" + std::to_string(dtc::driver::kValidateAheadElementsReady) +
                                             " with the helper thread awake), resolution on 2 from " +
                                             std::to_string(dtc::driver::kResolveInTwoElements) + ", on 2+ cores)")
          << "; the bare parse runs on one.\n";
    }

    // Linearity: cost per interface of the generated sets, each relative to the smallest.
    std::vector<const Row*> gen;
    for (const Row& r : rows)
        if (r.name.rfind("generated", 0) == 0 && r.interfaces > 0) gen.push_back(&r);
    if (gen.size() >= 2) {
        t << "\nlinearity (generated sets)\n";
        double base = gen.front()->checkMedian() * 1000.0 / static_cast<double>(gen.front()->interfaces);
        double baseMem = median(gen.front()->peakMiB) * 1024.0 / static_cast<double>(gen.front()->interfaces);
        for (const Row* r : gen) {
            double per = r->checkMedian() * 1000.0 / static_cast<double>(r->interfaces);
            double mem = median(r->peakMiB) * 1024.0 / static_cast<double>(r->interfaces);
            t << "  " << pad(r->name, 16, false) << pad(fmt(per, 2), 8) << " us/interface  (x"
              << fmt(per / base, 2) << ")   " << pad(fmt(mem, 2), 7) << " KiB/interface  (x"
              << fmt(mem / baseMem, 2) << ")\n";
        }
    }

    if (!reference.empty()) {
        const Row* recRow = nullptr;
        for (const Row& r : rows)
            if (r.name == "RealEstateCore") recRow = &r;
        // Interleaved rounds: each ratio compares two runs made back to back.
        std::vector<double> ratios, bestRatios;
        std::optional<ReferenceResult> ref;
        std::ostringstream roundLines;
        for (int k = 1; k <= rounds; ++k) {
            std::cerr << "dtc_bench: round " << k << "/" << rounds << ": reference parser on RealEstateCore\n";
            ref = runReference(reference, rec.string(), referenceReps);
            if (!ref) {
                std::cerr << "dtc_bench: the reference run failed (is " << reference
                          << "/node_modules installed? try scripts/fetch-test-tools)\n";
                std::cout << t.str();
                return 3;
            }
            std::cerr << "dtc_bench: round " << k << "/" << rounds << ": dtc on RealEstateCore\n";
            auto mine = runWorkload(self, "RealEstateCore", rec.string(), 1, warmRec);
            if (!mine || mine->warmMedian() <= 0) return 3;
            ratios.push_back(ref->median / mine->warmMedian());
            bestRatios.push_back(ref->min / mine->warmBest());
            roundLines << "  round " << k << ": reference " << fmt(ref->median) << " ms (fastest "
                       << fmt(ref->min) << "), dtc warm " << fmt(mine->warmMedian(), 2) << " ms (fastest "
                       << fmt(mine->warmBest(), 2) << "): x" << fmt(ratios.back(), 1) << " (fastest x"
                       << fmt(bestRatios.back(), 1) << ")\n";
        }
        t << "\ninterleaved rounds on RealEstateCore (reference in-process parse vs dtc warm compile):\n"
          << roundLines.str() << "  median of the rounds: x" << fmt(median(ratios), 1)
          << " (fastest against fastest: x" << fmt(median(bestRatios), 1) << "); goal: x30 or more\n";
        t << "\nreference (DTDLParser 1.1.3 / WebAssembly, in-process parse, median of "
          << referenceReps << ", last round): " << fmt(ref->median) << " ms (fastest " << fmt(ref->min)
          << " ms), peak RSS " << fmt(ref->peakMiB) << " MiB\n";
        if (recRow != nullptr) {
            t << "speed-up on RealEstateCore, the table's row against the last round's reference:\n"
              << "  reference in-process parse vs dtc warm compile (like for like): x"
              << fmt(ref->median / recRow->warmMedian(), 1) << " (medians)\n"
              << "  the same, fastest against fastest (less sensitive to a noisy machine): x"
              << fmt(ref->min / recRow->warmBest(), 1) << " (" << fmt(ref->min) << " ms vs "
              << fmt(recRow->warmBest(), 2) << " ms)\n"
              << "  reference in-process parse vs dtc check in a fresh process:     x"
              << fmt(ref->median / recRow->checkMedian(), 1) << " (medians)\n";
        }
    }
    std::cout << t.str();
    if (invalid && !keepGoing) {
        std::cerr << "dtc_bench: a workload was not valid; its figures do not measure a full check\n";
        return 1;
    }
    return 0;
}
