import { useId, useMemo, useState } from "react";
import type { BoardResponse } from "../api.ts";
import { weatherIcon } from "../format.ts";
import { t } from "../text.ts";
import { activeFilterCount, type BoardFilters, NO_FILTERS } from "./filters.ts";

/** Every department named on the plan's initiatives, in the order of the Japanese locale. */
function departmentsOf(board: BoardResponse): string[] {
  const all = new Set(board.initiatives.flatMap((i) => i.departments));
  return [...all].sort((a, b) => a.localeCompare(b, "ja"));
}

/** The branches in tree order, each with its depth, for one indented list. */
function branchOptions(board: BoardResponse) {
  const out: { id: number; depth: number; label: string }[] = [];
  const visit = (parentId: number | null, depth: number) => {
    for (const b of board.branches.filter((x) => x.parentId === parentId)) {
      out.push({ id: b.id, depth, label: `${b.code ?? ""} ${b.title}`.trim() });
      visit(b.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/**
 * Keyword search always in view; the other filters fold away on a phone behind one button, with the
 * active ones listed as removable chips so nothing is hidden without saying so.
 */
export function BoardFiltersBar({
  board,
  filters,
  onChange,
  shown,
  total,
}: {
  board: BoardResponse;
  filters: BoardFilters;
  onChange: (f: BoardFilters) => void;
  shown: number;
  total: number;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const departments = useMemo(() => departmentsOf(board), [board]);
  const branches = useMemo(() => branchOptions(board), [board]);
  const count = activeFilterCount(filters);
  const set = (patch: Partial<BoardFilters>) => onChange({ ...filters, ...patch });
  const chips = activeChips(board, filters, branches);

  return (
    <section className="filters" aria-label={t.filters}>
      <div className="filters-row">
        <label className="search">
          <span className="sr-only">{t.search}</span>
          <input
            type="search"
            value={filters.q}
            placeholder={t.searchPlaceholder}
            enterKeyHint="search"
            onChange={(e) => set({ q: e.target.value })}
          />
        </label>
        <button
          type="button"
          className={`filters-toggle${count ? " active" : ""}`}
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          {count ? t.filtersActive(count) : t.filters}
        </button>
      </div>
      <div id={panelId} className="filters-panel" hidden={!open}>
        <label>
          <span>{t.department}</span>
          <select value={filters.org} onChange={(e) => set({ org: e.target.value })}>
            <option value="">{t.allOrgs}</option>
            {departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.column}</span>
          <select value={filters.column} onChange={(e) => set({ column: e.target.value })}>
            <option value="">{t.allColumns}</option>
            {board.boardColumns.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.weather}</span>
          <select value={filters.weather} onChange={(e) => set({ weather: e.target.value })}>
            <option value="">{t.allWeather}</option>
            {board.weather.map((w) => (
              <option key={w} value={w}>
                {weatherIcon(w) ? `${weatherIcon(w)} ` : ""}
                {w}
              </option>
            ))}
            <option value="none">{t.noWeather}</option>
          </select>
        </label>
        <label className="check" title={t.behindOnlyTitle}>
          <input
            type="checkbox"
            checked={filters.behind}
            onChange={(e) => set({ behind: e.target.checked })}
          />
          <span>{t.behindOnly}</span>
        </label>
        <label className="check" title={t.forecastBehindTitle}>
          <input
            type="checkbox"
            checked={filters.forecast}
            onChange={(e) => set({ forecast: e.target.checked })}
          />
          <span>{t.forecastBehind}</span>
        </label>
        <label className="wide">
          <span>{board.levels.join("・")}</span>
          <select value={filters.branch} onChange={(e) => set({ branch: e.target.value })}>
            <option value="">{t.allBranches}</option>
            {branches.map((b) => (
              <option key={b.id} value={String(b.id)}>
                {"\u3000".repeat(b.depth)}
                {b.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {chips.length > 0 || filters.q ? (
        <div className="filters-summary">
          <span className="shown" role="status">
            {t.shown(shown, total)}
          </span>
          {chips.map((c) => (
            <button
              key={c.key}
              type="button"
              className="chip"
              aria-label={t.removeFilter(c.label)}
              onClick={() => set({ [c.key]: NO_FILTERS[c.key] })}
            >
              {c.label} <span aria-hidden="true">×</span>
            </button>
          ))}
          <button type="button" className="chip clear" onClick={() => onChange(NO_FILTERS)}>
            {t.clearFilters}
          </button>
        </div>
      ) : null}
    </section>
  );
}

function activeChips(
  board: BoardResponse,
  f: BoardFilters,
  branches: { id: number; label: string }[],
): { key: keyof BoardFilters; label: string }[] {
  const chips: { key: keyof BoardFilters; label: string }[] = [];
  if (f.org) chips.push({ key: "org", label: f.org });
  if (f.branch) {
    const b = branches.find((x) => String(x.id) === f.branch);
    chips.push({ key: "branch", label: b?.label ?? f.branch });
  }
  if (f.column) {
    const c = board.boardColumns.find((x) => x.key === f.column);
    chips.push({ key: "column", label: c?.label ?? f.column });
  }
  if (f.weather)
    chips.push({ key: "weather", label: f.weather === "none" ? t.noWeather : f.weather });
  if (f.behind) chips.push({ key: "behind", label: t.behindOnly });
  if (f.forecast) chips.push({ key: "forecast", label: t.forecastBehind });
  return chips;
}
