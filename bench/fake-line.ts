/** The fake LINE server in its own process, so that it takes no CPU from what is measured. */
import { type ChildProcess, spawn } from "node:child_process";

export interface FakeLineProcess {
  url: string;
  child: ChildProcess;
  /** ID tokens issued for `idTokensFor`, by LINE user id (login channel `1234567890`). */
  idTokens: Record<string, string>;
  stats(): Promise<{ requests: number; replies: number; pushes: number; pushRecipients: number }>;
  stop(): void;
}

export async function startFakeLineProcess(
  options: { latencyMs?: number; idTokensFor?: string[] } = {},
): Promise<FakeLineProcess> {
  const args = ["--import", "tsx", "tests/support/fake-line-server.ts", "--quiet"];
  if (options.latencyMs) args.push("--latency", String(options.latencyMs));
  for (const sub of options.idTokensFor ?? []) args.push("--id-token", sub);
  const idTokens: Record<string, string> = {};
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      for (const t of chunk.toString().matchAll(/id token (\S+) (\S+)/gu))
        if (t[1] && t[2]) idTokens[t[1]] = t[2];
      const m = /listening on (\S+)/u.exec(chunk.toString());
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", () => reject(new Error("fake LINE exited")));
  });
  return {
    url,
    child,
    idTokens,
    async stats() {
      return (await (await fetch(`${url}/__fake/stats`)).json()) as Awaited<
        ReturnType<FakeLineProcess["stats"]>
      >;
    },
    stop() {
      child.kill("SIGTERM");
    },
  };
}
