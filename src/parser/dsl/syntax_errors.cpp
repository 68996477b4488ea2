#include "parser/dsl/detail/syntax_errors.h"

#include "TwinLexer.h"

namespace dtc::parser::dsl {

using P = dtc_twin_gen::TwinParser;

namespace {

/// How a token type reads in a message.
std::string describeType(const antlr4::dfa::Vocabulary& vocab, std::size_t type) {
    switch (type) {
    case antlr4::Token::EOF: return "end of file";
    case P::IDENT:
    case P::ESCAPED_IDENT: return "a name";
    case P::STRING: return "a string";
    case P::INTEGER: return "an integer";
    case P::DECIMAL: return "a number";
    case P::DTMI: return "a DTMI";
    default: break;
    }
    return vocab.getDisplayName(type);
}

std::string describeToken(antlr4::Token* t) {
    if (t == nullptr || t->getType() == antlr4::Token::EOF) return "end of file";
    std::string text = t->getText();
    if (text.size() > 30) text = text.substr(0, 27) + "...";
    return "'" + text + "'";
}

/// "property 'threshold'" for the innermost declaration around the parser's position.
std::string enclosing(antlr4::ParserRuleContext* ctx) {
    for (; ctx != nullptr; ctx = dynamic_cast<antlr4::ParserRuleContext*>(ctx->parent)) {
        std::string kind;
        P::IdentifierContext* id = nullptr;
        if (auto* c = dynamic_cast<P::PropertyDeclContext*>(ctx)) kind = "property", id = c->identifier();
        else if (auto* c1 = dynamic_cast<P::TelemetryDeclContext*>(ctx)) kind = "telemetry", id = c1->identifier();
        else if (auto* c2 = dynamic_cast<P::CommandDeclContext*>(ctx)) kind = "command", id = c2->identifier();
        else if (auto* c3 = dynamic_cast<P::RelationshipDeclContext*>(ctx)) kind = "relationship", id = c3->identifier();
        else if (auto* c4 = dynamic_cast<P::ComponentDeclContext*>(ctx)) kind = "component", id = c4->identifier();
        else if (auto* c5 = dynamic_cast<P::FieldContext*>(ctx)) kind = "field", id = c5->identifier();
        else if (auto* c6 = dynamic_cast<P::EnumValueContext*>(ctx)) kind = "enum value", id = c6->identifier();
        else if (auto* c7 = dynamic_cast<P::TwinDeclContext*>(ctx)) kind = "twin", id = c7->identifier();
        else if (dynamic_cast<P::NamespaceDeclContext*>(ctx)) return "the namespace declaration";
        else if (dynamic_cast<P::ImportDeclContext*>(ctx)) return "the import";
        else if (dynamic_cast<P::SettingContext*>(ctx)) return "the setting";
        else if (dynamic_cast<P::AnnotationContext*>(ctx)) return "the annotation";
        else continue;
        if (id != nullptr && id->getStart() != nullptr && !id->getText().empty() &&
            id->getText().find("<missing") == std::string::npos)
            return kind + " '" + id->getText() + "'";
        return kind == "enum value" ? "an enum value" : "a " + kind;
    }
    return {};
}

} // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                      size_t, size_t, const std::string& msg, std::exception_ptr) {
    ++errors_;
    // The lexer never fails (UNKNOWN_CHAR takes any character), so errors come from the parser.
    if (dynamic_cast<antlr4::Parser*>(recognizer) == nullptr || offending == nullptr) {
        auto d = diag::Diagnostic::make(diag::Code::TwinSyntax, {file_.file, 0, 0});
        d.arg("detail", msg);
        diags_.report(std::move(d));
        return;
    }
    auto rangeOf = [&](antlr4::Token* t) {
        auto b = file_.byteOffset(t->getStartIndex());
        auto e = t->getType() == antlr4::Token::EOF ? b : file_.byteOffset(t->getStopIndex() + 1);
        return diag::SourceRange{file_.file, b, e};
    };
    // One diagnostic per offending token: recovery may report the same token again.
    if (offending->getTokenIndex() == lastErrorToken_) {
        --errors_;
        return;
    }
    lastErrorToken_ = offending->getTokenIndex();

    if (offending->getType() == P::UNKNOWN_CHAR) {
        if (offending->getText() == "\"") {
            auto d = diag::Diagnostic::make(diag::Code::TwinInvalidLiteral, rangeOf(offending));
            d.arg("kind", "string").arg("text", "\"").arg("detail", "the string is not closed on this line");
            diags_.report(std::move(d));
        } else {
            auto d = diag::Diagnostic::make(diag::Code::TwinInvalidToken, rangeOf(offending));
            d.arg("text", offending->getText());
            diags_.report(std::move(d));
        }
        return;
    }

    const auto& vocab = parser_.getVocabulary();
    antlr4::misc::IntervalSet expected;
    try {
        expected = parser_.getExpectedTokens();
    } catch (...) {
        // getExpectedTokens can fail on a context ANTLR left inconsistent; use no list.
    }
    std::vector<std::string> names;
    bool semicolon = false;
    for (std::size_t type : expected.toList()) {
        std::string n = describeType(vocab, type);
        if (n == "';'") semicolon = true;
        if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
    std::string where = enclosing(parser_.getContext());
    std::string detail;
    bool missing = msg.rfind("missing ", 0) == 0;
    diag::SourceRange range = rangeOf(offending);
    if (missing || (semicolon && offending->getType() != antlr4::Token::EOF &&
                    msg.rfind("mismatched", 0) == 0 && names.size() <= 6)) {
        std::string what = semicolon ? "';'" : names.empty() ? "more input" : names.front();
        if (missing && !semicolon && names.size() > 1) {
            what.clear();
            for (std::size_t i = 0; i < names.size() && i < 5; ++i)
                what += (i == 0 ? "" : i + 1 == std::min<std::size_t>(names.size(), 5) ? " or " : ", ") + names[i];
        }
        detail = "expected " + what + (where.empty() ? "" : " after " + where);
        // Point just after the previous token, where the missing text belongs.
        auto index = offending->getTokenIndex();
        auto* stream = dynamic_cast<antlr4::BufferedTokenStream*>(parser_.getTokenStream());
        while (stream && index > 0) {
            --index;
            antlr4::Token* prev = stream->get(index);
            if (prev->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
            auto end = file_.byteOffset(prev->getStopIndex() + 1);
            range = {file_.file, end, end};
            break;
        }
    } else {
        detail = "unexpected " + describeToken(offending);
        if (!where.empty()) detail += " in " + where;
        if (!names.empty() && names.size() <= 8) {
            detail += "; expected ";
            for (std::size_t i = 0; i < names.size(); ++i)
                detail += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
        }
    }
    auto d = diag::Diagnostic::make(diag::Code::TwinSyntax, range);
    d.arg("detail", detail);
    diags_.report(std::move(d));
}

} // namespace dtc::parser::dsl
