// Caches expensive results by key and data version, and shares one in-flight computation among
// concurrent callers: a thousand researchers on the same view cost one computation.
type Entry<T> = { version: string; value: Promise<T>; computedAt: number };

export class ComputationCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly maxEntries = 200) {}

  get(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = compute();
    const entry: Entry<T> = { version, value, computedAt: Date.now() };
    this.entries.set(key, entry);
    // A failed computation is not cached.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear() {
    this.entries.clear();
  }
}
