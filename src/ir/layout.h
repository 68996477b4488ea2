// dtc::ir — source layout a formatter needs but the model does not: ordinary comments and
// the spelling of references as written. Filled by the .twin front end on request, read by
// the .twin printer (`dtc-compile fmt`). Keys are element identifiers, so the layout stays
// valid however the model's vectors grow.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dtc::ir {

struct SourceLayout {
    /// Ref.target as stored before name resolution -> the reference as written ("core.Space").
    std::map<std::string, std::string> refSpelling;
    /// Comments (full text, "// ..." or "/* ... */") before a declaration, keyed by element id;
    /// twin-level settings blocks use "<twin id>#fidelity" / "<twin id>#package".
    std::map<std::string, std::vector<std::string>> leading;
    /// A comment on the same line after a declaration.
    std::map<std::string, std::string> trailing;
    /// Comments before the closing brace of a twin (keyed by twin id).
    std::map<std::string, std::vector<std::string>> closing;
    /// Comments before the namespace declaration, and after the last twin.
    std::vector<std::string> header;
    std::vector<std::string> footer;
    /// The file's namespace and imports as written (dotted).
    std::string ns;
    std::vector<std::string> imports;
};

} // namespace dtc::ir
