// Comparison-graph checks that decide whether the Bradley–Terry MLE exists.
// Zermelo/Ford: the MLE is finite and unique (up to a shift) iff the directed "i scored against j" graph is
// strongly connected. With ties as half wins, any tie links both directions.

export interface ComparisonGraphReport {
  /** Models with at least one counted vote. */
  active: Uint8Array;
  /** Components of the undirected comparison graph over active models (only when there are several). */
  components: number[][];
  /** Active models that never scored against anyone (no wins, no kept ties). */
  neverWon: number[];
  /** Active models nobody ever scored against (no losses, no kept ties). */
  neverLost: number[];
  /** True iff the active models form one strongly connected "scored against" graph: the MLE exists. */
  stronglyConnected: boolean;
}

/**
 * pairI/pairJ/scoreI/scoreJ: per-pair scores (ties already split in halves). O(n + pairs).
 */
export function analyseComparisonGraph(
  n: number,
  pairI: Int32Array,
  pairJ: Int32Array,
  scoreI: Float64Array,
  scoreJ: Float64Array,
): ComparisonGraphReport {
  const active = new Uint8Array(n);
  const scored = new Float64Array(n); // Σ score for the model
  const conceded = new Float64Array(n); // Σ score against the model
  const fwdDeg = new Int32Array(n + 1);
  const revDeg = new Int32Array(n + 1);
  for (let p = 0; p < pairI.length; p++) {
    const si = scoreI[p];
    const sj = scoreJ[p];
    if (!(si + sj > 0)) continue;
    const i = pairI[p];
    const j = pairJ[p];
    active[i] = 1;
    active[j] = 1;
    scored[i] += si;
    conceded[j] += si;
    scored[j] += sj;
    conceded[i] += sj;
    if (si > 0) {
      fwdDeg[i]++; // edge i → j: i scored against j
      revDeg[j]++;
    }
    if (sj > 0) {
      fwdDeg[j]++;
      revDeg[i]++;
    }
  }
  // CSR adjacency for forward and reverse edges.
  const fwdStart = prefix(fwdDeg);
  const revStart = prefix(revDeg);
  const fwd = new Int32Array(fwdStart[n]);
  const rev = new Int32Array(revStart[n]);
  const fwdFill = fwdStart.slice();
  const revFill = revStart.slice();
  for (let p = 0; p < pairI.length; p++) {
    const i = pairI[p];
    const j = pairJ[p];
    if (scoreI[p] > 0) {
      fwd[fwdFill[i]++] = j;
      rev[revFill[j]++] = i;
    }
    if (scoreJ[p] > 0) {
      fwd[fwdFill[j]++] = i;
      rev[revFill[i]++] = j;
    }
  }

  const neverWon: number[] = [];
  const neverLost: number[] = [];
  let activeCount = 0;
  let first = -1;
  for (let i = 0; i < n; i++) {
    if (!active[i]) continue;
    activeCount++;
    if (first < 0) first = i;
    if (scored[i] === 0) neverWon.push(i);
    if (conceded[i] === 0) neverLost.push(i);
  }

  // Undirected components by BFS over both edge lists.
  const component = new Int32Array(n).fill(-1);
  const components: number[][] = [];
  const queue = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    if (!active[s] || component[s] >= 0) continue;
    const id = components.length;
    const members: number[] = [];
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    component[s] = id;
    while (head < tail) {
      const u = queue[head++];
      members.push(u);
      for (let e = fwdStart[u]; e < fwdStart[u + 1]; e++) visit(fwd[e]);
      for (let e = revStart[u]; e < revStart[u + 1]; e++) visit(rev[e]);
    }
    components.push(members.sort((a, b) => a - b));
    function visit(v: number): void {
      if (component[v] < 0) {
        component[v] = id;
        queue[tail++] = v;
      }
    }
  }

  // Strongly connected iff everything is reachable from one node forwards and backwards.
  const stronglyConnected =
    activeCount > 0 &&
    reachableCount(first, fwdStart, fwd, n) === activeCount &&
    reachableCount(first, revStart, rev, n) === activeCount;

  return {
    active,
    components: components.length > 1 ? components : [],
    neverWon,
    neverLost,
    stronglyConnected,
  };
}

function prefix(deg: Int32Array): Int32Array {
  const n = deg.length - 1;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + deg[i];
  return start;
}

function reachableCount(source: number, start: Int32Array, adj: Int32Array, n: number): number {
  const seen = new Uint8Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  stack[top++] = source;
  seen[source] = 1;
  let count = 0;
  while (top > 0) {
    const u = stack[--top];
    count++;
    for (let e = start[u]; e < start[u + 1]; e++) {
      const v = adj[e];
      if (!seen[v]) {
        seen[v] = 1;
        stack[top++] = v;
      }
    }
  }
  return count;
}
