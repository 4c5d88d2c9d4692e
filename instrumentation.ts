// Runs once when the server process starts (next start, next dev).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installTrustedClientAddress } = await import("@/lib/server/security/client-ip");
    installTrustedClientAddress();
  }
}
