// gen_diag: compiles the diagnostics catalogue into C++ and Markdown.
//
// Usage: dtc_gen_diag CATALOGUE OUT_CODES_H OUT_TABLE_INC OUT_MARKDOWN
//
// Catalogue format (src/diag/diagnostics.txt):
//   # comment                       ignored
//   ## Heading                      starts a documentation section
//   CODE kebab-name severity [retired]
//       message: template with {placeholders}
//       action: what to do
//       example: an input that triggers it        (optional, may repeat: one line each)
//       fix: how the example is fixed             (optional)
// Codes are "DTCnnnn" or an official DTDL ValidationID; severities note|warning|error|fatal.
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Entry {
    std::string code, name, severity, message, action, fix, section;
    std::vector<std::string> example;
    bool retired = false;
    int line = 0;
};

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::string pascal(const std::string& kebab) {
    std::string out;
    bool up = true;
    for (char c : kebab) {
        if (c == '-') {
            up = true;
            continue;
        }
        out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        up = false;
    }
    return out;
}

std::string cxxString(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out + "\"";
}

std::string anchor(const Entry& e) {
    std::string a;
    for (char c : e.code + "-" + e.name) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-')
            a += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return a;
}

int fail(const std::string& file, int line, const std::string& msg) {
    std::cerr << file << ":" << line << ": error: " << msg << "\n";
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: dtc_gen_diag CATALOGUE OUT_CODES_H OUT_TABLE_INC OUT_MARKDOWN\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "cannot read " << argv[1] << "\n";
        return 2;
    }
    std::vector<Entry> entries;
    std::vector<std::pair<std::string, std::string>> sections; // heading, intro
    std::string line;
    int lineNo = 0;
    std::set<std::string> codes, names;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("## ", 0) == 0) {
            sections.emplace_back(trim(line.substr(3)), "");
            continue;
        }
        if (line.rfind("#", 0) == 0 || trim(line).empty()) continue;
        if (line.rfind("> ", 0) == 0) { // section intro paragraph
            if (sections.empty()) return fail(argv[1], lineNo, "intro before any section");
            sections.back().second += line.substr(2) + "\n";
            continue;
        }
        if (line[0] == ' ' || line[0] == '\t') {
            if (entries.empty()) return fail(argv[1], lineNo, "field before any entry");
            std::string t = trim(line);
            size_t colon = t.find(':');
            if (colon == std::string::npos) return fail(argv[1], lineNo, "expected 'key: value'");
            std::string key = t.substr(0, colon), value = trim(t.substr(colon + 1));
            Entry& e = entries.back();
            if (key == "message") e.message = value;
            else if (key == "action") e.action = value;
            else if (key == "example") e.example.push_back(t.substr(colon + 2 <= t.size() ? colon + 2 : t.size()));
            else if (key == "fix") e.fix = value;
            else return fail(argv[1], lineNo, "unknown key '" + key + "'");
            continue;
        }
        std::istringstream ss(line);
        Entry e;
        std::string extra;
        ss >> e.code >> e.name >> e.severity >> extra;
        e.retired = extra == "retired";
        e.line = lineNo;
        e.section = sections.empty() ? "" : sections.back().first;
        if (e.severity != "note" && e.severity != "warning" && e.severity != "error" &&
            e.severity != "fatal")
            return fail(argv[1], lineNo, "bad severity '" + e.severity + "'");
        if (!codes.insert(e.code).second) return fail(argv[1], lineNo, "duplicate code " + e.code);
        if (!names.insert(e.name).second) return fail(argv[1], lineNo, "duplicate name " + e.name);
        entries.push_back(std::move(e));
    }
    for (const Entry& e : entries) {
        if (e.message.empty() || e.action.empty())
            return fail(argv[1], e.line, e.code + " needs a message and an action");
    }

    std::ofstream h(argv[2]);
    h << "// Generated by dtc_gen_diag from src/diag/diagnostics.txt. Do not edit.\n"
         "#pragma once\n#include <cstdint>\n\nnamespace dtc::diag {\n\n"
         "/// Every diagnostic code of the catalogue (src/diag/diagnostics.txt).\n"
         "enum class Code : std::uint16_t {\n";
    for (const Entry& e : entries) h << "    " << pascal(e.name) << ", ///< " << e.code << "\n";
    h << "};\n\ninline constexpr std::uint16_t kCodeCount = " << entries.size()
      << ";\n\n} // namespace dtc::diag\n";

    std::ofstream t(argv[3]);
    t << "// Generated by dtc_gen_diag from src/diag/diagnostics.txt. Do not edit.\n";
    for (const Entry& e : entries) {
        std::string sev = e.severity == "note"      ? "Note"
                          : e.severity == "warning" ? "Warning"
                          : e.severity == "fatal"   ? "Fatal"
                                                    : "Error";
        std::string example;
        for (const auto& x : e.example) example += (example.empty() ? "" : "\n") + x;
        t << "{Code::" << pascal(e.name) << ", " << cxxString(e.code) << ", " << cxxString(e.name)
          << ", Severity::" << sev << ", " << cxxString(e.message) << ", " << cxxString(e.action)
          << ", " << cxxString(example) << ", " << cxxString(e.fix) << ", "
          << (e.retired ? "true" : "false") << "},\n";
    }

    std::ofstream md(argv[4]);
    md << "# Diagnostics reference\n\n"
          "<!-- Generated by dtc_gen_diag from src/diag/diagnostics.txt; do not edit by hand.\n"
          "     Regenerate with: cmake --build build --target update-docs -->\n\n"
          "Every diagnostic `dtc-compile` can report, with its stable code. Codes are never\n"
          "renumbered or reused; a retired code stays listed. DTDL rules use the official\n"
          "DTDL parser's ValidationID as their code, so results compare one to one with it.\n"
          "Messages name the offending element; `{placeholders}` below are filled in.\n\n";
    for (const auto& [heading, intro] : sections) {
        md << "## " << heading << "\n\n";
        if (!intro.empty()) md << intro << "\n";
        md << "| code | name | severity |\n| --- | --- | --- |\n";
        for (const Entry& e : entries)
            if (e.section == heading)
                md << "| [`" << e.code << "`](#" << anchor(e) << ") | " << e.name << " | "
                   << e.severity << (e.retired ? " (retired)" : "") << " |\n";
        md << "\n";
        for (const Entry& e : entries) {
            if (e.section != heading) continue;
            md << "### " << e.code << " " << e.name << "\n\n";
            md << "- severity: " << e.severity << (e.retired ? " (retired)" : "") << "\n";
            md << "- message: " << e.message << "\n";
            md << "- action: " << e.action << "\n";
            if (!e.example.empty()) {
                md << "\nExample:\n\n```\n";
                for (const auto& x : e.example) md << x << "\n";
                md << "```\n";
            }
            if (!e.fix.empty()) md << "\nFix: " << e.fix << "\n";
            md << "\n";
        }
    }
    return (h && t && md) ? 0 : 1;
}
