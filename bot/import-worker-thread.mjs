// The entry point of the import's worker thread (bot/import-worker.ts): registers tsx's loader in
// the thread, then runs the TypeScript module, which reads the body it is sent.
import { register } from "tsx/esm/api";

register();
await import("./import-worker.ts");
