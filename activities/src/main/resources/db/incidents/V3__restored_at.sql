-- When service was restored (recovery verified, the alerts resolved at their source, or marked
-- mitigated by a person): downtime and MTTR (time to recover) end here; resolved_at comes after the
-- clean monitoring window and ends the time to resolve. Rows written before this have it null, and
-- the metrics take resolved_at for them.
ALTER TABLE incidents ADD COLUMN restored_at TIMESTAMP WITH TIME ZONE;
