#!/usr/bin/env bash
# The Codex CLI (@openai/codex) in `codex exec`, pointed at the simulator through a custom model provider,
# the way the Codex docs configure one (config.toml: model_provider + [model_providers.NAME] with base_url,
# env_key, wire_api = "responses"). One conversation: `codex exec PROMPT`, then `codex exec resume --last PROMPT`
# for each further user turn (chat-follow-up, hosted-tool, no-phase-model).
# Variant (arg 1): exec (the only one). Codex always streams (SSE, or WebSocket when the provider offers it),
# so COMPAT_STREAM=off is not a mode it has.
# Usage: run.sh VARIANT   (with NODE on PATH or in $COMPAT_NODE, OPENAI_BASE_URL from `phasecheck run`)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node="${COMPAT_NODE:-node}"
codex=("$node" "$here/../node/node_modules/@openai/codex/bin/codex.js")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CODEX_HOME="$work/home"
mkdir -p "$CODEX_HOME" "$work/project"
cat > "$CODEX_HOME/config.toml" <<TOML
model = "${COMPAT_MODEL:-gpt-5.4}"
model_provider = "phasecheck"
approval_policy = "never"
sandbox_mode = "read-only"
check_for_update_on_startup = false

[model_providers.phasecheck]
name = "phasecheck simulator"
base_url = "${OPENAI_BASE_URL:?run under phasecheck run}"
env_key = "OPENAI_API_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
TOML
cd "$work/project"
users="${COMPAT_USER_TURNS:-1}"
"${codex[@]}" exec --skip-git-repo-check --color never "Refactor the auth module and make the failing test pass." </dev/null
for ((u = 2; u <= users; u++)); do
  "${codex[@]}" exec --skip-git-repo-check --color never resume --last "Thanks. Next step $u, please." </dev/null
done
