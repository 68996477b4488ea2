// A read-only JSON document tree that remembers the byte range of every key and value.
//
// Private to the parser module: the DTDL, NGSI-LD and oneM2M front ends read files through it.
// RapidJSON's SAX reader does the parsing (fast, iterative, so 10,000-deep nesting cannot
// overflow the stack); this tree adds what RapidJSON's DOM lacks: source offsets for diagnostics,
// number literals kept as written, and duplicate-key detection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diag.h"

namespace dtc::parser::json {

enum class Kind : std::uint8_t { Null, Boolean, Number, String, Array, Object };

/// Index of a node in a Document. kNone marks "no node".
using NodeId = std::uint32_t;
inline constexpr NodeId kNone = 0xFFFFFFFFu;

class Document;

/// A lightweight handle to one value of a Document (copyable, valid while the Document lives).
class Value {
public:
    Value() = default;
    Value(const Document* doc, NodeId id) : doc_(doc), id_(id) {}

    [[nodiscard, gnu::always_inline]] bool valid() const { return doc_ != nullptr && id_ != kNone; }
    [[nodiscard]] NodeId id() const { return id_; }
    /// The kind of a valid value (precondition: valid()).
    [[nodiscard]] Kind kind() const;
    // The predicates are false for an invalid value (an absent member), so
    // `v.member("@type").isString()` needs no valid() check first.
    [[nodiscard, gnu::always_inline]] bool isNull() const { return valid() && kind() == Kind::Null; }
    [[nodiscard, gnu::always_inline]] bool isBool() const { return valid() && kind() == Kind::Boolean; }
    [[nodiscard, gnu::always_inline]] bool isNumber() const { return valid() && kind() == Kind::Number; }
    [[nodiscard, gnu::always_inline]] bool isString() const { return valid() && kind() == Kind::String; }
    [[nodiscard, gnu::always_inline]] bool isArray() const { return valid() && kind() == Kind::Array; }
    [[nodiscard, gnu::always_inline]] bool isObject() const { return valid() && kind() == Kind::Object; }

    [[nodiscard]] bool boolean() const;
    /// The string's decoded value, or the number's literal text as written.
    [[nodiscard]] std::string_view text() const;
    /// Number of array elements or object members.
    [[nodiscard]] std::uint32_t size() const;
    /// The byte range of the value in its file (for containers: bracket to bracket).
    [[nodiscard]] diag::SourceRange range() const;

    /// Iteration over array elements / object member values in document order.
    [[nodiscard]] Value firstChild() const;
    [[nodiscard]] Value nextSibling() const;
    /// For object members: the key and its byte range (including quotes).
    [[nodiscard]] std::string_view key() const;
    [[nodiscard]] diag::SourceRange keyRange() const;
    /// First member with this key, or an invalid Value.
    [[nodiscard]] Value member(std::string_view key) const;

    [[nodiscard]] const Document* document() const { return doc_; }

private:
    const Document* doc_ = nullptr;
    NodeId id_ = kNone;
};

/// Options of the reader.
struct ReadOptions {
    std::uint32_t maxDepth = 512;          ///< deeper nesting is DTC1004
    bool allowComments = false;            ///< `//` and `/* */` comments (oneM2M .fcp files)
    std::uint64_t maxBytes = 256ull << 20; ///< larger files are DTC1006
    /// A key repeated in an object: false, DTC1003 (the file is not read); true, every member
    /// is kept and the repetitions are listed (Document::repeatedKeys) for the caller to judge
    /// (the DTDL reader reports them as the official parser does).
    bool keepRepeatedKeys = false;
};

/// A parsed JSON file. Move-only; Values point into it.
class Document {
public:
    struct Node {
        Kind kind = Kind::Null;
        bool boolean = false;
        std::uint32_t begin = 0, end = 0;       // byte range of the value
        std::uint32_t keyBegin = 0, keyEnd = 0; // byte range of the key (object members)
        std::uint32_t str = 0, strLen = 0;      // decoded string / number literal in the pool
        std::uint32_t key = 0, keyLen = 0;      // decoded key in the pool
        NodeId first = kNone, last = kNone, next = kNone;
        std::uint32_t count = 0;
    };

    Document() = default;
    Document(Document&&) noexcept = default;
    Document& operator=(Document&&) noexcept = default;

    /// Parses the file `file` of `sm`. On failure reports DTC1xxx diagnostics to `diags` and
    /// returns std::nullopt. A leading UTF-8 byte-order mark is skipped.
    [[nodiscard]] static std::optional<Document> parse(const diag::SourceManager& sm,
                                                       diag::FileId file, diag::Engine& diags,
                                                       const ReadOptions& options = {});

    /// parse() into an existing Document, reusing its buffers (a reader of many files keeps
    /// one). False where parse() gives std::nullopt; `doc` then holds nothing usable.
    [[nodiscard]] static bool parseInto(Document& doc, const diag::SourceManager& sm, diag::FileId file,
                                        diag::Engine& diags, const ReadOptions& options = {});

    [[nodiscard]] Value root() const { return Value(this, nodes_.empty() ? kNone : 0); }

    /// A key that repeats one before it in the same object (ReadOptions::keepRepeatedKeys).
    struct RepeatedKey {
        std::string key;
        diag::SourceRange range; ///< the repetition's key
    };
    /// The repeated keys of the document, in document order (keepRepeatedKeys only).
    [[nodiscard]] const std::vector<RepeatedKey>& repeatedKeys() const { return repeated_; }
    /// Whether object member `member` repeats a key before it in its object (keepRepeatedKeys
    /// only; a lookup in repeatedKeys()).
    [[nodiscard]] bool repeatsKey(Value member) const;
    [[nodiscard]] diag::FileId file() const { return file_; }
    [[nodiscard]] std::size_t nodeCount() const { return nodes_.size(); }

    [[nodiscard]] const Node& node(NodeId id) const { return nodes_[id]; }
    /// The pooled string at `offset` (offsets and lengths come from the builder: always in range).
    [[nodiscard]] std::string_view pooled(std::uint32_t offset, std::uint32_t length) const {
        return {pool_.data() + offset, length};
    }

private:
    friend class Builder;
    diag::FileId file_ = diag::kNoFile;
    std::vector<Node> nodes_;
    std::string pool_;
    std::vector<RepeatedKey> repeated_;
};

// The accessors the front ends call for every member they read, inline (they were calls).
// NOTE(dtc): forced inline: in the DTDL reader's large functions GCC kept isString, isObject,
// text and key as calls (about two million on a 10,000-interface set).
[[gnu::always_inline]] inline Kind Value::kind() const { return doc_->node(id_).kind; }
[[gnu::always_inline]] inline bool Value::boolean() const { return doc_->node(id_).boolean; }
[[gnu::always_inline]] inline std::string_view Value::text() const {
    const auto& n = doc_->node(id_);
    return doc_->pooled(n.str, n.strLen);
}
[[gnu::always_inline]] inline std::uint32_t Value::size() const { return doc_->node(id_).count; }
[[gnu::always_inline]] inline Value Value::firstChild() const { return {doc_, doc_->node(id_).first}; }
[[gnu::always_inline]] inline Value Value::nextSibling() const { return {doc_, doc_->node(id_).next}; }
[[gnu::always_inline]] inline std::string_view Value::key() const {
    const auto& n = doc_->node(id_);
    return doc_->pooled(n.key, n.keyLen);
}

} // namespace dtc::parser::json
