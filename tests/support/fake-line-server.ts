/**
 * The fake LINE server as a standalone process, for benchmarks and for trying the bot locally with
 * a LINE-like API: `npx tsx tests/support/fake-line-server.ts [--port 9000]`, then start shinchoku with
 * `LINE_API_BASE_URL=http://127.0.0.1:9000 LINE_CHANNEL_ACCESS_TOKEN=anything`.
 *
 * Prints `fake LINE listening on <url>` when ready, then one line per message sent to it.
 * `GET /__fake/stats` answers `{ "requests": n, "replies": n, "pushes": n }`.
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
console.log(`fake LINE listening on ${line.url}`);
const stop = async () => {
  await line.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
