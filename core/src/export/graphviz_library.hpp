// Graphviz, loaded when a timeline is first drawn rather than when tempograph starts. Linked in,
// its libraries (with the layout plugin's GTS and GLib) took 3.6 ms of every command's start-up,
// `tag` on one article included: a third of it. These are Graphviz's own functions, found with
// dlsym in the libraries Debian's libgvc6 and libcgraph6 install.
#pragma once

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>

namespace tempograph::graphviz {

struct Library {
  decltype(&::agopen) agopen = nullptr;
  decltype(&::agclose) agclose = nullptr;
  decltype(&::agattr) agattr = nullptr;
  decltype(&::agxset) agxset = nullptr;
  decltype(&::agnode) agnode = nullptr;
  decltype(&::agedge) agedge = nullptr;
  decltype(&::agseterrf) agseterrf = nullptr;
  decltype(&::gvContextPlugins) gvContextPlugins = nullptr;
  decltype(&::gvFreeContext) gvFreeContext = nullptr;
  decltype(&::gvLayout) gvLayout = nullptr;
  decltype(&::gvFreeLayout) gvFreeLayout = nullptr;
  decltype(&::gvRenderData) gvRenderData = nullptr;
  decltype(&::gvFreeRenderData) gvFreeRenderData = nullptr;
  Agdesc_t directed{};  // cgraph's Agdirected
  // The two plugins the exporter uses (core: svg and dot output; neato_layout: the nop engine),
  // for gvContextPlugins: no other plugin is ever loaded (see third_party/CMakeLists.txt).
  lt_symlist_t plugins[3]{};
};

// Loads the libraries on the first call (from any thread) and keeps them for the life of the
// process. Throws std::runtime_error naming the library or symbol that could not be loaded.
const Library& library();

}  // namespace tempograph::graphviz
