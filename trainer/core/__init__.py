"""Pure domain: banks, scoring, sessions, scheduling, storage. No UI, no speech library."""
