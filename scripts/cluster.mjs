// Several server processes behind one port (WEB_CONCURRENCY > 1; scripts/next-server.ts builds the command):
// this primary process forks N workers with node:cluster, each one a whole server (scripts/app-server.ts), and the workers
// share the primary's listening socket (the primary accepts connections and hands them out in turn). The
// workers share nothing but Postgres: every cache in the app is either checked against the database on use
// or expires within seconds (README, "Several processes").
//
//   node scripts/cluster.mjs <workers> <node flags as JSON> scripts/app-server.ts <port> <host> <keep-alive ms>
//
// Plain JavaScript: the workers get the node flags (tsx among them), the primary needs none.
import cluster from "node:cluster";

const [count, flags, server, ...serverArgs] = process.argv.slice(2);
const workers = Number(count);
if (!Number.isInteger(workers) || workers < 1 || !server) {
  console.error("usage: node scripts/cluster.mjs <workers> <node flags as JSON> <server script> <server args…>");
  process.exit(2);
}

cluster.setupPrimary({ exec: server, args: serverArgs, execArgv: JSON.parse(flags) });

let stopping = false;
const listening = new Set();
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  // Whatever a worker does, the primary is gone within 10 s.
  setTimeout(() => process.exit(0), 10_000).unref();
};
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => stop(signal));

cluster.on("listening", (worker) => {
  listening.add(worker.id);
  if (listening.size === workers) console.log(`[cluster] ${workers} server processes serving one port`);
});
cluster.on("exit", (worker, code, signal) => {
  if (stopping) {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    return;
  }
  // A worker that never served (a bad port, a build missing) would fail the same way again: stop.
  if (!listening.has(worker.id)) {
    console.error(`[cluster] a server process exited before it served (${signal ?? `code ${code}`}); stopping`);
    stop("SIGTERM");
    process.exitCode = 1;
    return;
  }
  listening.delete(worker.id);
  console.error(`[cluster] server process ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
  cluster.fork();
});

for (let i = 0; i < workers; i++) cluster.fork();
