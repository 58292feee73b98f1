/** Whole-screen states: loading, failures, and how to join for a LINE user who is not a member. */
import { t } from "./text.ts";

export function Loading() {
  return (
    <p className="status" role="status">
      {t.loading}
    </p>
  );
}

export function Failure({ message }: { message: string }) {
  return (
    <section className="notice" role="alert">
      <p>{message}</p>
      <button type="button" onClick={() => location.reload()}>
        {t.reload}
      </button>
    </section>
  );
}

export function NotMember() {
  return (
    <section className="notice" aria-labelledby="join-title">
      <h1 id="join-title">{t.notMemberTitle}</h1>
      {t.howToJoin.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </section>
  );
}
