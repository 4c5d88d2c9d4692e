import { describe, expect, it } from "vitest";
import type { LiveEvent } from "./live";
import { readLiveEvents } from "./live-stream";

// A body delivered in the given chunks (split anywhere, even inside a character).
function body(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

async function read(chunks: Uint8Array[]): Promise<LiveEvent[]> {
  const events: LiveEvent[] = [];
  await readLiveEvents(body(chunks), (e) => {
    events.push(e);
  });
  return events;
}

describe("readLiveEvents", () => {
  const lines = [
    { type: "battle", battleId: "b1", turn: 1, turnLimit: 3, language: "ar" },
    { type: "delta", side: "a", text: "مرحبا" },
    { type: "side", side: "a", status: "done" },
    { type: "end", status: "complete", canVote: true, canFollowUp: true },
  ];
  const bytes = new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join("\n"));

  it("reads every line, whatever the chunking, including a last line without a newline", async () => {
    expect(await read([bytes])).toEqual(lines);
    // One byte at a time splits the Arabic text inside its characters.
    expect(await read([...bytes].map((b) => Uint8Array.of(b)))).toEqual(lines);
  });

  it("awaits onEvent before the next event", async () => {
    const seen: string[] = [];
    await readLiveEvents(body([bytes]), async (e) => {
      await new Promise((r) => setTimeout(r, 1));
      seen.push(e.type);
    });
    expect(seen).toEqual(["battle", "delta", "side", "end"]);
  });

  it("refuses a line the schema does not allow (a model name before the vote, an unknown type)", async () => {
    const leak = new TextEncoder().encode(`${JSON.stringify({ type: "delta", side: "a", text: "x", model: "gpt" })}\n`);
    await expect(read([leak])).rejects.toThrow();
    await expect(read([new TextEncoder().encode('{"type":"nope"}\n')])).rejects.toThrow();
  });
});
