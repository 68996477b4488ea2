// Reads back the continuum annotations the DTDL printer carries in "comment" after "@dtc "
// (docs/language.md, "DTDL mapping"), by parsing them as .twin text.
#include "parser/dsl/detail/transformer.h"

namespace dtc::parser::dsl {

namespace {

constexpr std::string_view kMarker = "@dtc ";

/// Parses the carried text of one element; std::nullopt when it does not parse.
std::optional<ir::Continuum> parseCarried(const std::string& carried, bool interface) {
    std::string snippet = "namespace dtc_carrier;\n";
    if (interface) {
        // Annotations first, then the settings blocks.
        std::size_t blocks = std::string::npos;
        for (std::string_view b : {"fidelity {", "package {"}) {
            auto at = carried.find(b);
            if (at != std::string::npos && (at == 0 || carried[at - 1] == ' ')) blocks = std::min(blocks, at);
        }
        std::string ann = carried.substr(0, blocks);
        std::string body = blocks == std::string::npos ? "" : carried.substr(blocks);
        snippet += ann + "\ntwin Carrier {\n" + body + "\n}\n";
    } else {
        snippet += "twin Carrier {\nproperty carried: double " + carried + ";\n}\n";
    }
    diag::SourceManager sm;
    diag::Engine diags;
    ir::Model model;
    diag::FileId f = sm.addBuffer("<dtc annotations>", snippet);
    TwinReader reader(sm, diags, model);
    if (!reader.read(f) || diags.hasErrors() || model.roots().empty()) return std::nullopt;
    const ir::Element& twin = model[model.roots().front()];
    const ir::Element* e = &twin;
    if (!interface) {
        auto id = model.find("dtmi:dtc_carrier:Carrier:_contents:__carried");
        if (!id) return std::nullopt;
        e = &model[*id];
    }
    ir::Continuum c = *e->continuum;
    // Ranges point into the snippet; drop them.
    for (auto& b : c.bindings) {
        b.range = {};
        for (auto& o : b.options) o.range = {};
    }
    if (c.fidelity) c.fidelity->range = {};
    if (c.package) {
        c.package->range = {};
        for (auto& s : c.package->settings) s.range = {};
    }
    for (auto& n : c.derivation.nodes) n.range = {};
    return c;
}

} // namespace

std::size_t liftCarriedContinuum(ir::Model& model, diag::Engine& diags) {
    std::size_t lifted = 0;
    for (std::uint32_t i = 0; i < model.size(); ++i) {
        ir::Element& e = model[ir::ElementId{i}];
        if (e.origin.format != ir::SourceFormat::Dtdl || !e.extras->comment) continue;
        const std::string& text = *e.extras->comment;
        std::size_t at = text.rfind(kMarker);
        if (at == std::string::npos || (at != 0 && text[at - 1] != '\n')) continue;
        auto c = parseCarried(text.substr(at + kMarker.size()), e.is<ir::Interface>());
        if (!c) {
            auto d = diag::Diagnostic::make(diag::Code::TwinBadAnnotation, e.origin.range);
            d.arg("name", "dtc").arg("detail", "the dtc annotations in the comment of '" + e.id +
                                                   "' are not valid .twin text; they are kept as a comment");
            diags.report(std::move(d));
            continue;
        }
        e.continuum = std::move(*c);
        ++lifted;
        if (at == 0) e.extras.edit().comment.reset();
        else e.extras.edit().comment = text.substr(0, at - 1);
    }
    return lifted;
}

} // namespace dtc::parser::dsl
