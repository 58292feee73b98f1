#!/usr/bin/env node
// The `shinchoku` CLI. The sources are TypeScript, run through tsx's loader.
import { register } from "tsx/esm/api";

register();
await import("../bot/cli/main.ts");
