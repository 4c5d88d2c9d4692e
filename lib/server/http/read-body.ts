import { AppError } from "@/lib/server/errors";

export const payloadTooLarge = (maxBytes: number) => new AppError(413, "payload_too_large", `The request body is larger than ${maxBytes} bytes.`);

// The request body as UTF-8 text, read chunk by chunk and abandoned as soon as it passes maxBytes
// (413), whether or not the client declared its length: request.text() would first buffer all of it
// (a chunked 300 MB body was read whole before the old check could refuse it). Invalid UTF-8 becomes
// U+FFFD, as with request.text().
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw payloadTooLarge(maxBytes);
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop pulling: the rest is never read into memory.
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
