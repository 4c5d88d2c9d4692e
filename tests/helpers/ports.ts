// A port for a server a test starts, and may stop and start again on the same port. Drawn below Linux's
// ephemeral range (32768–60999), where the machine's outgoing connections take their local ports: a port from
// there can be held by a client socket when the server (re)starts, and it fails with EADDRINUSE (seen in a CI
// run: the embedded database's restart in embedded-kill.test.ts). Each caller names a range of its own, so
// tests running at the same time do not draw the same port.
const testPortRanges = {
  embeddedDbTest: 28000,
  embeddedKill: 29000,
  privatePostgres: 30000,
  embeddedDbProcess: 31000,
} as const;

export function testPort(range: keyof typeof testPortRanges): number {
  return testPortRanges[range] + Math.floor(Math.random() * 1000);
}
