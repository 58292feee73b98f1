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
    const as = devUser();
    await liff.init({ liffId: config.liffId ?? "0000000000-shinchoku", mock: true } as Parameters<
      typeof liff.init
    >[0]);
    followLiffState();
    liff.$mock.set((p) => ({ ...p, getProfile: { displayName: as, userId: as } }));
    return { token: `dev:${as}`, devUser: as };
  }
  if (!config.liffId) throw new Error("LIFF_ID is not configured on the server.");
  await liff.init({ liffId: config.liffId });
  followLiffState();
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

/**
 * The dev user: `?as=` of this page, else the one this tab used before (in-app links drop `?as=`,
 * and a reload should not turn the developer into a stranger), else {@link DEFAULT_DEV_USER}.
 */
function devUser(): string {
  const key = "shinchoku.devUser";
  const as = new URLSearchParams(location.search).get("as");
  if (as) {
    sessionStorage.setItem(key, as);
    return as;
  }
  return sessionStorage.getItem(key) || DEFAULT_DEV_USER;
}

/**
 * Opened as `https://liff.line.me/<LIFF_ID>/initiatives/19`, LINE loads the endpoint with
 * `?liff.state=%2Finitiatives%2F19`. The real SDK usually redirects there itself during init; when it
 * has not (mock mode, or an SDK that leaves it to the app), go to that path without reloading. The
 * other query parameters (`?as=` in development) are kept, as LINE keeps the endpoint's.
 */
export function followLiffState(): void {
  const params = new URLSearchParams(location.search);
  const state = params.get("liff.state");
  if (state === null) return;
  params.delete("liff.state");
  let target: URL;
  try {
    target = new URL(state.startsWith("/") ? state : `/${state}`, location.origin);
  } catch {
    target = new URL("/", location.origin);
  }
  // A state naming another origin (`//evil.example`) is not followed.
  if (target.origin !== location.origin) target = new URL("/", location.origin);
  for (const [k, v] of params) if (!target.searchParams.has(k)) target.searchParams.set(k, v);
  history.replaceState(history.state, "", `${target.pathname}${target.search}${target.hash}`);
}

/** After a 401 the ID token has expired: log in again (not in development mode). */
export function loginAgain(session: Session): void {
  if (session.devUser) return;
  liff.logout();
  liff.login({ redirectUri: location.href });
}
