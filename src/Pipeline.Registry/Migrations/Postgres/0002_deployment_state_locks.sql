-- What runs where, and the per-model deployment lock.
CREATE TABLE deployment_slots (
    model         text             NOT NULL,
    variant       text             NOT NULL,
    version       text             NULL,
    endpoint      text             NOT NULL,
    weight        double precision NOT NULL CHECK (weight >= 0 AND weight <= 100),
    target_kind   text             NOT NULL,
    process_id    bigint           NULL,
    container_id  text             NULL,
    details_json  json             NOT NULL,
    updated_at    timestamptz      NOT NULL,
    PRIMARY KEY (model, variant)
);

CREATE TABLE deployment_locks (
    model               text        NOT NULL PRIMARY KEY,
    token               text        NOT NULL,
    holder_pid          bigint      NOT NULL,
    holder_host         text        NOT NULL,
    holder_started_at   timestamptz NULL,
    run_id              text        NOT NULL,
    actor               text        NOT NULL,
    acquired_at         timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL
);
