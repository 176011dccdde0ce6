use tessera_core::Role;
use tessera_store::User;

/// The authenticated user on whose behalf a use case runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    pub organization_id: Option<i64>,
}

impl Actor {
    pub fn from_user(user: &User) -> Actor {
        Actor {
            user_id: user.id,
            role: user.role,
            organization_id: user.organization_id,
        }
    }
}
