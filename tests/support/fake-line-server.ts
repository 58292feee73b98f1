/**
 * The fake LINE server as a standalone process, for benchmarks and for trying the bot locally with
 * a LINE-like API: `npx tsx tests/support/fake-line-server.ts [--port 9000]`, then start shinchoku with
 * `LINE_API_BASE_URL=http://127.0.0.1:9000 LINE_CHANNEL_ACCESS_TOKEN=anything`.
 *
 * Prints `fake LINE listening on <url>` when ready, then one line per message sent to it.
 * `GET /__fake/stats` answers `{ "requests": n, "replies": n, "pushes": n }`.
 * `--id-token <userId>` (repeatable) issues a LIFF ID token its verify endpoint accepts for that user
 * (login channel `1234567890`) and prints `fake LINE id token <userId> <token>`.
 */
import { FakeLine } from "./fake-line.ts";

const portArg = process.argv.indexOf("--port");
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0;
const quiet = process.argv.includes("--quiet");
const latencyArg = process.argv.indexOf("--latency");
const line = await new FakeLine({
  onRequest: (r) => {
    if (!quiet && /^\/v2\/bot\/message\//u.test(r.path))
      console.log(`${r.method} ${r.path} ${r.status}`);
  },
}).start(port);
if (latencyArg >= 0) line.latencyMs = Number(process.argv[latencyArg + 1]);
for (const [i, arg] of process.argv.entries()) {
  const sub = process.argv[i + 1];
  if (arg === "--id-token" && sub)
    console.log(
      `fake LINE id token ${sub} ${line.issueIdToken({ sub, exp: Date.now() / 1000 + 86_400 })}`,
    );
}
console.log(`fake LINE listening on ${line.url}`);
const stop = async () => {
  await line.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
