#include "graph/render.h"

#include <graphviz/gvc.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "graph/agraph.h"
#include "graph/build.h"

namespace toscac::graph {
namespace {

constexpr std::string_view kExpected = "(expected .svg, .png or .pdf)";

// The Graphviz format for a file name, or "" when its extension is not one we draw.
std::string FormatFor(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == ".svg" || ext == ".png" || ext == ".pdf") return ext.substr(1);
  return "";
}

// Graphviz's messages, one line, for an error: "Error: trouble in init_rank\n..." -> first line.
std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "Graphviz reported no reason" : line;
}

// One Graphviz context for the whole process, never freed. Graphviz 2.43's pango plugin keeps a
// pointer to the last font name it measured, which gvFreeContext frees: the next context would
// read freed memory (AddressSanitizer sees it at the second picture a process draws).
GVC_t* Context() {
  static GVC_t* const gvc = gvContext();
  return gvc;
}

// Lays out `g` and renders it into memory. Rendering to memory, not to the file, because
// Graphviz 2.43 calls exit() when it cannot open its output file.
bool Draw(Agraph_t* g, const std::string& format, const CaptureMessages& messages,
          std::string* image, std::string* error) {
  GVC_t* gvc = Context();
  if (gvc == nullptr) {
    *error = "cannot start Graphviz";
    return false;
  }
  if (gvLayout(gvc, g, "dot") != 0) {
    *error = "Graphviz cannot lay out the graph: " + FirstLine(messages.text());
    return false;
  }
  char* data = nullptr;
  unsigned int length = 0;
  int rc = gvRenderData(gvc, g, format.c_str(), &data, &length);
  if (rc == 0 && data != nullptr) image->assign(data, length);
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc, g);
  if (rc != 0 || image->empty()) {
    *error = "Graphviz cannot render " + format + ": " + FirstLine(messages.text());
    return false;
  }
  return true;
}

bool WriteFile(const std::string& path, const std::string& bytes, std::string* error) {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(bytes.data(), std::streamsize(bytes.size()));
  if (out.flush()) return true;
  std::string reason = errno != 0 ? std::strerror(errno) : "cannot write the file";
  if (!reason.empty()) reason[0] = char(std::tolower(static_cast<unsigned char>(reason[0])));
  *error = reason;
  return false;
}

// Why `path` names no format we draw.
std::string FormatError(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (ext.empty()) {
    return "no file extension to choose the image format by " + std::string(kExpected);
  }
  return "unknown image format '" + ext + "' " + std::string(kExpected);
}

}  // namespace

#ifdef __SANITIZE_ADDRESS__
// Graphviz 2.43's dot layout leaks the virtual nodes and edges it makes for clusters, and
// fontconfig leaks its patterns: LeakSanitizer would fail every process that draws a picture.
// It takes default suppressions from this hook, in any binary that links the renderer. The
// layout's leaks are allocated by libgvc's gmalloc, and the sanitizer's fast unwinder stops
// there (Graphviz has no frame pointers), so libgvc itself is listed: a leak of libgvc memory
// by us (a missing gvFreeLayout) would hide too. cgraph, where our graphs live, is not listed.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvc.so\n"
         "leak:libgvplugin_dot_layout.so\n"
         "leak:libfontconfig.so\n";
}
#endif

bool RenderImage(const resolve::Topology& t, const DotOptions& o, const std::string& path,
                 std::string* error) {
  std::string ignored;
  if (error == nullptr) error = &ignored;
  try {
    std::string format = FormatFor(path);
    if (format.empty()) {
      *error = FormatError(path);
      return false;
    }
    CaptureMessages messages;  // the library never prints
    Graph g("topology");
    if (!BuildGraph(t, o, g)) {
      *error = "Graphviz cannot build the graph: " + FirstLine(messages.text());
      return false;
    }
    std::string image;
    return Draw(g.get(), format, messages, &image, error) && WriteFile(path, image, error);
  } catch (const std::exception& e) {
    *error = e.what();
    return false;
  } catch (...) {
    *error = "unexpected failure";
    return false;
  }
}

}  // namespace toscac::graph
