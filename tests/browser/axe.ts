/**
 * WCAG 2.1 AA checks with axe-core in the browser tests (issue 11 §4; JIS X 8341-3, the bar for
 * Japanese public-sector sites, follows WCAG 2.1 AA).
 *
 * axe-core's source is evaluated in the page through the DevTools protocol (`page.evaluate`), not
 * added as a <script>, so that it runs under the pages' Content-Security-Policy without reporting a
 * violation of it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, ImpactValue, Result } from "axe-core";
import type { Page } from "playwright-core";

/** The WCAG 2.0 and 2.1 success criteria of levels A and AA, as axe-core tags its rules. */
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

/** The impacts that fail a test; `moderate` and `minor` findings are only listed. */
const FAILING: readonly ImpactValue[] = ["serious", "critical"];

let source: string | undefined;

function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve("axe-core"), "utf8");
  return source;
}

/** One finding, as a line a person can act on: rule, impact, element, what is wrong. */
export interface AxeFinding {
  rule: string;
  impact: ImpactValue | null;
  target: string;
  summary: string;
}

/**
 * Runs axe-core on the page as it is now (WCAG 2.1 A and AA rules), and returns every violation
 * node, one finding each. The page keeps axe loaded between calls.
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.evaluate(axeSource());
  const results = (await page.evaluate(
    async (tags) => {
      const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
      return axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      });
    },
    [...WCAG_21_AA],
  )) as AxeResults;
  return results.violations.flatMap((v: Result) =>
    v.nodes.map((node) => ({
      rule: v.id,
      impact: node.impact ?? v.impact ?? null,
      target: node.target.map(String).join(" "),
      summary: (node.failureSummary ?? v.help).replace(/\s+/gu, " ").trim(),
    })),
  );
}

/** The findings as the lines of an error message. */
export function formatFindings(findings: AxeFinding[]): string {
  return findings
    .map((f) => `  ${f.rule} [${f.impact ?? "?"}] ${f.target}\n    ${f.summary}`)
    .join("\n");
}

/**
 * Fails when axe-core finds a serious or critical WCAG 2.1 AA violation on the page as it is now,
 * listing each (rule id, impact, target selector, what to fix). `where` names the page and the
 * state in the message, e.g. `"board, lead, phone, filters open"`.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const findings = await axeFindings(page);
  const failing = findings.filter((f) => f.impact !== null && FAILING.includes(f.impact));
  if (failing.length > 0) {
    throw new Error(
      `axe-core: ${failing.length} serious or critical WCAG 2.1 AA violation(s) on ${where}:\n${formatFindings(failing)}`,
    );
  }
}
