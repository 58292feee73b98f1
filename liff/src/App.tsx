import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useLocation, useRoute, useSearch } from "wouter";
import type { InitiativeView } from "../../shared/plan-view.ts";
import { ApiClient, ApiError, type BoardResponse, type PlansResponse } from "./api.ts";
import { fetchConfig, loginAgain, type Session, signIn } from "./auth.ts";
import { Board } from "./board/Board.tsx";
import { FailureScreen, Loading, NotMember } from "./screens.tsx";
import { t } from "./text.ts";

// The detail page carries the chart library: loaded when first needed, never with the board.
const loadDetail = () => import("./detail/DetailPage.tsx");
const DetailPage = lazy(loadDetail);
// The DX office's pages: few users open them, so they stay out of everyone's first load. The import
// page loads the workbook reader (exceljs) only when a workbook is picked.
const DigestPage = lazy(() => import("./office/DigestPage.tsx"));
const ImportPage = lazy(() => import("./office/ImportPage.tsx"));
const MembersPage = lazy(() => import("./office/MembersPage.tsx"));
const RemindersPage = lazy(() => import("./office/RemindersPage.tsx"));
// A common indicator across cities (docs/compare.md), opened from the detail page's 共通指標.
const ComparePage = lazy(() => import("./compare/ComparePage.tsx"));

/** The office pages of one plan, opened as `/<page>?plan=<id>`. */
const PLAN_PAGES = { digest: DigestPage, members: MembersPage, reminders: RemindersPage };
type PlanPage = keyof typeof PLAN_PAGES;

type BoardState =
  | { kind: "loading" }
  | { kind: "notMember"; message: string }
  | { kind: "noPlans" }
  | { kind: "error"; message: string }
  | { kind: "board"; board: BoardResponse; plans: PlansResponse["plans"] };

type SessionState =
  | { kind: "signingIn" }
  | { kind: "redirecting" }
  | { kind: "expired" }
  | { kind: "error"; message: string }
  | { kind: "ready"; session: Session; api: ApiClient };

/** Signs in once; a 401 from any later call logs in again (LIFF ID tokens last about an hour). */
function useSession(): SessionState {
  const [state, setState] = useState<SessionState>({ kind: "signingIn" });
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const session = await signIn(await fetchConfig());
        if (cancelled) return;
        if (!session) {
          setState({ kind: "redirecting" });
          return;
        }
        const api = new ApiClient(session.token, () => {
          setState({ kind: "expired" });
          loginAgain(session);
        });
        setState({ kind: "ready", session, api });
      } catch {
        if (!cancelled) setState({ kind: "error", message: t.error });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}

async function loadBoard(api: ApiClient, wanted: string | null): Promise<BoardState> {
  const { plans } = await api.plans();
  const mine = plans.filter((p) => p.member);
  const planId = wanted ?? mine[0]?.id ?? null;
  if (!planId)
    return plans.length
      ? { kind: "notMember", message: t.howToJoin.join("\n") }
      : { kind: "noPlans" };
  const board = await api.board(planId);
  return { kind: "board", board, plans: mine };
}

function useBoard(api: ApiClient) {
  const [state, setState] = useState<BoardState>({ kind: "loading" });
  const [planId, setPlanId] = useState<string | null>(() =>
    new URLSearchParams(location.search).get("plan"),
  );
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` asks for a fresh read.
  useEffect(() => {
    let cancelled = false;
    loadBoard(api, planId).then(
      (next) => {
        if (!cancelled) setState(next);
      },
      (err: unknown) => {
        if (cancelled || (err instanceof ApiError && err.code === "unauthorized")) return;
        setState(
          err instanceof ApiError && (err.code === "not_member" || err.code === "forbidden")
            ? { kind: "notMember", message: err.message }
            : { kind: "error", message: t.error },
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, planId, generation]);
  /** Reads the board again (after an import changed the plan behind it). */
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  /** A card changed elsewhere (a move, a save on the detail page): the board shows it at once. */
  const replaceInitiative = useCallback((initiative: InitiativeView) => {
    setState((s) =>
      s.kind === "board"
        ? {
            ...s,
            board: {
              ...s.board,
              initiatives: s.board.initiatives.map((i) =>
                i.id === initiative.id ? initiative : i,
              ),
            },
          }
        : s,
    );
  }, []);
  /** Another plan: its address says so, and the last plan's filters (its 課) do not carry over. */
  const selectPlan = useCallback((id: string) => {
    const params = new URLSearchParams();
    const as = new URLSearchParams(location.search).get("as");
    if (as) params.set("as", as);
    params.set("plan", id);
    history.replaceState(history.state, "", `${location.pathname}?${params}`);
    setPlanId(id);
  }, []);
  return { state, selectPlan, replaceInitiative, reload };
}

/**
 * An office page of one plan (`/digest?plan=<id>`, `/members?plan=…`, `/reminders?plan=…`), or of
 * the board's plan without `plan`. (Its own component: the query string changes with every
 * keystroke in the board's search, which should not re-render the screens.)
 */
function PlanPageRoute({
  page,
  api,
  boardPlan,
  loading,
}: {
  page: PlanPage;
  api: ApiClient;
  boardPlan: string | null;
  loading: boolean;
}) {
  const planId = new URLSearchParams(useSearch()).get("plan") ?? boardPlan;
  const Page = PLAN_PAGES[page];
  return (
    <Suspense fallback={<Loading />}>
      {planId ? (
        <Page key={planId} planId={planId} api={api} />
      ) : loading ? (
        <Loading />
      ) : (
        <FailureScreen message={t.digestNoPlan} />
      )}
    </Suspense>
  );
}

/** Pages opened over the board; any other path is the board. */
const PAGES = /^\/(initiatives\/[^/]+|compare\/[^/]+|digest|members|reminders|import)\/?$/u;

/**
 * The board stays mounted (hidden) while a page over it (an initiative's detail, the digest, the
 * import) is open, so that going back finds the same filters, the same column scrolled into view
 * and the same place on the page.
 */
function Screens({ api }: { api: ApiClient }) {
  const { state, selectPlan, replaceInitiative, reload } = useBoard(api);
  const [detail, params] = useRoute("/initiatives/:id");
  const [digest] = useRoute("/digest");
  const [members] = useRoute("/members");
  const [reminders] = useRoute("/reminders");
  const [importing] = useRoute("/import");
  const [comparing, compareParams] = useRoute("/compare/:catalogId");
  const [pathname] = useLocation();
  const planPage: PlanPage | null = digest
    ? "digest"
    : members
      ? "members"
      : reminders
        ? "reminders"
        : null;
  const onPage = detail || planPage !== null || importing || comparing;
  const boardScroll = useRef(0);
  const lastPath = useRef(pathname);
  // Opened on another page, the board is mounted the first time it is shown: it measures its
  // columns to open on the first one with cards, which a hidden board cannot.
  const [boardShown, setBoardShown] = useState(!onPage);
  if (!onPage && !boardShown) setBoardShown(true);

  useLayoutEffect(() => {
    if (lastPath.current === pathname) return;
    const wasBoard = !PAGES.test(lastPath.current);
    if (wasBoard) boardScroll.current = window.scrollY;
    window.scrollTo(0, onPage ? 0 : boardScroll.current);
    lastPath.current = pathname;
  }, [pathname, onPage]);

  // Tapping a card should not wait for the detail chunk: fetch it once the board is on screen.
  useEffect(() => {
    if (state.kind !== "board") return;
    const idle = window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 1500));
    idle(() => void loadDetail());
  }, [state.kind]);

  return (
    <>
      <div hidden={onPage}>
        {state.kind === "loading" ? <Loading /> : null}
        {state.kind === "notMember" ? <NotMember /> : null}
        {state.kind === "noPlans" ? (
          <main>
            <p className="status">{t.noPlans}</p>
          </main>
        ) : null}
        {state.kind === "error" ? <FailureScreen message={state.message} /> : null}
        {state.kind === "board" && boardShown ? (
          <Board
            key={state.board.id}
            board={state.board}
            plans={state.plans}
            api={api}
            onSelectPlan={selectPlan}
            onInitiativeChanged={replaceInitiative}
          />
        ) : null}
      </div>
      {detail ? (
        <Suspense fallback={<Loading />}>
          <DetailPage
            key={params.id}
            id={Number(params.id)}
            api={api}
            onInitiativeChanged={replaceInitiative}
          />
        </Suspense>
      ) : null}
      {planPage ? (
        <PlanPageRoute
          page={planPage}
          api={api}
          boardPlan={state.kind === "board" ? state.board.id : null}
          loading={state.kind === "loading"}
        />
      ) : null}
      {importing ? (
        <Suspense fallback={<Loading />}>
          <ImportPage api={api} onImported={reload} />
        </Suspense>
      ) : null}
      {comparing ? (
        <Suspense fallback={<Loading />}>
          <ComparePage
            key={compareParams.catalogId}
            catalogId={decodeURIComponent(compareParams.catalogId)}
            api={api}
          />
        </Suspense>
      ) : null}
    </>
  );
}

export function App() {
  const session = useSession();
  return (
    <div className="app">
      {session.kind === "ready" && session.session.devUser ? (
        <div className="dev-banner">{t.devMode(session.session.devUser)}</div>
      ) : null}
      {session.kind === "signingIn" || session.kind === "redirecting" ? <Loading /> : null}
      {session.kind === "expired" ? (
        <main>
          <p className="status">{t.loginAgain}</p>
        </main>
      ) : null}
      {session.kind === "error" ? <FailureScreen message={session.message} /> : null}
      {session.kind === "ready" ? <Screens api={session.api} /> : null}
    </div>
  );
}
