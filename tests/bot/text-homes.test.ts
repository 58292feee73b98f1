/**
 * One text module per surface (issue 15 §4; docs/architecture.md "Text for people"): what the bot
 * sends on LINE is in bot/text/line.ts, what the use cases say in bot/text/usecases.ts, the API's
 * words in bot/text/api.ts. Every other file under bot/ holds no Japanese string or template literal,
 * except the few on {@link ALLOWED}, each with its reason. bot/cli/** and bot/setup/** have their own
 * home (bot/text/cli.ts) and their own test.
 *
 * The literals are read with the TypeScript compiler's parser, so comments (which may be Japanese)
 * and regular expressions (vocabulary the code matches against) are not literals.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { classifyMessage } from "../../bot/chat/classify.ts";
import { classifyQuestion } from "../../bot/chat/questions.ts";
import { questionWords, replyWords } from "../../bot/text/line.ts";
import { parseReply } from "../../shared/reply-parser.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** Not scanned: the text modules themselves, and the CLI and setup (their own home and test). */
const NOT_SCANNED = /^bot\/(text|cli|setup)\//u;

/** Files that may hold Japanese literals, and why. */
const ALLOWED: Record<string, string> = {
  "bot/export/report-model.ts":
    "the 進行管理報告書's own headings and wording, as the city's template prints them (docs/exports.md)",
  "bot/export/report-pdf.ts": "the 進行管理報告書's own headings in the PDF (docs/exports.md)",
  "bot/export/report-xlsx.ts":
    "the 進行管理報告書's own headings in the workbook (docs/exports.md)",
  "bot/export/opendata.ts":
    "the open data's published column names and codes, a file format rather than text (docs/exports.md)",
  "bot/export/backup.ts":
    "errors of reading a backup, printed only by the CLI's restore (to move with bot/text/cli.ts)",
  "bot/demo.ts": "demo data written into the database (the demo members' names, the plan's suffix)",
  "bot/public-page.tsx":
    "the public page for residents is a surface of its own (HTML); its words stay with its markup",
};

/** Hiragana, katakana, CJK ideographs and full-width forms: what makes a literal Japanese text. */
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/u;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/u.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

/** The Japanese string, template and JSX text literals of a source, as `line: text`. */
function japaneseLiterals(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isStringLiteralLike(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node) ||
        ts.isJsxText(node)) &&
      JAPANESE.test(node.text)
    ) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${line + 1}: ${node.text.trim().slice(0, 40)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const scanned = sourceFiles(join(ROOT, "bot")).filter((f) => !NOT_SCANNED.test(f));
const literalsOf = (file: string) => japaneseLiterals(file, readFileSync(join(ROOT, file), "utf8"));

describe("text homes", () => {
  it("keeps Japanese literals out of bot/ except in bot/text/ and the allowed files", () => {
    const found = scanned
      .filter((f) => !(f in ALLOWED))
      .flatMap((f) => literalsOf(f).map((l) => `${f}:${l}`));
    expect(found).toEqual([]);
  });

  it("allows only files that still need it", () => {
    const stale = Object.keys(ALLOWED).filter(
      (f) => !scanned.includes(f) || literalsOf(f).length === 0,
    );
    expect(stale).toEqual([]);
  });

  it("finds a Japanese literal put back into a chat file, but not a comment or a pattern", () => {
    const file = "bot/chat/reports.ts";
    const text = readFileSync(join(ROOT, file), "utf8");
    expect(japaneseLiterals(file, text)).toEqual([]);
    expect(japaneseLiterals(file, `${text}\nexport const again = "取り消しました";\n`)).toEqual([
      expect.stringMatching(/: 取り消しました$/u),
    ]);
    expect(
      japaneseLiterals(file, `${text}\nexport const t = (n: number) => \`\${n}件\`;\n`),
    ).toHaveLength(1);
    expect(japaneseLiterals(file, `${text}\n// 取消\nexport const w = /^取消$/u;\n`)).toEqual([]);
  });

  it("shows only answer words the chat recognises", () => {
    expect(parseReply(replyWords.undo).kind).toBe("undo");
    expect(parseReply(replyWords.yes).kind).toBe("yes");
    expect(parseReply(replyWords.no).kind).toBe("no");
    expect(classifyMessage(replyWords.none, null, true).kind).toBe("skip");
    expect(classifyMessage(replyWords.later, null, true).kind).toBe("later");
  });

  it("has the rich menus send only questions the chat recognises", () => {
    expect(classifyQuestion(questionWords.help, [])?.kind).toBe("help");
    expect(classifyQuestion(questionWords.overall, [])?.kind).toBe("overall");
    expect(classifyQuestion(questionWords.mine, [])?.kind).toBe("mine");
    expect(classifyQuestion(questionWords.missing, [])?.kind).toBe("missing");
    expect(classifyQuestion(questionWords.members, [])?.kind).toBe("members");
  });
});
