#include "pipeline/scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>

#include "base/parallel.h"
#include "base/text.h"

namespace keysnare {
namespace {

struct Slot {
  std::vector<Finding> findings;
  std::string skipped;  // "path: reason" when skipped by policy
  enum { Scanned, Binary, Large, Other, Failed } state = Scanned;
  std::uint64_t bytes = 0;
};

// Older first in the source's topological order (CommitInfo::topo_rank: an ancestor always before its
// descendants, whatever their dates say after a rebase, a cherry-pick or a skewed clock), then by
// commit time, for a stable sort: equal keys keep the source's order. Locations without a commit
// (unreachable blobs) come last.
bool older(const Location& a, const Location& b) {
  const auto* ca = a.where.commit.get();
  const auto* cb = b.where.commit.get();
  if (!ca || !cb) return ca && !cb;
  if (ca->topo_rank != cb->topo_rank) return ca->topo_rank < cb->topo_rank;
  return ca->time < cb->time;
}

Location relocate(const Location& loc, const Provenance& p) {
  Location l = loc;
  l.where = p;
  return l;
}

// History audits: one finding per secret, located at its oldest occurrence.
std::vector<Finding> group_by_secret(std::vector<Finding> all, bool keep_all) {
  std::map<std::string, std::size_t> index;  // fingerprint -> position in `out`
  std::vector<Finding> out;
  for (auto& f : all) {
    // A secret in a commit message is a finding apart from the same secret in files.
    auto [it, fresh] = index.emplace(f.location.where.commit_message ? "m" + f.fingerprint : f.fingerprint, out.size());
    if (fresh) {
      out.push_back(std::move(f));
      continue;
    }
    Finding& g = out[it->second];
    g.also.push_back(std::move(f.location));
    for (auto& l : f.also) g.also.push_back(std::move(l));
  }
  for (auto& g : out) {
    g.also.insert(g.also.begin(), std::move(g.location));  // in item order, first seen first
    std::stable_sort(g.also.begin(), g.also.end(), older);
    g.location = std::move(g.also.front());
    g.also.erase(g.also.begin());
    if (!keep_all) g.also.clear();
  }
  return out;
}

}  // namespace

bool finding_less(const Finding& a, const Finding& b) {
  const auto& la = a.location;
  const auto& lb = b.location;
  if (la.where.path != lb.where.path) return la.where.path < lb.where.path;
  if (la.line != lb.line) return la.line < lb.line;
  if (la.column != lb.column) return la.column < lb.column;
  if (a.rule_id != b.rule_id) return a.rule_id < b.rule_id;
  const std::string ca = la.where.commit ? la.where.commit->id : "";
  const std::string cb = lb.where.commit ? lb.where.commit->id : "";
  return ca < cb;
}

ScanOutcome run_scan(Source& source, const DetectionSetup& setup, const ScanOptions& options,
                     Diagnostics& diag) {
  const auto t0 = std::chrono::steady_clock::now();
  ScanOutcome result;
  ScanStats& st = result.stats;

  std::vector<Item> items = source.plan(diag);
  st.items_planned = items.size();
  std::vector<Slot> slots(items.size());
  std::uint64_t total_bytes = 0;
  for (const auto& it : items) total_bytes += it.size;

  const unsigned threads =
      static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(options.threads, items.size())));
  std::vector<std::unique_ptr<Reader>> readers(threads);
  std::vector<std::unique_ptr<Detector>> detectors(threads);
  for (unsigned w = 0; w < threads; ++w) {
    readers[w] = source.reader();
    auto d = Detector::create(setup);
    if (!d) {
      diag.error(d.error());
      return result;
    }
    detectors[w] = std::move(*d);
    detectors[w]->set_max_findings(options.max_findings_per_blob);
  }
  std::vector<std::string> buffers(threads);

  std::atomic<std::uint64_t> done{0}, done_bytes{0};
  std::mutex progress_mu;
  auto last_progress = std::chrono::steady_clock::now();

  parallel_for(items.size(), threads, [&](unsigned w, std::size_t i) {
    const Item& item = items[i];
    Slot& slot = slots[i];
    if (setup.filters->path_allowed(item.where.path)) {
      slot.state = Slot::Other;
      slot.skipped = item.where.path + ": allowlisted path";
    } else {
      std::string& buf = buffers[w];
      const ReadOutcome r = readers[w]->read(item, options.max_file_size, buf);
      switch (r.status) {
        case ReadStatus::Error:
          slot.state = Slot::Failed;
          diag.error(r.message);
          break;
        case ReadStatus::TooLarge:
          slot.state = Slot::Large;
          slot.skipped = item.where.path + ": larger than --max-file-size";
          break;
        case ReadStatus::Skipped:
          slot.state = Slot::Other;
          slot.skipped = item.where.path + ": " + r.message;
          break;
        case ReadStatus::Ok: {
          slot.bytes = buf.size();
          // UTF-16 would look binary (NUL bytes): scan it as UTF-8, same lines, same columns.
          transcode_utf16(buf);
          if (looks_binary(buf)) {
            slot.state = Slot::Binary;
            slot.skipped = item.where.path + ": binary";
            break;
          }
          const std::uint64_t over_before = detectors[w]->drops().over_limit;
          if (auto s = detectors[w]->detect(buf, item.where, item.added.get(), slot.findings); !s) {
            slot.state = Slot::Failed;
            diag.error(item.where.path + ": " + s.error());
            break;
          }
          if (const auto over = detectors[w]->drops().over_limit - over_before; over > 0)
            diag.warning(item.where.path + ": " + std::to_string(over) + " more finding" + (over == 1 ? "" : "s") +
                         " not reported (over the limit of " + std::to_string(options.max_findings_per_blob) +
                         " per file, --max-findings-per-file)");
          // Other places with the same content get the same findings, located there.
          if (!item.also.empty()) {
            for (auto& f : slot.findings)
              for (const auto& p : item.also) f.also.push_back(relocate(f.location, p));
          }
          break;
        }
      }
      if (buf.capacity() > (64u << 20)) std::string().swap(buf);  // do not pin a huge blob's memory
    }
    const auto n = done.fetch_add(1) + 1;
    // Bytes actually read: a git source does not know a blob's size before reading it (item.size 0).
    const std::uint64_t read_bytes = std::max<std::uint64_t>(slot.bytes, item.size);
    const auto b = done_bytes.fetch_add(read_bytes) + read_bytes;
    if (options.progress && w == 0) {
      const auto now = std::chrono::steady_clock::now();
      std::lock_guard lock(progress_mu);
      if (now - last_progress > std::chrono::milliseconds(250)) {
        last_progress = now;
        const double secs = std::chrono::duration<double>(now - t0).count();
        char line[200];
        const std::string of_total = total_bytes > 0 ? "/" + human_bytes(total_bytes) : "";
        std::snprintf(line, sizeof line, "scanning: %llu/%zu blobs (%.0f%%), %s%s, %.0f MB/s",
                      static_cast<unsigned long long>(n), items.size(), 100.0 * n / items.size(),
                      human_bytes(b).c_str(), of_total.c_str(), secs > 0 ? b / 1e6 / secs : 0.0);
        diag.progress(line);
      }
    }
  });
  if (options.progress) diag.clear_progress();

  std::vector<Finding> all;
  for (auto& s : slots) {
    switch (s.state) {
      case Slot::Scanned: ++st.items_scanned; st.bytes_scanned += s.bytes; break;
      case Slot::Binary: ++st.skipped_binary; break;
      case Slot::Large: ++st.skipped_large; break;
      case Slot::Other: ++st.skipped_other; break;
      case Slot::Failed: ++st.read_errors; break;
    }
    if (!s.skipped.empty()) st.skipped.push_back(std::move(s.skipped));
    for (auto& f : s.findings) all.push_back(std::move(f));
  }
  for (const auto& d : detectors) st.drops.add(d->drops());

  if (source.groups_by_secret()) all = group_by_secret(std::move(all), options.all_occurrences);
  else if (!options.all_occurrences)
    for (auto& f : all) f.also.clear();
  std::erase_if(all, [&](const Finding& f) { return setup.filters->fingerprint_allowed(f.fingerprint); });
  std::sort(all.begin(), all.end(), finding_less);
  result.findings = std::move(all);
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace keysnare
