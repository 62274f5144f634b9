#include "viz/app/glfw_window.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <stdexcept>

namespace tempograph::viz {

namespace {

std::string last_glfw_error() {
  const char* description = nullptr;
  const int code = glfwGetError(&description);
  if (code == GLFW_NO_ERROR) return "unknown GLFW error";
  return description ? description : "GLFW error " + std::to_string(code);
}

}  // namespace

GlfwLibrary::GlfwLibrary() {
  if (!glfwInit()) throw std::runtime_error("cannot open a window: " + last_glfw_error());
}

GlfwLibrary::~GlfwLibrary() {
  glfwTerminate();
}

void WindowDeleter::operator()(GLFWwindow* window) const {
  glfwDestroyWindow(window);
}

WindowHandle create_window(int width, int height, const std::string& title, bool visible) {
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  WindowHandle window(glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr));
  if (!window) throw std::runtime_error("cannot create an OpenGL 3 window: " + last_glfw_error());
  glfwMakeContextCurrent(window.get());
  glfwSwapInterval(1);
  return window;
}

ImGuiSession::ImGuiSession(GLFWwindow* window, std::string ini_path)
    : ini_path_(std::move(ini_path)) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");
}

ImGuiSession::~ImGuiSession() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
}

}  // namespace tempograph::viz
