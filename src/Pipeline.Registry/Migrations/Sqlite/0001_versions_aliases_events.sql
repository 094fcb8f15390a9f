-- Model versions, aliases and deployment events. Times are UTC text "yyyy-MM-ddTHH:mm:ss.ffffffZ" (sortable).
CREATE TABLE model_versions (
    model         TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    number        INTEGER NOT NULL,
    model_digest  TEXT    NOT NULL,
    image_digest  TEXT    NULL,
    metrics_json  TEXT    NOT NULL CHECK (json_valid(metrics_json)),
    lineage_json  TEXT    NOT NULL CHECK (json_valid(lineage_json)),
    created_at    TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    PRIMARY KEY (model, version),
    UNIQUE (model, number)
);

CREATE TABLE model_aliases (
    model       TEXT NOT NULL,
    alias       TEXT NOT NULL,
    version     TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (model, alias),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);

CREATE TABLE deployment_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    model          TEXT NOT NULL,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    from_version   TEXT NULL,
    to_version     TEXT NULL,
    reason         TEXT NOT NULL,
    evidence_json  TEXT NOT NULL CHECK (json_valid(evidence_json)),
    run_id         TEXT NULL
);

CREATE INDEX ix_deployment_events_model ON deployment_events (model, id);
