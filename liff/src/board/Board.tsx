import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  type ReactNode,
  startTransition,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { Link } from "wouter";
import { navigate } from "wouter/use-browser-location";
import { canEditInitiative } from "../../../shared/permissions.ts";
import type { BoardColumn } from "../../../shared/plan-meta.ts";
import type { InitiativeView } from "../../../shared/plan-view.ts";
import { roleLabel } from "../../../shared/roles.ts";
import type { ApiClient, BoardResponse, PlansResponse } from "../api.ts";
import { LimitBanner } from "../LimitBanner.tsx";
import { t } from "../text.ts";
import { NoticeBar } from "../ui-notice.tsx";
import { BoardFiltersBar } from "./BoardFilters.tsx";
import { announcements, columnCollision, columnKeyboardCoordinates } from "./dnd.ts";
import {
  type BoardFilters,
  filterInitiatives,
  filtersFromSearch,
  searchWithFilters,
} from "./filters.ts";
import { CardBody, InitiativeCard } from "./InitiativeCard.tsx";
import { useMoves } from "./useMoves.ts";

/**
 * Set once per plan just after the board's first paint: `npm run bench liff` measures from the board
 * data's arrival to this mark, and a real-user monitor could too.
 */
export const BOARD_RENDERED_MARK = "shinchoku:board-rendered";

function ColumnSection({
  column,
  count,
  children,
}: {
  column: BoardColumn;
  count: number;
  children: ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: column.key });
  return (
    <section
      ref={setNodeRef}
      className={`column${isOver ? " drop-over" : ""}`}
      data-column={column.key}
      aria-labelledby={`col-${column.key}`}
    >
      <h2 id={`col-${column.key}`}>
        {column.label} <span className="count">{t.initiatives(count)}</span>
      </h2>
      {count === 0 ? (
        <p className="empty">{t.emptyColumn}</p>
      ) : (
        <ul className="cards">{children}</ul>
      )}
    </section>
  );
}

/** Keeps the filters in the address, so that the view can be shared and survives a reload. */
function useFiltersInAddress(): [BoardFilters, (f: BoardFilters) => void] {
  const [filters, setFilters] = useState(() => filtersFromSearch(location.search));
  useEffect(() => {
    const search = searchWithFilters(location.search, filters);
    if (search !== location.search && location.pathname === "/") {
      history.replaceState(history.state, "", `${location.pathname}${search}`);
    }
  }, [filters]);
  return [filters, setFilters];
}

/**
 * The plan as a kanban board. A lead's own 課 comes first in every column (the others stay visible:
 * related work of other 課 is part of the picture); the 課 filter narrows to one 課.
 */
export function Board({
  board,
  plans,
  api,
  onSelectPlan,
  onInitiativeChanged,
}: {
  board: BoardResponse;
  plans: PlansResponse["plans"];
  api: ApiClient;
  onSelectPlan: (id: string) => void;
  onInitiativeChanged: (initiative: InitiativeView) => void;
}) {
  const [filters, setFilters] = useFiltersInAddress();
  const [dragging, setDragging] = useState<InitiativeView | null>(null);
  const columnLabel = useCallback(
    (key: string) => board.boardColumns.find((c) => c.key === key)?.label ?? key,
    [board.boardColumns],
  );
  const { move, pending, notice, dismissNotice } = useMoves(api, columnLabel, onInitiativeChanged);
  const ownOrg = board.me.department;
  const isOwn = useCallback(
    (i: InitiativeView) => ownOrg !== null && i.departments.includes(ownOrg),
    [ownOrg],
  );

  const shown = useMemo(
    () => filterInitiatives(board.initiatives, board.branches, filters),
    [board, filters],
  );
  const byColumn = useMemo(() => {
    const map = new Map<string, InitiativeView[]>(board.boardColumns.map((c) => [c.key, []]));
    const first = board.boardColumns[0]?.key ?? "";
    for (const i of shown) (map.get(i.columnKey) ?? map.get(first))?.push(i);
    for (const list of map.values()) {
      list.sort(
        (a, b) => Number(isOwn(b)) - Number(isOwn(a)) || a.sortKey.localeCompare(b.sortKey),
      );
    }
    return map;
  }, [board.boardColumns, shown, isOwn]);
  const columns = filters.column
    ? board.boardColumns.filter((c) => c.key === filters.column)
    : board.boardColumns;

  // On a phone only one column fits: start at the first column that has cards, not an empty one.
  // Once per plan: after a move or a filter the board stays where the user put it.
  const columnsRef = useRef<HTMLElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: deliberately once per plan.
  useEffect(() => {
    const container = columnsRef.current;
    const first = board.boardColumns.find((c) => (byColumn.get(c.key)?.length ?? 0) > 0);
    const target = first
      ? container?.querySelector<HTMLElement>(`[data-column="${first.key}"]`)
      : null;
    if (container && target) container.scrollLeft = target.offsetLeft - container.offsetLeft - 12;
  }, [board.id]);

  // Once the board is on screen: the rendered mark, then drag and drop is wired up, as a transition
  // (dnd-kit's hooks on hundreds of cards would otherwise hold back the first paint; InitiativeCard
  // `dragReady`). Scheduled during the commit, in a layout effect (React may run passive effects only
  // after the paint): the frame callback runs before the board's first paint, the task after it once
  // the board is painted.
  const [dragReady, setDragReady] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per plan, like the scroll above.
  useLayoutEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        performance.mark(BOARD_RENDERED_MARK);
        startTransition(() => setDragReady(true));
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [board.id]);

  // A tap on a card opens its detail page in the app; with a modifier key (new tab) the browser
  // follows the link itself. One listener for all cards (see InitiativeCard).
  useEffect(() => {
    const container = columnsRef.current;
    if (!container) return;
    const open = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
        return;
      const link = (e.target as Element | null)?.closest<HTMLAnchorElement>("a.card-link");
      const href = link?.getAttribute("href");
      if (!href) return;
      e.preventDefault();
      navigate(href, { state: { fromBoard: true } });
    };
    container.addEventListener("click", open);
    return () => container.removeEventListener("click", open);
  }, []);
  const onMove = useCallback(
    (initiative: InitiativeView, column: string) => void move(initiative, column),
    [move],
  );

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates }),
  );
  const byId = useMemo(() => new Map(board.initiatives.map((i) => [i.id, i])), [board]);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const initiative = byId.get(Number(active.id));
    if (initiative && over) void move(initiative, String(over.id));
  };

  return (
    <main className="board-page">
      <LimitBanner api={api} planId={board.id} />
      <header className="board-header">
        <div>
          <div className="city">{board.city}</div>
          <h1>{board.name}</h1>
          {board.reporting?.headline ? (
            <div className="reporting-rate" title={t.reportingRateTitle}>
              {t.reportingRate(board.reporting.period, board.reporting.headline)}
            </div>
          ) : null}
        </div>
        <div className="me">
          {t.signedInAs(roleLabel(board.me.role), board.me.department)}
          {plans.length > 1 ? (
            <select
              aria-label={t.plan}
              value={board.id}
              onChange={(e) => onSelectPlan(e.target.value)}
            >
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.city} {p.name}
                </option>
              ))}
            </select>
          ) : null}
        </div>
        {board.me.role === "office" ? (
          <nav className="office-links" aria-label={t.officeLinks}>
            <Link href={`/digest?plan=${encodeURIComponent(board.id)}`} state={{ fromBoard: true }}>
              {t.digestLink}
            </Link>
            <Link
              href={`/members?plan=${encodeURIComponent(board.id)}`}
              state={{ fromBoard: true }}
            >
              {t.membersLink}
            </Link>
            <Link
              href={`/reminders?plan=${encodeURIComponent(board.id)}`}
              state={{ fromBoard: true }}
            >
              {t.remindersLink}
            </Link>
            <Link href="/import" state={{ fromBoard: true }}>
              {t.importLink}
            </Link>
          </nav>
        ) : null}
      </header>
      <BoardFiltersBar
        board={board}
        filters={filters}
        onChange={setFilters}
        shown={shown.length}
        total={board.initiatives.length}
      />
      <DndContext
        sensors={sensors}
        collisionDetection={columnCollision}
        onDragStart={({ active }) => setDragging(byId.get(Number(active.id)) ?? null)}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
        accessibility={{
          announcements: announcements(
            (id) => byId.get(Number(id))?.title ?? String(id),
            (id) => columnLabel(String(id)),
          ),
          screenReaderInstructions: { draggable: t.dnd.instructions },
        }}
      >
        <section
          className={`columns${dragging ? " dragging" : ""}`}
          aria-label={t.board}
          ref={columnsRef}
          data-drag-ready={dragReady ? "true" : "false"}
        >
          {columns.map((column) => {
            const items = byColumn.get(column.key) ?? [];
            return (
              <ColumnSection key={column.key} column={column} count={items.length}>
                {items.map((i) => {
                  const editable = canEditInitiative(board.me, i.departments).allowed;
                  return (
                    <InitiativeCard
                      key={i.id}
                      initiative={i}
                      codeLabel={board.codeLabel}
                      scales={board.grades}
                      columns={board.boardColumns}
                      own={isOwn(i)}
                      editable={editable}
                      pending={pending.has(i.id)}
                      // Only the cards it changes: the others stay as they are (memo).
                      dragReady={editable && dragReady}
                      onMove={onMove}
                    />
                  );
                })}
              </ColumnSection>
            );
          })}
        </section>
        <DragOverlay dropAnimation={null}>
          {dragging ? (
            <div className="card drag-overlay">
              <CardBody initiative={dragging} codeLabel={board.codeLabel} scales={board.grades} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      <NoticeBar notice={notice} onDismiss={dismissNotice} />
    </main>
  );
}
