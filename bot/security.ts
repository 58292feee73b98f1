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
import { Hono } from "hono";
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

/** Headers an answer carries whatever it is: not security headers, left out of `_headers`. */
const CONTENT_HEADERS = new Set(["content-type", "content-length"]);

/**
 * The security headers {@link securityHeaders} adds to an answer, as sent (lower-case name →
 * value): read from a real answer of the middleware, so nothing is written twice.
 */
export async function securityHeaderValues(): Promise<Record<string, string>> {
  const app = new Hono().use(securityHeaders()).get("/", (c) => c.body(null, 204));
  const res = await app.request("/");
  return Object.fromEntries([...res.headers].filter(([name]) => !CONTENT_HEADERS.has(name)));
}

/**
 * The `_headers` file of the LIFF app's build (liff/vite.config.ts writes it into liff/dist), for
 * Workers static assets: the LIFF pages and their files are served by Cloudflare without running the
 * Worker (wrangler.toml `[assets]`), so the headers the Worker and the Node server add with
 * {@link securityHeaders} are given to them this way — the same names and values, for every path.
 * Answers of the Worker itself (API, webhook) keep their middleware's headers; `_headers` applies
 * only to assets.
 *
 * @see https://developers.cloudflare.com/workers/static-assets/headers/
 */
export async function staticAssetsHeadersFile(): Promise<string> {
  const headers = Object.entries(await securityHeaderValues()).map(
    ([name, value]) => `  ${name}: ${value}`,
  );
  return [
    "# Written by the build (bot/security.ts staticAssetsHeadersFile): the Node server's security headers.",
    "/*",
    ...headers,
    "",
  ].join("\n");
}
