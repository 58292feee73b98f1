/**
 * `npx shinchoku richmenu deploy`: puts both rich menus on the LINE channel and links every member.
 *
 * 1. Draws both images (bot/richmenu/draw.ts) and checks them (PNG, 2500×843, under 1 MB).
 * 2. Creates the menus (`POST /v2/bot/richmenu`) and uploads their images to the data API
 *    (`POST {LINE_DATA_API_BASE_URL}/v2/bot/richmenu/{id}/content`).
 * 3. Points the aliases `shinchoku-lead` and `shinchoku-office` at them (created, or updated when
 *    they exist).
 * 4. Makes the lead menu the default (users who are not members see it too).
 * 5. Stores the menu ids (`rich_menus`), then links every active member to the menu for their role,
 *    at most 500 user IDs per bulk link request.
 * 6. Deletes the menus the previous deployment created (a missing one is not an error).
 *
 * New menus are created before the old ones are deleted, so nobody is left without a menu.
 *
 * @see https://developers.line.biz/en/docs/messaging-api/using-rich-menus/
 */
import { createHash } from "node:crypto";
import type { Database } from "../../db/client.ts";
import {
  getDeployedRichMenus,
  richMenuKindsOfActiveUsers,
  saveDeployedRichMenus,
} from "../../db/rich-menus.ts";
import { RICH_MENU_KINDS, type RichMenuKind } from "../../db/schema.ts";
import type { AppConfig } from "../config.ts";
import { LineApiError, type LineGateway, lineErrorText } from "../line/gateway.ts";
import { richMenuDeployText } from "../text/line.ts";
import { drawRichMenu } from "./draw.ts";
import {
  menuSpecs,
  RICH_MENU_ALIASES,
  RICH_MENU_IMAGE_LIMIT,
  RICH_MENU_SIZE,
  richMenuRequest,
} from "./menus.ts";

export interface DrawnMenu {
  kind: RichMenuKind;
  aliasId: string;
  request: ReturnType<typeof richMenuRequest>;
  png: Buffer;
  sha256: string;
}

export interface DeployReport {
  menus: {
    kind: RichMenuKind;
    richMenuId: string;
    aliasId: string;
    alias: "created" | "updated";
    imageBytes: number;
  }[];
  defaultRichMenuId: string;
  /** Users linked per menu kind, and the bulk requests made. */
  linked: Record<RichMenuKind, number>;
  bulkRequests: number;
  /** Bulk link requests LINE refused (the menus stay deployed; run deploy again to link them). */
  linkFailures: { kind: RichMenuKind; users: number; error: string }[];
  deleted: string[];
  /** Old menus that could not be deleted (id and error). */
  notDeleted: { richMenuId: string; error: string }[];
}

export class RichMenuError extends Error {
  override readonly name = "RichMenuError";
}

/** Reads the width and height of a PNG from its IHDR chunk; null when it is not a PNG. */
export function pngDimensions(png: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((b, i) => png[i] !== b)) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Draws both menus and checks each image against LINE's rules. */
export async function drawMenus(options: { liffId: string | null }): Promise<DrawnMenu[]> {
  const specs = menuSpecs(options);
  const drawn: DrawnMenu[] = [];
  for (const kind of RICH_MENU_KINDS) {
    const spec = specs[kind];
    const png = await drawRichMenu(spec);
    const size = pngDimensions(png);
    if (!size || size.width !== RICH_MENU_SIZE.width || size.height !== RICH_MENU_SIZE.height)
      throw new RichMenuError(
        `the ${kind} menu image is not a ${RICH_MENU_SIZE.width}×${RICH_MENU_SIZE.height} PNG`,
      );
    if (png.length >= RICH_MENU_IMAGE_LIMIT)
      throw new RichMenuError(
        `the ${kind} menu image is ${png.length} bytes: LINE takes under 1 MB`,
      );
    drawn.push({
      kind,
      aliasId: RICH_MENU_ALIASES[kind],
      request: richMenuRequest(spec),
      png,
      sha256: createHash("sha256").update(png).digest("hex"),
    });
  }
  return drawn;
}

const isNotFound = (err: unknown) => err instanceof LineApiError && err.status === 404;

/** Creates both menus on LINE, sets aliases and the default, links every member; see the module doc. */
export async function deployRichMenus(
  deps: { db: Database; config: AppConfig; line: LineGateway; clock?: () => Date },
  options: { log?: (line: string) => void } = {},
): Promise<DeployReport> {
  const log = options.log ?? (() => {});
  // Every call goes through the gateway (timeouts, failures logged with LINE's request id).
  const client = deps.line.richMenus;
  if (!client) throw new RichMenuError(richMenuDeployText.noToken);
  const drawn = await drawMenus({ liffId: deps.config.liffId });
  const previous = await getDeployedRichMenus(deps.db);

  const created: DeployReport["menus"] = [];
  try {
    for (const menu of drawn) {
      const richMenuId = await client.create(menu.request);
      created.push({
        kind: menu.kind,
        richMenuId,
        aliasId: menu.aliasId,
        alias: "created",
        imageBytes: menu.png.length,
      });
      await client.uploadImage(richMenuId, menu.png, "image/png");
      log(
        richMenuDeployText.created(
          menu.request.name,
          richMenuId,
          Math.ceil(menu.png.length / 1024),
        ),
      );
    }
  } catch (err) {
    // A half-made menu is of no use: remove what this run created, then report the failure.
    for (const m of created) await client.delete(m.richMenuId).catch(() => {});
    throw new RichMenuError(richMenuDeployText.createFailed(lineErrorText(err)));
  }

  const lead = created.find((m) => m.kind === "lead");
  if (!lead) throw new Error("no lead menu");
  let defaultSet = false;
  try {
    for (const m of created) {
      if ((await client.getAlias(m.aliasId)) !== null) {
        await client.updateAlias(m.aliasId, m.richMenuId);
        m.alias = "updated";
      } else {
        await client.createAlias(m.aliasId, m.richMenuId);
      }
      log(richMenuDeployText.alias(m.aliasId, m.alias === "updated"));
    }
    await client.setDefault(lead.richMenuId);
    defaultSet = true;
    log(richMenuDeployText.defaultSet);
    await saveDeployedRichMenus(
      deps.db,
      created.map((m) => ({
        kind: m.kind,
        richMenuId: m.richMenuId,
        aliasId: m.aliasId,
        imageSha256: drawn.find((d) => d.kind === m.kind)?.sha256 ?? "",
      })),
      deps.clock?.() ?? new Date(),
    );
  } catch (err) {
    // Put back what the previous deployment had, then remove this run's menus (best effort).
    for (const m of created) {
      const before = previous[m.kind];
      if (m.alias === "updated" && before)
        await client.updateAlias(m.aliasId, before.richMenuId).catch(() => {});
      if (m.alias === "created") await client.deleteAlias(m.aliasId).catch(() => {});
    }
    if (defaultSet && previous.lead)
      await client.setDefault(previous.lead.richMenuId).catch(() => {});
    for (const m of created) await client.delete(m.richMenuId).catch(() => {});
    throw new RichMenuError(richMenuDeployText.aliasFailed(lineErrorText(err)));
  }

  const linked: Record<RichMenuKind, number> = { lead: 0, office: 0 };
  const linkFailures: DeployReport["linkFailures"] = [];
  let bulkRequests = 0;
  const users = await richMenuKindsOfActiveUsers(deps.db);
  for (const m of created) {
    const userIds = [...users].filter(([, kind]) => kind === m.kind).map(([user]) => user);
    // The gateway splits the users into bulk requests of at most 500.
    const result = await client.linkUsers(userIds, m.richMenuId);
    bulkRequests += result.requests;
    linked[m.kind] += result.linked;
    for (const f of result.failures) linkFailures.push({ kind: m.kind, ...f });
  }
  log(richMenuDeployText.linked(linked.lead, linked.office, bulkRequests));
  for (const f of linkFailures) log(richMenuDeployText.linkFailed(f.kind, f.users, f.error));

  const deleted: string[] = [];
  const notDeleted: DeployReport["notDeleted"] = [];
  const fresh = new Set(created.map((m) => m.richMenuId));
  const old = [
    ...new Set(
      Object.values(previous)
        .map((p) => p.richMenuId)
        .filter((id) => !fresh.has(id)),
    ),
  ];
  for (const id of old) {
    try {
      await client.delete(id);
      deleted.push(id);
    } catch (err) {
      // Already deleted by hand in the console: nothing left to do.
      if (isNotFound(err)) deleted.push(id);
      else notDeleted.push({ richMenuId: id, error: lineErrorText(err) });
    }
  }
  if (deleted.length) log(richMenuDeployText.deleted(deleted));
  for (const n of notDeleted) log(richMenuDeployText.deleteFailed(n.richMenuId, n.error));

  return {
    menus: created,
    defaultRichMenuId: lead.richMenuId,
    linked,
    bulkRequests,
    linkFailures,
    deleted,
    notDeleted,
  };
}
