// keysnare never talks to a network: libgit2 only reads local repositories. Yet git_libgit2_init()
// of libgit2 1.5 built with mbedTLS (as Debian ships it) parses the whole system CA bundle, ~200 KiB
// of PEM, on every start: about 5 ms, a sixth of the pre-commit check's time budget. Defining the
// loader here takes precedence over libmbedx509's (the executable comes first in dynamic symbol
// lookup), so that parse is skipped. A TLS connection through libgit2 would then trust no CA and fail
// closed; keysnare makes none.
extern "C" int mbedtls_x509_crt_parse_file(void* /*chain*/, const char* /*path*/) {
  return -0x2900;  // MBEDTLS_ERR_X509_FILE_IO_ERROR: libgit2 records "no default certificates"
}
