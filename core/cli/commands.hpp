// The subcommands of the tempograph CLI, one file each. Each adds itself to the app and, when run,
// stores its exit status in `exit_status`.
#pragma once

#include <CLI/CLI.hpp>

namespace tempograph::cli {

void add_tag_command(CLI::App& app, int& exit_status);
void add_eval_command(CLI::App& app, int& exit_status);

}  // namespace tempograph::cli
