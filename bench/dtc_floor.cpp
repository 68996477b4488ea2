// dtc_floor — the least a check must do beyond a bare parse, and what that costs.
//
// The bench's goal "check / bare parse under 4" compares a full check with
// rapidjson::Document::Parse over the same bytes in memory. This program measures, on the same
// bytes and in one process, how much of that budget the work any check must do takes before a
// single DTDL rule is checked, so that the goal can be judged against a floor:
//
//   bare    rapidjson::Document::Parse of each file (as dtc_bench measures it);
//   json    dtc's JSON layer (parser/json: byte offsets of every key and value, duplicate keys,
//           UTF-8 checked, numbers kept as written): what diagnostics with file:line:column need;
//   floor   the JSON layer plus the smallest model a check needs to keep, because references
//           cross files: one 64-byte record per element (its identifier, generated from the
//           parent's as DTDL does for elements without @id; its name and first type; its source
//           range), every string value copied into an arena (the JSON trees are discarded file by
//           file, as dtc's reader does), an open-addressing index of the identifiers, and every
//           string value resolved against that index once all files are read. No term is looked
//           up, no type checked, no rule applied, no diagnostic made;
//   check   dtc's own check of the same bytes (driver::compile, as dtc_bench's "warm" column).
//
// The floor and the check are timed on one thread and on two (the floor splits the files in two
// halves by bytes, reads each into a model of its own and joins them, as dtc does). Every figure
// is the median of N repetitions in this process, on memory it already has (the allocator tuned
// as dtc-compile tunes it; each model is freed before the next repetition): the figures compare
// with dtc_bench's warm column, not with its fresh-process one.
//
//   dtc_floor [--reps N] DIR...     (DIR: directories of .json files, read recursively)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "diag/diag.h"
#include "driver/driver.h"
#include "parser/json/json_document.h"

namespace {

namespace fs = std::filesystem;
namespace json = dtc::parser::json;
using dtc::bench::Clock;
using dtc::bench::median;
using dtc::bench::msSince;

/// Bump allocator for the model's strings (never freed one by one).
class Arena {
public:
    std::string_view put(std::string_view s) {
        if (s.size() > left_) {
            std::size_t n = std::max<std::size_t>(std::size_t{1} << 16, s.size());
            blocks_.emplace_back(new char[n]);
            next_ = blocks_.back().get();
            left_ = n;
        }
        if (!s.empty()) std::memcpy(next_, s.data(), s.size());
        std::string_view out(next_, s.size());
        next_ += s.size();
        left_ -= s.size();
        return out;
    }

private:
    std::vector<std::unique_ptr<char[]>> blocks_;
    char* next_ = nullptr;
    std::size_t left_ = 0;
};

/// The identifier index's hash, as ir::Model hashes identifiers (cut to the 32 bits a slot
/// keeps). (Not metamodel::StringHash: it samples long keys, and generated identifiers differ
/// where it does not look.)
std::uint32_t hashOf(std::string_view s) { return static_cast<std::uint32_t>(std::hash<std::string_view>{}(s)); }

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

struct Element {
    std::string_view id, name, type;
    dtc::diag::SourceRange range;
    std::uint32_t parent = kNone;
};
static_assert(sizeof(Element) <= 64);

struct Ref {
    std::string_view target;
    std::uint32_t owner = kNone;
    std::uint32_t resolved = kNone;
};

/// The least model: elements, (language, text) pairs, references, and the identifier index.
struct Model {
    Arena arena;
    std::vector<Element> elements;
    std::vector<std::pair<std::string_view, std::string_view>> texts;
    std::vector<Ref> refs;
    std::vector<std::uint64_t> slots; ///< hash << 32 | (index + 1); 0 = empty

    [[nodiscard]] std::uint32_t find(std::string_view id) const {
        if (slots.empty()) return kNone;
        const std::uint32_t h = hashOf(id);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const std::uint64_t s = slots[i];
            if (s == 0) return kNone;
            const auto index = static_cast<std::uint32_t>(s) - 1;
            if ((s >> 32) == h && elements[index].id == id) return index;
        }
    }
    /// Indexes element `index`; false if its identifier is already there.
    bool index(std::uint32_t index) {
        if ((elements.size() + 1) * 2 > slots.size()) grow();
        std::string_view id = elements[index].id;
        if (find(id) != kNone) return false;
        insert(std::uint64_t{hashOf(id)} << 32 | (index + 1));
        return true;
    }

private:
    void grow() {
        std::vector<std::uint64_t> old(std::max<std::size_t>(1024, slots.size() * 2));
        old.swap(slots);
        for (std::uint64_t s : old)
            if (s != 0) insert(s);
    }
    void insert(std::uint64_t s) {
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = (s >> 32) & mask;; i = (i + 1) & mask)
            if (slots[i] == 0) {
                slots[i] = s;
                return;
            }
    }
};

bool isLanguageMap(std::string_view key) {
    return key == "displayName" || key == "description" || key == "comment";
}

/// Reads the documents' elements into a Model (a reader per thread).
class Reader {
public:
    explicit Reader(Model& m) : m_(m) {}

    void document(json::Value root) {
        if (root.isArray()) {
            for (json::Value v = root.firstChild(); v.valid(); v = v.nextSibling())
                if (v.isObject()) element(v, {}, {}, kNone);
        } else if (root.isObject()) {
            element(root, {}, {}, kNone);
        }
    }

private:
    std::uint32_t element(json::Value obj, std::string_view parentId, std::string_view property, std::uint32_t parent) {
        Element e;
        e.parent = parent;
        e.range = obj.range();
        json::Value id, name, type;
        for (json::Value m = obj.firstChild(); m.valid(); m = m.nextSibling()) {
            std::string_view k = m.key();
            if (k == "@id") id = m;
            else if (k == "name") name = m;
            else if (k == "@type") type = m;
        }
        if (id.isString()) {
            e.id = m_.arena.put(id.text());
        } else {
            // DTDL's scheme: parent-without-version ":_" property [":__" name] ";" version.
            const std::size_t semi = std::min(parentId.rfind(';'), parentId.size());
            scratch_.assign(parentId.substr(0, semi)).append(":_").append(property);
            if (name.isString()) scratch_.append(":__").append(name.text());
            scratch_.append(parentId.substr(semi));
            e.id = m_.arena.put(scratch_);
        }
        if (name.isString()) e.name = m_.arena.put(name.text());
        if (type.isString()) e.type = m_.arena.put(type.text());
        else if (type.isArray() && type.firstChild().isString()) e.type = m_.arena.put(type.firstChild().text());

        const auto self = static_cast<std::uint32_t>(m_.elements.size());
        m_.elements.push_back(e);
        const std::size_t nestedBegin = nested_.size();
        for (json::Value m = obj.firstChild(); m.valid(); m = m.nextSibling()) {
            std::string_view k = m.key();
            if (k.empty() || k[0] == '@' || k == "name") continue;
            if (isLanguageMap(k)) {
                if (m.isString()) m_.texts.emplace_back("en", m_.arena.put(m.text()));
                for (json::Value t = m.isObject() ? m.firstChild() : json::Value(); t.valid(); t = t.nextSibling())
                    m_.texts.emplace_back(m_.arena.put(t.key()), m_.arena.put(t.text()));
                continue;
            }
            auto value = [&](json::Value v) {
                if (v.isObject()) nested_.emplace_back(v, k);
                else if (v.isString()) m_.refs.push_back({m_.arena.put(v.text()), self, kNone});
                else if (v.isNumber()) (void)m_.arena.put(v.text());
            };
            if (m.isArray()) {
                for (json::Value v = m.firstChild(); v.valid(); v = v.nextSibling()) value(v);
            } else {
                value(m);
            }
        }
        const std::size_t nestedEnd = nested_.size();
        for (std::size_t i = nestedBegin; i < nestedEnd; ++i) {
            auto [v, k] = nested_[i];
            const std::uint32_t child = element(v, m_.elements[self].id, k, self);
            m_.refs.push_back({m_.elements[child].id, self, child});
        }
        nested_.resize(nestedBegin);
        (void)m_.index(self);
        return self;
    }

    Model& m_;
    std::string scratch_;
    std::vector<std::pair<json::Value, std::string_view>> nested_;
};

/// Reads files [begin, end) of `files` into `m`.
void readPart(const dtc::diag::SourceManager& sm, const std::vector<dtc::diag::FileId>& files, std::size_t begin,
              std::size_t end, Model& m) {
    dtc::diag::Engine diags;
    json::Document doc;
    // Room for the model up front (as dtc's chunked element store), so it is never copied as
    // it grows: about one element per 85 bytes of JSON on the sets measured here.
    std::size_t bytes = 0;
    for (std::size_t i = begin; i < end; ++i) bytes += sm.text(files[i]).size();
    m.elements.reserve(bytes / 32);
    m.refs.reserve(bytes / 16);
    m.texts.reserve(bytes / 32);
    Reader reader(m);
    for (std::size_t i = begin; i < end; ++i)
        if (json::Document::parseInto(doc, sm, files[i], diags)) reader.document(doc.root());
}

/// Appends `part`'s elements, texts and references to `m` (indexes renumbered), as dtc's join
/// does; `part`'s arena moves along with its strings.
void join(Model& m, Model&& part, std::vector<Arena>& keep) {
    const auto base = static_cast<std::uint32_t>(m.elements.size());
    m.elements.insert(m.elements.end(), part.elements.begin(), part.elements.end());
    for (std::uint32_t i = base; i < m.elements.size(); ++i) {
        if (m.elements[i].parent != kNone) m.elements[i].parent += base;
        (void)m.index(i);
    }
    m.texts.insert(m.texts.end(), part.texts.begin(), part.texts.end());
    for (Ref r : part.refs) {
        r.owner += base;
        if (r.resolved != kNone) r.resolved += base;
        m.refs.push_back(r);
    }
    keep.push_back(std::move(part.arena));
}

/// Resolves every reference not yet resolved; returns how many name no element (terms such as
/// "double" or "Telemetry", and literal strings).
std::size_t resolve(Model& m) {
    std::size_t unresolved = 0;
    for (Ref& r : m.refs) {
        if (r.resolved != kNone) continue;
        r.resolved = m.find(r.target);
        if (r.resolved == kNone) ++unresolved;
    }
    return unresolved;
}

struct Figures {
    std::vector<double> bare, json, floor1, floor2, check1, check2;
    std::size_t elements = 0;
    bool checkValid = true;
};

void run(const fs::path& dir, int reps) {
    // (As dtc-compile finds and reads them: every .json and .twin file below `dir`, by path.)
    dtc::driver::Compilation c;
    dtc::driver::loadInputs(c, std::vector<std::string>{dir.string()});
    if (c.outcome != dtc::driver::Outcome::Valid) {
        std::fprintf(stderr, "dtc_floor: no model files could be read under %s\n", dir.c_str());
        return;
    }
    const dtc::diag::SourceManager& sm = c.sources;
    const std::vector<dtc::diag::FileId>& files = c.inputs;
    const dtc::bench::Buffers buffers = dtc::bench::buffersOf(c); // for dtc's check
    std::size_t bytes = 0;
    for (dtc::diag::FileId id : files) bytes += sm.text(id).size();
    // The two halves, by bytes.
    std::size_t split = 0;
    for (std::size_t acc = 0; split < files.size() && acc * 2 < bytes; ++split) acc += sm.text(files[split]).size();

    Figures f;
    for (int rep = 0; rep < reps; ++rep) {
        auto t0 = Clock::now();
        for (dtc::diag::FileId id : files) (void)dtc::bench::bareParse(sm.text(id));
        f.bare.push_back(msSince(t0));

        {
            dtc::diag::Engine diags;
            json::Document doc;
            t0 = Clock::now();
            for (dtc::diag::FileId id : files) (void)json::Document::parseInto(doc, sm, id, diags);
            f.json.push_back(msSince(t0));
        }
        // (Each model is freed after its clock stops.)
        {
            auto m = std::make_unique<Model>();
            t0 = Clock::now();
            readPart(sm, files, 0, files.size(), *m);
            (void)resolve(*m);
            f.floor1.push_back(msSince(t0));
            f.elements = m->elements.size();
        }
        {
            auto m = std::make_unique<Model>();
            auto second = std::make_unique<Model>();
            std::vector<Arena> arenas;
            t0 = Clock::now();
            std::thread other([&] { readPart(sm, files, split, files.size(), *second); });
            readPart(sm, files, 0, split, *m);
            other.join();
            join(*m, std::move(*second), arenas);
            (void)resolve(*m);
            f.floor2.push_back(msSince(t0));
        }
        for (unsigned threads : {1u, 2u}) {
            dtc::driver::Options options;
            options.readThreads = threads;
            options.validateThreads = threads;
            (threads == 1 ? f.check1 : f.check2).push_back(dtc::bench::warmCompileMs(buffers, options, &f.checkValid));
        }
    }
    const double bare = median(f.bare);
    auto ratio = [&](const std::vector<double>& v) { return bare > 0 ? median(v) / bare : 0; };
    std::printf("%s: %zu files, %.1f MB, %zu elements\n", dir.c_str(), files.size(), bytes / 1e6, f.elements);
    std::printf("  bare parse              %9.2f ms\n", bare);
    std::printf("  json layer              %9.2f ms  x%.2f\n", median(f.json), ratio(f.json));
    std::printf("  floor, one thread       %9.2f ms  x%.2f\n", median(f.floor1), ratio(f.floor1));
    std::printf("  floor, two threads      %9.2f ms  x%.2f\n", median(f.floor2), ratio(f.floor2));
    std::printf("  dtc check, one thread   %9.2f ms  x%.2f  (%.1f times the floor)\n", median(f.check1),
                ratio(f.check1), median(f.check1) / median(f.floor1));
    std::printf("  dtc check, two threads  %9.2f ms  x%.2f  (%.1f times the floor)\n", median(f.check2),
                ratio(f.check2), median(f.check2) / median(f.floor2));
    if (!f.checkValid) std::printf("  (note: dtc's check found errors in this set)\n");
}

} // namespace

int main(int argc, char** argv) {
    dtc::driver::tuneAllocatorForBatch();
    int reps = 7;
    std::vector<fs::path> dirs;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--reps" && i + 1 < argc) {
            reps = std::max(1, std::atoi(argv[++i]));
        } else if (a == "-h" || a == "--help") {
            std::printf("usage: dtc_floor [--reps N] DIR...\n"
                        "Times a bare RapidJSON parse, dtc's JSON layer, the least model a check must build\n"
                        "(elements, identifiers, references resolved; no rule checked) and dtc's own check\n"
                        "on the .json files under each DIR, on one thread and on two, with each figure's\n"
                        "ratio to the bare parse. Medians of N repetitions (default 7), in one process.\n");
            return 0;
        } else {
            dirs.emplace_back(a);
        }
    }
    if (dirs.empty()) {
        std::fprintf(stderr, "usage: dtc_floor [--reps N] DIR...\n");
        return 2;
    }
    for (const fs::path& d : dirs) {
        if (!fs::is_directory(d)) {
            std::fprintf(stderr, "dtc_floor: %s is not a directory\n", d.c_str());
            return 2;
        }
        run(d, reps);
    }
    return 0;
}
