// Names shared by the printers: keywords, continuum annotation text.
#include <array>

#include "translators/translators.h"

namespace dtc::translators {

bool isTwinKeyword(std::string_view word) {
    static constexpr std::array<std::string_view, 22> kKeywords{
        "namespace", "import", "twin", "version", "extends", "property", "writable", "telemetry",
        "command", "relationship", "component", "unit", "as", "nullable", "object", "enum", "map",
        "array", "fidelity", "package", "true", "false"};
    for (auto k : kKeywords)
        if (k == word) return true;
    return false;
}

std::string continuumAnnotations(const ir::Continuum& c) {
    std::string out;
    for (const auto& b : c.bindings) {
        if (!out.empty()) out += ' ';
        out += "@" + b.protocol + "(" + ir::quoteTwinString(b.address);
        for (const auto& o : b.options) out += ", " + o.key + ": " + ir::formatSettingValue(o.value);
        out += ")";
    }
    if (c.fidelity && !c.fidelity->empty()) {
        if (!out.empty()) out += ' ';
        std::string args;
        auto add = [&](const char* k, const std::optional<ir::Quantity>& q) {
            if (!q) return;
            args += (args.empty() ? "" : ", ") + std::string(k) + ": " + ir::formatQuantity(*q);
        };
        add("max_staleness", c.fidelity->maxStaleness);
        add("max_delay", c.fidelity->maxDelay);
        add("min_rate", c.fidelity->minRate);
        out += "@fidelity(" + args + ")";
    }
    return out;
}

} // namespace dtc::translators
