#include "metamodel/metamodel.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <rapidjson/document.h>

namespace dtc::metamodel {

extern const char* const kEmbeddedMetamodel; // metamodel_data.cpp (generated)

namespace {

// NOTE(dtc): the metamodel is parsed at every start of dtc, so it is read with RapidJSON (about
// four times faster than nlohmann_json here, which made up a third of a RealEstateCore check).
// This small read-only view keeps the loader as readable as a nlohmann one.
class Json {
public:
    Json() = default;
    explicit Json(const rapidjson::Value* v) : v_(v) {}
    [[nodiscard]] bool is_string() const { return v_ != nullptr && v_->IsString(); }
    [[nodiscard]] bool is_array() const { return v_ != nullptr && v_->IsArray(); }
    [[nodiscard]] bool is_object() const { return v_ != nullptr && v_->IsObject(); }
    [[nodiscard]] bool is_number() const { return v_ != nullptr && v_->IsNumber(); }
    [[nodiscard]] bool empty() const { return !is_array() || v_->Empty(); }
    [[nodiscard]] std::size_t size() const { return is_array() ? v_->Size() : 0; }
    [[nodiscard]] bool contains(const char* key) const { return is_object() && v_->HasMember(key); }
    Json operator[](const char* key) const {
        if (!is_object()) return Json();
        auto it = v_->FindMember(key); // one scan of the members, not HasMember + operator[]
        return it == v_->MemberEnd() ? Json() : Json(&it->value);
    }
    Json operator[](std::size_t i) const { return is_array() && i < v_->Size() ? Json(&(*v_)[static_cast<rapidjson::SizeType>(i)]) : Json(); }
    operator std::string() const { return is_string() ? std::string(v_->GetString(), v_->GetStringLength()) : std::string(); }
    template <class T> [[nodiscard]] T get() const {
        if constexpr (std::is_same_v<T, std::string>) return static_cast<std::string>(*this);
        else if constexpr (std::is_same_v<T, bool>) return v_ != nullptr && v_->IsBool() && v_->GetBool();
        else if constexpr (std::is_floating_point_v<T>) return is_number() ? static_cast<T>(v_->GetDouble()) : T{};
        else return is_number() ? static_cast<T>(v_->GetInt64()) : T{};
    }
    [[nodiscard]] std::string value(const char* key, const char* def) const {
        Json x = (*this)[key];
        return x.is_string() ? static_cast<std::string>(x) : std::string(def);
    }
    [[nodiscard]] bool value(const char* key, bool def) const {
        Json x = (*this)[key];
        return x.v_ != nullptr && x.v_->IsBool() ? x.v_->GetBool() : def;
    }
    [[nodiscard]] int value(const char* key, int def) const {
        Json x = (*this)[key];
        return x.is_number() ? static_cast<int>(x.v_->GetInt64()) : def;
    }
    [[nodiscard]] Json value(const char* key, Json def) const { return contains(key) ? (*this)[key] : def; }
    [[nodiscard]] static Json array() { return Json(); }
    [[nodiscard]] std::string_view str() const {
        return is_string() ? std::string_view(v_->GetString(), v_->GetStringLength()) : std::string_view();
    }

    /// An object's members as (name, value), in document order. NOTE(dtc): ranges over the
    /// document instead of vectors of copies: the loader runs at every start of dtc, and its
    /// temporary vectors and strings were a third of its instructions.
    class Members {
    public:
        using Iter = rapidjson::Value::ConstMemberIterator;
        class It {
        public:
            explicit It(Iter i) : i_(i) {}
            std::pair<std::string_view, Json> operator*() const {
                return {std::string_view(i_->name.GetString(), i_->name.GetStringLength()), Json(&i_->value)};
            }
            It& operator++() { ++i_; return *this; }
            bool operator!=(const It& o) const { return i_ != o.i_; }
        private:
            Iter i_;
        };
        Members() = default; // empty: two null iterators
        Members(Iter b, Iter e) : b_(b), e_(e) {}
        [[nodiscard]] It begin() const { return It(b_); }
        [[nodiscard]] It end() const { return It(e_); }
    private:
        Iter b_{}, e_{};
    };
    [[nodiscard]] Members items() const { return is_object() ? Members(v_->MemberBegin(), v_->MemberEnd()) : Members(); }

    /// Array elements, or the value itself when it is not an array (JSON-LD's single-or-list).
    class List {
    public:
        class It {
        public:
            explicit It(const rapidjson::Value* p) : p_(p) {}
            Json operator*() const { return Json(p_); }
            It& operator++() { ++p_; return *this; }
            bool operator!=(const It& o) const { return p_ != o.p_; }
        private:
            const rapidjson::Value* p_;
        };
        List(const rapidjson::Value* b, const rapidjson::Value* e) : b_(b), e_(e) {}
        [[nodiscard]] It begin() const { return It(b_); }
        [[nodiscard]] It end() const { return It(e_); }
    private:
        const rapidjson::Value* b_;
        const rapidjson::Value* e_;
    };
    [[nodiscard]] List list() const {
        if (is_array()) return {v_->Begin(), v_->End()};
        if (v_ != nullptr && !v_->IsNull()) return {v_, v_ + 1};
        return {nullptr, nullptr};
    }

private:
    const rapidjson::Value* v_ = nullptr;
};

std::vector<std::string> strings(const Json& j);

/// A shape whose limit a limit extension may supersede (@type dtmm:Supersedable).
bool supersedable(const Json& shape) {
    for (const Json& t : shape["@type"].list())
        if (t.str() == "dtmm:Supersedable") return true;
    return false;
}

std::vector<std::string> strings(const Json& j) {
    std::vector<std::string> out;
    if (j.is_array()) out.reserve(j.size());
    for (const Json& x : j.list())
        if (x.is_string()) out.push_back(x.get<std::string>());
    return out;
}

/// Classes named by sh:class, or by the sh:class members of an sh:or list.
std::vector<std::string> classesOf(const Json& shape) {
    std::vector<std::string> out;
    for (auto& s : strings(shape["sh:class"])) out.push_back(s);
    for (const Json& alt : shape["sh:or"].list())
        for (auto& s : strings(alt["sh:class"])) out.push_back(s);
    return out;
}

template <class T> std::optional<T> opt(const Json& j, const char* key) {
    Json x = j[key];
    if (x.is_number()) return x.get<T>();
    return std::nullopt;
}

/// The rules of class `c` and its superclasses (theirs first), memoized in `memo`.
template <class Rule>
const std::vector<const Rule*>& inherited(StringIndex<std::vector<const Rule*>>& memo, const Metamodel& m,
                                          std::vector<Rule> ClassRule::*own, std::string_view c) {
    if (auto it = memo.find(c); it != memo.end()) return it->second;
    std::vector<const Rule*> out;
    if (const ClassRule* r = m.cls(c)) {
        for (const std::string& s : r->supers) {
            const auto& fromSuper = inherited(memo, m, own, s); // map nodes stay put on rehash
            out.insert(out.end(), fromSuper.begin(), fromSuper.end());
        }
        for (const Rule& rule : r->*own) out.push_back(&rule);
    }
    return memo.emplace(std::string(c), std::move(out)).first->second;
}

} // namespace

void collectElement(std::vector<StandardElement>& out, const Json& doc, int version, const std::string& parent,
                    const std::vector<std::string>& contexts) {
    if (!doc.is_object() || !doc.contains("@id")) return;
    StandardElement s;
    s.id = doc["@id"].get<std::string>();
    s.dtdlVersion = version;
    s.contexts = doc.contains("@context") ? strings(doc["@context"]) : contexts;
    if (!parent.empty()) s.memberOf.push_back(parent);
    for (const auto& [term, value] : doc["properties"].items()) {
        if (value.is_string()) s.properties.emplace_back(std::string(term), value.get<std::string>());
        else if (value.is_number()) s.properties.emplace_back(std::string(term), std::to_string(value.get<long long>()));
    }
    s.types = strings(doc.value("@type", Json::array()));
    if (doc.contains("displayName") && doc["displayName"].is_string()) s.displayName = doc["displayName"];
    if (doc.contains("aliasFor") && doc["aliasFor"].is_string()) s.aliasFor = doc["aliasFor"];
    for (const auto& [lang, text] : doc["description"].items())
        if (text.is_string()) s.description.emplace_back(std::string(lang), text.get<std::string>());
    if (doc.contains("enumValues"))
        for (const Json& v : doc["enumValues"].list()) collectElement(out, v, version, s.id, s.contexts);
    s.name = doc.value("name", "");
    s.schema = doc.value("schema", "");
    for (const Json& f : doc["fields"].list()) {
        if (!f.is_object() || !f.contains("@id")) continue;
        s.fields.push_back(f["@id"].get<std::string>());
        collectElement(out, f, version, {}, s.contexts);
    }
    out.push_back(std::move(s));
}

struct Loader {
    static void load(Metamodel& m) {
        // In situ: strings stay in this buffer instead of being copied into the DOM.
        std::string buffer(kEmbeddedMetamodel);
        rapidjson::Document parsed;
        parsed.ParseInsitu(buffer.data());
        if (parsed.HasParseError()) throw std::logic_error("the embedded DTDL metamodel is not valid JSON");
        Json doc(&parsed);
        for (const auto& [id, c] : doc["contexts"].items()) {
            Context ctx;
            ctx.id = id;
            ctx.dtdlVersion = c["dtdlVersion"].get<int>();
            ctx.kind = c["kind"].get<std::string>();
            ctx.implicitDtdlVersion = c.value("implicitDtdlVersion", 0);
            for (const auto& [term, t] : c["terms"].items()) {
                Term tm;
                tm.iri = t["id"].get<std::string>();
                tm.type = t.value("type", "");
                tm.container = t.value("container", "");
                ctx.terms.emplace(term, tm);
                if (tm.iri.starts_with("dtmi:")) m.termOfIri_.emplace(tm.iri, term);
            }
            m.contexts_.emplace(id, std::move(ctx));
        }
        m.contextIndex_.reserve(m.contexts_.size());
        for (const auto& [id, ctx] : m.contexts_) m.contextIndex_.emplace(id, &ctx);
        for (const auto& [id, g] : doc["globals"].items()) {
            if (!id.starts_with("dtmi:dtdl:restriction:global;")) continue;
            Globals gl;
            gl.dtdlVersion = g["dtmm:dtdlVersion"].get<int>();
            const Json& ident = g["dtmm:identifier"];
            gl.idPattern = ident.value("sh:pattern", "");
            gl.idMaxLength = ident.value("sh:maxLength", 2048);
            gl.idSupersedable = supersedable(ident);
            gl.reservedPrefixes = strings(ident.value("dtmm:reservedPrefix", Json::array()));
            gl.allowUndefinedExtensionsByDefault = g.value("dtmm:allowUndefinedExtensionsByDefault", false);
            gl.localTerms = g.value("dtmm:localTerms", true);
            gl.restrictKeywords = g.value("dtmm:restrictKeywords", false);
            if (g.contains("dtmm:partition")) gl.partitionMaxBytes = g["dtmm:partition"].value("dtmm:maxBytes", 0);
            if (g.contains("dtmm:apocrypha")) {
                const Json& a = g["dtmm:apocrypha"];
                if (a.contains("dtmm:alwaysAllow")) {
                    gl.alwaysAllowCotype = strings(a["dtmm:alwaysAllow"].value("dtmm:asCotype", Json::array()));
                    gl.alwaysAllowProperty = strings(a["dtmm:alwaysAllow"].value("dtmm:asProperty", Json::array()));
                }
                if (a.contains("dtmm:neverAllow")) {
                    gl.neverAllowCotype = strings(a["dtmm:neverAllow"].value("dtmm:asCotype", Json::array()));
                    gl.neverAllowProperty = strings(a["dtmm:neverAllow"].value("dtmm:asProperty", Json::array()));
                }
            }
            if (gl.dtdlVersion < 1 || static_cast<std::size_t>(gl.dtdlVersion) >= m.globals_.size())
                throw std::logic_error("the embedded DTDL metamodel has globals of an unknown DTDL version");
            m.globals_[static_cast<std::size_t>(gl.dtdlVersion)] = std::move(gl);
        }
        for (const auto& [iri, c] : doc["classes"].items()) {
            ClassRule cr;
            cr.iri = iri;
            cr.dtdlVersion = c.value("dtmm:dtdlVersion", 0);
            if (auto it = m.termOfIri_.find(iri); it != m.termOfIri_.end()) cr.term = it->second;
            for (auto& t : strings(c.value("@type", Json::array()))) {
                if (t == "dtmm:Material") cr.material = true;
                if (t == "dtmm:Abstract") cr.abstract = true;
                if (t == "dtmm:Partition") cr.partition = true;
                if (t == "dtmm:Extensible") cr.extensible = true;
            }
            cr.supers = strings(c.value("rdfs:subClassOf", Json::array()));
            cr.cotypeOf = classesOf(c);
            if (c.contains("sh:and"))
                for (const Json& a : (c["sh:and"]).list())
                    for (auto& s : strings(a.value("sh:class", Json::array()))) cr.requiredCotypes.push_back(s);
            if (c.contains("sh:not")) {
                const Json& n = c["sh:not"];
                for (const Json& alt : n.list())
                    if (alt.is_object() && alt.contains("sh:class"))
                        for (auto& s : strings(alt["sh:class"])) cr.excludes = s;
            }
            if (c.contains("dtmm:identifier")) {
                cr.idMaxLength = opt<std::size_t>(c["dtmm:identifier"], "sh:maxLength");
                cr.idSupersedable = supersedable(c["dtmm:identifier"]);
            }
            if (c.contains("sh:property")) {
                for (const Json& p : c["sh:property"].list()) {
                    PropertyRule pr;
                    auto path = strings(p.value("sh:path", Json::array()));
                    if (path.empty()) continue;
                    pr.iri = path[0];
                    pr.dtdl = dtdlPropertyOf(pr.iri);
                    pr.declaringClass = iri;
                    if (auto it = m.termOfIri_.find(pr.iri); it != m.termOfIri_.end()) pr.term = it->second;
                    std::string nk = p.value("sh:nodeKind", "");
                    pr.nodeKind = nk == "sh:Literal" ? NodeKind::Literal
                                  : nk == "sh:IRI" ? NodeKind::Iri
                                  : nk == "sh:BlankNodeOrIRI" ? NodeKind::BlankNodeOrIri
                                                             : NodeKind::Any;
                    pr.datatype = p.value("sh:datatype", "");
                    if (!pr.datatype.empty()) pr.datatypes.push_back(pr.datatype);
                    for (const Json& alt : p["sh:or"].list())
                            if (alt.contains("sh:datatype")) pr.datatypes.push_back(alt["sh:datatype"]);
                    pr.classes = classesOf(p);
                    pr.minCount = opt<int>(p, "sh:minCount");
                    pr.maxCount = opt<int>(p, "sh:maxCount");
                    pr.minLength = opt<std::size_t>(p, "sh:minLength");
                    pr.maxLength = opt<std::size_t>(p, "sh:maxLength");
                    pr.supersedable = supersedable(p);
                    pr.pattern = p.value("sh:pattern", "");
                    pr.minInclusive = opt<double>(p, "sh:minInclusive");
                    pr.maxInclusive = opt<double>(p, "sh:maxInclusive");
                    pr.uniqueLang = p.value("sh:uniqueLang", false);
                    pr.uniqueValue = p.value("dtmm:uniqueValue", false);
                    pr.typeInferable = p.contains("dtmm:typeInferable");
                    pr.deprecated = p.value("dtmm:deprecated", false);
                    pr.hidden = p.value("dtmm:hidden", false);
                    pr.uniqueProperties = strings(p.value("dtmm:uniqueProperties", Json::array()));
                    for (std::size_t u = 0; u < pr.uniqueProperties.size(); ++u) {
                        pr.uniqueTerms.push_back(m.termOf(pr.uniqueProperties[u]));
                        if (u < 32 && dtdlPropertyOf(pr.uniqueProperties[u]) == DtdlProperty::Name)
                            pr.uniqueNames |= 1u << u;
                    }
                    pr.dtmiSegment = p.value("dtmm:dtmiSegment", "");
                    pr.dtmiSegmentTerm = m.termOf(pr.dtmiSegment);
                    pr.dictionaryKey = p.value("dtmm:dictionaryKey", "");
                    pr.in = strings(p.value("sh:in", Json::array()));
                    if (p.contains("dtmm:value") && p["dtmm:value"].is_string()) pr.hasValue = p["dtmm:value"];
                    if (p.contains("sh:hasValue") && p["sh:hasValue"].is_string()) pr.hasValue = p["sh:hasValue"];
                    pr.childOf = p.value("dtmm:childOf", "");
                    cr.properties.push_back(std::move(pr));
                }
            }
            if (c.contains("dtmm:descendants")) {
                for (const Json& d : c["dtmm:descendants"].list()) {
                    DescendantRule dr;
                    dr.id = d.value("@id", "");
                    dr.properties = strings(d.value("dtmm:properties", Json::array()));
                    dr.narrow = d.value("dtmm:narrow", false);
                    dr.importProperties = strings(d.value("dtmm:importProperties", Json::array()));
                    dr.maxCount = opt<int>(d, "dtmm:maxCount");
                    dr.maxDepth = opt<int>(d, "dtmm:maxDepth");
                    dr.excludeType = d.value("dtmm:excludeType", "");
                    dr.allowSelf = d.value("dtmm:allowSelf", false);
                    dr.supersedable = supersedable(d);
                    cr.descendants.push_back(std::move(dr));
                }
            }
            if (c.contains("dtmm:siblings")) {
                for (const Json& s : c["dtmm:siblings"].list()) {
                    SiblingRule sr;
                    sr.keyProperty = s.value("dtmm:keyProperty", "");
                    sr.keyrefProperty = s.value("dtmm:keyrefProperty", "");
                    sr.path = s.value("dtmm:path", "");
                    sr.classes = classesOf(s);
                    if (s.contains("sh:not")) {
                        const Json& n = s["sh:not"];
                        for (const Json& alt : n.list())
                            if (alt.is_object() && alt.contains("sh:class"))
                                for (auto& x : strings(alt["sh:class"])) sr.notClass = x;
                    }
                    sr.uniqueReference = s.value("dtmm:uniqueReference", false);
                    if (s.contains("dtmm:refersToProperty") && s["dtmm:refersToProperty"].contains("dtmm:isMaterial"))
                        sr.refersToMaterial = s["dtmm:refersToProperty"]["dtmm:isMaterial"].get<bool>();
                    cr.siblings.push_back(std::move(sr));
                }
            }
            cr.name = cr.term;
            if (cr.name.empty() || iri.starts_with("dtmi:dtdl:class:")) {
                const std::size_t colon = iri.rfind(':'), semi = iri.rfind(';');
                cr.name = iri.substr(colon + 1, semi == std::string::npos ? std::string::npos : semi - colon - 1);
            }
            m.classes_.emplace(iri, std::move(cr));
        }
        m.classIndex_.reserve(m.classes_.size());
        for (const auto& [iri, c] : m.classes_) m.classIndex_.emplace(iri, &c);
        // Per-class tables (they read only the hierarchy, not the flags computed below).
        for (const auto& [iri, c] : m.classes_) {
            inherited(m.propertiesOf_, m, &ClassRule::properties, iri);
            inherited(m.descendantsOf_, m, &ClassRule::descendants, iri);
            std::vector<std::string> anc;
            std::vector<std::string> pending{iri};
            while (!pending.empty()) {
                std::string x = pending.back();
                pending.pop_back();
                if (std::find(anc.begin(), anc.end(), x) != anc.end()) continue;
                anc.push_back(x);
                if (const ClassRule* r = m.cls(x))
                    for (const auto& sup : r->supers) pending.push_back(sup);
            }
            m.ancestors_[iri] = std::move(anc);
        }
        // Adjunct / semantic-type flags need the whole hierarchy.
        for (auto& [iri, c] : m.classes_) {
            c.adjunct = m.isA(iri, "dtmi:dtdl:class:AdjunctType;" + std::to_string(c.dtdlVersion)) ||
                        m.isA(iri, "dtmi:dtdl:class:AdjunctType;3") || m.isA(iri, "dtmi:dtdl:class:AdjunctType;4");
            c.semanticType = m.isA(iri, "dtmi:dtdl:class:SemanticType;2") ||
                             m.isA(iri, "dtmi:dtdl:extension:quantitativeTypes:v1:class:QuantitativeType") ||
                             m.isA(iri, "dtmi:dtdl:extension:quantitativeTypes:v2:class:QuantitativeType");
            const auto& props = m.propertiesOf_.find(iri)->second;
            c.allProperties = &props;
            c.constrainsUnit = c.semanticType && std::any_of(props.begin(), props.end(),
                                                             [](const PropertyRule* p) { return p->term == "unit"; });
        }
        // Limit extensions: one file each, named by its documentation node
        // ("dtmi:dtdl:limits:onvif:v1:documentation" is the context dtmi:dtdl:limits:onvif;1).
        for (const auto& [file, nodes] : doc["limits"].items()) {
            LimitSet ls;
            for (const Json& n : nodes.list()) {
                std::string id = n.value("@id", "");
                if (id.ends_with(":documentation")) {
                    std::string base = id.substr(0, id.size() - std::string_view(":documentation").size());
                    auto colon = base.rfind(':');
                    if (colon != std::string::npos && base.compare(colon + 1, 1, "v") == 0)
                        ls.contextId = base.substr(0, colon) + ";" + base.substr(colon + 2);
                    continue;
                }
                if (id.starts_with("dtmi:dtdl:restriction:global;")) {
                    ls.idMaxLength = opt<std::size_t>(n["dtmm:identifier"], "sh:maxLength");
                    continue;
                }
                if (auto len = opt<std::size_t>(n["dtmm:identifier"], "sh:maxLength")) ls.classIdMaxLength[id] = *len;
                for (const Json& p : n["sh:property"].list())
                    if (auto len = opt<std::size_t>(p, "sh:maxLength"))
                        ls.propertyMaxLength[p.value("sh:path", "")] = *len;
                for (const Json& d : n["dtmm:descendants"].list()) {
                    DescendantRule dr;
                    dr.properties = strings(d.value("dtmm:properties", Json::array()));
                    dr.narrow = d.value("dtmm:narrow", false);
                    dr.maxCount = opt<int>(d, "dtmm:maxCount");
                    dr.maxDepth = opt<int>(d, "dtmm:maxDepth");
                    ls.descendants.push_back(std::move(dr));
                }
            }
            if (ls.contextId.empty())
                throw std::logic_error(std::string("the embedded DTDL metamodel has a limit file without a documentation node: ") += file);
            m.limits_.push_back(std::move(ls));
        }
        for (const Json& e : doc["elements"].list()) {
            int version = 2;
            const Json& ctx = e.contains("@context") ? e["@context"] : Json();
            std::string first = ctx.is_array() && !ctx.empty() ? ctx[std::size_t{0}].get<std::string>()
                                : ctx.is_string()            ? ctx.get<std::string>()
                                                             : std::string();
            if (first.ends_with(";3")) version = 3;
            if (first.ends_with(";4")) version = 4;
            collectElement(m.elements_, e, version, {}, {});
        }
        // A co-type without its own sh:or applies where its nearest ancestor with one does
        // (Velocity where QuantitativeType does).
        for (auto& [iri, c] : m.classes_) {
            for (const std::string& a : m.ancestors_.find(iri)->second) {
                if (!c.cotypeOf.empty()) break;
                if (const ClassRule* r = m.cls(a); r != nullptr && r != &c) c.cotypeOf = r->cotypeOf;
            }
        }
        // Property ids: every IRI a class's rule constrains gets a small integer, given to its
        // rules and to the context terms that name it, so readers match a term to a rule by id.
        for (auto& [iri, c] : m.classes_)
            for (PropertyRule& p : c.properties) {
                p.propertyId = m.propertyIds_.try_emplace(p.iri, static_cast<std::int32_t>(m.propertyIds_.size()))
                                   .first->second;
                // DTDL v2's unit, which no v2 class declares (IoT Central's semantic types do),
                // names the identifiers of its inline values by its unversioned IRI.
                if (p.iri == "dtmi:dtdl:property:unit;2") p.idSegment = "dtmi:dtdl:property:unit";
            }
        for (auto& [id, ctx] : m.contexts_)
            for (auto& [t, term] : ctx.terms) {
                if (auto it = m.propertyIds_.find(term.iri); it != m.propertyIds_.end()) term.propertyId = it->second;
                term.cls = m.cls(term.iri); // (classes_ is a std::map: the pointer stays valid)
            }
    }
};

const Metamodel& Metamodel::get() {
    // NOTE(dtc): built once and deliberately never destroyed: tearing down its thousands of
    // strings, vectors and map nodes at exit cost ~2M instructions (1.2%) of every check and
    // frees nothing the process still needs. The pointer stays reachable, so leak checkers
    // do not report it.
    static const Metamodel* const instance = [] {
        auto* m = new Metamodel();
        Loader::load(*m);
        return m;
    }();
    return *instance;
}

const Context* Metamodel::context(std::string_view id) const {
    auto it = contextIndex_.find(id);
    return it == contextIndex_.end() ? nullptr : it->second;
}

const ClassRule* Metamodel::cls(std::string_view iri) const {
    auto it = classIndex_.find(iri);
    return it == classIndex_.end() ? nullptr : it->second;
}

DtdlProperty dtdlPropertyOf(std::string_view iri) {
    constexpr std::string_view kPrefix = "dtmi:dtdl:property:";
    if (!iri.starts_with(kPrefix)) return DtdlProperty::Other;
    iri.remove_prefix(kPrefix.size());
    const std::size_t semi = iri.find(';');
    if (semi == std::string_view::npos) return DtdlProperty::Other;
    static const std::pair<std::string_view, DtdlProperty> kNames[] = {
        {"name", DtdlProperty::Name}, {"comment", DtdlProperty::Comment}, {"writable", DtdlProperty::Writable},
        {"minMultiplicity", DtdlProperty::MinMultiplicity}, {"maxMultiplicity", DtdlProperty::MaxMultiplicity},
        {"enumValue", DtdlProperty::EnumValue}, {"nullable", DtdlProperty::Nullable},
        {"extends", DtdlProperty::Extends}, {"contents", DtdlProperty::Contents}, {"schemas", DtdlProperty::Schemas},
        {"schema", DtdlProperty::Schema}, {"request", DtdlProperty::Request}, {"response", DtdlProperty::Response},
        {"commandType", DtdlProperty::CommandType}, {"target", DtdlProperty::Target},
        {"properties", DtdlProperty::Properties}, {"elementSchema", DtdlProperty::ElementSchema},
        {"valueSchema", DtdlProperty::ValueSchema}, {"enumValues", DtdlProperty::EnumValues},
        {"mapKey", DtdlProperty::MapKey}, {"mapValue", DtdlProperty::MapValue}, {"fields", DtdlProperty::Fields},
    };
    const std::string_view name = iri.substr(0, semi);
    for (const auto& [n, p] : kNames)
        if (n == name) return p;
    return DtdlProperty::Other;
}

const Globals& Metamodel::globals(int dtdlVersion) const {
    if (dtdlVersion < 1 || static_cast<std::size_t>(dtdlVersion) >= globals_.size() ||
        !globals_[static_cast<std::size_t>(dtdlVersion)])
        throw std::logic_error("no DTDL globals for this version");
    return *globals_[static_cast<std::size_t>(dtdlVersion)];
}

bool Metamodel::isA(std::string_view c, std::string_view ancestor) const {
    if (c == ancestor) return true;
    // ancestors_ has an entry for every class (the loader fills it before anything calls isA),
    // so a class missing from it is no class at all and has no ancestors.
    auto it = ancestors_.find(c);
    return it != ancestors_.end() &&
           std::find(it->second.begin(), it->second.end(), ancestor) != it->second.end();
}

std::int32_t Metamodel::propertyId(std::string_view iri) const {
    auto it = propertyIds_.find(iri);
    return it == propertyIds_.end() ? -1 : it->second;
}

const std::vector<const PropertyRule*>& Metamodel::propertiesOf(std::string_view c) const {
    static const std::vector<const PropertyRule*> kNone;
    auto it = propertiesOf_.find(c);
    return it == propertiesOf_.end() ? kNone : it->second;
}

bool Metamodel::uniqueValue(const std::vector<std::string>& cotypes, std::string_view iri) const {
    return std::any_of(cotypes.begin(), cotypes.end(), [&](const std::string& t) {
        const auto& rules = propertiesOf(t);
        return std::any_of(rules.begin(), rules.end(),
                           [&](const PropertyRule* p) { return p->uniqueValue && p->iri == iri; });
    });
}

const std::vector<const DescendantRule*>& Metamodel::descendantsOf(std::string_view c) const {
    static const std::vector<const DescendantRule*> kNone;
    auto it = descendantsOf_.find(c);
    return it == descendantsOf_.end() ? kNone : it->second;
}

std::vector<std::string> Metamodel::contextIds() const {
    std::vector<std::string> out;
    for (const auto& [id, c] : contexts_) out.push_back(id);
    return out;
}

const LimitSet* Metamodel::limitSet(std::string_view contextId) const {
    for (const LimitSet& l : limits_)
        if (l.contextId == contextId) return &l;
    return nullptr;
}

const LimitSet* Metamodel::limitsOf(const std::vector<std::string>& contexts) const {
    for (std::size_t i = 0; i + 1 < contexts.size(); ++i)
        if (contexts[i].starts_with("dtmi:dtdl:context;") && contexts[i].ends_with("#limitless"))
            return limitSet(contexts[i + 1]);
    return nullptr;
}

std::optional<std::size_t> Metamodel::maxLength(const PropertyRule& rule, const LimitSet* limits) {
    if (limits == nullptr || !rule.supersedable) return rule.maxLength;
    auto it = limits->propertyMaxLength.find(rule.iri);
    return it == limits->propertyMaxLength.end() ? std::nullopt : std::optional(it->second);
}

std::optional<std::size_t> Metamodel::idMaxLength(const Globals& g, const LimitSet* limits) {
    if (limits == nullptr || !g.idSupersedable) return g.idMaxLength;
    return limits->idMaxLength;
}

std::optional<std::size_t> Metamodel::idMaxLength(const ClassRule& cls, const LimitSet* limits) {
    if (limits == nullptr || !cls.idSupersedable) return cls.idMaxLength;
    auto it = limits->classIdMaxLength.find(cls.iri);
    return it == limits->classIdMaxLength.end() ? std::nullopt : std::optional(it->second);
}

std::pair<std::optional<int>, std::optional<int>> Metamodel::bounds(const DescendantRule& rule,
                                                                    const LimitSet* limits) {
    if (limits == nullptr || !rule.supersedable) return {rule.maxDepth, rule.maxCount};
    for (const DescendantRule& d : limits->descendants)
        if (d.narrow == rule.narrow && std::is_permutation(d.properties.begin(), d.properties.end(),
                                                           rule.properties.begin(), rule.properties.end()))
            return {d.maxDepth, d.maxCount};
    return {std::nullopt, std::nullopt};
}

const std::string& Metamodel::termOf(std::string_view iri) const {
    static const std::string kNone;
    auto it = termOfIri_.find(iri);
    return it == termOfIri_.end() ? kNone : it->second;
}

} // namespace dtc::metamodel
