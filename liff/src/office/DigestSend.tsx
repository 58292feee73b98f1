import { useState } from "react";
import { ROLE_LABELS, ROLES, type Role } from "../../../shared/roles.ts";
import type { ApiClient, DigestSendResponse } from "../api.ts";
import { t } from "../text.ts";
import { actionError } from "./load.tsx";

type Step =
  | { kind: "choose" }
  | { kind: "busy" }
  | { kind: "preview"; cost: Extract<DigestSendResponse, { sent: false }> }
  | { kind: "sent"; result: Extract<DigestSendResponse, { sent: true }> }
  | { kind: "failed"; message: string };

/** `all`, each role (`role:lead` …, labelled as shared/roles.ts says), a 課, or every friend. */
const AUDIENCES = ["all", ...ROLES.map((r) => `role:${r}` as const), "org", "broadcast"] as const;
type AudienceChoice = (typeof AUDIENCES)[number];

const audienceLabel = (a: AudienceChoice) =>
  a.startsWith("role:") ? ROLE_LABELS[a.slice(5) as Role] : (t.audiences[a] ?? a);

/**
 * Sending the digest: the audience, then what it costs (recipients, messages, this month's LINE
 * messages left), then the send after a confirmation (`POST …/digest/send`).
 */
export function DigestSend({ api, planId }: { api: ApiClient; planId: string }) {
  const [audience, setAudience] = useState<AudienceChoice>("all");
  const [org, setOrg] = useState("");
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const to = audience === "org" ? `org:${org.trim()}` : audience;

  const ask = async (confirm: boolean) => {
    setStep({ kind: "busy" });
    try {
      const result = await api.sendDigest(planId, to, confirm);
      setStep(result.sent ? { kind: "sent", result } : { kind: "preview", cost: result });
    } catch (err) {
      setStep({ kind: "failed", message: actionError(err) });
    }
  };
  const change = () => setStep({ kind: "choose" });

  return (
    <section className="office-section" aria-labelledby="send-title" data-testid="digest-send">
      <h2 id="send-title">{t.sendTitle}</h2>
      <div className="office-form">
        <label>
          {t.sendTo}
          <select
            value={audience}
            onChange={(e) => {
              setAudience(e.target.value as AudienceChoice);
              change();
            }}
          >
            {AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {audienceLabel(a)}
              </option>
            ))}
          </select>
        </label>
        {audience === "org" ? (
          <label>
            {t.sendOrg}
            <input
              value={org}
              onChange={(e) => {
                setOrg(e.target.value);
                change();
              }}
            />
          </label>
        ) : null}
      </div>
      <div className="import-buttons">
        <button
          type="button"
          className="primary"
          disabled={step.kind === "busy" || (audience === "org" && !org.trim())}
          onClick={() => ask(false)}
        >
          {t.sendPreview}
        </button>
      </div>
      {step.kind === "preview" ? (
        <div className="office-result" data-testid="send-cost">
          <p>{t.sendCost(step.cost.recipients, step.cost.messages)}</p>
          <p>
            {step.cost.quota === null
              ? t.sendNoQuota
              : step.cost.quota.remaining === null || step.cost.remainingAfter === null
                ? t.sendNoLimit
                : t.sendQuota(step.cost.quota.remaining, step.cost.remainingAfter)}
          </p>
          <div className="import-buttons">
            <button type="button" className="primary" onClick={() => ask(true)}>
              {t.sendConfirm}
            </button>
            <button type="button" onClick={change}>
              {t.cancel}
            </button>
          </div>
        </div>
      ) : null}
      {step.kind === "sent" ? (
        <p className="office-result" role="status" data-testid="send-done">
          {t.sendDone(step.result.recipients, step.result.remainingAfter)}
        </p>
      ) : null}
      {step.kind === "failed" ? (
        <p className="notice" role="alert" data-testid="send-failed">
          {step.message}
        </p>
      ) : null}
    </section>
  );
}
