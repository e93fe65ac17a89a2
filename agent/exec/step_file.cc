#include "exec/step_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace toscac::agent::exec {

namespace {

StepFile Failure(const std::string& path, int error, const std::string& why) {
  StepFile file;
  file.error = error;
  file.error_text = "cannot read '" + path + "': " + why;
  return file;
}

StepFile Failure(const std::string& path, int error) {
  return Failure(path, error, std::generic_category().message(error));
}

}  // namespace

StepFile ReadStepFile(const std::string& path, std::size_t max_bytes, bool from_end,
                      bool* truncated) {
  if (truncated != nullptr) *truncated = false;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return Failure(path, errno);
  struct stat info;
  if (fstat(fd, &info) != 0) {
    int error = errno;
    close(fd);
    return Failure(path, error);
  }
  if (!S_ISREG(info.st_mode)) {
    close(fd);
    return Failure(path, EINVAL, "not a regular file");
  }
  StepFile file;
  off_t size = info.st_size;
  off_t start = 0;
  if (from_end && size > static_cast<off_t>(max_bytes)) {
    start = size - static_cast<off_t>(max_bytes);
    if (truncated != nullptr) *truncated = true;
  }
  file.text.resize(from_end ? max_bytes : max_bytes + 1);
  std::size_t got = 0;
  while (got < file.text.size()) {
    ssize_t n =
        pread(fd, file.text.data() + got, file.text.size() - got, start + static_cast<off_t>(got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      close(fd);
      return Failure(path, error);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  close(fd);
  file.text.resize(got);
  return file;
}

}  // namespace toscac::agent::exec
