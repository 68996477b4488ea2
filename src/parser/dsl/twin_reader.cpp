// TwinReader: runs the ANTLR lexer and parser over one file, turns syntax errors into
// diagnostics, then hands the tree to the Transformer.
#include <algorithm>

#include "TwinLexer.h"
#include "parser/dsl/detail/syntax_errors.h"
#include "parser/dsl/detail/transformer.h"

namespace dtc::parser::dsl {

bool isTwinFile(std::string_view path) {
    return path.size() > 5 && path.substr(path.size() - 5) == ".twin";
}

namespace {

/// Validates UTF-8 and, for non-ASCII text, builds the code point -> byte offset table.
bool decodeOffsets(std::string_view text, std::uint32_t skip, std::vector<std::uint32_t>& table,
                   std::uint32_t& badOffset) {
    bool ascii = std::all_of(text.begin(), text.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return true;
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > text.size()) {
            badOffset = static_cast<std::uint32_t>(i) + skip;
            return false;
        }
        std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (std::size_t k = 1; k < n; ++k) {
            auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) {
                badOffset = static_cast<std::uint32_t>(i) + skip;
                return false;
            }
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        // Overlong forms, surrogates and code points above U+10FFFF are not UTF-8 (RFC 3629);
        // found by fuzz_twin: ANTLR's converter throws on them.
        bool invalid = (n == 2 && cp < 0x80) || (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                       (n == 4 && (cp < 0x10000 || cp > 0x10FFFF));
        if (invalid) {
            badOffset = static_cast<std::uint32_t>(i) + skip;
            return false;
        }
        table.push_back(static_cast<std::uint32_t>(i) + skip);
        i += n;
    }
    table.push_back(static_cast<std::uint32_t>(text.size()) + skip);
    return true;
}

} // namespace

TwinReader::TwinReader(const diag::SourceManager& sources, diag::Engine& diags, ir::Model& model)
    : impl_(std::make_unique<Impl>(sources, diags, model)) {}

TwinReader::~TwinReader() = default;

std::size_t TwinReader::twinCount() const { return impl_->twins; }

bool TwinReader::read(diag::FileId file, ir::SourceLayout* layout) {
    std::string_view text = impl_->sources.text(file);
    FileScope scope;
    scope.file = file;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
        scope.bomSkip = 3;
    }
    std::uint32_t bad = 0;
    if (!decodeOffsets(text, scope.bomSkip, scope.cpToByte, bad)) {
        impl_->diags.report(diag::Diagnostic::make(diag::Code::InvalidUtf8, {file, bad, bad + 1}));
        return false;
    }
    impl_->files.push_back(std::move(scope));
    std::size_t index = impl_->files.size() - 1;

    antlr4::ANTLRInputStream input(text.data(), text.size());
    dtc_twin_gen::TwinLexer lexer(&input);
    antlr4::CommonTokenStream tokens(&lexer);
    dtc_twin_gen::TwinParser parser(&tokens);
    SyntaxErrorListener listener(impl_->diags, impl_->files[index], parser);
    lexer.removeErrorListeners();
    parser.removeErrorListeners();
    lexer.addErrorListener(&listener);
    parser.addErrorListener(&listener);
    auto* tree = parser.file();
    Transformer transformer(*impl_, index, tokens, layout);
    transformer.transformFile(tree);
    return listener.errors() == 0;
}

void Transformer::collectComments() {
    const auto& all = tokens_.getTokens();
    std::vector<DeclSpan> decls = decls_;
    std::stable_sort(decls.begin(), decls.end(),
                     [](const DeclSpan& a, const DeclSpan& b) { return a.start < b.start; });
    // The last default-channel token index before position i (or npos).
    auto previousToken = [&](std::size_t i) -> antlr4::Token* {
        while (i > 0) {
            --i;
            if (all[i]->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return all[i];
        }
        return nullptr;
    };
    std::size_t lastHeaderToken = 0;
    bool anyDecl = !decls.empty();
    std::size_t firstDecl = anyDecl ? decls.front().start : all.size();
    for (auto* t : all) {
        if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL && t->getTokenIndex() < firstDecl &&
            t->getType() != antlr4::Token::EOF)
            lastHeaderToken = t->getTokenIndex() + 1;
    }
    for (auto* t : all) {
        int type = t->getType();
        if (type != dtc_twin_gen::TwinLexer::LINE_COMMENT &&
            type != dtc_twin_gen::TwinLexer::BLOCK_COMMENT)
            continue;
        std::size_t i = t->getTokenIndex();
        std::string text = t->getText();
        if (!text.empty() && text.back() == '\r') text.pop_back();
        // Trailing: on the line where a declaration ends, right after it.
        if (auto* prev = previousToken(i); prev && prev->getLine() == t->getLine()) {
            auto it = std::find_if(decls.begin(), decls.end(), [&](const DeclSpan& d) {
                return d.stop == prev->getTokenIndex();
            });
            if (it != decls.end() && !layout_->trailing.count(it->key)) {
                layout_->trailing[it->key] = text;
                continue;
            }
        }
        if (i < lastHeaderToken || !anyDecl) {
            if (i < lastHeaderToken) layout_->header.push_back(text);
            else layout_->footer.push_back(text);
            continue;
        }
        auto next = std::find_if(decls.begin(), decls.end(),
                                 [&](const DeclSpan& d) { return d.start > i; });
        // Inside a twin, after its last member: a closing comment of that twin.
        std::string closingTwin;
        std::size_t closingAt = all.size();
        for (const auto& [end, id] : twinEnds_) {
            if (end > i && end < closingAt) {
                closingAt = end;
                closingTwin = id;
            }
        }
        if (!closingTwin.empty() && (next == decls.end() || next->start > closingAt)) {
            // Only when the comment lies inside that twin's braces.
            auto twinDecl = std::find_if(decls.begin(), decls.end(),
                                         [&](const DeclSpan& d) { return d.key == closingTwin; });
            if (twinDecl != decls.end() && twinDecl->start < i) {
                layout_->closing[closingTwin].push_back(text);
                continue;
            }
        }
        if (next == decls.end()) layout_->footer.push_back(text);
        else layout_->leading[next->key].push_back(text);
    }
}

} // namespace dtc::parser::dsl
