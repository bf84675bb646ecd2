// JetBrains Koog (ai.koog:prompt-executor-openai-client), one conversation on the Responses API: Koog uses
// POST /v1/responses when the prompt's params are OpenAIResponsesParams and the model has the
// OpenAIEndpoint.Responses capability. The loop is the prompt-executor one of the Koog docs: execute the prompt,
// append the assistant message to it, answer each tool call with a tool result, and go on.
// Variant (args[0]): executor. Streamed (COMPAT_STREAM=on): executeStreaming, folded into the assistant message.
package dev.phasecheck.compat

import ai.koog.agents.core.tools.ToolDescriptor
import ai.koog.agents.core.tools.ToolParameterDescriptor
import ai.koog.agents.core.tools.ToolParameterType
import ai.koog.prompt.Prompt
import ai.koog.prompt.executor.clients.openai.OpenAIClientSettings
import ai.koog.prompt.executor.clients.openai.OpenAILLMClient
import ai.koog.prompt.executor.clients.openai.OpenAIResponsesParams
import ai.koog.prompt.llm.LLMCapability
import ai.koog.prompt.llm.LLMProvider
import ai.koog.prompt.llm.LLModel
import ai.koog.prompt.message.Message
import ai.koog.prompt.message.MessagePart
import ai.koog.prompt.message.RequestMetaInfo
import ai.koog.utils.time.KoogClock
import ai.koog.prompt.message.ResponseMetaInfo
import ai.koog.prompt.streaming.StreamFrame
import kotlinx.coroutines.runBlocking

fun log(s: String) = System.err.println("[compat] $s")

fun runTool(name: String, args: String): String = when (name) {
    "run_command" -> "\$ $args\nok (simulated output)"
    "read_file" -> "contents of $args (simulated)"
    else -> "unknown tool $name"
}

fun main(args: Array<String>) = runBlocking {
    val variant = args.getOrElse(0) { "executor" }
    require(variant == "executor") { "unknown variant $variant" }
    val env = System.getenv()
    val base = env["PHASECHECK_BASE_URL"] ?: error("PHASECHECK_BASE_URL is not set: run this under `phasecheck run`")
    val userTurns = (env["COMPAT_USER_TURNS"] ?: "1").toInt()
    val store = env["COMPAT_STORE"] != "false"
    val stream = env["COMPAT_STREAM"] == "on"
    val client = OpenAILLMClient(env["OPENAI_API_KEY"] ?: "", OpenAIClientSettings(baseUrl = base))
    val model = LLModel(
        provider = LLMProvider.OpenAI,
        id = env["COMPAT_MODEL"] ?: "gpt-5.4",
        capabilities = listOf(LLMCapability.Tools, LLMCapability.Completion, LLMCapability.OpenAIEndpoint.Responses),
    )
    val tools = listOf(
        ToolDescriptor("run_command", "Run a shell command and return its output.",
            listOf(ToolParameterDescriptor("command", "The command line", ToolParameterType.String))),
        ToolDescriptor("read_file", "Read a file and return its contents.",
            listOf(ToolParameterDescriptor("path", "The file path", ToolParameterType.String))),
    )
    val clock = KoogClock.System
    var prompt = Prompt(
        listOf(Message.User(listOf(MessagePart.Text("Refactor the auth module and make the failing test pass.")), RequestMetaInfo.create(clock))),
        "compat",
        OpenAIResponsesParams(store = store),
    )
    var usersSent = 1
    for (n in 1..20) {
        val answer: Message.Assistant = if (!stream) client.execute(prompt, model, tools) else {
            // fold the stream's completed frames into one assistant message, as Koog's own agent loop does
            // (text deltas by their index, in order; a TextComplete frame replaces its index's text)
            val parts = linkedMapOf<String, MessagePart.ResponsePart>()
            val texts = linkedMapOf<Int?, StringBuilder>()
            var meta = ResponseMetaInfo.create(clock)
            client.executeStreaming(prompt, model, tools).collect { f ->
                when (f) {
                    is StreamFrame.TextDelta -> {
                        val b = texts.getOrPut(f.index) { StringBuilder() }
                        b.append(f.text)
                        parts["text:${f.index}"] = MessagePart.Text(b.toString())
                    }
                    is StreamFrame.TextComplete -> parts["text:${f.index}"] = MessagePart.Text(f.text)
                    is StreamFrame.ToolCallComplete -> parts["call:${f.id}"] = MessagePart.Tool.Call(f.id ?: "", f.name, f.content)
                    is StreamFrame.End -> meta = f.metaInfo
                    else -> {}
                }
            }
            Message.Assistant(parts.values.toList(), meta)
        }
        val calls = answer.parts.filterIsInstance<MessagePart.Tool.Call>()
        log("response $n: ${answer.parts.map { it::class.simpleName }}")
        prompt = prompt.withMessages { it + answer }
        if (calls.isNotEmpty()) {
            val results = calls.map { MessagePart.Tool.Result(it.id, it.tool, runTool(it.tool, it.args), false, null) }
            prompt = prompt.withMessages { it + Message.User(results, RequestMetaInfo.create(clock)) }
        } else if (usersSent < userTurns) {
            usersSent++
            prompt = prompt.withMessages { it + Message.User(listOf(MessagePart.Text("Thanks. Next step $usersSent, please.")), RequestMetaInfo.create(clock)) }
        } else break
    }
    client.close()
}
