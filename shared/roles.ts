/**
 * The roles a member has in a plan, and their Japanese names: the one home for both. Dependency-free,
 * so that the database schema, the bot, the CLI and the LIFF app all import it.
 *
 * - `lead` (担当課リーダー): reports the actuals of their 課's indicators and edits its initiatives.
 * - `office` (DX推進担当): the DX office; edits every initiative, sends digests, imports plans.
 * - `viewer` (閲覧者): reads only.
 * - `manager` (課長): the head of a 課. Not asked for figures; gets one push when the cycle's 提出期限
 *   has passed and their 課 still owes figures (issue 12, section 3), and may edit the 課's initiatives.
 *
 * The stored value (members.role, invites.role, the CLI's `--role`, the API's `role`) is always the
 * English key; the label is for display only, so code branches on the key, never on the label.
 */

/** Every role, in the order the CLI lists them (`--role <lead|office|viewer|manager>`). */
export const ROLES = ["lead", "office", "viewer", "manager"] as const;

export type Role = (typeof ROLES)[number];

/** The Japanese name of each role, as the bot, the CLI and the LIFF app show it. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  lead: "担当課リーダー",
  office: "DX推進担当",
  viewer: "閲覧者",
  manager: "課長",
};

/** Whether `value` is a role key (`lead`, `office`, `viewer`, `manager`); labels are not accepted. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * The label of a role for display: {@link ROLE_LABELS}, or the value itself when it is not a known
 * role (a string from an older server or a newer one, shown rather than hidden).
 */
export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}
