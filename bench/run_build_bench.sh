#!/usr/bin/env bash
# Builds tempograph in Release and runs the `tempograph build` throughput and streaming benchmark
# (README.md).
#
#   bench/run_build_bench.sh [SHARED_DIR] [build_throughput options, e.g. --repeat 9 --stream-mb 200]
#
# SHARED_DIR defaults to ../shared next to the repository. The build goes to build-bench/ (or
# $TEMPOGRAPH_BENCH_BUILD), and so do the generated JSON Lines file and the outputs, unless
# --work-dir says otherwise (the default 1 GB run needs about 10 GB free there, see README.md).
# System packages (cmake, ninja, ...) come from .ci/setup-debian only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared="$root/../shared"
if (($#)) && [[ $1 != -* ]]; then
  shared=$1
  shift
fi
build=${TEMPOGRAPH_BENCH_BUILD:-$root/build-bench}

bash "$root/.ci/setup-debian"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTEMPOGRAPH_BUILD_BENCH=ON
cmake --build "$build" -j"$(nproc)" --target tempograph build_throughput
exec "$build/bench/build_throughput" "$shared" "$@"
