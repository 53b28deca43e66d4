#ifndef FAULTLINE_CLIBCRYPTO_SHIM_H
#define FAULTLINE_CLIBCRYPTO_SHIM_H
// The system's libcrypto (OpenSSL 3, Debian's libssl-dev): only the EVP digest calls, for SHA-256.
#include <openssl/evp.h>
#endif
