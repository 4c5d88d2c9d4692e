// The embedded default database: PGlite (Postgres compiled to WebAssembly) served over the
// Postgres wire protocol on loopback, so the app, Prisma and migrations use the same code path
// as with a real server. Data lives in a folder and survives restarts.
//
// PGlite has exactly one backend session. A server that lets several connections share it leaks
// session state from one to the next: the app's pool closed its idle connection after 10 s, the new
// connection prepared its named statements again in the same session, and Postgres refused them
// (42P05 "prepared statement already exists"), so every request failed until a restart. Extended-
// protocol messages of two connections could also interleave (one's Bind on the other's Parse).
// So this server gives each connection the session the protocol promises: one connection at a
// time owns it; when that connection ends, whatever it left behind (an open or failed transaction,
// an unfinished extended-protocol exchange, prepared statements, SET, advisory locks, temp tables)
// is reset before the next connection is served. Others wait their turn (the app's pool holds one
// connection and releases it when idle, see lib/db.ts) and are refused with 53300 after a wait.
import { mkdirSync } from "node:fs";
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'
// Ends an extended-protocol exchange a client left unfinished, so the next one is not ignored.
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);

export type EmbeddedDatabase = { dataDir: string; url: string; stop(): Promise<void> };

/** An ErrorResponse message, for refusing a connection before it has a session. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([
    Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0`, "utf8"),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0, "ascii");
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/** Splits a connection's byte stream into whole protocol messages (the first one has no type byte). */
class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;

  push(chunk: Buffer) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
  }

  next(): { kind: "startup" | "ssl" | "cancel" | "message"; bytes: Buffer } | null {
    if (!this.started) {
      if (this.buffer.length < 8) return null;
      const length = this.buffer.readInt32BE(0);
      if (this.buffer.length < length) return null;
      const code = this.buffer.readInt32BE(4);
      const bytes = this.take(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { kind: "ssl", bytes };
      if (code === CANCEL_REQUEST) return { kind: "cancel", bytes };
      this.started = true;
      return { kind: "startup", bytes };
    }
    if (this.buffer.length < 5) return null;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return null;
    return { kind: "message", bytes: this.take(length) };
  }

  private take(length: number): Buffer {
    const bytes = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return bytes;
  }
}

// Listens on 127.0.0.1:port; a port that is taken is an error that says what to do.
function listenOn(server: net.Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${port} on 127.0.0.1, where the embedded database listens, is taken (another npm start?). Stop what holds it, or set ARENA_EMBEDDED_DB_PORT to a free port.`)
          : error,
      ),
    );
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

export async function startEmbeddedDatabase(
  dataDir: string,
  port = Number(process.env.ARENA_EMBEDDED_DB_PORT ?? 54329),
  { waitForTurnMs = Number(process.env.ARENA_EMBEDDED_DB_WAIT_MS ?? 30_000) } = {},
): Promise<EmbeddedDatabase> {
  // A taken port is refused before the data folder is opened: a second `npm start` on the same folder must not
  // open the files that another process is serving.
  const probe = net.createServer();
  await listenOn(probe, port);
  await new Promise((resolve) => probe.close(resolve));
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir });
  const sockets = new Set<net.Socket>();
  const waiting: { socket: net.Socket; timer: NodeJS.Timeout }[] = [];
  let current: net.Socket | null = null;
  let stopping = false;
  let sessionEnded = Promise.resolve();

  // Runs one connection until it closes, then resets the session and hands it to the next.
  function serve(socket: net.Socket) {
    current = socket;
    const reader = new MessageReader();
    let work = Promise.resolve();
    const handle = async () => {
      for (let message = reader.next(); message; message = reader.next()) {
        if (message.kind === "ssl") socket.write("N");
        else if (message.kind === "cancel") socket.destroy(); // cancelling is not supported: just hang up
        else if (message.kind === "message" && message.bytes[0] === TERMINATE) socket.end();
        else
          await db.execProtocolRawStream(new Uint8Array(message.bytes), {
            onRawData: (data) => void (socket.writable && socket.write(data)),
          });
        if (socket.destroyed) return;
      }
    };
    socket.on("data", (chunk: Buffer) => {
      reader.push(chunk);
      work = work.then(handle).catch((error: Error) => {
        console.error(`[embedded-db] ${error.message}`);
        socket.destroy();
      });
    });
    socket.on("close", () => {
      sessionEnded = work.then(async () => {
        if (stopping) return;
        await resetSession();
        current = null;
        serveNext();
      });
    });
  }

  async function resetSession() {
    try {
      await db.execProtocolRaw(SYNC);
      if (db.isInTransaction()) await db.exec("ROLLBACK");
      await db.exec("DISCARD ALL");
    } catch (error) {
      console.error(`[embedded-db] could not reset the session: ${(error as Error).message}`);
    }
  }

  function serveNext() {
    while (!current && waiting.length) {
      const { socket, timer } = waiting.shift()!;
      clearTimeout(timer);
      if (!socket.destroyed) serve(socket);
    }
  }

  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {}); // a client hanging up mid-write; 'close' follows
    const entry = {
      socket,
      timer: setTimeout(() => {
        waiting.splice(waiting.indexOf(entry), 1);
        socket.end(errorResponse("53300", `the embedded database serves one connection at a time and another client held it for ${waitForTurnMs / 1000} s; use a Postgres server (DATABASE_URL) for several clients`));
      }, waitForTurnMs),
    };
    socket.on("close", () => {
      const index = waiting.indexOf(entry);
      if (index >= 0) {
        clearTimeout(entry.timer);
        waiting.splice(index, 1);
      }
    });
    waiting.push(entry);
    serveNext();
  });

  await listenOn(server, port).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });

  return {
    dataDir,
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await sessionEnded;
      await db.close();
    },
  };
}
