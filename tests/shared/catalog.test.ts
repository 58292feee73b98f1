/** The common-indicator catalog (shared/catalog.ts), its import column 共通指標, and its use by the forecast. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPlanView } from "../../db/plans.ts";
import { BUNDLED_PLANS_DIR, readPlanFolder } from "../../io/plan-files.ts";
import { CATALOG, findCatalogEntry } from "../../shared/catalog.ts";
import { measureOf } from "../../shared/forecast.ts";
import { normalizeUnit } from "../../shared/numbers.ts";
import { parsePlanBundle } from "../../shared/plan-bundle.ts";
import { createTestDatabase } from "../support/db.ts";

const TAMANA_MAPPED = {
  "⑥-1": "staff-count",
  "⑬-1": "overtime-45h-person-months",
  "⑭-2": "annual-leave-days",
  "⑮-1": "online-procedures",
  "⑮-2": "mynumber-card-rate",
  "⑯-1": "convenience-store-issuance-rate",
  "⑱-1": "rpa-ai-operations",
  "⑲-1": "paperless-meeting-rate",
};

describe("the catalog", () => {
  it("has one entry per id and name, units as the importer writes them, and checked https links", () => {
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length);
    expect(new Set(CATALOG.map((e) => e.name)).size).toBe(CATALOG.length);
    for (const e of CATALOG) {
      expect(e.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/u);
      expect(normalizeUnit(e.unit)).toBe(e.unit);
      expect(e.definition.length).toBeGreaterThan(10);
      if (e.measure === "rate") expect(e.unit).toBe("%");
      if (e.source?.url) expect(e.source.url).toMatch(/^https:\/\//u);
    }
    expect(CATALOG.length).toBeGreaterThanOrEqual(9);
  });

  it("is the table docs/catalog.md shows", () => {
    const doc = readFileSync(new URL("../../docs/catalog.md", import.meta.url), "utf8");
    for (const e of CATALOG) expect(doc).toContain(`| \`${e.id}\` | ${e.name} | ${e.unit} |`);
  });

  it("finds an entry by id or by name, full-width or not", () => {
    expect(findCatalogEntry("mynumber-card-rate")?.name).toBe("マイナンバーカード保有率");
    expect(findCatalogEntry(" マイナンバーカード保有率 ")?.id).toBe("mynumber-card-rate");
    expect(findCatalogEntry("ＳＴＡＦＦ－ＣＯＵＮＴ")?.id).toBe("staff-count");
    expect(findCatalogEntry("職員数")?.id).toBe("staff-count");
    expect(findCatalogEntry("保有率")).toBeNull();
  });

  it("tells the forecast what a figure is, over the guess from its name", () => {
    const leave = { unit: "日", name: "職員の年次有給休暇平均取得日数" };
    expect(measureOf(leave)).toBe("level");
    expect(measureOf({ ...leave, catalog: "annual-leave-days" })).toBe("cumulative");
    expect(measureOf({ ...leave, catalog: "no-such-entry" })).toBe("level");
  });
});

describe("the 共通指標 column", () => {
  async function tamanaWith(edit: (line: string) => string) {
    const files = await readPlanFolder(join(BUNDLED_PLANS_DIR, "tamana"));
    const csv = files["indicators.csv"] ?? "";
    return parsePlanBundle({ ...files, "indicators.csv": csv.split("\n").map(edit).join("\n") });
  }

  it("maps the bundled Tamana plan where the definitions match, and nothing else", async () => {
    const parsed = await tamanaWith((l) => l);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const mapped = Object.fromEntries(
      parsed.bundle.indicators.filter((i) => i.catalog).map((i) => [i.id, i.catalog]),
    );
    expect(mapped).toEqual(TAMANA_MAPPED);
    for (const plan of ["matsue", "tottori", "inzai"]) {
      const other = parsePlanBundle(await readPlanFolder(join(BUNDLED_PLANS_DIR, plan)));
      if (!other.ok) throw new Error(plan);
      expect(other.bundle.indicators.filter((i) => i.catalog)).toEqual([]);
    }
  });

  it("takes an entry's name and stores its id", async () => {
    const parsed = await tamanaWith((l) =>
      l.startsWith("⑮-2,") ? l.replace(/mynumber-card-rate$/u, "マイナンバーカード保有率") : l,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.bundle.indicators.find((i) => i.id === "⑮-2")?.catalog).toBe(
      "mynumber-card-rate",
    );
  });

  it("refuses an entry the catalog does not have, and one in another unit, with row and column", async () => {
    const parsed = await tamanaWith((l) =>
      l.startsWith("⑮-2,")
        ? l.replace(/mynumber-card-rate$/u, "保有率")
        : l.startsWith("⑮-1,")
          ? l.replace(/online-procedures$/u, "mynumber-card-rate")
          : l,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual([
      expect.objectContaining({
        file: "indicators.csv",
        row: 21,
        column: expect.stringContaining("共通指標"),
        message: "共通指標「マイナンバーカード保有率」の単位は「%」です（この指標は「手続」）。",
      }),
      expect.objectContaining({
        file: "indicators.csv",
        row: 22,
        column: expect.stringContaining("共通指標"),
        message: expect.stringContaining("共通指標「保有率」はカタログにありません"),
      }),
    ]);
  });

  it("is stored on the indicator and read back in the plan view", async () => {
    const t = await createTestDatabase({ plans: ["tamana"] });
    try {
      const view = await loadPlanView(t.db, "tamana");
      const all = view?.initiatives.flatMap((i) => i.indicators) ?? [];
      expect(all.find((i) => i.key === "⑮-2")?.catalog).toBe("mynumber-card-rate");
      expect(all.find((i) => i.key === "①-1")?.catalog).toBeNull();
    } finally {
      t.close();
    }
  });
});
