#include "case_json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cstdlib>

namespace dtc::conformance {

const JsonValue* JsonValue::find(std::string_view key) const {
    if (kind != Kind::Object) return nullptr;
    for (const auto& [k, v] : members)
        if (k == key) return &v;
    return nullptr;
}

std::string JsonValue::str(std::string_view key, std::string fallback) const {
    const JsonValue* v = find(key);
    return v && v->kind == Kind::String ? v->text : fallback;
}

long long JsonValue::integer(std::string_view key, long long fallback) const {
    const JsonValue* v = find(key);
    return v && v->kind == Kind::Number ? std::strtoll(v->text.c_str(), nullptr, 10) : fallback;
}

JsonValue JsonValue::string(std::string s) {
    JsonValue v;
    v.kind = Kind::String;
    v.text = std::move(s);
    return v;
}
JsonValue JsonValue::number(std::string lexical) {
    JsonValue v;
    v.kind = Kind::Number;
    v.text = std::move(lexical);
    return v;
}
JsonValue JsonValue::boolValue(bool b) {
    JsonValue v;
    v.kind = Kind::Bool;
    v.boolean = b;
    return v;
}
JsonValue JsonValue::array() {
    JsonValue v;
    v.kind = Kind::Array;
    return v;
}
JsonValue JsonValue::object() {
    JsonValue v;
    v.kind = Kind::Object;
    return v;
}

namespace {

// SAX handler building a JsonValue. With kParseNumbersAsStringsFlag RapidJSON hands every number
// to RawNumber with its text, which is what keeps "1.0" and 20-digit integers intact.
class Builder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Builder> {
public:
    JsonValue root;

    bool Null() { return put(JsonValue{}); }
    bool Bool(bool b) { return put(JsonValue::boolValue(b)); }
    bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
        return put(JsonValue::number(std::string(s, n)));
    }
    bool String(const char* s, rapidjson::SizeType n, bool) {
        return put(JsonValue::string(std::string(s, n)));
    }
    bool StartObject() {
        stack_.push_back(JsonValue::object());
        return true;
    }
    bool Key(const char* s, rapidjson::SizeType n, bool) {
        keys_.emplace_back(s, n);
        return true;
    }
    bool EndObject(rapidjson::SizeType) { return close(); }
    bool StartArray() {
        stack_.push_back(JsonValue::array());
        return true;
    }
    bool EndArray(rapidjson::SizeType) { return close(); }

private:
    bool close() {
        JsonValue v = std::move(stack_.back());
        stack_.pop_back();
        return put(std::move(v));
    }
    bool put(JsonValue v) {
        if (stack_.empty()) {
            root = std::move(v);
        } else if (stack_.back().kind == JsonValue::Kind::Array) {
            stack_.back().items.push_back(std::move(v));
        } else {
            stack_.back().members.emplace_back(std::move(keys_.back()), std::move(v));
            keys_.pop_back();
        }
        return true;
    }
    std::vector<JsonValue> stack_;
    std::vector<std::string> keys_;
};

void escape(std::string& out, std::string_view s) {
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        case '\b': out += "\\b"; continue;
        case '\f': out += "\\f"; continue;
        default: break;
        }
        if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
            continue;
        }
        // NOTE(dtc): Newtonsoft's default escaping also escapes U+0085 (C2 85) and U+2028 /
        // U+2029 (E2 80 A8 / A9), JavaScript line terminators.
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) {
            out += "\\u0085";
            ++i;
            continue;
        }
        if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
            (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
             static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
            out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
            i += 2;
            continue;
        }
        out += static_cast<char>(c);
    }
    out += '"';
}

void write(std::string& out, const JsonValue& v, int indent, bool pretty) {
    auto newline = [&](int level) {
        if (!pretty) return;
        out += '\n';
        out.append(static_cast<std::size_t>(level) * 2, ' ');
    };
    switch (v.kind) {
    case JsonValue::Kind::Null: out += "null"; break;
    case JsonValue::Kind::Bool: out += v.boolean ? "true" : "false"; break;
    case JsonValue::Kind::Number: out += v.text; break;
    case JsonValue::Kind::String: escape(out, v.text); break;
    case JsonValue::Kind::Array:
        if (v.items.empty()) {
            out += "[]";
            break;
        }
        out += '[';
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            if (i) out += ',';
            newline(indent + 1);
            write(out, v.items[i], indent + 1, pretty);
        }
        newline(indent);
        out += ']';
        break;
    case JsonValue::Kind::Object:
        if (v.members.empty()) {
            out += "{}";
            break;
        }
        out += '{';
        for (std::size_t i = 0; i < v.members.size(); ++i) {
            if (i) out += ',';
            newline(indent + 1);
            escape(out, v.members[i].first);
            out += pretty ? ": " : ":";
            write(out, v.members[i].second, indent + 1, pretty);
        }
        newline(indent);
        out += '}';
        break;
    }
}

bool numberEqual(const std::string& a, const std::string& b) {
    if (a == b) return true;
    char* ea = nullptr;
    char* eb = nullptr;
    double da = std::strtod(a.c_str(), &ea);
    double db = std::strtod(b.c_str(), &eb);
    return ea && *ea == '\0' && eb && *eb == '\0' && da == db;
}

} // namespace

std::optional<JsonValue> parseJson(std::string_view text, std::string& error) {
    Builder builder;
    rapidjson::Reader reader;
    rapidjson::MemoryStream ms(text.data(), text.size());
    rapidjson::ParseResult r =
        reader.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseValidateEncodingFlag>(
            ms, builder);
    if (!r) {
        error = std::string(rapidjson::GetParseError_En(r.Code())) + " at offset " +
                std::to_string(r.Offset());
        return std::nullopt;
    }
    return std::move(builder.root);
}

std::string toIndentedJson(const JsonValue& v) {
    std::string out;
    write(out, v, 0, true);
    return out;
}

std::string toCompactJson(const JsonValue& v) {
    std::string out;
    write(out, v, 0, false);
    return out;
}

bool jsonEqual(const JsonValue& a, const JsonValue& b, bool unorderedArrays) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case JsonValue::Kind::Null: return true;
    case JsonValue::Kind::Bool: return a.boolean == b.boolean;
    case JsonValue::Kind::Number: return numberEqual(a.text, b.text);
    case JsonValue::Kind::String: return a.text == b.text;
    case JsonValue::Kind::Array: {
        if (a.items.size() != b.items.size()) return false;
        if (!unorderedArrays) {
            for (std::size_t i = 0; i < a.items.size(); ++i)
                if (!jsonEqual(a.items[i], b.items[i])) return false;
            return true;
        }
        std::vector<bool> used(b.items.size(), false);
        for (const JsonValue& x : a.items) {
            bool found = false;
            for (std::size_t i = 0; i < b.items.size() && !found; ++i) {
                if (!used[i] && jsonEqual(x, b.items[i])) used[i] = found = true;
            }
            if (!found) return false;
        }
        return true;
    }
    case JsonValue::Kind::Object: {
        if (a.members.size() != b.members.size()) return false;
        for (const auto& [k, v] : a.members) {
            const JsonValue* w = b.find(k);
            if (!w || !jsonEqual(v, *w, unorderedArrays)) return false;
        }
        return true;
    }
    }
    return false;
}

} // namespace dtc::conformance
