// Unit tests for the Model's element storage and identifier index (src/ir/model.h).
#include "ir/model.h"

#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// A model read in two parts (driver::compile's second reader thread) and joined with append is
// the model read in one piece: every size of either part, across chunk boundaries.
Element parentOf(const std::string& id, ElementId child, const std::string& childId) {
    Element e;
    e.id = id;
    Interface i;
    Ref r;
    r.target = childId;
    r.inlineDefinition = true;
    r.resolved = child;
    r.property = "contents";
    i.contents.push_back(r);
    e.body = std::move(i);
    return e;
}

TEST(ModelAppend, EqualsReadingInOnePiece) {
    const std::size_t k = ElementStore::kChunkSize;
    // (With 2 threads, the appended elements are renumbered and indexed in two halves.)
    for (unsigned threads : {1u, 2u})
    for (std::size_t first : {std::size_t{0}, std::size_t{1}, k - 1, k, k + 3, 3 * k + 100}) {
        // (9k + 5 spans blocks of 1, 1, 2, 4 and 8 chunks: windows across block boundaries.)
        for (std::size_t second : {std::size_t{0}, std::size_t{1}, std::size_t{2}, k - 3, k, 2 * k + 7, 9 * k + 5}) {
            // Pairs of (child, parent defining it inline), the parent a root.
            auto fill = [](Model& m, std::size_t from, std::size_t count) {
                for (std::size_t i = from; i < from + count; ++i) {
                    if (i % 2 == 0) {
                        m.add(named(idOf(i)));
                    } else {
                        ElementId child = *m.find(idOf(i - 1));
                        m.addRoot(m.add(parentOf(idOf(i), child, idOf(i - 1))));
                    }
                }
            };
            // Counts rounded to pairs, so no part splits a pair.
            const std::size_t a = first / 2 * 2, b = second / 2 * 2;
            Model whole, partA, partB;
            fill(whole, 0, a + b);
            fill(partA, 0, a);
            fill(partB, a, b);
            // This store's elements never move.
            std::vector<const Element*> before;
            for (std::size_t i = 0; i < a; ++i) before.push_back(&partA[ElementId{static_cast<std::uint32_t>(i)}]);
            ASSERT_TRUE(partA.append(std::move(partB), threads)) << a << "+" << b << " on " << threads;
            for (std::size_t i = 0; i < a; ++i)
                ASSERT_EQ(&partA[ElementId{static_cast<std::uint32_t>(i)}], before[i]) << a << "+" << b;
            ASSERT_EQ(partA.size(), whole.size()) << a << "+" << b;
            EXPECT_EQ(dump(partA), dump(whole)) << a << "+" << b;
            EXPECT_EQ(partA.roots(), whole.roots()) << a << "+" << b;
            for (std::size_t i = 0; i < whole.size(); ++i) {
                ElementId id{static_cast<std::uint32_t>(i)};
                ASSERT_EQ(partA[id].self, id);
                ASSERT_EQ(partA[id].id, whole[id].id);
                ASSERT_EQ(partA.find(whole[id].id), std::optional(id));
                if (const auto* in = partA[id].getIf<Interface>()) {
                    ASSERT_EQ(in->contents.size(), 1u);
                    EXPECT_EQ(in->contents[0].resolved, whole[id].as<Interface>().contents[0].resolved);
                    EXPECT_EQ(partA[in->contents[0].resolved].id, in->contents[0].target);
                }
            }
            EXPECT_EQ(partB.size(), 0u);
            // Elements added after the join go where a model read in one piece puts them.
            fill(whole, a + b, k + 2);
            fill(partA, a + b, k + 2);
            ASSERT_EQ(partA.size(), whole.size()) << a << "+" << b;
            EXPECT_EQ(dump(partA), dump(whole)) << a << "+" << b;
        }
    }
}

TEST(ModelAppend, RefusesAnIdentifierDefinedInBothAndChangesNothing) {
    Model a, b;
    for (std::size_t i = 0; i < 10; ++i) a.add(named(idOf(i)));
    b.add(named(idOf(100)));
    b.add(named(idOf(3)));
    const std::string before = dump(a);
    EXPECT_FALSE(a.append(std::move(b)));
    EXPECT_EQ(dump(a), before);
    EXPECT_EQ(a.size(), 10u);
    EXPECT_EQ(b.size(), 2u);
    EXPECT_FALSE(a.append(std::move(b), 2)); // (found by either half)
    EXPECT_EQ(dump(a), before);
    EXPECT_EQ(b.size(), 2u);
}

TEST(ModelResolve, TwoThreadsResolveAsOne) {
    // Interfaces whose 'extends' name an element before them, one after them, and undefined
    // identifiers (some non-dependent), named again across the halves: the references resolve
    // alike, and each undefined dependent one is returned once, in first-reference order.
    auto build = [](std::size_t count) {
        Model m;
        for (std::size_t i = 0; i < count; ++i) {
            Element e;
            e.id = idOf(i);
            Interface in;
            auto refTo = [&](const std::string& target, bool dependent) {
                Ref r;
                r.target = target;
                r.property = "extends";
                r.dependent = dependent;
                in.extends.push_back(r);
            };
            if (i > 0) refTo(idOf(i - 1), true);
            refTo(idOf(i + 7), true); // undefined for the last seven
            if (i % 5 == 0) refTo("dtmi:test:missing" + std::to_string(i % 3) + ";1", true);
            if (i % 11 == 0) refTo("dtmi:test:optional;1", false);
            if (i + 3 == count) refTo("dtmi:test:lateOnly;1", true);
            e.body = std::move(in);
            m.addRoot(m.add(std::move(e)));
        }
        return m;
    };
    for (std::size_t count : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{40}, kMany}) {
        Model one = build(count), two = build(count);
        const std::vector<std::string> missingOne = one.resolveReferences(1);
        const std::vector<std::string> missingTwo = two.resolveReferences(2);
        EXPECT_EQ(missingTwo, missingOne) << count;
        EXPECT_EQ(dump(two), dump(one)) << count;
        // (idOf(count) .. idOf(count + 6); missing0-2 from every fifth; lateOnly.)
        EXPECT_EQ(missingOne.size(), std::min<std::size_t>(count, 7) + std::min<std::size_t>((count + 4) / 5, 3) +
                                         (count >= 3 ? 1 : 0))
            << count;
        for (std::size_t i = 0; i < count; ++i) {
            const ElementId id{static_cast<std::uint32_t>(i)};
            const std::vector<Ref>& a = one[id].as<Interface>().extends;
            const std::vector<Ref>& b = two[id].as<Interface>().extends;
            ASSERT_EQ(b.size(), a.size());
            for (std::size_t k = 0; k < a.size(); ++k) EXPECT_EQ(b[k].resolved, a[k].resolved) << count << " " << i;
            if (i > 0) {
                EXPECT_EQ(b[0].resolved, ElementId{static_cast<std::uint32_t>(i - 1)});
            }
        }
    }
}

TEST(ElementExtras, ReadingDoesNotCreateWritingDoes) {
    Element a, b;
    // Absent extras read as the one shared empty value: nothing is allocated per element.
    EXPECT_EQ(&*a.extras, &*b.extras);
    EXPECT_TRUE(a.extras->supplementalTypes.empty());
    EXPECT_FALSE(a.extras->comment.has_value());
    const bool anySupplemental = !a.extras->supplementalProperties.empty(); // through a non-const element
    EXPECT_FALSE(anySupplemental);
    EXPECT_EQ(&*a.extras, &*b.extras);

    a.extras.edit().supplementalTypes.push_back("dtmi:standard:class:Temperature;3");
    EXPECT_NE(&*a.extras, &*b.extras);
    EXPECT_EQ(a.extras->supplementalTypes.size(), 1u);
    EXPECT_TRUE(b.extras->supplementalTypes.empty());
}

TEST(ElementExtras, CopiesAreDeepAndModelsKeepThem) {
    Element a = named("dtmi:test:a;1");
    a.extras.edit().comment = "kept";
    Element b = a;
    b.extras.edit().comment = "changed";
    EXPECT_EQ(*a.extras->comment, "kept");
    EXPECT_EQ(*b.extras->comment, "changed");

    Model m;
    ElementId id = m.add(std::move(a));
    Model copy = m;
    EXPECT_EQ(*copy[id].extras->comment, "kept");
    EXPECT_NE(&*copy[id].extras, &*m[id].extras);
}

TEST(ElementExtras, ForEachRefSeesSupplementalReferences) {
    Element e = named("dtmi:test:e;1");
    e.body = PrimitiveSchema{Primitive::Double}; // a body without references
    PropertyValue pv;
    pv.property = "dtmi:dtdl:extension:quantitativeTypes:v1:property:unit;1";
    Ref unit;
    unit.target = "dtmi:standard:unit:degreeCelsius;3";
    pv.refs.push_back(std::move(unit));
    e.extras.edit().supplementalProperties.push_back(std::move(pv));
    std::vector<std::string> seen;
    forEachRef(e, [&](Ref& r) { seen.push_back(r.target); });
    forEachRef(std::as_const(e), [&](const Ref& r) { seen.push_back(r.target); });
    EXPECT_EQ(seen, (std::vector<std::string>{"dtmi:standard:unit:degreeCelsius;3", "dtmi:standard:unit:degreeCelsius;3"}));

    Element plain = named("dtmi:test:plain;1");
    plain.body = PrimitiveSchema{Primitive::Double};
    forEachRef(plain, [&](Ref&) { ADD_FAILURE(); });
    EXPECT_EQ(&*plain.extras, &*Element{}.extras); // visiting did not create its extras
}

} // namespace
} // namespace dtc::ir
