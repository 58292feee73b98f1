import { useEffect, useId, useRef, useState } from "react";
import type { BoardColumn } from "../../../shared/plan-meta.ts";
import { t } from "../text.ts";

/**
 * The tap way to move a card (phones in LINE, where dragging inside a sideways-scrolling board is
 * awkward) and a keyboard way: a button that opens the list of the other columns, in the card.
 */
export function MoveMenu({
  title,
  columns,
  current,
  disabled,
  onMove,
}: {
  title: string;
  columns: BoardColumn[];
  current: string;
  disabled: boolean;
  onMove: (columnKey: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLButtonElement>("button")?.focus();
    const close = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener("keydown", close);
    return () => document.removeEventListener("keydown", close);
  }, [open]);

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
        <span aria-hidden="true"> ▾</span>
      </button>
      {open ? (
        <ul id={menuId} ref={menuRef} className="move-options" aria-label={t.moveMenu(title)}>
          {columns
            .filter((c) => c.key !== current)
            .map((c) => (
              <li key={c.key}>
                <button
                  type="button"
                  data-column={c.key}
                  onClick={() => {
                    setOpen(false);
                    onMove(c.key);
                  }}
                >
                  {t.moveTo(c.label)}
                </button>
              </li>
            ))}
          <li>
            <button type="button" className="move-cancel" onClick={() => setOpen(false)}>
              {t.cancel}
            </button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
