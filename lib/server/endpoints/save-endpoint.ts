import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/server/audit/record-audit";
import { AppError, notFound } from "@/lib/server/errors";
import { endpointModelSchema, saveEndpointSchema } from "@/lib/validation/endpoints";
import { encryptSecret } from "./secret-box";

// Attaches (or changes) a model's endpoint. A new secret is encrypted before it reaches the database; an
// empty one keeps the stored secret. The audit entry names the URL, remote model and credential kind,
// never the secret (nor whether it changed to what).
export async function saveEndpoint(actorId: string, raw: z.input<typeof saveEndpointSchema>) {
  const input = saveEndpointSchema.parse(raw);
  const credential = input.credential;
  return db.$transaction(async (tx) => {
    const model = await tx.aiModel.findUnique({ where: { id: input.modelId }, select: { key: true, endpoint: { select: { credentialKind: true, apiKeySecret: true } } } });
    if (!model) throw notFound("Model");
    let apiKeySecret: Uint8Array<ArrayBuffer> | null = null;
    if (credential.kind === "secret") {
      if (credential.secret) apiKeySecret = new Uint8Array(encryptSecret(credential.secret));
      else if (model.endpoint?.credentialKind === "secret" && model.endpoint.apiKeySecret) apiKeySecret = new Uint8Array(model.endpoint.apiKeySecret);
      else throw new AppError(422, "secret_required", "Enter the secret.");
    }
    const data = {
      baseUrl: input.baseUrl,
      remoteModel: input.remoteModel,
      credentialKind: credential.kind,
      apiKeyEnv: credential.kind === "env" ? credential.name : null,
      apiKeySecret,
      temperature: input.temperature ?? null,
      maxTokens: input.maxTokens ?? null,
      systemPromptAr: input.systemPromptAr ?? null,
      systemPromptEn: input.systemPromptEn ?? null,
      concurrency: input.concurrency,
      timeoutMs: input.timeoutMs,
    };
    await tx.modelEndpoint.upsert({ where: { modelId: input.modelId }, create: { modelId: input.modelId, ...data }, update: data });
    await recordAudit(tx, {
      actorId,
      action: "endpoint.saved",
      target: `model:${model.key}`,
      details: { baseUrl: input.baseUrl, remoteModel: input.remoteModel, credential: credential.kind, concurrency: input.concurrency, timeoutMs: input.timeoutMs },
    });
    return { modelId: input.modelId };
  });
}

export async function deleteEndpoint(actorId: string, raw: z.input<typeof endpointModelSchema>) {
  const input = endpointModelSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const endpoint = await tx.modelEndpoint.findUnique({ where: { modelId: input.modelId }, select: { id: true, model: { select: { key: true } } } });
    if (!endpoint) throw notFound("Endpoint");
    await tx.modelEndpoint.delete({ where: { id: endpoint.id } });
    await recordAudit(tx, { actorId, action: "endpoint.deleted", target: `model:${endpoint.model.key}` });
    return { modelId: input.modelId };
  });
}
