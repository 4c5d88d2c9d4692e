// Preloaded into every tsx script (`tsx --import ./scripts/allow-server-only.mjs …`, see package.json):
// lib/server modules start with import "server-only", whose package throws unless React's server
// condition is set, so that a client component importing one fails `next build`. Scripts run server
// code on purpose; setting the whole react-server condition would also swap React and next-intl for
// their server builds and break them, so this resolves only "server-only", to its empty module.
import module from "node:module";

const empty = import.meta.resolve("server-only").replace(/index\.js$/, "empty.js");

// registerHooks is Node 22.15+; on an older Node the scripts stop at their Node version check anyway.
module.registerHooks?.({
  resolve(specifier, context, nextResolve) {
    if (specifier === "server-only") return { url: empty, format: "commonjs", shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
