import "./office.css";
import { useState } from "react";
import { ROLE_LABELS, ROLES, type Role } from "../../../shared/roles.ts";
import type { ApiClient, InviteResponse, MemberRow, MembersResponse } from "../api.ts";
import { Loading } from "../screens.tsx";
import { t } from "../text.ts";
import { BackToBoard } from "../ui.tsx";
import { InviteQr } from "./InviteQr.tsx";
import { actionError, OfficeRefused, useOfficeLoad, usePageTitle } from "./load.tsx";

const dateTime = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  dateStyle: "medium",
  timeStyle: "short",
});
const when = (iso: string) => dateTime.format(new Date(iso));

/** Copies text, saying so; where the clipboard is not allowed the text stays selectable. */
function CopyButton({ text }: { text: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      onClick={() =>
        navigator.clipboard?.writeText(text).then(
          () => setDone(true),
          () => setDone(false),
        )
      }
    >
      {done ? t.copied : t.copy}
    </button>
  );
}

/** The role field of the invite and of each member. */
function RoleSelect({ role, onChange }: { role: Role; onChange: (role: Role) => void }) {
  return (
    <label>
      {t.inviteRole}
      <select value={role} onChange={(e) => onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
    </label>
  );
}

function Invite({
  api,
  planId,
  departments,
}: {
  api: ApiClient;
  planId: string;
  departments: string[];
}) {
  const [role, setRole] = useState<Role>("lead");
  const [org, setOrg] = useState("");
  const [days, setDays] = useState("14");
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<InviteResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setIssued(
        await api.invite(planId, {
          role,
          department: org.trim() || null,
          days: Number(days),
        }),
      );
    } catch (err) {
      setError(actionError(err));
    } finally {
      setBusy(false);
    }
  };
  const until = issued ? when(issued.expiresAt) : "";
  const letter = issued ? t.inviteLetter(issued.code, until, issued.addFriendUrl) : "";
  return (
    <section className="office-section" aria-labelledby="invite-title" data-testid="invite">
      <h2 id="invite-title">{t.inviteTitle}</h2>
      <form className="office-form" onSubmit={submit}>
        <RoleSelect role={role} onChange={setRole} />
        <label>
          {t.inviteOrg}
          <input
            value={org}
            list="member-org-units"
            onChange={(e) => setOrg(e.target.value)}
            required={role === "lead"}
          />
        </label>
        <label>
          {t.inviteDays}
          <input
            type="number"
            min={1}
            max={90}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        </label>
        <datalist id="member-org-units">
          {departments.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
        <div className="import-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t.inviteSubmit}
          </button>
        </div>
      </form>
      {error ? (
        <p className="notice" role="alert" data-testid="invite-error">
          {error}
        </p>
      ) : null}
      {issued ? (
        <div className="office-result" role="status" data-testid="invite-issued">
          <h3>{t.inviteIssued}</h3>
          <p className="invite-code" data-testid="invite-code">
            {issued.code}
          </p>
          <p>{t.inviteExpires(until)}</p>
          {issued.addFriendUrl ? (
            <p>
              {t.inviteAddFriend}:{" "}
              <a href={issued.addFriendUrl} data-testid="add-friend">
                {issued.addFriendUrl}
              </a>
              <InviteQr url={issued.addFriendUrl} />
            </p>
          ) : (
            <p className="hint">{t.inviteNoFriendUrl}</p>
          )}
          <h3>{t.inviteLetterTitle}</h3>
          <pre className="invite-letter" data-testid="invite-letter">
            {letter}
          </pre>
          <CopyButton text={letter} />
        </div>
      ) : null}
    </section>
  );
}

/** One member: role and 課 to change, deactivate or reactivate. */
function Member({
  api,
  planId,
  member,
  onChanged,
}: {
  api: ApiClient;
  planId: string;
  member: MemberRow;
  onChanged: () => void;
}) {
  const [role, setRole] = useState<Role>(member.role);
  const [org, setOrg] = useState(member.department ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = member.displayName ?? member.lineUserId;
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError(actionError(err));
    } finally {
      setBusy(false);
    }
  };
  const changed = role !== member.role || (org.trim() || null) !== member.department;
  return (
    <li
      className={`member-item${member.active ? "" : " inactive"}`}
      data-user={member.lineUserId}
      data-active={member.active}
    >
      <div className="member-head">
        <strong>{name}</strong>
        <span className="muted">
          {member.active ? t.memberActive : t.memberInactive}・
          {t.lastReport(member.lastReportAt ? when(member.lastReportAt) : null)}
        </span>
      </div>
      <div className="office-form">
        <RoleSelect role={role} onChange={setRole} />
        <label>
          {t.colDepartment}
          <input
            value={org}
            list="member-org-units"
            placeholder={t.noOrg}
            onChange={(e) => setOrg(e.target.value)}
          />
        </label>
      </div>
      <div className="import-buttons">
        <button
          type="button"
          disabled={busy || !changed}
          onClick={() =>
            act(() =>
              api.changeMember(planId, member.lineUserId, { role, department: org.trim() || null }),
            )
          }
        >
          {t.memberSave}
        </button>
        {member.active ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t.memberDeactivateAsk(name)))
                void act(() => api.deactivateMember(planId, member.lineUserId));
            }}
          >
            {t.memberDeactivate}
          </button>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => act(() => api.changeMember(planId, member.lineUserId, { active: true }))}
          >
            {t.memberReactivate}
          </button>
        )}
      </div>
      {error ? (
        <p className="notice" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/** `/members?plan=<id>`: the DX office's members and invites (`…/members`, `…/invites`). */
export default function MembersPage({ planId, api }: { planId: string; api: ApiClient }) {
  const { state, reload } = useOfficeLoad<MembersResponse>(() => api.members(planId), planId);
  usePageTitle(t.membersTitle);
  if (state.kind === "loading") return <Loading />;
  if (state.kind !== "ready") return <OfficeRefused state={state} />;
  const { members } = state.data;
  const departments = [...new Set(members.flatMap((m) => (m.department ? [m.department] : [])))];
  return (
    <main className="office-page" data-testid="members" data-plan={planId}>
      <BackToBoard />
      <header className="office-header">
        <div className="office-kicker">{t.membersLink}</div>
        <h1>{t.membersTitle}</h1>
        <p className="muted">{t.membersLead}</p>
      </header>
      <Invite api={api} planId={planId} departments={departments} />
      <section className="office-section" aria-labelledby="members-title">
        <h2 id="members-title">{t.membersListTitle(members.length)}</h2>
        <ul className="member-list">
          {members.map((m) => (
            <Member
              key={`${m.lineUserId}-${m.role}-${m.department}-${m.active}`}
              api={api}
              planId={planId}
              member={m}
              onChanged={reload}
            />
          ))}
        </ul>
      </section>
    </main>
  );
}
