import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { notFound } from "@/lib/server/errors";
import { endpointModelSchema } from "@/lib/validation/endpoints";
import { classifyFailure, complete } from "./client";

export type ConnectionTest = { ok: true; latencyMs: number; reply: string } | { ok: false; code: string; status: number | null; message: string };

// "Test connection": one short chat completion through the saved endpoint. Failures are answered as data
// (what went wrong, in words an admin can act on), not as errors of the action.
export async function testEndpoint(raw: z.input<typeof endpointModelSchema>): Promise<ConnectionTest> {
  const input = endpointModelSchema.parse(raw);
  const endpoint = await db.modelEndpoint.findUnique({ where: { modelId: input.modelId } });
  if (!endpoint) throw notFound("Endpoint");
  try {
    const result = await complete(endpoint, { language: "en", text: "Reply with the word OK." }, { maxTokens: 16 });
    return { ok: true, latencyMs: result.latencyMs, reply: result.text.slice(0, 200) };
  } catch (error) {
    const failure = classifyFailure(error);
    return { ok: false, code: failure.code, status: failure.status, message: failure.message };
  }
}
