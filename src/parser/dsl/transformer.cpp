// Transformer helpers: ranges, identifiers, strings, doc comments, annotations.
#include <charconv>

#include "parser/dsl/detail/transformer.h"

#include "ir/dtmi.h"

namespace dtc::parser::dsl {

using P = dtc_twin_gen::TwinParser;

Transformer::Transformer(TwinReader::Impl& impl, std::size_t fileIndex,
                         antlr4::CommonTokenStream& tokens, ir::SourceLayout* layout)
    : impl_(impl), fileIndex_(fileIndex), file_(impl.files[fileIndex].file), tokens_(tokens),
      layout_(layout) {}

diag::SourceRange Transformer::range(antlr4::Token* t) const {
    if (t == nullptr) return {file_, 0, 0};
    const FileScope& f = impl_.files[fileIndex_];
    auto b = f.byteOffset(t->getStartIndex());
    auto e = t->getType() == antlr4::Token::EOF || t->getStopIndex() + 1 < t->getStartIndex()
                 ? b
                 : f.byteOffset(t->getStopIndex() + 1);
    return {file_, b, e};
}

diag::SourceRange Transformer::range(antlr4::ParserRuleContext* ctx) const {
    if (ctx == nullptr) return {file_, 0, 0};
    auto b = range(ctx->getStart());
    auto e = ctx->getStop() ? range(ctx->getStop()) : b;
    if (e.end < b.begin) e = b;
    return {file_, b.begin, e.end};
}

std::string Transformer::identifier(P::IdentifierContext* ctx) const {
    if (ctx == nullptr) return {};
    std::string t = ctx->getText();
    if (t.size() >= 2 && t.front() == '`') t = t.substr(1, t.size() - 2);
    return t;
}

std::string Transformer::annotationName(P::AnnotationContext* ctx) const {
    if (ctx == nullptr || ctx->annotationName() == nullptr) return {};
    auto* n = ctx->annotationName();
    if (n->identifier()) return identifier(n->identifier());
    return n->getText();
}

std::string Transformer::qualifiedName(P::QualifiedNameContext* ctx) const {
    std::string out;
    if (ctx == nullptr) return out;
    for (auto* id : ctx->identifier()) {
        if (!out.empty()) out += '.';
        out += identifier(id);
    }
    return out;
}

namespace {

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace

std::optional<std::string> Transformer::unquote(antlr4::Token* token) {
    if (token == nullptr) return std::nullopt;
    std::string text = token->getText();
    if (text.size() < 2) return std::nullopt;
    std::string out;
    auto bad = [&](const std::string& detail) {
        auto d = diag::Diagnostic::make(diag::Code::TwinInvalidLiteral, range(token));
        d.arg("kind", "string").arg("text", text.size() > 40 ? text.substr(0, 40) + "..." : text);
        d.arg("detail", detail);
        report(std::move(d));
        return std::nullopt;
    };
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        char c = text[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (i + 2 >= text.size()) return bad("a backslash ends the string");
        char n = text[++i];
        switch (n) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
            if (i + 4 >= text.size() - 1) return bad("'\\u' needs four hex digits");
            std::uint32_t cp = 0;
            auto r = std::from_chars(text.data() + i + 1, text.data() + i + 5, cp, 16);
            if (r.ec != std::errc() || r.ptr != text.data() + i + 5) return bad("'\\u' needs four hex digits");
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < text.size() && text[i + 1] == '\\' &&
                text[i + 2] == 'u') {
                std::uint32_t lo = 0;
                auto r2 = std::from_chars(text.data() + i + 3, text.data() + i + 7, lo, 16);
                if (r2.ec == std::errc() && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            // A surrogate left unpaired encodes no character (and would not be UTF-8).
            if (cp >= 0xD800 && cp <= 0xDFFF) return bad("'\\u' escapes a lone UTF-16 surrogate, which encodes no character");
            appendUtf8(out, cp);
            break;
        }
        default: return bad(std::string("unknown escape '\\") + n + "'");
        }
    }
    return out;
}

ir::LangString Transformer::docComment(antlr4::ParserRuleContext* ctx) {
    ir::LangString ls;
    if (ctx == nullptr || ctx->getStart() == nullptr) return ls;
    auto hidden = tokens_.getHiddenTokensToLeft(ctx->getStart()->getTokenIndex(), 2);
    std::string text;
    bool any = false;
    for (antlr4::Token* t : hidden) {
        std::string line = t->getText();
        if (line.rfind("////", 0) == 0) continue; // a divider, not documentation
        line = line.substr(3);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty() && line.front() == ' ') line.erase(0, 1);
        if (any) text += '\n';
        text += line;
        any = true;
    }
    if (any) {
        ls.values.emplace_back("en", text);
        ls.plain = true;
    }
    return ls;
}

ir::Element Transformer::newElement(std::string id, bool generated, diag::SourceRange r,
                                    const TwinState& twin) const {
    ir::Element e;
    e.id = std::move(id);
    e.idGenerated = generated;
    e.origin.format = ir::SourceFormat::Twin;
    e.origin.range = r;
    e.languageVersion = twin.version;
    return e;
}

std::optional<ir::Element> Transformer::newNamedElement(
    P::IdentifierContext* nameCtx, const std::string& name, std::set<std::string>& names,
    std::string_view kind, const std::string& parentId, std::string_view collection,
    const std::vector<P::AnnotationContext*>& annotations, const TwinState& twin) {
    if (!names.insert(name).second) {
        auto d = diag::Diagnostic::make(diag::Code::TwinDuplicateName, range(nameCtx));
        d.arg("kind", std::string(kind)).arg("name", name).arg("scope", "'" + parentId + "'");
        report(std::move(d));
        return std::nullopt;
    }
    auto explicit_ = explicitId(annotations);
    std::string id = explicit_ ? *explicit_ : ir::generatedChildId(parentId, collection, name);
    ir::Element e = newElement(std::move(id), !explicit_, range(nameCtx), twin);
    e.name = name;
    return e;
}

ir::Ref Transformer::addInline(ir::Element e, diag::SourceRange refRange) {
    ir::Ref r;
    r.target = e.id;
    r.range = refRange;
    r.inlineDefinition = true;
    bool added = false;
    r.resolved = impl_.model.add(std::move(e), &added);
    if (!added) {
        // Two declarations produced the same identifier (an explicit @id colliding with
        // another element): the first wins, the second is reported.
        auto d = diag::Diagnostic::make(diag::Code::TwinDuplicateName, refRange);
        d.arg("kind", "element").arg("name", r.target).arg("scope", "the model set");
        d.note(impl_.model[r.resolved].origin.range, "first defined here");
        report(std::move(d));
    }
    return r;
}

std::string Transformer::pendingName(std::string text, NameKind kind, diag::SourceRange r) {
    PendingName p;
    p.placeholder = "?twin:" + std::to_string(impl_.pending.size());
    p.text = std::move(text);
    p.kind = kind;
    p.file = fileIndex_;
    p.range = r;
    if (layout_) layout_->refSpelling[p.placeholder] = p.text;
    impl_.pending.push_back(p);
    return p.placeholder;
}

void Transformer::recordDecl(antlr4::ParserRuleContext* ctx, const std::string& key) {
    if (layout_ == nullptr || ctx == nullptr || ctx->getStart() == nullptr) return;
    std::size_t stop = ctx->getStop() ? ctx->getStop()->getTokenIndex() : ctx->getStart()->getTokenIndex();
    decls_.push_back({ctx->getStart()->getTokenIndex(), stop, key});
}

std::optional<std::string> Transformer::explicitId(
    const std::vector<P::AnnotationContext*>& annotations) {
    for (auto* a : annotations) {
        if (annotationName(a) != "id") continue;
        auto args = a->annotationArg();
        if (args.size() != 1 || args[0]->annotationValue()->DTMI() == nullptr ||
            args[0]->identifier() != nullptr) {
            auto d = diag::Diagnostic::make(diag::Code::TwinBadAnnotation, range(a));
            d.arg("name", "id").arg("detail", "expected one DTMI, as in @id(dtmi:com:example:Name;1)");
            report(std::move(d));
            return std::nullopt;
        }
        return args[0]->annotationValue()->DTMI()->getText();
    }
    return std::nullopt;
}

namespace {

std::string_view targetName(int t) {
    static constexpr std::string_view names[] = {
        "a twin", "a property", "a telemetry", "a command", "a command payload",
        "a relationship", "a component", "a schema", "a field", "an enum value", "a map key or value",
        "an array element"};
    return names[t];
}

} // namespace

std::optional<ir::Literal> numberLiteral(const std::string& lexical) {
    const char* b = lexical.data();
    const char* e = b + lexical.size();
    if (lexical.find_first_of(".eE") == std::string::npos) {
        std::int64_t v = 0;
        auto r = std::from_chars(b, e, v);
        if (r.ec != std::errc() || r.ptr != e) return std::nullopt;
        return ir::Literal::integerValue(v, lexical);
    }
    double d = 0;
    auto r = std::from_chars(b, e, d);
    if (r.ec != std::errc() || r.ptr != e) return std::nullopt;
    return ir::Literal::doubleValue(d, lexical);
}

void Transformer::applyAnnotations(const std::vector<P::AnnotationContext*>& annotations,
                                   ir::Element& e, Target target, TwinState* twin) {
    std::set<std::string> seen;
    for (auto* a : annotations) {
        std::string name = annotationName(a);
        // A syntax error inside the annotation was reported already; do not pile on.
        if (name.empty() || name.find("<missing") != std::string::npos || a->exception != nullptr) continue;
        auto args = a->annotationArg();
        auto bad = [&](const std::string& detail) {
            auto d = diag::Diagnostic::make(diag::Code::TwinBadAnnotation, range(a));
            d.arg("name", name).arg("detail", detail);
            report(std::move(d));
        };
        bool repeatable = name == "mqtt" || name == "coap" || name == "http" || name == "ngsild" ||
                          name == "onem2m";
        if (!repeatable && !seen.insert(name).second) {
            bad("given more than once");
            continue;
        }
        auto stringArg = [&](P::AnnotationArgContext* arg) -> std::optional<std::string> {
            auto* v = arg->annotationValue();
            if (v->STRING()) return unquote(v->STRING()->getSymbol());
            return std::nullopt;
        };
        auto langString = [&]() -> std::optional<ir::LangString> {
            ir::LangString ls;
            if (args.size() == 1 && args[0]->identifier() == nullptr) {
                auto s = stringArg(args[0]);
                if (!s) return std::nullopt;
                ls.values.emplace_back("en", *s);
                ls.plain = true;
                return ls;
            }
            if (args.empty()) return std::nullopt;
            for (auto* arg : args) {
                if (arg->identifier() == nullptr) return std::nullopt;
                auto s = stringArg(arg);
                if (!s) return std::nullopt;
                std::string lang = identifier(arg->identifier());
                for (char& c : lang)
                    if (c == '_') c = '-';
                ls.values.emplace_back(lang, *s);
            }
            return ls;
        };
        if (name == "id") {
            continue; // read ahead by explicitId
        } else if (name == "display" || name == "description") {
            auto ls = langString();
            if (!ls) {
                bad("expected a string, or language-tagged strings as in @" + name +
                    "(en: \"...\", de: \"...\")");
                continue;
            }
            if (name == "display") e.displayName = std::move(*ls);
            else if (!e.description.empty()) bad("the element already has a doc comment; use one or the other");
            else e.description = std::move(*ls);
        } else if (name == "comment") {
            std::optional<std::string> s;
            if (args.size() == 1 && args[0]->identifier() == nullptr) s = stringArg(args[0]);
            if (!s) {
                bad("expected one string");
                continue;
            }
            e.extras.edit().comment = std::move(*s);
        } else if (name == "writable") {
            if (target != Target::Property && target != Target::Relationship) {
                auto d = diag::Diagnostic::make(diag::Code::TwinUnknownAnnotation, range(a));
                d.arg("name", name).arg("kind", std::string(targetName(static_cast<int>(target))));
                report(std::move(d));
                continue;
            }
            auto* v = args.size() == 1 ? args[0]->annotationValue() : nullptr;
            if (v == nullptr || (v->TRUE() == nullptr && v->FALSE() == nullptr)) {
                bad("expected true or false");
                continue;
            }
            bool value = v->TRUE() != nullptr;
            if (auto* p = std::get_if<ir::Property>(&e.body)) p->writable = value;
            if (auto* r = e.getIf<ir::Relationship>()) r->writable = value;
        } else if (name == "nullable") {
            continue; // handled with the payload
        } else if (name == "context") {
            if (target != Target::Twin) {
                auto d = diag::Diagnostic::make(diag::Code::TwinUnknownAnnotation, range(a));
                d.arg("name", name).arg("kind", std::string(targetName(static_cast<int>(target))));
                report(std::move(d));
            }
            continue; // read ahead by transformTwin
        } else if (repeatable) {
            ir::Binding b;
            b.protocol = name;
            b.range = range(a);
            bool ok = true;
            for (std::size_t i = 0; i < args.size(); ++i) {
                auto* arg = args[i];
                auto* v = arg->annotationValue();
                if (i == 0 && arg->identifier() == nullptr) {
                    auto s = stringArg(arg);
                    if (!s) {
                        ok = false;
                        break;
                    }
                    b.address = *s;
                    continue;
                }
                if (arg->identifier() == nullptr) {
                    ok = false;
                    break;
                }
                ir::Setting s;
                s.key = identifier(arg->identifier());
                s.range = range(arg);
                if (v->STRING()) {
                    auto str = unquote(v->STRING()->getSymbol());
                    s.value.kind = ir::SettingValue::Kind::String;
                    s.value.text = str.value_or("");
                } else if (v->quantity()) {
                    s.value.kind = ir::SettingValue::Kind::Number;
                    s.value.quantity = transformQuantity(v->quantity());
                    s.value.text = s.value.quantity.lexical;
                } else {
                    s.value.kind = ir::SettingValue::Kind::Name;
                    s.value.text = v->getText();
                }
                b.options.push_back(std::move(s));
            }
            if (!ok || b.address.empty()) {
                bad("expected an address string first, then named options, as in @" + name +
                    "(\"site/{id}/temp\", qos: 1)");
                continue;
            }
            e.continuum->bindings.push_back(std::move(b));
        } else if (name == "fidelity") {
            ir::Fidelity f;
            f.range = range(a);
            bool ok = !args.empty();
            for (auto* arg : args) {
                auto* v = arg->annotationValue();
                if (arg->identifier() == nullptr || v->quantity() == nullptr) {
                    ok = false;
                    break;
                }
                std::string key = identifier(arg->identifier());
                ir::Quantity q = transformQuantity(v->quantity());
                if (key == "max_staleness") f.maxStaleness = q;
                else if (key == "max_delay") f.maxDelay = q;
                else if (key == "min_rate") f.minRate = q;
                else ok = false;
            }
            if (!ok) {
                bad("expected max_staleness, max_delay or min_rate with a quantity, as in "
                    "@fidelity(max_delay: 200ms, min_rate: 5Hz)");
                continue;
            }
            e.continuum->fidelity = std::move(f);
        } else if (name == "supplemental") {
            // @supplemental(term, property-DTMI, values...): a DTDL extension property that
            // has no .twin syntax of its own (kept so DTDL round-trips without loss).
            if (args.size() < 2 || args[0]->annotationValue()->STRING() == nullptr ||
                args[1]->annotationValue()->DTMI() == nullptr) {
                bad("expected a term string, the property's DTMI, then values");
                continue;
            }
            ir::PropertyValue pv;
            pv.term = stringArg(args[0]).value_or("");
            pv.property = args[1]->annotationValue()->DTMI()->getText();
            pv.range = range(a);
            for (std::size_t i = 2; i < args.size(); ++i) {
                auto* v = args[i]->annotationValue();
                if (v->STRING()) {
                    pv.literals.push_back(ir::Literal::string(stringArg(args[i]).value_or("")));
                } else if (v->DTMI()) {
                    ir::Ref r;
                    r.target = v->DTMI()->getText();
                    r.range = range(args[i]);
                    r.property = pv.term;
                    pv.refs.push_back(std::move(r));
                } else if (v->TRUE() || v->FALSE()) {
                    pv.literals.push_back(ir::Literal::booleanValue(v->TRUE() != nullptr));
                } else if (auto* q = v->quantity(); q && q->identifier() == nullptr) {
                    if (auto lit = numberLiteral(q->getText())) pv.literals.push_back(std::move(*lit));
                    else bad("number '" + q->getText() + "' is out of range");
                } else {
                    bad("values are strings, numbers, booleans or DTMIs");
                }
            }
            e.extras.edit().supplementalProperties.push_back(std::move(pv));
        } else {
            auto d = diag::Diagnostic::make(diag::Code::TwinUnknownAnnotation, range(a->annotationName()));
            d.arg("name", name).arg("kind", std::string(targetName(static_cast<int>(target))));
            report(std::move(d));
        }
    }
    (void)twin;
}

} // namespace dtc::parser::dsl
