// An open-addressing table from a token's folded hash to a small integer. The tokenizer's hash is
// already well mixed, so probing uses its low bits directly; one lookup per token is the budget of
// the recognizer's hot loop.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace tempograph::assets {

class HashIndex {
 public:
  static constexpr std::uint32_t kMissing = 0xFFFFFFFFu;

  void insert(std::uint64_t key, std::uint32_t value) {
    // At most a quarter full: most lookups are of words that are not there, and a miss ends at
    // the first empty slot.
    if ((count_ + 1) * 4 > slots_.size()) grow();
    place(key, value);
    const std::uint64_t bucket = key >> (64 - kFilterBits);
    filter_[bucket / 64] |= std::uint64_t{1} << (bucket % 64);
  }

  std::uint32_t find(std::uint64_t key) const {
    // Most words looked up are not there: a bit per high-bits bucket (4 KiB, in L1 cache) turns
    // most of them away before the table, which is larger, is touched.
    const std::uint64_t bucket = key >> (64 - kFilterBits);
    if (!((filter_[bucket / 64] >> (bucket % 64)) & 1)) return kMissing;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.value == kMissing) return kMissing;
      if (s.key == key) return s.value;
    }
  }

  // Calls f(key, value) for every entry, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (s.value != kMissing) f(s.key, s.value);
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = kMissing;
  };

  void place(std::uint64_t key, std::uint32_t value) {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = key & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.value == kMissing) {
        s = {key, value};
        ++count_;
        return;
      }
      if (s.key == key) {
        s.value = value;
        return;
      }
    }
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    count_ = 0;
    for (const Slot& s : old)
      if (s.value != kMissing) place(s.key, s.value);
  }

  static constexpr unsigned kFilterBits = 15;
  std::vector<Slot> slots_;
  std::size_t count_ = 0;
  std::array<std::uint64_t, (std::size_t{1} << kFilterBits) / 64> filter_{};
};

}  // namespace tempograph::assets
