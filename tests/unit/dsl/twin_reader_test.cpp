// The .twin front end on in-memory files: the IR it builds, syntax errors (all of them, with
// precise ranges and wording), name resolution across .twin and DTDL files.
#include <gtest/gtest.h>

#include "dsl/twin_test_util.h"
#include "parser/dsl/twin.h"

namespace dtc {
namespace {

struct Read {
    diag::SourceManager sm;
    diag::Engine diags;
    ir::Model model;
    std::vector<diag::FileId> files;
};

/// Reads .twin sources (name, text) as one model set and resolves names.
std::unique_ptr<Read> readTwins(const std::vector<std::pair<std::string, std::string>>& sources) {
    auto r = std::make_unique<Read>();
    parser::dsl::TwinReader reader(r->sm, r->diags, r->model);
    for (const auto& [name, text] : sources) {
        r->files.push_back(r->sm.addBuffer(name, text));
        reader.read(r->files.back());
    }
    reader.resolve();
    r->model.resolveReferences();
    return r;
}

const ir::Element& at(const ir::Model& m, const std::string& id) {
    auto e = m.find(id);
    EXPECT_TRUE(e.has_value()) << "no element " << id;
    static ir::Element none;
    return e ? m[*e] : none;
}

std::string codes(const diag::Engine& d, const diag::SourceManager& sm) {
    std::string out;
    for (const auto& x : d.diagnostics()) {
        auto lc = x.range.valid() ? sm.lineColumn(x.range.start()) : diag::LineColumn{};
        out += std::string(x.codeId()) + "@" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + " ";
    }
    return out;
}

constexpr const char* kCamera = R"(namespace smartcity.mobility;

/// A MASA smart camera that reports road users.
@mqtt("masa/cameras/{id}/#")
twin SmartCamera version 1 {
  object Detection { kind: string; confidence: double; }
  telemetry objects: array<Detection> @mqtt("masa/cameras/{id}/objects", qos: 1);
  property writable threshold: double = 0.5;
  property objectCount: integer = count(objects);    // shadowing
  telemetry temperature: double unit degreeCelsius as Temperature;
  command reboot(delay: duration) -> boolean;
  relationship monitors -> Area [0..4];
  fidelity { max_delay 200ms; min_rate 5 Hz; }
  package { placement edge; gpu 1; }
}

twin Area version 1 {
  @display(en: "Name", de: "Name")
  property name: string;
}
)";

TEST(TwinReader, BuildsTheIrDtdlWouldBuild) {
    auto r = readTwins({{"camera.twin", kCamera}});
    EXPECT_TRUE(r->diags.diagnostics().empty()) << codes(r->diags, r->sm);
    const auto& cam = at(r->model, "dtmi:smartcity:mobility:SmartCamera;1");
    ASSERT_TRUE(cam.is<ir::Interface>());
    EXPECT_EQ(cam.languageVersion, 3);
    EXPECT_EQ(cam.description.best(), "A MASA smart camera that reports road users.");
    EXPECT_TRUE(cam.description.plain);
    const auto& iface = cam.as<ir::Interface>();
    EXPECT_EQ(iface.contents.size(), 6u);
    ASSERT_EQ(iface.schemas.size(), 1u);
    EXPECT_EQ(iface.schemas[0].target, "dtmi:smartcity:mobility:Detection;1");
    EXPECT_EQ(iface.contexts, (std::vector<std::string>{"dtmi:dtdl:context;3", "dtmi:dtdl:extension:quantitativeTypes;1"}));

    const auto& threshold = at(r->model, "dtmi:smartcity:mobility:SmartCamera:_contents:__threshold;1");
    EXPECT_TRUE(threshold.idGenerated);
    EXPECT_EQ(threshold.as<ir::Property>().writable, std::optional<bool>(true));
    EXPECT_EQ(threshold.as<ir::Property>().schema.target, "dtmi:dtdl:instance:Schema:double;2");
    EXPECT_EQ(ir::formatExpression(threshold.continuum->derivation), "0.5");

    const auto& objects = at(r->model, "dtmi:smartcity:mobility:SmartCamera:_contents:__objects;1");
    ASSERT_EQ(objects.continuum->bindings.size(), 1u);
    EXPECT_EQ(objects.continuum->bindings[0].address, "masa/cameras/{id}/objects");
    const auto& array = at(r->model, "dtmi:smartcity:mobility:SmartCamera:_contents:__objects:_schema;1");
    EXPECT_EQ(array.as<ir::ArraySchema>().elementSchema.target, "dtmi:smartcity:mobility:Detection;1");

    const auto& temperature = at(r->model, "dtmi:smartcity:mobility:SmartCamera:_contents:__temperature;1");
    EXPECT_EQ(temperature.extras->supplementalTypes,
              std::vector<std::string>{"dtmi:dtdl:extension:quantitativeTypes:v1:class:Temperature"});
    ASSERT_EQ(temperature.extras->supplementalProperties.size(), 1u);
    EXPECT_EQ(temperature.extras->supplementalProperties[0].refs[0].target,
              "dtmi:dtdl:extension:quantitativeTypes:v1:unit:degreeCelsius");

    const auto& reboot = at(r->model, "dtmi:smartcity:mobility:SmartCamera:_contents:__reboot;1");
    EXPECT_EQ(reboot.as<ir::Command>().request->target, "dtmi:smartcity:mobility:SmartCamera:_contents:__reboot:_request;1");
    const auto& response = at(r->model, "dtmi:smartcity:mobility:SmartCamera:_contents:__reboot:_response;1");
    EXPECT_EQ(response.name, std::optional<std::string>("response"));

    const auto& rel = at(r->model, "dtmi:smartcity:mobility:SmartCamera:_contents:__monitors;1").as<ir::Relationship>();
    EXPECT_EQ(rel.target->target, "dtmi:smartcity:mobility:Area;1");
    EXPECT_EQ(rel.minMultiplicity->lexical, "0");
    EXPECT_EQ(rel.maxMultiplicity->integer, 4);

    ASSERT_TRUE(cam.continuum->fidelity);
    EXPECT_EQ(ir::formatQuantity(*cam.continuum->fidelity->maxDelay), "200ms");
    EXPECT_EQ(ir::formatQuantity(*cam.continuum->fidelity->minRate), "5Hz");
    ASSERT_TRUE(cam.continuum->package);
    EXPECT_EQ(cam.continuum->package->find("placement")->value.text, "edge");

    const auto& name = at(r->model, "dtmi:smartcity:mobility:Area:_contents:__name;1");
    EXPECT_FALSE(name.displayName.plain);
    EXPECT_EQ(name.displayName.values.size(), 2u);
    // Area uses no unit: only the DTDL context.
    EXPECT_EQ(at(r->model, "dtmi:smartcity:mobility:Area;1").as<ir::Interface>().contexts,
              std::vector<std::string>{"dtmi:dtdl:context;3"});
}

TEST(TwinReader, ReportsEverySyntaxErrorWithPreciseWording) {
    auto r = readTwins({{"bad.twin", "namespace a.b;\n"
                                     "twin T version 1 {\n"
                                     "  property writable threshold: double\n"
                                     "  property x: ;\n"
                                     "  telemetry t: double unit;\n"
                                     "}\n"}});
    const auto& ds = r->diags.diagnostics();
    ASSERT_GE(ds.size(), 3u) << codes(r->diags, r->sm);
    EXPECT_EQ(ds[0].code, diag::Code::TwinSyntax);
    EXPECT_EQ(diag::formatMessage(ds[0]), "expected ';' after property 'threshold'");
    auto lc = r->sm.lineColumn(ds[0].range.start());
    EXPECT_EQ(lc.line, 3u);
    EXPECT_EQ(lc.column, 38u); // right after "double"
    auto lc1 = r->sm.lineColumn(ds[1].range.start());
    EXPECT_EQ(lc1.line, 4u);
    auto lc2 = r->sm.lineColumn(ds[2].range.start());
    EXPECT_EQ(lc2.line, 5u);
}

TEST(TwinReader, ReportsUnknownNamesAtTheirRange) {
    auto r = readTwins({{"a.twin", "namespace a;\ntwin T version 1 {\n  relationship r -> Aera;\n}\n"}});
    ASSERT_EQ(r->diags.diagnostics().size(), 1u) << codes(r->diags, r->sm);
    const auto& d = r->diags.diagnostics()[0];
    EXPECT_EQ(d.code, diag::Code::TwinUnknownName);
    auto lc = r->sm.lineColumn(d.range.start());
    EXPECT_EQ(lc.line, 3u);
    EXPECT_EQ(lc.column, 21u);
    EXPECT_EQ(d.range.end - d.range.begin, 4u);
}

TEST(TwinReader, ResolvesAcrossFilesThroughImports) {
    auto r = readTwins({{"a.twin", "namespace x.a;\nimport x.b;\ntwin A version 1 { component b: B; }\n"},
                        {"b.twin", "namespace x.b;\ntwin B version 2 { property p: x.a.S; }\n"},
                        {"c.twin", "namespace x.a;\ntwin A2 version 1 { enum S: integer { one = 1; } }\n"}});
    EXPECT_TRUE(r->diags.diagnostics().empty()) << codes(r->diags, r->sm);
    EXPECT_EQ(at(r->model, "dtmi:x:a:A:_contents:__b;1").as<ir::Component>().schema.target, "dtmi:x:b:B;2");
    EXPECT_EQ(at(r->model, "dtmi:x:b:B:_contents:__p;2").as<ir::Property>().schema.target, "dtmi:x:a:S;1");
}

TEST(TwinReader, MapsCodePointsToByteRanges) {
    auto r = readTwins({{"u.twin", "namespace a;\n/// Température ☀\ntwin T version 1 { property p: Nope; }\n"}});
    ASSERT_EQ(r->diags.diagnostics().size(), 1u);
    const auto& d = r->diags.diagnostics()[0];
    EXPECT_EQ(r->sm.text(d.range.file).substr(d.range.begin, d.range.end - d.range.begin), "Nope");
}

TEST(TwinReader, NeverCrashesOnGarbage) {
    for (std::string text : {std::string("twin"), std::string("}}}{{{"), std::string("namespace ;"),
                             std::string("twin T { property p: map<; }"), std::string("\"unterminated"),
                             std::string("twin T { property p: double = (1 + ; }"), std::string("@@@"),
                             std::string("\xff\xfe"), std::string("twin T { command c(@x(y: ) -> ; }")}) {
        auto r = readTwins({{"g.twin", text}});
        EXPECT_TRUE(r->diags.hasErrors()) << text;
    }
}

} // namespace
} // namespace dtc
