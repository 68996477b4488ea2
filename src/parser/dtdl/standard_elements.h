// The elements DTDL predefines (primitive schemas, command types, geospatial schemas, units,
// unit prefixes): models reference them by term or identifier without defining them. Private
// to the DTDL front end.
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "ir/model.h"

namespace dtc::parser::dtdl {

/// The identifier an alias stands for (v3 "dtmi:dtdl:instance:Schema:double;3" is an alias of
/// "...:double;2"; v4's "...:double;4" names ";3", and stands for ";2", the end of the chain),
/// or std::nullopt when `id` is not an alias.
[[nodiscard]] std::optional<std::string> aliasTarget(std::string_view id);
/// aliasTarget(id) if `id` is an alias, else `id` itself (no copy: the reader's hot path).
[[nodiscard]] std::string_view unaliased(std::string_view id);

/// True when `id` names a predefined element.
[[nodiscard]] bool isStandardElement(std::string_view id);

/// Adds the predefined element `id` to the model (once). Returns false when `id` is not one.
bool addStandardElement(ir::Model& model, std::string_view id);

/// The compiled form of a metamodel pattern (.NET syntax, converted for std::regex), cached.
/// Every pattern of the metamodel compiles (tested in tests/unit/parser).
[[nodiscard]] const std::regex& metamodelRegex(const std::string& pattern);

/// True when `text` matches the metamodel pattern (hand-written matchers for the patterns every
/// element uses, std::regex for the rest; see dtdl_reader.cpp).
[[nodiscard]] bool matchesPattern(const std::string& pattern, std::string_view text);

} // namespace dtc::parser::dtdl
