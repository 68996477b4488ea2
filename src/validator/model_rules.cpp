// Whole-model DTDL rules: what only the resolved model set shows.
//
// Passes, in the order the official parser applies them (a wrong reference target stops after
// the units of pass 2 and a unit of the wrong kind within pass 2, since what follows would be
// consequences;
// the other findings of passes 2 and 3 are reported beside those of the later passes, as the
// official parser reports them):
//   1. reference targets: class allowed by the property (badType, also for predefined elements
//      whose class the metamodel knows), no references into another Interface's inline
//      definitions (crossPartitionReference), no element referencing a later-version element
//      through a property that allows only earlier versions (disallowedVersionReference);
//   2. co-type rules: units of the semantic type's unit kind (wrongParent), then narrowed
//      classes and values of core properties (notRequiredType, notRequiredValue);
//   3. sibling rules of adjunct types (annotation, overriding);
//   4. descendant rules of the metamodel (dtmm:descendants): recursion, depth limits,
//      excluded types, typed enum values; inherited name uniqueness across `extends`.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "diag/helper_thread.h"
#include "ir/phrase.h"

#include "metamodel/metamodel.h"
#include "validator/validator.h"

namespace dtc::validator {

namespace {

using metamodel::Metamodel;

constexpr std::string_view kErr = "dtmi:dtdl:parsingError:";

/// The metamodel class IRI of an element ("dtmi:dtdl:class:Telemetry;3").
std::string classIri(const ir::Element& e) {
    if (const auto* x = std::get_if<ir::ExtensionElement>(&e.body))
        return x->classes.empty() ? std::string() : x->classes.front();
    int v = e.languageVersion == 0 ? 2 : e.languageVersion;
    // Built with one allocation: this runs for every element in several passes.
    constexpr std::string_view kPrefix = "dtmi:dtdl:class:";
    const auto* p = std::get_if<ir::PrimitiveSchema>(&e.body);
    std::string_view name = p != nullptr ? ir::primitiveName(p->kind) : ir::className(e.body);
    std::string version = std::to_string(v);
    std::string out;
    out.reserve(kPrefix.size() + name.size() + 1 + version.size());
    out.append(kPrefix).append(name).append(";").append(version);
    if (p != nullptr && !name.empty())
        out[kPrefix.size()] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[kPrefix.size()])));
    return out;
}

class Ahead;

/// Names numbered in the order they are first asked for (property terms, class IRIs), each
/// kept once and viewed by its number.
struct Interner {
    metamodel::StringIndex<std::uint32_t> ids;
    std::vector<const std::string*> names; ///< by id (views of the keys: a node stays put)
    std::uint32_t idOf(std::string_view key) {
        // (Looked up by view first: a key is copied only the first time.)
        if (auto it = ids.find(key); it != ids.end()) return it->second;
        const auto it = ids.emplace(std::string(key), static_cast<std::uint32_t>(ids.size())).first;
        names.push_back(&it->first);
        return it->second;
    }
    [[nodiscard]] std::size_t size() const { return names.size(); }
};

/// The class IRIs elements are given (Checker::classOf), each kept once: built ones by (body,
/// detail, version), a predefined element's by "version|term".
struct ClassIris {
    std::unordered_map<std::uint32_t, std::string> built;
    std::unordered_map<std::string, std::string> byTerm;
};

class Checker {
public:
    /// With `threads` 2, a large model's tables are read on two threads (the result is the same).
    Checker(const ir::Model& m, diag::Engine& d, unsigned threads) : model_(m), diags_(&d), mm_(Metamodel::get()) {
        auto t = std::make_shared<Tables>();
        const std::size_t n = model_.size();
        t->classOf.resize(n);
        t->facts.resize(n);
        t->nameHash.resize(n);
        t->parent.assign(n, ir::ElementId{});
        // NOTE(dtc): reading every element and reference is memory-bound, a fifth of the
        // validator's time on a large model when it ran on one thread before the passes: the
        // second half of the elements is read on the helper thread, with names interned in
        // tables of its own that are then merged into the first half's.
        // (Whether two threads pay is the caller's choice: the driver asks for them on large
        // models only.)
        std::array<Names, 2> names;
        std::array<Part, 2> parts;
        const std::size_t half = diag::inTwoHalves(threads >= 2, n, [&](std::size_t lo, std::size_t hi, unsigned part) {
            readTables(*t, names[part], lo, hi, parts[part]);
        });
        auto& [first, second] = names;
        auto& [own, rest] = parts;
        // The first half's names are the checker's; the second half's are translated to them.
        properties_ = std::move(first.properties); // (nodes move with the table: the views stay valid)
        t->classIris = std::move(first.classIris);
        if (half < n) {
            std::vector<std::uint32_t> propertyOf(second.properties.size());
            for (std::size_t k = 0; k < propertyOf.size(); ++k) propertyOf[k] = propertyId(*second.properties.names[k]);
            for (Edge& edge : rest.edges) edge.property = propertyOf[edge.property] & kPropertyMask;
            std::unordered_map<const std::string*, const std::string*> classOf;
            for (auto& [key, iri] : second.classIris.built)
                classOf.emplace(&iri, &t->classIris.built.try_emplace(key, iri).first->second);
            for (auto& [key, iri] : second.classIris.byTerm)
                classOf.emplace(&iri, &t->classIris.byTerm.try_emplace(key, iri).first->second);
            for (std::size_t i = half; i < n; ++i)
                if (auto it = classOf.find(t->classOf[i]); it != classOf.end()) t->classOf[i] = it->second;
        }
        // The parts, in model order. An element defined inline is the last referrer's (the
        // greatest index), as one pass in model order leaves it.
        t->edges = std::move(own.edges);
        t->edgeBegin = std::move(own.edgeBegin);
        t->interfaces = std::move(own.interfaces);
        t->withCotypes = std::move(own.withCotypes);
        const auto offset = static_cast<std::uint32_t>(t->edges.size());
        for (std::uint32_t b : rest.edgeBegin) t->edgeBegin.push_back(b + offset);
        t->edges.insert(t->edges.end(), rest.edges.begin(), rest.edges.end());
        t->edgeBegin.push_back(static_cast<std::uint32_t>(t->edges.size()));
        t->interfaces.insert(t->interfaces.end(), rest.interfaces.begin(), rest.interfaces.end());
        t->withCotypes.insert(t->withCotypes.end(), rest.withCotypes.begin(), rest.withCotypes.end());
        for (const Part* part : {&own, &rest})
            for (const auto& [child, parent] : part->parents) {
                ir::ElementId& p = t->parent[child];
                if (!p.valid() || p.index < parent.index) p = parent;
            }
        emptyPropertyId_ = propertyId("");
        tables_ = std::move(t);
    }

    /// Runs the passes; true when the last ones ran ahead and were kept (see Ahead).
    /// `afterReferences` as validateModel's.
    bool run(unsigned threads, const std::function<void()>& afterReferences);

private:
    friend class Ahead;

    /// The passes, in order; those `ahead` ran are not run again if it found nothing (then true).
    bool runInOrder(Ahead* ahead, const std::function<void()>& afterReferences);

    /// The passes up to the last three; whether those follow (false: they stopped at a wrong
    /// reference or a unit of the wrong kind). `afterReferences` is called once the references
    /// pass found nothing.
    [[nodiscard]] bool firstPasses(const std::function<void()>& afterReferences) {
        references();
        // A reference of the wrong class stops before the co-types' narrower requirements and
        // the lists longer than their maximum that the reader left until now (validateModel's
        // afterReferences); the units of the wrong kind are still reported beside it, as the
        // official parser reports them (settled cases dtc/UnitsBesideWrongReference).
        if (errors_ != 0) {
            supplementalRules(false);
            return false;
        }
        if (afterReferences) afterReferences();
        // (The units of every element first: one of the wrong kind is reported without the
        // narrowed requirements, which are found in the same pass and reported after them.)
        if (!supplementalRules(true)) return false;
        // NOTE(dtc): what the co-types' narrowed requirements find (notRequiredType), a value
        // outside a listed set (incorrectPropertyValue) and what the sibling rules find
        // (notSiblingRequiredType, siblingPropertyMismatch) do not stop the official parser: it
        // goes on to the sibling and descendant rules and reports their findings beside them
        // (excludedType, recursiveStructureNarrow, excessiveDepthWide, an Enum's values:
        // nonConformantDatatype, nonUniquePropertyValue; settled cases
        // dtc/NarrowedTypeThenLaterRules, dtc/EnumDatatypeBesideUnlistedSchema).
        for (UnlistedValue& u : unlistedValues_)
            report("incorrectPropertyValue", u.range, std::move(u.primary), {}, std::move(u.property),
                   std::move(u.value), std::move(u.message));
        siblings();
        return true;
    }

    const ir::Model& model_;
    /// Where findings go; null in a copy that runs passes ahead (Ahead), which only counts them.
    diag::Engine* diags_;
    /// In a copy that runs passes ahead: set when its work is not wanted any more (checked
    /// every few elements by the passes it runs).
    const std::atomic<bool>* abandon_ = nullptr;
    bool abandoned(std::size_t i) const {
        return abandon_ != nullptr && i % 64 == 0 && abandon_->load(std::memory_order_relaxed);
    }
    const Metamodel& mm_;
    std::size_t errors_ = 0;

    /// What the passes ask of every element most often, read from it once (the constructor).
    struct Facts {
        std::uint8_t body;  ///< ir::Body::index()
        bool standard;      ///< a predefined element (origin.format Standard)
        bool cotyped;       ///< it has co-types (extras->supplementalTypes)
        bool named;         ///< it has a name (hashed in Tables::nameHash)
        int version;        ///< languageVersion
    };
    static constexpr std::uint8_t kInterfaceBody = static_cast<std::uint8_t>(ir::kBodyIndex<ir::Interface>);
    static constexpr std::uint8_t kEnumBody = static_cast<std::uint8_t>(ir::kBodyIndex<ir::EnumSchema>);
    static constexpr std::uint8_t kExtensionBody = static_cast<std::uint8_t>(ir::kBodyIndex<ir::ExtensionElement>);
    /// A resolved reference of an element, with its property term as a propertyId() and what
    /// the passes test of it.
    struct Edge {
        const ir::Ref* ref;
        ir::ElementId resolved;
        std::uint32_t property : 30;
        std::uint32_t inlineDefinition : 1;
        std::uint32_t dependent : 1;
    };
    // NOTE(dtc): every pass asks the same few things of every element: its class, its
    // parent, its resolved references and their properties, its kind and version. They are
    // read from the elements once, in the constructor, into arrays the passes walk instead:
    // an element is 288 bytes and its references lie in blocks of their own, so each pass
    // over the elements missed the cache about once per element and again per reference
    // (it is most of the validator's time on a large model). The copies that run passes
    // ahead share them (Ahead).
    struct Tables {
        std::vector<const std::string*> classOf; ///< class IRI per element (interned: see Names)
        std::vector<Facts> facts;                ///< per element
        std::vector<std::size_t> nameHash;       ///< per element: std::hash of its name, if Facts::named
        std::vector<ir::ElementId> parent;       ///< per element, the one defining it inline (or invalid)
        // NOTE(dtc): the passes that look at a few kinds of elements only walk lists of them:
        // a pass over every element reads a cache line of each (200,000 on the generated 10k
        // set) to find the 10,000 Interfaces or the few with co-types.
        std::vector<ir::ElementId> interfaces;  ///< the Interfaces, in model order
        std::vector<ir::ElementId> withCotypes; ///< elements with co-types or their properties, in model order
        std::vector<Edge> edges;                ///< every element's resolved references, in forEachRef order
        std::vector<std::uint32_t> edgeBegin;   ///< element i's are [edgeBegin[i], edgeBegin[i+1])
        ClassIris classIris; ///< what classOf views
    };
    std::shared_ptr<const Tables> tables_;
    static constexpr std::uint32_t kPropertyMask = (1u << 30) - 1;
    /// Names interned by one thread of the constructor: class IRIs (with a small
    /// direct-mapped cache of the built ones) and property terms (propertyId).
    struct Names {
        ClassIris classIris;
        std::array<std::pair<std::uint32_t, const std::string*>, 64> recentClassIris{};
        Interner properties;
        /// (An element's references are of a few properties, the same ones from element to
        /// element: the last four names seen are compared before the table is asked.)
        std::array<std::pair<std::string_view, std::uint32_t>, 4> recentProperties{};
        std::size_t nextSlot = 0;
        std::uint32_t propertyId(const std::string& property) {
            for (const auto& [name, pid] : recentProperties)
                if (name.data() != nullptr && name == property) return pid;
            const std::uint32_t pid = properties.idOf(property);
            recentProperties[nextSlot] = {*properties.names[pid], pid};
            nextSlot = (nextSlot + 1) % recentProperties.size();
            return pid;
        }
    };
    /// What the constructor reads of elements [lo, hi) besides classOf and facts (written in
    /// place), in model order.
    struct Part {
        std::vector<Edge> edges;
        std::vector<std::uint32_t> edgeBegin; ///< per element of the range, into `edges`
        std::vector<ir::ElementId> interfaces, withCotypes;
        /// (child, parent) for a child outside the range (the other thread's to write).
        std::vector<std::pair<std::uint32_t, ir::ElementId>> parents;
    };
    static constexpr std::size_t kAhead = 8;
    void readTables(Tables& t, Names& names, std::size_t lo, std::size_t hi, Part& part) const {
        part.edgeBegin.reserve(hi - lo);
        for (std::size_t i = lo; i < hi; ++i) {
            const ir::ElementId id{static_cast<std::uint32_t>(i)};
            const ir::Element& e = model_[id];
            // (What lies outside the elements a few steps ahead, their names and an Interface's
            // reference lists, is fetched meanwhile: the elements themselves are read in order.)
            if (i + kAhead < hi) {
                const ir::Element& ahead = model_[ir::ElementId{static_cast<std::uint32_t>(i + kAhead)}];
                if (ahead.name) __builtin_prefetch(ahead.name->data());
                if (const auto* in = ahead.getIf<ir::Interface>()) {
                    __builtin_prefetch(in->contents.data());
                    __builtin_prefetch(in->extends.data());
                }
            }
            t.classOf[i] = internedClassIri(names, e);
            const bool cotyped = !e.extras->supplementalTypes.empty();
            t.facts[i] = {static_cast<std::uint8_t>(e.body.index()), e.origin.format == ir::SourceFormat::Standard,
                          cotyped, e.name.has_value(), e.languageVersion};
            if (e.name) t.nameHash[i] = std::hash<std::string_view>{}(*e.name);
            part.edgeBegin.push_back(static_cast<std::uint32_t>(part.edges.size()));
            ir::forEachRef(e, [&](const ir::Ref& r) {
                if (!r.resolved.valid()) return;
                if (r.inlineDefinition) {
                    if (r.resolved.index >= lo && r.resolved.index < hi) t.parent[r.resolved.index] = id;
                    else part.parents.emplace_back(r.resolved.index, id);
                }
                part.edges.push_back({&r, r.resolved, names.propertyId(r.property) & kPropertyMask,
                                      r.inlineDefinition, r.dependent});
            });
            if (e.is<ir::Interface>()) part.interfaces.push_back(id);
            if (cotyped || !e.extras->supplementalProperties.empty()) part.withCotypes.push_back(id);
        }
    }
    const Tables& tab() const { return *tables_; }
    const Facts& facts(ir::ElementId id) const { return tables_->facts[id.index]; }
    std::span<const Edge> edgesOf(ir::ElementId e) const {
        const Tables& t = *tables_;
        return std::span<const Edge>(t.edges).subspan(t.edgeBegin[e.index], t.edgeBegin[e.index + 1] - t.edgeBegin[e.index]);
    }

    /// The class a term names in the contexts of DTDL `version` (the term itself if none).
    std::string classOfTerm(const std::string& term, int version) const {
        for (const std::string& id : mm_.contextIds()) {
            const metamodel::Context* ctx = mm_.context(id);
            if (ctx == nullptr || ctx->dtdlVersion != version) continue;
            if (auto t = ctx->terms.find(term); t != ctx->terms.end() && mm_.cls(t->second.iri) != nullptr)
                return t->second.iri;
        }
        return term;
    }

    /// classIri(e), built once per distinct (class, primitive, version): a model has few.
    const std::string* internedClassIri(Names& t, const ir::Element& e) const {
        static const std::string kNone;
        if (const auto* x = std::get_if<ir::ExtensionElement>(&e.body)) {
            if (x->classes.empty()) return &kNone;
            const std::string& c = x->classes.front(); // the model is const here
            if (c.find(':') != std::string::npos) return &c;
            // A predefined element of an element file names its class by term (CommandType,
            // SymbolicUnit): the class IRI that term has in the contexts of its DTDL version.
            auto [it, fresh] = t.classIris.byTerm.try_emplace(std::to_string(e.languageVersion) + "|" + c);
            if (fresh) it->second = classOfTerm(c, e.languageVersion);
            return &it->second;
        }
        // What else than the body's type the class name depends on: the primitive, the
        // command payload's role (CommandRequest, CommandResponse).
        std::uint32_t detail = 0xFFu;
        if (const auto* p = std::get_if<ir::PrimitiveSchema>(&e.body)) detail = static_cast<std::uint32_t>(p->kind);
        if (const auto* c = std::get_if<ir::CommandPayload>(&e.body)) detail = static_cast<std::uint32_t>(c->role);
        std::uint32_t key = static_cast<std::uint32_t>(e.body.index()) << 16 | detail << 8 |
                            static_cast<std::uint32_t>(e.languageVersion & 0xFF);
        auto& recent = t.recentClassIris[(key * 0x9E3779B1u) >> 26];
        if (recent.second != nullptr && recent.first == key) return recent.second;
        auto [it, fresh] = t.classIris.built.try_emplace(key);
        if (fresh) it->second = classIri(e);
        recent = {key, &it->second};
        return &it->second;
    }

    /// The class IRI of an element of the model (classIri, computed once per element).
    const std::string& classOf(const ir::Element& e) const {
        return *tables_->classOf[e.self.index];
    }
    const std::string& classOf(ir::ElementId id) const { return *tables_->classOf[id.index]; }

    /// Visited marks of breadth-first walks: element i is marked in walk w when mark_[i] == w,
    /// so a new walk starts with nothing marked without clearing anything.
    std::vector<std::uint32_t> mark_;
    std::uint32_t markEpoch_ = 0;
    std::uint32_t newMarks() {
        if (mark_.size() != model_.size()) mark_.assign(model_.size(), 0);
        return ++markEpoch_;
    }
    bool markOnce(ir::ElementId id, std::uint32_t epoch) {
        if (mark_[id.index] == epoch) return false;
        mark_[id.index] = epoch;
        return true;
    }

    void report(std::string_view vid, diag::SourceRange range, std::optional<std::string> primary,
                std::optional<std::string> secondary, std::optional<std::string> property,
                std::optional<std::string> value, std::string message) {
        auto d = diag::Diagnostic::make(diag::Code::DtdlRule, range);
        d.validationId = std::string(kErr) + std::string(vid);
        d.primaryId = std::move(primary);
        d.secondaryId = std::move(secondary);
        d.property = std::move(property);
        d.value = std::move(value);
        d.arg("message", std::move(message));
        if (defer_ != nullptr) defer_->push_back(std::move(d));
        else emit(std::move(d));
    }
    void emit(diag::Diagnostic d) {
        if (diags_ != nullptr) diags_->report(std::move(d));
        ++errors_;
    }
    /// Where report() keeps findings that are reported only if no other is found first
    /// (supplementalRules), or null.
    std::vector<diag::Diagnostic>* defer_ = nullptr;

    /// disallowedVersionReference for `r` of `e`, which names `t` of a later DTDL version (the
    /// official parser's Value is the target's version).
    void reportLaterVersion(const ir::Ref& r, const ir::Element& e, const ir::Element& t) {
        report("disallowedVersionReference", r.range, e.id, t.id, r.property, std::to_string(t.languageVersion),
               "a DTDL v" + std::to_string(e.languageVersion) + " element cannot refer to '" + t.id +
                   "', which is defined in DTDL v" + std::to_string(t.languageVersion));
    }

    /// The limit extension in effect for `id`: the one its partition's document names after
    /// "dtmi:dtdl:context;4#limitless" (nullptr: the core limits).
    const metamodel::LimitSet* limitsOf(ir::ElementId id) const {
        const auto* iface = std::get_if<ir::Interface>(&model_[partitionOf(id)].body);
        return iface != nullptr ? mm_.limitsOf(iface->contexts) : nullptr;
    }

    /// The Interface whose document or inline definition contains `id` (itself for Interfaces).
    ir::ElementId partitionOf(ir::ElementId id) const {
        ir::ElementId cur = id;
        for (int guard = 0; guard < 100000; ++guard) {
            if (facts(cur).body == kInterfaceBody) return cur;
            if (!tab().parent[cur.index].valid()) return cur;
            cur = tab().parent[cur.index];
        }
        return cur;
    }

    /// Whether a predefined element's class is one the metamodel defines, so a reference to it
    /// can be judged against the classes a property allows.
    bool hasKnownClass(ir::ElementId t) const {
        // A primitive schema, a geospatial Object (a body of DTDL's own classes), or an
        // element whose class the metamodel defines (CommandType, a unit's class).
        return facts(t).body != kExtensionBody || mm_.cls(classOf(t)) != nullptr;
    }

    /// Class IRI `cls` in DTDL version `version` ("dtmi:dtdl:class:Component;3" -> ";2"); empty
    /// when `cls` has no one-digit version.
    static std::string classInVersion(const std::string& cls, int version) {
        if (cls.size() <= 2 || cls[cls.size() - 2] != ';' || version <= 0 || version > 9) return {};
        return cls.substr(0, cls.size() - 1) + static_cast<char>('0' + version);
    }

    /// Whether `t` is of one of `classes`, a list that stays where it is for the whole check (a
    /// metamodel rule's, a static one): answers are cached by its address. A predefined element
    /// serves every DTDL version that aliases it (v3's and v4's "string" are aliases of v2's),
    /// and with `acrossVersions` any element does: its class is tried in the other versions too.
    /// (A co-type's narrowed property accepts the same class of another version, as the official
    /// parser has it: MQTT's Transparent needs an Object;3 or Object;4 schema, and a DTDL v2
    /// Object nested in a v3 CommandRequest is one; settled case dtc/CotypeClassInOtherVersion.)
    bool targetIsA(const ir::Element& t, const std::vector<std::string>& classes, bool acrossVersions = false) const {
        return targetIsA(t.self, classes, acrossVersions);
    }
    bool targetIsA(ir::ElementId tid, const std::vector<std::string>& classes, bool acrossVersions = false) const {
        const std::string& tc = classOf(tid);
        // (Without co-types the answer depends on the class, the list and whether other DTDL
        // versions are tried, for every element or as a predefined one: it is asked once per
        // such key; classOf gives interned IRIs, the same for a predefined Object and one of the
        // model. The element is read only with co-types.)
        if (facts(tid).cotyped) return targetIsAUncached(model_[tid], tc, classes, acrossVersions);
        const TargetKey key{&tc, &classes, acrossVersions || facts(tid).standard};
        if (auto it = targetIsA_.find(key); it != targetIsA_.end()) return it->second;
        const bool answer = targetIsAUncached(model_[tid], tc, classes, acrossVersions);
        targetIsA_.emplace(key, answer);
        return answer;
    }
    struct TargetKey {
        const std::string* cls;
        const std::vector<std::string>* classes;
        bool acrossVersions;
        friend bool operator==(const TargetKey&, const TargetKey&) = default;
    };
    struct TargetKeyHash {
        std::size_t operator()(const TargetKey& k) const {
            return (std::hash<const void*>{}(k.cls) * 31 + std::hash<const void*>{}(k.classes)) * 2 + k.acrossVersions;
        }
    };
    mutable std::unordered_map<TargetKey, bool, TargetKeyHash> targetIsA_;

    bool targetIsAUncached(const ir::Element& t, const std::string& tc, const std::vector<std::string>& classes,
                           bool acrossVersions) const {
        for (const auto& c : classes) {
            if (mm_.isA(tc, c)) return true;
            // A co-type is one of the element's types too (MQTT's Result requires fields
            // co-typed NormalResult or ErrorResult).
            for (const std::string& st : t.extras->supplementalTypes)
                if (mm_.isA(st, c)) return true;
            if (acrossVersions || t.origin.format == ir::SourceFormat::Standard)
                for (int v : {2, 3, 4})
                    if (std::string other = classInVersion(tc, v); !other.empty() && mm_.isA(other, c)) return true;
        }
        return false;
    }

    const metamodel::PropertyRule* ruleFor(const ir::Element& e, const std::string& term) {
        return ruleOf(classOf(e), term);
    }

    /// The rule of class `cls` for property `term`.
    const metamodel::PropertyRule* ruleOf(const std::string& cls, const std::string& term) {
        // NOTE(dtc): asked for every reference; the (term, rule) list of a class is built once.
        // `cls` must be an interned class IRI (classOf): the list is keyed by its address.
        auto [it, fresh] = termRules_.try_emplace(&cls);
        if (fresh) {
            for (const auto* p : mm_.propertiesOf(cls))
                it->second.emplace_back(p->term.empty() ? std::string_view(mm_.termOf(p->iri)) : std::string_view(p->term), p);
        }
        for (const auto& [t, p] : it->second)
            if (t == term) return p;
        return nullptr;
    }
    std::unordered_map<const std::string*, std::vector<std::pair<std::string_view, const metamodel::PropertyRule*>>> termRules_;

    // ---- pass 1: reference targets ----------------------------------------------------------

    /// A predefined element that is not one of those a property lists (sh:in: a v3 Enum's
    /// valueSchema 'double'), found in pass 1.
    /// NOTE(dtc): the official parser reports it with the narrowed classes of co-types
    /// (notRequiredType), after the reference targets and the units: a reference of the wrong
    /// class, a repeated contents name or a unit of the wrong kind is reported without it; the
    /// sibling and descendant rules' findings are reported beside it (firstPasses).
    struct UnlistedValue {
        diag::SourceRange range;
        std::string primary, property, value, message;
    };
    std::vector<UnlistedValue> unlistedValues_;

    void references() {
        for (std::size_t i = 0; i < model_.size(); ++i) {
            ir::ElementId id{static_cast<std::uint32_t>(i)};
            const Facts& ef = facts(id);
            if (ef.standard) continue;
            const std::string& cls = classOf(id);
            uniqueValues(id, cls, true);
            // (The referring element, its references and their targets are read from the model
            // only to check what the tables do not hold, or to report.)
            const ir::Element& e = model_[id];
            for (const Edge& edge : edgesOf(id)) {
                if (edge.inlineDefinition || edge.property == emptyPropertyId_) continue;
                const ir::Ref& r = *edge.ref;
                const std::string& property = *properties_.names[edge.property];
                const ir::ElementId tid = edge.resolved;
                const Facts& tf = facts(tid);
                if (tf.standard) {
                    const ir::Element& t = model_[tid];
                    const auto* rule = ruleOf(cls, property);
                    if (rule == nullptr) continue;
                    // A predefined element whose class the metamodel knows is checked against the
                    // classes the property allows ("synchronous" is no schema, "degreeCelsius"
                    // neither); one of an unknown class is not judged.
                    if (hasKnownClass(tid) && !rule->classes.empty()) {
                        if (!targetIsA(tid, rule->classes)) {
                            // (Named as the referrer's version names it: "double" in a v3
                            // document is "dtmi:dtdl:instance:Schema:double;3".)
                            report("badType", r.range, e.id, inVersion(t.id, ef.version), property, classTerm(t),
                                   "'" + property + "' of '" + e.id + "' cannot be a " + classTerm(t));
                            continue;
                        }
                        // Allowed only as its class in the referrer's own version: a predefined
                        // element of a later version (a v3 Property's schema naming
                        // QuantitativeTypes v2's TemperatureUnit, defined for DTDL v4). A later
                        // version's primitive written by its identifier is an alias of the
                        // earlier one ("dtmi:dtdl:instance:Schema:boolean;3" serves v2 too).
                        if (ef.version != 0 && tf.version > ef.version && !t.is<ir::PrimitiveSchema>() &&
                            std::none_of(rule->classes.begin(), rule->classes.end(),
                                         [&](const std::string& c) { return mm_.isA(classOf(tid), c); })) {
                            reportLaterVersion(r, e, t);
                            continue;
                        }
                    }
                    // One of the listed elements in another DTDL version (v2's synchronous
                    // command type in a v3 Command): the version is the error.
                    if (!rule->in.empty() && !listed(rule->in, t.id) && ef.version > 0 && tf.version > 0 &&
                        tf.version != ef.version && listed(rule->in, inVersion(t.id, ef.version))) {
                        reportLaterVersion(r, e, t);
                        continue;
                    }
                    if (!rule->in.empty() && !listed(rule->in, t.id)) {
                        // Reported with the co-types' narrowed values (supplementalRules).
                        std::string shown(t.displayName.best());
                        if (shown.empty()) shown = t.id;
                        unlistedValues_.push_back({r.range, e.id, property, shown,
                                                   "'" + property + "' of '" + e.id + "' cannot be '" + shown + "'"});
                    }
                    continue;
                }
                // NOTE(dtc): an element defined inside another Interface is out of reach whatever
                // else is wrong with the reference: the official parser reports it beside the
                // target's class (badType) or version (disallowedVersionReference), first
                // (settled cases dtc/CrossPartitionBesideOtherErrors).
                if (tf.body != kInterfaceBody) {
                    ir::ElementId pt = partitionOf(tid);
                    ir::ElementId pe = partitionOf(id);
                    if (pt != tid && pt != pe) {
                        const ir::Element& t = model_[tid];
                        report("crossPartitionReference", r.range, e.id, t.id, property, model_[pt].id,
                               "'" + e.id + "' refers to '" + t.id + "', which is defined inside '" +
                                   model_[pt].id + "'; only elements of the same Interface or top-level elements can be referenced");
                    }
                }
                // A class the property allows, only of a later DTDL version (a v2 Interface
                // extending a v3 Interface, a v3 one extending a v4 one): the version is the
                // error, as the reference parser reports it (disallowedVersionReference below),
                // not the class.
                bool laterVersionOfAllowed = false;
                if (const auto* rule = ruleOf(cls, property); rule && !rule->classes.empty()) {
                    const std::string& tc = classOf(tid);
                    bool ok = std::any_of(rule->classes.begin(), rule->classes.end(),
                                          [&](const std::string& c) { return mm_.isA(tc, c); });
                    // A target of an allowed class in another DTDL version (a v2 Interface
                    // extending a v3 Interface) is a version error, reported below, not a badType.
                    // The target's class restated in the referrer's version (empty: none).
                    const std::string same = ef.version != 0 && tf.version != ef.version
                                                 ? classInVersion(tc, ef.version)
                                                 : std::string();
                    auto sameAllowed = [&] {
                        return !same.empty() && std::any_of(rule->classes.begin(), rule->classes.end(),
                                                            [&](const std::string& c) { return mm_.isA(same, c); });
                    };
                    if (!ok && sameAllowed()) {
                        ok = true;
                        laterVersionOfAllowed = tf.version > ef.version;
                    }
                    if (ok && !rule->in.empty())
                        ok = std::find(rule->in.begin(), rule->in.end(), model_[tid].id) != rule->in.end();
                    if (!ok && ef.version < tf.version) laterVersionOfAllowed = sameAllowed();
                    if (!ok && !laterVersionOfAllowed) {
                        const ir::Element& t = model_[tid];
                        report("badType", r.range, e.id, t.id, property, std::string(ir::className(t.body)),
                               "'" + property + "' of '" + e.id + "' refers to '" + t.id + "', a " +
                                   std::string(ir::className(t.body)) + ", which the property does not allow");
                        continue;
                    }
                }
                // A Relationship's target is an identifier, not a dependency (it need not even
                // resolve): it may name an Interface of any version.
                if (edge.dependent && ef.version != 0 && tf.version > ef.version &&
                    (ef.version < 3 || laterVersionOfAllowed)) {
                    reportLaterVersion(r, e, model_[tid]);
                    continue;
                }
            }
        }
    }

    /// True when predefined element `id` is one of `in`, directly or as an alias of the same
    /// element ("dtmi:dtdl:instance:Schema:integer;4" in a v3 Enum's valueSchema: an alias of
    /// integer;3 and integer;2, as the official parser accepts it).
    bool listed(const std::vector<std::string>& in, const std::string& id) const {
        if (std::find(in.begin(), in.end(), id) != in.end()) return true;
        const std::string_view target = original(id);
        return std::any_of(in.begin(), in.end(), [&](const std::string& x) { return original(x) == target; });
    }

    /// The predefined element that `id` is an alias of, through every alias
    /// ("dtmi:dtdl:instance:Schema:string;3" -> "...string;2"); `id` itself if it is none. The
    /// official parser names a predefined element so in its errors.
    static std::string_view original(std::string_view id) {
        static const std::unordered_map<std::string_view, std::string_view> kAliasOf = [] {
            std::unordered_map<std::string_view, std::string_view> out;
            for (const auto& se : metamodel::Metamodel::get().standardElements())
                if (!se.aliasFor.empty()) out.emplace(se.id, se.aliasFor);
            return out;
        }();
        for (int hops = 0; hops < 8; ++hops) {
            auto it = kAliasOf.find(id);
            if (it == kAliasOf.end()) break;
            id = it->second;
        }
        return id;
    }

    /// The identifier a DTDL vN document's term gives a predefined element: its alias of
    /// version N ("dtmi:dtdl:instance:Schema:double;3", an alias of ...double;2) where one
    /// exists, else the element's own.
    std::string inVersion(const std::string& id, int version) const {
        static const std::unordered_set<std::string_view> kPredefined = [] {
            std::unordered_set<std::string_view> out;
            for (const auto& se : metamodel::Metamodel::get().standardElements()) out.insert(se.id);
            return out;
        }();
        const auto semi = id.rfind(';');
        if (semi == std::string::npos || version <= 0) return id;
        for (int v = version; v > 0; --v) {
            std::string candidate = id.substr(0, semi + 1) + std::to_string(v);
            if (candidate == id) break;
            if (kPredefined.contains(candidate)) return candidate;
        }
        return id;
    }

    std::string classTermOf(const std::string& c) const {
        const std::string& term = mm_.termOf(c);
        if (!term.empty()) return term;
        auto colon = c.rfind(':');
        auto semi = c.rfind(';');
        return c.substr(colon + 1, semi == std::string::npos ? std::string::npos : semi - colon - 1);
    }

    std::string classTerm(const ir::Element& t) const { return classTermOf(classOf(t)); }

    /// DTDL v2 semantic types (dtmi:standard:class:X;2) are not described by the v2 metamodel
    /// files; their rules are those of the QuantitativeTypes extension's class of the same name
    /// (same units, same names): a numeric schema and a unit of the type's unit enumeration.
    /// False when the element lacks a property its semantic type requires (reported).
    bool v2SemanticTypes(const ir::Element& e) {
        static const std::string kPrefix = "dtmi:standard:class:";
        for (const std::string& st : e.extras->supplementalTypes) {
            if (!st.starts_with(kPrefix) || e.languageVersion != 2) continue;
            std::string name = st.substr(kPrefix.size(), st.find(';') - kPrefix.size());
            std::string qt = "dtmi:dtdl:extension:quantitativeTypes:v1:class:" + name;
            if (mm_.cls(qt) == nullptr) continue;
            std::string unitEnum;
            for (const auto* p : mm_.propertiesOf(qt))
                if (!p->childOf.empty()) unitEnum = p->childOf;
            if (unitEnum.empty()) continue;
            // A missing unit is the one error (the official parser checks the values' types
            // only on an element that has its required properties).
            const ir::PropertyValue* unit = nullptr;
            for (const auto& pv : e.extras->supplementalProperties)
                if (pv.property == "dtmi:dtdl:property:unit;2") unit = &pv;
            if (unit == nullptr || unit->refs.empty()) {
                report("missingSupplementalObjectProperty", e.origin.range, e.id, {}, std::string("unit"), {},
                       "semantic type '" + name + "' requires a 'unit'");
                return false;
            }
            ir::forEachRef(e, [&](const ir::Ref& r) {
                if (r.property != "schema" || !r.resolved.valid()) return;
                const ir::Element& t = model_[r.resolved];
                // (A list that stays put: targetIsA caches its answers by the list's address.)
                static const std::vector<std::string> kNumeric{"dtmi:dtdl:class:NumericSchema;2"};
                if (!targetIsA(t, kNumeric))
                    report("notRequiredType", r.range, e.id, std::string(original(t.id)), std::string("schema"), {},
                           "semantic type '" + name + "' needs a numeric schema, not '" + t.id + "'");
            });
            for (const ir::Ref& r : unit->refs) {
                // (A unit defined inline is of any unit type: the official parser checks the
                // kind of predefined units only.)
                if (r.inlineDefinition) continue;
                static const std::string kUnit = "dtmi:standard:unit:";
                bool ok = false;
                if (r.target.starts_with(kUnit)) {
                    std::string unitName = r.target.substr(kUnit.size(), r.target.find(';') - kUnit.size());
                    ok = unitMemberOf("dtmi:dtdl:extension:quantitativeTypes:v1:unit:" + unitName, unitEnum);
                }
                if (!ok)
                    report("notRequiredType", r.range, e.id, r.target, std::string("dtmi:dtdl:property:unit;2"), {},
                           "'" + r.target + "' is not a unit of semantic type '" + name + "'");
            }
        }
        return true;
    }

    static constexpr std::string_view kTopLevel = "top-level element";

    /// "child of " the enumeration predefined element `x` belongs to, preferring one of the
    /// same extension version as `wanted` (the enumeration that was required); "top-level
    /// element" when it belongs to none (a DTDL v2 unit such as dtmi:standard:unit:degreeCelsius;2
    /// under a v3 co-type), as the official parser says it.
    static std::string parentEnumOf(const ir::ExtensionElement& x, const std::string& wanted) {
        if (x.memberOf.empty()) return std::string(kTopLevel);
        const std::string_view ns = std::string_view(wanted).substr(0, wanted.rfind(':') + 1);
        auto it = std::find_if(x.memberOf.begin(), x.memberOf.end(),
                               [&](const std::string& m) { return m.starts_with(ns); });
        return "child of " + (it != x.memberOf.end() ? *it : x.memberOf.front());
    }

    /// Where an element sits, as the official parser's wrongParent says it: "child of " the
    /// element that defines it inline, or "top-level element".
    std::string placeOf(ir::ElementId id) const {
        const ir::ElementId parent = tab().parent[id.index];
        return parent.valid() ? "child of " + model_[parent].id : std::string(kTopLevel);
    }

    bool unitMemberOf(const std::string& unit, const std::string& unitEnum) {
        if (unitIndex_.empty())
            for (const auto& se : mm_.standardElements())
                for (const auto& m : se.memberOf) unitIndex_.emplace(se.id + "\x1f" + m);
        return unitIndex_.count(unit + "\x1f" + unitEnum) != 0;
    }
    std::set<std::string> unitIndex_;

    /// What a co-type constrains on an element of one DTDL version: the element's own
    /// properties it narrows to classes or listed values (with their terms), and its unit
    /// properties (dtmm:childOf). Built once per (co-type, version).
    struct Narrowing {
        const metamodel::PropertyRule* rule;
        std::string term;  ///< the property's term, which the element's references name
        std::string shown; ///< the property as errors name it
    };
    struct CotypeRules {
        std::vector<Narrowing> narrowing;
        std::vector<const metamodel::PropertyRule*> units;
    };
    const CotypeRules& cotypeRulesOf(const std::string& cotype, int version) {
        auto& slot = cotypeRules_[cotype][static_cast<std::size_t>(std::clamp(version, 0, 4))];
        if (!slot) {
            slot.emplace();
            const std::string suffix = ";" + std::to_string(version);
            for (const auto* p : mm_.propertiesOf(cotype)) {
                // A co-type narrows the element's own property only: "schema;4" constrains
                // DTDL v4 elements, not a v3 element's "schema;3".
                if (p->iri.starts_with("dtmi:dtdl:property:") && (!p->classes.empty() || !p->in.empty()) &&
                    p->iri.ends_with(suffix))
                {
                    // (A property whose inline values are named by its IRI, DTDL v2's 'unit', which
                    // no v2 class declares, is named so in errors too, as the official parser does
                    // and as the reader's typeErrorPropName names it.)
                    const std::string& term = mm_.termOf(p->iri);
                    slot->narrowing.push_back({p, term, p->idSegment.empty() ? term : p->iri});
                }
                if (!p->childOf.empty()) slot->units.push_back(p);
            }
        }
        return *slot;
    }
    metamodel::StringIndex<std::array<std::optional<CotypeRules>, 5>> cotypeRules_;

    /// Rules that co-types add to their element: units that must belong to the semantic type's
    /// unit enumeration (dtmm:childOf); with `narrowing`, narrowed classes of core properties
    /// (QuantitativeType requires a numeric schema) and DTDL v2's semantic types too. Whether
    /// it found nothing.
    /// NOTE(dtc): the official parser checks the units of the whole model first: a unit of the
    /// wrong kind (wrongParent) is reported alone, without the non-numeric schema beside it
    /// (notRequiredType), in the same element or another. Both are checked in one pass over
    /// the elements (each read once: they are scattered in memory); the narrowing rules'
    /// findings are kept until the pass ends and reported only if no unit was wrong.
    bool supplementalRules(bool narrowing) {
        std::vector<diag::Diagnostic> deferred; // the narrowing rules' findings
        const std::size_t before = errors_;
        std::vector<const CotypeRules*> rules; // of the element's co-types, in order
        for (const ir::ElementId id : tab().withCotypes) {
            const ir::Element& e = model_[id];
            rules.clear();
            for (const std::string& st : e.extras->supplementalTypes) {
                rules.push_back(&cotypeRulesOf(st, e.languageVersion));
                unitRules(e, st, *rules.back());
            }
            if (!narrowing) continue;
            // An element without a property its semantic type requires has that one error
            // (the official parser checks values only on complete elements).
            struct Deferring { // (reset however the rules end)
                std::vector<diag::Diagnostic>*& slot;
                ~Deferring() { slot = nullptr; }
            } deferring{defer_ = &deferred};
            if (v2SemanticTypes(e))
                for (std::size_t k = 0; k < rules.size(); ++k)
                    narrowedRules(e, e.extras->supplementalTypes[k], *rules[k]);
        }
        if (errors_ != before) return false;
        for (diag::Diagnostic& d : deferred) emit(std::move(d));
        return true;
    }

    /// Units of co-type `st` of `e` that must belong to its unit enumeration (dtmm:childOf).
    void unitRules(const ir::Element& e, const std::string& st, const CotypeRules& rules) {
        for (const metamodel::PropertyRule* p : rules.units) {
            for (const ir::PropertyValue& pv : e.extras->supplementalProperties) {
                if (pv.property != p->iri) continue;
                for (const ir::Ref& r : pv.refs) {
                    if (!r.resolved.valid()) continue;
                    const ir::Element& t = model_[r.resolved];
                    const auto* x = std::get_if<ir::ExtensionElement>(&t.body);
                    if (x == nullptr && t.origin.format == ir::SourceFormat::Standard) {
                        // A predefined element that is no unit ("double", "byte"):
                        // a top-level element where a child of the unit
                        // enumeration belongs, as the official parser reports it
                        // (naming the element in the referrer's version).
                        std::string shown = inVersion(t.id, e.languageVersion);
                        report("wrongParent", r.range, e.id, shown, p->iri, std::string(kTopLevel),
                               "'" + shown + "' is a predefined element, not a unit of '" +
                                   mm_.termOf(st) + "'");
                    } else if (x == nullptr) {
                        // An element of the model (an Interface, an enum value, a
                        // Telemetry with an @id): not a child of the unit enumeration
                        // either. The official parser says where it sits instead.
                        std::string place = placeOf(r.resolved);
                        report("wrongParent", r.range, e.id, t.id, p->iri, place,
                               "'" + t.id + "' is " + ir::withArticle(place) + ", not a unit of '" + mm_.termOf(st) + "'");
                    } else if (std::find(x->memberOf.begin(), x->memberOf.end(), p->childOf) ==
                               x->memberOf.end()) {
                        // A unit of another kind: the official parser names the
                        // enumeration it is a child of (of the extension version
                        // the co-type asks for).
                        report("wrongParent", r.range, e.id, t.id, p->iri, parentEnumOf(*x, p->childOf),
                               "'" + t.id + "' is not a unit of '" + mm_.termOf(st) + "'");
                    }
                }
            }
        }
    }

    /// Core properties of `e` that co-type `st` narrows to classes or listed values.
    void narrowedRules(const ir::Element& e, const std::string& st, const CotypeRules& rules) {
        for (const Narrowing& narrowing : rules.narrowing) {
            const metamodel::PropertyRule* const p = narrowing.rule;
            const std::string& term = narrowing.term;
            const std::string& property = narrowing.shown;
            ir::forEachRef(e, [&](const ir::Ref& r) {
                if (r.property != term || !r.resolved.valid()) return;
                const ir::Element& t = model_[r.resolved];
                if (!p->classes.empty() && !targetIsA(t, p->classes, true))
                    report("notRequiredType", r.range, e.id, std::string(original(t.id)), property, {},
                           "co-type '" + mm_.termOf(st) + "' requires '" + term + "' to be of another type than '" + t.id + "'");
                // sh:in: the co-type takes one of a fixed set of elements (IoT Central's
                // AccelerationVector needs the vector schema, Location a geospatial one).
                else if (!p->in.empty() && std::find(p->in.begin(), p->in.end(), t.id) == p->in.end())
                    report("notRequiredValue", r.range, e.id, std::string(original(t.id)), property, {},
                           "co-type '" + mm_.termOf(st) + "' requires '" + term + "' to be one of its listed values, not '" + t.id + "'");
            });
        }
    }

    // ---- annotation and overriding: rules between sibling contents ---------------------------

    static const ir::PropertyValue* valueEndingWith(const ir::Element& e, std::string_view suffix) {
        for (const auto& pv : e.extras->supplementalProperties)
            if (pv.property.ends_with(suffix)) return &pv;
        return nullptr;
    }

    /// Contents of an Interface by name, own first, then inherited through extends.
    std::vector<std::pair<std::string, ir::ElementId>> membersOf(ir::ElementId iface) {
        std::vector<std::pair<std::string, ir::ElementId>> out;
        std::vector<ir::ElementId> queue{iface};
        std::uint32_t epoch = newMarks();
        for (std::size_t q = 0; q < queue.size() && q < 10000; ++q) {
            if (!markOnce(queue[q], epoch)) continue;
            const auto* i = std::get_if<ir::Interface>(&model_[queue[q]].body);
            if (i == nullptr) continue;
            for (const ir::Ref& r : i->contents)
                if (r.resolved.valid() && model_[r.resolved].name) out.emplace_back(*model_[r.resolved].name, r.resolved);
            for (const ir::Ref& r : i->extends)
                if (r.resolved.valid()) queue.push_back(r.resolved);
        }
        return out;
    }

    /// DTDL annotation and overriding extensions (dtmm:siblings): a ValueAnnotation names a
    /// sibling Property or Telemetry of the same Interface (own or inherited contents); an
    /// Override replaces one of that sibling's supplemental properties, once per Interface.
    void siblings() {
        // NOTE(dtc): every rule below starts from an annotation (a content with a non-empty
        // ValueAnnotation 'annotates'); a model without one needs no member lists.
        bool annotations = std::any_of(tab().withCotypes.begin(), tab().withCotypes.end(), [&](ir::ElementId id) {
            const ir::PropertyValue* pv = valueEndingWith(model_[id], ":ValueAnnotation:annotates");
            return pv != nullptr && !pv->literals.empty();
        });
        if (!annotations) return;
        std::set<std::pair<std::uint32_t, std::string>> reported;
        auto once = [&](ir::ElementId a, std::string_view code) {
            return reported.emplace(a.index, std::string(code)).second;
        };
        for (const ir::ElementId iface : tab().interfaces) {
            if (model_[iface].origin.format == ir::SourceFormat::Standard) continue;
            auto members = membersOf(iface);
            auto find = [&](const std::string& name) -> std::optional<ir::ElementId> {
                for (const auto& [n, id] : members)
                    if (n == name) return id;
                return std::nullopt;
            };
            std::map<std::pair<std::string, std::string>, int> overrides;
            for (const auto& [name, aid] : members) {
                const ir::Element& a = model_[aid];
                const ir::PropertyValue* annotates = valueEndingWith(a, ":ValueAnnotation:annotates");
                if (annotates == nullptr || annotates->literals.empty()) continue;
                const std::string& target = annotates->literals.front().lexical;
                auto sid = find(target);
                if (!sid) continue;
                const ir::Element& sib = model_[*sid];
                if (!sib.is<ir::Property>() && !sib.is<ir::Telemetry>()) {
                    if (once(aid, "notSiblingRequiredType"))
                        report("notSiblingRequiredType", annotates->range, a.id, sib.id, std::string("annotates"), target,
                               "'" + a.id + "' annotates '" + target + "', which is " +
                                   ir::withArticle(ir::className(sib.body)) + "; only a Property or Telemetry can be annotated");
                    continue;
                }
                // The annotation's co-type names the type its sibling may not have (sh:not): the
                // ValueAnnotation of its own extension version. A v1 annotation may annotate a v2
                // one, as the official parser accepts.
                std::string_view notClass;
                for (const std::string& t : a.extras->supplementalTypes)
                    if (const auto* c = mm_.cls(t))
                        for (const auto& rule : c->siblings)
                            if (!rule.notClass.empty()) notClass = rule.notClass;
                bool sibIsAnnotation = !notClass.empty() &&
                                       std::any_of(sib.extras->supplementalTypes.begin(), sib.extras->supplementalTypes.end(),
                                                   [&](const std::string& t) { return t == notClass; });
                if (sibIsAnnotation) {
                    if (once(aid, "disallowedType"))
                        report("disallowedType", annotates->range, a.id, sib.id, std::string("annotates"), target,
                               "'" + a.id + "' annotates '" + target + "', which is itself an annotation");
                    continue;
                }
                const ir::PropertyValue* over = valueEndingWith(a, ":Override:overrides");
                if (over == nullptr || over->literals.empty()) continue;
                const std::string& overridden = over->literals.front().lexical;
                const ir::PropertyValue* matching = nullptr;
                for (const auto& pv : sib.extras->supplementalProperties)
                    if (pv.property == overridden) matching = &pv;
                if (matching == nullptr) {
                    // A property of the annotated element's own class (displayName) is there
                    // but not supplemental, whichever DTDL version names it (schema;3 or
                    // displayName;2 on a v4 Property, as the official parser matches them;
                    // settled cases dtc/OverriddenCorePropertyAnyVersion); any other identifier
                    // (a property of no class, or one the class does not have) matches nothing.
                    constexpr std::string_view kDtdlProperty = "dtmi:dtdl:property:";
                    auto unversioned = [](std::string_view iri) { return iri.substr(0, iri.rfind(';')); };
                    const auto& own = mm_.propertiesOf(classOf(sib));
                    bool core = std::any_of(own.begin(), own.end(), [&](const metamodel::PropertyRule* p) {
                        return p->iri == overridden ||
                               (overridden.starts_with(kDtdlProperty) && p->iri.starts_with(kDtdlProperty) &&
                                unversioned(p->iri) == unversioned(overridden));
                    });
                    std::string code = core ? "matchingPropertyNotSupplemental" : "noMatchingSupplementalProperty";
                    if (once(aid, code))
                        report(code, over->range, a.id, sib.id, std::string("annotates"), target,
                               "'" + a.id + "' overrides '" + mm_.termOf(overridden) + "' of '" + target + "', " +
                                   (core ? "which is not a supplemental property" : "which that element does not have"));
                    continue;
                }
                // The override's values must be of the kind the overridden value is (a unit of the
                // same unit type).
                if (const auto* prop = std::get_if<ir::Property>(&a.body); prop && prop->schema.resolved.valid()) {
                    const ir::Element& schema = model_[prop->schema.resolved];
                    for (const ir::Ref& r : matching->refs) {
                        if (!r.resolved.valid()) continue;
                        const auto* unit = std::get_if<ir::ExtensionElement>(&model_[r.resolved].body);
                        // Only a predefined unit enumeration lists units: a schema defined in
                        // the model (an Enum of the same names, an Array of the enumeration)
                        // never matches.
                        if (unit == nullptr) continue;
                        if (std::find(unit->memberOf.begin(), unit->memberOf.end(), schema.id) == unit->memberOf.end() &&
                            once(aid, "siblingPropertyMismatch")) {
                            std::string shown(schema.displayName.best());
                            report("siblingPropertyMismatch", prop->schema.range, a.id, {}, std::string("schema"),
                                   shown.empty() ? schema.id : shown,
                                   "'" + a.id + "' overrides '" + target + "' with values of '" + (shown.empty() ? schema.id : shown) +
                                       "', which do not include its current value");
                        }
                    }
                }
                if (++overrides[{target, overridden}] == 2) {
                    const std::string& term = mm_.termOf(overridden);
                    report("multipleReference", model_[iface].origin.range, model_[iface].id, over->property,
                           std::string("contents"), "'" + target + "' and '" + (term.empty() ? overridden : term) + "'",
                           "two contents of '" + model_[iface].id + "' override '" + (term.empty() ? overridden : term) +
                               "' of '" + target + "'");
                }
            }
        }
    }

    // ---- pass 2: descendant rules -------------------------------------------------------------

    static std::string quotedList(const std::vector<std::string>& terms) {
        std::string out;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            if (i) out += " or ";
            out += "'" + terms[i] + "'";
        }
        return out;
    }

    void descendants() {
        prepareWalks();
        for (std::size_t i = 0; i < model_.size() && !abandoned(i); ++i) {
            ir::ElementId id{static_cast<std::uint32_t>(i)};
            if (facts(id).standard) continue;
            const std::string& cls = classOf(id);
            // DTDL v4 limit extensions supersede some rules' bounds, per document (looked up once
            // per element, only when one of its rules is supersedable).
            std::optional<const metamodel::LimitSet*> limits;
            for (const auto* rule : descendantRulesOf(id)) {
                if (rule->supersedable && !limits) limits = limitsOf(id);
                const auto bounds = rule->supersedable ? metamodel::Metamodel::bounds(*rule, *limits)
                                                       : std::pair{rule->maxDepth, rule->maxCount};
                if (rule->narrow && narrowRuleHolds(id, *rule, bounds.first)) continue;
                applyRule(id, *rule, bounds.first);
            }
            uniqueValues(id, cls, false);
            if (facts(id).body == kEnumBody) enumValues(model_[id], std::get<ir::EnumSchema>(model_[id].body));
        }
    }

    /// mm_.descendantsOf the element's class, looked up once per class (after prepareWalks).
    const std::vector<const metamodel::DescendantRule*>& descendantRulesOf(ir::ElementId id) {
        const std::uint32_t cls = classIdOf_[id.index];
        if (descendantRules_.size() <= cls) descendantRules_.resize(classes_.size(), nullptr);
        if (descendantRules_[cls] == nullptr) descendantRules_[cls] = &mm_.descendantsOf(*classes_.names[cls]);
        return *descendantRules_[cls];
    }
    std::vector<const std::vector<const metamodel::DescendantRule*>*> descendantRules_; ///< per class id

    /// A property whose inline elements must differ in some properties (dtmm:uniqueProperties),
    /// with the terms of those properties and whether 'extends' imports it (see uniqueValues).
    struct UniqueRule {
        const metamodel::PropertyRule* rule; ///< (its uniqueTerms are the terms compared)
        bool imported;
        std::uint32_t property; ///< propertyId(rule->term)
    };
    /// The UniqueRules of class `cls` (an interned class IRI, see ruleOf), built once per class.
    const std::vector<UniqueRule>& uniqueRulesOf(const std::string& cls) {
        auto [it, fresh] = uniqueRules_.try_emplace(&cls);
        if (fresh) {
            for (const metamodel::PropertyRule* rule : mm_.propertiesOf(cls)) {
                if (rule->uniqueProperties.empty()) continue;
                UniqueRule u{rule, false, propertyId(rule->term)};
                for (const auto* d : mm_.descendantsOf(cls))
                    u.imported |= std::find(d->importProperties.begin(), d->importProperties.end(), rule->iri) !=
                                  d->importProperties.end();
                it->second.push_back(std::move(u));
            }
        }
        return it->second;
    }
    std::unordered_map<const std::string*, std::vector<UniqueRule>> uniqueRules_;

    /// Values that must differ among the elements defined inline in one property
    /// (dtmm:uniqueProperties: the names of an Interface's contents, an Object's fields, a
    /// Relationship's properties; the names and values of an Enum's enum values). The reader
    /// refuses a repeated name of an element without @id (its identifier would repeat); what
    /// elements with @id repeat is found here.
    /// NOTE(dtc): the official parser checks the properties that 'extends' imports (contents)
    /// with the reference targets, the others with the descendant rules: after the co-type
    /// rules (a wrong unit is reported alone) and beside recursion or depth errors.
    /// `imported` picks which of the two groups to check.
    void uniqueValues(ir::ElementId id, const std::string& cls, bool imported) {
        for (const UniqueRule& unique : uniqueRulesOf(cls)) {
            if (unique.imported != imported) continue;
            const metamodel::PropertyRule* rule = unique.rule;
            // NOTE(dtc): checked for every element of a model, so without a node per value:
            // a (term, value) pair of the property's inline elements equal to one before it in
            // source order is a repetition (up to 16 pairs compared pairwise, more sorted). Numbers compare by value
            // (1 and 1.0 are one value) and apart from strings ("1" and 1 are two).
            std::vector<UniqueKey>& keys = uniqueScratch_;
            keys.clear();
            std::uint32_t order = 0;
            for (const Edge& edge : edgesOf(id)) {
                if (!edge.inlineDefinition || edge.property != unique.property) continue;
                const ir::Element& child = model_[edge.resolved];
                for (const std::string_view uterm : rule->uniqueTerms) {
                    UniqueKey k{uterm, false, 0, {}, order++, edge.ref, &child};
                    if (uterm == "name" && child.name) {
                        k.text = *child.name;
                    } else if (const auto* ev = std::get_if<ir::EnumValue>(&child.body); ev && uterm == "enumValue") {
                        const ir::Literal& l = ev->enumValue;
                        k.number = l.kind == ir::Literal::Kind::Integer || l.kind == ir::Literal::Kind::Double;
                        if (k.number) k.value = l.number;
                        else k.text = l.lexical;
                    } else {
                        continue;
                    }
                    keys.push_back(k);
                }
            }
            if (keys.size() < 2) continue;
            auto same = [](const UniqueKey& a, const UniqueKey& b) {
                return a.term == b.term && a.number == b.number && (a.number ? a.value == b.value : a.text == b.text);
            };
            auto reportRepeated = [&](const UniqueKey& k) {
                const std::string shown = k.number ? ir::dotNetNumberText(k.value) : std::string(k.text);
                report("nonUniquePropertyValue", k.child->origin.range, model_[id].id, {}, k.ref->property, shown,
                       "two elements of '" + k.ref->property + "' have " + std::string(k.term) + " '" + shown +
                           "'; it must be unique");
            };
            // (A few values, most properties' count, are compared pairwise, in source order.)
            if (keys.size() <= 16) {
                for (std::size_t i = 1; i < keys.size(); ++i)
                    for (std::size_t j = 0; j < i; ++j)
                        if (same(keys[j], keys[i])) {
                            reportRepeated(keys[i]);
                            break;
                        }
                continue;
            }
            std::sort(keys.begin(), keys.end(), [](const UniqueKey& a, const UniqueKey& b) {
                if (a.term != b.term) return a.term < b.term;
                if (a.number != b.number) return a.number < b.number;
                if (a.number ? a.value != b.value : a.text != b.text) return a.number ? a.value < b.value : a.text < b.text;
                return a.order < b.order;
            });
            std::vector<const UniqueKey*> repeated;
            for (std::size_t i = 1; i < keys.size(); ++i)
                if (same(keys[i - 1], keys[i])) repeated.push_back(&keys[i]);
            std::sort(repeated.begin(), repeated.end(),
                      [](const UniqueKey* a, const UniqueKey* b) { return a->order < b->order; });
            for (const UniqueKey* k : repeated) reportRepeated(*k);
        }
    }
    /// One value of a unique property (uniqueValues): its term, the value (a number, or text),
    /// its place in source order, and where it is.
    struct UniqueKey {
        std::string_view term;
        bool number;
        double value;
        std::string_view text;
        std::uint32_t order;
        const ir::Ref* ref;
        const ir::Element* child;
    };
    std::vector<UniqueKey> uniqueScratch_;

    /// What a descendant rule needs during a walk, computed once per rule.
    struct RuleInfo {
        std::vector<std::string> props, imports, terms;
        std::vector<std::uint32_t> propIds, importIds; ///< props and imports as propertyId()s
        bool schemaListed = false;
        bool extendsOnly = false; ///< the rule follows `extends` alone (an Interface's bases)
        /// Per property id known when the rule was first used: kListed | kTransparent |
        /// kImported (kindOf; the walks ask it for every reference they follow).
        std::vector<std::uint8_t> kinds;
    };
    static constexpr std::uint8_t kListed = 1, kTransparent = 2, kImported = 4;
    /// How a walk of `info`'s rule treats a reference of property `property`.
    std::uint8_t kindOf(const RuleInfo& info, std::uint32_t property) const {
        if (property < info.kinds.size()) return info.kinds[property];
        return static_cast<std::uint8_t>((contains(info.propIds, property) ? kListed : 0) |
                                         (contains(transparentIds_, property) ? kTransparent : 0) |
                                         (contains(info.importIds, property) ? kImported : 0));
    }
    /// Property terms by propertyId. (In a copy made by Ahead, the first names view the
    /// original's table, which outlives the copy.)
    Interner properties_;
    std::vector<std::uint32_t> transparentIds_;
    std::uint32_t contentsId_ = 0; ///< propertyId("contents")
    std::uint32_t extendsId_ = 0;  ///< propertyId("extends")

    std::uint32_t propertyId(std::string_view term) { return properties_.idOf(term); }
    std::uint32_t emptyPropertyId_ = 0;            ///< propertyId("")
    static bool contains(const std::vector<std::uint32_t>& v, std::uint32_t x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    }
    std::unordered_map<const metamodel::DescendantRule*, RuleInfo> ruleInfo_;
    std::vector<char> onPath_;              ///< elements on the current walk path
    std::vector<ir::ElementId> path_;       ///< the current walk path, from the start
    std::vector<std::uint32_t> doneEpoch_;  ///< element visited in walk number `epoch_`
    std::uint32_t epoch_ = 0;

    struct Walk {
        ir::ElementId start;
        const metamodel::DescendantRule* rule;
        const RuleInfo* info;
        std::string_view declaring; ///< (a class name held by the element or the metamodel)
        bool reported = false;
        std::uint32_t excludeId = 0;   ///< classId(rule->excludeType)
        std::uint32_t declaringId = 0; ///< classId(declaring)
        std::optional<int> maxDepth;   ///< the rule's, or what a limit extension makes it
    };

    // NOTE(dtc): walks ask "is this element's class a kind of X?" for every reference they
    // follow; classes are interned to small ids and the answers cached per (class, X), so the
    // metamodel is asked once per distinct pair instead of once per reference.
    Interner classes_;
    std::vector<std::uint32_t> classIdOf_;                  ///< per element
    /// isA answers: isA_[class id][target id] is 1 or 0, -1 not asked yet (rows grow as classes
    /// are interned; a model has a few dozen classes).
    std::vector<std::vector<std::int8_t>> isA_;
    std::vector<std::vector<ir::ElementId>> bases_;         ///< basesOf per element, when computed
    std::vector<std::uint8_t> basesDone_;

    std::uint32_t classId(std::string_view iri) { return classes_.idOf(iri); }
    bool elementIsA(ir::ElementId e, std::uint32_t target) {
        const std::uint32_t cls = classIdOf_[e.index];
        if (isA_.size() <= cls) isA_.resize(classes_.size());
        std::vector<std::int8_t>& row = isA_[cls];
        if (row.size() <= target) row.resize(classes_.size(), -1);
        std::int8_t& known = row[target];
        if (known < 0) known = mm_.isA(*classes_.names[cls], *classes_.names[target]) ? 1 : 0;
        return known == 1;
    }

    /// Whether element `e` is of class `classId` or of the same class in its own DTDL
    /// version: a v2 Component below a v3 Component is excluded as a v3 one is (the official
    /// parser's excludedType), and a v2 Interface that a v3 one extends counts toward the v3
    /// Interface's extends depth (excessiveDepthNarrow).
    bool isAInItsVersion(ir::ElementId e, std::uint32_t classId) {
        if (elementIsA(e, classId)) return true;
        const int v = facts(e).version;
        if (v <= 0 || static_cast<std::size_t>(v) >= classInVersion_.size()) return false;
        std::vector<std::uint32_t>& row = classInVersion_[static_cast<std::size_t>(v)];
        if (row.size() <= classId) row.resize(classes_.size(), kUnknownClass);
        if (row[classId] == kUnknownClass) {
            std::uint32_t same = classId;
            if (std::string other = classInVersion(*classes_.names[classId], v); !other.empty()) same = this->classId(other);
            row[classId] = same; // (row is an element of a std::array: interning did not move it)
        }
        return row[classId] != classId && elementIsA(e, row[classId]);
    }
    static constexpr std::uint32_t kUnknownClass = 0xFFFFFFFFu;
    /// Per DTDL version (1-4), per class id: the same class in that version (itself if none).
    std::array<std::vector<std::uint32_t>, 5> classInVersion_;

    /// Reports that `named` contains itself through the properties of the walk's rule.
    void reportRecursion(const Walk& w, ir::ElementId named) {
        const ir::Element& p = model_[named];
        const bool narrow = w.rule->narrow;
        report(narrow ? "recursiveStructureNarrow" : "recursiveStructureWide", p.origin.range, p.id, {},
               narrow ? std::optional(quotedList(w.info->terms)) : std::nullopt, {},
               "'" + p.id + "' contains itself through " + quotedList(w.info->terms));
    }
    /// The elements an `extends` cycle was reported for, per rule (each is named once).
    std::set<std::pair<const metamodel::DescendantRule*, std::uint32_t>> reportedRecursion_;
    /// The cycles a narrow rule's walks reported, per rule, by their members' indices (sorted).
    std::set<std::pair<const metamodel::DescendantRule*, std::vector<std::uint32_t>>> reportedCycles_;

    const RuleInfo& infoFor(const metamodel::DescendantRule& rule) {
        auto [it, fresh] = ruleInfo_.try_emplace(&rule);
        if (fresh) {
            for (const auto& p : rule.properties) {
                it->second.props.push_back(mm_.termOf(p));
                it->second.terms.push_back(mm_.termOf(p));
            }
            for (const auto& p : rule.importProperties) it->second.imports.push_back(mm_.termOf(p));
            for (const auto& t : it->second.props) it->second.propIds.push_back(propertyId(t));
            for (const auto& t : it->second.imports) it->second.importIds.push_back(propertyId(t));
            it->second.schemaListed =
                std::find(it->second.props.begin(), it->second.props.end(), "schema") != it->second.props.end();
            it->second.extendsOnly = it->second.props.size() == 1 && it->second.props.front() == "extends";
            std::vector<std::uint8_t> kinds(properties_.size());
            for (std::uint32_t p = 0; p < kinds.size(); ++p) kinds[p] = kindOf(it->second, p);
            it->second.kinds = std::move(kinds);
        }
        return it->second;
    }

    static bool contains(const std::vector<std::string>& v, const std::string& x) {
        return std::find(v.begin(), v.end(), x) != v.end();
    }

    /// Per-element tables of the walks (class IRIs, references), computed once.
    void prepareWalks() {
        if (classIdOf_.empty()) {
            classIdOf_.reserve(model_.size());
            // (classOf holds interned IRIs: each distinct one is looked up once, and the last
            // ones are remembered by address in a small direct-mapped cache.)
            std::unordered_map<const std::string*, std::uint32_t> idOfInterned;
            std::array<std::pair<const std::string*, std::uint32_t>, 64> recent{};
            for (const std::string* c : tab().classOf) {
                auto& slot = recent[(reinterpret_cast<std::uintptr_t>(c) >> 4) & 63];
                if (slot.first != c) {
                    auto [it, fresh] = idOfInterned.try_emplace(c, 0);
                    if (fresh) it->second = classId(*c);
                    slot = {c, it->second};
                }
                classIdOf_.push_back(slot.second);
            }
            bases_.resize(model_.size());
            basesDone_.assign(model_.size(), 0);
            onPath_.assign(model_.size(), 0);
            doneEpoch_.assign(model_.size(), 0);
            // NOTE(dtc): schema containers (fields, mapKey/mapValue, request/response) are
            // traversed transparently: the rule's properties name the schema links only.
            for (const char* t : {"fields", "mapKey", "mapValue", "request", "response"})
                transparentIds_.push_back(propertyId(t));
            contentsId_ = propertyId("contents");
            extendsId_ = propertyId("extends");
        }
    }

    void applyRule(ir::ElementId start, const metamodel::DescendantRule& rule, std::optional<int> maxDepth) {
        prepareWalks();
        ++epoch_;
        Walk w{start, &rule, &infoFor(rule), declaringClassOf(classOf(start), rule), false, 0, 0, maxDepth};
        w.excludeId = classId(rule.excludeType);
        w.declaringId = classId(w.declaring);
        onPath_[start.index] = 1;
        path_.assign(1, start);
        // Narrow rules count hops from the element (extends chains); wide ones count the
        // element itself as the first level (schema nesting).
        walk(w, start, rule.narrow ? 0 : 1);
        onPath_[start.index] = 0;
    }

    // NOTE(dtc): a narrow rule's walk follows every path (depth is counted per path), which
    // costs the number of paths below each start: in an ontology with deep `extends` chains
    // and inherited contents, the same subgraphs are walked again from every element above
    // them. Whether a narrow rule holds at all is a property of the subgraph alone, computed
    // once per element and rule (memoized depth-first): the longest counted path, whether an
    // excluded type is reachable, whether a cycle is. Only a start whose summary shows a
    // possible finding is walked, and that walk decides and names what is reported, so the
    // diagnostics are those of the walk alone.
    struct Summary {
        std::uint32_t height = 0;  ///< counted levels of the longest path below
        bool excluded = false;     ///< an element of the excluded type is reachable
        bool cyclic = false;       ///< a cycle is reachable (the walk decides what it means)
        std::uint8_t state = 0;    ///< 0 new, 1 in progress, 2 done
    };
    struct NarrowInfo {
        std::vector<Summary> nodes;
        std::uint32_t excludeId = 0, declaringId = 0;
        bool hasExclude = false, hasDeclaring = false;
    };
    std::unordered_map<const metamodel::DescendantRule*, NarrowInfo> narrow_;

    bool narrowRuleHolds(ir::ElementId start, const metamodel::DescendantRule& rule, std::optional<int> maxDepth) {
        prepareWalks();
        auto [it, fresh] = narrow_.try_emplace(&rule);
        NarrowInfo& ni = it->second;
        if (fresh) {
            ni.nodes.resize(model_.size());
            ni.hasExclude = !rule.excludeType.empty();
            if (ni.hasExclude) ni.excludeId = classId(rule.excludeType);
            std::string_view declaring = declaringClassOf(classOf(start), rule);
            ni.hasDeclaring = !declaring.empty();
            if (ni.hasDeclaring) ni.declaringId = classId(declaring);
        }
        const Summary& s = summarize(ni, rule, infoFor(rule), start);
        return !s.cyclic && !s.excluded && !(maxDepth && s.height > static_cast<std::uint32_t>(*maxDepth));
    }

    const Summary& summarize(NarrowInfo& ni, const metamodel::DescendantRule& rule, const RuleInfo& info,
                             ir::ElementId cur) {
        Summary& here = ni.nodes[cur.index]; // ni.nodes never grows: the reference stays valid
        if (here.state == 1) here.cyclic = true; // reached again while in progress: a cycle
        if (here.state != 0) return here;
        here.state = 1;
        Summary acc;
        // Folds in what lies below an element `hop` levels down (0 or 1).
        auto fold = [&](const Summary& sub, std::uint32_t hop) {
            acc.height = std::max(acc.height, std::min<std::uint32_t>(sub.height + hop, 1u << 20));
            acc.excluded = acc.excluded || sub.excluded;
            acc.cyclic = acc.cyclic || sub.cyclic;
        };
        auto follow = [&](ir::ElementId next, std::uint32_t property) {
            const std::uint8_t kind = kindOf(info, property);
            bool listed = (kind & kListed) != 0 || (info.schemaListed && (kind & kTransparent) != 0);
            bool imported = (kind & kImported) != 0;
            if (!listed && !imported) return;
            bool excludedHere = ni.hasExclude && isAInItsVersion(next, ni.excludeId);
            if (!listed || excludedHere) {
                acc.excluded = acc.excluded || excludedHere;
                return;
            }
            fold(summarize(ni, rule, info, next), (!ni.hasDeclaring || isAInItsVersion(next, ni.declaringId)) ? 1 : 0);
        };
        for (const Edge& edge : edgesOf(cur)) follow(edge.resolved, edge.property);
        // Inherited contents are the cur's own, one level down like them: a direct base's
        // summary covers exactly its own and its bases' contents (an Interface's only edges a
        // contents rule follows), so it is folded in as it is, without a hop of its own.
        // (The element itself is read only when it is an Interface and the rule follows contents.)
        const bool followsContents = facts(cur).body == kInterfaceBody && contains(info.propIds, contentsId_);
        const auto* iface = followsContents ? &std::get<ir::Interface>(model_[cur].body) : nullptr;
        if (iface != nullptr && contains(info.propIds, extendsId_)) {
            // (No metamodel rule follows both; were one to, its bases' summaries would count
            // the extends hops, so the inherited contents are followed one by one.)
            for (ir::ElementId base : cachedBasesOf(cur))
                for (const ir::Ref& r : std::get<ir::Interface>(model_[base].body).contents)
                    if (r.resolved.valid()) follow(r.resolved, contentsId_);
        } else if (iface != nullptr) {
            for (const ir::Ref& r : iface->extends)
                if (r.resolved.valid() && model_[r.resolved].is<ir::Interface>())
                    fold(summarize(ni, rule, info, r.resolved), 0);
        }
        here.height = acc.height;
        here.excluded = acc.excluded;
        here.cyclic = here.cyclic || acc.cyclic; // here.cyclic: set if a path came back to cur
        here.state = 2;
        return here;
    }

    // Depth-first walk with the path, so recursion is found and depth is measured per path.
    void walk(Walk& w, ir::ElementId cur, int depth) {
        if (w.reported) return;
        const metamodel::DescendantRule& rule = *w.rule;
        const RuleInfo& info = *w.info;
        const ir::Element& s = model_[w.start];
        auto visit = [&](const ir::Ref& r, std::uint32_t property) {
            if (w.reported) return;
            const std::uint8_t kind = kindOf(info, property);
            bool listed = (kind & kListed) != 0 || ((!rule.narrow || info.schemaListed) && (kind & kTransparent) != 0);
            bool imported = cur != w.start && (kind & kImported) != 0;
            if (!listed && !imported) return;
            ir::ElementId next = r.resolved;
            const ir::Element& n = model_[next];
            if (imported && !listed) {
                // Imported contents only matter for the excluded type.
                if (!rule.excludeType.empty() && isAInItsVersion(next, w.excludeId)) {
                    w.reported = true;
                    report("excludedType", s.origin.range, s.id, n.id, quotedList(info.terms), {},
                           "'" + n.id + "' is " + ir::withArticle(ir::className(n.body)) + ", which cannot occur below '" + s.id + "'");
                }
                return;
            }
            // A start that is itself of the excluded type reached again is an excluded type, not a
            // recursion (the official parser names the start twice).
            if (!rule.excludeType.empty() && isAInItsVersion(next, w.excludeId)) {
                w.reported = true;
                // (A reference inside a predefined element, a geospatial schema's coordinates, is
                // written nowhere: the start is.)
                report("excludedType", next == w.start || !r.range.valid() ? s.origin.range : r.range, s.id, n.id,
                       quotedList(info.terms), {},
                       "'" + n.id + "' is " + ir::withArticle(ir::className(n.body)) +
                           ", which cannot occur below '" + s.id + "'");
                return;
            }
            // Wide depth: a level is a hop through one of the rule's properties; the element
            // reported is the one at a level beyond the limit that still holds such a property (an
            // Enum or an Object without fields at the last level is fine).
            bool hop = (kind & kListed) != 0;
            if (!rule.narrow && w.maxDepth && hop && depth > *w.maxDepth) {
                w.reported = true;
                const ir::Element& c = model_[cur];
                report("excessiveDepthWide", s.origin.range, s.id, c.id, std::nullopt, {},
                       "'" + c.id + "' is " + std::to_string(depth) + " levels below '" + s.id +
                           "', more than " + std::to_string(*w.maxDepth));
                return;
            }
            // NOTE(dtc): an `extends` cycle is reported, by the official parser, from the element
            // its walk reaches again (the start or another): from every Interface whose chain of
            // bases runs into a cycle, the first element of the walk's path that comes back (an
            // Interface on two cycles that both run through an earlier one is not named).
            if (info.extendsOnly && onPath_[next.index]) {
                w.reported = true;
                if (reportedRecursion_.emplace(w.rule, next.index).second) reportRecursion(w, next);
                return;
            }
            // NOTE(dtc): where the rule allows an element to be its own descendant (dtmm:allowSelf:
            // DTDL v4's contents rule and its complex schemas' depth), no cycle through its
            // properties is an error, and the path ends where it comes back: a v4 Telemetry's
            // recursive Array or two Objects that hold each other are valid (the official parser;
            // an Interface can come back to itself only through a Component's schema, which
            // excludedType reports). Settled cases dtc/V4RecursiveSchemasInContents.
            if (rule.allowSelf && onPath_[next.index]) return;
            // NOTE(dtc): a cycle through a narrow rule's properties (an Interface reached again
            // through contents, schema and inherited contents) is reported, by the official
            // parser, once: by the first walk that runs into it, naming the element that walk
            // reaches again, which is not always the start (a Component whose schema extends the
            // Interface that holds it is named from that Interface's walk). The walks start in
            // model order, an inline element before the one that holds it, as the official
            // parser's do. Settled cases dtc/RecursionNamedLikeTheOfficialParser,
            // dtc/CyclesReportedOnce, dtc/NarrowCycleReportedOnce.
            if (rule.narrow && onPath_[next.index]) {
                std::vector<std::uint32_t> members; // the cycle: the path from `next` on
                for (auto e = std::find(path_.begin(), path_.end(), next); e != path_.end(); ++e)
                    members.push_back(e->index);
                std::sort(members.begin(), members.end());
                const bool fresh = reportedCycles_.emplace(w.rule, std::move(members)).second;
                if (fresh || next == w.start) w.reported = true;
                if (fresh) reportRecursion(w, next);
                return;
            }
            // (Below, a wide rule: schema nesting.)
            if (next == w.start) {
                w.reported = true;
                // NOTE(dtc): the official parser names a recursive Object by the field its
                // recursion runs through (the one on this path) when that is the Object's first
                // field, else by the Object itself, as it names other schemas. Settled cases
                // dtc/RecursiveObjectNamedByFirstField.
                const auto* object = s.getIf<ir::ObjectSchema>();
                const bool byField = object != nullptr && path_.size() > 1 && !object->fields.empty() &&
                                     object->fields.front().resolved == path_[1];
                reportRecursion(w, byField ? path_[1] : w.start);
                return;
            }
            if (onPath_[next.index])
                return; // a cycle not through start: reported from its own member
            int nd = depth;
            if (rule.narrow) {
                bool counts = w.declaring.empty() || isAInItsVersion(next, w.declaringId);
                nd += counts ? 1 : 0;
                if (w.maxDepth && nd > *w.maxDepth) {
                    w.reported = true;
                    report("excessiveDepthNarrow", s.origin.range, s.id, n.id,
                           quotedList(info.terms), {},
                           "elements nest more than " + std::to_string(*w.maxDepth) +
                               " levels deep below '" + s.id + "'");
                    return;
                }
            } else if (hop) {
                ++nd;
            }
            if (!rule.narrow && doneEpoch_[next.index] == epoch_) return;
            doneEpoch_[next.index] = epoch_;
            onPath_[next.index] = 1;
            path_.push_back(next);
            walk(w, next, nd);
            path_.pop_back();
            onPath_[next.index] = 0;
        };
        for (const Edge& edge : edgesOf(cur)) visit(*edge.ref, edge.property);
        // An Interface's contents include those it inherits through extends (DTDL v2/v3
        // "Interface": extends), so a rule that follows contents follows the inherited ones too.
        if (facts(cur).body == kInterfaceBody && contains(info.propIds, contentsId_))
            for (ir::ElementId base : cachedBasesOf(cur))
                for (const ir::Ref& r : std::get<ir::Interface>(model_[base].body).contents)
                    if (r.resolved.valid()) visit(r, contentsId_);
    }

    const std::vector<ir::ElementId>& cachedBasesOf(ir::ElementId id) {
        if (!basesDone_[id.index]) {
            bases_[id.index] = basesOf(id);
            basesDone_[id.index] = 1;
        }
        return bases_[id.index];
    }

    /// The Interfaces `id` extends, directly or not, each once, breadth first.
    std::vector<ir::ElementId> basesOf(ir::ElementId id) {
        std::vector<ir::ElementId> out;
        std::uint32_t epoch = newMarks();
        markOnce(id, epoch);
        std::vector<ir::ElementId> queue{id};
        for (std::size_t q = 0; q < queue.size(); ++q) {
            const auto* iface = std::get_if<ir::Interface>(&model_[queue[q]].body);
            if (iface == nullptr) continue;
            for (const ir::Ref& r : iface->extends) {
                if (!r.resolved.valid() || !model_[r.resolved].is<ir::Interface>() ||
                    !markOnce(r.resolved, epoch))
                    continue;
                queue.push_back(r.resolved);
                out.push_back(r.resolved);
            }
        }
        return out;
    }

    /// The class that declares `rule` (depth counts only elements of that class).
    /// (A view of `cls` or of the metamodel's own names: no string is built per walk.)
    std::string_view declaringClassOf(std::string_view cls, const metamodel::DescendantRule& rule) const {
        const auto* c = mm_.cls(cls);
        if (c == nullptr) return {};
        for (const auto& d : c->descendants)
            if (&d == &rule) return cls;
        for (const auto& s : c->supers) {
            std::string_view found = declaringClassOf(s, rule);
            if (!found.empty()) return found;
        }
        return {};
    }

    /// A literal as the official parser prints it in an error's Value: strings as they are,
    /// integers in decimal ("1e3" is 1000), booleans as True / False, doubles shortest.
    static std::string shownValue(const ir::Literal& l) {
        switch (l.kind) {
        case ir::Literal::Kind::String: return l.lexical;
        case ir::Literal::Kind::Integer: return std::to_string(l.integer);
        case ir::Literal::Kind::Boolean: return l.boolean ? "True" : "False";
        case ir::Literal::Kind::Double: return ir::dotNetNumberText(l.number);
        }
        return l.lexical;
    }

    void enumValues(const ir::Element& e, const ir::EnumSchema& en) {
        if (!en.valueSchema.resolved.valid()) return;
        const auto* ps = std::get_if<ir::PrimitiveSchema>(&model_[en.valueSchema.resolved].body);
        if (ps == nullptr) return;
        for (const ir::Ref& r : en.enumValues) {
            if (!r.resolved.valid()) continue;
            const ir::Element& v = model_[r.resolved];
            const auto* ev = std::get_if<ir::EnumValue>(&v.body);
            if (ev == nullptr) continue;
            // (The official parser checks the datatypes it knows, string, integer and boolean: a
            // boolean valueSchema, incorrectPropertyValue itself, has its values checked too.)
            bool ok = ps->kind == ir::Primitive::String    ? ev->enumValue.kind == ir::Literal::Kind::String
                      : ps->kind == ir::Primitive::Integer ? ev->enumValue.kind == ir::Literal::Kind::Integer
                      : ps->kind == ir::Primitive::Boolean ? ev->enumValue.kind == ir::Literal::Kind::Boolean
                                                           : true;
            if (!ok) {
                report("nonConformantDatatype", ev->enumValue.range, v.id, e.id, std::string("enumValue"),
                       shownValue(ev->enumValue),
                       "enum value '" + ev->enumValue.lexical + "' is not " +
                           ir::withArticle(ir::primitiveName(ps->kind)) + ", the valueSchema of '" + e.id + "'");
            }
        }
    }

    // ---- inherited names --------------------------------------------------------------------

    /// A count limit on a property whose values an Interface also takes from the Interfaces it
    /// extends (dtmm:importProperties): DTDL v2 allows 300 'contents', inherited ones included.
    void importedCounts() {
        // The limit on imported contents per class, if any (only 'contents' is imported).
        std::unordered_map<const std::string*, std::optional<int>> limits;
        auto limitOf = [&](const std::string& cls) {
            auto [it, fresh] = limits.try_emplace(&cls);
            if (!fresh) return it->second;
            for (const metamodel::DescendantRule* d : mm_.descendantsOf(cls))
                for (const std::string& imported : d->importProperties)
                    for (const metamodel::PropertyRule* p : mm_.propertiesOf(cls))
                        if (p->iri == imported && p->maxCount && p->term == "contents") it->second = p->maxCount;
            return it->second;
        };
        for (const ir::ElementId id : tab().interfaces) {
            const ir::Element& e = model_[id];
            // (Own contents beyond the limit were reported when read.)
            if (std::get<ir::Interface>(e.body).extends.empty() || e.origin.format == ir::SourceFormat::Standard) continue;
            const std::optional<int> limit = limitOf(classOf(e));
            if (!limit) continue;
            const std::size_t count = membersOf(e.self).size();
            if (count > static_cast<std::size_t>(*limit))
                report("objectCountAboveMax", e.origin.range, e.id, {}, std::string("contents"), {},
                       "'" + e.id + "' has " + std::to_string(count) + " contents with those it inherits; at most " +
                           std::to_string(*limit) + " are allowed");
        }
    }

    void inheritedNames() {
        // name -> defining interface (views of the names in the model, which is const here),
        // in one open-addressing table reused for every Interface: this runs for every
        // Interface with a base and would otherwise allocate a node per inherited name.
        struct Entry {
            std::string_view name;
            std::size_t hash;
            ir::ElementId definer;
        };
        std::vector<Entry> names;
        std::vector<std::uint32_t> slots; // 0 empty, else index + 1 into names
        // The index in `names` of name `n` (hash `hash`), added with `definer` if new.
        auto entryFor = [&](std::string_view n, std::size_t hash, ir::ElementId definer) -> std::uint32_t {
            if ((names.size() + 1) * 2 > slots.size()) {
                slots.assign(std::max<std::size_t>(64, slots.size() * 2), 0);
                for (std::uint32_t k = 0; k < names.size(); ++k) {
                    std::size_t h = names[k].hash & (slots.size() - 1);
                    while (slots[h] != 0) h = (h + 1) & (slots.size() - 1);
                    slots[h] = k + 1;
                }
            }
            std::size_t h = hash & (slots.size() - 1);
            for (; slots[h] != 0; h = (h + 1) & (slots.size() - 1)) {
                const Entry& e = names[slots[h] - 1];
                if (e.hash == hash && e.name == n) return slots[h] - 1;
            }
            names.push_back({n, hash, definer});
            slots[h] = static_cast<std::uint32_t>(names.size());
            return slots[h] - 1;
        };
        // The first definer of content `content`'s name, `definer` if it is new.
        auto insert = [&](ir::ElementId content, ir::ElementId definer) {
            const std::string_view n = *model_[content].name;
            return names[entryFor(n, std::hash<std::string_view>{}(n), definer)].definer;
        };
        // NOTE(dtc): only a name that two Interfaces give their contents can be repeated along
        // extends, and only a content with co-type properties has unique co-type values; a scan
        // looks at those contents alone ("telling" ones, listed per Interface in contents
        // order, usually none: a generated set whose names carry their Interface's number
        // has none, an ontology's repeated names are a few). A first pass reads each content
        // once, counting the names' definers in the same table; what follows works on its
        // records, not on the elements.
        constexpr std::uint32_t kNoName = 0xFFFFFFFFu;
        struct Visit {
            ir::ElementId iface, content;
            std::uint32_t entry; ///< its name's index in `names`, or kNoName
            bool uniqueCo;       ///< it has a uniqueValue co-type value
        };
        std::vector<Visit> visits;
        // NOTE(dtc): this pass tells shared names by their hashes alone (the constructor's,
        // Tables::nameHash), so it reads no content: names whose hashes agree in the bits a
        // slot keeps are taken for one name, which only makes their contents telling (the
        // scans compare names themselves). A slot is 8 bytes, in one table sized once (70,000
        // names are 1 MiB): a table of entries and their index, grown by doubling, missed the
        // cache twice per name.
        for (const ir::ElementId id : tab().interfaces)
            for (const ir::Ref& r : std::get<ir::Interface>(model_[id].body).contents) {
                if (!r.resolved.valid()) continue;
                const Facts& c = facts(r.resolved);
                // (Only a content with co-types can have a uniqueValue co-type value.)
                visits.push_back({id, r.resolved, c.named ? 0u : kNoName, c.cotyped && hasUniqueCoValue(r.resolved)});
            }
        constexpr std::uint32_t kShared = 1u << 31, kDefiner = kShared - 1;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> nameSlots( // (hash >> 32, definer + 1 | kShared)
            std::bit_ceil(std::max<std::size_t>(64, visits.size() * 2)));
        const std::size_t mask = nameSlots.size() - 1;
        for (Visit& v : visits) {
            if (v.entry == kNoName) continue;
            const std::size_t hash = tab().nameHash[v.content.index];
            const auto tag = static_cast<std::uint32_t>(static_cast<std::uint64_t>(hash) >> 32);
            std::size_t h = hash & mask;
            while (nameSlots[h].second != 0 && nameSlots[h].first != tag) h = (h + 1) & mask;
            auto& [slotTag, definer] = nameSlots[h];
            if (definer == 0) {
                slotTag = tag;
                definer = v.iface.index + 1;
            } else if ((definer & kDefiner) != v.iface.index + 1) {
                definer |= kShared;
            }
            v.entry = static_cast<std::uint32_t>(h);
        }
        std::vector<std::uint8_t> sharedName(model_.size(), 0); // per content: its name has 2+ definers
        bool anyTelling = false;
        for (const Visit& v : visits) {
            if (v.entry != kNoName && (nameSlots[v.entry].second & kShared) != 0) sharedName[v.content.index] = 1;
            anyTelling = anyTelling || sharedName[v.content.index] != 0 || v.uniqueCo;
        }
        // A scan finds something only through telling contents: without any, nothing is found.
        if (!anyTelling) return;
        std::vector<ir::ElementId> telling;      // per Interface, its telling contents
        std::vector<std::uint32_t> tellingBegin(model_.size() + 1, 0); // Interface i's: [tellingBegin[i], tellingBegin[i + 1])
        std::size_t k = 0;
        for (const ir::ElementId id : tab().interfaces) {
            tellingBegin[id.index] = static_cast<std::uint32_t>(telling.size());
            for (; k < visits.size() && visits[k].iface == id; ++k)
                if (sharedName[visits[k].content.index] != 0 || visits[k].uniqueCo) telling.push_back(visits[k].content);
            tellingBegin[id.index + 1] = static_cast<std::uint32_t>(telling.size());
        }
        auto tellingOf = [&](ir::ElementId id) {
            return std::span<const ir::ElementId>(telling).subspan(tellingBegin[id.index],
                                                                   tellingBegin[id.index + 1] - tellingBegin[id.index]);
        };
        std::vector<ir::ElementId> queue;
        // Checks Interface `id` (its own contents and those it inherits); returns whether it
        // found anything, reported only when `reportIt`.
        auto scan = [&](ir::ElementId id, bool reportIt) {
            const ir::Element& e = model_[id];
            const auto& iface = std::get<ir::Interface>(e.body);
            names.clear();
            if (slots.size() > 4096) slots.clear(); // after a very large Interface
            std::fill(slots.begin(), slots.end(), 0);
            uniqueCoValues_.clear();
            for (ir::ElementId c : tellingOf(id)) {
                if (sharedName[c.index] != 0) insert(c, id);
                noteUniqueCoValues(c);
            }
            std::uint32_t epoch = newMarks();
            markOnce(id, epoch);
            queue.clear();
            for (const ir::Ref& r : iface.extends)
                if (r.resolved.valid()) queue.push_back(r.resolved);
            for (std::size_t q = 0; q < queue.size() && q < 100000; ++q) {
                ir::ElementId cur = queue[q];
                if (!markOnce(cur, epoch)) continue;
                const auto* base = std::get_if<ir::Interface>(&model_[cur].body);
                if (base == nullptr) continue;
                for (ir::ElementId c : tellingOf(cur)) {
                    noteUniqueCoValues(c);
                    if (sharedName[c.index] == 0) continue;
                    if (insert(c, cur) != cur) {
                        if (reportIt) {
                            const std::string& n = *model_[c].name;
                            report("nonUniqueImportedPropertyValue", e.origin.range, e.id, model_[cur].id,
                                   std::string("contents"), n,
                                   "'" + e.id + "' has two contents named '" + n + "' (one from '" +
                                       model_[cur].id + "'); names must be unique across extends");
                        }
                        return true;
                    }
                }
                for (const ir::Ref& r : base->extends)
                    if (r.resolved.valid()) queue.push_back(r.resolved);
            }
            return repeatedUniqueCoValue(e, reportIt);
        };
        // NOTE(dtc): an Interface without contents and with one base has exactly the names and
        // unique co-type values of its base (with what the base inherits), so it is in error
        // exactly when its base is: an ontology (RealEstateCore: 499 of its 750 Interfaces with
        // a base) then costs one scan per chain instead of one per Interface and ancestor. A
        // verdict is found silently for a base not reached yet; an Interface in error is
        // scanned again, reporting, when the loop reaches it.
        enum Verdict : std::uint8_t { Unknown, Clean, Found };
        std::vector<std::uint8_t> verdict(model_.size(), Unknown);
        auto onlyBase = [&](ir::ElementId id) -> ir::ElementId { // invalid unless a shortcut applies
            const auto* iface = std::get_if<ir::Interface>(&model_[id].body);
            if (iface == nullptr || !iface->contents.empty() || iface->extends.size() != 1) return {};
            ir::ElementId b = iface->extends.front().resolved;
            return b.valid() && std::holds_alternative<ir::Interface>(model_[b].body) ? b : ir::ElementId{};
        };
        std::vector<ir::ElementId> chain;
        auto verdictOf = [&](ir::ElementId id) { // silently; follows chains of shortcuts
            chain.clear();
            ir::ElementId cur = id;
            while (verdict[cur.index] == Unknown && chain.size() < 1000) {
                chain.push_back(cur);
                ir::ElementId b = onlyBase(cur);
                if (!b.valid() || std::find(chain.begin(), chain.end(), b) != chain.end()) break;
                cur = b;
            }
            std::uint8_t v = verdict[cur.index];
            if (v == Unknown) v = scan(cur, false) ? Found : Clean;
            for (ir::ElementId c : chain) verdict[c.index] = v;
            return v;
        };
        for (std::size_t k = 0; k < tab().interfaces.size() && !abandoned(k); ++k) {
            const ir::ElementId id = tab().interfaces[k];
            if (std::get<ir::Interface>(model_[id].body).extends.empty()) continue;
            if (verdictOf(id) == Found) scan(id, true);
        }
    }

    // NOTE(dtc): a co-type's property marked dtmm:uniqueValue (the MQTT extension's Indexed
    // 'index') must differ among an Interface's contents with those it inherits, as the
    // official parser checks it: a Telemetry with index 1 in an Interface whose base has
    // another with index 1 is nonUniquePropertyValue for the Interface (and for every
    // Interface below it). The reader checks the elements of one collection.
    struct UniqueCoValue {
        std::string_view property, value;
    };
    std::vector<UniqueCoValue> uniqueCoValues_; ///< of the Interface inheritedNames is at

    /// Whether co-type property `pv` of `child` holds a value marked dtmm:uniqueValue.
    bool isUniqueCoValue(const ir::Element& child, const ir::PropertyValue& pv) const {
        return !pv.literals.empty() && mm_.uniqueValue(child.extras->supplementalTypes, pv.property);
    }

    /// Whether content `c` has a uniqueValue co-type property (usually not).
    bool hasUniqueCoValue(ir::ElementId c) const {
        const ir::Element& child = model_[c];
        return std::any_of(child.extras->supplementalProperties.begin(), child.extras->supplementalProperties.end(),
                           [&](const ir::PropertyValue& pv) { return isUniqueCoValue(child, pv); });
    }

    /// Notes the uniqueValue co-type properties of content `c` (usually none).
    void noteUniqueCoValues(ir::ElementId c) {
        const ir::Element& child = model_[c];
        for (const ir::PropertyValue& pv : child.extras->supplementalProperties)
            if (isUniqueCoValue(child, pv)) uniqueCoValues_.push_back({pv.property, pv.literals.front().lexical});
    }

    /// Whether a value is noted twice (noteUniqueCoValues) among `e`'s contents; reports (when
    /// `reportIt`) the one noted first (own contents first, then each base's in breadth-first
    /// order).
    bool repeatedUniqueCoValue(const ir::Element& e, bool reportIt) {
        if (uniqueCoValues_.size() < 2) return false;
        std::map<std::pair<std::string_view, std::string_view>, std::size_t> count;
        for (const UniqueCoValue& u : uniqueCoValues_) ++count[{u.property, u.value}];
        for (const UniqueCoValue& u : uniqueCoValues_) {
            if (count[{u.property, u.value}] < 2) continue;
            if (!reportIt) return true;
            const std::string shown(u.value);
            report("nonUniquePropertyValue", e.origin.range, e.id, {}, std::string("contents"), shown,
                   "'" + e.id + "' has two contents with " + mm_.termOf(u.property) + " " + shown +
                       " (with those it inherits); it must be unique");
            return true;
        }
        return false;
    }
};

// NOTE(dtc): on a large valid model the last three passes (descendant rules, inherited names,
// imported counts) are more than half of the validation, and they report nothing. With a
// second thread they run ahead, on copies of the checker made before any pass (copies count
// findings instead of reporting them; the constructor's tables are shared, not copied): a
// helper thread runs the descendant rules at once, while this thread checks references,
// co-types and siblings; inherited names and imported counts are run by whichever of the two
// is free first, on its copy. If neither copy found anything, the three passes are done:
// they report nothing. If either found anything (or an earlier pass did, so the later ones are
// not wanted), the copies are dropped and the passes run here, in order, as with one thread;
// the diagnostics never depend on the threads. A copy's pass is the pass: nothing an earlier
// pass leaves in a checker changes what a later one finds (only caches of the metamodel's
// answers, and marks of what was reported, which is nothing when the earlier passes pass).
class Ahead {
public:
    /// A helper thread running the descendant rules ahead of `main` (which has not started its
    /// passes yet), or null when no thread can be started.
    static std::unique_ptr<Ahead> start(const Checker& main) {
        std::unique_ptr<Ahead> ahead(new Ahead(main));
        ahead->thread_.emplace([a = ahead.get()] {
            a->helper_.descendants();
            if (a->helper_.errors_ != 0) a->abandon_.store(true, std::memory_order_relaxed);
            else if (!a->abandon_.load(std::memory_order_relaxed) && !a->inheritedClaimed_.exchange(true))
                a->inherited(a->helper_);
        });
        if (!ahead->thread_->started()) return nullptr; // the passes run in order
        return ahead;
    }
    Ahead(const Ahead&) = delete;
    Ahead& operator=(const Ahead&) = delete;
    /// Abandons what the helper is doing (the passes ended early); thread_ then waits for it.
    ~Ahead() { abandon_.store(true, std::memory_order_relaxed); }

    /// Runs inherited names and imported counts on this thread's copy unless the helper took
    /// them, and waits for the helper: true when the three passes found nothing (a copy that
    /// finds something sets abandon_; what the helper threw means the passes run again here).
    bool finish() {
        if (!inheritedClaimed_.exchange(true)) inherited(own_);
        return thread_->wait() == nullptr && !abandon_.load(std::memory_order_relaxed);
    }

private:
    explicit Ahead(const Checker& main) : helper_(main), own_(main) {
        helper_.diags_ = nullptr;
        own_.diags_ = nullptr;
        helper_.abandon_ = &abandon_;
        own_.abandon_ = &abandon_;
    }

    /// Runs inherited names and imported counts on `copy`.
    void inherited(Checker& copy) {
        copy.inheritedNames();
        copy.importedCounts();
        if (copy.errors_ != 0) abandon_.store(true, std::memory_order_relaxed);
    }

    Checker helper_; ///< the helper thread's copy: descendant rules, maybe inherited names
    Checker own_;    ///< this thread's copy: inherited names, unless the helper took them
    /// Set by the thread that takes inherited names and imported counts: the helper once its
    /// descendant rules are done, or this thread once its first passes are, whichever is
    /// free first (their lengths depend on the model).
    std::atomic<bool> inheritedClaimed_{false};
    /// Set when what runs ahead is not wanted (the passes ended early, a copy found something).
    std::atomic<bool> abandon_{false};
    std::optional<diag::HelperThread> thread_; ///< (last: it ends, and joins, first)
};

bool Checker::runInOrder(Ahead* ahead, const std::function<void()>& afterReferences) {
    if (!firstPasses(afterReferences)) return false;
    if (ahead != nullptr && ahead->finish()) return true;
    descendants();
    inheritedNames();
    importedCounts();
    return false;
}

bool Checker::run(unsigned threads, const std::function<void()>& afterReferences) {
    std::unique_ptr<Ahead> ahead = threads >= 2 ? Ahead::start(*this) : nullptr;
    return runInOrder(ahead.get(), afterReferences);
}

} // namespace

bool validateModel(const ir::Model& model, diag::Engine& diags, unsigned threads,
                   const std::function<void()>& afterReferences) {
    return Checker(model, diags, threads).run(threads, afterReferences);
}

} // namespace dtc::validator
