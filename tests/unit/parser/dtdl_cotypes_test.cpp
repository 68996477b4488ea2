// Co-types no context defines and references across DTDL versions, settled with the reference
// parser (DTDLParser 1.1.3): a DTMI or term only an undefined extension could define is accepted
// only when the model names such an extension; an IRI that is not a DTMI is refused in v3 and v4
// even then (the metamodel's apocrypha: neverAllow asCotype notDtmiNorTerm), and accepted in v2
// (alwaysAllow).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/dtdl_text.h"

namespace {

std::vector<std::string> ids(const std::string& text, bool allowUndefined) {
    dtc::driver::Options options;
    if (allowUndefined) options.dtdl.undefinedExtensions = dtc::parser::UndefinedExtensions::Allow;
    return dtc::test::reportedIds(text, options);
}

std::string telemetry(const std::string& context, const std::string& cotype) {
    return R"({"@context":[)" + context +
           R"(],"@id":"dtmi:a:b;1","@type":"Interface","contents":[)"
           R"({"@id":"dtmi:a:t;1","@type":["Telemetry",")" +
           cotype + R"("],"name":"d","schema":"double"}]})";
}

using V = std::vector<std::string>;

TEST(DtdlCotypes, ForeignDtmiNeedsAnUndefinedExtension) {
    for (const char* dtdl : {R"("dtmi:dtdl:context;2")", R"("dtmi:dtdl:context;3")"}) {
        EXPECT_EQ(ids(telemetry(dtdl, "dtmi:foo:baz;1"), false), V{"typeIrrelevantDtmiOrTerm"})
            << dtdl;
        EXPECT_EQ(
            ids(telemetry(std::string(dtdl) + R"(,"dtmi:foo:bar;1")", "dtmi:foo:baz;1"), true), V{})
            << dtdl;
    }
}

TEST(DtdlCotypes, NonDtmiIriRefusedFromV3EvenWithUndefinedExtensions) {
    EXPECT_EQ(
        ids(telemetry(R"("dtmi:dtdl:context;3","dtmi:foo:bar;1")", "http://foo.com/bar"), true),
        V{"typeNotDtmiNorTerm"});
    EXPECT_EQ(
        ids(telemetry(R"("dtmi:dtdl:context;2","dtmi:foo:bar;1")", "http://foo.com/bar"), false),
        V{});
}

// A DTDL v2 element referring to an element of an allowed class, only defined in a later DTDL
// version, is told about the version (disallowedVersionReference), not the class; a class
// the property does not allow in any version stays badType (reference parser). (The Object is
// defined inside another Interface: crossPartitionReference too, reported first, as the
// official parser does.)
TEST(DtdlVersionReference, LaterVersionOfAnAllowedClass) {
    const std::string v2 =
        R"({"@context":"dtmi:dtdl:context;2","@id":"dtmi:a:b;1","@type":"Interface",)"
        R"("contents":[{"@type":"Property","name":"p","schema":"dtmi:a:o;1"}]})";
    const std::string objectV3 =
        R"({"@context":"dtmi:dtdl:context;3","@id":"dtmi:a:c;1","@type":"Interface",)"
        R"("schemas":[{"@id":"dtmi:a:o;1","@type":"Object","fields":[]}]})";
    const std::string interfaceV3 =
        R"({"@context":"dtmi:dtdl:context;3","@id":"dtmi:a:o;1","@type":"Interface"})";
    EXPECT_EQ(ids("[" + v2 + "," + objectV3 + "]", false),
              (V{"crossPartitionReference", "disallowedVersionReference"}));
    EXPECT_EQ(ids("[" + v2 + "," + interfaceV3 + "]", false), V{"badType"});
}

} // namespace
