#include "viz/app/png.hpp"

#include <GLFW/glfw3.h>  // the system OpenGL header, as GLFW includes it
#include <stb_image_write.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace tempograph::viz {

Image read_framebuffer(int x, int y, int width, int height) {
  Image image;
  GLint viewport[4] = {0, 0, 0, 0};
  glGetIntegerv(GL_VIEWPORT, viewport);
  const int fb_height = viewport[3];
  image.width = std::max(width, 0);
  image.height = std::max(height, 0);
  image.rgba.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) *
                    4);
  if (image.rgba.empty()) return image;
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  // OpenGL counts rows from the bottom.
  glReadPixels(x, fb_height - y - image.height, image.width, image.height, GL_RGBA,
               GL_UNSIGNED_BYTE, image.rgba.data());
  const std::size_t stride = static_cast<std::size_t>(image.width) * 4;
  for (int row = 0; row < image.height / 2; ++row) {
    auto top = image.rgba.begin() + static_cast<std::ptrdiff_t>(row * stride);
    auto bottom =
        image.rgba.begin() + static_cast<std::ptrdiff_t>((image.height - 1 - row) * stride);
    std::swap_ranges(top, top + static_cast<std::ptrdiff_t>(stride), bottom);
  }
  for (std::size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;  // opaque
  return image;
}

bool write_png(const std::string& path, const Image& image) {
  if (image.width <= 0 || image.height <= 0) return false;
  const std::string temp = path + ".tmp";
  if (!stbi_write_png(temp.c_str(), image.width, image.height, 4, image.rgba.data(),
                      image.width * 4)) {
    std::remove(temp.c_str());
    return false;
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  return !ec;
}

}  // namespace tempograph::viz
