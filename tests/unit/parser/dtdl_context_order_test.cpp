// Order of @context entries, settled with the reference parser (DTDLParser 1.1.3) in every DTDL
// version: the conformance cases show each rule in one version or position only.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/dtdl_text.h"

namespace {

std::vector<std::string> ids(const std::string& text) { return dtc::test::reportedIds(text); }

std::string topLevel(const std::string& context) {
    return R"({"@context":[)" + context + R"(],"@id":"dtmi:a:b;1","@type":"Interface"})";
}

std::string nested(const std::string& context) {
    return R"({"@context":"dtmi:dtdl:context;2","@id":"dtmi:a:b;1","@type":"Interface","contents":[)"
           R"({"@context":[)" +
           context + R"(],"@type":"Property","name":"p","schema":"double"}]})";
}

using V = std::vector<std::string>;

TEST(DtdlContextOrder, PartnerContextImplyingTheVersionMayLead) {
    EXPECT_EQ(ids(topLevel(R"("dtmi:iotcentral:context;2","dtmi:dtdl:context;2")")), V{});
    EXPECT_EQ(ids(nested(R"("dtmi:iotcentral:context;2","dtmi:dtdl:context;2")")), V{});
}

TEST(DtdlContextOrder, OtherLeadingEntries) {
    const std::string feature = R"("dtmi:dtdl:extension:historization;1","dtmi:dtdl:context;2")";
    EXPECT_EQ(ids(topLevel(feature)), V{"missingDtdlContext"});
    EXPECT_EQ(ids(nested(feature)), V{"dtdlContextFollowsAffiliate"});
    const std::string local = R"({"a":"dtmi:x:y;1"},"dtmi:dtdl:context;2")";
    EXPECT_EQ(ids(topLevel(local)), V{"missingDtdlContext"});
    EXPECT_EQ(ids(nested(local)), V{"localContextNotLast"});
}

TEST(DtdlContextOrder, LocalContextNotLast) {
    const std::string middle =
        R"("dtmi:dtdl:context;3",{"a":"dtmi:x:y;1"},"dtmi:dtdl:extension:historization;1")";
    EXPECT_EQ(ids(topLevel(middle)), V{"localContextNotLast"});
    EXPECT_EQ(ids(topLevel(R"("dtmi:dtdl:context;3",{"a":"dtmi:x:y;1"})")),
              V{"disallowedLocalContext"});
}

} // namespace
