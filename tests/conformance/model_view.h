// Renders the IR the way the conformance cases describe the official parser's object model:
// an element's DTDL class name and its properties as JSON values (element references as the
// referenced element's identifier, localized strings as language maps, collections keyed by
// name as objects), including the derived properties the object model offers (definedIn,
// extendedBy, inherited contents, telemetries / properties / commands / ...).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "case_json.h"
#include "ir/model.h"

namespace dtc::conformance {

class ModelView {
public:
    explicit ModelView(const ir::Model& model);

    /// The DTDL class as the cases name it: "Interface", "Boolean" (primitive schemas are
    /// capitalised), "Unit" (extension classes by the term of their class DTMI).
    [[nodiscard]] std::string dtdlClass(const ir::Element& e) const;

    /// The value of DTDL property `name` of `e`. Returns std::nullopt and sets `why` when the
    /// runner does not know how to render that property for the element's class.
    [[nodiscard]] std::optional<JsonValue> property(const ir::Element& e, std::string_view name,
                                                    std::string& why) const;

    [[nodiscard]] JsonValue supplementalTypes(const ir::Element& e) const;
    [[nodiscard]] JsonValue supplementalProperties(const ir::Element& e) const;
    [[nodiscard]] JsonValue undefinedTypes(const ir::Element& e) const;
    [[nodiscard]] JsonValue undefinedProperties(const ir::Element& e) const;

private:
    [[nodiscard]] std::string refId(const ir::Ref& r) const;
    [[nodiscard]] std::optional<ir::ElementId> target(const ir::Ref& r) const;
    [[nodiscard]] JsonValue refList(const std::vector<ir::Ref>& refs) const;
    [[nodiscard]] JsonValue contentMap(const ir::Element& iface, std::string_view onlyClass) const;
    void collectContents(const ir::Element& iface, std::vector<const ir::Element*>& out,
                         std::vector<std::uint32_t>& seen) const;
    [[nodiscard]] JsonValue propertyValue(const ir::PropertyValue& p) const;

    const ir::Model& model_;
    std::unordered_map<std::uint32_t, std::uint32_t> parent_;            ///< inline child -> parent
    std::unordered_map<std::uint32_t, std::vector<std::string>> extendedBy_; ///< iface -> direct subs
};

} // namespace dtc::conformance
