// dtc_conformance — runs the official DTDL conformance cases (../shared/conformance/dtdl, format in
// its README) through the driver, the same library dtc-compile uses, and compares verdict,
// failure kind, ValidationIDs / PrimaryIDs (and the other fields an expected error gives),
// undefined identifiers, the object model and instance checks, as the upstream runner does.
// DTMI cases check ir::parseDtmi; phrase cases format the case's phrase with ir::formatPhrase
// and compare the text with expect.text.
//
// Usage: dtc_conformance [gtest flags] [options] [CASE_DIR]
//   CASE_DIR                 case folder (also --cases DIR or env DTC_CONFORMANCE_DIR);
//                            default ${DTC_SHARED_DIR}/conformance/dtdl
//   --suite NAME             only generated | doc-examples | dtmis | phrases | dtc (dtc's own
//                            cases in tests/conformance/cases, settled with scripts/settle-case)
//   --dtdl-version N         only cases filed under DTDL version N (2, 3, 4; 0 = dtmis/phrases)
//   --case GLOB              only cases whose id matches (fnmatch, e.g. 'generated/Array*V3#*');
//                            repeatable. --gtest_filter works too, on sanitised names
//                            (generated_v3.ArrayV3_0)
//   --verbose, -v            for each failing case print expected vs reported errors
//                            (env DTC_CONFORMANCE_VERBOSE=1)
//   --ids-only               match errors on ValidationID + PrimaryID only (the reference
//                            tool's rule), ignoring Property / SecondaryID / Value
//   --known FILE             known divergences (default tests/conformance/known-divergences.txt;
//                            --known /dev/null runs without it). Listed cases that fail do not
//                            fail the run; "open:" entries still count as failed in the summary
//   --list-failures          print the ids of failing cases after the summary
//   --lines                  also require matched errors to be on the expected input and line
//                            (otherwise only counted, in the summary's "error locations" line)
//   --show-inputs            with a failure, print the input texts as given to the driver,
//                            with line numbers (the expected errors' lines refer to them)
//   --report-only            exit 0 even when cases fail (ctest entries for v4 and phrases)
//   --read-threads N         driver::Options::readThreads: 2 reads the documents of every case
//                            of two or more on two threads (the outcome must not change)
//   --validate-threads N     driver::Options::validateThreads: 2 runs the last validation
//                            passes of every case ahead on a second thread (the same)
//
// The summary (a table per suite x DTDL version) ends with "N passed, M failed" for the
// required set: DTDL v2 and v3 cases of generated/ and doc-examples/, dtmis/ (and dtc/, when
// the folder holds dtc's own cases).
#include <fnmatch.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "case_json.h"
#include "driver/driver.h"
#include "ir/dtmi.h"
#include "ir/phrase.h"
#include "model_view.h"
#include "validator/validator.h"

namespace fs = std::filesystem;
using dtc::conformance::JsonValue;

namespace {

// ---- configuration ----------------------------------------------------------------------------

struct Config {
    std::string dir;
    std::string suite;
    int version = -1;
    std::vector<std::string> patterns;
    bool verbose = false;
    bool idsOnly = false;
    bool reportOnly = false;
    bool listFailures = false;
    bool showInputs = false;
    bool lines = false;
    unsigned readThreads = 0; ///< driver::Options::readThreads (--read-threads; 0: the driver's default)
    unsigned validateThreads = 0; ///< driver::Options::validateThreads (--validate-threads; 0: the same)
    std::string knownFile = DTC_KNOWN_DIVERGENCES;
};

Config g_config;

struct Case {
    std::string id;
    std::string path; ///< the case file
    std::string suite;
    std::string kind;
    int version = 0;
    JsonValue json;
};

/// Known: fails, listed in known-divergences.txt as a settled divergence. Open: fails, listed
/// with an "open:" reason (a gap not closed yet): it does not fail the run, but the summary
/// counts it as failed.
enum class Status : std::uint8_t { Passed, Failed, Known, Open };

struct Result {
    Status status = Status::Passed;
    std::vector<std::string> problems; ///< one line each
    std::string detail;                ///< expected vs reported (verbose)
    std::size_t lineChecks = 0;        ///< matched errors with an expected line
    std::size_t lineMatches = 0;       ///< ... of which on the expected input and line
};

std::vector<Case> g_cases;
std::map<std::string, std::string> g_known; ///< case id -> reason
std::map<std::string, Result> g_results;

bool isRequired(const Case& c) {
    if (c.suite == "dtmis" || c.suite == "dtc") return true;
    return (c.suite == "generated" || c.suite == "doc-examples") &&
           (c.version == 2 || c.version == 3);
}

std::string sanitize(std::string s) {
    for (char& ch : s)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    return s;
}

// ---- loading ----------------------------------------------------------------------------------

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool selected(const Case& c) {
    if (!g_config.suite.empty() && c.suite != g_config.suite) return false;
    if (g_config.version >= 0 && c.version != g_config.version) return false;
    if (g_config.patterns.empty()) return true;
    return std::any_of(g_config.patterns.begin(), g_config.patterns.end(), [&](const std::string& p) {
        return fnmatch(p.c_str(), c.id.c_str(), 0) == 0;
    });
}

bool loadCases(std::string& error) {
    // "dtc": dtc's own cases (tests/conformance/cases), settled with the official parser.
    static const char* kSuites[] = {"generated", "doc-examples", "dtmis", "phrases", "dtc"};
    for (const char* suite : kSuites) {
        fs::path dir = fs::path(g_config.dir) / suite;
        if (!fs::is_directory(dir)) continue;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().extension() == ".json") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& f : files) {
            std::string err;
            auto doc = dtc::conformance::parseJson(readFile(f), err);
            if (!doc) {
                error = f.string() + ": " + err;
                return false;
            }
            const JsonValue* cases = doc->find("cases");
            if (!cases || !cases->isArray()) {
                error = f.string() + ": no \"cases\" array";
                return false;
            }
            for (const JsonValue& c : cases->items) {
                Case k;
                k.id = c.str("id");
                k.suite = c.str("suite");
                k.kind = c.str("kind");
                k.version = static_cast<int>(c.integer("dtdlVersion"));
                k.path = f.string();
                k.json = c;
                if (selected(k)) g_cases.push_back(std::move(k));
            }
        }
    }
    if (g_cases.empty()) {
        error = "no cases selected under " + g_config.dir;
        return false;
    }
    return true;
}

void loadKnown() {
    std::ifstream in(g_config.knownFile);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::size_t sp = line.find_first_of(" \t");
        std::string id = line.substr(0, sp);
        std::string reason = sp == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", sp));
        g_known[id] = reason;
    }
}

// ---- helpers ----------------------------------------------------------------------------------

std::string outcomeName(dtc::driver::Outcome o) {
    switch (o) {
    case dtc::driver::Outcome::Valid: return "valid";
    case dtc::driver::Outcome::ParsingError: return "parsingError";
    case dtc::driver::Outcome::ResolutionError: return "resolutionError";
    case dtc::driver::Outcome::InputError: return "inputError";
    }
    return "?";
}

std::string shortId(std::string_view vid) {
    constexpr std::string_view prefix = "dtmi:dtdl:parsingError:";
    if (vid.substr(0, prefix.size()) == prefix) vid.remove_prefix(prefix.size());
    return std::string(vid);
}

std::string joinSet(const std::set<std::string>& s) {
    std::string out = "{";
    for (const std::string& x : s) out += (out.size() > 1 ? ", " : "") + x;
    return out + "}";
}

/// Does a reported field match an expected one? Absent key: not checked. null: must be absent.
/// Array: any alternative. Number: compared by value.
bool fieldMatches(const JsonValue* expected, const std::optional<std::string>& got) {
    if (!expected) return true;
    switch (expected->kind) {
    case JsonValue::Kind::Null: return !got || got->empty();
    case JsonValue::Kind::String: return got && *got == expected->text;
    case JsonValue::Kind::Number:
        return got && dtc::conformance::jsonEqual(*expected, JsonValue::number(*got));
    case JsonValue::Kind::Array:
        return std::any_of(expected->items.begin(), expected->items.end(),
                           [&](const JsonValue& alt) { return fieldMatches(&alt, got); });
    default: return false;
    }
}

struct Reported {
    const dtc::diag::Diagnostic* d = nullptr;
    int input = -1;     ///< index of the input document, -1 when not an input
    std::string file;   ///< display path
    std::uint32_t line = 0;
};

std::string describe(const Reported& r) {
    std::string s = shortId(r.d->validationId.empty() ? std::string(r.d->codeId()) : r.d->validationId);
    auto field = [&](const char* name, const std::optional<std::string>& v) {
        if (v) s += std::string(" ") + name + "=" + *v;
    };
    field("primary", r.d->primaryId);
    field("secondary", r.d->secondaryId);
    field("property", r.d->property);
    field("value", r.d->value);
    if (!r.file.empty()) s += " @" + r.file + ":" + std::to_string(r.line);
    return s;
}

std::string describeExpected(const JsonValue& e) {
    std::string s = shortId(e.str("ValidationID"));
    auto field = [&](const char* key, const char* label) {
        if (const JsonValue* v = e.find(key)) s += std::string(" ") + label + "=" + (v->isString() ? v->text : dtc::conformance::toCompactJson(*v));
    };
    field("PrimaryID", "primary");
    field("SecondaryID", "secondary");
    field("Property", "property");
    field("Value", "value");
    if (e.find("PrimaryStart")) {
        s += " @input" + std::to_string(e.integer("PrimaryIndex", -1)) + ":" +
             std::to_string(e.integer("PrimaryStart"));
        if (e.find("PrimaryEnd") && e.integer("PrimaryEnd") != e.integer("PrimaryStart"))
            s += "-" + std::to_string(e.integer("PrimaryEnd"));
    }
    return s;
}

// ---- the scripted resolver ---------------------------------------------------------------------

/// Plays a case's `resolution` script: the n-th call must request exactly step n's DTMIs
/// (order irrelevant) and receives that step's documents.
class ScriptedResolver final : public dtc::driver::Resolver {
public:
    explicit ScriptedResolver(const JsonValue& script) : script_(script) {}

    std::vector<dtc::diag::FileId> resolve(std::span<const std::string> ids,
                                           dtc::diag::SourceManager& sm,
                                           dtc::diag::Engine&) override {
        std::size_t n = calls++;
        std::set<std::string> asked(ids.begin(), ids.end());
        if (n >= script_.items.size()) {
            problems.push_back("resolver called " + std::to_string(n + 1) + " times, the script has " +
                               std::to_string(script_.items.size()) + " step(s); request " + joinSet(asked));
            return {};
        }
        const JsonValue& step = script_.items[n];
        std::set<std::string> expected;
        if (const JsonValue* req = step.find("request"))
            for (const JsonValue& r : req->items) expected.insert(r.text);
        if (asked != expected)
            problems.push_back("resolver call " + std::to_string(n + 1) + " requested " + joinSet(asked) +
                               ", the script expects " + joinSet(expected));
        std::vector<dtc::diag::FileId> files;
        const JsonValue* response = step.find("response");
        if (!response || !response->isArray()) return files;
        for (std::size_t i = 0; i < response->items.size(); ++i) {
            files.push_back(sm.addBuffer("resolved" + std::to_string(n + 1) + "_" + std::to_string(i) + ".json",
                                         dtc::conformance::toIndentedJson(response->items[i])));
        }
        return files;
    }

    std::size_t steps() const { return script_.items.size(); }
    std::size_t calls = 0;
    std::vector<std::string> problems;

private:
    const JsonValue& script_;
};

// ---- model cases -------------------------------------------------------------------------------

void checkElements(const JsonValue& expect, const dtc::ir::Model& model, Result& r) {
    const JsonValue* elements = expect.find("elements");
    if (!elements || !elements->isArray()) return;
    dtc::conformance::ModelView view(model);
    using dtc::conformance::jsonEqual;
    using dtc::conformance::toCompactJson;
    for (const JsonValue& want : elements->items) {
        std::string id = want.str("id");
        auto eid = model.find(id);
        if (!eid) {
            r.problems.push_back("element " + id + " is missing from the model");
            continue;
        }
        const dtc::ir::Element& e = model[*eid];
        std::string type = want.str("type");
        if (std::string cls = view.dtdlClass(e); cls != type)
            r.problems.push_back("element " + id + ": type " + type + " expected, got " + cls);
        if (const JsonValue* props = want.find("properties")) {
            for (const auto& [name, value] : props->members) {
                std::string why;
                auto got = view.property(e, name, why);
                if (!got) {
                    r.problems.push_back("element " + id + ": " + why);
                } else if (!jsonEqual(value, *got, name == "extendedBy")) {
                    r.problems.push_back("element " + id + " property " + name + ": expected " +
                                         toCompactJson(value) + ", got " + toCompactJson(*got));
                }
            }
        }
        auto compare = [&](const char* key, const JsonValue& got, bool unordered) {
            const JsonValue* v = want.find(key);
            if (v && !jsonEqual(*v, got, unordered))
                r.problems.push_back("element " + id + " " + key + ": expected " + toCompactJson(*v) +
                                     ", got " + toCompactJson(got));
        };
        compare("supplementalTypes", view.supplementalTypes(e), true);
        compare("supplementalProperties", view.supplementalProperties(e), true);
        compare("undefinedTypes", view.undefinedTypes(e), true);
        compare("undefinedProperties", view.undefinedProperties(e), true);
    }
}

void checkInstances(const JsonValue& c, const dtc::ir::Model& model, Result& r) {
    const JsonValue* instances = c.find("instances");
    if (!instances || !instances->isArray()) return;
    for (std::size_t i = 0; i < instances->items.size(); ++i) {
        const JsonValue& inst = instances->items[i];
        std::string subject = inst.str("subject");
        std::string submit = inst.str("submit");
        std::string label = "instance #" + std::to_string(i) + " " + dtc::conformance::toCompactJson(JsonValue::string(submit));
        auto id = model.find(subject);
        if (!id) {
            r.problems.push_back("instance checks: subject " + subject + " is not in the model");
            return;
        }
        dtc::validator::InstanceResult res = dtc::validator::validateInstance(model, *id, submit);
        const JsonValue* throws = inst.find("throws");
        if (throws && throws->kind == JsonValue::Kind::Bool && throws->boolean) {
            if (!res.failed) r.problems.push_back(label + ": validation must fail (throw), it did not");
            continue;
        }
        const JsonValue* conforms = inst.find("conforms");
        bool want = conforms && conforms->boolean;
        if (res.failed) {
            r.problems.push_back(label + ": validation failed: " + res.failure);
        } else if (res.conforms != want) {
            std::string why = res.violations.empty() ? "" : " (" + res.violations.front() + ")";
            r.problems.push_back(label + ": conforms=" + (want ? "true" : "false") + " expected, got " +
                                 (res.conforms ? "true" : "false") + why);
        }
    }
}

Result runModelCase(const Case& k) {
    Result r;
    const JsonValue& c = k.json;
    const JsonValue& expect = *c.find("expect");
    std::string outcome = expect.str("outcome");

    dtc::driver::Compilation comp;
    std::map<dtc::diag::FileId, int> inputIndex;
    if (const JsonValue* input = c.find("input")) {
        for (std::size_t i = 0; i < input->items.size(); ++i) {
            auto id = comp.sources.addBuffer("input" + std::to_string(i) + ".json",
                                             dtc::conformance::toIndentedJson(input->items[i]));
            comp.inputs.push_back(id);
            inputIndex[id] = static_cast<int>(i);
        }
    }

    dtc::driver::Options options;
    options.readThreads = g_config.readThreads;
    options.validateThreads = g_config.validateThreads;
    auto has = [&](const char* key, std::string_view value) {
        const JsonValue* a = c.find(key);
        return a && std::any_of(a->items.begin(), a->items.end(),
                                [&](const JsonValue& v) { return v.text == value; });
    };
    if (has("options", "AllowUndefinedExtensions"))
        options.dtdl.undefinedExtensions = dtc::parser::UndefinedExtensions::Allow;
    if (has("options", "DisallowUndefinedExtensions"))
        options.dtdl.undefinedExtensions = dtc::parser::UndefinedExtensions::Disallow;
    options.dtdl.tolerateSolecismsInParse = has("quirks", "TolerateSolecismsInParse");
    options.dtdl.tolerateSolecismsInResolve = has("quirks", "TolerateSolecismsInResolve");
    if (const JsonValue* m = c.find("maxDtdlVersion"); m && m->kind == JsonValue::Kind::Number)
        options.dtdl.maxDtdlVersion = static_cast<int>(std::strtol(m->text.c_str(), nullptr, 10));
    if (const JsonValue* l = c.find("extensionLimitContexts"))
        for (const JsonValue& v : l->items) options.dtdl.extensionLimitContexts.push_back(v.text);

    std::unique_ptr<ScriptedResolver> resolver;
    const JsonValue* script = c.find("resolution");
    if (script && script->isArray()) resolver = std::make_unique<ScriptedResolver>(*script);

    try {
        dtc::driver::compile(comp, options, resolver.get());
    } catch (const std::exception& ex) {
        r.problems.push_back(std::string("driver::compile threw: ") + ex.what());
        r.status = Status::Failed;
        return r;
    }

    // Reported errors: DTDL ones (with a ValidationID) are compared; others are listed.
    std::vector<Reported> dtdl;
    std::vector<Reported> other;
    for (const auto& d : comp.diags.diagnostics()) {
        if (d.severity < dtc::diag::Severity::Error) continue;
        Reported rep;
        rep.d = &d;
        if (d.range.valid()) {
            rep.file = std::string(comp.sources.path(d.range.file));
            rep.line = comp.sources.lineColumn(d.range.start()).line;
            if (auto it = inputIndex.find(d.range.file); it != inputIndex.end()) rep.input = it->second;
        }
        (d.validationId.empty() ? other : dtdl).push_back(rep);
    }

    std::string got = outcomeName(comp.outcome);
    bool verdictOk = outcome == "valid"            ? got == "valid"
                     : outcome == "parsingError"    ? got == "parsingError"
                     : outcome == "resolutionError" ? got == "resolutionError"
                     : outcome == "parsingOrResolutionError"
                         ? (got == "parsingError" || got == "resolutionError")
                         : got == "parsingError" || got == "resolutionError"; // "invalid"
    if (!verdictOk) r.problems.push_back("verdict: " + outcome + " expected, got " + got);

    if (resolver) {
        for (const std::string& p : resolver->problems) r.problems.push_back(p);
        if (outcome == "valid" && got == "valid" && resolver->calls != resolver->steps())
            r.problems.push_back("resolver called " + std::to_string(resolver->calls) +
                                 " time(s), the script has " + std::to_string(resolver->steps()) + " step(s)");
    }

    const JsonValue* expectedErrors = expect.find("parsingErrors");
    bool haveExpectedErrors = expectedErrors && !expectedErrors->items.empty();
    // An expected error and a reported one name the same ValidationID and PrimaryID, and the same
    // SecondaryID, Property and Value unless --ids-only.
    auto sameFields = [](const JsonValue& e, const Reported& rep) {
        return e.str("ValidationID") == rep.d->validationId && fieldMatches(e.find("PrimaryID"), rep.d->primaryId) &&
               (g_config.idsOnly || (fieldMatches(e.find("SecondaryID"), rep.d->secondaryId) &&
                                     fieldMatches(e.find("Property"), rep.d->property) &&
                                     fieldMatches(e.find("Value"), rep.d->value)));
    };
    if (verdictOk && got == "parsingError" && haveExpectedErrors) {
        if (dtdl.empty()) {
            std::string list;
            for (const Reported& o : other) list += (list.empty() ? "" : "; ") + describe(o);
            r.problems.push_back("no DTDL ValidationID reported" +
                                 (list.empty() ? std::string() : " (reported: " + list + ")"));
        }
        for (const Reported& rep : dtdl) {
            bool matched = false;
            bool lineChecked = false;
            bool lineOk = false;
            std::string wantLines;
            for (const JsonValue& e : expectedErrors->items) {
                if (!sameFields(e, rep)) continue;
                matched = true;
                if (e.find("PrimaryStart") && e.find("PrimaryIndex")) {
                    lineChecked = true;
                    wantLines += std::string(wantLines.empty() ? "" : " or ") + "input" +
                                 std::to_string(e.integer("PrimaryIndex", -1)) + ":" +
                                 std::to_string(e.integer("PrimaryStart"));
                    lineOk = lineOk || (rep.input == e.integer("PrimaryIndex", -1) &&
                                        static_cast<long long>(rep.line) == e.integer("PrimaryStart"));
                }
            }
            if (!matched) r.problems.push_back("unexpected error " + describe(rep));
            if (matched && lineChecked) {
                ++r.lineChecks;
                if (lineOk) ++r.lineMatches;
                else if (g_config.lines)
                    r.problems.push_back("location of " + describe(rep) + ": expected " + wantLines);
            }
        }
    }

    // NOTE(dtc): the upstream rule above only asks that every reported error be expected. dtc's
    // own cases hold the official parser's whole output (scripts/settle-case), so there every
    // expected error must be reported too, with the fields it gives (ValidationID and PrimaryID,
    // and SecondaryID, Property and Value unless --ids-only: sameFields): a missing one fails.
    if (k.suite == "dtc" && verdictOk && got == "parsingError" && haveExpectedErrors) {
        for (const JsonValue& e : expectedErrors->items) {
            if (std::none_of(dtdl.begin(), dtdl.end(), [&](const Reported& rep) { return sameFields(e, rep); }))
                r.problems.push_back("expected error not reported: " + shortId(e.str("ValidationID")) +
                                     " primary=" + e.str("PrimaryID") +
                                     (e.str("Value").empty() ? std::string() : " value=" + e.str("Value")));
        }
    }

    if (verdictOk && got == "resolutionError") {
        if (const JsonValue* ids = expect.find("unresolvedIdentifiers"); ids && ids->isArray()) {
            std::set<std::string> want;
            for (const JsonValue& v : ids->items) want.insert(v.text);
            std::set<std::string> have(comp.unresolved.begin(), comp.unresolved.end());
            if (want != have)
                r.problems.push_back("undefined identifiers: expected " + joinSet(want) + ", got " + joinSet(have));
        }
    }

    if (outcome == "valid" && got == "valid") {
        checkElements(expect, comp.model, r);
        if (const JsonValue* n = expect.find("elementCount"); n && n->kind == JsonValue::Kind::Number) {
            if (std::to_string(comp.model.size()) != n->text)
                r.problems.push_back("elementCount: " + n->text + " expected, got " +
                                     std::to_string(comp.model.size()));
        }
        checkInstances(c, comp.model, r);
    }

    if (!r.problems.empty()) {
        r.status = Status::Failed;
        std::ostringstream d;
        if (haveExpectedErrors) {
            d << "    expected (any of):\n";
            for (const JsonValue& e : expectedErrors->items) d << "      " << describeExpected(e) << "\n";
        }
        d << "    reported (" << got << "):\n";
        if (dtdl.empty() && other.empty()) d << "      (no errors)\n";
        for (const Reported& rep : dtdl) d << "      " << describe(rep) << "\n";
        for (const Reported& rep : other) d << "      " << describe(rep) << "\n";
        if (!comp.unresolved.empty()) {
            d << "    undefined: " << joinSet({comp.unresolved.begin(), comp.unresolved.end()}) << "\n";
        }
        if (g_config.showInputs) {
            for (dtc::diag::FileId f = 1; f <= comp.sources.fileCount(); ++f) {
                d << "    --- " << comp.sources.path(f) << "\n";
                std::istringstream lines{std::string(comp.sources.text(f))};
                std::string line;
                for (int n = 1; std::getline(lines, line); ++n) {
                    char num[16];
                    std::snprintf(num, sizeof num, "%4d| ", n);
                    d << "    " << num << line << "\n";
                }
            }
        }
        r.detail = d.str();
    }
    return r;
}

// ---- dtmi and phrase cases ---------------------------------------------------------------------

std::string formatNumber(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

Result runDtmiCase(const Case& k) {
    Result r;
    std::string text = k.json.str("idText");
    bool valid = k.json.find("valid") && k.json.find("valid")->boolean;
    auto dtmi = dtc::ir::parseDtmi(text);
    if (!valid) {
        if (dtmi) r.problems.push_back("'" + text.substr(0, 80) + "' must be rejected as a DTMI");
    } else if (!dtmi) {
        r.problems.push_back("'" + text.substr(0, 80) + "' must be accepted as a DTMI");
    } else if (const JsonValue* want = k.json.find("expect")->find("dtmi")) {
        // The reference's Dtmi type: Versionless and Fragment include the '#', CompleteVersion
        // is major + minor / 10^6.
        bool hasHash = text.find('#') != std::string::npos;
        std::string fragment = dtmi->fragment;
        if (hasHash && fragment.rfind('#', 0) != 0) fragment = "#" + fragment;
        std::string versionless = dtmi->versionless;
        if (hasHash && versionless.find('#') == std::string::npos) versionless += fragment;
        auto num = [&](const char* key, double got) {
            const JsonValue* v = want->find(key);
            if (v && std::fabs(std::strtod(v->text.c_str(), nullptr) - got) > 1e-9)
                r.problems.push_back(std::string(key) + ": " + v->text + " expected, got " + formatNumber(got));
        };
        num("MajorVersion", dtmi->majorVersion);
        num("MinorVersion", dtmi->minorVersion);
        num("CompleteVersion", dtmi->majorVersion + dtmi->minorVersion / 1e6);
        if (want->str("Versionless") != versionless)
            r.problems.push_back("Versionless: " + want->str("Versionless").substr(0, 80) + " expected, got " + versionless.substr(0, 80));
        if (want->str("Fragment") != fragment)
            r.problems.push_back("Fragment: '" + want->str("Fragment") + "' expected, got '" + fragment + "'");
        JsonValue labels = JsonValue::array();
        for (const std::string& l : dtmi->labels) labels.items.push_back(JsonValue::string(l));
        if (const JsonValue* v = want->find("Labels"); v && !dtc::conformance::jsonEqual(*v, labels))
            r.problems.push_back("Labels differ (" + std::to_string(v->items.size()) + " expected, got " +
                                 std::to_string(labels.items.size()) + ")");
        if (const JsonValue* v = want->find("IsReserved"); v && v->boolean != dtmi->reserved)
            r.problems.push_back(std::string("IsReserved: ") + (v->boolean ? "true" : "false") + " expected");
    }
    if (!r.problems.empty()) r.status = Status::Failed;
    return r;
}

Result runPhraseCase(const Case& k) {
    // The case's "install" object gives the values, in the order written.
    Result r;
    std::vector<dtc::ir::PhraseValue> values;
    if (const JsonValue* install = k.json.find("install"))
        for (const auto& [name, value] : install->members)
            values.push_back({name, value.text});
    const std::string want = k.json.find("expect")->str("text");
    const std::string got = dtc::ir::formatPhrase(k.json.str("phrase"), values);
    if (got != want) {
        r.status = Status::Failed;
        r.problems.push_back("phrase:   " + k.json.str("phrase"));
        r.problems.push_back("expected: " + want);
        r.problems.push_back("got:      " + got);
    }
    return r;
}

// ---- gtest glue --------------------------------------------------------------------------------

class CaseTest : public testing::Test {
public:
    explicit CaseTest(std::size_t index) : index_(index) {}

    void TestBody() override {
        const Case& k = g_cases[index_];
        Result r = k.kind == "dtmi"     ? runDtmiCase(k)
                   : k.kind == "phrase" ? runPhraseCase(k)
                                        : runModelCase(k);
        auto known = g_known.find(k.id);
        bool listed = known != g_known.end();
        if (listed && r.status == Status::Passed) {
            std::cout << "[ NOTE     ] " << k.id
                      << " is listed in known-divergences.txt but passes: remove it\n";
        }
        std::string msg = k.id;
        for (const std::string& p : r.problems) msg += "\n  " + p;
        if (g_config.verbose || g_config.showInputs) msg += "\n" + r.detail;
        if (listed && r.status == Status::Failed) {
            bool open = known->second.rfind("open:", 0) == 0;
            r.status = open ? Status::Open : Status::Known;
            if (g_config.verbose)
                std::cout << (open ? "[ OPEN     ] " : "[ KNOWN    ] ") << known->second << "\n"
                          << msg << "\n";
        }
        g_results[k.id] = r;
        if (r.status != Status::Failed) return;
        ADD_FAILURE_AT(k.path.c_str(), 1) << msg;
    }

private:
    std::size_t index_;
};

void registerTests() {
    for (std::size_t i = 0; i < g_cases.size(); ++i) {
        const Case& k = g_cases[i];
        std::string suite = sanitize(k.suite);
        if (k.version != 0) suite += "_v" + std::to_string(k.version);
        std::string name = k.id.substr(k.id.find('/') + 1);
        testing::RegisterTest(suite.c_str(), sanitize(name).c_str(), nullptr, k.id.c_str(), __FILE__,
                              __LINE__, [i]() -> testing::Test* { return new CaseTest(i); });
    }
}

// ---- summary -----------------------------------------------------------------------------------

struct Tally {
    std::size_t passed = 0, failed = 0, known = 0, open = 0;
    void add(Status s) {
        switch (s) {
        case Status::Passed: ++passed; break;
        case Status::Failed: ++failed; break;
        case Status::Known: ++known; break;
        case Status::Open: ++open; break;
        }
    }
};

void printSummary(std::ostream& out, bool runFailed) {
    std::map<std::pair<std::string, int>, Tally> table;
    Tally required, v4, phrases;
    std::size_t lineChecks = 0, lineMatches = 0;
    std::vector<std::string> failing;
    for (const Case& k : g_cases) {
        auto it = g_results.find(k.id);
        if (it == g_results.end()) continue; // filtered out by --gtest_filter
        const Result& r = it->second;
        table[{k.suite, k.version}].add(r.status);
        if (isRequired(k)) required.add(r.status);
        else if (k.suite == "phrases") phrases.add(r.status);
        else v4.add(r.status);
        lineChecks += r.lineChecks;
        lineMatches += r.lineMatches;
        if (r.status == Status::Failed || r.status == Status::Open) failing.push_back(k.id);
    }
    out << "\nDTDL conformance: " << g_config.dir << "\n";
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-14s %-8s %7s %7s %7s %7s\n", "suite", "version",
                  "passed", "failed", "open", "known");
    out << buf;
    for (const auto& [key, t] : table) {
        std::string version = key.second == 0 ? "-" : "v" + std::to_string(key.second);
        std::snprintf(buf, sizeof buf, "  %-14s %-8s %7zu %7zu %7zu %7zu\n", key.first.c_str(),
                      version.c_str(), t.passed, t.failed, t.open, t.known);
        out << buf;
    }
    if (lineChecks)
        out << "error locations: " << lineMatches << " of " << lineChecks
            << " matched errors on the expected input and line (informative)\n";
    // The sets that are reported, not required.
    for (const auto& [name, t] : {std::pair<const char*, const Tally&>{"v4", v4}, {"phrases", phrases}}) {
        if (t.passed + t.failed + t.known + t.open)
            out << name << ": " << t.passed << " passed, " << t.failed + t.open << " failed, " << t.known
                << " known divergence(s) (reported, not required)\n";
    }
    if (g_config.listFailures && !failing.empty()) {
        out << "failing cases:\n";
        for (const std::string& id : failing) out << "  " << id << "\n";
    }
    // NOTE(dtc): open cases count as failed here: they are gaps, not settled divergences. They
    // only keep the ctest entry green so that regressions elsewhere stay visible.
    out << "required set (v2+v3 of generated/ and doc-examples/, dtmis/, dtc/): " << required.failed
        << " unexpected failure(s), " << required.open << " open (known-divergences.txt), "
        << required.known << " settled divergence(s)\n";
    if (g_config.reportOnly && runFailed) out << "(report only: failures do not fail this run)\n";
    out << required.passed << " passed, " << required.failed + required.open << " failed\n";
}

} // namespace

int main(int argc, char** argv) {
    testing::GTEST_FLAG(brief) = true; // one line per failure; --gtest_brief=0 shows every test
    testing::InitGoogleTest(&argc, argv);

    if (const char* env = std::getenv("DTC_CONFORMANCE_DIR")) g_config.dir = env;
    if (const char* env = std::getenv("DTC_CONFORMANCE_VERBOSE")) g_config.verbose = *env && *env != '0';
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "dtc_conformance: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--cases") g_config.dir = next();
        else if (a == "--suite") g_config.suite = next();
        else if (a == "--dtdl-version") g_config.version = std::atoi(next().c_str());
        else if (a == "--case") g_config.patterns.push_back(next());
        else if (a == "--known") g_config.knownFile = next();
        else if (a == "--verbose" || a == "-v") g_config.verbose = true;
        else if (a == "--ids-only") g_config.idsOnly = true;
        else if (a == "--report-only") g_config.reportOnly = true;
        else if (a == "--list-failures") g_config.listFailures = true;
        else if (a == "--show-inputs") g_config.showInputs = true;
        else if (a == "--lines") g_config.lines = true;
        else if (a == "--read-threads") g_config.readThreads = static_cast<unsigned>(std::atoi(next().c_str()));
        else if (a == "--validate-threads") g_config.validateThreads = static_cast<unsigned>(std::atoi(next().c_str()));
        else if (!a.empty() && a[0] != '-') g_config.dir = a;
        else {
            std::cerr << "dtc_conformance: unknown option " << a << " (see runner.cpp)\n";
            return 2;
        }
    }
    if (g_config.dir.empty()) g_config.dir = std::string(DTC_SHARED_DIR) + "/conformance/dtdl";
    g_config.dir = fs::path(g_config.dir).lexically_normal().string();

    std::string error;
    if (!loadCases(error)) {
        std::cerr << "dtc_conformance: " << error << "\n";
        return 2;
    }
    loadKnown();
    registerTests();
    int status = RUN_ALL_TESTS();
    printSummary(std::cout, status != 0);
    return g_config.reportOnly ? 0 : status;
}
