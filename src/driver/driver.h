// dtc::driver — runs the pipeline over a model set: load files, front ends, reference
// resolution (through an optional Resolver), validation. The CLI and the conformance runner
// both go through it, so they see exactly the same behaviour.
//
//   paths -> collectModelFiles -> SourceManager -> DtdlReader / twin front end -> ir::Model
//         -> resolve (Resolver rounds) -> validator -> Compilation (model + diagnostics)
//
// Phases follow the official DTDL parser: if the documents themselves have errors, references
// are not resolved and whole-model rules are not checked (they would only add noise); if
// references stay undefined, whole-model rules are not checked either.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diag.h"
#include "ir/model.h"
#include "parser/parser.h"

namespace dtc::driver {

/// Supplies documents for identifiers no input defines.
class Resolver {
public:
    virtual ~Resolver() = default;
    /// Called with the undefined identifiers of one round. Adds any documents it finds to `sm`
    /// and returns their file ids (possibly none). May report diagnostics (I/O errors).
    virtual std::vector<diag::FileId> resolve(std::span<const std::string> ids,
                                              diag::SourceManager& sm, diag::Engine& diags) = 0;
    /// Why an identifier asked for is still undefined once the rounds end.
    struct Finding {
        /// The document the resolver gave for it, which does not define it (the error is then
        /// repository-document-mismatch, not undefined-reference).
        std::optional<diag::FileId> file;
        std::vector<diag::Note> notes; ///< where the resolver looked, what it found there
    };
    /// Why `id`, asked for in some round, is still undefined once the rounds end. `model` holds
    /// everything read, the resolver's documents included. Default: nothing to say.
    [[nodiscard]] virtual Finding whyUndefined(std::string_view id, const ir::Model& model) const;
};

/// Resolves identifiers from local folders laid out by the DTDL model-repository convention:
/// dtmi:com:example:Thermostat;1 -> DIR/dtmi/com/example/thermostat-1.json. The folders are
/// searched in order; the first that has the file gives it.
class ModelRepoResolver final : public Resolver {
public:
    explicit ModelRepoResolver(std::vector<std::string> roots) : roots_(std::move(roots)) {}
    std::vector<diag::FileId> resolve(std::span<const std::string> ids, diag::SourceManager& sm,
                                      diag::Engine& diags) override;
    /// The file the convention gave, with a note on the identifiers it defines instead (a
    /// different DTMI, or the same one in other letter case); or a note on the paths that do
    /// not exist.
    [[nodiscard]] Finding whyUndefined(std::string_view id, const ir::Model& model) const override;
    /// The repository-relative path of a DTMI ("dtmi/com/example/thermostat-1.json"), or empty
    /// when the identifier is not a versioned DTMI.
    [[nodiscard]] static std::string pathFor(std::string_view dtmi);

private:
    std::vector<std::string> roots_;
    std::map<std::string, diag::FileId, std::less<>> loaded_; ///< files handed out (each is read once)
    std::map<std::string, diag::FileId, std::less<>> fileOf_;  ///< identifier -> the file found for it
    std::map<std::string, std::vector<std::string>, std::less<>> missing_; ///< identifier -> paths tried, none there
};

/// How a compilation ended.
enum class Outcome : std::uint8_t {
    Valid,           ///< no errors (warnings allowed)
    ParsingError,    ///< the model has errors
    ResolutionError, ///< some dependent references stayed undefined
    InputError,      ///< files could not be read / no models found
};

/// The elements from which a model is validated on two threads by default (Options::validateThreads):
/// below it the second thread's start and the copies' cold caches cost more than it saves
/// (docs/design-decisions.md, "The last validation passes run ahead").
inline constexpr std::size_t kValidateAheadElements = 16384;
/// The elements from which a model's references are resolved on two threads by default: about
/// a tenth of a microsecond per element, against tens for a thread's start.
inline constexpr std::size_t kResolveInTwoElements = 16384;
/// kValidateAheadElements when the process's helper thread is awake and free (it has just read
/// half of the files: diag::HelperThread::ready), so the work it is handed starts at once.
/// (Resolution keeps its threshold: RealEstateCore's 1,877 elements resolve in 0.08 ms on one
/// thread, 0.10 on two.)
inline constexpr std::size_t kValidateAheadElementsReady = 1024;

struct Options {
    parser::DtdlOptions dtdl;
    /// Threads reading the input files: 1 reads them in order on the calling thread; 2 reads
    /// the second half (by size) on a second thread into a model of its own, joined to the
    /// first when both parts read without a single diagnostic (else the set is read again on
    /// one thread, so the outcome never depends on it). 0 (the default) picks 2 for a large set
    /// of DTDL files (at least 64 files and 256 KiB) on a machine with two cores or more, else 1;
    /// an explicit 2 splits any set of two or more DTDL files. .twin files are always read on one.
    unsigned readThreads = 0;
    /// Threads resolving and validating the model once every file is read: 1 does it on the
    /// calling thread; 2 resolves the references of the second half of the elements on a
    /// second thread (ir::Model::resolveReferences) and runs the last validation passes ahead
    /// on one (validator::validateModel); the result is the same either way. 0 (the default)
    /// picks 2 on a machine with two cores or more, for validation from
    /// kValidateAheadElements elements and for resolution from kResolveInTwoElements, else 1;
    /// an explicit 2 does both for any model.
    unsigned validateThreads = 0;
    /// Called after each file is read, with (done, total), for progress display.
    std::function<void(std::size_t, std::size_t)> progress;
    /// Called as compile() ends each step, with its name: "read" (every file, on one thread or
    /// two), "resolve" (.twin names, resolution rounds, references) and "validate" (the last
    /// call, also when a step's errors end the compilation early). For measurements (dtc_bench
    /// with DTC_BENCH_TRACE=1).
    std::function<void(std::string_view)> phase;
};

/// The result of a run: every file, every diagnostic and the model built.
struct Compilation {
    diag::SourceManager sources;
    diag::Engine diags;
    ir::Model model;
    std::vector<diag::FileId> inputs;       ///< files given (after directory expansion)
    std::vector<std::string> unresolved;    ///< undefined identifiers, if ResolutionError
    Outcome outcome = Outcome::Valid;
    std::size_t resolverRounds = 0;
    /// The input files were read on two threads and the two parts joined (Options::readThreads);
    /// false when they were read on one, also after a split whose parts reported something.
    bool readInTwoParts = false;
    /// The last validation passes ran ahead on a second thread and found nothing, so they did
    /// not run again (Options::validateThreads); false when validation ran on one thread only.
    bool validatedAhead = false;

    explicit Compilation(diag::Engine::Policy policy = {}) : diags(std::move(policy)) {}
};

/// Options of loadInputs.
struct LoadOptions {
    /// When set, the path "-" stands for standard input: read to its end (once, however often
    /// "-" is given) under this display path, whose extension chooses the language as a
    /// file's would (.twin, else DTDL JSON). Unset, "-" is a file name like any other.
    std::optional<std::string> stdinName;
    /// Threads reading the files from disk: 1 reads them on the calling thread; 2 reads the
    /// second half of each run of regular files on a second thread (SourceManager::addFiles);
    /// the files, their order and their bytes are the same either way. 0 (the default) picks 2
    /// for a run of kLoadInTwoFiles files or more on a machine with two cores or more.
    unsigned threads = 0;
};

/// The fewest files loadInputs reads on two threads by default. A page-cached file costs the
/// kernel about 3 us to open, read and close; on 10,000 files two threads take 27 instead of
/// 39 ms, on RealEstateCore's 767 they gain nothing measurable (a thread and a second ring to
/// set up).
inline constexpr std::size_t kLoadInTwoFiles = 1024;

/// Expands files and directories into the model files to read: a directory stands for every
/// *.json and *.twin file below it, sorted by path; a file named explicitly is always taken.
/// Loads them into `c.sources` and `c.inputs`. Reports DTC9001 / DTC9002.
void loadInputs(Compilation& c, std::span<const std::string> paths, const LoadOptions& options = {});

/// Runs front ends, resolution and validation over `c.inputs`.
void compile(Compilation& c, const Options& options, Resolver* resolver = nullptr);

/// Sets the process's memory allocator up for a batch compiler (dtc-compile calls it first):
/// memory freed by one stage stays with the process for the next instead of going back to
/// the kernel, and the heap is advised to use transparent huge pages as it grows (compile
/// keeps advising each new step). A check allocates and frees many small and some large
/// blocks; with the allocator's defaults, faulting pages in again and TLB misses over the
/// model's data were a large part of its time. Process-wide: a library user (a long-running
/// runtime) decides for itself whether to call it. No-op outside glibc.
void tuneAllocatorForBatch();

} // namespace dtc::driver
