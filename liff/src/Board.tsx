import { useEffect, useMemo, useRef } from "react";
import type { BoardResponse, InitiativeView, PlansResponse } from "./api.ts";
import { t } from "./text.ts";

/** R5 for FY2023: the short 令和 form used on cards. */
function fy(fiscalYear: number): string {
  return fiscalYear >= 2019 ? `R${fiscalYear - 2018}` : `H${fiscalYear - 1988}`;
}

function GradeBadges({ initiative, board }: { initiative: InitiativeView; board: BoardResponse }) {
  const badges = (["progress", "achievement"] as const).flatMap((kind) => {
    const g = initiative.grades[kind][0];
    const scale = board.grades[kind];
    if (!g || !scale) return [];
    const label = kind === "progress" ? t.progress : t.achievement;
    const na = g.grade === "-";
    const meaning = scale.scale[g.grade] ?? t.notApplicable;
    return [
      <span
        key={kind}
        className={`grade grade-${na ? "na" : g.grade.toLowerCase()}`}
        title={`${scale.label} ${fy(g.fiscalYear)}: ${meaning}`}
      >
        {label} {fy(g.fiscalYear)} <strong>{na ? t.notApplicable : g.grade}</strong>
      </span>,
    ];
  });
  return badges.length ? (
    <div className="grades">{badges}</div>
  ) : (
    <div className="grades muted">{t.noGrade}</div>
  );
}

function Card({ initiative, board }: { initiative: InitiativeView; board: BoardResponse }) {
  return (
    <li className="card" data-testid="initiative-card" data-code={initiative.code}>
      <div className="card-code">
        {board.codeLabel} {initiative.code}
      </div>
      <h3 className="card-title">{initiative.title}</h3>
      <div className="card-dept">
        <span className="sr-only">{t.department}: </span>
        {initiative.departments.join("・")}
      </div>
      <GradeBadges initiative={initiative} board={board} />
    </li>
  );
}

export function Board({
  board,
  plans,
  onSelectPlan,
}: {
  board: BoardResponse;
  plans: PlansResponse["plans"];
  onSelectPlan: (id: string) => void;
}) {
  const byColumn = useMemo(() => {
    const map = new Map<string, InitiativeView[]>(board.boardColumns.map((c) => [c.key, []]));
    const first = board.boardColumns[0]?.key ?? "";
    for (const i of board.initiatives) (map.get(i.columnKey) ?? map.get(first))?.push(i);
    return map;
  }, [board]);

  // On a phone only one column fits: start at the first column that has cards, not an empty one.
  const columnsRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const container = columnsRef.current;
    const first = board.boardColumns.find((c) => (byColumn.get(c.key)?.length ?? 0) > 0);
    const target = first
      ? container?.querySelector<HTMLElement>(`[data-column="${first.key}"]`)
      : null;
    if (container && target) container.scrollLeft = target.offsetLeft - container.offsetLeft - 12;
  }, [board, byColumn]);

  return (
    <main className="board-page">
      <header className="board-header">
        <div>
          <div className="city">{board.city}</div>
          <h1>{board.name}</h1>
        </div>
        <div className="me">
          {t.signedInAs(t.roles[board.me.role] ?? board.me.role, board.me.orgUnit)}
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
      </header>
      <section className="columns" aria-label={t.board} ref={columnsRef}>
        {board.boardColumns.map((column) => {
          const items = byColumn.get(column.key) ?? [];
          return (
            <section
              key={column.key}
              className="column"
              data-column={column.key}
              aria-labelledby={`col-${column.key}`}
            >
              <h2 id={`col-${column.key}`}>
                {column.label} <span className="count">{t.initiatives(items.length)}</span>
              </h2>
              {items.length === 0 ? (
                <p className="empty">{t.emptyColumn}</p>
              ) : (
                <ul className="cards">
                  {items.map((i) => (
                    <Card key={i.id} initiative={i} board={board} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </section>
    </main>
  );
}
