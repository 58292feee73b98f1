import { useState } from "react";
import type { InitiativeChange } from "../api.ts";
import { t } from "../text.ts";
import type { SaveOutcome } from "./useDetail.ts";

export type Save = (change: InitiativeChange) => Promise<SaveOutcome>;

type Status =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; text: string }
  | { kind: "failed"; message: string; conflict: boolean };

/** A form's saving state, so each form shows its own result next to its own button. */
export function useSaving(save: Save) {
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const run = async (change: InitiativeChange, savedText: string = t.saved) => {
    setStatus({ kind: "saving" });
    const outcome = await save(change);
    setStatus(
      outcome.ok
        ? { kind: "saved", text: savedText }
        : { kind: "failed", message: outcome.message, conflict: outcome.conflict ?? false },
    );
    return outcome.ok;
  };
  return {
    status,
    run,
    saving: status.kind === "saving",
    fail: (message: string) => setStatus({ kind: "failed", message, conflict: false }),
  };
}

export function SaveMessage({ status }: { status: Status }) {
  if (status.kind === "saved") {
    return (
      <p className="form-ok" role="status">
        {status.text}
      </p>
    );
  }
  if (status.kind === "failed") {
    return (
      <p
        className={`form-error${status.conflict ? " conflict" : ""}`}
        role="alert"
        data-testid={status.conflict ? "conflict" : undefined}
      >
        {status.message}
      </p>
    );
  }
  return null;
}
