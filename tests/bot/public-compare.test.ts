/**
 * The public page's comparison section (issue 13 §2): a published plan's common indicators beside
 * other published plans of this server and the imported reference series — never an unpublished
 * plan, never a monthly reading or a person.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordActuals } from "../../db/actuals.ts";
import { loadPlanViewUncached, setPlanPublished } from "../../db/plans.ts";
import { replaceReferenceSource } from "../../db/reference-series.ts";
import { parseReferenceCsv } from "../../shared/reference-csv.ts";
import { createTestApp } from "../support/app.ts";
import { createTestDatabase, importWithCatalog, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  await importWithCatalog(t.db, "matsue", { "No.3-1": "online-procedures" });
  line = await startFakeLine();
  harness = createTestApp(t.db, line);
  await setPlanPublished(t.db, "tamana", true);
  const view = await loadPlanViewUncached(t.db, "tamana");
  const card = view?.initiatives.flatMap((i) => i.indicators).find((i) => i.key === "⑮-2");
  if (!card) throw new Error("no ⑮-2");
  await recordActuals(t.db, [
    {
      planId: "tamana",
      indicatorId: card.id,
      period: { kind: "month", fiscalYear: 2024, year: 2024, month: 6 },
      kind: "interim",
      figure: { decimal: "76.3", value: 76.3, decimals: 1, qualifier: null },
      rawText: "76.3%",
      channel: "line",
      memberId: null,
    },
  ]);
});
afterAll(async () => {
  await line.stop();
  t.close();
});

const page = async () => {
  const res = await harness.app.request("/public/tamana");
  expect(res.status).toBe(200);
  return res.text();
};
const section = (html: string) =>
  /<section[^>]*data-testid="compare"[^>]*>[\s\S]*?<\/section>/u.exec(html)?.[0] ?? "";

describe("the public page's comparison", () => {
  it("has none while no other published plan or reference series carries the entries", async () => {
    expect(section(await page())).toBe("");
  });

  it("shows a published plan's entry and the reference series, without monthly readings", async () => {
    await setPlanPublished(t.db, "matsue", true);
    const parsed = parseReferenceCsv(
      [
        "地方公共団体名,指標名,単位,目標（原文）,期間,区分,値,共通指標",
        "熊本市,マイナンバーカード保有率,%,令和7年度末に80%,FY2023,実績（確定）,74.5,mynumber-card-rate",
      ].join("\n"),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    await replaceReferenceSource(t.db, "熊本市", "kumamoto.csv", parsed.rows);
    const html = section(await page());
    expect(html).toContain("ほかの市との比較（共通指標）");
    expect(html).toContain('data-catalog="online-procedures"');
    expect(html).toContain('data-catalog="mynumber-card-rate"');
    expect(html).toContain(
      '<tr data-city="松江市"><th scope="row">松江市</th><td>—</td><td>26手続（R4年度）</td>',
    );
    expect(html).toContain('<th scope="row">熊本市（参照データ）</th><td>74.5%（R5年度）</td>');
    expect(html).toContain(
      "<td>72.0%（R5年度）</td><td>73.5%（R5年度）</td><td>R4 62.8% → R5 72.0%</td>",
    );
    expect(html).toContain("<summary>市民のマイナンバーカードの保有率</summary>");
    expect(html).toContain("目標（原文）: 令和7年度末に80%");
    expect(html).not.toContain("76.3");
    // 職員数 has no one to compare with: no table for it.
    expect(html).not.toContain('data-catalog="staff-count"');
  });

  it("drops a plan once it is no longer published", async () => {
    await setPlanPublished(t.db, "matsue", false);
    const html = section(await page());
    expect(html).not.toContain("松江市");
    expect(html).not.toContain('data-catalog="online-procedures"');
    expect(html).toContain("熊本市");
  });
});
