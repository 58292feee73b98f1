/**
 * The command line's text has one home, bot/text/cli.ts (issue 15 §4): the command files (bot/cli/**)
 * and the doctor and setup checks (bot/setup/**) hold no Japanese string or template literal. Read
 * with the TypeScript compiler, so comments and identifiers do not count and every literal does,
 * whatever its quotes or line breaks.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { TABLE_COLUMNS } from "../../shared/import-format.ts";
import { templateText } from "../../bot/text/cli.ts";

/** Folders whose literals must not be Japanese. */
const SCANNED = ["bot/cli", "bot/setup"];

/**
 * Literals allowed to stay where they are, as `path: literal text`, each with the reason. Empty:
 * add an entry only for a literal that is not text for a person (a parsing rule, say).
 */
const ALLOWED: Record<string, string> = {};

/** Hiragana, katakana, CJK ideographs, full-width forms and Japanese punctuation (、。「」). */
const JAPANESE = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/u;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : /\.(ts|tsx|mts)$/u.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

/** Every string and template literal part of `file` with Japanese in it: `path:line: text`. */
function japaneseLiterals(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isStringLiteralLike(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)) &&
      JAPANESE.test(node.text)
    ) {
      const name = relative(process.cwd(), file);
      if (!(`${name}: ${node.text}` in ALLOWED)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push(`${name}:${line}: ${node.text}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the CLI's text lives in bot/text/cli.ts", () => {
  it("leaves no Japanese literal in bot/cli or bot/setup", () => {
    const files = SCANNED.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(15);
    expect(files.flatMap((f) => japaneseLiterals(f))).toEqual([]);
  });

  it("finds a Japanese literal of any form: quoted, template, template part", () => {
    const sample = [
      'const a = "計画";',
      "const b = `取組`;",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source as data
      "const c = (x: string) => `${x} は ${x}。`;",
      "fail('ありません');",
      "// 計画 in a comment is not a literal",
      "const ok = 'plain ascii';",
    ].join("\n");
    const found = japaneseLiterals("bot/cli/sample.ts", sample);
    expect(found.map((f) => f.replace(/^.*?:\d+: /u, ""))).toEqual([
      "計画",
      "取組",
      " は ",
      "。",
      "ありません",
    ]);
  });

  it("describes every column of the import format in the template, and only those", () => {
    for (const [table, columns] of Object.entries(templateText.columns)) {
      const format = TABLE_COLUMNS[table as keyof typeof TABLE_COLUMNS];
      const known = [...format.required, ...format.optional];
      for (const header of Object.keys(columns)) expect(known, table).toContain(header);
      // Every column is in the template: a required one or an import of it could never pass, an
      // optional one or a city filling in the template would not know it exists (issue 14).
      expect(Object.keys(columns).sort(), table).toEqual([...known].sort());
    }
    expect(Object.keys(templateText.columns).sort()).toEqual(Object.keys(TABLE_COLUMNS).sort());
  });
});
