// Pure: no database. The ratings work on model ids; readers and exports see model keys.

/** Model id → key, for research results; an unknown id stays as it is. */
export function modelKeyOf(models: readonly { id: string; key: string }[]): (id: string) => string {
  const keys = new Map(models.map((m) => [m.id, m.key]));
  return (id) => keys.get(id) ?? id;
}
