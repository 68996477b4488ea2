// The offset-keeping JSON reader: every key and value knows the exact bytes it was written as
// (diagnostics point there), on the fast path (well-formed UTF-8, RapidJSON's SIMD scans) and
// on the validating one.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "parser/json/json_document.h"

namespace dtc::parser::json {
namespace {

struct Parsed {
    diag::SourceManager sm;
    diag::Engine diags;
    std::optional<Document> doc;
    diag::FileId file = diag::kNoFile;

    explicit Parsed(std::string text) {
        file = sm.addBuffer("t.json", std::move(text));
        doc = Document::parse(sm, file, diags);
    }
    /// The source bytes of a range.
    std::string_view bytes(diag::SourceRange r) const { return sm.text(file).substr(r.begin, r.end - r.begin); }
};

void expectRanges(const std::string& text) {
    SCOPED_TRACE(text);
    Parsed p(text);
    ASSERT_TRUE(p.doc.has_value());
    Value root = p.doc->root();
    EXPECT_EQ(p.bytes(root.range()).front(), '{');
    EXPECT_EQ(p.bytes(root.range()).back(), '}');

    Value a = root.member("a");
    EXPECT_EQ(p.bytes(a.keyRange()), R"("a")");
    EXPECT_EQ(p.bytes(a.range()), R"("x\"y\\")");
    EXPECT_EQ(a.text(), "x\"y\\");

    Value bb = root.member("bb");
    EXPECT_EQ(p.bytes(bb.keyRange()), R"("b\u0062")");
    EXPECT_EQ(p.bytes(bb.range()), "[1, -2.5e3,true , null]");
    Value one = bb.firstChild();
    EXPECT_EQ(p.bytes(one.range()), "1");
    Value two = one.nextSibling();
    EXPECT_EQ(p.bytes(two.range()), "-2.5e3");
    EXPECT_EQ(two.text(), "-2.5e3");
    Value three = two.nextSibling();
    EXPECT_EQ(p.bytes(three.range()), "true");
    EXPECT_EQ(p.bytes(three.nextSibling().range()), "null");

    Value c = root.member("c");
    EXPECT_EQ(p.bytes(c.range()), R"({ "d" : "\u00e9t\u00e9 é" })");
    Value d = c.member("d");
    EXPECT_EQ(p.bytes(d.keyRange()), R"("d")");
    EXPECT_EQ(p.bytes(d.range()), R"("\u00e9t\u00e9 é")");
    EXPECT_EQ(d.text(), "été é");

    Value e = root.member("e");
    EXPECT_EQ(p.bytes(e.range()), R"("")");
    EXPECT_EQ(e.text(), "");
}

constexpr const char* kDocument =
    "{\"a\":\"x\\\"y\\\\\",\n  \"b\\u0062\" :\t[1, -2.5e3,true , null],\r\n"
    "  \"c\": { \"d\" : \"\\u00e9t\\u00e9 \xC3\xA9\" }, \"e\": \"\"}";

TEST(JsonDocument, RangesOfKeysAndValues) { expectRanges(kDocument); }

TEST(JsonDocument, RangesAfterAByteOrderMark) { expectRanges(std::string("\xEF\xBB\xBF") + kDocument); }

TEST(JsonDocument, LongStringsAndManyKeys) {
    // Long runs go through RapidJSON's 16-byte scans; the ranges must still end at the quote.
    std::string text = "{";
    for (int i = 0; i < 40; ++i) {
        if (i) text += ",";
        text += "\"key" + std::to_string(i) + "\": \"" + std::string(static_cast<std::size_t>(i * 7), 'v') + "\\\\\"";
    }
    text += "}";
    Parsed p(text);
    ASSERT_TRUE(p.doc.has_value());
    int i = 0;
    for (Value m = p.doc->root().firstChild(); m.valid(); m = m.nextSibling(), ++i) {
        EXPECT_EQ(p.bytes(m.keyRange()), "\"key" + std::to_string(i) + "\"");
        EXPECT_EQ(p.bytes(m.range()), "\"" + std::string(static_cast<std::size_t>(i * 7), 'v') + "\\\\\"");
    }
    EXPECT_EQ(i, 40);
}

TEST(JsonDocument, InvalidUtf8IsReportedWhereItIs) {
    Parsed p("{\"a\": \"ok\", \"b\": \"bad \xC3\x28 byte\"}");
    EXPECT_FALSE(p.doc.has_value());
    ASSERT_EQ(p.diags.diagnostics().size(), 1u);
    const auto& d = p.diags.diagnostics()[0];
    EXPECT_EQ(d.code, diag::Code::InvalidUtf8);
    EXPECT_EQ(d.range.begin, std::string_view("{\"a\": \"ok\", \"b\": \"bad ").size());
}

TEST(JsonDocument, TextEndingInsideAMultiByteSequence) {
    // RapidJSON's validation takes continuation bytes without looking; the reader's stream for
    // such text stops at the end (found by fuzz_dtdl: it read past the terminating NUL).
    for (const char* lead : {"\xF0", "\xE2\x82", "\xC3", "\xF4\x8F\xBF"}) {
        Parsed p(std::string("{\"a\": \"x") + lead);
        EXPECT_FALSE(p.doc.has_value()) << lead;
        ASSERT_EQ(p.diags.diagnostics().size(), 1u) << lead;
        EXPECT_EQ(p.diags.diagnostics()[0].code, diag::Code::InvalidUtf8) << lead;
        EXPECT_EQ(p.diags.diagnostics()[0].range.begin, 8u) << lead;
    }
}

TEST(JsonDocument, LoneSurrogateEscapeIsAnError) {
    // RapidJSON decodes "\uDFFF" alone to bytes that are not UTF-8 (found by fuzz_dtdl: the JSON
    // output of a diagnostic quoting it could not be written). In a value and in a key.
    for (const char* text : {R"({"a": "x\udFFFy"})", R"({"x\uDC00": 1})"}) {
        Parsed p(text);
        EXPECT_FALSE(p.doc.has_value()) << text;
        ASSERT_EQ(p.diags.diagnostics().size(), 1u) << text;
        EXPECT_EQ(p.diags.diagnostics()[0].code, diag::Code::JsonSyntax) << text;
        EXPECT_EQ(p.bytes(p.diags.diagnostics()[0].range).substr(0, 2), "\\u") << text;
    }
    // A surrogate pair is a character.
    Parsed pair(R"({"a": "\ud83d\ude00"})");
    ASSERT_TRUE(pair.doc.has_value());
    EXPECT_EQ(pair.doc->root().member("a").text(), "\xF0\x9F\x98\x80");
}

TEST(JsonDocument, NulByteAfterTheValueIsAnError) {
    Parsed p(std::string("{\"a\": 1}\0{\"b\": 2}", 17));
    EXPECT_FALSE(p.doc.has_value());
    ASSERT_EQ(p.diags.diagnostics().size(), 1u);
    EXPECT_EQ(p.diags.diagnostics()[0].code, diag::Code::JsonSyntax);
    EXPECT_EQ(p.diags.diagnostics()[0].range.begin, 8u);
}

TEST(JsonDocument, DuplicateKeyPointsAtTheSecondKey) {
    Parsed p(R"({"a": 1, "a": 2})");
    EXPECT_FALSE(p.doc.has_value());
    ASSERT_EQ(p.diags.diagnostics().size(), 1u);
    EXPECT_EQ(p.diags.diagnostics()[0].code, diag::Code::JsonDuplicateKey);
    EXPECT_EQ(p.diags.diagnostics()[0].range.begin, 9u);
    EXPECT_EQ(p.diags.diagnostics()[0].range.end, 12u);
}

TEST(JsonDocument, AnAbsentMemberIsOfNoKind) {
    Parsed p(R"({"a": null})");
    ASSERT_TRUE(p.doc.has_value());
    Value absent = p.doc->root().member("missing");
    EXPECT_FALSE(absent.valid());
    EXPECT_FALSE(absent.isNull());
    EXPECT_FALSE(absent.isBool());
    EXPECT_FALSE(absent.isNumber());
    EXPECT_FALSE(absent.isString());
    EXPECT_FALSE(absent.isArray());
    EXPECT_FALSE(absent.isObject());
    EXPECT_TRUE(p.doc->root().member("a").isNull());
    EXPECT_FALSE(Value().isObject());
}

// JSON sets no limit on a number's size (RFC 8259): a number past a double's range is read as
// written, wherever it is, and the DTDL rules judge it (the official parser reads 1e999 as
// infinity).
TEST(JsonDocument, NumbersPastADoublesRangeAreReadAsWritten) {
    const std::string digits(400, '9');
    const std::string text = R"({"a": 1e999, "b": [-2E+400, 0e999, 1.5e309], "s": "1e999 in a string", "c": )" + digits +
                             R"(, "d": -)" + digits + R"(, "e": 12, "f": 1e-999})";
    Parsed p(text);
    ASSERT_TRUE(p.doc.has_value()) << (p.diags.diagnostics().empty() ? "" : diag::formatMessage(p.diags.diagnostics()[0]));
    EXPECT_TRUE(p.diags.diagnostics().empty());
    Value root = p.doc->root();
    Value a = root.member("a");
    EXPECT_TRUE(a.isNumber());
    EXPECT_EQ(a.text(), "1e999");
    EXPECT_EQ(p.bytes(a.range()), "1e999");
    Value b = root.member("b").firstChild();
    EXPECT_EQ(b.text(), "-2E+400");
    EXPECT_EQ(b.nextSibling().text(), "0e999");
    EXPECT_EQ(b.nextSibling().nextSibling().text(), "1.5e309");
    EXPECT_EQ(root.member("s").text(), "1e999 in a string");
    EXPECT_EQ(root.member("c").text(), digits);
    EXPECT_EQ(root.member("d").text(), "-" + digits);
    EXPECT_EQ(p.bytes(root.member("d").range()), "-" + digits);
    EXPECT_EQ(root.member("e").text(), "12");
    EXPECT_EQ(root.member("f").text(), "1e-999");
}

TEST(JsonDocument, ANumberPastADoublesRangeKeepsEveryOtherError) {
    // A duplicate key before the number is reported once, one after it too.
    Parsed p(R"({"a": 1, "a": 2, "n": 1e999, "b": 3, "b": 4})");
    EXPECT_FALSE(p.doc.has_value());
    ASSERT_EQ(p.diags.diagnostics().size(), 2u);
    EXPECT_EQ(p.diags.diagnostics()[0].code, diag::Code::JsonDuplicateKey);
    EXPECT_EQ(p.diags.diagnostics()[0].range.begin, 9u);
    EXPECT_EQ(p.diags.diagnostics()[1].code, diag::Code::JsonDuplicateKey);
    EXPECT_EQ(p.diags.diagnostics()[1].range.begin, 37u);
    // A syntax error after it is still one.
    Parsed q(R"({"n": 1e999, "m": 2e999,})");
    EXPECT_FALSE(q.doc.has_value());
    ASSERT_EQ(q.diags.diagnostics().size(), 1u);
    EXPECT_EQ(q.diags.diagnostics()[0].code, diag::Code::JsonSyntax);
    // In text with bad UTF-8 after the number, the bad byte is the error.
    Parsed r("{\"n\": 1e999, \"s\": \"\xFF\"}");
    EXPECT_FALSE(r.doc.has_value());
    ASSERT_EQ(r.diags.diagnostics().size(), 1u);
    EXPECT_EQ(r.diags.diagnostics()[0].code, diag::Code::InvalidUtf8);
    EXPECT_EQ(r.diags.diagnostics()[0].range.begin, 19u);
}

} // namespace
} // namespace dtc::parser::json
