/** Whole-screen states: loading, failures, and how to join for a LINE user who is not a member. */
import { t } from "./text.ts";

export function Loading() {
  return (
    <p className="status" role="status">
      {t.loading}
    </p>
  );
}

/** A failure inside a page that has its own `<main>` (the detail page). */
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

/** A failure that is the whole screen: in the page's main landmark, as every page's content is. */
export function FailureScreen({ message }: { message: string }) {
  return (
    <main>
      <Failure message={message} />
    </main>
  );
}

export function NotMember() {
  return (
    <main>
      <section className="notice" aria-labelledby="join-title">
        <h1 id="join-title">{t.notMemberTitle}</h1>
        {t.howToJoin.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </section>
    </main>
  );
}
