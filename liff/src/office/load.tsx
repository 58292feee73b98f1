/**
 * What every DX office page shares: loading its data with the server's refusal (403 for a lead or a
 * viewer, 404) shown as the server words it, and the message of a failed action.
 */
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api.ts";
import { t } from "../text.ts";
import { BackToBoard } from "../ui.tsx";

export type Loaded<T> =
  | { kind: "loading" }
  | { kind: "refused"; message: string }
  | { kind: "error"; message: string }
  | { kind: "ready"; data: T };

/**
 * Loads a page's data once per `key`; `set` replaces it (after a save the server answered with the
 * new state) and `reload` reads it again.
 */
export function useOfficeLoad<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<Loaded<T>>({ kind: "loading" });
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `load` reads; `generation` asks again.
  useEffect(() => {
    let cancelled = false;
    load().then(
      (data) => {
        if (!cancelled) setState({ kind: "ready", data });
      },
      (err: unknown) => {
        if (cancelled || (err instanceof ApiError && err.code === "unauthorized")) return;
        // 403 (not the office, not a member) and 404 carry the server's reason, meant for people.
        setState(
          err instanceof ApiError &&
            (err.code === "not_member" || err.code === "forbidden" || err.code === "not_found")
            ? { kind: "refused", message: err.message }
            : { kind: "error", message: t.error },
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key, generation]);
  const set = useCallback((data: T) => setState({ kind: "ready", data }), []);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, set, reload };
}

/** The page in place of its content when the server refused it or could not be reached. */
export function OfficeRefused({
  state,
}: {
  state: { kind: "refused" | "error"; message: string };
}) {
  return (
    <main className="office-page">
      <BackToBoard />
      <section
        className="notice"
        role="alert"
        data-testid={state.kind === "refused" ? "refused" : "error"}
      >
        <p>{state.message}</p>
      </section>
    </main>
  );
}

/** What to tell the user when an action failed: the server's reason, or that it could not be reached. */
export function actionError(err: unknown): string {
  return err instanceof ApiError && err.code !== "internal" ? err.message : t.actionFailed;
}

/** Sets the document title while a page is open. */
export function usePageTitle(title: string) {
  useEffect(() => {
    const before = document.title;
    document.title = `${title}｜${t.appName}`;
    return () => {
      document.title = before;
    };
  }, [title]);
}
