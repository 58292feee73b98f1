import { useCallback, useEffect, useRef, useState } from "react";
import type { InitiativeView } from "../../../shared/plan-view.ts";
import { type ApiClient, ApiError, type DetailResponse, type InitiativeChange } from "../api.ts";
import { t } from "../text.ts";

export type DetailState =
  | { kind: "loading" }
  | { kind: "notMember" }
  | { kind: "error"; message: string }
  | { kind: "ready"; detail: DetailResponse };

/** What a form shows after saving: errors and conflicts carry the server's message. */
export type SaveOutcome =
  | { ok: true }
  | { ok: false; message: string; conflict?: boolean; invalid?: boolean };

/** Turns a failed write into the message to show where the user pressed save. */
export function failure(err: unknown): Extract<SaveOutcome, { ok: false }> {
  if (err instanceof ApiError && err.code !== "unauthorized") {
    return {
      ok: false,
      message: err.message,
      conflict: err.code === "conflict",
      invalid: err.code === "invalid",
    };
  }
  return { ok: false, message: t.saveError };
}

/**
 * One initiative's detail: loads it, reloads it after every write, and saves changes against the
 * version on screen. A 409 puts the newer state (`current`) on screen at once and reloads the rest
 * (the timeline); what the user typed stays in the forms, which are not remounted.
 */
export function useDetail(
  api: ApiClient,
  id: number,
  onInitiativeChanged: (initiative: InitiativeView) => void,
) {
  const [state, setState] = useState<DetailState>({ kind: "loading" });
  const latest = useRef<DetailResponse | null>(null);

  const show = useCallback(
    (detail: DetailResponse) => {
      latest.current = detail;
      setState({ kind: "ready", detail });
      onInitiativeChanged(detail.initiative);
    },
    [onInitiativeChanged],
  );

  const refresh = useCallback(async () => {
    try {
      show(await api.initiative(id));
    } catch (err) {
      if (err instanceof ApiError && err.code === "unauthorized") return;
      // A failed reload after a save keeps what is on screen.
      if (latest.current) return;
      if (err instanceof ApiError && err.code === "not_member") {
        setState({ kind: "notMember" });
      } else if (err instanceof ApiError && err.code === "not_found") {
        setState({ kind: "error", message: t.notFound });
      } else {
        setState({ kind: "error", message: t.error });
      }
    }
  }, [api, id, show]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const showInitiative = useCallback(
    (initiative: InitiativeView) => {
      if (latest.current) show({ ...latest.current, initiative });
    },
    [show],
  );

  const save = useCallback(
    async (change: InitiativeChange): Promise<SaveOutcome> => {
      const detail = latest.current;
      if (!detail) return { ok: false, message: t.saveError };
      try {
        const saved = await api.patchInitiative(
          detail.initiative.id,
          detail.initiative.version,
          change,
        );
        if (saved.initiative) showInitiative(saved.initiative);
        await refresh();
        return { ok: true };
      } catch (err) {
        if (err instanceof ApiError && err.code === "conflict" && err.details.current) {
          showInitiative(err.details.current as InitiativeView);
          void refresh();
        }
        return failure(err);
      }
    },
    [api, refresh, showInitiative],
  );

  return { state, refresh, save };
}
