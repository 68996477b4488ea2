// Lexical checks for DTDL primitive values (see lexical.h for each contract).
//
// NOTE(dtc): hand-written scanners instead of std::regex: the patterns are small, std::regex is
// slow and recursive on long input, and this code also runs on every runtime payload. Digits are
// ASCII only ('\d' in the reference's .NET patterns also matches other Unicode digits; ISO 8601
// and RFC 3339 mean ASCII).
#include "validator/detail/lexical.h"

#include <cfloat>
#include <charconv>
#include <cmath>
#include <limits>

namespace dtc::validator::lexical {

namespace {

constexpr bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
constexpr bool isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Reads exactly n digits at s[pos...]; returns their value.
std::optional<int> fixedDigits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size())
        return std::nullopt;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!isDigit(s[i]))
            return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool isLeapYear(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m) {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

// "YYYY-MM-DD" at the start of s (exactly 10 characters).
bool datePart(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-')
        return false;
    const auto y = fixedDigits(s, 0, 4), m = fixedDigits(s, 5, 2), d = fixedDigits(s, 8, 2);
    if (!y || !m || !d)
        return false;
    if (*y < 1 || *m < 1 || *m > 12)
        return false;
    return *d >= 1 && *d <= daysInMonth(*y, *m);
}

// "hh:mm:ss[.f+](Z|±hh:mm)" covering all of s.
bool timePart(std::string_view s) {
    if (s.size() < 9 || s[2] != ':' || s[5] != ':')
        return false;
    const auto h = fixedDigits(s, 0, 2), mi = fixedDigits(s, 3, 2), se = fixedDigits(s, 6, 2);
    if (!h || !mi || !se || *h > 23 || *mi > 59 || *se > 59)
        return false;
    std::size_t pos = 8;
    if (s[pos] == '.') {
        const std::size_t start = ++pos;
        while (pos < s.size() && isDigit(s[pos]))
            ++pos;
        if (pos == start)
            return false;
    }
    if (pos >= s.size())
        return false; // the offset is mandatory
    if (s[pos] == 'Z')
        return pos + 1 == s.size();
    if (s[pos] != '+' && s[pos] != '-')
        return false;
    const std::string_view off = s.substr(pos + 1);
    if (off.size() != 5 || off[2] != ':')
        return false;
    const auto oh = fixedDigits(off, 0, 2), om = fixedDigits(off, 3, 2);
    return oh && om && *oh <= 23 && *om <= 59;
}

} // namespace

bool isDate(std::string_view s) {
    return datePart(s);
}

bool isTime(std::string_view s) {
    return timePart(s);
}

bool isDateTime(std::string_view s) {
    return s.size() > 11 && s[10] == 'T' && datePart(s.substr(0, 10)) && timePart(s.substr(11));
}

bool isDuration(std::string_view s) {
    // The reference pattern (DTDLParser 1.1.3), rendered as a scanner:
    //   ^P(?!$)(?:(?:(\d+Y|\d+\.\d+Y$)?(\d+M|\d+\.\d+M$)?)|(\d+W|\d+\.\d+W$)?)(\d+D|\d+\.\d+D$)?
    //    (?:T(?!$)(\d+H|\d+\.\d+H$)?(\d+M|\d+\.\d+M$)?(\d+(?:\.\d+)?S)?)?$
    if (s.size() < 2 || s[0] != 'P')
        return false;
    // Designator ranks, in the order they may appear; weeks exclude years and months.
    enum Rank { kYear, kMonth, kWeek, kDay, kHour, kMinute, kSecond };
    int next = kYear; // lowest rank still allowed
    bool inTime = false;
    bool sawYearOrMonth = false;
    std::size_t pos = 1;
    while (pos < s.size()) {
        if (s[pos] == 'T') {
            if (inTime)
                return false;
            inTime = true;
            next = kHour;
            if (++pos == s.size())
                return false; // "T" needs a component
            continue;
        }
        const std::size_t start = pos;
        while (pos < s.size() && isDigit(s[pos]))
            ++pos;
        if (pos == start)
            return false;
        bool fraction = false;
        if (pos < s.size() && s[pos] == '.') {
            const std::size_t fs = ++pos;
            while (pos < s.size() && isDigit(s[pos]))
                ++pos;
            if (pos == fs)
                return false;
            fraction = true;
        }
        if (pos == s.size())
            return false; // a number needs a designator
        const char des = s[pos++];
        int rank = -1;
        if (!inTime) {
            switch (des) {
            case 'Y':
                rank = kYear;
                break;
            case 'M':
                rank = kMonth;
                break;
            case 'W':
                rank = kWeek;
                break;
            case 'D':
                rank = kDay;
                break;
            default:
                return false;
            }
        } else {
            switch (des) {
            case 'H':
                rank = kHour;
                break;
            case 'M':
                rank = kMinute;
                break;
            case 'S':
                rank = kSecond;
                break;
            default:
                return false;
            }
        }
        if (rank < next)
            return false;
        if (rank == kWeek && sawYearOrMonth)
            return false;
        if (rank == kYear || rank == kMonth)
            sawYearOrMonth = true;
        // Only the last component may carry a fraction.
        if (fraction && pos != s.size())
            return false;
        next = rank + 1;
    }
    return true;
}

bool isUuid(std::string_view s) {
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool hyphen = i == 8 || i == 13 || i == 18 || i == 23;
        if (hyphen ? s[i] != '-' : !isHex(s[i]))
            return false;
    }
    return true;
}

bool isBase64(std::string_view s) {
    if (s.size() % 4 != 0)
        return false;
    auto isB64 = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '+' ||
               c == '/';
    };
    std::size_t pad = 0;
    if (!s.empty() && s.back() == '=')
        pad = s.size() >= 2 && s[s.size() - 2] == '=' ? 2 : 1;
    for (std::size_t i = 0; i < s.size() - pad; ++i)
        if (!isB64(s[i]))
            return false;
    return true;
}

bool isDecimal(std::string_view s) {
    std::size_t pos = 0;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-'))
        ++pos;
    if (pos >= s.size() || !isDigit(s[pos]))
        return false;
    if (s[pos] == '0') {
        ++pos;
    } else {
        while (pos < s.size() && isDigit(s[pos]))
            ++pos;
    }
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        while (pos < s.size() && isDigit(s[pos]))
            ++pos;
    }
    return pos == s.size();
}

bool isIntegerInRange(std::string_view number, std::int64_t min, std::int64_t max) {
    const bool negative = !number.empty() && number.front() == '-';
    const std::string_view digits = negative ? number.substr(1) : number;
    if (digits.empty())
        return false;
    for (char c : digits)
        if (!isDigit(c))
            return false;
    // Magnitude as unsigned, so that -9223372036854775808 fits.
    std::uint64_t mag = 0;
    const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), mag);
    if (ec != std::errc{} || p != digits.data() + digits.size())
        return false;
    constexpr std::uint64_t kMaxMagnitude = std::uint64_t(std::numeric_limits<std::int64_t>::max());
    std::int64_t v = 0;
    if (!negative) {
        if (mag > kMaxMagnitude)
            return false;
        v = std::int64_t(mag);
    } else {
        if (mag > kMaxMagnitude + 1)
            return false;
        v = mag == kMaxMagnitude + 1 ? std::numeric_limits<std::int64_t>::min()
                                     : -std::int64_t(mag);
    }
    return v >= min && v <= max;
}

bool isUnsignedInRange(std::string_view number, std::uint64_t max) {
    if (number.empty())
        return false;
    for (char c : number)
        if (!isDigit(c))
            return false;
    std::uint64_t v = 0;
    const auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
    return ec == std::errc{} && p == number.data() + number.size() && v <= max;
}

std::optional<double> finiteDouble(std::string_view number) {
    if (number.empty())
        return std::nullopt;
    double v = 0;
    const auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
    if (p != number.data() + number.size())
        return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // NOTE(dtc): from_chars reports overflow and underflow alike. An underflowing literal
        // (1e-400) is a finite double that reads as 0, as in .NET; tell the two apart by the
        // decimal magnitude of the literal.
        const auto e = number.find_first_of("eE");
        const std::string_view mantissa = number.substr(0, e);
        long long exponent = 0;
        if (e != std::string_view::npos) {
            std::size_t i = e + 1;
            const bool neg = i < number.size() && number[i] == '-';
            if (i < number.size() && (number[i] == '-' || number[i] == '+'))
                ++i;
            for (; i < number.size() && exponent < 100000; ++i)
                exponent = exponent * 10 + (number[i] - '0');
            if (neg)
                exponent = -exponent;
        }
        // Position of the first significant digit relative to the decimal point.
        long long digitsBeforePoint = 0, firstSignificant = -1, index = 0;
        bool afterPoint = false;
        for (char c : mantissa) {
            if (c == '.') {
                afterPoint = true;
                continue;
            }
            if (!isDigit(c))
                continue;
            if (!afterPoint)
                ++digitsBeforePoint;
            if (c != '0' && firstSignificant < 0)
                firstSignificant = index;
            ++index;
        }
        if (firstSignificant < 0)
            return 0.0;
        const long long magnitude = digitsBeforePoint - firstSignificant + exponent;
        if (magnitude > 0)
            return std::nullopt; // overflow
        return 0.0;
    }
    if (ec != std::errc{} || !std::isfinite(v))
        return std::nullopt;
    return v;
}

bool isFloat(std::string_view number) {
    const auto v = finiteDouble(number);
    return v && std::fabs(*v) <= double(FLT_MAX);
}

bool numberConforms(ir::Primitive p, std::string_view n) {
    using ir::Primitive;
    switch (p) {
    case Primitive::Byte:
        return isIntegerInRange(n, -128, 127);
    case Primitive::Short:
        return isIntegerInRange(n, -32768, 32767);
    case Primitive::Integer:
        return isIntegerInRange(n, std::numeric_limits<std::int32_t>::min(),
                                std::numeric_limits<std::int32_t>::max());
    case Primitive::Long:
        return isIntegerInRange(n, std::numeric_limits<std::int64_t>::min(),
                                std::numeric_limits<std::int64_t>::max());
    case Primitive::UnsignedByte:
        return isUnsignedInRange(n, 255);
    case Primitive::UnsignedShort:
        return isUnsignedInRange(n, 65535);
    case Primitive::UnsignedInteger:
        return isUnsignedInRange(n, 4294967295u);
    case Primitive::UnsignedLong:
        return isUnsignedInRange(n, std::numeric_limits<std::uint64_t>::max());
    case Primitive::Float:
        return isFloat(n);
    case Primitive::Double:
        return finiteDouble(n).has_value();
    case Primitive::Boolean:
    case Primitive::Date:
    case Primitive::DateTime:
    case Primitive::Duration:
    case Primitive::String:
    case Primitive::Time:
    case Primitive::Bytes:
    case Primitive::Decimal:
    case Primitive::Uuid:
        return false;
    }
    return false;
}

bool stringConforms(ir::Primitive p, std::string_view s) {
    using ir::Primitive;
    switch (p) {
    case Primitive::String:
        return true;
    case Primitive::Date:
        return isDate(s);
    case Primitive::DateTime:
        return isDateTime(s);
    case Primitive::Time:
        return isTime(s);
    case Primitive::Duration:
        return isDuration(s);
    case Primitive::Uuid:
        return isUuid(s);
    case Primitive::Bytes:
        return isBase64(s);
    case Primitive::Decimal:
        return isDecimal(s);
    case Primitive::Boolean:
    case Primitive::Double:
    case Primitive::Float:
    case Primitive::Integer:
    case Primitive::Long:
    case Primitive::Byte:
    case Primitive::Short:
    case Primitive::UnsignedByte:
    case Primitive::UnsignedShort:
    case Primitive::UnsignedInteger:
    case Primitive::UnsignedLong:
        return false;
    }
    return false;
}

} // namespace dtc::validator::lexical
