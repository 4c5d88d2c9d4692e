import { expect, test } from "@playwright/test";
import { nodeMajor, supportedNodeMajor } from "../lib/node-version";

// `npm test` on a machine whose own Node.js is older still runs everything on the Node.js that npm install put
// into node_modules/.bin: the Playwright worker running this file and the app server it tests.
test("the e2e run and the app server run on the supported Node.js", () => {
  expect(nodeMajor(process.versions.node), `Playwright worker on Node.js ${process.versions.node}`).toBe(supportedNodeMajor);
  // scripts/run-e2e.ts passes on what the server printed at start ("Arena server: Node.js …").
  const serverVersion = process.env.E2E_SERVER_NODE_VERSION ?? "not reported";
  expect(nodeMajor(serverVersion), `app server on Node.js ${serverVersion}`).toBe(supportedNodeMajor);
});
