//! Business calendars: a time zone, weekly working intervals and holidays.
//!
//! The business time of a calendar is a set of absolute spans. Each civil day
//! `D` (in the calendar's zone) that is not a holiday contributes one span per
//! interval of its weekday, from `D + start` to `D + end` (or `D+1 + end` for an
//! overnight interval). Civil bounds become instants like this:
//!
//! - **Gap** (spring forward): a bound that does not exist on the wall clock
//!   moves to the first valid instant, the transition itself. `09:00–17:00`
//!   stays 8 h unless it contains the gap; an interval lying wholly in the gap
//!   is empty.
//! - **Fold** (fall back): a bound that exists twice takes the earlier one. An
//!   overnight shift `22:00–06:00` over a fall-back night lasts 9 real hours;
//!   one over a spring-forward night lasts 7.
//! - **Overnight shifts** belong to the day they start: a holiday on Tuesday
//!   cancels Tuesday's `22:00–06:00` shift but not Monday's, which runs into
//!   Tuesday morning.
//!
//! Both rules are monotone (a later civil time never maps to an earlier
//! instant), so spans stay ordered and disjoint and the arithmetic below can
//! walk them forward. Spans are half-open: an instant exactly at an interval's
//! end is not business time.

use std::fmt;
use std::str::FromStr;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::holidays::{Holiday, HolidayIndex};
use super::walk::{OffsetTable, Walker};
use crate::CoreError;

const MINUTES_PER_DAY: u16 = 24 * 60;
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A working interval within a day, minute resolution. `end <= start` means an
/// overnight interval that ends on the next day; `end` may be 24:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Interval {
    start: u16,
    end: u16,
}

impl Interval {
    /// An interval from minutes after midnight: `start` 0–1439, `end` 0–1440.
    /// An end of 0 after a later start means midnight (24:00); `start == end`
    /// is rejected as ambiguous (write `00:00-24:00` for a whole day).
    pub fn from_minutes(start: u16, end: u16) -> Result<Interval, CoreError> {
        if start >= MINUTES_PER_DAY || end > MINUTES_PER_DAY {
            return Err(CoreError::invalid(
                "interval",
                "times must be between 00:00 and 24:00 (start before 24:00)",
            ));
        }
        let end = if end == 0 { MINUTES_PER_DAY } else { end };
        if start == end {
            return Err(CoreError::invalid(
                "interval",
                "start and end are equal; use 00:00-24:00 for a whole day",
            ));
        }
        Ok(Interval { start, end })
    }

    /// The whole day, 00:00–24:00.
    pub const fn whole_day() -> Interval {
        Interval {
            start: 0,
            end: MINUTES_PER_DAY,
        }
    }

    pub fn start_minute(self) -> u16 {
        self.start
    }

    /// The end as written: below `start` for overnight intervals.
    pub fn end_minute(self) -> u16 {
        self.end
    }

    pub fn is_overnight(self) -> bool {
        self.end < self.start
    }

    /// The end in minutes after the start day's midnight (past 1440 when
    /// overnight).
    pub(super) fn end_offset(self) -> u16 {
        if self.is_overnight() {
            self.end + MINUTES_PER_DAY
        } else {
            self.end
        }
    }

    /// Nominal length in minutes, i.e. on a day without DST transitions.
    pub fn length_minutes(self) -> u16 {
        self.end_offset() - self.start
    }
}

impl FromStr for Interval {
    type Err = CoreError;

    /// Parses `HH:MM-HH:MM`, e.g. `09:00-17:30`, `22:00-06:00`, `00:00-24:00`.
    fn from_str(s: &str) -> Result<Interval, CoreError> {
        let bad = || CoreError::invalid("interval", format!("{s:?} is not HH:MM-HH:MM"));
        let (start, end) = s.trim().split_once('-').ok_or_else(bad)?;
        let start = parse_hh_mm(start.trim()).ok_or_else(bad)?;
        let end = parse_hh_mm(end.trim()).ok_or_else(bad)?;
        Interval::from_minutes(start, end)
    }
}

fn parse_hh_mm(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}-{}", hm(self.start), hm(self.end))
    }
}

/// Looks up an IANA time zone by name, with an error fit for a form field.
pub fn parse_time_zone(name: &str) -> Result<TimeZone, CoreError> {
    TimeZone::get(name.trim()).map_err(|_| {
        CoreError::invalid(
            "time_zone",
            format!("{name:?} is not a known IANA time zone (e.g. Europe/Zagreb)"),
        )
    })
}

/// Working hours in one time zone, with holidays. Construct with
/// [`BusinessCalendar::new`] (validated) or [`BusinessCalendar::always`].
///
/// Each civil day that is not a holiday contributes its weekday's intervals,
/// read on the calendar's wall clock. A bound that falls in a DST gap moves to
/// the first valid instant (the transition); one that falls in a fold takes
/// the earlier instant. An overnight interval belongs to the day it starts: a
/// holiday cancels the shift starting that evening, not the one running into
/// its morning. Business spans are half-open, so an interval's end instant is
/// not business time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    time_zone: TimeZone,
    /// Index 0 is Monday; each day sorted by start.
    weekly: [Vec<Interval>; 7],
    holidays: Vec<Holiday>,
    pub(super) holiday_index: HolidayIndex,
    /// Nominal business seconds per week, for skipping whole weeks.
    pub(super) week_seconds: i64,
    /// Every instant is business time: arithmetic is plain instant arithmetic.
    continuous: bool,
    pub(super) offset_table: OffsetTable,
}

impl BusinessCalendar {
    /// A validated calendar. `weekly[0]` is Monday. Rejects overlapping
    /// intervals (an overnight interval overlaps the next day's early ones too),
    /// a week without any hours, invalid yearly holidays, and yearly holidays
    /// covering the whole year.
    pub fn new(
        time_zone: TimeZone,
        mut weekly: [Vec<Interval>; 7],
        holidays: Vec<Holiday>,
    ) -> Result<BusinessCalendar, CoreError> {
        for day in &mut weekly {
            day.sort_unstable_by_key(|i| i.start);
        }
        if weekly.iter().all(Vec::is_empty) {
            return Err(CoreError::invalid(
                "calendar.weekly",
                "has no business hours; add intervals or use a 24/7 calendar",
            ));
        }
        check_overlaps(&weekly)?;
        for (i, holiday) in holidays.iter().enumerate() {
            holiday.validate(&format!("calendar.holidays[{i}]"))?;
        }
        let holiday_index = HolidayIndex::new(&holidays);
        // With every common-year day a holiday there may be no business time
        // for centuries; arithmetic would crawl, so refuse the configuration.
        if holiday_index.yearly_common_days() >= 365 {
            return Err(CoreError::invalid(
                "calendar.holidays",
                "yearly holidays cover every day of the year",
            ));
        }
        let week_seconds = weekly
            .iter()
            .flatten()
            .map(|i| i64::from(i.length_minutes()) * 60)
            .sum();
        let continuous = holiday_index.is_empty()
            && weekly
                .iter()
                .all(|day| day.as_slice() == [Interval::whole_day()]);
        Ok(BusinessCalendar {
            offset_table: OffsetTable::new(&time_zone),
            time_zone,
            weekly,
            holidays,
            holiday_index,
            week_seconds,
            continuous,
        })
    }

    /// Around the clock, every day, in UTC.
    pub fn always() -> BusinessCalendar {
        BusinessCalendar::always_in(TimeZone::UTC)
    }

    /// Around the clock in `time_zone` (the zone only matters for display).
    pub fn always_in(time_zone: TimeZone) -> BusinessCalendar {
        BusinessCalendar {
            time_zone,
            weekly: std::array::from_fn(|_| vec![Interval::whole_day()]),
            holidays: Vec::new(),
            holiday_index: HolidayIndex::default(),
            week_seconds: 7 * 24 * 3600,
            continuous: true,
            // Never consulted: continuous calendars do not walk spans.
            offset_table: OffsetTable::default(),
        }
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.time_zone
    }

    /// The intervals of each weekday, Monday first, sorted by start.
    pub fn weekly(&self) -> &[Vec<Interval>; 7] {
        &self.weekly
    }

    pub fn holidays(&self) -> &[Holiday] {
        &self.holidays
    }

    /// True when every instant is business time (24/7 without holidays).
    pub fn is_always(&self) -> bool {
        self.continuous
    }

    /// The instant at which `duration` of business time has passed since
    /// `start`. Zero or negative durations return `start` unchanged. The result
    /// is inside business hours or exactly at the end of an interval (when the
    /// duration runs out there). Saturates at [`Timestamp::MAX`] past the
    /// supported range.
    pub fn add_business(&self, start: Timestamp, duration: SignedDuration) -> Timestamp {
        if duration <= SignedDuration::ZERO {
            return start;
        }
        if self.continuous {
            return start.checked_add(duration).unwrap_or(Timestamp::MAX);
        }
        let week = SignedDuration::from_secs(self.week_seconds);
        let mut walker = Walker::new(self, start);
        let mut remaining = duration;
        loop {
            // Skip whole weeks while strictly more than a week would remain,
            // so the answer is always found inside a span.
            if remaining > week && walker.can_skip() {
                let weeks = (remaining.as_nanos() - 1) / week.as_nanos();
                let skipped = walker.skip_weeks(i64::try_from(weeks).unwrap_or(i64::MAX), None);
                remaining -= SignedDuration::from_secs(skipped * self.week_seconds);
            }
            let Some((from, to)) = walker.next_span() else {
                return Timestamp::MAX;
            };
            if to <= start {
                continue;
            }
            let from = from.max(start);
            let available = to.duration_since(from);
            if remaining <= available {
                return from.checked_add(remaining).unwrap_or(Timestamp::MAX);
            }
            remaining -= available;
        }
    }

    /// Business time from `a` to `b`; negative when `b` is before `a`.
    pub fn business_between(&self, a: Timestamp, b: Timestamp) -> SignedDuration {
        if b < a {
            return -self.business_between(b, a);
        }
        if self.continuous || a == b {
            return b.duration_since(a);
        }
        let mut walker = Walker::new(self, a);
        let mut total = SignedDuration::ZERO;
        loop {
            let skipped = walker.skip_weeks(i64::MAX, Some(b));
            total += SignedDuration::from_secs(skipped * self.week_seconds);
            let Some((from, to)) = walker.next_span() else {
                return total;
            };
            if from >= b {
                return total;
            }
            if to > a {
                total += to.min(b).duration_since(from.max(a));
            }
        }
    }

    /// `t` itself when it is business time, otherwise the start of the next
    /// business span ([`Timestamp::MAX`] if none is left in the supported range).
    pub fn next_business_instant(&self, t: Timestamp) -> Timestamp {
        if self.continuous {
            return t;
        }
        let mut walker = Walker::new(self, t);
        while let Some((from, to)) = walker.next_span() {
            if to > t {
                return from.max(t);
            }
        }
        Timestamp::MAX
    }

    /// Whether `t` lies inside a business span (interval ends excluded).
    pub fn is_business(&self, t: Timestamp) -> bool {
        if self.continuous {
            return true;
        }
        let mut walker = Walker::new(self, t);
        while let Some((from, to)) = walker.next_span() {
            if from > t {
                return false;
            }
            if to > t {
                return true;
            }
        }
        false
    }

    /// The intervals of a weekday (0 = Monday).
    pub(super) fn day(&self, weekday: usize) -> &[Interval] {
        self.weekly.get(weekday).map_or(&[], Vec::as_slice)
    }
}

/// Rejects intervals that overlap, within a day or across midnight (an
/// overnight interval spills into the next day, Sunday's into Monday).
fn check_overlaps(weekly: &[Vec<Interval>; 7]) -> Result<(), CoreError> {
    const WEEK: u32 = 7 * 1440;
    // (start, end, weekday, interval) in minutes since Monday 00:00.
    let mut ranges: Vec<(u32, u32, usize, Interval)> = Vec::new();
    for (day, intervals) in weekly.iter().enumerate() {
        for &interval in intervals {
            let base = u32::try_from(day).unwrap_or(0) * 1440;
            let start = base + u32::from(interval.start);
            let end = base + u32::from(interval.end_offset());
            if end > WEEK {
                // Sunday night: the part after midnight lands on Monday.
                ranges.push((start, WEEK, day, interval));
                ranges.push((0, end - WEEK, day, interval));
            } else {
                ranges.push((start, end, day, interval));
            }
        }
    }
    ranges.sort_unstable_by_key(|r| (r.0, r.1));
    for pair in ranges.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.0 < a.1 {
            let (first, second) = if (a.2, a.3.start) <= (b.2, b.3.start) {
                (a, b)
            } else {
                (b, a)
            };
            return Err(CoreError::invalid(
                format!("calendar.weekly.{}", WEEKDAYS[second.2]),
                format!(
                    "{} {} overlaps {} {}",
                    WEEKDAYS[first.2], first.3, WEEKDAYS[second.2], second.3
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sla::HolidayDate;
    use jiff::civil::date;

    fn iv(s: &str) -> Interval {
        s.parse().unwrap()
    }

    fn week(days: [&[&str]; 7]) -> [Vec<Interval>; 7] {
        days.map(|d| d.iter().map(|s| iv(s)).collect())
    }

    fn tz(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    fn at(s: &str, zone: &str) -> Timestamp {
        s.parse::<jiff::civil::DateTime>()
            .unwrap()
            .to_zoned(tz(zone))
            .unwrap()
            .timestamp()
    }

    const OFFICE: [&[&str]; 7] = [
        &["09:00-17:00"],
        &["09:00-17:00"],
        &["09:00-17:00"],
        &["09:00-17:00"],
        &["09:00-17:00"],
        &[],
        &[],
    ];

    fn office(zone: &str) -> BusinessCalendar {
        BusinessCalendar::new(tz(zone), week(OFFICE), vec![]).unwrap()
    }

    #[test]
    fn interval_parsing() {
        assert_eq!(iv("09:00-17:30").length_minutes(), 510);
        assert_eq!(iv("22:00-06:00").length_minutes(), 480);
        assert!(iv("22:00-06:00").is_overnight());
        assert_eq!(iv("22:00-00:00"), iv("22:00-24:00"));
        assert!(!iv("22:00-00:00").is_overnight());
        assert_eq!(iv("00:00-24:00"), Interval::whole_day());
        assert_eq!(iv("9:05-10:00").to_string(), "09:05-10:00");
        for bad in [
            "09:00",
            "25:00-26:00",
            "09:60-10:00",
            "10:00-10:00",
            "24:00-01:00",
            "x",
        ] {
            assert!(bad.parse::<Interval>().is_err(), "{bad}");
        }
    }

    #[test]
    fn validation_messages() {
        let empty = BusinessCalendar::new(TimeZone::UTC, Default::default(), vec![]);
        assert_eq!(
            empty.unwrap_err().to_string(),
            "calendar.weekly: has no business hours; add intervals or use a 24/7 calendar"
        );
        let mut days = week(OFFICE);
        days[1].push(iv("16:00-18:00"));
        let err = BusinessCalendar::new(TimeZone::UTC, days, vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "calendar.weekly.tuesday: tuesday 09:00-17:00 overlaps tuesday 16:00-18:00"
        );
        let mut days = week(OFFICE);
        days[0].push(iv("22:00-09:30"));
        let err = BusinessCalendar::new(TimeZone::UTC, days, vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "calendar.weekly.tuesday: monday 22:00-09:30 overlaps tuesday 09:00-17:00"
        );
        let mut days = week(OFFICE);
        days[6].push(iv("23:00-09:01"));
        let err = BusinessCalendar::new(TimeZone::UTC, days, vec![]).unwrap_err();
        assert!(err.to_string().contains("sunday 23:00-09:01"), "{err}");
        // Touching intervals are fine.
        let mut days = week(OFFICE);
        days[0].push(iv("17:00-09:00"));
        assert!(BusinessCalendar::new(TimeZone::UTC, days, vec![]).is_ok());
        let bad_holiday = Holiday {
            date: HolidayDate::Yearly { month: 2, day: 30 },
            name: String::new(),
        };
        let err = BusinessCalendar::new(TimeZone::UTC, week(OFFICE), vec![bad_holiday]);
        assert!(
            err.unwrap_err()
                .to_string()
                .starts_with("calendar.holidays[0]: ")
        );
        let every_day: Vec<Holiday> = (1..=12)
            .flat_map(|m| (1..=31).filter_map(move |d| Holiday::yearly(m, d).ok()))
            .collect();
        assert!(BusinessCalendar::new(TimeZone::UTC, week(OFFICE), every_day).is_err());
        assert!(parse_time_zone("Mars/Olympus").is_err());
    }

    #[test]
    fn office_hours_in_zagreb() {
        let cal = office("Europe/Zagreb");
        let h = SignedDuration::from_hours;
        // Friday 16:00 + 2 h → Monday 10:00.
        let fri = at("2025-03-07T16:00", "Europe/Zagreb");
        assert_eq!(
            cal.add_business(fri, h(2)),
            at("2025-03-10T10:00", "Europe/Zagreb")
        );
        // Saturday night → starts counting Monday 09:00.
        let sat = at("2025-03-08T23:00", "Europe/Zagreb");
        assert_eq!(
            cal.add_business(sat, h(8)),
            at("2025-03-10T17:00", "Europe/Zagreb")
        );
        assert_eq!(
            cal.next_business_instant(sat),
            at("2025-03-10T09:00", "Europe/Zagreb")
        );
        assert!(!cal.is_business(at("2025-03-10T17:00", "Europe/Zagreb")));
        assert!(cal.is_business(at("2025-03-10T16:59", "Europe/Zagreb")));
        assert_eq!(
            cal.business_between(fri, at("2025-03-10T10:00", "Europe/Zagreb")),
            h(2)
        );
        assert_eq!(
            cal.business_between(at("2025-03-10T10:00", "Europe/Zagreb"), fri),
            -h(2)
        );
        // Five weeks of business time skip whole weeks and land exactly.
        let mon = at("2025-03-10T09:00", "Europe/Zagreb");
        assert_eq!(
            cal.add_business(mon, h(200)),
            at("2025-04-11T17:00", "Europe/Zagreb")
        );
        assert_eq!(
            cal.business_between(mon, at("2025-04-14T09:00", "Europe/Zagreb")),
            h(200)
        );
        // Zero stays put even outside business hours.
        assert_eq!(cal.add_business(sat, SignedDuration::ZERO), sat);
    }

    #[test]
    fn office_hours_keep_wall_clock_across_spring_forward() {
        // Warsaw springs forward on Sunday 2025-03-30; the week still has
        // 9:00–17:00 on the wall clock and one real hour less overall.
        let cal = office("Europe/Warsaw");
        let fri = at("2025-03-28T09:00", "Europe/Warsaw");
        let next_fri = at("2025-04-04T17:00", "Europe/Warsaw");
        assert_eq!(
            cal.business_between(fri, next_fri),
            SignedDuration::from_hours(48)
        );
        assert_eq!(
            cal.add_business(fri, SignedDuration::from_hours(48)),
            next_fri
        );
    }

    #[test]
    fn overnight_shift_across_dst_in_new_york() {
        // Saturday 22:00–06:00 only. 2025-03-08 night loses an hour (gap at
        // 02:00 on Sunday), 2025-11-01 night gains one (fold at 01:00).
        let mut days: [Vec<Interval>; 7] = Default::default();
        days[5] = vec![iv("22:00-06:00")];
        let cal = BusinessCalendar::new(tz("America/New_York"), days, vec![]).unwrap();
        let ny = "America/New_York";
        let spring = at("2025-03-08T22:00", ny);
        assert_eq!(
            cal.business_between(spring, at("2025-03-09T12:00", ny)),
            SignedDuration::from_hours(7)
        );
        assert_eq!(
            cal.add_business(spring, SignedDuration::from_hours(7)),
            at("2025-03-09T06:00", ny)
        );
        let autumn = at("2025-11-01T22:00", ny);
        assert_eq!(
            cal.business_between(autumn, at("2025-11-02T12:00", ny)),
            SignedDuration::from_hours(9)
        );
        assert_eq!(
            cal.add_business(autumn, SignedDuration::from_hours(9)),
            at("2025-11-02T06:00", ny)
        );
        // 8 h after the start of the fall-back shift is 05:00 EST on the wall.
        assert_eq!(
            cal.add_business(autumn, SignedDuration::from_hours(8)),
            at("2025-11-02T05:00", ny)
        );
    }

    #[test]
    fn interval_bounds_in_a_gap_move_to_the_transition() {
        // Warsaw 2025-03-30 02:00 → 03:00. Sunday 02:30–04:00 starts at the
        // transition (03:00 CEST): one real hour.
        let mut days: [Vec<Interval>; 7] = Default::default();
        days[6] = vec![iv("02:30-04:00")];
        let cal = BusinessCalendar::new(tz("Europe/Warsaw"), days, vec![]).unwrap();
        let sunday = at("2025-03-30T00:00", "Europe/Warsaw");
        assert_eq!(
            cal.next_business_instant(sunday),
            at("2025-03-30T03:00", "Europe/Warsaw")
        );
        assert_eq!(
            cal.business_between(sunday, at("2025-03-30T12:00", "Europe/Warsaw")),
            SignedDuration::from_hours(1)
        );
    }

    #[test]
    fn holiday_cancels_the_shift_that_starts_on_it_only() {
        // Mon–Fri 22:00–06:00; Tuesday 2025-03-11 is a holiday.
        let night = ["22:00-06:00"];
        let mut days: [Vec<Interval>; 7] = Default::default();
        for d in days.iter_mut().take(5) {
            *d = night.iter().map(|s| iv(s)).collect();
        }
        let holidays = vec![Holiday::once(date(2025, 3, 11))];
        let cal = BusinessCalendar::new(TimeZone::UTC, days, holidays).unwrap();
        let ts = |s: &str| at(s, "UTC");
        // Monday's shift runs into the holiday morning.
        assert!(cal.is_business(ts("2025-03-11T05:00")));
        // Tuesday's own shift is cancelled.
        assert!(!cal.is_business(ts("2025-03-11T23:00")));
        assert!(!cal.is_business(ts("2025-03-12T05:00")));
        assert_eq!(
            cal.next_business_instant(ts("2025-03-11T06:00")),
            ts("2025-03-12T22:00")
        );
    }

    #[test]
    fn always_is_plain_arithmetic() {
        let cal = BusinessCalendar::always();
        let t = at("2025-03-30T01:30", "UTC");
        assert!(cal.is_always());
        assert_eq!(
            cal.add_business(t, SignedDuration::from_mins(90)),
            at("2025-03-30T03:00", "UTC")
        );
        assert_eq!(
            cal.business_between(t, t + SignedDuration::from_hours(5)),
            SignedDuration::from_hours(5)
        );
        // A whole-day week with a holiday is not continuous but agrees elsewhere.
        let with_holiday = BusinessCalendar::new(
            tz("Europe/Warsaw"),
            std::array::from_fn(|_| vec![Interval::whole_day()]),
            vec![Holiday::yearly(12, 25).unwrap()],
        )
        .unwrap();
        assert!(!with_holiday.is_always());
        let start = at("2025-03-29T12:00", "Europe/Warsaw");
        // Across the spring-forward night a civil day is 23 h.
        assert_eq!(
            with_holiday.business_between(start, at("2025-03-31T12:00", "Europe/Warsaw")),
            SignedDuration::from_hours(47)
        );
        let christmas = at("2025-12-24T12:00", "Europe/Warsaw");
        assert_eq!(
            with_holiday.add_business(christmas, SignedDuration::from_hours(13)),
            at("2025-12-26T01:00", "Europe/Warsaw")
        );
    }
}
