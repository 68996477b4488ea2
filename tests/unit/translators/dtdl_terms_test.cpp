// ir/dtdl_terms maps terms to identifiers by pattern; check the pattern against every term of
// the published DTDL contexts (../shared/reference/dtdl), so a context whose term differs from
// its identifier's last segment would be caught.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ir/dtdl_terms.h"

namespace dtc {
namespace {

namespace fs = std::filesystem;

nlohmann::json load(const fs::path& p) {
    std::ifstream f(p);
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    return nlohmann::json::parse(text);
}

void checkContext(const fs::path& file, int version, const std::string& classPrefix,
                  const std::string& unitPrefix) {
    if (!fs::exists(file)) GTEST_SKIP() << file << " not found";
    auto ctx = load(file);
    std::size_t classes = 0, units = 0;
    for (const auto& [term, def] : ctx.items()) {
        if (!def.is_object() || !def.contains("@id")) continue;
        std::string id = def["@id"];
        if (id.rfind(classPrefix, 0) == 0) {
            ++classes;
            EXPECT_EQ(ir::semanticTypeId(term, version), id);
            EXPECT_EQ(ir::semanticTypeTerm(id, version), std::optional<std::string>(term));
        } else if (id.rfind(unitPrefix, 0) == 0) {
            ++units;
            EXPECT_EQ(ir::unitId(term, version), id);
            EXPECT_EQ(ir::unitTerm(id, version), std::optional<std::string>(term));
        } else if (term == "unit") {
            EXPECT_EQ(ir::unitPropertyId(version), id);
            EXPECT_TRUE(ir::isUnitProperty(id));
        }
    }
    EXPECT_GT(classes, 40u);
    EXPECT_GT(units, 100u);
}

const fs::path kDtdl = fs::path(DTC_SHARED_DIR) / "reference" / "dtdl" / "DTDL";

TEST(DtdlTerms, MatchTheV2Context) {
    checkContext(kDtdl / "v2" / "context" / "DTDL.v2.context.json", 2, "dtmi:standard:class:",
                 "dtmi:standard:unit:");
}

TEST(DtdlTerms, MatchTheQuantitativeTypesV1Context) {
    checkContext(kDtdl / "v3" / "context" / "DTDL.FeatureExtension.quantitativeTypes.v1.context.json", 3,
                 "dtmi:dtdl:extension:quantitativeTypes:v1:class:", "dtmi:dtdl:extension:quantitativeTypes:v1:unit:");
}

TEST(DtdlTerms, Contexts) {
    EXPECT_EQ(ir::dtdlContext(3), "dtmi:dtdl:context;3");
    EXPECT_EQ(ir::dtdlContextVersion("dtmi:dtdl:context;4#limitless"), 4);
    EXPECT_EQ(ir::dtdlContextVersion("dtmi:dtdl:extension:mqtt;1"), 0);
    EXPECT_EQ(ir::quantitativeTypesContext(2), "");
    EXPECT_EQ(ir::primitiveSchemaTerm("dtmi:dtdl:instance:Schema:double;2"), std::optional<std::string>("double"));
}

} // namespace
} // namespace dtc
