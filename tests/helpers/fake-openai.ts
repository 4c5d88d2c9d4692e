// A small OpenAI-compatible chat-completions server for tests (node:http, an ephemeral port, no network).
// Answers POST /v1/chat/completions deterministically ("<model> answers: <prompt>") with token counts, and
// can be told to answer 429 or 500, or to hang (never answer) for the next requests or for all of them.
// It records every request (model, prompt, Authorization header) and the most requests in flight at once.
// Streams (`stream: true`, server-sent events as OpenAI sends them, usage last when asked) word by word,
// `tokenDelayMs` apart after `latencyMs`; "drop" streams a few words and then cuts the connection (a
// mid-stream disconnect). The prompt answered is the conversation's last user message.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Behaviour = "ok" | "429" | "500" | "hang" | "drop";
export type SeenRequest = { model: string; prompt: string; system: string | null; authorization: string | null; at: number; body: Record<string, unknown> };

export class FakeOpenAI {
  readonly requests: SeenRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  latencyMs = 0;
  // Between two streamed words.
  tokenDelayMs = 0;
  // The answer's text; by default "<model> answers: <prompt>".
  reply: (model: string, prompt: string, messages: { role: string; content: string }[]) => string = (model, prompt) => `${model} answers: ${prompt}`;
  // Streams whose client went away or that were cut ("drop").
  streamsStarted = 0;
  // Behaviour of the next requests, in order; then `fallback`.
  queue: Behaviour[] = [];
  fallback: Behaviour = "ok";
  // Requests whose client went away before an answer (an abort, a timeout).
  aborted = 0;
  private server: http.Server;
  private hanging = new Set<http.ServerResponse>();

  constructor() {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return this;
  }

  get port() {
    return (this.server.address() as AddressInfo).port;
  }
  get baseUrl() {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  // Prompts seen per prompt text.
  countFor(prompt: string) {
    return this.requests.filter((r) => r.prompt === prompt).length;
  }

  async stop() {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    this.server.close();
  }

  // Answers every hanging request now (as "ok") or drops it.
  releaseHanging() {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as { model: string; messages: { role: string; content: string }[]; stream?: boolean; stream_options?: { include_usage?: boolean } };
    const prompt = body.messages.findLast((m) => m.role === "user")?.content ?? "";
    const system = body.messages.find((m) => m.role === "system")?.content ?? null;
    this.requests.push({ model: body.model, prompt, system, authorization: req.headers.authorization ?? null, at: Date.now(), body });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight--;
    };
    res.on("close", () => {
      if (!res.writableEnded) this.aborted++;
      this.hanging.delete(res);
      finish();
    });
    const behaviour = this.queue.shift() ?? this.fallback;
    if (behaviour === "hang") {
      this.hanging.add(res);
      return;
    }
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (res.destroyed) return;
    if (behaviour === "429" || behaviour === "500") {
      res.writeHead(Number(behaviour), { "content-type": "application/json" }).end(JSON.stringify({ error: { message: behaviour === "429" ? "slow down" : "boom" } }));
      return;
    }
    const content = this.reply(body.model, prompt, body.messages);
    if (body.stream) {
      await this.stream(res, body, content, prompt.length, behaviour === "drop");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id: `cmpl-${this.requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
        usage: { prompt_tokens: prompt.length, completion_tokens: content.length, total_tokens: prompt.length + content.length },
      }),
    );
  }

  private async stream(res: http.ServerResponse, body: { model: string; stream_options?: { include_usage?: boolean } }, content: string, promptTokens: number, drop: boolean) {
    this.streamsStarted++;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const id = `chatcmpl-${this.requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices, ...extra })}\n\n`);
    const words = content.match(/\S+\s*|\s+/g) ?? [];
    send([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]);
    for (let k = 0; k < words.length; k++) {
      if (res.destroyed) return;
      if (drop && k >= Math.min(3, words.length - 1)) {
        res.destroy();
        return;
      }
      send([{ index: 0, delta: { content: words[k] }, finish_reason: null }]);
      if (this.tokenDelayMs > 0) await new Promise((r) => setTimeout(r, this.tokenDelayMs));
    }
    if (res.destroyed) return;
    send([{ index: 0, delta: {}, finish_reason: "stop" }]);
    if (body.stream_options?.include_usage) send([], { usage: { prompt_tokens: promptTokens, completion_tokens: words.length, total_tokens: promptTokens + words.length } });
    res.end("data: [DONE]\n\n");
  }
}
