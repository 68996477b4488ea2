// Private to src/parser/dsl: turns ANTLR syntax errors into DTC12xx diagnostics with the
// offending token's range and a message that names what was expected and where
// ("expected ';' after property 'threshold'").
#pragma once

#include "BaseErrorListener.h"
#include "TwinParser.h"
#include "parser/dsl/detail/transformer.h"

namespace dtc::parser::dsl {

class SyntaxErrorListener final : public antlr4::BaseErrorListener {
public:
    SyntaxErrorListener(diag::Engine& diags, const FileScope& file, dtc_twin_gen::TwinParser& parser)
        : diags_(diags), file_(file), parser_(parser) {}

    void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                     size_t column, const std::string& msg, std::exception_ptr e) override;

    [[nodiscard]] std::size_t errors() const { return errors_; }

private:
    diag::Engine& diags_;
    const FileScope& file_;
    dtc_twin_gen::TwinParser& parser_;
    std::size_t errors_ = 0;
    std::size_t lastErrorToken_ = static_cast<std::size_t>(-1);
};

} // namespace dtc::parser::dsl
