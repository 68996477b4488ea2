// dtc::ir — the official DTDL parser's message phrases: templates with named placeholders, in
// which an identifier can be rendered as a phrase in one of four grammatical cases.
//
// DTDLParser writes the cause of each parsing error from a template such as
//   "{primaryId:p} property '{property}' has value{value:e} that is not a string."
// An identifier the parser generated for an element defined inline (a DTMI whose last path
// segment starts with '_', DTDL v3 "Identifiers": dtmi:ex:Room;1 + property 'contents' + name
// 'temp' -> dtmi:ex:Room:_contents:__temp;1) or a JSON-LD blank node (_:b0) means nothing to a
// model's author, so such identifiers are described by their position instead of printed:
//   "dtmi:ex:Room;1 has 'contents' value with name 'temp' whose property 'schema' ...".
// formatPhrase reproduces that templating; the conformance cases in
// ../shared/conformance/dtdl/phrases check it against the official parser's output. It is a
// pure function of its arguments (no catalogue, no SourceManager) and sits in ir beside the DTMI
// syntax it takes identifiers apart with, where every front end can reach it.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace dtc::ir {

/// One named value of a phrase: `name` is what appears between the braces of a placeholder,
/// `value` the text (or the identifier) that replaces it.
struct PhraseValue {
    std::string_view name;
    std::string_view value;
};

/// Formats `phrase`, replacing each placeholder by its value from `values`:
///
/// - `{name}` inserts the value as is.
/// - `{name:n}`, `{name:p}`, `{name:r}`, `{name:e}` render the value as an identifier in the
///   nominative, possessive, relative or elective case. The text around such a placeholder is
///   written for it: "Nested element{id:r} has ..." becomes "Nested element dtmi:ex:a;1 has ...",
///   "Nested element with name 'b' has ..." or "Nested element has ...".
///
/// How an identifier X reads in each case (n / p / r / e):
///
/// - a blank node (`_:b1`): X / X's / nothing / nothing;
/// - a user DTMI, one whose last path segment does not start with '_' (`dtmi:ex:a;1`), printed
///   without its `#fragment`: X / X's / " X" / " X";
/// - anything else: an IRI that is not a DTMI, an invalid DTMI (`dtmi:ex:1a;1`):
///   X / X's / " 'X'" / " 'X'";
/// - a generated DTMI (`dtmi:ex:a:_contents:__b:_schema;1`) is described from its root, the
///   DTMI made of the segments before the generated ones plus the version (`dtmi:ex:a;1`), then
///   one clause per generated step, outermost first: `_prop` reads " has 'prop' value",
///   `_prop:__name` reads " has 'prop' value with name 'name'", and each clause is followed by
///   " which", the last one in the possessive by " whose":
///     n: "dtmi:ex:a;1 has 'contents' value with name 'b' which has 'schema' value which"
///     p: "dtmi:ex:a;1 has 'contents' value with name 'b' which has 'schema' value whose"
///     r: " with name 'N'" with the innermost step's name N; nothing here (`_schema` has none)
///     e: nothing.
///   A DTMI whose segments do not read back as a root and steps (a `__name` segment that does
///   not follow a `_prop` one, no user segment before the generated ones) is not one the parser
///   generates: it reads as a user DTMI.
///
/// Everything else is copied unchanged: text outside placeholders, lone or unmatched braces, a
/// placeholder whose name has no value, and one with an unknown case letter (`{id:x}`). A value
/// is inserted once and never scanned again, so a value containing `{...}` stays as it is. When
/// several values have the same name, the first one counts. A name is looked up whole before a
/// case letter is split off (`{a:n}` with a value named "a:n" inserts that value as is), as the
/// official parser does. Never fails; the result does not refer to the arguments.
[[nodiscard]] std::string formatPhrase(std::string_view phrase,
                                       std::span<const PhraseValue> values);

/// `noun` with its indefinite article, for the messages dtc writes itself: "an Interface", "an
/// integer", "a Map", "a unit", "a uuid" (by the sound of the first letter: "u" before "ni",
/// "se", "su" or another "u" sounds like "you").
[[nodiscard]] std::string withArticle(std::string_view noun);

} // namespace dtc::ir
