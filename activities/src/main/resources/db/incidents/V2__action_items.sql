-- The postmortem's action items per incident, replaced as a whole at every change. No foreign key:
-- the postmortem workflow may write its items before the incident's summary lands.
CREATE TABLE action_items (
    incident_id   VARCHAR(255)             NOT NULL,
    detected_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    item_id       VARCHAR(64)              NOT NULL,
    sort_order    INTEGER                  NOT NULL,
    action_text   VARCHAR(2000)            NOT NULL,
    owner_name    VARCHAR(255),
    due_date      DATE,
    status        VARCHAR(16)              NOT NULL,
    updated_by    VARCHAR(255),
    updated_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (incident_id, detected_at, item_id)
);

-- Improvements made in a month (done items by update time), and items past due.
CREATE INDEX action_items_status_updated_at ON action_items (status, updated_at);
CREATE INDEX action_items_status_due_date ON action_items (status, due_date);
