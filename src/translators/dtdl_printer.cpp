// IR -> DTDL JSON (v2 / v3). Elements with generated identifiers are written inline without
// "@id" (the DTDL parser regenerates the same identifier); terms are compacted by the pattern
// of ir/dtdl_terms.h. Continuum concepts travel in "comment" after the "@dtc " marker.
#include <nlohmann/json.hpp>
#include <set>

#include "ir/dtdl_terms.h"
#include "ir/dtmi.h"
#include "translators/translators.h"
#include "metamodel/metamodel.h"

namespace dtc::translators {
namespace {

using Json = nlohmann::ordered_json;

/// DTDL v2/v3 limit on the length of "comment" (DTDL v3 spec, Interface: comment max 512).
constexpr std::size_t kCommentLimit = 512;
constexpr std::string_view kMarker = "@dtc ";

class DtdlPrinter {
public:
    DtdlPrinter(const ir::Model& m, const DtdlPrintOptions& o, diag::Engine& d)
        : m_(m), o_(o), diags_(d) {}

    Json document(const ir::Element& e) {
        source_ = e.languageVersion ? e.languageVersion : 3;
        version_ = o_.version ? o_.version : source_;
        const auto& iface = e.as<ir::Interface>();
        Json doc;
        std::vector<std::string> contexts = iface.contexts;
        if (contexts.empty() || version_ != source_ || ir::dtdlContextVersion(contexts.front()) == 0) {
            contexts = {ir::dtdlContext(version_)};
            if (version_ >= 3 && usesQuantitative(e)) contexts.push_back(ir::quantitativeTypesContext(version_));
        }
        if (contexts.size() == 1) doc["@context"] = contexts.front();
        else doc["@context"] = contexts;
        element(doc, e, true);
        return doc;
    }

private:
    bool usesQuantitative(const ir::Element& e) const {
        bool uses = !e.extras->supplementalTypes.empty();
        for (const auto& pv : e.extras->supplementalProperties) uses |= ir::isUnitProperty(pv.property);
        ir::forEachRef(e, [&](const ir::Ref& r) {
            if (r.inlineDefinition && r.resolved.valid()) uses |= usesQuantitative(m_[r.resolved]);
        });
        return uses;
    }

    void loss(const std::string& element, const std::string& what) {
        auto d = diag::Diagnostic::make(diag::Code::TranslationLoss);
        d.arg("what", what).arg("element", element).arg("target", "DTDL v" + std::to_string(version_));
        diags_.report(std::move(d));
    }

    /// A co-type or unit identifier as the term of the written version, or the DTMI.
    std::string typeTerm(const std::string& id) const {
        if (auto t = ir::semanticTypeTerm(id, source_)) return *t;
        return id;
    }
    /// True when the target version's DTDL context defines `term`.
    bool inTargetContext(const std::string& term) const {
        const auto* c = metamodel::Metamodel::get().context(ir::dtdlContext(version_));
        return c != nullptr && c->terms.count(term) != 0;
    }

    std::string unitTerm(const std::string& id) const {
        if (auto t = ir::unitTerm(id, source_)) return *t;
        return id;
    }

    Json langString(const ir::LangString& ls) const {
        if (ls.plain && ls.values.size() == 1) return ls.values[0].second;
        Json o = Json::object();
        for (const auto& [lang, text] : ls.values) o[lang] = text;
        return o;
    }

    static Json literal(const ir::Literal& l) {
        switch (l.kind) {
        case ir::Literal::Kind::String: return l.lexical;
        case ir::Literal::Kind::Integer: return l.integer;
        case ir::Literal::Kind::Double: return l.number;
        case ir::Literal::Kind::Boolean: return l.boolean;
        }
        return nullptr;
    }

    Json ref(const ir::Ref& r) {
        if (r.inlineDefinition && r.resolved.valid()) {
            Json o;
            element(o, m_[r.resolved], false);
            return o;
        }
        if (auto t = ir::primitiveSchemaTerm(r.target)) return *t;
        return r.target;
    }

    Json refs(const std::vector<ir::Ref>& rs) {
        Json a = Json::array();
        for (const auto& r : rs) a.push_back(ref(r));
        return a;
    }

    /// The comment with the element's continuum annotations appended after the marker.
    std::optional<std::string> comment(const ir::Element& e) {
        // Written in .twin syntax in the order the grammar reads it back: the derivation, then
        // the annotations, then (interfaces) the settings blocks.
        std::string carried;
        if (!e.continuum->derivation.empty()) carried = "= " + ir::formatExpression(e.continuum->derivation);
        std::string annotations = continuumAnnotations(
            ir::Continuum{e.continuum->bindings, e.is<ir::Interface>() ? std::nullopt : e.continuum->fidelity,
                          {}, std::nullopt});
        if (!annotations.empty()) carried += (carried.empty() ? "" : " ") + annotations;
        if (e.is<ir::Interface>()) {
            const auto& c = *e.continuum;
            if (c.fidelity && !c.fidelity->empty()) {
                std::string f = "fidelity {";
                if (c.fidelity->maxStaleness) f += " max_staleness " + ir::formatQuantity(*c.fidelity->maxStaleness) + ";";
                if (c.fidelity->maxDelay) f += " max_delay " + ir::formatQuantity(*c.fidelity->maxDelay) + ";";
                if (c.fidelity->minRate) f += " min_rate " + ir::formatQuantity(*c.fidelity->minRate) + ";";
                carried += (carried.empty() ? "" : " ") + f + " }";
            }
            if (c.package) {
                std::string p = "package {";
                for (const auto& s : c.package->settings) p += " " + s.key + " " + ir::formatSettingValue(s.value) + ";";
                carried += (carried.empty() ? "" : " ") + p + " }";
            }
        }
        if (carried.empty()) return e.extras->comment;
        std::string text = e.extras->comment ? *e.extras->comment + "\n" : std::string();
        text += std::string(kMarker) + carried;
        if (text.size() > kCommentLimit) {
            auto d = diag::Diagnostic::make(diag::Code::ContinuumAnnotationTooLong, e.origin.range);
            d.arg("element", e.id).arg("length", std::to_string(text.size()))
                .arg("limit", std::to_string(kCommentLimit));
            diags_.report(std::move(d));
            return e.extras->comment;
        }
        return text;
    }

    void element(Json& o, const ir::Element& e, bool root) {
        std::string cls(ir::className(e.body));
        if (auto* p = std::get_if<ir::CommandPayload>(&e.body)) {
            // The role is written in the target version's words (v2: CommandPayload).
            if (version_ <= 2) cls = "CommandPayload";
            else if (p->role == ir::CommandPayload::Role::Payload) cls = "CommandPayload";
        }
        if (isV2UnitType(e)) cls = *ir::semanticTypeTerm(e.as<ir::ExtensionElement>().classes.front(), 2);
        if (!e.idGenerated || root) o["@id"] = e.id;
        // A command payload's class is implied by its position; DTDL accepts it written out.
        std::vector<std::string> types{cls};
        // DTDL v2 knows fewer semantic types and units than QuantitativeTypes: when writing v2
        // from a later version, a pair it cannot name is dropped, with a loss warning.
        bool dropQuantity = false;
        if (version_ == 2 && source_ >= 3) {
            for (const auto& t : e.extras->supplementalTypes)
                if (!inTargetContext(typeTerm(t))) dropQuantity = true;
            for (const auto& pv : e.extras->supplementalProperties)
                if (ir::isUnitProperty(pv.property))
                    for (const auto& r : pv.refs)
                        if (!inTargetContext(unitTerm(m_.refId(r)))) dropQuantity = true;
            if (dropQuantity) loss(e.id, "its semantic type and unit (DTDL v2 has no term for them)");
        }
        if (version_ >= 3) {
            // A unit defined inline (DTDL v2 allows it) has no place in later versions, whose
            // units are predefined: the pair is dropped, with a loss warning.
            if (ir::hasInlineUnit(e)) {
                dropQuantity = true;
                loss(e.id, "its semantic type and inline unit (DTDL v" + std::to_string(version_) +
                               " units are predefined)");
            }
        }
        for (const auto& t : e.extras->supplementalTypes)
            if (!dropQuantity) types.push_back(typeTerm(t));
        for (const auto& t : e.extras->undefinedTypes) types.push_back(t);
        if (types.size() == 1) o["@type"] = types.front();
        else o["@type"] = types;
        if (e.name) o["name"] = *e.name;
        if (!e.displayName.empty()) o["displayName"] = langString(e.displayName);
        if (!e.description.empty()) o["description"] = langString(e.description);
        if (auto c = comment(e)) o["comment"] = *c;
        ir::visitBody(e.body, [&](const auto& b) { body(o, e, b); });
        for (const auto& pv : e.extras->supplementalProperties) {
            if (dropQuantity && ir::isUnitProperty(pv.property)) continue;
            std::string key = ir::isUnitProperty(pv.property) ? "unit" : pv.term;
            Json values = Json::array();
            for (const auto& l : pv.literals) values.push_back(literal(l));
            for (const auto& ls : pv.langStrings) values.push_back(langString(ls));
            for (const auto& r : pv.refs)
                values.push_back(ir::isUnitProperty(pv.property) && !r.inlineDefinition ? Json(unitTerm(r.target)) : ref(r));
            if (!pv.json.empty()) {
                try {
                    values.push_back(Json::parse(pv.json));
                } catch (const std::exception&) {
                    loss(e.id, "the value of '" + pv.term + "'");
                }
            }
            o[key] = values.size() == 1 ? values[0] : values;
        }
        for (const auto& pv : e.extras->undefinedProperties) {
            if (pv.json.empty()) {
                loss(e.id, "the undefined property '" + pv.term + "'");
                continue;
            }
            try {
                o[pv.term] = Json::parse(pv.json);
            } catch (const std::exception&) {
                loss(e.id, "the undefined property '" + pv.term + "'");
            }
        }
    }

    void body(Json& o, const ir::Element&, const ir::Interface& b) {
        if (!b.extends.empty()) o["extends"] = b.extends.size() == 1 ? ref(b.extends[0]) : refs(b.extends);
        if (!b.contents.empty()) {
            Json a = Json::array();
            for (const auto& r : b.contents) {
                // DTDL v2 forbids Arrays below a Property's schema, and every geospatial schema
                // holds one: such a Property cannot be written in v2.
                if (version_ == 2 && r.resolved.valid()) {
                    const ir::Element& c = m_[r.resolved];
                    if (const auto* p = std::get_if<ir::Property>(&c.body);
                        p != nullptr && p->schema.target.starts_with("dtmi:standard:schema:geospatial:")) {
                        loss(c.id, "the Property (DTDL v2 Properties cannot have a geospatial schema)");
                        continue;
                    }
                }
                a.push_back(ref(r));
            }
            o["contents"] = a;
        }
        if (!b.schemas.empty()) o["schemas"] = refs(b.schemas);
    }
    void body(Json& o, const ir::Element&, const ir::Telemetry& b) { o["schema"] = ref(b.schema); }
    void body(Json& o, const ir::Element&, const ir::Property& b) {
        o["schema"] = ref(b.schema);
        if (b.writable) o["writable"] = *b.writable;
    }
    void body(Json& o, const ir::Element& e, const ir::Command& b) {
        if (b.request) o["request"] = ref(*b.request);
        if (b.response) o["response"] = ref(*b.response);
        if (b.commandType) {
            if (version_ <= 2) o["commandType"] = ref(*b.commandType);
            else loss(e.id, "the DTDL v2 commandType");
        }
    }
    void body(Json& o, const ir::Element&, const ir::CommandPayload& b) {
        o["schema"] = ref(b.schema);
        if (b.nullable) o["nullable"] = *b.nullable;
    }
    void body(Json& o, const ir::Element&, const ir::Relationship& b) {
        if (b.minMultiplicity) o["minMultiplicity"] = literal(*b.minMultiplicity);
        if (b.maxMultiplicity) o["maxMultiplicity"] = literal(*b.maxMultiplicity);
        if (b.target) o["target"] = b.target->target;
        if (!b.properties.empty()) o["properties"] = refs(b.properties);
        if (b.writable) o["writable"] = *b.writable;
    }
    void body(Json& o, const ir::Element&, const ir::Component& b) { o["schema"] = ref(b.schema); }
    void body(Json& o, const ir::Element&, const ir::ArraySchema& b) { o["elementSchema"] = ref(b.elementSchema); }
    void body(Json& o, const ir::Element&, const ir::EnumSchema& b) {
        o["valueSchema"] = ref(b.valueSchema);
        o["enumValues"] = refs(b.enumValues);
    }
    void body(Json& o, const ir::Element&, const ir::EnumValue& b) { o["enumValue"] = literal(b.enumValue); }
    void body(Json& o, const ir::Element&, const ir::MapSchema& b) {
        o["mapKey"] = ref(b.mapKey);
        o["mapValue"] = ref(b.mapValue);
    }
    void body(Json& o, const ir::Element&, const ir::MapKey& b) { o["schema"] = ref(b.schema); }
    void body(Json& o, const ir::Element&, const ir::MapValue& b) { o["schema"] = ref(b.schema); }
    void body(Json& o, const ir::Element&, const ir::ObjectSchema& b) { o["fields"] = refs(b.fields); }
    void body(Json& o, const ir::Element&, const ir::Field& b) { o["schema"] = ref(b.schema); }
    void body(Json&, const ir::Element&, const ir::PrimitiveSchema&) {}
    void body(Json&, const ir::Element& e, const ir::ExtensionElement&) {
        if (!isV2UnitType(e)) loss(e.id, "an extension element");
    }

    /// A DTDL v2 unit type defined inline ({"@type": "VelocityUnit", "symbol": "kn"}), written in
    /// DTDL v2 (later versions drop it with its semantic type).
    bool isV2UnitType(const ir::Element& e) const {
        const auto* x = e.getIf<ir::ExtensionElement>();
        return version_ == 2 && x != nullptr && x->classes.size() == 2 && x->classes[1] == "dtmi:dtdl:class:Unit;2" &&
               ir::semanticTypeTerm(x->classes[0], 2).has_value();
    }

    const ir::Model& m_;
    const DtdlPrintOptions& o_;
    diag::Engine& diags_;
    int source_ = 3;
    int version_ = 3;
};

} // namespace

std::vector<OutputFile> translateToDtdl(const ir::Model& model, const DtdlPrintOptions& options,
                                        diag::Engine& diags) {
    std::vector<OutputFile> out;
    std::set<std::string> used;
    DtdlPrinter printer(model, options, diags);
    for (ir::ElementId id : model.roots()) {
        const ir::Element& e = model[id];
        if (!e.is<ir::Interface>() || e.origin.format == ir::SourceFormat::Standard) continue;
        std::string base = "interface";
        if (auto d = ir::parseDtmi(e.id); d && !d->labels.empty()) {
            base.clear();
            for (std::size_t i = 0; i + 1 < d->labels.size(); ++i) base += (i ? "." : "") + d->labels[i];
            base += (base.empty() ? "" : "/") + d->labels.back();
            if (!d->completeVersion.empty()) base += "-" + d->completeVersion;
        }
        std::string path = base + ".json";
        for (int n = 2; !used.insert(path).second; ++n) path = base + "-" + std::to_string(n) + ".json";
        out.push_back({path, printer.document(e).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"});
    }
    return out;
}

} // namespace dtc::translators
