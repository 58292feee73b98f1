import "./compare.css";
import type { CompareFigure, CompareSeries } from "../../../shared/compare.ts";
import { periodKeyText } from "../../../shared/fiscal-year.ts";
import { formatFigure } from "../../../shared/numbers.ts";
import type { ApiClient } from "../api.ts";
import { OfficeRefused, useOfficeLoad, usePageTitle } from "../office/load.tsx";
import { Loading } from "../screens.tsx";
import { t } from "../text.ts";
import { BackToBoard } from "../ui.tsx";
import { CompareChart } from "./CompareChart.tsx";

/**
 * A figure formatted with its unit and decimals (`72.0%`); the city's printed text only for a
 * text-only figure (a plan's printed cell may be a sentence). Its period after it.
 */
function figureText(f: CompareFigure | null, unit: string | null): string {
  if (!f) return t.compareNone;
  const shown =
    f.value === null ? (f.printed ?? t.compareNone) : formatFigure(f.value, unit, f.decimals);
  const interim = f.kind === "interim" ? t.compareInterim : "";
  return `${shown}${interim}（${periodKeyText(f.period)}）`;
}

function SeriesCard({ series }: { series: CompareSeries }) {
  const headingId = `compare-${series.origin}-${series.source}-${series.indicatorName ?? ""}`;
  return (
    <section
      className="compare-city"
      aria-labelledby={headingId}
      data-testid="compare-series"
      data-origin={series.origin}
      data-city={series.city}
    >
      <h2 id={headingId}>
        {series.city}
        <span className="compare-origin">
          {series.origin === "plan" ? t.compareThisServer : t.compareReference}
        </span>
      </h2>
      {series.planName ? <p className="compare-plan">{series.planName}</p> : null}
      <dl className="compare-figures">
        <div>
          <dt>{t.compareLatest}</dt>
          <dd data-testid="compare-latest">{figureText(series.latest, series.unit)}</dd>
        </div>
        <div>
          <dt>{t.compareTarget}</dt>
          <dd data-testid="compare-target">{figureText(series.target, series.unit)}</dd>
        </div>
        {series.perThousand ? (
          <div data-testid="compare-per-thousand">
            <dt>{t.comparePerThousand}</dt>
            <dd>
              {t.perThousandText(series.perThousand.latest, series.perThousand.target, series.unit)}
              <span className="hint">
                {" "}
                {t.populationText(series.perThousand.population, series.perThousand.asOf)}
              </span>
            </dd>
          </div>
        ) : null}
      </dl>
      {series.trend.length > 0 ? <CompareChart series={series} /> : null}
      <details className="compare-definition">
        <summary>{t.compareDefinition}</summary>
        <dl>
          <div>
            <dt>{t.compareIndicatorName}</dt>
            <dd>{series.indicatorName ?? t.compareNone}</dd>
          </div>
          {series.unit ? (
            <div>
              <dt>{t.unit}</dt>
              <dd>{series.unit}</dd>
            </div>
          ) : null}
          {series.baseline ? (
            <div>
              <dt>{t.baseline}</dt>
              <dd>{series.baseline}</dd>
            </div>
          ) : null}
          {series.targetText ? (
            <div>
              <dt>{t.targetText}</dt>
              <dd>{series.targetText}</dd>
            </div>
          ) : null}
        </dl>
      </details>
    </section>
  );
}

/**
 * `/compare/:catalogId`: a common indicator across the plans here and the imported reference series
 * (GET /api/catalog/:catalogId/compare), one small chart per city, each city's own definition
 * behind a tap.
 */
export default function ComparePage({ catalogId, api }: { catalogId: string; api: ApiClient }) {
  const { state } = useOfficeLoad(() => api.compare(catalogId), catalogId);
  usePageTitle(state.kind === "ready" ? t.compareTitle(state.data.entry.name) : t.compareLink);
  if (state.kind === "loading") return <Loading />;
  if (state.kind !== "ready") return <OfficeRefused state={state} />;
  const { entry, series, perCapitaNote } = state.data;
  return (
    <main className="compare-page" data-testid="compare-page">
      <BackToBoard />
      <h1>{t.compareTitle(entry.name)}</h1>
      <p className="compare-intro">{t.compareIntro}</p>
      <dl className="compare-entry">
        <div>
          <dt>{t.compareCatalogDefinition}</dt>
          <dd data-testid="compare-entry-definition">{entry.definition}</dd>
        </div>
        {entry.source ? (
          <div>
            <dt>{t.compareNationalSource}</dt>
            <dd>
              {entry.source.publisher}「{entry.source.title}」 {entry.source.note}
            </dd>
          </div>
        ) : null}
      </dl>
      {perCapitaNote ? (
        <p className="compare-note" data-testid="per-capita-note">
          {perCapitaNote}
        </p>
      ) : null}
      {series.length === 0 ? <p className="status">{t.compareSeriesNone}</p> : null}
      {series.map((s) => (
        <SeriesCard key={`${s.origin}:${s.source}:${s.indicatorName}`} series={s} />
      ))}
    </main>
  );
}
