// Transformer: schemas (named and inline), fields, enum values, type references.
#include "ir/dtdl_terms.h"
#include "ir/dtmi.h"
#include "parser/dsl/detail/transformer.h"
#include "parser/dtdl/standard_elements.h"

namespace dtc::parser::dsl {

using P = dtc_twin_gen::TwinParser;

std::optional<ir::Ref> Transformer::primitiveRef(const std::string& name, diag::SourceRange r,
                                                 const TwinState& twin) {
    if (!ir::primitiveFromName(name)) return std::nullopt;
    std::string id = ir::primitiveSchemaId(name, twin.version);
    // NOTE(dtc): DTDL v3 defines "double" as an alias of the v2 element; use what the DTDL
    // front end uses so a .twin model and its DTDL translation have the same IR.
    id = dtdl::aliasTarget(id).value_or(id);
    if (!dtdl::isStandardElement(id)) return std::nullopt; // e.g. v4 primitives in a v3 twin
    ir::Ref ref;
    ref.target = id;
    ref.range = r;
    impl_.standardTargets.insert(id);
    impl_.standardSites.emplace(id, r);
    return ref;
}

ir::Ref Transformer::transformTypeRef(P::TypeRefContext* ctx, NameKind kind, TwinState& twin) {
    ir::Ref ref;
    ref.range = range(ctx);
    if (ctx->DTMI()) {
        ref.target = ctx->DTMI()->getText();
        return ref;
    }
    std::string text = qualifiedName(ctx->qualifiedName());
    if (text.empty() || text.find("<missing") != std::string::npos) return ref; // syntax error reported
    if (kind != NameKind::Twin && text.find('.') == std::string::npos) {
        if (auto p = primitiveRef(text, ref.range, twin)) return *p;
    }
    ref.target = pendingName(text, kind, ref.range);
    return ref;
}

std::optional<ir::Literal> Transformer::transformLiteral(P::LiteralContext* ctx) {
    if (ctx == nullptr) return std::nullopt;
    if (ctx->STRING()) {
        auto s = unquote(ctx->STRING()->getSymbol());
        if (!s) return std::nullopt;
        return ir::Literal::string(*s);
    }
    if (ctx->TRUE() || ctx->FALSE()) return ir::Literal::booleanValue(ctx->TRUE() != nullptr);
    std::string text = ctx->getText();
    auto lit = numberLiteral(text);
    if (!lit) {
        auto d = diag::Diagnostic::make(diag::Code::TwinInvalidLiteral, range(ctx));
        d.arg("kind", "number").arg("text", text).arg("detail", "out of range");
        report(std::move(d));
    }
    return lit;
}

ir::Ref Transformer::transformSchemaDecl(P::SchemaDeclContext* ctx, TwinState& twin) {
    P::IdentifierContext* nameCtx = nullptr;
    P::VersionClauseContext* version = nullptr;
    std::vector<P::AnnotationContext*> annotations;
    if (auto* o = dynamic_cast<P::NamedObjectContext*>(ctx)) {
        nameCtx = o->identifier();
        version = o->versionClause();
        annotations = o->annotation();
    } else if (auto* en = dynamic_cast<P::NamedEnumContext*>(ctx)) {
        nameCtx = en->identifier(0);
        version = en->versionClause();
        annotations = en->annotation();
    } else if (auto* m = dynamic_cast<P::NamedMapContext*>(ctx)) {
        nameCtx = m->identifier();
        version = m->versionClause();
        annotations = m->annotation();
    } else if (auto* a = dynamic_cast<P::NamedArrayContext*>(ctx)) {
        nameCtx = a->identifier();
        version = a->versionClause();
        annotations = a->annotation();
    }
    std::string name = identifier(nameCtx);
    if (name.empty()) return {};
    const FileScope& scope = impl_.files[fileIndex_];
    std::string suffix = twin.versionSuffix;
    if (version && version->INTEGER()) suffix = ";" + version->INTEGER()->getText();
    if (version && version->DECIMAL()) suffix = ";" + version->DECIMAL()->getText();
    auto explicit_ = explicitId(annotations);
    std::string ns = scope.ns;
    for (char& c : ns)
        if (c == '.') c = ':';
    std::string id = explicit_ ? *explicit_ : "dtmi:" + ns + ":" + name + suffix;
    if (!twin.schemaNames.insert(name).second) {
        auto d = diag::Diagnostic::make(diag::Code::TwinDuplicateName, range(nameCtx));
        d.arg("kind", "schema").arg("name", name).arg("scope", "'" + twin.id + "'");
        report(std::move(d));
        return {};
    }
    ir::Element e = newElement(id, false, range(nameCtx), twin);
    e.description = docComment(ctx);
    applyAnnotations(annotations, e, Target::Schema, &twin);
    impl_.declared[(scope.ns.empty() ? "" : scope.ns + ".") + name].push_back({id, false, range(nameCtx)});
    recordDecl(ctx, id);
    if (auto* o = dynamic_cast<P::NamedObjectContext*>(ctx)) {
        if (o->objectBody()) return transformObjectBody(o->objectBody(), std::move(e), twin);
    } else if (auto* en = dynamic_cast<P::NamedEnumContext*>(ctx)) {
        if (en->enumBody()) return transformEnumBody(en->enumBody(), en->identifier(1), std::move(e), twin);
    } else if (auto* m = dynamic_cast<P::NamedMapContext*>(ctx)) {
        if (m->mapSchema()) return transformMapSchema(m->mapSchema(), std::move(e), twin);
    } else if (auto* a = dynamic_cast<P::NamedArrayContext*>(ctx)) {
        if (a->arraySchema()) return transformArraySchema(a->arraySchema(), std::move(e), twin);
    }
    return {};
}

ir::Ref Transformer::transformSchema(P::SchemaContext* ctx, const std::string& ownerId,
                                     std::string_view property, TwinState& twin) {
    if (ctx == nullptr) return {};
    if (ctx->typeRef()) return transformTypeRef(ctx->typeRef(), NameKind::Schema, twin);
    auto annotations = ctx->annotation();
    auto explicit_ = explicitId(annotations);
    std::string id = explicit_ ? *explicit_ : ir::generatedChildId(ownerId, property);
    ir::Element e = newElement(id, !explicit_, range(ctx), twin);
    applyAnnotations(annotations, e, Target::Schema, &twin);
    if (ctx->arraySchema()) return transformArraySchema(ctx->arraySchema(), std::move(e), twin);
    if (ctx->mapSchema()) return transformMapSchema(ctx->mapSchema(), std::move(e), twin);
    if (ctx->enumBody()) return transformEnumBody(ctx->enumBody(), ctx->identifier(), std::move(e), twin);
    if (ctx->objectBody()) return transformObjectBody(ctx->objectBody(), std::move(e), twin);
    return {};
}

ir::Ref Transformer::transformArraySchema(P::ArraySchemaContext* ctx, ir::Element e,
                                          TwinState& twin) {
    e.body = ir::ArraySchema{};
    auto r = range(ctx);
    ir::Ref element = transformSchema(ctx->schema(), e.id, "elementSchema", twin);
    element.property = "elementSchema";
    e.as<ir::ArraySchema>().elementSchema = std::move(element);
    return addInline(std::move(e), r);
}

ir::Ref Transformer::transformMapSchema(P::MapSchemaContext* ctx, ir::Element e, TwinState& twin) {
    e.body = ir::MapSchema{};
    auto r = range(ctx);
    if (ctx->mapKey) {
        ir::Ref k = transformMapPart(ctx->mapKey, e.id, true, twin);
        k.property = "mapKey";
        e.as<ir::MapSchema>().mapKey = std::move(k);
    }
    if (ctx->mapValue) {
        ir::Ref v = transformMapPart(ctx->mapValue, e.id, false, twin);
        v.property = "mapValue";
        e.as<ir::MapSchema>().mapValue = std::move(v);
    }
    return addInline(std::move(e), r);
}

ir::Ref Transformer::transformMapPart(P::MapPartContext* ctx, const std::string& mapId, bool key,
                                      TwinState& twin) {
    auto annotations = ctx->annotation();
    auto explicit_ = explicitId(annotations);
    std::string id = explicit_ ? *explicit_ : ir::generatedChildId(mapId, key ? "mapKey" : "mapValue");
    ir::Element e = newElement(id, !explicit_, range(ctx), twin);
    e.name = ctx->identifier() ? identifier(ctx->identifier()) : (key ? "key" : "value");
    if (key) e.body = ir::MapKey{};
    else e.body = ir::MapValue{};
    applyAnnotations(annotations, e, Target::MapPart, &twin);
    ir::Ref schema = transformSchema(ctx->schema(), id, "schema", twin);
    schema.property = "schema";
    if (key) e.as<ir::MapKey>().schema = std::move(schema);
    else e.as<ir::MapValue>().schema = std::move(schema);
    return addInline(std::move(e), range(ctx));
}

ir::Ref Transformer::transformEnumBody(P::EnumBodyContext* ctx, P::IdentifierContext* valueSchema,
                                       ir::Element e, TwinState& twin) {
    e.body = ir::EnumSchema{};
    auto r = range(ctx);
    std::string vs = identifier(valueSchema);
    if (auto p = primitiveRef(vs, range(valueSchema), twin)) {
        p->property = "valueSchema";
        e.as<ir::EnumSchema>().valueSchema = std::move(*p);
    } else if (!vs.empty()) {
        auto d = diag::Diagnostic::make(diag::Code::TwinUnknownName, range(valueSchema));
        d.arg("kind", "enum value schema").arg("name", vs);
        report(std::move(d));
    }
    std::set<std::string> names;
    for (auto* v : ctx->enumValue()) {
        ir::Ref ref = transformEnumValue(v, e.id, names, twin);
        if (ref.target.empty()) continue;
        ref.property = "enumValues";
        e.as<ir::EnumSchema>().enumValues.push_back(std::move(ref));
    }
    return addInline(std::move(e), r);
}

ir::Ref Transformer::transformEnumValue(P::EnumValueContext* ctx, const std::string& enumId,
                                        std::set<std::string>& names, TwinState& twin) {
    std::string name = identifier(ctx->identifier());
    if (name.empty()) return {};
    auto annotations = ctx->annotation();
    auto started = newNamedElement(ctx->identifier(), name, names, "enum value", enumId,
                                   "enumValues", annotations, twin);
    if (!started) return {};
    ir::Element e = std::move(*started);
    const std::string id = e.id;
    ir::EnumValue body;
    if (ctx->literal()) {
        if (auto lit = transformLiteral(ctx->literal())) body.enumValue = *lit;
    } else {
        body.enumValue = ir::Literal::string(name);
    }
    body.enumValue.range = ctx->literal() ? range(ctx->literal()) : range(ctx->identifier());
    e.body = body;
    e.description = docComment(ctx);
    applyAnnotations(annotations, e, Target::EnumValue, &twin);
    recordDecl(ctx, id);
    return addInline(std::move(e), range(ctx));
}

ir::Ref Transformer::transformObjectBody(P::ObjectBodyContext* ctx, ir::Element e, TwinState& twin) {
    e.body = ir::ObjectSchema{};
    auto r = range(ctx);
    std::set<std::string> names;
    for (auto* f : ctx->field()) {
        ir::Ref ref = transformField(f, e.id, names, twin);
        if (ref.target.empty()) continue;
        ref.property = "fields";
        e.as<ir::ObjectSchema>().fields.push_back(std::move(ref));
    }
    return addInline(std::move(e), r);
}

ir::Ref Transformer::transformField(P::FieldContext* ctx, const std::string& objectId,
                                    std::set<std::string>& names, TwinState& twin) {
    std::string name = identifier(ctx->identifier());
    if (name.empty() || ctx->schema() == nullptr) return {};
    auto annotations = merged(ctx->annotation(), ctx->elementTail());
    auto started = newNamedElement(ctx->identifier(), name, names, "field", objectId,
                                   "fields", annotations, twin);
    if (!started) return {};
    ir::Element e = std::move(*started);
    const std::string id = e.id;
    e.body = ir::Field{};
    e.description = docComment(ctx);
    applyAnnotations(annotations, e, Target::Field, &twin);
    ir::Ref schema = transformSchema(ctx->schema(), id, "schema", twin);
    schema.property = "schema";
    e.as<ir::Field>().schema = std::move(schema);
    transformElementTail(ctx->elementTail(), e, twin);
    if (!e.continuum->derivation.empty()) {
        auto d = diag::Diagnostic::make(diag::Code::TwinTypeError,
                                        range(ctx->elementTail()->initializer()));
        d.arg("detail", "field '" + name + "' cannot be derived: only properties and telemetry of a twin have derived values");
        report(std::move(d));
        e.continuum->derivation = {};
    }
    recordDecl(ctx, id);
    return addInline(std::move(e), range(ctx));
}

} // namespace dtc::parser::dsl
