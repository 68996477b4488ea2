// dtc::parser::dsl — the front end of the .twin language (grammar: grammars/Twin.g4,
// reference: docs/language.md).
//
//   .twin files -> SourceManager -> [TwinReader] -> ir::Model -> validator -> translators
//
// A TwinReader reads every .twin file of a model set (read), then, once every file of the
// set has been read — DTDL files included, so .twin files may refer to DTDL interfaces and
// the other way round — resolves names to DTMIs (resolve). Syntax errors are DTC12xx
// diagnostics with the offending token's range; every syntax error of a file is reported
// (ANTLR recovers). Name and annotation errors are DTC22xx. Type, unit and fidelity rules
// that need the whole model are the validator's (validator/twin_rules.h). ANTLR types never
// appear outside src/parser/dsl.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diag/diag.h"
#include "ir/layout.h"
#include "ir/model.h"

namespace dtc::parser::dsl {

/// Reads .twin files into a Model. One reader per model set; not copyable.
class TwinReader {
public:
    TwinReader(const diag::SourceManager& sources, diag::Engine& diags, ir::Model& model);
    ~TwinReader();
    TwinReader(const TwinReader&) = delete;
    TwinReader& operator=(const TwinReader&) = delete;

    /// Parses one .twin file and adds its twins (and everything they contain) to the model.
    /// References by name stay pending until resolve(). Reports DTC12xx (syntax) and the
    /// DTC22xx rules a single file shows (duplicate names, unknown annotations, bad values).
    /// When `layout` is given, it receives the file's comments and reference spellings (for
    /// the formatter). Returns false when the file has syntax errors.
    bool read(diag::FileId file, ir::SourceLayout* layout = nullptr);

    /// Resolves every pending name to a DTMI: the file's namespace, then its imports, then
    /// fully qualified names; names defined by DTDL documents in the model count too.
    /// Adds the standard elements (primitive schemas, units) the twins reference. Reports
    /// unknown / ambiguous names and unknown imports (DTC22xx). Also reads back the continuum
    /// annotations dtc's DTDL printer carries in DTDL `comment`s ("@dtc ..."), so .twin ->
    /// DTDL -> .twin is lossless (`dtdlComments` false: no DTDL element has a comment, so none
    /// is looked at). Call once, after every file of the set (DTDL included) was read and before
    /// Model::resolveReferences. Returns whether the model holds continuum concepts (a .twin
    /// file was read or a comment carried some): validator::validateTwinRules has nothing to
    /// check otherwise.
    bool resolve(bool dtdlComments = true);

    /// Number of twins read so far.
    [[nodiscard]] std::size_t twinCount() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

/// True when `path` names a .twin file.
[[nodiscard]] bool isTwinFile(std::string_view path);

} // namespace dtc::parser::dsl
