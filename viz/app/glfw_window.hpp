// GLFW and Dear ImGui lifetimes as RAII values: the library, one window with its OpenGL context,
// and the ImGui context bound to them through Debian's GLFW and OpenGL3 backends.
#pragma once

#include <memory>
#include <string>

struct GLFWwindow;

namespace tempograph::viz {

class GlfwLibrary {
 public:
  GlfwLibrary();  // throws std::runtime_error with GLFW's message when there is no display
  GlfwLibrary(const GlfwLibrary&) = delete;
  GlfwLibrary& operator=(const GlfwLibrary&) = delete;
  ~GlfwLibrary();
};

struct WindowDeleter {
  void operator()(GLFWwindow* window) const;
};
using WindowHandle = std::unique_ptr<GLFWwindow, WindowDeleter>;

// An OpenGL 3.0 window (GLSL 130), its context current. Throws when it cannot be made.
WindowHandle create_window(int width, int height, const std::string& title, bool visible);

class ImGuiSession {
 public:
  // `ini_path` empty: ImGui saves nothing.
  ImGuiSession(GLFWwindow* window, std::string ini_path);
  ImGuiSession(const ImGuiSession&) = delete;
  ImGuiSession& operator=(const ImGuiSession&) = delete;
  ~ImGuiSession();

 private:
  std::string ini_path_;  // ImGui keeps a pointer to it
};

}  // namespace tempograph::viz
