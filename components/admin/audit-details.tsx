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
  const lines: [string, string][] = [];
  if (from !== undefined || to !== undefined) lines.push(["", `${show(from)} → ${show(to)}`]);
  for (const [key, value] of Object.entries(rest)) lines.push([key, show(value)]);
  return (
    <dl dir="ltr" title={JSON.stringify(details)} className="max-w-md space-y-0.5 text-start font-mono text-xs text-slate-600">
      {lines.slice(0, 8).map(([key, value], i) => (
        <div key={i} className="break-words">
          {key && <dt className="inline text-slate-400">{key}: </dt>}
          <dd className="inline" dir="auto">{value}</dd>
        </div>
      ))}
      {lines.length > 8 && <div className="text-slate-400">…</div>}
    </dl>
  );
}
