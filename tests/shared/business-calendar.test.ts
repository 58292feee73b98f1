/**
 * The Japanese business calendar (issue 12, section 2), across 2026–2030, against the holiday
 * library's own data, with 振替休日, 国民の休日, Golden Week and 年末年始 pinned by hand.
 */
import holidayJp from "@holiday-jp/holiday_jp";
import { describe, expect, it } from "vitest";
import { dueDigestSlots } from "../../bot/digest/schedule.ts";
import {
  addBusinessDays,
  addDays,
  type BusinessCalendar,
  closedReason,
  DEFAULT_CALENDAR,
  explainMove,
  isBusinessDay,
  isCivilDate,
  nextBusinessDay,
  parseYearEnd,
  weekdayOf,
} from "../../shared/business-calendar.ts";
import {
  cycleStartFor,
  dueCycleStarts,
  followUpDueAt,
  tokyoInstant,
  upcomingCycleStarts,
} from "../../shared/reminder-plan.ts";

const tokyo = (date: string, time = "09:00") => tokyoInstant(date, time);

describe("which days are closed, 2026–2030", () => {
  it("closes exactly the weekends, the library's holidays and 12/29–1/3, every day of five years", () => {
    let checked = 0;
    for (let d = "2026-01-01"; d <= "2030-12-31"; d = addDays(d, 1)) {
      const weekday = weekdayOf(d);
      const md = d.slice(5);
      const expected =
        weekday === 0 || weekday === 6 || holidayJp.isHoliday(d) || md >= "12-29" || md <= "01-03";
      expect(isBusinessDay(d, DEFAULT_CALENDAR), d).toBe(!expected);
      checked++;
    }
    expect(checked).toBe(1826);
  });

  it("knows 振替休日, 国民の休日 and Golden Week from the library, not from a list kept here", () => {
    const closed = (d: string) => closedReason(d, DEFAULT_CALENDAR);
    // 2026-05-03 憲法記念日 is a Sunday: the 6th is 振替休日.
    expect(closed("2026-05-06")).toMatchObject({ kind: "holiday", name: "こどもの日 振替休日" });
    // 2026-09-22 lies between 敬老の日 and 秋分の日: 国民の休日.
    expect(closed("2026-09-22")).toMatchObject({ kind: "holiday", name: "休日" });
    expect(closed("2027-05-03")).toMatchObject({ kind: "holiday", name: "憲法記念日" });
    expect(closed("2027-05-04")).toMatchObject({ kind: "holiday", name: "みどりの日" });
    expect(closed("2027-05-05")).toMatchObject({ kind: "holiday", name: "こどもの日" });
    expect(closed("2029-02-12")).toMatchObject({ kind: "holiday" }); // 建国記念の日 on Sunday → 振替
    expect(closed("2030-05-06")).toMatchObject({ kind: "holiday" }); // こどもの日 on Sunday → 振替
    expect(closed("2027-01-02")).toMatchObject({ kind: "year_end" });
    expect(closed("2026-12-29")).toMatchObject({ kind: "year_end" });
    expect(closed("2027-05-08")).toMatchObject({ kind: "saturday" });
    expect(closed("2027-05-09")).toMatchObject({ kind: "sunday" });
    expect(closed("2027-05-06")).toBeNull();
    expect(closed("2026-12-28")).toBeNull();
  });

  it("moves a day off Golden Week and 年末年始 to the next business day, and says why", () => {
    const gw = nextBusinessDay("2026-05-02", DEFAULT_CALENDAR);
    expect(gw.date).toBe("2026-05-07");
    expect(explainMove(gw)).toBe("5月2日は土曜日のため");
    const newYear = nextBusinessDay("2027-01-01", DEFAULT_CALENDAR);
    expect(newYear.date).toBe("2027-01-04");
    expect(explainMove(newYear)).toBe("1月1日は祝日のため（元日）");
    expect(explainMove(nextBusinessDay("2026-12-29", DEFAULT_CALENDAR))).toBe(
      "12月29日は年末年始の休みのため",
    );
    const open = nextBusinessDay("2027-01-04", DEFAULT_CALENDAR);
    expect(open).toEqual({ scheduled: "2027-01-04", date: "2027-01-04", reason: null });
    expect(explainMove(open)).toBeNull();
  });

  it("counts business days: three after a Friday is the Wednesday, and holidays do not count", () => {
    expect(addBusinessDays("2027-06-04", 3, DEFAULT_CALENDAR)).toBe("2027-06-09");
    // Friday 2026-05-01 + 1 business day: 2–6 are weekend and holidays.
    expect(addBusinessDays("2026-05-01", 1, DEFAULT_CALENDAR)).toBe("2026-05-07");
    expect(addBusinessDays("2026-12-25", 2, DEFAULT_CALENDAR)).toBe("2027-01-04"); // 12/28, then 1/4
    expect(addBusinessDays("2027-01-01", 0, DEFAULT_CALENDAR)).toBe("2027-01-04");
  });

  it("takes a plan's own closed days and its own 年末年始, or none", () => {
    const city: BusinessCalendar = {
      yearEnd: { from: "12-28", to: "01-04" },
      closedDays: new Map([["2027-06-01", "市の休日"]]),
    };
    const moved = nextBusinessDay("2027-06-01", city);
    expect(moved.date).toBe("2027-06-02");
    expect(explainMove(moved)).toBe("6月1日は市の休日のため");
    expect(isBusinessDay("2027-12-28", city)).toBe(false);
    expect(isBusinessDay("2027-12-28", DEFAULT_CALENDAR)).toBe(true);
    const noYearEnd: BusinessCalendar = { yearEnd: null, closedDays: new Map() };
    expect(isBusinessDay("2026-12-29", noYearEnd)).toBe(true);
    expect(isBusinessDay("2027-01-01", noYearEnd)).toBe(false); // 元日 stays a holiday
  });

  it("reads settings as typed, and refuses what is not a date or a range", () => {
    expect(parseYearEnd("12-29..01-03")).toEqual({ from: "12-29", to: "01-03" });
    expect(parseYearEnd("none")).toBeNull();
    expect(parseYearEnd("12/29-1/3")).toBeUndefined();
    expect(parseYearEnd("13-01..01-03")).toBeUndefined();
    expect(isCivilDate("2027-06-01")).toBe(true);
    expect(isCivilDate("2027-02-30")).toBe(false);
    expect(isCivilDate("2027-6-1")).toBe(false);
  });
});

describe("the dates the bot picks", () => {
  it("starts a cycle on the next business day, and lists the next twelve with reasons", () => {
    const starts = upcomingCycleStarts(tokyo("2026-12-02", "00:00"), 1, "09:00", DEFAULT_CALENDAR);
    expect(starts).toHaveLength(12);
    expect(starts[0]).toMatchObject({ cycleMonth: "2027-01", move: { date: "2027-01-04" } });
    expect(starts.map((s) => s.move.date)).toContain("2027-05-06");
    expect(starts.every((s) => isBusinessDay(s.move.date, DEFAULT_CALENDAR))).toBe(true);
  });

  it("runs December's cycle in January when 年末年始 moves it there, and only once its day has come", () => {
    // 2024-12-28 is a Saturday; 12/29–1/3 are closed and 1/4–5 a weekend: December's cycle is 1/6.
    const december = cycleStartFor(2024, 12, 28, "09:00", DEFAULT_CALENDAR);
    expect(december.move.date).toBe("2025-01-06");
    expect(dueCycleStarts(tokyo("2024-12-28", "10:00"), 28, "09:00", DEFAULT_CALENDAR)).toEqual([]);
    expect(dueCycleStarts(tokyo("2025-01-05", "10:00"), 28, "09:00", DEFAULT_CALENDAR)).toEqual([]);
    const due = dueCycleStarts(tokyo("2025-01-06", "09:30"), 28, "09:00", DEFAULT_CALENDAR);
    expect(due.map((d) => d.cycleMonth)).toEqual(["2024-12"]);
    // January's own cycle (1/28) joins it once due; December's stays listed (a run resumes it).
    const both = dueCycleStarts(tokyo("2025-01-28", "09:30"), 28, "09:00", DEFAULT_CALENDAR);
    expect(both.map((d) => d.cycleMonth)).toEqual(["2024-12", "2025-01"]);
    // A start that was not moved across the month end is not picked up a month later.
    expect(
      dueCycleStarts(tokyo("2025-03-10", "09:30"), 10, "09:00", DEFAULT_CALENDAR).map(
        (d) => d.cycleMonth,
      ),
    ).toEqual(["2025-03"]);
  });

  it("follows up a business-day count after the cycle started", () => {
    const due = followUpDueAt(tokyo("2027-04-30", "09:05"), 3, "09:00", DEFAULT_CALENDAR);
    // Friday 4/30; 5/3–5 are holidays: 5/6, 5/7, then Monday 5/10.
    expect(due).toEqual(tokyo("2027-05-10", "09:00"));
  });

  it("sends a digest whose day is closed on the next business day, under its own slot", () => {
    // Monthly on the 1st: 2027-01-01 is 元日 → 1/4.
    expect(dueDigestSlots(tokyo("2027-01-01", "10:00"), "monthly", 1, "08:30")).toEqual([]);
    expect(
      dueDigestSlots(tokyo("2027-01-04", "08:30"), "monthly", 1, "08:30").map((s) => s.slot),
    ).toEqual(["2027-01"]);
    // Weekly on Monday: 2027-01-11 is 成人の日 → Tuesday.
    expect(dueDigestSlots(tokyo("2027-01-11", "10:00"), "weekly", 1, "08:30")).toEqual([]);
    expect(
      dueDigestSlots(tokyo("2027-01-12", "10:00"), "weekly", 1, "08:30").map((s) => s.slot),
    ).toEqual(["2027-W02"]);
    // Monthly on the 28th of December 2024 (Saturday) → 2025-01-06, still December's slot.
    expect(
      dueDigestSlots(tokyo("2025-01-06", "09:00"), "monthly", 28, "08:30").map((s) => s.slot),
    ).toEqual(["2024-12"]);
  });
});
