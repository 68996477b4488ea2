// DTMI syntax, per the ABNF of ../shared/reference/dtdl/DTMI ("Formal ABNF"):
//   dtmi   = "dtmi" ":" dtpath [ ";" dtver ] [ "#" dtfrag ]
//   dtpath = dtseg *(":" dtseg)
//   dtfrag = dtseg            (may be empty: the spec's regular expressions accept "#")
//   dtseg  = ALPHA [ *(ALPHA / DIGIT / "_") (ALPHA / DIGIT) ]
//          / "_" *(ALPHA / DIGIT / "_") (ALPHA / DIGIT)
//   dtver  = digitnz 0*8DIGIT [ "." digitnz 0*5DIGIT ]
#include "ir/dtmi.h"

#include <cstring>

namespace dtc::ir {

namespace {

constexpr bool isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr bool isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
}
constexpr bool isSegmentChar(char c) {
    return isAsciiLetter(c) || isAsciiDigit(c) || c == '_';
}

// One version part: a non-zero digit followed by at most maxDigits - 1 digits.
std::optional<int> parseVersionPart(std::string_view s, std::size_t maxDigits) {
    if (s.empty() || s.size() > maxDigits || s.front() < '1' || s.front() > '9')
        return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (!isAsciiDigit(c))
            return std::nullopt;
        v = v * 10 + (c - '0'); // at most nine digits: fits int
    }
    return v;
}

} // namespace

bool isDtmiSegment(std::string_view s, bool allowSystem) {
    if (s.empty() || s.back() == '_')
        return false;
    if (s.front() == '_') {
        // NOTE(dtc): "_" alone is no segment: dtsysseg needs a final letter or digit.
        if (!allowSystem || s.size() < 2)
            return false;
    } else if (!isAsciiLetter(s.front())) {
        return false;
    }
    for (char c : s)
        if (!isSegmentChar(c))
            return false;
    return true;
}

bool versionNumberValid(std::string_view version, bool allowMinor) {
    const auto dot = version.find('.');
    if (dot == std::string_view::npos)
        return parseVersionPart(version, 9).has_value();
    return allowMinor && parseVersionPart(version.substr(0, dot), 9) &&
           parseVersionPart(version.substr(dot + 1), 6);
}

std::optional<Dtmi> parseDtmi(std::string_view text) {
    // isDtmi is the one syntax check; what follows only takes the valid text apart.
    if (!isDtmi(text))
        return std::nullopt;
    Dtmi d;
    d.text = std::string(text);
    std::string_view rest = text.substr(std::string_view("dtmi:").size());

    // Split off "#fragment" first ('#' cannot occur elsewhere), then ";version".
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
        d.hasFragment = true;
        d.fragment = std::string(rest.substr(hash + 1));
        rest = rest.substr(0, hash);
    }
    if (const auto semi = rest.find(';'); semi != std::string_view::npos) {
        const std::string_view ver = rest.substr(semi + 1);
        const auto dot = ver.find('.');
        d.majorVersion = *parseVersionPart(ver.substr(0, dot), 9);
        if (dot != std::string_view::npos)
            d.minorVersion = *parseVersionPart(ver.substr(dot + 1), 6);
        d.completeVersion = std::string(ver);
        rest = rest.substr(0, semi);
    }

    // The path: one or more segments separated by ':'.
    for (std::size_t start = 0;;) {
        const auto colon = rest.find(':', start);
        const std::string_view seg = rest.substr(
            start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
        d.labels.emplace_back(seg);
        if (seg.front() == '_')
            d.reserved = true;
        if (colon == std::string_view::npos)
            break;
        start = colon + 1;
    }
    if (d.hasFragment && !d.fragment.empty() && d.fragment.front() == '_')
        d.reserved = true;

    d.versionless = "dtmi:" + std::string(rest);
    if (d.hasFragment)
        d.versionless += "#" + d.fragment;
    return d;
}

bool isDtmi(std::string_view text) {
    // NOTE(dtc): the syntax check alone, without building a Dtmi (no allocations): the DTDL
    // reader asks this for every @type, key and identifier it reads; parseDtmi builds on it.
    constexpr std::string_view kScheme = "dtmi:";
    if (!text.starts_with(kScheme))
        return false;
    std::string_view rest = text.substr(kScheme.size());
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
        const std::string_view frag = rest.substr(hash + 1);
        if (!frag.empty() && !isDtmiSegment(frag))
            return false;
        rest = rest.substr(0, hash);
    }
    if (const auto semi = rest.find(';'); semi != std::string_view::npos) {
        if (!versionNumberValid(rest.substr(semi + 1)))
            return false;
        rest = rest.substr(0, semi);
    }
    std::size_t start = 0;
    while (true) {
        const auto colon = rest.find(':', start);
        const std::string_view seg = rest.substr(
            start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
        if (!isDtmiSegment(seg))
            return false;
        if (colon == std::string_view::npos)
            return true;
        start = colon + 1;
    }
}

bool isReservedDtmi(std::string_view text) {
    return text.starts_with("dtmi:dtdl:") || text.starts_with("dtmi:standard:");
}

std::string generatedChildId(std::string_view parent, std::string_view property,
                             std::optional<std::string_view> name) {
    std::string_view base = parent;
    std::string_view version;
    if (auto semi = parent.find(';'); semi != std::string_view::npos) {
        base = parent.substr(0, semi);
        version = parent.substr(semi);
    }
    // (Sized once and written in place: one allocation, no capacity check per part.)
    std::string id(base.size() + 2 + property.size() + (name ? name->size() + 3 : 0) + version.size(), '\0');
    char* out = id.data();
    auto put = [&](std::string_view part) {
        if (part.empty()) return; // (an empty view may hold no pointer: memcpy's is never null)
        std::memcpy(out, part.data(), part.size());
        out += part.size();
    };
    put(base);
    put(":_");
    put(property);
    if (name) {
        put(":__");
        put(*name);
    }
    put(version);
    return id;
}

} // namespace dtc::ir
