-- One row per incident: its summary as last written. A workflow id is reused by the next incident
-- with the same grouping key, so the key is the id plus the detection time.
-- Written for PostgreSQL; H2 runs it unchanged in MODE=PostgreSQL (the local default).
CREATE TABLE incidents (
    incident_id        VARCHAR(255)             NOT NULL,
    detected_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    title              VARCHAR(1000),
    service            VARCHAR(255),
    namespace          VARCHAR(255),
    severity           VARCHAR(8),
    impact             VARCHAR(16),
    incident_type      VARCHAR(255),
    phase              VARCHAR(16),
    first_alert_at     TIMESTAMP WITH TIME ZONE,
    acknowledged_at    TIMESTAMP WITH TIME ZONE,
    response_time_ms   BIGINT,
    mitigated_at       TIMESTAMP WITH TIME ZONE,
    resolved_at        TIMESTAMP WITH TIME ZONE,
    closed_at          TIMESTAMP WITH TIME ZONE,
    false_positive     BOOLEAN                  NOT NULL DEFAULT FALSE,
    alert_count        BIGINT                   NOT NULL DEFAULT 0,
    actions_run        INTEGER                  NOT NULL DEFAULT 0,
    -- the mitigations, one per line
    actions            VARCHAR(100000),
    reopen_count       INTEGER                  NOT NULL DEFAULT 0,
    users_affected     BIGINT,
    postmortem_link    VARCHAR(2000),
    -- when the summary was written (workflow time): an older write never replaces a newer one
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (incident_id, detected_at)
);

-- The month's incidents, and the last one before the month per service (MTBF).
CREATE INDEX incidents_detected_at ON incidents (detected_at);
CREATE INDEX incidents_service_detected_at ON incidents (service, detected_at);
