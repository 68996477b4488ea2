// dtc::ir — DTDL vocabulary shared by the .twin front end and the printers: the identifiers
// of primitive schemas, semantic types and units per DTDL version, and their short terms.
//
// NOTE(dtc): the mapping is by pattern, not by a copy of the DTDL contexts. Each context
// defines a term as the last segment of its identifier (DTDL v2 context: "Temperature" ->
// dtmi:standard:class:Temperature;2; QuantitativeTypes v1: "hour" ->
// dtmi:dtdl:extension:quantitativeTypes:v1:unit:hour), which tests/unit/translators checks
// against the published contexts in ../shared.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dtc::ir {

/// DTDL context specifier of a language version ("dtmi:dtdl:context;3").
[[nodiscard]] std::string dtdlContext(int version);
/// The language version named by a DTDL context specifier, or 0.
[[nodiscard]] int dtdlContextVersion(std::string_view context);
/// The QuantitativeTypes extension context a version needs for semantic types and units
/// ("" for DTDL v2, whose core context defines them).
[[nodiscard]] std::string quantitativeTypesContext(int version);

/// dtmi:dtdl:instance:Schema:double;3 for ("double", 3).
[[nodiscard]] std::string primitiveSchemaId(std::string_view name, int version);
[[nodiscard]] std::string semanticTypeId(std::string_view term, int version);
[[nodiscard]] std::string unitId(std::string_view term, int version);
/// The identifier of the `unit` property in a version.
[[nodiscard]] std::string unitPropertyId(int version);

/// Reverse mappings: the term of an identifier when it follows the version's pattern.
[[nodiscard]] std::optional<std::string> primitiveSchemaTerm(std::string_view id);
[[nodiscard]] std::optional<std::string> semanticTypeTerm(std::string_view id, int version);
[[nodiscard]] std::optional<std::string> unitTerm(std::string_view id, int version);
/// True for the `unit` property identifier of any version.
[[nodiscard]] bool isUnitProperty(std::string_view id);

struct Element;
/// True when `e`'s unit is an element defined inline (DTDL v2 allows it; later versions and
/// .twin know predefined units only).
[[nodiscard]] bool hasInlineUnit(const Element& e);

} // namespace dtc::ir
