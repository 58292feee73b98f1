import { useMemo } from "react";
import { formatFiscalYear } from "../../../shared/fiscal-year.ts";
import { kindNote } from "../../../shared/indicator-kinds.ts";
import { formatFigure } from "../../../shared/numbers.ts";
import type { IndicatorView } from "../../../shared/plan-view.ts";
import type { ApiClient } from "../api.ts";
import { t } from "../text.ts";
import { ActualForm } from "./ActualForm.tsx";
import { FiguresTable } from "./FiguresTable.tsx";
import { IndicatorChart } from "./IndicatorChart.tsx";
import { indicatorSeries } from "./series.ts";

export function IndicatorCard({
  indicator,
  years,
  api,
  editable,
  onRecorded,
}: {
  indicator: IndicatorView;
  years: number[];
  api: ApiClient;
  editable: boolean;
  onRecorded: () => Promise<void>;
}) {
  const series = useMemo(() => indicatorSeries(indicator, years), [indicator, years]);
  // How to read the figures: 「削減量・令和2年度比」, 「計画期間の累計」 (shared/indicator-kinds.ts).
  const kind = kindNote(indicator, (fy) => formatFiscalYear(fy, "long"));
  return (
    <article className="indicator" data-testid="indicator" data-key={indicator.key}>
      <h3>{indicator.name}</h3>
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
        {indicator.targetText ? (
          <div>
            <dt>{t.targetText}</dt>
            <dd>{indicator.targetText}</dd>
          </div>
        ) : null}
      </dl>
      <IndicatorChart indicator={indicator} series={series} />
      <FiguresTable indicator={indicator} series={series} />
      {editable ? (
        <ActualForm indicator={indicator} years={years} api={api} onRecorded={onRecorded} />
      ) : null}
    </article>
  );
}
