// dtc::diag::StringHash and fullStringHash — the string hashes of the hashed indexes of every
// stage (metamodel lookups, the DTDL reader's term maps, the IR's identifier index): faster on
// identifiers and IRIs than std::hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace dtc::diag {

namespace detail {
inline constexpr std::uint64_t kFxMul = 0x9E3779B97F4A7C15ULL;

/// One FxHash step: the state rotated, the word mixed in, multiplied.
inline std::uint64_t fxMix(std::uint64_t h, std::uint64_t w) { return (((h << 5) | (h >> 59)) ^ w) * kFxMul; }

/// The eight-byte word at `p`.
inline std::uint64_t wordAt(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

/// `h` with every byte of [p, p + n) mixed in, eight at a time, the tail zero-padded.
inline std::uint64_t fxBytes(std::uint64_t h, const char* p, std::size_t n) {
    for (; n >= 8; p += 8, n -= 8) h = fxMix(h, wordAt(p));
    if (n > 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        h = fxMix(h, w);
    }
    return h;
}
} // namespace detail

/// A hash of every byte of `s`, eight at a time (FxHash style, the tail zero-padded, the length
/// mixed in), finished with MurmurHash3's 64-bit mix so that every bit of the input reaches the
/// low bits (open-addressing tables take their slot from those): for keys that come from the
/// input (identifiers, term names), where sampling some words, as StringHash does, would let
/// many keys of one shape collide.
[[nodiscard]] inline std::uint64_t fullStringHash(std::string_view s) {
    std::uint64_t h = detail::fxBytes(s.size() * detail::kFxMul, s.data(), s.size());
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
}

/// Transparent string hash for the metamodel's fixed keys (class, property and term IRIs), so
/// its hashed indexes take std::string_view keys without building a std::string per lookup.
// NOTE(dtc): the keys are long IRIs ("dtmi:dtdl:class:Interface;3") looked up a few hundred
// thousand times per check (Metamodel::isA alone ~100k times on RealEstateCore); the library's
// byte-wise std::hash (_Hash_bytes) was 9% of a check. This one mixes eight bytes per step
// (FxHash style, the tail zero-padded, the length mixed in). The indexes are never iterated,
// so the hash choice is not observable.
// The call operator is deliberately not noexcept: libstdc++ then stores each key's hash in its
// node, so a lookup compares stored hashes while it walks a bucket instead of rehashing every
// key it passes (which was most of the hashing above).
struct StringHash {
    using is_transparent = void;
    [[nodiscard]] std::size_t operator()(std::string_view s) const {
        const char* p = s.data();
        const std::size_t n = s.size();
        std::uint64_t h = n * detail::kFxMul;
        if (n >= 24) {
            // Long IRIs share their prefixes and differ near the end: sample the first, the
            // middle and the last three words instead of all of them (equal keys still hash
            // equally; a rare collision costs one more key comparison).
            for (std::size_t at : {std::size_t{0}, n / 2 - 4, n - 24, n - 16, n - 8})
                h = detail::fxMix(h, detail::wordAt(p + at));
        } else {
            h = detail::fxBytes(h, p, n);
        }
        return static_cast<std::size_t>(h ^ (h >> 32));
    }
};

} // namespace dtc::diag
