import { useMemo } from "react";
import { Link } from "wouter";
import { findCatalogEntry } from "../../../shared/catalog.ts";
import { formatFiscalYear } from "../../../shared/fiscal-year.ts";
import { forecastIndicator, MIN_READINGS } from "../../../shared/forecast.ts";
import { kindNote } from "../../../shared/indicator-kinds.ts";
import { formatFigure } from "../../../shared/numbers.ts";
import type { IndicatorView } from "../../../shared/plan-view.ts";
import type { ApiClient } from "../api.ts";
import { t } from "../text.ts";
import { ProvenanceMark } from "../ui.tsx";
import { ActualForm } from "./ActualForm.tsx";
import { ApprovalPanel } from "./ApprovalPanel.tsx";
import { FiguresTable } from "./FiguresTable.tsx";
import { IndicatorChart } from "./IndicatorChart.tsx";
import { indicatorSeries } from "./series.ts";

export function IndicatorCard({
  indicator,
  years,
  api,
  editable,
  approver,
  onRecorded,
}: {
  indicator: IndicatorView;
  years: number[];
  api: ApiClient;
  editable: boolean;
  /** Who may approve: the 課長 of the initiative's 課 or the office; their member id. */
  approver: { canDecide: boolean; memberId: number };
  onRecorded: () => Promise<void>;
}) {
  const series = useMemo(() => indicatorSeries(indicator, years), [indicator, years]);
  // How to read the figures: 「削減量・令和2年度比」, 「計画期間の累計」 (shared/indicator-kinds.ts).
  const kind = kindNote(indicator, (fy) => formatFiscalYear(fy, "long"));
  // The 年度 of the newest monthly reading (shared/forecast.ts); nothing once its 確定 is in.
  const forecast = useMemo(() => forecastIndicator(indicator), [indicator]);
  const catalogEntry = indicator.catalog ? findCatalogEntry(indicator.catalog) : null;
  return (
    <article className="indicator" data-testid="indicator" data-key={indicator.key}>
      <h3>
        {indicator.name}
        {ProvenanceMark({ provenance: indicator.provenance })}
      </h3>
      <dl className="indicator-meta">
        {indicator.unit ? (
          <div>
            <dt>{t.unit}</dt>
            <dd>{indicator.unit}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t.directionLabel}</dt>
          <dd>{t.direction[indicator.direction] ?? indicator.direction}</dd>
        </div>
        {indicator.department ? (
          <div data-testid="indicator-department">
            <dt>{t.department}</dt>
            <dd>{indicator.department}</dd>
          </div>
        ) : null}
        {kind ? (
          <div data-testid="indicator-kind">
            <dt>{t.indicatorKind}</dt>
            <dd>{kind}</dd>
          </div>
        ) : null}
        {indicator.baseValue !== null ? (
          <div>
            <dt>{t.baseValue}</dt>
            <dd>{formatFigure(indicator.baseValue, indicator.unit)}</dd>
          </div>
        ) : null}
        {indicator.baseline ? (
          <div>
            <dt>{t.baseline}</dt>
            <dd>{indicator.baseline}</dd>
          </div>
        ) : null}
        {catalogEntry ? (
          <div>
            <dt>{t.catalogEntry}</dt>
            <dd>
              <span title={catalogEntry.definition} data-testid="catalog">
                {catalogEntry.name}
              </span>{" "}
              <Link href={`/compare/${catalogEntry.id}`} data-testid="compare-link">
                {t.compareLink}
              </Link>
            </dd>
          </div>
        ) : null}
        {indicator.targetText ? (
          <div>
            <dt>{t.targetText}</dt>
            <dd>{indicator.targetText}</dd>
          </div>
        ) : null}
      </dl>
      <IndicatorChart
        indicator={indicator}
        series={series}
        forecast={forecast.status === "ok" ? forecast : null}
      />
      {forecast.status === "ok" ? (
        <p className={`forecast${forecast.missesTarget ? " miss" : ""}`} data-testid="forecast">
          {t.forecastLine(
            formatFigure(forecast.point, indicator.unit, forecast.decimals),
            forecast.target === null
              ? null
              : formatFigure(forecast.target, indicator.unit, forecast.targetDecimals),
            forecast.probability === null ? null : t.probability(forecast.probability),
          )}
          <br />
          <small>
            {t.forecastRange(
              formatFigure(forecast.low, indicator.unit, forecast.decimals),
              formatFigure(forecast.high, indicator.unit, forecast.decimals),
            )}
          </small>
        </p>
      ) : forecast.status === "too_few" && forecast.readings > 0 ? (
        <p className="forecast" data-testid="forecast">
          {t.forecastTooFew(forecast.readings, MIN_READINGS)}
        </p>
      ) : null}
      <FiguresTable indicator={indicator} series={series} />
      <ApprovalPanel
        indicator={indicator}
        api={api}
        canDecide={approver.canDecide}
        memberId={approver.memberId}
        onDecided={onRecorded}
      />
      {editable ? (
        <ActualForm indicator={indicator} years={years} api={api} onRecorded={onRecorded} />
      ) : null}
    </article>
  );
}
