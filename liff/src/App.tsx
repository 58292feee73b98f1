import { useEffect, useState } from "react";
import { ApiError, apiGet, type BoardResponse, type PlansResponse } from "./api.ts";
import { fetchConfig, loginAgain, type Session, signIn } from "./auth.ts";
import { Board } from "./Board.tsx";
import { t } from "./text.ts";

type State =
  | { kind: "loading" }
  | { kind: "redirecting" }
  | { kind: "notMember"; message: string }
  | { kind: "noPlans" }
  | { kind: "error"; message: string }
  | { kind: "board"; board: BoardResponse; plans: PlansResponse["plans"] };

async function load(session: Session, wanted: string | null): Promise<State> {
  const { plans } = await apiGet<PlansResponse>("/api/plans", session.token);
  const mine = plans.filter((p) => p.member);
  const planId = wanted ?? mine[0]?.id ?? null;
  if (!planId)
    return plans.length
      ? { kind: "notMember", message: t.howToJoin.join("\n") }
      : { kind: "noPlans" };
  const board = await apiGet<BoardResponse>(
    `/api/plans/${encodeURIComponent(planId)}/board`,
    session.token,
  );
  return { kind: "board", board, plans: mine };
}

export function App() {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [session, setSession] = useState<Session | null>(null);
  const [planId, setPlanId] = useState<string | null>(() =>
    new URLSearchParams(location.search).get("plan"),
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const s = session ?? (await signIn(await fetchConfig()));
        if (!s) {
          if (!cancelled) setState({ kind: "redirecting" });
          return;
        }
        if (!session) setSession(s);
        const next = await load(s, planId);
        if (!cancelled) setState(next);
      } catch (err) {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 403)
          setState({ kind: "notMember", message: err.message });
        else if (err instanceof ApiError && err.status === 401) {
          setState({ kind: "error", message: t.loginAgain });
          if (session) loginAgain(session);
        } else setState({ kind: "error", message: t.error });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [session, planId]);

  return (
    <div className="app">
      {session?.devUser ? <div className="dev-banner">{t.devMode(session.devUser)}</div> : null}
      {state.kind === "loading" || state.kind === "redirecting" ? (
        <p className="status" role="status">
          {t.loading}
        </p>
      ) : null}
      {state.kind === "notMember" ? (
        <section className="notice" aria-labelledby="join-title">
          <h1 id="join-title">{t.notMemberTitle}</h1>
          {t.howToJoin.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </section>
      ) : null}
      {state.kind === "noPlans" ? <p className="status">{t.noPlans}</p> : null}
      {state.kind === "error" ? (
        <section className="notice" role="alert">
          <p>{state.message}</p>
          <button type="button" onClick={() => location.reload()}>
            {t.reload}
          </button>
        </section>
      ) : null}
      {state.kind === "board" ? (
        <Board board={state.board} plans={state.plans} onSelectPlan={(id) => setPlanId(id)} />
      ) : null}
    </div>
  );
}
