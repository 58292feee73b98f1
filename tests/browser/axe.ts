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

/** The impacts that fail a test. */
const FAILING: readonly ImpactValue[] = ["serious", "critical"];

/**
 * Rules outside the WCAG tags (axe's best practices, of moderate impact) that are run as well and
 * fail a test whatever their impact: the structure a screen reader user moves by (WCAG 1.3.1 and
 * 2.4.1 in spirit): one main landmark, headings that do not skip a level.
 */
export const STRUCTURE_RULES: readonly string[] = ["landmark-one-main", "heading-order"];

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
 * Runs axe-core on the page as it is now (the WCAG 2.1 A and AA rules and {@link STRUCTURE_RULES}),
 * and returns every violation node, one finding each. The page keeps axe loaded between calls.
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.evaluate(axeSource());
  const results = (await page.evaluate(
    async ({ tags, rules }) => {
      const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
      return axe.run(document, {
        runOnly: { type: "tag", values: tags },
        rules: Object.fromEntries(rules.map((id) => [id, { enabled: true }])),
        resultTypes: ["violations"],
      });
    },
    { tags: [...WCAG_21_AA], rules: [...STRUCTURE_RULES] },
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
 * Fails when axe-core finds a serious or critical WCAG 2.1 AA violation, or a break of
 * {@link STRUCTURE_RULES}, on the page as it is now, listing each (rule id, impact, target selector,
 * what to fix). `where` names the page and the state in the message, e.g.
 * `"board, lead, phone, filters open"`.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const findings = await axeFindings(page);
  const failing = findings.filter(
    (f) => STRUCTURE_RULES.includes(f.rule) || (f.impact !== null && FAILING.includes(f.impact)),
  );
  if (failing.length > 0) {
    throw new Error(
      `axe-core: ${failing.length} violation(s) of WCAG 2.1 AA or the page structure on ${where}:\n${formatFindings(failing)}`,
    );
  }
}

/** One pair of colours that WCAG 1.4.11 (non-text contrast) asks 3:1 of, as the page draws them. */
export interface NonTextContrast {
  target: string;
  foreground: string;
  background: string;
  ratio: number;
}

/**
 * The contrast of each element matching `selector` against what is behind it, for what axe-core does
 * not check: graphical objects and the boundaries of form fields (WCAG 2.1 1.4.11, 3:1). `paint` is
 * the element's own colour: its background (a bar's fill) or its border (a text field). The colour
 * behind is the first opaque background among its ancestors (for a bar's fill: its track).
 */
export function nonTextContrast(
  page: Page,
  selector: string,
  paint: "background" | "border",
): Promise<NonTextContrast[]> {
  return page.evaluate(
    ({ selector, paint }) => {
      const rgb = (css: string) => {
        const m = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/?\s*([\d.]+))?\)/u.exec(css);
        return m
          ? { c: [m[1], m[2], m[3]].map(Number), a: m[4] === undefined ? 1 : Number(m[4]) }
          : null;
      };
      const luminance = (c: number[]) => {
        const [r = 0, g = 0, b = 0] = c.map((v) => {
          const x = v / 255;
          return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const behind = (el: Element): string => {
        for (let p = el.parentElement; p; p = p.parentElement) {
          const bg = getComputedStyle(p).backgroundColor;
          if ((rgb(bg)?.a ?? 0) === 1) return bg;
        }
        return "rgb(255, 255, 255)";
      };
      return [...document.querySelectorAll(selector)].map((el) => {
        const style = getComputedStyle(el);
        const foreground = paint === "background" ? style.backgroundColor : style.borderTopColor;
        const background = behind(el);
        const [l1, l2] = [
          luminance(rgb(foreground)?.c ?? [0, 0, 0]),
          luminance(rgb(background)?.c ?? [255, 255, 255]),
        ];
        const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
        const target = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
        return { target, foreground, background, ratio: Math.round(ratio * 100) / 100 };
      });
    },
    { selector, paint },
  );
}
