/** The API the LIFF app reads (bot/api). Types mirror shared/plan-view.ts. */
import type { InitiativeView, PlanView } from "../../shared/plan-view.ts";

export type { InitiativeView, PlanView };

export interface BoardResponse extends PlanView {
  me: { role: "lead" | "office" | "viewer"; orgUnit: string | null };
}

export interface PlansResponse {
  plans: {
    id: string;
    name: string;
    city: string;
    member: { role: string; orgUnit: string | null } | null;
  }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function apiGet<T>(path: string, token: string): Promise<T> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    let code = "error";
    let message = res.statusText;
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // not JSON
    }
    throw new ApiError(res.status, code, message);
  }
  return (await res.json()) as T;
}
