import { describe, expect, it } from "vitest";
import { canEditInitiative } from "../../shared/permissions.ts";
import { isRole, ROLE_LABELS, ROLES, roleLabel } from "../../shared/roles.ts";

describe("roles", () => {
  it("has one label per role, 閲覧者 for viewers", () => {
    expect(Object.keys(ROLE_LABELS)).toEqual([...ROLES]);
    expect(ROLE_LABELS).toEqual({
      lead: "担当課リーダー",
      office: "DX推進担当",
      viewer: "閲覧者",
      manager: "課長",
    });
  });

  it("accepts role keys only, never labels", () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const other of ["閲覧", "閲覧者", "担当課リーダー", "admin", "", null, 1])
      expect(isRole(other)).toBe(false);
  });

  it("labels known roles and shows unknown values as they are", () => {
    expect(roleLabel("viewer")).toBe("閲覧者");
    expect(roleLabel("auditor")).toBe("auditor");
  });

  it("lets a 課長 edit their own 課's initiatives only", () => {
    expect(canEditInitiative({ role: "manager", department: "総務課" }, ["総務課"])).toEqual({
      allowed: true,
    });
    expect(canEditInitiative({ role: "manager", department: "総務課" }, ["財政課"]).allowed).toBe(
      false,
    );
  });

  it("uses the same label in the permission message", () => {
    const decision = canEditInitiative({ role: "viewer", department: null }, ["総務課"]);
    expect(decision).toEqual({
      allowed: false,
      reason: "閲覧者は変更できません。変更が必要な場合は担当課かDX推進担当に依頼してください。",
    });
  });
});
