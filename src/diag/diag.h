// dtc::diag — source management and diagnostics, shared by every stage of the pipeline.
//
//   files -> SourceManager -> front ends -> ir::Model -> validator -> translators / codegen
//                                \______ diag::Engine (every stage reports here) ______/
//
// This module owns the bytes of every input (SourceManager), the value type of a diagnostic
// (Diagnostic: code, severity, ranges, arguments, notes, fix-its and the structured element
// fields DTDL's reference parser reports), the policy that applies to them (Engine) and the
// renderers that turn them into text, JSON or SARIF 2.1.0. Stages only create Diagnostic values;
// the CLI chooses the renderers. The catalogue of codes lives in diagnostics.txt and is compiled
// into the `Code` enumeration and a table at build time (tools/gen_diag).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diag_codes.h" // generated: enum class Code

namespace dtc::diag {

/// Identifies a file held by a SourceManager. 0 means "no file" (synthesized or unknown).
using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0;

/// A position in a source file: a byte offset. Line and column are decoded on demand.
struct SourceLocation {
    FileId file = kNoFile;
    std::uint32_t offset = 0;
    [[nodiscard]] bool valid() const { return file != kNoFile; }
};

/// A half-open byte range [begin, end) in one file.
struct SourceRange {
    FileId file = kNoFile;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    [[nodiscard]] bool valid() const { return file != kNoFile; }
    [[nodiscard]] SourceLocation start() const { return {file, begin}; }
};

/// A decoded location: 1-based line, 1-based column counted in Unicode code points.
struct LineColumn {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

/// Holds the bytes of every input once, with a lazily built line-start table per file.
/// Files are never removed, so string_views returned by text() stay valid for the manager's
/// lifetime. Not thread-safe for concurrent adds.
class SourceManager {
public:
    SourceManager();
    ~SourceManager();
    SourceManager(const SourceManager&) = delete;
    SourceManager& operator=(const SourceManager&) = delete;

    /// Registers an in-memory buffer under a display path; returns its id (never kNoFile).
    FileId addBuffer(std::string path, std::string bytes);

    /// The most bytes addFile reads from one file: offsets are 32-bit, no model file comes near,
    /// and an endless stream named by mistake (/dev/zero) stops within seconds.
    static constexpr std::size_t kMaxFileBytes = std::size_t{256} << 20;

    /// Reads a file from disk. Returns std::nullopt and sets `error` on I/O failure or when the
    /// file holds more than `limit` bytes (a stream such as /dev/zero is read only that far).
    std::optional<FileId> addFile(const std::string& path, std::string& error,
                                  std::size_t limit = kMaxFileBytes);

    /// Reads an open descriptor (standard input, a pipe) to its end under the display path
    /// `path`, with addFile's limit and errors. The descriptor stays open.
    std::optional<FileId> addStream(int fd, std::string path, std::string& error,
                                    std::size_t limit = kMaxFileBytes);

    /// What addFiles gives for one path: its id, or the error addFile would set.
    struct Added {
        std::optional<FileId> id;
        std::string error;
    };
    /// addFile for each of `paths`, in order (ids are given in that order), for paths known to
    /// be regular files (found by a directory walk, or checked with stat). Small files are read
    /// in batches, with a few system calls per batch instead of four per file (Linux io_uring,
    /// where the kernel allows it); any other is read by addFile. With `threads` 2 the second
    /// half of `paths` is read on a second thread (HelperThread) while the first half is read
    /// here; the result is the same either way.
    std::vector<Added> addFiles(std::span<const std::string> paths, std::size_t limit = kMaxFileBytes,
                                unsigned threads = 1);

    [[nodiscard]] std::string_view path(FileId id) const;
    [[nodiscard]] std::string_view text(FileId id) const;
    [[nodiscard]] std::size_t fileCount() const;

    /// Decodes a byte offset to line and code-point column (both 1-based). Offsets past the
    /// end of the file clamp to the end.
    [[nodiscard]] LineColumn lineColumn(SourceLocation loc) const;

    /// The text of the 1-based line `line` of a file, without its terminator.
    [[nodiscard]] std::string_view lineText(FileId id, std::uint32_t line) const;

private:
    struct File;
    const File& file(FileId id) const;
    std::vector<std::unique_ptr<File>> files_;
};

enum class Severity : std::uint8_t { Note, Warning, Error, Fatal };

/// Returns "note", "warning", "error" or "fatal".
[[nodiscard]] std::string_view severityName(Severity s);

/// One entry of the diagnostics catalogue (diagnostics.txt).
struct CatalogueEntry {
    Code code;
    std::string_view id;       ///< stable code: "DTC1001" or an official DTDL ValidationID
    std::string_view name;     ///< kebab-case name
    Severity severity;         ///< default severity
    std::string_view message;  ///< template with {placeholders}
    std::string_view action;   ///< what the user should do
    std::string_view example;  ///< an input that triggers it (may be empty)
    std::string_view fix;      ///< how that example is fixed (may be empty)
    bool retired;
};

/// The catalogue entry of a code. Every Code has one.
[[nodiscard]] const CatalogueEntry& entry(Code code);
/// All entries in catalogue order.
[[nodiscard]] std::span<const CatalogueEntry> catalogue();
/// Finds a code by its stable id ("DTC1001", "dtmi:dtdl:parsingError:badType") or name.
[[nodiscard]] std::optional<Code> findCode(std::string_view idOrName);

/// A named argument substituted into the message template.
struct Argument {
    std::string name;
    std::string value;
};

/// A secondary location with its own message ("first defined here").
struct Note {
    SourceRange range;
    std::string message;
};

/// A suggested edit: replace `range` with `replacement`.
struct FixIt {
    SourceRange range;
    std::string replacement;
};

/// One diagnostic. Plain data: stages build it, the Engine applies policy, emitters render it.
///
/// The element fields mirror the structured error of DTDL's reference parser: `primaryId` is the
/// element the problem is about, `secondaryId` a related element, `property` the property name,
/// `value` the offending value. They are empty when not applicable; `hasPrimaryId` etc. tell an
/// empty value from an absent one only where the distinction matters (conformance comparison).
struct Diagnostic {
    Code code{};
    Severity severity = Severity::Error;
    SourceRange range;
    std::vector<Argument> args;
    std::vector<Note> notes;
    std::vector<FixIt> fixits;
    std::optional<std::string> primaryId;
    std::optional<std::string> secondaryId;
    std::optional<std::string> property;
    std::optional<std::string> value;
    SourceRange secondaryRange;
    /// For DTDL rule violations (code DtdlRule): the official ValidationID
    /// ("dtmi:dtdl:parsingError:typeNotRootable"), rendered as the diagnostic's code.
    std::string validationId;

    /// The stable code rendered for this diagnostic: the ValidationID if set, else the
    /// catalogue id ("DTC1001").
    [[nodiscard]] std::string_view codeId() const;

    /// Creates a diagnostic with the catalogue's default severity for `code`.
    [[nodiscard]] static Diagnostic make(Code code, SourceRange range = {});
    /// Fluent helpers used by the stages.
    Diagnostic& arg(std::string name, std::string value);
    Diagnostic& note(SourceRange range, std::string message);
    Diagnostic& fixit(SourceRange range, std::string replacement);
};

/// Formats the message of `d` from its catalogue template and arguments. Placeholders
/// {primaryId}, {secondaryId}, {property} and {value} are filled from the element fields.
[[nodiscard]] std::string formatMessage(const Diagnostic& d);

/// Collects diagnostics and applies policy: warnings as errors, disabled codes, an error limit.
class Engine {
public:
    struct Policy {
        bool warningsAsErrors = false;
        std::vector<Code> disabled;
        std::size_t errorLimit = 0; ///< 0 = unlimited; beyond it errors are counted, not kept
    };

    Engine() = default;
    explicit Engine(Policy policy) : policy_(std::move(policy)) {}

    /// Applies policy and records `d` (unless disabled).
    void report(Diagnostic d);

    [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
    [[nodiscard]] std::size_t errorCount() const { return errors_; }
    [[nodiscard]] std::size_t warningCount() const { return warnings_; }
    [[nodiscard]] bool hasErrors() const { return errors_ != 0; }
    /// Errors dropped because the error limit was reached.
    [[nodiscard]] std::size_t suppressedCount() const { return suppressed_; }

    /// Sorts diagnostics by file, then offset, keeping report order for ties.
    void sortByLocation();
    /// Drops every diagnostic (used when a stage is re-run).
    void clear();
    /// Keeps only the diagnostics `keep` accepts (a stage withdrawing what a later-found error
    /// makes moot); the error and warning counts follow.
    void retainIf(const std::function<bool(const Diagnostic&)>& keep);

private:
    Policy policy_;
    std::vector<Diagnostic> diagnostics_;
    std::size_t errors_ = 0;
    std::size_t warnings_ = 0;
    std::size_t suppressed_ = 0;
};

/// Options for the human-readable renderer.
struct TextOptions {
    bool color = false;   ///< ANSI colours (the CLI enables them on a TTY only)
    bool snippet = true;  ///< source line with caret and underline
};

/// Renders in the gcc/clang shape: `file:line:col: severity: message [code]`, then the source
/// line with a caret and `~` underline, then notes.
void emitText(std::ostream& out, const SourceManager& sm, std::span<const Diagnostic> diags,
              const TextOptions& options = {});

/// Summary figures rendered by the JSON and SARIF emitters.
struct Summary {
    std::size_t files = 0;
    std::size_t interfaces = 0;
    std::size_t elements = 0;
    std::size_t errors = 0;
    std::size_t warnings = 0;
};

/// Renders a versioned JSON document: {"version":1,"diagnostics":[...],"summary":{...}}.
void emitJson(std::ostream& out, const SourceManager& sm, std::span<const Diagnostic> diags,
              const Summary& summary);

/// Renders one SARIF 2.1.0 run. File URIs are made relative to `baseDirectory` (absolute path)
/// under the uriBaseId "SRCROOT" when they lie below it.
void emitSarif(std::ostream& out, const SourceManager& sm, std::span<const Diagnostic> diags,
               std::string_view toolVersion, std::string_view baseDirectory);

} // namespace dtc::diag
