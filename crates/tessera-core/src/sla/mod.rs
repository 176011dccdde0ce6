//! Service levels: business calendars, SLA policies and per-ticket SLA clocks.
//!
//! Everything here is pure arithmetic over [`jiff::Timestamp`]s handed in by the
//! caller; nothing reads the clock. The pieces build on each other:
//!
//! - [`BusinessCalendar`] answers "how much business time lies between two
//!   instants" and "when has N business minutes passed", DST-correct in the
//!   calendar's own time zone (see [`BusinessCalendar`] for gaps, folds and
//!   overnight shifts); [`parse_ical_holidays`] imports holidays.
//! - [`SlaPolicy`] holds per-priority targets and the conditions that pick it
//!   ([`select_policy`]: first match wins).
//! - [`SlaState::compute`] replays a ticket's [`SlaEvent`]s against a policy and
//!   its calendar and yields due, warning, met and breach times per target, with
//!   [`SlaState::explain`] for humans.

mod calendar;
mod clock;
mod explain;
mod holidays;
mod ical;
mod policy;
mod walk;

#[cfg(test)]
mod calendar_props;
#[cfg(test)]
mod clock_tests;

pub use calendar::{BusinessCalendar, Interval, parse_time_zone};
pub use clock::{SlaEvent, SlaEventKind, SlaState, TargetState, TargetStatus};
pub use holidays::{Holiday, HolidayDate};
pub use ical::parse_ical_holidays;
pub use policy::{
    PolicyCalendar, PolicyConditions, SlaPolicy, SlaTargets, TargetKind, TicketFacts, WarnRule,
    select_policy,
};
