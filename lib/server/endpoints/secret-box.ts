import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";

// Endpoint secrets (API keys) at rest: AES-256-GCM under ARENA_SECRET_KEY, stored as
// iv (12 bytes) | auth tag (16 bytes) | ciphertext. The plain secret exists only in this process's memory
// while a request to the endpoint is made; it is never returned to a browser, logged, exported or audited.
const ivBytes = 12;
const tagBytes = 16;
// Binds a ciphertext to its purpose: a blob copied into another column does not decrypt.
const aad = Buffer.from("arena:model-endpoint-secret:v1");

export function secretKey(): Buffer {
  const raw = env("ARENA_SECRET_KEY");
  if (!raw) {
    throw new AppError(409, "secret_key_missing", "ARENA_SECRET_KEY is not set on the server, so secrets cannot be stored; name an environment variable instead.");
  }
  return /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
}

export function encryptSecret(plain: string, key: Buffer = secretKey()): Buffer {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function decryptSecret(blob: Uint8Array, key: Buffer = secretKey()): string {
  const data = Buffer.from(blob);
  if (data.length < ivBytes + tagBytes) throw new AppError(409, "secret_unreadable", "The stored secret cannot be read; enter it again.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, ivBytes));
    decipher.setAAD(aad);
    decipher.setAuthTag(data.subarray(ivBytes, ivBytes + tagBytes));
    return Buffer.concat([decipher.update(data.subarray(ivBytes + tagBytes)), decipher.final()]).toString("utf8");
  } catch {
    // Wrong key (ARENA_SECRET_KEY changed) or altered bytes.
    throw new AppError(409, "secret_unreadable", "The stored secret cannot be read with the current ARENA_SECRET_KEY; enter it again.");
  }
}
