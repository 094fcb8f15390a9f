-- Model versions, aliases and deployment events. JSON columns use "json" (kept verbatim, validated).
CREATE TABLE model_versions (
    model         text        NOT NULL,
    version       text        NOT NULL,
    number        bigint      NOT NULL,
    model_digest  text        NOT NULL,
    image_digest  text        NULL,
    metrics_json  json        NOT NULL,
    lineage_json  json        NOT NULL,
    created_at    timestamptz NOT NULL,
    created_by    text        NOT NULL,
    PRIMARY KEY (model, version),
    UNIQUE (model, number)
);

CREATE TABLE model_aliases (
    model       text        NOT NULL,
    alias       text        NOT NULL,
    version     text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (model, alias),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);

CREATE TABLE deployment_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model          text        NOT NULL,
    at             timestamptz NOT NULL,
    actor          text        NOT NULL,
    action         text        NOT NULL,
    from_version   text        NULL,
    to_version     text        NULL,
    reason         text        NOT NULL,
    evidence_json  json        NOT NULL,
    run_id         text        NULL
);

CREATE INDEX ix_deployment_events_model ON deployment_events (model, id);
