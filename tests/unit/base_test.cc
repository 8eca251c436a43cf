#include <doctest/doctest.h>

#include <atomic>
#include <set>

#include "base/glob.h"
#include "base/parallel.h"
#include "base/sha256.h"
#include "base/text.h"

using namespace keysnare;

TEST_CASE("sha256 matches FIPS 180-4 test vectors") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // Streaming in odd pieces gives the same digest as one update.
  std::string million(1000000, 'a');
  Sha256 h;
  for (std::size_t i = 0; i < million.size(); i += 997) h.update(std::string_view(million).substr(i, 997));
  CHECK(h.hex_digest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("path globs") {
  CHECK(path_glob_match("*.min.js", "web/static/app.min.js"));
  CHECK_FALSE(path_glob_match("*.min.js", "web/static/app.js"));
  CHECK(path_glob_match("node_modules", "a/node_modules/x/y.js"));
  CHECK(path_glob_match("vendor/", "vendor/lib/a.go"));
  CHECK_FALSE(path_glob_match("vendor/", "src/vendor.go"));
  CHECK(path_glob_match("**/testdata/**", "pkg/a/testdata/f.txt"));
  CHECK(path_glob_match("**/testdata/**", "testdata/f.txt"));
  CHECK(path_glob_match("docs/*.md", "docs/readme.md"));
  CHECK_FALSE(path_glob_match("docs/*.md", "docs/sub/readme.md"));
  CHECK(path_glob_match("docs/**/*.md", "docs/sub/deeper/readme.md"));
  CHECK(path_glob_match("file?.txt", "file1.txt"));
  CHECK(path_glob_match("[abc].txt", "b.txt"));
  CHECK_FALSE(path_glob_match("[!abc].txt", "b.txt"));
  CHECK(path_glob_match("\\*.txt", "*.txt"));
  CHECK_FALSE(path_glob_match("\\*.txt", "a.txt"));
  CHECK_FALSE(path_glob_match("", "a.txt"));
}

TEST_CASE("entropy and binary sniffing") {
  CHECK(shannon_entropy("") == 0.0);
  CHECK(shannon_entropy("aaaa") == 0.0);
  CHECK(shannon_entropy("abcd") == doctest::Approx(2.0));
  CHECK(looks_binary(std::string("PNG\0\0data", 9)));
  CHECK_FALSE(looks_binary("plain text\n"));
}

TEST_CASE("escaping keeps any bytes valid") {
  CHECK(printable("a\tb") == "a\\x09b");
  CHECK(printable("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(printable("bad\xff") == "bad\\xFF");
  CHECK(printable("\xed\xa0\x80") == "\\xED\\xA0\\x80");  // a UTF-16 surrogate is not UTF-8
  CHECK(json_string("q\"\\\n\x01") == "\"q\\\"\\\\\\n\\u0001\"");
  CHECK(json_string("\xc3") == "\"\\\\xC3\"");  // truncated sequence: visible, still valid JSON
  CHECK(human_bytes(512) == "512 B");
  CHECK(human_bytes(3 << 20) == "3.0 MiB");
}

TEST_CASE("parallel_for visits every index once, worker ids in range") {
  for (unsigned threads : {1u, 2u, 7u}) {
    std::vector<std::atomic<int>> hits(1000);
    std::atomic<bool> bad_worker{false};
    parallel_for(hits.size(), threads, [&](unsigned w, std::size_t i) {
      if (w >= threads) bad_worker = true;
      hits[i].fetch_add(1);
    });
    CHECK_FALSE(bad_worker.load());
    for (auto& h : hits) CHECK(h.load() == 1);
  }
}
