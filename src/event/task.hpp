// Task: a move-only `void()` callable, the unit of work loops post and defer. Move-only so
// that a task may carry what has exactly one owner (a sys::UniqueFd travelling from the
// acceptor to a worker, a unique_ptr), which std::function, being copyable, refuses.
// Callables up to kInlineBytes live inside the Task itself: a fan-out slice posted to another
// loop (an audience and a line, two shared_ptrs and an index) allocates nothing for its closure.
//
// Thread rules: a value type; one thread at a time, like any object.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace chatd::event {

class Task {
 public:
  static constexpr std::size_t kInlineBytes = 64;

  Task() noexcept = default;

  template <class F>
  requires(!std::is_same_v<std::decay_t<F>, Task> && std::is_invocable_r_v<void, std::decay_t<F>&>)
      Task(F&& fn) {  // NOLINT(google-explicit-constructor): lambdas convert like to std::function
    using Fn = std::decay_t<F>;
    if constexpr (fits_inline<Fn>()) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(fn));
      ops_ = &kInlineOps<Fn>;
    } else {
      *reinterpret_cast<Fn**>(storage_) = new Fn(std::forward<F>(fn));
      ops_ = &kHeapOps<Fn>;
    }
  }

  Task(Task&& other) noexcept { take(other); }
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }
  // REQUIRES: not empty.
  void operator()() { ops_->call(storage_); }

 private:
  struct Ops {
    void (*call)(void* self);
    void (*move)(void* to, void* from) noexcept;  // leaves `from` destroyed
    void (*destroy)(void* self) noexcept;
  };

  template <class Fn>
  static constexpr bool fits_inline() {
    return sizeof(Fn) <= kInlineBytes && alignof(Fn) <= alignof(std::max_align_t) &&
           std::is_nothrow_move_constructible_v<Fn>;
  }

  template <class Fn>
  static constexpr Ops kInlineOps{
      [](void* self) { (*std::launder(static_cast<Fn*>(self)))(); },
      [](void* to, void* from) noexcept {
        Fn* source = std::launder(static_cast<Fn*>(from));
        ::new (to) Fn(std::move(*source));
        source->~Fn();
      },
      [](void* self) noexcept { std::launder(static_cast<Fn*>(self))->~Fn(); },
  };

  template <class Fn>
  static constexpr Ops kHeapOps{
      [](void* self) { (**static_cast<Fn**>(self))(); },
      [](void* to, void* from) noexcept { *static_cast<Fn**>(to) = *static_cast<Fn**>(from); },
      [](void* self) noexcept { delete *static_cast<Fn**>(self); },
  };

  void take(Task& other) noexcept {
    if (!other.ops_) return;
    ops_ = std::exchange(other.ops_, nullptr);
    ops_->move(storage_, other.storage_);
  }
  void reset() noexcept {
    if (ops_) std::exchange(ops_, nullptr)->destroy(storage_);
  }

  alignas(std::max_align_t) unsigned char storage_[kInlineBytes];
  const Ops* ops_ = nullptr;
};

}  // namespace chatd::event
