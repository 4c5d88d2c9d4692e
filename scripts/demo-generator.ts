// The demo's local "models": a tiny OpenAI-compatible chat-completions server (node:http, loopback only, no
// network, no model weights) that `npm start` runs beside the app when the demo is on, so a new user can try
// a live battle at once. Each served name (arena-demo-generator-1, -2, -3) writes in its own style; the text
// is deterministic (from the prompt), in the prompt's language (Arabic when it has Arabic letters), streamed a
// word at a time with a small delay, and says plainly that it is a demo generator, not a model.
import http from "node:http";
import type { AddressInfo } from "node:net";

export const demoGeneratorModels = ["arena-demo-generator-1", "arena-demo-generator-2", "arena-demo-generator-3"] as const;

const isArabic = (text: string) => /[\u0600-\u06FF]/.test(text);

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h;
}

function quoteOf(prompt: string, arabic: boolean): string {
  const flat = prompt.replace(/\s+/g, " ").trim();
  const short = flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
  return arabic ? `«${short}»` : `“${short}”`;
}

/** The demo answer of generator `style` (0, 1, 2) to the conversation's last prompt; turn = how many user turns so far. */
export function demoReply(style: number, prompt: string, turn: number): string {
  const arabic = isArabic(prompt);
  const q = quoteOf(prompt, arabic);
  const pick = <T>(list: readonly T[]) => list[hash(`${style}|${prompt}`) % list.length]!;
  if (arabic) {
    const note = "_(مولّد تجريبي محلي: هذا نص مصنوع للعرض، لا إجابة نموذج حقيقي.)_";
    if (style === 0) {
      return `${note}\n\n**خلاصة:** سألتَ ${q}. ${pick(["أبدأ بالفكرة الأساسية ثم أفصّل.", "الجواب المختصر أولًا، ثم التفاصيل.", "إليك إجابة منظّمة."])}\n\n1. الفكرة الأولى: حدّد المطلوب بدقة.\n2. الفكرة الثانية: اذكر مثالًا واضحًا.\n3. الفكرة الثالثة: راجع النتيجة.\n\n${turn > 1 ? "وهذه متابعة لما سبق في المحادثة." : "هل تريد مزيدًا من التفصيل؟"}`;
    }
    if (style === 1) {
      return `${note}\n\nسؤال جميل! ${q} ${pick(["يمكن النظر إليه من زاويتين.", "له جوانب عدة.", "يستحق إجابة هادئة."])} أولًا، من المفيد أن نفهم السياق. ثانيًا، أن نقارن بين الخيارات. وأخيرًا، أن نختار الأنسب.${turn > 1 ? "\n\nوبالعودة إلى حديثنا السابق، تبقى الفكرة نفسها صحيحة." : ""}`;
    }
    return `${note}\n\n| الجانب | الملاحظة |\n| --- | --- |\n| السؤال | ${q} |\n| الخطوة | ${pick(["التحليل", "التبسيط", "المقارنة"])} |\n| الدور | ${turn} |`;
  }
  const note = "_(Local demo generator: made-up text for the demo, not a real model's answer.)_";
  if (style === 0) {
    return `${note}\n\n**In short:** you asked ${q}. ${pick(["Start with the core idea, then the details.", "The short answer first, then the reasons.", "Here is a structured reply."])}\n\n1. First, pin down exactly what is asked.\n2. Second, give one clear example.\n3. Third, check the result.\n\n${turn > 1 ? "This follows up on what we said earlier." : "Would you like more detail?"}`;
  }
  if (style === 1) {
    return `${note}\n\nGreat question! ${q} ${pick(["can be seen from two angles.", "has several sides to it.", "deserves a calm answer."])} First, it helps to understand the context. Next, compare the options. Finally, pick the one that fits best.${turn > 1 ? "\n\nComing back to our earlier exchange, the same idea still holds." : ""}`;
  }
  return `${note}\n\n| Aspect | Note |\n| --- | --- |\n| Question | ${q} |\n| Step | ${pick(["analyse", "simplify", "compare"])} |\n| Turn | ${turn} |`;
}

type Body = { model?: string; messages?: { role: string; content: string }[]; stream?: boolean; stream_options?: { include_usage?: boolean } };

/** Starts the demo generators on 127.0.0.1 (an ephemeral port unless given); resolves with the base URL and a stop function. */
export async function startDemoGenerator(options: { port?: number; wordDelayMs?: number } = {}): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const wordDelayMs = options.wordDelayMs ?? 25;
  const server = http.createServer(async (req, res) => {
    if (req.method === "GET" && req.url?.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: demoGeneratorModels.map((id) => ({ id, object: "model", owned_by: "arena-demo" })) }));
      return;
    }
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    let raw = "";
    for await (const chunk of req) raw += chunk;
    let body: Body;
    try {
      body = JSON.parse(raw) as Body;
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "invalid JSON" } }));
      return;
    }
    const model = body.model ?? demoGeneratorModels[0];
    const style = Math.max(0, demoGeneratorModels.indexOf(model as (typeof demoGeneratorModels)[number]));
    const users = (body.messages ?? []).filter((m) => m.role === "user");
    const prompt = users.at(-1)?.content ?? "";
    const content = demoReply(style, prompt, users.length);
    const words = content.match(/\S+\s*|\s+/g) ?? [];
    const usage = { prompt_tokens: prompt.split(/\s+/).length, completion_tokens: words.length, total_tokens: prompt.split(/\s+/).length + words.length };
    const id = `demo-${Date.now().toString(36)}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ id, object: "chat.completion", created, model, choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], usage }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices, ...extra })}\n\n`);
    send([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]);
    for (const word of words) {
      if (res.destroyed) return;
      send([{ index: 0, delta: { content: word }, finish_reason: null }]);
      await new Promise((r) => setTimeout(r, wordDelayMs));
    }
    if (res.destroyed) return;
    send([{ index: 0, delta: {}, finish_reason: "stop" }]);
    if (body.stream_options?.include_usage) send([], { usage });
    res.end("data: [DONE]\n\n");
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
