#!/bin/bash
# Installs a built tree into a temporary prefix and checks what a user of the package gets: the
# CLI (finding its installed assets by itself), the assets, and the CMake package, by building
# examples/library_client against it with find_package(tempograph) and running it.
#   install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR [CXX_FLAGS]
set -euo pipefail
build=$1 source=$2 work=$3 flags=${4:-}
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
fail() { echo "install_test: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" || fail "cmake --install failed"
for f in bin/tempograph include/tempograph/timex.hpp lib/libtempograph_core.a \
         lib/cmake/tempograph/tempographConfig.cmake share/tempograph/assets/timex/en/rules/dates.tsv; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
"$prefix/bin/tempograph" --version | grep -q '^tempograph [0-9]' || fail "--version"

# The installed CLI, with no TEMPOGRAPH_ASSETS, reads the installed assets (next to bin/).
printf 'date 2020-11-12\nThe leaders signed the statement on November 9, 2020.\n' >"$work/article.txt"
out=$(env -u TEMPOGRAPH_ASSETS "$prefix/bin/tempograph" tag --format jsonl "$work/article.txt")
grep -q '"value":"2020-11-09"' <<<"$out" || fail "installed CLI: no 2020-11-09 in: $out"

# An outside project: find_package(tempograph) and tempograph::core.
cmake -S "$source/examples/library_client" -B "$work/client" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_CXX_FLAGS="$flags" >"$work/client-configure.log" 2>&1 ||
  { cat "$work/client-configure.log" >&2; fail "configuring the client failed"; }
cmake --build "$work/client" >"$work/client-build.log" 2>&1 ||
  { cat "$work/client-build.log" >&2; fail "building the client failed"; }
out=$(echo "The ceasefire came on Monday, after talks last week." |
      TEMPOGRAPH_ASSETS="$prefix/share/tempograph/assets" "$work/client/date_lines" 2020-11-12)
grep -qP '^Monday\t2020-11-09$' <<<"$out" || fail "client: expected 'Monday<TAB>2020-11-09' in: $out"
grep -qP '^last week\t2020-W45$' <<<"$out" || fail "client: expected 'last week<TAB>2020-W45' in: $out"
echo "install_test: installed into $prefix; the CLI and an outside project using tempograph::core work"
