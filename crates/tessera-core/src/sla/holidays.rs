//! Holidays: one-off civil dates and recurring yearly month-days, plus the
//! index the calendar arithmetic queries once per civil day.

use jiff::civil::Date;

use crate::CoreError;

/// When a holiday falls. Dates are civil dates in the calendar's own time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HolidayDate {
    /// A single date, e.g. Easter Monday 2025-04-21.
    Once(Date),
    /// The same month and day every year, e.g. 12-25. February 29 only applies
    /// in leap years.
    Yearly { month: i8, day: i8 },
}

/// A day without business hours. On a holiday the day's own intervals are off,
/// including the part of an overnight shift that runs past midnight; a shift
/// that starts the evening before a holiday still runs into it (a shift
/// belongs to the day it starts).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Holiday {
    pub date: HolidayDate,
    /// What people call it ("Christmas Day"); may be empty.
    pub name: String,
}

impl Holiday {
    pub fn once(date: Date) -> Holiday {
        Holiday {
            date: HolidayDate::Once(date),
            name: String::new(),
        }
    }

    /// A yearly holiday; `month` 1–12 and a day that exists in that month in a
    /// leap year (so 2-29 is accepted).
    pub fn yearly(month: i8, day: i8) -> Result<Holiday, CoreError> {
        let holiday = Holiday {
            date: HolidayDate::Yearly { month, day },
            name: String::new(),
        };
        holiday.validate("holiday")?;
        Ok(holiday)
    }

    pub fn named(mut self, name: impl Into<String>) -> Holiday {
        self.name = name.into();
        self
    }

    pub(super) fn validate(&self, field: &str) -> Result<(), CoreError> {
        if let HolidayDate::Yearly { month, day } = self.date {
            // 2000 is a leap year, so this accepts exactly the month-days that
            // exist in some year.
            Date::new(2000, month, day).map_err(|_| {
                CoreError::invalid(
                    field,
                    format!("{month:02}-{day:02} is not a day of the year (month 1-12, day 1-31)"),
                )
            })?;
        }
        Ok(())
    }
}

/// Holidays arranged for per-day lookups: one-off dates sorted for binary
/// search, yearly ones as one bit per (month, day).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct HolidayIndex {
    once: Vec<Date>,
    /// `yearly[month]` has bit `day` set; index 0 is unused.
    yearly: [u32; 13],
}

impl HolidayIndex {
    /// Builds the index from validated holidays.
    pub(super) fn new(holidays: &[Holiday]) -> HolidayIndex {
        let mut index = HolidayIndex::default();
        for holiday in holidays {
            match holiday.date {
                HolidayDate::Once(date) => index.once.push(date),
                HolidayDate::Yearly { month, day } => {
                    if let (Ok(m), Ok(d)) = (usize::try_from(month), u32::try_from(day))
                        && m <= 12
                        && d <= 31
                    {
                        index.yearly[m] |= 1 << d;
                    }
                }
            }
        }
        index.once.sort_unstable();
        index.once.dedup();
        index
    }

    pub(super) fn is_empty(&self) -> bool {
        self.once.is_empty() && self.yearly.iter().all(|&bits| bits == 0)
    }

    /// How many of the 365 days of a common year are yearly holidays.
    pub(super) fn yearly_common_days(&self) -> u32 {
        let feb29 = u32::from(self.yearly[2] & (1 << 29) != 0);
        self.yearly
            .iter()
            .map(|bits| bits.count_ones())
            .sum::<u32>()
            - feb29
    }

    pub(super) fn contains(&self, date: Date) -> bool {
        let bits = self.yearly[month_index(date)];
        bits & (1 << date.day()) != 0 || self.once.binary_search(&date).is_ok()
    }

    /// The first holiday on or after `from`, if any (within the supported date
    /// range). Used to know how many whole weeks are holiday-free.
    pub(super) fn next_on_or_after(&self, from: Date) -> Option<Date> {
        let once = self
            .once
            .get(self.once.partition_point(|&d| d < from))
            .copied();
        let yearly = self.next_yearly(from);
        match (once, yearly) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn next_yearly(&self, from: Date) -> Option<Date> {
        if self.yearly.iter().all(|&bits| bits == 0) {
            return None;
        }
        // Nine years always reach a leap year, so a February 29-only set is
        // found too.
        for year in from.year()..=from.year().saturating_add(8) {
            for month in 1..=12i8 {
                let first = Date::new(year, month, 1).ok()?;
                if first.last_of_month() < from {
                    continue;
                }
                // Bits 1..=days_in_month; computed in u64 because 31 days need bit 31.
                let valid_days =
                    u32::try_from((1u64 << (first.days_in_month() + 1)) - 2).unwrap_or(u32::MAX);
                let mut bits = self.yearly[month_index(first)] & valid_days;
                if first < from {
                    // Same month as `from`: drop the days before it.
                    bits &= !((1u32 << from.day()) - 1);
                }
                if bits != 0 {
                    let day = i8::try_from(bits.trailing_zeros()).ok()?;
                    return Date::new(year, month, day).ok();
                }
            }
        }
        None
    }
}

fn month_index(date: Date) -> usize {
    usize::try_from(date.month()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn yearly_validation_accepts_feb_29_and_rejects_impossible_days() {
        assert!(Holiday::yearly(2, 29).is_ok());
        assert!(Holiday::yearly(2, 30).is_err());
        assert!(Holiday::yearly(13, 1).is_err());
        assert!(Holiday::yearly(4, 31).is_err());
    }

    #[test]
    fn feb_29_is_a_holiday_only_in_leap_years() {
        let index = HolidayIndex::new(&[Holiday::yearly(2, 29).unwrap()]);
        assert!(index.contains(date(2024, 2, 29)));
        assert!(!index.contains(date(2025, 2, 28)));
        assert!(!index.contains(date(2025, 3, 1)));
        assert_eq!(
            index.next_on_or_after(date(2025, 1, 1)),
            Some(date(2028, 2, 29))
        );
    }

    #[test]
    fn next_holiday_mixes_once_and_yearly() {
        let index = HolidayIndex::new(&[
            Holiday::yearly(12, 25).unwrap(),
            Holiday::once(date(2025, 4, 21)),
        ]);
        assert_eq!(
            index.next_on_or_after(date(2025, 1, 1)),
            Some(date(2025, 4, 21))
        );
        assert_eq!(
            index.next_on_or_after(date(2025, 4, 22)),
            Some(date(2025, 12, 25))
        );
        assert_eq!(
            index.next_on_or_after(date(2025, 12, 25)),
            Some(date(2025, 12, 25))
        );
        assert_eq!(
            index.next_on_or_after(date(2025, 12, 26)),
            Some(date(2026, 12, 25))
        );
    }
}
