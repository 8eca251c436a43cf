#pragma once
// parallel_for: run body(worker, index) for every index in [0, n) on `threads` threads that pull
// indices from one atomic counter (dynamic balancing: one huge file does not stall a static chunk).
// `worker` is in [0, threads) and is stable for the thread, so callers keep per-worker state
// (Hyperscan scratch, RE2 objects, a libgit2 repository) in a vector indexed by it: no locks on the hot
// path. Results written to a slot per index make the output independent of the thread count (mold's
// model: parallel-for and map-reduce, no queues or futures).
//
// With threads <= 1 it runs inline on the calling thread. The body must not throw.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace keysnare {

inline unsigned default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

template <class Body>
void parallel_for(std::size_t n, unsigned threads, Body&& body) {
  threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, n)));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(0u, i);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto run = [&](unsigned worker) {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) body(worker, i);
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned w = 1; w < threads; ++w) pool.emplace_back(run, w);
  run(0);
  for (auto& t : pool) t.join();
}

}  // namespace keysnare
