// Continuum rules (DTC22xx) and standard-model lint (DTC7xxx). See twin_rules.h.
#include "validator/twin_rules.h"

#include "ir/dtdl_terms.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <set>


namespace dtc::validator {
namespace {

// ---- quantities ---------------------------------------------------------------------------

/// Seconds per unit of the duration units .twin accepts.
std::optional<double> durationSeconds(std::string_view unit) {
    static constexpr std::array<std::pair<std::string_view, double>, 8> kUnits{{
        {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"sec", 1}, {"min", 60}, {"h", 3600}, {"d", 86400}, {"ns", 1e-9}}};
    for (const auto& [u, f] : kUnits)
        if (u == unit) return f;
    return std::nullopt;
}

/// Hertz per unit of the rate units .twin accepts.
std::optional<double> rateHertz(std::string_view unit) {
    static constexpr std::array<std::pair<std::string_view, double>, 5> kUnits{{
        {"Hz", 1}, {"kHz", 1000}, {"per_s", 1}, {"per_min", 1.0 / 60}, {"per_h", 1.0 / 3600}}};
    for (const auto& [u, f] : kUnits)
        if (u == unit) return f;
    return std::nullopt;
}

// ---- expression types -----------------------------------------------------------------------

struct Type {
    enum class Kind : std::uint8_t { Number, Boolean, String, Duration, Time, Twin, Object, Other, Unknown };
    Kind kind = Kind::Unknown;
    bool many = false;      ///< a collection (array, relationship fan-out)
    ir::ElementId element;  ///< Twin: the interface; Object: the object schema
};

std::string describe(const Type& t) {
    std::string s;
    switch (t.kind) {
    case Type::Kind::Number: s = "a number"; break;
    case Type::Kind::Boolean: s = "a boolean"; break;
    case Type::Kind::String: s = "a string"; break;
    case Type::Kind::Duration: s = "a duration"; break;
    case Type::Kind::Time: s = "a time"; break;
    case Type::Kind::Twin: s = "a twin"; break;
    case Type::Kind::Object: s = "an object"; break;
    case Type::Kind::Other: s = "a complex value"; break;
    case Type::Kind::Unknown: s = "unknown"; break;
    }
    return t.many ? "a collection of " + s.substr(s.find(' ') + 1) + "s" : s;
}

class Checker {
public:
    Checker(const ir::Model& m, diag::Engine& d) : m_(m), diags_(d) {}

    void run() {
        for (std::uint32_t i = 0; i < m_.size(); ++i) {
            const ir::Element& e = m_[ir::ElementId{i}];
            if (e.continuum->empty()) continue;
            fidelity(e);
            bindings(e);
            if (e.continuum->package) package(e);
        }
        for (ir::ElementId root : m_.roots()) {
            if (m_[root].is<ir::Interface>()) expressions(root);
        }
    }

private:
    void report(diag::Diagnostic d) { diags_.report(std::move(d)); }

    const ir::Element* target(const ir::Ref& r) const {
        const auto id = m_.targetOf(r);
        return id ? &m_[*id] : nullptr;
    }

    bool checkQuantity(const ir::Quantity& q, bool duration, diag::SourceRange r) {
        auto factor = duration ? durationSeconds(q.unit) : rateHertz(q.unit);
        if (!factor) {
            auto d = diag::Diagnostic::make(diag::Code::TwinBadQuantity, r);
            d.arg("value", ir::formatQuantity(q)).arg("expected", duration ? "duration" : "rate");
            report(std::move(d));
            return false;
        }
        if (q.value <= 0) {
            auto d = diag::Diagnostic::make(diag::Code::TwinImpossibleFidelity, r);
            d.arg("detail", "'" + ir::formatQuantity(q) + "' must be greater than zero");
            report(std::move(d));
            return false;
        }
        return true;
    }

    void fidelity(const ir::Element& e) {
        if (!e.continuum->fidelity) return;
        const ir::Fidelity& f = *e.continuum->fidelity;
        diag::SourceRange r = f.range.valid() ? f.range : e.origin.range;
        std::optional<double> staleness, delay, rate;
        if (f.maxStaleness && checkQuantity(*f.maxStaleness, true, r))
            staleness = f.maxStaleness->value * *durationSeconds(f.maxStaleness->unit);
        if (f.maxDelay && checkQuantity(*f.maxDelay, true, r))
            delay = f.maxDelay->value * *durationSeconds(f.maxDelay->unit);
        if (f.minRate && checkQuantity(*f.minRate, false, r))
            rate = f.minRate->value * *rateHertz(f.minRate->unit);
        if (staleness && delay && *delay > *staleness) {
            auto d = diag::Diagnostic::make(diag::Code::TwinImpossibleFidelity, r);
            d.arg("detail", "max_delay " + ir::formatQuantity(*f.maxDelay) + " exceeds max_staleness " +
                                ir::formatQuantity(*f.maxStaleness) + ": data would be stale on arrival");
            report(std::move(d));
        }
        if (staleness && rate && 1.0 / *rate > *staleness * (1 + 1e-9)) {
            auto d = diag::Diagnostic::make(diag::Code::TwinImpossibleFidelity, r);
            d.arg("detail", "min_rate " + ir::formatQuantity(*f.minRate) + " allows updates " +
                                "further apart than max_staleness " + ir::formatQuantity(*f.maxStaleness));
            report(std::move(d));
        }
    }

    void bindings(const ir::Element& e) {
        static const std::set<std::string> kOptions{"qos", "field", "format", "retain", "method",
                                                    "observe", "type", "content", "interval"};
        for (const auto& b : e.continuum->bindings) {
            auto bad = [&](const std::string& detail) {
                auto d = diag::Diagnostic::make(diag::Code::TwinBadBinding, b.range.valid() ? b.range : e.origin.range);
                d.arg("detail", detail);
                report(std::move(d));
            };
            if (b.protocol == "mqtt") {
                // MQTT 3.1.1 section 4.7: '#' only as the last level, '+' only as a whole level.
                const std::string& t = b.address;
                for (std::size_t i = 0; i < t.size(); ++i) {
                    bool levelStart = i == 0 || t[i - 1] == '/';
                    bool levelEnd = i + 1 == t.size() || t[i + 1] == '/';
                    if (t[i] == '#' && !(levelStart && i + 1 == t.size()))
                        bad("MQTT topic '" + t + "': '#' must be the whole last level");
                    if (t[i] == '+' && !(levelStart && levelEnd))
                        bad("MQTT topic '" + t + "': '+' must be a whole level");
                }
            } else if (b.protocol == "coap" || b.protocol == "http") {
                if (b.address.empty() || (b.address[0] != '/' && b.address.find("://") == std::string::npos))
                    bad(b.protocol + " address '" + b.address + "' must be a path ('/...') or a URL");
            }
            for (const auto& o : b.options)
                if (!kOptions.count(o.key)) bad("unknown option '" + o.key + "' of @" + b.protocol);
            for (const auto& o : b.options)
                if (o.key == "qos" && !(o.value.kind == ir::SettingValue::Kind::Number &&
                                        (o.value.text == "0" || o.value.text == "1" || o.value.text == "2")))
                    bad("MQTT qos is 0, 1 or 2");
        }
    }

    void package(const ir::Element& e) {
        const auto& p = *e.continuum->package;
        diag::SourceRange r = p.range.valid() ? p.range : e.origin.range;
        auto bad = [&](const std::string& detail) {
            auto d = diag::Diagnostic::make(diag::Code::TwinBadAnnotation, r);
            d.arg("name", "package").arg("detail", detail);
            report(std::move(d));
        };
        static const std::set<std::string> kKeys{"platform", "placement", "gpu", "cpu", "memory", "storage", "replicas", "runtime", "image"};
        for (const auto& s : p.settings)
            if (!kKeys.count(s.key)) bad("unknown setting '" + s.key + "'");
        if (const auto* s = p.find("placement")) {
            if (s->value.text != "edge" && s->value.text != "fog" && s->value.text != "cloud")
                bad("placement is edge, fog or cloud, not '" + s->value.text + "'");
        }
        for (std::string_view k : {"gpu", "cpu", "replicas"}) {
            if (const auto* s = p.find(k); s && (s->value.kind != ir::SettingValue::Kind::Number || s->value.quantity.value < 0))
                bad("'" + std::string(k) + "' takes a non-negative number");
        }
        if (const auto* s = p.find("memory")) {
            static const std::set<std::string> kBytes{"B", "KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "TB"};
            if (s->value.kind != ir::SettingValue::Kind::Number || !kBytes.count(s->value.quantity.unit))
                bad("'memory' takes a size such as 512MiB or 2GiB");
        }
    }

    // ---- expressions ----

    /// Content elements of an interface, own and inherited, by name.
    std::map<std::string, ir::ElementId> members(ir::ElementId iface) const {
        std::map<std::string, ir::ElementId> out;
        std::set<std::uint32_t> seen;
        std::function<void(ir::ElementId)> add = [&](ir::ElementId id) {
            if (!seen.insert(id.index).second) return;
            const auto* i = std::get_if<ir::Interface>(&m_[id].body);
            if (i == nullptr) return;
            for (const auto& c : i->contents) {
                const ir::Element* e = target(c);
                if (e && e->name) out.emplace(*e->name, c.resolved.valid() ? c.resolved : *m_.find(e->id));
            }
            for (const auto& x : i->extends)
                if (const ir::Element* b = target(x)) add(*m_.find(b->id));
        };
        add(iface);
        return out;
    }

    Type schemaType(const ir::Ref& r) const {
        Type t;
        const ir::Element* s = target(r);
        if (s == nullptr) return t;
        if (const auto* p = std::get_if<ir::PrimitiveSchema>(&s->body)) {
            switch (p->kind) {
            case ir::Primitive::Boolean: t.kind = Type::Kind::Boolean; break;
            case ir::Primitive::String:
            case ir::Primitive::Uuid: t.kind = Type::Kind::String; break;
            case ir::Primitive::Duration: t.kind = Type::Kind::Duration; break;
            case ir::Primitive::Date:
            case ir::Primitive::DateTime:
            case ir::Primitive::Time: t.kind = Type::Kind::Time; break;
            case ir::Primitive::Bytes: t.kind = Type::Kind::Other; break;
            default: t.kind = Type::Kind::Number;
            }
        } else if (const auto* a = std::get_if<ir::ArraySchema>(&s->body)) {
            t = schemaType(a->elementSchema);
            t.many = true;
        } else if (s->is<ir::ObjectSchema>()) {
            t.kind = Type::Kind::Object;
            t.element = *m_.find(s->id);
        } else if (const auto* en = std::get_if<ir::EnumSchema>(&s->body)) {
            t = schemaType(en->valueSchema);
        } else {
            t.kind = Type::Kind::Other;
        }
        return t;
    }

    Type elementType(ir::ElementId id) const {
        const ir::Element& e = m_[id];
        Type t;
        if (const auto* p = std::get_if<ir::Property>(&e.body)) return schemaType(p->schema);
        if (const auto* tl = std::get_if<ir::Telemetry>(&e.body)) return schemaType(tl->schema);
        if (const auto* f = std::get_if<ir::Field>(&e.body)) return schemaType(f->schema);
        if (const auto* c = std::get_if<ir::Component>(&e.body)) {
            if (const ir::Element* s = target(c->schema)) {
                t.kind = Type::Kind::Twin;
                t.element = *m_.find(s->id);
            }
            return t;
        }
        if (const auto* r = e.getIf<ir::Relationship>()) {
            t.many = !(r->maxMultiplicity && r->maxMultiplicity->integer == 1);
            if (r->target)
                if (auto tid = m_.find(r->target->target)) {
                    t.kind = Type::Kind::Twin;
                    t.element = *tid;
                }
            return t;
        }
        return t;
    }

    struct Scope {
        ir::ElementId twin;
        std::map<std::string, ir::ElementId> names;
        std::string owner;
        std::set<std::string>* uses = nullptr;
    };

    Type typeError(const ir::ExprNode& n, const std::string& detail) {
        auto d = diag::Diagnostic::make(diag::Code::TwinTypeError, n.range);
        d.arg("detail", detail);
        report(std::move(d));
        Type t;
        t.kind = Type::Kind::Unknown;
        return t;
    }

    Type expr(const ir::Expression& x, std::uint32_t i, Scope& s) {
        const ir::ExprNode& n = x.nodes.at(i);
        using K = ir::ExprNode::Kind;
        Type t;
        switch (n.kind) {
        case K::Number:
            t.kind = durationSeconds(n.quantity.unit) ? Type::Kind::Duration : Type::Kind::Number;
            return t;
        case K::String: t.kind = Type::Kind::String; return t;
        case K::Boolean: t.kind = Type::Kind::Boolean; return t;
        case K::Name: {
            auto it = s.names.find(n.text);
            if (it == s.names.end()) {
                auto d = diag::Diagnostic::make(diag::Code::TwinUnknownMember, n.range);
                d.arg("name", n.text).arg("what", "member").arg("owner", "'" + m_[s.twin].id + "'");
                report(std::move(d));
                return t;
            }
            if (s.uses) s.uses->insert(n.text);
            return elementType(it->second);
        }
        case K::Member: {
            Type base = expr(x, n.operands.at(0), s);
            if (base.kind == Type::Kind::Unknown) return t;
            std::map<std::string, ir::ElementId> names;
            std::string owner;
            if (base.kind == Type::Kind::Twin && base.element.valid()) {
                names = members(base.element);
                owner = "'" + m_[base.element].id + "'";
            } else if (base.kind == Type::Kind::Object && base.element.valid()) {
                for (const auto& f : m_[base.element].as<ir::ObjectSchema>().fields)
                    if (const ir::Element* fe = target(f); fe && fe->name) names.emplace(*fe->name, *m_.find(fe->id));
                owner = "the object '" + m_[base.element].id + "'";
            } else {
                return typeError(n, "'." + n.text + "' needs a component, relationship or object on its left, not " + describe(base));
            }
            auto it = names.find(n.text);
            if (it == names.end()) {
                auto d = diag::Diagnostic::make(diag::Code::TwinUnknownMember, n.range);
                d.arg("name", n.text).arg("what", "member").arg("owner", owner);
                report(std::move(d));
                return t;
            }
            Type r = elementType(it->second);
            r.many = r.many || base.many;
            return r;
        }
        case K::Unary: {
            Type a = expr(x, n.operands.at(0), s);
            if (a.kind == Type::Kind::Unknown) return a;
            if (n.text == "!" && (a.kind != Type::Kind::Boolean || a.many))
                return typeError(n, "'!' needs a boolean, not " + describe(a));
            if (n.text == "-" && ((a.kind != Type::Kind::Number && a.kind != Type::Kind::Duration) || a.many))
                return typeError(n, "'-' needs a number, not " + describe(a));
            return a;
        }
        case K::Binary: {
            Type a = expr(x, n.operands.at(0), s);
            Type b = expr(x, n.operands.at(1), s);
            if (a.kind == Type::Kind::Unknown || b.kind == Type::Kind::Unknown) return t;
            if (a.many || b.many)
                return typeError(n, "'" + n.text + "' needs single values; aggregate the collection first (sum, avg, min, max, count)");
            const std::string& op = n.text;
            if (op == "&&" || op == "||") {
                if (a.kind != Type::Kind::Boolean || b.kind != Type::Kind::Boolean)
                    return typeError(n, "'" + op + "' needs booleans, not " + describe(a) + " and " + describe(b));
                t.kind = Type::Kind::Boolean;
                return t;
            }
            if (op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=") {
                bool ordered = op != "==" && op != "!=";
                if (a.kind != b.kind || (ordered && (a.kind == Type::Kind::Boolean || a.kind == Type::Kind::Other ||
                                                     a.kind == Type::Kind::Twin || a.kind == Type::Kind::Object)))
                    return typeError(n, "cannot compare " + describe(a) + " with " + describe(b) + " using '" + op + "'");
                t.kind = Type::Kind::Boolean;
                return t;
            }
            // Arithmetic.
            if (a.kind == Type::Kind::Number && b.kind == Type::Kind::Number) return a;
            if (a.kind == Type::Kind::Duration && b.kind == Type::Kind::Duration && (op == "+" || op == "-")) return a;
            if ((op == "*" || op == "/") && a.kind == Type::Kind::Duration && b.kind == Type::Kind::Number) return a;
            return typeError(n, "'" + op + "' cannot combine " + describe(a) + " and " + describe(b));
        }
        case K::Condition: {
            Type c = expr(x, n.operands.at(0), s);
            Type a = expr(x, n.operands.at(1), s);
            Type b = expr(x, n.operands.at(2), s);
            if (c.kind != Type::Kind::Unknown && (c.kind != Type::Kind::Boolean || c.many))
                return typeError(n, "the condition of '?:' must be a boolean, not " + describe(c));
            if (a.kind != Type::Kind::Unknown && b.kind != Type::Kind::Unknown && (a.kind != b.kind || a.many != b.many))
                return typeError(n, "the branches of '?:' differ: " + describe(a) + " and " + describe(b));
            return a;
        }
        case K::Call: return call(x, n, s);
        }
        return t;
    }

    Type call(const ir::Expression& x, const ir::ExprNode& n, Scope& s) {
        static const std::set<std::string> kAggregates{"sum", "avg", "min", "max", "count", "last", "first"};
        static const std::set<std::string> kMath{"abs", "round", "floor", "ceil"};
        Type t;
        std::vector<Type> args;
        for (auto o : n.operands) args.push_back(expr(x, o, s));
        if (kMath.count(n.text)) {
            if (args.size() != 1) return typeError(n, "'" + n.text + "' takes one argument");
            if (args[0].kind != Type::Kind::Unknown && (args[0].kind != Type::Kind::Number || args[0].many))
                return typeError(n, "'" + n.text + "' needs a number, not " + describe(args[0]));
            t.kind = Type::Kind::Number;
            return t;
        }
        if (!kAggregates.count(n.text)) return typeError(n, "unknown function '" + n.text + "'; expected sum, avg, min, max, count, last, first, abs, round, floor or ceil");
        if (args.empty() || args.size() > 2)
            return typeError(n, "'" + n.text + "' takes a value and an optional time window, as in " + n.text + "(temperature, 5min)");
        bool window = args.size() == 2;
        if (window) {
            const ir::ExprNode& w = x.nodes.at(n.operands[1]);
            if (w.kind != ir::ExprNode::Kind::Number || !durationSeconds(w.quantity.unit) || w.quantity.value <= 0) {
                auto d = diag::Diagnostic::make(diag::Code::TwinBadQuantity, w.range);
                d.arg("value", ir::formatExpression(ir::Expression{{w}, 0})).arg("expected", "time window (a positive duration)");
                report(std::move(d));
            }
        }
        Type a = args[0];
        if (a.kind == Type::Kind::Unknown) return a;
        if (!window && !a.many)
            return typeError(n, "'" + n.text + "' of a single value needs a time window, as in " + n.text + "(x, 5min)");
        if (n.text == "count") {
            t.kind = Type::Kind::Number;
            return t;
        }
        if (n.text == "last" || n.text == "first") {
            a.many = false;
            return a;
        }
        if (a.kind != Type::Kind::Number && !(a.kind == Type::Kind::Duration && n.text != "avg"))
            return typeError(n, "'" + n.text + "' needs numbers, not " + describe(a));
        a.many = false;
        return a;
    }

    void expressions(ir::ElementId twin) {
        // Only twins with derived (shadowing) members have expressions to check; skipping the
        // rest keeps plain DTDL model sets from paying for the member tables.
        const auto& own = m_[twin].as<ir::Interface>().contents;
        if (std::none_of(own.begin(), own.end(), [&](const ir::Ref& r) {
                const ir::Element* t = target(r);
                return t != nullptr && !t->continuum->derivation.empty();
            }))
            return;
        auto names = members(twin);
        std::map<std::string, std::set<std::string>> graph;
        std::map<std::string, diag::SourceRange> sites;
        for (const auto& [name, id] : names) {
            const ir::Element& e = m_[id];
            if (e.continuum->derivation.empty()) continue;
            // Inherited members are checked with their own twin.
            const auto& contents = m_[twin].as<ir::Interface>().contents;
            bool own = std::any_of(contents.begin(), contents.end(), [&](const ir::Ref& r) { return r.target == e.id; });
            if (!own) continue;
            Scope s{twin, names, name, &graph[name]};
            Type result = expr(e.continuum->derivation, e.continuum->derivation.root, s);
            sites[name] = e.continuum->derivation.rootNode().range;
            Type expected = elementType(id);
            if (result.kind == Type::Kind::Unknown || expected.kind == Type::Kind::Unknown) continue;
            if (result.many && !expected.many) {
                typeError(e.continuum->derivation.rootNode(),
                          "'" + name + "' holds one value but its expression gives " + describe(result) +
                              "; aggregate it (sum, avg, min, max, count)");
            } else if (result.kind != expected.kind || result.many != expected.many) {
                typeError(e.continuum->derivation.rootNode(),
                          "'" + name + "' is " + describe(expected) + " but its expression gives " + describe(result));
            }
        }
        // Derivation cycles among the twin's own members.
        std::set<std::string> done, stack;
        std::vector<std::string> path;
        std::function<void(const std::string&)> visit = [&](const std::string& n) {
            stack.insert(n);
            path.push_back(n);
            for (const auto& next : graph[n]) {
                if (!graph.count(next)) continue; // not derived: fed by data
                if (stack.count(next)) {
                    auto from = std::find(path.begin(), path.end(), next);
                    std::string p;
                    for (auto it = from; it != path.end(); ++it) p += "'" + *it + "' -> ";
                    p += "'" + next + "'";
                    auto d = diag::Diagnostic::make(diag::Code::TwinDerivationCycle, sites[next]);
                    d.arg("name", next).arg("path", p);
                    report(std::move(d));
                } else if (!done.count(next)) {
                    visit(next);
                }
            }
            stack.erase(n);
            path.pop_back();
            done.insert(n);
        };
        for (const auto& [n, _] : graph)
            if (!done.count(n)) visit(n);
    }

    const ir::Model& m_;
    diag::Engine& diags_;
};

// ---- lint -----------------------------------------------------------------------------------

std::string kebab(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        if (std::isupper(static_cast<unsigned char>(c))) {
            bool boundary = i > 0 && (std::islower(static_cast<unsigned char>(name[i - 1])) ||
                                      std::isdigit(static_cast<unsigned char>(name[i - 1])) ||
                                      (i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1])) &&
                                       std::isupper(static_cast<unsigned char>(name[i - 1]))));
            if (boundary) out += '-';
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            out += c == '_' ? '-' : c;
        }
    }
    return out;
}

bool pascal(std::string_view s) {
    if (s.empty() || !std::isupper(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

bool camel(std::string_view s) {
    if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

} // namespace

void validateTwinRules(const ir::Model& model, diag::Engine& diags) { Checker(model, diags).run(); }

void lintStandardModels(const ir::Model& model, const diag::SourceManager& sources, diag::Engine& diags) {
    namespace fs = std::filesystem;
    std::map<diag::FileId, int> twinsPerFile;
    std::map<diag::FileId, diag::SourceRange> secondTwin;
    auto target = [&](const ir::Ref& r) -> const ir::Element* {
        const auto id = model.targetOf(r);
        return id ? &model[*id] : nullptr;
    };
    for (ir::ElementId root : model.roots()) {
        const ir::Element& e = model[root];
        if (e.origin.format != ir::SourceFormat::Twin || !e.is<ir::Interface>()) continue;
        diag::FileId file = e.origin.range.file;
        if (++twinsPerFile[file] == 2) secondTwin[file] = e.origin.range;
        auto labelsEnd = e.id.find(';');
        std::string path(e.id.substr(5, labelsEnd == std::string::npos ? std::string::npos : labelsEnd - 5));
        std::string name = path.substr(path.rfind(':') + 1);
        std::string ns = path.substr(0, path.rfind(':'));
        std::replace(ns.begin(), ns.end(), ':', '.');
        fs::path p(std::string(sources.path(file)));
        if (p.filename().string() != kebab(name) + ".twin") {
            auto d = diag::Diagnostic::make(diag::Code::LintFileName, e.origin.range);
            d.arg("file", p.filename().string()).arg("expected", kebab(name) + ".twin");
            diags.report(std::move(d));
        }
        fs::path dir = p.parent_path();
        if (dir.parent_path().filename() == "models") {
            std::string folder = dir.filename().string();
            folder.erase(std::remove(folder.begin(), folder.end(), '-'), folder.end());
            if (ns != "org.dtc." + folder) {
                auto d = diag::Diagnostic::make(diag::Code::LintNamespace, e.origin.range);
                d.arg("name", ns).arg("expected", "org.dtc." + folder);
                diags.report(std::move(d));
            }
        }
        if (labelsEnd == std::string::npos) {
            auto d = diag::Diagnostic::make(diag::Code::LintMissingVersion, e.origin.range);
            d.arg("name", name);
            diags.report(std::move(d));
        }
        if (!pascal(name)) {
            auto d = diag::Diagnostic::make(diag::Code::LintNaming, e.origin.range);
            d.arg("kind", "twin").arg("name", name).arg("style", "in PascalCase");
            diags.report(std::move(d));
        }
        if (e.description.empty()) {
            auto d = diag::Diagnostic::make(diag::Code::LintMissingDescription, e.origin.range);
            d.arg("kind", "twin").arg("name", name);
            diags.report(std::move(d));
        }
        const auto& iface = e.as<ir::Interface>();
        for (const auto& c : iface.contents) {
            const ir::Element* m = target(c);
            if (m == nullptr || !m->name) continue;
            std::string kind(ir::className(m->body));
            for (char& ch : kind) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (m->description.empty()) {
                auto d = diag::Diagnostic::make(diag::Code::LintMissingDescription, m->origin.range);
                d.arg("kind", kind).arg("name", *m->name);
                diags.report(std::move(d));
            }
            if (!camel(*m->name)) {
                auto d = diag::Diagnostic::make(diag::Code::LintNaming, m->origin.range);
                d.arg("kind", kind).arg("name", *m->name).arg("style", "in camelCase");
                diags.report(std::move(d));
            }
            const ir::Ref* schema = nullptr;
            if (const auto* p = std::get_if<ir::Property>(&m->body)) schema = &p->schema;
            if (const auto* t = std::get_if<ir::Telemetry>(&m->body)) schema = &t->schema;
            if (schema == nullptr) continue;
            const ir::Element* s = target(*schema);
            const auto* prim = s ? std::get_if<ir::PrimitiveSchema>(&s->body) : nullptr;
            // Measured values: telemetry, and properties neither set by users nor derived.
            bool settingOrDerived = !m->continuum->derivation.empty() ||
                                    (m->is<ir::Property>() && m->as<ir::Property>().writable.value_or(false));
            bool measured = prim && !settingOrDerived &&
                            (prim->kind == ir::Primitive::Double || prim->kind == ir::Primitive::Float);
            bool hasUnit = std::any_of(m->extras->supplementalProperties.begin(), m->extras->supplementalProperties.end(),
                                       [](const ir::PropertyValue& pv) { return ir::isUnitProperty(pv.property); });
            if (measured && !hasUnit) {
                auto d = diag::Diagnostic::make(diag::Code::LintMissingUnit, m->origin.range);
                d.arg("kind", kind).arg("name", *m->name);
                diags.report(std::move(d));
            }
        }
    }
    for (const auto& [file, count] : twinsPerFile) {
        if (count < 2) continue;
        auto d = diag::Diagnostic::make(diag::Code::LintMultipleTwins, secondTwin[file]);
        d.arg("count", std::to_string(count));
        diags.report(std::move(d));
    }
}

} // namespace dtc::validator
