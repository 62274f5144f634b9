// The subcommands of the tempograph CLI, one file each. Each adds itself to the app and, when run,
// stores its exit status in `exit_status`.
#pragma once

// CLI11 2.1's inline code trips GCC 12's -Wnull-dereference (a false positive in its string
// splitting); CI builds with -Werror, so the warning is silenced for that header only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

namespace tempograph::cli {

void add_tag_command(CLI::App& app, int& exit_status);
void add_eval_command(CLI::App& app, int& exit_status);
void add_build_command(CLI::App& app, int& exit_status);
void add_merge_command(CLI::App& app, int& exit_status);
void add_export_command(CLI::App& app, int& exit_status);

}  // namespace tempograph::cli
