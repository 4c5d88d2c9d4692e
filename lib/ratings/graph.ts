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

/**
 * Strongly connected components of the directed "i scored against j" graph over the models marked in `within`
 * (edges leaving `within` are ignored). Iterative Tarjan, O(n + pairs). Returns a component id per model
 * (−1 outside `within`) and the component count; ids are in reverse topological order of the condensation
 * (a component's id is smaller than that of every component it can be reached from).
 */
export function stronglyConnectedComponents(
  n: number,
  pairI: Int32Array,
  pairJ: Int32Array,
  scoreI: ArrayLike<number>,
  scoreJ: ArrayLike<number>,
  within: Uint8Array,
): { component: Int32Array; count: number } {
  const out = new Int32Array(n + 1);
  for (let p = 0; p < pairI.length; p++) {
    const i = pairI[p];
    const j = pairJ[p];
    if (!within[i] || !within[j]) continue;
    if (scoreI[p] > 0) out[i]++;
    if (scoreJ[p] > 0) out[j]++;
  }
  const start = prefix(out);
  const adj = new Int32Array(start[n]);
  const fill = start.slice();
  for (let p = 0; p < pairI.length; p++) {
    const i = pairI[p];
    const j = pairJ[p];
    if (!within[i] || !within[j]) continue;
    if (scoreI[p] > 0) adj[fill[i]++] = j;
    if (scoreJ[p] > 0) adj[fill[j]++] = i;
  }
  const component = new Int32Array(n).fill(-1);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let top = 0;
  let next = 0;
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (!within[s] || index[s] >= 0) continue;
    let depth = 0;
    callNode[0] = s;
    callEdge[0] = start[s];
    index[s] = low[s] = next++;
    stack[top++] = s;
    onStack[s] = 1;
    while (depth >= 0) {
      const u = callNode[depth];
      if (callEdge[depth] < start[u + 1]) {
        const v = adj[callEdge[depth]++];
        if (index[v] < 0) {
          index[v] = low[v] = next++;
          stack[top++] = v;
          onStack[v] = 1;
          depth++;
          callNode[depth] = v;
          callEdge[depth] = start[v];
        } else if (onStack[v]) {
          low[u] = Math.min(low[u], index[v]);
        }
        continue;
      }
      if (low[u] === index[u]) {
        let w: number;
        do {
          w = stack[--top];
          onStack[w] = 0;
          component[w] = count;
        } while (w !== u);
        count++;
      }
      depth--;
      if (depth >= 0) low[callNode[depth]] = Math.min(low[callNode[depth]], low[u]);
    }
  }
  return { component, count };
}

/** Why a model with votes gets no rating: its maximum-likelihood rating is ±∞ or undefined relative to the others. */
export type UnrankableReason = "no-votes" | "never-lost" | "never-won" | "beat-the-rest" | "lost-to-the-rest" | "no-order";

export interface RankableGroup {
  /** Models of one connected part of the comparison graph (sorted indices). */
  members: number[];
  /** Its largest strongly connected set: the models whose ratings are finite relative to each other. */
  identified: number[];
}

export interface RankableGroups {
  /** Groups with at least two identified models, largest identified set first (then by votes). */
  groups: RankableGroup[];
  /** group[i]: index into groups when model i is identified there, else −1. */
  group: Int32Array;
  /** reason[i]: null when identified, else why not. */
  reason: (UnrankableReason | null)[];
}

/**
 * Which models have a finite Bradley–Terry estimate, and relative to whom. Within each connected part of the
 * comparison graph the MLE is finite exactly on a strongly connected set (Zermelo/Ford); we rate the largest one
 * (most models, then most votes) and list every other model apart with the reason: never lost, never won, in a
 * set that only beat (or only lost to) the rated models, or with no determinable order to them. A part whose
 * largest such set is a single model rates nobody.
 */
export function rankableGroups(n: number, pairI: Int32Array, pairJ: Int32Array, scoreI: Float64Array, scoreJ: Float64Array): RankableGroups {
  const report = analyseComparisonGraph(n, pairI, pairJ, scoreI, scoreJ);
  const { component, count } = stronglyConnectedComponents(n, pairI, pairJ, scoreI, scoreJ, report.active);
  const votes = new Float64Array(n);
  for (let p = 0; p < pairI.length; p++) {
    const t = scoreI[p] + scoreJ[p];
    votes[pairI[p]] += t;
    votes[pairJ[p]] += t;
  }
  const sccSize = new Int32Array(count);
  const sccVotes = new Float64Array(count);
  for (let i = 0; i < n; i++) {
    if (component[i] < 0) continue;
    sccSize[component[i]]++;
    sccVotes[component[i]] += votes[i];
  }
  const parts = report.components.length > 0 ? report.components : [Array.from({ length: n }, (_, i) => i).filter((i) => report.active[i])];
  const neverLost = new Set(report.neverLost);
  const neverWon = new Set(report.neverWon);
  const reason: (UnrankableReason | null)[] = Array.from({ length: n }, (_, i) => (report.active[i] ? null : "no-votes"));
  const candidates: { members: number[]; identified: number[]; votes: number }[] = [];
  for (const members of parts) {
    if (members.length === 0) continue;
    let best = -1;
    for (const i of members) {
      const c = component[i];
      if (best < 0 || sccSize[c] > sccSize[best] || (sccSize[c] === sccSize[best] && sccVotes[c] > sccVotes[best])) best = c;
    }
    const identified = sccSize[best] >= 2 ? members.filter((i) => component[i] === best) : [];
    const inMain = new Uint8Array(n);
    for (const i of identified) inMain[i] = 1;
    // Reachability of the main set along "scored against" edges, forwards and backwards.
    const above = reachesSet(n, pairI, pairJ, scoreI, scoreJ, inMain, true); // i scored (transitively) against the main set
    const below = reachesSet(n, pairI, pairJ, scoreI, scoreJ, inMain, false);
    for (const i of members) {
      if (inMain[i]) continue;
      reason[i] = neverLost.has(i) ? "never-lost" : neverWon.has(i) ? "never-won" : identified.length === 0 ? "no-order" : above[i] ? "beat-the-rest" : below[i] ? "lost-to-the-rest" : "no-order";
    }
    if (identified.length >= 2) candidates.push({ members, identified, votes: sccVotes[best] });
  }
  candidates.sort((a, b) => b.identified.length - a.identified.length || b.votes - a.votes || a.identified[0] - b.identified[0]);
  const group = new Int32Array(n).fill(-1);
  candidates.forEach((c, g) => c.identified.forEach((i) => (group[i] = g)));
  return { groups: candidates.map(({ members, identified }) => ({ members, identified })), group, reason };
}

// Models from which the marked set is reachable (forward: i scored against …, which scored against the set),
// or which are reachable from it (forward = false). O(n · pairs) worst case; only used off the hot path.
function reachesSet(
  n: number,
  pairI: Int32Array,
  pairJ: Int32Array,
  scoreI: ArrayLike<number>,
  scoreJ: ArrayLike<number>,
  set: Uint8Array,
  forward: boolean,
): Uint8Array {
  const mark = set.slice();
  for (let changed = true; changed; ) {
    changed = false;
    for (let p = 0; p < pairI.length; p++) {
      const i = pairI[p];
      const j = pairJ[p];
      // forward: x scored against y and y is marked ⇒ x marked. backward: y scored against x, y marked ⇒ x marked.
      const iToJ = scoreI[p] > 0;
      const jToI = scoreJ[p] > 0;
      if (forward) {
        if (iToJ && mark[j] && !mark[i]) (mark[i] = 1), (changed = true);
        if (jToI && mark[i] && !mark[j]) (mark[j] = 1), (changed = true);
      } else {
        if (iToJ && mark[i] && !mark[j]) (mark[j] = 1), (changed = true);
        if (jToI && mark[j] && !mark[i]) (mark[i] = 1), (changed = true);
      }
    }
  }
  for (let i = 0; i < n; i++) if (set[i]) mark[i] = 0;
  return mark;
}
