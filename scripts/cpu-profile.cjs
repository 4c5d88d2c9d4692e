// Preloaded into the app by `npm run bench:load -- --profile DIR` (NODE_OPTIONS=--require): records a
// V8 CPU profile of the whole process and writes it to DIR on exit (Node 20 refuses --cpu-prof in NODE_OPTIONS).
const { Session } = require("node:inspector");
const { writeFileSync, mkdirSync } = require("node:fs");
const path = require("node:path");

const dir = process.env.ARENA_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable", () => session.post("Profiler.start"));
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `app-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.prependListener("SIGTERM", () => {
    write();
    process.exit(0);
  });
  process.on("exit", write);
}
