// Test support: the official DTDL conformance cases in ../shared/conformance/dtdl (format in its
// README), for unit tests that run one aspect of every case (DTMI syntax, instance checks).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace dtc::testing {

/// Every case object of the files in ../shared/conformance/dtdl/<suite>: files in name order,
/// cases in file order. Empty when the folder is missing (the tests then report no cases).
std::vector<nlohmann::json> loadConformanceCases(std::string_view suite);

} // namespace dtc::testing
