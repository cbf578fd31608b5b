-- Schema v1: documents and what the analysis stages found in each one.
-- Spans are byte offsets into documents.text (end exclusive), as in the document model.

CREATE TABLE documents (
    pk          INTEGER PRIMARY KEY,
    id          TEXT NOT NULL,              -- given by the input, or a hash of the text
    text_hash   TEXT NOT NULL UNIQUE,       -- SHA-256 of text: the same text twice is one document
    lang        TEXT,
    published   TEXT,
    title       TEXT,
    url         TEXT,
    outlet      TEXT,
    text        TEXT NOT NULL,
    extra       TEXT,                       -- JSON object of input fields the model does not know
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_id ON documents(id);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_lang ON documents(lang);

CREATE TABLE sentences (
    doc   INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE entities (
    doc     INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    kind    TEXT NOT NULL,
    ent_id  TEXT,
    name    TEXT,
    country TEXT,
    sector  TEXT,
    cameo   TEXT,
    lat     REAL,
    lon     REAL,
    coref   INTEGER,
    note    TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX entities_id ON entities(ent_id);

CREATE TABLE times (
    doc       INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    text      TEXT NOT NULL,
    value     TEXT NOT NULL,
    precision TEXT NOT NULL,
    date_from TEXT,
    date_to   TEXT,
    rule      TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE quantities (
    doc         INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    value       REAL,                      -- NULL when not a finite number
    approximate INTEGER NOT NULL,
    min         REAL,
    max         REAL,
    unit        TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE diagnostics (
    doc     INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx     INTEGER NOT NULL,
    level   TEXT NOT NULL,
    message TEXT NOT NULL,
    start   INTEGER,
    end     INTEGER,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
