// openai (Node), the official SDK, driving one conversation the ways its docs show.
// Variants (argv[2]):
//   replay-output  - the conversation-state / function-calling guides: input = [...input, ...response.output]
//   output-text    - rebuild history from response.output_text: {role: 'assistant', content: output_text}
//   role-content   - the conversation-state guide's history += [{role: el.role, content: el.content} for el in output]
//   previous-id    - previous_response_id chaining, sending only the new input
// Streamed (COMPAT_STREAM=on): client.responses.stream(...) and its finalResponse() accumulator.
import OpenAI from 'openai';
import { scenario, model, userTurns, store, stream, maxRequests, firstUserMessage, followUp, runTool, responsesTools, log } from './common.mjs';

const variant = process.argv[2] ?? 'replay-output';
const client = new OpenAI({ maxRetries: 0 }); // OPENAI_BASE_URL and OPENAI_API_KEY from the environment

async function call(params) {
  if (!stream) return client.responses.create(params);
  const s = client.responses.stream(params);
  return s.finalResponse();
}

let input = [{ role: 'user', content: firstUserMessage }];
let pending = input; // what previous-id sends: only the new items
let previousId;
let usersSent = 1;

for (let n = 0; n < maxRequests; n++) {
  const params = { model, tools: responsesTools, store };
  if (!store) params.include = ['reasoning.encrypted_content'];
  if (variant === 'previous-id') {
    params.input = pending;
    if (previousId) params.previous_response_id = previousId;
  } else {
    params.input = input;
  }
  const response = await call(params);
  log(`response ${n + 1}: ${response.output.map((o) => o.type + (o.phase ? `/${o.phase}` : '')).join(', ')}`);
  previousId = response.id;

  const calls = response.output.filter((o) => o.type === 'function_call');
  const outputs = calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: runTool(c.name, c.arguments) }));
  const next = [];
  if (variant === 'replay-output') {
    input = [...input, ...response.output];
  } else if (variant === 'output-text') {
    if (response.output_text) input.push({ role: 'assistant', content: response.output_text });
    input.push(...response.output.filter((o) => o.type !== 'message'));
  } else if (variant === 'role-content') {
    for (const el of response.output) {
      if (el.type === 'message') input.push({ role: el.role, content: el.content });
      else input.push(el);
    }
  }
  if (calls.length > 0) {
    input.push(...outputs);
    next.push(...outputs);
  } else if (usersSent < userTurns) {
    usersSent++;
    const u = { role: 'user', content: followUp(usersSent) };
    input.push(u);
    next.push(u);
  } else {
    console.log(response.output_text);
    break;
  }
  pending = next;
}
