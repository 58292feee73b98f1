// The entry point of the plan-view worker thread (bot/plan-view-worker.ts): registers tsx's loader
// in the thread, then runs the TypeScript module, which loads the plan it is sent.
import { register } from "tsx/esm/api";

register();
await import("./plan-view-worker.ts");
