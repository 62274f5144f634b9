// Helpers shared by the subcommands: one-line problem reports on stderr and files that appear
// all at once or not at all.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace tempograph::cli {

// `message` with line breaks and tabs turned into spaces, so every report stays one line.
std::string one_line(std::string_view message);

// Prints "tempograph: <message>" as one line on stderr.
void report(std::string_view message);

// Writes `target` by calling `write` on a stream to a temporary file in the same folder, then
// renaming it over `target`: readers never see half a file, and a failed run leaves no debris.
// Returns an empty string on success, else a one-line description of what failed.
std::string write_atomically(const std::filesystem::path& target,
                             const std::function<void(std::ostream&)>& write);

}  // namespace tempograph::cli
