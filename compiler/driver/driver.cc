#include "driver/driver.h"

#include "check/check.h"

namespace toscac::driver {

std::unique_ptr<Result> Validate(const load::Source& source, const Options& options) {
  auto result = std::make_unique<Result>();
  try {
    result->loaded = load::LoadProgram(source, options.load, result->program);
    if (result->loaded) result->model = check::CheckProgram(result->program);
  } catch (const std::bad_alloc&) {
    result->program.diags.Error(diag::Code::F002, {},
                                "out of memory while reading '" + source.name + "'");
  }
  return result;
}

}  // namespace toscac::driver
