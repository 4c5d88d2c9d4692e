import "server-only";

// A Prisma filter for "contains this text, any case". Prisma's `contains` is an ILIKE that passes % and _ through
// as wildcards (a search for "_50%" found "a050"): escaped, they and the escape character match themselves.
export function containsText(text: string) {
  return { contains: text.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" as const };
}
