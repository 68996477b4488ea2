#include "cli/commands.h"
#include "cli/options.h"
#include "cli/twin_commands.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "driver/driver.h"
#include "ir/phrase.h"
#include "validator/validator.h"

namespace po = boost::program_options;

namespace dtc::cli {
namespace {

constexpr const char* kVersion = DTC_VERSION;

constexpr const char* kUsage = R"(usage: dtc-compile <command> [options] PATH...

Commands:
  check      validate model files (DTDL v2/v3/v4 JSON and .twin) and report diagnostics
  dump       print the intermediate representation of valid models
  translate  write the models as DTDL or .twin (--to dtdl|twin -o OUT)
  fmt        format .twin files in place
  lint       check the conventions of standard models (models/CONTRIBUTING.md)
  instance   check JSON values against an element of the models (a payload, a property value)

Run 'dtc-compile <command> --help' for the options of a command.
Options for every command:
  -h, --help       show help
  --version        print the version
)";

struct CommonOptions {
    std::string format = "text";
    ModelOptions model;
    std::vector<std::string> paths;
    bool werror = false;
    bool noColor = false;
    bool quiet = false;
    std::size_t errorLimit = 0;
};

po::options_description outputOptions(CommonOptions& o) {
    po::options_description d("Output options");
    d.add_options()
        ("format", po::value(&o.format)->value_name("text|json|sarif"),
         "diagnostics format (default text; json and sarif go to standard output)")
        ("Werror", po::bool_switch(&o.werror), "treat warnings as errors")
        ("error-limit", po::value(&o.errorLimit)->value_name("N"),
         "stop listing errors after N (0 = no limit, the default)")
        ("no-color", po::bool_switch(&o.noColor), "never colour the text output")
        ("quiet,q", po::bool_switch(&o.quiet), "print nothing when there are no diagnostics");
    return d;
}

bool configure(const CommonOptions& o, driver::Options& options, std::ostream& err) {
    if (!applyModelOptions(o.model, options, err)) return false;
    if (o.format != "text" && o.format != "json" && o.format != "sarif") {
        err << "dtc-compile: error: --format takes text, json or sarif, not '" << o.format << "'\n";
        return false;
    }
    if (o.paths.empty()) {
        err << "dtc-compile: error: no input paths given\n";
        return false;
    }
    return true;
}

void render(const driver::Compilation& c, const CommonOptions& o, std::ostream& out,
            std::ostream& err) {
    const auto& diags = c.diags.diagnostics();
    diag::Summary summary;
    summary.files = c.inputs.size();
    summary.interfaces = c.model.interfaceCount();
    summary.elements = c.model.size();
    summary.errors = c.diags.errorCount();
    summary.warnings = c.diags.warningCount();
    if (o.format == "json") {
        diag::emitJson(out, c.sources, diags, summary);
    } else if (o.format == "sarif") {
        diag::emitSarif(out, c.sources, diags, kVersion, std::filesystem::current_path().string());
    } else {
        renderText(c.sources, c.diags, err, o.noColor);
        if (c.diags.suppressedCount() != 0)
            err << "dtc-compile: " << c.diags.suppressedCount()
                << " more error(s) not shown (--error-limit)\n";
        if (!o.quiet || !diags.empty()) {
            err << (summary.errors ? "error" : "ok") << ": " << summary.files << " file(s), "
                << summary.interfaces << " interface(s); " << summary.errors << " error(s), "
                << summary.warnings << " warning(s)\n";
        }
    }
}

int exitStatus(const driver::Compilation& c) {
    if (c.outcome == driver::Outcome::InputError) return kExitUsage;
    return c.diags.hasErrors() ? kExitModelErrors : kExitOk;
}

/// Loads, compiles and renders; shared by check and dump.
int compileAndReport(const CommonOptions& o, driver::Compilation& c, std::ostream& out,
                     std::ostream& err, bool renderAlways) {
    driver::Options options;
    if (!configure(o, options, err)) return kExitUsage;
    bool tty = isTerminal(err);
    loadInputs(c, o.paths, loadOptions(o.model));
    if (tty && c.inputs.size() >= 200) {
        options.progress = [&err](std::size_t done, std::size_t total) {
            if (done % 50 == 0 || done == total)
                err << "\rdtc-compile: read " << done << "/" << total << " files" << std::flush;
            if (done == total) err << "\r\x1b[K" << std::flush;
        };
    }
    std::unique_ptr<driver::ModelRepoResolver> resolver = modelRepoResolver(o.model);
    if (c.outcome != driver::Outcome::InputError) compile(c, options, resolver.get());
    if (renderAlways || c.diags.hasErrors() || !c.diags.diagnostics().empty())
        render(c, o, out, err);
    return exitStatus(c);
}

bool leaveAtProcessEnd = false;

/// A fresh compilation for one command, owned by `owner`; when the process ends right after
/// the command (leaveCompilationsToProcessEnd), it is never destroyed.
// NOTE(dtc): freeing a model element by element is work nobody waits for when the process
// exits next: 0.3 s of a 10,000-interface check (compilers skip it the same way: clang's
// -disable-free).
driver::Compilation& startCompilation(std::unique_ptr<driver::Compilation>& owner, diag::Engine::Policy policy) {
    static auto* leftToProcessEnd = new std::vector<std::unique_ptr<driver::Compilation>>();
    owner = std::make_unique<driver::Compilation>(std::move(policy));
    driver::Compilation& c = *owner;
    if (leaveAtProcessEnd) leftToProcessEnd->push_back(std::move(owner));
    return c;
}

diag::Engine::Policy policyFor(const CommonOptions& o) {
    diag::Engine::Policy p;
    p.warningsAsErrors = o.werror;
    p.errorLimit = o.errorLimit;
    return p;
}

int check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CommonOptions o;
    po::options_description visible;
    visible.add(modelOptions(o.model)).add(outputOptions(o));
    if (auto done = parseCommandLine(args, visible, o.paths,
                                     "usage: dtc-compile check [options] PATH...\n\n"
                                     "Validates a model set: every .json (DTDL) and .twin file given, directories\n"
                                     "searched recursively. All files are checked together, so references between\n"
                                     "them resolve. A PATH of '-' reads standard input (see --stdin-name). Exit\n"
                                     "status: 0 valid (warnings allowed), 1 errors in the models, 2 usage or I/O\n"
                                     "error, 3 internal error.\n\n",
                                     out, err))
        return *done;
    std::unique_ptr<driver::Compilation> owner;
    return compileAndReport(o, startCompilation(owner, policyFor(o)), out, err, /*renderAlways=*/true);
}

int dump(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CommonOptions o;
    bool locations = false, standard = false;
    po::options_description visible;
    po::options_description d("Dump options");
    d.add_options()("locations", po::bool_switch(&locations), "append the source location of each element")(
        "standard-elements", po::bool_switch(&standard),
        "include predefined elements (primitive schemas, units) that the model references");
    visible.add(d).add(modelOptions(o.model)).add(outputOptions(o));
    if (auto done = parseCommandLine(args, visible, o.paths,
                                     "usage: dtc-compile dump [options] PATH...\n\n"
                                     "Checks the model set like 'check', then prints its intermediate representation\n"
                                     "(the stable text form used by dtc's golden tests).\n\n",
                                     out, err))
        return *done;
    std::unique_ptr<driver::Compilation> owner;
    driver::Compilation& c = startCompilation(owner, policyFor(o));
    int status = compileAndReport(o, c, out, err, /*renderAlways=*/false);
    if (status != kExitOk) return status;
    ir::DumpOptions dopt;
    dopt.locations = locations;
    dopt.standardElements = standard;
    out << ir::dump(c.model, &c.sources, dopt);
    return kExitOk;
}

/// The content named `name` of Interface `iface` or of an Interface it extends (nearest first).
std::optional<ir::ElementId> contentNamed(const ir::Model& model, ir::ElementId iface, std::string_view name) {
    std::deque<ir::ElementId> todo{iface};
    std::set<std::uint32_t> seen;
    while (!todo.empty()) {
        const ir::Element& e = model[todo.front()];
        todo.pop_front();
        if (!seen.insert(e.self.index).second) continue;
        const auto* i = e.getIf<ir::Interface>();
        if (i == nullptr) continue;
        for (const ir::Ref& r : i->contents) {
            auto c = model.targetOf(r);
            if (c && model[*c].name == name) return c;
        }
        for (const ir::Ref& r : i->extends)
            if (auto base = model.targetOf(r)) todo.push_back(*base);
    }
    return std::nullopt;
}

/// The element a path names: an element's identifier, then '/'-separated steps (DTMIs hold no
/// '/'): a content of an Interface (its own or inherited) or of a Component's Interface by name,
/// "request" or "response" of a Command, a field of an Object schema by name. Empty after
/// writing why to `why`.
std::optional<ir::ElementId> elementAt(const ir::Model& model, std::string_view path, std::string& why) {
    const auto slash = path.find('/');
    const std::string_view id = path.substr(0, slash);
    std::optional<ir::ElementId> at = model.find(id);
    if (!at) {
        why = "no element of the models has the identifier '" + std::string(id) + "'";
        return std::nullopt;
    }
    std::string walked(id);
    for (std::size_t from = slash; from != std::string_view::npos;) {
        const auto next = path.find('/', from + 1);
        const std::string_view step = path.substr(from + 1, next == std::string_view::npos ? next : next - from - 1);
        from = next;
        const ir::Element& e = model[*at];
        std::optional<ir::ElementId> found;
        if (e.is<ir::Interface>()) {
            found = contentNamed(model, *at, step);
        } else if (const auto* c = e.getIf<ir::Component>()) {
            if (auto iface = model.targetOf(c->schema)) found = contentNamed(model, *iface, step);
        } else if (const auto* cmd = e.getIf<ir::Command>()) {
            const auto& payload = step == "request" ? cmd->request : step == "response" ? cmd->response : std::nullopt;
            if (payload) found = model.targetOf(*payload);
        } else if (auto schema = validator::instanceSchemaOf(model, *at)) {
            if (const auto* o = model[*schema].getIf<ir::ObjectSchema>())
                for (const ir::Ref& r : o->fields)
                    if (auto f = model.targetOf(r); f && model[*f].name == step) found = f;
        }
        if (!found) {
            why = "'" + walked + "' (" + std::string(ir::className(e.body)) + ") has no " +
                  (e.is<ir::Command>() ? "payload" : e.is<ir::Interface>() || e.is<ir::Component>() ? "content" : "field") +
                  " '" + std::string(step) + "'";
            return std::nullopt;
        }
        walked += "/" + std::string(step);
        at = found;
    }
    return at;
}

int instance(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    CommonOptions o;
    std::string element;
    std::vector<std::string> values;
    po::options_description visible;
    po::options_description d("Instance options");
    d.add_options()
        ("element", po::value(&element)->value_name("PATH"),
         "the element the values are of: an identifier (a schema, an enum value, a Property, "
         "Telemetry, Field, command payload or map value), optionally followed by '/'-separated "
         "names: a content of an Interface or of a Component (own or inherited), 'request' or "
         "'response' of a Command, a field of an Object (dtmi:com:example:Thermostat;1/"
         "targetTemperature)")
        ("value", po::value(&values)->value_name("FILE")->composing(),
         "a file holding one JSON value to check ('-': standard input); repeatable");
    visible.add(d).add(modelOptions(o.model)).add(outputOptions(o));
    if (auto done = parseCommandLine(args, visible, o.paths,
                                     "usage: dtc-compile instance [options] --element PATH --value FILE... PATH...\n\n"
                                     "Checks the model set like 'check', then checks each JSON value against the\n"
                                     "schema of one element of it, as a twin's payloads are checked. Results go to\n"
                                     "standard output (--format json: one JSON document). Exit status: 0 every value\n"
                                     "conforms, 1 a value does not conform or the models have errors, 2 usage or\n"
                                     "I/O error (also: no such element, or an element that has no value).\n\n",
                                     out, err))
        return *done;
    if (element.empty() || values.empty()) {
        err << "dtc-compile: error: instance needs --element and at least one --value\n";
        return kExitUsage;
    }
    if (o.format == "sarif") {
        err << "dtc-compile: error: instance writes text or json, not sarif\n";
        return kExitUsage;
    }
    const bool stdinValue = std::find(values.begin(), values.end(), "-") != values.end();
    if (stdinValue && std::find(o.paths.begin(), o.paths.end(), "-") != o.paths.end()) {
        err << "dtc-compile: error: standard input can hold a value or models, not both\n";
        return kExitUsage;
    }
    // Every value is read before the models, so that a missing file is a usage error at once.
    std::vector<std::string> texts;
    for (const std::string& v : values) {
        std::ostringstream buf;
        if (v == "-") {
            buf << std::cin.rdbuf();
        } else {
            std::ifstream f(v, std::ios::binary);
            if (!f || std::filesystem::is_directory(v)) {
                err << "dtc-compile: error: cannot read the value file '" << v << "'\n";
                return kExitUsage;
            }
            buf << f.rdbuf();
        }
        texts.push_back(buf.str());
    }
    std::unique_ptr<driver::Compilation> owner;
    driver::Compilation& c = startCompilation(owner, policyFor(o));
    CommonOptions diagnostics = o;
    diagnostics.format = "text"; // (the models' diagnostics go to standard error as text)
    if (int status = compileAndReport(diagnostics, c, out, err, /*renderAlways=*/false); status != kExitOk) return status;
    std::string why;
    const std::optional<ir::ElementId> at = elementAt(c.model, element, why);
    if (!at) {
        err << "dtc-compile: error: --element " << element << ": " << why << "\n";
        return kExitUsage;
    }
    const ir::Element& e = c.model[*at];
    const bool ownValue = e.is<ir::EnumValue>();
    const std::optional<ir::ElementId> schema = ownValue ? at : validator::instanceSchemaOf(c.model, *at);
    if (!schema) {
        const std::string_view cls = ir::className(e.body);
        err << "dtc-compile: error: --element " << element << ": '" << e.id << "' is " << ir::withArticle(cls)
            << ", which has no value; "
            << (e.is<ir::Command>() ? "name its payload: " + element + "/request or " + element + "/response"
                                    : std::string("name an element that has one: a schema, an enum value, a Property, "
                                                  "Telemetry, Field, command payload or map value"))
            << "\n";
        return kExitUsage;
    }
    nlohmann::json results = nlohmann::json::array();
    std::size_t conforming = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const validator::InstanceResult r = validator::validateInstance(c.model, *schema, texts[i]);
        if (r.failed) {
            err << "dtc-compile: error: --element " << element << ": " << r.failure << "\n";
            return kExitUsage;
        }
        const std::string name = values[i] == "-" ? std::string("<stdin>") : values[i];
        conforming += r.conforms ? 1 : 0;
        if (o.format == "json") {
            results.push_back({{"value", name}, {"conforms", r.conforms}, {"violations", r.violations}});
        } else if (r.conforms) {
            if (!o.quiet) out << name << ": conforms to '" << element << "'\n";
        } else {
            for (const std::string& v : r.violations) out << name << ": does not conform to '" << element << "': " << v << "\n";
            if (r.violations.empty()) out << name << ": does not conform to '" << element << "'\n";
        }
    }
    if (o.format == "json") {
        out << nlohmann::json{{"element", element},
                              {"id", e.id},
                              {"schema", c.model[*schema].id},
                              {"results", results},
                              {"summary", {{"values", values.size()}, {"conforming", conforming}}}}
                   .dump(2)
            << "\n";
    }
    return conforming == values.size() ? kExitOk : kExitModelErrors;
}

} // namespace

void leaveCompilationsToProcessEnd() { leaveAtProcessEnd = true; }

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        err << kUsage;
        return kExitUsage;
    }
    const std::string& cmd = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        out << kUsage;
        return kExitOk;
    }
    if (cmd == "--version") {
        out << "dtc-compile " << kVersion << "\n";
        return kExitOk;
    }
    if (cmd == "check") return check(rest, out, err);
    if (cmd == "dump") return dump(rest, out, err);
    if (cmd == "translate") return translate(rest, out, err);
    if (cmd == "fmt") return fmt(rest, out, err);
    if (cmd == "lint") return lint(rest, out, err);
    if (cmd == "instance") return instance(rest, out, err);
    err << "dtc-compile: error: unknown command '" << cmd << "'\n" << kUsage;
    return kExitUsage;
}

} // namespace dtc::cli
