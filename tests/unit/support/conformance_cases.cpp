#include "support/conformance_cases.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

namespace dtc::testing {

std::vector<nlohmann::json> loadConformanceCases(std::string_view suite) {
    const std::filesystem::path dir =
        std::filesystem::path(DTC_SHARED_DIR) / "conformance/dtdl" / std::string(suite);
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(dir))
        for (const auto& f : std::filesystem::directory_iterator(dir))
            if (f.path().extension() == ".json") files.push_back(f.path());
    std::sort(files.begin(), files.end());
    std::vector<nlohmann::json> cases;
    for (const auto& f : files) {
        std::ifstream in(f);
        const auto doc = nlohmann::json::parse(in);
        for (const auto& c : doc.at("cases")) cases.push_back(c);
    }
    return cases;
}

} // namespace dtc::testing
