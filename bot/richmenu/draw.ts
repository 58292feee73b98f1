/**
 * Draws the rich menu images (PNG, 2500×843, one row of areas) with @napi-rs/canvas (Skia, a prebuilt binary from
 * npm) and Noto Sans JP Bold from @fontsource/noto-sans-jp. Nothing is downloaded and no system
 * font is needed: the Japanese labels come from the npm-packaged font file.
 *
 * Node only (the CLI): the Worker never imports this module.
 */
import { createRequire } from "node:module";
import { createCanvas, GlobalFonts, type SKRSContext2D } from "@napi-rs/canvas";
import { areaBounds, type IconName, type MenuSpec, RICH_MENU_SIZE } from "./menus.ts";

/** The family name the font is registered under (never a system family, so no fallback hides it). */
export const RICH_MENU_FONT_FAMILY = "shinchoku Noto Sans JP";

/** Noto Sans JP Bold, Japanese subset (kana, kanji, full-width forms), from @fontsource/noto-sans-jp. */
export function richMenuFontPath(): string {
  return createRequire(import.meta.url).resolve(
    "@fontsource/noto-sans-jp/files/noto-sans-jp-japanese-700-normal.woff2",
  );
}

let fontRegistered = false;

function registerFont(): void {
  if (fontRegistered) return;
  const key = GlobalFonts.registerFromPath(richMenuFontPath(), RICH_MENU_FONT_FAMILY);
  if (!key) throw new Error(`could not load the rich menu font ${richMenuFontPath()}`);
  fontRegistered = true;
}

const COLORS = {
  background: "#FFFFFF",
  divider: "#E1E6E3",
  label: "#111111",
  iconInk: "#FFFFFF",
};

/** The menu's picture as a PNG. */
export async function drawRichMenu(spec: MenuSpec): Promise<Buffer> {
  registerFont();
  const { width, height } = RICH_MENU_SIZE;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, width, height);
  // A band of the accent colour along the top edge frames the menu against the chat.
  ctx.fillStyle = spec.accent;
  ctx.fillRect(0, 0, width, 24);

  const bounds = areaBounds(spec.areas.length);
  // One label size for the whole menu: the largest at which every label fits its area.
  const labelSize = Math.min(
    ...spec.areas.map((a, i) => fittingSize(ctx, a.label, (bounds[i]?.width ?? 0) - 80)),
  );
  spec.areas.forEach((area, i) => {
    const b = bounds[i];
    if (!b) return;
    const x = b.x ?? 0;
    const w = b.width ?? 0;
    if (i > 0) {
      ctx.fillStyle = COLORS.divider;
      ctx.fillRect(x - 3, 100, 6, height - 200);
    }
    const cx = x + w / 2;
    ctx.save();
    ctx.translate(cx, 345);
    ctx.fillStyle = spec.accent;
    ctx.beginPath();
    ctx.arc(0, 0, 175, 0, Math.PI * 2);
    ctx.fill();
    drawIcon(ctx, area.icon);
    ctx.restore();
    drawLabel(ctx, area.label, cx, 700, labelSize);
  });
  return canvas.encode("png");
}

/** The largest font size (at most 104 px) at which `text` fits `max` pixels. */
function fittingSize(ctx: SKRSContext2D, text: string, max: number): number {
  let size = 104;
  for (; size > 40; size -= 2) {
    ctx.font = `bold ${size}px "${RICH_MENU_FONT_FAMILY}"`;
    if (ctx.measureText(text).width <= max) break;
  }
  return size;
}

/** A label, centred on `cx`. */
function drawLabel(ctx: SKRSContext2D, text: string, cx: number, baseline: number, size: number) {
  ctx.font = `bold ${size}px "${RICH_MENU_FONT_FAMILY}"`;
  ctx.fillStyle = COLORS.label;
  ctx.textAlign = "center";
  ctx.textBaseline = "alphabetic";
  ctx.fillText(text, cx, baseline);
}

function roundRect(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
}

/** A white line icon, about 180 px across, drawn around the origin. */
function drawIcon(ctx: SKRSContext2D, icon: IconName): void {
  ctx.strokeStyle = COLORS.iconInk;
  ctx.fillStyle = COLORS.iconInk;
  ctx.lineWidth = 20;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  switch (icon) {
    case "report": {
      // A calendar page with a check mark.
      roundRect(ctx, -85, -70, 170, 155, 18);
      ctx.stroke();
      ctx.fillRect(-85, -70, 170, 40);
      for (const rx of [-45, 45]) {
        ctx.beginPath();
        ctx.moveTo(rx, -100);
        ctx.lineTo(rx, -60);
        ctx.stroke();
      }
      ctx.beginPath();
      ctx.moveTo(-40, 25);
      ctx.lineTo(-10, 55);
      ctx.lineTo(45, -5);
      ctx.stroke();
      return;
    }
    case "board": {
      // Kanban: three columns of cards.
      const columns = [3, 2, 1];
      columns.forEach((cards, c) => {
        const x = -92 + c * 64;
        for (let k = 0; k < cards; k++) {
          roundRect(ctx, x, -80 + k * 56, 56, 44, 8);
          ctx.fill();
        }
      });
      ctx.beginPath();
      ctx.moveTo(-92, 95);
      ctx.lineTo(92, 95);
      ctx.lineWidth = 12;
      ctx.stroke();
      return;
    }
    case "chart": {
      // Rising bars on a baseline.
      const bars = [
        [-80, 60],
        [-22, 105],
        [36, 150],
      ] as const;
      for (const [bx, h] of bars) {
        roundRect(ctx, bx, 80 - h, 44, h, 6);
        ctx.fill();
      }
      ctx.beginPath();
      ctx.moveTo(-95, 95);
      ctx.lineTo(95, 95);
      ctx.lineWidth = 14;
      ctx.stroke();
      return;
    }
    case "help": {
      // A question mark.
      ctx.lineWidth = 26;
      ctx.beginPath();
      ctx.arc(0, -35, 52, Math.PI * 1.05, Math.PI * 2.25);
      ctx.lineTo(0, 30);
      ctx.lineTo(0, 45);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(0, 92, 17, 0, Math.PI * 2);
      ctx.fill();
      return;
    }
    case "gauge": {
      // A speedometer: an arc and a needle.
      ctx.lineWidth = 22;
      ctx.beginPath();
      ctx.arc(0, 40, 100, Math.PI, Math.PI * 2);
      ctx.stroke();
      const needle = Math.PI * 1.7;
      ctx.lineWidth = 18;
      ctx.beginPath();
      ctx.moveTo(0, 40);
      ctx.lineTo(Math.cos(needle) * 78, 40 + Math.sin(needle) * 78);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(0, 40, 26, 0, Math.PI * 2);
      ctx.fill();
      ctx.lineWidth = 14;
      ctx.beginPath();
      ctx.moveTo(-100, 100);
      ctx.lineTo(100, 100);
      ctx.stroke();
      return;
    }
    case "digest": {
      // A page with a heading block and lines of text.
      roundRect(ctx, -72, -95, 144, 190, 16);
      ctx.lineWidth = 16;
      ctx.stroke();
      ctx.fillRect(-42, -62, 84, 34);
      ctx.lineWidth = 12;
      for (const y of [0, 30, 60]) {
        ctx.beginPath();
        ctx.moveTo(-42, y);
        ctx.lineTo(y === 60 ? 10 : 42, y);
        ctx.stroke();
      }
      return;
    }
    case "people": {
      // Two people side by side: a head and shoulders each.
      for (const px of [-58, 58]) {
        ctx.beginPath();
        ctx.arc(px, -34, 36, 0, Math.PI * 2);
        ctx.fill();
        ctx.beginPath();
        ctx.arc(px, 84, 56, Math.PI, Math.PI * 2);
        ctx.closePath();
        ctx.fill();
      }
      return;
    }
    case "bell": {
      // A bell.
      ctx.beginPath();
      ctx.moveTo(-85, 55);
      ctx.quadraticCurveTo(-58, 35, -58, -5);
      ctx.bezierCurveTo(-58, -75, 58, -75, 58, -5);
      ctx.quadraticCurveTo(58, 35, 85, 55);
      ctx.closePath();
      ctx.fill();
      ctx.beginPath();
      ctx.arc(0, -72, 14, 0, Math.PI * 2);
      ctx.fill();
      ctx.beginPath();
      ctx.arc(0, 70, 24, 0, Math.PI * 2);
      ctx.fill();
      return;
    }
  }
}
