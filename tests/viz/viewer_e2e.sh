#!/usr/bin/env bash
# End-to-end test of tempograph-view as a person uses it: under a virtual X display (Xvfb) the
# viewer builds the bundled corpus, and xdotool drives it with real input: the mouse wheel zooms
# at the 9 November 2020 event (which must stay under the cursor), a drag pans (the event must
# follow the mouse), a click selects the event, Esc clears, F fits, Ctrl+Q quits. The --trace
# lines say where each event is drawn and what got selected; a screenshot of the screen must show
# the mention highlighted in the source pane.
#   viewer_e2e.sh VIEWER CORPUS_DIR [WORK_DIR]
# Exit 77 (ctest SKIP_RETURN_CODE) only when Xvfb is missing.
set -euo pipefail
viewer=$1
corpus=$2
work=${3:-$(mktemp -d)}
mkdir -p "$work"
if ! command -v Xvfb >/dev/null 2>&1; then
  echo "SKIP: Xvfb is not installed (bash .ci/setup-debian installs it)"
  exit 77
fi
for tool in xdotool import; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FAIL: $tool is missing (bash .ci/setup-debian)"; exit 1; }
done
# ImageMagick's own convert (another 'convert' may come first in PATH).
convert=/usr/bin/convert
[ -x "$convert" ] || convert=$(command -v convert)

# The three articles that report the 9 November 2020 statement.
articles="002_fa51f972bed19717 003_7bc3872968d31207 004_30699b983643d3de"

trace="$work/trace.txt"
: >"$trace"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# A free display, chosen by Xvfb itself.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
exec 3>&-
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "FAIL: Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
export DISPLAY=":$(head -1 "$work/display")"
export XDG_CONFIG_HOME="$work/config"  # never the user's settings

# Under AddressSanitizer (CI's second build) leaks are checked with no suppressions; see
# asan_preload.sh for why Mesa's driver is preloaded.
preload=$(sh "$(dirname "$0")/asan_preload.sh" "$viewer")
LD_PRELOAD="$preload" \
  "$viewer" --trace --size 1280x800 --lanes category "$corpus" >"$trace" 2>"$work/stderr.txt" &
viewer_pid=$!
pids+=($viewer_pid)

fail() {
  echo "FAIL: $*"
  echo "--- trace (last 40 lines)"; tail -40 "$trace"
  echo "--- stderr"; cat "$work/stderr.txt"
  exit 1
}

# Waits until the trace has more than $1 lines matching $2; prints the last match.
wait_for() {
  local count=$1 pattern=$2
  for _ in $(seq 300); do
    if [ "$(grep -c -- "$pattern" "$trace" || true)" -gt "$count" ]; then
      grep -- "$pattern" "$trace" | tail -1
      return 0
    fi
    kill -0 "$viewer_pid" 2>/dev/null || fail "the viewer exited while waiting for '$pattern'"
    sleep 0.1
  done
  fail "timed out waiting for '$pattern'"
}

# Where the event dated 2020-11-09 was drawn in the latest block of positions: "X Y".
position_of_nov9() {
  awk '/^view /{pos=""} /^drawn e[0-9]+ start=2020-11-09 /{for(i=1;i<=NF;i++){if($i~/^x=/)x=substr($i,3); if($i~/^y=/)y=substr($i,3)}; pos=x" "y} END{print pos}' "$trace"
}

wait_for 0 '^ready ' >/dev/null
wait_for 0 '^view ' >/dev/null
window=$(xdotool search --sync --onlyvisible --name tempograph | head -1)
[ -n "$window" ] || fail "no window"
read -r x y <<<"$(position_of_nov9)"
[ -n "${x:-}" ] || fail "the 9 November 2020 event is not drawn"
echo "event of 2020-11-09 drawn at $x,$y"
span0=$(grep '^view ' "$trace" | tail -1 | sed 's/.*span_days=\([0-9.]*\).*/\1/')

# 1. Wheel zoom, anchored at the cursor: the event stays under it.
views=$(grep -c '^view ' "$trace")
xdotool mousemove --window "$window" "$x" "$y"
sleep 0.3
for _ in 1 2 3 4 5 6; do xdotool click 4; sleep 0.05; done
wait_for "$views" '^view ' >/dev/null
sleep 0.5
span1=$(grep '^view ' "$trace" | tail -1 | sed 's/.*span_days=\([0-9.]*\).*/\1/')
read -r x1 y1 <<<"$(position_of_nov9)"
echo "zoomed: span $span0 -> $span1 days, event at $x1,$y1"
awk -v a="$span0" -v b="$span1" 'BEGIN{exit !(b < a * 0.5)}' || fail "the wheel did not zoom in"
awk -v a="$x" -v b="$x1" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d <= 3)}' || fail "zoom is not anchored at the cursor ($x -> $x1)"

# 2. Drag to pan: from an empty spot below the event, 150 pixels to the right.
views=$(grep -c '^view ' "$trace")
xdotool mousemove --window "$window" $((x1 - 60)) $((y1 + 11))
sleep 0.2
xdotool mousedown 1
# Let a frame see the press before the mouse moves: ImGui 1.86 (no input queue) takes the press
# position from the frame that sees it, and a slow frame (ASan) would see the first move too.
sleep 0.2
for step in 1 2 3 4 5 6; do
  xdotool mousemove --window "$window" $((x1 - 60 + step * 25)) $((y1 + 11))
  sleep 0.05
done
sleep 0.1
xdotool mouseup 1
wait_for "$views" '^view ' >/dev/null
sleep 0.4
read -r x2 y2 <<<"$(position_of_nov9)"
echo "dragged: event at $x2,$y2"
awk -v a="$x1" -v b="$x2" 'BEGIN{d=b-a-150; if(d<0)d=-d; exit !(d <= 6)}' ||
  fail "the drag did not pan by 150 pixels ($x1 -> $x2)"
grep -q '^selected e' "$trace" && fail "the drag selected something"

# 3. Click the event: it is selected and one of its three articles shows with the mention
# highlighted.
xdotool mousemove --window "$window" "$x2" "$y2"
sleep 0.2
xdotool click 1
line=$(wait_for 0 '^selected e')
echo "$line"
echo "$line" | grep -q 'date=2020-11-09' || fail "selected another event: $line"
doc=$(echo "$line" | sed 's/.* doc=\([^ ]*\).*/\1/')
echo " $articles " | grep -q " $doc " || fail "the source pane shows $doc, not one of $articles"
echo "$line" | grep -q 'highlighted=1' || fail "the mention is not highlighted in view"

# 4. What a person sees: the screen holds the mention's highlight colour (255,170,40).
sleep 0.3
import -display "$DISPLAY" -window root "$work/screen.png"
highlight=$("$convert" "$work/screen.png" -fill black -fuzz 2% +opaque "rgb(255,170,40)" \
  -fill white -opaque "rgb(255,170,40)" -colorspace gray -format "%[fx:round(mean*w*h)]" info:)
echo "highlight pixels on screen: $highlight"
[ "$highlight" -ge 150 ] || fail "no highlighted mention on the screenshot ($work/screen.png)"

# 5. Keyboard: Esc clears the selection, F fits everything again, Ctrl+Q quits.
xdotool key Escape
wait_for 0 '^selected none' >/dev/null
views=$(grep -c '^view ' "$trace")
xdotool key f
wait_for "$views" '^view ' >/dev/null
sleep 0.4
span3=$(grep '^view ' "$trace" | tail -1 | sed 's/.*span_days=\([0-9.]*\).*/\1/')
awk -v a="$span0" -v b="$span3" 'BEGIN{d=a-b; if(d<0)d=-d; exit !(d < 1)}' || fail "F did not fit all ($span3 vs $span0 days)"
xdotool key ctrl+q
for _ in $(seq 50); do kill -0 "$viewer_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$viewer_pid" 2>/dev/null && fail "Ctrl+Q did not quit"
wait "$viewer_pid" || fail "the viewer exited with status $?"
[ -s "$XDG_CONFIG_HOME/tempograph/viewer.conf" ] || fail "no settings written"
echo "PASS"
