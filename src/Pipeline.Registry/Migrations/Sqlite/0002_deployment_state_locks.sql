-- What runs where, and the per-model deployment lock.
CREATE TABLE deployment_slots (
    model         TEXT    NOT NULL,
    variant       TEXT    NOT NULL,
    version       TEXT    NULL,
    endpoint      TEXT    NOT NULL,
    weight        REAL    NOT NULL CHECK (weight >= 0 AND weight <= 100),
    target_kind   TEXT    NOT NULL,
    process_id    INTEGER NULL,
    container_id  TEXT    NULL,
    details_json  TEXT    NOT NULL CHECK (json_valid(details_json)),
    updated_at    TEXT    NOT NULL,
    PRIMARY KEY (model, variant)
);

CREATE TABLE deployment_locks (
    model               TEXT    NOT NULL PRIMARY KEY,
    token               TEXT    NOT NULL,
    holder_pid          INTEGER NOT NULL,
    holder_host         TEXT    NOT NULL,
    holder_started_at   TEXT    NULL,
    run_id              TEXT    NOT NULL,
    actor               TEXT    NOT NULL,
    acquired_at         TEXT    NOT NULL,
    expires_at          TEXT    NOT NULL
);
