import { useDraggable } from "@dnd-kit/core";
import { memo, type ReactNode, useCallback, useLayoutEffect } from "react";
import type { BoardColumn, GradeScale } from "../../../shared/plan-meta.ts";
import type { InitiativeView } from "../../../shared/plan-view.ts";
import { t } from "../text.ts";
import { LatestGrades, ProvenanceMark, WeatherBadge } from "../ui.tsx";
import { IndicatorBar } from "./IndicatorBar.tsx";
import { MoveMenu } from "./MoveMenu.tsx";

/**
 * What a card shows; also drawn under the finger while dragging (DragOverlay). Memoised: a card
 * re-renders when dnd-kit's context changes (a drag starts), and its content has not. The weather,
 * grades and indicator bar are hook-free functions called as such, not as components: no fiber of
 * their own on a board of hundreds of cards.
 */
export const CardBody = memo(function CardBody({
  initiative,
  codeLabel,
  scales,
}: {
  initiative: InitiativeView;
  codeLabel: string;
  scales: { progress?: GradeScale; achievement?: GradeScale };
}) {
  return (
    <>
      <div className="card-top">
        {/* One text node, not three: a plan may have hundreds of cards. */}
        <span className="card-code">{`${codeLabel} ${initiative.code}`}</span>
        {WeatherBadge({ weather: initiative.weather })}
      </div>
      <h3 className="card-title">
        {initiative.title}
        {/* Only a 推定 name is marked on a card (Inzai's reconstructed 取組名); the detail page also
            marks 読取. */}
        {initiative.titleProvenance?.source === "inferred"
          ? ProvenanceMark({ provenance: initiative.titleProvenance })
          : null}
      </h3>
      <div className="card-dept">
        <span className="sr-only">{`${t.department}: `}</span>
        {initiative.departments.join("・")}
      </div>
      {LatestGrades({ grades: initiative.grades, scales })}
      {IndicatorBar({ initiative })}
      {AwaitingApproval({ initiative })}
    </>
  );
});

/**
 * 「確定値 承認待ち」 when an indicator's 確定値 waits for approval (issue 12 §4): the bar above counts
 * approved figures only, so the card says one is on its way.
 */
function AwaitingApproval({ initiative }: { initiative: InitiativeView }) {
  const waiting = initiative.indicators.some((i) =>
    (i.awaiting ?? []).some((a) => a.approval === "submitted"),
  );
  return waiting ? <div className="card-awaiting">{t.cardAwaitingApproval}</div> : null;
}

/** The link to the detail page of the card's initiative (`/initiatives/:id`). */
export const cardHref = (id: number) => `/initiatives/${id}`;

export interface CardProps {
  initiative: InitiativeView;
  codeLabel: string;
  scales: { progress?: GradeScale; achievement?: GradeScale };
  columns: BoardColumn[];
  /** The initiative belongs to the signed-in lead's 課. */
  own: boolean;
  editable: boolean;
  pending: boolean;
  /**
   * Whether drag and drop is wired up yet. The board turns it on just after its first paint: dnd-kit's
   * hooks on hundreds of cards would otherwise hold back the first paint of the board. Until then
   * the handle is drawn, and the move menu works.
   */
  dragReady: boolean;
  onMove: (initiative: InitiativeView, columnKey: string) => void;
}

/**
 * The card's frame. The link is a plain anchor: the board routes clicks on card links itself (one
 * listener for the whole board, rather than a router subscription per card: a plan may have
 * hundreds).
 */
function cardFrame(props: CardProps, actions?: ReactNode) {
  const { initiative, own } = props;
  return (
    <li
      className={`card${own ? " own" : ""}`}
      data-testid="initiative-card"
      data-code={initiative.code}
      data-column={initiative.columnKey}
      data-version={initiative.version}
    >
      <a href={cardHref(initiative.id)} className="card-link">
        {own ? <span className="sr-only">{`${t.ownOrg}: `}</span> : null}
        <CardBody initiative={initiative} codeLabel={props.codeLabel} scales={props.scales} />
      </a>
      {actions}
    </li>
  );
}

/**
 * The drag handle with dnd-kit: the card (the handle's `li`) is what is dragged, the handle what
 * starts it, by pointer, touch or keyboard. While dragged, the card is marked `dragging`.
 */
function DragHandle({ initiative, pending }: { initiative: InitiativeView; pending: boolean }) {
  const { attributes, listeners, node, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable(
    { id: initiative.id, disabled: pending },
  );
  // The card is found from the handle: its element is in the page by the time this runs, also when
  // the card itself is new (moved to another column), whose own ref would be attached only later.
  const ref = useCallback(
    (button: HTMLButtonElement | null) => {
      setActivatorNodeRef(button);
      setNodeRef(button?.closest("li") ?? null);
    },
    [setActivatorNodeRef, setNodeRef],
  );
  useLayoutEffect(() => {
    node.current?.classList.toggle("dragging", isDragging);
  }, [isDragging, node]);
  return (
    <button
      ref={ref}
      type="button"
      className="drag-handle"
      {...attributes}
      {...listeners}
      aria-label={t.dragHandle(initiative.title)}
      disabled={pending}
    >
      {t.drag}
    </button>
  );
}

/** A card its viewer may move: a drag handle and the tap/keyboard move menu. */
function MovableCard(props: CardProps) {
  const { initiative, pending, onMove } = props;
  return cardFrame(
    props,
    <div className="card-actions">
      {props.dragReady ? (
        <DragHandle initiative={initiative} pending={pending} />
      ) : (
        <button
          type="button"
          className="drag-handle"
          aria-label={t.dragHandle(initiative.title)}
          disabled={pending}
        >
          {t.drag}
        </button>
      )}
      <MoveMenu
        initiative={initiative}
        columns={props.columns}
        disabled={pending}
        onMove={onMove}
      />
    </div>,
  );
}

/**
 * One card. Memoised with props that stay the same while the card does (the plan's labels and
 * scales, not the whole board), so that a move or a save re-renders that card only. Cards the
 * viewer may not move have no dnd-kit hooks at all.
 */
export const InitiativeCard = memo(function InitiativeCard(props: CardProps) {
  return props.editable ? <MovableCard {...props} /> : cardFrame(props);
});
