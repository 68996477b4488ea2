// dtc::validator — the rules of the Digital Twin Continuum concepts (issue #3) and the
// conventions of standard models.
//
//   ir::Model (references resolved) -> validateTwinRules -> DTC22xx
//                                   -> lintStandardModels -> DTC7xxx (dtc-compile lint)
//
// validateTwinRules checks what DTDL has no rule for: shadowing expressions (names, types,
// time windows, aggregates over composed twins, derivation cycles), fidelity bounds, bindings
// and package metadata (units against semantic types are DTDL's own rule, in model_rules).
// It runs on every model; plain DTDL elements have no continuum data and pass trivially. The
// lint rules apply to .twin files only.
#pragma once

#include "diag/diag.h"
#include "ir/model.h"

namespace dtc::validator {

/// Continuum rules over the whole model. Reports DTC2210..DTC2218.
void validateTwinRules(const ir::Model& model, diag::Engine& diags);

/// Standard-model conventions (models/CONTRIBUTING.md) for every twin read from a .twin file:
/// file naming, documentation, units, namespace per folder, versions, naming style.
/// Reports DTC7001..DTC7007 as warnings.
void lintStandardModels(const ir::Model& model, const diag::SourceManager& sources,
                        diag::Engine& diags);

} // namespace dtc::validator
