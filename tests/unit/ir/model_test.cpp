// Unit tests for the Model's element storage and identifier index (src/ir/model.h).
#include "ir/model.h"

#include <gtest/gtest.h>
#include <string>

namespace dtc::ir {
namespace {

Element named(const std::string& id) {
    Element e;
    e.id = id;
    e.name = "n" + id;
    e.body = Telemetry{};
    return e;
}

std::string idOf(std::size_t i) { return "dtmi:test:e" + std::to_string(i) + ";1"; }

// More than a few chunks, so growth crosses chunk boundaries several times.
constexpr std::size_t kMany = ElementStore::kChunkSize * 5 + 17;

TEST(ModelElements, AddingNeverMovesAnElement) {
    Model m;
    const Element* first = &m[m.add(named(idOf(0)))];
    const Element* boundary = nullptr;
    for (std::size_t i = 1; i < kMany; ++i) {
        ElementId id = m.add(named(idOf(i)));
        if (i == ElementStore::kChunkSize) boundary = &m[id];
    }
    ASSERT_EQ(m.size(), kMany);
    EXPECT_EQ(first, &m[ElementId{0}]);
    EXPECT_EQ(boundary, &m[ElementId{static_cast<std::uint32_t>(ElementStore::kChunkSize)}]);
    EXPECT_EQ(first->id, idOf(0));
    EXPECT_EQ(*first->name, "n" + idOf(0));
}

TEST(ModelElements, IterationFollowsInsertionOrderAndKnowsEachIndex) {
    Model m;
    for (std::size_t i = 0; i < kMany; ++i) m.add(named(idOf(i)));
    std::size_t i = 0;
    for (const Element& e : m.elements()) {
        EXPECT_EQ(e.id, idOf(i));
        EXPECT_EQ(e.self.index, i);
        ++i;
    }
    EXPECT_EQ(i, kMany);
}

TEST(ModelElements, DuplicateIdentifierIsNotAdded) {
    Model m;
    bool added = false;
    ElementId a = m.add(named(idOf(1)), &added);
    EXPECT_TRUE(added);
    ElementId b = m.add(named(idOf(1)), &added);
    EXPECT_FALSE(added);
    EXPECT_EQ(a, b);
    EXPECT_EQ(m.size(), 1u);
}

TEST(ModelElements, FindAfterGrowth) {
    Model m;
    for (std::size_t i = 0; i < kMany; ++i) m.add(named(idOf(i)));
    for (std::size_t i = 0; i < kMany; i += 97) {
        auto found = m.find(idOf(i));
        ASSERT_TRUE(found.has_value()) << idOf(i);
        EXPECT_EQ(found->index, i);
    }
    EXPECT_FALSE(m.find("dtmi:test:absent;1").has_value());
}

TEST(ModelElements, CopyAndMoveKeepEveryElement) {
    Model m;
    for (std::size_t i = 0; i < kMany; ++i) m.add(named(idOf(i)));
    Model copy = m;
    ASSERT_EQ(copy.size(), kMany);
    EXPECT_NE(&copy[ElementId{3}], &m[ElementId{3}]);
    EXPECT_EQ(copy[ElementId{kMany - 1}].id, idOf(kMany - 1));
    EXPECT_EQ(copy.find(idOf(42))->index, 42u);

    Model moved = std::move(copy);
    ASSERT_EQ(moved.size(), kMany);
    EXPECT_EQ(moved[ElementId{7}].id, idOf(7));
    moved = m; // copy-assignment over a non-empty model
    EXPECT_EQ(moved.size(), kMany);
    EXPECT_EQ(moved[ElementId{kMany - 2}].id, idOf(kMany - 2));
}

} // namespace
} // namespace dtc::ir
