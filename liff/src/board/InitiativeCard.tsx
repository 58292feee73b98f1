import { useDraggable } from "@dnd-kit/core";
import { Link } from "wouter";
import type { InitiativeView } from "../../../shared/plan-view.ts";
import type { BoardResponse } from "../api.ts";
import { t } from "../text.ts";
import { LatestGrades, WeatherBadge } from "../ui.tsx";
import { IndicatorBar } from "./IndicatorBar.tsx";
import { MoveMenu } from "./MoveMenu.tsx";

/** What a card shows; also drawn under the finger while dragging (DragOverlay). */
export function CardBody({
  initiative,
  board,
}: {
  initiative: InitiativeView;
  board: BoardResponse;
}) {
  return (
    <>
      <div className="card-top">
        <span className="card-code">
          {board.codeLabel} {initiative.code}
        </span>
        <WeatherBadge weather={initiative.weather} />
      </div>
      <h3 className="card-title">{initiative.title}</h3>
      <div className="card-dept">
        <span className="sr-only">{t.department}: </span>
        {initiative.departments.join("・")}
      </div>
      <LatestGrades grades={initiative.grades} scales={board.grades} />
      <IndicatorBar initiative={initiative} />
    </>
  );
}

export function InitiativeCard({
  initiative,
  board,
  own,
  editable,
  pending,
  onMove,
}: {
  initiative: InitiativeView;
  board: BoardResponse;
  /** The initiative belongs to the signed-in lead's 課. */
  own: boolean;
  editable: boolean;
  pending: boolean;
  onMove: (columnKey: string) => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: initiative.id,
    disabled: !editable || pending,
  });
  return (
    <li
      ref={setNodeRef}
      className={`card${own ? " own" : ""}${isDragging ? " dragging" : ""}`}
      data-testid="initiative-card"
      data-code={initiative.code}
      data-column={initiative.columnKey}
      data-version={initiative.version}
    >
      <Link
        href={`/initiatives/${initiative.id}`}
        state={{ fromBoard: true }}
        className="card-link"
      >
        {own ? <span className="sr-only">{t.ownOrg}: </span> : null}
        <CardBody initiative={initiative} board={board} />
      </Link>
      {editable ? (
        <div className="card-actions">
          <button
            ref={setActivatorNodeRef}
            type="button"
            className="drag-handle"
            {...attributes}
            {...listeners}
            aria-label={t.dragHandle(initiative.title)}
            disabled={pending}
          >
            <span className="grip" aria-hidden="true">
              ⠿
            </span>
            <span aria-hidden="true">{t.drag}</span>
          </button>
          <MoveMenu
            title={initiative.title}
            columns={board.boardColumns}
            current={initiative.columnKey}
            disabled={pending}
            onMove={onMove}
          />
        </div>
      ) : null}
    </li>
  );
}
