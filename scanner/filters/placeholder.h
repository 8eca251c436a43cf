#pragma once
// Placeholder secrets: values that have a token's shape but are documentation, templates or dummies.
// A real random token essentially never contains these; a sample config almost always does.
// Pure function; thread-safe.
#include <string_view>

namespace keysnare {

// True for: "EXAMPLE"/"example" anywhere (AWS's documented sample keys end in EXAMPLE); 4+ x's in a
// row (8+ in secrets over 64 characters); your…key/token/secret/password or …_here; template
// references `${VAR}`, `$(cmd)`, `{{ var }}`, `<token>`, `%(name)s`, `%NAME%`; the words placeholder,
// changeme, dummy, redacted, sample; a run of one character at least 8 long covering a third of the
// secret; 8 sequential characters (`12345678`, `abcdefgh`, `hgfedcba`); a secret made of at most 2
// distinct characters; a unit of 2 to 12 characters repeated back to back at least 3 times over half
// the secret (`abcd1234abcd1234abcd1234`, `123123123123`). In secrets over 64 characters (key blocks), words shorter than 7 letters count
// only at the start or after a non-alphanumeric byte, so random base64 does not spell them by chance.
bool looks_placeholder(std::string_view secret);

// Whether a token's body is spelled in English words rather than drawn at random
// ("glptt-hellOworld380_testin", "ghp_thisisnotarealtoken0000"): at least two common words of four or
// more letters, or one of seven or more, covering half the letters. A random body of 20 base62
// characters contains even one such word with probability well under 1% (tests/unit). Applied to
// provider rules at low confidence (family and keyword rules), whose values must look random; not to
// passwords, which may well be words.
bool spelled_in_words(std::string_view secret);

}  // namespace keysnare
