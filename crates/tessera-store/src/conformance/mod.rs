//! The conformance suite (filled in by the SQLite backend work).
