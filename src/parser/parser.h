// dtc::parser — the front ends: model files in, ir::Model elements and diagnostics out.
//
//   files -> SourceManager -> [parser] -> ir::Model -> validator -> ...
//
// Each front end reads files already held by the SourceManager and adds elements to a Model.
// Front ends never call the validator; they report what can only be seen in the source (syntax,
// JSON-LD structure, literal shapes, per-element rules of the language) and leave whole-model
// rules (uniqueness across extends, cycles, depth limits, reference targets) to src/validator.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diag/diag.h"
#include "ir/model.h"

namespace dtc::parser {

/// When a DTDL model may use an extension context the parser does not know (DTDLParser's
/// ParsingOptions.AllowUndefinedExtensions).
enum class UndefinedExtensions : std::uint8_t {
    PerVersion, ///< the language version decides: allowed in DTDL v2, refused in v3 and v4
    Allow,      ///< always allowed; undefined co-types and their properties are kept
    Disallow,   ///< never allowed
};

/// Options of the DTDL front end (the reference parser's ParsingOptions).
struct DtdlOptions {
    UndefinedExtensions undefinedExtensions = UndefinedExtensions::PerVersion;
    /// Highest DTDL version accepted; a document with a higher context is an error.
    int maxDtdlVersion = 4;
    /// Limit-extension contexts the caller accepts (e.g. "dtmi:dtdl:limits:onvif"); an entry
    /// without version accepts every version, "…;N" accepts major version N.
    std::vector<std::string> extensionLimitContexts;
    /// Tolerate three legacy mistakes (reserved-prefix ids, bare {"@id"} objects as references,
    /// duplicate names) in submitted documents / in documents returned by a resolver.
    bool tolerateSolecismsInParse = false;
    bool tolerateSolecismsInResolve = false;
};

/// The DTDL front end for one model set. Elements of every document read are added to the same
/// Model, so identifiers are checked for uniqueness across files.
class DtdlReader {
public:
    DtdlReader(DtdlOptions options, const diag::SourceManager& sources, diag::Engine& diags,
               ir::Model& model);
    ~DtdlReader();
    DtdlReader(const DtdlReader&) = delete;
    DtdlReader& operator=(const DtdlReader&) = delete;

    /// Parses one file: a JSON object (one document) or an array of documents. `fromResolver`
    /// marks documents fetched to resolve references (they get the "InResolve" tolerances).
    /// Reports DTC1xxx for unreadable JSON and DTDL ValidationIDs for DTDL violations.
    void read(diag::FileId file, bool fromResolver = false);

    /// Call after the last read of a round (the input files, or the files a resolver fetched):
    /// when a document's @context is in error, the other DTDL errors of the set are withdrawn,
    /// as the official parser reports context errors alone.
    void endOfInput();

    /// Call once every reference resolves (before whole-model validation): reports the errors
    /// the official parser finds only then, when no document had an error (lists longer than
    /// their maximum; repeated names of elements with an @id and repeated enum values are the
    /// validator's).
    void reportLateErrors();

    /// Whether reading so far has reported nothing and stopped at nothing: what it read can be
    /// combined with what another reader read (absorb) exactly as if one reader read it all.
    [[nodiscard]] bool quiet() const;

    /// Takes over what `other` read after this reader's files (its documents, the references
    /// it noted, its deferred errors), for a model set read in two parts whose models were
    /// joined with ir::Model::append. Both readers must be quiet().
    void absorb(DtdlReader&& other);

    /// Number of top-level documents read so far.
    [[nodiscard]] std::size_t documentCount() const;

    /// Number of elements read so far that have a comment (where dtc's DTDL printer carries
    /// continuum concepts: dsl::TwinReader::resolve).
    [[nodiscard]] std::size_t commentCount() const;

    /// Identifiers the documents read so far reference but nobody defines, in first-reference
    /// order (dependent references only: Relationship targets do not count). Standard elements
    /// referenced by the documents are added to the model on the way.
    [[nodiscard]] std::vector<std::string> undefinedReferences();

    /// Where each undefined identifier is first referenced (for the diagnostic's location).
    [[nodiscard]] diag::SourceRange referenceSite(const std::string& id) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace dtc::parser
