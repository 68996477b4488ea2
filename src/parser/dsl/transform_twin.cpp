// Transformer: files, twins and their members.
#include "ir/dtdl_terms.h"
#include "ir/dtmi.h"
#include "parser/dsl/detail/transformer.h"

namespace dtc::parser::dsl {

using P = dtc_twin_gen::TwinParser;

namespace {

std::string dtmiPath(std::string_view dotted) {
    std::string out(dotted);
    for (char& c : out)
        if (c == '.') c = ':';
    return out;
}

/// A derivation that is a single constant (an initial value) rather than a computation.
bool isConstant(const ir::Expression& e) {
    if (e.empty()) return true;
    const auto& n = e.rootNode();
    using K = ir::ExprNode::Kind;
    if (n.kind == K::Number || n.kind == K::String || n.kind == K::Boolean) return true;
    return n.kind == K::Unary && n.text == "-" && e.nodes[n.operands[0]].kind == K::Number;
}

} // namespace

std::vector<P::AnnotationContext*> Transformer::merged(std::vector<P::AnnotationContext*> lead,
                                                       P::ElementTailContext* tail) {
    if (tail != nullptr)
        for (auto* a : tail->annotation()) lead.push_back(a);
    return lead;
}

void Transformer::transformFile(P::FileContext* ctx) {
    if (ctx == nullptr) return;
    if (ctx->namespaceDecl()) transformNamespace(ctx->namespaceDecl());
    for (auto* i : ctx->importDecl()) transformImport(i);
    bool reported = false;
    for (auto* t : ctx->twinDecl()) {
        if (impl_.files[fileIndex_].ns.empty() && !reported) {
            bool hasId = false;
            for (auto* a : t->annotation()) hasId |= annotationName(a) == "id";
            if (!hasId) {
                report(diag::Diagnostic::make(diag::Code::TwinMissingNamespace,
                                              range(t->identifier() ? t->identifier()->getStart()
                                                                    : t->getStart())));
                reported = true;
            }
        }
        transformTwin(t);
    }
    if (layout_) collectComments();
}

void Transformer::transformNamespace(P::NamespaceDeclContext* ctx) {
    std::string ns = qualifiedName(ctx->qualifiedName());
    impl_.files[fileIndex_].ns = ns;
    if (!ns.empty()) impl_.namespaces.insert(ns);
    if (layout_) layout_->ns = ns;
}

void Transformer::transformImport(P::ImportDeclContext* ctx) {
    std::string ns = qualifiedName(ctx->qualifiedName());
    if (ns.empty()) return;
    impl_.files[fileIndex_].imports.emplace_back(ns, range(ctx->qualifiedName()));
    if (layout_) layout_->imports.push_back(ns);
}

void Transformer::transformTwin(P::TwinDeclContext* ctx) {
    std::string name = identifier(ctx->identifier());
    if (name.empty()) return; // syntax error already reported
    const FileScope& scope = impl_.files[fileIndex_];
    auto annotations = ctx->annotation();
    TwinState twin;
    if (auto* v = ctx->versionClause()) {
        if (v->INTEGER()) twin.versionSuffix = ";" + v->INTEGER()->getText();
        else if (v->DECIMAL()) twin.versionSuffix = ";" + v->DECIMAL()->getText();
    }
    bool hasExplicitId = false;
    if (auto id = explicitId(annotations)) {
        twin.id = *id;
        hasExplicitId = true;
    } else {
        std::string ns = scope.ns.empty() ? std::string("undefined") : dtmiPath(scope.ns);
        twin.id = "dtmi:" + ns + ":" + name + twin.versionSuffix;
    }
    // @context decides the DTDL version before any element is built (primitive schema and
    // unit identifiers depend on it).
    std::vector<std::string> contexts;
    for (auto* a : annotations) {
        if (annotationName(a) != "context") continue;
        for (auto* arg : a->annotationArg()) {
            auto* v = arg->annotationValue();
            if (v->DTMI()) contexts.push_back(v->DTMI()->getText());
            else if (v->STRING()) contexts.push_back(unquote(v->STRING()->getSymbol()).value_or(""));
        }
        int version = contexts.empty() ? 0 : ir::dtdlContextVersion(contexts.front());
        if (version == 0) {
            auto d = diag::Diagnostic::make(diag::Code::TwinBadContext, range(a));
            d.arg("detail", "the first context must be a DTDL context (dtmi:dtdl:context;2, ;3 or ;4)");
            report(std::move(d));
            contexts.clear();
        } else {
            twin.version = version;
        }
    }

    ir::Element e = newElement(twin.id, false, range(ctx->identifier()), twin);
    e.body = ir::Interface{};
    e.description = docComment(ctx);
    applyAnnotations(annotations, e, Target::Twin, &twin);
    if (auto* ext = ctx->extendsClause()) {
        for (auto* t : ext->typeRef()) {
            ir::Ref r = transformTypeRef(t, NameKind::Twin, twin);
            r.property = "extends";
            e.as<ir::Interface>().extends.push_back(std::move(r));
        }
    }
    bool added = false;
    twin.element = impl_.model.add(std::move(e), &added);
    if (!added) {
        auto d = diag::Diagnostic::make(diag::Code::TwinDuplicateName, range(ctx->identifier()));
        d.arg("kind", "twin").arg("name", twin.id).arg("scope", "the model set");
        d.note(impl_.model[twin.element].origin.range, "first defined here");
        report(std::move(d));
        return;
    }
    impl_.model.addRoot(twin.element);
    ++impl_.twins;
    if (!hasExplicitId && !scope.ns.empty())
        impl_.declared[scope.ns + "." + name].push_back({twin.id, true, range(ctx->identifier())});
    else if (hasExplicitId)
        impl_.declared[(scope.ns.empty() ? "" : scope.ns + ".") + name].push_back(
            {twin.id, true, range(ctx->identifier())});
    recordDecl(ctx, twin.id);

    for (auto* m : ctx->member()) transformMember(m, twin);

    auto& iface = impl_.model[twin.element].as<ir::Interface>();
    if (contexts.empty()) {
        contexts.push_back(ir::dtdlContext(twin.version));
        if (twin.usesQuantitative && twin.version >= 3)
            contexts.push_back(ir::quantitativeTypesContext(twin.version));
    }
    iface.contexts = std::move(contexts);
    if (layout_ && ctx->getStop()) twinEnds_.emplace_back(ctx->getStop()->getTokenIndex(), twin.id);
}

void Transformer::transformMember(P::MemberContext* ctx, TwinState& twin) {
    auto push = [&](ir::Ref r, bool schema = false) {
        if (r.target.empty()) return;
        r.property = schema ? "schemas" : "contents";
        auto& iface = impl_.model[twin.element].as<ir::Interface>();
        (schema ? iface.schemas : iface.contents).push_back(std::move(r));
    };
    if (auto* p = ctx->propertyDecl()) {
        push(transformProperty(p, twin.id, "contents", twin, twin.memberNames));
    } else if (auto* t = ctx->telemetryDecl()) {
        push(transformTelemetry(t, twin));
    } else if (auto* c = ctx->commandDecl()) {
        push(transformCommand(c, twin));
    } else if (auto* r = ctx->relationshipDecl()) {
        push(transformRelationship(r, twin));
    } else if (auto* c2 = ctx->componentDecl()) {
        push(transformComponent(c2, twin));
    } else if (auto* s = ctx->schemaDecl()) {
        push(transformSchemaDecl(s, twin), true);
    } else if (auto* b = ctx->settingsBlock()) {
        transformSettingsBlock(b, twin);
    }
}

ir::Ref Transformer::transformProperty(P::PropertyDeclContext* ctx, const std::string& parentId,
                                       std::string_view collection, TwinState& twin,
                                       std::set<std::string>& names) {
    std::string name = identifier(ctx->identifier());
    if (name.empty() || ctx->schema() == nullptr) return {};
    auto annotations = merged(ctx->annotation(), ctx->elementTail());
    auto started = newNamedElement(ctx->identifier(), name, names, "member", parentId,
                                   collection, annotations, twin);
    if (!started) return {};
    ir::Element e = std::move(*started);
    const std::string id = e.id;
    ir::Property body;
    if (ctx->WRITABLE()) body.writable = true;
    e.body = body;
    e.description = docComment(ctx);
    applyAnnotations(annotations, e, Target::Property, &twin);
    ir::Ref schema = transformSchema(ctx->schema(), id, "schema", twin);
    schema.property = "schema";
    e.as<ir::Property>().schema = std::move(schema);
    transformElementTail(ctx->elementTail(), e, twin);
    const auto& p = e.as<ir::Property>();
    if (p.writable.value_or(false) && !isConstant(e.continuum->derivation)) {
        auto d = diag::Diagnostic::make(diag::Code::TwinDerivedWritable,
                                        range(ctx->elementTail()->initializer()));
        d.arg("name", name);
        report(std::move(d));
    }
    recordDecl(ctx, id);
    return addInline(std::move(e), range(ctx));
}

ir::Ref Transformer::transformTelemetry(P::TelemetryDeclContext* ctx, TwinState& twin) {
    std::string name = identifier(ctx->identifier());
    if (name.empty() || ctx->schema() == nullptr) return {};
    auto annotations = merged(ctx->annotation(), ctx->elementTail());
    auto started = newNamedElement(ctx->identifier(), name, twin.memberNames, "member", twin.id,
                                   "contents", annotations, twin);
    if (!started) return {};
    ir::Element e = std::move(*started);
    const std::string id = e.id;
    e.body = ir::Telemetry{};
    e.description = docComment(ctx);
    applyAnnotations(annotations, e, Target::Telemetry, &twin);
    ir::Ref schema = transformSchema(ctx->schema(), id, "schema", twin);
    schema.property = "schema";
    e.as<ir::Telemetry>().schema = std::move(schema);
    transformElementTail(ctx->elementTail(), e, twin);
    recordDecl(ctx, id);
    return addInline(std::move(e), range(ctx));
}

void Transformer::transformElementTail(P::ElementTailContext* ctx, ir::Element& e,
                                       TwinState& twin) {
    if (ctx == nullptr) return;
    if (auto* u = ctx->unitClause(); u && (u->unitName() == nullptr || u->unitName()->getText().empty() ||
                                           u->unitName()->getText().find("<missing") != std::string::npos)) {
        return; // syntax error already reported: no follow-up diagnostics
    }
    if (auto* u = ctx->unitClause(); u && u->unitName() && ctx->semanticClause() == nullptr) {
        // DTDL v2 and QuantitativeTypes: 'unit' is a property of the semantic type classes.
        auto d = diag::Diagnostic::make(diag::Code::TwinUnitWithoutSemanticType, range(u));
        d.arg("name", e.name.value_or(e.id));
        report(std::move(d));
    }
    if (auto* u = ctx->unitClause(); u && u->unitName()) {
        ir::PropertyValue pv;
        pv.property = ir::unitPropertyId(twin.version);
        pv.term = "unit";
        pv.range = range(u);
        ir::Ref r;
        r.range = range(u->unitName());
        r.property = "unit";
        if (u->unitName()->DTMI()) {
            r.target = u->unitName()->DTMI()->getText();
        } else {
            r.target = ir::unitId(identifier(u->unitName()->identifier()), twin.version);
            twin.usesQuantitative = true;
        }
        impl_.standardTargets.insert(r.target);
        impl_.standardSites.emplace(r.target, r.range);
        pv.refs.push_back(std::move(r));
        auto& supplemental = e.extras.edit().supplementalProperties;
        supplemental.insert(supplemental.begin(), std::move(pv));
    }
    if (auto* s = ctx->semanticClause()) {
        for (auto* t : s->semanticType()) {
            if (t->DTMI()) {
                e.extras.edit().supplementalTypes.push_back(t->DTMI()->getText());
            } else {
                e.extras.edit().supplementalTypes.push_back(
                    ir::semanticTypeId(identifier(t->identifier()), twin.version));
                twin.usesQuantitative = true;
            }
        }
    }
    if (auto* i = ctx->initializer(); i && i->expression())
        e.continuum->derivation = transformExpression(i->expression());
}

ir::Ref Transformer::transformCommand(P::CommandDeclContext* ctx, TwinState& twin) {
    std::string name = identifier(ctx->identifier());
    if (name.empty()) return {};
    auto annotations = ctx->annotation();
    auto started = newNamedElement(ctx->identifier(), name, twin.memberNames, "member", twin.id,
                                   "contents", annotations, twin);
    if (!started) return {};
    ir::Element e = std::move(*started);
    const std::string id = e.id;
    e.body = ir::Command{};
    e.description = docComment(ctx);
    applyAnnotations(annotations, e, Target::Command, &twin);
    if (ctx->request) {
        ir::Ref r = transformPayload(ctx->request, id, ir::CommandPayload::Role::Request, twin);
        if (!r.target.empty()) {
            r.property = "request";
            e.as<ir::Command>().request = std::move(r);
        }
    }
    if (ctx->response) {
        ir::Ref r = transformPayload(ctx->response, id, ir::CommandPayload::Role::Response, twin);
        if (!r.target.empty()) {
            r.property = "response";
            e.as<ir::Command>().response = std::move(r);
        }
    }
    recordDecl(ctx, id);
    return addInline(std::move(e), range(ctx));
}

ir::Ref Transformer::transformPayload(P::PayloadContext* ctx, const std::string& commandId,
                                      ir::CommandPayload::Role role, TwinState& twin) {
    if (ctx->schema() == nullptr) return {};
    bool request = role == ir::CommandPayload::Role::Request;
    auto annotations = ctx->annotation();
    auto explicit_ = explicitId(annotations);
    std::string id = explicit_ ? *explicit_ : ir::generatedChildId(commandId, request ? "request" : "response");
    ir::Element e = newElement(id, !explicit_, range(ctx), twin);
    e.name = ctx->identifier() ? identifier(ctx->identifier()) : (request ? "request" : "response");
    ir::CommandPayload body;
    body.role = twin.version <= 2 ? ir::CommandPayload::Role::Payload : role;
    if (ctx->NULLABLE()) body.nullable = true;
    e.body = body;
    applyAnnotations(annotations, e, Target::Payload, &twin);
    ir::Ref schema = transformSchema(ctx->schema(), id, "schema", twin);
    schema.property = "schema";
    e.as<ir::CommandPayload>().schema = std::move(schema);
    return addInline(std::move(e), range(ctx));
}

ir::Ref Transformer::transformRelationship(P::RelationshipDeclContext* ctx, TwinState& twin) {
    std::string name = identifier(ctx->identifier());
    if (name.empty()) return {};
    auto annotations = ctx->annotation();
    auto started = newNamedElement(ctx->identifier(), name, twin.memberNames, "member", twin.id,
                                   "contents", annotations, twin);
    if (!started) return {};
    ir::Element e = std::move(*started);
    const std::string id = e.id;
    ir::Relationship body;
    if (ctx->WRITABLE()) body.writable = true;
    e.body = body;
    e.description = docComment(ctx);
    applyAnnotations(annotations, e, Target::Relationship, &twin);
    auto& rel = e.as<ir::Relationship>();
    if (ctx->typeRef()) {
        ir::Ref t = transformTypeRef(ctx->typeRef(), NameKind::Twin, twin);
        t.property = "target";
        t.dependent = false; // DTDL v3, "Model completeness": targets need not be defined
        rel.target = std::move(t);
    }
    if (auto* m = ctx->multiplicity()) {
        if (m->lower) {
            if (auto l = numberLiteral(m->lower->getText())) rel.minMultiplicity = *l;
        }
        if (m->upper) {
            if (auto l = numberLiteral(m->upper->getText())) rel.maxMultiplicity = *l;
        }
    }
    std::set<std::string> names;
    for (auto* p : ctx->propertyDecl()) {
        ir::Ref r = transformProperty(p, id, "properties", twin, names);
        if (r.target.empty()) continue;
        r.property = "properties";
        e.as<ir::Relationship>().properties.push_back(std::move(r));
    }
    recordDecl(ctx, id);
    return addInline(std::move(e), range(ctx));
}

ir::Ref Transformer::transformComponent(P::ComponentDeclContext* ctx, TwinState& twin) {
    std::string name = identifier(ctx->identifier());
    if (name.empty() || ctx->typeRef() == nullptr) return {};
    auto annotations = ctx->annotation();
    auto started = newNamedElement(ctx->identifier(), name, twin.memberNames, "member", twin.id,
                                   "contents", annotations, twin);
    if (!started) return {};
    ir::Element e = std::move(*started);
    const std::string id = e.id;
    e.body = ir::Component{};
    e.description = docComment(ctx);
    applyAnnotations(annotations, e, Target::Component, &twin);
    ir::Ref schema = transformTypeRef(ctx->typeRef(), NameKind::Twin, twin);
    schema.property = "schema";
    e.as<ir::Component>().schema = std::move(schema);
    recordDecl(ctx, id);
    return addInline(std::move(e), range(ctx));
}

ir::Setting Transformer::transformSetting(P::SettingContext* ctx) {
    ir::Setting s;
    s.key = identifier(ctx->identifier());
    s.range = range(ctx);
    auto* v = ctx->settingValue();
    if (v == nullptr) return s;
    if (v->STRING()) {
        s.value.kind = ir::SettingValue::Kind::String;
        s.value.text = unquote(v->STRING()->getSymbol()).value_or("");
    } else if (v->quantity()) {
        s.value.kind = ir::SettingValue::Kind::Number;
        s.value.quantity = transformQuantity(v->quantity());
        s.value.text = s.value.quantity.lexical;
    } else {
        s.value.kind = ir::SettingValue::Kind::Name;
        s.value.text = identifier(v->identifier());
    }
    return s;
}

void Transformer::transformSettingsBlock(P::SettingsBlockContext* ctx, TwinState& twin) {
    if (ctx->kind == nullptr) return;
    bool fidelity = ctx->kind->getType() == P::FIDELITY;
    auto& c = *impl_.model[twin.element].continuum;
    auto bad = [&](antlr4::ParserRuleContext* where, const std::string& detail) {
        auto d = diag::Diagnostic::make(diag::Code::TwinBadAnnotation, range(where));
        d.arg("name", fidelity ? "fidelity" : "package").arg("detail", detail);
        report(std::move(d));
    };
    if ((fidelity && c.fidelity) || (!fidelity && c.package)) {
        bad(ctx, "a twin has at most one " + std::string(fidelity ? "fidelity" : "package") +
                     " block (or @fidelity annotation)");
        return;
    }
    recordDecl(ctx, twin.id + (fidelity ? "#fidelity" : "#package"));
    if (fidelity) {
        ir::Fidelity f;
        f.range = range(ctx);
        for (auto* s : ctx->setting()) {
            ir::Setting st = transformSetting(s);
            if (st.value.kind != ir::SettingValue::Kind::Number) {
                bad(s, "'" + st.key + "' takes a quantity such as 200ms or 5Hz");
                continue;
            }
            if (st.key == "max_staleness") f.maxStaleness = st.value.quantity;
            else if (st.key == "max_delay") f.maxDelay = st.value.quantity;
            else if (st.key == "min_rate") f.minRate = st.value.quantity;
            else bad(s, "unknown setting '" + st.key + "'; expected max_staleness, max_delay or min_rate");
        }
        impl_.model[twin.element].continuum->fidelity = std::move(f);
    } else {
        ir::Package p;
        p.range = range(ctx);
        std::set<std::string> keys;
        for (auto* s : ctx->setting()) {
            ir::Setting st = transformSetting(s);
            if (!keys.insert(st.key).second) {
                bad(s, "'" + st.key + "' is given more than once");
                continue;
            }
            p.settings.push_back(std::move(st));
        }
        impl_.model[twin.element].continuum->package = std::move(p);
    }
}

} // namespace dtc::parser::dsl
