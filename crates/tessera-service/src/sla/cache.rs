//! The compiled calendars and policies, kept in memory so a ticket write costs
//! no extra reads beyond its SLA row. Edits on this node clear the cache at
//! once; edits on other nodes are picked up when the copy is older than
//! [`MAX_AGE`].

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tessera_store::Store;

use super::rules::SlaRules;
use crate::ServiceResult;

/// How stale another node's edit may look here.
const MAX_AGE: Duration = Duration::from_secs(5);

#[derive(Default)]
pub(crate) struct SlaCache {
    slot: RwLock<Slot>,
}

#[derive(Default)]
struct Slot {
    /// Bumped by `invalidate`: a load that started before an edit must not
    /// store its pre-edit rules afterwards.
    generation: u64,
    fresh: Option<(Instant, Arc<SlaRules>)>,
}

impl SlaCache {
    /// The current rules, loaded from the store when missing or stale.
    pub(crate) async fn rules(&self, store: &dyn Store) -> ServiceResult<Arc<SlaRules>> {
        let generation = {
            let slot = self.slot.read().unwrap_or_else(|p| p.into_inner());
            if let Some((loaded, rules)) = &slot.fresh
                && loaded.elapsed() < MAX_AGE
            {
                return Ok(rules.clone());
            }
            slot.generation
        };
        let calendars = store.list_sla_calendars().await?;
        let policies = store.list_sla_policies().await?;
        let rules = Arc::new(SlaRules::compile(&calendars, &policies));
        let mut slot = self.slot.write().unwrap_or_else(|p| p.into_inner());
        if slot.generation == generation {
            slot.fresh = Some((Instant::now(), rules.clone()));
        }
        Ok(rules)
    }

    /// Rules read from the store now, whatever the cache holds: what
    /// recomputation uses, since the edit that queued it may come from
    /// another node.
    pub(crate) async fn fresh_rules(&self, store: &dyn Store) -> ServiceResult<Arc<SlaRules>> {
        self.invalidate();
        self.rules(store).await
    }

    /// Forgets the rules after an edit on this node.
    pub(crate) fn invalidate(&self) {
        let mut slot = self.slot.write().unwrap_or_else(|p| p.into_inner());
        slot.generation += 1;
        slot.fresh = None;
    }
}
