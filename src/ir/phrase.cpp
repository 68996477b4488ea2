// formatPhrase: the message templating of DTDLParser 1.1.3 (its internal ResultFormatter), rebuilt
// from the conformance cases in ../shared/conformance/dtdl/phrases and from the release's compiled
// code (ResultFormatter.Install / ExpandValue / BuildNominativePhrase), which settles what the
// cases leave open: a user DTMI is printed without its fragment, the root keeps the version, the
// relative case names only the innermost element.
#include "ir/phrase.h"

#include "ir/dtmi.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <vector>

namespace dtc::ir {

namespace {

enum class Case : std::uint8_t { Nominative, Possessive, Relative, Elective };

std::optional<Case> caseFromLetter(char letter) {
    switch (letter) {
    case 'n':
        return Case::Nominative;
    case 'p':
        return Case::Possessive;
    case 'r':
        return Case::Relative;
    case 'e':
        return Case::Elective;
    default:
        return std::nullopt;
    }
}

/// One generated step from a parent to an inline element: the property holding it and, for a
/// property whose elements have names, the element's name.
struct Step {
    std::string_view property;
    std::optional<std::string_view> name;
};

/// A generated DTMI taken apart: its root is its first `rootSize` labels (plus the version), then
/// the steps to the element, outermost first.
struct Generated {
    std::size_t rootSize = 0;
    std::vector<Step> steps;
};

/// Splits the labels of a generated DTMI into the root's labels (a prefix) and the generated
/// steps, outermost first (DTDL v3 "Identifiers": a singular property adds "_prop", a plural one
/// "_prop:__name"). Read from the end, as DTDLParser does, so that a user segment between
/// generated ones belongs to the root. Nothing when there is no generated step or no root.
// NOTE(dtc): on identifiers the parser never generates, DTDLParser itself fails: with no user
// segment before the generated ones it indexes before the first label (an exception), and it
// takes whatever label precedes "__name" as the property, minus its first character. Such an
// identifier is printed here as a user DTMI instead.
std::optional<Generated> generatedOf(const std::vector<std::string>& labels) {
    std::vector<Step> steps;
    std::size_t n = labels.size();
    while (n > 0 && labels[n - 1].starts_with('_')) {
        const std::string_view last = labels[n - 1];
        if (!last.starts_with("__")) {
            steps.push_back({last.substr(1), std::nullopt});
            --n;
        } else if (n >= 2 && labels[n - 2].starts_with('_') && !labels[n - 2].starts_with("__")) {
            steps.push_back({std::string_view(labels[n - 2]).substr(1), last.substr(2)});
            n -= 2;
        } else {
            return std::nullopt; // a name without its property
        }
    }
    if (n == 0 || steps.empty())
        return std::nullopt; // no user segment to start from, or a user DTMI
    return Generated{n, {steps.rbegin(), steps.rend()}};
}

/// An identifier printed as itself: `text` in the nominative, `text's` in the possessive,
/// `other` in the relative and elective cases.
std::string basicPhrase(std::string_view text, Case c, std::string_view other) {
    switch (c) {
    case Case::Nominative:
        return std::string(text);
    case Case::Possessive:
        return std::string(text) + "'s";
    case Case::Relative:
    case Case::Elective:
        break;
    }
    return std::string(other);
}

std::string identifierPhrase(std::string_view id, Case c) {
    if (id.starts_with("_:"))
        return basicPhrase(id, c, "");
    const std::optional<Dtmi> dtmi = parseDtmi(id);
    if (!dtmi)
        return basicPhrase(id, c, " '" + std::string(id) + "'");

    const std::optional<Generated> generated = generatedOf(dtmi->labels);
    if (!generated) {
        const std::string_view shown = id.substr(0, id.find('#'));
        return basicPhrase(shown, c, " " + std::string(shown));
    }
    const std::vector<Step>& steps = generated->steps;
    if (c == Case::Relative) {
        const Step& inner = steps.back();
        return inner.name ? " with name '" + std::string(*inner.name) + "'" : std::string();
    }
    if (c == Case::Elective)
        return {};

    std::string out = "dtmi";
    for (std::size_t i = 0; i < generated->rootSize; ++i) {
        out += ':';
        out += dtmi->labels[i];
    }
    if (!dtmi->completeVersion.empty()) {
        out += ';';
        out += dtmi->completeVersion;
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
        out += " has '";
        out += steps[i].property;
        out += "' value";
        if (steps[i].name) {
            out += " with name '";
            out += *steps[i].name;
            out += '\'';
        }
        out += c == Case::Possessive && i + 1 == steps.size() ? " whose" : " which";
    }
    return out;
}

const PhraseValue* findValue(std::span<const PhraseValue> values, std::string_view name) {
    for (const PhraseValue& v : values)
        if (v.name == name)
            return &v;
    return nullptr;
}

} // namespace

std::string formatPhrase(std::string_view phrase, std::span<const PhraseValue> values) {
    std::string out;
    out.reserve(phrase.size());
    std::size_t pos = 0;
    while (pos < phrase.size()) {
        const auto open = phrase.find('{', pos);
        const auto close = open == std::string_view::npos ? open : phrase.find('}', open + 1);
        if (close == std::string_view::npos) {
            out += phrase.substr(pos);
            break;
        }
        out += phrase.substr(pos, open - pos);
        const std::string_view inner = phrase.substr(open + 1, close - open - 1);
        if (inner.find('{') != std::string_view::npos) {
            // "{{id}": the first brace is text; the placeholder starts at a later one.
            out += '{';
            pos = open + 1;
            continue;
        }
        // NOTE(dtc): DTDLParser replaces, for each value, either "{name}" or the first of
        // "{name:n}", "{name:p}", "{name:r}", "{name:e}" found in the template, so one template
        // using two cases of one name would keep a placeholder. Every placeholder is replaced
        // here; no official message uses two cases of one name.
        std::optional<std::string> replacement;
        if (const PhraseValue* v = findValue(values, inner)) {
            replacement = std::string(v->value);
        } else if (inner.size() >= 2 && inner[inner.size() - 2] == ':') {
            const std::optional<Case> c = caseFromLetter(inner.back());
            const PhraseValue* named = findValue(values, inner.substr(0, inner.size() - 2));
            if (c && named)
                replacement = identifierPhrase(named->value, *c);
        }
        if (replacement)
            out += *replacement;
        else
            out += phrase.substr(open, close - open + 1);
        pos = close + 1;
    }
    return out;
}

std::string withArticle(std::string_view noun) {
    auto lower = [&](std::size_t i) {
        return i < noun.size() ? static_cast<char>(std::tolower(static_cast<unsigned char>(noun[i]))) : '\0';
    };
    bool vowel = std::string_view("aeiou").find(lower(0)) != std::string_view::npos && !noun.empty();
    if (lower(0) == 'u' && ((lower(1) == 'n' && lower(2) == 'i') || lower(1) == 'u' ||
                            (lower(1) == 's' && (lower(2) == 'e' || lower(2) == 'u'))))
        vowel = false;
    return (vowel ? "an " : "a ") + std::string(noun);
}

} // namespace dtc::ir
