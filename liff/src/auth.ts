/**
 * Signing in inside LINE: LIFF gives an ID token, which every API call sends as
 * `Authorization: Bearer <token>`; the server verifies it with LINE.
 *
 * Under `npm run dev` (the server says `devAuth`), LIFF runs with @line/liff-mock and the API accepts
 * `Bearer dev:<userId>`, where the user comes from the page's `?as=<userId>`.
 */
import liff from "@line/liff";

export interface ClientConfig {
  liffId: string | null;
  devAuth: boolean;
}

export interface Session {
  token: string;
  devUser: string | null;
}

/** The user development mode acts as when the page has no `?as=`. */
export const DEFAULT_DEV_USER = "Udev00000000000000000000000000office";

export async function fetchConfig(): Promise<ClientConfig> {
  const res = await fetch("/api/config");
  if (!res.ok) throw new Error(`config: ${res.status}`);
  return (await res.json()) as ClientConfig;
}

/**
 * Initialises LIFF and returns the API credentials, or `null` when LIFF redirected to LINE Login
 * (the page will reload signed in).
 */
export async function signIn(config: ClientConfig): Promise<Session | null> {
  if (config.devAuth) {
    const { LiffMockPlugin } = await import("@line/liff-mock");
    liff.use(new LiffMockPlugin());
    const as = new URLSearchParams(location.search).get("as") || DEFAULT_DEV_USER;
    await liff.init({ liffId: config.liffId ?? "0000000000-shinchoku", mock: true } as Parameters<
      typeof liff.init
    >[0]);
    liff.$mock.set((p) => ({ ...p, getProfile: { displayName: as, userId: as } }));
    return { token: `dev:${as}`, devUser: as };
  }
  if (!config.liffId) throw new Error("LIFF_ID is not configured on the server.");
  await liff.init({ liffId: config.liffId });
  if (!liff.isLoggedIn()) {
    liff.login({ redirectUri: location.href });
    return null;
  }
  const token = liff.getIDToken();
  if (!token) {
    liff.login({ redirectUri: location.href });
    return null;
  }
  return { token, devUser: null };
}

/** After a 401 the ID token has expired: log in again (not in development mode). */
export function loginAgain(session: Session): void {
  if (session.devUser) return;
  liff.logout();
  liff.login({ redirectUri: location.href });
}
