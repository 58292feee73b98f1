/** @jsxImportSource hono/jsx */
/**
 * The public read-only page of a plan, `/public/<planId>`, once the office publishes it
 * (`npx shinchoku publish --plan <id>`): progress by initiative and a chart of target against actual
 * per indicator, for citizens. It shows no personal data: no LINE ids, no names of reporters, no
 * comments — only the plan, its grades and the current figures.
 *
 * Rendered with `hono/jsx`, which escapes every text and attribute value.
 *
 * @see https://hono.dev/docs/guides/jsx
 */
import { Hono } from "hono";
import { raw } from "hono/html";
import { Fragment } from "hono/jsx";
import { isPlanPublished } from "../db/owners.ts";
import { loadPlanView } from "../db/plans.ts";
import { latestCycle } from "../db/reminders.ts";
import type { CompareFigure, CompareSeries } from "../shared/compare.ts";
import { fiscalYearCode, formatFiscalYear, periodKeyText } from "../shared/fiscal-year.ts";
import { formatFigure } from "../shared/numbers.ts";
import {
  awaitingApproval,
  type IndicatorView,
  type InitiativeView,
  latestGrade,
  type PlanView,
  targetForYear,
} from "../shared/plan-view.ts";
import { rateHeadline } from "../shared/reporting-rate.ts";
import type { AppDeps, AppEnv } from "./deps.ts";
import { cycleReportingRate } from "./reminders/reporting.ts";
import { type CatalogComparison, compareCatalog } from "./usecases/compare-catalog.ts";

const STYLE = `body{font-family:"Noto Sans JP","Hiragino Sans",system-ui,sans-serif;margin:0;color:#1f2328;background:#f3f5f7}header{background:#fff;border-top:4px solid #06C755;padding:16px}main{max-width:960px;margin:0 auto;padding:12px}.initiative{background:#fff;border-radius:8px;padding:12px 16px;margin:12px 0}.code,.dept{color:#5f6b76;font-size:13px}h2{font-size:1.17em;margin:4px 0}h3{font-size:14px;margin:12px 0 4px}.grade{display:inline-block;background:#eef1f4;border-radius:999px;padding:2px 10px;margin:4px 6px 0 0;font-size:13px}.figures{border-collapse:collapse;font-size:13px}.figures th,.figures td{border:1px solid #dfe3e8;padding:2px 8px;text-align:right}footer{color:#5f6b76;font-size:12px;padding:16px;text-align:center}`;

/** An SVG bar chart: per 年度, the target (outline) and the official actual (filled), and a table. */
function Chart({ plan, indicator }: { plan: PlanView; indicator: IndicatorView }) {
  const years: number[] = [];
  for (let y = plan.startFiscalYear; y <= plan.endFiscalYear; y++) years.push(y);
  const rows = years.map((y) => ({
    y,
    target: targetForYear(indicator, y)?.value ?? null,
    actual:
      indicator.actuals.find((a) => a.period === `FY${y}` && a.kind === "official")?.value ?? null,
    // Only approved 確定値 are published; one still awaiting approval is said to be (issue 12 §4).
    awaiting: awaitingApproval(indicator, `FY${y}`) !== null,
  }));
  const max = Math.max(1, ...rows.flatMap((r) => [r.target ?? 0, r.actual ?? 0]));
  const w = 56 * years.length + 20;
  const h = 140;
  const figure = (value: number | null) =>
    value === null ? "—" : formatFigure(value, indicator.unit);
  return (
    <>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        width="100%"
        style={`max-width:${w}px`}
        role="img"
        aria-label={`${indicator.name}の目標と実績`}
      >
        <line x1="16" y1="110" x2={w} y2="110" stroke="#dfe3e8" />
        {rows.map((r, i) => {
          const x = 20 + i * 56;
          const th = r.target === null ? 0 : (r.target / max) * 100;
          const ah = r.actual === null ? 0 : (r.actual / max) * 100;
          return (
            <Fragment key={String(r.y)}>
              {r.target === null ? null : (
                <rect
                  x={x}
                  y={110 - th}
                  width="22"
                  height={th}
                  fill="none"
                  stroke="#5f6b76"
                  stroke-dasharray="3 2"
                >
                  <title>目標 {figure(r.target)}</title>
                </rect>
              )}
              {/* A darker LINE green: 5:1 on white, as WCAG 2.1 1.4.11 asks of a chart's bars. */}
              {r.actual === null ? null : (
                <rect x={x + 24} y={110 - ah} width="22" height={ah} fill="#06803a">
                  <title>実績 {figure(r.actual)}</title>
                </rect>
              )}
              <text x={x + 23} y="128" font-size="11" text-anchor="middle">
                {formatFiscalYear(r.y).replace("年度", "")}
              </text>
            </Fragment>
          );
        })}
      </svg>
      {"\n"}
      <table class="figures">
        <thead>
          <tr>
            <th>年度</th>
            <th>目標</th>
            <th>実績</th>
          </tr>
        </thead>
        <tbody>
          {rows
            .filter((r) => r.target !== null || r.actual !== null || r.awaiting)
            .map((r) => (
              <tr key={r.y}>
                <th>{formatFiscalYear(r.y)}</th>
                <td>{figure(r.target)}</td>
                <td>
                  {r.actual === null && r.awaiting ? "承認待ち" : figure(r.actual)}
                  {r.actual !== null && r.awaiting ? "（更新は承認待ち）" : ""}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </>
  );
}

function Initiative({ plan, initiative }: { plan: PlanView; initiative: InitiativeView }) {
  return (
    <section class="initiative">
      <div class="code">
        {plan.codeLabel} {initiative.code}
      </div>
      <h2>{initiative.title}</h2>
      <div class="dept">担当課: {initiative.departments.join("・")}</div>
      <div>
        {(["progress", "achievement"] as const).map((k) => {
          const g = latestGrade(initiative, k);
          const scale = plan.grades[k];
          return g && scale ? (
            <span class="grade" key={k}>
              {scale.label} {formatFiscalYear(g.fiscalYear)}: <b>{g.grade}</b>{" "}
              {scale.scale[g.grade] ?? "対象外"}
            </span>
          ) : null;
        })}
      </div>
      {initiative.indicators.map((ind) => (
        <div class="indicator" key={ind.id}>
          <h3>
            {ind.name}
            {ind.unit ? `（${ind.unit}）` : ""}
          </h3>
          <Chart plan={plan} indicator={ind} />
        </div>
      ))}
    </section>
  );
}

/** The latest reminder cycle's reporting rate, as an aggregate only: no 課 or person is named. */
async function publicRate(deps: AppDeps, plan: PlanView): Promise<string | null> {
  const cycle = await latestCycle(deps.db, plan.id);
  if (!cycle) return null;
  const rate = await cycleReportingRate(deps, plan, cycle);
  const headline = rateHeadline(rate);
  return headline ? `実績の提出状況（${periodKeyText(rate.period)}分）: ${headline}` : null;
}

/** A figure of a comparison with its unit and period (`72.0%（R5年度）`), `—` when there is none. */
function comparedFigure(f: CompareFigure | null, unit: string | null): string {
  if (!f) return "—";
  const shown = f.value === null ? (f.printed ?? "—") : formatFigure(f.value, unit, f.decimals);
  return `${shown}${f.kind === "interim" ? "（速報）" : ""}（${periodKeyText(f.period)}）`;
}

/** `R4 62.8% → R5 72.0%`: the actual by 年度. */
function trendText(s: CompareSeries): string {
  const points = s.trend.filter((p) => p.actual !== null);
  return points.length === 0
    ? "—"
    : points
        .map(
          (p) =>
            `${fiscalYearCode(p.fiscalYear)} ${formatFigure(p.actual as number, s.unit, p.decimals)}`,
        )
        .join(" → ");
}

/**
 * The plan's common indicators beside other cities' (issue 13 §2, docs/compare.md): published
 * plans of this server and the imported reference series; each city's own definition behind a tap.
 */
function Comparisons({ comparisons }: { comparisons: CatalogComparison[] }) {
  if (comparisons.length === 0) return null;
  return (
    <section class="initiative" aria-labelledby="compare-title" data-testid="compare">
      <h2 id="compare-title">ほかの市との比較（共通指標）</h2>
      <p class="dept">
        同じ共通指標を持つ、公開中のほかの計画と、取り込んだ他市の公開データ（参照データ）です。指標の定義は市ごとに少しずつ違うことがあります。
      </p>
      {comparisons.map(({ entry, series, perCapitaNote }) => (
        <Fragment key={entry.id}>
          <h3>{entry.name}</h3>
          <p class="dept">{entry.definition}</p>
          {perCapitaNote ? <p class="dept">{perCapitaNote}</p> : null}
          <table class="figures" data-catalog={entry.id}>
            <thead>
              <tr>
                <th scope="col">市</th>
                <th scope="col">最新の実績</th>
                <th scope="col">目標</th>
                <th scope="col">年度ごとの実績</th>
                <th scope="col">この市の指標と定義</th>
              </tr>
            </thead>
            <tbody>
              {series.map((s) => (
                <tr key={`${s.origin}:${s.source}:${s.indicatorName}`} data-city={s.city}>
                  <th scope="row">
                    {s.city}
                    {s.origin === "reference" ? "（参照データ）" : ""}
                  </th>
                  <td>
                    {comparedFigure(s.latest, s.unit)}
                    {s.perThousand?.latest != null ? (
                      <div>
                        人口千人当たり {s.perThousand.latest}
                        {s.unit ?? ""}
                      </div>
                    ) : null}
                  </td>
                  <td>{comparedFigure(s.target, s.unit)}</td>
                  <td>{trendText(s)}</td>
                  <td style="text-align:left">
                    <details>
                      <summary>{s.indicatorName ?? "—"}</summary>
                      {s.planName ? <div>{s.planName}</div> : null}
                      {s.baseline ? <div>基準: {s.baseline}</div> : null}
                      {s.targetText ? <div>目標（原文）: {s.targetText}</div> : null}
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Fragment>
      ))}
    </section>
  );
}

/**
 * The comparisons of a published plan's common indicators that have someone to compare with:
 * other published plans here or reference series (never an unpublished plan, never a person).
 */
async function publicComparisons(deps: AppDeps, plan: PlanView): Promise<CatalogComparison[]> {
  const ids = new Set(
    [...plan.kgis, ...plan.initiatives.flatMap((i) => i.indicators)].flatMap((ind) =>
      ind.catalog ? [ind.catalog] : [],
    ),
  );
  const out: CatalogComparison[] = [];
  for (const id of ids) {
    const result = await compareCatalog(deps, { kind: "public" }, id);
    if (result.ok && result.series.some((s) => s.source !== plan.id || s.origin !== "plan"))
      out.push(result);
  }
  return out;
}

function Page({
  plan,
  rate,
  comparisons,
}: {
  plan: PlanView;
  rate: string | null;
  comparisons: CatalogComparison[];
}) {
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {"\n"}
        <title>
          {plan.city} {plan.name}｜進捗の公開
        </title>
        {"\n"}
        <style>{raw(STYLE)}</style>
      </head>
      {"\n"}
      <body>
        <header>
          <div>{plan.city}</div>
          <h1 style="margin:4px 0;font-size:20px">{plan.name}</h1>
          <div style="font-size:13px;color:#5f6b76">
            計画期間 {formatFiscalYear(plan.startFiscalYear)}〜
            {formatFiscalYear(plan.endFiscalYear)}・{plan.initiativeLabel} {plan.initiatives.length}
            件。グラフの点線は目標、緑は実績（確定値）です。
          </div>
          {rate ? (
            <div class="rate" style="font-size:14px;margin-top:6px">
              {rate}
            </div>
          ) : null}
        </header>
        {"\n"}
        <main>
          {plan.initiatives.map((i) => (
            <Initiative key={i.id} plan={plan} initiative={i} />
          ))}
          <Comparisons comparisons={comparisons} />
        </main>
        <footer>このページは shinchoku で公開しています。</footer>
      </body>
    </html>
  );
}

function NotPublished() {
  return (
    <html lang="ja">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>見つかりません｜進捗の公開</title>
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <main>
          <h1 style="font-size:20px">見つかりません</h1>
          <p>この計画は公開されていません。</p>
        </main>
      </body>
    </html>
  );
}

export function publicRoutes() {
  return new Hono<AppEnv>().get("/:planId", async (c) => {
    const { deps } = c.var;
    const planId = c.req.param("planId");
    if (!(await isPlanPublished(deps.db, planId)))
      return c.html(`<!doctype html>${await (<NotPublished />).toString()}`, 404);
    const plan = await loadPlanView(deps.db, planId);
    if (!plan) return c.notFound();
    const rate = await publicRate(deps, plan);
    const comparisons = await publicComparisons(deps, plan);
    return c.html(
      `<!doctype html>${await (<Page plan={plan} rate={rate} comparisons={comparisons} />).toString()}`,
    );
  });
}
