#include <algorithm>

#include "diag/diag.h"

namespace dtc::diag {

void Engine::report(Diagnostic d) {
    if (std::find(policy_.disabled.begin(), policy_.disabled.end(), d.code) != policy_.disabled.end())
        return;
    if (d.severity == Severity::Warning && policy_.warningsAsErrors) d.severity = Severity::Error;
    if (d.severity >= Severity::Error) {
        ++errors_;
        if (policy_.errorLimit != 0 && errors_ > policy_.errorLimit) {
            ++suppressed_;
            return;
        }
    } else if (d.severity == Severity::Warning) {
        ++warnings_;
    }
    diagnostics_.push_back(std::move(d));
}

void Engine::sortByLocation() {
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.range.file != b.range.file) return a.range.file < b.range.file;
        return a.range.begin < b.range.begin;
    });
}

void Engine::retainIf(const std::function<bool(const Diagnostic&)>& keep) {
    std::erase_if(diagnostics_, [&](const Diagnostic& d) { return !keep(d); });
    errors_ = suppressed_;
    warnings_ = 0;
    for (const Diagnostic& d : diagnostics_) {
        if (d.severity >= Severity::Error) ++errors_;
        else if (d.severity == Severity::Warning) ++warnings_;
    }
}

void Engine::clear() {
    diagnostics_.clear();
    errors_ = warnings_ = suppressed_ = 0;
}

} // namespace dtc::diag
