// IR -> canonical .twin text. The inverse of src/parser/dsl: printing a model and reading the
// text back gives the same IR (tests/unit/translators checks it on the DTDL corpora).
#include <map>
#include <set>
#include <sstream>

#include "ir/dtdl_terms.h"
#include "ir/dtmi.h"
#include "translators/translators.h"

namespace dtc::translators {
namespace {

std::string ident(std::string_view name) {
    if (isTwinKeyword(name)) return "`" + std::string(name) + "`";
    return std::string(name);
}

bool isIdent(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

/// A DTMI the .twin lexer reads as one token.
bool lexableDtmi(std::string_view s) {
    if (s.substr(0, 5) != "dtmi:") return false;
    std::size_t i = 5;
    std::size_t start = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == ':')) ++i;
    if (i == start) return false;
    if (i < s.size() && s[i] == ';') {
        ++i;
        std::size_t d = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        if (i == d) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            std::size_t d2 = i;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
            if (i == d2) return false;
        }
    }
    return i == s.size();
}

std::string langString(const ir::LangString& ls) {
    if (ls.plain && ls.values.size() == 1) return ir::quoteTwinString(ls.values[0].second);
    std::string out;
    for (const auto& [lang, text] : ls.values) {
        std::string key = lang;
        for (char& c : key)
            if (c == '-') c = '_';
        if (!isIdent(key) || isTwinKeyword(key)) key = "`" + key + "`";
        out += (out.empty() ? "" : ", ") + key + ": " + ir::quoteTwinString(text);
    }
    return out;
}

std::string literal(const ir::Literal& l) {
    switch (l.kind) {
    case ir::Literal::Kind::String: return ir::quoteTwinString(l.lexical);
    default: return l.lexical;
    }
}

/// Splits "dtmi:a:b:C;1" into namespace "a.b", name "C", version suffix ";1".
struct DtmiParts {
    std::string ns, name, suffix;
    bool ok = false;
};

DtmiParts split(std::string_view id) {
    DtmiParts p;
    auto d = ir::parseDtmi(id);
    if (!d || !d->fragment.empty() || d->labels.size() < 2) return p;
    for (std::size_t i = 0; i + 1 < d->labels.size(); ++i) {
        if (!isIdent(d->labels[i])) return p;
        p.ns += (i ? "." : "") + ident(d->labels[i]);
    }
    p.name = d->labels.back();
    if (!isIdent(p.name)) return p;
    p.suffix = d->completeVersion.empty() ? "" : ";" + d->completeVersion;
    p.ok = true;
    return p;
}

class TwinPrinter {
public:
    TwinPrinter(const ir::Model& m, const TwinPrintOptions& o, diag::Engine& d)
        : m_(m), o_(o), diags_(d) {}

    std::string run(std::span<const ir::ElementId> roots) {
        // Namespace: from the layout (fmt), else from the first root.
        if (o_.layout) ns_ = o_.layout->ns;
        else if (!roots.empty()) ns_ = split(m_[roots.front()].id).ns;
        buildNames();
        std::set<std::string> imports;
        if (o_.layout) {
            for (const auto& i : o_.layout->imports) imports.insert(i);
        }
        // First pass: print the twins, collecting the namespaces referenced.
        std::ostringstream body;
        for (std::size_t i = 0; i < roots.size(); ++i) {
            if (i) body << '\n';
            twin(body, roots[i]);
        }
        if (!o_.layout)
            for (const auto& n : usedNamespaces_) imports.insert(n);
        std::ostringstream out;
        if (o_.layout)
            for (const auto& c : o_.layout->header) out << c << '\n';
        if (!ns_.empty()) out << "namespace " << ns_ << ";\n";
        if (!imports.empty()) {
            out << '\n';
            if (o_.layout) {
                for (const auto& i : o_.layout->imports) out << "import " << i << ";\n";
            } else {
                for (const auto& i : imports) out << "import " << i << ";\n";
            }
        }
        if (!roots.empty()) out << '\n';
        out << body.str();
        if (o_.layout && !o_.layout->footer.empty()) {
            out << '\n';
            for (const auto& c : o_.layout->footer) out << c << '\n';
        }
        return out.str();
    }

private:
    /// Twins and named schemas by dotted versionless name, to decide how to spell references.
    void buildNames() {
        for (const auto& e : m_.elements()) {
            if (e.idGenerated || e.origin.format == ir::SourceFormat::Standard) continue;
            bool named = e.is<ir::Interface>() || e.is<ir::ObjectSchema>() || e.is<ir::EnumSchema>() ||
                         e.is<ir::MapSchema>() || e.is<ir::ArraySchema>();
            if (!named) continue;
            auto p = split(e.id);
            if (!p.ok) continue;
            auto& best = byName_[p.ns + "." + p.name];
            auto cur = ir::parseDtmi(e.id);
            auto old = best.empty() ? std::nullopt : ir::parseDtmi(best);
            if (best.empty() || (cur && old && cur->majorVersion > old->majorVersion)) best = e.id;
            shortNames_[p.name].insert(p.ns);
        }
    }

    /// How a reference to `target` is written.
    std::string refText(const ir::Ref& r) {
        if (o_.layout) {
            if (auto it = o_.layout->refSpelling.find(r.target); it != o_.layout->refSpelling.end())
                return it->second;
        }
        if (auto t = ir::primitiveSchemaTerm(r.target)) {
            if (r.target == primitiveIdFor(*t)) return *t;
        }
        auto p = split(r.target);
        if (p.ok) {
            auto it = byName_.find(p.ns + "." + p.name);
            if (it != byName_.end() && it->second == r.target) {
                if (p.ns == ns_) return ident(p.name);
                // Short through an import when no other namespace has that name.
                if (shortNames_[p.name].size() == 1 && !shortNames_[p.name].count(ns_)) {
                    usedNamespaces_.insert(p.ns);
                    return ident(p.name);
                }
                return p.ns + "." + ident(p.name);
            }
        }
        if (lexableDtmi(r.target)) return r.target;
        loss(r.target, "the reference '" + r.target + "'");
        return r.target;
    }

    std::string primitiveIdFor(const std::string& term) const {
        // The id a .twin reader produces for a primitive in the current twin's version.
        std::string id = ir::primitiveSchemaId(term, version_);
        // DTDL v3 aliases the v2 primitives and v4 the v3 aliases: a v2 primitive stands for its
        // v2 element in every later version (the end of the alias chain).
        static const std::set<std::string> v2{"boolean", "date", "dateTime", "double", "duration",
                                              "float", "integer", "long", "string", "time"};
        if (version_ >= 3 && v2.count(term)) id = ir::primitiveSchemaId(term, 2);
        return id;
    }

    void loss(const std::string& element, const std::string& what) {
        auto d = diag::Diagnostic::make(diag::Code::TranslationLoss);
        d.arg("what", what).arg("element", element).arg("target", ".twin");
        diags_.report(std::move(d));
    }

    void indent(std::ostream& out, int depth) { out << std::string(static_cast<std::size_t>(depth) * 4, ' '); }

    void comments(std::ostream& out, int depth, const std::string& key) {
        if (!o_.layout) return;
        if (auto it = o_.layout->leading.find(key); it != o_.layout->leading.end())
            for (const auto& c : it->second) {
                indent(out, depth);
                out << c << '\n';
            }
    }

    void endLine(std::ostream& out, const std::string& key) {
        if (o_.layout)
            if (auto it = o_.layout->trailing.find(key); it != o_.layout->trailing.end())
                out << ' ' << it->second;
        out << '\n';
    }

    static bool docFriendly(const ir::LangString& ls) {
        if (!ls.plain || ls.values.size() != 1 || ls.values[0].first != "en") return false;
        const std::string& t = ls.values[0].second;
        if (t.find('\r') != std::string::npos) return false;
        std::istringstream lines(t);
        std::string line;
        while (std::getline(lines, line)) {
            if (!line.empty() && (line.front() == '/' || line.back() == ' ' || line.back() == '\t'))
                return false;
            for (char c : line)
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t') return false;
        }
        return t.empty() || t.back() != '\n';
    }

    /// Doc comment lines and annotations of an element, each on its own line.
    void header(std::ostream& out, int depth, const ir::Element& e, bool allowDoc,
                const std::string& expectedId, bool expectGenerated = true) {
        comments(out, depth, e.id);
        bool doc = allowDoc && !e.description.empty() && docFriendly(e.description);
        if (doc) {
            std::istringstream lines(e.description.values[0].second);
            std::string line;
            bool any = false;
            while (std::getline(lines, line)) {
                indent(out, depth);
                out << "///" << (line.empty() ? "" : " ") << line << '\n';
                any = true;
            }
            if (!any) {
                indent(out, depth);
                out << "///\n";
            }
        }
        for (const auto& a : annotations(e, !doc, expectedId, expectGenerated)) {
            indent(out, depth);
            out << a << '\n';
        }
    }

    std::vector<std::string> annotations(const ir::Element& e, bool description,
                                         const std::string& expectedId, bool expectGenerated = true) {
        std::vector<std::string> out;
        if (e.id != expectedId || (!e.idGenerated && expectGenerated)) {
            if (lexableDtmi(e.id)) out.push_back("@id(" + e.id + ")");
            else loss(e.id, "the identifier");
        }
        if (!e.displayName.empty()) out.push_back("@display(" + langString(e.displayName) + ")");
        if (description && !e.description.empty())
            out.push_back("@description(" + langString(e.description) + ")");
        if (e.extras->comment) out.push_back("@comment(" + ir::quoteTwinString(*e.extras->comment) + ")");
        if (auto* p = std::get_if<ir::Property>(&e.body); p && p->writable == false)
            out.push_back("@writable(false)");
        if (auto* r = e.getIf<ir::Relationship>(); r && r->writable == false)
            out.push_back("@writable(false)");
        const bool inlineUnit = ir::hasInlineUnit(e);
        if (inlineUnit) loss(e.id, "its semantic type and inline unit (.twin units are predefined)");
        for (const auto& pv : e.extras->supplementalProperties) {
            if (isUnit(pv, e) || (inlineUnit && ir::isUnitProperty(pv.property))) continue;
            std::string a = "@supplemental(" + ir::quoteTwinString(pv.term) + ", " + pv.property;
            for (const auto& l : pv.literals) a += ", " + literal(l);
            for (const auto& r : pv.refs) a += ", " + m_.refId(r);
            if (!pv.langStrings.empty() || !pv.json.empty() || !lexableDtmi(pv.property)) {
                loss(e.id, "the extension property '" + pv.term + "'");
                continue;
            }
            out.push_back(a + ")");
        }
        for (const auto& t : e.extras->undefinedTypes) loss(e.id, "the undefined co-type '" + t + "'");
        for (const auto& p : e.extras->undefinedProperties) loss(e.id, "the undefined property '" + p.term + "'");
        std::string c = continuumAnnotations(ir::Continuum{e.continuum->bindings,
                                                           e.is<ir::Interface>() ? std::nullopt : e.continuum->fidelity,
                                                           {}, std::nullopt});
        if (!c.empty()) out.push_back(c);
        return out;
    }

    bool isUnit(const ir::PropertyValue& pv, const ir::Element&) const {
        return ir::isUnitProperty(pv.property) && pv.refs.size() == 1 && pv.literals.empty() &&
               pv.langStrings.empty() && pv.term == "unit" && lexableDtmi(m_.refId(pv.refs[0]));
    }

    /// " unit X as A, B = expr" after a schema.
    std::string tail(const ir::Element& e) {
        std::string out;
        // (A DTDL v2 unit defined inline has no .twin form: dropped with its semantic type.)
        const bool dropQuantity = ir::hasInlineUnit(e);
        for (const auto& pv : e.extras->supplementalProperties) {
            if (dropQuantity || !isUnit(pv, e)) continue;
            const std::string& t = m_.refId(pv.refs[0]);
            auto term = ir::unitTerm(t, version_);
            out += " unit " + (term && isIdent(*term) ? ident(*term) : t);
            break;
        }
        if (!e.extras->supplementalTypes.empty() && !dropQuantity) {
            out += " as ";
            for (std::size_t i = 0; i < e.extras->supplementalTypes.size(); ++i) {
                const std::string& t = e.extras->supplementalTypes[i];
                auto term = ir::semanticTypeTerm(t, version_);
                out += (i ? ", " : "") + (term && isIdent(*term) ? ident(*term) : t);
                if (!term && !lexableDtmi(t)) loss(e.id, "the co-type '" + t + "'");
            }
        }
        if (!e.continuum->derivation.empty()) out += " = " + ir::formatExpression(e.continuum->derivation);
        return out;
    }

    const ir::Element* inlineTarget(const ir::Ref& r) const {
        if (!r.inlineDefinition) return nullptr;
        const auto id = m_.targetOf(r);
        return id ? &m_[*id] : nullptr;
    }

    /// A schema reference: a name, or an inline schema printed at `depth`.
    std::string schema(const ir::Ref& r, int depth, const std::string& expectedId) {
        const ir::Element* e = inlineTarget(r);
        if (e == nullptr) return refText(r);
        std::ostringstream out;
        auto ann = annotations(*e, true, expectedId);
        for (const auto& a : ann) out << a << ' ';
        schemaBody(out, *e, depth);
        return out.str();
    }

    void schemaBody(std::ostream& out, const ir::Element& e, int depth) {
        if (auto* a = std::get_if<ir::ArraySchema>(&e.body)) {
            out << "array<" << schema(a->elementSchema, depth, ir::generatedChildId(e.id, "elementSchema")) << ">";
        } else if (auto* m = e.getIf<ir::MapSchema>()) {
            out << "map<" << mapPart(m->mapKey, depth, ir::generatedChildId(e.id, "mapKey"), "key") << ", "
                << mapPart(m->mapValue, depth, ir::generatedChildId(e.id, "mapValue"), "value") << ">";
        } else if (auto* en = std::get_if<ir::EnumSchema>(&e.body)) {
            auto vs = ir::primitiveSchemaTerm(en->valueSchema.target);
            out << "enum<" << (vs ? *vs : refText(en->valueSchema)) << "> {\n";
            for (const auto& v : en->enumValues) enumValue(out, v, depth + 1, e.id);
            indent(out, depth);
            out << "}";
        } else if (auto* o = std::get_if<ir::ObjectSchema>(&e.body)) {
            out << "object {\n";
            for (const auto& f : o->fields) field(out, f, depth + 1, e.id);
            indent(out, depth);
            out << "}";
        } else {
            out << e.id;
        }
    }

    std::string mapPart(const ir::Ref& r, int depth, const std::string& expectedId,
                        std::string_view defaultName) {
        const ir::Element* e = inlineTarget(r);
        if (e == nullptr) return refText(r);
        std::string out;
        for (const auto& a : annotations(*e, true, expectedId)) out += a + " ";
        if (e->name && *e->name != defaultName) out += ident(*e->name) + ": ";
        const ir::Ref* s = nullptr;
        if (auto* k = std::get_if<ir::MapKey>(&e->body)) s = &k->schema;
        if (auto* v = std::get_if<ir::MapValue>(&e->body)) s = &v->schema;
        if (s) out += schema(*s, depth, ir::generatedChildId(e->id, "schema"));
        return out;
    }

    void enumValue(std::ostream& out, const ir::Ref& r, int depth, const std::string& enumId) {
        const ir::Element* e = inlineTarget(r);
        if (e == nullptr || !e->is<ir::EnumValue>() || !e->name) {
            loss(r.target, "the enum value reference");
            return;
        }
        header(out, depth, *e, true, ir::generatedChildId(enumId, "enumValues", *e->name));
        indent(out, depth);
        const auto& v = e->as<ir::EnumValue>().enumValue;
        out << ident(*e->name);
        if (!(v.kind == ir::Literal::Kind::String && v.lexical == *e->name)) out << " = " << literal(v);
        out << ';';
        endLine(out, e->id);
    }

    void field(std::ostream& out, const ir::Ref& r, int depth, const std::string& objectId) {
        const ir::Element* e = inlineTarget(r);
        if (e == nullptr || !e->is<ir::Field>() || !e->name) {
            loss(r.target, "the field reference");
            return;
        }
        std::string expected = ir::generatedChildId(objectId, "fields", *e->name);
        header(out, depth, *e, true, expected);
        indent(out, depth);
        out << ident(*e->name) << ": " << schema(e->as<ir::Field>().schema, depth, ir::generatedChildId(e->id, "schema"))
            << tail(*e) << ';';
        endLine(out, e->id);
    }

    std::string payload(const ir::Ref& r, int depth, const std::string& expectedId,
                        std::string_view defaultName) {
        const ir::Element* e = inlineTarget(r);
        if (e == nullptr) return refText(r);
        std::string out;
        for (const auto& a : annotations(*e, true, expectedId)) out += a + " ";
        if (e->name && *e->name != defaultName) out += ident(*e->name) + ": ";
        if (auto* p = std::get_if<ir::CommandPayload>(&e->body)) {
            out += schema(p->schema, depth, ir::generatedChildId(e->id, "schema"));
            if (p->nullable.value_or(false)) out += " nullable";
        }
        return out;
    }

    void member(std::ostream& out, const ir::Ref& r, int depth, const std::string& parentId,
                std::string_view collection) {
        const ir::Element* e = inlineTarget(r);
        if (e == nullptr || !e->name) {
            // A content defined elsewhere (by reference): not expressible in .twin.
            loss(r.target, "the content reference");
            return;
        }
        std::string expected = ir::generatedChildId(parentId, collection, *e->name);
        header(out, depth, *e, true, expected);
        indent(out, depth);
        std::string name = ident(*e->name);
        if (auto* p = std::get_if<ir::Property>(&e->body)) {
            out << "property " << (p->writable.value_or(false) ? "writable " : "") << name << ": "
                << schema(p->schema, depth, ir::generatedChildId(e->id, "schema")) << tail(*e) << ';';
        } else if (auto* t = std::get_if<ir::Telemetry>(&e->body)) {
            out << "telemetry " << name << ": " << schema(t->schema, depth, ir::generatedChildId(e->id, "schema"))
                << tail(*e) << ';';
        } else if (auto* c = e->getIf<ir::Command>()) {
            out << "command " << name << "(";
            if (c->request) out << payload(*c->request, depth, ir::generatedChildId(e->id, "request"), "request");
            out << ")";
            if (c->response) out << " -> " << payload(*c->response, depth, ir::generatedChildId(e->id, "response"), "response");
            if (c->commandType) loss(e->id, "the DTDL v2 commandType");
            out << ';';
        } else if (auto* rel = e->getIf<ir::Relationship>()) {
            out << "relationship " << (rel->writable.value_or(false) ? "writable " : "") << name;
            if (rel->target) out << " -> " << refText(*rel->target);
            if (rel->minMultiplicity || rel->maxMultiplicity) {
                out << " [" << (rel->minMultiplicity ? rel->minMultiplicity->lexical : "") << ".."
                    << (rel->maxMultiplicity ? rel->maxMultiplicity->lexical : "") << "]";
            }
            if (rel->properties.empty()) {
                out << ';';
            } else {
                out << " {\n";
                for (const auto& p : rel->properties) member(out, p, depth + 1, e->id, "properties");
                indent(out, depth);
                out << '}';
            }
        } else if (auto* comp = std::get_if<ir::Component>(&e->body)) {
            out << "component " << name << ": " << refText(comp->schema) << ';';
        } else {
            out << "// unsupported content " << e->id;
            loss(e->id, "the content kind");
        }
        endLine(out, e->id);
    }

    void namedSchema(std::ostream& out, const ir::Ref& r, int depth, const DtmiParts& twinParts) {
        const ir::Element* e = inlineTarget(r);
        if (e == nullptr) {
            loss(r.target, "the schema reference");
            return;
        }
        auto p = split(e->id);
        std::string name = p.ok ? p.name : "Schema";
        std::string versionClause;
        std::string expected;
        if (p.ok && p.ns == twinParts.ns) {
            if (p.suffix == twinParts.suffix) expected = e->id;
            else if (!p.suffix.empty()) {
                versionClause = " version " + p.suffix.substr(1);
                expected = e->id;
            }
        }
        header(out, depth, *e, true, expected, false);
        indent(out, depth);
        if (auto* o = std::get_if<ir::ObjectSchema>(&e->body)) {
            out << "object " << ident(name) << versionClause << " {\n";
            for (const auto& f : o->fields) field(out, f, depth + 1, e->id);
            indent(out, depth);
            out << "}";
        } else if (auto* en = std::get_if<ir::EnumSchema>(&e->body)) {
            auto vs = ir::primitiveSchemaTerm(en->valueSchema.target);
            out << "enum " << ident(name) << versionClause << ": " << (vs ? *vs : std::string("string")) << " {\n";
            for (const auto& v : en->enumValues) enumValue(out, v, depth + 1, e->id);
            indent(out, depth);
            out << "}";
        } else if (e->is<ir::MapSchema>()) {
            out << "map " << ident(name) << versionClause << " = ";
            schemaBody(out, *e, depth);
            out << ';';
        } else if (e->is<ir::ArraySchema>()) {
            out << "array " << ident(name) << versionClause << " = ";
            schemaBody(out, *e, depth);
            out << ';';
        } else {
            loss(e->id, "the schema kind");
        }
        endLine(out, e->id);
    }

    static std::vector<std::string> defaultContexts(int version, bool quantitative) {
        std::vector<std::string> c{ir::dtdlContext(version)};
        if (quantitative && version >= 3) c.push_back(ir::quantitativeTypesContext(version));
        return c;
    }

    /// True when an element or its inline descendants use a semantic type or unit by term.
    bool usesQuantitative(const ir::Element& e) const {
        bool uses = false;
        for (const auto& t : e.extras->supplementalTypes) uses |= ir::semanticTypeTerm(t, version_).has_value();
        for (const auto& pv : e.extras->supplementalProperties)
            if (ir::isUnitProperty(pv.property))
                for (const auto& r : pv.refs) uses |= ir::unitTerm(m_.refId(r), version_).has_value();
        ir::forEachRef(e, [&](const ir::Ref& r) {
            if (const ir::Element* c = inlineTarget(r)) uses |= usesQuantitative(*c);
        });
        return uses;
    }

    void twin(std::ostream& out, ir::ElementId id) {
        const ir::Element& e = m_[id];
        const auto* iface = std::get_if<ir::Interface>(&e.body);
        if (iface == nullptr) {
            loss(e.id, "a top-level element that is not an interface");
            return;
        }
        version_ = e.languageVersion ? e.languageVersion : 3;
        auto parts = split(e.id);
        bool idOk = parts.ok && parts.ns == ns_;
        header(out, 0, e, true, idOk ? e.id : std::string(), false);
        // The DTDL contexts, unless they are what the reader would derive.
        // (A .twin twin without @context is DTDL v3.)
        if ((version_ != 3 || iface->contexts != defaultContexts(3, usesQuantitative(e))) &&
            !(iface->contexts.empty() && e.origin.format != ir::SourceFormat::Dtdl)) {
            std::string a = "@context(";
            for (std::size_t i = 0; i < iface->contexts.size(); ++i)
                a += (i ? ", " : "") + (lexableDtmi(iface->contexts[i]) ? iface->contexts[i]
                                                                    : ir::quoteTwinString(iface->contexts[i]));
            out << a << ")\n";
        }
        out << "twin " << ident(parts.ok ? parts.name : std::string("Twin"));
        if (parts.ok && !parts.suffix.empty()) out << " version " << parts.suffix.substr(1);
        if (!iface->extends.empty()) {
            out << " extends ";
            for (std::size_t i = 0; i < iface->extends.size(); ++i) {
                if (inlineTarget(iface->extends[i])) loss(e.id, "an inline extends definition");
                out << (i ? ", " : "") << refText(iface->extends[i]);
            }
        }
        out << " {";
        endLine(out, e.id);
        for (const auto& s : iface->schemas) namedSchema(out, s, 1, parts);
        for (const auto& c : iface->contents) member(out, c, 1, e.id, "contents");
        const auto& cont = *e.continuum;
        if (cont.fidelity && !cont.fidelity->empty()) {
            comments(out, 1, e.id + "#fidelity");
            indent(out, 1);
            out << "fidelity {";
            if (cont.fidelity->maxStaleness) out << " max_staleness " << ir::formatQuantity(*cont.fidelity->maxStaleness) << ';';
            if (cont.fidelity->maxDelay) out << " max_delay " << ir::formatQuantity(*cont.fidelity->maxDelay) << ';';
            if (cont.fidelity->minRate) out << " min_rate " << ir::formatQuantity(*cont.fidelity->minRate) << ';';
            out << " }";
            endLine(out, e.id + "#fidelity");
        }
        if (cont.package) {
            comments(out, 1, e.id + "#package");
            indent(out, 1);
            out << "package {";
            for (const auto& s : cont.package->settings)
                out << ' ' << ident(s.key) << ' ' << ir::formatSettingValue(s.value) << ';';
            out << " }";
            endLine(out, e.id + "#package");
        }
        if (o_.layout)
            if (auto it = o_.layout->closing.find(e.id); it != o_.layout->closing.end())
                for (const auto& c : it->second) {
                    indent(out, 1);
                    out << c << '\n';
                }
        out << "}\n";
    }

    const ir::Model& m_;
    const TwinPrintOptions& o_;
    diag::Engine& diags_;
    std::string ns_;
    int version_ = 3;
    std::map<std::string, std::string> byName_;
    std::map<std::string, std::set<std::string>> shortNames_;
    std::set<std::string> usedNamespaces_;
};

} // namespace

std::string printTwinFile(const ir::Model& model, std::span<const ir::ElementId> roots,
                          const TwinPrintOptions& options, diag::Engine& diags) {
    return TwinPrinter(model, options, diags).run(roots);
}

std::vector<OutputFile> translateToTwin(const ir::Model& model, diag::Engine& diags) {
    std::vector<OutputFile> out;
    std::set<std::string> used;
    for (ir::ElementId id : model.roots()) {
        const ir::Element& e = model[id];
        if (!e.is<ir::Interface>() || e.origin.format == ir::SourceFormat::Standard) continue;
        auto p = split(e.id);
        std::string base = p.ok ? (p.ns.empty() ? "" : p.ns + "/") + p.name : "twin";
        std::string path = base + ".twin";
        for (int n = 2; !used.insert(path).second; ++n) path = base + "-" + std::to_string(n) + ".twin";
        ir::ElementId roots[] = {id};
        out.push_back({path, printTwinFile(model, roots, {}, diags)});
    }
    return out;
}

} // namespace dtc::translators
