import { useEffect } from "react";
import { t } from "./text.ts";

export interface Notice {
  kind: "ok" | "error";
  text: string;
}

/**
 * The result of an action, at the bottom of the screen where a thumb is. Errors stay until closed
 * (they carry the server's reason); confirmations fade after a few seconds.
 */
export function NoticeBar({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  useEffect(() => {
    if (notice?.kind !== "ok") return;
    const timer = setTimeout(onDismiss, 4000);
    return () => clearTimeout(timer);
  }, [notice, onDismiss]);
  if (!notice) return null;
  return (
    <div
      className={`notice-bar notice-${notice.kind}`}
      role={notice.kind === "error" ? "alert" : "status"}
      data-testid="notice"
    >
      <p>{notice.text}</p>
      <button type="button" onClick={onDismiss}>
        {t.dismiss}
      </button>
    </div>
  );
}
