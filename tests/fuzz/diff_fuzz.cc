// Fuzz target: the added-lines mapping the git sources use to report only what a change adds
// (sources/git_repo.h added_lines, all_lines, intersect, append_line, LineRanges::contains).
// Input: OLD FF FF NEW FF FF OLD2 (fuzz_input.h). Checked:
//   - ranges are sorted, disjoint, non-adjacent and within the new text's lines;
//   - the lines of NEW that are not added, in order, are a subsequence of OLD's lines (a line being its
//     bytes with the '\n'), i.e. the diff's unchanged lines really are unchanged;
//   - nothing is added against itself, everything against the empty text (= all_lines);
//   - contains() agrees with a naive membership test; intersect() is the set intersection.
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "sources/git_repo.h"

using namespace keysnare;

namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t from = 0;
  while (from < s.size()) {
    std::size_t nl = s.find('\n', from);
    const std::size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    out.push_back(s.substr(from, end - from));
    from = end;
  }
  return out;
}

void check_shape(const LineRanges& r, std::size_t lines, const char* what) {
  for (std::size_t i = 0; i < r.ranges.size(); ++i) {
    const auto [a, b] = r.ranges[i];
    FUZZ_CHECK(a >= 1 && a <= b, std::string(what) + ": empty or zero range");
    FUZZ_CHECK(b <= lines, std::string(what) + ": range past the last line " + std::to_string(lines));
    if (i > 0) FUZZ_CHECK(r.ranges[i - 1].second + 1 < a, std::string(what) + ": ranges overlap or touch");
  }
}

std::vector<bool> members(const LineRanges& r, std::size_t lines) {
  std::vector<bool> in(lines + 3, false);
  for (auto [a, b] : r.ranges)
    for (std::uint32_t l = a; l <= b && l < in.size(); ++l) in[l] = true;
  return in;
}

void check_contains(const LineRanges& r, std::size_t lines) {
  const auto in = members(r, lines);
  for (std::uint32_t l = 0; l < in.size(); ++l) FUZZ_CHECK(r.contains(l) == in[l], "contains() disagrees at " + std::to_string(l));
  FUZZ_CHECK(!r.contains(UINT32_MAX), "contains(UINT32_MAX)");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Pieces in(data, size);
  const std::string_view old_text = in.next(), new_text = in.next(), old2 = in.next();
  const auto old_lines = split_lines(old_text), new_lines = split_lines(new_text);
  const std::size_t n = new_lines.size();

  auto diffed = added_lines(old_text, new_text);
  FUZZ_CHECK(diffed.ok(), "added_lines failed: " + (diffed.ok() ? std::string() : diffed.error()));
  const LineRanges added = *diffed;
  check_shape(added, n, "added_lines");
  check_contains(added, n);

  // Unchanged lines of NEW form a subsequence of OLD.
  const auto in_added = members(added, n);
  std::size_t j = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (in_added[i + 1]) continue;
    while (j < old_lines.size() && old_lines[j] != new_lines[i]) ++j;
    FUZZ_CHECK(j < old_lines.size(), "line " + std::to_string(i + 1) + " not added but not in the old text");
    ++j;
  }

  FUZZ_CHECK(added_lines(new_text, new_text)->ranges.empty(), "a text adds lines to itself");
  const LineRanges all = all_lines(new_text);
  check_shape(all, n, "all_lines");
  FUZZ_CHECK(all.ranges.size() == (n ? 1u : 0u), "all_lines is not one range");
  const LineRanges from_empty = *added_lines("", new_text);
  FUZZ_CHECK(from_empty.ranges == all.ranges, "added_lines(\"\", x) != all_lines(x)");

  const LineRanges added2 = *added_lines(old2, new_text);
  const LineRanges both = intersect(added, added2);
  check_shape(both, n, "intersect");
  const auto m1 = members(added, n), m2 = members(added2, n), mb = members(both, n);
  for (std::size_t l = 0; l < mb.size(); ++l) FUZZ_CHECK(mb[l] == (m1[l] && m2[l]), "intersect wrong at line " + std::to_string(l));

  // append_line builds the same ranges from the members, in order.
  LineRanges rebuilt;
  for (std::uint32_t l = 1; l <= n; ++l)
    if (m1[l]) append_line(rebuilt, l);
  FUZZ_CHECK(rebuilt.ranges == added.ranges, "append_line does not rebuild the ranges");
  return 0;
}
