/**
 * Drag and drop between the board's columns (dnd-kit): pointer and touch on the card's handle, and
 * the keyboard, where ← → jump a whole column rather than dnd-kit's default 25 px steps.
 */
import {
  type Announcements,
  type CollisionDetection,
  KeyboardCode,
  type KeyboardCoordinateGetter,
  pointerWithin,
  rectIntersection,
} from "@dnd-kit/core";
import { t } from "../text.ts";

/** Under a pointer, the column under it; with the keyboard (no pointer), the one the card overlaps. */
export const columnCollision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

/** ← → move the dragged card into the middle of the previous or next column. */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (
  event,
  { context, currentCoordinates },
) => {
  const direction =
    event.code === KeyboardCode.Right ? 1 : event.code === KeyboardCode.Left ? -1 : 0;
  const { collisionRect, droppableRects } = context;
  if (direction === 0 || !collisionRect) return undefined;
  event.preventDefault();
  const columns = [...droppableRects.values()].sort((a, b) => a.left - b.left);
  const centre = collisionRect.left + collisionRect.width / 2;
  let index = columns.findIndex((r) => centre >= r.left && centre <= r.left + r.width);
  if (index === -1) {
    index = columns.findIndex((r) => r.left > centre);
    if (direction > 0) index -= 1;
  }
  const target = columns[index + direction];
  if (!target) return currentCoordinates;
  return {
    x: target.left + (target.width - collisionRect.width) / 2,
    // Just under the column heading: empty columns are short.
    y: target.top + 36,
  };
};

export function announcements(
  titleOf: (id: string | number) => string,
  labelOf: (id: string | number) => string,
): Announcements {
  return {
    onDragStart: ({ active }) => t.dnd.start(titleOf(active.id)),
    onDragOver: ({ active, over }) =>
      over ? t.dnd.over(titleOf(active.id), labelOf(over.id)) : t.dnd.outside(titleOf(active.id)),
    onDragEnd: ({ active, over }) =>
      over ? t.dnd.end(titleOf(active.id), labelOf(over.id)) : t.dnd.cancel(titleOf(active.id)),
    onDragCancel: ({ active }) => t.dnd.cancel(titleOf(active.id)),
  };
}
