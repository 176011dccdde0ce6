use std::fmt;
use std::str::FromStr;

use crate::CoreError;

/// Declares a closed string enum with `ALL`, `as_str`, `Display` and `FromStr`
/// whose error names the field and lists the accepted values.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = CoreError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    let accepted: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    CoreError::invalid($field, format!("must be one of {}", accepted.join(", ")))
                })
            }
        }
    };
}

string_enum!(
    /// Where a ticket stands in its lifecycle; see [`super::check_transition`].
    Status, "status", {
        New => "new",
        Open => "open",
        /// Waiting on the customer.
        Pending => "pending",
        /// Waiting on a third party.
        OnHold => "on_hold",
        Solved => "solved",
        /// Final: nothing changes a closed ticket; a reply creates a follow-up.
        Closed => "closed",
    }
);

string_enum!(
    /// ITIL ticket types.
    TicketType, "type", {
        Incident => "incident",
        ServiceRequest => "service_request",
        Question => "question",
        Problem => "problem",
        Change => "change",
    }
);

string_enum!(
    /// Support tier, from self-service (L0) to vendor (L4).
    Tier, "tier", {
        L0 => "l0",
        L1 => "l1",
        L2 => "l2",
        L3 => "l3",
        L4 => "l4",
    }
);

string_enum!(
    /// How a request reached the desk.
    Channel, "channel", {
        Api => "api",
        Email => "email",
        Portal => "portal",
        Chat => "chat",
        Phone => "phone",
        Monitoring => "monitoring",
        /// Created by an agent in the web UI.
        Web => "web",
    }
);

impl Status {
    /// Statuses in which the ticket is still being worked (not solved or closed).
    pub fn is_unsolved(self) -> bool {
        !matches!(self, Status::Solved | Status::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips_through_its_text() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(*s));
        }
        for t in TicketType::ALL {
            assert_eq!(t.as_str().parse::<TicketType>(), Ok(*t));
        }
        for t in Tier::ALL {
            assert_eq!(t.as_str().parse::<Tier>(), Ok(*t));
        }
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>(), Ok(*c));
        }
    }

    #[test]
    fn unknown_text_names_field_and_choices() {
        let err = "done".parse::<Status>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "status: must be one of new, open, pending, on_hold, solved, closed"
        );
    }
}
