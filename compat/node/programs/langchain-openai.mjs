// @langchain/openai ChatOpenAI with useResponsesApi: true, one conversation, the way the LangChain JS docs
// show a tool-calling loop: bindTools, invoke, push the AIMessage and a ToolMessage per tool call.
// Variant (argv[2]): messages (the only one: the message list is LangChain's history).
// Streamed (COMPAT_STREAM=on): model.stream(messages), the chunks folded with chunk.concat(), as the docs show.
// reasoning-stateless: zdrEnabled: true (store: false, reasoning.encrypted_content included).
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { model, userTurns, store, stream, maxRequests, firstUserMessage, followUp, runTool, log } from './common.mjs';

const variant = process.argv[2] ?? 'messages';
if (variant !== 'messages') throw new Error(`unknown variant ${variant}`);
const tools = [
  tool(async ({ command }) => runTool('run_command', { command }), { name: 'run_command', description: 'Run a shell command and return its output.', schema: z.object({ command: z.string() }) }),
  tool(async ({ path }) => runTool('read_file', { path }), { name: 'read_file', description: 'Read a file and return its contents.', schema: z.object({ path: z.string() }) }),
];
const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
const llm = new ChatOpenAI({
  model,
  useResponsesApi: true,
  maxRetries: 0,
  ...(store ? {} : { zdrEnabled: true, include: ['reasoning.encrypted_content'] }),
  configuration: { baseURL: process.env.OPENAI_BASE_URL },
}).bindTools(tools);

async function call(messages) {
  if (!stream) return llm.invoke(messages);
  let full;
  for await (const chunk of await llm.stream(messages)) full = full ? full.concat(chunk) : chunk;
  return full;
}

const messages = [new HumanMessage(firstUserMessage)];
let usersSent = 1;
for (let n = 0; n < maxRequests; n++) {
  const ai = await call(messages);
  messages.push(ai);
  log(`response ${n + 1}: ${ai.tool_calls?.length ?? 0} tool calls`);
  if (ai.tool_calls?.length) {
    for (const tc of ai.tool_calls) messages.push(await byName[tc.name].invoke(tc));
  } else if (usersSent < userTurns) {
    usersSent++;
    messages.push(new HumanMessage(followUp(usersSent)));
  } else break;
}
