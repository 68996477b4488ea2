// dtc::translators — IR to target documents (the last stage before code generation).
//
//   ir::Model (validated, read-only) -> [translators] -> .twin text / DTDL JSON documents
//
// Translators read the IR only. What a target cannot express is reported as a DTC4xxx
// warning naming the element (never dropped silently). Output is deterministic: model order,
// fixed key order, trailing newline.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "diag/diag.h"
#include "ir/layout.h"
#include "ir/model.h"

namespace dtc::translators {

/// One output document: a path relative to the output directory, and its text.
struct OutputFile {
    std::string path;
    std::string text;
};

/// Options of the .twin printer.
struct TwinPrintOptions {
    /// Comments and reference spellings of the source (from TwinReader::read), for `fmt`.
    const ir::SourceLayout* layout = nullptr;
};

/// Prints the interfaces `roots` as one canonical .twin file. The namespace is taken from the
/// layout, else from the first root's DTMI. References print as names where a .twin reader
/// resolves the name back to the same DTMI, else as DTMIs. Reports DTC4201 for what .twin
/// cannot express (DTDL v2 commandType, undefined extension properties).
[[nodiscard]] std::string printTwinFile(const ir::Model& model, std::span<const ir::ElementId> roots,
                                        const TwinPrintOptions& options, diag::Engine& diags);

/// Every root interface of the model as its own .twin file ("<namespace>/<Name>.twin").
[[nodiscard]] std::vector<OutputFile> translateToTwin(const ir::Model& model, diag::Engine& diags);

/// Options of the DTDL printer.
struct DtdlPrintOptions {
    /// DTDL major version to write (2 or 3); 0 keeps each interface's own version.
    int version = 0;
};

/// Every root interface as its own DTDL document ("<namespace>/<Name>.json"). Continuum
/// concepts travel in the element's `comment` after a "@dtc " marker (docs/language.md, "DTDL
/// mapping"); DTC4202 when they do not fit DTDL's comment limit.
[[nodiscard]] std::vector<OutputFile> translateToDtdl(const ir::Model& model,
                                                      const DtdlPrintOptions& options,
                                                      diag::Engine& diags);

/// The .twin text of an element's continuum annotations ("@mqtt(\"a/b\") @fidelity(...)"),
/// without the derivation; used by both printers.
[[nodiscard]] std::string continuumAnnotations(const ir::Continuum& c);

/// The keywords of the .twin language (names equal to one are written `like_this`).
[[nodiscard]] bool isTwinKeyword(std::string_view word);

} // namespace dtc::translators
