/**
 * `GET /api/catalog/:catalogId/compare` (issue 13 §2): a common indicator across the plans of this
 * deployment and the reference series imported from other cities' open data, over real libSQL with
 * the bundled Tamana plan, Matsue with a test mapping, and a reference source.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "../../db/members.ts";
import { setPlanPublished } from "../../db/plans.ts";
import { replaceReferenceSource } from "../../db/reference-series.ts";
import type { CompareSeries } from "../../shared/compare.ts";
import { parseReferenceCsv } from "../../shared/reference-csv.ts";
import { createTestApp } from "../support/app.ts";
import { createTestDatabase, importWithCatalog, type TestDatabase } from "../support/db.ts";
import { type FakeLine, startFakeLine } from "../support/fake-line.ts";

let t: TestDatabase;
let line: FakeLine;
const LEAD = "Ulead000000000000000000000000somu";
const STRANGER = "Ustranger0000000000000000000000x";

/** Another city's published figures, in the open-data columns (a national series would look alike). */
const REFERENCE_CSV = [
  "\ufeff全国地方公共団体コード,地方公共団体名,計画名,指標名,単位,基準値,目標（原文）,年度,期間,区分,値,表記,共通指標",
  "431001,熊本市,熊本市DX推進計画,マイナンバーカード保有率,%,,令和7年度末に80%,2023,FY2023,実績（確定）,74.5,74.5%,mynumber-card-rate",
  "431001,熊本市,熊本市DX推進計画,マイナンバーカード保有率,%,,令和7年度末に80%,2024,2024-09,実績（速報）,77.1,77.1%,mynumber-card-rate",
  "431001,熊本市,熊本市DX推進計画,マイナンバーカード保有率,%,,令和7年度末に80%,2025,FY2025,目標,80,80%,mynumber-card-rate",
  "431001,熊本市,熊本市DX推進計画,窓口満足度,%,,,2023,FY2023,実績（確定）,90,90%,",
].join("\r\n");

beforeAll(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  await importWithCatalog(t.db, "matsue", { "No.3-1": "online-procedures" });
  line = await startFakeLine();
  await addMember(t.db, { planId: "tamana", lineUserId: LEAD, role: "lead", department: "総務課" });
  const parsed = parseReferenceCsv(REFERENCE_CSV);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  expect(parsed.skipped).toBe(1);
  await replaceReferenceSource(t.db, "熊本市", "kumamoto.csv", parsed.rows);
});
afterAll(async () => {
  await line.stop();
  t.close();
});

const get = (app: ReturnType<typeof createTestApp>["app"], path: string, token: string) =>
  app.request(path, { headers: { authorization: `Bearer ${token}` } });

describe("GET /api/catalog/:catalogId/compare", () => {
  it("shows the plans here and the reference series: latest value, target, trend by 年度", async () => {
    const { app } = createTestApp(t.db, line);
    const res = await get(
      app,
      "/api/catalog/mynumber-card-rate/compare",
      line.issueIdToken({ sub: LEAD }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      entry: { id: string; name: string };
      series: CompareSeries[];
      perCapitaNote: string | null;
    };
    expect(body.entry).toMatchObject({
      id: "mynumber-card-rate",
      name: "マイナンバーカード保有率",
    });
    expect(body.perCapitaNote).toBeNull();
    expect(body.series.map((s) => [s.origin, s.city])).toEqual([
      ["plan", "玉名市"],
      ["reference", "熊本市"],
    ]);
    const [tamana, kumamoto] = body.series;
    expect(tamana).toMatchObject({
      source: "tamana",
      indicatorName: "市民のマイナンバーカードの保有率",
      unit: "%",
      latest: { period: "FY2023", value: 72, printed: "72.0%", kind: "official" },
      target: { fiscalYear: 2023, value: 73.5 },
    });
    expect(tamana?.trend.slice(0, 2)).toEqual([
      { fiscalYear: 2022, actual: 62.8, target: 67, decimals: 1 },
      { fiscalYear: 2023, actual: 72, target: 73.5, decimals: 1 },
    ]);
    expect(kumamoto).toMatchObject({
      source: "熊本市",
      cityCode: "431001",
      targetText: "令和7年度末に80%",
      latest: { period: "2024-09", value: 77.1, kind: "interim" },
      target: { fiscalYear: 2025, value: 80 },
      trend: [
        { fiscalYear: 2023, actual: 74.5, target: null, decimals: 1 },
        { fiscalYear: 2024, actual: 77.1, target: null, decimals: 1 },
        { fiscalYear: 2025, actual: null, target: 80, decimals: 0 },
      ],
    });
    expect(JSON.stringify(body)).not.toMatch(/U[0-9a-f]{32}|Ulead/u);
  });

  it("shows a member their own plans, and another city's plan only once it is published", async () => {
    const { app } = createTestApp(t.db, line);
    const compare = async () => {
      const res = await get(
        app,
        "/api/catalog/online-procedures/compare",
        line.issueIdToken({ sub: LEAD }),
      );
      return (await res.json()) as { series: CompareSeries[] };
    };
    // Matsue has not published: its figures do not reach Tamana's staff.
    expect((await compare()).series.map((s) => s.source)).toEqual(["tamana"]);
    await setPlanPublished(t.db, "matsue", true);
    const body = await compare();
    expect(body.series.map((s) => [s.source, s.indicatorName])).toEqual([
      ["tamana", "新規でオンライン化した手続数（累計）"],
      ["matsue", "マイナポータルで可能になる子育て・介護関係の手続き数"],
    ]);
    expect(body.series[1]?.latest).toBeNull();
    expect(body.series[1]?.target).toMatchObject({ fiscalYear: 2022, value: 26 });
  });

  it("says when a per-capita comparison needs population data it does not have", async () => {
    const { app } = createTestApp(t.db, line);
    const res = await get(
      app,
      "/api/catalog/staff-count/compare",
      line.issueIdToken({ sub: LEAD }),
    );
    const body = (await res.json()) as { perCapitaNote: string | null; series: CompareSeries[] };
    expect(body.perCapitaNote).toContain("人口が登録されていない市");
    expect(body.series).toHaveLength(1);
    expect(body.series[0]?.perThousand).toBeNull();
  });

  it("gives the value per 1,000 residents once the plan has its population", async () => {
    // plan.yaml `population` (no seed prints one; the office sets it). Tamana ⑥-1: R5 確定 526人.
    await t.db.$client.execute(
      `update plans set population = '{"value":65000,"asOf":"2024-03-31"}', revision = revision + 1 where id = 'tamana'`,
    );
    const { app } = createTestApp(t.db, line);
    const res = await get(
      app,
      "/api/catalog/staff-count/compare",
      line.issueIdToken({ sub: LEAD }),
    );
    const body = (await res.json()) as { perCapitaNote: string | null; series: CompareSeries[] };
    expect(body.perCapitaNote).toBeNull();
    expect(body.series[0]?.latest).toMatchObject({ value: 526 });
    expect(body.series[0]?.perThousand).toEqual({
      latest: 8.09, // 526 / 65,000 × 1,000
      target: 8.15, // R5 目標 530人
      population: 65000,
      asOf: "2024-03-31",
    });
  });

  it("answers 404 for an unknown entry and 403 for a user of no plan", async () => {
    const { app } = createTestApp(t.db, line);
    const unknown = await get(
      app,
      "/api/catalog/no-such/compare",
      line.issueIdToken({ sub: LEAD }),
    );
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
    const stranger = await get(
      app,
      "/api/catalog/mynumber-card-rate/compare",
      line.issueIdToken({ sub: STRANGER }),
    );
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toMatchObject({ error: { code: "not_member" } });
  });
});
