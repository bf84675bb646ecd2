// ai (Vercel AI SDK) with @ai-sdk/openai, whose openai(model) is the Responses API model; one conversation,
// the ways the AI SDK docs show. The SDK runs the tool loop itself (stopWhen: stepCountIs(20)).
// Variants (argv[2]):
//   response-messages - "Chatbot / message history": messages.push(...result.response.messages), then the next user message
//   text              - the older chatbot pattern: messages.push({ role: 'assistant', content: result.text })
// Streamed (COMPAT_STREAM=on): streamText, the textStream consumed, then await result.response.
import { generateText, streamText, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';
import { model, userTurns, store, stream, firstUserMessage, followUp, runTool, log } from './common.mjs';

const variant = process.argv[2] ?? 'response-messages';
const openai = createOpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY });
const tools = {
  run_command: tool({ description: 'Run a shell command and return its output.', inputSchema: z.object({ command: z.string() }),
    execute: async ({ command }) => runTool('run_command', { command }) }),
  read_file: tool({ description: 'Read a file and return its contents.', inputSchema: z.object({ path: z.string() }),
    execute: async ({ path }) => runTool('read_file', { path }) }),
};
const providerOptions = store ? {} : { openai: { store: false, include: ['reasoning.encrypted_content'] } };

async function turn(messages) {
  const options = { model: openai(model), messages, tools, stopWhen: stepCountIs(20), maxRetries: 0, providerOptions };
  if (!stream) {
    const r = await generateText(options);
    return { text: r.text, responseMessages: r.response.messages };
  }
  let error;
  const r = streamText({ ...options, onError: ({ error: e }) => { error = e; } });
  for await (const _ of r.textStream) { /* consume */ }
  if (error) throw error;
  return { text: await r.text, responseMessages: (await r.response).messages };
}

const messages = [{ role: 'user', content: firstUserMessage }];
for (let u = 1; u <= userTurns; u++) {
  if (u > 1) messages.push({ role: 'user', content: followUp(u) });
  const r = await turn(messages);
  if (variant === 'response-messages') messages.push(...r.responseMessages);
  else if (variant === 'text') messages.push({ role: 'assistant', content: r.text });
  else throw new Error(`unknown variant ${variant}`);
  log(`turn ${u}: ${r.text}`);
}
