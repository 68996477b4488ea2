// dtc::ir — Digital Twin Model Identifiers (DTMI), as specified in
// ../shared/reference/dtdl/DTMI: syntax, decomposition and the reserved prefixes.
//
// parseDtmi checks the DTMI syntax only (DTMI spec, "Formal ABNF"): it accepts system segments,
// two-part versions, fragments and identifiers of any length. The usage-specific restrictions
// of DTMI spec "Usage-specific syntax restrictions" (DTDL's length limits per element class,
// no system DTMIs in models, versions required on Interfaces, two-part versions and fragments
// only from DTDL v3 on, reserved prefixes) belong to the front ends, which test the fields of
// the decomposed Dtmi and the constants and helpers below.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dtc::ir {

/// Maximum length of any DTMI, in characters (DTMI spec, "DTMI syntax"). Not enforced by
/// parseDtmi: DTDL states its own, smaller limits per element class.
inline constexpr std::size_t kMaxDtmiLength = 4096;
/// Maximum length of a user DTMI (one without system segments or fragment).
inline constexpr std::size_t kMaxUserDtmiLength = 2048;
/// Largest major version (nine digits, fits a 32-bit signed integer).
inline constexpr int kMaxMajorVersion = 999'999'999;
/// Largest minor version (six digits).
inline constexpr int kMaxMinorVersion = 999'999;

/// A syntactically valid DTMI, decomposed. The fields follow DTDLParser's `Dtmi` class, which
/// the conformance cases in ../shared/conformance/dtdl/dtmis check.
struct Dtmi {
    std::string text;                ///< the identifier as given
    std::vector<std::string> labels; ///< path segments between "dtmi:" and ";" / "#"
    /// The identifier without its ";version" part: "dtmi:" + labels joined by ':', followed by
    /// "#fragment" when there is a fragment ("dtmi:foo:bar;1#x" -> "dtmi:foo:bar#x").
    std::string versionless;
    int majorVersion = 0;        ///< 0 when the identifier has no version
    int minorVersion = 0;        ///< 0 when none (a written minor version is never 0)
    std::string completeVersion; ///< the version as written: "1", "1.2", or "" when none
    std::string fragment;        ///< text after '#' (may be empty), or "" when no '#'
    bool hasFragment = false;    ///< the identifier has a '#' (possibly an empty fragment)
    /// A system DTMI: some segment or the fragment starts with '_' (DTMI spec: "system DTMI";
    /// DTDLParser's `Dtmi.IsReserved`). Reserved *prefixes* are tested by isReservedDtmi.
    bool reserved = false;

    /// True when the identifier has a ";version" part.
    [[nodiscard]] bool hasVersion() const { return majorVersion != 0; }
    /// True when the version has a minor part ("1.2").
    [[nodiscard]] bool hasMinorVersion() const { return minorVersion != 0; }
    /// The version as one number, major + minor / 10^6 (DTDLParser's `CompleteVersion`:
    /// "3.14" -> 3.000014, "1" -> 1.0, none -> 0.0). Orders versions correctly.
    [[nodiscard]] double completeVersionValue() const {
        return majorVersion + minorVersion / 1'000'000.0;
    }
    /// The fragment with its '#' ("#x", "#" for an empty one, "" when none), as DTDLParser
    /// reports `Fragment`.
    [[nodiscard]] std::string fragmentWithHash() const {
        return hasFragment ? "#" + fragment : std::string{};
    }
};

/// Parses `text` as a DTMI (including an optional ";version" and "#fragment"). Returns
/// std::nullopt when it is not a valid DTMI. No length limit is applied (see kMaxDtmiLength).
[[nodiscard]] std::optional<Dtmi> parseDtmi(std::string_view text);

/// True when `text` is a syntactically valid DTMI.
[[nodiscard]] bool isDtmi(std::string_view text);

/// True when the identifier starts with a prefix reserved for the DTDL language itself:
/// "dtmi:dtdl:" or "dtmi:standard:" (DTDL v2-v4, "Digital Twin Model Identifier"). Does not
/// check the syntax.
[[nodiscard]] bool isReservedDtmi(std::string_view text);

/// True when `segment` is a valid DTMI path segment or fragment: a letter, or underscores
/// followed by a letter or digit, then letters, digits and underscores, not ending with '_'.
/// With `allowSystem` false only user segments (starting with a letter) are accepted.
[[nodiscard]] bool isDtmiSegment(std::string_view segment, bool allowSystem = true);

/// True when `version` is a valid DTMI version: "1".."999999999", optionally followed by
/// "." and "1".."999999", no leading zeros. With `allowMinor` false only one-part versions
/// are accepted (DTDL v2).
[[nodiscard]] bool versionNumberValid(std::string_view version, bool allowMinor = true);

/// The identifier DTDL generates for an element defined inline without "@id": the parent's id
/// without its version, ":_" + the property holding it (+ ":__" + its name segment when the
/// property names its elements; an empty name gives ":__" too, as the official parser writes),
/// then the parent's version: dtmi:com:example:Thermostat:_contents:__temperature;1.
[[nodiscard]] std::string generatedChildId(std::string_view parent, std::string_view property,
                                           std::optional<std::string_view> name = std::nullopt);

} // namespace dtc::ir
