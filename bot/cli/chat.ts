/**
 * `npx shinchoku chat`: a terminal chat with the local bot, as a LINE user, with no LINE account.
 *
 * Each line typed is sent to `POST /webhook` as a signed LINE text message event (signed with
 * LINE_CHANNEL_SECRET, or the local secret the server uses when none is set). The bot's replies are
 * read back from the message log in the shared database and shown as text.
 */
import { createHmac, randomUUID } from "node:crypto";
import { createInterface } from "node:readline/promises";
import type { messagingApi } from "@line/bot-sdk";
import { lastMessageLogId, messagesSentAfter } from "../../db/message-log.ts";
import { LOCAL_CHANNEL_SECRET } from "../config.ts";
import { chatText } from "../text/cli.ts";
import { withDatabase } from "./db.ts";

/** Renders a Flex component tree as lines of text, the way a person reads the bubble. */
export function flexToText(node: unknown): string[] {
  if (!node || typeof node !== "object") return [];
  const n = node as Record<string, unknown>;
  if (n.type === "text" && typeof n.text === "string") return [n.text];
  if (n.type === "button") {
    const action = n.action as { label?: string; uri?: string } | undefined;
    return action?.label ? [`[${action.label}]${action.uri ? ` ${action.uri}` : ""}`] : [];
  }
  if (n.type === "separator") return ["────────"];
  const out: string[] = [];
  if (n.type === "carousel" && Array.isArray(n.contents)) {
    n.contents.forEach((b, i) => {
      if (i > 0) out.push("");
      out.push(...flexToText(b));
    });
    return out;
  }
  for (const key of ["header", "hero", "body", "footer"])
    if (n[key]) out.push(...flexToText(n[key]));
  if (Array.isArray(n.contents)) for (const c of n.contents) out.push(...flexToText(c));
  return out;
}

/** A message as terminal text. */
export function messageToText(m: messagingApi.Message): string {
  if (m.type === "text") return m.text;
  if (m.type === "flex") return flexToText(m.contents).join("\n");
  return `[${m.type}]`;
}

/** Builds and signs one webhook body carrying a text message from `userId`. */
export function signedTextEvent(text: string, userId: string, secret: string) {
  const body = JSON.stringify({
    destination: "Ushinchokulocalbot",
    events: [
      {
        type: "message",
        mode: "active",
        timestamp: Date.now(),
        webhookEventId: randomUUID().replace(/-/gu, "").toUpperCase().slice(0, 26),
        deliveryContext: { isRedelivery: false },
        replyToken: randomUUID().replace(/-/gu, ""),
        source: { type: "user", userId },
        message: { id: String(Date.now()), type: "text", quoteToken: randomUUID(), text },
      },
    ],
  });
  const signature = createHmac("sha256", secret).update(body).digest("base64");
  return { body, signature };
}

export async function chatCommand(opts: { url: string; user: string; once?: string }) {
  const secret = process.env.LINE_CHANNEL_SECRET || LOCAL_CHANNEL_SECRET;
  const url = opts.url.replace(/\/+$/u, "");
  await withDatabase(async (db) => {
    const send = async (text: string): Promise<boolean> => {
      const before = await lastMessageLogId(db);
      const { body, signature } = signedTextEvent(text, opts.user, secret);
      let res: Response;
      try {
        res = await fetch(`${url}/webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-line-signature": signature },
          body,
        });
      } catch {
        console.error(chatText.unreachable(url));
        return false;
      }
      if (res.status !== 200) {
        console.error(chatText.status(res.status, await res.text()));
        if (res.status === 401) console.error(chatText.checkSecret);
        return false;
      }
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const rows = await messagesSentAfter(db, before, opts.user);
        if (rows.length > 0) {
          for (const row of rows) {
            for (const m of row.payload as messagingApi.Message[])
              console.log(`\nbot> ${messageToText(m).replaceAll("\n", "\n     ")}\n`);
          }
          return true;
        }
        await new Promise((r) => setTimeout(r, 150));
      }
      console.error(chatText.noReply);
      return false;
    };

    if (opts.once !== undefined) {
      if (!(await send(opts.once))) process.exitCode = 1;
      return;
    }
    console.log(chatText.welcome(url, opts.user));
    const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "you> " });
    rl.prompt();
    for await (const line of rl) {
      const text = line.trim();
      if (text) await send(text);
      rl.prompt();
    }
  });
}
