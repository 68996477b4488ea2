// A small JSON tree for the conformance case files that keeps every number exactly as written
// ("1.0" stays "1.0", big integers keep all digits), and the serialisation the official test
// runner feeds the parser: Newtonsoft's JToken.ToString() (2-space indentation, one member or
// array element per line). Line numbers in the cases' expected errors refer to that text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dtc::conformance {

struct JsonMember;

struct JsonValue {
    enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object };
    Kind kind = Kind::Null;
    bool boolean = false;
    std::string text; ///< string value, or the number's lexical form
    std::vector<JsonValue> items;
    std::vector<JsonMember> members; ///< in document order (a std::pair of an incomplete
                                     ///< JsonValue does not compile with clang and libstdc++)

    [[nodiscard]] bool isNull() const { return kind == Kind::Null; }
    [[nodiscard]] bool isString() const { return kind == Kind::String; }
    [[nodiscard]] bool isArray() const { return kind == Kind::Array; }
    [[nodiscard]] bool isObject() const { return kind == Kind::Object; }
    /// The member `key` of an object, or nullptr (also for non-objects).
    [[nodiscard]] const JsonValue* find(std::string_view key) const;
    /// The member's string value, or `fallback` when absent or not a string.
    [[nodiscard]] std::string str(std::string_view key, std::string fallback = {}) const;
    /// The member's integer value, or `fallback` when absent or not a number.
    [[nodiscard]] long long integer(std::string_view key, long long fallback = 0) const;

    static JsonValue string(std::string s);
    static JsonValue number(std::string lexical);
    static JsonValue boolValue(bool b);
    static JsonValue array();
    static JsonValue object();
};

struct JsonMember {
    JsonMember(std::string key, JsonValue value) : first(std::move(key)), second(std::move(value)) {}
    std::string first;
    JsonValue second;
};

/// Parses JSON text. Returns std::nullopt and sets `error` when it is not valid JSON.
[[nodiscard]] std::optional<JsonValue> parseJson(std::string_view text, std::string& error);

/// Newtonsoft JToken.ToString() (Formatting.Indented, 2 spaces): one member or element per line,
/// `"key": value`, empty containers as `{}` / `[]`, numbers as written, non-ASCII kept as UTF-8,
/// control characters and U+0085 / U+2028 / U+2029 escaped.
[[nodiscard]] std::string toIndentedJson(const JsonValue& v);

/// Single-line JSON (for messages).
[[nodiscard]] std::string toCompactJson(const JsonValue& v);

/// Structural equality; numbers are equal when their lexical forms are, or when both parse to
/// the same double ("5" == "5.0").
[[nodiscard]] bool jsonEqual(const JsonValue& a, const JsonValue& b, bool unorderedArrays = false);

} // namespace dtc::conformance
