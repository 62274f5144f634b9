#include "commands.hpp"
namespace tempograph::cli {
void add_tag_command(CLI::App& app, int& exit_status) {
  auto* cmd = app.add_subcommand("tag", "Find and normalize time expressions");
  cmd->callback([&exit_status] { exit_status = 0; });
}
}  // namespace tempograph::cli
