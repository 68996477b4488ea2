// dtc::ir — the Digital Twin Continuum concepts DTDL has no words for.
//
// DTDL says what a twin exposes. The continuum adds how it is fed (physical interface
// bindings: MQTT topic patterns, CoAP resources, payload field mapping), how it is offered
// (digital interface exposure: HTTP, NGSI-LD, oneM2M), how closely it must follow its asset
// (fidelity: maximum staleness / delay, minimum update rate), how its state is computed
// (shadowing: a declarative expression per element, including aggregates over time windows
// and over composed twins) and how it is deployed (package: platform, resources, placement).
//
// These records hang off ir::Element (field `continuum`). Front ends fill them (the .twin
// language natively; DTDL through the dtc extension carried in `comment`, see
// docs/language.md "DTDL mapping"); the validator checks them (twin_rules); translators print
// them. Plain data, value semantics, comparable for round-trip tests.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diag.h"
#include "ir/lazy_box.h"

namespace dtc::ir {

/// A number with a unit as written: `200ms`, `5 Hz`, `2 GiB`. `unit` is empty for a bare number.
struct Quantity {
    double value = 0;
    std::string lexical; ///< the number as written ("200", "0.5")
    std::string unit;    ///< the unit symbol as written ("ms", "Hz"); empty if none
    friend bool operator==(const Quantity& a, const Quantity& b) {
        return a.lexical == b.lexical && a.unit == b.unit;
    }
};

/// A value given to a binding option or a package setting.
struct SettingValue {
    enum class Kind : std::uint8_t { String, Number, Name };
    Kind kind = Kind::String;
    std::string text;  ///< the string, the name, or the number's lexical form
    Quantity quantity; ///< Number: value and unit
    friend bool operator==(const SettingValue& a, const SettingValue& b) {
        return a.kind == b.kind && a.text == b.text && a.quantity == b.quantity;
    }
};

/// A named setting (`qos: 1`, `field: "$.count"`, `gpu 1`, `memory 512 MiB`).
struct Setting {
    std::string key;
    SettingValue value;
    diag::SourceRange range; ///< not part of equality
    friend bool operator==(const Setting& a, const Setting& b) {
        return a.key == b.key && a.value == b.value;
    }
};

/// A binding of a twin or element to a protocol endpoint. Physical protocols (mqtt, coap)
/// describe how data arrives from the asset; digital ones (http, ngsi-ld, onem2m) how the twin
/// is exposed to applications.
struct Binding {
    std::string protocol;          ///< "mqtt", "coap", "http", "ngsild", "onem2m"
    std::string address;           ///< topic pattern, resource path or URL template
    std::vector<Setting> options;  ///< protocol options (qos, field mapping, method, ...)
    diag::SourceRange range;       ///< not part of equality
    [[nodiscard]] bool physical() const { return protocol == "mqtt" || protocol == "coap"; }
    friend bool operator==(const Binding& a, const Binding& b) {
        return a.protocol == b.protocol && a.address == b.address && a.options == b.options;
    }
};

/// How closely a twin (or one element) must follow its asset. Absent bounds are unconstrained.
struct Fidelity {
    std::optional<Quantity> maxStaleness; ///< oldest acceptable state age (a duration)
    std::optional<Quantity> maxDelay;     ///< asset-to-twin propagation delay (a duration)
    std::optional<Quantity> minRate;      ///< minimum update rate (a frequency)
    diag::SourceRange range;              ///< not part of equality
    [[nodiscard]] bool empty() const { return !maxStaleness && !maxDelay && !minRate; }
    friend bool operator==(const Fidelity& a, const Fidelity& b) {
        return a.maxStaleness == b.maxStaleness && a.maxDelay == b.maxDelay &&
               a.minRate == b.minRate;
    }
};

/// One node of a shadowing expression. Expressions are trees stored flat (children by index
/// into Expression::nodes) so they copy and compare as values.
struct ExprNode {
    enum class Kind : std::uint8_t {
        Number,    ///< `text` is the lexical form; `quantity` holds value and optional unit
        String,    ///< `text` is the string value
        Boolean,   ///< `text` is "true" or "false"
        Name,      ///< `text` names an element of the twin (or a composed member)
        Member,    ///< operands[0] . text  (navigate a component / relationship)
        Unary,     ///< `text` is "-" or "!"; operands[0]
        Binary,    ///< `text` is the operator; operands[0], operands[1]
        Condition, ///< operands[0] ? operands[1] : operands[2]
        Call,      ///< `text` is the function; operands are the arguments
    };
    Kind kind = Kind::Number;
    std::string text;
    Quantity quantity;
    std::vector<std::uint32_t> operands;
    diag::SourceRange range; ///< not part of equality
    friend bool operator==(const ExprNode& a, const ExprNode& b) {
        return a.kind == b.kind && a.text == b.text && a.quantity == b.quantity &&
               a.operands == b.operands;
    }
};

/// A declarative expression: the value of an element derived from incoming data.
struct Expression {
    std::vector<ExprNode> nodes;
    std::uint32_t root = 0;
    [[nodiscard]] bool empty() const { return nodes.empty(); }
    [[nodiscard]] const ExprNode& rootNode() const { return nodes[root]; }
    friend bool operator==(const Expression& a, const Expression& b) {
        if (a.empty() || b.empty()) return a.empty() == b.empty();
        return a.nodes == b.nodes && a.root == b.root;
    }
};

/// Deployment metadata of a twin package.
struct Package {
    std::vector<Setting> settings; ///< platform, placement (edge / fog / cloud), gpu, memory, ...
    diag::SourceRange range;       ///< not part of equality
    [[nodiscard]] const Setting* find(std::string_view key) const {
        for (const auto& s : settings)
            if (s.key == key) return &s;
        return nullptr;
    }
    friend bool operator==(const Package& a, const Package& b) { return a.settings == b.settings; }
};

/// Everything the continuum adds to one element. Empty for plain DTDL elements.
struct Continuum {
    std::vector<Binding> bindings;
    std::optional<Fidelity> fidelity;
    Expression derivation;           ///< shadowing: the element's value, when non-empty
    std::optional<Package> package;  ///< interfaces only
    [[nodiscard]] bool empty() const {
        return bindings.empty() && !fidelity && derivation.empty() && !package;
    }
    friend bool operator==(const Continuum&, const Continuum&) = default;
};

/// An element's Continuum, held out of line. NOTE(dtc): a Continuum is a third of an element's
/// size and empty for every element a DTDL file defines; a model set of 100,000 interfaces has
/// millions of elements. Reading through a const box never allocates (an absent Continuum
/// reads as the empty one); access through a non-const box creates it (LazyBox::edit).
class ContinuumBox {
public:
    ContinuumBox& operator=(Continuum c) {
        if (c.empty()) box_ = {};
        else box_.edit() = std::move(c);
        return *this;
    }

    [[nodiscard]] const Continuum& operator*() const { return *box_; }
    [[nodiscard]] const Continuum* operator->() const { return &**this; }
    [[nodiscard]] Continuum& operator*() { return box_.edit(); }
    [[nodiscard]] Continuum* operator->() { return &**this; }

private:
    LazyBox<Continuum> box_;
};

} // namespace dtc::ir

namespace dtc::ir {

/// The canonical .twin text of a quantity ("200ms", "5Hz"), a setting value, and an
/// expression (minimal parentheses, single spaces around binary operators). The .twin
/// printer, the DTDL printer's extension carrier and the IR dump all use these.
[[nodiscard]] std::string formatQuantity(const Quantity& q);
[[nodiscard]] std::string formatSettingValue(const SettingValue& v);
[[nodiscard]] std::string formatExpression(const Expression& e);
/// Quotes a string the way .twin writes it (double quotes, JSON-style escapes).
[[nodiscard]] std::string quoteTwinString(std::string_view s);

} // namespace dtc::ir
