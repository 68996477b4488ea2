#include "driver/driver.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "diag/batch_io.h"
#include "diag/heap_advice.h"
#include "diag/helper_thread.h"
#include "parser/dsl/twin.h"
#include "validator/twin_rules.h"
#include "validator/validator.h"

namespace dtc::driver {

namespace fs = std::filesystem;

namespace {

/// Whether a '/'-separated path names a model file (.json, .twin), without building a
/// std::filesystem::path (the same rule as path::extension: the last '.' of the file name, not
/// a leading one, not "." or "..").
bool isModelFileName(std::string_view p) {
    auto slash = p.rfind('/');
    std::string_view name = slash == std::string_view::npos ? p : p.substr(slash + 1);
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || name == "..") return false;
    std::string_view ext = name.substr(dot);
    return ext == ".json" || ext == ".twin";
}

/// True when a '/'-separated path has no empty, "." or ".." component, so that it is its own
/// lexical normal form.
bool isLexicallyNormal(std::string_view p) {
    if (p.empty()) return false;
    std::size_t i = 0;
    if (p.front() == '/') {
        if (p.size() > 1 && p[1] == '/') return false; // a "//" root name
        i = 1;
    }
    while (true) {
        auto slash = p.find('/', i);
        std::string_view part = p.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
        if (part.empty() || part == "." || part == "..") return false;
        if (slash == std::string_view::npos) return true;
        i = slash + 1;
    }
}

/// fs::absolute(f).lexically_normal().string(), with string operations when `f` needs no
/// normalising. NOTE(dtc): path::lexically_normal and operator/ on every input file were a
/// third of reading a model set's files; `cwd` is fs::current_path(), read once.
std::string normalKey(const std::string& f, std::string& cwd) {
    if constexpr (fs::path::preferred_separator == '/') {
        std::string key;
        if (f.starts_with('/')) {
            key = f;
        } else if (!f.empty()) {
            if (cwd.empty()) cwd = fs::current_path().string();
            key = cwd;
            if (!key.ends_with('/')) key += '/';
            key += f;
        }
        if (isLexicallyNormal(key)) return key;
    }
    return fs::absolute(fs::path(f)).lexically_normal().string();
}

/// Lists the directory `fd` (whose path is `dir`, ending in '/'): its model files are appended
/// to `files`, its subdirectories (each ending in '/') to `subdirs`. Symbolic links to
/// directories are skipped; a symbolic link to a file counts as that file. False with `error`
/// set when the directory cannot be read.
bool listDirectory(int fd, const std::string& dir, std::vector<std::string>& files,
                   std::vector<std::string>& subdirs, char* buffer, std::size_t bufferSize, std::string& error) {
    for (;;) {
        const ssize_t got = ::getdents64(fd, buffer, bufferSize);
        if (got < 0) {
            if (errno == EINTR) continue;
            error = std::strerror(errno);
            return false;
        }
        if (got == 0) return true;
        for (ssize_t at = 0; at < got;) {
            const auto* e = reinterpret_cast<const dirent64*>(buffer + at);
            at += e->d_reclen;
            std::string_view name = e->d_name;
            if (name == "." || name == "..") continue;
            unsigned char type = e->d_type;
            if (type == DT_UNKNOWN || type == DT_LNK) {
                // Ask the file system: a link counts as the file it names, never as a directory.
                struct stat st {};
                const bool link = type == DT_LNK;
                if (::fstatat(fd, e->d_name, &st, link ? 0 : AT_SYMLINK_NOFOLLOW) != 0) continue;
                type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) && !link ? DT_DIR : DT_UNKNOWN;
            }
            if (type == DT_REG) {
                if (isModelFileName(name)) files.push_back(dir + std::string(name));
            } else if (type == DT_DIR) {
                subdirs.push_back(dir + std::string(name) + '/');
            }
        }
    }
}

/// The model files (.json, .twin) below directory `path`, recursively, unsorted.
/// Subdirectories that cannot be opened for lack of permission are skipped. False with `error`
/// set when a directory cannot be opened otherwise or cannot be read.
// NOTE(dtc): level by level, not depth first: the directories of a level are opened, and closed,
// together (diag::BatchIo: one io_uring_enter for up to 64 of them, from 8 on, instead of an
// openat and a close each), and listed with getdents64, not fdopendir/readdir (an fstat and two fcntl calls
// per directory). std::filesystem::recursive_directory_iterator, before, also built a path
// object and copied the whole path per entry.
bool findModelFiles(const std::string& path, std::vector<std::string>& out, std::string& error) {
    std::vector<std::string> dirs{path.ends_with('/') ? path : path + '/'};
    int root = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) {
        error = std::strerror(errno);
        return false;
    }
    std::vector<int> fds{root};
    diag::BatchIo io;
    constexpr std::size_t kBuffer = 16 * 1024;
    std::unique_ptr<char[]> buffer(new char[kBuffer]);
    std::vector<std::string> pending; // directories found, not yet opened
    for (;;) {
        bool ok = true;
        for (std::size_t i = 0; i < dirs.size() && ok; ++i) {
            if (fds[i] >= 0) ok = listDirectory(fds[i], dirs[i], out, pending, buffer.get(), kBuffer, error);
        }
        io.closeAll(fds);
        if (!ok) return false;
        if (pending.empty()) return true;
        // The next directories: at most 256 open at a time (a process may hold 1,024).
        const std::size_t take = std::min<std::size_t>(pending.size(), 256);
        dirs.assign(std::make_move_iterator(pending.end() - static_cast<std::ptrdiff_t>(take)),
                    std::make_move_iterator(pending.end()));
        pending.resize(pending.size() - take);
        fds = io.openAll(dirs, O_DIRECTORY);
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (fds[i] >= 0 || fds[i] == -EACCES || fds[i] == -EPERM) continue; // skip_permission_denied
            error = std::strerror(-fds[i]);
            io.closeAll(fds);
            return false;
        }
    }
}

/// The threads of a step: `option` when set (2 for two, any other value for one), else two for
/// `large` work on a machine with two cores or more (LoadOptions::threads,
/// Options::validateThreads).
unsigned threadsFor(unsigned option, bool large) {
    if (option != 0) return option == 2 ? 2 : 1;
    return large && std::thread::hardware_concurrency() >= 2 ? 2 : 1;
}

void reportIo(Compilation& c, const std::string& path, const std::string& detail) {
    auto d = diag::Diagnostic::make(diag::Code::IoError);
    d.arg("path", path).arg("detail", detail);
    c.diags.report(std::move(d));
}

} // namespace

std::string ModelRepoResolver::pathFor(std::string_view dtmi) {
    if (!dtmi.starts_with("dtmi:")) return {};
    auto semi = dtmi.find(';');
    if (semi == std::string_view::npos || dtmi.find('#') != std::string_view::npos) return {};
    std::string path;
    for (char ch : dtmi.substr(0, semi)) {
        path += ch == ':' ? '/' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    path += '-';
    path += dtmi.substr(semi + 1);
    path += ".json";
    return path;
}

std::vector<diag::FileId> ModelRepoResolver::resolve(std::span<const std::string> ids,
                                                     diag::SourceManager& sm, diag::Engine& diags) {
    std::vector<diag::FileId> out;
    for (const std::string& id : ids) {
        std::string rel = pathFor(id);
        if (rel.empty()) continue;
        std::vector<std::string> tried; // the paths that do not exist
        bool reached = false;           // a file is there (read, or refused with an I/O error)
        for (const std::string& root : roots_) {
            fs::path p = fs::path(root) / rel;
            std::error_code ec;
            if (!fs::is_regular_file(p, ec)) {
                tried.push_back(p.string());
                continue;
            }
            reached = true;
            if (auto seen = loaded_.find(p.string()); seen != loaded_.end()) {
                // (Another identifier led here: the same DTMI in other letter case.)
                fileOf_.emplace(id, seen->second);
                break;
            }
            std::string error;
            auto file = sm.addFile(p.string(), error);
            if (!file) {
                auto d = diag::Diagnostic::make(diag::Code::IoError);
                d.arg("path", p.string()).arg("detail", error);
                diags.report(std::move(d));
                break;
            }
            loaded_.emplace(p.string(), *file);
            fileOf_.emplace(id, *file);
            out.push_back(*file);
            break;
        }
        if (!reached) missing_.emplace(id, std::move(tried));
    }
    return out;
}

Resolver::Finding Resolver::whyUndefined(std::string_view, const ir::Model&) const { return {}; }

Resolver::Finding ModelRepoResolver::whyUndefined(std::string_view id, const ir::Model& model) const {
    auto quoted = [](std::string_view s) { return "'" + std::string(s) + "'"; };
    if (pathFor(id).empty()) {
        return {std::nullopt,
                {{{}, "the model-repository convention gives a file only to a versioned DTMI "
                      "(dtmi:com:example:Thermostat;1), so --model-repo cannot supply " + quoted(id)}}};
    }
    if (auto m = missing_.find(id); m != missing_.end()) {
        std::string where;
        for (const std::string& p : m->second) where += (where.empty() ? "" : ", ") + p;
        return {std::nullopt,
                {{{}, "no model repository has it: " + where + (m->second.size() == 1 ? " does" : " do") + " not exist"}}};
    }
    auto f = fileOf_.find(id);
    if (f == fileOf_.end()) return {};
    // What the file defines at its top level, where its DTMIs are written.
    std::vector<const ir::Element*> defined;
    for (ir::ElementId root : model.roots())
        if (model[root].origin.range.file == f->second) defined.push_back(&model[root]);
    if (defined.empty()) return {f->second, {{{f->second, 0, 0}, "it defines no element at its top level"}}};
    auto sameLetters = [&](std::string_view other) {
        return other.size() == id.size() &&
               std::equal(other.begin(), other.end(), id.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               });
    };
    for (const ir::Element* e : defined) {
        if (sameLetters(e->id)) {
            return {f->second, {{e->origin.range, "it defines " + quoted(e->id) +
                                                      ": DTMIs are case-sensitive, so write the reference and the @id alike"}}};
        }
    }
    std::string ids;
    for (std::size_t i = 0; i < defined.size() && i < 3; ++i) ids += (i == 0 ? "" : ", ") + quoted(defined[i]->id);
    if (defined.size() > 3) ids += " and " + std::to_string(defined.size() - 3) + " more";
    return {f->second, {{defined.front()->origin.range, "it defines " + ids}}};
}

void loadInputs(Compilation& c, std::span<const std::string> paths, const LoadOptions& options) {
    std::vector<std::string> files;
    std::vector<bool> regular; // per file: known to be a regular file (read in batches)
    bool failed = false;
    const bool stdinAllowed = options.stdinName.has_value();
    for (const std::string& path : paths) {
        if (stdinAllowed && path == "-") {
            files.push_back(path);
            regular.push_back(false);
            continue;
        }
        std::error_code ec;
        fs::file_status st = fs::status(path, ec);
        if (ec || !fs::exists(st)) {
            // The system's reason ("too many levels of symbolic links" for a link loop), else
            // the common one.
            reportIo(c, path, ec && ec != std::errc::no_such_file_or_directory ? ec.message() : "no such file or directory");
            failed = true;
            continue;
        }
        if (fs::is_directory(st)) {
            std::vector<std::string> found;
            std::string error;
            if (!findModelFiles(path, found, error)) {
                reportIo(c, path, error);
                failed = true;
            }
            if (found.empty()) {
                auto d = diag::Diagnostic::make(diag::Code::NoModels);
                d.arg("path", path);
                c.diags.report(std::move(d));
                failed = true;
                continue;
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
            regular.resize(files.size(), true);
        } else {
            if (!isModelFileName(path)) {
                auto d = diag::Diagnostic::make(diag::Code::UnknownFileKind);
                d.arg("path", path);
                c.diags.report(std::move(d));
            }
            files.push_back(path);
            regular.push_back(fs::is_regular_file(st));
        }
    }
    std::unordered_set<std::string> seen;
    std::string cwd;
    // Runs of regular files are read together (SourceManager::addFiles); files are added in
    // input order either way.
    std::vector<std::string> batch;
    auto readBatch = [&] {
        std::vector<diag::SourceManager::Added> added = c.sources.addFiles(
            batch, diag::SourceManager::kMaxFileBytes, threadsFor(options.threads, batch.size() >= kLoadInTwoFiles));
        for (std::size_t i = 0; i < added.size(); ++i) {
            if (!added[i].id) {
                reportIo(c, batch[i], added[i].error);
                failed = true;
                continue;
            }
            c.inputs.push_back(*added[i].id);
        }
        batch.clear();
    };
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string& f = files[i];
        // NOTE(dtc): a lexical normal form, not fs::canonical: resolving every path component
        // through the file system cost more than parsing the files (7 readlink calls per file).
        // (Standard input's key is no path: "./-" names a file.)
        const bool isStdin = stdinAllowed && f == "-" && !regular[i];
        if (!seen.insert(isStdin ? std::string(1, '\0') : normalKey(f, cwd)).second) continue;
        if (regular[i]) {
            batch.push_back(f);
            continue;
        }
        readBatch();
        std::string error;
        auto id = isStdin ? c.sources.addStream(STDIN_FILENO, *options.stdinName, error) : c.sources.addFile(f, error);
        if (!id) {
            reportIo(c, isStdin ? "standard input" : f, error);
            failed = true;
            continue;
        }
        c.inputs.push_back(*id);
    }
    readBatch();
    if (failed || c.inputs.empty()) c.outcome = Outcome::InputError;
}

namespace {

/// Where to split the inputs for two reader threads (the first file of the second part), or 0
/// to read them on one thread. See Options::readThreads.
std::size_t splitPoint(const Compilation& c, const Options& options) {
    if (options.readThreads == 1 || c.inputs.size() < 2) return 0;
    std::size_t bytes = 0;
    for (diag::FileId f : c.inputs) {
        if (parser::dsl::isTwinFile(c.sources.path(f))) return 0;
        bytes += c.sources.text(f).size();
    }
    if (options.readThreads == 0) {
        constexpr std::size_t kMinFiles = 64, kMinBytes = 256 * 1024;
        if (c.inputs.size() < kMinFiles || bytes < kMinBytes || std::thread::hardware_concurrency() < 2) return 0;
    }
    // The first part ends where half of the bytes are read (at least one file in each part).
    std::size_t first = 0, i = 0;
    while (i + 1 < c.inputs.size() && first < bytes / 2) first += c.sources.text(c.inputs[i++]).size();
    return std::max<std::size_t>(i, 1);
}

/// Reads the inputs before `split` into c.model with `dtdl` on this thread and the others into
/// a model of their own on a second thread, then joins the two. True when the result is what
/// reading every file in order with `dtdl` gives: neither part reported anything (a diagnostic
/// can depend on what the other part defines, a duplicate identifier, the official parser's
/// stopping rules) and no identifier is defined in both. False (also when no thread can be
/// started) leaves c.model and `dtdl` to be discarded; c.diags holds what the first part reported.
bool readInTwo(Compilation& c, const Options& options, parser::DtdlReader& dtdl, std::size_t split) {
    struct Part {
        ir::Model model;
        diag::Engine diags;
        std::optional<parser::DtdlReader> reader;
    };
    auto second = std::make_unique<Part>();
    second->reader.emplace(options.dtdl, c.sources, second->diags, second->model);
    diag::HelperThread worker([&c, &second, split] {
        for (std::size_t i = split; i < c.inputs.size(); ++i) {
            diag::keepThreadHeapAdvised();
            second->reader->read(c.inputs[i]);
        }
    });
    if (!worker.started()) return false; // (a process limit): one thread reads it all
    const std::size_t reportedBefore = c.diags.diagnostics().size();
    const std::size_t suppressedBefore = c.diags.suppressedCount();
    for (std::size_t i = 0; i < split; ++i) {
        dtdl.read(c.inputs[i]);
        diag::keepHeapAdvised();
        if (options.progress) options.progress(i + 1, c.inputs.size());
    }
    worker.join();
    const bool quiet = c.diags.diagnostics().size() == reportedBefore && c.diags.suppressedCount() == suppressedBefore &&
                       second->diags.diagnostics().empty() && second->diags.suppressedCount() == 0 &&
                       dtdl.quiet() && second->reader->quiet();
    if (!quiet || !c.model.append(std::move(second->model), 2)) return false;
    dtdl.absorb(std::move(*second->reader));
    diag::keepHeapAdvised();
    if (options.progress) options.progress(c.inputs.size(), c.inputs.size());
    return true;
}

} // namespace

void compile(Compilation& c, const Options& options, Resolver* resolver) {
    // Options::phase: each step is announced as it ends; the one under way when compile()
    // returns, by the guard.
    struct Steps {
        const Options& options;
        std::string_view current = "read";
        void next(std::string_view step) {
            if (options.phase) options.phase(current);
            current = step;
        }
        ~Steps() {
            if (options.phase) options.phase(current);
        }
    } steps{options};
    std::optional<parser::DtdlReader> dtdlSlot;
    dtdlSlot.emplace(options.dtdl, c.sources, c.diags, c.model);
    // .twin front end (src/parser/dsl): read with the DTDL files, names resolved once every
    // file of the set is read so .twin and DTDL files can refer to each other.
    parser::dsl::TwinReader twin(c.sources, c.diags, c.model);
    bool read = false;
    if (const std::size_t split = splitPoint(c, options); split != 0) {
        diag::Engine loaded = c.diags; // what loading the inputs reported (a few at most)
        read = readInTwo(c, options, *dtdlSlot, split);
        c.readInTwoParts = read;
        if (!read) {
            // Read again on one thread, from where loading the inputs left off.
            c.diags = std::move(loaded);
            c.model = ir::Model();
            dtdlSlot.emplace(options.dtdl, c.sources, c.diags, c.model);
        }
    }
    parser::DtdlReader& dtdl = *dtdlSlot;
    if (!read) {
        std::size_t done = 0;
        for (diag::FileId f : c.inputs) {
            if (parser::dsl::isTwinFile(c.sources.path(f))) twin.read(f);
            else dtdl.read(f);
            diag::keepHeapAdvised();
            if (options.progress) options.progress(++done, c.inputs.size());
        }
    }
    steps.next("resolve");
    dtdl.endOfInput();
    const bool continuum = twin.resolve(dtdl.commentCount() != 0);
    if (c.diags.hasErrors()) {
        c.outcome = Outcome::ParsingError;
        return;
    }
    // Resolution rounds: ask the resolver for what no document defines, until everything is
    // defined or the resolver has nothing more.
    std::vector<std::string> undefined = dtdl.undefinedReferences();
    std::set<std::string> asked;
    while (!undefined.empty() && resolver != nullptr) {
        std::vector<std::string> fresh;
        for (const auto& id : undefined)
            if (asked.insert(id).second) fresh.push_back(id);
        if (fresh.empty()) break;
        ++c.resolverRounds;
        std::vector<diag::FileId> files = resolver->resolve(fresh, c.sources, c.diags);
        if (files.empty()) break;
        for (diag::FileId f : files) dtdl.read(f, true);
        dtdl.endOfInput();
        if (c.diags.hasErrors()) {
            c.outcome = Outcome::ParsingError;
            return;
        }
        undefined = dtdl.undefinedReferences();
    }
    // NOTE(dtc): a reference to a reserved identifier that names no element (undefinedReservedId)
    // or to a class of the language (badType), both found by undefinedReferences(), is the
    // official parser's only finding: it reports neither the identifiers left undefined nor
    // any rule checked once the references resolve (the types of referenced elements, repeated
    // names among elements with @id).
    if (c.diags.hasErrors()) {
        c.outcome = Outcome::ParsingError;
        return;
    }
    if (!undefined.empty()) {
        for (const std::string& id : undefined) {
            Resolver::Finding why;
            if (resolver != nullptr && asked.count(id) != 0) why = resolver->whyUndefined(id, c.model);
            auto d = diag::Diagnostic::make(why.file ? diag::Code::RepositoryDocumentMismatch : diag::Code::UndefinedReference,
                                            dtdl.referenceSite(id));
            d.value = id;
            if (why.file) d.arg("path", std::string(c.sources.path(*why.file)));
            d.notes = std::move(why.notes);
            c.diags.report(std::move(d));
        }
        c.unresolved = undefined;
        c.outcome = Outcome::ResolutionError;
        return;
    }
    // Threads of a step that a second thread pays for from `minElements`, or `minElementsReady`
    // when the helper thread is awake (Options::validateThreads).
    auto threadsFrom = [&](std::size_t minElements, std::size_t minElementsReady) {
        return threadsFor(options.validateThreads,
                          c.model.size() >= (diag::HelperThread::ready() ? minElementsReady : minElements));
    };
    c.model.resolveReferences(threadsFrom(kResolveInTwoElements, kResolveInTwoElements));
    diag::keepHeapAdvised(); // what resolution rounds and reference resolution grew
    steps.next("validate");
    // (The reader's checks left until the references resolve are reported once the validator's
    // references pass found nothing, as the official parser orders them.)
    c.validatedAhead = validator::validateModel(c.model, c.diags, threadsFrom(kValidateAheadElements, kValidateAheadElementsReady),
                                                [&dtdl] { dtdl.reportLateErrors(); });
    // Continuum rules (.twin, issue #3): nothing to check in a set without continuum concepts
    // (a pass over every element: 5 ms of a 250 ms warm compile of the generated 10k set).
    if (continuum) validator::validateTwinRules(c.model, c.diags);
    c.outcome = c.diags.hasErrors() ? Outcome::ParsingError : Outcome::Valid;
}

void tuneAllocatorForBatch() {
#if defined(__GLIBC__)
    // NOTE(dtc): glibc's defaults return freed memory at the top of the heap (trim threshold)
    // and serve blocks above a moving threshold with mmap/munmap, so consecutive compilations
    // fault the same pages in again; in a VM a page fault costs microseconds. Every block
    // comes from a heap (no mmap: M_MMAP_MAX 0; blocks above 32 MiB, the largest threshold
    // glibc takes, were mappings of their own, in small pages: 80,000 page faults of the
    // validator's tables on the generated 100k set; glibc still maps a block larger than a
    // thread heap's 64 MiB region on its own), and the heap is never trimmed (-1).
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, -1);
    // The heap grows in steps of 1 GiB of address space (an eighth of the memory on small
    // machines; nothing is committed until touched), and every step is advised to use
    // transparent huge pages as soon as the driver sees it (diag::keepHeapAdvised, after each
    // file and before validation), as is the heap of each thread that does a part of the work
    // (diag::keepThreadHeapAdvised, when a HelperThread's work starts), and every block of
    // 4 MiB or more (driver/large_block_new.cpp). Touching memory then
    // costs one fault per 2 MiB instead of one per 4 KiB, and the model's data (the element
    // array every pass reads, identifier strings) misses the TLB far less: in a VM a TLB miss
    // walks two page tables.
    std::size_t pad = std::size_t{1024} * 1024 * 1024;
    long pages = sysconf(_SC_PHYS_PAGES);
    long pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0)
        pad = std::min(pad, static_cast<std::size_t>(pages) * static_cast<std::size_t>(pageSize) / 8);
    mallopt(M_TOP_PAD, static_cast<int>(pad));
    diag::startHeapAdvice();
#endif
}

} // namespace dtc::driver
