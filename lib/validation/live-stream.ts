import { type LiveEvent, liveEventSchema } from "./live";

// Reads a live turn's NDJSON body (one LiveEvent per line) to its end, checking each line against
// liveEventSchema; `onEvent` runs for each event in order and may act mid-stream (it is awaited).
// The one reader of the live stream: the live page, scripts/bench-live.ts and the integration tests.
export async function readLiveEvents(body: ReadableStream<Uint8Array>, onEvent: (event: LiveEvent) => void | Promise<void>): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const emit = async (line: string) => {
    if (line.trim()) await onEvent(liveEventSchema.parse(JSON.parse(line)));
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      await emit(line);
    }
  }
  await emit(buffer + decoder.decode());
}
