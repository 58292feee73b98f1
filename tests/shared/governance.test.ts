/**
 * A plan's own 推進体制 (plan.yaml `governance`, issue 14 §3): read from YAML and from a workbook's
 * plan sheet alike, and refused with a clear message when a role lacks its holder.
 */
import { describe, expect, it } from "vitest";
import { parsePlanBundle, planFromRows } from "../../shared/plan-bundle.ts";
import { readGovernance } from "../../shared/plan-meta.ts";

const base = {
  "org_units.csv": "名称\n総務課\n",
  "branches.csv": "ID,階層,上位ID,記号,名称\n1,1,,柱1,柱\n",
  "initiatives.csv": "コード,取組名,体系ID,担当課\n①,取組,1,総務課\n",
};
const planYaml = (governance: string) =>
  `id: k\nname: 計画\ncity: 市\nperiod: { from: R7, to: R9 }\nlevels: [柱]\n${governance}`;

describe("governance", () => {
  it("reads roles from plan.yaml, the duty optional", () => {
    const result = parsePlanBundle({
      ...base,
      "plan.yaml": planYaml(
        "governance:\n  - { role: PMO, title: プロジェクトマネジメントオフィス, holder: DX推進課, duty: 進捗管理 }\n  - { role: PL, title: プロジェクトリーダー, holder: 各課の実務者 }\n",
      ),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.bundle.plan.governance).toEqual({
      roles: [
        {
          role: "PMO",
          title: "プロジェクトマネジメントオフィス",
          holder: "DX推進課",
          duty: "進捗管理",
        },
        { role: "PL", title: "プロジェクトリーダー", holder: "各課の実務者" },
      ],
      roadmaps: [],
    });
  });

  it("reads roles and roadmaps together, a row's periods in order, and refuses a roadmap without rows", () => {
    const result = parsePlanBundle({
      ...base,
      "plan.yaml": planYaml(
        [
          "governance:",
          "  roles:",
          "    - { role: PL, title: プロジェクトリーダー, holder: 各課の実務者 }",
          "  roadmaps:",
          "    - title: 中期ロードマップ",
          "      rows:",
          "        - code: No.5",
          "          label: 支所・出張所の機能強化",
          "          periods: [{ period: R6, text: 設置検討 }, { period: R10以降, text: 運営、検証 }]",
          "    - { title: 長期ロードマップ, note: 図から読み取ったもの, rows: [{ label: 土台形成 }] }",
          "",
        ].join("\n"),
      ),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { roles, roadmaps } = result.bundle.plan.governance;
    expect(roles.map((r) => r.role)).toEqual(["PL"]);
    expect(roadmaps[0]?.rows[0]?.periods).toEqual([
      { period: "R6", text: "設置検討" },
      { period: "R10以降", text: "運営、検証" },
    ]);
    expect(roadmaps[1]).toEqual({
      title: "長期ロードマップ",
      note: "図から読み取ったもの",
      rows: [{ label: "土台形成", periods: [] }],
    });
    const bad = parsePlanBundle({
      ...base,
      "plan.yaml": planYaml(
        "governance:\n  roadmaps:\n    - { title: 中期ロードマップ, rows: [] }\n",
      ),
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(JSON.stringify(bad.issues)).toContain(
      "ロードマップには行（rows）を1つ以上書いてください",
    );
  });

  it("defaults to none, and refuses a role without a holder, naming plan.yaml", () => {
    const none = parsePlanBundle({ ...base, "plan.yaml": planYaml("") });
    expect(none.ok && none.bundle.plan.governance).toEqual({ roles: [], roadmaps: [] });
    const bad = parsePlanBundle({
      ...base,
      "plan.yaml": planYaml("governance:\n  - { role: PO, title: プロジェクトオーナー }\n"),
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues[0]?.file).toBe("plan.yaml");
    expect(JSON.stringify(bad.issues)).toContain("holder");
  });

  it("reads a stored column written before roadmaps (the roles alone) as roles without roadmaps", () => {
    const pl = { role: "PL", title: "プロジェクトリーダー", holder: "各課の実務者" };
    expect(readGovernance([pl])).toEqual({ roles: [pl], roadmaps: [] });
    expect(readGovernance(null)).toEqual({ roles: [], roadmaps: [] });
  });

  it("reads the city's population (per-resident comparisons) and refuses one that is not a count", () => {
    const good = parsePlanBundle({
      ...base,
      "plan.yaml": planYaml(
        'population: { value: 65000, asOf: "2024-03-31", source: 住民基本台帳 }\n',
      ),
    });
    expect(good.ok && good.bundle.plan.population).toEqual({
      value: 65000,
      asOf: "2024-03-31",
      source: "住民基本台帳",
    });
    const bad = parsePlanBundle({
      ...base,
      "plan.yaml": planYaml('population: { value: -3, asOf: "2024-03-31" }\n'),
    });
    expect(bad.ok).toBe(false);
  });

  it("reads the workbook form: roles by ;, role|title|holder|duty by |", () => {
    const plan = planFromRows({
      rows: [
        { row: 1, cells: ["項目", "値"] },
        {
          row: 2,
          cells: [
            "governance",
            "PMO|プロジェクトマネジメントオフィス|DX推進課|進捗管理;PL|プロジェクトリーダー|各課の実務者",
          ],
        },
      ],
    });
    expect(plan.governance).toEqual([
      {
        role: "PMO",
        title: "プロジェクトマネジメントオフィス",
        holder: "DX推進課",
        duty: "進捗管理",
      },
      { role: "PL", title: "プロジェクトリーダー", holder: "各課の実務者" },
    ]);
  });
});
