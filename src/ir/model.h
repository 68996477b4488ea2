// dtc::ir — the one intermediate representation every front end produces and every later stage
// reads.
//
// A Model is a set of elements: twin types (Interface) and everything they are made of
// (contents, schemas, fields, enum values, command payloads, units, ...). Its vocabulary is
// DTDL's — the richest of the formats we read — and every other format (our .twin language,
// NGSI-LD, oneM2M) maps onto it. Elements are owned by the Model in one vector and refer to
// each other through Refs: the DTMI as written plus the ElementId it resolves to (filled by
// resolveReferences). There are no parent pointers; ParentIndex computes them when needed.
//
// Every element remembers where it came from (format + source range) and keeps the lexical
// form of its literals, so translations can round-trip without loss. After validation the
// model is read-only for translators and generators.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <type_traits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "diag/diag.h"
#include "ir/continuum.h"

namespace dtc::ir {

/// The format an element was read from.
enum class SourceFormat : std::uint8_t {
    Dtdl,      ///< DTDL JSON-LD
    Twin,      ///< our .twin language
    NgsiLd,    ///< NGSI-LD / Smart Data Models
    OneM2M,    ///< oneM2M SDT / flexContainer
    Standard,  ///< predefined by a language definition (e.g. DTDL's primitive schemas, units)
    Synthesized,
};

[[nodiscard]] std::string_view formatName(SourceFormat f);

/// Where an element came from.
struct Origin {
    SourceFormat format = SourceFormat::Synthesized;
    diag::SourceRange range;
};

/// Index of an element in its Model.
struct ElementId {
    std::uint32_t index = 0xFFFFFFFFu;
    [[nodiscard]] bool valid() const { return index != 0xFFFFFFFFu; }
    friend bool operator==(ElementId, ElementId) = default;
    friend auto operator<=>(ElementId, ElementId) = default;
};

/// A literal value with its lexical form kept (e.g. "001.50" stays "001.50").
struct Literal {
    enum class Kind : std::uint8_t { String, Integer, Double, Boolean };
    Kind kind = Kind::String;
    std::string lexical;      ///< the string value, or the number / boolean as written
    std::int64_t integer = 0; ///< valid for Integer
    double number = 0;        ///< valid for Integer and Double
    bool boolean = false;     ///< valid for Boolean
    diag::SourceRange range;  ///< where the value is written (not part of equality)

    [[nodiscard]] static Literal string(std::string s);
    [[nodiscard]] static Literal integerValue(std::int64_t v, std::string lexical = {});
    [[nodiscard]] static Literal doubleValue(double v, std::string lexical);
    [[nodiscard]] static Literal booleanValue(bool b);
    friend bool operator==(const Literal& a, const Literal& b) {
        return a.kind == b.kind && a.lexical == b.lexical && a.boolean == b.boolean;
    }
};

/// A number as the official DTDL parser (.NET) prints it in identifiers and error values:
/// integral values below 1E+15 in full ("1e3" -> "1000"), others in their shortest round-trip
/// form with an upper-case exponent ("1.5", "1E+20"); infinities (a number past a double's
/// range, 1e999) as "Infinity" and "-Infinity".
[[nodiscard]] std::string dotNetNumberText(double v);

/// A localizable string: (language tag, text) pairs in source order. `plain` records that the
/// source gave a bare string rather than a language map (DTDL reads it as language "en").
struct LangString {
    std::vector<std::pair<std::string, std::string>> values;
    bool plain = false;
    [[nodiscard]] bool empty() const { return values.empty(); }
    /// The text for `lang`, else for "en", else the first one; empty if none.
    [[nodiscard]] std::string_view best(std::string_view lang = "en") const;
    friend bool operator==(const LangString&, const LangString&) = default;
};

/// A short name many elements share (a property's term: "schema", "contents", ...), held as a
/// view of a string that lives as long as the process: one interned here (from any string or
/// literal), or one the caller vouches for (Term::stable: the metamodel's terms). It reads as a
/// const std::string&.
// NOTE(dtc): every reference held its property term as a std::string of its own: 32 bytes
// per reference (a third of a Ref) and a copy per reference read, for a few dozen distinct
// names.
class Term {
public:
    Term() : s_(&none()) {}
    Term(const char* s) : s_(intern(s)) {}               // NOLINT: r.property = "schema"
    Term(const std::string& s) : s_(intern(s)) {}        // NOLINT
    Term(std::string_view s) : s_(intern(s)) {}          // NOLINT
    /// A term viewing `s`, which must outlive every use of the term (the metamodel's strings).
    static Term stable(const std::string& s) {
        Term t;
        t.s_ = &s;
        return t;
    }
    operator const std::string&() const { return *s_; } // NOLINT
    [[nodiscard]] bool empty() const { return s_->empty(); }
    friend bool operator==(const Term& a, const Term& b) { return a.s_ == b.s_ || *a.s_ == *b.s_; }
    friend bool operator==(const Term& a, std::string_view b) { return *a.s_ == b; }
    friend bool operator==(const Term& a, const char* b) { return *a.s_ == b; }
    friend bool operator==(const Term& a, const std::string& b) { return *a.s_ == b; }
    friend std::string operator+(const std::string& a, const Term& b) { return a + *b.s_; }
    friend std::string operator+(const char* a, const Term& b) { return a + *b.s_; }
    friend std::string operator+(const Term& a, const std::string& b) { return *a.s_ + b; }
    friend std::string operator+(const Term& a, const char* b) { return *a.s_ + b; }

private:
    static const std::string& none();
    /// The process's copy of `s` (thread-safe; never freed).
    static const std::string* intern(std::string_view s);
    const std::string* s_;
};

/// A reference from one element to another, by identifier. Elements defined inline (a nested
/// JSON object in DTDL) are referenced the same way, with `inlineDefinition` set.
struct Ref {
    /// DTMI (or other identifier) of the referenced element. Empty for an inline definition
    /// read from DTDL: its element is `resolved` (read an inline definition through
    /// `resolved`, and its identifier with Model::refId).
    std::string target;
    /// The property the reference is the value of, by its term ("schema", "extends", ...; DTDL
    /// keys written as the property's IRI are given by the term too).
    Term property;
    ElementId resolved;          ///< filled by Model::resolveReferences
    diag::SourceRange range;     ///< where the reference (or inline definition) is written
    bool inlineDefinition = false;
    /// A dependent reference must resolve for the model to be complete. Relationship targets
    /// are not dependent (DTDL v3 spec, "Model completeness").
    bool dependent = true;
};

/// A value of a property that the model language does not define natively: supplemental
/// properties of extension co-types (DTDL `unit`, `annotates`, MQTT `topic`, ...) and, with
/// undefined extensions allowed, undefined properties. Kept generically so nothing is lost.
struct PropertyValue {
    std::string property;              ///< full identifier (DTMI) of the property, if known
    std::string term;                  ///< the name as written in the source
    std::vector<Literal> literals;     ///< literal values
    std::vector<LangString> langStrings;
    std::vector<Ref> refs;             ///< values that are elements (references or inline)
    std::string json;                  ///< undefined properties: the raw JSON value
    diag::SourceRange range;
};

/// The primitive schemas of DTDL (v2-v4) — the closed set every format maps its scalars to.
enum class Primitive : std::uint8_t {
    Boolean, Date, DateTime, Double, Duration, Float, Integer, Long, String, Time,
    // DTDL v4 additions
    Byte, Bytes, Decimal, Short, Uuid, UnsignedByte, UnsignedShort, UnsignedInteger, UnsignedLong,
};

[[nodiscard]] std::string_view primitiveName(Primitive p);
[[nodiscard]] std::optional<Primitive> primitiveFromName(std::string_view name);

// ---- Element bodies: one struct per DTDL class ------------------------------------------------

struct Interface {
    std::vector<Ref> extends;
    std::vector<Ref> contents;
    std::vector<Ref> schemas;
    /// The document's @context entries (DTDL version and extensions), in source order.
    std::vector<std::string> contexts;
};
struct Telemetry {
    Ref schema;
};
struct Property {
    Ref schema;
    std::optional<bool> writable;
};
struct Command {
    std::optional<Ref> request;
    std::optional<Ref> response;
    std::optional<Ref> commandType; ///< DTDL v2 only: synchronous / asynchronous
};
struct CommandPayload {
    enum class Role : std::uint8_t { Payload, Request, Response };
    Role role = Role::Payload; ///< v2 CommandPayload; v3+ CommandRequest / CommandResponse
    Ref schema;
    std::optional<bool> nullable; ///< DTDL v4
};
struct Relationship {
    std::optional<Literal> minMultiplicity;
    std::optional<Literal> maxMultiplicity;
    std::optional<Ref> target;
    std::vector<Ref> properties;
    std::optional<bool> writable;
};
struct Component {
    Ref schema;
};
struct ArraySchema {
    Ref elementSchema;
};
struct EnumSchema {
    Ref valueSchema;
    std::vector<Ref> enumValues;
};
struct EnumValue {
    Literal enumValue;
};
struct MapSchema {
    Ref mapKey;
    Ref mapValue;
};
struct MapKey {
    Ref schema;
};
struct MapValue {
    Ref schema;
};
struct ObjectSchema {
    std::vector<Ref> fields;
};
struct Field {
    Ref schema;
};
struct PrimitiveSchema {
    Primitive kind;
};
/// An element of a class defined by a language extension or predefined element set (units,
/// unit attributes, latent types, command types, ...): identified by its class DTMIs.
struct ExtensionElement {
    std::vector<std::string> classes;
    /// Predefined elements only: the enumerations that list this element (a unit's unit type).
    std::vector<std::string> memberOf;
};

/// A body held on the heap, with value semantics (copies are deep). The largest and rarer
/// kinds are boxed so that they do not size every element.
// NOTE(dtc): Command (three optional Refs) and Relationship (two optional Literals and a Ref)
// made the body 320 bytes and an element 632; boxed with MapSchema, the body is 128 and an
// element 440: a tenth of the memory of a 100,000-interface check, and of the pages a fresh
// process must fault in.
template <class T> class Boxed {
public:
    Boxed() : p_(std::make_unique<T>()) {}
    Boxed(T value) : p_(std::make_unique<T>(std::move(value))) {} // NOLINT: `body = Command{}`
    Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o) : nullptr) {}
    Boxed(Boxed&&) noexcept = default; // leaves `o` empty, as a moved-from unique_ptr
    Boxed& operator=(const Boxed& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o) : nullptr;
        return *this;
    }
    Boxed& operator=(Boxed&&) noexcept = default;
    ~Boxed() = default;
    [[nodiscard]] T& operator*() { return *p_; }
    [[nodiscard]] const T& operator*() const { return *p_; }
    [[nodiscard]] T* operator->() { return p_.get(); }
    [[nodiscard]] const T* operator->() const { return p_.get(); }

private:
    std::unique_ptr<T> p_;
};

using Body = std::variant<Interface, Telemetry, Property, Boxed<Command>, CommandPayload,
                          Boxed<Relationship>, Component, ArraySchema, EnumSchema, EnumValue,
                          Boxed<MapSchema>, MapKey, MapValue, ObjectSchema, Field, PrimitiveSchema,
                          ExtensionElement>;

namespace detail {
template <class T> struct BodySlot { using type = T; };
template <> struct BodySlot<Command> { using type = Boxed<Command>; };
template <> struct BodySlot<Relationship> { using type = Boxed<Relationship>; };
template <> struct BodySlot<MapSchema> { using type = Boxed<MapSchema>; };
template <class T> T& unbox(T& b) { return b; }
template <class T> T& unbox(Boxed<T>& b) { return *b; }
template <class T> const T& unbox(const Boxed<T>& b) { return *b; }
} // namespace detail

/// The alternative of Body that holds a T (Boxed<T> for the boxed kinds).
template <class T> using BodySlot = typename detail::BodySlot<T>::type;

namespace detail {
template <class T, class V> struct BodyIndex;
template <class T, class... Ts> struct BodyIndex<T, std::variant<Ts...>> {
    static constexpr std::size_t value = [] {
        constexpr bool same[] = {std::is_same_v<T, Ts>...};
        std::size_t i = 0;
        while (i < sizeof...(Ts) && !same[i]) ++i;
        return i;
    }();
};
} // namespace detail

/// Body::index() of a body that holds a T (Boxed<T> for the boxed kinds).
template <class T> inline constexpr std::size_t kBodyIndex = detail::BodyIndex<BodySlot<T>, Body>::value;

/// std::visit over a body, with boxed kinds handed over unboxed: `f` sees Command, not
/// Boxed<Command>.
template <class B, class F> decltype(auto) visitBody(B& body, F&& f) {
    return std::visit([&](auto& alt) -> decltype(auto) { return f(detail::unbox(alt)); }, body);
}

/// The body as a T, or nullptr.
template <class T> [[nodiscard]] T* bodyIf(Body& body) {
    auto* slot = std::get_if<BodySlot<T>>(&body);
    return slot == nullptr ? nullptr : &detail::unbox(*slot);
}
template <class T> [[nodiscard]] const T* bodyIf(const Body& body) {
    const auto* slot = std::get_if<BodySlot<T>>(&body);
    return slot == nullptr ? nullptr : &detail::unbox(*slot);
}

/// Makes `body` a default T (Boxed<T> for the boxed kinds) in place; returns it, unboxed.
template <class T> T& emplaceBody(Body& body) { return detail::unbox(body.emplace<BodySlot<T>>()); }

/// The DTDL class name of a body ("Interface", "Telemetry", "CommandRequest", ...).
[[nodiscard]] std::string_view className(const Body& body);

/// What few elements have: a comment, co-types with their properties, undefined co-types and
/// properties. Held out of line (Element::extras).
struct ElementExtras {
    std::optional<std::string> comment;
    std::vector<std::string> supplementalTypes; ///< co-types, as full DTMIs
    std::vector<PropertyValue> supplementalProperties;
    std::vector<std::string> undefinedTypes;    ///< co-types no known extension defines
    std::vector<PropertyValue> undefinedProperties;
};

/// One element of a model.
struct Element {
    // NOTE(dtc): the fields are in the order the passes over every element read them (the
    // references' resolution, the join of two parts, the validator's tables): the body, with
    // its references and, at its end, its kind; the extras box; the element's index, version
    // and origin. They share the first two cache lines: first, the kind alone was in the fifth.
    Body body;
    // NOTE(dtc): 136 bytes in line, empty for most elements of most models (a 100,000-interface
    // set has two million elements); out of line the element is 312 bytes instead of 440.
    // Read with `e.extras->supplementalTypes`, write with `e.extras.edit().supplementalTypes`.
    LazyBox<ElementExtras> extras;
    /// This element's index in the Model that holds it (set by Model::add).
    ElementId self;
    int languageVersion = 0;     ///< DTDL major version the element was written in (0: n/a)
    Origin origin;
    bool idGenerated = false;    ///< the source gave no @id
    std::string id;              ///< DTMI; generated ones follow DTDL's scheme
    std::optional<std::string> name;
    LangString displayName;
    LangString description;
    /// Digital Twin Continuum concepts (bindings, fidelity, shadowing, package); empty for
    /// plain DTDL. See ir/continuum.h.
    ContinuumBox continuum;

    template <class T> [[nodiscard]] bool is() const { return std::holds_alternative<BodySlot<T>>(body); }
    template <class T> [[nodiscard]] const T& as() const { return detail::unbox(std::get<BodySlot<T>>(body)); }
    template <class T> [[nodiscard]] T& as() { return detail::unbox(std::get<BodySlot<T>>(body)); }
    /// The body as a T, or nullptr.
    template <class T> [[nodiscard]] const T* getIf() const { return bodyIf<T>(body); }
    template <class T> [[nodiscard]] T* getIf() { return bodyIf<T>(body); }
};

/// The elements of a Model, in insertion order, stored in chunks of fixed size: adding an element
/// never moves the others, so references to elements stay valid while a model grows.
// NOTE(dtc): a std::vector<Element> moved every element at each regrowth; on 200,000 elements
// that was 330 MB written into fresh pages, 40% of a 10,000-interface check.
// Chunks are cut from blocks that grow with the store (1, 1, 2, 4, ... up to 64 chunks), so
// consecutive chunks of a block are one run of memory: append() then takes another store's
// elements where they are, each chunk of the result a 256-slot window into that run, instead of
// moving every one of them to line them up with this store's last, partly filled chunk.
class ElementStore {
public:
    static constexpr std::size_t kChunkBits = 8;
    static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;
    /// Slot i of the chunks (constructed or not).
    static Element& at(Element* const* chunks, std::size_t i) { return chunks[i >> kChunkBits][i & (kChunkSize - 1)]; }

    template <bool Const> class Iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Element;
        using difference_type = std::ptrdiff_t;
        using reference = std::conditional_t<Const, const Element&, Element&>;
        using pointer = std::conditional_t<Const, const Element*, Element*>;
        Iterator() = default;
        Iterator(Element* const* chunks, std::size_t i) : chunks_(chunks), i_(i) {}
        reference operator*() const { return at(chunks_, i_); }
        pointer operator->() const { return &**this; }
        Iterator& operator++() { ++i_; return *this; }
        Iterator operator++(int) { Iterator t = *this; ++i_; return t; }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.i_ == b.i_; }
    private:
        Element* const* chunks_ = nullptr;
        std::size_t i_ = 0;
    };
    using iterator = Iterator<false>;
    using const_iterator = Iterator<true>;

    ElementStore() = default;
    ElementStore(const ElementStore& other);
    ElementStore(ElementStore&& other) noexcept;
    ElementStore& operator=(ElementStore other) noexcept;
    ~ElementStore();

    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] const Element& operator[](std::size_t i) const { return at(chunks_.data(), i); }
    [[nodiscard]] Element& operator[](std::size_t i) { return at(chunks_.data(), i); }
    [[nodiscard]] iterator begin() { return {chunks_.data(), 0}; }
    [[nodiscard]] iterator end() { return {chunks_.data(), size_}; }
    [[nodiscard]] const_iterator begin() const { return {chunks_.data(), 0}; }
    [[nodiscard]] const_iterator end() const { return {chunks_.data(), size_}; }

    /// Appends an element; returns it.
    Element& push_back(Element&& e);

    /// Appends every element of `other` (which is left empty), in order, taking over its
    /// memory: the elements that fill this store's last, partly filled chunk move there, and
    /// so do those of a chunk that would straddle two of other's blocks (one chunk per block
    /// at most); the others stay where they are (a model read on another thread keeps its
    /// storage). This store's own elements never move.
    void append(ElementStore&& other);

private:
    /// A fresh chunk's slots: from the last block, or a new block.
    Element* newChunk();

    /// Chunk k holds the slots of elements k * kChunkSize ... (k + 1) * kChunkSize - 1, one run
    /// of memory; the first size_ slots are constructed. There are exactly as many chunks as
    /// the elements need.
    std::vector<Element*> chunks_;
    std::size_t size_ = 0;
    std::vector<void*> blocks_; ///< the memory the chunks are cut from (owned)
    Element* spareBegin_ = nullptr; ///< the last block's slots not handed out as a chunk yet
    std::size_t spareChunks_ = 0;   ///< how many chunks' worth of them
};

/// Visits every Ref held by an element body and its supplemental properties, in order.
template <class F> void forEachRef(Element& e, F&& f);
template <class F> void forEachRef(const Element& e, F&& f);

/// The model: owns every element. Identifiers are unique; `roots` lists top-level elements
/// (those written as documents, not nested) in input order.
class Model {
public:
    /// An identifier's hash in the index, as prefetch() gives it to add().
    struct IdHash {
        std::uint32_t value;
    };
    /// Adds an element; returns its id. An element with an identifier already present is not
    /// added: the existing id is returned with `added = false`. `hash`, when given, is what
    /// prefetch(element.id) returned (the identifier is not hashed again).
    ElementId add(Element&& element, bool* added = nullptr, std::optional<IdHash> hash = std::nullopt);

    [[nodiscard]] const Element& operator[](ElementId id) const { return elements_[id.index]; }
    [[nodiscard]] Element& operator[](ElementId id) { return elements_[id.index]; }
    [[nodiscard]] const ElementStore& elements() const { return elements_; }
    [[nodiscard]] std::size_t size() const { return elements_.size(); }

    [[nodiscard]] std::optional<ElementId> find(std::string_view id) const;
    /// The element `r` refers to: the one it was resolved to, else the one its target names
    /// (before resolution), else none.
    [[nodiscard]] std::optional<ElementId> targetOf(const Ref& r) const {
        if (r.resolved.valid() && r.resolved.index < size()) return r.resolved;
        return find(r.target);
    }
    /// The identifier `r` refers to: its target, or, for an inline definition (whose target
    /// the DTDL reader leaves empty), the identifier of its element.
    [[nodiscard]] const std::string& refId(const Ref& r) const {
        return r.inlineDefinition && r.resolved.valid() && r.resolved.index < size() ? elements_[r.resolved.index].id
                                                                                   : r.target;
    }
    /// Hints that an element with identifier `id` will be added soon: its slot of the index is
    /// fetched into the cache meanwhile. Returns the identifier's hash, for add().
    IdHash prefetch(std::string_view id) const;

    /// Appends every element of `other` after this model's, in order (ids, inline references
    /// and roots renumbered), as if they had been added here one by one: a model read in parts
    /// (driver::compile's second reader thread) becomes the model read in one piece. Returns
    /// false, changing nothing, when an identifier of `other` is already defined here (reading
    /// in one piece would have refused it: the caller reads again instead). With `threads` 2,
    /// the identifiers are checked and `other`'s elements renumbered and indexed in two halves
    /// on two threads (the result is the same).
    bool append(Model&& other, unsigned threads = 1);

    void addRoot(ElementId id) { roots_.push_back(id); }
    [[nodiscard]] const std::vector<ElementId>& roots() const { return roots_; }

    /// Points every Ref at the element with its target identifier. Returns the targets that
    /// no element defines, each once, in first-reference order. With `threads` 2, the
    /// references of the second half of the elements are resolved on a second thread (the
    /// result is the same).
    std::vector<std::string> resolveReferences(unsigned threads = 1);

    [[nodiscard]] std::size_t interfaceCount() const;

private:
    ElementStore elements_;
    // NOTE(dtc): the identifier index is an open-addressing table of element indices keyed by
    // the elements' own ids (no copy of each id, no node per element): slot = hash << 32 |
    // (index + 1), 0 = empty, power-of-two size, at most half full.
    std::vector<std::uint64_t> slots_;
    [[nodiscard]] std::size_t slotOf(std::string_view id, std::uint32_t hash) const;
    void growIndex();
    std::vector<ElementId> roots_;
};

/// Options of the textual dump.
struct DumpOptions {
    bool locations = false;         ///< append @file:line:col to each element
    bool standardElements = false;  ///< include predefined (Standard) elements
};

/// Writes a stable, human-readable text form of the model (used by golden tests, round-trip
/// comparisons and `dtc-compile dump`). Elements appear in model order, properties in a fixed
/// order; nothing depends on hash order.
[[nodiscard]] std::string dump(const Model& model, const diag::SourceManager* sm = nullptr,
                               const DumpOptions& options = {});

// ---- template definitions ---------------------------------------------------------------------

namespace detail {
template <class E, class F> void forEachRefImpl(E& e, F&& f) {
    visitBody(
        e.body,
        [&](auto& b) {
            using T = std::decay_t<decltype(b)>;
            if constexpr (std::is_same_v<T, Interface>) {
                for (auto& r : b.extends) f(r);
                for (auto& r : b.contents) f(r);
                for (auto& r : b.schemas) f(r);
            } else if constexpr (std::is_same_v<T, Telemetry> || std::is_same_v<T, Property> ||
                                 std::is_same_v<T, Component> || std::is_same_v<T, CommandPayload> ||
                                 std::is_same_v<T, MapKey> || std::is_same_v<T, MapValue> ||
                                 std::is_same_v<T, Field>) {
                f(b.schema);
            } else if constexpr (std::is_same_v<T, Command>) {
                if (b.request) f(*b.request);
                if (b.response) f(*b.response);
                if (b.commandType) f(*b.commandType);
            } else if constexpr (std::is_same_v<T, Relationship>) {
                if (b.target) f(*b.target);
                for (auto& r : b.properties) f(r);
            } else if constexpr (std::is_same_v<T, ArraySchema>) {
                f(b.elementSchema);
            } else if constexpr (std::is_same_v<T, EnumSchema>) {
                f(b.valueSchema);
                for (auto& r : b.enumValues) f(r);
            } else if constexpr (std::is_same_v<T, MapSchema>) {
                f(b.mapKey);
                f(b.mapValue);
            } else if constexpr (std::is_same_v<T, ObjectSchema>) {
                for (auto& r : b.fields) f(r);
            } else {
                static_assert(std::is_same_v<T, EnumValue> || std::is_same_v<T, PrimitiveSchema> ||
                              std::is_same_v<T, ExtensionElement>);
            }
        });
    if constexpr (std::is_const_v<E>) {
        for (auto& p : e.extras->supplementalProperties)
            for (auto& r : p.refs) f(r);
    } else {
        // (Only elements that have supplemental properties get their extras touched.)
        if (!e.extras->supplementalProperties.empty())
            for (auto& p : e.extras.edit().supplementalProperties)
                for (auto& r : p.refs) f(r);
    }
}
} // namespace detail

template <class F> void forEachRef(Element& e, F&& f) { detail::forEachRefImpl(e, f); }
template <class F> void forEachRef(const Element& e, F&& f) { detail::forEachRefImpl(e, f); }

} // namespace dtc::ir
