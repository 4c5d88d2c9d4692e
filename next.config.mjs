import createNextIntlPlugin from "next-intl/plugin";
import responseHeaders from "./lib/server/security/response-headers.json" with { type: "json" };

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Types are checked once for the whole project by `npm run typecheck` (part of `npm test`).
  typescript: { ignoreBuildErrors: true },
  // A separate build folder per checkout or test run when several share a machine.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Prisma's generated client and the pg driver run on the server only.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "bcryptjs"],
  // Security headers on every response (lib/server/security/response-headers.json; scripts/app-server.ts sets
  // the same on the routes it serves itself). Pages also get a per-request CSP with a script nonce from
  // proxy.ts; API responses (JSON only) get a policy that loads nothing.
  async headers() {
    const toHeaders = (pairs) => pairs.map(([key, value]) => ({ key, value }));
    return [
      { source: "/:path*", headers: toHeaders(responseHeaders.everyResponse) },
      { source: "/api/:path*", headers: toHeaders(responseHeaders.api) },
    ];
  },
};

export default withNextIntl(nextConfig);
