// dtc::validator::lexical — lexical checks for the values of DTDL primitive schemas.
//
// Private to the validator (used by instance validation); written so the DTDL front end can
// reuse them for literal values in models. Each predicate takes the *lexical form* of a value:
// the contents of a JSON string (already unescaped) for the string-valued schemas, or a JSON
// number exactly as written in the source for the numeric ones. None allocates or throws.
//
// The rules are those of DTDL v3/v4 "Primitive schema" (RFC 3339, ISO 8601, XSD, RFC 4648,
// RFC 9562) as the reference parser (DTDLParser 1.1.3) applies them; where it is stricter or
// looser than the cited standard, the comment says so. The conformance cases with `instances`
// in ../shared/conformance/dtdl/generated pin every rule down.
#pragma once

#include "ir/model.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace dtc::validator::lexical {

// ---- string-valued schemas ----------------------------------------------------------------

/// RFC 3339 full-date "YYYY-MM-DD" denoting a real day of the proleptic Gregorian calendar,
/// years 0001-9999 (year 0000 is rejected, as by .NET's DateTime).
[[nodiscard]] bool isDate(std::string_view s);

/// RFC 3339 partial-time with a mandatory offset: "hh:mm:ss[.fraction](Z|+hh:mm|-hh:mm)";
/// hour 00-23, minute 00-59, second 00-59 (leap second 60 rejected), offset hour 00-23 and
/// minute 00-59. Any number of fraction digits.
[[nodiscard]] bool isTime(std::string_view s);

/// RFC 3339 date-time with a mandatory offset: full-date "T" time (as isDate and isTime).
/// Only upper-case 'T' and 'Z' (the reference parser's pattern; RFC 3339 allows lower case).
[[nodiscard]] bool isDateTime(std::string_view s);

/// ISO 8601 duration "PnYnMnDTnHnMnS" or "PnW[nD]...": designators in order, at least one
/// component after 'P' and after 'T'; weeks do not combine with years or months; only the
/// last component may have a fraction ("P3.5Y", "PT1.5S", but not "P3.5Y6M").
[[nodiscard]] bool isDuration(std::string_view s);

/// RFC 9562 UUID in its hyphenated 8-4-4-4-12 hexadecimal form, either case, no braces.
[[nodiscard]] bool isUuid(std::string_view s);

/// RFC 4648 base64 (standard alphabet), padded to a multiple of 4 characters, no whitespace;
/// "" is valid (no bytes).
[[nodiscard]] bool isBase64(std::string_view s);

/// XSD decimal as DTDL writes it (a JSON string): optional sign, integer digits without
/// leading zeros (or a single 0), optional '.' with zero or more digits ("1." is valid).
/// Arbitrary length.
[[nodiscard]] bool isDecimal(std::string_view s);

// ---- numeric schemas (the argument is a JSON number as written) ----------------------------

/// True when `number` is written as an integer (no fraction, no exponent) and its value lies
/// in [min, max]. "-0" is an integer; "1.0" and "1e2" are not.
[[nodiscard]] bool isIntegerInRange(std::string_view number, std::int64_t min, std::int64_t max);

/// True when `number` is written as digits only (no sign, so "-0" is rejected: the
/// reference parser's `^[0-9]+$`) and its value is at most `max`.
[[nodiscard]] bool isUnsignedInRange(std::string_view number, std::uint64_t max);

/// The value of a JSON number when it is finite as a double: std::nullopt when it overflows
/// (1.79769313486233E+308) or is not a number. A literal that underflows reads as 0.
[[nodiscard]] std::optional<double> finiteDouble(std::string_view number);

/// True when `number` conforms to DTDL `float`: finite, and its magnitude (as a double) is at
/// most FLT_MAX. NOTE(dtc): the reference rejects 3.402824E+38 although it rounds to FLT_MAX
/// as a float, so the comparison is made on the double value.
[[nodiscard]] bool isFloat(std::string_view number);

/// True when the JSON number `number` conforms to the numeric primitive `p` (byte, short,
/// integer, long, unsigned*, float, double). False for non-numeric primitives.
[[nodiscard]] bool numberConforms(ir::Primitive p, std::string_view number);

/// True when the contents of a JSON string conform to the string-valued primitive `p`
/// (string, date, dateTime, time, duration, uuid, bytes, decimal). False for the others.
[[nodiscard]] bool stringConforms(ir::Primitive p, std::string_view s);

} // namespace dtc::validator::lexical
