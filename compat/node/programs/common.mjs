// Shared by the compat programs: what the scenario needs from the client, and fake tools.
// The driver (scripts/compat.sh) sets COMPAT_SCENARIO, COMPAT_MODEL, COMPAT_USER_TURNS,
// COMPAT_STORE and COMPAT_STREAM; `phasecheck run` sets OPENAI_BASE_URL and OPENAI_API_KEY.

export const scenario = process.env.COMPAT_SCENARIO ?? 'tool-loop';
export const model = process.env.COMPAT_MODEL ?? 'gpt-5.4';
/** How many user messages the conversation has in all (the first one included). */
export const userTurns = Number(process.env.COMPAT_USER_TURNS ?? '1');
/** false for reasoning-stateless: the request must say store: false. */
export const store = (process.env.COMPAT_STORE ?? 'true') !== 'false';
export const stream = process.env.COMPAT_STREAM === 'on';
/** A safety net: no scenario needs more requests than this. */
export const maxRequests = 20;

export const firstUserMessage = 'Refactor the auth module and make the failing test pass.';
export function followUp(n) {
  return `Thanks. Next step ${n}, please.`;
}

/** The two tools of the built-in scenarios. Nothing is executed: the output is canned. */
export function runTool(name, args) {
  const parsed = typeof args === 'string' ? safeParse(args) : (args ?? {});
  if (name === 'run_command') return `$ ${parsed.command ?? ''}\nok (simulated output)`;
  if (name === 'read_file') return `contents of ${parsed.path ?? '?'} (simulated)`;
  return `unknown tool ${name}`;
}

function safeParse(s) {
  try { return JSON.parse(s); } catch { return {}; }
}

export const toolSchemas = {
  run_command: {
    description: 'Run a shell command and return its output.',
    properties: { command: { type: 'string', description: 'The command line' } },
    required: ['command'],
  },
  read_file: {
    description: 'Read a file and return its contents.',
    properties: { path: { type: 'string', description: 'The file path' } },
    required: ['path'],
  },
};

/** Responses API function tool declarations, as the openai SDK takes them. */
export const responsesTools = Object.entries(toolSchemas).map(([name, s]) => ({
  type: 'function',
  name,
  description: s.description,
  parameters: { type: 'object', properties: s.properties, required: s.required, additionalProperties: false },
  strict: true,
}));

export function log(...a) {
  console.error('[compat]', ...a);
}
