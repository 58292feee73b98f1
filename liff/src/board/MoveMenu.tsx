import { memo, useEffect, useId, useRef, useState } from "react";
import type { BoardColumn } from "../../../shared/plan-meta.ts";
import type { InitiativeView } from "../../../shared/plan-view.ts";
import { t } from "../text.ts";

/** The open menu: focus on its first choice, Escape closes it. */
function MoveOptions({
  id,
  initiative,
  columns,
  onMove,
  onClose,
}: {
  id: string;
  initiative: InitiativeView;
  columns: BoardColumn[];
  onMove: (initiative: InitiativeView, columnKey: string) => void;
  /** `refocus`: give the focus back to the menu's button (Escape, キャンセル). */
  onClose: (refocus: boolean) => void;
}) {
  const menuRef = useRef<HTMLUListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the menu opens.
  useEffect(() => {
    menuRef.current?.querySelector<HTMLButtonElement>("button")?.focus();
    const close = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose(true);
    };
    document.addEventListener("keydown", close);
    return () => document.removeEventListener("keydown", close);
  }, []);
  return (
    <ul id={id} ref={menuRef} className="move-options" aria-label={t.moveMenu(initiative.title)}>
      {columns
        .filter((c) => c.key !== initiative.columnKey)
        .map((c) => (
          <li key={c.key}>
            <button
              type="button"
              data-column={c.key}
              onClick={() => {
                onClose(false);
                onMove(initiative, c.key);
              }}
            >
              {t.moveTo(c.label)}
            </button>
          </li>
        ))}
      <li>
        <button type="button" className="move-cancel" onClick={() => onClose(true)}>
          {t.cancel}
        </button>
      </li>
    </ul>
  );
}

/**
 * The tap way to move a card (phones in LINE, where dragging inside a sideways-scrolling board is
 * awkward) and a keyboard way: a button that opens the list of the other columns, in the card.
 * Closed (on every card of a board of hundreds), it is one button and one piece of state; the
 * menu's focus handling exists only while it is open.
 */
export const MoveMenu = memo(function MoveMenu({
  initiative,
  columns,
  disabled,
  onMove,
}: {
  initiative: InitiativeView;
  columns: BoardColumn[];
  disabled: boolean;
  onMove: (initiative: InitiativeView, columnKey: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <div className="move-menu">
      <button
        ref={buttonRef}
        type="button"
        className="move-button"
        aria-expanded={open}
        aria-controls={menuId}
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
      >
        {disabled ? t.moving : t.move}
      </button>
      {open ? (
        <MoveOptions
          id={menuId}
          initiative={initiative}
          columns={columns}
          onMove={onMove}
          onClose={(refocus) => {
            setOpen(false);
            if (refocus) buttonRef.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
});
