// dtc::diag::StringHash — the string hash of the hashed indexes of every stage (metamodel
// lookups, the IR's identifier index): faster on identifiers and IRIs than std::hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace dtc::diag {

/// Transparent string hash, so hashed indexes take std::string_view keys without building a
/// std::string per lookup (the metamodel's StringIndex, the IR's identifier index).
// NOTE(dtc): the keys are long IRIs ("dtmi:dtdl:class:Interface;3") looked up a few hundred
// thousand times per check (Metamodel::isA alone ~100k times on RealEstateCore); the library's
// byte-wise std::hash (_Hash_bytes) was 9% of a check. This one mixes eight bytes per step
// (FxHash style, the tail zero-padded, the length mixed in). The indexes are never iterated,
// so the hash choice is not observable.
// The call operator is deliberately not noexcept: libstdc++ then stores each key's hash in its
// node, so a lookup compares stored hashes while it walks a bucket instead of rehashing every
// key it passes (which was most of the hashing above).
/// A hash of every byte of `s`, eight at a time (FxHash style, the tail zero-padded, the length
/// mixed in), finished with MurmurHash3's 64-bit mix so that every bit of the input reaches the
/// low bits (open-addressing tables take their slot from those): for keys that come from the
/// input (identifiers), where sampling some words, as StringHash does, would let many keys of
/// one shape collide.
[[nodiscard]] inline std::uint64_t fullStringHash(std::string_view s) {
    constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
    std::uint64_t h = s.size() * kMul;
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        h = (((h << 5) | (h >> 59)) ^ w) * kMul;
    }
    if (n > 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = (((h << 5) | (h >> 59)) ^ w) * kMul;
    }
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
}

/// For the metamodel's fixed keys (class, property and term IRIs): long keys are sampled.
struct StringHash {
    using is_transparent = void;
    [[nodiscard]] std::size_t operator()(std::string_view s) const {
        constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
        std::uint64_t h = s.size() * kMul;
        const char* p = s.data();
        std::size_t n = s.size();
        auto mix = [&h](std::uint64_t w) { h = (((h << 5) | (h >> 59)) ^ w) * kMul; };
        auto word = [&p](std::size_t at) { // reads at the current p
            std::uint64_t w;
            std::memcpy(&w, p + at, 8);
            return w;
        };
        if (n >= 24) {
            // Long IRIs share their prefixes and differ near the end: sample the first, the
            // middle and the last three words instead of all of them (equal keys still hash
            // equally; a rare collision costs one more key comparison).
            mix(word(0));
            mix(word(n / 2 - 4));
            mix(word(n - 24));
            mix(word(n - 16));
            mix(word(n - 8));
        } else {
            for (; n >= 8; p += 8, n -= 8) mix(word(0));
            if (n > 0) {
                std::uint64_t w = 0;
                std::memcpy(&w, p, n);
                mix(w);
            }
        }
        return static_cast<std::size_t>(h ^ (h >> 32));
    }
};

} // namespace dtc::diag
