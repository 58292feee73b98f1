import { useCallback, useState } from "react";
import type { InitiativeView } from "../../../shared/plan-view.ts";
import { type ApiClient, ApiError } from "../api.ts";
import { t } from "../text.ts";
import type { Notice } from "../ui-notice.tsx";

/**
 * Moving a card: shown in the new column at once, then saved with the version the card was read at.
 * The server decides: on 403 the card goes back and its reason is shown; on 409 the card becomes the
 * newer state the server sent (`current`), with the conflict message.
 */
export function useMoves(
  api: ApiClient,
  columnLabel: (key: string) => string,
  onChanged: (initiative: InitiativeView) => void,
) {
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  const [notice, setNotice] = useState<Notice | null>(null);

  const setBusy = useCallback((id: number, busy: boolean) => {
    setPending((prev) => {
      const next = new Set(prev);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const move = useCallback(
    async (initiative: InitiativeView, column: string) => {
      if (initiative.columnKey === column) return;
      setBusy(initiative.id, true);
      onChanged({ ...initiative, columnKey: column });
      try {
        const saved = await api.patchInitiative(initiative.id, initiative.version, { column });
        // The server answers the saved state; without it (the initiative was removed meanwhile)
        // the move stays as shown until the next reload.
        if (saved.initiative) onChanged(saved.initiative);
        setNotice({
          kind: "ok",
          text: t.moved(initiative.title, columnLabel(column)),
        });
      } catch (err) {
        const current =
          err instanceof ApiError ? (err.details.current as InitiativeView | undefined) : undefined;
        onChanged(
          err instanceof ApiError && err.code === "conflict" && current ? current : initiative,
        );
        setNotice({
          kind: "error",
          text: err instanceof ApiError && err.code !== "unauthorized" ? err.message : t.saveError,
        });
      } finally {
        setBusy(initiative.id, false);
      }
    },
    [api, columnLabel, onChanged, setBusy],
  );

  const dismissNotice = useCallback(() => setNotice(null), []);
  return { move, pending, notice, dismissNotice };
}
