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

// Paths compared after resolving "." / ".." / symlinks, so "./a.tml" and "a.tml" are the same.
std::string canonical_key(const std::filesystem::path& p);

// A file name made from a document id: ids come from data (JSON Lines), so they must not be able
// to climb out of the output folder or hide the file.
std::string file_stem(std::string_view id);

// "1 document", "2 documents".
std::string plural(std::size_t n, std::string_view one, std::string_view many);

// Whether progress should be drawn: stderr is a terminal.
bool stderr_is_terminal();

// Progress on a terminal: the line of progress replaced by `stage` ("merging ..."), and cleared.
void show_stage(std::string_view stage);
void clear_progress();

// Why `target` cannot be written (its folder is missing or not writable), or "" when it looks
// writable; checked before long work, so a run does not fail only at its end.
std::string cannot_write(const std::filesystem::path& target);

// Writes `target` by calling `write` on a stream to a temporary file in the same folder, then
// renaming it over `target`: readers never see half a file, and a failed run leaves no debris
// (also when `write` throws: the temporary file is removed and the exception passes on).
// Returns an empty string on success, else a one-line description of what failed.
std::string write_atomically(const std::filesystem::path& target,
                             const std::function<void(std::ostream&)>& write);

// Flushes standard output; "" when everything written to it got out, else why not ("standard
// output: cannot write: No space left on device").
std::string flush_standard_output();

// Writes to standard output when `target` is "-", else to the file with write_atomically. Returns
// "" on success, else a one-line description of what failed.
std::string write_output(const std::string& target,
                         const std::function<void(std::ostream&)>& write);

}  // namespace tempograph::cli
