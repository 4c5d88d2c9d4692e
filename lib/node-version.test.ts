import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeMajor, supportedNodeMajor, unsupportedNodeMessage } from "./node-version";

const root = path.resolve(import.meta.dirname, "..");
const versionOf = (command: string, args: string[]) =>
  execFileSync(command, [...args, "-e", "console.log(process.versions.node)"], { cwd: root, encoding: "utf8" }).trim();

describe("the Node.js that Arena runs on", () => {
  it("is the supported major in Vitest's workers", () => {
    expect(nodeMajor(process.versions.node)).toBe(supportedNodeMajor);
  });

  // How the launchers and tests start other processes: process.execPath (next start, embedded db child),
  // npx tsx (seed, import, ratings CLI), and `node` as found on PATH (shebangs of every npm bin).
  it("is the supported major in the processes that scripts and tests spawn", () => {
    expect(nodeMajor(versionOf(process.execPath, []))).toBe(supportedNodeMajor);
    expect(nodeMajor(versionOf("npx", ["tsx"]))).toBe(supportedNodeMajor);
    expect(nodeMajor(versionOf("node", []))).toBe(supportedNodeMajor);
  });

  it("explains what to do on another version, and accepts any release of the supported major", () => {
    expect(unsupportedNodeMessage("npm start", "24.0.0")).toBeNull();
    expect(unsupportedNodeMessage("npm start", "v24.21.3")).toBeNull();
    for (const version of ["20.20.2", "22.11.0", "25.0.0"]) {
      const message = unsupportedNodeMessage("npm start", version);
      expect(message).toContain(`npm start needs Node.js ${supportedNodeMajor}, but this is Node.js ${version}`);
      expect(message).toContain("npm install");
    }
  });
});
