import { createInterface } from "node:readline";

// Arena runs on Node.js 24 (LTS). `npm install` puts a Node.js 24 binary into node_modules/.bin (the `node`
// package, approved in package.json's `allowScripts`), and npm puts node_modules/.bin first on the PATH of
// every script it runs, so `npm start`, `npm test` and `npm run …` use it whatever Node.js the machine has.
// Anything started another way (`node …`, a bare node_modules/.bin/tsx) may be on an older Node.js:
// the launchers and test runners check, and refuse with a message saying what to do.
export const supportedNodeMajor = 24;

export function nodeMajor(version: string): number {
  return Number(version.replace(/^v/, "").split(".")[0]);
}

// null when `version` is supported, else what to tell the person who started `what`.
export function unsupportedNodeMessage(what: string, version: string = process.versions.node): string | null {
  if (nodeMajor(version) === supportedNodeMajor) return null;
  return [
    `${what} needs Node.js ${supportedNodeMajor}, but this is Node.js ${version} (${process.execPath}).`,
    `Run it through npm (npm start, npm test, npm run <script>): after \`npm install\`, npm's scripts use the`,
    `Node.js ${supportedNodeMajor} in node_modules/.bin. If node_modules/.bin/node is missing, run \`npm install\` again.`,
  ].join("\n");
}

// For launchers and test runners: stop before doing anything on an unsupported Node.js.
export function exitUnlessSupportedNode(what: string): void {
  const message = unsupportedNodeMessage(what);
  if (message === null) return;
  console.error(message);
  process.exit(1);
}

// instrumentation.ts prints this line when a server process starts, before it answers a request.
export function serverStartLine(version: string = process.versions.node): string {
  return `Arena server: Node.js ${version}`;
}

// For the test runners: the Node.js version a server process reports in its output ("not reported" when the
// output ends without it). Its other listeners still get every chunk.
export function reportedServerNode(output: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: output });
    lines.on("line", (line) => {
      const version = /^Arena server: Node\.js (\S+)$/.exec(line)?.[1];
      if (version) resolve(version);
    });
    lines.on("close", () => resolve("not reported"));
  });
}
