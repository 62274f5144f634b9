// Reading the OpenGL framebuffer and writing it as PNG, with stb_image_write from Debian's
// libstb (the same library libimgui links for fonts), so no other image library is needed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tempograph::viz {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  // top row first
};

// The current read buffer's pixels in [x, x + w) x [y, y + h), y counted from the top.
Image read_framebuffer(int x, int y, int width, int height);

// Written whole (temporary file, then rename); false when it could not be written.
bool write_png(const std::string& path, const Image& image);

}  // namespace tempograph::viz
