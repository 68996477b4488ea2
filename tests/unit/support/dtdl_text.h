// DTDL text compiled in memory, for the front end's unit tests: what a model set of one file
// reports, field by field as the official parser reports its errors.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "driver/driver.h"

namespace dtc::test {

/// One diagnostic: its ValidationID without the "dtmi:dtdl:parsingError:" prefix (dtc's code,
/// "DTC1001", for a diagnostic that has none), PrimaryID, SecondaryID, Property and Value ("" when
/// absent).
struct Reported {
    std::string id, primary, secondary, property, value;
    friend bool operator==(const Reported&, const Reported&) = default;
};
std::ostream& operator<<(std::ostream& os, const Reported& r);

/// Compiles `text` as the one input file "input.json" with `options`; everything reported, in
/// order.
[[nodiscard]] std::vector<Reported> compileDtdl(const std::string& text, const driver::Options& options = {});

/// The ids (Reported::id) of what compileDtdl reports.
[[nodiscard]] std::vector<std::string> reportedIds(const std::string& text, const driver::Options& options = {});

} // namespace dtc::test
