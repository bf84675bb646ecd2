#!/usr/bin/env bash
# Runs one compat program under `phasecheck run` and notes how the program itself ended.
# Usage: compat/cell.sh STATUS_FILE COMMAND [ARG...]
# STATUS_FILE gets: the exit code on line 1, the program's last stderr line on line 2.
status="$1"; shift
err="$(mktemp)"
"$@" 2> >(tee "$err" >&2)
rc=$?
wait
{ echo "$rc"; grep -v '^\[compat\]' "$err" | grep -v '^[[:space:]]*$' | grep -iE 'error|exception|fail|refused|not ' | head -1 | cut -c1-300; } > "$status"
rm -f "$err"
exit "$rc"
