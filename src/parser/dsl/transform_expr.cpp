// Transformer: shadowing expressions, stored flat (ir::Expression) in post-order.
#include <charconv>

#include "parser/dsl/detail/transformer.h"

namespace dtc::parser::dsl {

using P = dtc_twin_gen::TwinParser;

namespace {

double parseNumber(const std::string& text) {
    double v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

std::uint32_t push(ir::Expression& out, ir::ExprNode n) {
    out.nodes.push_back(std::move(n));
    return static_cast<std::uint32_t>(out.nodes.size() - 1);
}

} // namespace

ir::Quantity Transformer::transformQuantity(P::QuantityContext* ctx) {
    ir::Quantity q;
    if (ctx == nullptr) return q;
    antlr4::tree::TerminalNode* num = ctx->INTEGER() ? ctx->INTEGER() : ctx->DECIMAL();
    q.lexical = (ctx->children.size() > 0 && ctx->children[0]->getText() == "-" ? "-" : "") +
                (num ? num->getText() : std::string("0"));
    q.value = parseNumber(q.lexical);
    if (ctx->identifier()) q.unit = identifier(ctx->identifier());
    return q;
}

ir::Expression Transformer::transformExpression(P::ExpressionContext* ctx) {
    ir::Expression e;
    if (ctx == nullptr) return e;
    e.root = transformExpr(ctx, e);
    return e;
}

std::uint32_t Transformer::transformExpr(P::ExpressionContext* ctx, ir::Expression& out) {
    ir::ExprNode n;
    n.range = range(ctx);
    auto sub = [&](P::ExpressionContext* c) -> std::uint32_t {
        if (c == nullptr) {
            ir::ExprNode missing;
            missing.kind = ir::ExprNode::Kind::Name;
            missing.range = n.range;
            return push(out, std::move(missing));
        }
        return transformExpr(c, out);
    };
    if (auto* p = dynamic_cast<P::PrimaryExprContext*>(ctx)) {
        if (p->primary()) return transformPrimary(p->primary(), out);
        n.kind = ir::ExprNode::Kind::Name;
        return push(out, std::move(n));
    }
    if (auto* m = dynamic_cast<P::MemberExprContext*>(ctx)) {
        n.kind = ir::ExprNode::Kind::Member;
        n.text = identifier(m->identifier());
        n.operands.push_back(sub(m->expression()));
        return push(out, std::move(n));
    }
    if (auto* u = dynamic_cast<P::UnaryExprContext*>(ctx)) {
        n.kind = ir::ExprNode::Kind::Unary;
        n.text = u->op ? u->op->getText() : "-";
        n.operands.push_back(sub(u->expression()));
        return push(out, std::move(n));
    }
    if (auto* b = dynamic_cast<P::BinaryExprContext*>(ctx)) {
        n.kind = ir::ExprNode::Kind::Binary;
        n.text = b->op ? b->op->getText() : "+";
        n.operands.push_back(sub(b->expression(0)));
        n.operands.push_back(sub(b->expression(1)));
        return push(out, std::move(n));
    }
    if (auto* c = dynamic_cast<P::ConditionExprContext*>(ctx)) {
        n.kind = ir::ExprNode::Kind::Condition;
        for (std::size_t i = 0; i < 3; ++i) n.operands.push_back(sub(c->expression(i)));
        return push(out, std::move(n));
    }
    n.kind = ir::ExprNode::Kind::Name;
    return push(out, std::move(n));
}

std::uint32_t Transformer::transformPrimary(P::PrimaryContext* ctx, ir::Expression& out) {
    ir::ExprNode n;
    n.range = range(ctx);
    if (auto* num = dynamic_cast<P::NumberLitContext*>(ctx)) {
        n.kind = ir::ExprNode::Kind::Number;
        auto* tok = num->INTEGER() ? num->INTEGER() : num->DECIMAL();
        n.quantity.lexical = tok ? tok->getText() : "0";
        n.quantity.value = parseNumber(n.quantity.lexical);
        if (num->identifier()) n.quantity.unit = identifier(num->identifier());
        n.text = n.quantity.lexical;
    } else if (auto* s = dynamic_cast<P::StringLitContext*>(ctx)) {
        n.kind = ir::ExprNode::Kind::String;
        n.text = unquote(s->STRING()->getSymbol()).value_or("");
    } else if (auto* b = dynamic_cast<P::BoolLitContext*>(ctx)) {
        n.kind = ir::ExprNode::Kind::Boolean;
        n.text = b->TRUE() ? "true" : "false";
    } else if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) {
        n.kind = ir::ExprNode::Kind::Call;
        n.text = identifier(c->identifier());
        for (auto* arg : c->expression()) n.operands.push_back(transformExpr(arg, out));
    } else if (auto* nm = dynamic_cast<P::NameExprContext*>(ctx)) {
        n.kind = ir::ExprNode::Kind::Name;
        n.text = identifier(nm->identifier());
    } else if (auto* p = dynamic_cast<P::ParenExprContext*>(ctx)) {
        if (p->expression()) return transformExpr(p->expression(), out);
        n.kind = ir::ExprNode::Kind::Name;
    } else {
        n.kind = ir::ExprNode::Kind::Name;
    }
    return push(out, std::move(n));
}

} // namespace dtc::parser::dsl
