//! Walks a calendar's business spans forward in time, civil day by civil day.
//!
//! Speed matters here (an SLA recomputation touches a million tickets), so civil
//! times are plain "civil seconds" (seconds since 1970-01-01T00:00 on the wall
//! clock) and most of them become instants by subtracting the current UTC
//! offset. That shortcut is only taken inside a [`Window`]: a stretch of wall
//! clock time that is at least two days away from any transition of the zone,
//! where the offset is known to be constant and no wall time is ambiguous.
//! Everything else goes through jiff and the gap/fold rules of the calendar
//! module.

use jiff::civil::{Date, date};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use jiff::{SignedDuration, Span, Timestamp};

use super::calendar::BusinessCalendar;

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// Distance kept from transitions before trusting a fixed offset. Offsets
/// change by at most a day (Samoa, 2011), so two days is always enough.
const MARGIN: i64 = 2 * DAY;
const CIVIL_EPOCH: Date = date(1970, 1, 1);

/// A zone's UTC offsets between 1900 and 2200 as a sorted table, because
/// looking up the offset period around an instant through jiff's transition
/// iterators costs a few hundred nanoseconds, several times the rest of a
/// typical `add_business`. Outside the table jiff is asked directly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct OffsetTable {
    /// Instants (Unix seconds) covered: `[lo, hi)`.
    lo: i64,
    hi: i64,
    /// Transition instants, ascending.
    transitions: Vec<i64>,
    /// `offsets[i]` applies before `transitions[i]` (and after the previous
    /// one); the last applies after the last transition. One longer than
    /// `transitions`.
    offsets: Vec<Offset>,
}

impl OffsetTable {
    pub(super) fn new(tz: &TimeZone) -> OffsetTable {
        let bound = |year| {
            date(year, 1, 1)
                .to_datetime(jiff::civil::Time::midnight())
                .to_zoned(TimeZone::UTC)
                .map_or(0, |z| z.timestamp().as_second())
        };
        let (lo, hi) = (bound(1900), bound(2200));
        let Ok(start) = Timestamp::from_second(lo) else {
            return OffsetTable::default();
        };
        let mut table = OffsetTable {
            lo,
            hi,
            transitions: Vec::new(),
            offsets: vec![tz.to_offset(start)],
        };
        for transition in tz.following(start) {
            let at = transition.timestamp().as_second();
            if at >= hi {
                break;
            }
            table.transitions.push(at);
            table.offsets.push(transition.offset());
        }
        table
    }

    /// The period containing `at`: (start, end, offset), with the table's
    /// bounds standing in for unknown transitions beyond it.
    fn period(&self, at: Timestamp) -> Option<(i64, i64, Offset)> {
        let second = at.as_second();
        if second < self.lo || second >= self.hi {
            return None;
        }
        let i = self.transitions.partition_point(|&t| t <= second);
        let start = if i == 0 {
            self.lo
        } else {
            self.transitions[i - 1]
        };
        let end = self.transitions.get(i).copied().unwrap_or(self.hi);
        Some((start, end, *self.offsets.get(i)?))
    }
}

/// Civil seconds within which `instant = civil - offset` holds exactly.
#[derive(Debug, Clone, Copy)]
struct Window {
    /// The offset at the instant the window was built around (valid there
    /// even when the window itself is empty).
    offset: Offset,
    offset_seconds: i64,
    civil_lo: i64,
    civil_hi: i64,
}

impl Window {
    /// The window of the offset period containing `at`, shrunk by [`MARGIN`]
    /// on both sides (empty near a transition).
    fn around(cal: &BusinessCalendar, at: Timestamp) -> Window {
        let (prev, next, offset) = cal.offset_table.period(at).unwrap_or_else(|| {
            let tz = cal.time_zone();
            // `preceding` is strictly before its argument; a transition
            // exactly at `at` starts this period.
            let prev = at
                .checked_add(SignedDuration::from_nanos(1))
                .ok()
                .and_then(|t| tz.preceding(t).next())
                .map_or(i64::MIN, |tr| tr.timestamp().as_second());
            let next = tz
                .following(at)
                .next()
                .map_or(i64::MAX, |tr| tr.timestamp().as_second());
            (prev, next, tz.to_offset(at))
        });
        let offset_seconds = i64::from(offset.seconds());
        Window {
            offset,
            offset_seconds,
            civil_lo: prev.saturating_add(MARGIN).saturating_add(offset_seconds),
            civil_hi: next.saturating_sub(MARGIN).saturating_add(offset_seconds),
        }
    }

    fn contains(&self, civil: i64) -> bool {
        self.civil_lo <= civil && civil < self.civil_hi
    }
}

/// Produces the business spans of a calendar in order, starting with the civil
/// day before the one containing the start instant (whose overnight interval
/// may still be running).
pub(super) struct Walker<'c> {
    cal: &'c BusinessCalendar,
    /// The civil day whose intervals come next.
    date: Date,
    /// 0 = Monday.
    weekday: usize,
    /// Civil seconds of `date` at 00:00.
    day_start: i64,
    /// Index of the next interval of `date`.
    next: usize,
    holiday: bool,
    /// The civil day of the start instant: days after it lie wholly after
    /// the start instant, so they may be skipped in whole weeks.
    start_date: Date,
    window: Window,
    /// Cached answer of "first holiday on or after" some day up to `date`;
    /// still right as long as `date` has not passed it.
    next_holiday: Option<Option<Date>>,
}

impl<'c> Walker<'c> {
    pub(super) fn new(cal: &'c BusinessCalendar, from: Timestamp) -> Walker<'c> {
        let window = Window::around(cal, from);
        let start_date = window.offset.to_datetime(from).date();
        let date = start_date.yesterday().unwrap_or(start_date);
        Walker {
            cal,
            date,
            weekday: weekday_index(date),
            day_start: date.duration_since(CIVIL_EPOCH).as_secs(),
            next: 0,
            holiday: cal.holiday_index.contains(date),
            start_date,
            window,
            next_holiday: None,
        }
    }

    /// The next non-empty business span `[start, end)`; `None` only past the
    /// range of dates jiff supports.
    pub(super) fn next_span(&mut self) -> Option<(Timestamp, Timestamp)> {
        loop {
            let interval = if self.holiday {
                None
            } else {
                self.cal.day(self.weekday).get(self.next).copied()
            };
            let Some(interval) = interval else {
                self.advance_day()?;
                continue;
            };
            self.next += 1;
            let start =
                self.instant_of(self.day_start + i64::from(interval.start_minute()) * 60)?;
            let end = self.instant_of(self.day_start + i64::from(interval.end_offset()) * 60)?;
            // An interval lying wholly in a DST gap is empty.
            if start < end {
                return Some((start, end));
            }
        }
    }

    /// Skips up to `max_weeks` whole weeks whose business time is exactly the
    /// calendar's nominal week: no holidays, no transitions, nothing before the
    /// start instant and (with `until`) nothing ending after `until`. Acts only
    /// once the current day's intervals are all out; the skipped days are the
    /// following `7 × weeks`. Returns the number of weeks skipped.
    pub(super) fn skip_weeks(&mut self, max_weeks: i64, until: Option<Timestamp>) -> i64 {
        if max_weeks <= 0 || !self.can_skip() {
            return 0;
        }
        let first_start = self.day_start + DAY;
        if !self.window.contains(first_start) {
            return 0;
        }
        // Every bound of the skipped days, overnight ends included, lies
        // before the midnight after the last of them; one spare day keeps
        // the bound simple and errs on the safe side.
        let reach = first_start + DAY;
        let mut weeks = max_weeks.min(self.window.civil_hi.saturating_sub(reach) / WEEK);
        if let Some(until) = until {
            let until_civil = until.as_second().saturating_add(self.window.offset_seconds);
            weeks = weeks.min(until_civil.saturating_sub(reach) / WEEK);
        }
        if weeks <= 0 {
            return 0;
        }
        let Ok(first) = self.date.tomorrow() else {
            return 0;
        };
        if let Some(holiday) = self.next_holiday(first) {
            weeks = weeks.min(holiday.duration_since(first).as_secs() / WEEK);
        }
        if weeks <= 0 {
            return 0;
        }
        let Some(last) = Span::new()
            .try_days(weeks * 7)
            .ok()
            .and_then(|span| self.date.checked_add(span).ok())
        else {
            return 0;
        };
        // Same weekday; mark the last skipped day as done.
        self.date = last;
        self.day_start += weeks * WEEK;
        self.holiday = false;
        self.next = usize::MAX;
        weeks
    }

    /// Whether [`Walker::skip_weeks`] could act now: the current day is done
    /// and every later day lies wholly after the start instant. Cheap, for
    /// callers that want to avoid working out how many weeks they need.
    pub(super) fn can_skip(&self) -> bool {
        self.date >= self.start_date
            && (self.holiday || self.next >= self.cal.day(self.weekday).len())
    }

    /// The first holiday on or after `from`, cached: the answer stays right
    /// while `from` moves forward without passing it.
    fn next_holiday(&mut self, from: Date) -> Option<Date> {
        match self.next_holiday {
            Some(cached) if cached.is_none_or(|h| h >= from) => cached,
            _ => {
                let found = self.cal.holiday_index.next_on_or_after(from);
                self.next_holiday = Some(found);
                found
            }
        }
    }

    fn advance_day(&mut self) -> Option<()> {
        self.date = self.date.tomorrow().ok()?;
        self.day_start += DAY;
        self.weekday = (self.weekday + 1) % 7;
        self.next = 0;
        self.holiday = self.cal.holiday_index.contains(self.date);
        Some(())
    }

    /// The instant of a civil time: a fixed offset inside the window, jiff's
    /// time zone rules (gap → transition, fold → earlier) outside it.
    fn instant_of(&mut self, civil: i64) -> Option<Timestamp> {
        if self.window.contains(civil) {
            return Timestamp::from_second(civil - self.window.offset_seconds).ok();
        }
        let tz = self.cal.time_zone();
        let dt = Offset::UTC.to_datetime(Timestamp::from_second(civil).ok()?);
        let instant = match tz.to_ambiguous_timestamp(dt).offset() {
            AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(dt).ok()?,
            AmbiguousOffset::Gap { after, .. } => {
                // Read with the later offset, the wall time names an instant
                // just before the transition; the transition is the first
                // valid instant after the gap.
                let before_gap = after.to_timestamp(dt).ok()?;
                tz.following(before_gap).next()?.timestamp()
            }
            AmbiguousOffset::Fold { before, .. } => before.to_timestamp(dt).ok()?,
        };
        self.window = Window::around(self.cal, instant);
        Some(instant)
    }
}

fn weekday_index(date: Date) -> usize {
    usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0)
}
