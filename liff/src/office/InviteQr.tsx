import { useEffect, useState } from "react";
import { t } from "../text.ts";

/**
 * The add-friend link as a QR code, to print on the invite letter or show on a screen; staff scan
 * it with LINE's own camera. Drawn by the `qrcode` library as SVG, loaded only when an invite is
 * issued so the board's first load does not carry it.
 */
export function InviteQr({ url }: { url: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import("qrcode")
      // A CommonJS package: its functions are on `default` once bundled for the browser.
      .then((mod) => mod.default ?? mod)
      .then((qr) => qr.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" }))
      .then((svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [url]);
  return src ? (
    <img
      className="invite-qr"
      src={src}
      alt={t.inviteQrAlt}
      width={160}
      height={160}
      data-testid="invite-qr"
    />
  ) : null;
}
