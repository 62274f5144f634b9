#include "graphviz_library.hpp"

#include <dlfcn.h>

#include <stdexcept>
#include <string>

namespace tempograph::graphviz {
namespace {

// Never closed: Graphviz keeps global state for the life of the process.
void* open(const std::string& file) {
  void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = ::dlerror();
    throw std::runtime_error("cannot load " + file + " (is Graphviz installed? bash " +
                             ".ci/setup-debian installs it): " + (why ? why : "unknown error"));
  }
  return handle;
}

template <typename Pointer>
void find(void* handle, const char* file, const char* name, Pointer& out) {
  void* symbol = ::dlsym(handle, name);
  if (!symbol) throw std::runtime_error(std::string(file) + " has no symbol " + name);
  // POSIX guarantees that a data pointer from dlsym converts to a function pointer.
  out = reinterpret_cast<Pointer>(symbol);
}

Library load() {
  Library lib;
  const char* const cg = TEMPOGRAPH_GRAPHVIZ_CGRAPH;
  const char* const gv = TEMPOGRAPH_GRAPHVIZ_GVC;
  void* cgraph = open(cg);
  void* gvc = open(gv);
  find(cgraph, cg, "agopen", lib.agopen);
  find(cgraph, cg, "agclose", lib.agclose);
  find(cgraph, cg, "agattr", lib.agattr);
  find(cgraph, cg, "agxset", lib.agxset);
  find(cgraph, cg, "agnode", lib.agnode);
  find(cgraph, cg, "agedge", lib.agedge);
  find(cgraph, cg, "agseterrf", lib.agseterrf);
  const Agdesc_t* directed = nullptr;
  find(cgraph, cg, "Agdirected", directed);
  lib.directed = *directed;
  find(gvc, gv, "gvContextPlugins", lib.gvContextPlugins);
  find(gvc, gv, "gvFreeContext", lib.gvFreeContext);
  find(gvc, gv, "gvLayout", lib.gvLayout);
  find(gvc, gv, "gvFreeLayout", lib.gvFreeLayout);
  find(gvc, gv, "gvRenderData", lib.gvRenderData);
  find(gvc, gv, "gvFreeRenderData", lib.gvFreeRenderData);
  gvplugin_library_t* core = nullptr;
  gvplugin_library_t* neato = nullptr;
  find(open(TEMPOGRAPH_GRAPHVIZ_PLUGIN_CORE), TEMPOGRAPH_GRAPHVIZ_PLUGIN_CORE,
       "gvplugin_core_LTX_library", core);
  find(open(TEMPOGRAPH_GRAPHVIZ_PLUGIN_NEATO), TEMPOGRAPH_GRAPHVIZ_PLUGIN_NEATO,
       "gvplugin_neato_layout_LTX_library", neato);
  lib.plugins[0] = {"gvplugin_core_LTX_library", core};
  lib.plugins[1] = {"gvplugin_neato_layout_LTX_library", neato};
  lib.plugins[2] = {nullptr, nullptr};
  return lib;
}

}  // namespace

const Library& library() {
  static const Library lib = load();
  return lib;
}

}  // namespace tempograph::graphviz
