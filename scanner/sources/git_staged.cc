#include "sources/git_staged.h"

#include <cstdlib>
#include <optional>

#include "base/text.h"
#include "sources/git_index_file.h"

namespace keysnare {

std::vector<Item> GitStagedSource::plan(Diagnostics& diag) {
  std::vector<Item> items;
  const std::string& label = repo_.label();
  // HEAD's tree; none on an unborn branch (the first commit adds everything it stages).
  GitTreePtr head_tree;
  git_reference* href = nullptr;
  const int hrc = git_repository_head(&href, repo_.get());
  GitReferencePtr head(href);
  if (hrc == 0) {
    git_object* obj = nullptr;
    if (git_reference_peel(&obj, head.get(), GIT_OBJECT_TREE) < 0) {
      diag.error(label + ": corrupt repository: cannot read HEAD's tree: " + git_error_text());
      return items;
    }
    head_tree.reset(reinterpret_cast<git_tree*>(obj));
  } else if (hrc != GIT_EUNBORNBRANCH && hrc != GIT_ENOTFOUND) {
    diag.error(label + ": cannot resolve HEAD: " + git_error_text());
    return items;
  }

  // The index file is read here rather than by libgit2, which loads every entry and walks every tree
  // of HEAD: GitIndexFile compares object ids and skips the directories its cache-tree shows
  // unchanged. libgit2 then diffs only the changed paths (with rename and copy detection) through a
  // small in-memory index.
  //
  // GIT_INDEX_FILE, as git reads it: a relative path is relative to the top of the work tree (git
  // changes to it before reading the index, wherever it was started), or to the git directory of a
  // bare repository. A missing default index is an empty one (nothing staged yet); a missing index
  // that GIT_INDEX_FILE names is an error, not "nothing staged" (git would create it empty).
  const char* env_index = repo_.location().from_env ? std::getenv("GIT_INDEX_FILE") : nullptr;
  const bool explicit_index = env_index && *env_index;
  std::string index_path = std::string(git_repository_path(repo_.get())) + "index";
  if (explicit_index) {
    index_path = env_index;
    if (index_path[0] != '/') {
      const std::string wd = repo_.workdir();
      index_path = (wd.empty() ? std::string(git_repository_path(repo_.get())) : wd) + index_path;
    }
  }
  GitIndexFile file;
  std::string why;
  switch (file.load(index_path, why)) {
    case GitIndexFile::Load::Ok:
      break;
    case GitIndexFile::Load::Missing:
      if (explicit_index) {
        diag.error(label + ": GIT_INDEX_FILE=" + printable(env_index) + ": no such index (" + printable(index_path) + ")");
        return items;
      }
      break;
    case GitIndexFile::Load::Unsupported:
    case GitIndexFile::Load::Corrupt:
      diag.error(label + ": cannot read the index: " + why);
      return items;
  }
  const bool partial = !repo_.promisor().empty();
  std::vector<PathChange> changes;
  if (auto st = file.diff_head(repo_.get(), head_tree.get(), changes); !st) {
    diag.error(label + ": corrupt repository: " + st.error());
    return items;
  }
  bool any = false;
  for (const auto& c : changes) {
    if (c.conflicted)
      diag.warning(printable(c.path) + ": unmerged (conflicted) in the index; not scanned until resolved and staged");
    else
      any = true;
  }
  if (!any) return items;
  auto diff = diff_changes(repo_.get(), changes, /*copies=*/true);
  if (!diff) {
    diag.error(label + ": HEAD to the index: " + diff.error());
    return items;
  }
  git_odb* odb = repo_.odb();
  if (!odb) {
    diag.error(label + ": cannot open object database: " + git_error_text());
    return items;
  }

  std::size_t missing = 0;
  for (std::size_t d = 0; d < git_diff_num_deltas(diff->get()); ++d) {
    const git_diff_delta* delta = git_diff_get_delta(diff->get(), d);
    if (!added_side(delta)) continue;  // deletions add nothing; submodules are other repositories
    const std::string path = delta->new_file.path;
    if (opts_.skip_path && opts_.skip_path(path)) continue;
    auto lines =
        change_lines(odb, delta->new_file.id, {old_side(delta)}, opts_.max_file_size, opts_.marker, path, partial);
    if (!lines) {
      diag.error(lines.error());
      continue;
    }
    if (lines->missing) {
      ++missing;
      continue;
    }
    report_skipped_added(*lines, path, "", opts_.allow_skipped, diag);
    Item item;
    item.where.kind = SourceKind::Staged;
    item.where.path = path;
    item.where.blob_id = oid_hex(delta->new_file.id);
    item.locator = item.where.blob_id;
    item.size = lines->size;
    if (lines->too_large || lines->binary) {
      item.added = std::make_shared<const LineRanges>();
    } else {
      if (lines->added.ranges.empty()) continue;  // only removed lines, or a pure rename
      item.added = std::make_shared<const LineRanges>(std::move(lines->added));
    }
    items.push_back(std::move(item));
  }
  if (missing)
    diag.error(partial_clone_error(repo_, std::to_string(missing) + " blob" + (missing == 1 ? "" : "s") +
                                              " the commit changes (HEAD's side)"));
  return items;
}

}  // namespace keysnare
