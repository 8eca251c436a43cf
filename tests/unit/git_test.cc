// Git sources: the added-line mapping (a diff to LineRanges), commit walks (range selection, oldest
// first), and blob deduplication in history audits, on repositories built with libgit2 in a
// temporary directory.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sources/git_commit_graph.h"
#include "sources/git_history.h"
#include "sources/git_index_file.h"
#include "sources/git_range.h"
#include "sources/git_repo.h"

namespace keysnare {
namespace {

using Ranges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// A repository in a temporary directory; commits are whole snapshots {path: content}.
class TempRepo {
 public:
  TempRepo() {
    ensure_libgit2();
    char tmpl[] = "/tmp/keysnare-git-test.XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    git_repository* r = nullptr;
    REQUIRE(git_repository_init(&r, dir_.c_str(), false) == 0);
    repo_.reset(r);
  }
  ~TempRepo() {
    repo_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& dir() const { return dir_; }
  git_repository* get() const { return repo_.get(); }

  git_oid commit(const std::map<std::string, std::string>& files, const std::vector<git_oid>& parents,
                 std::int64_t time, const std::string& message = "change") {
    git_index* idx = nullptr;
    REQUIRE(git_repository_index(&idx, repo_.get()) == 0);
    GitIndexPtr index(idx);
    REQUIRE(git_index_clear(index.get()) == 0);
    for (const auto& [path, content] : files) {
      git_index_entry e{};
      e.mode = GIT_FILEMODE_BLOB;
      e.path = path.c_str();
      REQUIRE(git_index_add_from_buffer(index.get(), &e, content.data(), content.size()) == 0);
    }
    git_oid tree_id;
    REQUIRE(git_index_write_tree_to(&tree_id, index.get(), repo_.get()) == 0);
    git_tree* t = nullptr;
    REQUIRE(git_tree_lookup(&t, repo_.get(), &tree_id) == 0);
    GitTreePtr tree(t);
    std::vector<GitCommitPtr> owned;
    std::vector<const git_commit*> ps;
    for (const auto& p : parents) {
      git_commit* c = nullptr;
      REQUIRE(git_commit_lookup(&c, repo_.get(), &p) == 0);
      owned.emplace_back(c);
      ps.push_back(c);
    }
    git_signature* sig = nullptr;
    REQUIRE(git_signature_new(&sig, "Ann Author", "ann@example.test", time, 60) == 0);
    git_oid id;
    REQUIRE(git_commit_create(&id, repo_.get(), nullptr, sig, sig, nullptr, message.c_str(), tree.get(), ps.size(),
                              ps.data()) == 0);
    git_signature_free(sig);
    return id;
  }

  void set_ref(const std::string& name, const git_oid& id) {
    git_reference* ref = nullptr;
    REQUIRE(git_reference_create(&ref, repo_.get(), name.c_str(), &id, true, "test") == 0);
    git_reference_free(ref);
  }

  GitRepo open() {
    auto r = GitRepo::open({dir_, false});
    REQUIRE(r.ok());
    return std::move(*r);
  }

 private:
  std::string dir_;
  GitRepositoryPtr repo_;
};

const Item* find_item(const std::vector<Item>& items, const std::string& path) {
  for (const auto& i : items)
    if (i.where.path == path) return &i;
  return nullptr;
}

// The items that are blobs (not commit messages).
std::vector<Item> blobs_only(const std::vector<Item>& items) {
  std::vector<Item> out;
  for (const auto& i : items)
    if (!i.where.commit_message) out.push_back(i);
  return out;
}

}  // namespace

TEST_CASE("added_lines maps a diff's '+' lines to new-side line numbers") {
  CHECK(added_lines("a\nb\nc\n", "a\nX\nb\nc\nY\n")->ranges == Ranges{{2, 2}, {5, 5}});
  // A replaced line is added; removed lines leave nothing.
  CHECK(added_lines("a\nb\nc\n", "a\nB\nc\n")->ranges == Ranges{{2, 2}});
  CHECK(added_lines("a\nb\nc\n", "a\nc\n")->ranges.empty());
  // A run of added lines is one range; a new file adds every line, a last line without '\n' too.
  CHECK(added_lines("a\nz\n", "a\n1\n2\n3\nz\n")->ranges == Ranges{{2, 4}});
  CHECK(added_lines("", "1\n2\n3")->ranges == Ranges{{1, 3}});
  // Appending to a file whose last line had no newline changes that line too (as git shows it).
  CHECK(added_lines("a\nb", "a\nb\nc\n")->ranges == Ranges{{2, 3}});
  // Content git would call binary is still diffed as text.
  const std::string nul_old("k\0x\nline\n", 9), nul_new("k\0x\nline\nnew\n", 13);
  CHECK(added_lines(nul_old, nul_new)->ranges == Ranges{{3, 3}});
  CHECK(all_lines("1\n2\n").ranges == Ranges{{1, 2}});
  CHECK(all_lines("1\n2").ranges == Ranges{{1, 2}});
  CHECK(all_lines("").ranges.empty());
}

TEST_CASE("added_lines fails instead of answering 'nothing added' when libgit2 cannot diff") {
  // Past 1023 MiB a side, libgit2's git_diff_buffers quietly makes the patch binary: no line callback,
  // status 0. Taken at its word, such a file added no lines at all and its secrets passed.
  const std::string big(std::size_t{1024} << 20, 'a');
  auto r = added_lines("x\n", big);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().find("too large") != std::string::npos);
  // And a small diff still works after the failure (libgit2's error state does not stick).
  CHECK(added_lines("a\n", "a\nb\n")->ranges == Ranges{{2, 2}});
}

TEST_CASE("LineRanges helpers: append_line merges neighbours, intersect keeps common lines") {
  LineRanges r;
  for (std::uint32_t n : {1u, 2u, 3u, 7u, 9u, 10u}) append_line(r, n);
  CHECK(r.ranges == Ranges{{1, 3}, {7, 7}, {9, 10}});
  LineRanges other;
  other.ranges = {{2, 8}, {10, 12}};
  CHECK(intersect(r, other).ranges == Ranges{{2, 3}, {7, 7}, {10, 10}});
  CHECK(intersect(r, LineRanges{}).ranges.empty());
}

TEST_CASE("GitCommitGraph: range is git log base..head, oldest first") {
  TempRepo t;
  const git_oid c1 = t.commit({{"a", "1\n"}}, {}, 1000);
  const git_oid c2 = t.commit({{"a", "2\n"}}, {c1}, 2000);
  const git_oid side = t.commit({{"a", "2\n"}, {"s", "s\n"}}, {c2}, 3000);
  const git_oid c3 = t.commit({{"a", "3\n"}}, {c2}, 3500);
  const git_oid merge = t.commit({{"a", "3\n"}, {"s", "s\n"}}, {c3, side}, 4000);
  GitCommitGraph g(t.get());
  Diagnostics diag;
  const auto r = g.range(g.node(c2), g.node(merge), diag);
  CHECK_FALSE(r.cut);
  std::vector<std::string> got;
  for (auto i : g.oldest_first(r.commits)) got.push_back(oid_hex(g.at(i).id));
  CHECK(got == std::vector<std::string>{oid_hex(side), oid_hex(c3), oid_hex(merge)});
  // Nothing when head is an ancestor of base.
  CHECK(g.range(g.node(merge), g.node(c1), diag).commits.empty());
}

TEST_CASE("history: one item per distinct blob, attributed to the oldest commit that has it") {
  TempRepo t;
  const git_oid c1 = t.commit({{"a.txt", "same\n"}, {"b.txt", "x\n"}}, {}, 1000, "first");
  const git_oid c2 = t.commit({{"a.txt", "same\n"}, {"b.txt", "y\n"}, {"dir/c.txt", "same\n"}}, {c1}, 2000, "second");
  const git_oid side = t.commit({{"a.txt", "same\n"}, {"b.txt", "x\n"}, {"d.txt", "same\n"}}, {c1}, 3000, "side");
  t.set_ref("refs/heads/main", c2);
  t.set_ref("refs/heads/side", side);

  Diagnostics diag;
  GitHistorySource src(t.open(), {});
  const auto planned = src.plan(diag);
  CHECK(src.groups_by_secret());
  const auto items = blobs_only(planned);
  REQUIRE(items.size() == 3);  // "same", "x", "y"
  // One message item per commit, located at the commit and read as its message.
  std::map<std::string, std::string> messages;
  auto reader = src.reader();
  std::string buf;
  for (const auto& i : planned) {
    if (!i.where.commit_message) continue;
    CHECK(i.where.path == kCommitMessagePath);
    REQUIRE(i.where.commit);
    CHECK(reader->read(i, 1 << 20, buf).status == ReadStatus::Ok);
    messages[i.where.commit->id] = buf;
  }
  CHECK(messages == std::map<std::string, std::string>{
                        {oid_hex(c1), "first"}, {oid_hex(c2), "second"}, {oid_hex(side), "side"}});
  const Item* same = find_item(items, "a.txt");
  REQUIRE(same);
  REQUIRE(same->where.commit);
  CHECK(same->where.commit->id == oid_hex(c1));
  CHECK(same->where.commit->summary == "first");
  CHECK(same->where.commit->author == "Ann Author");
  CHECK(same->where.commit->tz_offset_minutes == 60);
  CHECK(same->also.empty());
  CHECK(same->locator == same->where.blob_id);
  REQUIRE(find_item(items, "b.txt"));

  // With all occurrences, the other places that introduced the same blob are listed.
  GitHistoryOptions all;
  all.all_occurrences = true;
  GitHistorySource src2(t.open(), all);
  const auto items2 = blobs_only(src2.plan(diag));
  REQUIRE(items2.size() == 3);
  const Item* same2 = find_item(items2, "a.txt");
  REQUIRE(same2);
  std::map<std::string, std::string> also;
  for (const auto& p : same2->also) also[p.path] = p.commit ? p.commit->id : "";
  CHECK(also == std::map<std::string, std::string>{{"dir/c.txt", oid_hex(c2)}, {"d.txt", oid_hex(side)}});
  CHECK_FALSE(diag.errored());

  // The reader returns the blob's bytes.
  CHECK(reader->read(*same, 1 << 20, buf).status == ReadStatus::Ok);
  CHECK(buf == "same\n");
  CHECK(reader->read(*same, 2, buf).status == ReadStatus::TooLarge);
}

TEST_CASE("range: items carry the lines each commit adds; a clean merge adds nothing") {
  TempRepo t;
  const git_oid c1 = t.commit({{"f", "a\nb\n"}}, {}, 1000);
  const git_oid c2 = t.commit({{"f", "a\nnew\nb\n"}, {"g", "g1\n"}}, {c1}, 2000);
  const git_oid side = t.commit({{"f", "a\nb\n"}, {"s", "s1\ns2\n"}}, {c1}, 2500);
  const git_oid merge = t.commit({{"f", "a\nnew\nb\n"}, {"g", "g1\n"}, {"s", "s1\ns2\n"}}, {c2, side}, 3000);
  Diagnostics diag;
  GitChangeOptions opts;
  opts.marker = "keysnare:allow";
  GitRangeSource src(t.open(), c1, merge, opts);
  const auto planned = src.plan(diag);
  CHECK(src.commit_count() == 3);
  const auto items = blobs_only(planned);
  // Each commit's message too, every line of it.
  std::size_t messages = 0;
  for (const auto& i : planned)
    if (i.where.commit_message) {
      ++messages;
      CHECK_FALSE(i.added);
    }
  CHECK(messages == 3);
  std::vector<std::string> got;
  for (const auto& i : items) {
    REQUIRE(i.added);
    std::string s = i.where.path + "@" + i.where.commit->id.substr(0, 7) + ":";
    for (auto [a, b] : i.added->ranges) s += std::to_string(a) + "-" + std::to_string(b) + ",";
    got.push_back(s);
  }
  std::sort(got.begin(), got.end());
  const std::string c2s = oid_hex(c2).substr(0, 7), sides = oid_hex(side).substr(0, 7);
  CHECK(got == std::vector<std::string>{"f@" + c2s + ":2-2,", "g@" + c2s + ":1-1,", "s@" + sides + ":1-2,"});
  CHECK(src.markers().empty());
  CHECK_FALSE(diag.errored());
}

TEST_CASE("GitIndexFile finds exactly the paths libgit2's diff of HEAD to the index finds") {
  // Names chosen to exercise git's ordering of files against directories ("a" / "a.b" / "a/x" / "a-b").
  const std::vector<std::string> names = {"a", "a.b", "a-b", "a/x", "a/y/z", "a0", "b/c", "b/c.d/e", "b/c-d", "c"};
  for (unsigned seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    TempRepo t;
    std::uint32_t rnd = seed * 2654435761u;
    auto next = [&] { return rnd = rnd * 1664525u + 1013904223u, rnd >> 8; };
    // HEAD: a random subset, avoiding a name used as both file and directory.
    std::map<std::string, std::string> head;
    for (const auto& n : names) {
      if (next() % 3 == 0) continue;
      bool clash = false;
      for (const auto& [p, _] : head)
        if (p.rfind(n + "/", 0) == 0 || n.rfind(p + "/", 0) == 0) clash = true;
      if (!clash) head[n] = "v" + std::to_string(next() % 3) + "\n";
    }
    const git_oid c = t.commit(head, {}, 1000);
    git_commit* craw = nullptr;
    REQUIRE(git_commit_lookup(&craw, t.get(), &c) == 0);
    GitCommitPtr commit(craw);
    git_tree* traw = nullptr;
    REQUIRE(git_commit_tree(&traw, commit.get()) == 0);
    GitTreePtr tree(traw);
    // The index starts as HEAD with a full cache-tree, then changes: as after `git add`/`git rm`.
    git_index* iraw = nullptr;
    REQUIRE(git_repository_index(&iraw, t.get()) == 0);
    GitIndexPtr index(iraw);
    REQUIRE(git_index_read_tree(index.get(), tree.get()) == 0);
    git_oid written;
    REQUIRE(git_index_write_tree(&written, index.get()) == 0);
    const unsigned edits = next() % 4;
    for (unsigned k = 0; k < edits; ++k) {
      const std::string& n = names[next() % names.size()];
      if (next() % 3 == 0) {
        git_index_remove_bypath(index.get(), n.c_str());
        continue;
      }
      bool clash = false;
      for (std::size_t i = 0; i < git_index_entrycount(index.get()); ++i) {
        const std::string p = git_index_get_byindex(index.get(), i)->path;
        if (p.rfind(n + "/", 0) == 0 || n.rfind(p + "/", 0) == 0) clash = true;
      }
      if (clash) continue;
      const std::string content = "e" + std::to_string(next() % 4) + "\n";
      git_index_entry e{};
      e.mode = GIT_FILEMODE_BLOB;
      e.path = n.c_str();
      REQUIRE(git_index_add_from_buffer(index.get(), &e, content.data(), content.size()) == 0);
    }
    REQUIRE(git_index_write(index.get()) == 0);

    git_diff* draw = nullptr;
    REQUIRE(git_diff_tree_to_index(&draw, t.get(), tree.get(), index.get(), nullptr) == 0);
    GitDiffPtr diff(draw);
    std::vector<std::string> want;
    for (std::size_t d = 0; d < git_diff_num_deltas(diff.get()); ++d) {
      const git_diff_delta* delta = git_diff_get_delta(diff.get(), d);
      const char kind = delta->status == GIT_DELTA_ADDED ? 'A' : delta->status == GIT_DELTA_DELETED ? 'D' : 'M';
      want.push_back(std::string(1, kind) + " " + (kind == 'D' ? delta->old_file.path : delta->new_file.path));
    }
    std::sort(want.begin(), want.end());

    GitIndexFile file;
    std::string why;
    REQUIRE(file.load(t.dir() + "/.git/index", why) == GitIndexFile::Load::Ok);
    std::vector<PathChange> changes;
    REQUIRE(file.diff_head(t.get(), tree.get(), changes).ok());
    std::vector<std::string> got;
    for (const auto& ch : changes) {
      CHECK_FALSE(ch.conflicted);
      got.push_back(std::string(!ch.old_mode ? "A" : !ch.new_mode ? "D" : "M") + " " + ch.path);
    }
    std::sort(got.begin(), got.end());
    CHECK(got == want);
  }
}

TEST_CASE("tree_changes and diff_changes agree with libgit2's whole-tree diff") {
  const std::vector<std::string> names = {"a", "a.b", "a-b", "a/x", "a/y/z", "a0", "b/c", "b/c.d/e", "b/c-d", "c",
                                          "d/long.txt", "e/moved.txt"};
  const std::string body = "line one\nline two\nline three\nline four\nline five\n";
  for (unsigned seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    TempRepo t;
    std::uint32_t rnd = seed * 2246822519u;
    auto next = [&] { return rnd = rnd * 1664525u + 1013904223u, rnd >> 8; };
    auto snapshot = [&] {
      std::map<std::string, std::string> files;
      for (const auto& n : names) {
        if (next() % 3 == 0) continue;
        bool clash = false;
        for (const auto& [p, _] : files)
          if (p.rfind(n + "/", 0) == 0 || n.rfind(p + "/", 0) == 0) clash = true;
        // Mostly shared content, so renames are found; sometimes an edit.
        if (!clash) files[n] = next() % 4 == 0 ? body + "edit " + std::to_string(next() % 5) + "\n" : body + n + "\n";
      }
      return files;
    };
    const git_oid c1 = t.commit(snapshot(), {}, 1000);
    const git_oid c2 = t.commit(snapshot(), {c1}, 2000);
    auto tree_of = [&](const git_oid& c) {
      git_commit* raw = nullptr;
      REQUIRE(git_commit_lookup(&raw, t.get(), &c) == 0);
      GitCommitPtr commit(raw);
      git_tree* tr = nullptr;
      REQUIRE(git_commit_tree(&tr, commit.get()) == 0);
      return GitTreePtr(tr);
    };
    GitTreePtr from = tree_of(c1), to = tree_of(c2);
    for (const git_tree* f : {static_cast<const git_tree*>(from.get()), static_cast<const git_tree*>(nullptr)}) {
      git_diff* raw = nullptr;
      REQUIRE(git_diff_tree_to_tree(&raw, t.get(), const_cast<git_tree*>(f), to.get(), nullptr) == 0);
      GitDiffPtr full(raw);
      std::vector<std::string> want;
      for (std::size_t d = 0; d < git_diff_num_deltas(full.get()); ++d)
        want.push_back(git_diff_get_delta(full.get(), d)->new_file.path);
      std::vector<PathChange> changes;
      REQUIRE(tree_changes(t.get(), f, to.get(), changes).ok());
      std::vector<std::string> got;
      for (const auto& c : changes) got.push_back(c.path);
      CHECK(got == want);  // both in path order

      // With rename detection, the restricted diff gives the same deltas as the whole one.
      git_diff_find_options fo = GIT_DIFF_FIND_OPTIONS_INIT;
      fo.flags = GIT_DIFF_FIND_RENAMES;
      REQUIRE(git_diff_find_similar(full.get(), &fo) == 0);
      auto small = diff_changes(t.get(), changes, false);
      REQUIRE(small.ok());
      auto describe = [](git_diff* d) {
        std::vector<std::string> v;
        for (std::size_t i = 0; i < git_diff_num_deltas(d); ++i) {
          const git_diff_delta* x = git_diff_get_delta(d, i);
          v.push_back(std::to_string(x->status) + " " + x->old_file.path + " " + x->new_file.path + " " +
                      oid_hex(x->new_file.id));
        }
        std::sort(v.begin(), v.end());
        return v;
      };
      CHECK(describe(small->get()) == describe(full.get()));
    }
  }
}


TEST_CASE("history ranks commits parents first whatever their dates; ranks order a secret's occurrences") {
  TempRepo t;
  // The child's clock is ten years behind its parent's.
  const git_oid parent = t.commit({{"a.txt", "one\n"}}, {}, 2000000000, "parent");
  const git_oid child = t.commit({{"a.txt", "one\n"}, {"b.txt", "two\n"}}, {parent}, 1700000000, "child");
  const git_oid other = t.commit({{"c.txt", "three\n"}}, {}, 1000000000, "unrelated, older");
  t.set_ref("refs/heads/main", child);
  t.set_ref("refs/heads/other", other);
  Diagnostics diag;
  GitHistorySource src(t.open(), {});
  std::map<std::string, std::uint64_t> rank;
  for (const auto& i : src.plan(diag)) {
    REQUIRE(i.where.commit);
    rank[i.where.commit->summary] = i.where.commit->topo_rank;
  }
  CHECK_FALSE(diag.errored());
  REQUIRE(rank.size() == 3);
  CHECK(rank["parent"] < rank["child"]);
  CHECK(rank["unrelated, older"] < rank["parent"]);  // unrelated: the older date first
  CHECK(rank["unrelated, older"] >= 1);
}

TEST_CASE("binary_but_git_text: a NUL only keysnare's 8 KiB sniff sees") {
  std::string text(9000, 'x');
  CHECK_FALSE(binary_but_git_text(text));  // text to both
  text[8100] = '\0';
  CHECK(binary_but_git_text(text));        // binary to keysnare, text to git
  text[100] = '\0';
  CHECK_FALSE(binary_but_git_text(text));  // binary to both
  text[100] = 'x';
  text[8100] = 'x';
  text[8500] = '\0';
  CHECK_FALSE(binary_but_git_text(text));  // past both windows: scanned
  const std::string utf16("\xFF\xFE" "a\0b\0", 6);
  CHECK_FALSE(binary_but_git_text(utf16));  // transcoded, not skipped
}

}  // namespace keysnare
