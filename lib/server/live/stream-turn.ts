// Streams one turn of a live battle: both sides at once, through the official `openai` client (streamed
// chat completions), each side with its own conversation so far. Deltas go to `emit` as they arrive; each
// side's answer, time to first token, latency and token counts are stored when it ends. A side that fails
// (HTTP error, timeout, dropped stream, a stream that ends without a finish reason) voids the battle and
// stops the other side. The stop button (or the browser going away) stops both: the partial answers stand.
import "server-only";
import type OpenAI from "openai";
import { Prisma } from "@/lib/generated/prisma/client";
import { identityDetector } from "@/lib/import/identity";
import { classifyFailure, endpointClient, type EndpointRow } from "@/lib/server/endpoints/client";
import { sql } from "@/lib/server/sql";
import type { LiveEvent } from "@/lib/validation/live";

type Side = "a" | "b";
type SideStatus = "done" | "stopped" | "failed";

// The streams of this process by battle, so the stop route can end them.
const globalForLive = globalThis as unknown as { arenaLiveStreams?: Map<string, AbortController> };
const running = (globalForLive.arenaLiveStreams ??= new Map());

/** Ends this process's streams of the battle; false when none runs here. */
export function stopLiveStreams(battleId: string): boolean {
  const controller = running.get(battleId);
  if (!controller) return false;
  controller.abort("stop");
  return true;
}

export const liveStreamsRunning = () => running.size;

type TurnRow = { turn: number; side: Side; user_text: string; text: string; status: string; model_id: string; language: "ar" | "en"; turn_limit: number };
type EndpointColumns = EndpointRow & { modelId: string };

const endpointColumns = Prisma.sql`
      e.model_id::text AS "modelId", e.base_url AS "baseUrl", e.remote_model AS "remoteModel", e.credential_kind AS "credentialKind",
      e.api_key_env AS "apiKeyEnv", e.api_key_secret AS "apiKeySecret", e.temperature, e.max_tokens AS "maxTokens",
      e.system_prompt_ar AS "systemPromptAr", e.system_prompt_en AS "systemPromptEn", e.timeout_ms AS "timeoutMs"`;

// A first turn needs no read of what was stored: its rows are the prompt alone (they are being written meanwhile).
async function firstTurn(prepared: PreparedFirstTurn) {
  const [endpoints, keys] = await Promise.all([
    sql<EndpointColumns>(Prisma.sql`SELECT ${endpointColumns} FROM model_endpoints e WHERE e.model_id IN (${prepared.modelIds.a}::uuid, ${prepared.modelIds.b}::uuid)`),
    modelKeys(),
  ]);
  const row = (side: Side): TurnRow => ({
    turn: 1, side, user_text: prepared.prompt, text: "", status: "streaming", model_id: prepared.modelIds[side], language: prepared.language, turn_limit: prepared.turnLimit,
  });
  return { turns: [row("a"), row("b")], endpoints: new Map(endpoints.map((e) => [e.modelId, e])), keys };
}

export type PreparedFirstTurn = { prompt: string; language: "ar" | "en"; turnLimit: number; modelIds: { a: string; b: string }; stored: Promise<void> };

async function loadTurn(battleId: string) {
  const [turns, endpoints, keys] = await Promise.all([
    sql<TurnRow>(Prisma.sql`
      SELECT t.turn, t.side, t.user_text, t.text, t.status, t.model_id::text, p.language::text AS language, coalesce(c.live_turn_limit, 1) AS turn_limit
      FROM live_turns t JOIN battles b ON b.id = t.battle_id JOIN prompts p ON p.id = b.prompt_id LEFT JOIN campaigns c ON c.id = b.campaign_id
      WHERE t.battle_id = ${battleId}::uuid ORDER BY t.turn, t.side`),
    sql<EndpointColumns>(Prisma.sql`
      SELECT e.model_id::text AS "modelId", e.base_url AS "baseUrl", e.remote_model AS "remoteModel", e.credential_kind AS "credentialKind",
             e.api_key_env AS "apiKeyEnv", e.api_key_secret AS "apiKeySecret", e.temperature, e.max_tokens AS "maxTokens",
             e.system_prompt_ar AS "systemPromptAr", e.system_prompt_en AS "systemPromptEn", e.timeout_ms AS "timeoutMs"
      FROM model_endpoints e WHERE e.model_id IN (SELECT model_a_id FROM battles WHERE id = ${battleId}::uuid
                                                 UNION SELECT model_b_id FROM battles WHERE id = ${battleId}::uuid)`),
    modelKeys(),
  ]);
  return { turns, endpoints: new Map(endpoints.map((e) => [e.modelId, e])), keys };
}

// Model keys for the identity check, read at most every 30 s.
let keysCache: { at: number; keys: Promise<string[]> } | null = null;
function modelKeys(): Promise<string[]> {
  if (!keysCache || Date.now() - keysCache.at > 30_000) {
    const keys = sql<{ key: string }>(Prisma.sql`SELECT key FROM models`).then((rows) => rows.map((r) => r.key));
    keys.catch(() => (keysCache = null));
    keysCache = { at: Date.now(), keys };
  }
  return keysCache.keys;
}

type SideResult = { text: string; status: SideStatus; error: string | null; ttftMs: number | null; latencyMs: number; promptTokens: number | null; completionTokens: number | null };

async function streamSide(
  endpoint: EndpointRow | undefined,
  messages: OpenAI.Chat.ChatCompletionMessageParam[],
  signal: AbortSignal,
  onDelta: (text: string) => void,
): Promise<SideResult> {
  const started = performance.now();
  let text = "";
  let ttftMs: number | null = null;
  let usage: { prompt_tokens?: number; completion_tokens?: number } | null = null;
  const result = (status: SideStatus, error: string | null): SideResult => ({
    text, status, error, ttftMs, latencyMs: Math.round(performance.now() - started), promptTokens: usage?.prompt_tokens ?? null, completionTokens: usage?.completion_tokens ?? null,
  });
  if (!endpoint) return result("failed", "The model has no endpoint any more.");
  // The whole answer must arrive within the endpoint's timeout, not only its first byte.
  const timeout = AbortSignal.timeout(endpoint.timeoutMs);
  try {
    const client = endpointClient(endpoint);
    const stream = await client.chat.completions.create(
      {
        model: endpoint.remoteModel,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        ...(endpoint.temperature !== null ? { temperature: endpoint.temperature } : {}),
        ...(endpoint.maxTokens !== null ? { max_tokens: endpoint.maxTokens } : {}),
      },
      { signal: AbortSignal.any([signal, timeout]) },
    );
    let finished = false;
    for await (const chunk of stream) {
      const choice = chunk.choices?.[0];
      const delta = choice?.delta?.content;
      if (delta) {
        ttftMs ??= Math.round(performance.now() - started);
        text += delta;
        onDelta(delta);
      }
      if (choice?.finish_reason) finished = true;
      if (chunk.usage) usage = chunk.usage;
    }
    if (signal.aborted) return result("stopped", null);
    if (!finished) return result("failed", "The stream ended before the answer was complete.");
    return result("done", null);
  } catch (error) {
    if (signal.aborted) return result("stopped", null);
    if (timeout.aborted) return result("failed", "The endpoint did not finish in time.");
    return result("failed", classifyFailure(error).message);
  }
}

function conversation(turns: TurnRow[], side: Side, turn: number, language: "ar" | "en", endpoint: EndpointRow | undefined) {
  const system = language === "ar" ? endpoint?.systemPromptAr : endpoint?.systemPromptEn;
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = system ? [{ role: "system", content: system }] : [];
  for (const t of turns) {
    if (t.side !== side || t.turn > turn) continue;
    messages.push({ role: "user", content: t.user_text });
    if (t.turn < turn) messages.push({ role: "assistant", content: t.text });
  }
  return messages;
}

/**
 * Streams turn `turn` of the battle. `stop` ends both sides (the stop button, the browser going away).
 * Resolves with the final event once everything is stored, so a vote sent after it is accepted.
 */
export async function runLiveTurn(
  battleId: string,
  turn: number,
  emit: (event: LiveEvent) => void,
  stop?: AbortSignal,
  prepared?: PreparedFirstTurn,
): Promise<LiveEvent & { type: "end" }> {
  const controller = new AbortController();
  running.get(battleId)?.abort("stop");
  running.set(battleId, controller);
  const onStop = () => controller.abort("stop");
  stop?.addEventListener("abort", onStop);
  let voided = false;
  try {
    const { turns, endpoints, keys } = prepared ? await firstTurn(prepared) : await loadTurn(battleId);
    // The rows must be written before the answers are stored; if writing failed, nothing is streamed on.
    const stored = (prepared?.stored ?? Promise.resolve()).catch((error: unknown) => {
      controller.abort("stop");
      throw error;
    });
    const current = turns.filter((t) => t.turn === turn);
    if (current.length !== 2) throw new Error(`live battle ${battleId} has no turn ${turn}`);
    const language = current[0]!.language;
    const turnLimit = current[0]!.turn_limit;
    const statuses = await Promise.all(
      current.map(async (row) => {
        const endpoint = endpoints.get(row.model_id);
        const outcome = await streamSide(endpoint, conversation(turns, row.side, turn, language, endpoint), controller.signal, (text) =>
          emit({ type: "delta", side: row.side, text }),
        );
        if (outcome.status === "failed" && !controller.signal.aborted) {
          voided = true;
          controller.abort("void");
        }
        const status = outcome.status === "failed" ? "failed" : voided ? "stopped" : outcome.status;
        await stored;
        await sql(Prisma.sql`
          UPDATE live_turns SET text = ${outcome.text}, status = ${status}, error = ${outcome.error}, ttft_ms = ${outcome.ttftMs},
                 latency_ms = ${outcome.latencyMs}, prompt_tokens = ${outcome.promptTokens}, completion_tokens = ${outcome.completionTokens},
                 finished_at = now() AT TIME ZONE 'UTC'
          WHERE battle_id = ${battleId}::uuid AND turn = ${turn} AND side = ${row.side} AND status = 'streaming'`);
        emit({ type: "side", side: row.side, status });
        return { status, text: outcome.text };
      }),
    );
    // An answer that names its model ("I am ALLaM…"), as the import flags it: the vote is kept out of ratings by default.
    // A name the annotator wrote in a prompt ("ChatGPT or Claude for coding?") and the answer repeats is not the
    // model revealing itself: such matches are masked and the answer checked again (outside eyes: innocent
    // prompts were silently left out of ratings).
    const detect = identityDetector(keys);
    const prompts = turns.filter((t) => t.turn <= turn).map((t) => t.user_text.normalize("NFC").toLocaleLowerCase());
    const revealsModel = (answer: string) => {
      let text = answer.normalize("NFC");
      for (let attempt = 0; attempt < 20; attempt++) {
        const found = detect(text);
        if (!found) return false;
        if (!prompts.some((p) => p.includes(found.name.toLocaleLowerCase()))) return true;
        const name = new RegExp(found.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "giu");
        text = text.replace(name, (m) => " ".repeat(m.length));
      }
      return true;
    };
    const leak = statuses.some((s) => s.text && revealsModel(s.text));
    await sql(Prisma.sql`
      UPDATE battles SET live_status = CASE WHEN ${voided} THEN 'void' ELSE live_status END,
                         identity_leak = identity_leak OR ${leak}
      WHERE id = ${battleId}::uuid`);
    const stopped = statuses.some((s) => s.status === "stopped");
    const end: LiveEvent & { type: "end" } = {
      type: "end",
      status: voided ? "void" : stopped ? "stopped" : "complete",
      canVote: !voided,
      canFollowUp: !voided && turn < turnLimit,
    };
    emit(end);
    return end;
  } finally {
    stop?.removeEventListener("abort", onStop);
    if (running.get(battleId) === controller) running.delete(battleId);
  }
}

/** The battle's turns still marked streaming with nobody streaming them here (another instance, a crash): closed as stopped. */
export async function closeOrphanTurns(battleId: string) {
  await sql(Prisma.sql`
    UPDATE live_turns SET status = 'stopped', finished_at = now() AT TIME ZONE 'UTC'
    WHERE battle_id = ${battleId}::uuid AND status = 'streaming'`);
}

const encoder = new TextEncoder();

/**
 * The HTTP answer of a turn: NDJSON (one LiveEvent per line), written as the answers arrive. The stream
 * starts with `first` (the battle id and turn); closing it from the browser stops both sides.
 */
export function liveTurnResponse(first: LiveEvent, battleId: string, turn: number, prepared?: PreparedFirstTurn): Response {
  const stop = new AbortController();
  let closed = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: LiveEvent) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          closed = true;
        }
      };
      // A new battle's id is announced once its rows are written, so a request that names it at once (a vote, the
      // stop button, another tab) finds it: a vote sent on the first event got 404 instead of 409 answers_incomplete.
      // The models are asked meanwhile; what they send before then waits behind the first event.
      const waiting: LiveEvent[] = [];
      let announced = false;
      const announce = () => {
        if (announced) return;
        announced = true;
        send(first);
        for (const event of waiting.splice(0)) send(event);
      };
      const emit = (event: LiveEvent) => (announced ? send(event) : waiting.push(event));
      if (prepared) prepared.stored.then(announce, announce);
      else announce();
      void runLiveTurn(battleId, turn, emit, stop.signal, prepared)
        .catch((error: unknown) => {
          console.error(`[live] battle ${battleId} turn ${turn}:`, error instanceof Error ? error.message : error);
          emit({ type: "error", code: "unavailable", message: "The live battle could not continue. Try again shortly." });
        })
        .finally(() => {
          announce();
          if (closed) return;
          closed = true;
          controller.close();
        });
    },
    cancel() {
      closed = true;
      stop.abort("stop");
    },
  });
  return new Response(body, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" },
  });
}
