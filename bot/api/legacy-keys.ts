/**
 * `orgUnit`, the API's name for 担当課 before it became `department` (issue 15 §7), kept as an alias
 * so that clients and scripts written against the earlier docs/api.md keep working: answers carry
 * both keys, and request bodies accept either (`department` wins when both are given).
 * docs/api.md lists the alias under "Old names".
 */

/** `x` with `orgUnit` beside its `department`. */
export function withOrgUnit<T extends { department: string | null }>(
  x: T,
): T & { orgUnit: T["department"] } {
  return { ...x, orgUnit: x.department };
}

/**
 * A request body's 担当課 under either name, for a zod `.transform` after the body was validated
 * with both keys optional. `undefined` when neither was given (leave the 担当課 unchanged).
 */
export function departmentOf(body: {
  department?: string | null;
  orgUnit?: string | null;
}): string | null | undefined {
  return body.department !== undefined ? body.department : body.orgUnit;
}
