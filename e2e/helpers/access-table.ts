// The intended access matrix, written out entry by entry: every page, every API route method and
// every server action of the app, with who may use it. The tests that read this table also walk app/
// (and lib/, components/ for "use server" files) and fail on anything found that is not listed here,
// or listed here but gone, so a new route, page or action cannot ship without someone deciding who
// may use it. Used by e2e/access-matrix.spec.ts (over HTTP, real sessions) and by
// tests/integration/security-access-matrix.test.ts (route handlers and server actions in-process).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Audience as RoleAudience, audiences } from "../../lib/validation/auth";

// The app's own named audiences (lib/validation/auth.ts), plus "public".
export type Audience = "public" | RoleAudience;
export type Visitor = "anonymous" | "annotator" | "researcher" | "admin";
export const visitors: readonly Visitor[] = ["anonymous", "annotator", "researcher", "admin"];

export function allowed(audience: Audience, visitor: Visitor): boolean {
  if (audience === "public") return true;
  return visitor !== "anonymous" && (audiences[audience] as readonly string[]).includes(visitor);
}

// Pages, by URL pattern (route groups dropped, dynamic segments kept).
export const pageAccess: Record<string, Audience> = {
  "/": "public",
  "/signin": "public",
  "/battle": "signed-in",
  "/live": "signed-in",
  "/leaderboard": "researcher",
  "/research/annotators": "researcher",
  "/research/battles": "researcher",
  "/research/categories": "researcher",
  "/research/exports": "researcher",
  "/research/matrices": "researcher",
  "/research/report": "researcher",
  "/admin": "admin",
  "/admin/audit": "admin",
  "/admin/campaigns": "admin",
  "/admin/campaigns/new": "admin",
  "/admin/campaigns/[id]": "admin",
  "/admin/endpoints": "admin",
  "/admin/generation": "admin",
  "/admin/generation/[id]": "admin",
  "/admin/gold": "admin",
  "/admin/import": "admin",
  "/admin/import/[uploadId]": "admin",
  "/admin/models": "admin",
  "/admin/users": "admin",
};

// API routes, by "METHOD pattern".
export const apiAccess: Record<string, Audience> = {
  "GET /api/auth/[...nextauth]": "public",
  "POST /api/auth/[...nextauth]": "public",
  "POST /api/locale": "public",
  "POST /api/battles/next": "signed-in",
  "POST /api/battles/[id]/skip": "signed-in",
  "POST /api/votes": "signed-in",
  "POST /api/me/guidelines/[id]/acknowledge": "signed-in",
  "GET /api/me/progress": "signed-in",
  "POST /api/live/battles": "signed-in",
  "POST /api/live/battles/[id]/turns": "signed-in",
  "POST /api/live/battles/[id]/stop": "signed-in",
  "GET /api/research/leaderboard": "researcher",
  "GET /api/research/elo": "researcher",
  "GET /api/research/battles": "researcher",
  "GET /api/v1/leaderboard": "researcher",
  "GET /api/v1/categories": "researcher",
  "GET /api/v1/matrices": "researcher",
  "GET /api/v1/votes": "researcher",
  "POST /api/admin/import/uploads": "admin",
  "GET /api/admin/import/uploads/[id]": "admin",
  "DELETE /api/admin/import/uploads/[id]": "admin",
  "POST /api/admin/import/uploads/[id]/commit": "admin",
};

// Server actions, by "file#export" (file relative to the repository root).
export const actionAccess: Record<string, Audience> = {
  "lib/actions/admin.ts#renameModelAction": "admin",
  "lib/actions/admin.ts#setModelStatusAction": "admin",
  "lib/actions/admin.ts#createUserAction": "admin",
  "lib/actions/admin.ts#changeUserRoleAction": "admin",
  "lib/actions/admin.ts#setUserLanguagesAction": "admin",
  "lib/actions/admin.ts#setUserDisabledAction": "admin",
  "lib/actions/admin.ts#createCampaignAction": "admin",
  "lib/actions/admin.ts#updateCampaignAction": "admin",
  "lib/actions/admin.ts#setCampaignActiveAction": "admin",
  "lib/actions/endpoints.ts#saveEndpointAction": "admin",
  "lib/actions/endpoints.ts#deleteEndpointAction": "admin",
  "lib/actions/endpoints.ts#testEndpointAction": "admin",
  "lib/actions/generation.ts#startGenerationAction": "admin",
  "lib/actions/generation.ts#cancelGenerationAction": "admin",
  "lib/actions/generation.ts#retryGenerationAction": "admin",
  "lib/actions/generation.ts#commitGenerationAction": "admin",
  "lib/actions/admin.ts#updateCampaignGuidanceAction": "admin",
  "lib/actions/admin.ts#setLivePromptCategoryAction": "admin",
  "lib/actions/gold.ts#createGoldPairAction": "admin",
  "lib/actions/gold.ts#deleteGoldPairAction": "admin",
  "lib/actions/annotators.ts#setAnnotatorExcludedAction": "researcher",
  "lib/actions/api-tokens.ts#createApiTokenAction": "admin",
  "lib/actions/api-tokens.ts#revokeApiTokenAction": "admin",
};

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "generated" ? [] : walk(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

// A "use server" directive as the file's first statement (after comments) makes every export an action.
const fileDirective = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/;
const anyDirective = /["']use server["']\s*;?\s*$/m;

export type ServerActionFile = { file: string; exports: string[] };

// Every file of app/, lib/ and components/ with a "use server" directive. A directive inside a
// function (an inline action) is reported with exports ["<inline>"] so the inventory check fails on
// it: inline actions cannot be listed by name here; move them into an actions file.
export function serverActionFiles(): ServerActionFile[] {
  return ["app", "lib", "components"]
    .flatMap((dir) => walk(path.join(repoRoot, dir)))
    .flatMap((full) => {
      const source = readFileSync(full, "utf8");
      if (!anyDirective.test(source)) return [];
      const file = path.relative(repoRoot, full).split(path.sep).join("/");
      if (!fileDirective.test(source)) return [{ file, exports: ["<inline>"] }];
      return [{ file, exports: exportedNames(source) }];
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:const|let|var|function\*?)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) names.add(name);
    }
  }
  if (/export\s+default\b/.test(source)) names.add("default");
  return [...names].sort();
}

export function serverActionKeys(): string[] {
  return serverActionFiles().flatMap(({ file, exports }) => exports.map((name) => `${file}#${name}`));
}

// Ids of existing rows a sample input can name (the integration tests create them).
export type SampleIds = {
  user: string;
  model: string;
  otherModel: string;
  promptSet: string;
  prompt: string;
  campaign: string;
  goldPair: string;
  apiToken: string;
  // A finished generation job with one failed and one finished item (see tests/helpers/fixtures.ts).
  generationJob: string;
};

// For each server action, an input valid enough to reach its use case, so a missing role check
// shows as a write, and a template the fuzz tests corrupt. `unique` keeps names and emails distinct.
export const actionSamples: Record<string, (ids: SampleIds, unique: string) => Record<string, unknown>> = {
  "lib/actions/admin.ts#renameModelAction": (ids, unique) => ({ modelId: ids.model, displayName: `Model ${unique}` }),
  "lib/actions/admin.ts#setModelStatusAction": (ids) => ({ modelId: ids.model, status: "hidden" }),
  "lib/actions/admin.ts#createUserAction": (_ids, unique) => ({ email: `new-${unique}@test.local`, role: "annotator", languages: ["ar"], name: `New ${unique}` }),
  "lib/actions/admin.ts#changeUserRoleAction": (ids) => ({ userId: ids.user, role: "admin" }),
  "lib/actions/admin.ts#setUserLanguagesAction": (ids) => ({ userId: ids.user, languages: ["ar"] }),
  "lib/actions/admin.ts#setUserDisabledAction": (ids) => ({ userId: ids.user, disabled: true }),
  "lib/actions/admin.ts#createCampaignAction": (ids, unique) => ({
    name: `Campaign ${unique}`, targetVotes: 10, goldRate: 0, overlapRate: 0, promptSetIds: [ids.promptSet], modelIds: [ids.model, ids.otherModel],
  }),
  "lib/actions/admin.ts#updateCampaignAction": (ids, unique) => ({
    campaignId: ids.campaign, name: `Campaign ${unique}`, targetVotes: 10, goldRate: 0, overlapRate: 0, promptSetIds: [ids.promptSet], modelIds: [ids.model, ids.otherModel],
  }),
  "lib/actions/admin.ts#setCampaignActiveAction": (ids) => ({ campaignId: ids.campaign, active: false }),
  "lib/actions/endpoints.ts#saveEndpointAction": (ids, unique) => ({
    modelId: ids.model, baseUrl: "http://127.0.0.1:9/v1", remoteModel: `remote-${unique}`, credential: { kind: "none" }, concurrency: 2, timeoutMs: 5000,
  }),
  "lib/actions/endpoints.ts#deleteEndpointAction": (ids) => ({ modelId: ids.model }),
  "lib/actions/endpoints.ts#testEndpointAction": (ids) => ({ modelId: ids.model }),
  "lib/actions/generation.ts#startGenerationAction": (ids) => ({ promptSetId: ids.promptSet, modelIds: [ids.model], onlyMissing: false }),
  "lib/actions/generation.ts#cancelGenerationAction": (ids) => ({ jobId: ids.generationJob }),
  "lib/actions/generation.ts#retryGenerationAction": (ids) => ({ jobId: ids.generationJob }),
  "lib/actions/generation.ts#commitGenerationAction": (ids) => ({ jobId: ids.generationJob }),
  "lib/actions/admin.ts#updateCampaignGuidanceAction": (ids, unique) => ({
    campaignId: ids.campaign, guidelinesAr: `## إرشادات ${unique}`, guidelinesEn: `## Guidelines ${unique}`, reasonFlags: [{ key: "off_topic", en: "Off topic", ar: "خارج الموضوع" }],
  }),
  "lib/actions/admin.ts#setLivePromptCategoryAction": (ids, unique) => ({ promptId: ids.prompt, category: `category-${unique}` }),
  "lib/actions/gold.ts#createGoldPairAction": (ids) => ({ promptId: ids.prompt, betterModelId: ids.otherModel, worseModelId: ids.model }),
  "lib/actions/gold.ts#deleteGoldPairAction": (ids) => ({ goldPairId: ids.goldPair }),
  "lib/actions/annotators.ts#setAnnotatorExcludedAction": (ids) => ({ userId: ids.user, excluded: true }),
  "lib/actions/api-tokens.ts#createApiTokenAction": (_ids, unique) => ({ name: `Token ${unique}` }),
  "lib/actions/api-tokens.ts#revokeApiTokenAction": (ids) => ({ tokenId: ids.apiToken }),
};
