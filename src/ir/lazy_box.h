// dtc::ir::LazyBox — a value held out of line, allocated only once it is written.
//
// For parts of an IR node that most nodes lack (an element's extras, its continuum): in line
// they would size every node of a model of millions.
#pragma once

#include <memory>

namespace dtc::ir {

/// A value held on the heap once it is written. Reading an absent one (`box->field`) gives T's
/// default value without allocating; `edit()` creates it. Copies are deep.
template <class T> class LazyBox {
public:
    LazyBox() = default;
    LazyBox(const LazyBox& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    LazyBox(LazyBox&&) noexcept = default;
    LazyBox& operator=(const LazyBox& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    LazyBox& operator=(LazyBox&&) noexcept = default;
    ~LazyBox() = default;

    [[nodiscard]] const T& operator*() const { return p_ ? *p_ : kAbsent; }
    [[nodiscard]] const T* operator->() const { return &**this; }
    /// The value, created (default) if absent, for writing.
    [[nodiscard]] T& edit() {
        if (!p_) p_ = std::make_unique<T>();
        return *p_;
    }

private:
    // NOTE(dtc): the value every absent box reads is a static data member, constant-initialized
    // (empty strings and vectors), not a function-local static: reading it costs no guard check,
    // and `element.extras->...` is read for every element by every stage.
    static constinit inline const T kAbsent{};
    std::unique_ptr<T> p_;
};

} // namespace dtc::ir
