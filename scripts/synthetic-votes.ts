// Synthetic votes for the benchmarks (bench:leaderboard, bench:issue): `voteCount` battles and their
// votes between the stored models, over the stored prompts, by the annotators whose email starts with
// "bench". Model i (in key order) has strength 1000 + 8·i, so P(a beats b) follows from the rating gap;
// 10% of votes are ties and 3% "both bad". Vote n goes to annotator n mod A and walks that annotator's
// (pair, prompt) space in order, so no annotator sees a prompt and pair twice.
export async function insertSyntheticVotes(run: (sql: string) => Promise<unknown>, voteCount: number): Promise<void> {
  // Index tables (plain tables: temporary ones would live on one pooled connection only).
  for (const sql of [
    `CREATE TABLE mi AS SELECT id, (row_number() OVER (ORDER BY key)) - 1 AS i FROM models`,
    `CREATE TABLE pi AS SELECT id, language, (row_number() OVER (ORDER BY external_id)) - 1 AS i FROM prompts`,
    `CREATE TABLE ui AS SELECT id, (row_number() OVER (ORDER BY email)) - 1 AS i FROM users WHERE email LIKE 'bench%'`,
    `CREATE TABLE pairs AS SELECT a.i AS ai, b.i AS bi, a.id AS aid, b.id AS bid, (row_number() OVER (ORDER BY a.i, b.i)) - 1 AS k FROM mi a JOIN mi b ON a.i < b.i`,
  ])
    await run(sql);
  await run(`
    DO $$ BEGIN
      IF ${voteCount} > (SELECT count(*) FROM ui) * (SELECT count(*) FROM pairs) * (SELECT count(*) FROM pi) THEN
        RAISE EXCEPTION 'synthetic votes: % votes do not fit the annotators'' prompt and pair space', ${voteCount};
      END IF;
    END $$`);
  await run(`
    CREATE TABLE g AS
    SELECT s AS n, (s / a) % p AS k, (s / a / p) % q AS pr, s % a AS an, random() AS r, random() AS side
    FROM generate_series(0, ${voteCount - 1}) s,
      (SELECT (SELECT count(*) FROM ui) AS a, (SELECT count(*) FROM pairs) AS p, (SELECT count(*) FROM pi) AS q) c`);
  await run(`
    INSERT INTO battles (id, annotator_id, prompt_id, model_a_id, model_b_id, pair_low_id, pair_high_id, issued_at, expires_at)
    SELECT md5('b' || g.n)::uuid, ui.id, pi.id,
      CASE WHEN g.side < 0.5 THEN pairs.aid ELSE pairs.bid END, CASE WHEN g.side < 0.5 THEN pairs.bid ELSE pairs.aid END,
      LEAST(pairs.aid, pairs.bid), GREATEST(pairs.aid, pairs.bid),
      now() - interval '30 days' + (g.n * interval '2 seconds'), now() - interval '30 days' + (g.n * interval '2 seconds') + interval '2 hours'
    FROM g JOIN pairs ON pairs.k = g.k JOIN pi ON pi.i = g.pr JOIN ui ON ui.i = g.an`);
  await run(`
    INSERT INTO votes (id, battle_id, annotator_id, prompt_id, model_a_id, model_b_id, language, winner, time_taken_ms, created_at)
    SELECT md5('v' || g.n)::uuid, md5('b' || g.n)::uuid, ui.id, pi.id,
      CASE WHEN g.side < 0.5 THEN pairs.aid ELSE pairs.bid END, CASE WHEN g.side < 0.5 THEN pairs.bid ELSE pairs.aid END,
      pi.language,
      (CASE
        WHEN g.r < 0.03 THEN 'tie_bothbad'
        WHEN g.r < 0.13 THEN 'tie'
        WHEN ((g.r - 0.13) / 0.87 < 1 / (1 + power(10, ((CASE WHEN g.side < 0.5 THEN pairs.bi ELSE pairs.ai END) - (CASE WHEN g.side < 0.5 THEN pairs.ai ELSE pairs.bi END)) * 8 / 400.0))) THEN 'model_a'
        ELSE 'model_b' END)::"Winner",
      5000, now() - interval '30 days' + (g.n * interval '2 seconds')
    FROM g JOIN pairs ON pairs.k = g.k JOIN pi ON pi.i = g.pr JOIN ui ON ui.i = g.an`);
  await run(`DROP TABLE g, pairs, mi, pi, ui`);
  await run(`ANALYZE`);
}

// The catalogue the benches vote on: `modelCount` models, one prompt set of 200 prompts (half Arabic, five
// categories, two tags), optionally a response per prompt and model, and `annotatorCount` annotators.
export async function insertSyntheticCatalogue(
  run: (sql: string) => Promise<unknown>,
  options: { modelCount: number; annotatorCount: number; responses: boolean },
): Promise<void> {
  await run(`
    INSERT INTO models (id, key, display_name)
    SELECT gen_random_uuid(), 'model-' || lpad(i::text, 3, '0'), 'Model ' || i FROM generate_series(0, ${options.modelCount - 1}) i`);
  await run(`INSERT INTO prompt_sets (id, name) VALUES (gen_random_uuid(), 'bench')`);
  await run(`
    INSERT INTO prompts (id, prompt_set_id, external_id, language, category, tags, text, content_hash)
    SELECT gen_random_uuid(), (SELECT id FROM prompt_sets), 'p' || i, (CASE WHEN i % 2 = 0 THEN 'ar' ELSE 'en' END)::"Language",
      'cat' || (i % 5), ARRAY[CASE WHEN i % 3 = 0 THEN 'culturally-sensitive' ELSE 'culturally-agnostic' END], 'prompt ' || i, md5(i::text)
    FROM generate_series(0, 199) i`);
  if (options.responses) {
    await run(`
      INSERT INTO responses (id, prompt_id, model_id, text, content_hash)
      SELECT gen_random_uuid(), p.id, m.id, repeat('An answer of some length. ', 40), md5(p.id::text || m.id::text) FROM prompts p CROSS JOIN models m`);
  }
  await run(`
    INSERT INTO users (id, email, role) SELECT gen_random_uuid(), 'bench' || i || '@bench.local', 'annotator' FROM generate_series(0, ${options.annotatorCount - 1}) i`);
}
