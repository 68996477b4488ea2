// Private to src/parser/dsl: the state a TwinReader keeps across files, and the Transformer
// that turns one file's parse tree into IR (one method per grammar rule, split by area into
// transform_twin.cpp, transform_schema.cpp and transform_expr.cpp, as kuzu does).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "TwinParser.h"
#include "diag/diag.h"
#include "ir/layout.h"
#include "ir/model.h"
#include "parser/dsl/twin.h"

namespace dtc::parser::dsl {

/// What a pending name must resolve to.
enum class NameKind : std::uint8_t { Twin, Schema, TwinOrSchema };

/// A reference by name awaiting resolve(): the Ref's target holds `placeholder` until then.
struct PendingName {
    std::string placeholder;
    std::string text;     ///< dotted, as written (backticks removed)
    NameKind kind = NameKind::TwinOrSchema;
    std::size_t file = 0; ///< index into TwinReader::Impl::files
    diag::SourceRange range;
};

/// A declaration that can be named from other files: twins and named schemas.
struct Declared {
    std::string dtmi;
    bool isTwin = true;
    diag::SourceRange range;
};

struct FileScope {
    diag::FileId file = diag::kNoFile;
    std::string ns; ///< dotted namespace ("" when none)
    std::vector<std::pair<std::string, diag::SourceRange>> imports;
    /// ANTLR counts code points; diagnostics count bytes. Empty when the file is ASCII.
    std::vector<std::uint32_t> cpToByte;
    std::uint32_t bomSkip = 0;
    [[nodiscard]] std::uint32_t byteOffset(std::size_t cp) const {
        if (cpToByte.empty()) return bomSkip + static_cast<std::uint32_t>(cp);
        return cp < cpToByte.size() ? cpToByte[cp] : cpToByte.back();
    }
};

struct TwinReader::Impl {
    const diag::SourceManager& sources;
    diag::Engine& diags;
    ir::Model& model;
    std::vector<FileScope> files;
    std::vector<PendingName> pending;
    /// Qualified dotted name ("smartcity.mobility.Area") -> declarations with that name.
    std::map<std::string, std::vector<Declared>> declared;
    std::set<std::string> namespaces;
    std::set<std::string> standardTargets; ///< primitive / unit ids the twins reference
    std::map<std::string, diag::SourceRange> standardSites; ///< first site of each
    std::size_t twins = 0;

    Impl(const diag::SourceManager& s, diag::Engine& d, ir::Model& m)
        : sources(s), diags(d), model(m) {}
};

/// Transforms the parse tree of one file. Lives only while the file is read.
class Transformer {
public:
    Transformer(TwinReader::Impl& impl, std::size_t fileIndex, antlr4::CommonTokenStream& tokens,
                ir::SourceLayout* layout);

    void transformFile(dtc_twin_gen::TwinParser::FileContext* ctx);

private:
    using P = dtc_twin_gen::TwinParser;

    /// Per-twin state while its members are transformed.
    struct TwinState {
        std::string id;
        std::string versionSuffix; ///< ";1", ";1.2" or "" (shared by the twin's named schemas)
        int version = 3;
        bool usesQuantitative = false;
        ir::ElementId element;
        std::set<std::string> memberNames;
        std::set<std::string> schemaNames;
    };

    // ---- transform_twin.cpp: files, twins, members ----
    void transformNamespace(P::NamespaceDeclContext* ctx);
    void transformImport(P::ImportDeclContext* ctx);
    void transformTwin(P::TwinDeclContext* ctx);
    void transformMember(P::MemberContext* ctx, TwinState& twin);
    ir::Ref transformProperty(P::PropertyDeclContext* ctx, const std::string& parentId,
                              std::string_view collection, TwinState& twin,
                              std::set<std::string>& names);
    ir::Ref transformTelemetry(P::TelemetryDeclContext* ctx, TwinState& twin);
    ir::Ref transformCommand(P::CommandDeclContext* ctx, TwinState& twin);
    ir::Ref transformPayload(P::PayloadContext* ctx, const std::string& commandId,
                             ir::CommandPayload::Role role, TwinState& twin);
    ir::Ref transformRelationship(P::RelationshipDeclContext* ctx, TwinState& twin);
    ir::Ref transformComponent(P::ComponentDeclContext* ctx, TwinState& twin);
    void transformSettingsBlock(P::SettingsBlockContext* ctx, TwinState& twin);
    ir::Setting transformSetting(P::SettingContext* ctx);
    void transformElementTail(P::ElementTailContext* ctx, ir::Element& e, TwinState& twin);
    /// Leading annotations followed by those of the element tail.
    static std::vector<P::AnnotationContext*> merged(std::vector<P::AnnotationContext*> lead,
                                                     P::ElementTailContext* tail);

    // ---- transform_schema.cpp: schemas ----
    ir::Ref transformSchemaDecl(P::SchemaDeclContext* ctx, TwinState& twin);
    ir::Ref transformSchema(P::SchemaContext* ctx, const std::string& ownerId,
                            std::string_view property, TwinState& twin);
    ir::Ref transformArraySchema(P::ArraySchemaContext* ctx, ir::Element e, TwinState& twin);
    ir::Ref transformMapSchema(P::MapSchemaContext* ctx, ir::Element e, TwinState& twin);
    /// A primitive schema reference, or std::nullopt when `name` is not a primitive.
    std::optional<ir::Ref> primitiveRef(const std::string& name, diag::SourceRange r,
                                        const TwinState& twin);
    ir::Ref transformMapPart(P::MapPartContext* ctx, const std::string& mapId, bool key,
                             TwinState& twin);
    ir::Ref transformEnumBody(P::EnumBodyContext* ctx, P::IdentifierContext* valueSchema,
                              ir::Element e, TwinState& twin);
    ir::Ref transformEnumValue(P::EnumValueContext* ctx, const std::string& enumId,
                               std::set<std::string>& names, TwinState& twin);
    ir::Ref transformObjectBody(P::ObjectBodyContext* ctx, ir::Element e, TwinState& twin);
    ir::Ref transformField(P::FieldContext* ctx, const std::string& objectId,
                           std::set<std::string>& names, TwinState& twin);
    ir::Ref transformTypeRef(P::TypeRefContext* ctx, NameKind kind, TwinState& twin);
    std::optional<ir::Literal> transformLiteral(P::LiteralContext* ctx);

    // ---- transform_expr.cpp: shadowing expressions ----
    ir::Expression transformExpression(P::ExpressionContext* ctx);
    std::uint32_t transformExpr(P::ExpressionContext* ctx, ir::Expression& out);
    std::uint32_t transformPrimary(P::PrimaryContext* ctx, ir::Expression& out);
    ir::Quantity transformQuantity(P::QuantityContext* ctx);

    // ---- transformer.cpp: annotations and helpers ----
    /// What an annotation list decorates (selects the annotations allowed).
    enum class Target : std::uint8_t {
        Twin, Property, Telemetry, Command, Payload, Relationship, Component, Schema, Field,
        EnumValue, MapPart, ArrayElement
    };
    /// Applies @id, @context, @display, @description, @comment, @writable, bindings and
    /// @fidelity to `e`; reports unknown or malformed annotations.
    void applyAnnotations(const std::vector<P::AnnotationContext*>& annotations, ir::Element& e,
                          Target target, TwinState* twin);
    /// Reads an @id annotation (if any) ahead of the others: children's ids depend on it.
    std::optional<std::string> explicitId(const std::vector<P::AnnotationContext*>& annotations);
    ir::Element newElement(std::string id, bool generated, diag::SourceRange range,
                           const TwinState& twin) const;
    /// Starts a named child element (member, field, enum value): claims `name` in `names` (a
    /// second declaration is reported as TwinDuplicateName, a `kind` in `parentId`, and gives
    /// std::nullopt), then creates the element under its @id, or under the id DTDL generates
    /// from `parentId`, `collection` and `name`, with its name set.
    std::optional<ir::Element> newNamedElement(P::IdentifierContext* nameCtx, const std::string& name,
                                               std::set<std::string>& names, std::string_view kind,
                                               const std::string& parentId,
                                               std::string_view collection,
                                               const std::vector<P::AnnotationContext*>& annotations,
                                               const TwinState& twin);
    /// Adds `e` to the model and returns an inline Ref to it.
    ir::Ref addInline(ir::Element e, diag::SourceRange refRange);
    std::string pendingName(std::string text, NameKind kind, diag::SourceRange range);
    void recordDecl(antlr4::ParserRuleContext* ctx, const std::string& key);

    std::string identifier(P::IdentifierContext* ctx) const;
    /// The name of an annotation ("" when recovery left it out).
    std::string annotationName(P::AnnotationContext* ctx) const;
    std::string qualifiedName(P::QualifiedNameContext* ctx) const;
    std::optional<std::string> unquote(antlr4::Token* token);
    diag::SourceRange range(antlr4::Token* token) const;
    diag::SourceRange range(antlr4::ParserRuleContext* ctx) const;
    diag::SourceRange range(antlr4::tree::TerminalNode* node) const { return range(node->getSymbol()); }
    /// The doc comment (`///` lines) right before `ctx`, as a plain description.
    ir::LangString docComment(antlr4::ParserRuleContext* ctx);
    void report(diag::Diagnostic d) { impl_.diags.report(std::move(d)); }

    TwinReader::Impl& impl_;
    std::size_t fileIndex_;
    diag::FileId file_;
    antlr4::CommonTokenStream& tokens_;
    ir::SourceLayout* layout_;
    /// (first token index, last token index, layout key) of every declaration, in order.
    struct DeclSpan {
        std::size_t start, stop;
        std::string key;
    };
    std::vector<DeclSpan> decls_;
    std::vector<std::pair<std::size_t, std::string>> twinEnds_; ///< '}' token index, twin id

public:
    /// Attaches the file's ordinary comments to declarations (for the formatter).
    void collectComments();
};

/// Moves continuum annotations carried in DTDL comments ("@dtc ...") into Element::continuum;
/// returns how many elements had some.
std::size_t liftCarriedContinuum(ir::Model& model, diag::Engine& diags);

/// A number literal from its lexical form ("-12", "0.5"); std::nullopt when out of range.
[[nodiscard]] std::optional<ir::Literal> numberLiteral(const std::string& lexical);

} // namespace dtc::parser::dsl
