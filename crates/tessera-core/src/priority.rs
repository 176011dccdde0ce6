//! ITIL priority: impact × urgency through a configurable matrix.

use std::fmt;
use std::str::FromStr;

use crate::CoreError;

/// Ticket priority, most to least pressing. `rank()` is 1 (urgent) to 4 (low).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    Urgent,
    High,
    Normal,
    Low,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Urgent,
        Priority::High,
        Priority::Normal,
        Priority::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Urgent => "urgent",
            Priority::High => "high",
            Priority::Normal => "normal",
            Priority::Low => "low",
        }
    }

    /// 1 = urgent … 4 = low; what stores sort on.
    pub fn rank(self) -> u8 {
        match self {
            Priority::Urgent => 1,
            Priority::High => 2,
            Priority::Normal => 3,
            Priority::Low => 4,
        }
    }

    pub fn from_rank(rank: u8) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.rank() == rank)
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Priority::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                CoreError::invalid("priority", "must be one of urgent, high, normal, low")
            })
    }
}

/// Impact of an incident, 1 (extensive/widespread) to 4 (minor/localised).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Impact(u8);

/// Urgency of an incident, 1 (critical) to 4 (low).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Urgency(u8);

macro_rules! level {
    ($name:ident, $field:literal) => {
        impl $name {
            pub const DEFAULT: $name = $name(3);

            pub fn new(level: i64) -> Result<$name, CoreError> {
                match u8::try_from(level) {
                    Ok(l @ 1..=4) => Ok($name(l)),
                    _ => Err(CoreError::invalid(
                        $field,
                        "must be an integer from 1 (highest) to 4 (lowest)",
                    )),
                }
            }

            pub fn get(self) -> u8 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}
level!(Impact, "impact");
level!(Urgency, "urgency");

/// Maps impact × urgency to a priority; rows are impact 1–4, columns urgency 1–4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityMatrix {
    cells: [[Priority; 4]; 4],
}

impl Default for PriorityMatrix {
    /// The usual ITIL shape: priority falls as impact and urgency fall.
    fn default() -> Self {
        use Priority::*;
        PriorityMatrix {
            cells: [
                [Urgent, High, High, Normal],
                [High, High, Normal, Normal],
                [High, Normal, Normal, Low],
                [Normal, Normal, Low, Low],
            ],
        }
    }
}

impl PriorityMatrix {
    /// A matrix from configuration: four rows (impact 1–4) of four priorities
    /// (urgency 1–4).
    pub fn from_rows(rows: &[Vec<String>]) -> Result<PriorityMatrix, CoreError> {
        if rows.len() != 4 || rows.iter().any(|r| r.len() != 4) {
            return Err(CoreError::invalid(
                "priority_matrix",
                "must have 4 rows (impact 1-4) of 4 priorities (urgency 1-4)",
            ));
        }
        let mut cells = [[Priority::Normal; 4]; 4];
        for (i, row) in rows.iter().enumerate() {
            for (u, cell) in row.iter().enumerate() {
                cells[i][u] = cell.parse().map_err(|_| {
                    CoreError::invalid(
                        format!("priority_matrix[{i}][{u}]"),
                        "must be one of urgent, high, normal, low",
                    )
                })?;
            }
        }
        Ok(PriorityMatrix { cells })
    }

    pub fn priority(&self, impact: Impact, urgency: Urgency) -> Priority {
        self.cells[usize::from(impact.0 - 1)][usize::from(urgency.0 - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn level() -> impl Strategy<Value = i64> {
        1i64..=4
    }

    proptest! {
        /// In the default matrix, a more severe impact or urgency never lowers priority.
        #[test]
        fn default_matrix_is_monotone(i in level(), u in level(), di in 0i64..=3, du in 0i64..=3) {
            let m = PriorityMatrix::default();
            let base = m.priority(Impact::new(i).unwrap(), Urgency::new(u).unwrap());
            let worse = m.priority(
                Impact::new((i - di).max(1)).unwrap(),
                Urgency::new((u - du).max(1)).unwrap(),
            );
            prop_assert!(worse.rank() <= base.rank());
        }

        /// The matrix is symmetric in the default shape: impact and urgency weigh the same.
        #[test]
        fn default_matrix_is_symmetric(i in level(), u in level()) {
            let m = PriorityMatrix::default();
            prop_assert_eq!(
                m.priority(Impact::new(i).unwrap(), Urgency::new(u).unwrap()),
                m.priority(Impact::new(u).unwrap(), Urgency::new(i).unwrap())
            );
        }

        #[test]
        fn levels_outside_one_to_four_are_rejected(x in any::<i64>()) {
            prop_assert_eq!(Impact::new(x).is_ok(), (1..=4).contains(&x));
            prop_assert_eq!(Urgency::new(x).is_ok(), (1..=4).contains(&x));
        }

        #[test]
        fn configured_matrix_is_read_cell_by_cell(cells in proptest::collection::vec(proptest::sample::select(Priority::ALL.to_vec()), 16)) {
            let rows: Vec<Vec<String>> = cells.chunks(4).map(|r| r.iter().map(|p| p.as_str().to_owned()).collect()).collect();
            let m = PriorityMatrix::from_rows(&rows).unwrap();
            for i in 1..=4 {
                for u in 1..=4 {
                    let expected = cells[((i - 1) * 4 + (u - 1)) as usize];
                    prop_assert_eq!(m.priority(Impact::new(i).unwrap(), Urgency::new(u).unwrap()), expected);
                }
            }
        }
    }

    #[test]
    fn corners_of_default_matrix() {
        let m = PriorityMatrix::default();
        assert_eq!(
            m.priority(Impact::new(1).unwrap(), Urgency::new(1).unwrap()),
            Priority::Urgent
        );
        assert_eq!(
            m.priority(Impact::new(4).unwrap(), Urgency::new(4).unwrap()),
            Priority::Low
        );
        assert_eq!(
            m.priority(Impact::DEFAULT, Urgency::DEFAULT),
            Priority::Normal
        );
    }

    #[test]
    fn malformed_matrix_names_the_cell() {
        let mut rows = vec![vec!["low".to_owned(); 4]; 4];
        rows[2][1] = "asap".to_owned();
        let err = PriorityMatrix::from_rows(&rows).unwrap_err();
        assert_eq!(
            err.to_string(),
            "priority_matrix[2][1]: must be one of urgent, high, normal, low"
        );
        assert!(PriorityMatrix::from_rows(&rows[..3]).is_err());
    }
}
