#include "ir/model.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <mutex>
#include <new>
#include <optional>
#include <unordered_set>

#include "diag/helper_thread.h"
#include "diag/string_hash.h"

namespace dtc::ir {

std::string_view formatName(SourceFormat f) {
    switch (f) {
    case SourceFormat::Dtdl: return "dtdl";
    case SourceFormat::Twin: return "twin";
    case SourceFormat::NgsiLd: return "ngsi-ld";
    case SourceFormat::OneM2M: return "onem2m";
    case SourceFormat::Standard: return "standard";
    case SourceFormat::Synthesized: return "synthesized";
    }
    return "?";
}

Literal Literal::string(std::string s) {
    Literal l;
    l.kind = Kind::String;
    l.lexical = std::move(s);
    return l;
}

Literal Literal::integerValue(std::int64_t v, std::string lexical) {
    Literal l;
    l.kind = Kind::Integer;
    l.integer = v;
    l.number = static_cast<double>(v);
    l.lexical = lexical.empty() ? std::to_string(v) : std::move(lexical);
    return l;
}

Literal Literal::doubleValue(double v, std::string lexical) {
    Literal l;
    l.kind = Kind::Double;
    l.number = v;
    l.lexical = std::move(lexical);
    return l;
}

std::string dotNetNumberText(double v) {
    // (.NET's invariant culture: a number past a double's range, 1e999, reads as infinity.)
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    if (std::isnan(v)) return "NaN";
    if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    std::string out(buf, ec == std::errc() ? end : buf);
    for (char& c : out)
        if (c == 'e') c = 'E';
    return out;
}

Literal Literal::booleanValue(bool b) {
    Literal l;
    l.kind = Kind::Boolean;
    l.boolean = b;
    l.lexical = b ? "true" : "false";
    return l;
}

std::string_view LangString::best(std::string_view lang) const {
    for (const auto& [l, t] : values)
        if (l == lang) return t;
    for (const auto& [l, t] : values)
        if (l == "en") return t;
    return values.empty() ? std::string_view{} : std::string_view(values.front().second);
}

namespace {
struct PrimitiveInfo {
    Primitive kind;
    std::string_view name;
};
constexpr std::array kPrimitives{
    PrimitiveInfo{Primitive::Boolean, "boolean"},
    PrimitiveInfo{Primitive::Date, "date"},
    PrimitiveInfo{Primitive::DateTime, "dateTime"},
    PrimitiveInfo{Primitive::Double, "double"},
    PrimitiveInfo{Primitive::Duration, "duration"},
    PrimitiveInfo{Primitive::Float, "float"},
    PrimitiveInfo{Primitive::Integer, "integer"},
    PrimitiveInfo{Primitive::Long, "long"},
    PrimitiveInfo{Primitive::String, "string"},
    PrimitiveInfo{Primitive::Time, "time"},
    PrimitiveInfo{Primitive::Byte, "byte"},
    PrimitiveInfo{Primitive::Bytes, "bytes"},
    PrimitiveInfo{Primitive::Decimal, "decimal"},
    PrimitiveInfo{Primitive::Short, "short"},
    PrimitiveInfo{Primitive::Uuid, "uuid"},
    PrimitiveInfo{Primitive::UnsignedByte, "unsignedByte"},
    PrimitiveInfo{Primitive::UnsignedShort, "unsignedShort"},
    PrimitiveInfo{Primitive::UnsignedInteger, "unsignedInteger"},
    PrimitiveInfo{Primitive::UnsignedLong, "unsignedLong"},
};
} // namespace

std::string_view primitiveName(Primitive p) {
    for (const auto& i : kPrimitives)
        if (i.kind == p) return i.name;
    return "?";
}

std::optional<Primitive> primitiveFromName(std::string_view name) {
    for (const auto& i : kPrimitives)
        if (i.name == name) return i.kind;
    return std::nullopt;
}

std::string_view className(const Body& body) {
    struct Visitor {
        std::string_view operator()(const Interface&) const { return "Interface"; }
        std::string_view operator()(const Telemetry&) const { return "Telemetry"; }
        std::string_view operator()(const Property&) const { return "Property"; }
        std::string_view operator()(const Command&) const { return "Command"; }
        std::string_view operator()(const CommandPayload& p) const {
            switch (p.role) {
            case CommandPayload::Role::Request: return "CommandRequest";
            case CommandPayload::Role::Response: return "CommandResponse";
            case CommandPayload::Role::Payload: break;
            }
            return "CommandPayload";
        }
        std::string_view operator()(const Relationship&) const { return "Relationship"; }
        std::string_view operator()(const Component&) const { return "Component"; }
        std::string_view operator()(const ArraySchema&) const { return "Array"; }
        std::string_view operator()(const EnumSchema&) const { return "Enum"; }
        std::string_view operator()(const EnumValue&) const { return "EnumValue"; }
        std::string_view operator()(const MapSchema&) const { return "Map"; }
        std::string_view operator()(const MapKey&) const { return "MapKey"; }
        std::string_view operator()(const MapValue&) const { return "MapValue"; }
        std::string_view operator()(const ObjectSchema&) const { return "Object"; }
        std::string_view operator()(const Field&) const { return "Field"; }
        std::string_view operator()(const PrimitiveSchema& p) const { return primitiveName(p.kind); }
        std::string_view operator()(const ExtensionElement& e) const {
            return e.classes.empty() ? std::string_view("Entity") : std::string_view(e.classes.front());
        }
    };
    return visitBody(body, Visitor{});
}

namespace {
std::uint32_t idHash(std::string_view id) { return static_cast<std::uint32_t>(diag::fullStringHash(id)); }
} // namespace

const std::string& Term::none() {
    static const std::string& kEmpty = *new std::string; // (never destroyed: see intern)
    return kEmpty;
}

const std::string* Term::intern(std::string_view s) {
    if (s.empty()) return &none();
    // (Node-based: an element's address never changes. Few distinct terms: the lock is rarely
    // contended, and the reader's hot path uses Term::stable.)
    // (Allocated once and never destroyed, as the metamodel: a term stays valid even while the
    // process ends.)
    static std::mutex& lock = *new std::mutex;
    static auto& terms = *new std::unordered_set<std::string, diag::StringHash, std::equal_to<>>;
    std::lock_guard<std::mutex> guard(lock);
    auto it = terms.find(s);
    if (it == terms.end()) it = terms.emplace(s).first;
    return &*it;
}

ElementStore::ElementStore(const ElementStore& other) {
    for (const Element& e : other) push_back(Element(e));
}

ElementStore::ElementStore(ElementStore&& other) noexcept
    : chunks_(std::move(other.chunks_)), size_(other.size_), blocks_(std::move(other.blocks_)),
      spareBegin_(other.spareBegin_), spareChunks_(other.spareChunks_) {
    other.chunks_.clear();
    other.size_ = 0;
    other.blocks_.clear();
    other.spareBegin_ = nullptr;
    other.spareChunks_ = 0;
}

ElementStore& ElementStore::operator=(ElementStore other) noexcept {
    std::swap(chunks_, other.chunks_);
    std::swap(size_, other.size_);
    std::swap(blocks_, other.blocks_);
    std::swap(spareBegin_, other.spareBegin_);
    std::swap(spareChunks_, other.spareChunks_);
    return *this;
}

ElementStore::~ElementStore() {
    for (std::size_t i = 0; i < size_; ++i) (*this)[i].~Element();
    for (void* block : blocks_) ::operator delete(block);
}

Element* ElementStore::newChunk() {
    if (spareChunks_ == 0) {
        constexpr std::size_t kMaxBlockChunks = 64; // 16,384 elements, 5 MB
        const std::size_t chunks = std::clamp<std::size_t>(chunks_.size(), 1, kMaxBlockChunks);
        blocks_.reserve(blocks_.size() + 1);
        void* block = ::operator new(chunks * kChunkSize * sizeof(Element));
        blocks_.push_back(block);
        spareBegin_ = static_cast<Element*>(block);
        spareChunks_ = chunks;
    }
    Element* chunk = spareBegin_;
    spareBegin_ += kChunkSize;
    --spareChunks_;
    return chunk;
}

Element& ElementStore::push_back(Element&& e) {
    if (size_ == chunks_.size() * kChunkSize) {
        chunks_.reserve(chunks_.size() + 1);
        chunks_.push_back(newChunk());
    }
    Element* slot = &at(chunks_.data(), size_);
    ::new (static_cast<void*>(slot)) Element(std::move(e));
    ++size_;
    return *slot;
}

void ElementStore::append(ElementStore&& other) {
    if (other.size_ == 0) return;
    if (size_ == 0) {
        *this = std::move(other);
        return;
    }
    const std::size_t n = other.size_;
    Element* const* oc = other.chunks_.data();
    // Moves other's elements [from, from + count) into the slots at `to`.
    auto moveOut = [&](std::size_t from, std::size_t count, Element* to) {
        for (std::size_t j = 0; j < count; ++j) {
            Element& e = at(oc, from + j);
            ::new (static_cast<void*>(to + j)) Element(std::move(e));
            e.~Element();
        }
    };
    chunks_.reserve(chunks_.size() + other.chunks_.size() + 1);
    blocks_.reserve(blocks_.size() + other.blocks_.size() + 1);
    // This store's last chunk is filled with other's first elements (none when it is full).
    const std::size_t r = size_ % kChunkSize;
    const std::size_t head = r == 0 ? 0 : std::min(n, kChunkSize - r);
    moveOut(0, head, chunks_.back() + r);
    // Then a chunk per kChunkSize of other's elements, from `head` on: a window into other's
    // memory where its slots are one run (and for the last chunk, where the slots after it are
    // free too), else a fresh chunk the elements move to.
    for (std::size_t t = head; t < n; t += kChunkSize) {
        const std::size_t a = t >> kChunkBits;
        const std::size_t offset = t & (kChunkSize - 1);
        bool run = offset == 0;
        if (!run && a + 1 < other.chunks_.size()) run = oc[a + 1] == oc[a] + kChunkSize;
        // (After other's last chunk: its block's spare slots, which no chunk is cut from any
        // more: other's spare is dropped below.)
        else if (!run) run = other.spareChunks_ != 0 && other.spareBegin_ == oc[a] + kChunkSize;
        if (run) {
            chunks_.push_back(oc[a] + offset);
        } else {
            Element* fresh = newChunk();
            moveOut(t, std::min(kChunkSize, n - t), fresh);
            chunks_.push_back(fresh);
        }
    }
    size_ += n;
    blocks_.insert(blocks_.end(), other.blocks_.begin(), other.blocks_.end());
    other.blocks_.clear();
    other.chunks_.clear();
    other.size_ = 0;
    other.spareBegin_ = nullptr;
    other.spareChunks_ = 0;
}

std::size_t Model::slotOf(std::string_view id, std::uint32_t hash) const {
    // The slot holding `id`, or the empty slot where it would go.
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        std::uint64_t s = slots_[i];
        if (s == 0) return i;
        if (static_cast<std::uint32_t>(s >> 32) == hash &&
            elements_[static_cast<std::uint32_t>(s) - 1].id == id)
            return i;
    }
}

void Model::growIndex() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(64, old.size() * 2), 0);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint64_t s : old) {
        if (s == 0) continue;
        std::size_t i = static_cast<std::uint32_t>(s >> 32) & mask;
        while (slots_[i] != 0) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

ElementId Model::add(Element&& element, bool* added, std::optional<IdHash> given) {
    if ((elements_.size() + 1) * 2 > slots_.size()) growIndex();
    const std::uint32_t hash = given ? given->value : idHash(element.id);
    const std::size_t slot = slotOf(element.id, hash);
    if (slots_[slot] != 0) {
        if (added) *added = false;
        return ElementId{static_cast<std::uint32_t>(slots_[slot]) - 1};
    }
    ElementId id{static_cast<std::uint32_t>(elements_.size())};
    elements_.push_back(std::move(element)).self = id;
    slots_[slot] = static_cast<std::uint64_t>(hash) << 32 | (id.index + 1);
    if (added) *added = true;
    return id;
}

bool Model::append(Model&& other, unsigned threads) {
    // NOTE(dtc): on a large set this runs on one thread between the reading threads and the
    // resolution, which both run on two: it was a tenth of the reading step (generated 10k, 95,000
    // elements appended). Each half of `other`'s elements is checked, renumbered and indexed
    // on a thread of its own; index entries are written with compare-and-swap into empty slots
    // (no identifier is in both halves, so no two threads look for the same one).
    const std::size_t n = other.elements_.size();
    const bool two = threads >= 2;
    // (No identifier is hashed again: other's index holds every element's hash, which the
    // check and the index entries below reuse. Each element is in one slot: the halves of the
    // slots write apart.)
    std::vector<std::uint32_t> hashes(n);
    diag::inTwoHalves(two, other.slots_.size(), [&](std::size_t begin, std::size_t end, unsigned) {
        for (std::size_t k = begin; k < end; ++k)
            if (const std::uint64_t s = other.slots_[k]; s != 0)
                hashes[static_cast<std::uint32_t>(s) - 1] = static_cast<std::uint32_t>(s >> 32);
    });
    if (!slots_.empty()) {
        std::atomic<bool> defined{false};
        diag::inTwoHalves(two, n, [&](std::size_t begin, std::size_t end, unsigned) {
            for (std::size_t i = begin; i < end && !defined.load(std::memory_order_relaxed); ++i)
                if (slots_[slotOf(other.elements_[i].id, hashes[i])] != 0) defined.store(true, std::memory_order_relaxed);
        });
        if (defined.load()) return false;
    }
    const auto offset = static_cast<std::uint32_t>(elements_.size());
    auto shift = [offset](ElementId& id) {
        if (id.valid()) id.index += offset;
    };
    // (other's elements move once, within other's storage: ElementStore::append; each gets its
    // index entry as add() would make it, in the first empty slot from its hash on.)
    while ((elements_.size() + n) * 2 > slots_.size()) growIndex();
    elements_.append(std::move(other.elements_));
    static_assert(alignof(std::uint64_t) >= std::atomic_ref<std::uint64_t>::required_alignment);
    const std::size_t mask = slots_.size() - 1;
    diag::inTwoHalves(two, n, [&](std::size_t begin, std::size_t end, unsigned) {
        for (std::size_t k = begin; k < end; ++k) {
            const std::size_t i = offset + k;
            Element& e = elements_[i];
            forEachRef(e, [&](Ref& r) { shift(r.resolved); });
            e.self = ElementId{static_cast<std::uint32_t>(i)};
            const std::uint64_t entry = static_cast<std::uint64_t>(hashes[k]) << 32 | (i + 1);
            for (std::size_t h = hashes[k] & mask;; h = (h + 1) & mask) {
                std::uint64_t empty = 0;
                if (std::atomic_ref<std::uint64_t>(slots_[h]).compare_exchange_strong(empty, entry,
                                                                                      std::memory_order_relaxed))
                    break;
            }
        }
    });
    for (ElementId r : other.roots_) {
        shift(r);
        roots_.push_back(r);
    }
    other = Model();
    return true;
}

Model::IdHash Model::prefetch(std::string_view id) const {
    const std::uint32_t hash = idHash(id);
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
    return {hash};
}

std::optional<ElementId> Model::find(std::string_view id) const {
    if (slots_.empty()) return std::nullopt;
    std::uint64_t s = slots_[slotOf(id, idHash(id))];
    if (s == 0) return std::nullopt;
    return ElementId{static_cast<std::uint32_t>(s) - 1};
}

std::vector<std::string> Model::resolveReferences(unsigned threads) {
    struct Part {
        std::vector<std::string> missing;
        std::unordered_set<std::string_view> reported; // views of the Refs' own targets
    };
    // (find() only reads the index: the parts' elements, and so their Refs, are disjoint.)
    // NOTE(dtc): each lookup misses the cache in the index and again in the element it finds
    // (to compare identifiers). The references are taken in batches: the slots of a batch are
    // fetched while the identifiers are hashed, the elements while the slots are read, and
    // only then are the identifiers compared; the batches keep the references' order.
    auto resolve = [this](std::size_t begin, std::size_t end, Part& part) {
        struct Pending {
            Ref* ref;
            std::uint32_t hash;
            std::uint32_t candidate; ///< index + 1 of the first element whose hash matches, or 0
        };
        constexpr std::size_t kBatch = 16;
        std::array<Pending, kBatch> batch;
        std::size_t count = 0;
        const std::size_t mask = slots_.empty() ? 0 : slots_.size() - 1;
        auto settle = [&] {
            for (std::size_t k = 0; k < count; ++k) {
                Pending& p = batch[k];
                p.candidate = 0;
                for (std::size_t h = p.hash & mask; !slots_.empty(); h = (h + 1) & mask) {
                    const std::uint64_t s = slots_[h];
                    if (s == 0) break;
                    if (static_cast<std::uint32_t>(s >> 32) == p.hash) {
                        p.candidate = static_cast<std::uint32_t>(s);
                        __builtin_prefetch(&elements_[p.candidate - 1].id);
                        break;
                    }
                }
            }
            for (std::size_t k = 0; k < count; ++k) {
                Ref& r = *batch[k].ref;
                std::optional<ElementId> found;
                if (batch[k].candidate != 0 && elements_[batch[k].candidate - 1].id == r.target)
                    found = ElementId{batch[k].candidate - 1};
                else if (batch[k].candidate != 0)
                    found = find(r.target); // (another identifier with the same hash came first)
                if (found) {
                    r.resolved = *found;
                } else if (r.dependent && part.reported.insert(r.target).second) {
                    part.missing.push_back(r.target);
                }
            }
            count = 0;
        };
        for (std::size_t i = begin; i < end; ++i) {
            forEachRef(elements_[i], [&](Ref& r) {
                // An inline definition is resolved by whoever added it (its element is known).
                if (r.inlineDefinition && r.resolved.valid()) return;
                const std::uint32_t hash = idHash(r.target);
                if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask]);
                batch[count++] = {&r, hash, 0};
                if (count == kBatch) settle();
            });
        }
        settle();
    };
    std::array<Part, 2> parts;
    diag::inTwoHalves(threads >= 2, elements_.size(),
                      [&](std::size_t begin, std::size_t end, unsigned part) { resolve(begin, end, parts[part]); });
    auto& [first, second] = parts;
    for (std::string& m : second.missing)
        if (!first.reported.contains(m)) first.missing.push_back(std::move(m));
    return std::move(first.missing);
}

std::size_t Model::interfaceCount() const {
    std::size_t n = 0;
    for (const auto& e : elements_) n += e.is<Interface>() ? 1 : 0;
    return n;
}

} // namespace dtc::ir
