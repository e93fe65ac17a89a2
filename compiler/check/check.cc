#include "check/check.h"

#include "types/type_table.h"

namespace toscac::check {

void CheckProgram(load::Program& program) {
  types::TypeTable table;
  types::BuildTypeTable(program, table);
}

}  // namespace toscac::check
