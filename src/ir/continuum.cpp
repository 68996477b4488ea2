// Canonical text of the continuum records (shared by the dump and the printers).
#include "ir/continuum.h"

#include <cstdio>

namespace dtc::ir {

std::string quoteTwinString(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string formatQuantity(const Quantity& q) { return q.lexical + q.unit; }

std::string formatSettingValue(const SettingValue& v) {
    switch (v.kind) {
    case SettingValue::Kind::String: return quoteTwinString(v.text);
    case SettingValue::Kind::Number: return formatQuantity(v.quantity);
    case SettingValue::Kind::Name: return v.text;
    }
    return v.text;
}

namespace {

int precedence(const ExprNode& n) {
    switch (n.kind) {
    case ExprNode::Kind::Condition: return 1;
    case ExprNode::Kind::Binary:
        if (n.text == "||") return 2;
        if (n.text == "&&") return 3;
        if (n.text == "==" || n.text == "!=") return 4;
        if (n.text == "<" || n.text == "<=" || n.text == ">" || n.text == ">=") return 5;
        if (n.text == "+" || n.text == "-") return 6;
        return 7;
    case ExprNode::Kind::Unary: return 8;
    default: return 9;
    }
}

std::string format(const Expression& e, std::uint32_t i) {
    const ExprNode& n = e.nodes.at(i);
    auto child = [&](std::uint32_t k, int minPrec) {
        std::string s = format(e, n.operands.at(k));
        return precedence(e.nodes.at(n.operands.at(k))) < minPrec ? "(" + s + ")" : s;
    };
    switch (n.kind) {
    case ExprNode::Kind::Number: return formatQuantity(n.quantity);
    case ExprNode::Kind::String: return quoteTwinString(n.text);
    case ExprNode::Kind::Boolean:
    case ExprNode::Kind::Name: return n.text;
    case ExprNode::Kind::Member: return child(0, 9) + "." + n.text;
    case ExprNode::Kind::Unary: return n.text + child(0, 8);
    case ExprNode::Kind::Binary: {
        int p = precedence(n);
        // Left-associative: the right operand needs parentheses at equal precedence.
        return child(0, p) + " " + n.text + " " + child(1, p + 1);
    }
    case ExprNode::Kind::Condition: return child(0, 2) + " ? " + child(1, 1) + " : " + child(2, 1);
    case ExprNode::Kind::Call: {
        std::string s = n.text + "(";
        for (std::size_t k = 0; k < n.operands.size(); ++k) {
            if (k) s += ", ";
            s += format(e, n.operands[k]);
        }
        return s + ")";
    }
    }
    return {};
}

} // namespace

std::string formatExpression(const Expression& e) {
    if (e.empty()) return {};
    return format(e, e.root);
}

} // namespace dtc::ir
