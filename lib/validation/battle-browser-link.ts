// Links into the battle browser (/research/battles) from the leaderboard and the matrices: the current
// filters' query string plus a model, or a model pair. Client-safe (no Node APIs).
export function battleBrowserHref(filtersQuery: string, extras: { model?: string; vs?: string; outcome?: string; annotator?: string }): string {
  const params = new URLSearchParams(filtersQuery);
  for (const key of ["model", "vs", "outcome", "annotator"] as const) {
    const value = extras[key];
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const query = params.toString();
  return query ? `/research/battles?${query}` : "/research/battles";
}
