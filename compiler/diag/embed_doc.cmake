# Writes OUT, a C++ source that defines toscac::diag::DiagnosticsDoc() as the text of IN
# (docs/diagnostics.md), so that `toscac explain` prints what the documentation says: the doc is
# the one source of the long explanations, and an installed toscac needs no data files.
#   cmake -DIN=docs/diagnostics.md -DOUT=diagnostics_doc.cc -P embed_doc.cmake
file(READ "${IN}" text)
set(delimiter "toscac_doc")
string(FIND "${text}" ")${delimiter}\"" found)
if(NOT found EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw string delimiter ')${delimiter}\"'")
endif()
get_filename_component(name "${IN}" NAME)
file(WRITE "${OUT}.tmp"
  "// Generated from ${name} by compiler/diag/embed_doc.cmake: do not edit.\n"
  "#include \"diag/explain.h\"\n\n"
  "namespace toscac::diag {\n\n"
  "std::string_view DiagnosticsDoc() {\n"
  "  return R\"${delimiter}(${text})${delimiter}\";\n"
  "}\n\n"
  "}  // namespace toscac::diag\n")
# Only a changed text rebuilds what depends on it.
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
