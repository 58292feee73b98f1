import { describe, expect, it } from "vitest";
import { isValidSignature } from "../../bot/webhook.ts";

// Vectors computed independently with
// `printf '%s' BODY | openssl dgst -sha256 -hmac SECRET -binary | base64`.
const SECRET = "8c570fa6dd201bb328f1c1eac23a96d8";
const VECTORS = [
  {
    body: '{"destination":"U0123","events":[]}',
    signature: "TtnN2qz9RYHTUMiaEf26jHRiSkAFICvoEu1DvkceuVo=",
  },
  {
    body: '{"events":[{"type":"message","message":{"type":"text","text":"ペーパーレス"}}]}',
    signature: "2bb0hxX9aMdn3nW1AuncCTP118id5pQnlLhMSEjqGIk=",
  },
];

describe("webhook signature (x-line-signature)", () => {
  it.each(VECTORS)("accepts the HMAC-SHA256 of the raw body: $signature", ({ body, signature }) => {
    expect(isValidSignature(body, SECRET, signature)).toBe(true);
  });

  it("rejects a signature made with another secret", () => {
    const v = VECTORS[0];
    expect(v && isValidSignature(v.body, "another-secret", v.signature)).toBe(false);
  });

  it("rejects a body changed by one character, as re-serialised JSON would be", () => {
    const v = VECTORS[1];
    expect(
      v && isValidSignature(v.body.replace("ペーパーレス", "ペーパーレス "), SECRET, v.signature),
    ).toBe(false);
    expect(
      v && isValidSignature(JSON.stringify(JSON.parse(v.body), null, 1), SECRET, v.signature),
    ).toBe(false);
  });

  it("rejects a missing, empty or malformed signature", () => {
    const v = VECTORS[0];
    if (!v) throw new Error("no vector");
    expect(isValidSignature(v.body, SECRET, undefined)).toBe(false);
    expect(isValidSignature(v.body, SECRET, "")).toBe(false);
    expect(isValidSignature(v.body, SECRET, "not base64 !!")).toBe(false);
  });
});
