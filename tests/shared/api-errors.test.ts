/**
 * The API's error codes have one home (shared/api-errors.ts); docs/api.md documents them in a table.
 * This keeps the two in step, and checks the statuses the codes stand for.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_ERRORS, ApiError, isApiErrorCode } from "../../shared/api-errors.ts";

/** The rows of the first markdown table under `## Errors`: [code, status, meaning]. */
function documentedErrors(markdown: string): string[][] {
  const section = markdown.split(/^## /mu).find((s) => s.startsWith("Errors\n"));
  if (!section) throw new Error("docs/api.md has no ## Errors section");
  const rows = section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim()),
    );
  const [head, separator, ...body] = rows;
  expect(head).toEqual(["code", "status", "meaning"]);
  expect(separator?.every((cell) => /^-+$/u.test(cell))).toBe(true);
  return body;
}

describe("API error codes", () => {
  it("are documented in docs/api.md exactly as shared/api-errors.ts defines them", () => {
    const doc = readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8");
    const documented = documentedErrors(doc).map(([code, status, meaning]) => ({
      code: code?.replace(/^`|`$/gu, ""),
      status: Number(status),
      meaning,
    }));
    const defined = Object.entries(API_ERRORS).map(([code, e]) => ({
      code,
      status: e.status,
      meaning: e.meaning,
    }));
    expect(documented).toEqual(defined);
  });

  it("take their status from the table, so a code cannot answer with another status", () => {
    expect(new ApiError("not_member", "x").status).toBe(403);
    expect(new ApiError("conflict", "x", { current: 1 }).toBody()).toEqual({
      error: { code: "conflict", message: "x", details: { current: 1 } },
    });
    expect(new ApiError("invalid", "x").toBody()).toEqual({
      error: { code: "invalid", message: "x" },
    });
    expect(isApiErrorCode("not_member")).toBe(true);
    expect(isApiErrorCode("toString")).toBe(false);
  });
});
