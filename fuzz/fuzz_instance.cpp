// fuzz_instance — libFuzzer target for instance validation (validator::validateInstance), the
// check a twin's runtime runs on every payload it receives: untrusted text.
//
// A fixed model set, compiled once, holds every kind of schema: the DTDL v4 primitives, Array,
// Enum (integer and string), Map, Object (nested), v2's geospatial schemas and v4's
// scaledDecimal. Each input is one JSON value, validated against every element of the set that
// values can be checked against (instanceSchemaOf, enum values). Any crash, sanitizer report,
// uncaught exception or hang is a bug; so is a subject the validator cannot check, and a result
// that both conforms and has violations, or neither (any such result traps).
//
//   CC=clang CXX=clang++ cmake -S . -B /tmp/build-fuzz -G Ninja -DDTC_FUZZ=ON \
//       -DDTC_SANITIZE=address,undefined -DDTC_BUILD_TESTS=OFF -DDTC_BUILD_BENCH=OFF
//   cmake --build /tmp/build-fuzz --target fuzz_instance
//   /tmp/build-fuzz/fuzz/fuzz_instance -dict=fuzz/dtdl.dict -max_total_time=300 -timeout=10 /tmp/fuzz-instances
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "driver/driver.h"
#include "validator/validator.h"

namespace {

constexpr const char* kModels = R"([
 {"@context": "dtmi:dtdl:context;4", "@id": "dtmi:fuzz:Primitives;1", "@type": "Interface",
  "contents": [
   {"@type": "Property", "name": "p0", "schema": "boolean"}, {"@type": "Property", "name": "p1", "schema": "byte"},
   {"@type": "Property", "name": "p2", "schema": "bytes"}, {"@type": "Property", "name": "p3", "schema": "date"},
   {"@type": "Property", "name": "p4", "schema": "dateTime"}, {"@type": "Property", "name": "p5", "schema": "decimal"},
   {"@type": "Property", "name": "p6", "schema": "double"}, {"@type": "Property", "name": "p7", "schema": "duration"},
   {"@type": "Property", "name": "p8", "schema": "float"}, {"@type": "Property", "name": "p9", "schema": "integer"},
   {"@type": "Property", "name": "p10", "schema": "long"}, {"@type": "Property", "name": "p11", "schema": "short"},
   {"@type": "Property", "name": "p12", "schema": "string"}, {"@type": "Property", "name": "p13", "schema": "time"},
   {"@type": "Property", "name": "p14", "schema": "unsignedByte"}, {"@type": "Property", "name": "p15", "schema": "unsignedInteger"},
   {"@type": "Property", "name": "p16", "schema": "unsignedLong"}, {"@type": "Property", "name": "p17", "schema": "unsignedShort"},
   {"@type": "Property", "name": "p18", "schema": "uuid"}, {"@type": "Property", "name": "p19", "schema": "scaledDecimal"}]},
 {"@context": "dtmi:dtdl:context;3", "@id": "dtmi:fuzz:Complex;1", "@type": "Interface",
  "schemas": [{"@id": "dtmi:fuzz:Reading;1", "@type": "Object", "fields": [
     {"name": "value", "schema": "double"},
     {"name": "tags", "schema": {"@type": "Array", "elementSchema": "string"}},
     {"name": "at", "schema": "dateTime"}]}],
  "contents": [
   {"@type": "Telemetry", "name": "reading", "schema": "dtmi:fuzz:Reading;1"},
   {"@type": "Property", "name": "mode", "writable": true, "schema": {"@type": "Enum", "valueSchema": "string",
     "enumValues": [{"name": "off", "enumValue": "off"}, {"name": "on", "enumValue": "on"}]}},
   {"@type": "Property", "name": "level", "schema": {"@type": "Enum", "valueSchema": "integer",
     "enumValues": [{"name": "low", "enumValue": 1}, {"name": "high", "enumValue": 3}]}},
   {"@type": "Property", "name": "byRoom", "schema": {"@type": "Map",
     "mapKey": {"name": "room", "schema": "string"},
     "mapValue": {"name": "readings", "schema": {"@type": "Array", "elementSchema": "dtmi:fuzz:Reading;1"}}}},
   {"@type": "Command", "name": "set", "request": {"name": "target", "schema": {"@type": "Object", "fields": [
     {"name": "nested", "schema": {"@type": "Object", "fields": [{"name": "n", "schema": "long"}]}}]}},
    "response": {"name": "ok", "schema": "boolean"}}]},
 {"@context": "dtmi:dtdl:context;2", "@id": "dtmi:fuzz:Geo;1", "@type": "Interface",
  "contents": [
   {"@type": "Telemetry", "name": "g0", "schema": "point"}, {"@type": "Telemetry", "name": "g1", "schema": "lineString"},
   {"@type": "Telemetry", "name": "g2", "schema": "polygon"}, {"@type": "Telemetry", "name": "g3", "schema": "multiPoint"},
   {"@type": "Telemetry", "name": "g4", "schema": "multiLineString"}, {"@type": "Telemetry", "name": "g5", "schema": "multiPolygon"}]}
])";

struct Models {
    dtc::driver::Compilation compilation;
    std::vector<dtc::ir::ElementId> subjects;
    Models() {
        compilation.inputs.push_back(compilation.sources.addBuffer("models.json", kModels));
        dtc::driver::compile(compilation, {});
        if (compilation.diags.hasErrors()) {
            std::fprintf(stderr, "fuzz_instance: the fixed models do not compile\n");
            __builtin_trap();
        }
        const dtc::ir::Model& m = compilation.model;
        for (const dtc::ir::Element& e : m.elements())
            if (e.is<dtc::ir::EnumValue>() || dtc::validator::instanceSchemaOf(m, e.self)) subjects.push_back(e.self);
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::unique_ptr<Models> models = std::make_unique<Models>();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const dtc::ir::Model& m = models->compilation.model;
    for (dtc::ir::ElementId subject : models->subjects) {
        const bool enumValue = m[subject].is<dtc::ir::EnumValue>();
        const auto schema = enumValue ? std::optional(subject) : dtc::validator::instanceSchemaOf(m, subject);
        const dtc::validator::InstanceResult r = dtc::validator::validateInstance(m, *schema, text);
        // (Every subject is a schema or an enum value: the validator can always check it.)
        if (r.failed || r.conforms != r.violations.empty()) {
            std::fprintf(stderr, "fuzz_instance: '%s': failed %d (%s), conforms %d with %zu violations\n",
                         m[subject].id.c_str(), r.failed ? 1 : 0, r.failure.c_str(), r.conforms ? 1 : 0,
                         r.violations.size());
            __builtin_trap();
        }
    }
    return 0;
}
