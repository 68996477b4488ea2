// The stable text form of the IR. Inline elements are printed nested under the property that
// holds them; references print as "-> id". The order is the model's (source) order.
#include <set>
#include <sstream>

#include "ir/model.h"

namespace dtc::ir {
namespace {

/// Dumped strings are quoted like .twin strings (control characters escaped).
std::string quote(std::string_view s) { return quoteTwinString(s); }

std::string literal(const Literal& l) {
    switch (l.kind) {
    case Literal::Kind::String: return quote(l.lexical);
    case Literal::Kind::Integer: return l.lexical;
    case Literal::Kind::Double: return l.lexical + " (double)";
    case Literal::Kind::Boolean: return l.lexical;
    }
    return l.lexical;
}

class Dumper {
public:
    Dumper(const Model& m, const diag::SourceManager* sm, const DumpOptions& o)
        : m_(m), sm_(sm), o_(o) {}

    std::string run() {
        // Elements printed inside their owner are skipped at top level.
        for (const auto& e : m_.elements()) {
            forEachRef(e, [&](const Ref& r) {
                if (r.inlineDefinition && r.resolved.valid()) nested_.insert(r.resolved.index);
            });
        }
        for (std::uint32_t i = 0; i < m_.size(); ++i) {
            const Element& e = m_[ElementId{i}];
            if (nested_.count(i)) continue;
            if (e.origin.format == SourceFormat::Standard && !o_.standardElements) continue;
            element(e, 0);
            out_ << '\n';
        }
        return out_.str();
    }

private:
    void indent(int depth) { out_ << std::string(static_cast<std::size_t>(depth) * 2, ' '); }

    void line(int depth, std::string_view key, const std::string& value) {
        indent(depth);
        out_ << key << ": " << value << '\n';
    }

    void langString(int depth, std::string_view key, const LangString& s) {
        if (s.empty()) return;
        std::string v;
        for (const auto& [lang, text] : s.values) {
            if (!v.empty()) v += ", ";
            v += lang + "=" + quote(text);
        }
        if (s.plain) v += " (plain)";
        line(depth, key, v);
    }

    void ref(int depth, std::string_view key, const Ref& r) {
        if (r.inlineDefinition && r.resolved.valid()) {
            indent(depth);
            out_ << key << ":\n";
            element(m_[r.resolved], depth + 1);
        } else {
            line(depth, key, "-> " + r.target + (r.dependent ? "" : " (non-dependent)"));
        }
    }

    void refs(int depth, std::string_view key, const std::vector<Ref>& rs) {
        if (rs.empty()) return;
        bool anyInline = false;
        for (const auto& r : rs) anyInline |= r.inlineDefinition;
        if (!anyInline) {
            std::string v;
            for (const auto& r : rs) v += (v.empty() ? "-> " : ", -> ") + r.target;
            line(depth, key, v);
            return;
        }
        indent(depth);
        out_ << key << ":\n";
        for (const auto& r : rs) {
            if (r.inlineDefinition && r.resolved.valid()) element(m_[r.resolved], depth + 1);
            else line(depth + 1, "-", "-> " + r.target);
        }
    }

    void propertyValue(int depth, std::string_view key, const PropertyValue& p) {
        indent(depth);
        out_ << key << ' ' << (p.property.empty() ? p.term : p.property) << ':';
        for (const auto& l : p.literals) out_ << ' ' << literal(l);
        for (const auto& s : p.langStrings)
            for (const auto& [lang, text] : s.values) out_ << ' ' << lang << '=' << quote(text);
        if (!p.json.empty()) out_ << ' ' << p.json;
        bool nested = false;
        for (const auto& r : p.refs) {
            if (r.inlineDefinition && r.resolved.valid()) nested = true;
            else out_ << " -> " << r.target;
        }
        out_ << '\n';
        if (nested) {
            for (const auto& r : p.refs)
                if (r.inlineDefinition && r.resolved.valid()) element(m_[r.resolved], depth + 1);
        }
    }

    void element(const Element& e, int depth) {
        indent(depth);
        out_ << className(e.body) << ' ' << e.id;
        if (e.idGenerated) out_ << " (generated id)";
        if (e.languageVersion) out_ << " [dtdl v" << e.languageVersion << ']';
        if (o_.locations && sm_ && e.origin.range.valid()) {
            auto lc = sm_->lineColumn(e.origin.range.start());
            out_ << " @" << sm_->path(e.origin.range.file) << ':' << lc.line << ':' << lc.column;
        }
        out_ << '\n';
        int d = depth + 1;
        if (e.name) line(d, "name", quote(*e.name));
        langString(d, "displayName", e.displayName);
        langString(d, "description", e.description);
        if (e.extras->comment) line(d, "comment", quote(*e.extras->comment));
        if (!e.extras->supplementalTypes.empty()) {
            std::string v;
            for (const auto& t : e.extras->supplementalTypes) v += (v.empty() ? "" : ", ") + t;
            line(d, "supplementalTypes", v);
        }
        if (!e.extras->undefinedTypes.empty()) {
            std::string v;
            for (const auto& t : e.extras->undefinedTypes) v += (v.empty() ? "" : ", ") + quote(t);
            line(d, "undefinedTypes", v);
        }
        visitBody(e.body, [&](const auto& b) { body(d, b); });
        for (const auto& p : e.extras->supplementalProperties) propertyValue(d, "supplemental", p);
        for (const auto& p : e.extras->undefinedProperties) propertyValue(d, "undefined", p);
        continuum(d, *e.continuum);
    }

    void settings(std::string& v, const std::vector<Setting>& ss) {
        for (const auto& s : ss) v += " " + s.key + "=" + formatSettingValue(s.value);
    }

    void continuum(int d, const Continuum& c) {
        for (const auto& b : c.bindings) {
            std::string v = b.protocol + " " + quote(b.address);
            settings(v, b.options);
            line(d, "binding", v);
        }
        if (c.fidelity) {
            std::string v;
            if (c.fidelity->maxStaleness) v += " max_staleness=" + formatQuantity(*c.fidelity->maxStaleness);
            if (c.fidelity->maxDelay) v += " max_delay=" + formatQuantity(*c.fidelity->maxDelay);
            if (c.fidelity->minRate) v += " min_rate=" + formatQuantity(*c.fidelity->minRate);
            line(d, "fidelity", v.empty() ? std::string("{}") : v.substr(1));
        }
        if (!c.derivation.empty()) line(d, "derivation", formatExpression(c.derivation));
        if (c.package) {
            std::string v;
            settings(v, c.package->settings);
            line(d, "package", v.empty() ? std::string("{}") : v.substr(1));
        }
    }

    void body(int d, const Interface& b) {
        if (!b.contexts.empty()) {
            std::string v;
            for (const auto& c : b.contexts) v += (v.empty() ? "" : ", ") + c;
            line(d, "contexts", v);
        }
        refs(d, "extends", b.extends);
        refs(d, "contents", b.contents);
        refs(d, "schemas", b.schemas);
    }
    void body(int d, const Telemetry& b) { ref(d, "schema", b.schema); }
    void body(int d, const Property& b) {
        ref(d, "schema", b.schema);
        if (b.writable) line(d, "writable", *b.writable ? "true" : "false");
    }
    void body(int d, const Command& b) {
        if (b.request) ref(d, "request", *b.request);
        if (b.response) ref(d, "response", *b.response);
        if (b.commandType) ref(d, "commandType", *b.commandType);
    }
    void body(int d, const CommandPayload& b) {
        ref(d, "schema", b.schema);
        if (b.nullable) line(d, "nullable", *b.nullable ? "true" : "false");
    }
    void body(int d, const Relationship& b) {
        if (b.minMultiplicity) line(d, "minMultiplicity", literal(*b.minMultiplicity));
        if (b.maxMultiplicity) line(d, "maxMultiplicity", literal(*b.maxMultiplicity));
        if (b.target) ref(d, "target", *b.target);
        refs(d, "properties", b.properties);
        if (b.writable) line(d, "writable", *b.writable ? "true" : "false");
    }
    void body(int d, const Component& b) { ref(d, "schema", b.schema); }
    void body(int d, const ArraySchema& b) { ref(d, "elementSchema", b.elementSchema); }
    void body(int d, const EnumSchema& b) {
        ref(d, "valueSchema", b.valueSchema);
        refs(d, "enumValues", b.enumValues);
    }
    void body(int d, const EnumValue& b) { line(d, "enumValue", literal(b.enumValue)); }
    void body(int d, const MapSchema& b) {
        ref(d, "mapKey", b.mapKey);
        ref(d, "mapValue", b.mapValue);
    }
    void body(int d, const MapKey& b) { ref(d, "schema", b.schema); }
    void body(int d, const MapValue& b) { ref(d, "schema", b.schema); }
    void body(int d, const ObjectSchema& b) { refs(d, "fields", b.fields); }
    void body(int d, const Field& b) { ref(d, "schema", b.schema); }
    void body(int, const PrimitiveSchema&) {}
    void body(int d, const ExtensionElement& b) {
        std::string v;
        for (const auto& c : b.classes) v += (v.empty() ? "" : ", ") + c;
        line(d, "classes", v);
    }

    const Model& m_;
    const diag::SourceManager* sm_;
    const DumpOptions& o_;
    std::set<std::uint32_t> nested_;
    std::ostringstream out_;
};

} // namespace

std::string dump(const Model& model, const diag::SourceManager* sm, const DumpOptions& options) {
    return Dumper(model, sm, options).run();
}

} // namespace dtc::ir
