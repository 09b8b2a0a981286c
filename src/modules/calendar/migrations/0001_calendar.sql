-- Working-day calendar of public bodies: exceptions to the rule-based calendar.
-- The statutory holidays are computed in code (Labour Code 2019 art. 112, lunar dates included);
-- what no rule can predict is the Prime Minister's yearly decision to swap working days around
-- holidays (art. 112(3), "hoán đổi ngày làm việc"), so those days are kept here as data.
CREATE TABLE calendar_overrides (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('day_off', 'working_day')),
  reason text NOT NULL CHECK (btrim(reason) <> ''),
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE calendar_overrides IS
  'Per-day exceptions to the working-day calendar (Labour Code 2019 art. 112(3): the Prime Minister fixes Tết/National Day days and swaps working days each year). Applied on top of the statutory holidays and the Monday–Friday week when computing deadlines (Civil Code art. 147–148).';
COMMENT ON COLUMN calendar_overrides.day IS 'Calendar day in Vietnam (Asia/Ho_Chi_Minh).';
COMMENT ON COLUMN calendar_overrides.kind IS
  'day_off: no work although the rules say working day (e.g. a swapped Friday); working_day: work although the rules say day off (e.g. the Saturday worked in exchange).';
COMMENT ON COLUMN calendar_overrides.reason IS
  'Why, with the legal reference (e.g. the Government Office letter number), so a deadline can be explained to a citizen or an auditor.';
COMMENT ON COLUMN calendar_overrides.updated_by IS 'Who recorded the override (user id, or "migration" for the seeded decisions).';

-- Decisions already published. The Tết days themselves are rules in code (holidays.ts), not rows.
-- 2025, VPCP 8726/VPCP-KGVX of 26/11/2024: Friday 2 May off, worked on Saturday 26 April
-- (30/4–4/5 off). Tết 2025 (25/1–2/2) and National Day (30/8–2/9) need no swap.
-- 2026, VPCP 12729/VPCP-KGVX of 25/12/2025: Friday 2 January off, worked on Saturday 10 January
-- (1/1–4/1 off). Tết 2026 (14–22/2) needs no swap. National Day 2026 falls on a Wednesday: any
-- swap decided for it is for an administrator to record.
INSERT INTO calendar_overrides (day, kind, reason, updated_by) VALUES
  ('2025-04-26', 'working_day', 'Làm bù cho thứ Sáu 02/5/2025 (hoán đổi dịp 30/4–1/5; Văn bản 8726/VPCP-KGVX ngày 26/11/2024)', 'migration'),
  ('2025-05-02', 'day_off', 'Nghỉ hoán đổi dịp 30/4–1/5, làm bù thứ Bảy 26/4/2025 (Văn bản 8726/VPCP-KGVX ngày 26/11/2024)', 'migration'),
  ('2026-01-02', 'day_off', 'Nghỉ hoán đổi dịp Tết Dương lịch, làm bù thứ Bảy 10/01/2026 (Văn bản 12729/VPCP-KGVX ngày 25/12/2025)', 'migration'),
  ('2026-01-10', 'working_day', 'Làm bù cho thứ Sáu 02/01/2026 (hoán đổi dịp Tết Dương lịch; Văn bản 12729/VPCP-KGVX ngày 25/12/2025)', 'migration');
