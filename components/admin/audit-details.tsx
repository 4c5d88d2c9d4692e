// An audit entry's details as short "key: value" lines: "from → to" for changes, counts for id lists,
// long values cut, so a row stays readable. The full JSON is in the title for whoever needs it.
const maxValueChars = 60;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function show(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === "string" && uuidPattern.test(v))) return `${value.length} × id`;
    return value.map(show).join(", ");
  }
  const text = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  return text.length > maxValueChars ? `${text.slice(0, maxValueChars)}…` : text;
}

export function AuditDetails({ details }: { details: unknown }) {
  if (details == null || typeof details !== "object") return null;
  const { from, to, ...rest } = details as Record<string, unknown>;
  const lines: [string, React.ReactNode][] = [];
  // Each side isolated (<bdi>) in a left-to-right line: an Arabic value first would otherwise turn the
  // whole line right-to-left and the arrow would point from the new value to the old one.
  if (from !== undefined || to !== undefined) lines.push(["", <span key="change" dir="ltr"><bdi>{show(from)}</bdi> → <bdi>{show(to)}</bdi></span>]);
  for (const [key, value] of Object.entries(rest)) lines.push([key, show(value)]);
  return (
    // Every group has a term (a valid description list); labels at 4.5:1 contrast (slate-500 on white).
    <div dir="ltr" title={JSON.stringify(details)} className="max-w-md text-start font-mono text-xs text-slate-600">
      <dl className="space-y-0.5">
        {lines.slice(0, 8).map(([key, value], i) => (
          <div key={i} className="break-words">
            <dt className={key ? "inline text-slate-500" : "sr-only"}>{key ? `${key}: ` : "from → to"}</dt>
            <dd className="inline" dir={key ? "auto" : "ltr"}>{value}</dd>
          </div>
        ))}
      </dl>
      {lines.length > 8 && <p className="text-slate-500">…</p>}
    </div>
  );
}
