// Inter-annotator agreement on shared items (pure, no I/O).
//
// A shared item is one prompt with one unordered model pair that two or more annotators voted on.
// Each vote is oriented to the pair's canonical order (the lower model id first), so "A is better"
// on one screen and "B is better" on a swapped screen are the same label:
//   "low"  the lower-id model won,  "high"  the higher-id model won,  "tie"  tie or both bad.

export const agreementLabels = ["low", "high", "tie"] as const;
export type AgreementLabel = (typeof agreementLabels)[number];

export type SharedItem = {
  // One label per annotator (an annotator votes on a prompt + pair at most once).
  votes: { annotatorId: string; label: AgreementLabel }[];
};

export type Kappa = {
  // Observed agreement p_o, chance agreement p_e, κ = (p_o − p_e) / (1 − p_e).
  po: number;
  pe: number;
  // null when p_e = 1 (both raters used one and the same category only): κ is 0/0 there.
  kappa: number | null;
  // Number of paired ratings in the table.
  n: number;
};

// Cohen's kappa from a square contingency table: rows = rater 1's category, columns = rater 2's.
// p_o = Σ_c t[c][c] / n;  p_e = Σ_c (row_c / n)(col_c / n).
export function cohensKappa(table: readonly (readonly number[])[]): Kappa {
  const k = table.length;
  let n = 0;
  let diagonal = 0;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (let r = 0; r < k; r++) {
    if (table[r]!.length !== k) throw new Error("cohensKappa: the table must be square.");
    for (let c = 0; c < k; c++) {
      const x = table[r]![c]!;
      n += x;
      rows[r]! += x;
      cols[c]! += x;
      if (r === c) diagonal += x;
    }
  }
  if (n === 0) return { po: NaN, pe: NaN, kappa: null, n: 0 };
  const po = diagonal / n;
  let pe = 0;
  for (let c = 0; c < k; c++) pe += (rows[c]! / n) * (cols[c]! / n);
  const kappa = Math.abs(1 - pe) < 1e-12 ? null : (po - pe) / (1 - pe);
  return { po, pe, kappa, n };
}

export type Alpha = {
  // Krippendorff's alpha for nominal data; null when there is no variation at all (D_e = 0).
  alpha: number | null;
  // Pairable values: values in units with at least two values (n in Krippendorff's notation).
  pairable: number;
  // Units that have at least two values.
  units: number;
};

// Krippendorff's alpha, nominal metric, from a reliability data matrix: one array per unit holding
// the values the coders gave it (missing values simply left out, or given as null).
// Coincidences o_ck = Σ_u (number of c–k pairs of values in u) / (m_u − 1), over ordered pairs of
// distinct coders; n_c = Σ_k o_ck; α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k.
export function krippendorffAlphaNominal(units: readonly (readonly (string | number | null | undefined)[])[]): Alpha {
  const coincidences = new Map<string, Map<string, number>>();
  let usable = 0;
  for (const unit of units) {
    const values = unit.filter((v): v is string | number => v !== null && v !== undefined).map(String);
    const m = values.length;
    if (m < 2) continue;
    usable++;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const [c, nc] of counts) {
      const row = coincidences.get(c) ?? new Map<string, number>();
      coincidences.set(c, row);
      for (const [k, nk] of counts) {
        // Ordered pairs of distinct values within the unit: c = k pairs a value with the others of its kind.
        const pairs = c === k ? nc * (nc - 1) : nc * nk;
        if (pairs > 0) row.set(k, (row.get(k) ?? 0) + pairs / (m - 1));
      }
    }
  }
  const marginals = new Map<string, number>();
  let n = 0;
  let disagreeingCoincidences = 0;
  for (const [c, row] of coincidences) {
    for (const [k, o] of row) {
      marginals.set(c, (marginals.get(c) ?? 0) + o);
      n += o;
      if (c !== k) disagreeingCoincidences += o;
    }
  }
  let expectedPairs = 0;
  const categories = [...marginals.values()];
  for (let i = 0; i < categories.length; i++) {
    for (let j = 0; j < categories.length; j++) if (i !== j) expectedPairs += categories[i]! * categories[j]!;
  }
  const pairable = Math.round(n * 1e9) / 1e9;
  if (expectedPairs === 0) return { alpha: null, pairable, units: usable };
  return { alpha: 1 - ((n - 1) * disagreeingCoincidences) / expectedPairs, pairable, units: usable };
}

export type AnnotatorAgreement = Kappa & {
  // Shared items this annotator voted on.
  items: number;
};

const labelIndex: Record<AgreementLabel, number> = { low: 0, high: 1, tie: 2 };

// Per annotator, Cohen's kappa of their label against every other annotator's label on the same
// items, pooled into one 3×3 table (rows: this annotator, columns: the others). An item with three
// annotators gives each of them two pairs.
export function annotatorAgreement(items: readonly SharedItem[]): Map<string, AnnotatorAgreement> {
  const tables = new Map<string, { table: number[][]; items: number }>();
  for (const item of items) {
    if (item.votes.length < 2) continue;
    for (const self of item.votes) {
      let entry = tables.get(self.annotatorId);
      if (!entry) {
        entry = { table: agreementLabels.map(() => agreementLabels.map(() => 0)), items: 0 };
        tables.set(self.annotatorId, entry);
      }
      entry.items++;
      for (const other of item.votes) {
        if (other === self) continue;
        entry.table[labelIndex[self.label]]![labelIndex[other.label]]!++;
      }
    }
  }
  const result = new Map<string, AnnotatorAgreement>();
  for (const [annotatorId, { table, items: count }] of tables) result.set(annotatorId, { ...cohensKappa(table), items: count });
  return result;
}

// Krippendorff's alpha across all shared items (each item a unit, each annotator a coder).
export function overallAlpha(items: readonly SharedItem[]): Alpha {
  return krippendorffAlphaNominal(items.map((item) => item.votes.map((v) => v.label)));
}
