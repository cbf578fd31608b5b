-- Schema v2: deduplicated events with their mentions, linked actors, and full-text search.

-- Distinct actors. key is the identity used for deduplication: the Wikidata / pack id when the
-- actor stage linked one, else "~COUNTRY/SECTOR", else "\"normalised name".
CREATE TABLE actors (
    pk      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    ent_id  TEXT,
    name    TEXT,
    kind    TEXT,
    country TEXT,
    sector  TEXT,
    cameo   TEXT
);
CREATE INDEX actors_country ON actors(country);
CREATE INDEX actors_name ON actors(name COLLATE NOCASE);

-- One row per real-world event, however many articles report it.
CREATE TABLE events (
    pk               INTEGER PRIMARY KEY,
    event_type       TEXT NOT NULL,
    mode             TEXT,
    cameo            TEXT,
    goldstein        REAL,
    dyad             TEXT NOT NULL,         -- source keys | target keys, sorted: the dedup identity
    source_label     TEXT NOT NULL,
    target_label     TEXT NOT NULL,
    date_value       TEXT,
    date_precision   TEXT,
    date_from        TEXT,                  -- ISO day, first day of the date's interval
    date_to          TEXT,                  -- ISO day, last day
    location_text    TEXT,
    location_id      TEXT,
    location_country TEXT,
    lat              REAL,
    lon              REAL,
    num_mentions     INTEGER NOT NULL DEFAULT 0,
    num_articles     INTEGER NOT NULL DEFAULT 0,
    num_sources      INTEGER NOT NULL DEFAULT 0,  -- distinct outlets
    first_doc        INTEGER NOT NULL REFERENCES documents(pk)
);
CREATE INDEX events_dedup ON events(event_type, dyad, date_from);
CREATE INDEX events_date ON events(date_from);

CREATE TABLE event_actors (
    event INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
    role  TEXT NOT NULL CHECK (role IN ('source', 'target')),
    pos   INTEGER NOT NULL,
    actor INTEGER NOT NULL REFERENCES actors(pk),
    PRIMARY KEY (event, role, pos)
) WITHOUT ROWID;
CREATE INDEX event_actors_actor ON event_actors(actor);

-- One row per event of a document (Document.events[idx]); several may point to the same event.
-- What each article says (quantity, attribution, modality, date) stays here, side by side.
CREATE TABLE event_mentions (
    pk             INTEGER PRIMARY KEY,
    event          INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
    doc            INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    trigger_text   TEXT NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    modality       TEXT NOT NULL,
    attribution    TEXT,
    attribution_id TEXT,
    date_value     TEXT,
    date_basis     TEXT,
    quantity_value REAL,
    quantity_unit  TEXT,
    confidence     REAL NOT NULL,
    repeats        INTEGER NOT NULL,        -- further sentences of the article stating it
    json           TEXT NOT NULL,           -- the Event as the pipeline wrote it
    UNIQUE (doc, idx)
);
CREATE INDEX event_mentions_event ON event_mentions(event, doc);

-- The outlets that reported each event (an article with no known outlet counts as its own,
-- '#' || document pk), so num_sources grows without rescanning the mentions.
CREATE TABLE event_outlets (
    event  INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
    outlet TEXT NOT NULL,
    PRIMARY KEY (event, outlet)
) WITHOUT ROWID;

-- Full text over title and text; "citta" finds "città".
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content = 'documents', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
-- Documents stored under v1 become searchable.
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
