// Calls a model endpoint through the official `openai` client (OpenAI-compatible chat completions: vLLM,
// TGI, Ollama, llama.cpp's server, hosted APIs). The client's own retries are off: batch generation retries
// with its own backoff, recorded in Postgres, so a retry survives a restart.
import "server-only";
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ModelEndpoint } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";
import { decryptSecret } from "./secret-box";

export type EndpointRow = Pick<
  ModelEndpoint,
  "baseUrl" | "remoteModel" | "credentialKind" | "apiKeyEnv" | "apiKeySecret" | "temperature" | "maxTokens" | "systemPromptAr" | "systemPromptEn" | "timeoutMs"
>;

// The API key, read when a request is made and kept nowhere else.
function apiKey(endpoint: EndpointRow): string {
  if (endpoint.credentialKind === "env") {
    const value = endpoint.apiKeyEnv ? process.env[endpoint.apiKeyEnv] : undefined;
    if (!value) throw new AppError(409, "credential_missing", `The environment variable ${endpoint.apiKeyEnv ?? ""} is not set on the server.`);
    return value;
  }
  if (endpoint.credentialKind === "secret") {
    if (!endpoint.apiKeySecret) throw new AppError(409, "credential_missing", "No secret is stored for this endpoint.");
    return decryptSecret(endpoint.apiKeySecret);
  }
  // Local servers ignore the header; the client needs some value.
  return "none";
}

export function endpointClient(endpoint: EndpointRow): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseUrl,
    apiKey: apiKey(endpoint),
    // Not read from the server's environment (OPENAI_ORG_ID, OPENAI_PROJECT_ID): only what the admin set.
    organization: null,
    project: null,
    timeout: endpoint.timeoutMs,
    maxRetries: 0,
    logLevel: "off",
  });
}

export type Completion = { text: string; latencyMs: number; promptTokens: number | null; completionTokens: number | null };

export async function complete(
  endpoint: EndpointRow,
  prompt: { language: "ar" | "en"; text: string },
  options: { signal?: AbortSignal; maxTokens?: number } = {},
): Promise<Completion> {
  const client = endpointClient(endpoint);
  const system = prompt.language === "ar" ? endpoint.systemPromptAr : endpoint.systemPromptEn;
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [...(system ? [{ role: "system" as const, content: system }] : []), { role: "user", content: prompt.text }];
  const started = performance.now();
  const response = await client.chat.completions.create(
    {
      model: endpoint.remoteModel,
      messages,
      ...(endpoint.temperature !== null ? { temperature: endpoint.temperature } : {}),
      ...((options.maxTokens ?? endpoint.maxTokens) !== null ? { max_tokens: options.maxTokens ?? endpoint.maxTokens! } : {}),
    },
    { signal: options.signal },
  );
  const latencyMs = Math.round(performance.now() - started);
  const text = response.choices?.[0]?.message?.content ?? "";
  return { text, latencyMs, promptTokens: response.usage?.prompt_tokens ?? null, completionTokens: response.usage?.completion_tokens ?? null };
}

export type CallFailure = { code: string; status: number | null; retryable: boolean; message: string; retryAfterMs: number | null };

// What went wrong, and whether trying again later can help: rate limits (429), server errors (5xx), timeouts
// and dropped connections can; anything else (bad model id 404, wrong key 401, bad request 400) cannot.
// Messages are short and never carry the credential.
export function classifyFailure(error: unknown): CallFailure {
  if (error instanceof AppError) return { code: error.code, status: null, retryable: false, message: error.message, retryAfterMs: null };
  if (error instanceof APIUserAbortError) return { code: "aborted", status: null, retryable: false, message: "Cancelled.", retryAfterMs: null };
  if (error instanceof APIConnectionTimeoutError) return { code: "timeout", status: null, retryable: true, message: "The endpoint did not answer in time.", retryAfterMs: null };
  if (error instanceof APIConnectionError) return { code: "connection", status: null, retryable: true, message: "Could not connect to the endpoint.", retryAfterMs: null };
  if (error instanceof APIError && typeof error.status === "number") {
    const status = error.status;
    const retryAfter = Number(error.headers?.get?.("retry-after"));
    return {
      code: status === 429 ? "rate_limited" : status >= 500 ? "server_error" : "http_error",
      status,
      retryable: status === 429 || status === 408 || status >= 500,
      message: `HTTP ${status}: ${String(error.message).slice(0, 300)}`,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 300_000) : null,
    };
  }
  return { code: "unknown", status: null, retryable: true, message: error instanceof Error ? error.message.slice(0, 300) : "Unknown error.", retryAfterMs: null };
}
