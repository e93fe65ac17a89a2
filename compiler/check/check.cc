#include "check/check.h"

namespace toscac::check {

void CheckProgram(load::Program& program) { (void)program; }

}  // namespace toscac::check
