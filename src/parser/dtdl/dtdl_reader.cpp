// The DTDL front end: JSON-LD documents -> ir::Model, reporting the rules a single document
// shows (contexts, identifiers, types, properties, literals, nested elements, generated ids).
//
// Every rule that the metamodel states as data (allowed properties per class, counts,
// datatypes, lengths, patterns, ranges, value classes, id segments, uniqueness) is read from
// dtc::metamodel; this file holds the JSON-LD mechanics around them. Whole-model rules
// (reference targets, inheritance, depth and recursion limits) live in src/validator.
#include "parser/parser.h"

#include <algorithm>
#include <forward_list>
#include <array>
#include <cstring>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <span>
#include <tuple>
#include <utility>
#include <unordered_map>
#include <unordered_set>

#include <boost/container/small_vector.hpp>

#include "diag/string_hash.h"
#include "ir/dtmi.h"
#include "ir/phrase.h"
#include "metamodel/metamodel.h"
#include "parser/dtdl/standard_elements.h"
#include "parser/json/json_document.h"

namespace dtc::parser {

// Literals compared with strings are string_views: their length is known when compiled (a
// `const char*` operand costs a strlen call per comparison).
using namespace std::string_view_literals;

namespace {

using json::Kind;
using json::Value;
using metamodel::ClassRule;
using metamodel::Metamodel;
using metamodel::NodeKind;
using metamodel::PropertyRule;

constexpr std::string_view kErr = "dtmi:dtdl:parsingError:";

/// Length in UTF-16 code units (DTDL's string limits count .NET chars).
std::size_t utf16Length(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        n += len == 4 ? 2 : 1;
        i += len;
    }
    return n;
}

/// Whether `s` is longer than a length limit `max` (none: no limit), counted as DTDL counts it,
/// in UTF-16 code units. (The UTF-16 length never exceeds the UTF-8 one: a text no longer in
/// bytes than the limit is within it uncounted.)
bool longerThan(std::string_view s, std::optional<std::size_t> max) {
    return max && s.size() > *max && utf16Length(s) > *max;
}

/// Rewrites a metamodel pattern (.NET regular-expression syntax) for std::regex's ECMAScript
/// grammar: .NET reads a '{' that does not start a quantifier as a literal brace (the MQTT
/// extension's topic patterns rely on it), ECMAScript rejects it, so such braces are escaped.
std::string toEcmaScript(std::string_view pattern) {
    std::string out;
    bool inClass = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            out += c;
            out += pattern[++i];
            continue;
        }
        if (inClass) {
            if (c == ']') inClass = false;
            out += c;
            continue;
        }
        if (c == '[') {
            inClass = true;
            out += c;
            if (i + 1 < pattern.size() && pattern[i + 1] == ']') out += pattern[++i];
            continue;
        }
        if (c == '{') {
            std::size_t j = i + 1;
            while (j < pattern.size() && (std::isdigit(static_cast<unsigned char>(pattern[j])) || pattern[j] == ',')) ++j;
            bool quantifier = j > i + 1 && j < pattern.size() && pattern[j] == '}' &&
                              std::isdigit(static_cast<unsigned char>(pattern[i + 1]));
            if (quantifier) {
                out.append(pattern.substr(i, j - i + 1));
                i = j;
            } else {
                out += "\\{";
            }
            continue;
        }
        if (c == '}') {
            out += "\\}";
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace

namespace dtdl {
const std::regex& metamodelRegex(const std::string& pattern) {
    static thread_local std::unordered_map<std::string, std::regex> cache;
    auto it = cache.find(pattern);
    if (it == cache.end())
        it = cache.emplace(pattern, std::regex(toEcmaScript(pattern), std::regex::ECMAScript | std::regex::optimize)).first;
    return it->second;
}
} // namespace dtdl

namespace {

const std::regex& regexFor(const std::string& pattern) { return dtdl::metamodelRegex(pattern); }

/// The name shape of DTDL: [A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])? (ASCII only, whatever the
/// locale): a DTMI path segment that is not a system segment.
bool isNameShape(std::string_view s) { return ir::isDtmiSegment(s, false); }

/// dtmi:NAME(:NAME)* with a ";major" (required: v2) or optional ";major[.minor]" (v3, v4).
// NOTE(dtc): one pass over the characters (every @id and reference goes through here): NAME is
// [A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?, major [1-9][0-9]{0,8}, minor [1-9][0-9]{0,5}.
bool isUserDtmiShape(std::string_view s, bool versionRequired, bool minorAllowed) {
    if (!s.starts_with("dtmi:"sv)) return false;
    auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    static constexpr auto kWord = [] { // [A-Za-z0-9_], one lookup per character of a NAME
        std::array<bool, 256> t{};
        for (int c = 0; c < 256; ++c)
            t[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        return t;
    }();
    const char* p = s.data() + 5;
    const char* const end = s.data() + s.size();
    for (;;) { // one NAME, then ':' (another NAME), ';' (the version) or the end
        if (p == end || !letter(*p)) return false;
        ++p;
        while (p != end && kWord[static_cast<unsigned char>(*p)]) ++p;
        if (p[-1] == '_') return false;
        if (p == end) return !versionRequired;
        if (*p == ';') break;
        if (*p != ':') return false;
        ++p;
    }
    ++p; // ';'
    auto number = [&](std::size_t maxDigits) { // [1-9][0-9]{0,maxDigits-1}
        if (p == end || *p < '1' || *p > '9') return false;
        const char* first = p++;
        while (p != end && digit(*p)) ++p;
        return static_cast<std::size_t>(p - first) <= maxDigits;
    };
    if (!number(9)) return false;
    if (p == end) return true;
    if (*p != '.' || !minorAllowed) return false;
    ++p;
    return number(6) && p == end;
}

/// Matches `text` against a metamodel pattern. NOTE(dtc): std::regex is slow (it was 40% of a
/// check); the three shapes every model uses on every element — names and user DTMIs with and
/// without minor versions — are matched by hand, verified equal to the patterns by
/// tests/unit/parser/metamodel_patterns_test.cpp; any other pattern goes to std::regex.
} // namespace

namespace {
/// The metamodel's user DTMI patterns: DTDL v2 (version required) and v3/v4 (minor versions).
struct DtmiPatterns {
    std::string v2, v3;
};
const DtmiPatterns& dtmiPatterns() {
    static const DtmiPatterns p = [] {
        const std::string seg = "[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?";
        return DtmiPatterns{"^dtmi:" + seg + "(?::" + seg + ")*;[1-9][0-9]{0,8}$",
                            "^dtmi:" + seg + "(?::" + seg + ")*(?:;[1-9][0-9]{0,8}(?:\\.[1-9][0-9]{0,5})?)?$"};
    }();
    return p;
}
} // namespace

bool dtdl::matchesPattern(const std::string& pattern, std::string_view text) {
    static const std::string kName = "^[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?$";
    if (pattern == kName) return isNameShape(text);
    if (pattern == dtmiPatterns().v2) return isUserDtmiShape(text, true, false);
    if (pattern == dtmiPatterns().v3) return isUserDtmiShape(text, false, true);
    return std::regex_search(text.begin(), text.end(), regexFor(pattern));
}

namespace {
using dtdl::matchesPattern;

/// BCP 47-like language tag as DTDL accepts it: ^[a-z]{2,3}(-[a-zA-Z0-9]{1,8})*$
/// A language code of a localizable string, as DTDL requires it (LocalizableString member
/// names and @language values): ^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$
bool isLanguageCode(std::string_view s) {
    auto run = [&](std::size_t i, auto pred) {
        std::size_t j = i;
        while (j < s.size() && pred(s[j])) ++j;
        return j - i;
    };
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t i = run(0, lower);
    if (i < 2 || i > 4) return false;
    // Optional script: -Xxxx.
    if (i + 5 <= s.size() && s[i] == '-' && upper(s[i + 1]) && run(i + 2, lower) >= 3 &&
        (i + 5 == s.size() || s[i + 5] == '-')) {
        i += 5;
    }
    if (i == s.size()) return true;
    // Optional region: -XX or -999, then the end.
    if (s[i] != '-') return false;
    std::size_t rest = s.size() - i - 1;
    if (rest == 2) return upper(s[i + 1]) && upper(s[i + 2]);
    if (rest == 3) return digit(s[i + 1]) && digit(s[i + 2]) && digit(s[i + 3]);
    return false;
}

std::string versionlessOf(std::string_view id) {
    auto semi = id.find(';');
    return std::string(semi == std::string_view::npos ? id : id.substr(0, semi));
}

/// The XML Schema namespace, which value objects may write in full instead of "xsd:".
constexpr std::string_view kXsdNamespace = "http://www.w3.org/2001/XMLSchema#";

/// A value object's @type with the XML Schema namespace written as the "xsd:" prefix.
std::string compactDatatype(std::string_view type) {
    if (type.starts_with(kXsdNamespace)) return "xsd:" + std::string(type.substr(kXsdNamespace.size()));
    return std::string(type);
}

/// A JSON number as the official parser prints it in a generated identifier: '.' written as
/// '_' ("5.5" -> "5_5", "1.0" -> "1", "1e3" -> "1000").
std::string numberSegment(std::string_view lexical) {
    std::string out = ir::dotNetNumberText(std::strtod(std::string(lexical).c_str(), nullptr));
    std::replace(out.begin(), out.end(), '.', '_');
    return out;
}

/// The values of a property: the elements of an array, else the value itself. Arrays nested
/// in the array are flattened, as JSON-LD expansion does ([["a"], "b"] holds "a" and "b"; the
/// official parser reads them so). A view over the document, without a copy unless arrays are
/// nested: properties are read for every element.
class Values {
public:
    explicit Values(json::Value v) : value_(v) {
        if (!v.isArray()) return;
        for (json::Value c = v.firstChild(); c.valid(); c = c.nextSibling()) {
            if (c.isArray()) {
                nested_ = true;
                flatten(v);
                break;
            }
        }
    }
    class Iterator {
    public:
        Iterator(json::Value v, bool single, const json::Value* flat) : v_(v), single_(single), flat_(flat) {}
        json::Value operator*() const { return flat_ != nullptr ? *flat_ : v_; }
        Iterator& operator++() {
            if (flat_ != nullptr) ++flat_;
            else v_ = single_ ? json::Value() : v_.nextSibling();
            return *this;
        }
        // Compared with end() only (range-for).
        bool operator!=(const Iterator& o) const {
            return flat_ != nullptr ? flat_ != o.flat_ : v_.valid() != o.v_.valid();
        }

    private:
        json::Value v_;
        bool single_;
        const json::Value* flat_; ///< into the flattened list, when arrays are nested
    };
    [[nodiscard]] std::size_t size() const {
        return nested_ ? flat_.size() : value_.isArray() ? value_.size() : 1;
    }
    [[nodiscard]] Iterator begin() const {
        if (nested_) return {json::Value(), false, flat_.data()};
        return value_.isArray() ? Iterator{value_.firstChild(), false, nullptr} : Iterator{value_, true, nullptr};
    }
    [[nodiscard]] Iterator end() const {
        if (nested_) return {json::Value(), false, flat_.data() + flat_.size()};
        return {json::Value(), true, nullptr};
    }

private:
    void flatten(json::Value array) {
        for (json::Value c = array.firstChild(); c.valid(); c = c.nextSibling()) {
            if (c.isArray()) flatten(c); // depth bounded by the JSON reader's nesting limit
            else flat_.push_back(c);
        }
    }
    json::Value value_;
    bool nested_ = false;
    std::vector<json::Value> flat_;
};

/// The datatype a value object's @type names ("xsd:string"; one string, also as a one-element
/// array), or std::nullopt if @type is anything else.
std::optional<std::string> valueObjectDatatype(json::Value type) {
    if (type.isArray() && type.size() == 1) type = type.firstChild();
    if (!type.isString()) return std::nullopt;
    return compactDatatype(type.text());
}

/// Whether the JSON number `lexical` is a whole number a 32-bit signed integer holds ("5",
/// "5.0", "1e3", "-2147483648"; not "5.5" or "2147483648"): what the official parser reads as an
/// xsd:integer value object's value when it takes an identifier segment from it.
bool isInt32Value(std::string_view lexical) {
    const double d = std::strtod(std::string(lexical).c_str(), nullptr);
    return d == std::floor(d) && d >= -2147483648.0 && d <= 2147483647.0;
}

/// The class `iri` ("dtmi:dtdl:class:Content;2") of DTDL version `version` ("...;3").
std::string inVersion(std::string_view iri, int version) {
    const auto semi = iri.rfind(';');
    return std::string(iri.substr(0, semi)) + ";" + std::to_string(std::abs(version));
}

/// The identifier segment DTDL takes from the value of a dtmiSegment property (`name`) to
/// generate an element's id: a string, or a number (numberSegment), also inside a one-element
/// array or a value object whose @type, if any, is xsd:string for a string or xsd:integer for a
/// whole number in the 32-bit range (isInt32Value). std::nullopt for anything else:
/// dtmiSegPropertyNotStringOrNumber. The value's other rules (a name must be a string, ...) are
/// checked later like any property's.
std::optional<std::string> dtmiSegmentOf(json::Value v) {
    if (v.isArray()) {
        Values values(v);
        if (values.size() != 1) return std::nullopt;
        v = *values.begin();
    }
    if (v.isObject()) {
        json::Value inner = v.member("@value");
        if (!inner.valid()) return std::nullopt;
        if (json::Value t = v.member("@type"); t.valid()) {
            std::optional<std::string> type = valueObjectDatatype(t);
            if (!type) return std::nullopt;
            if (!(*type == "xsd:string"sv && inner.isString()) &&
                !(*type == "xsd:integer"sv && inner.isNumber() && isInt32Value(inner.text())))
                return std::nullopt;
        }
        v = inner;
    }
    if (v.isString()) return std::string(v.text());
    if (v.isNumber()) return numberSegment(v.text());
    return std::nullopt;
}

/// The terms in effect for a @context: term -> its definition. Looked up for every member name
/// and type of every element, built once per distinct @context (the reader's termCache).
// NOTE(dtc): an open-addressing table of views of the metamodel's own term strings (which live
// as long as the process), hashed with diag::fullStringHash: a lookup is one hash of a short
// string and, mostly, one comparison. A std::unordered_map took a division by a prime and a
// node walk per lookup (2% of a RealEstateCore check).
class TermMap {
public:
    /// The definition of `t`, or nullptr.
    [[nodiscard]] const metamodel::Term* find(std::string_view t) const {
        if (slots_.empty()) return nullptr;
        const std::uint64_t h = diag::fullStringHash(t);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.term == nullptr) return nullptr;
            if (s.hash == h && s.key.size() == t.size() &&
                (t.size() <= kHead ? std::memcmp(s.head.data(), t.data(), t.size()) == 0 : s.key == t))
                return s.term;
        }
    }
    /// Defines `t` (a string the metamodel holds), replacing a definition it had.
    void set(std::string_view t, const metamodel::Term* term) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = diag::fullStringHash(t);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.term == nullptr) {
                s = {t, h, term, {}};
                std::memcpy(s.head.data(), t.data(), std::min(t.size(), kHead));
                ++size_;
                return;
            }
            if (s.hash == h && s.key == t) {
                s.term = term;
                return;
            }
        }
    }

private:
    // (A key's first bytes are kept in its slot: most keys are short, and the lookup then
    // compares them without reading the metamodel's string.)
    static constexpr std::size_t kHead = 16;
    struct Slot {
        std::string_view key;
        std::uint64_t hash = 0;
        const metamodel::Term* term = nullptr; // nullptr: an empty slot
        std::array<char, kHead> head{};
    };
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
        mask_ = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.term == nullptr) continue;
            std::size_t i = s.hash & mask_;
            while (slots_[i].term != nullptr) i = (i + 1) & mask_;
            slots_[i] = s;
        }
    }
    std::vector<Slot> slots_;
    std::size_t mask_ = 0, size_ = 0;
};

inline const TermMap* emptyTerms() {
    static const TermMap empty;
    return &empty;
}

/// The context in effect for an element: DTDL version, extension contexts and term map.
/// NOTE(dtc): nested elements share their parent's state by pointer and term maps are shared
/// between every document with the same @context (cached by the context list), so a model set
/// pays for building a term map once per distinct context, not once per element.
struct ContextState {
    int version = 0;
    std::vector<const metamodel::Context*> extensions;
    std::vector<std::string> specifiers;       ///< as written, for the IR
    bool undefinedExtensions = false;          ///< an unknown extension context is in effect
    // NOTE(dtc): a plain pointer, to the empty map or into the reader's termCache (which owns
    // every map for as long as the reader reads): a ContextState is made per element, and a
    // shared_ptr's reference count, one cache line written by both reader threads
    // (driver::compile), made each of them slower than reading alone.
    const TermMap* terms = emptyTerms();
    std::string key;                           ///< identifies `terms` in the cache
    bool versionChanged = false;               ///< this element's @context changed the DTDL version
    /// The limit extension in effect (DTDL v4 "#limitless" then a limit context); nullptr: the
    /// core language's limits.
    const metamodel::LimitSet* limits = nullptr;

    [[nodiscard]] const metamodel::Term* term(std::string_view t) const { return terms->find(t); }
};

/// The values an element-valued property holds, as read.
// NOTE(dtc): most such properties hold one value (a schema): it is kept in place, not in a
// vector allocated only to be emptied into the element (110,000 allocations on the generated
// 10k set).
class RefValues {
public:
    /// For a property written with `count` values.
    explicit RefValues(std::size_t count) : single_(count == 1) {
        if (!single_) list_.reserve(count);
    }
    void push(ir::Ref&& r) {
        if (single_) one_ = std::move(r);
        else list_.push_back(std::move(r));
    }
    [[nodiscard]] std::span<ir::Ref> all() { return one_ ? std::span<ir::Ref>(&*one_, 1) : std::span<ir::Ref>(list_); }
    /// The values as a vector (this is left empty).
    [[nodiscard]] std::vector<ir::Ref> release() {
        if (!one_) return std::move(list_);
        std::vector<ir::Ref> v;
        v.push_back(std::move(*one_));
        one_.reset();
        return v;
    }

private:
    bool single_;
    std::optional<ir::Ref> one_;
    std::vector<ir::Ref> list_;
};

} // namespace

struct DtdlReader::Impl {
    DtdlOptions options;
    const diag::SourceManager& sm;
    diag::Engine& diags;
    ir::Model& model;
    const Metamodel& mm = Metamodel::get();
    std::size_t documents = 0;
    std::size_t comments = 0; ///< elements given a comment
    std::vector<std::string> referenceOrder;
    std::set<std::string> reportedReserved;

    json::Document scratch; ///< the document of the file being read (DtdlReader::read)

    Impl(DtdlOptions o, const diag::SourceManager& s, diag::Engine& d, ir::Model& m)
        : options(std::move(o)), sm(s), diags(d), model(m) {}

    // ---- reporting ----------------------------------------------------------------------

    struct Err {
        std::string_view id;
        diag::SourceRange range;
        std::optional<std::string> primary, secondary, property, value;
        std::string message;
    };

    /// Errors the official parser finds only after the references resolve, when no document
    /// had an error: list sizes above the maximum (objectCountAboveMax). Reported by
    /// DtdlReader::reportLateErrors. (Values repeated among elements with @id are found then
    /// too, by the validator.)
    std::vector<Err> late;
    void reportLate(Err e) {
        if (stopped) return;
        late.push_back(std::move(e));
    }

    /// True while a @context is being read (applyContext).
    bool inContext = false;
    /// The JSON-LD shape error of the set (jsonLdShapeError, contextShapeError), once one is
    /// found: (file, offset, ValidationID).
    std::optional<std::tuple<diag::FileId, std::uint32_t, std::string>> shapeError;

    // NOTE(dtc): the official parser meets @context errors at two times. The JSON-LD shape of
    // every document of the set, each @context value (invalidContext, termDefinition*), each
    // @graph (graphNotObject) and each JSON-LD keyword given twice in one object (repeated*),
    // is checked before anything else: the first error found, in the order of the files and of
    // each file's text, is the only error reported, whichever document holds it (report,
    // endOfInput; settled cases dtc/JsonLdShapeInDocumentOrder).
    // Every other @context error (an unknown specifier or version, a missing DTDL context, a
    // local context, ...) is met in document order, as the document is read, and stops the
    // reading as a fatal error does: errors of earlier documents stay reported, later
    // documents are read for their JSON-LD shape only.
    /// Whether error `id`, reported now, is one of the JSON-LD shape: a context's (while a
    /// @context is read), a @graph's, a keyword given twice (repeatedKeyword).
    [[nodiscard]] bool isJsonLdShapeError(std::string_view id) const {
        if (id == "graphNotObject"sv || id.starts_with("repeated"sv)) return true;
        return inContext &&
               (id == "invalidContext"sv || id.starts_with("termDefinition"sv) || id == "duplicateTermInContextObject"sv);
    }

    /// Inline elements parseElement counted as values taken by their property, so far: one whose
    /// DTDL type is known and allowed there, or one refused for its DTDL version (the official
    /// parser reports no objectCountBelowMin for either). An element's own count comes before
    /// its children's: see readProperty.
    std::size_t valuesTaken = 0;
    /// The file being read may hold @context members below its documents' roots.
    bool fileHasNestedContext = false;

    void report(Err e) {
        const bool shape = isJsonLdShapeError(e.id);
        if (stopped && !shape) return;
        if (shape && shapeError) return; // (only the first: see isJsonLdShapeError)
        if (shape) shapeError.emplace(e.range.file, e.range.begin, std::string(kErr) + std::string(e.id));
        else if (inContext) stopped = true;
        // Values can be whole documents in pathological input: keep diagnostics readable.
        constexpr std::size_t kMax = 8192;
        if (e.value && e.value->size() > kMax) *e.value = e.value->substr(0, kMax) + "...";
        if (e.message.size() > 2 * kMax) e.message = e.message.substr(0, 2 * kMax) + "...";
        auto d = diag::Diagnostic::make(diag::Code::DtdlRule, e.range);
        d.validationId = std::string(kErr) + std::string(e.id);
        d.primaryId = std::move(e.primary);
        d.secondaryId = std::move(e.secondary);
        d.property = std::move(e.property);
        d.value = std::move(e.value);
        d.arg("message", std::move(e.message));
        diags.report(std::move(d));
    }

    /// Reports an error the official parser stops at: what came before stays reported unless a
    /// JSON-LD shape error follows, nothing after it is but that one (isJsonLdShapeError). (A
    /// @context error other than its shape is one of them: report() stops at it.)
    bool fatal(Err e) {
        report(std::move(e));
        stopped = true;
        return false;
    }

    /// Identifiers of elements read with an error, and so not in the model: the official parser
    /// has them defined, so another definition is a duplicateDefinition (parseElement).
    std::unordered_set<std::string> unkept;

    /// nonUniquePropertyValue errors of the element being read (parseElement's frame), or null.
    std::vector<Err>* pendingUnique = nullptr;

    /// Reports a nonUniquePropertyValue error of a co-type's unique values (MQTT's 'index') when
    /// the element holding the list is read: only if nothing else in that element or below it
    /// was an error. The official parser checks those after an element's properties: two
    /// Indexed Telemetries with one index in an Interface with an undefined property are
    /// reported for the other error only. (A repeated name is not: it would repeat an
    /// identifier, which the official parser finds as it reads the values; readProperty.)
    void reportUnique(Err e) {
        if (pendingUnique != nullptr) pendingUnique->push_back(std::move(e));
        else report(std::move(e));
    }

    // ---- contexts -------------------------------------------------------------------------

    /// Applies an @context value on top of `parent` (or starts fresh at top level). Returns the
    /// state in effect: `out`, or a cached state shared by the documents with the same
    /// top-level @context; nullptr when the context is unusable (errors reported).
    const ContextState* applyContext(Value ctx, const ContextState* parent, ContextState& out, bool topLevel) {
        struct Restore {
            bool& flag;
            bool old;
            ~Restore() { flag = old; }
        } restore{inContext, std::exchange(inContext, true)};
        // NOTE(dtc): the documents of a set repeat the same few top-level @context values; a
        // usable one is applied once and its state shared (keyed by its source text; the
        // index's nodes do not move, so the pointers stay valid).
        std::string_view raw;
        if (parent == nullptr && topLevel) {
            diag::SourceRange r = ctx.range();
            raw = sm.text(r.file).substr(r.begin, r.end - r.begin);
            if (auto it = topLevelContexts.find(raw); it != topLevelContexts.end()) return &it->second;
        }
        if (!applyContextUncached(ctx, parent, out, topLevel)) return nullptr;
        if (raw.empty()) return &out;
        return &topLevelContexts.emplace(std::string(raw), std::move(out)).first->second;
    }
    metamodel::StringIndex<ContextState> topLevelContexts;

    /// The JSON-LD shape error of an @context value, if any: an entry that is neither a string
    /// nor an object (invalidContext), a term definition that is neither a string nor an object
    /// with a string @id (termDefinition*). Reported; true when there was one.
    bool contextShapeError(Value ctx) {
        auto entryError = [&](Value v) -> bool {
            if (v.isString()) return false;
            if (!v.isObject()) {
                report({"invalidContext", v.range(), {}, {}, {}, {},
                        "each @context entry must be a string naming a context"});
                return true;
            }
            for (Value d = v.firstChild(); d.valid(); d = d.nextSibling()) {
                // (A term defined twice: the JSON reader keeps both, see repeatedKeyword.)
                if (scratch.repeatsKey(d)) {
                    report({"duplicateTermInContextObject", d.keyRange(), {}, {}, {}, std::string(d.key()),
                            "term '" + std::string(d.key()) + "' is defined twice in one context object"});
                    return true;
                }
                const char* vid = nullptr;
                if (d.isNull()) continue; // a null definition undefines a term: well-formed
                if (!d.isString() && !d.isObject()) vid = "termDefinitionNotStringOrObject";
                else if (d.isObject() && !d.member("@id").valid()) vid = "termDefinitionMissingIdProperty";
                else if (d.isObject() && !d.member("@id").isString()) vid = "termDefinitionIdPropertyNotString";
                if (vid == nullptr) continue;
                report({vid, d.range(), {}, {}, {}, {},
                        "the context definition of term '" + std::string(d.key()) +
                            "' must be a string or an object with a string @id"});
                return true;
            }
            return false;
        };
        const bool context = std::exchange(inContext, true);
        bool found = false;
        if (ctx.isArray()) {
            for (Value v = ctx.firstChild(); v.valid() && !found; v = v.nextSibling()) found = entryError(v);
        } else {
            found = entryError(ctx);
        }
        inContext = context;
        return found;
    }

    /// The JSON-LD shape of document `v` as the official parser checks it before it reads the
    /// document: every @context (contextShapeError) and every @graph (an object or an array of
    /// objects, else graphNotObject), in document order, up to the first error, which is
    /// reported; true when there was one. Each JSON-LD keyword given twice in one object is met
    /// there too (repeatedKeyword). An @context's value is a context, not part of the document:
    /// an "@graph" key there is a term (its error is the context's), and a keyword given twice
    /// in a term definition is no error (the official parser reports none; a term given twice
    /// is duplicateTermInContextObject, contextShapeError's).
    // NOTE(dtc): in document order, members as written, depth first: a nested element's bad
    // @context written before its parent's bad @context is the one reported, and of an @graph
    // and an @context the one written first (settled cases dtc/JsonLdShapeInDocumentOrder).
    bool jsonLdShapeError(Value v) {
        const bool object = v.isObject();
        for (Value m = v.firstChild(); m.valid(); m = m.nextSibling()) {
            if (object && fileHasRepeatedKeyword && m.key().starts_with('@') && v.document()->repeatsKey(m)) {
                repeatedKeyword(m);
                return true;
            }
            if (object && m.key() == "@context"sv) {
                if (contextShapeError(m)) return true;
                continue;
            }
            if (object && m.key() == "@graph"sv) {
                bool ok = m.isObject();
                if (m.isArray()) {
                    ok = true;
                    for (Value x = m.firstChild(); x.valid(); x = x.nextSibling()) ok = ok && x.isObject();
                }
                if (!ok) {
                    fatal({"graphNotObject", m.range(), {}, {}, {}, {}, "'@graph' takes a JSON object or an array of objects"});
                    return true;
                }
            }
            if ((m.isObject() || m.isArray()) && jsonLdShapeError(m)) return true;
        }
        return false;
    }

    /// A context specifier DTDL v2's identifier syntax refuses (a version is required, a
    /// minor version is not allowed): invalidContextSpecifierForVersion.
    void reportNotV2Specifier(diag::SourceRange range, const std::string& spec, std::string_view why) {
        report({"invalidContextSpecifierForVersion", range, {}, {}, {}, spec,
                "context specifier '" + spec + "' is not valid in DTDL v2 (" + std::string(why) + ")"});
    }

    /// A context specifier without a version, under DTDL version `version`: DTDL v2's context
    /// specifiers must match its identifier syntax (reportNotV2Specifier); later versions name
    /// what is missing.
    void reportUnversionedSpecifier(diag::SourceRange range, const std::string& spec, int version,
                                    std::string_view exampleVersion) {
        const std::string example = "e.g. '" + spec + ";" + std::string(exampleVersion) + "'";
        if (std::abs(version) == 2)
            reportNotV2Specifier(range, spec, "it needs a version, " + example);
        else
            report({"missingContextVersion", range, {}, {}, {}, spec,
                    "context specifier '" + spec + "' needs a version, " + example});
    }

    bool applyContextUncached(Value ctx, const ContextState* parent, ContextState& out, bool topLevel) {
        // (Where readDocument walks the document, it checked the shape of every @context before
        // reading it.)
        if (!shapeWalked() && contextShapeError(ctx)) return false;
        if (parent != nullptr) out = *parent;
        out.versionChanged = false;
        std::vector<Value> entries;
        if (ctx.isArray()) {
            if (ctx.size() == 0 && parent != nullptr) return true; // nothing added to the parent's
            if (ctx.size() == 0) {
                report({"emptyContext", ctx.range(), {}, {}, {}, {},
                        "the @context array is empty; it must start with a DTDL context such as 'dtmi:dtdl:context;3'"});
                return false;
            }
            for (Value v = ctx.firstChild(); v.valid(); v = v.nextSibling()) entries.push_back(v);
            // NOTE(dtc): a partner context that implies a DTDL version (IoT Central's pragma:
            // dtmm:implicitDtdlVersion 2) may precede the DTDL context of that version (the
            // official parser accepts ["dtmi:iotcentral:context;2", "dtmi:dtdl:context;2"]); the
            // DTDL context is applied first so the extension's terms are read against its
            // version. Anything else before the DTDL context is an error, checked in the
            // reference parser's order: at top level the first entry must be the DTDL context
            // (missingDtdlContext); a local context must be the last entry (localContextNotLast);
            // a nested DTDL context may not follow an affiliate (dtdlContextFollowsAffiliate).
            auto first = std::find_if(entries.begin(), entries.end(), [](const Value& v) {
                return v.isString() && v.text().starts_with("dtmi:dtdl:context;"sv);
            });
            if (first != entries.end() && first != entries.begin()) {
                auto dtdl = ir::parseDtmi(first->text());
                bool implied = dtdl && std::all_of(entries.begin(), first, [&](const Value& v) {
                    const metamodel::Context* c = v.isString() ? mm.context(v.text()) : nullptr;
                    return c != nullptr && c->implicitDtdlVersion != 0 && c->implicitDtdlVersion == dtdl->majorVersion;
                });
                if (!implied) {
                    auto local = std::find_if(entries.begin(), entries.end() - 1, [](const Value& v) { return v.isObject(); });
                    if (topLevel) {
                        report({"missingDtdlContext", entries.front().range(), {}, {}, {}, {},
                                "the first @context entry must be the DTDL context, e.g. 'dtmi:dtdl:context;3'"});
                    } else if (local != entries.end() - 1) {
                        report({"localContextNotLast", local->range(), {}, {}, {}, {},
                                "a local context definition must be the last @context entry"});
                    } else {
                        report({"dtdlContextFollowsAffiliate", first->range(), {}, {}, {}, std::string(first->text()),
                                "the DTDL context '" + std::string(first->text()) + "' must come before every extension context"});
                    }
                    return false; // the official parser stops at the first context error
                }
                std::rotate(entries.begin(), first, first + 1);
            }
        } else {
            entries.push_back(ctx);
        }
        bool ok = true;
        bool sawAffiliate = false;
        bool sawDtdl = false;
        bool resetTerms = false;
        std::vector<const metamodel::Context*> merges;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            Value v = entries[i];
            if (v.isObject() && i + 1 < entries.size()) {
                report({"localContextNotLast", v.range(), {}, {}, {}, {},
                        "a local context definition must be the last @context entry"});
                return false; // the official parser stops at the first context error
            }
            if (v.isObject()) {
                if (!sawDtdl && out.version == 0) {
                    // Before any DTDL version is in effect the first entry must be the DTDL context.
                    report({"missingDtdlContext", v.range(), {}, {}, {}, {},
                            "the first @context entry must be the DTDL context, e.g. 'dtmi:dtdl:context;3'"});
                    return false;
                }
                // (The shape of its term definitions was checked first: contextShapeError.)
                // NOTE(dtc): the official parser rejects local term definitions in every DTDL
                // version (its v2 metamodel leaves them undefined, and no v2 case accepts one).
                report({"disallowedLocalContext", v.range(), {}, {}, {}, {},
                        "local context definitions (JSON objects in @context) are not allowed; "
                        "use the DTDL context and extension contexts only"});
                return false; // the official parser stops at the first context error
            }
            // (Entries are strings or objects: contextShapeError.)
            std::string spec(v.text());
            if (!spec.starts_with("dtmi:"sv) && !sawDtdl && out.version == 0) {
                // Before any DTDL version is in effect, anything but the DTDL context is missing it.
                report({"missingDtdlContext", v.range(), {}, {}, {}, {},
                        "the first @context entry must be the DTDL context, e.g. 'dtmi:dtdl:context;3'"});
                return false;
            }
            if (!spec.starts_with("dtmi:"sv)) {
                report({"nonDtmiContextSpecifier", v.range(), {}, {}, {}, spec,
                        "context specifier '" + spec + "' is not a DTMI; use 'dtmi:dtdl:context;3' and DTMIs of extensions"});
                return false; // the official parser stops at the first context error
            }
            // Documents name the same few contexts: each specifier is parsed once per reader.
            auto cachedDtmi = contextDtmis.find(spec);
            if (cachedDtmi == contextDtmis.end()) cachedDtmi = contextDtmis.emplace(spec, ir::parseDtmi(spec)).first;
            const std::optional<ir::Dtmi>& dtmi = cachedDtmi->second;
            // DTDL v4 limit contexts ("Limit extensions"): "dtmi:dtdl:context;4#limitless" takes
            // the core language without its limits and must be followed at once by what gives
            // them: "dtmi:dtdl:context;4#limits" or "dtmi:dtdl:context;4" (the core limits) or a
            // limit extension (dtmi:dtdl:limits:onvif;1, accepted only when the caller lists it).
            // (A Dtmi's versionless form keeps its fragment: "dtmi:dtdl:context#limitless".)
            const bool coreContext =
                dtmi && std::string_view(dtmi->versionless).substr(0, dtmi->versionless.find('#')) == "dtmi:dtdl:context"sv;
            // NOTE(dtc): the DTDL context of a version whose identifiers take minor versions (v3,
            // v4) may carry one: "dtmi:dtdl:context;3.1" is DTDL v3 for the official parser (the
            // specifications write the context without it). In DTDL v2 it is
            // invalidContextSpecifierForVersion, as an extension's.
            const bool limitsVersion = coreContext && dtmi->hasFragment && dtmi->majorVersion >= 4 &&
                                       mm.context("dtmi:dtdl:context;" + std::to_string(dtmi->majorVersion)) != nullptr;
            // Whether `text` is the DTDL context of `version`, with any minor version and the
            // given fragment ("" none).
            auto isCoreOf = [](std::string_view text, int version, std::string_view fragment) {
                const std::string core = "dtmi:dtdl:context;" + std::to_string(version);
                if (!text.starts_with(core)) return false;
                text.remove_prefix(core.size());
                if (text.starts_with("."sv)) {
                    std::size_t digits = 1;
                    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
                    if (digits == 1) return false;
                    text.remove_prefix(digits);
                }
                return fragment.empty() ? text.empty() : text.size() == fragment.size() + 1 && text[0] == '#' && text.substr(1) == fragment;
            };
            // Whether entry `at` (none when out of range) is the limitless context of `version`.
            auto isLimitless = [&](std::size_t at, int version) {
                return at < entries.size() && entries[at].isString() && isCoreOf(entries[at].text(), version, "limitless");
            };
            bool limitless = false;
            if (limitsVersion) {
                const std::string core = "dtmi:dtdl:context;" + std::to_string(dtmi->majorVersion);
                if (dtmi->fragment == "limitless"sv) {
                    Value next = i + 1 < entries.size() ? entries[i + 1] : Value();
                    std::string_view n = next.isString() ? next.text() : std::string_view();
                    // (Another fragment of the core context is reported as such when read.)
                    if (!n.starts_with(core + "#") && !isCoreOf(n, dtmi->majorVersion, {}) &&
                        !isCoreOf(n, dtmi->majorVersion, "limits") && !n.starts_with("dtmi:dtdl:limits:"sv)) {
                        report({"missingLimitContext", v.range(), {}, {}, {}, spec,
                                "'" + spec + "' must be followed at once by the limits that apply: '" + core +
                                    "#limits', '" + core + "' or a limit extension such as 'dtmi:dtdl:limits:onvif;1'"});
                        return false;
                    }
                    limitless = true; // read on as the DTDL context itself
                } else if (dtmi->fragment == "limits"sv) {
                    if (i == 0 || !isLimitless(i - 1, dtmi->majorVersion)) {
                        report({"misplacedLimitContext", v.range(), {}, {}, {}, spec,
                                "'" + spec + "' must come right after '" + core + "#limitless'"});
                        return false;
                    }
                    out.limits = nullptr; // the core limits
                    out.specifiers.push_back(spec);
                    continue;
                } else {
                    report({"invalidContextFragment", v.range(), {}, {}, {}, spec,
                            "'" + spec + "' has an unknown fragment; DTDL v4 knows '#limitless' and '#limits'"});
                    return false;
                }
            } else if (dtmi && dtmi->hasFragment && !coreContext && std::abs(out.version) >= 4) {
                report({"invalidContextSpecifier", v.range(), {}, {}, {}, spec,
                        "context specifier '" + spec + "' may not have a fragment"});
                return false;
            }
            if (!dtmi || (dtmi->hasFragment && !limitless)) {
                if (dtmi && dtmi->hasFragment && coreContext) {
                    // The DTDL context of an earlier version has no fragments: DTDL v4's own
                    // ("#limitless", "#limits") are disallowed there, any other is invalid.
                    const bool v4Fragment = dtmi->fragment == "limitless"sv || dtmi->fragment == "limits"sv;
                    report({v4Fragment ? "disallowedContextFragment" : "invalidContextFragment", v.range(), {}, {}, {},
                            spec,
                            v4Fragment ? "'" + spec + "': fragments of the DTDL context need DTDL v4"
                                       : "'" + spec + "' has an unknown fragment"});
                } else if (dtmi && dtmi->hasFragment) {
                    // An extension's context specifier takes no fragment, in any version.
                    report({"invalidContextSpecifier", v.range(), {}, {}, {}, spec,
                            "context specifier '" + spec + "' may not have a fragment"});
                } else {
                    report({"invalidContextSpecifier", v.range(), {}, {}, {}, spec,
                            "context specifier '" + spec + "' is not a valid DTMI"});
                }
                return false; // the official parser stops at the first context error
            }
            if (coreContext) {
                if (sawAffiliate) {
                    report({"dtdlContextFollowsAffiliate", v.range(), {}, {}, {}, spec,
                            "the DTDL context '" + spec + "' must come before every extension context"});
                    return false; // the official parser stops at the first context error
                }
                if (dtmi->majorVersion == 0) {
                    // Without a version it is no DTDL context before one is in effect; after one,
                    // the version in effect judges the specifier.
                    if (!sawDtdl && out.version == 0)
                        report({"missingDtdlContext", v.range(), {}, {}, {}, {},
                                "the first @context entry must be the DTDL context with its version, e.g. 'dtmi:dtdl:context;3'"});
                    else
                        reportUnversionedSpecifier(v.range(), spec, out.version, std::to_string(std::abs(out.version)));
                    return false; // the official parser stops at the first context error
                }
                const std::string coreSpec = "dtmi:dtdl:context;" + std::to_string(dtmi->majorVersion);
                if (mm.context(coreSpec) == nullptr) {
                    report({"unrecognizedContextVersion", v.range(), {}, {}, {}, spec,
                            "DTDL context version '" + spec + "' is not known; use version 2, 3 or 4"});
                    return false; // the official parser stops at the first context error
                }
                if (dtmi->minorVersion != 0 && dtmi->majorVersion < 3) {
                    reportNotV2Specifier(v.range(), spec, "minor versions need v3");
                    return false; // the official parser stops at the first context error
                }
                if (dtmi->majorVersion > options.maxDtdlVersion) {
                    report({"disallowedContextVersion", v.range(), {}, {}, {}, spec,
                            "DTDL version " + std::to_string(dtmi->majorVersion) +
                                " is above the maximum accepted (" + std::to_string(options.maxDtdlVersion) + ")"});
                    return false; // the official parser stops at the first context error
                }
                if (parent != nullptr && parent->version != 0 && parent->version != dtmi->majorVersion)
                    out.versionChanged = true; // the element decides (disallowedVersionDefinition)
                sawDtdl = true;
                if (out.version != dtmi->majorVersion) {
                    out.version = dtmi->majorVersion;
                    // The DTDL context of another version replaces the core terms, but in a
                    // nested element the extension terms in effect stay beneath them (a v2
                    // Property inside a v3 Interface that names historization still sees
                    // "Historized", which the official parser then judges against the element's
                    // version; v2's own "Temperature" wins over QuantitativeTypes'; v4's
                    // "scaledDecimal" is no v3 term).
                    merges.clear();
                    resetTerms = true;
                    if (parent == nullptr) out.extensions.clear();
                    else merges.assign(out.extensions.begin(), out.extensions.end());
                    merges.push_back(mm.context(coreSpec));
                }
                out.limits = nullptr;
                out.specifiers.push_back(spec);
                continue;
            }
            if (spec.starts_with("dtmi:dtdl:limits:"sv)) {
                // A limit extension: right after the limitless DTDL context, listed by the
                // caller (--extension-limit-context, by versionless or full identifier), and
                // one whose limits dtc knows.
                if (i == 0 || !isLimitless(i - 1, std::abs(out.version))) {
                    report({"misplacedLimitContext", v.range(), {}, {}, {}, spec,
                            "limit extension '" + spec + "' must come right after the limitless DTDL context, "
                            "e.g. [\"dtmi:dtdl:context;4#limitless\", \"" + spec + "\"]"});
                    return false;
                }
                if (!limitContextAccepted(spec)) {
                    report({"disallowedLimitContext", v.range(), {}, {}, {}, spec,
                            "limit extension '" + spec + "' is not accepted; pass --extension-limit-context " +
                                versionlessOf(spec) + " to accept it"});
                    return false;
                }
                const metamodel::LimitSet* set = mm.limitSet(spec);
                if (set == nullptr)
                    return fatal({"unresolvableContextSpecifier", v.range(), {}, {}, {}, spec,
                                  "limit extension '" + spec + "' is not known to dtc (it knows " +
                                      knownLimitContexts() + "); its limits cannot be checked"});
                out.limits = set;
                out.specifiers.push_back(spec);
                continue;
            }
            if (!sawDtdl && out.version == 0) {
                report({"missingDtdlContext", v.range(), {}, {}, {}, {},
                        "the first @context entry must be the DTDL context, e.g. 'dtmi:dtdl:context;3'"});
                return false;
            }
            sawAffiliate = true;
            if (dtmi->majorVersion == 0) {
                reportUnversionedSpecifier(v.range(), spec, out.version, "1");
                return false; // the official parser stops at the first context error
            }
            if (dtmi->minorVersion != 0 && std::abs(out.version) < 3) {
                reportNotV2Specifier(v.range(), spec, "minor versions need v3");
                return false; // the official parser stops at the first context error
            }
            const metamodel::Context* ext = mm.context(spec);
            if (ext == nullptr && dtmi->minorVersion != 0)
                ext = mm.context(dtmi->versionless + ";" + std::to_string(dtmi->majorVersion));
            if (ext == nullptr) {
                bool allow = undefinedAllowed(std::abs(out.version));
                if (!allow) {
                    bool knownName = false;
                    for (const auto& id : mm.contextIds())
                        if (versionlessOf(id) == dtmi->versionless) knownName = true;
                    return fatal({knownName ? "unresolvableContextVersion" : "unresolvableContextSpecifier",
                                  v.range(), {}, {}, {}, spec,
                                  "extension context '" + spec + "' is not known to dtc" +
                                      (knownName ? " in this version" : "") +
                                      "; remove it or pass --undefined-extensions allow"});
                }
                out.undefinedExtensions = true;
                out.specifiers.push_back(spec);
                continue;
            }
            out.extensions.push_back(ext);
            merges.push_back(ext);
            out.specifiers.push_back(spec);
        }
        if (topLevel && out.version == 0 && ok) {
            report({"missingDtdlContext", ctx.range(), {}, {}, {}, {},
                    "@context must name a DTDL context, e.g. 'dtmi:dtdl:context;3'"});
            return false;
        }
        if (!merges.empty()) {
            std::string key = resetTerms ? std::string() : out.key;
            for (const auto* c : merges) key += "|" + c->id;
            auto& cached = termCache[key];
            if (!cached) {
                auto map = std::make_unique<TermMap>(resetTerms ? TermMap() : *out.terms);
                // The DTDL context's terms take precedence over an extension's: a term both
                // define ("Temperature", "kelvin" in v2 and QuantitativeTypes; "byte" in v4 and
                // QuantitativeTypes) keeps its core meaning, wherever the extension is listed,
                // as the official parser reads it.
                const metamodel::Context* core =
                    out.version != 0 ? mm.context("dtmi:dtdl:context;" + std::to_string(std::abs(out.version))) : nullptr;
                for (const auto* c : merges)
                    for (const auto& [t, term] : c->terms)
                        if (c->kind == "core"sv || core == nullptr || !core->terms.contains(t)) map->set(t, &term);
                cached = std::move(map);
            }
            out.terms = cached.get();
            out.key = std::move(key);
        }
        return ok;
    }

    std::unordered_map<std::string, std::unique_ptr<const TermMap>> termCache;
    std::unordered_map<std::string, std::optional<ir::Dtmi>> contextDtmis;

    /// A limit context the caller lists (--extension-limit-context): by its full identifier, or
    /// by its versionless one for every version.
    [[nodiscard]] bool limitContextAccepted(std::string_view spec) const {
        for (const auto& c : options.extensionLimitContexts)
            if (c == spec || (c.find(';') == std::string::npos && c == versionlessOf(spec))) return true;
        return false;
    }

    [[nodiscard]] std::string knownLimitContexts() const {
        std::string out;
        for (const metamodel::LimitSet& l : mm.limitSets()) out += (out.empty() ? "" : ", ") + l.contextId;
        return out.empty() ? "none" : out;
    }

    [[nodiscard]] bool undefinedAllowed(int version) const {
        switch (options.undefinedExtensions) {
        case UndefinedExtensions::Allow: return true;
        case UndefinedExtensions::Disallow: return false;
        case UndefinedExtensions::PerVersion:
            return version > 0 && mm.globals(version).allowUndefinedExtensionsByDefault;
        }
        return false;
    }

    // ---- identifiers ------------------------------------------------------------------------

    /// Which matcher a DTDL version's identifier pattern (its global dtmm:identifier) takes.
    enum class IdShape : std::uint8_t { Unknown, V2, V3, Other };
    std::array<IdShape, 8> idShapes{};

    // NOTE(dtc): worked out once per version; matchesPattern compares the pattern's text with
    // the known ones on every call, which on every reference was 3% of a check.
    IdShape idShape(int version) {
        IdShape& shape = idShapes[static_cast<std::size_t>(version) & 7];
        if (shape == IdShape::Unknown) {
            const std::string& p = mm.globals(version).idPattern;
            shape = p == dtmiPatterns().v2 ? IdShape::V2 : p == dtmiPatterns().v3 ? IdShape::V3 : IdShape::Other;
        }
        return shape;
    }

    /// Whether `text` has the identifier syntax of DTDL `version` (@id, @type DTMIs, references).
    bool hasIdSyntax(std::string_view text, int version) {
        switch (idShape(version)) {
        case IdShape::V2: return isUserDtmiShape(text, true, false);
        case IdShape::V3: return isUserDtmiShape(text, false, true);
        default: return matchesPattern(mm.globals(version).idPattern, text);
        }
    }

    /// Whether an identifier written as a value (a reference, a Relationship's target) is longer
    /// than the identifiers of the document's DTDL version may be: not a valid DTMI for the
    /// official parser (badDtmiOrTerm, identifierNotDtmi; settled case dtc/ReferenceTooLong).
    bool idTooLong(std::string_view text, const ContextState& ctx) const {
        return longerThan(text, Metamodel::idMaxLength(mm.globals(std::abs(ctx.version)), ctx.limits));
    }

    /// Whether a DTMI written as a reference or in @type is an identifier of the document's DTDL
    /// version: its syntax and its length.
    bool validIdentifier(std::string_view text, const ContextState& ctx) {
        return hasIdSyntax(text, std::abs(ctx.version)) && !idTooLong(text, ctx);
    }

    /// Checks a user-written @id: syntax, the version's length and reserved prefixes (the limit
    /// for its class is checked once the class is known, in parseElement). Returns false after
    /// reporting.
    bool checkId(std::string_view id, diag::SourceRange range, int version, bool iotcentralContext,
                 const metamodel::LimitSet* limits) {
        const auto& g = mm.globals(version);
        const std::optional<std::size_t> idMaxLength = Metamodel::idMaxLength(g, limits);
        // Only validity and the fragment matter here: no ir::Dtmi is built. An identifier of the
        // version's user DTMI pattern is a DTMI without fragment (the patterns are a subset of
        // the DTMI syntax), so the common case needs no second check.
        const bool shaped = hasIdSyntax(id, version);
        const bool valid = (shaped && idShape(version) != IdShape::Other) || ir::isDtmi(id);
        // An identifier error is fatal.
        if (valid && id.find('#') != std::string_view::npos)
            return fatal({"invalidId", range, {}, {}, {}, std::string(id),
                          "identifier '" + std::string(id) + "' has a fragment; DTDL element identifiers may not"});
        if (!valid || !shaped)
            return fatal({"invalidId", range, {}, {}, {}, std::string(id),
                          "'" + std::string(id) + "' is not a valid DTMI for DTDL v" + std::to_string(version) +
                              (version == 2 ? " (a version suffix such as ';1' is required)" : "")});
        if (longerThan(id, idMaxLength))
            return fatal({"idTooLong", range, {}, {}, {}, std::string(id),
                          "identifier is longer than " + std::to_string(*idMaxLength) + " characters"});
        auto reserved = [&](std::string_view p) {
            if (!id.starts_with(p)) return false;
            fatal({"reservedId", range, {}, {}, {}, std::string(id),
                   "identifier '" + std::string(id) + "' uses the reserved prefix '" + std::string(p) + "'"});
            return true;
        };
        for (const auto& p : g.reservedPrefixes)
            if (reserved(p)) return false;
        // Reserved by the IoT Central context wherever it is in effect, in any DTDL version
        // (a v3 document that lists it; a nested element of another version below one that
        // does), as the official parser reserves it (settled cases dtc/IotCentralReservedAnyVersion).
        if (iotcentralContext && reserved("dtmi:iotcentral:")) return false;
        return true;
    }

    // ---- types ------------------------------------------------------------------------------

    struct Types {
        const ClassRule* material = nullptr;
        std::string materialTerm;
        /// The IRI the material type was written as (its term resolved): a view into the
        /// metamodel or the document, both alive while the element is read.
        std::string_view materialIri;
        const ClassRule* otherMaterial = nullptr; ///< a second material type (an error)
        std::string otherMaterialTerm;
        std::vector<std::pair<const ClassRule*, std::string>> moreMaterials; ///< the third and later
        std::vector<const ClassRule*> supplemental;
        std::vector<std::string> supplementalIris;
        std::vector<std::string> undefined;
        /// DTDL v2 semantic types under a later DTDL context (invalidCotypeVersion).
        std::vector<std::string> v2SemanticElsewhere;
        bool ok = true;
        bool untyped = false;    ///< @type is not a string or an array of strings
        /// The types, as written and in that order, that are DTDL classes of another version
        /// ("dtmi:dtdl:class:Content;2" under a v3 context); empty if no type is.
        std::vector<std::string> otherVersionTerms;
        /// Whether a type is a DTDL class of another version.
        [[nodiscard]] bool otherVersion() const { return !otherVersionTerms.empty(); }
        std::vector<Err> errors; ///< errors of the @type values, reported by the caller

        /// Calls f(class, term) for each material type, in the order written, until f returns
        /// true; whether one did.
        template <class F> bool anyMaterial(F f) const {
            if (material != nullptr && f(material, materialTerm)) return true;
            if (otherMaterial != nullptr && f(otherMaterial, otherMaterialTerm)) return true;
            return std::any_of(moreMaterials.begin(), moreMaterials.end(),
                               [&](const auto& m) { return f(m.first, m.second); });
        }
    };

    Types readTypes(Value typeValue, const ContextState& ctx, const std::string& elementId,
                    const std::vector<std::string>& inferable) {
        Types t;
        if (!typeValue.valid()) {
            if (!inferable.empty()) {
                const std::string& want = inferable.front();
                // Infer the material type from the property's single allowed class.
                for (const auto& c : inferable)
                    if (const ClassRule* r = mm.cls(c); r && r->material && !r->abstract &&
                                                        r->dtdlVersion == std::abs(ctx.version))
                        t.material = r;
                if (t.material == nullptr) t.material = mm.cls(want);
                if (t.material) t.materialTerm = t.material->term;
            }
            return t;
        }
        if (!typeValue.isArray() && !typeValue.isString()) {
            // A number, boolean, object or null names no type: the element is untyped, as
            // without @type (the caller reports it as such, not the value's shape).
            t.untyped = true;
            return t;
        }
        const auto& g = mm.globals(std::abs(ctx.version));
        // NOTE(dtc): @type is not flattened like property values: the official parser refuses
        // an array nested in @type.
        const bool many = typeValue.isArray();
        for (Value v = many ? typeValue.firstChild() : typeValue; v.valid(); v = many ? v.nextSibling() : Value()) {
            if (!v.isString()) {
                t.errors.push_back({"typeNotDtmiNorTerm", v.range(), elementId, {}, {}, {},
                        "@type values must be strings"});
                t.ok = false;
                continue;
            }
            const std::string_view term = v.text();
            auto shown = [&] { return std::string(term); };
            std::string_view iri;
            const metamodel::Term* termDef = ctx.term(term);
            if (termDef != nullptr) {
                iri = termDef->iri;
            } else if (term.starts_with("dtmi:"sv)) {
                // A type written as a DTMI has the identifier syntax of the element's DTDL
                // version (v2: a version, no minor version; no fragment; no segment starting
                // with '_'), as references do.
                if (!validIdentifier(term, ctx)) {
                    t.errors.push_back({"typeInvalidDtmi", v.range(), elementId, {}, {}, shown(),
                            "@type value '" + shown() + "' is not a valid DTMI"});
                    t.ok = false;
                    continue;
                }
                iri = term;
            } else if (term.find(':') != std::string::npos) {
                // The metamodel's apocrypha: v2 always allows such a co-type, v3 and v4 never do,
                // not even with undefined extensions (neverAllow asCotype notDtmiNorTerm).
                bool always = std::count(g.alwaysAllowCotype.begin(), g.alwaysAllowCotype.end(),
                                         "dtmm:notDtmiNorTerm") != 0;
                bool never = std::count(g.neverAllowCotype.begin(), g.neverAllowCotype.end(),
                                        "dtmm:notDtmiNorTerm") != 0;
                if (always || (ctx.undefinedExtensions && !never)) {
                    t.undefined.emplace_back(term);
                    continue;
                }
                t.errors.push_back({"typeNotDtmiNorTerm", v.range(), elementId, {}, {}, shown(),
                        "@type value '" + shown() + "' is neither a DTDL term nor a DTMI"});
                t.ok = false;
                continue;
            } else {
                // NOTE(dtc): a term that names a material class of another DTDL version's core
                // context ("CommandResponse", "LatentType" or v4's "Uuid" under a v2 context, v4's
                // "Uuid" under a v3 one) is no undefined term for the official parser: it is a
                // type of another version, which a value of this one cannot have (badType, where
                // v2 would take an undefined co-type and v3 report typeUndefinedTerm; settled
                // case dtc/OtherVersionClassTerm). Non-material classes ("AdjunctType", "Alias")
                // and unknown terms stay undefined terms.
                if (materialClassOfOtherVersion(term, std::abs(ctx.version))) {
                    t.otherVersionTerms.emplace_back(term);
                    continue;
                }
                bool always = std::count(g.alwaysAllowCotype.begin(), g.alwaysAllowCotype.end(),
                                         "dtmm:undefinedTerm") != 0;
                if (ctx.undefinedExtensions || always) {
                    t.undefined.emplace_back(term);
                    continue;
                }
                t.errors.push_back({"typeUndefinedTerm", v.range(), elementId, {}, {}, shown(),
                        "'" + shown() + "' is not a type defined by the DTDL context or the extensions in @context"});
                t.ok = false;
                continue;
            }
            // (A term knows its class: no lookup by IRI.)
            const ClassRule* c = termDef != nullptr ? termDef->cls : mm.cls(iri);
            if (c == nullptr && std::abs(ctx.version) == 2) c = v2UnitClass(iri);
            if (c == nullptr) {
                if (isV2SemanticIri(iri)) {
                    if (std::abs(ctx.version) != 2) {
                        // A DTDL v2 semantic type under a later DTDL context. (The element is
                        // read on, as for any co-type that cannot apply: its required 'unit' is
                        // checked. Whether the co-type is of another version depends on the
                        // material type, known to the caller, which completes the error.)
                        t.errors.push_back({"invalidCotypeVersion", v.range(), elementId, {}, {}, {},
                                "co-type '" + shown() + "' is a DTDL v2 semantic type"});
                        t.v2SemanticElsewhere.emplace_back(iri);
                        continue;
                    }
                    if (std::find(t.supplementalIris.begin(), t.supplementalIris.end(), iri) == t.supplementalIris.end())
                        t.supplementalIris.emplace_back(iri);
                    continue;
                }
                // A DTMI that names no class is an undefined co-type only where an undefined
                // extension context could define it; otherwise it is irrelevant (no version
                // always allows irrelevant co-types).
                if (ctx.undefinedExtensions) {
                    t.undefined.emplace_back(term);
                    continue;
                }
                t.errors.push_back({"typeIrrelevantDtmiOrTerm", v.range(), elementId, {}, {}, shown(),
                        "'" + shown() + "' is not a type"});
                t.ok = false;
                continue;
            }
            if (c->dtdlVersion != 0 && c->dtdlVersion != std::abs(ctx.version) && iri.starts_with("dtmi:dtdl:class:"sv)) {
                // A class of another DTDL version written by its IRI ("dtmi:dtdl:class:Interface;3"
                // under a v2 context, an abstract "dtmi:dtdl:class:Content;2" under v3) types
                // nothing here: alone, the official parser finds no material type
                // (typeNotRootable at the top, badType below a property); beside a material
                // type, the element has no type its place allows (badType, parseElement).
                t.otherVersionTerms.emplace_back(term);
                continue;
            }
            if (c->material && !c->adjunct && !c->semanticType) {
                if (t.material != nullptr && t.material != c) {
                    // Reported by the caller, which knows the types the parent property allows.
                    if (t.otherMaterial == nullptr) {
                        t.otherMaterial = c;
                        t.otherMaterialTerm = term;
                    } else if (c != t.otherMaterial &&
                               std::none_of(t.moreMaterials.begin(), t.moreMaterials.end(),
                                            [&](const auto& m) { return m.first == c; })) {
                        t.moreMaterials.emplace_back(c, term);
                    }
                    t.ok = false;
                    continue;
                }
                t.material = c;
                t.materialTerm = term;
                t.materialIri = iri;
            } else if (std::find(t.supplemental.begin(), t.supplemental.end(), c) == t.supplemental.end()) {
                // (@type is a set: a co-type named twice, by term or IRI, is one co-type.)
                t.supplemental.push_back(c);
                t.supplementalIris.emplace_back(iri);
            }
        }
        return t;
    }

    /// Whether `term` names a material class in the core context of a DTDL version other than
    /// `version` (and is therefore not an undefined term of `version`'s documents).
    [[nodiscard]] bool materialClassOfOtherVersion(std::string_view term, int version) const {
        for (int v = 2; v <= 4; ++v) {
            if (v == version) continue;
            const metamodel::Context* core = mm.context("dtmi:dtdl:context;" + std::to_string(v));
            if (core == nullptr) continue;
            auto it = core->terms.find(std::string(term));
            if (it == core->terms.end()) continue;
            if (const ClassRule* c = mm.cls(it->second.iri); c != nullptr && c->material && !c->adjunct && !c->semanticType)
                return true;
        }
        return false;
    }

    /// Whether the material type of `t` is a DTDL v2 unit type (VelocityUnit:
    /// dtmi:standard:class:VelocityUnit;2, which v2UnitClass resolves to the abstract Unit;2):
    /// definable, unlike Unit;2 itself.
    [[nodiscard]] bool v2UnitType(const Types& t) const {
        return t.material != nullptr && t.material->abstract && !t.materialIri.empty() &&
               t.materialIri != t.material->iri && v2UnitClass(t.materialIri) == t.material;
    }

    /// DTDL v2's unit types (LengthUnit, Unitless, DecimalPrefix, ...; "Reserved strings" table)
    /// are not in the v2 metamodel files. They are named after the unit enumerations of the
    /// QuantitativeTypes extension: Unit;2 where the enumeration holds units, UnitAttribute;2
    /// where it holds prefixes (as the reference parser types them). Null for other IRIs.
    [[nodiscard]] const ClassRule* v2UnitClass(std::string_view iri) const {
        static const std::map<std::string, std::string, std::less<>> kinds = [] {
            static const std::string kEnum = "dtmi:dtdl:extension:quantitativeTypes:v1:enum:";
            std::map<std::string, std::string, std::less<>> out;
            for (const auto& se : Metamodel::get().standardElements()) {
                bool prefix = std::find(se.types.begin(), se.types.end(), "UnitPrefix") != se.types.end();
                for (const auto& m : se.memberOf)
                    if (m.starts_with(kEnum))
                        out.emplace("dtmi:standard:class:" + m.substr(kEnum.size()) + ";2",
                                    prefix ? "dtmi:dtdl:class:UnitAttribute;2" : "dtmi:dtdl:class:Unit;2");
            }
            return out;
        }();
        auto it = kinds.find(iri);
        return it == kinds.end() ? nullptr : mm.cls(it->second);
    }

    /// True when DTDL v2 semantic type `iri` ("dtmi:standard:class:Temperature;2") takes a unit:
    /// the QuantitativeTypes class of the same name names a unit enumeration for it.
    [[nodiscard]] bool v2SemanticTypeHasUnit(const std::string& iri) const {
        static constexpr std::string_view kPrefix = "dtmi:standard:class:";
        if (!iri.starts_with(kPrefix) || !iri.ends_with(";2"sv)) return false;
        const std::string name = iri.substr(kPrefix.size(), iri.size() - kPrefix.size() - 2);
        const std::vector<const PropertyRule*>& rules =
            mm.propertiesOf("dtmi:dtdl:extension:quantitativeTypes:v1:class:" + name);
        return std::any_of(rules.begin(), rules.end(), [](const PropertyRule* p) { return !p->childOf.empty(); });
    }

    /// True for the IRI of a DTDL v2 semantic type ("dtmi:standard:class:Temperature;2"): a class
    /// the v2 context names that the v2 metamodel files do not define. Units and other
    /// "dtmi:standard:" identifiers are no types.
    [[nodiscard]] static bool isV2SemanticIri(std::string_view iri) {
        static const std::set<std::string, std::less<>> kSemantic = [] {
            std::set<std::string, std::less<>> out;
            const Metamodel& m = Metamodel::get();
            if (const metamodel::Context* v2 = m.context("dtmi:dtdl:context;2"))
                for (const auto& [term, def] : v2->terms)
                    if (def.iri.starts_with("dtmi:standard:class:"sv) && m.cls(def.iri) == nullptr) out.insert(def.iri);
            return out;
        }();
        return iri.starts_with("dtmi:standard:class:"sv) && kSemantic.contains(iri);
    }

    // ---- elements ---------------------------------------------------------------------------

    /// The element holding an inline element being read. References: both strings belong to
    /// the parent's frame, which outlives the child's.
    struct Parent {
        const std::string& id;       ///< id of the parent element
        const std::string& property; ///< term of the property holding this element
        const PropertyRule* rule = nullptr;
    };

    /// Reports disallowedVersionDefinition when a nested element's @context (`ctxValue`, which
    /// gave `ctx`) changes to a DTDL version its property does not take classes of (v3
    /// 'contents' takes v2 contents; 'schemas' does not); whether it did.
    bool refuseVersion(Value ctxValue, const ContextState& ctx, const std::optional<Parent>& parent) {
        const std::string suffix = ";" + std::to_string(ctx.version);
        const bool allowed = parent && parent->rule &&
                             std::any_of(parent->rule->classes.begin(), parent->rule->classes.end(),
                                         [&](const std::string& c) { return c.ends_with(suffix); });
        if (allowed) return false;
        report({"disallowedVersionDefinition", ctxValue.range(), parent ? std::optional(parent->id) : std::nullopt, {},
                parent ? std::optional(parent->property) : std::nullopt, std::to_string(ctx.version),
                "an element of '" + (parent ? parent->property : std::string()) + "' may not use DTDL version " +
                    std::to_string(ctx.version)});
        return true;
    }

    /// Reports member `m` if it is a JSON-LD keyword an element may not hold (@graph in every
    /// DTDL version, any other but @id, @type and @context where the element's version
    /// restricts keywords, v3 on), against `who` and `prop`; whether it is one.
    bool disallowedKeyword(Value m, bool restrictKeywords, const std::optional<std::string>& who,
                           const std::optional<std::string>& prop) {
        const std::string_view k = m.key();
        if (k.empty() || k[0] != '@' || k == "@id"sv || k == "@type"sv || k == "@context"sv) return false;
        if (k == "@graph"sv)
            report({"graphDisallowed", m.keyRange(), who, {}, prop, {}, "@graph is not allowed inside a DTDL element"});
        else if (restrictKeywords)
            report({"keywordDisallowed", m.keyRange(), who, {}, prop, std::string(k),
                    "JSON-LD keyword '" + std::string(k) + "' is not allowed here"});
        else
            return false; // DTDL v2 ignores other keywords
        return true;
    }

    /// Parses one element object. Returns its model id, or invalid when it could not be built.
    std::optional<ir::ElementId> parseElement(Value obj, const ContextState* parentCtx,
                                              const std::optional<Parent>& parent, diag::FileId file,
                                              int depth) {
        ContextState own;
        const ContextState* ctxp = parentCtx;
        // The Property of a badType on this element's class (see typeErrorPropName).
        auto typeErrorProperty = [&]() -> std::string {
            return parent->rule != nullptr ? typeErrorPropName(*parent->rule, parent->property) : parent->property;
        };
        // The three keywords, found in one pass over the members (the first of each, as
        // member()), and the first other JSON-LD keyword but @graph (fatal in a top-level
        // element: below).
        Value ctxValue, idValue, typeValue, otherKeyword;
        bool hasGraph = false;
        for (Value m = obj.firstChild(); m.valid(); m = m.nextSibling()) {
            std::string_view k = m.key();
            if (k.empty() || k[0] != '@') continue;
            if (k == "@context"sv) {
                if (!ctxValue.valid()) ctxValue = m;
            } else if (k == "@id"sv) {
                if (!idValue.valid()) idValue = m;
            } else if (k == "@type"sv) {
                if (!typeValue.valid()) typeValue = m;
            } else if (k == "@graph"sv) {
                hasGraph = true;
            } else if (!otherKeyword.valid() || keywordRank(k) < keywordRank(otherKeyword.key())) {
                otherKeyword = m;
            }
        }
        if (ctxValue.valid()) {
            ctxp = applyContext(ctxValue, parentCtx, own, parentCtx == nullptr);
            if (ctxp == nullptr) return std::nullopt;
        } else if (parentCtx == nullptr) {
            fatal({"missingContext", obj.range(), {}, {}, {}, {},
                    "a top-level DTDL document needs an @context, e.g. \"@context\": \"dtmi:dtdl:context;3\""});
            return std::nullopt;
        }
        const ContextState& ctx = *ctxp;
        // NOTE(dtc): an element refused for its DTDL version (disallowedVersionDefinition) is
        // read on in its own version, as the official parser does: the errors of its types,
        // properties and contents follow, its type is checked against the parent property's
        // classes in its version (a v3 Command is a v2 Content's kind of value, a v4 Interface
        // is not: badType), and it is not kept (its identifier is defined all the same).
        const bool refusedVersion = ctx.versionChanged && ctxValue.valid() && refuseVersion(ctxValue, ctx, parent);
        const int version = ctx.version;
        const auto& g = mm.globals(version);

        // Identifier: the one written, or one generated from the parent's (DTDL's scheme:
        // parent-versionless ":_" property [":__" name] version).
        std::optional<std::string_view> id; // the @id as written (a view of the document)

        std::optional<Types> topTypes; // a top-level element's types (read before its @id)
        if (!parent) {
            if (!idValue.valid()) {
                fatal({"missingTopLevelId", obj.range(), {}, {}, {}, {},
                        "a top-level element needs an @id, e.g. \"dtmi:com:example:Thermostat;1\""});
                return std::nullopt;
            }
            // Whether a top-level element may be one is decided before its identifier is
            // checked: the official parser reports a Telemetry with a malformed, reserved or
            // duplicate @id as typeNotRootable only. (Its @type errors come later, as for any
            // element.)
            // (At the top, the types are read once, here: the element's id is its @id, and no
            // parent makes a type inferable.)
            std::string shown = idValue.isString() ? std::string(idValue.text()) : std::string();
            topTypes = readTypes(typeValue, ctx, shown, {});
            const bool rootable = (topTypes->material != nullptr && topTypes->material->partition) ||
                                  (topTypes->otherMaterial != nullptr && topTypes->otherMaterial->partition);
            if (!rootable) {
                fatal({"typeNotRootable", obj.range(), {}, {}, {}, shown,
                        topTypes->material != nullptr
                            ? ir::withArticle(topTypes->materialTerm) + " cannot be a top-level element; only an Interface can"
                            : "a top-level element needs @type \"Interface\""});
                return std::nullopt;
            }
            // A JSON-LD keyword among a top-level element's members (DTDL v3 and later) is checked
            // next, before its identifier and the rest: the official parser reports one and
            // stops: @language if there is one, else @value, else the first (keywordRank).
            if (g.restrictKeywords && otherKeyword.valid()) {
                const std::string k(otherKeyword.key());
                fatal({"topLevelKeywordDisallowed", otherKeyword.keyRange(), {}, {}, {}, k,
                       "JSON-LD keyword '" + k + "' is not allowed here"});
                return std::nullopt;
            }
        }
        // The JSON-LD keywords among an inline element's members (DTDL v3 and later; @graph in
        // every version) are reported first, against the element's parent, whatever else the
        // element holds: the official parser reports them before its identifier and its types
        // (an `extends` value {"@type": "Interface", "@foo": 1} is keywordDisallowed and
        // missingRequiredId).
        if (parent && ((g.restrictKeywords && otherKeyword.valid()) || hasGraph))
            for (Value m = obj.firstChild(); m.valid(); m = m.nextSibling())
                disallowedKeyword(m, g.restrictKeywords, parent->id, parent->property);
        if (idValue.valid()) {
            if (!idValue.isString()) {
                fatal({"idNotString", idValue.range(), {}, {}, {}, {}, "@id must be a string"});
                return std::nullopt;
            }
            id = idValue.text();
            if (id->empty()) {
                fatal({"idNotString", idValue.range(), {}, {}, {}, {}, "@id must be a non-empty identifier"});
                return std::nullopt;
            }
        }
        std::string elementId;
        bool generated = false;
        if (id) {
            elementId = std::string(*id);
        } else {
            const std::string& pid = parent->id;
            if (parent->rule && !parent->rule->dtmiSegment.empty()) {
                const std::string& segTerm = parent->rule->dtmiSegmentTerm;
                // (The element then lacks its own 'name' when the value is written under the
                // property's IRI of another DTDL version: missingLiteralProperty, and a property
                // its version does not define.)
                Value segValue = memberOfProperty(obj, segTerm, parent->rule->dtmiSegment);
                if (!segValue.valid()) {
                    fatal({"missingDtmiSegPropertyValue", obj.range(), pid, {}, parent->property, segTerm,
                            "an element of '" + parent->property + "' without @id needs a '" + segTerm + "'"});
                    return std::nullopt;
                }
                std::optional<std::string> seg = dtmiSegmentOf(segValue);
                if (!seg) {
                    fatal({"dtmiSegPropertyNotStringOrNumber", segValue.range(), pid, {}, parent->property, segTerm,
                            "'" + segTerm + "' of an element of '" + parent->property +
                                "' must be a string or a number: the element's identifier is made from it"});
                    return std::nullopt;
                }
                elementId = ir::generatedChildId(pid, parent->property, *seg);
            } else if (parent->rule && parent->rule->maxCount && *parent->rule->maxCount == 1 &&
                       parent->rule->nodeKind != NodeKind::Iri) {
                elementId = ir::generatedChildId(pid, parent->property);
            } else {
                fatal({"missingRequiredId", obj.range(), pid, {}, parent->property, {},
                        "an element of '" + parent->property + "' must have an @id"});
                return std::nullopt;
            }
            generated = true;
        }

        // Types (the parent's allowed classes make @type inferable where the metamodel says so).
        // The parent property's rule the element is checked against: for an element read on in
        // its own version, the rule of the same property of the parent's class in that version
        // (a v4 request of a v2 Command is a CommandRequest;4, so a CommandPayload is badType; a
        // v4 mapValue without @type is a MapValue;4), else the parent's own.
        const PropertyRule* parentRule = parent ? parent->rule : nullptr;
        if (refusedVersion && parentRule != nullptr) {
            const PropertyRule* same = nullptr;
            for (const PropertyRule* r : mm.propertiesOf(inVersion(parentRule->declaringClass, version)))
                if (r->term == parentRule->term) same = r;
            if (same != nullptr) parentRule = same;
        }
        static const std::vector<std::string> kNoClasses;
        const std::vector<std::string>* inferableClasses =
            parentRule && parentRule->typeInferable ? &parentRule->classes : &kNoClasses;
        // NOTE(dtc): an element read on in its own version infers its type from the parent's own
        // rule, each class taken in the element's version where that version has a class of the
        // same name (a v4 mapValue of a v2 Map is a MapValue;4) and kept as it is where it has
        // none: a v3 response of a v2 Command is a CommandPayload, which no v3 Command takes
        // (badType, as the official parser reports it; settled cases dtc/InferredTypeReadOn).
        std::vector<std::string> inferredInVersion;
        if (refusedVersion && parent && parent->rule && parent->rule->typeInferable) {
            for (const std::string& c : parent->rule->classes) {
                std::string same = inVersion(c, version);
                inferredInVersion.push_back(mm.cls(same) != nullptr ? std::move(same) : c);
            }
            inferableClasses = &inferredInVersion;
        }
        const std::vector<std::string>& inferable = *inferableClasses;

        bool iotcentral = std::find(ctx.specifiers.begin(), ctx.specifiers.end(), "dtmi:iotcentral:context;2"sv) !=
                          ctx.specifiers.end();
        if (id && !checkId(*id, idValue.range(), version, iotcentral, ctx.limits)) return std::nullopt;
        // A second definition of an identifier is refused before its contents are read: the
        // official parser reports the duplicate identifier, not what its contents would repeat
        // (the generated identifiers of its anonymous elements). Elements are added to the
        // model after their contents, so an enclosing element's own identifier is checked
        // again when it is added (below).
        if (id && (model.find(*id) || (!unkept.empty() && unkept.count(std::string(*id)) != 0))) {
            reportDuplicate(idValue.range(), *id);
            return std::nullopt;
        }
        Types types = topTypes ? std::move(*topTypes) : readTypes(typeValue, ctx, elementId, inferable);
        // The material type is one the parent property allows its values (if it names any).
        // Whether class `iri` is one the parent property allows (parentRule: in the element's
        // version when it is read on after disallowedVersionDefinition); precondition: the
        // parent's rule lists classes.
        auto parentAllows = [&](const std::string& iri) {
            return std::any_of(parentRule->classes.begin(), parentRule->classes.end(),
                               [&](const std::string& a) { return mm.isA(iri, a); });
        };
        const bool materialAllowed = types.material != nullptr &&
                                     (!parentRule || parentRule->classes.empty() || parentAllows(types.material->iri));
        // NOTE(dtc): the official parser takes a value for its property once the value's DTDL
        // type is known and allowed there; an error of its co-types (invalidCotypeVersion) or
        // of its properties does not undo that, an undefined or unusable type term does (see
        // readProperty: objectMultipleValues, objectCountBelowMin).
        // (An abstract class is no type a value can have: {"@type": "Unit"} as a v2 unit is
        // badType and leaves the unit missing, objectCountBelowMin. Nor is a class no model
        // defines, a primitive schema such as Boolean, where the property lists the values it
        // takes (an Enum's valueSchema) too: badType below.)
        // NOTE(dtc): a DTDL v2 unit type (VelocityUnit: dtmi:standard:class:VelocityUnit;2, a
        // Unit;2) can be defined inline as a semantic type's unit, as the official parser
        // accepts it ({"@type": "VelocityUnit", "symbol": "kn"}); Unit;2 itself is abstract.
        // (The element is made here so that its body is set up in place; the rest of it is
        // filled once its types are judged, below.)
        ir::Element el;
        bool definable = false;
        if (v2UnitType(types)) {
            el.body = ir::ExtensionElement{{std::string(types.materialIri), types.material->iri}, {}};
            definable = true;
        } else if (types.material != nullptr) {
            definable = initBody(el.body, types.material);
        }
        const bool listedValues = parent && parent->rule && !parent->rule->in.empty();
        // (A primitive schema defined inline where the property lists its values, an Enum's
        // valueSchema, is badType and no value either: objectCountBelowMin follows; settled cases
        // dtc/UndefinableTypeJudgedTogether.)
        const bool taken = materialAllowed && definable &&
                           types.otherMaterial == nullptr && !types.otherVersion() &&
                           std::all_of(types.errors.begin(), types.errors.end(),
                                       [](const Err& e) { return e.id == "invalidCotypeVersion"sv; });
        // NOTE(dtc): a value with an abstract co-type (SemanticType) is not taken, nor is an
        // element refused for its DTDL version unless its types are what the property allows in
        // that version: a required property left without a value is objectCountBelowMin, as the
        // official parser reports it (settled cases dtc/ValueNotTakenCountsBelowMin).
        const bool abstractCotype = std::any_of(types.supplemental.begin(), types.supplemental.end(),
                                                [](const ClassRule* c) { return c->abstract; });
        if (taken && !abstractCotype) ++valuesTaken;
        const bool typeValueErrors = !types.errors.empty();
        // Reports each abstract co-type (SemanticType, AdjunctType); whether there was one. (The
        // official parser reports them with a badType of the element's types, and before the
        // material types are counted.)
        auto reportAbstractCotypes = [&] {
            bool any = false;
            for (const ClassRule* sup : types.supplemental) {
                if (!sup->abstract) continue;
                // (The official parser names the type in a Type field dtc does not have; its Value
                // is empty, so the term is in the message only.)
                report({"abstractSupplementalType", typeValue.range(), elementId, {}, {}, {},
                        "co-type '" + sup->term + "' is abstract and cannot be used"});
                any = true;
            }
            return any;
        };
        // (An identifier too long for one of the element's material classes is reported first,
        // whatever its types' other findings, and the element read on, not kept, as the official
        // parser does: the errors of its properties and its contents follow.)
        // (Only a class the parent property allows: an Interface among contents is badType alone,
        // whatever the length of its identifier; settled cases dtc/IdTooLongForAllowedClassOnly.)
        const bool idTooLongForClass = id && types.anyMaterial([&](const ClassRule* c, const std::string& term) {
            if (parentRule && !parentRule->classes.empty() && !parentAllows(c->iri)) return false;
            const std::optional<std::size_t> classIdMax = Metamodel::idMaxLength(*c, ctx.limits);
            if (!longerThan(*id, classIdMax)) return false;
            report({"idTooLongForType", idValue.range(), {}, {}, {}, std::string(*id),
                    "the identifier of a " + term + " may be at most " + std::to_string(*classIdMax) +
                        " characters long"});
            return true;
        });
        // NOTE(dtc): where @type holds a value in error (an undefined term, an invalid or
        // irrelevant DTMI), an abstract co-type beside a type the parent property does not
        // allow, or several material types one of which it does not allow, the official parser
        // reports every finding about the types together: each material type the property does
        // not allow (an abstract one, Content, included) is badType, then the values' errors,
        // then each abstract co-type; nothing more about the element follows (settled cases
        // dtc/TypesJudgedTogether). Otherwise the types are judged one finding at a time, below.
        // Reports a type a top-level element cannot have: a DTDL class of another version, or an
        // abstract class named by its own term ("Unit", "LatentType").
        auto reportTopLevelType = [&](const std::string& term) {
            const std::vector<std::string>& other = types.otherVersionTerms;
            if (std::find(other.begin(), other.end(), term) != other.end())
                report({"badType", typeValue.range(), {}, elementId, {}, term,
                        "a DTDL class of another version among its types: the element has no type a "
                        "DTDL v" + std::to_string(std::abs(version)) + " element may have"});
            else
                report({"badType", typeValue.range(), {}, elementId, {}, term,
                        "a top-level element cannot be a '" + term + "' (an abstract class); "
                        "give it @type \"Interface\""});
        };
        bool judgedTogether = false;
        const bool typeTermErrors = std::any_of(types.errors.begin(), types.errors.end(),
                                                [](const Err& e) { return e.id != "invalidCotypeVersion"sv; });
        // (Most elements have one allowed material type and no error: nothing to judge here.)
        if ((typeTermErrors || abstractCotype || types.otherMaterial != nullptr ||
             (types.otherVersion() && parentRule)) &&
            (!types.otherVersion() || parentRule || typeTermErrors)) {
            std::vector<const std::string*> refused; // the material types' terms the parent does not allow
            // (A class of another version, "Decimal" under v3, is one the parent cannot allow.)
            for (const std::string& term : types.otherVersionTerms) refused.push_back(&term);
            if (parentRule && !parentRule->classes.empty())
                types.anyMaterial([&](const ClassRule* c, const std::string& term) {
                    // (A class no model defines, a primitive schema such as Long, is refused too;
                    // settled cases dtc/UndefinableTypeJudgedTogether. So is any type where the
                    // property takes one of its predefined values, commandType: settled cases
                    // dtc/ListedValuesJudgedTogether.)
                    const bool unitType = c == types.material && v2UnitType(types);
                    ir::Body scratch;
                    if ((c->abstract && !unitType) || !parentAllows(c->iri) || listedValues ||
                        (!c->abstract && !unitType && !initBody(scratch, c)))
                        refused.push_back(&term);
                    return false;
                });
            // (At the top level, an abstract class named by its own term, "Unit" beside
            // "Interface", is no type an element can have: badType without a parent; settled
            // cases dtc/TopLevelAbstractTypeJudgedTogether.)
            if (!parent)
                types.anyMaterial([&](const ClassRule* c, const std::string& term) {
                    if (c->abstract && term == c->term) refused.push_back(&term);
                    return false;
                });
            // (At the top level too: a class of another version beside a type value in error is
            // badType beside it; settled cases dtc/TopLevelAbstractTypeJudgedTogether.)
            // (A class of another version alone among the refused is reported by itself, below;
            // beside any other refused type, an abstract one or the element's only material
            // type included, all are judged together: settled cases
            // dtc/OtherVersionClassJudgedTogether.)
            judgedTogether = typeTermErrors ||
                             (types.otherVersion() ? refused.size() > 1
                                                     : !refused.empty() && (abstractCotype || types.otherMaterial != nullptr));
            if (judgedTogether)
                for (const std::string* term : refused) {
                    if (parent)
                        report({"badType", typeValue.range(), parent->id, elementId, typeErrorProperty(), *term,
                                "property '" + parent->property + "' does not allow a value of type '" + *term + "'"});
                    else
                        reportTopLevelType(*term);
                }
        }
        for (Err& e : types.errors) {
            // A DTDL v2 semantic type (readTypes' only invalidCotypeVersion) is of another
            // version on the classes it applies to in DTDL v2, Telemetry and Property; on any
            // other it cannot apply at all.
            if (e.id == "invalidCotypeVersion"sv) {
                if (types.material != nullptr && types.material->term != "Telemetry"sv &&
                    types.material->term != "Property"sv) {
                    e.id = "invalidCotype";
                    e.message += " for Telemetry and Property; it cannot be applied to a " + types.materialTerm;
                } else {
                    e.message += "; it cannot be applied in DTDL v" + std::to_string(std::abs(version));
                }
            }
            report(std::move(e));
        }
        if (judgedTogether) {
            reportAbstractCotypes();
            return std::nullopt;
        }
        // A term naming a DTDL class of another version among the types (v4's Uuid under v2),
        // then the abstract co-types.
        auto reportOtherVersionTerm = [&] {
            if (parent)
                report({"badType", typeValue.range(), parent->id, elementId, typeErrorProperty(), types.otherVersionTerms.front(),
                        "a DTDL class of another version among its types: the value of '" + parent->property +
                            "' has no type the property allows"});
            else
                for (const std::string& term : types.otherVersionTerms) reportTopLevelType(term);
            reportAbstractCotypes();
        };
        if (types.otherMaterial != nullptr) {
            // Several material types: a type the parent property does not allow is reported as
            // such (the reference parser's order), otherwise the types' multiplicity. (Any of
            // them: Telemetry, Property and v2's Unit among contents is badType for Unit.)
            // (An abstract class, Content beside Property, is no type a value can have, nor is a
            // class whose instances are predefined or literals: Enum and Double as a schema is
            // badType for Double.)
            if (parentRule && !parentRule->classes.empty() &&
                types.anyMaterial([&](const ClassRule* c, const std::string& term) {
                    ir::Body scratch;
                    if (!c->abstract && initBody(scratch, c) && parentAllows(c->iri)) return false;
                    report({"badType", typeValue.range(), parent->id, elementId, typeErrorProperty(), term,
                            "property '" + parent->property + "' does not allow a value of type '" + term + "'"});
                    return true;
                }))
                return std::nullopt;
            // The value names the classes (LengthUnit is a Unit), as the reference parser does.
            auto classTerm = [](const ClassRule* c, const std::string& written) {
                return c->term.empty() ? written : c->term;
            };
            // At the top level, an abstract class named by its own term ("Unit", "LatentType")
            // is reported as a type outside the definable classes (the reference parser's
            // order); any other pair (Interface and Double, v2's Interface and LengthUnit) is
            // multipleMaterialTypes.
            // (Each such class, and a class of another version among the types, is badType:
            // settled cases dtc/TopLevelAbstractTypeJudgedTogether.)
            if (!parent) {
                bool abstractMaterial = false;
                types.anyMaterial([&](const ClassRule* c, const std::string& term) {
                    if (!c->abstract || term != c->term) return false;
                    reportTopLevelType(term);
                    abstractMaterial = true;
                    return false;
                });
                if (abstractMaterial) {
                    if (types.otherVersion()) reportOtherVersionTerm(); // (then the abstract co-types)
                    else reportAbstractCotypes();
                    return std::nullopt;
                }
            }
            // (A class of another version is reported before the material types are counted.)
            if (types.otherVersion()) {
                reportOtherVersionTerm();
                return std::nullopt;
            }
            // (A co-type of another version (invalidCotypeVersion) is reported alone: the official
            // parser does not go on to count the material types. Values in error were judged
            // with the types above.)
            if (typeValueErrors) return std::nullopt;
            // (An abstract co-type is reported instead of the material types' multiplicity.)
            if (reportAbstractCotypes()) return std::nullopt;
            // (Every material type, in the order written, each once: "Interface and Object and
            // Enum", as the official parser lists them; settled cases dtc/MaterialTypesListed.)
            std::string listed;
            std::vector<std::string> written;
            types.anyMaterial([&](const ClassRule* c, const std::string& term) {
                listed += (listed.empty() ? "" : " and ") + classTerm(c, term);
                written.push_back("'" + term + "'");
                return false;
            });
            std::string shown;
            for (std::size_t i = 0; i < written.size(); ++i)
                shown += (i == 0 ? "" : i + 1 == written.size() ? " and " : ", ") + written[i];
            report({"multipleMaterialTypes", typeValue.range(), elementId, {}, {}, listed,
                    "an element has exactly one DTDL type; " + shown +
                        (written.size() == 2 ? " cannot both be given" : " cannot all be given")});
            return std::nullopt;
        }
        if (!types.ok) return std::nullopt;

        if (types.material == nullptr) {
            // Co-types only: an abstract one (SemanticType) is reported first, as with a
            // material type.
            // (Below a property, a class of another version among the types is badType first.)
            if (abstractCotype) {
                if (parent && types.otherVersion()) reportOtherVersionTerm();
                else reportAbstractCotypes();
                return std::nullopt;
            }
            if (parent && parent->rule && !parent->rule->classes.empty() && (!typeValue.valid() || types.untyped)) {
                report({"badType", obj.range(), parent->id, elementId, typeErrorProperty(), {},
                        "the value of '" + parent->property + "' has no @type; give it one of the types the property allows"});
            } else if (parent && parent->rule && !parent->rule->classes.empty() && typeValue.valid()) {
                std::string shown = typeValue.isString() ? std::string(typeValue.text()) : std::string();
                // (A co-type is no type of the value: the official parser names none; it names a
                // class of another version among the co-types: ["Uuid", "ValueAnnotation"].)
                report({"badType", typeValue.range(), parent->id, elementId, typeErrorProperty(),
                        types.otherVersion() ? std::optional(types.otherVersionTerms.front())
                        : shown.empty() || !types.undefined.empty() || !types.supplemental.empty() ||
                                  !types.supplementalIris.empty() // (a DTDL v2 semantic type: Velocity)
                            ? std::nullopt
                            : std::optional(shown),
                        "the value of '" + parent->property + "' has no DTDL type that the property allows"});
            } else if (!types.undefined.empty()) {
                report({"typeUndefinedTerm", typeValue.range(), elementId, {}, {}, types.undefined.front(),
                        "'" + types.undefined.front() + "' is not a DTDL type, and the element has no other"});
            } else {
                report({"noTypeThatAllows", typeValue.valid() ? typeValue.range() : obj.range(), elementId, {}, {}, {},
                        "the element needs exactly one DTDL type (Interface, Telemetry, Property, ...)"});
            }
            return std::nullopt;
        }
        if (types.otherVersion()) {
            reportOtherVersionTerm();
            return std::nullopt;
        }
        const ClassRule* cls = types.material;
        if (!materialAllowed) {
            report({"badType", typeValue.valid() ? typeValue.range() : obj.range(), parent->id,
                    elementId, typeErrorProperty(), types.materialTerm,
                    "property '" + parent->property + "' does not allow a value of type '" +
                        types.materialTerm + "'"});
            return std::nullopt;
        }
        // An abstract co-type is reported before co-types that cannot apply or conflict (the
        // reference parser's order: Velocity with QuantitativeType is abstractSupplementalType,
        // and so is a v2 Relationship typed Distance and SemanticType), after a class no model
        // defines as a property's value (below), which it does not hide.
        const bool undefinableValue = !definable && parent && !listedValues;
        auto reportUndefinableValue = [&] {
            report({"badType", typeValue.valid() ? typeValue.range() : obj.range(), parent->id, elementId,
                    typeErrorProperty(), types.materialTerm,
                    "'" + types.materialTerm + "' elements cannot be defined in a model; refer to a predefined one or use a definable type"});
        };
        if (abstractCotype) {
            if (undefinableValue) reportUndefinableValue();
            reportAbstractCotypes();
            return std::nullopt;
        }
        // NOTE(dtc): a co-type that cannot apply (invalidCotype, invalidCotypeVersion), co-types
        // that conflict or one missing the co-type it needs are reported, and the element is
        // read on with its co-types, as the official parser does: their properties are allowed,
        // the element's own and the co-types' required properties are checked (a Component typed
        // Velocity without 'unit' is also missingSupplementalObjectProperty), and so are its
        // properties' values and its contents. The element is not kept.
        auto reportCotypeError = [&]() -> bool {
            // DTDL v2 semantic types (not in the v2 metamodel files) apply where SemanticType;2 does.
            if (const ClassRule* sem = version == 2 ? mm.cls("dtmi:dtdl:class:SemanticType;2") : nullptr) {
                for (const std::string& iri : types.supplementalIris) {
                    if (!isV2SemanticIri(iri) || mm.cls(iri) != nullptr) continue;
                    bool ok = std::any_of(sem->cotypeOf.begin(), sem->cotypeOf.end(),
                                          [&](const std::string& c) { return mm.isA(types.material->iri, c); });
                    std::string term = iri.substr(20, iri.find(';') - 20);
                    // The semantic types of the table (DTDL v2 "Semantic types") apply to Property
                    // and Telemetry only, not to every SemanticType;2 class (Relationship): the
                    // classes of the QuantitativeTypes class of the same name, taken in their v2
                    // version.
                    if (const ClassRule* qt = mm.cls("dtmi:dtdl:extension:quantitativeTypes:v1:class:" + term);
                        ok && qt != nullptr && !qt->cotypeOf.empty()) {
                        ok = std::any_of(qt->cotypeOf.begin(), qt->cotypeOf.end(), [&](const std::string& c) {
                            return mm.isA(types.material->iri, inVersion(c, 2));
                        });
                    }
                    if (!ok) {
                        report({"invalidCotype", typeValue.range(), elementId, {}, {},
                                std::nullopt, // (the official parser names the co-type in Type, not Value)
                                "semantic type '" + term + "' cannot be applied to a " + types.materialTerm});
                        return true;
                    }
                }
            }
            // (Each co-type that cannot apply to the element's class is reported, before co-types
            // that conflict: the official parser reports a Component typed Velocity and Length as
            // invalidCotype twice, not conflictingSupplementalTypes. One that applies to the class
            // in another DTDL version only (invalidCotypeVersion) does not stop there: co-types
            // that conflict and a missing co-type are reported beside it; settled cases
            // dtc/CotypeErrorsTogether.)
            bool found = false, inapplicable = false;
            std::vector<const ClassRule*> otherVersionCotypes; // (they constrain nothing here)
            for (const ClassRule* s : types.supplemental) {
                if (s->cotypeOf.empty() || std::any_of(s->cotypeOf.begin(), s->cotypeOf.end(),
                                                       [&](const std::string& c) { return mm.isA(cls->iri, c); }))
                    continue;
                // The co-type applies to this class in another DTDL version only? (The class of
                // that version is one it allows: QuantitativeTypes v2's Temperature allows
                // SchemaField;4, so a Field;4, not a Field;3.)
                const std::string base = cls->iri.substr(0, cls->iri.rfind(';') + 1);
                bool otherVersion = std::any_of(s->cotypeOf.begin(), s->cotypeOf.end(), [&](const std::string& c) {
                    const std::size_t semi = c.rfind(';');
                    if (semi == std::string::npos) return false;
                    const std::string same = base + c.substr(semi + 1);
                    return same != cls->iri && mm.cls(same) != nullptr && mm.isA(same, c);
                });
                report({otherVersion ? "invalidCotypeVersion" : "invalidCotype", typeValue.range(), elementId, {}, {},
                        std::nullopt, // (the official parser names the co-type in Type, not Value)
                        "co-type '" + s->term + "' cannot be applied to a DTDL v" + std::to_string(version) + " " +
                            types.materialTerm});
                found = true;
                inapplicable = inapplicable || !otherVersion;
                if (otherVersion) otherVersionCotypes.push_back(s);
            }
            if (inapplicable) return true;
            // Co-types conflict over 'unit': two semantic types that each constrain it (Velocity
            // and Length). IoT Central's Location, Event and State constrain no unit and combine.
            // (A co-type of another DTDL version does not apply, so it conflicts with none: the
            // official parser reports invalidCotypeVersion alone; settled cases
            // dtc/OtherVersionCotypesDoNotConflict.)
            auto applies = [&](const ClassRule* c) {
                return std::find(otherVersionCotypes.begin(), otherVersionCotypes.end(), c) == otherVersionCotypes.end();
            };
            if (std::count_if(types.supplemental.begin(), types.supplemental.end(),
                              [&](const ClassRule* c) { return c->constrainsUnit && applies(c); }) +
                    std::count_if(types.supplementalIris.begin(), types.supplementalIris.end(),
                                  [](const std::string& i) { return i.starts_with("dtmi:standard:class:"sv); }) > 1) {
                report({"conflictingSupplementalTypes", typeValue.range(), elementId, {}, std::string("unit"), {},
                        "an element can have at most one semantic type"});
                found = true;
            }
            // (Nor does it require anything: the official parser reports Override;2 on a v2
            // Property as invalidCotypeVersion alone, without ValueAnnotation beside it. A
            // co-type it would require counts only in this version: settled cases
            // dtc/CotypeErrorsTogether, dtc/OtherVersionCotypeRequiresNothing.)
            for (const ClassRule* s : types.supplemental) {
                if (!applies(s)) continue;
                for (const auto& r : s->requiredCotypes) {
                    if (std::any_of(types.supplemental.begin(), types.supplemental.end(),
                                    [&](const ClassRule* o) { return mm.isA(o->iri, r); }))
                        continue;
                    report({"missingCocotype", typeValue.range(), elementId, {}, {},
                            std::nullopt, // (the official parser names the co-type in Type, not Value)
                            "co-type '" + s->term + "' requires co-type '" + mm.termOf(r) + "' beside it"});
                    found = true;
                }
            }
            return found;
        };
        // A class no model defines (a primitive schema such as Boolean) as a property's value
        // is badType before its co-types are looked at (the official parser reports no
        // invalidCotype for {"@type": ["Duration", "Velocity"]}), and no value taken: a required
        // property is objectCountBelowMin after it.
        if (undefinableValue) {
            reportUndefinableValue();
            return std::nullopt;
        }
        // (A v2 semantic type under a later context was the first: readTypes.)
        const bool cotypeError = !types.v2SemanticElsewhere.empty() || reportCotypeError();
        el.id = std::move(elementId); // the element's id from here on is el.id
        const ir::Model::IdHash idHash = model.prefetch(el.id); // (its slot of the index, for Model::add below)
        el.idGenerated = generated;
        el.origin = {ir::SourceFormat::Dtdl, obj.range()};
        el.languageVersion = version;
        if (!types.supplementalIris.empty()) el.extras.edit().supplementalTypes = std::move(types.supplementalIris); // read from el below
        if (!types.undefined.empty()) el.extras.edit().undefinedTypes = std::move(types.undefined);
        if (listedValues) {
            // The property takes one of a fixed set of predefined elements (commandType: synchronous
            // or asynchronous); a new one cannot be defined in its place.
            report({"badType", typeValue.valid() ? typeValue.range() : obj.range(), parent->id, el.id,
                    typeErrorProperty(), types.materialTerm,
                    "'" + parent->property + "' takes one of its predefined values, not a new " + types.materialTerm});
            return std::nullopt;
        }
        if (!definable) { // (at the top level: a value was badType above)
            report({"noTypeThatAllows", obj.range(), el.id, {}, {}, types.materialTerm,
                    "'" + types.materialTerm + "' elements cannot be defined in a model"});
            return std::nullopt;
        }
        if (auto* iface = std::get_if<ir::Interface>(&el.body)) iface->contexts = ctx.specifiers;

        // Properties allowed on this element.
        // The class's own rules, extended (in a copy) only when co-types add some.
        const std::vector<const PropertyRule*>& coreRules = mm.propertiesOf(*cls);
        std::vector<const PropertyRule*> extendedRules;
        const bool v2Unit = (version == 2 && std::any_of(el.extras->supplementalTypes.begin(), el.extras->supplementalTypes.end(), [](const std::string& i) {
            return i.starts_with("dtmi:standard:class:"sv);
        })) || !types.v2SemanticElsewhere.empty();
        if (!types.supplemental.empty() || v2Unit) {
            extendedRules = coreRules;
            // NOTE(dtc): a co-type's shape without sh:nodeKind narrows a property (the
            // quantitative types' numeric 'schema', MQTT's Transparent 'schema', IoT Central's
            // listed schemas); it never declares one. Where neither the element's class nor a
            // co-type declares that property (a Relationship typed Temperature), the narrowing is
            // no rule: a value of it is propertyIrrelevantDtmiOrTerm, as the official parser
            // reports it. Declarations (Alias's aliasFor, a unit) carry a node kind. (Settled
            // cases dtc/CotypeNarrowingAddsNoProperty.)
            auto declared = [&](const PropertyRule* p) {
                if (p->nodeKind != NodeKind::Any) return true;
                auto same = [&](const PropertyRule* q) { return q->nodeKind != NodeKind::Any && sameProperty(*q, *p); };
                if (std::any_of(coreRules.begin(), coreRules.end(), [&](const PropertyRule* c) { return sameProperty(*c, *p); }))
                    return true;
                return std::any_of(types.supplemental.begin(), types.supplemental.end(), [&](const ClassRule* s) {
                    const auto& rules = mm.propertiesOf(*s);
                    return std::any_of(rules.begin(), rules.end(), same);
                });
            };
            for (const ClassRule* s : types.supplemental)
                for (const PropertyRule* p : mm.propertiesOf(*s))
                    if (declared(p)) extendedRules.push_back(p);
        }
        // NOTE(dtc): DTDL v2's semantic types (dtmi:standard:class:*;2) are not in the v2
        // metamodel files; the property they contribute, 'unit', is added here (DTDL v2 spec,
        // "Semantic types"). Its values are Unit elements (each semantic type narrows the class
        // to its unit type, as the IoT Central extension's metamodel writes it: the validator
        // checks that), so a value that is neither a DTMI nor a term is badDtmiOrTerm and one
        // that is neither a string nor an object refNotStringOrObject, as the official parser
        // reports them.
        // A semantic type with a unit kind requires its unit (missingSupplementalObjectProperty;
        // an empty list objectCountBelowMin), checked with the element as in DTDL v3.
        // (Never destroyed, as the metamodel's rules: references view their terms, ir::Term.)
        static const PropertyRule& kV2Unit = *new PropertyRule([] {
            PropertyRule r;
            r.iri = "dtmi:dtdl:property:unit;2";
            r.term = "unit";
            r.idSegment = "dtmi:dtdl:property:unit"; // generated identifiers name it so
            // A predefined unit by its term or DTMI, or a unit defined inline (parseElement).
            r.nodeKind = NodeKind::BlankNodeOrIri;
            r.classes = {"dtmi:dtdl:class:Unit;2"};
            r.maxCount = 1;
            return r;
        }());
        static const PropertyRule& kV2UnitRequired = *new PropertyRule([] {
            PropertyRule r = kV2Unit;
            r.minCount = 1;
            return r;
        }());
        auto hasUnit = [&](const std::vector<std::string>& iris) {
            return std::any_of(iris.begin(), iris.end(), [&](const std::string& i) { return v2SemanticTypeHasUnit(i); });
        };
        if (v2Unit)
            extendedRules.push_back(hasUnit(el.extras->supplementalTypes) || hasUnit(types.v2SemanticElsewhere)
                                        ? &kV2UnitRequired
                                        : &kV2Unit);
        const std::vector<const PropertyRule*>& rules = extendedRules.empty() ? coreRules : extendedRules;
        // Rules a model may write (hidden ones and those without a term are the language's own).
        // (Rules and terms of the metamodel match by property id, others by IRI: sameProperty.)
        // (An element of one class alone, most of them, finds its rules by property id in the
        // class's table: ruleTable.)
        const std::vector<const PropertyRule*>* table = extendedRules.empty() ? ruleTable(*cls, coreRules) : nullptr;
        auto findRule = [&](std::string_view iri, std::int32_t propertyId) -> const PropertyRule* {
            if (table != nullptr && propertyId >= 0) return (*table)[static_cast<std::size_t>(propertyId)];
            return writableRule(rules, iri, propertyId);
        };

        bool ok = true;
        // The rules of the properties present (a few per element: no allocation for up to 16).
        std::array<const PropertyRule*, 16> presentInline{};
        std::vector<const PropertyRule*> presentMore;
        std::size_t presentCount = 0;
        auto notePresent = [&](const PropertyRule* rule) {
            if (presentCount < presentInline.size()) presentInline[presentCount] = rule;
            else presentMore.push_back(rule);
            ++presentCount;
        };
        auto isPresent = [&](const PropertyRule& rule) {
            for (std::size_t i = 0; i < std::min(presentCount, presentInline.size()); ++i)
                if (sameProperty(*presentInline[i], rule)) return true;
            return std::any_of(presentMore.begin(), presentMore.end(),
                               [&](const PropertyRule* x) { return sameProperty(*x, rule); });
        };
        std::vector<Err> unique; // this element's nonUniquePropertyValue errors (reportUnique)
        std::vector<Err>* const enclosingUnique = std::exchange(pendingUnique, &unique);
        const std::size_t errorsBefore = diags.errorCount();
        for (Value m = obj.firstChild(); m.valid(); m = m.nextSibling()) {
            if (std::string_view k = m.key();
                !k.empty() && k[0] == '@' && (k == "@id"sv || k == "@type"sv || k == "@context"sv))
                continue;
            std::string key(m.key());
            if (key.starts_with("@"sv)) {
                // (An inline element's keywords were reported before its identifier and types; a
                // top-level element's but @graph stopped the reading: above.)
                if (key == "@graph"sv || g.restrictKeywords) {
                    if (!parent) disallowedKeyword(m, g.restrictKeywords, el.id, std::nullopt);
                    ok = false;
                }
                continue;
            }
            std::string_view iri;
            std::int32_t propertyId = -1;
            if (const auto* tm = ctx.term(key)) {
                iri = tm->iri;
                propertyId = tm->propertyId;
            } else if (key.starts_with("dtmi:"sv)) {
                iri = key;
                propertyId = mm.propertyId(key);
                if (!ir::isDtmi(key) || idTooLong(key, ctx)) {
                    if (undefinedPropertyHandled(el, ctx, key, m, g, "dtmm:invalidDtmi", typeValue, ok)) continue;
                    report({"propertyInvalidDtmi", m.keyRange(), el.id, {}, key, {},
                            "property '" + key + "' is not a valid DTMI"});
                    ok = false;
                    continue;
                }
            } else if (key.find(':') != std::string::npos) {
                if (undefinedPropertyHandled(el, ctx, key, m, g, "dtmm:notDtmiNorTerm", typeValue, ok)) continue;
                report({"propertyNotDtmiNorTerm", m.keyRange(), el.id, {}, key, {},
                        "property '" + key + "' is neither a DTDL term nor a DTMI"});
                ok = false;
                continue;
            } else {
                if (undefinedPropertyHandled(el, ctx, key, m, g, "dtmm:undefinedTerm", typeValue, ok)) continue;
                report({"propertyUndefinedTerm", m.keyRange(), el.id, {}, key, {},
                        "'" + key + "' is not a property of a " + types.materialTerm +
                            (types.supplemental.empty() ? "" : " or its co-types")});
                ok = false;
                continue;
            }
            const PropertyRule* rule = findRule(iri, propertyId);
            if (rule == nullptr) {
                if (undefinedPropertyHandled(el, ctx, key, m, g, "dtmm:irrelevantDtmiOrTerm", typeValue, ok)) continue;
                report({"propertyIrrelevantDtmiOrTerm", m.keyRange(), el.id, {}, key, {},
                        "'" + key + "' is not a property of a " + types.materialTerm +
                            (types.supplemental.empty() ? "" : " or its co-types")});
                ok = false;
                continue;
            }
            if (isPresent(*rule)) {
                // The same property written twice, by its term and by its IRI ("displayName"
                // and "dtmi:dtdl:property:displayName;3"): JSON-LD would merge the values; the
                // official parser refuses the element.
                const std::string& term = rule->term.empty() ? key : rule->term;
                report({"duplicatePropertyName", m.keyRange(), el.id, {}, term, {},
                        "property '" + term + "' is written twice ('" + key +
                            "' names it again); keep one of them"});
                ok = false;
                continue;
            }
            notePresent(rule);
            ok = readProperty(el, *rule, key, m, ctx, file, depth) && ok;
        }
        pendingUnique = enclosingUnique;
        if (diags.errorCount() == errorsBefore)
            for (Err& e : unique) report(std::move(e));
        // Required properties: checked whatever else the element's properties hold, as the
        // official parser does (a Telemetry without 'schema' and with an undefined property is
        // both missingObjectProperty and propertyUndefinedTerm).
        {
            for (const PropertyRule* p : rules) {
                if (!p->minCount || *p->minCount < 1 || isPresent(*p)) continue;
                std::string term = p->term.empty() ? mm.termOf(p->iri) : p->term;
                bool literal = p->nodeKind == NodeKind::Literal;
                bool supplementalRule =
                    std::find(coreRules.begin(), coreRules.end(), p) == coreRules.end();
                // A property a co-type requires (a semantic type's unit, an mqtt Indexed
                // content's index, an Override's overrides) is one the official parser stops
                // at: nothing after it, in this document or the next, is reported.
                const bool supplementalObject = supplementalRule && !literal && !identifierValued(*p);
                std::string vid = supplementalObject ? "missingSupplementalObjectProperty"
                                  : supplementalRule ? (literal ? "missingSupplementalLiteralProperty"
                                                                : "missingSupplementalIdentifierProperty")
                                                     : (literal ? "missingLiteralProperty" : "missingObjectProperty");
                Err e{vid, obj.range(), el.id, {}, term, {},
                      (supplementalRule ? "a co-type of this " + types.materialTerm + " requires"
                                        : ir::withArticle(types.materialTerm) + " requires") +
                          " property '" + term + "'"};
                if (supplementalRule) fatal(std::move(e));
                else report(std::move(e));
                ok = false;
            }
        }
        if (!ok || cotypeError || idTooLongForClass || refusedVersion) {
            // (Its identifier is defined all the same: a second definition is a duplicate.)
            if (!generated) unkept.insert(std::move(el.id));
            return std::nullopt;
        }

        // Duplicate definitions.
        bool added = false;
        ir::ElementId eid = model.add(std::move(el), &added, idHash);
        if (!added) {
            if (generated && parent) {
                // Two anonymous siblings with the same name generate the same identifier.
                const ir::Element& first = model[eid];
                std::string name = first.name.value_or("");
                report({"nonUniquePropertyValue", obj.range(), parent->id, {}, parent->property, name,
                        "two elements of '" + parent->property + "' are named '" + name + "'; names must be unique"});
                return std::nullopt;
            }
            reportDuplicate(idValue.valid() ? idValue.range() : obj.range(), model[eid].id);
            return std::nullopt;
        }
        return eid;
    }

    /// The member of `obj` holding property `iri` (whose term is `term`), as the official parser
    /// finds the value an identifier is generated from and that must be unique among siblings
    /// (a name): the first member, in document order, written as the term, the IRI or the
    /// property's IRI in another DTDL version the metamodel defines ("dtmi:dtdl:property:name;3"
    /// or ";4" in a v2 element, not ";1" or ";5"). Invalid if none.
    // NOTE(dtc): with "dtmi:dtdl:property:name;2": "a" before "name": "b" the official parser
    // generates the identifier from "a" (and reports duplicatePropertyName); settled cases
    // dtc/NameWrittenTwiceFirstCounts.
    Value memberOfProperty(Value obj, const std::string& term, const std::string& iri) const {
        const std::string_view base = std::string_view(iri).substr(0, iri.rfind(';') + 1);
        for (Value m = obj.firstChild(); m.valid(); m = m.nextSibling()) {
            const std::string_view k = m.key();
            if (k == term || k == iri || (!base.empty() && k.starts_with(base) && mm.termOf(k) == term)) return m;
        }
        return {};
    }

    /// Which of a top-level element's disallowed JSON-LD keywords the official parser reports:
    /// the lowest rank, the first in the document among equal ranks. (@language and @value,
    /// the keywords of a value object, are looked at before the others: {"@foo": 1,
    /// "@language": "en"} is reported for @language; settled cases
    /// dtc/TopLevelKeywordValueObjectFirst.)
    static int keywordRank(std::string_view k) { return k == "@language"sv ? 0 : k == "@value"sv ? 1 : 2; }

    void reportDuplicate(diag::SourceRange where, std::string_view id) {
        report({"duplicateDefinition", where, std::string(id), {}, {}, {},
                "'" + std::string(id) + "' is defined more than once"});
    }

    /// A property the element's types do not define (an "apocryphal" property of the given
    /// kind: dtmm:undefinedTerm, irrelevantDtmiOrTerm, notDtmiNorTerm, invalidDtmi). Returns
    /// true when it is dealt with here: kept as an undefined property, or reported as
    /// noTypeThatAllows / inferredTypeDoesNotAllow; false when the caller reports the kind's
    /// own error.
    // NOTE(dtc): as the official parser reads the metamodel's apocrypha: a kind the version
    // allows as a property (always, or while undefined extensions are in effect and the kind
    // is not in neverAllow) needs an undefined co-type to carry it (propertyNeedsCotype);
    // without one the element "does not have a @type that allows" the property. Only a kind
    // that is not allowed at all gets its own error. So in DTDL v2, which always allows all
    // four kinds, 'unit' on an Interface is noTypeThatAllows (propertyIrrelevantDtmiOrTerm
    // in v3).
    bool undefinedPropertyHandled(ir::Element& el, const ContextState& ctx, const std::string& key,
                                  Value m, const metamodel::Globals& g, const char* apocryphon,
                                  Value typeValue, bool& ok) {
        auto listed = [&](const std::vector<std::string>& v) { return std::count(v.begin(), v.end(), apocryphon) != 0; };
        if (listed(g.neverAllowProperty)) return false;
        if (!ctx.undefinedExtensions && !listed(g.alwaysAllowProperty)) return false;
        if (el.extras->undefinedTypes.empty()) {
            if (typeValue.valid())
                report({"noTypeThatAllows", m.keyRange(), el.id, {}, key, {},
                        "no @type of the element allows property '" + key +
                            "'; remove it or correct it if misspelled"});
            else
                report({"inferredTypeDoesNotAllow", m.keyRange(), el.id, {}, key, {},
                        "the element's type (inferred, it has no @type) does not allow property '" + key +
                            "'; remove it or correct it if misspelled"});
            ok = false;
            return true;
        }
        ir::PropertyValue pv;
        pv.term = key;
        pv.range = m.range();
        pv.json = std::string(sm.text(m.range().file).substr(m.range().begin, m.range().end - m.range().begin));
        el.extras.edit().undefinedProperties.push_back(std::move(pv));
        return true;
    }

    /// Makes `body` the body of a `cls` element. False when the class has no elements a model
    /// can define (abstract, primitive schema and other predefined-instance classes).
    static bool initBody(ir::Body& body, const ClassRule* cls) {
        const std::string_view name = cls->name;
        using namespace ir;
        // (Candidates by length first: one comparison for most classes, not a chain of 17.)
        bool known = true;
        switch (name.size()) {
        case 3:
            if (name == "Map"sv) emplaceBody<MapSchema>(body);
            else known = false;
            break;
        case 4:
            if (name == "Enum"sv) emplaceBody<EnumSchema>(body);
            else known = false;
            break;
        case 5:
            if (name == "Array"sv) emplaceBody<ArraySchema>(body);
            else if (name == "Field"sv) emplaceBody<Field>(body);
            else known = false;
            break;
        case 6:
            if (name == "Object"sv) emplaceBody<ObjectSchema>(body);
            else if (name == "MapKey"sv) emplaceBody<MapKey>(body);
            else known = false;
            break;
        case 7:
            if (name == "Command"sv) emplaceBody<Command>(body);
            else known = false;
            break;
        case 8:
            if (name == "Property"sv) emplaceBody<ir::Property>(body);
            else if (name == "MapValue"sv) emplaceBody<MapValue>(body);
            else known = false;
            break;
        case 9:
            if (name == "Interface"sv) emplaceBody<Interface>(body);
            else if (name == "Telemetry"sv) emplaceBody<Telemetry>(body);
            else if (name == "Component"sv) emplaceBody<Component>(body);
            else if (name == "EnumValue"sv) emplaceBody<EnumValue>(body);
            else known = false;
            break;
        case 12:
            if (name == "Relationship"sv) emplaceBody<Relationship>(body);
            else known = false;
            break;
        case 14:
            if (name == "CommandPayload"sv) emplaceBody<CommandPayload>(body).role = CommandPayload::Role::Payload;
            else if (name == "CommandRequest"sv) emplaceBody<CommandPayload>(body).role = CommandPayload::Role::Request;
            else known = false;
            break;
        case 15:
            if (name == "CommandResponse"sv) emplaceBody<CommandPayload>(body).role = CommandPayload::Role::Response;
            else known = false;
            break;
        default: known = false;
        }
        if (known) return true;
        if (cls->abstract) return false;
        {
            // Primitive schema classes and other predefined-instance classes cannot be defined.
            if (!name.empty() &&
                ir::primitiveFromName(std::string(1, static_cast<char>(std::tolower(name[0]))) + std::string(name.substr(1))))
                return false;
            body = ExtensionElement{{cls->iri}, {}};
        }
        return true;
    }

    // ---- property values --------------------------------------------------------------------

    bool readProperty(ir::Element& el, const PropertyRule& rule, const std::string& key, Value m,
                      const ContextState& ctx, diag::FileId file, int depth) {
        const std::string& eid = el.id;
        // NOTE(dtc): a null value is a value of the wrong JSON type: the official parser
        // reports the error of the property's kind (stringNotString, refNotStringOrObject,
        // ...); its newer sources add propertyValueNull beside that error, never instead of it.
        const Values values(m);
        if (rule.nodeKind == NodeKind::Literal) {
            if (rule.datatype == "rdf:langString"sv)
                return readLangString(el, rule, key, m, mm.globals(ctx.version).restrictKeywords, ctx.limits);
            if (rule.maxCount && static_cast<int>(values.size()) > *rule.maxCount) {
                // A property without a datatype (enumValue) takes any literal: "literal" errors.
                const char* vid = rule.datatype.empty()               ? "literalMultipleValues"
                                  : rule.datatype == "xsd:boolean"sv ? "booleanMultipleValues"
                                  : rule.datatype == "xsd:integer"sv ? "integerMultipleValues"
                                                                   : "stringMultipleValues";
                report({vid,
                        m.range(), eid, {}, propName(rule, key), {},
                        "property '" + key + "' takes a single value"});
                return false;
            }
            if (rule.minCount && static_cast<int>(values.size()) < *rule.minCount) {
                report({rule.datatype.empty()                ? "literalCountBelowMin"
                        : rule.datatype == "xsd:string"sv  ? "stringCountBelowMin"
                        : rule.datatype == "xsd:integer"sv ? "integerCountBelowMin" // (MQTT's index)
                                                           : "propertyCountBelowMin",
                        m.range(), eid, {}, propName(rule, key), {}, "property '" + key + "' needs a value"});
                return false;
            }
            // (Most literal properties hold one value: it is read into `one`, without a vector.)
            const bool single = values.size() == 1;
            std::array<ir::Literal, 1> one;
            std::vector<ir::Literal> many;
            if (!single) many.reserve(values.size());
            const bool restrictKeywords = mm.globals(ctx.version).restrictKeywords;
            for (Value v : values) {
                ir::Literal& lit = single ? one[0] : many.emplace_back();
                if (!readLiteral(restrictKeywords, eid, rule, key, v, ctx.limits, lit)) return false;
            }
            return storeLiteral(el, rule, key, single ? std::span<ir::Literal>(one) : std::span<ir::Literal>(many),
                                m.range());
        }
        // Element-valued property.
        // A property whose values are identifiers, not elements (a Relationship's target,
        // overrides), takes one value: more is identifierMultipleValues, whatever they are.
        if (identifierValued(rule) && rule.maxCount && *rule.maxCount == 1 && values.size() > 1) {
            report({"identifierMultipleValues", m.range(), eid, {}, propName(rule, key), {},
                    "property '" + key + "' takes at most one value"});
            return false;
        }
        // NOTE(dtc): a single-valued property given several values (a Component's schema as an
        // array) is read value by value, as the official parser does: a value of the wrong
        // class (badType), or one that is no identifier or element at all, is reported and is
        // no value; once one value is taken, the next one is objectMultipleValues, and the
        // values after it are not read. So [Object, Interface] is badType alone, [Interface
        // with an error inside, Interface] is that error and objectMultipleValues.
        // A required property none of whose values is taken has objectCountBelowMin after the
        // values' own errors ({"schema": 5} is refNotStringOrObject and objectCountBelowMin);
        // not so a property of identifiers (overrides).
        const bool singleValued = rule.maxCount && *rule.maxCount == 1 && values.size() > 1;
        std::size_t taken = 0; // values taken so far
        if (!singleValued && rule.maxCount && static_cast<int>(values.size()) > *rule.maxCount) {
            // A list longer than its maximum (DTDL v2's 300 contents): checked by the official
            // parser once the references resolve; the values are read meanwhile.
            reportLate({"objectCountAboveMax", m.range(), eid, {}, key, {},
                        "property '" + key + "' takes at most " + std::to_string(*rule.maxCount) + " values"});
        }
        if (rule.minCount && static_cast<int>(values.size()) < *rule.minCount) {
            // (A property of identifiers, the overriding extension's 'overrides', counts
            // identifiers: identifierCountBelowMin, as the official parser names it.)
            report({identifierValued(rule) ? "identifierCountBelowMin" : "objectCountBelowMin", m.range(), eid, {},
                    propName(rule, key), {},
                    "property '" + key + "' needs at least " + std::to_string(*rule.minCount) + " value(s)"});
            return false;
        }
        RefValues refs(values.size());
        bool ok = true;
        // (unique property, value) pairs of the inline elements so far: scanned while few, hashed
        // beyond (most properties hold a handful of elements).
        // The values are views of the document or of the elements read (which do not move).
        boost::container::small_vector<std::pair<const std::string*, std::string_view>, 8> seenFew;
        // What seenFew views for numbers: stable addresses, and no allocation unless a number is
        // kept (a std::deque allocates when constructed, for every property read).
        std::forward_list<std::string> numberValues;
        std::unordered_set<std::string> seenMany;
        auto joined = [](const std::string& t, std::string_view v) {
            std::string k;
            k.reserve(t.size() + 1 + v.size());
            return k.append(t).append(1, '\x1f').append(v);
        };
        auto seenBefore = [&](const std::string& uterm, std::string_view uval) {
            if (seenMany.empty())
                return std::any_of(seenFew.begin(), seenFew.end(),
                                   [&](const auto& x) { return *x.first == uterm && x.second == uval; });
            return seenMany.count(joined(uterm, uval)) != 0;
        };
        // Records a value without looking for it first (false: the hashed set had it).
        auto record = [&](const std::string& uterm, std::string_view uval) {
            if (seenMany.empty() && seenFew.size() < 32) {
                seenFew.emplace_back(&uterm, uval);
                return true;
            }
            if (seenMany.empty())
                for (const auto& [t, val] : seenFew) seenMany.insert(joined(*t, val));
            return seenMany.insert(joined(uterm, uval)).second;
        };
        // Records a value; false if it was recorded before. (The hashed set looks as it inserts.)
        auto firstTime = [&](const std::string& uterm, std::string_view uval) {
            return !(seenMany.empty() && seenBefore(uterm, uval)) && record(uterm, uval);
        };
        for (Value v : values) {
            if (singleValued && taken == 1) {
                report({"objectMultipleValues", m.range(), eid, {}, propName(rule, key), {},
                        "property '" + key + "' takes at most one value"});
                return false;
            }
            ir::Ref r;
            r.range = v.range();
            // By its term: a key written as the property's IRI ("dtmi:dtdl:property:extends;3")
            // is the same property, and the validator's walks follow properties by term.
            // (A rule lives as long as the process: the metamodel's, or one of the reader's
            // own, never destroyed. Its term is viewed, not interned.)
            r.property = rule.term.empty() ? ir::Term(key) : ir::Term::stable(rule.term);
            if (v.isString()) {
                const std::string_view text = v.text();
                auto shown = [&] { return std::string(text); };
                bool viaTerm = false;
                if (const auto* tm = ctx.term(text); tm != nullptr && tm->iri.starts_with("dtmi:"sv)) {
                    viaTerm = true;
                    const std::string& iri = tm->iri;
                    const std::string_view target = dtdl::unaliased(iri);
                    if (rule.classes.empty() && !dtdl::isStandardElement(target) && mm.cls(iri) == nullptr) {
                        // A term naming a property (e.g. the overriding extension's "overrides":
                        // "unit"): a value, not a reference to an element.
                        ir::PropertyValue pv;
                        pv.property = rule.iri;
                        pv.term = key;
                        pv.literals.push_back(ir::Literal::string(iri));
                        pv.range = v.range();
                        el.extras.edit().supplementalProperties.push_back(std::move(pv));
                        ++taken;
                        continue;
                    }
                    r.target.assign(target);
                } else if (text.starts_with("dtmi:"sv)) {
                    // A reference to an element takes the identifier syntax of the referrer's
                    // DTDL version (v2: a version, no minor; no fragment; no segment starting
                    // with '_', so no generated identifier). A property with a pattern of its own
                    // (a Relationship's target) is checked against that below.
                    const bool patterned = rule.nodeKind == NodeKind::Iri && !rule.pattern.empty();
                    if (!patterned && !validIdentifier(text, ctx)) {
                        const bool fragment = ir::isDtmi(text) && text.find('#') != std::string::npos;
                        report({"badDtmiOrTerm", v.range(), eid, {}, propName(rule, key), shown(),
                                fragment ? "reference '" + shown() + "' may not have a fragment"
                                         : "'" + shown() + "' is neither a valid DTMI for DTDL v" +
                                               std::to_string(std::abs(ctx.version)) + " nor a DTDL term"});
                        ok = false;
                        continue;
                    }
                    if (identifierValued(rule) && !patterned) {
                        // A property identifier (the overriding extension's overrides written as
                        // "dtmi:dtdl:extension:quantitativeTypes:v1:property:unit"): a value, as
                        // its term is, not a reference to an element.
                        ir::PropertyValue pv;
                        pv.property = rule.iri;
                        pv.term = key;
                        pv.literals.push_back(ir::Literal::string(std::string(text)));
                        pv.range = v.range();
                        el.extras.edit().supplementalProperties.push_back(std::move(pv));
                        continue;
                    }
                    r.target.assign(text);
                } else {
                    bool idOnly = rule.nodeKind == NodeKind::Iri && !rule.pattern.empty();
                    const char* vid = idOnly ? "identifierNotDtmi" : identifierValued(rule) ? "identifierNotUri" : "badDtmiOrTerm";
                    report({vid, v.range(), eid, {}, propName(rule, key), shown(),
                            "'" + shown() + "' is " + (idOnly ? "not a DTMI" : "neither a valid DTMI nor a DTDL term")});
                    ok = false;
                    continue;
                }
                if (rule.nodeKind == NodeKind::Iri && !rule.pattern.empty() &&
                    (!matchesPattern(rule.pattern, r.target) || idTooLong(r.target, ctx))) {
                    report({"identifierNotDtmi", v.range(), eid, {}, propName(rule, key), shown(),
                            "'" + shown() + "' is not a valid identifier for property '" + key + "'"});
                    ok = false;
                    continue;
                }
                r.dependent = !isRelationshipTarget(rule);
                noteReference(r.target, v.range(), r.dependent, eid, rule, key, viaTerm);
                refs.push(std::move(r));
                ++taken;
            } else if (v.isObject()) {
                if (identifierValued(rule)) {
                    report({"identifierNotString", v.range(), eid, {}, propName(rule, key), {},
                            "property '" + key + "' takes an identifier string"});
                    ok = false;
                    continue;
                }
                if ((rule.nodeKind == NodeKind::Iri && !definableClasses(rule)) || extensionProperty(rule)) {
                    report({"refObjectNotAllowed", v.range(), eid, {}, propName(rule, key), {},
                            "property '" + key + "' takes an identifier of a predefined element, not an inline element"});
                    ok = false;
                    continue;
                }
                if (v.size() == 1 && v.member("@id").valid()) {
                    report({"idReference", v.range(), eid, {}, propName(rule, key), std::string(v.member("@id").isString() ? v.member("@id").text() : ""),
                            "an object holding only @id is not a reference in DTDL; write the identifier as a string"});
                    ok = false;
                    continue;
                }
                if (depth > 64) {
                    report({"excessiveDepthNarrow", v.range(), eid, {}, propName(rule, key), {},
                            "elements are nested too deeply"});
                    ok = false;
                    continue;
                }
                // Values that must be unique among the elements (a name among contents), for an
                // element without @id and written as plain strings: checked before the element
                // is read, as the official parser does (its identifier, generated from the name,
                // would repeat; the repeated element is not read, nor its contents' errors
                // reported). An element with @id is read first: a repeated @id is a
                // duplicateDefinition.
                // The name is one only once the element is: an element whose type is not
                // accepted (an undefined term) leaves it to the next.
                // By the property's term: generated identifiers name the term even where the key
                // is the property's IRI ("dtmi:ex:a:_contents:__me;1"), unless the rule names
                // them otherwise (idSegment: DTDL v2's semantic-type unit,
                // "dtmi:ex:a:_contents:__t:_dtmi:dtdl:property:unit;1").
                Parent p{eid, !rule.idSegment.empty() ? rule.idSegment : rule.term.empty() ? key : rule.term, &rule};
                std::uint32_t checkedEarly = 0; // bit i: uniqueProperties[i] checked here
                const std::string* earlyTerm = nullptr; // the name checked here, recorded below
                std::string_view earlyName;
                bool repeated = false;
                const bool anonymous = !v.member("@id").valid();
                for (std::size_t i = 0; anonymous && i < rule.uniqueProperties.size() && i < 32; ++i) {
                    // Only the name makes the identifier; a repeated enumValue is found once
                    // the references resolve, like every other repeated value (reportLate).
                    if ((rule.uniqueNames >> i & 1u) == 0) continue;
                    const std::string& uterm = rule.uniqueTerms[i];
                    Value uv = memberOfProperty(v, uterm, rule.uniqueProperties[i]);
                    // (A name written as an array holding one string, nested arrays flattened as
                    // JSON-LD does, is that string: it makes the same identifier; settled cases
                    // dtc/RepeatedNameContext.)
                    if (uv.isArray()) {
                        const Values names(uv);
                        if (names.size() == 1) uv = *names.begin();
                    }
                    // (So is a name written as a value object with a string @value and no @type
                    // (or xsd:string), whether or not the value object is valid, and whatever
                    // errors the element holds: the official parser makes the identifier from
                    // it. With another @type it is no string: dtmiSegPropertyNotStringOrNumber,
                    // as the element is read. Settled cases dtc/RepeatedNameValueObject.)
                    if (uv.isObject())
                        if (Value inner = uv.member("@value");
                            inner.isString() && (!uv.member("@type").valid() || typedString(uv)))
                            uv = inner;
                    if (!uv.isString()) continue;
                    checkedEarly |= 1u << i;
                    if (!seenBefore(uterm, uv.text())) {
                        earlyTerm = &uterm;
                        earlyName = uv.text();
                        continue;
                    }
                    // The repeated element is not read, but its @context is, first: an error in
                    // it stops the reading there (report() drops what follows), and a DTDL
                    // version its property does not take is disallowedVersionDefinition beside
                    // the repeated name, as the official parser reports them (settled cases
                    // dtc/RepeatedNameContext).
                    int ownVersion = ctx.version;
                    if (Value cv = v.member("@context"); !repeated && cv.valid()) {
                        ContextState own;
                        const ContextState* c = applyContext(cv, &ctx, own, false);
                        if (c != nullptr && c->versionChanged) (void)refuseVersion(cv, *c, p);
                        if (c != nullptr) ownVersion = c->version;
                    }
                    // (Reported whatever else the element or its other values hold: the
                    // official parser finds the repeated identifier as it reads them.)
                    std::string text(uv.text());
                    report({"nonUniquePropertyValue", v.range(), eid, {}, propName(rule, key), text,
                            "two elements of '" + key + "' have " + uterm + " '" + text + "'; it must be unique"});
                    // Its JSON-LD keywords are reported too, as an element's are before anything
                    // else of it (in its own DTDL version: a v2 element may hold @foo; settled
                    // cases dtc/RepeatedNameKeywords).
                    if (!repeated)
                        for (Value km = v.firstChild(); km.valid(); km = km.nextSibling())
                            disallowedKeyword(km, mm.globals(ownVersion).restrictKeywords, eid, p.property);
                    repeated = true;
                }
                if (repeated) {
                    ok = false;
                    continue;
                }
                // (An element is a value taken once its DTDL type is accepted, even when an
                // error in its co-types or properties makes it unusable.)
                const std::size_t takenBefore = valuesTaken;
                auto child = parseElement(v, &ctx, p, file, depth + 1);
                if (valuesTaken != takenBefore) {
                    ++taken;
                    if (earlyTerm != nullptr) (void)record(*earlyTerm, earlyName);
                }
                if (!child) {
                    ok = false;
                    continue;
                }
                const ir::Element& ce = model[*child];
                // (The target stays empty: an inline definition's element is `resolved`, and its
                // identifier is the element's own; a copy here was an allocation per element.)
                r.inlineDefinition = true;
                r.resolved = *child;
                // (Only an element without @id: the official parser compares a later anonymous
                // element's name with those of the anonymous elements before it, whose
                // generated identifiers it would repeat; a name it shares with an element with
                // @id is found once the references resolve.)
                for (std::size_t i = 0; anonymous && i < rule.uniqueProperties.size(); ++i) {
                    if (i < 32 && (checkedEarly >> i & 1u) != 0) continue;
                    const std::string& uterm = rule.uniqueTerms[i];
                    const std::string* uval = nullptr;
                    if (uterm == "name"sv && ce.name) {
                        uval = &*ce.name;
                    } else if (const auto* ev = std::get_if<ir::EnumValue>(&ce.body); ev && uterm == "enumValue"sv) {
                        const ir::Literal& l = ev->enumValue;
                        if (l.kind == ir::Literal::Kind::Integer || l.kind == ir::Literal::Kind::Double) {
                            // A number's value, not its lexical form: 1, 1.0 and 1e0 are one value
                            // (marked apart from strings: "1" and 1 are two).
                            uval = &numberValues.emplace_front("\x1e" + ir::dotNetNumberText(l.number));
                        } else {
                            uval = &l.lexical;
                        }
                    }
                    // Recorded for the check of later elements without @id; a repetition here is
                    // found once the references resolve (the validator's uniqueValues), as the
                    // official parser finds it.
                    if (uval != nullptr) (void)firstTime(uterm, *uval);
                }
                refs.push(std::move(r));
            } else if (identifierValued(rule)) {
                report({"identifierNotString", v.range(), eid, {}, propName(rule, key), {},
                        "property '" + key + "' takes an identifier string"});
                ok = false;
            } else {
                report({"refNotStringOrObject", v.range(), eid, {}, propName(rule, key), {},
                        "property '" + key + "' takes an identifier (string) or an element (object)"});
                ok = false;
            }
        }
        if (!ok) {
            if (taken == 0 && rule.minCount && *rule.minCount >= 1 && !identifierValued(rule))
                report({"objectCountBelowMin", m.range(), eid, {}, propName(rule, key), {},
                        "property '" + key + "' has no usable value, and it needs one"});
            return false;
        }
        if (!uniqueSiblingValues(eid, rule, key, refs.all())) return false;
        return storeRefs(el, rule, key, refs, m.range());
    }

    /// Co-type properties marked dtmm:uniqueValue (the MQTT extension's Indexed 'index') must
    /// differ between the elements of one collection.
    bool uniqueSiblingValues(const std::string& eid, const PropertyRule& rule, const std::string& key,
                             std::span<const ir::Ref> refs) {
        std::set<std::string> seen;
        for (const ir::Ref& r : refs) {
            if (!r.inlineDefinition || !r.resolved.valid()) continue;
            const ir::Element& child = model[r.resolved];
            for (const auto& pv : child.extras->supplementalProperties) {
                if (pv.literals.empty() || !mm.uniqueValue(child.extras->supplementalTypes, pv.property)) continue;
                const std::string& v = pv.literals.front().lexical;
                if (!seen.insert(pv.property + "\x1f" + v).second) {
                    reportUnique({"nonUniquePropertyValue", r.range, eid, {}, propName(rule, key), v,
                                  "two elements of '" + key + "' have " + mm.termOf(pv.property) + " " + v +
                                      "; it must be unique"});
                    return false;
                }
            }
        }
        return true;
    }

    /// The rule among `rules` a model writes property `iri` (id `propertyId`) under, or null.
    /// Several shapes may constrain the same property (QuantitativeType bounds 'unit' to one
    /// value, Temperature names its unit type): the one with the count bound wins, else the
    /// first (the element's own class: a co-type that narrows a core property, MQTT's Result on
    /// 'fields', keeps the core rule's reading of the values). Hidden rules and those without a
    /// term are the language's own. (A rule's term is its IRI's term in the contexts: the
    /// metamodel sets it so; the v2 'unit' rule is written with it.)
    static const PropertyRule* writableRule(const std::vector<const PropertyRule*>& rules, std::string_view iri,
                                            std::int32_t propertyId) {
        const PropertyRule* found = nullptr;
        for (const PropertyRule* p : rules)
            if (constrains(*p, iri, propertyId) && !(p->maxCount && *p->maxCount == 0) && !p->term.empty() &&
                (found == nullptr || (!found->maxCount && p->maxCount)))
                found = p;
        return found;
    }

    /// writableRule(rules, ..., id) of class `cls`'s rules for every property id, built on first
    /// use; null if one of the rules has no id (it is matched by its IRI: only by writableRule).
    // NOTE(dtc): scanning the class's rules for each member of each element was 1.3% of a warm
    // RealEstateCore compile.
    const std::vector<const PropertyRule*>* ruleTable(const ClassRule& cls,
                                                      const std::vector<const PropertyRule*>& rules) {
        auto [it, fresh] = ruleTables.try_emplace(&cls);
        std::vector<const PropertyRule*>& table = it->second;
        if (fresh) {
            // (writableRule's choice, made for every id in one pass over the rules.)
            if (std::any_of(rules.begin(), rules.end(), [](const PropertyRule* p) { return p->propertyId < 0; }))
                return nullptr; // (the table stays empty: not used)
            table.resize(mm.propertyIdCount());
            for (const PropertyRule* p : rules) {
                if ((p->maxCount && *p->maxCount == 0) || p->term.empty()) continue;
                const PropertyRule*& found = table[static_cast<std::size_t>(p->propertyId)];
                if (found == nullptr || (!found->maxCount && p->maxCount)) found = p;
            }
        }
        return table.empty() ? nullptr : &table;
    }
    std::unordered_map<const ClassRule*, std::vector<const PropertyRule*>> ruleTables;

    /// Whether `rule` constrains the property `iri` whose id is `propertyId`: by id when both
    /// have one (the metamodel's rules and terms), else by IRI (a rule built here, the v2 unit).
    static bool constrains(const PropertyRule& rule, std::string_view iri, std::int32_t propertyId) {
        return rule.propertyId >= 0 && propertyId >= 0 ? rule.propertyId == propertyId : rule.iri == iri;
    }
    /// Whether two rules constrain the same property.
    static bool sameProperty(const PropertyRule& a, const PropertyRule& b) { return constrains(a, b.iri, b.propertyId); }

    /// The Property of the errors in the values of `rule`'s property, written under `key`.
    // NOTE(dtc): as the official parser names it: a literal or identifier-valued property of an
    // extension (MQTT's ttl, overriding's overrides) by its IRI; a property of DTDL itself, and
    // an element-valued property of an extension (QuantitativeTypes' unit), by its term, however
    // the key is written ("dtmi:dtdl:property:schema;3": 5 is refNotStringOrObject on 'schema').
    static std::string propName(const PropertyRule& rule, const std::string& key) {
        if (extensionProperty(rule) && (rule.nodeKind == NodeKind::Literal || identifierValued(rule))) return rule.iri;
        return rule.term.empty() ? key : rule.term;
    }

    /// The Property of a badType on an element defined as a value of `rule` (held under `held`,
    /// the Parent's property): the IRI for an extension's property, and for a property whose
    /// elements are named by its IRI (a DTDL v2 semantic type's unit); else the term.
    static std::string typeErrorPropName(const PropertyRule& rule, const std::string& held) {
        return extensionProperty(rule) || held.starts_with("dtmi:") ? rule.iri : held;
    }

    /// A property an extension defines (QuantitativeTypes' unit, MQTT's ttl), as opposed to
    /// one of DTDL's own (dtmi:dtdl:property:...). Element-valued extension properties take
    /// references to existing elements only: the reference parser reads the values of an
    /// adjunct type's properties as references and refuses inline definitions
    /// (refObjectNotAllowed), whatever node kind the extension's metamodel states.
    static bool extensionProperty(const PropertyRule& rule) {
        return !rule.iri.starts_with("dtmi:dtdl:property:"sv);
    }

    /// False when every class the property allows has only predefined instances (units).
    [[nodiscard]] bool definableClasses(const PropertyRule& rule) const {
        if (rule.classes.empty()) return true;
        return std::any_of(rule.classes.begin(), rule.classes.end(), [&](const std::string& c) {
            return c.starts_with("dtmi:dtdl:class:"sv);
        });
    }

    /// The value of a JSON number literal if it is integral (and finite), whatever its form.
    [[nodiscard]] static std::optional<double> integralValue(std::string_view literal) {
        std::string s(literal);
        char* end = nullptr;
        double d = std::strtod(s.c_str(), &end);
        if (end == s.c_str() || !std::isfinite(d) || d != std::floor(d)) return std::nullopt;
        return d == 0 ? 0.0 : d; // -0.0 is 0
    }

    /// integralValue within 32 bits: a number DTDL reads as an integer, however it is written.
    [[nodiscard]] static std::optional<long long> int32Value(std::string_view literal) {
        std::optional<double> v = integralValue(literal);
        if (!v || *v > 2147483647.0 || *v < -2147483648.0) return std::nullopt;
        return static_cast<long long>(*v);
    }

    [[nodiscard]] static bool isRelationshipTarget(const PropertyRule& rule) {
        return rule.dtdl == metamodel::DtdlProperty::Target;
    }

    /// Where each dependent reference target is first referenced (hashed: looked up per
    /// reference); referenceOrder keeps the first-reference order.
    struct Site {
        diag::SourceRange range;
        std::string element, property;
        bool term = false; ///< written as a term of the context, not as a DTMI
        /// The target has a reserved prefix and is no predefined element: unless the model set
        /// defines it after all, every reference to it is an error (undefinedReferences).
        bool reservedUnknown = false;
    };
    std::unordered_map<std::string, Site> sites; ///< the first reference to each target
    /// The later references to targets whose first is reservedUnknown, in reading order.
    std::vector<std::pair<std::string, Site>> repeatSites;

    [[nodiscard]] static bool reservedPrefix(std::string_view target) {
        return target.starts_with("dtmi:dtdl:"sv) || target.starts_with("dtmi:standard:"sv) ||
               target.starts_with("dtmi:iotcentral:"sv);
    }

    void noteReference(const std::string& target, diag::SourceRange where, bool dependent,
                       const std::string& element, const PropertyRule& rule, const std::string& key,
                       bool viaTerm) {
        if (!dependent) return; // Relationship targets need not be defined (model completeness)
        auto [it, fresh] = sites.try_emplace(target);
        if (fresh) {
            referenceOrder.push_back(target);
            it->second = {where, element, propName(rule, key), viaTerm,
                          reservedPrefix(target) && !dtdl::isStandardElement(target)};
        } else if (it->second.reservedUnknown) {
            repeatSites.emplace_back(target, Site{where, element, propName(rule, key), viaTerm, true});
        }
    }

    /// A property whose values are identifiers, not elements of a class: a Relationship's
    /// target (any DTMI), the overriding extension's overrides (a term naming a property).
    static bool identifierValued(const PropertyRule& rule) {
        return rule.nodeKind == NodeKind::Iri && (!rule.pattern.empty() || rule.classes.empty());
    }

    /// A value object typed as a string ({"@value": ..., "@type": "xsd:string"}).
    static bool typedString(Value v) {
        return v.isObject() && valueObjectDatatype(v.member("@type")) == "xsd:string"sv;
    }

    /// Reads literal value `v` of property `key` (rule `rule`) into `lit`; false (`lit` then
    /// unspecified) when it is in error, reported.
    bool readLiteral(bool restrictKeywords, const std::string& eid, const PropertyRule& rule, const std::string& key,
                     Value v, const metamodel::LimitSet* limits, ir::Literal& lit) {
        Value val = v;
        bool objectFailed = false; // a member in error beside a @value (typed or not), checked on below
        if (v.isObject()) {
            // NOTE(dtc): every error of a value object is reported, as the official parser does:
            // a missing @value, each member that does not belong, a @type that is no single
            // datatype, then a datatype the property does not take or a @value that does not
            // match it (an untyped @value is checked as a plain value is, below). A property
            // without a datatype (enumValue) is tried as each literal datatype: a value that fits
            // none is literalNotValid too.
            Value inner = v.member("@value");
            bool failed = false;       // an error in the value object
            bool valueFailed = false;  // one in its value: no @value, no single type, a mismatch
            bool literalNotValidReported = false;
            if (!inner.valid()) {
                std::string kind = rule.datatype.empty()               ? "literalObjectNoValue"
                                   : rule.datatype == "xsd:boolean"sv ? "booleanObjectNoValue"
                                   : rule.datatype == "xsd:integer"sv ? "integerObjectNoValue"
                                                                    : "stringObjectNoValue";
                report({kind, v.range(), eid, {}, propName(rule, key), {},
                        "property '" + key + "' takes a literal value, not an object"});
                failed = valueFailed = true;
            }
            std::string valueType;
            bool typed = false; // an empty @type is a type too (one no property takes)
            for (Value x = v.firstChild(); x.valid(); x = x.nextSibling()) {
                std::string k(x.key());
                if (k == "@value"sv) continue;
                if (k == "@type"sv) {
                    // (Without a @value, its @type is not looked at.)
                    if (!inner.valid()) continue;
                    std::optional<std::string> type = valueObjectDatatype(x);
                    if (!type) {
                        report({"literalTypeNotSingular", x.range(), eid, {}, propName(rule, key), {},
                                "the @type of a value object must be one datatype"});
                        failed = valueFailed = true;
                        continue;
                    }
                    valueType = std::move(*type);
                    typed = true;
                    continue;
                }
                if (!restrictKeywords && (k == "@language"sv || (k.starts_with("@"sv) && k != "@id"sv && k != "@context"sv && k != "@graph"sv)))
                    continue; // DTDL v2 does not restrict JSON-LD keywords
                std::string vid = k == "@id"sv ? "valueObjectId" : k == "@context"sv ? "valueObjectContext"
                                : k == "@graph"sv ? "valueObjectGraph" : k == "@language"sv ? "valueObjectLanguage"
                                : k.starts_with("@"sv) ? "valueObjectKeyword" : "valueObjectInvalidProp";
                // (An error that names its keyword has no Value, as the official parser reports it.)
                const bool named = vid != "valueObjectKeyword" && vid != "valueObjectInvalidProp";
                report({vid, x.keyRange(), eid, {}, propName(rule, key), named ? std::nullopt : std::optional(k),
                        "a value object may hold only @value and @type, not '" + k + "'"});
                failed = true;
            }
            if (typed && inner.valid()) {
                const auto& dts = rule.datatypes;
                // A property without a datatype list takes the one datatype of its rule, or
                // (enumValue) any of DTDL's three literal datatypes.
                bool allowed = !dts.empty() ? std::find(dts.begin(), dts.end(), valueType) != dts.end()
                               : !rule.datatype.empty()
                                   ? valueType == rule.datatype
                                   : valueType == "xsd:string"sv || valueType == "xsd:integer"sv || valueType == "xsd:boolean"sv;
                std::string base = rule.datatype == "xsd:boolean"sv ? "boolean" : rule.datatype == "xsd:integer"sv ? "integer" : "string";
                if (!allowed) {
                    std::string kind = base == "boolean"sv ? "booleanTypeNotBoolean" : base == "integer"sv ? "integerTypeNotInteger"
                                       : rule.datatype == "xsd:duration"sv                      ? "durationTypeNotDuration"
                                                                                               : "stringTypeNotString";
                    if (rule.datatype.empty()) kind = "literalNotValid";
                    literalNotValidReported = rule.datatype.empty();
                    report({kind, v.range(), eid, {}, propName(rule, key), {},
                            "property '" + key + "' does not take values of type '" + valueType + "'"});
                    failed = valueFailed = true;
                } else {
                    bool matches = valueType == "xsd:boolean"sv ? inner.isBool()
                                   : valueType == "xsd:integer"sv ? inner.isNumber() && integralValue(inner.text())
                                   : valueType == "xsd:string"sv ? inner.isString() : true;
                    if (!matches) {
                        std::string kind = valueType == "xsd:boolean"sv ? "booleanValueNotBoolean"
                                           : valueType == "xsd:integer"sv ? "integerValueNotInteger"
                                           : rule.datatype == "xsd:duration"sv ? "durationValueNotString" : "stringValueNotString";
                        report({kind, v.range(), eid, {}, propName(rule, key), {},
                                "the value of property '" + key + "' is not " + ir::withArticle(valueType)});
                        failed = valueFailed = true;
                    }
                }
            }
            if (valueFailed) {
                if (valueFailed && rule.datatype.empty() && !literalNotValidReported)
                    report({"literalNotValid", v.range(), eid, {}, propName(rule, key), {},
                            "property '" + key + "' takes a string, number or boolean"});
                return false;
            }
            objectFailed = failed;
            val = inner;
        }
        const std::string& dt = rule.datatype;
        if (dt == "xsd:boolean"sv) {
            if (!val.isBool()) {
                report({v.isObject() ? "booleanValueNotBoolean" : "booleanNotBoolean", v.range(), eid, {}, propName(rule, key), {},
                        "property '" + key + "' takes true or false"});
                return false;
            }
            lit = ir::Literal::booleanValue(val.boolean());
        } else if (dt == "xsd:integer"sv || dt == "xsd:int"sv || dt == "xsd:long"sv) {
            // NOTE(dtc): an integer property takes any JSON number with an integral value
            // ("5.0" and "1E2" too, as the official parser reads them), within 32 bits.
            std::string text(val.isNumber() ? val.text() : "");
            std::optional<long long> value = val.isNumber() ? int32Value(text) : std::nullopt;
            if (!value && !(val.isNumber() && integralValue(text))) {
                report({v.isObject() ? "integerValueNotInteger" : "integerNotInteger", v.range(), eid, {}, propName(rule, key), {},
                        "property '" + key + "' takes an integer"});
                return false;
            }
            if (!value) {
                report({v.isObject() ? "integerValueNotInteger" : "integerNotInteger", v.range(), eid, {},
                        propName(rule, key), {}, "property '" + key + "' takes a 32-bit integer"});
                return false;
            }
            const long long n = *value;
            lit = ir::Literal::integerValue(n, text);
            text = std::to_string(n); // errors show the value, as the official parser does
            if (rule.minInclusive && rule.maxInclusive && *rule.minInclusive == *rule.maxInclusive &&
                static_cast<double>(n) != *rule.minInclusive) {
                report({"valueNotExact", v.range(), eid, {}, propName(rule, key), text,
                        "property '" + key + "' must be " + std::to_string(static_cast<long long>(*rule.minInclusive))});
                return false;
            }
            bool range = rule.minInclusive && rule.maxInclusive;
            if (rule.minInclusive && static_cast<double>(n) < *rule.minInclusive) {
                report({range ? "valueBelowRange" : "valueBelowMin", v.range(), eid, {}, propName(rule, key), text,
                        "property '" + key + "' must be at least " + std::to_string(static_cast<long long>(*rule.minInclusive))});
                return false;
            }
            if (rule.maxInclusive && static_cast<double>(n) > *rule.maxInclusive) {
                report({range ? "valueAboveRange" : "valueAboveMax", v.range(), eid, {}, propName(rule, key), text,
                        "property '" + key + "' must be at most " + std::to_string(static_cast<long long>(*rule.maxInclusive))});
                return false;
            }
        } else if (dt.empty() && val.isBool()) {
            // A property without a datatype (enumValue) takes any JSON literal; whether it fits
            // the schema that governs it (an Enum's valueSchema) is checked on the whole model.
            lit = ir::Literal::booleanValue(val.boolean());
        } else if (dt.empty() && val.isNumber()) {
            // An integral value within 32 bits is an integer however it is written ("1e3").
            std::string text(val.text());
            if (auto n = int32Value(text)) lit = ir::Literal::integerValue(*n, text);
            else lit = ir::Literal::doubleValue(std::strtod(text.c_str(), nullptr), text);
        } else {
            // xsd:string and string-shaped datatypes (duration, ...).
            if (!val.isString()) {
                // Without a datatype (enumValue) only a string, number or boolean is a literal.
                const char* vid = dt.empty() && !typedString(v) ? "literalNotValid"
                                  : rule.datatype == "xsd:duration"sv ? (v.isObject() ? "durationValueNotString" : "durationNotString")
                                  : v.isObject()                 ? "stringValueNotString"
                                                                 : "stringNotString";
                report({vid, v.range(), eid, {}, propName(rule, key), {},
                        "property '" + key + (dt.empty() ? "' takes a string, number or boolean" : "' takes a string")});
                return false;
            }
            // (Read in place: the literal's own string is the text checked.)
            lit.kind = ir::Literal::Kind::String;
            std::string& text = lit.lexical;
            text.assign(val.text());
            if (const auto maxLength = Metamodel::maxLength(rule, limits); longerThan(text, maxLength)) {
                report({"stringTooLong", v.range(), eid, {}, propName(rule, key), text,
                        "property '" + key + "' may be at most " + std::to_string(*maxLength) + " characters long"});
                return false;
            }
            if (rule.minLength && utf16Length(text) < *rule.minLength) {
                report({"stringCountBelowMin", v.range(), eid, {}, propName(rule, key), text,
                        "property '" + key + "' may not be empty"});
                return false;
            }
            if (!rule.pattern.empty() && !matchesPattern(rule.pattern, text)) {
                report({"stringInvalid", v.range(), eid, {}, propName(rule, key), text,
                        "'" + text + "' is not a valid value of property '" + key + "'"});
                return false;
            }
            if (dt == "xsd:duration"sv && !isDuration(text)) {
                report({"durationInvalid", v.range(), eid, {}, propName(rule, key), text,
                        "'" + text + "' is not an ISO 8601 duration"});
                return false;
            }
        }
        lit.range = v.range();
        return !objectFailed;
    }

    static bool isDuration(const std::string& s) {
        static const std::regex re(
            R"(^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$)");
        return std::regex_match(s, re);
    }

    bool readLangString(ir::Element& el, const PropertyRule& rule, const std::string& key, Value m,
                        bool restrictKeywords, const metamodel::LimitSet* limits) {
        const std::optional<std::size_t> maxLength = Metamodel::maxLength(rule, limits);
        const std::string& eid = el.id;
        ir::LangString ls;
        auto checkLen = [&](const std::string& text, Value where) {
            if (longerThan(text, maxLength)) {
                report({"langStringValueTooLong", where.range(), eid, {}, propName(rule, key), text,
                        "'" + key + "' may be at most " + std::to_string(*maxLength) + " characters long"});
                return false;
            }
            return true;
        };
        if (m.isString()) {
            std::string text(m.text());
            if (!checkLen(text, m)) return false;
            ls.values.emplace_back("en", std::move(text));
            ls.plain = true;
        } else if (m.isObject()) {
            // A language-tagged value object where a map belongs: {"@value": "hello",
            // "@language": "en-US"}, its @value a string (else its members are keywords of a map).
            if (m.size() == 2 && m.member("@value").isString() && m.member("@language").valid()) {
                // (Value: the language map it stands for, as the official parser shows it, the
                // strings unescaped, a @language that is no string empty: { "en-US": "hello" }.)
                const Value lang = m.member("@language");
                report({"langTagValueInLangMap", m.range(), eid, {}, propName(rule, key),
                        "{ \"" + std::string(lang.isString() ? lang.text() : "") + "\": \"" +
                            std::string(m.member("@value").text()) + "\" }",
                        "'" + key + "' is a language map; write {\"en\": \"text\"}, not a language-tagged value object"});
                return false;
            }
            // Each member is checked on its own, and every one in error reported, as the official
            // parser does.
            bool memberErrors = false;
            ls.values.reserve(m.size());
            for (Value x = m.firstChild(); x.valid(); x = x.nextSibling()) {
                std::string code(x.key());
                if (code.starts_with("@"sv)) {
                    report({"langMapObjKeyword", x.keyRange(), eid, {}, propName(rule, key), code,
                            "a language map may not contain keyword '" + code + "'"});
                    memberErrors = true;
                    continue;
                }
                // (A member whose code is invalid has its value checked too: the official parser
                // reports both.)
                const bool badCode = !isLanguageCode(code);
                if (badCode) {
                    report({"langStringInvalidCode", x.keyRange(), eid, {}, propName(rule, key), code,
                            "'" + code + "' is not a valid language code"});
                    memberErrors = true;
                }
                if (!x.isString()) {
                    report({"langStringValueNotString", x.range(), eid, {}, propName(rule, key), code,
                            "values of a language map must be strings"});
                    memberErrors = true;
                    continue;
                }
                std::string text(x.text());
                if (!checkLen(text, x) || badCode) {
                    memberErrors = true;
                    continue;
                }
                // (A code written twice in the map: the JSON reader keeps both, see repeatedKeyword.)
                if (scratch.repeatsKey(x)) {
                    report({"langStringCodeNotUnique", x.keyRange(), eid, {}, propName(rule, key), code,
                            "language code '" + code + "' is given twice in '" + key + "'; give each language once"});
                    memberErrors = true;
                    continue;
                }
                ls.values.emplace_back(std::move(code), std::move(text));
            }
            if (memberErrors) return false;
        } else if (m.isArray()) {
            // Each element is checked on its own, and every one in error reported, as the
            // official parser does.
            std::set<std::string> codes;
            auto readElement = [&](Value x) -> bool {
                if (x.isString()) {
                    std::string text(x.text());
                    bool elementOk = checkLen(text, x);
                    if (!codes.insert("en").second) {
                        report({"langStringElementCodeNotUnique", x.range(), eid, {}, propName(rule, key), "en",
                                "language 'en' is given more than once"});
                        elementOk = false;
                    }
                    if (elementOk) ls.values.emplace_back("en", std::move(text));
                    return elementOk;
                }
                if (!x.isObject()) {
                    report({"langStringElementNotStringOrObject", x.range(), eid, {}, propName(rule, key), {},
                            "elements of '" + key + "' must be strings or {\"@value\", \"@language\"} objects"});
                    return false;
                }
                Value val = x.member("@value");
                Value lang = x.member("@language");
                // The official parser's order: the type of @language, of @value, then the other
                // members.
                // (An empty @language names no language: the official parser reports it as not
                // a string.)
                if (lang.valid() && (!lang.isString() || lang.text().empty())) {
                    report({"langStringElementCodeNotString", lang.range(), eid, {}, propName(rule, key), {},
                            "@language must be a non-empty string"});
                    return false;
                }
                // Reports an invalid language code; whether it was one.
                auto invalidCode = [&] {
                    if (!lang.valid() || isLanguageCode(lang.text())) return false;
                    const std::string code(lang.text());
                    report({"langStringElementInvalidCode", lang.range(), eid, {}, propName(rule, key), code,
                            "'" + code + "' is not a valid language code"});
                    return true;
                };
                if (val.valid() && !val.isString()) {
                    // (An invalid language code is reported beside it, the element's other members
                    // are not, as the official parser reports them; settled cases
                    // dtc/LangStringElementCodeBesideValue.)
                    invalidCode();
                    report({"langStringElementValueNotString", val.range(), eid, {}, propName(rule, key), {},
                            "@value of a language-tagged string must be a string"});
                    return false;
                }
                // (An element's language code, its members, its value's length and whether its
                // language was given before are all checked, and every error reported, as the
                // official parser does.)
                bool memberErrors = false;
                const std::string code = lang.valid() ? std::string(lang.text()) : std::string("en");
                if (invalidCode()) memberErrors = true;
                // Every member but @value and @language is an error, and so is a missing @value
                // beside them: the official parser reports them all.
                for (Value y = x.firstChild(); y.valid(); y = y.nextSibling()) {
                    std::string k(y.key());
                    if (k == "@value"sv || k == "@language"sv) continue;
                    if (!restrictKeywords && k.starts_with("@"sv) && k != "@id"sv && k != "@context"sv && k != "@graph"sv)
                        continue; // DTDL v2 does not restrict JSON-LD keywords
                    std::string vid = k == "@id"sv ? "langStringElementId" : k == "@context"sv ? "langStringElementContext"
                                    : k == "@graph"sv ? "langStringElementGraph" : k == "@type"sv ? "langStringElementType"
                                    : k.starts_with("@"sv) ? "langStringElementKeyword" : "langStringElementInvalidProp";
                    // (An error that names its keyword has no Value, as the official parser reports it.)
                    const bool named = vid != "langStringElementKeyword" && vid != "langStringElementInvalidProp";
                    report({vid, y.keyRange(), eid, {}, propName(rule, key), named ? std::nullopt : std::optional(k),
                            "a language-tagged string may hold only @value and @language"});
                    memberErrors = true;
                }
                // (The language is counted whether or not @value is there, as the official parser
                // counts it; settled cases dtc/LangStringElementCodeBesideValue.)
                if (!codes.insert(code).second) {
                    report({"langStringElementCodeNotUnique", x.range(), eid, {}, propName(rule, key), code,
                            "language '" + code + "' is given more than once"});
                    memberErrors = true;
                }
                if (!val.valid()) {
                    report({"langStringElementNoValue", x.range(), eid, {}, propName(rule, key), {},
                            "a language-tagged string needs @value"});
                    return false;
                }
                std::string text(val.text());
                if (!checkLen(text, val)) memberErrors = true;
                if (memberErrors) return false;
                ls.values.emplace_back(code, text);
                return true;
            };
            bool elementErrors = false;
            for (Value x : Values(m))
                if (!readElement(x)) elementErrors = true;
            if (elementErrors) return false;
        } else {
            // NOTE(dtc): a number, boolean or null. The official parser's newer sources report
            // langStringNotLangString and langStringElementNotStringOrObject; its release only
            // the second, so that one is what both agree on.
            report({"langStringElementNotStringOrObject", m.range(), eid, {}, propName(rule, key), {},
                    "'" + key + "' takes a string or a language map"});
            return false;
        }
        if (key == "displayName"sv) el.displayName = std::move(ls);
        else if (key == "description"sv) el.description = std::move(ls);
        else {
            ir::PropertyValue pv;
            pv.property = rule.iri;
            pv.term = key;
            pv.langStrings.push_back(std::move(ls));
            pv.range = m.range();
            el.extras.edit().supplementalProperties.push_back(std::move(pv));
        }
        return true;
    }

    /// Stores the literals read for a property (moved from `lits`).
    bool storeLiteral(ir::Element& el, const PropertyRule& rule, const std::string& key,
                      std::span<ir::Literal> lits, diag::SourceRange range) {
        using P = metamodel::DtdlProperty;
        const P prop = lits.empty() ? P::Other : rule.dtdl;
        if (prop == P::Name) {
            el.name = std::move(lits[0].lexical);
        } else if (prop == P::Comment) {
            el.extras.edit().comment = std::move(lits[0].lexical);
            ++comments;
        } else if (prop == P::Writable) {
            if (auto* p = std::get_if<ir::Property>(&el.body)) p->writable = lits[0].boolean;
            else if (auto* r = el.getIf<ir::Relationship>()) r->writable = lits[0].boolean;
            else return storeSupplemental(el, rule, key, lits, range);
        } else if ((prop == P::MinMultiplicity || prop == P::MaxMultiplicity) && el.is<ir::Relationship>()) {
            auto& r = el.as<ir::Relationship>();
            (prop == P::MinMultiplicity ? r.minMultiplicity : r.maxMultiplicity) = std::move(lits[0]);
        } else if (prop == P::EnumValue && std::holds_alternative<ir::EnumValue>(el.body)) {
            std::get<ir::EnumValue>(el.body).enumValue = std::move(lits[0]);
        } else if (prop == P::Nullable && std::holds_alternative<ir::CommandPayload>(el.body)) {
            std::get<ir::CommandPayload>(el.body).nullable = lits[0].boolean;
        } else {
            return storeSupplemental(el, rule, key, lits, range);
        }
        return true;
    }

    static bool storeSupplemental(ir::Element& el, const PropertyRule& rule, const std::string& key,
                                  std::span<ir::Literal> lits, diag::SourceRange range) {
        ir::PropertyValue pv;
        pv.property = rule.iri;
        pv.term = key;
        pv.literals.assign(std::make_move_iterator(lits.begin()), std::make_move_iterator(lits.end()));
        pv.range = range;
        el.extras.edit().supplementalProperties.push_back(std::move(pv));
        return true;
    }

    /// Stores the values read in the element's body, or as a supplemental property.
    bool storeRefs(ir::Element& el, const PropertyRule& rule, const std::string& key, RefValues& refs,
                   diag::SourceRange range) {
        const std::string& iri = rule.iri;
        using P = metamodel::DtdlProperty;
        auto is = [&](P p) { return rule.dtdl == p; };
        auto one = [&](auto& slot) { // (an ir::Ref or an optional one)
            if (const auto values = refs.all(); !values.empty()) slot = std::move(values.front());
        };
        auto many = [&](std::vector<ir::Ref>& slot) {
            if (slot.empty()) {
                slot = refs.release();
                return;
            }
            for (auto& r : refs.all()) slot.push_back(std::move(r));
        };
        bool stored = ir::visitBody(
            el.body,
            [&](auto& b) -> bool {
                using T = std::decay_t<decltype(b)>;
                if constexpr (std::is_same_v<T, ir::Interface>) {
                    if (is(P::Extends)) { many(b.extends); return true; }
                    if (is(P::Contents)) { many(b.contents); return true; }
                    if (is(P::Schemas)) { many(b.schemas); return true; }
                } else if constexpr (std::is_same_v<T, ir::Telemetry> || std::is_same_v<T, ir::Property> ||
                                     std::is_same_v<T, ir::Component> || std::is_same_v<T, ir::CommandPayload> ||
                                     std::is_same_v<T, ir::MapKey> || std::is_same_v<T, ir::MapValue> ||
                                     std::is_same_v<T, ir::Field>) {
                    if (is(P::Schema)) { one(b.schema); return true; }
                } else if constexpr (std::is_same_v<T, ir::Command>) {
                    if (is(P::Request)) { one(b.request); return true; }
                    if (is(P::Response)) { one(b.response); return true; }
                    if (is(P::CommandType)) { one(b.commandType); return true; }
                } else if constexpr (std::is_same_v<T, ir::Relationship>) {
                    if (is(P::Target)) { one(b.target); return true; }
                    if (is(P::Properties)) { many(b.properties); return true; }
                } else if constexpr (std::is_same_v<T, ir::ArraySchema>) {
                    if (is(P::ElementSchema)) { one(b.elementSchema); return true; }
                } else if constexpr (std::is_same_v<T, ir::EnumSchema>) {
                    if (is(P::ValueSchema)) { one(b.valueSchema); return true; }
                    if (is(P::EnumValues)) { many(b.enumValues); return true; }
                } else if constexpr (std::is_same_v<T, ir::MapSchema>) {
                    if (is(P::MapKey)) { one(b.mapKey); return true; }
                    if (is(P::MapValue)) { one(b.mapValue); return true; }
                } else if constexpr (std::is_same_v<T, ir::ObjectSchema>) {
                    if (is(P::Fields)) { many(b.fields); return true; }
                }
                return false;
            });
        if (!stored && !refs.all().empty()) {
            ir::PropertyValue pv;
            pv.property = iri;
            pv.term = key;
            pv.refs = refs.release();
            pv.range = range;
            el.extras.edit().supplementalProperties.push_back(std::move(pv));
        }
        return true;
    }

    // ---- documents --------------------------------------------------------------------------

    /// Set after an error that the official parser treats as fatal for the whole set
    /// (identifier syntax): the rest is still read, for its JSON-LD shape errors only (report).
    bool stopped = false;

    // NOTE(dtc): a key repeated in a JSON object is kept by the JSON reader for DTDL
    // (ReadOptions::keepRepeatedKeys) and judged as the official parser judges it. A repeated
    // JSON-LD keyword makes the document invalid JSON for it ("'@id' property repeated in JSON
    // object"): it is met in the walk of the document's JSON-LD shape (jsonLdShapeError), in
    // document order, as repeatedIdProperty, repeatedTypeProperty, ..., repeatedKeyword for any
    // other '@' key; like the shape errors, the first one of the set is reported and nothing
    // else. Inside an @context value it is no error (a term given twice there is
    // duplicateTermInContextObject). Any other key is read twice, and the second is what the
    // rules find: a property given twice
    // (duplicatePropertyName), a language code twice (langStringCodeNotUnique), an undefined
    // term twice (its error twice).
    /// Reports `member`, whose JSON-LD keyword repeats one before it in its object.
    void repeatedKeyword(Value member) {
        static const std::pair<std::string_view, std::string_view> kIds[] = {
            {"@id", "repeatedIdProperty"},       {"@type", "repeatedTypeProperty"},
            {"@context", "repeatedContextProperty"}, {"@value", "repeatedValueProperty"},
            {"@language", "repeatedLanguageProperty"}, {"@graph", "repeatedGraphProperty"}};
        const std::string key(member.key());
        std::string_view id = "repeatedKeyword";
        for (const auto& [keyword, vid] : kIds)
            if (key == keyword) id = vid;
        fatal({id, member.keyRange(), {}, {}, {}, {}, "'" + key + "' is given twice in one JSON object; give it once"});
    }

    /// Whether the file being read gives a key that starts with '@' twice in one object, @context
    /// values included (set by DtdlReader::read; the walk finds the ones that count).
    bool fileHasRepeatedKeyword = false;

    /// Whether the file being read mentions "@graph" at all (set by DtdlReader::read).
    bool fileHasGraph = false;

    /// Whether readDocument walks the file's documents for their JSON-LD shape
    /// (jsonLdShapeError): files that mention "@graph", have nested contexts or give a key that
    /// starts with '@' twice in an object. A document of another file has its one @context
    /// checked where it is applied (applyContextUncached).
    [[nodiscard]] bool shapeWalked() const { return fileHasGraph || fileHasNestedContext || fileHasRepeatedKeyword; }

    void readDocument(Value root, diag::FileId file) {
        ++documents;
        // (Once the set's JSON-LD shape error is found, it is the set's only error: nothing of
        // a later document would be reported.)
        if (shapeError) return;
        // NOTE(dtc): the official parser checks the JSON-LD shape of a document, every @context,
        // every @graph and every keyword given twice, before it reads it: the first error is the
        // only one reported (shapeWalked says which files need the walk).
        if (shapeWalked() && jsonLdShapeError(root)) return;
        if (!root.isObject()) {
            report({"notJsonObject", root.range(), {}, {}, {}, {},
                    "a DTDL document must be a JSON object (or an array of objects)"});
            return;
        }
        if (!root.member("@context").valid()) {
            fatal({"missingContext", root.range(), {}, {}, {}, {},
                    "a top-level DTDL document needs an @context, e.g. \"@context\": \"dtmi:dtdl:context;3\""});
            return;
        }
        if (root.member("@graph").valid() && !root.member("@type").valid()) {
            // (Behind the document's @context: the official parser applies it first, so its
            // errors, from its JSON-LD shape to an unknown DTDL version, are reported instead.)
            ContextState scratchState;
            if (applyContext(root.member("@context"), nullptr, scratchState, true) == nullptr) return;
            report({"topLevelGraphDisallowed", root.member("@graph").range(), {}, {}, {}, {},
                    "@graph is not allowed in DTDL documents; list documents in a JSON array instead"});
            return;
        }
        auto id = parseElement(root, nullptr, std::nullopt, file, 0);
        if (id) model.addRoot(*id);
    }
};

DtdlReader::DtdlReader(DtdlOptions options, const diag::SourceManager& sources, diag::Engine& diags,
                       ir::Model& model)
    : impl_(std::make_unique<Impl>(std::move(options), sources, diags, model)) {}

DtdlReader::~DtdlReader() = default;

void DtdlReader::read(diag::FileId file, bool /*fromResolver*/) {
    // One Document for every file read: its buffers are reused (nothing keeps Values of a file
    // once it is read).
    json::Document& doc = impl_->scratch;
    json::ReadOptions readOptions;
    readOptions.keepRepeatedKeys = true;
    if (!json::Document::parseInto(doc, impl_->sm, file, impl_->diags, readOptions)) return;
    impl_->fileHasRepeatedKeyword =
        std::any_of(doc.repeatedKeys().begin(), doc.repeatedKeys().end(),
                    [](const json::Document::RepeatedKey& r) { return r.key.starts_with('@'); });
    json::Value root = doc.root();
    // (One search of the file's text for all its documents; "@" is rare in JSON text.)
    const std::string_view text = impl_->sm.text(file);
    impl_->fileHasGraph = text.find("@graph\"") != std::string_view::npos;
    // More "@context" keys than documents with one at their root: some are nested.
    std::size_t contexts = 0, rootContexts = 0;
    // (Searched from the '@', rare in JSON text, not from the quote before it.)
    for (std::size_t at = text.find("@context\""); at != std::string_view::npos; at = text.find("@context\"", at + 9))
        ++contexts;
    if (root.isArray()) {
        for (json::Value v = root.firstChild(); v.valid(); v = v.nextSibling()) rootContexts += v.member("@context").valid();
    } else {
        rootContexts = root.member("@context").valid();
    }
    impl_->fileHasNestedContext = contexts > rootContexts;
    if (root.isArray()) {
        for (json::Value v = root.firstChild(); v.valid(); v = v.nextSibling()) impl_->readDocument(v, file);
    } else {
        impl_->readDocument(root, file);
    }
}

std::size_t DtdlReader::documentCount() const { return impl_->documents; }

std::size_t DtdlReader::commentCount() const { return impl_->comments; }

bool DtdlReader::quiet() const {
    const Impl& m = *impl_;
    // (A stop and a context error are reported too, but an engine's policy may drop the
    // report: the reader's own state says it. What reading keeps for later, deferred errors and
    // the first site of each reference, absorb carries over.)
    return !m.stopped && !m.shapeError;
}

void DtdlReader::absorb(DtdlReader&& other) {
    Impl& m = *impl_;
    Impl& o = *other.impl_;
    m.documents += o.documents;
    m.comments += o.comments;
    // References in first-reference order: this reader's files came first.
    for (std::string& target : o.referenceOrder) {
        Impl::Site& site = o.sites.find(target)->second;
        if (auto [mine, fresh] = m.sites.try_emplace(target); fresh) {
            mine->second = std::move(site);
            m.referenceOrder.push_back(std::move(target));
        } else if (site.reservedUnknown) {
            // (A later reference in this reader's view: reported at every reference.)
            m.repeatSites.emplace_back(target, std::move(site));
        }
    }
    for (auto& r : o.repeatSites) m.repeatSites.push_back(std::move(r));
    o.repeatSites.clear();
    for (auto& e : o.late) m.late.push_back(std::move(e));
    o.referenceOrder.clear();
    o.sites.clear();
    o.late.clear();
}

void DtdlReader::endOfInput() {
    // NOTE(dtc): the official parser checks the JSON-LD shape of every document of the set
    // before it reads any element: when one is in error, it reports the first such error and
    // nothing else, whichever document comes first (Impl::report).
    Impl& m = *impl_;
    if (!m.shapeError) return;
    m.diags.retainIf([&](const diag::Diagnostic& d) {
        if (d.code != diag::Code::DtdlRule) return true;
        return *m.shapeError == std::make_tuple(d.range.file, d.range.begin, d.validationId);
    });
}

void DtdlReader::reportLateErrors() {
    Impl& m = *impl_;
    for (auto& e : m.late) m.report(std::move(e));
    m.late.clear();
}

std::vector<std::string> DtdlReader::undefinedReferences() {
    Impl& m = *impl_;
    std::vector<std::string> out;
    std::unordered_set<std::string_view> reserved; // reserved targets found undefined now
    for (const std::string& target : m.referenceOrder) {
        if (m.model.find(target)) continue;
        if (dtdl::addStandardElement(m.model, target)) continue;
        // Identifiers with a reserved prefix are never supplied by a resolver.
        if (Impl::reservedPrefix(target)) {
            if (m.reportedReserved.insert(target).second) reserved.insert(target);
            continue;
        }
        out.push_back(target);
    }
    if (reserved.empty()) return out;
    // NOTE(dtc): every reference to such a target is an error, as the official parser reports
    // them (settled cases dtc/ReservedReferenceEverySite); in reading order, whichever reader
    // thread read them.
    std::vector<std::pair<const std::string*, const Impl::Site*>> at;
    for (const auto& [target, site] : m.sites)
        if (reserved.contains(target)) at.emplace_back(&target, &site);
    for (const auto& [target, site] : m.repeatSites)
        if (reserved.contains(target)) at.emplace_back(&target, &site);
    std::sort(at.begin(), at.end(), [](const auto& a, const auto& b) {
        return std::pair(a.second->range.file, a.second->range.begin) < std::pair(b.second->range.file, b.second->range.begin);
    });
    for (const auto& [target, site] : at) {
        if (site->term) {
            // A class of the language named by its term ("Object", "Interface") is not an
            // element that can be referenced, nor is what a term of the context names when no
            // element has that identifier (a DTDL v2 semantic type or unit type,
            // "TemperatureUnit"). Written as a DTMI ("dtmi:dtdl:class:Object;3"), it is an
            // undefined reserved identifier (below), as the official parser reports it.
            m.report({"badType", site->range, site->element, *target, site->property, {},
                      "'" + *target + "' is a DTDL class, not an element; use a predefined element or define one"});
        } else {
            m.report({"undefinedReservedId", site->range, site->element, *target, site->property, {},
                      "'" + *target + "' uses a prefix reserved for DTDL's own elements but is not one of them"});
        }
    }
    return out;
}

diag::SourceRange DtdlReader::referenceSite(const std::string& id) const {
    auto it = impl_->sites.find(id);
    return it == impl_->sites.end() ? diag::SourceRange{} : it->second.range;
}

} // namespace dtc::parser
