// DTDL v4 limit extensions ("Limit extensions" in DTDL.Extensions.md): the limitless DTDL
// context, what must follow it, and the limits a limit extension (dtmi:dtdl:limits:onvif;1)
// puts in place of the core ones. The official v4 cases show these rules too, but v4 is not in
// the gating conformance set; these tests keep them from regressing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/dtdl_text.h"

namespace {

using V = std::vector<std::string>;

V ids(const std::string& text, std::vector<std::string> acceptable = {"dtmi:dtdl:limits:onvif"}) {
    dtc::driver::Options options;
    options.dtdl.extensionLimitContexts = std::move(acceptable);
    return dtc::test::reportedIds(text, options);
}

std::string withContext(const std::string& context, const std::string& body = "") {
    return R"({"@context":[)" + context + R"(],"@id":"dtmi:a:b;1","@type":"Interface")" + body + "}";
}

const std::string kOnvif = R"("dtmi:dtdl:context;4#limitless","dtmi:dtdl:limits:onvif;1")";

std::string description(std::size_t n) {
    return R"(,"contents":[{"@type":"Telemetry","name":"t","schema":"double","description":")" +
           std::string(n, 'a') + R"("}])";
}

/// An Array nested `depth` levels deep (Arrays of Arrays), as the schema of a Property.
std::string nestedArrays(int depth) {
    std::string schema = R"("double")";
    for (int i = 0; i < depth; ++i) schema = R"({"@type":"Array","elementSchema":)" + schema + "}";
    return R"(,"contents":[{"@type":"Property","name":"p","schema":)" + schema + "}]";
}

TEST(DtdlLimits, LimitlessNeedsTheLimitsRightAfterIt) {
    EXPECT_EQ(ids(withContext(kOnvif)), V{});
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4#limitless","dtmi:dtdl:context;4#limits")")), V{});
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4#limitless","dtmi:dtdl:context;4")")), V{});
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4#limitless")")), V{"missingLimitContext"});
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4#limitless","dtmi:dtdl:extension:quantitativeTypes;2",)"
                              R"("dtmi:dtdl:limits:onvif;1")")),
              V{"missingLimitContext"});
}

TEST(DtdlLimits, LimitContextsComeRightAfterLimitless) {
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4","dtmi:dtdl:context;4#limits")")), V{"misplacedLimitContext"});
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4","dtmi:dtdl:limits:onvif;1")")), V{"misplacedLimitContext"});
}

TEST(DtdlLimits, FragmentsOutsideTheCoreContextOrBeforeV4) {
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4#foobar")")), V{"invalidContextFragment"});
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4#limitless","dtmi:dtdl:context;4#foobar")")),
              V{"invalidContextFragment"});
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4","dtmi:dtdl:extension:quantitativeTypes;2#limits")")),
              V{"invalidContextSpecifier"});
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;3#limitless","dtmi:dtdl:context;3")")),
              V{"disallowedContextFragment"});
}

TEST(DtdlLimits, ALimitExtensionIsAcceptedOnlyWhenListed) {
    EXPECT_EQ(ids(withContext(kOnvif), {}), V{"disallowedLimitContext"});
    EXPECT_EQ(ids(withContext(kOnvif), {"dtmi:dtdl:limits:onvif;2"}), V{"disallowedLimitContext"});
    EXPECT_EQ(ids(withContext(kOnvif), {"dtmi:dtdl:limits:onvif;1"}), V{});
    // Listed, but dtc does not know its limits: refused rather than left unchecked.
    EXPECT_EQ(ids(withContext(R"("dtmi:dtdl:context;4#limitless","dtmi:dtdl:limits:other;1")"),
                  {"dtmi:dtdl:limits:other"}),
              V{"unresolvableContextSpecifier"});
}

TEST(DtdlLimits, OnvifRaisesTheDescriptionLength) {
    const std::string core = R"("dtmi:dtdl:context;4")";
    EXPECT_EQ(ids(withContext(core, description(512))), V{});
    EXPECT_EQ(ids(withContext(core, description(513))), V{"langStringValueTooLong"});
    EXPECT_EQ(ids(withContext(kOnvif, description(4096))), V{});
    EXPECT_EQ(ids(withContext(kOnvif, description(4097))), V{"langStringValueTooLong"});
}

TEST(DtdlLimits, OnvifRaisesTheSchemaDepth) {
    const std::string core = R"("dtmi:dtdl:context;4")";
    EXPECT_EQ(ids(withContext(core, nestedArrays(8))), V{});
    EXPECT_EQ(ids(withContext(core, nestedArrays(9))), V{"excessiveDepthWide"});
    EXPECT_EQ(ids(withContext(kOnvif, nestedArrays(24))), V{});
    EXPECT_EQ(ids(withContext(kOnvif, nestedArrays(25))), V{"excessiveDepthWide"});
}

TEST(DtdlLimits, NonSupersedableLimitsStay) {
    // A name's length is no supersedable limit: 512 characters under Onvif as in the core.
    auto named = [](std::size_t n) {
        return R"(,"contents":[{"@type":"Telemetry","schema":"double","name":")" + std::string(n, 'a') + R"("}])";
    };
    EXPECT_EQ(ids(withContext(kOnvif, named(512))), V{});
    EXPECT_EQ(ids(withContext(kOnvif, named(513))), V{"stringTooLong"});
}

} // namespace
