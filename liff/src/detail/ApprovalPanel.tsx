import { useId, useState } from "react";
import { periodKeyText } from "../../../shared/fiscal-year.ts";
import type { IndicatorView } from "../../../shared/plan-view.ts";
import type { ApiClient } from "../api.ts";
import { figureText } from "../format.ts";
import { t } from "../text.ts";
import { failure } from "./useDetail.ts";

type Status =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "returning"; comment: string }
  | { kind: "done"; text: string }
  | { kind: "failed"; message: string };

/**
 * The 確定値 of an indicator not counted yet (issue 12 §4): each shows 承認待ち or 差し戻し with who
 * reported it (and, returned, who returned it and why). The 課長 of the 課 and the office get
 * 承認 / 差し戻し buttons, except on what they reported themselves; the server checks the same
 * (POST /api/actuals/:id/approve|return) and its refusal is shown as it says.
 */
export function ApprovalPanel({
  indicator,
  api,
  canDecide,
  memberId,
  onDecided,
}: {
  indicator: IndicatorView;
  api: ApiClient;
  /** The viewer is the 課長 of the initiative's 課 or an office member. */
  canDecide: boolean;
  memberId: number;
  onDecided: () => Promise<void>;
}) {
  const awaiting = indicator.awaiting ?? [];
  if (awaiting.length === 0) return null;
  return (
    <section className="approval" data-testid="approval" aria-label={t.approvalTitle}>
      {awaiting.map((a) => {
        const version = indicator.history.find((v) => v.id === a.id);
        return (
          <ApprovalItem
            key={a.id}
            actualId={a.id}
            line={t.approvalLine(periodKeyText(a.period), figureText(a, indicator.unit))}
            state={a.approval ?? "submitted"}
            reporter={version?.reporter ?? null}
            decidedBy={version?.decidedBy ?? null}
            comment={version?.decisionComment ?? null}
            canDecide={canDecide && a.approval === "submitted" && version?.reportedBy !== memberId}
            api={api}
            onDecided={onDecided}
          />
        );
      })}
    </section>
  );
}

function ApprovalItem(props: {
  actualId: number;
  line: string;
  state: string;
  reporter: string | null;
  decidedBy: string | null;
  comment: string | null;
  canDecide: boolean;
  api: ApiClient;
  onDecided: () => Promise<void>;
}) {
  const id = useId();
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const run = async (call: () => Promise<unknown>, done: string) => {
    setStatus({ kind: "busy" });
    try {
      await call();
      setStatus({ kind: "done", text: done });
      await props.onDecided();
    } catch (err) {
      setStatus({ kind: "failed", message: failure(err).message });
    }
  };
  const returned = props.state === "returned";
  return (
    <div className={`approval-item ${props.state}`} data-state={props.state}>
      <p className="approval-head">
        <span className={`approval-badge ${props.state}`}>
          {t.approvalState[props.state] ?? props.state}
        </span>{" "}
        {props.line}
      </p>
      <p className="muted">
        {props.reporter ? t.approvalBy(props.reporter) : null}
        {returned && props.decidedBy ? `・${t.approvalReturnedBy(props.decidedBy)}` : null}
      </p>
      {returned && props.comment ? <p>{t.approvalComment(props.comment)}</p> : null}
      <p className="muted">{returned ? t.approvalReturnedNote : t.approvalNote}</p>
      {props.canDecide && status.kind !== "done" ? (
        status.kind === "returning" ? (
          <form
            className="approval-return"
            onSubmit={(e) => {
              e.preventDefault();
              const comment = status.comment.trim();
              if (comment)
                void run(() => props.api.returnActual(props.actualId, comment), t.returnedDone);
            }}
          >
            <label htmlFor={`${id}-comment`}>{t.returnCommentLabel}</label>
            <textarea
              id={`${id}-comment`}
              value={status.comment}
              maxLength={2000}
              onChange={(e) => setStatus({ kind: "returning", comment: e.target.value })}
            />
            <div className="approval-actions">
              <button type="submit" disabled={!status.comment.trim()}>
                {t.returnSubmit}
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => setStatus({ kind: "idle" })}
              >
                {t.returnCancel}
              </button>
            </div>
          </form>
        ) : (
          <div className="approval-actions">
            <button
              type="button"
              disabled={status.kind === "busy"}
              onClick={() =>
                void run(() => props.api.approveActual(props.actualId), t.approvedDone)
              }
            >
              {t.approve}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={status.kind === "busy"}
              onClick={() => setStatus({ kind: "returning", comment: "" })}
            >
              {t.returnAction}
            </button>
          </div>
        )
      ) : null}
      {status.kind === "done" ? (
        <p className="form-ok" role="status">
          {status.text}
        </p>
      ) : null}
      {status.kind === "failed" ? (
        <p className="form-error" role="alert">
          {status.message}
        </p>
      ) : null}
    </div>
  );
}
