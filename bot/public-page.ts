/**
 * The public read-only page of a plan, `/public/<planId>`, once the office publishes it
 * (`npx shinchoku publish --plan <id>`): progress by initiative and a chart of target against actual
 * per indicator, for citizens. It shows no personal data: no LINE ids, no names of reporters, no
 * comments — only the plan, its grades and the current figures.
 */
import { Hono } from "hono";
import { html, raw } from "hono/html";
import { loadPlanView } from "../db/plans.ts";
import { formatFiscalYear } from "../shared/fiscal-year.ts";
import { formatFigure } from "../shared/numbers.ts";
import {
  type IndicatorView,
  latestGrade,
  type PlanView,
  targetForYear,
} from "../shared/plan-view.ts";
import type { AppDeps } from "./deps.ts";

const esc = (s: string) => s.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);

/** An SVG bar chart: per 年度, the target (outline) and the official actual (filled). */
function chart(plan: PlanView, indicator: IndicatorView): string {
  const years: number[] = [];
  for (let y = plan.startFiscalYear; y <= plan.endFiscalYear; y++) years.push(y);
  const rows = years.map((y) => ({
    y,
    target: targetForYear(indicator, y)?.value ?? null,
    actual:
      indicator.actuals.find((a) => a.period === `FY${y}` && a.kind === "official")?.value ?? null,
  }));
  const max = Math.max(1, ...rows.flatMap((r) => [r.target ?? 0, r.actual ?? 0]));
  const w = 56 * years.length + 20;
  const h = 140;
  const bars = rows
    .map((r, i) => {
      const x = 20 + i * 56;
      const th = r.target === null ? 0 : (r.target / max) * 100;
      const ah = r.actual === null ? 0 : (r.actual / max) * 100;
      return [
        r.target === null
          ? ""
          : `<rect x="${x}" y="${110 - th}" width="22" height="${th}" fill="none" stroke="#5f6b76" stroke-dasharray="3 2"><title>目標 ${esc(formatFigure(r.target, indicator.unit))}</title></rect>`,
        r.actual === null
          ? ""
          : `<rect x="${x + 24}" y="${110 - ah}" width="22" height="${ah}" fill="#06C755"><title>実績 ${esc(formatFigure(r.actual, indicator.unit))}</title></rect>`,
        `<text x="${x + 23}" y="128" font-size="11" text-anchor="middle">${esc(formatFiscalYear(r.y).replace("年度", ""))}</text>`,
      ].join("");
    })
    .join("");
  const table = rows
    .filter((r) => r.target !== null || r.actual !== null)
    .map(
      (r) =>
        `<tr><th>${esc(formatFiscalYear(r.y))}</th><td>${r.target === null ? "—" : esc(formatFigure(r.target, indicator.unit))}</td><td>${r.actual === null ? "—" : esc(formatFigure(r.actual, indicator.unit))}</td></tr>`,
    )
    .join("");
  return `<svg viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px" role="img" aria-label="${esc(indicator.name)}の目標と実績"><line x1="16" y1="110" x2="${w}" y2="110" stroke="#dfe3e8"/>${bars}</svg>
<table class="figures"><thead><tr><th>年度</th><th>目標</th><th>実績</th></tr></thead><tbody>${table}</tbody></table>`;
}

function page(plan: PlanView): string {
  const cards = plan.initiatives
    .map((i) => {
      const grades = (["progress", "achievement"] as const)
        .map((k) => {
          const g = latestGrade(i, k);
          const scale = plan.grades[k];
          return g && scale
            ? `<span class="grade">${esc(scale.label)} ${esc(formatFiscalYear(g.fiscalYear))}: <b>${esc(g.grade)}</b> ${esc(scale.scale[g.grade] ?? "対象外")}</span>`
            : "";
        })
        .join("");
      const indicators = i.indicators
        .map(
          (ind) =>
            `<div class="indicator"><h4>${esc(ind.name)}${ind.unit ? `（${esc(ind.unit)}）` : ""}</h4>${chart(plan, ind)}</div>`,
        )
        .join("");
      return `<section class="initiative"><div class="code">${esc(plan.codeLabel)} ${esc(i.code)}</div><h3>${esc(i.title)}</h3><div class="dept">担当課: ${esc(i.departments.join("・"))}</div><div>${grades}</div>${indicators}</section>`;
    })
    .join("");
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(plan.city)} ${esc(plan.name)}｜進捗の公開</title>
<style>body{font-family:"Noto Sans JP","Hiragino Sans",system-ui,sans-serif;margin:0;color:#1f2328;background:#f3f5f7}header{background:#fff;border-top:4px solid #06C755;padding:16px}main{max-width:960px;margin:0 auto;padding:12px}.initiative{background:#fff;border-radius:8px;padding:12px 16px;margin:12px 0}.code,.dept{color:#5f6b76;font-size:13px}h3{margin:4px 0}h4{font-size:14px;margin:12px 0 4px}.grade{display:inline-block;background:#eef1f4;border-radius:999px;padding:2px 10px;margin:4px 6px 0 0;font-size:13px}.figures{border-collapse:collapse;font-size:13px}.figures th,.figures td{border:1px solid #dfe3e8;padding:2px 8px;text-align:right}footer{color:#5f6b76;font-size:12px;padding:16px;text-align:center}</style></head>
<body><header><div>${esc(plan.city)}</div><h1 style="margin:4px 0;font-size:20px">${esc(plan.name)}</h1><div style="font-size:13px;color:#5f6b76">計画期間 ${esc(formatFiscalYear(plan.startFiscalYear))}〜${esc(formatFiscalYear(plan.endFiscalYear))}・${esc(plan.initiativeLabel)} ${plan.initiatives.length}件。グラフの点線は目標、緑は実績（確定値）です。</div></header>
<main>${cards}</main><footer>このページは shinchoku で公開しています。</footer></body></html>`;
}

export function publicRoutes(deps: AppDeps) {
  const app = new Hono();
  app.get("/:planId", async (c) => {
    const planId = c.req.param("planId");
    const published = await deps.db.$client.execute({
      sql: "select published from plans where id = ?",
      args: [planId],
    });
    if (!published.rows[0]?.published) {
      return c.html(
        html`<!doctype html><html lang="ja"><meta charset="utf-8"><title>見つかりません</title><p>この計画は公開されていません。</p></html>`,
        404,
      );
    }
    const plan = await loadPlanView(deps.db, planId);
    if (!plan) return c.notFound();
    return c.html(raw(page(plan)));
  });
  return app;
}
