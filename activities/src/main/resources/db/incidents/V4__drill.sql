-- A drill's incident (opened by a fault injected on purpose): kept apart from the real incidents,
-- so counts, MTTD, MTTA, MTTR, MTBF and SLO compliance leave it out, and the monthly report scores
-- it in its Drills section instead. Rows written before this were all real.
ALTER TABLE incidents ADD COLUMN drill BOOLEAN NOT NULL DEFAULT FALSE;
