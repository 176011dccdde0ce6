//! Holiday import from iCalendar (RFC 5545) files, the format public holiday
//! feeds and office calendars export.
//!
//! Deliberately minimal: all-day `VEVENT`s (`DTSTART;VALUE=DATE`, optional
//! `DTEND`/`DURATION` for several days) and `RRULE:FREQ=YEARLY` on the same
//! month and day. Anything that would change which days are holidays but is
//! not understood (timed events, other rules, `RDATE`/`EXDATE`) is an error
//! rather than a silently wrong calendar. Line folding and CRLF or LF line
//! ends are accepted; unknown properties and nested components (`VALARM`) are
//! ignored; cancelled events are skipped.

use jiff::ToSpan;
use jiff::civil::Date;

use super::holidays::{Holiday, HolidayDate};
use crate::CoreError;

/// Longest event accepted, in days, and most occurrences expanded from one
/// bounded rule; guards against a typo turning into a huge list.
const MAX_EVENT_DAYS: i64 = 366;
const MAX_OCCURRENCES: usize = 1_000;

/// Parses the holidays of an iCalendar file.
pub fn parse_ical_holidays(input: &str) -> Result<Vec<Holiday>, CoreError> {
    let mut holidays = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut event: Option<Event> = None;
    for line in unfold(input) {
        let err = |message: String| {
            CoreError::invalid("ical", format!("line {}: {message}", line.number))
        };
        let Some(prop) = Property::parse(&line.text) else {
            if line.text.trim().is_empty() {
                continue;
            }
            return Err(err(format!("expected NAME:VALUE, got {:?}", line.text)));
        };
        match prop.name.as_str() {
            "BEGIN" => {
                let component = prop.value.trim().to_ascii_uppercase();
                if component == "VEVENT" && stack.last().is_none_or(|c| c == "VCALENDAR") {
                    event = Some(Event::new(line.number));
                }
                stack.push(component);
            }
            "END" => {
                let component = prop.value.trim().to_ascii_uppercase();
                if stack.pop().as_deref() != Some(component.as_str()) {
                    return Err(err(format!(
                        "END:{component} does not close the open component"
                    )));
                }
                if component == "VEVENT"
                    && let Some(done) = event.take()
                {
                    done.into_holidays(&mut holidays)?;
                }
            }
            _ => {
                // Only the event's own properties count, not those of a
                // nested VALARM.
                if let Some(ev) = event.as_mut()
                    && stack.last().is_some_and(|c| c == "VEVENT")
                {
                    ev.property(&prop).map_err(err)?;
                }
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(CoreError::invalid(
            "ical",
            format!("BEGIN:{open} is never closed"),
        ));
    }
    Ok(holidays)
}

struct Line {
    /// Physical line number where the logical line starts, 1-based.
    number: usize,
    text: String,
}

/// Joins folded lines (a line starting with a space or tab continues the
/// previous one) and drops line ends.
fn unfold(input: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for (i, raw) in input.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.text.push_str(rest),
            _ => lines.push(Line {
                number: i + 1,
                text: raw.to_owned(),
            }),
        }
    }
    lines
}

/// `NAME;PARAM=VALUE;…:value`, with the name upper-cased.
struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn parse(line: &str) -> Option<Property> {
        // The value starts at the first colon outside a quoted parameter value.
        let mut quoted = false;
        let colon = line.char_indices().find_map(|(i, c)| match c {
            '"' => {
                quoted = !quoted;
                None
            }
            ':' if !quoted => Some(i),
            _ => None,
        })?;
        let (head, value) = (&line[..colon], &line[colon + 1..]);
        let mut parts = head.split(';');
        let name = parts.next()?.trim().to_ascii_uppercase();
        if name.is_empty() {
            return None;
        }
        let params = parts
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| {
                (
                    k.trim().to_ascii_uppercase(),
                    v.trim_matches('"').to_owned(),
                )
            })
            .collect();
        Some(Property {
            name,
            params,
            value: value.to_owned(),
        })
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Rule {
    interval: i16,
    count: Option<usize>,
    until: Option<Date>,
    by_month: Option<i8>,
    by_month_day: Option<i8>,
}

struct Event {
    line: usize,
    start: Option<Date>,
    days: Option<i64>,
    end: Option<Date>,
    summary: String,
    rule: Option<Rule>,
    cancelled: bool,
}

impl Event {
    fn new(line: usize) -> Event {
        Event {
            line,
            start: None,
            days: None,
            end: None,
            summary: String::new(),
            rule: None,
            cancelled: false,
        }
    }

    fn property(&mut self, prop: &Property) -> Result<(), String> {
        match prop.name.as_str() {
            "DTSTART" => self.start = Some(all_day_date(prop)?),
            "DTEND" => self.end = Some(all_day_date(prop)?),
            "DURATION" => self.days = Some(duration_days(&prop.value)?),
            "SUMMARY" => self.summary = unescape(&prop.value),
            "STATUS" => self.cancelled = prop.value.trim().eq_ignore_ascii_case("CANCELLED"),
            "RRULE" => self.rule = Some(parse_rule(&prop.value)?),
            "RDATE" | "EXDATE" | "EXRULE" => {
                return Err(format!(
                    "{} is not supported; list each holiday as its own event",
                    prop.name
                ));
            }
            _ => {}
        }
        Ok(())
    }

    fn into_holidays(self, out: &mut Vec<Holiday>) -> Result<(), CoreError> {
        let err = |m: &str| CoreError::invalid("ical", format!("line {}: {m}", self.line));
        if self.cancelled {
            return Ok(());
        }
        let start = self.start.ok_or_else(|| err("VEVENT without DTSTART"))?;
        let days = match (self.end, self.days) {
            (Some(end), _) => end.duration_since(start).as_hours() / 24,
            (None, Some(days)) => days,
            (None, None) => 1,
        }
        .max(1);
        if days > MAX_EVENT_DAYS {
            return Err(err("event is longer than a year"));
        }
        let event_days: Vec<Date> = (0..days)
            .map_while(|d| start.checked_add(d.days()).ok())
            .collect();
        let named = |date: HolidayDate| Holiday {
            date,
            name: self.summary.clone(),
        };
        let Some(rule) = self.rule else {
            out.extend(event_days.into_iter().map(|d| named(HolidayDate::Once(d))));
            return Ok(());
        };
        if rule.by_month.is_some_and(|m| m != start.month())
            || rule.by_month_day.is_some_and(|d| d != start.day())
        {
            return Err(err(
                "RRULE BYMONTH/BYMONTHDAY must match DTSTART (one yearly date per event)",
            ));
        }
        if rule.interval == 1 && rule.count.is_none() && rule.until.is_none() {
            out.extend(event_days.into_iter().map(|d| {
                named(HolidayDate::Yearly {
                    month: d.month(),
                    day: d.day(),
                })
            }));
            return Ok(());
        }
        if rule.count.is_none() && rule.until.is_none() {
            return Err(err(
                "a yearly rule with INTERVAL above 1 needs COUNT or UNTIL",
            ));
        }
        // A bounded rule expands to dates. Occurrences on a day the year lacks
        // (February 29) are skipped and not counted, as RFC 5545 says.
        let mut produced = 0;
        let mut years = 0i16;
        while rule.count.is_none_or(|c| produced < c) && produced < MAX_OCCURRENCES {
            let Some(year) = years
                .checked_mul(rule.interval)
                .and_then(|y| start.year().checked_add(y))
            else {
                break;
            };
            years += 1;
            let Ok(first) = Date::new(year, start.month(), start.day()) else {
                if year > 9999 {
                    break;
                }
                continue;
            };
            if rule.until.is_some_and(|until| first > until) {
                break;
            }
            for k in 0..days {
                if let Ok(date) = first.checked_add(k.days()) {
                    out.push(named(HolidayDate::Once(date)));
                }
            }
            produced += 1;
        }
        Ok(())
    }
}

/// A DTSTART/DTEND that is a whole date (`VALUE=DATE` or 8 digits).
fn all_day_date(prop: &Property) -> Result<Date, String> {
    let value = prop.value.trim();
    let is_date = prop
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || (value.len() == 8 && !value.contains('T'));
    if !is_date {
        return Err(format!(
            "{} {value:?} has a time of day; only all-day events (VALUE=DATE) can be holidays",
            prop.name
        ));
    }
    parse_date(value).ok_or_else(|| format!("{} {value:?} is not a YYYYMMDD date", prop.name))
}

fn parse_date(value: &str) -> Option<Date> {
    let digits = value.get(..8)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = digits[..4].parse().ok()?;
    let month = digits[4..6].parse().ok()?;
    let day = digits[6..8].parse().ok()?;
    Date::new(year, month, day).ok()
}

/// `P3D` or `P1W` as days.
fn duration_days(value: &str) -> Result<i64, String> {
    let bad = || format!("DURATION {value:?} is not whole days (PnD or PnW)");
    let body = value.trim().strip_prefix('P').ok_or_else(bad)?;
    let (number, unit) = body.split_at(body.len().saturating_sub(1));
    let n: i64 = number.parse().map_err(|_| bad())?;
    match unit {
        "D" => Ok(n),
        "W" => Ok(n * 7),
        _ => Err(bad()),
    }
}

fn parse_rule(value: &str) -> Result<Rule, String> {
    let mut rule = Rule {
        interval: 1,
        ..Rule::default()
    };
    let mut yearly = false;
    for part in value.trim().split(';').filter(|p| !p.is_empty()) {
        let (key, val) = part
            .split_once('=')
            .ok_or_else(|| format!("RRULE part {part:?} is not KEY=VALUE"))?;
        let bad = || format!("RRULE {key}={val} is not valid");
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => yearly = val.eq_ignore_ascii_case("YEARLY"),
            "INTERVAL" => rule.interval = val.parse().ok().filter(|&i| i >= 1).ok_or_else(bad)?,
            "COUNT" => rule.count = Some(val.parse().ok().filter(|&c| c >= 1).ok_or_else(bad)?),
            "UNTIL" => rule.until = Some(parse_date(val).ok_or_else(bad)?),
            // Allowed only when they repeat DTSTART's month and day (checked
            // with the event): anything else is a rule we cannot represent.
            "BYMONTH" => rule.by_month = Some(val.parse().map_err(|_| bad())?),
            "BYMONTHDAY" => rule.by_month_day = Some(val.parse().map_err(|_| bad())?),
            "WKST" => {}
            other => {
                return Err(format!(
                    "RRULE {other} is not supported (only yearly dates)"
                ));
            }
        }
    }
    if !yearly {
        return Err("only RRULE:FREQ=YEARLY is supported".to_owned());
    }
    Ok(rule)
}

/// Undoes TEXT escaping; line breaks become spaces (names are one line).
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push(' '),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn dates(holidays: &[Holiday]) -> Vec<HolidayDate> {
        holidays.iter().map(|h| h.date).collect()
    }

    #[test]
    fn parses_dates_yearly_rules_folding_and_crlf() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Holidays//EN\r\n\
            BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20250421\r\nSUMMARY:Easter\r\n  Monday\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20201225\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Christmas\\, Day\r\n\
            BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nDTSTART:20991231T000000\r\nEND:VALARM\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART:20250501\r\nDTEND;VALUE=DATE:20250503\r\nSUMMARY:May days\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
            END:VCALENDAR\r\n";
        let holidays = parse_ical_holidays(ics).unwrap();
        assert_eq!(
            dates(&holidays),
            vec![
                HolidayDate::Once(date(2025, 4, 21)),
                HolidayDate::Yearly { month: 12, day: 25 },
                HolidayDate::Once(date(2025, 5, 1)),
                HolidayDate::Once(date(2025, 5, 2)),
            ]
        );
        assert_eq!(holidays[0].name, "Easter Monday");
        assert_eq!(holidays[1].name, "Christmas, Day");
    }

    #[test]
    fn bounded_rules_expand_and_skip_missing_leap_days() {
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240229\n\
            RRULE:FREQ=YEARLY;COUNT=2\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250610\n\
            RRULE:FREQ=YEARLY;INTERVAL=2;UNTIL=20290101T000000Z;BYMONTH=6\nDURATION:P2D\n\
            END:VEVENT\nEND:VCALENDAR\n";
        let holidays = parse_ical_holidays(ics).unwrap();
        assert_eq!(
            dates(&holidays),
            vec![
                HolidayDate::Once(date(2024, 2, 29)),
                HolidayDate::Once(date(2028, 2, 29)),
                HolidayDate::Once(date(2025, 6, 10)),
                HolidayDate::Once(date(2025, 6, 11)),
                HolidayDate::Once(date(2027, 6, 10)),
                HolidayDate::Once(date(2027, 6, 11)),
            ]
        );
    }

    #[test]
    fn unsupported_content_is_an_error_with_a_line_number() {
        let cases = [
            (
                "BEGIN:VEVENT\nDTSTART:20250101T090000Z\nEND:VEVENT\n",
                "line 2: DTSTART",
            ),
            (
                "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\nRRULE:FREQ=WEEKLY\nEND:VEVENT\n",
                "FREQ=YEARLY",
            ),
            (
                "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250526\nRRULE:FREQ=YEARLY;BYDAY=-1MO\nEND:VEVENT\n",
                "BYDAY is not supported",
            ),
            (
                "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\nEXDATE:20260101\nEND:VEVENT\n",
                "EXDATE",
            ),
            ("BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", "without DTSTART"),
            (
                "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250230\nEND:VEVENT\n",
                "not a YYYYMMDD",
            ),
            ("BEGIN:VCALENDAR\nBEGIN:VEVENT\n", "never closed"),
            (
                "BEGIN:VEVENT\ngarbage\nEND:VEVENT\n",
                "line 2: expected NAME:VALUE",
            ),
        ];
        for (ics, expected) in cases {
            let err = parse_ical_holidays(ics).unwrap_err().to_string();
            assert!(err.starts_with("ical: "), "{err}");
            assert!(err.contains(expected), "{expected:?} not in {err:?}");
        }
    }

    #[test]
    fn imported_holidays_feed_a_calendar() {
        use crate::sla::{BusinessCalendar, Interval};
        let ics = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20200101\nRRULE:FREQ=YEARLY\n\
            SUMMARY:New Year\nEND:VEVENT\nEND:VCALENDAR";
        let holidays = parse_ical_holidays(ics).unwrap();
        let weekly = std::array::from_fn(|_| vec![Interval::whole_day()]);
        let cal = BusinessCalendar::new(jiff::tz::TimeZone::UTC, weekly, holidays).unwrap();
        let t: jiff::Timestamp = "2031-01-01T12:00:00Z".parse().unwrap();
        assert!(!cal.is_business(t));
    }
}
