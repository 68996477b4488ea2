// Whole-model DTDL rules (after reference resolution).
#include "validator/validator.h"

namespace dtc::validator {

void validateModel(const ir::Model& /*model*/, diag::Engine& /*diags*/) {}

} // namespace dtc::validator
