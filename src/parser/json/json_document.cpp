#include "parser/json/json_document.h"

#include <algorithm>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <memory>
#include <unordered_set>

namespace dtc::parser::json {

// ---- Value -----------------------------------------------------------------------------------

diag::SourceRange Value::range() const {
    const auto& n = doc_->node(id_);
    return {doc_->file(), n.begin, n.end};
}

diag::SourceRange Value::keyRange() const {
    const auto& n = doc_->node(id_);
    return {doc_->file(), n.keyBegin, n.keyEnd};
}

Value Value::member(std::string_view k) const {
    if (!valid() || kind() != Kind::Object) return {};
    for (Value c = firstChild(); c.valid(); c = c.nextSibling()) {
        if (c.key() == k) return c;
    }
    return {};
}

// ---- Builder ---------------------------------------------------------------------------------

namespace {

// NOTE(dtc): well-formed UTF-8 is read through RapidJSON's own InsituStringStream over a copy
// of the whole file (the document's pool, see parseInto), so that RapidJSON's SIMD paths apply
// (RAPIDJSON_SSE2, see CMakeLists.txt: whitespace and plain string runs 16 bytes at a time). It
// reads up to a NUL byte: the copy is a std::string, whose text is followed by one; a NUL inside the text ends
// the parse early and is reported after it. Text that is not well-formed UTF-8 is read through
// BoundedStream, which never reads past the end: RapidJSON's UTF-8 validation takes a
// multi-byte sequence's continuation bytes without looking, past the terminating NUL when the
// text ends inside one (found by the fuzzer). Both streams' Tell() is the file offset, and both
// are copied by RapidJSON while it parses a token (copyOptimization), so the handlers see the
// same positions.
struct BoundedStream {
    using Ch = char;
    const char* src_;
    const char* end_;
    const char* head_;
    Ch Peek() const { return src_ < end_ ? *src_ : '\0'; }
    Ch Take() { return src_ < end_ ? *src_++ : '\0'; }
    std::size_t Tell() const { return static_cast<std::size_t>(src_ - head_); }
    Ch* PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    std::size_t PutEnd(Ch*) { return 0; }
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// True if a well-formed UTF-8 sequence starts at `i` (RFC 3629: no overlongs, no surrogates,
/// nothing above U+10FFFF).
bool validUtf8At(std::string_view t, std::size_t i);

/// Where the first sequence of `t` that is not well-formed UTF-8 starts, or npos (ASCII runs
/// checked 16 bytes at a time with SSE2, part of every x86-64, else eight).
// NOTE(dtc): model files are ASCII but for a byte-order mark and a few translated labels
// (RealEstateCore: 2,305 other bytes in 399,133); eight bytes a step took 0.6 of the 35 million
// instructions of a warm RealEstateCore compile. (Unaligned loads inside the text only: no read
// past its end, for the sanitizers.)
std::size_t firstInvalidUtf8(std::string_view t) {
    std::size_t i = 0;
    while (i < t.size()) {
#if defined(__SSE2__)
        if (i + 16 <= t.size()) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + i));
            if (_mm_movemask_epi8(v) == 0) {
                i += 16;
                continue;
            }
        }
#endif
        if (i + 8 <= t.size()) {
            std::uint64_t w;
            std::memcpy(&w, t.data() + i, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                i += 8;
                continue;
            }
        }
        auto c = static_cast<unsigned char>(t[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (!validUtf8At(t, i)) return i;
        i += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    }
    return std::string_view::npos;
}

bool validUtf8At(std::string_view t, std::size_t i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
    unsigned char c = b(i);
    if (c < 0x80) return true;
    std::size_t n = 0; // continuation bytes
    if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c >= 0xE0 && c <= 0xEF) n = 2;
    else if (c >= 0xF0 && c <= 0xF4) n = 3;
    else return false;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
    else if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
    if (i + 1 >= t.size() || b(i + 1) < lo || b(i + 1) > hi) return false;
    for (std::size_t k = 2; k <= n; ++k)
        if (i + k >= t.size() || (b(i + k) & 0xC0) != 0x80) return false;
    return true;
}

} // namespace
} // namespace dtc::parser::json

namespace rapidjson {
// Copied while a token is parsed, like StringStream (see BoundedStream).
template <> struct StreamTraits<dtc::parser::json::BoundedStream> {
    enum { copyOptimization = 1 };
};
} // namespace rapidjson

namespace dtc::parser::json {

/// SAX handler building Document nodes. Start offsets are found by skipping whitespace,
/// separators and comments from the end of the previous token: RapidJSON reports each token
/// right after consuming it, so the stream position is the token's end.
class Builder {
public:
    /// `cursor` is the current position of the stream RapidJSON parses from (its `src_`), whose
    /// first byte is `base`. `insitu`: the stream parses the document's pool, a copy of the text,
    /// in place (strings are decoded where they are and handed over as pointers into the pool);
    /// otherwise strings are appended to the pool.
    Builder(Document& doc, const char* const& cursor, const char* base, bool insitu, std::string_view text,
            const ReadOptions& opt, diag::Engine& diags, std::uint32_t start)
        : doc_(doc), cursor_(cursor), base_(base), insitu_(insitu), text_(text), opt_(opt), diags_(diags),
          last_(start) {
        stack_.clear(); // per-thread scratch, kept from document to document
        keys_.clear();
        bigKeys_.clear();
    }

    bool Null() { return scalar(Kind::Null); }
    bool Bool(bool b) {
        if (!scalar(Kind::Boolean)) return false;
        doc_.nodes_.back().boolean = b;
        return true;
    }
    bool Int(int) { return scalar(Kind::Number); }
    bool Uint(unsigned) { return scalar(Kind::Number); }
    bool Int64(std::int64_t) { return scalar(Kind::Number); }
    bool Uint64(std::uint64_t) { return scalar(Kind::Number); }
    bool Double(double) { return scalar(Kind::Number); }
    // NOTE(dtc): RapidJSON parses strings and numbers on a local copy of a StringStream
    // (StreamTraits::copyOptimization) and calls these handlers before it writes the position
    // back: Tell() is the token's first byte here. A number's end is its length on; a
    // string's is found from its closing quote.
    bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
        auto begin = static_cast<std::uint32_t>(tell());
        scalarAt(Kind::Number, begin, begin + n);
        setString(doc_.nodes_.back(), s, n);
        return true;
    }
    bool String(const char* s, rapidjson::SizeType n, bool) {
        auto begin = static_cast<std::uint32_t>(tell());
        std::uint32_t end = stringEnd(begin, n);
        if (!decodedOk(s, n, begin, end)) return false;
        scalarAt(Kind::String, begin, end);
        setString(doc_.nodes_.back(), s, n);
        return true;
    }
    bool Key(const char* s, rapidjson::SizeType n, bool) {
        pendingKeyBegin_ = static_cast<std::uint32_t>(tell());
        std::uint32_t end = stringEnd(pendingKeyBegin_, n);
        if (!decodedOk(s, n, pendingKeyBegin_, end)) return false;
        pendingKeyEnd_ = end;
        last_ = end;
        pendingKey_ = pool(s, n);
        pendingKeyLen_ = n;
        std::string_view key(s, n);
        if (!rememberKey(key)) {
            if (opt_.keepRepeatedKeys)
                doc_.repeated_.push_back({std::string(key), {doc_.file_, pendingKeyBegin_, end}});
            else if (pendingKeyBegin_ >= reportedBefore_)
                diags_.report(diag::Diagnostic::make(diag::Code::JsonDuplicateKey,
                                                     {doc_.file_, pendingKeyBegin_, end})
                                  .arg("key", std::string(key)));
        }
        return true;
    }
    bool StartObject() { return open(Kind::Object); }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool StartArray() { return open(Kind::Array); }
    bool EndArray(rapidjson::SizeType) { return close(); }

    /// Duplicate keys before `offset` were reported by an earlier parse of the same text.
    void setReportedBefore(std::uint32_t offset) { reportedBefore_ = offset; }
    [[nodiscard]] bool depthExceeded() const { return depthExceeded_; }
    /// Set when RapidJSON's recursive parser is used (it reports closing brackets taken).
    void setRecursive(bool r) { recursive_ = r; }
    /// Where a string escapes a lone UTF-16 surrogate ("\uDFFF"), if one did (parse stopped).
    [[nodiscard]] std::optional<std::uint32_t> loneSurrogate() const { return loneSurrogate_; }
    [[nodiscard]] std::uint32_t depthOffset() const { return depthOffset_; }

private:
    struct Frame {
        NodeId node;
        std::size_t keysBegin; // index into keys_ of this object's first key
        std::unique_ptr<std::unordered_set<std::string_view>> big; // for objects with many keys
    };

    // Records a key of the innermost object; false if it was already there. Small objects are
    // scanned linearly (DTDL objects have a handful of keys); large ones switch to a hash set.
    // Keys are kept as (offset, length) in the pool, which may reallocate while parsing.
    bool rememberKey(std::string_view key) {
        Frame& f = stack_.back();
        constexpr std::size_t kLinear = 24;
        std::size_t n = keys_.size() - f.keysBegin;
        if (!f.big && n < kLinear) {
            for (std::size_t i = f.keysBegin; i < keys_.size(); ++i) {
                if (doc_.pooled(keys_[i].first, keys_[i].second) == key) return false;
            }
            keys_.emplace_back(pendingKey_, pendingKeyLen_);
            return true;
        }
        if (!f.big) {
            f.big = std::make_unique<std::unordered_set<std::string_view>>();
            for (std::size_t i = f.keysBegin; i < keys_.size(); ++i) {
                f.big->insert(ownedKey(doc_.pooled(keys_[i].first, keys_[i].second)));
            }
        }
        return f.big->insert(ownedKey(key)).second;
    }

    std::string_view ownedKey(std::string_view k) {
        bigKeys_.push_back(std::make_unique<std::string>(k));
        return *bigKeys_.back();
    }

    std::uint32_t tokenStart() const {
        std::size_t i = last_;
        bool separator = false;
        while (i < text_.size()) {
            char c = text_[i];
            if (isSpace(c)) {
                ++i;
            } else if (!separator && (c == ',' || c == ':')) {
                separator = true;
                ++i;
            } else if (opt_.allowComments && c == '/' && i + 1 < text_.size() &&
                       (text_[i + 1] == '/' || text_[i + 1] == '*')) {
                if (text_[i + 1] == '/') {
                    while (i < text_.size() && text_[i] != '\n') ++i;
                } else {
                    std::size_t e = text_.find("*/", i + 2);
                    i = e == std::string_view::npos ? text_.size() : e + 2;
                }
            } else {
                break;
            }
        }
        return static_cast<std::uint32_t>(i);
    }

    NodeId add(Kind kind, std::uint32_t begin) {
        NodeId id = static_cast<NodeId>(doc_.nodes_.size());
        Document::Node n;
        n.kind = kind;
        n.begin = begin;
        if (!stack_.empty()) {
            Document::Node& parent = doc_.nodes_[stack_.back().node];
            if (parent.kind == Kind::Object) {
                n.key = pendingKey_;
                n.keyLen = pendingKeyLen_;
                n.keyBegin = pendingKeyBegin_;
                n.keyEnd = pendingKeyEnd_;
            }
            if (parent.last == kNone) parent.first = id;
            else doc_.nodes_[parent.last].next = id;
            parent.last = id;
            ++parent.count;
        }
        doc_.nodes_.push_back(n);
        return id;
    }

    bool scalar(Kind kind) {
        std::uint32_t end = static_cast<std::uint32_t>(tell());
        scalarAt(kind, tokenStart(), end);
        return true;
    }

    void scalarAt(Kind kind, std::uint32_t begin, std::uint32_t end) {
        NodeId id = add(kind, begin);
        doc_.nodes_[id].end = end;
        last_ = end;
    }

    /// The offset just past the closing quote of the string whose opening quote is at `quote`
    /// (a quote preceded by an odd number of backslashes is escaped); `decoded` is the length
    /// of the string's value.
    std::uint32_t stringEnd(std::uint32_t quote, std::size_t decoded) const {
        // An escape takes more bytes in the source than in the value, so the closing quote is
        // at quote + 1 + decoded or later, and no unescaped quote comes before it: an unescaped
        // quote at exactly that offset closes the string (the usual case, no escapes; no scan).
        auto escaped = [&](std::size_t q) {
            std::size_t backslashes = 0;
            while (q - backslashes - 1 > quote && text_[q - backslashes - 1] == '\\') ++backslashes;
            return backslashes % 2 != 0;
        };
        if (std::size_t q = quote + 1 + decoded; q < text_.size() && text_[q] == '"' && !escaped(q))
            return static_cast<std::uint32_t>(q + 1);
        std::size_t i = quote + 1;
        while (i < text_.size()) {
            const void* p = std::memchr(text_.data() + i, '"', text_.size() - i);
            if (p == nullptr) break;
            std::size_t q = static_cast<std::size_t>(static_cast<const char*>(p) - text_.data());
            if (!escaped(q)) return static_cast<std::uint32_t>(q + 1);
            i = q + 1;
        }
        return static_cast<std::uint32_t>(text_.size());
    }

    bool open(Kind kind) {
        std::uint32_t begin = tokenStart();
        if (stack_.size() >= opt_.maxDepth) {
            depthExceeded_ = true;
            depthOffset_ = begin;
            return false;
        }
        NodeId id = add(kind, begin);
        stack_.push_back({id, keys_.size(), nullptr});
        last_ = begin + 1;
        return true;
    }

    bool close() {
        // NOTE(dtc): the iterative parser calls EndObject/EndArray before it takes the closing
        // bracket (rapidjson/reader.h, Transit), so the bracket is still at Tell(); the
        // recursive one after.
        std::uint32_t end = static_cast<std::uint32_t>(tell());
        if (!recursive_ && end < text_.size() && (text_[end] == '}' || text_[end] == ']')) ++end;
        doc_.nodes_[stack_.back().node].end = end;
        keys_.resize(stack_.back().keysBegin);
        stack_.pop_back();
        last_ = end;
        return true;
    }

    void setString(Document::Node& n, const char* s, std::size_t len) {
        n.str = pool(s, len);
        n.strLen = static_cast<std::uint32_t>(len);
    }

    /// The pool offset of the decoded string `s`: where it already is when parsing in place,
    /// else where it is appended.
    std::uint32_t pool(const char* s, std::size_t len) {
        if (insitu_) return static_cast<std::uint32_t>(s - doc_.pool_.data());
        auto at = static_cast<std::uint32_t>(doc_.pool_.size());
        doc_.pool_.append(s, len);
        return at;
    }

    Document& doc_;
    const char* const& cursor_;
    const char* base_;
    bool insitu_;
    std::size_t tell() const { return static_cast<std::size_t>(cursor_ - base_); }
    std::string_view text_;
    const ReadOptions& opt_;
    diag::Engine& diags_;
    struct Scratch {
        std::vector<Frame> stack;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> keys;
        std::vector<std::unique_ptr<std::string>> bigKeys; // stable storage for the hash sets' keys
    };
    static Scratch& scratch() {
        thread_local Scratch s;
        return s;
    }
    std::vector<Frame>& stack_ = scratch().stack;
    std::vector<std::pair<std::uint32_t, std::uint32_t>>& keys_ = scratch().keys;
    std::vector<std::unique_ptr<std::string>>& bigKeys_ = scratch().bigKeys;
    std::uint32_t last_ = 0;
    std::uint32_t pendingKey_ = 0, pendingKeyLen_ = 0, pendingKeyBegin_ = 0, pendingKeyEnd_ = 0;
    std::uint32_t reportedBefore_ = 0;
    bool depthExceeded_ = false;
    bool recursive_ = false;
    std::optional<std::uint32_t> loneSurrogate_;

    // NOTE(dtc): RapidJSON decodes an escaped lone low surrogate ("\uDC00".."\uDFFF") to the
    // bytes ED B0 80..ED BF BF, which are not UTF-8: no character, and the JSON and SARIF
    // output of any diagnostic quoting it could not be written (found by fuzz_dtdl). Such a
    // string stops the parse; only strings with an escape (decoded shorter than written) that
    // hold an ED byte need the check.
    bool decodedOk(const char* s, std::size_t n, std::uint32_t quote, std::uint32_t end) {
        if (end - quote == n + 2) return true; // no escape: the bytes are the source's, checked
        if (std::memchr(s, '\xED', n) == nullptr || firstInvalidUtf8(std::string_view(s, n)) == std::string_view::npos)
            return true;
        std::uint32_t at = quote;
        for (std::size_t i = quote + 1; i + 5 < text_.size() && text_[i] != '"'; ++i) {
            if (text_[i] == '\\' && text_[i + 1] == 'u' && (text_[i + 2] == 'd' || text_[i + 2] == 'D') &&
                std::strchr("89abcdefABCDEF", text_[i + 3]) != nullptr) {
                at = static_cast<std::uint32_t>(i);
                break;
            }
            if (text_[i] == '\\') ++i; // skip the escaped character
        }
        loneSurrogate_ = at;
        return false;
    }
    std::uint32_t depthOffset_ = 0;
};

namespace {
/// The numbers of `text` (from `start`) that RapidJSON may refuse as too big for a double
/// (kParseErrorNumberTooBig), as (offset, length): those with 300 or more integer digits, or a
/// positive exponent above 300. RapidJSON refuses 308 digits, or an exponent above 308 plus
/// the fraction's digits: every number it refuses is among these. Strings (and, with
/// `comments`, comments) are skipped; the text need not be valid JSON.
std::vector<std::pair<std::uint32_t, std::uint32_t>> numbersPastDouble(std::string_view text, std::size_t start,
                                                                       bool comments) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    auto digit = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
    std::size_t i = start;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
            ++i;
        } else if (comments && c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
            const bool line = text[i + 1] == '/';
            const std::size_t end = text.find(line ? "\n" : "*/", i + 2);
            i = end == std::string_view::npos ? text.size() : end + (line ? 1 : 2);
        } else if (c == '-' || digit(i)) {
            const std::size_t begin = i;
            if (c == '-') ++i;
            std::size_t intDigits = 0;
            while (digit(i)) ++i, ++intDigits;
            if (i < text.size() && text[i] == '.')
                for (++i; digit(i);) ++i;
            long exponent = 0;
            if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
                ++i;
                const bool negative = i < text.size() && text[i] == '-';
                if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
                for (; digit(i); ++i)
                    if (!negative) exponent = std::min(exponent * 10 + (text[i] - '0'), 1000000L);
            }
            if ((intDigits >= 300 || exponent > 300) && i - begin >= 4)
                out.emplace_back(static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(i - begin));
        } else {
            ++i;
        }
    }
    return out;
}
} // namespace

std::optional<Document> Document::parse(const diag::SourceManager& sm, diag::FileId file,
                                        diag::Engine& diags, const ReadOptions& options) {
    Document doc;
    if (!parseInto(doc, sm, file, diags, options)) return std::nullopt;
    return doc;
}

bool Document::repeatsKey(Value member) const {
    if (repeated_.empty()) return false;
    const std::uint32_t at = member.keyRange().begin;
    auto it = std::lower_bound(repeated_.begin(), repeated_.end(), at,
                               [](const RepeatedKey& r, std::uint32_t b) { return r.range.begin < b; });
    return it != repeated_.end() && it->range.begin == at;
}

bool Document::parseInto(Document& doc, const diag::SourceManager& sm, diag::FileId file, diag::Engine& diags,
                         const ReadOptions& options) {
    std::string_view text = sm.text(file);
    auto at = [&](std::size_t offset, std::size_t length = 1) {
        auto b = static_cast<std::uint32_t>(std::min(offset, text.size()));
        auto e = static_cast<std::uint32_t>(std::min(offset + length, text.size()));
        return diag::SourceRange{file, b, e};
    };
    if (text.size() > options.maxBytes) {
        diags.report(diag::Diagnostic::make(diag::Code::FileTooLarge, at(0, 0))
                         .arg("size", std::to_string(text.size()))
                         .arg("limit", std::to_string(options.maxBytes)));
        return false;
    }
    std::size_t start = 0;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
    bool blank = true;
    for (std::size_t i = start; i < text.size() && blank; ++i) blank = isSpace(text[i]);
    if (blank) {
        diags.report(diag::Diagnostic::make(diag::Code::EmptyFile, at(0, 0)));
        return false;
    }

    doc.file_ = file;
    doc.nodes_.reserve(text.size() / 16 + 4);
    // NOTE(dtc): RapidJSON validates UTF-8 byte by byte inside strings, and not at all with its
    // SIMD string scan; one pass over the whole text (ASCII runs eight bytes at a time) is
    // cheaper. Text that passes is parsed without RapidJSON's validation, text that does not
    // with it (and a stream that stops at the end), which finds the first bad sequence.
    const std::size_t firstInvalid = firstInvalidUtf8(text);
    const bool wellFormed = firstInvalid == std::string_view::npos;
    // NOTE(dtc): JSON (RFC 8259) sets no limit on a number's size, and numbers are kept as
    // written (kParseNumbersAsStringsFlag): what 1e999 means is the DTDL rules' to say (the
    // official parser reads it as infinity). RapidJSON still refuses a number past a double's
    // range. When it does, the text is parsed again with every number that may be refused
    // written as a zero of the same length in the pool ("0e000"), and each is given back its
    // own text once the parse is done.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> bigNumbers;
    std::uint32_t reportedBefore = 0;
    const std::size_t errorsBefore = diags.errorCount();
    for (int attempt = 0;; ++attempt) {
        doc.nodes_.clear(); // the buffers of the last document are kept
        doc.pool_.clear();
        doc.repeated_.clear();
        // NOTE(dtc): well-formed text is parsed in place (kParseInsituFlag) in the pool, a copy of
        // the text (std::string keeps the NUL the stream stops at): strings are decoded where they
        // are, and numbers kept where they are written, instead of being copied to RapidJSON's
        // stack and then to the pool. The text itself stays as read, for diagnostics and for the
        // builder's offsets (stringEnd, tokenStart). Text that is not well-formed is parsed from
        // the text, its strings appended to the pool.
        if (wellFormed) {
            doc.pool_.assign(text);
            for (auto [offset, length] : bigNumbers) {
                char* n = doc.pool_.data() + offset;
                const bool negative = text[offset] == '-';
                std::fill(n, n + length, '0');
                if (negative) n[0] = '-';
                n[negative ? 2 : 1] = 'e';
            }
        } else {
            doc.pool_.reserve(text.size() / 2 + 16);
        }
        rapidjson::InsituStringStream fast(doc.pool_.data());
        BoundedStream bounded{text.data(), text.data() + text.size(), text.data()};
        fast.src_ += start; // past a byte-order mark; Tell() stays the file offset
        bounded.src_ += start;
        // The builder follows the position of the stream in use (a reference to its src_: `char*`
        // and `const char*` are similar types, so the first may be read through the second).
        const char* const& cursor = wellFormed ? reinterpret_cast<const char* const&>(fast.src_) : bounded.src_;
        Builder builder(doc, cursor, wellFormed ? fast.head_ : bounded.head_, wellFormed, text, options, diags,
                        static_cast<std::uint32_t>(start));
        builder.setReportedBefore(reportedBefore);
        // One reader per thread, reused: it keeps its parsing stack from file to file.
        thread_local rapidjson::Reader reader;
        constexpr unsigned kBase = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
        constexpr unsigned kInsitu = kBase | rapidjson::kParseInsituFlag;
        constexpr unsigned kValidate = kBase | rapidjson::kParseValidateEncodingFlag;
        constexpr unsigned kComments = rapidjson::kParseCommentsFlag;
        rapidjson::ParseResult ok;
        // NOTE(dtc): RapidJSON's recursive parser is faster than its iterative one; with the usual
        // depth limit (the builder stops at maxDepth) its stack stays small, so it reads
        // well-formed text. Deeper limits, and text with bad UTF-8, use the iterative parser.
        constexpr unsigned kRecursive = rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseInsituFlag;
        if (wellFormed && options.maxDepth <= 1024) {
            builder.setRecursive(true);
            ok = options.allowComments ? reader.Parse<kRecursive | kComments>(fast, builder)
                                       : reader.Parse<kRecursive>(fast, builder);
        } else if (wellFormed) {
            ok = options.allowComments ? reader.Parse<kInsitu | kComments>(fast, builder)
                                       : reader.Parse<kInsitu>(fast, builder);
        } else {
            ok = options.allowComments ? reader.Parse<kValidate | kComments>(bounded, builder)
                                       : reader.Parse<kValidate>(bounded, builder);
        }
        if (!ok && ok.Code() == rapidjson::kParseErrorNumberTooBig && wellFormed && attempt == 0 &&
            !builder.depthExceeded()) {
            bigNumbers = numbersPastDouble(text, start, options.allowComments);
            reportedBefore = static_cast<std::uint32_t>(ok.Offset());
            continue;
        }
        const std::size_t stopped = wellFormed ? fast.Tell() : bounded.Tell();
        if (ok && stopped < text.size()) {
            // NOTE(dtc): the stream reads a NUL byte as its end, so RapidJSON stops there; whatever
            // follows must not be ignored silently.
            diags.report(diag::Diagnostic::make(diag::Code::JsonSyntax, at(stopped))
                             .arg("detail", "unexpected NUL byte (U+0000) after the JSON value"));
            return false;
        }
        if (!ok) {
            std::size_t off = ok.Offset();
            bool utf16 = text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') ||
                                              (text[0] == '\xFE' && text[1] == '\xFF'));
            if (builder.depthExceeded()) {
                diags.report(diag::Diagnostic::make(diag::Code::JsonTooDeep, at(builder.depthOffset()))
                                 .arg("limit", std::to_string(options.maxDepth)));
            } else if (auto lone = builder.loneSurrogate()) {
                diags.report(diag::Diagnostic::make(diag::Code::JsonSyntax, at(*lone, 6))
                                 .arg("detail", "the escape is a lone UTF-16 surrogate, which encodes no character"));
            } else if (ok.Code() == rapidjson::kParseErrorStringInvalidEncoding || utf16 ||
                       (off < text.size() && !validUtf8At(text, off))) {
                // Outside strings RapidJSON sees a stray byte as a syntax error; say what it is.
                diags.report(diag::Diagnostic::make(diag::Code::InvalidUtf8, at(utf16 ? 0 : off)));
            } else if (ok.Code() == rapidjson::kParseErrorNumberTooBig && !wellFormed) {
                // Text with bad UTF-8 is parsed from the text itself, with no pool to write zeros
                // in: the number stops the parse, and the bad byte further on is the error.
                diags.report(diag::Diagnostic::make(diag::Code::InvalidUtf8, at(firstInvalid)));
            } else if (off < text.size() && text[off] == '\0') {
                diags.report(diag::Diagnostic::make(diag::Code::JsonSyntax, at(off))
                                 .arg("detail", "unexpected NUL byte (U+0000)"));
            } else {
                std::string detail = rapidjson::GetParseError_En(ok.Code());
                if (!detail.empty() && detail.back() == '.') detail.pop_back();
                if (!detail.empty()) detail[0] = static_cast<char>(std::tolower(detail[0]));
                diags.report(diag::Diagnostic::make(diag::Code::JsonSyntax, at(ok.Offset()))
                                 .arg("detail", detail));
            }
            return false;
        }
        if (diags.errorCount() != errorsBefore) return false; // duplicate keys
        for (auto [offset, length] : bigNumbers) std::copy_n(text.data() + offset, length, doc.pool_.data() + offset);
        return true;
    }
}

} // namespace dtc::parser::json
