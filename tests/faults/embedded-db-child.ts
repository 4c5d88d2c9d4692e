// Child process for tests/faults/embedded-kill.test.ts: serves the embedded database (PGlite) on
// a data folder and port, prints "ready" once it accepts connections, and runs until killed.
import { startEmbeddedDatabase } from "../../scripts/embedded-db";

const [dataDir, port] = process.argv.slice(2);
await startEmbeddedDatabase(dataDir!, Number(port));
process.stdout.write("ready\n");
setInterval(() => {}, 1 << 30);
