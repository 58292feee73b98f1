/**
 * Security headers on every answer (pages, API, webhook), with hono's `secureHeaders`, and the
 * Content-Security-Policy the LIFF app, its LINE SDK, the board (dnd-kit, Chart.js on canvas) and
 * the public page work under. The browser tests (tests/browser) fail on any CSP violation.
 *
 * - Scripts only from this origin: the LIFF SDK is bundled from npm (`@line/liff`), not loaded from
 *   LINE's CDN, and the built page has no inline script.
 * - `connect-src`: this origin's API, and LINE's endpoints the LIFF SDK calls (ID token, profile,
 *   its own configuration).
 * - `style-src 'unsafe-inline'`: the public page is a single HTML answer with its own `<style>` and
 *   style attributes, and React sets style attributes; styles cannot run code.
 * - Images: this origin, `data:`/`blob:` (chart exports, icons) and LINE's profile pictures.
 *
 * @see https://hono.dev/docs/middleware/builtin/secure-headers
 * @see https://developers.line.biz/en/docs/liff/developing-liff-apps/
 */
import { secureHeaders } from "hono/secure-headers";

/** LINE's origins the LIFF SDK talks to. */
const LINE_CONNECT = [
  "https://api.line.me",
  "https://access.line.me",
  "https://liffsdk.line-scdn.net",
  "https://liff.line.me",
];
const LINE_IMAGES = ["https://profile.line-scdn.net", "https://obs.line-scdn.net"];

/** The CSP directives, by name; `extra` adds sources (the development server's hot reload). */
export function contentSecurityPolicy(extra: { scriptSrc?: string[]; connectSrc?: string[] } = {}) {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...(extra.scriptSrc ?? [])],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:", "blob:", ...LINE_IMAGES],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'", ...LINE_CONNECT, ...(extra.connectSrc ?? [])],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
  };
}

/** The CSP as one header value (for answers not made by Hono: the development server's pages). */
export function contentSecurityPolicyHeader(
  extra: Parameters<typeof contentSecurityPolicy>[0] = {},
): string {
  return Object.entries(contentSecurityPolicy(extra))
    .map(
      ([name, sources]) =>
        `${name.replace(/[A-Z]/gu, (c) => `-${c.toLowerCase()}`)} ${sources.join(" ")}`,
    )
    .join("; ");
}

/** The middleware: hono's defaults (nosniff, frame options, referrer policy, HSTS …) plus the CSP. */
export function securityHeaders() {
  return secureHeaders({ contentSecurityPolicy: contentSecurityPolicy() });
}
