// dtc::metamodel — the DTDL language definition as data.
//
//   ../shared/reference/dtdl (official metamodels) --scripts/derive-dtdl-metamodel.py-->
//   data/dtdl-metamodel.json (committed) --embedded at build time--> Metamodel
//
// The DTDL front end and the validator read every language rule they can from here: which
// contexts exist and what their terms mean, which classes exist (material, abstract, adjunct
// co-types), which properties a class allows with their SHACL constraints (counts, datatypes,
// lengths, patterns, ranges, classes of values, uniqueness, id-segment rules), descendant
// limits (depth, count, excluded types), sibling rules, and the standard elements (primitive
// schemas, units). Loaded once, immutable afterwards, safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diag/string_hash.h"

namespace dtc::metamodel {

/// SHACL sh:nodeKind of a property's values.
enum class NodeKind : std::uint8_t { Literal, Iri, BlankNodeOrIri, Any };

/// DTDL's own properties ("dtmi:dtdl:property:NAME;N", of any version) that readers store in
/// the IR's own fields, so they dispatch on a rule without comparing IRIs; Other for the rest
/// (extension properties, and DTDL properties kept generically).
enum class DtdlProperty : std::uint8_t {
    Other, Name, Comment, Writable, MinMultiplicity, MaxMultiplicity, EnumValue, Nullable,
    Extends, Contents, Schemas, Schema, Request, Response, CommandType, Target, Properties,
    ElementSchema, ValueSchema, EnumValues, MapKey, MapValue, Fields,
};
/// The DtdlProperty an IRI names (Other unless it is "dtmi:dtdl:property:NAME;N" of the list).
[[nodiscard]] DtdlProperty dtdlPropertyOf(std::string_view iri);

/// One property constraint (an sh:property of a class shape).
struct PropertyRule {
    std::string iri;            ///< "dtmi:dtdl:property:schema;2"
    DtdlProperty dtdl = DtdlProperty::Other; ///< dtdlPropertyOf(iri), set with it
    /// Metamodel::propertyId(iri) for the metamodel's rules; -1 for a rule built elsewhere.
    /// (Two rules or terms with ids >= 0 name the same property exactly when their ids are equal.)
    std::int32_t propertyId = -1;
    std::string term;           ///< the JSON key: "schema"
    std::string declaringClass; ///< class whose shape declares it
    NodeKind nodeKind = NodeKind::Any;
    std::string datatype;                ///< "xsd:string", "xsd:integer", "rdf:langString", ...
    std::vector<std::string> datatypes;  ///< alternatives (sh:or of sh:datatype), incl. datatype
    std::vector<std::string> classes;    ///< allowed classes of values (sh:class / sh:or)
    std::optional<int> minCount, maxCount;
    std::optional<std::size_t> minLength, maxLength;
    std::string pattern;                 ///< ECMAScript regular expression
    std::optional<double> minInclusive, maxInclusive;
    bool uniqueLang = false;
    bool uniqueValue = false;            ///< values unique among siblings (dtmm:uniqueValue)
    bool typeInferable = false;          ///< nested values may omit @type
    bool deprecated = false;
    bool hidden = false;                 ///< internal to the language (not writable in models)
    std::vector<std::string> uniqueProperties; ///< properties unique among the values
    std::vector<std::string> uniqueTerms; ///< their terms (Metamodel::termOf), in the same order
    std::uint32_t uniqueNames = 0;       ///< bit i: uniqueProperties[i] is DTDL's name (of any version)
    std::string dtmiSegment;             ///< property whose value names generated ids
    std::string dtmiSegmentTerm;         ///< its term (Metamodel::termOf)
    /// How the identifiers generated for this property's inline values name it, when not by
    /// its term: DTDL v2's semantic-type unit, which no v2 class declares, is named by its
    /// unversioned IRI ("...:_dtmi:dtdl:property:unit;1"), as the official parser names it (set
    /// by the loader for IoT Central's semantic types, and by the DTDL reader's own v2 unit rule).
    std::string idSegment;
    std::string dictionaryKey;
    std::vector<std::string> in;         ///< allowed values (sh:in)
    std::string hasValue;                ///< required value (dtmm:value / sh:hasValue)
    std::string childOf;                 ///< dtmm:childOf
    bool supersedable = false;           ///< maxLength is a limit (DTDL v4 limit extensions)
};

/// A dtmm:descendants restriction: limits on elements reachable through `properties`.
struct DescendantRule {
    std::string id;
    std::vector<std::string> properties;
    bool narrow = false;                  ///< count along one path (narrow) or all (wide)
    std::vector<std::string> importProperties;
    std::optional<int> maxCount, maxDepth;
    std::string excludeType;              ///< class that may not occur below
    bool allowSelf = false;               ///< a path may come back to its start (DTDL v4 schemas)
    bool supersedable = false;            ///< maxDepth / maxCount are limits (DTDL v4)
};

/// A dtmm:siblings restriction of an adjunct type (annotation, overriding).
struct SiblingRule {
    std::string keyProperty, keyrefProperty, path;
    std::vector<std::string> classes; ///< sibling must be of one of these (sh:or)
    std::string notClass;             ///< sibling must not have this type (sh:not)
    bool uniqueReference = false;
    std::optional<bool> refersToMaterial;
};

/// One class of the language (core class or extension co-type).
struct ClassRule {
    std::string iri;
    std::string term;               ///< "Interface", "Temperature", ...
    /// Its name: for DTDL's own classes (and those without a term) the one in its IRI
    /// ("CommandPayload" for dtmi:dtdl:class:CommandPayload;2), else its term.
    std::string name;
    int dtdlVersion = 0;
    bool material = false, abstract = false, partition = false, extensible = false;
    bool adjunct = false;           ///< an extension co-type (subclass of AdjunctType)
    bool semanticType = false;      ///< a v2 SemanticType / QuantitativeType
    bool constrainsUnit = false;    ///< a semantic type with a 'unit' rule (two such conflict)
    std::vector<std::string> supers;
    std::vector<std::string> cotypeOf;   ///< co-type allowed on these material classes (sh:or)
    std::vector<std::string> requiredCotypes; ///< co-types required beside it (sh:and)
    std::string excludes;                ///< sh:not class
    std::vector<PropertyRule> properties;
    /// Metamodel::propertiesOf(iri): its own and inherited rules (set by the loader).
    const std::vector<const PropertyRule*>* allProperties = nullptr;
    std::optional<std::size_t> idMaxLength;
    bool idSupersedable = false; ///< idMaxLength is a limit (DTDL v4)
    std::vector<DescendantRule> descendants;
    std::vector<SiblingRule> siblings;
    std::vector<std::string> instances;  ///< predefined instances (dtmm:instance)
};

/// Global restrictions of a DTDL version.
struct Globals {
    int dtdlVersion = 0;
    std::string idPattern;
    std::size_t idMaxLength = 0;
    bool idSupersedable = false; ///< idMaxLength is a limit (DTDL v4)
    std::vector<std::string> reservedPrefixes;
    bool allowUndefinedExtensionsByDefault = false;
    bool localTerms = false;
    bool restrictKeywords = false;
    std::size_t partitionMaxBytes = 0;
    std::vector<std::string> alwaysAllowCotype, alwaysAllowProperty, neverAllowCotype,
        neverAllowProperty;
};

/// One term of a context.
struct Term {
    std::string iri;
    std::string type;      ///< "@id", "@vocab", ...
    std::string container; ///< "@list", "@language", ...
    std::int32_t propertyId = -1; ///< Metamodel::propertyId(iri): -1 unless a rule constrains it
    const ClassRule* cls = nullptr; ///< Metamodel::cls(iri): the class the term names, if any
};

/// A context that documents may name in @context.
struct Context {
    std::string id;        ///< "dtmi:dtdl:extension:mqtt;1"
    int dtdlVersion = 0;   ///< DTDL version it belongs to
    std::string kind;      ///< core, feature, limit, partner
    /// The DTDL version a partner context implies (its pragma's dtmm:implicitDtdlVersion), or 0:
    /// such a context may precede the DTDL context of that version.
    int implicitDtdlVersion = 0;
    std::unordered_map<std::string, Term> terms;
};

/// A predefined element (primitive schema, command type, unit, unit prefix, ...).
struct StandardElement {
    std::string id;
    std::vector<std::string> types;    ///< @type terms as written in the element files
    std::string displayName;
    int dtdlVersion = 0;
    std::vector<std::string> memberOf; ///< enumerations that list it (a unit's unit type)
    std::string aliasFor;              ///< the element it is an alias of, if any
    std::vector<std::string> contexts; ///< @context of its element file (expands its terms)
    /// Further property values, (term, value) as written: a unit's symbol, base unit, prefix,
    /// top and bottom unit; a prefix's exponent (numbers as their JSON text).
    std::vector<std::pair<std::string, std::string>> properties;
    std::string name;                  ///< a field's name
    std::string schema;                ///< a field's schema, as written (a term)
    std::vector<std::string> fields;   ///< an Object's fields (standard elements themselves)
    std::vector<std::pair<std::string, std::string>> description; ///< (language, text)
};

/// The transparent string hash of the hashed indexes below (diag/string_hash.h).
using StringHash = diag::StringHash;

/// A hashed index keyed by strings, looked up with string views.
template <class T>
using StringIndex = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

/// A limit extension (DTDL v4 "Limit extensions", e.g. dtmi:dtdl:limits:onvif;1): the values it
/// gives the core language's supersedable limits. A document that names the limitless DTDL
/// context and then this one is held to these values instead of the core ones; a supersedable
/// limit the extension does not name has no bound there.
struct LimitSet {
    std::string contextId;                    ///< "dtmi:dtdl:limits:onvif;1"
    std::optional<std::size_t> idMaxLength;   ///< the global identifier length
    StringIndex<std::size_t> classIdMaxLength; ///< identifier length by class IRI
    StringIndex<std::size_t> propertyMaxLength; ///< string length by property IRI
    std::vector<DescendantRule> descendants;  ///< matched to the core rules by their properties
};

/// The whole language definition.
class Metamodel {
public:
    /// The embedded metamodel (parsed on first use).
    [[nodiscard]] static const Metamodel& get();

    [[nodiscard]] const Context* context(std::string_view id) const;
    [[nodiscard]] const ClassRule* cls(std::string_view iri) const;
    [[nodiscard]] const Globals& globals(int dtdlVersion) const;
    /// True when `cls` is `ancestor` or inherits from it.
    [[nodiscard]] bool isA(std::string_view cls, std::string_view ancestor) const;
    /// All property rules of a class, its superclasses first.
    /// (Computed once per class at load time.)
    [[nodiscard]] const std::vector<const PropertyRule*>& propertiesOf(std::string_view cls) const;
    /// The id of a property IRI that some class's rule constrains (PropertyRule::propertyId),
    /// -1 for any other IRI.
    [[nodiscard]] std::int32_t propertyId(std::string_view iri) const;
    /// How many property ids there are (they run from 0).
    [[nodiscard]] std::size_t propertyIdCount() const { return propertyIds_.size(); }
    /// propertiesOf(c.iri), without a lookup for a class of this metamodel.
    [[nodiscard]] const std::vector<const PropertyRule*>& propertiesOf(const ClassRule& c) const {
        return c.allProperties != nullptr ? *c.allProperties : propertiesOf(c.iri);
    }
    /// Whether property `iri` has a rule marked dtmm:uniqueValue in one of the classes `cotypes`
    /// (its values differ among the elements of a collection: the MQTT extension's Indexed
    /// 'index').
    [[nodiscard]] bool uniqueValue(const std::vector<std::string>& cotypes, std::string_view iri) const;
    /// Descendant rules of a class and its superclasses.
    [[nodiscard]] const std::vector<const DescendantRule*>& descendantsOf(std::string_view cls) const;
    /// Every class, by IRI (deterministic order).
    [[nodiscard]] const std::map<std::string, ClassRule, std::less<>>& classes() const { return classes_; }
    /// Every context id known, sorted.
    [[nodiscard]] std::vector<std::string> contextIds() const;
    /// The predefined elements of the element files, nested enumeration members included.
    [[nodiscard]] const std::vector<StandardElement>& standardElements() const { return elements_; }
    /// The term of a property IRI in a DTDL version's core context ("schema"), or empty.
    [[nodiscard]] const std::string& termOf(std::string_view iri) const;
    /// The limit extension `contextId` (versioned), or nullptr when none is known.
    [[nodiscard]] const LimitSet* limitSet(std::string_view contextId) const;
    /// Every limit extension known.
    [[nodiscard]] const std::vector<LimitSet>& limitSets() const { return limits_; }
    /// The limit extension a document's @context entries put in effect (the one right after
    /// "dtmi:dtdl:context;4#limitless"), or nullptr for the core limits.
    [[nodiscard]] const LimitSet* limitsOf(const std::vector<std::string>& contexts) const;

    // The limits in effect under `limits` (nullptr: the core language's).
    [[nodiscard]] static std::optional<std::size_t> maxLength(const PropertyRule& rule, const LimitSet* limits);
    [[nodiscard]] static std::optional<std::size_t> idMaxLength(const Globals& g, const LimitSet* limits);
    [[nodiscard]] static std::optional<std::size_t> idMaxLength(const ClassRule& cls, const LimitSet* limits);
    /// maxDepth and maxCount of `rule` under `limits` (its other parts are no limits).
    [[nodiscard]] static std::pair<std::optional<int>, std::optional<int>> bounds(const DescendantRule& rule,
                                                                                const LimitSet* limits);

private:
    Metamodel() = default;
    std::map<std::string, Context, std::less<>> contexts_;
    std::map<std::string, ClassRule, std::less<>> classes_;
    std::array<std::optional<Globals>, 5> globals_; ///< by DTDL version (1-4)
    StringIndex<std::int32_t> propertyIds_;          ///< property IRI -> id (propertyId)
    // NOTE(dtc): the lookups below run several times per element of every model; hashed
    // indexes with string_view keys replaced std::map lookups that were 8% of a check
    // (string compares of long shared "dtmi:dtdl:..." prefixes). classes_ and contexts_ stay
    // ordered maps because classes() and contextIds() promise a deterministic order.
    StringIndex<const Context*> contextIndex_;
    StringIndex<const ClassRule*> classIndex_;
    StringIndex<std::string> termOfIri_;
    std::vector<StandardElement> elements_;
    StringIndex<std::vector<const PropertyRule*>> propertiesOf_;
    StringIndex<std::vector<const DescendantRule*>> descendantsOf_;
    StringIndex<std::vector<std::string>> ancestors_;
    std::vector<LimitSet> limits_;
    friend struct Loader;
};

} // namespace dtc::metamodel
