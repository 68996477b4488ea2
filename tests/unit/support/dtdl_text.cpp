#include "support/dtdl_text.h"

namespace dtc::test {

std::ostream& operator<<(std::ostream& os, const Reported& r) {
    return os << "{" << r.id << ", " << r.primary << ", " << r.secondary << ", " << r.property << ", " << r.value
              << "}";
}

std::vector<Reported> compileDtdl(const std::string& text, const driver::Options& options) {
    driver::Compilation comp;
    comp.inputs.push_back(comp.sources.addBuffer("input.json", text));
    driver::compile(comp, options);
    std::vector<Reported> out;
    for (const auto& d : comp.diags.diagnostics()) {
        std::string id = d.validationId.empty() ? std::string(d.codeId()) : d.validationId;
        if (auto p = id.rfind(':'); p != std::string::npos) id = id.substr(p + 1);
        out.push_back({id, d.primaryId.value_or(""), d.secondaryId.value_or(""), d.property.value_or(""),
                       d.value.value_or("")});
    }
    return out;
}

std::vector<std::string> reportedIds(const std::string& text, const driver::Options& options) {
    std::vector<std::string> out;
    for (Reported& r : compileDtdl(text, options)) out.push_back(std::move(r.id));
    return out;
}

} // namespace dtc::test
