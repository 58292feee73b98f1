import { formatFiscalYear, periodKeyText } from "../../../shared/fiscal-year.ts";
import type { IndicatorView } from "../../../shared/plan-view.ts";
import { channelLabel, figureText } from "../format.ts";
import { t } from "../text.ts";
import { ProvenanceMark } from "../ui.tsx";
import type { IndicatorSeries } from "./series.ts";

/** The chart's figures as text: what a screen reader reads, and what a phone user can copy. */
export function FiguresTable({
  indicator,
  series,
}: {
  indicator: IndicatorView;
  series: IndicatorSeries;
}) {
  return (
    <>
      <table className="figures" data-testid="figures">
        <caption>{t.figuresCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.year}</th>
            <th scope="col">{t.target}</th>
            <th scope="col">{t.actual}</th>
          </tr>
        </thead>
        <tbody>
          {series.years.map((row) => (
            <tr key={row.fiscalYear} data-year={row.fiscalYear}>
              <th scope="row">{formatFiscalYear(row.fiscalYear)}</th>
              <td data-kind="target" data-value={row.target?.value ?? ""}>
                {figureText(row.target, indicator.unit)}
                {ProvenanceMark({ provenance: row.target?.provenance })}
              </td>
              <td data-kind="actual" data-value={row.actual?.value ?? ""}>
                {figureText(row.actual, indicator.unit)}
                {ProvenanceMark({ provenance: row.actual?.provenance })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {series.interim.length > 0 ? (
        <table className="figures interim" data-testid="interim">
          <caption>{t.interimCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.period}</th>
              <th scope="col">{t.value}</th>
              <th scope="col">{t.entered}</th>
            </tr>
          </thead>
          <tbody>
            {series.interim.map((a) => (
              <tr key={a.id} data-period={a.period}>
                <th scope="row">{periodKeyText(a.period)}</th>
                <td data-kind="interim" data-value={a.value ?? ""}>
                  {figureText(a, indicator.unit)}
                  {ProvenanceMark({ provenance: a.provenance })}
                </td>
                <td>{channelLabel(a.channel)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
