package domain

// What "open" means is a rule, so the domain names the statuses and storage
// only filters by the lists it is handed.

// OpenPairingStatuses are the statuses of a running pairing: they count
// against a mentor's capacity and forbid a second pairing of the same two.
func OpenPairingStatuses() []PairingStatus { return []PairingStatus{PairingActive, PairingPaused} }

// OpenEngagementStatuses are the statuses that count against a coach's
// capacity.
func OpenEngagementStatuses() []EngagementStatus { return []EngagementStatus{EngagementActive} }
