import { useEffect, useState } from "react";
import type { LimitNotice } from "../../bot/reminders/notices.ts";
import type { ApiClient } from "./api.ts";

/**
 * A banner on the board and the office pages while LINE's monthly limit keeps a reminder cycle
 * stopped: how many were sent, how many wait, how to resume (`GET /api/plans/:planId/notices`; the
 * text comes from the server, the same words the chat and the CLI use). Nothing when all is well or
 * when the notices cannot be read: the page itself must not fail for it.
 */
export function LimitBanner({ api, planId }: { api: ApiClient; planId: string }) {
  const [notices, setNotices] = useState<LimitNotice[]>([]);
  useEffect(() => {
    let live = true;
    api.notices(planId).then(
      (res) => {
        if (live) setNotices(res.notices);
      },
      () => {
        if (live) setNotices([]);
      },
    );
    return () => {
      live = false;
    };
  }, [api, planId]);
  if (notices.length === 0) return null;
  return (
    <section className="limit-banner" role="status" data-testid="limit-banner">
      {notices.map((n) => (
        <p key={n.cycleId}>{n.message}</p>
      ))}
    </section>
  );
}
