// The libzip functions of CSAR reading and writing (compiler/csar/), each forwarding to the real
// one in libzip.so.4, opened on the first call (lazy/library.h says why: libzip brings libssl,
// libcrypto, bzip2, xz and zstd along). When the library cannot be opened, zip_open and the
// source constructors fail with ZIP_ER_INTERNAL and the error functions say why, so callers
// need no special case; the functions that need an archive are then never reached.
#include <zip.h>

#include "lazy/library.h"

namespace {

using toscac::lazy::Library;

Library& Zip() { return Library::Get("libzip.so.4"); }
constexpr const char* kMissing = "libzip.so.4 cannot be loaded";

// The real function `name`, looked up once; nullptr when libzip is missing.
#define TOSCAC_REAL(name)                                        \
  static const auto real = Zip().Symbol<decltype(&name)>(#name); \
  static_assert(true, "")

// Functions reached only through an archive, a file or a source that the real libzip made:
// forwarded as they are.
#define TOSCAC_FORWARD(result, name, params, args) \
  result name params {                             \
    TOSCAC_REAL(name);                             \
    return real args;                              \
  }

}  // namespace

extern "C" {

zip_t* zip_open(const char* path, int flags, int* error) {
  TOSCAC_REAL(zip_open);
  if (real != nullptr) return real(path, flags, error);
  if (error != nullptr) *error = ZIP_ER_INTERNAL;
  return nullptr;
}

void zip_error_init_with_code(zip_error_t* error, int code) {
  TOSCAC_REAL(zip_error_init_with_code);
  if (real != nullptr) return real(error, code);
  *error = zip_error_t{code, 0, nullptr};
}

const char* zip_error_strerror(zip_error_t* error) {
  TOSCAC_REAL(zip_error_strerror);
  return real != nullptr ? real(error) : kMissing;
}

void zip_error_fini(zip_error_t* error) {
  TOSCAC_REAL(zip_error_fini);
  if (real != nullptr) real(error);
}

TOSCAC_FORWARD(int, zip_close, (zip_t * zip), (zip))
TOSCAC_FORWARD(void, zip_discard, (zip_t * zip), (zip))
TOSCAC_FORWARD(const char*, zip_strerror, (zip_t * zip), (zip))
TOSCAC_FORWARD(zip_int64_t, zip_get_num_entries, (zip_t * zip, zip_flags_t flags), (zip, flags))
TOSCAC_FORWARD(int, zip_stat_index,
               (zip_t * zip, zip_uint64_t index, zip_flags_t flags, zip_stat_t* st),
               (zip, index, flags, st))
TOSCAC_FORWARD(int, zip_file_get_external_attributes,
               (zip_t * zip, zip_uint64_t index, zip_flags_t flags, zip_uint8_t* opsys,
                zip_uint32_t* attributes),
               (zip, index, flags, opsys, attributes))
TOSCAC_FORWARD(int, zip_file_set_external_attributes,
               (zip_t * zip, zip_uint64_t index, zip_flags_t flags, zip_uint8_t opsys,
                zip_uint32_t attributes),
               (zip, index, flags, opsys, attributes))
TOSCAC_FORWARD(int, zip_file_set_dostime,
               (zip_t * zip, zip_uint64_t index, zip_uint16_t time, zip_uint16_t date,
                zip_flags_t flags),
               (zip, index, time, date, flags))
TOSCAC_FORWARD(zip_int64_t, zip_file_add,
               (zip_t * zip, const char* name, zip_source_t* source, zip_flags_t flags),
               (zip, name, source, flags))
TOSCAC_FORWARD(zip_source_t*, zip_source_buffer,
               (zip_t * zip, const void* data, zip_uint64_t size, int free),
               (zip, data, size, free))
TOSCAC_FORWARD(zip_source_t*, zip_source_file,
               (zip_t * zip, const char* name, zip_uint64_t start, zip_int64_t length),
               (zip, name, start, length))
TOSCAC_FORWARD(void, zip_source_free, (zip_source_t * source), (source))
TOSCAC_FORWARD(zip_file_t*, zip_fopen_index, (zip_t * zip, zip_uint64_t index, zip_flags_t flags),
               (zip, index, flags))
TOSCAC_FORWARD(zip_int64_t, zip_fread, (zip_file_t * file, void* buffer, zip_uint64_t size),
               (file, buffer, size))
TOSCAC_FORWARD(int, zip_fclose, (zip_file_t * file), (file))
TOSCAC_FORWARD(const char*, zip_file_strerror, (zip_file_t * file), (file))

}  // extern "C"
