#!/bin/sh
# Prints what LD_PRELOAD must hold for VIEWER to be leak-checked under AddressSanitizer with no
# suppressions, or nothing when VIEWER is not an ASan build. Mesa's software OpenGL driver is
# loaded with dlopen and unloaded before exit, taking with it the globals that point to its live
# blocks, so LeakSanitizer would report those blocks as leaked; preloaded, the driver stays mapped
# until exit. The ASan runtime must come first in the preload list.
#   asan_preload.sh VIEWER
asan_runtime=$(ldd "$1" 2>/dev/null | awk '/libasan\.so/{print $3; exit}')
swrast=$(ls /usr/lib/*/dri/swrast_dri.so 2>/dev/null | head -n 1)
if [ -n "$asan_runtime" ] && [ -n "$swrast" ]; then
  echo "$asan_runtime $swrast"
fi
