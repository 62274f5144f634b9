#include "commands.hpp"
namespace tempograph::cli {
void add_eval_command(CLI::App& app, int& exit_status) {
  auto* cmd = app.add_subcommand("eval", "Score time expressions against gold TimeML");
  cmd->callback([&exit_status] { exit_status = 0; });
}
}  // namespace tempograph::cli
