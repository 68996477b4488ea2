// The .twin language: digital twin descriptions for the Digital Twin Continuum.
// Reference: docs/language.md. Front end: src/parser/dsl (Transformer, one method per rule).
//
// NOTE(dtc): annotations (`@name(args)`) and settings blocks are generic in the grammar and
// interpreted by the transformer from a table, so new annotations do not change the parser
// and an unknown one is a semantic diagnostic with a precise range, not a syntax error.
// Doc comments (`///`) travel on their own channel and are attached to the declaration that
// follows them, so a misplaced doc comment is never a syntax error.
grammar Twin;

// ---- files ---------------------------------------------------------------------------------

file
    : namespaceDecl? importDecl* twinDecl* EOF
    ;

namespaceDecl
    : NAMESPACE qualifiedName ';'
    ;

importDecl
    : IMPORT qualifiedName ';'
    ;

// ---- twins ---------------------------------------------------------------------------------

twinDecl
    : annotation* TWIN identifier versionClause? extendsClause? '{' member* '}'
    ;

versionClause
    : VERSION (INTEGER | DECIMAL)
    ;

extendsClause
    : EXTENDS typeRef (',' typeRef)*
    ;

member
    : propertyDecl
    | telemetryDecl
    | commandDecl
    | relationshipDecl
    | componentDecl
    | schemaDecl
    | settingsBlock
    ;

propertyDecl
    : annotation* PROPERTY WRITABLE? identifier ':' schema elementTail ';'
    ;

telemetryDecl
    : annotation* TELEMETRY identifier ':' schema elementTail ';'
    ;

// The clauses that may follow the schema of a property, telemetry or field.
elementTail
    : unitClause? semanticClause? initializer? annotation*
    ;

unitClause
    : UNIT unitName
    ;

unitName
    : identifier
    | DTMI
    ;

semanticClause
    : AS semanticType (',' semanticType)*
    ;

semanticType
    : identifier
    | DTMI
    ;

initializer
    : '=' expression
    ;

commandDecl
    : annotation* COMMAND identifier '(' request=payload? ')' ('->' response=payload)? annotation* ';'
    ;

payload
    : annotation* (identifier ':')? schema NULLABLE?
    ;

relationshipDecl
    : annotation* RELATIONSHIP WRITABLE? identifier ('->' typeRef)? multiplicity? annotation*
      (';' | '{' propertyDecl* '}')
    ;

multiplicity
    : '[' lower=INTEGER? RANGE (upper=INTEGER | '*')? ']'
    ;

componentDecl
    : annotation* COMPONENT identifier ':' typeRef annotation* ';'
    ;

// `fidelity { max_delay 200ms; }` and `package { placement edge; gpu 1; }`.
settingsBlock
    : kind=(FIDELITY | PACKAGE) '{' setting* '}'
    ;

setting
    : identifier settingValue ';'
    ;

settingValue
    : STRING
    | quantity
    | identifier
    ;

quantity
    : '-'? (INTEGER | DECIMAL) identifier?
    ;

// ---- schemas -------------------------------------------------------------------------------

// Named, reusable schemas (DTDL Interface `schemas`).
schemaDecl
    : annotation* OBJECT identifier versionClause? objectBody                   # namedObject
    | annotation* ENUM identifier versionClause? ':' identifier enumBody        # namedEnum
    | annotation* MAP identifier versionClause? '=' mapSchema ';'               # namedMap
    | annotation* ARRAY identifier versionClause? '=' arraySchema ';'           # namedArray
    ;

// Annotations before an inline schema (@id, @display, ...) apply to the schema element.
schema
    : annotation* arraySchema
    | annotation* mapSchema
    | annotation* ENUM '<' identifier '>' enumBody
    | annotation* OBJECT objectBody
    | typeRef
    ;

arraySchema
    : ARRAY '<' schema '>'
    ;

mapSchema
    : MAP '<' mapKey=mapPart ',' mapValue=mapPart '>'
    ;

mapPart
    : annotation* (identifier ':')? schema
    ;

objectBody
    : '{' field* '}'
    ;

field
    : annotation* identifier ':' schema elementTail ';'
    ;

enumBody
    : '{' enumValue* '}'
    ;

enumValue
    : annotation* identifier ('=' literal)? ';'
    ;

typeRef
    : qualifiedName
    | DTMI
    ;

// ---- annotations ---------------------------------------------------------------------------

annotation
    : '@' annotationName ('(' (annotationArg (',' annotationArg)*)? ')')?
    ;

// Annotation names may be keywords (@fidelity, @writable).
annotationName
    : identifier
    | FIDELITY | PACKAGE | WRITABLE | NULLABLE | VERSION | UNIT | OBJECT | ENUM | MAP | ARRAY
    | PROPERTY | TELEMETRY | COMMAND | RELATIONSHIP | COMPONENT | TWIN | EXTENDS | AS
    | NAMESPACE | IMPORT
    ;

annotationArg
    : (identifier ':')? annotationValue
    ;

annotationValue
    : STRING
    | DTMI
    | quantity
    | identifier
    | TRUE
    | FALSE
    ;

// ---- expressions (shadowing) ---------------------------------------------------------------

expression
    : primary                                                   # primaryExpr
    | expression '.' identifier                                 # memberExpr
    | op=('-' | '!') expression                                 # unaryExpr
    | expression op=('*' | '/' | '%') expression                # binaryExpr
    | expression op=('+' | '-') expression                      # binaryExpr
    | expression op=('<' | '<=' | '>' | '>=') expression        # binaryExpr
    | expression op=('==' | '!=') expression                    # binaryExpr
    | expression op='&&' expression                             # binaryExpr
    | expression op='||' expression                             # binaryExpr
    | <assoc = right> expression '?' expression ':' expression  # conditionExpr
    ;

primary
    : (INTEGER | DECIMAL) identifier?                           # numberLit
    | STRING                                                    # stringLit
    | (TRUE | FALSE)                                            # boolLit
    | identifier '(' (expression (',' expression)*)? ')'        # callExpr
    | identifier                                                # nameExpr
    | '(' expression ')'                                        # parenExpr
    ;

literal
    : STRING
    | '-'? (INTEGER | DECIMAL)
    | TRUE
    | FALSE
    ;

// ---- names ---------------------------------------------------------------------------------

qualifiedName
    : identifier ('.' identifier)*
    ;

identifier
    : IDENT
    | ESCAPED_IDENT
    ;

// ---- lexer ---------------------------------------------------------------------------------

NAMESPACE    : 'namespace';
IMPORT       : 'import';
TWIN         : 'twin';
VERSION      : 'version';
EXTENDS      : 'extends';
PROPERTY     : 'property';
WRITABLE     : 'writable';
TELEMETRY    : 'telemetry';
COMMAND      : 'command';
RELATIONSHIP : 'relationship';
COMPONENT    : 'component';
UNIT         : 'unit';
AS           : 'as';
NULLABLE     : 'nullable';
OBJECT       : 'object';
ENUM         : 'enum';
MAP          : 'map';
ARRAY        : 'array';
FIDELITY     : 'fidelity';
PACKAGE      : 'package';
TRUE         : 'true';
FALSE        : 'false';

DTMI         : 'dtmi:' [a-zA-Z0-9_:]+ (';' [0-9]+ ('.' [0-9]+)?)? ('#' [a-zA-Z0-9_]+)?;
DECIMAL      : [0-9]+ '.' [0-9]+ ([eE] [+-]? [0-9]+)?;
RANGE        : '..';
INTEGER      : [0-9]+;
IDENT        : [a-zA-Z_] [a-zA-Z0-9_]*;
ESCAPED_IDENT: '`' [a-zA-Z_] [a-zA-Z0-9_]* '`';
STRING       : '"' (~["\\\r\n] | '\\' .)* '"';

DOC_COMMENT  : '///' ~[\r\n]* -> channel(2);
LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT: '/*' .*? '*/' -> channel(HIDDEN);
WS           : [ \t\r\n\u000C]+ -> channel(HIDDEN);

// Any other character: reported as a syntax error by the parser with its exact range.
UNKNOWN_CHAR : .;
