#include "commands.hpp"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{
      "tempograph: turns news articles into a timeline of dated events.\n"
      "Example: tempograph tag examples/karabakh"};
  app.set_version_flag("--version", std::string("tempograph ") + TEMPOGRAPH_VERSION);
  app.require_subcommand(1);
  int exit_status = 0;
  tempograph::cli::add_tag_command(app, exit_status);
  tempograph::cli::add_eval_command(app, exit_status);
  tempograph::cli::add_build_command(app, exit_status);
  tempograph::cli::add_merge_command(app, exit_status);
  tempograph::cli::add_export_command(app, exit_status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "tempograph: error: " << e.what() << "\n";
    return 2;
  }
  return exit_status;
}
