use std::fmt;
use std::str::FromStr;

use crate::CoreError;

/// What a user may do is decided by their role (see the service's policy module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Admin,
    Supervisor,
    Agent,
    /// Sees tickets like an agent but may only add internal notes.
    LightAgent,
    Customer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Supervisor,
        Role::Agent,
        Role::LightAgent,
        Role::Customer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Agent => "agent",
            Role::LightAgent => "light_agent",
            Role::Customer => "customer",
        }
    }

    /// Staff are every role that works tickets (everyone but customers).
    pub fn is_staff(self) -> bool {
        !matches!(self, Role::Customer)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                CoreError::invalid(
                    "role",
                    "must be one of admin, supervisor, agent, light_agent, customer",
                )
            })
    }
}
