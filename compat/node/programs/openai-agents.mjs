// @openai/agents (OpenAI Agents SDK for JS), one conversation, the ways its docs show.
// The runner runs the tool loop itself; the program gives it the two scenario tools.
// Variants (argv[2]):
//   history      - "Running agents / conversations": input = result.history + the next user message
//   previous-id  - server-managed state: run(agent, nextUserMessage, { previousResponseId: result.lastResponseId })
//   session      - a MemorySession: run(agent, nextUserMessage, { session })
// Streamed (COMPAT_STREAM=on): run(..., { stream: true }), the text stream consumed, then await result.completed.
import { Agent, run, tool, user, MemorySession, setTracingDisabled } from '@openai/agents';
import { z } from 'zod';
import { model, userTurns, store, stream, firstUserMessage, followUp, runTool, log } from './common.mjs';

setTracingDisabled(true); // no trace export to the real platform
const variant = process.argv[2] ?? 'history';

const tools = [
  tool({ name: 'run_command', description: 'Run a shell command and return its output.', parameters: z.object({ command: z.string() }),
    execute: async ({ command }) => runTool('run_command', { command }) }),
  tool({ name: 'read_file', description: 'Read a file and return its contents.', parameters: z.object({ path: z.string() }),
    execute: async ({ path }) => runTool('read_file', { path }) }),
];
const modelSettings = store ? {} : { store: false, providerData: { include: ['reasoning.encrypted_content'] } };
const agent = new Agent({ name: 'Assistant', instructions: 'You are a coding agent.', model, tools, modelSettings });

async function go(input, options) {
  if (!stream) return run(agent, input, { maxTurns: 20, ...options });
  const result = await run(agent, input, { maxTurns: 20, ...options, stream: true });
  for await (const _ of result.toTextStream()) { /* consume */ }
  await result.completed;
  return result;
}

const session = variant === 'session' ? new MemorySession() : undefined;
let history = [];
let last;
for (let u = 1; u <= userTurns; u++) {
  const text = u === 1 ? firstUserMessage : followUp(u);
  if (variant === 'history') {
    history = last ? [...last.history, user(text)] : [user(text)];
    last = await go(history);
  } else if (variant === 'previous-id') {
    last = await go(text, last ? { previousResponseId: last.lastResponseId } : {});
  } else if (variant === 'session') {
    last = await go(text, { session });
  } else {
    throw new Error(`unknown variant ${variant}`);
  }
  log(`turn ${u}: ${last.finalOutput}`);
}
