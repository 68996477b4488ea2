// Helpers shared by the .twin tests: compile files or text through the driver, dump IR.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "driver/driver.h"
#include "ir/model.h"

namespace dtc::testing {

inline std::string readFile(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

inline void writeFile(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary);
    f << text;
}

/// Compiles the given paths as one model set.
inline std::unique_ptr<driver::Compilation> compilePaths(const std::vector<std::string>& paths) {
    auto c = std::make_unique<driver::Compilation>();
    driver::loadInputs(*c, paths);
    if (c->outcome != driver::Outcome::InputError) driver::compile(*c, driver::Options{});
    return c;
}

/// The IR dump with its top-level blocks sorted, so models read from differently laid out
/// files compare equal when they hold the same elements.
inline std::string sortedDump(const ir::Model& m) {
    std::string d = ir::dump(m);
    std::vector<std::string> blocks;
    std::size_t start = 0;
    while (start < d.size()) {
        auto end = d.find("\n\n", start);
        if (end == std::string::npos) end = d.size();
        blocks.push_back(d.substr(start, end - start));
        start = end + 2;
    }
    std::sort(blocks.begin(), blocks.end());
    std::string out;
    for (const auto& b : blocks) out += b + "\n\n";
    return out;
}

/// Diagnostics as "file:line: CODE message" lines, for failure messages.
inline std::string describe(const driver::Compilation& c) {
    std::string out;
    for (const auto& d : c.diags.diagnostics()) {
        std::string where;
        if (d.range.valid()) {
            auto lc = c.sources.lineColumn(d.range.start());
            where = std::string(c.sources.path(d.range.file)) + ":" + std::to_string(lc.line) + ":" +
                    std::to_string(lc.column) + ": ";
        }
        out += where + std::string(d.codeId()) + " " + diag::formatMessage(d) + "\n";
    }
    return out;
}

} // namespace dtc::testing
