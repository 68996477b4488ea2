// dtc::validator — the rules that need the whole model set, and instance validation.
//
//   ir::Model (from the front ends, references resolved) -> validate -> diagnostics
//
// Front ends report what a single document shows; the validator checks what only the whole
// set shows (DTDL phases after resolution: reference targets of the right class, version
// mixing, inherited name uniqueness, extends / schema cycles and depth limits, collection
// limits, sibling restrictions). It reads the IR only and reports through the Engine.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diag.h"
#include "ir/model.h"

namespace dtc::validator {

/// Whole-model DTDL rules. Reports DTDL ValidationIDs (code DtdlRule) to `diags`. With
/// `threads` 2, the model is first read into the passes' tables on two threads, and the last
/// passes (descendant rules, inherited names, imported counts) run ahead on a second thread while
/// the calling thread runs the others; the diagnostics are the same as with
/// 1: what runs ahead only counts findings, and if it finds any, the passes run again in order on
/// the calling thread. True when the last passes ran ahead and were kept (they found nothing, so
/// they did not run again); false when they ran on the calling thread only.
///
/// The first pass checks the references (the classes of their targets, the names of elements
/// with @id that extends imports); if it finds nothing, `afterReferences` (when given) is called
/// to report what the official parser finds at that point, the front end's checks left until the
/// references resolve (parser::DtdlReader::reportLateErrors). Those do not stop the passes that
/// follow: the official parser reports them with what the later passes find.
bool validateModel(const ir::Model& model, diag::Engine& diags, unsigned threads = 1,
                   const std::function<void()>& afterReferences = {});

/// The result of validating a value against a schema.
struct InstanceResult {
    bool conforms = false;
    /// Why the value does not conform, one entry per problem ("element 2 of the array is not
    /// an integer"). Empty when it conforms.
    std::vector<std::string> violations;
    /// Set when validation itself is impossible (the subject is not an element that has a
    /// schema, the model is incomplete): the reference parser throws in that case.
    bool failed = false;
    std::string failure;
};

/// Validates the JSON text `json` as an instance of element `subject`, which must be a schema
/// (primitive, Array, Enum, Map, Object, the standard geospatial and scaledDecimal schemas) or
/// an EnumValue (the value must equal its enumValue). Any other subject (Interface, Property,
/// Telemetry, Command, CommandRequest / CommandResponse / CommandPayload, Relationship,
/// Component, Field, MapKey, MapValue) sets `failed`, as the reference parser throws for them
/// (conformance cases CommandFull*, InterfaceComponentEmbedded*); validate a Property's value
/// against `instanceSchemaOf(property)`. An unresolvable reference also sets `failed`.
/// Malformed JSON text (or nesting deeper than 64 levels) does not conform. This is the
/// runtime's payload check as well as the conformance cases' `instances` check.
[[nodiscard]] InstanceResult validateInstance(const ir::Model& model, ir::ElementId subject,
                                              std::string_view json);

/// The schema that values of `element` must conform to: the element itself when it is a
/// schema or EnumValue; the resolved `schema` of a Property, Telemetry, Field, CommandPayload
/// (CommandRequest / CommandResponse) or MapValue. std::nullopt for anything else or when the
/// reference is unresolved.
[[nodiscard]] std::optional<ir::ElementId> instanceSchemaOf(const ir::Model& model,
                                                            ir::ElementId element);

} // namespace dtc::validator
