// libFuzzer target for the .twin front end: any input must be read without crashing, hanging
// or leaking (ASan/UBSan), and reported through diagnostics. Inputs that parse are also run
// through name resolution, the continuum rules and both printers.
//
// Build: cmake -DDTC_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DDTC_SANITIZE=address,undefined
//        (fuzz/CMakeLists.txt: add_executable(fuzz_twin fuzz_twin.cpp) with -fsanitize=fuzzer,
//        linked to dtc_parser_dsl dtc_validator dtc_translators)
// Run:   ./fuzz_twin -max_len=4096 corpus/ ../tests/golden/twin/**/*.twin ../models/*/*.twin
#include <cstddef>
#include <cstdint>
#include <string>

#include "parser/dsl/twin.h"
#include "translators/translators.h"
#include "validator/twin_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dtc;
    diag::SourceManager sm;
    diag::Engine diags;
    ir::Model model;
    auto file = sm.addBuffer("fuzz.twin", std::string(reinterpret_cast<const char*>(data), size));
    parser::dsl::TwinReader reader(sm, diags, model);
    ir::SourceLayout layout;
    bool parsed = reader.read(file, &layout);
    // The formatter runs on any file without syntax errors, before names are resolved.
    diag::Engine printDiags;
    if (parsed) {
        translators::TwinPrintOptions options;
        options.layout = &layout;
        (void)translators::printTwinFile(model, model.roots(), options, printDiags);
    }
    reader.resolve();
    model.resolveReferences();
    if (!diags.hasErrors()) {
        validator::validateTwinRules(model, diags);
        (void)translators::translateToTwin(model, printDiags);
        (void)translators::translateToDtdl(model, {}, printDiags);
    }
    return 0;
}
