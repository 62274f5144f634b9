#!/usr/bin/env bash
# Builds tempograph in Release and runs the `tempograph tag` throughput benchmark (README.md).
#
#   bench/run_tag_bench.sh [SHARED_DIR] [tag_throughput options, e.g. --repeat 5 --no-chrono]
#
# SHARED_DIR defaults to ../shared next to the repository. The build goes to build-bench/ (or
# $TEMPOGRAPH_BENCH_BUILD). System packages (cmake, ninja, node, npm, ...) come from
# .ci/setup-debian only; chrono-node is installed locally, into BUILD/bench/node_modules.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared="$root/../shared"
if (($#)) && [[ $1 != -* ]]; then
  shared=$1
  shift
fi
build=${TEMPOGRAPH_BENCH_BUILD:-$root/build-bench}

bash "$root/.ci/setup-debian" --bench
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTEMPOGRAPH_BUILD_BENCH=ON
cmake --build "$build" -j"$(nproc)" --target tempograph tag_throughput
exec "$build/bench/tag_throughput" "$shared" "$@"
