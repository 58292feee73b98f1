/**
 * Rich menus, against the fake LINE at the HTTP level: `richmenu deploy` (menus, images, aliases,
 * default, bulk links, old menus deleted), linking on join and on a role change, and the menu's
 * postbacks. The database is real libSQL with the Tamana plan.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { loadImage } from "@napi-rs/canvas";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runReminderCycle } from "../../bot/reminders/cycle.ts";
import { deployRichMenus, pngDimensions } from "../../bot/richmenu/deploy.ts";
import { RICH_MENU_FONT_FAMILY, richMenuFontPath } from "../../bot/richmenu/draw.ts";
import { createInvite } from "../../db/invites.ts";
import { addMember } from "../../db/members.ts";
import { getDeployedRichMenus } from "../../db/rich-menus.ts";
import * as s from "../../db/schema.ts";
import { createTestApp, TEST_ACCESS_TOKEN, TEST_CHANNEL_SECRET } from "../support/app.ts";
import { deliver, postbackEvent, say } from "../support/chat.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { type FakeLine, type FakeRichMenu, startFakeLine } from "../support/fake-line.ts";

const LIFF_ID = "1234567890-AbCdEfGh";
const SOMU = "Usomu0000000000000000000000000001";
const ZAISEI = "Uzaisei00000000000000000000000001";
const OFFICE = "Uoffice0000000000000000000000001";
const VIEWER = "Uviewer0000000000000000000000001";
const NEWCOMER = "Unewcomer000000000000000000000001";
const FAST = { retryDelaysMs: [5, 5], timeoutMs: 300 };

let t: TestDatabase;
let line: FakeLine;
let harness: ReturnType<typeof createTestApp>;

beforeEach(async () => {
  t = await createTestDatabase({ plans: ["tamana"] });
  line = await startFakeLine();
  harness = createTestApp(t.db, line, { liffId: LIFF_ID });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await line.stop();
  t.close();
});

async function addTeam() {
  await addMember(t.db, { planId: "tamana", lineUserId: SOMU, role: "lead", department: "総務課" });
  await addMember(t.db, {
    planId: "tamana",
    lineUserId: ZAISEI,
    role: "lead",
    department: "財政課",
  });
  await addMember(t.db, { planId: "tamana", lineUserId: OFFICE, role: "office" });
  await addMember(t.db, { planId: "tamana", lineUserId: VIEWER, role: "viewer" });
}

const requestsTo = (method: string, pattern: RegExp) =>
  line.requests.filter((r) => r.method === method && pattern.test(r.path));

function menuOf(aliasId: string): FakeRichMenu {
  const id = line.richMenuAliases.get(aliasId);
  const menu = id ? line.richMenus.get(id) : undefined;
  if (!menu) throw new Error(`no menu behind alias ${aliasId}`);
  return menu;
}

const actions = (menu: FakeRichMenu) => menu.menu.areas.map((a) => a.action);

/** Fraction of dark pixels (label ink) in a box of the image. */
async function inkIn(png: Buffer, box: { x: number; y: number; width: number; height: number }) {
  const { createCanvas } = await import("@napi-rs/canvas");
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const { data } = ctx.getImageData(box.x, box.y, box.width, box.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4)
    if ((data[i] ?? 255) < 80 && (data[i + 1] ?? 255) < 80 && (data[i + 2] ?? 255) < 80) dark++;
  return dark / (data.length / 4);
}

describe("npx shinchoku richmenu deploy", () => {
  it("creates the lead and office menus with their labels, areas and images", async () => {
    await addTeam();
    const report = await deployRichMenus(harness.deps);

    const created = requestsTo("POST", /^\/v2\/bot\/richmenu$/u);
    expect(created.map((r) => r.status)).toEqual([200, 200]);
    expect(line.richMenus.size).toBe(2);

    const lead = menuOf("shinchoku-lead");
    const office = menuOf("shinchoku-office");
    for (const m of [lead, office]) {
      expect(m.menu.size).toEqual({ width: 2500, height: 843 });
      expect(m.menu.selected).toBe(true);
    }
    // Areas side by side, covering the whole picture without overlap: four for a lead.
    expect(lead.menu.areas.map((a) => a.bounds)).toEqual([
      { x: 0, y: 0, width: 625, height: 843 },
      { x: 625, y: 0, width: 625, height: 843 },
      { x: 1250, y: 0, width: 625, height: 843 },
      { x: 1875, y: 0, width: 625, height: 843 },
    ]);
    // Five for the office.
    expect(office.menu.areas.map((a) => a.bounds)).toEqual([
      { x: 0, y: 0, width: 500, height: 843 },
      { x: 500, y: 0, width: 500, height: 843 },
      { x: 1000, y: 0, width: 500, height: 843 },
      { x: 1500, y: 0, width: 500, height: 843 },
      { x: 2000, y: 0, width: 500, height: 843 },
    ]);
    expect(actions(lead)).toEqual([
      {
        type: "postback",
        label: "今月の報告",
        data: "action=report",
        displayText: "今月の報告",
      },
      { type: "uri", label: "ボード", uri: `https://liff.line.me/${LIFF_ID}` },
      { type: "message", label: "自分の指標", text: "私の指標" },
      { type: "message", label: "ヘルプ", text: "ヘルプ" },
    ]);
    expect(actions(office)).toEqual([
      { type: "message", label: "全体の状況", text: "全体の状況" },
      {
        type: "postback",
        label: "ダイジェスト",
        data: "action=digest-preview",
        displayText: "ダイジェスト",
      },
      // The office's reporting page in the LIFF app: this cycle per 課 and lead, run, follow-up.
      { type: "uri", label: "提出状況", uri: `https://liff.line.me/${LIFF_ID}/reminders` },
      // メンバー: the list, invites with their QR code, changes of role or 課.
      { type: "uri", label: "メンバー", uri: `https://liff.line.me/${LIFF_ID}/members` },
      { type: "uri", label: "ボード", uri: `https://liff.line.me/${LIFF_ID}` },
    ]);

    // Images went to the data API as PNGs of the menu's size, under 1 MB.
    const uploads = requestsTo("POST", /^\/v2\/bot\/richmenu\/richmenu-[0-9a-f]+\/content$/u);
    expect(uploads).toHaveLength(2);
    for (const u of uploads) {
      expect(u.status).toBe(200);
      expect(u.headers["content-type"]).toBe("image/png");
      expect(u.headers.authorization).toBe(`Bearer ${TEST_ACCESS_TOKEN}`);
      expect(u.bytes.length).toBeGreaterThan(10_000);
      expect(u.bytes.length).toBeLessThan(1024 * 1024);
    }
    for (const m of [lead, office]) {
      const image = m.image;
      if (!image) throw new Error("no image uploaded");
      expect(image.contentType).toBe("image/png");
      expect([...image.data.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      expect(pngDimensions(image.data)).toEqual({ width: 2500, height: 843 });
      expect(image.bytes).toBeLessThan(1024 * 1024);
      // Every area has its label drawn below its icon.
      for (const a of m.menu.areas) {
        const ink = await inkIn(image.data, { ...a.bounds, y: 580, height: 160 });
        expect(ink).toBeGreaterThan(0.02);
      }
    }

    expect(line.richMenuAliases.get("shinchoku-lead")).toBe(lead.richMenuId);
    expect(line.richMenuAliases.get("shinchoku-office")).toBe(office.richMenuId);
    expect(line.defaultRichMenuId).toBe(lead.richMenuId);
    expect(requestsTo("POST", /^\/v2\/bot\/user\/all\/richmenu\//u)).toHaveLength(1);

    const stored = await getDeployedRichMenus(t.db);
    expect(stored.lead).toMatchObject({ richMenuId: lead.richMenuId, aliasId: "shinchoku-lead" });
    expect(stored.office).toMatchObject({
      richMenuId: office.richMenuId,
      aliasId: "shinchoku-office",
    });

    // Members are linked by role: leads and viewers to the lead menu, the office to its own.
    expect(Object.fromEntries(line.userRichMenus)).toEqual({
      [SOMU]: lead.richMenuId,
      [ZAISEI]: lead.richMenuId,
      [VIEWER]: lead.richMenuId,
      [OFFICE]: office.richMenuId,
    });
    expect(report).toMatchObject({
      linked: { lead: 3, office: 1 },
      bulkRequests: 2,
      linkFailures: [],
      deleted: [],
    });
    expect(report.menus.map((m) => m.alias)).toEqual(["created", "created"]);
  });

  it("draws the labels with the npm-packaged Noto Sans JP, not a system font", () => {
    expect(richMenuFontPath()).toMatch(
      /node_modules\/@fontsource\/noto-sans-jp\/files\/noto-sans-jp-japanese-700-normal\.woff2$/u,
    );
    expect(existsSync(richMenuFontPath())).toBe(true);
    expect(RICH_MENU_FONT_FAMILY).not.toMatch(/^Noto Sans (CJK )?JP$/u);
  });

  it("links members in bulk requests of at most 500 user IDs", async () => {
    const leads = Array.from(
      { length: 1201 },
      (_, i) => `U${i.toString(16).padStart(32, "0")}` as const,
    );
    for (let i = 0; i < leads.length; i += 100) {
      await t.db.insert(s.members).values(
        leads.slice(i, i + 100).map((lineUserId) => ({
          planId: "tamana",
          lineUserId,
          role: "lead" as const,
        })),
      );
    }
    await addMember(t.db, { planId: "tamana", lineUserId: OFFICE, role: "office" });
    await addMember(t.db, {
      planId: "tamana",
      lineUserId: "Uinactive00000000000000000000001",
      role: "lead",
      department: "総務課",
    });
    await t.db.$client.execute(
      "update members set active = 0 where line_user_id = 'Uinactive00000000000000000000001'",
    );

    const report = await deployRichMenus(harness.deps);
    const bulk = requestsTo("POST", /^\/v2\/bot\/richmenu\/bulk\/link$/u);
    const sizes = bulk.map((r) => (r.body as { userIds: string[] }).userIds.length);
    expect(sizes).toEqual([500, 500, 201, 1]);
    expect(bulk.every((r) => r.status === 202)).toBe(true);
    const lead = menuOf("shinchoku-lead");
    const linkedToLead = bulk
      .filter((r) => (r.body as { richMenuId: string }).richMenuId === lead.richMenuId)
      .flatMap((r) => (r.body as { userIds: string[] }).userIds);
    expect(new Set(linkedToLead)).toEqual(new Set(leads));
    expect(line.userRichMenus.get(OFFICE)).toBe(menuOf("shinchoku-office").richMenuId);
    expect(line.userRichMenus.has("Uinactive00000000000000000000001")).toBe(false);
    expect(report.linked).toEqual({ lead: 1201, office: 1 });
  });

  it("updates the aliases on a second deploy and deletes the menus it made before", async () => {
    await addTeam();
    await deployRichMenus(harness.deps);
    const first = [menuOf("shinchoku-lead").richMenuId, menuOf("shinchoku-office").richMenuId];
    line.reset();

    const report = await deployRichMenus(harness.deps);
    expect(report.menus.map((m) => m.alias)).toEqual(["updated", "updated"]);
    expect(requestsTo("POST", /^\/v2\/bot\/richmenu\/alias$/u)).toHaveLength(0);
    expect(
      requestsTo("POST", /^\/v2\/bot\/richmenu\/alias\/shinchoku-(lead|office)$/u),
    ).toHaveLength(2);
    const second = [menuOf("shinchoku-lead").richMenuId, menuOf("shinchoku-office").richMenuId];
    expect(second).not.toEqual(first);
    expect(
      requestsTo("DELETE", /^\/v2\/bot\/richmenu\//u)
        .map((r) => r.path.split("/").pop())
        .sort(),
    ).toEqual([...first].sort());
    expect(report.deleted.sort()).toEqual([...first].sort());
    expect([...line.richMenus.keys()].sort()).toEqual([...second].sort());
    expect(line.defaultRichMenuId).toBe(second[0]);
    expect(line.userRichMenus.get(OFFICE)).toBe(second[1]);
  });

  it("removes the menus it made when an image upload fails, and keeps the earlier deployment", async () => {
    await addTeam();
    await deployRichMenus(harness.deps);
    const before = await getDeployedRichMenus(t.db);
    const beforeIds = [...line.richMenus.keys()];
    // Uploads go to /v2/bot/richmenu/<new id>/content: fail every upload of the next menu.
    const original = line.richMenus.set.bind(line.richMenus);
    vi.spyOn(line.richMenus, "set").mockImplementation((id, menu) => {
      line.failNext(`/v2/bot/richmenu/${id}/content`, 500);
      return original(id, menu);
    });
    await expect(deployRichMenus(harness.deps)).rejects.toThrow(
      "リッチメニューを作成できませんでした: 500",
    );
    expect([...line.richMenus.keys()].sort()).toEqual(beforeIds.sort());
    expect(await getDeployedRichMenus(t.db)).toEqual(before);
    expect(line.richMenuAliases.get("shinchoku-lead")).toBe(before.lead?.richMenuId);
  });

  it("without LIFF_ID, ボード is a postback that explains what the board needs", async () => {
    await addTeam();
    const noLiff = createTestApp(t.db, line, { liffId: null });
    await deployRichMenus(noLiff.deps);
    for (const alias of ["shinchoku-lead", "shinchoku-office"]) {
      expect(actions(menuOf(alias))).toContainEqual({
        type: "postback",
        label: "ボード",
        data: "action=board-setup",
        displayText: "ボード",
      });
    }
    // Without the LIFF app, 提出状況 asks the chat who has not reported, and メンバー who the members are.
    expect(actions(menuOf("shinchoku-office"))).toContainEqual({
      type: "message",
      label: "未報告",
      text: "未報告",
    });
    expect(actions(menuOf("shinchoku-office"))).toContainEqual({
      type: "message",
      label: "メンバー",
      text: "メンバー",
    });
    expect(await say(noLiff, line, OFFICE, "メンバー")).toContain("【メンバー】");
    const [answer] = await deliver(noLiff, line, [postbackEvent("action=board-setup", SOMU)]);
    expect(answer?.text).toContain("LIFF_ID");
    expect(answer?.text).toContain("npx shinchoku richmenu deploy");
  });
});

describe("linking a user to the menu of their role", () => {
  it("links a user who joins by invite code to their role's menu", async () => {
    await deployRichMenus(harness.deps);
    const lead = menuOf("shinchoku-lead").richMenuId;
    const office = menuOf("shinchoku-office").richMenuId;
    const asLead = await createInvite(t.db, {
      planId: "tamana",
      department: "総務課",
      role: "lead",
      now: new Date("2024-06-10T00:00:00Z"),
    });
    const asOffice = await createInvite(t.db, {
      planId: "tamana",
      department: null,
      role: "office",
      now: new Date("2024-06-10T00:00:00Z"),
    });
    expect(await say(harness, line, SOMU, asLead.code)).toContain("登録しました");
    expect(await say(harness, line, NEWCOMER, asOffice.code)).toContain("登録しました");
    expect(
      requestsTo("POST", new RegExp(`^/v2/bot/user/${SOMU}/richmenu/${lead}$`, "u")),
    ).toHaveLength(1);
    expect(
      requestsTo("POST", new RegExp(`^/v2/bot/user/${NEWCOMER}/richmenu/${office}$`, "u")),
    ).toHaveLength(1);
    expect(line.userRichMenus.get(SOMU)).toBe(lead);
    expect(line.userRichMenus.get(NEWCOMER)).toBe(office);
  });

  it("still answers the join when linking fails, and logs the failure", async () => {
    await deployRichMenus(harness.deps);
    const lead = menuOf("shinchoku-lead").richMenuId;
    line.failNext(`/v2/bot/user/${SOMU}/richmenu/${lead}`, 500);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const { code } = await createInvite(t.db, {
      planId: "tamana",
      department: "総務課",
      role: "lead",
      now: new Date("2024-06-10T00:00:00Z"),
    });
    expect(await say(harness, line, SOMU, code)).toContain(
      "総務課の担当課リーダーとして登録しました",
    );
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining(`rich menu link failed for ${SOMU}`),
    );
    expect(line.userRichMenus.has(SOMU)).toBe(false);
  });

  it("skips linking silently when the menus were never deployed", async () => {
    const { code } = await createInvite(t.db, {
      planId: "tamana",
      department: "総務課",
      role: "lead",
      now: new Date("2024-06-10T00:00:00Z"),
    });
    const logged = vi.spyOn(console, "error");
    expect(await say(harness, line, SOMU, code)).toContain("登録しました");
    expect(line.requests.filter((r) => r.path.includes("richmenu"))).toEqual([]);
    expect(logged).not.toHaveBeenCalled();
  });
});

describe("the CLI", () => {
  const run = promisify(execFile);
  const BIN = resolve("bin/shinchoku.js");
  const shinchoku = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: { ...process.env, ...env },
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const lineEnv = () => ({
    DATABASE_URL: t.url,
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: line.url,
    LINE_DATA_API_BASE_URL: line.url,
    LIFF_ID,
  });

  it("deploys and prints what it did; members add re-links a member whose role changes", async () => {
    await addTeam();
    const deploy = await shinchoku(lineEnv(), "richmenu", "deploy");
    expect(deploy.stderr).toBe("");
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toContain("メニュー「shinchoku 担当課メニュー」を作成しました");
    expect(deploy.stdout).toContain("エイリアス shinchoku-office を作成しました");
    expect(deploy.stdout).toContain("担当課メニューを既定のメニュー");
    expect(deploy.stdout).toContain("担当課メニュー 3人、DX推進担当メニュー 1人");
    const lead = menuOf("shinchoku-lead").richMenuId;
    const office = menuOf("shinchoku-office").richMenuId;
    expect(line.userRichMenus.get(ZAISEI)).toBe(lead);

    const promoted = await shinchoku(
      lineEnv(),
      ...["members", "add", "--plan", "tamana", "--user", ZAISEI, "--role", "office"],
    );
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain("リッチメニュー（DX推進担当）をリンクしました。");
    expect(line.userRichMenus.get(ZAISEI)).toBe(office);

    const back = await shinchoku(
      lineEnv(),
      ...[
        "members",
        "add",
        "--plan",
        "tamana",
        "--user",
        ZAISEI,
        "--role",
        "lead",
        "--org",
        "財政課",
      ],
    );
    expect(back.stdout).toContain("リッチメニュー（担当課）をリンクしました。");
    expect(line.userRichMenus.get(ZAISEI)).toBe(lead);
  });

  it("writes the PNGs with --dry-run and calls nothing", async () => {
    const out = mkdtempSync(join(tmpdir(), "shinchoku-richmenu-"));
    try {
      const res = await shinchoku(lineEnv(), "richmenu", "deploy", "--dry-run", "--out", out);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain("確認のみ");
      for (const name of ["shinchoku-lead", "shinchoku-office"]) {
        const png = readFileSync(join(out, `${name}.png`));
        expect(pngDimensions(png)).toEqual({ width: 2500, height: 843 });
        expect(png.length).toBeLessThan(1024 * 1024);
        const menu = JSON.parse(readFileSync(join(out, `${name}.json`), "utf8"));
        expect(menu.areas).toHaveLength(name === "shinchoku-office" ? 5 : 4);
      }
      expect(line.requests).toEqual([]);
      expect(await getDeployedRichMenus(t.db)).toEqual({});
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("members add links nobody when the menus were never deployed", async () => {
    const res = await shinchoku(
      lineEnv(),
      ...[
        "members",
        "add",
        "--plan",
        "tamana",
        "--user",
        SOMU,
        "--role",
        "lead",
        "--org",
        "総務課",
      ],
    );
    expect(res.code).toBe(0);
    expect(res.stdout).not.toContain("リッチメニュー");
    expect(res.stderr).toBe("");
    expect(line.requests).toEqual([]);
  });
});

describe("the menus' postbacks", () => {
  beforeEach(addTeam);

  const tap = async (data: string, userId: string) =>
    deliver(harness, line, [postbackEvent(data, userId)]);

  it("今月の報告 lists the lead's current items, what is still due, and how to answer", async () => {
    const [none] = await tap("action=report", SOMU);
    expect(none?.text).toContain("いま報告をお願いしている指標はありません");

    await runReminderCycle(harness.deps, "tamana", FAST);
    const [first] = await tap("action=report", SOMU);
    expect(first?.text).toMatch(/^【今月の報告】2024年5月分（速報）\n未報告 10件／報告済み 0件/u);
    expect(first?.text).toContain("報告のしかた:");
    expect(first?.text).toContain("「番号 数値」で送ってください（例: 1 40%）");
    expect(first?.text).toContain(
      "10. ペーパーレス化が可能な庁内会議におけるペーパーレス化の割合（%）",
    );

    await say(harness, line, SOMU, "10 65%");
    const [after] = await tap("action=report", SOMU);
    expect(after?.text).toContain("未報告 9件／報告済み 1件");
  });

  it("今月の報告 tells a viewer that reports come from the leads", async () => {
    const [answer] = await tap("action=report", VIEWER);
    expect(answer?.text).toContain("担当課リーダーの方にお願いしています");
  });

  it("ダイジェスト shows the office the digest Flex, and sends nothing else", async () => {
    const messages = await tap("action=digest-preview", OFFICE);
    expect(messages.map((m) => m.type)).toEqual(["text", "flex"]);
    expect(messages[0]?.text).toContain("確認のみ");
    expect(messages[1]?.altText).toBeTruthy();
    expect(line.sent("/v2/bot/message/push")).toEqual([]);
    expect(line.sent("/v2/bot/message/multicast")).toEqual([]);
    const digests = await t.db.$client.execute("select count(*) n from digests");
    expect(digests.rows[0]?.n).toBe(0);
  });

  it("ダイジェスト is for the office only", async () => {
    const [answer] = await tap("action=digest-preview", SOMU);
    expect(answer?.type).toBe("text");
    expect(answer?.text).toContain("DX推進担当");
  });

  it("asks a user who is not a member to join", async () => {
    const [answer] = await tap("action=report", NEWCOMER);
    expect(answer?.text).toContain("招待コード");
  });
});
