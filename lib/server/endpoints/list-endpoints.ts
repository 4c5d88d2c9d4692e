import "server-only";
import { db } from "@/lib/db";
import { liveErrorRates } from "@/lib/server/live/live-battles";

// What the admin pages may show of an endpoint: everything but the secret, of which only its presence.
export type EndpointView = {
  baseUrl: string;
  remoteModel: string;
  credential: { kind: "none" } | { kind: "env"; name: string; present: boolean } | { kind: "secret"; stored: boolean };
  temperature: number | null;
  maxTokens: number | null;
  systemPromptAr: string | null;
  systemPromptEn: string | null;
  concurrency: number;
  timeoutMs: number;
  updatedAt: Date;
};
// live: answers given in live battles and how many failed (voiding their battle): the model's live error rate.
export type ModelWithEndpoint = { id: string; key: string; displayName: string; endpoint: EndpointView | null; live: { answers: number; failed: number } | null };

export async function listModelEndpoints(): Promise<ModelWithEndpoint[]> {
  const models = await db.aiModel.findMany({
    orderBy: [{ retired: "asc" }, { displayName: "asc" }],
    select: {
      id: true,
      key: true,
      displayName: true,
      endpoint: {
        // The secret's bytes are never selected for a page: only whether there are any.
        select: {
          baseUrl: true, remoteModel: true, credentialKind: true, apiKeyEnv: true, temperature: true, maxTokens: true,
          systemPromptAr: true, systemPromptEn: true, concurrency: true, timeoutMs: true, updatedAt: true, id: true,
        },
      },
    },
  });
  const live = await liveErrorRates();
  const stored = new Set(
    (await db.$queryRaw<{ model_id: string }[]>`SELECT model_id::text FROM model_endpoints WHERE api_key_secret IS NOT NULL`).map((r) => r.model_id),
  );
  return models.map((m) => ({
    id: m.id,
    key: m.key,
    displayName: m.displayName,
    live: live.get(m.id) ?? null,
    endpoint: m.endpoint
      ? {
          baseUrl: m.endpoint.baseUrl,
          remoteModel: m.endpoint.remoteModel,
          credential:
            m.endpoint.credentialKind === "env"
              ? { kind: "env", name: m.endpoint.apiKeyEnv ?? "", present: !!(m.endpoint.apiKeyEnv && process.env[m.endpoint.apiKeyEnv]) }
              : m.endpoint.credentialKind === "secret"
                ? { kind: "secret", stored: stored.has(m.id) }
                : { kind: "none" },
          temperature: m.endpoint.temperature,
          maxTokens: m.endpoint.maxTokens,
          systemPromptAr: m.endpoint.systemPromptAr,
          systemPromptEn: m.endpoint.systemPromptEn,
          concurrency: m.endpoint.concurrency,
          timeoutMs: m.endpoint.timeoutMs,
          updatedAt: m.endpoint.updatedAt,
        }
      : null,
  }));
}
