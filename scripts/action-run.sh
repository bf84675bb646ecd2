#!/usr/bin/env bash
# The run step of the phasecheck GitHub Action (action.yml): gets the CLI, lints, writes the reports.
# Inputs come as environment variables (INPUT_*), so nothing from a workflow is ever spliced into
# shell code. Exit code: phasecheck's own (0 pass, 1 findings, 2 usage or internal error).
#
#   INPUT_PATHS        transcripts: one path per line (a line without such a file is split on spaces)
#   INPUT_FAIL_ON      error (default), warning, info, never
#   INPUT_BASELINE     a baseline file (optional)
#   INPUT_FAIL_ON_STALE  true: stale baseline entries fail the run
#   INPUT_CONFIG       a phasecheck.yaml (optional)
#   INPUT_SARIF        the SARIF file to write (default phasecheck.sarif; empty: none)
#   INPUT_REPORTS      more reports, one FORMAT=FILE per line (optional)
#   PHASECHECK_JAR     a phasecheck.jar to use; else PHASECHECK_JAR_URL is downloaded; else the CLI is
#                      built from ACTION_PATH (the action's checkout) with Maven
#   PHASECHECK_JAVA, PHASECHECK_CLASSPATH   run `java -cp CLASSPATH dev.phasecheck.cli.Main` instead (tests)
# Writes the Markdown summary to $GITHUB_STEP_SUMMARY and exit-code / sarif-file to $GITHUB_OUTPUT when set.
set -uo pipefail

die() { echo "phasecheck action: $*" >&2; exit 2; }

action_path="${ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
java_bin="${PHASECHECK_JAVA:-java}"

# the CLI
if [ -n "${PHASECHECK_CLASSPATH:-}" ]; then
  cli=("$java_bin" -cp "$PHASECHECK_CLASSPATH" dev.phasecheck.cli.Main)
else
  jar="${PHASECHECK_JAR:-}"
  if [ -z "$jar" ] && [ -n "${PHASECHECK_JAR_URL:-}" ]; then
    jar="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/phasecheck.jar"
    curl -fsSL --retry 3 -o "$jar" "$PHASECHECK_JAR_URL" || die "cannot download $PHASECHECK_JAR_URL"
  fi
  if [ -z "$jar" ]; then
    jar="$action_path/harness/cli/target/phasecheck.jar"
    if [ ! -f "$jar" ]; then
      command -v mvn >/dev/null || die "Maven (mvn) is needed to build the CLI; or give jar-url"
      echo "::group::building the phasecheck CLI"
      (cd "$action_path" && mvn -B -q -ntp -DskipTests -pl harness/cli -am package) || die "the CLI build failed"
      echo "::endgroup::"
    fi
  fi
  [ -f "$jar" ] || die "no phasecheck jar at $jar"
  cli=("$java_bin" -jar "$jar")
fi

# the arguments
args=(lint -f github --fail-on "${INPUT_FAIL_ON:-error}")
sarif="${INPUT_SARIF-phasecheck.sarif}"
[ -n "$sarif" ] && args+=(--report "sarif=$sarif")
summary=""
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  summary="$(mktemp)"
  args+=(--report "markdown=$summary")
fi
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"; line="${line%"${line##*[![:space:]]}"}"
  [ -n "$line" ] && args+=(--report "$line")
done <<< "${INPUT_REPORTS:-}"
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
case "${INPUT_FAIL_ON_STALE:-false}" in true|TRUE|True|1|yes) args+=(--fail-on-stale) ;; esac
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
paths=()
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"; line="${line%"${line##*[![:space:]]}"}"
  [ -z "$line" ] && continue
  if [ -e "$line" ] || [[ "$line" != *" "* ]]; then
    paths+=("$line")
  else
    read -r -a words <<< "$line"
    paths+=("${words[@]}")
  fi
done <<< "${INPUT_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || die "no paths to lint"
args+=(--)
args+=("${paths[@]}")

"${cli[@]}" "${args[@]}"
code=$?

if [ -n "$summary" ]; then
  [ -s "$summary" ] && cat "$summary" >> "$GITHUB_STEP_SUMMARY"
  rm -f "$summary"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "exit-code=$code"; [ -n "$sarif" ] && echo "sarif-file=$sarif"; } >> "$GITHUB_OUTPUT"
fi
exit "$code"
