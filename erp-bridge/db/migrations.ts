/**
 * Versioned schema: migration N runs once, in order, inside a transaction, and records N in
 * `schema_version`. Never edit a shipped migration; append a new one.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "pdm and erp master data",
    sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
-- the calendar instant of simulation time 0; due dates are converted through it
INSERT INTO meta (key, value) VALUES ('sim_epoch', '2025-01-06T06:00:00.000Z');

CREATE TABLE products (
  part_number TEXT NOT NULL,
  revision TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (part_number, revision)
) STRICT;

CREATE TABLE bom_lines (
  part_number TEXT NOT NULL,
  revision TEXT NOT NULL,
  position INTEGER NOT NULL CHECK (position > 0),
  component TEXT NOT NULL,
  quantity REAL NOT NULL CHECK (quantity > 0),
  unit TEXT NOT NULL DEFAULT 'ea',
  PRIMARY KEY (part_number, revision, position),
  FOREIGN KEY (part_number, revision) REFERENCES products (part_number, revision)
    ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;
CREATE INDEX bom_lines_component ON bom_lines (component);

CREATE TABLE routing_operations (
  part_number TEXT NOT NULL,
  revision TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq > 0),
  name TEXT NOT NULL,
  station_type TEXT,
  station TEXT,
  -- seconds per part
  standard_time_s REAL NOT NULL CHECK (standard_time_s > 0),
  program_kind TEXT CHECK (program_kind IN ('nc', 'robot')),
  program TEXT,
  PRIMARY KEY (part_number, revision, seq),
  CHECK ((station_type IS NULL) <> (station IS NULL)),
  CHECK ((program_kind IS NULL) = (program IS NULL)),
  FOREIGN KEY (part_number, revision) REFERENCES products (part_number, revision)
    ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;

CREATE TABLE work_orders (
  number TEXT PRIMARY KEY,
  part_number TEXT NOT NULL,
  revision TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  -- simulation µs; NULL when no due date
  due_us INTEGER,
  priority INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'created'
    CHECK (status IN ('created', 'released', 'inProgress', 'completed', 'cancelled')),
  -- order of creation, the FIFO key
  created_seq INTEGER NOT NULL,
  created_us INTEGER NOT NULL,
  released_us INTEGER,
  dispatched_us INTEGER,
  completed_us INTEGER,
  cancelled_us INTEGER,
  dispatch_error TEXT,
  FOREIGN KEY (part_number, revision) REFERENCES products (part_number, revision)
    ON DELETE RESTRICT ON UPDATE CASCADE
) STRICT;
CREATE INDEX work_orders_status ON work_orders (status, created_seq);

CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  method TEXT NOT NULL,
  url TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
`,
  },
  {
    version: 2,
    name: "execution records",
    sql: `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  -- simulation µs
  t_us INTEGER NOT NULL,
  type TEXT NOT NULL,
  entity TEXT,
  part TEXT,
  payload TEXT NOT NULL
) STRICT;
CREATE INDEX events_part ON events (part, seq) WHERE part IS NOT NULL;
CREATE INDEX events_entity ON events (entity, seq) WHERE entity IS NOT NULL;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events is append-only'); END;

CREATE TABLE parts (
  serial TEXT PRIMARY KEY,
  product TEXT NOT NULL,
  work_order TEXT,
  source TEXT,
  created_us INTEGER,
  finished_us INTEGER,
  sink TEXT,
  outcome TEXT,
  scrapped_at TEXT,
  -- creation to leaving the system, µs
  lead_time_us INTEGER,
  created_seq INTEGER NOT NULL
) STRICT;
CREATE INDEX parts_work_order ON parts (work_order) WHERE work_order IS NOT NULL;

CREATE TABLE part_operations (
  id INTEGER PRIMARY KEY,
  part TEXT NOT NULL,
  station TEXT NOT NULL,
  product TEXT NOT NULL,
  operator TEXT,
  robot TEXT,
  tool TEXT,
  program TEXT,
  started_us INTEGER,
  completed_us INTEGER,
  -- processing time, µs
  process_us INTEGER,
  result TEXT,
  start_seq INTEGER,
  end_seq INTEGER
) STRICT;
CREATE INDEX part_operations_part ON part_operations (part, id);
CREATE INDEX part_operations_open ON part_operations (part, station) WHERE completed_us IS NULL;

CREATE TABLE work_order_progress (
  work_order TEXT PRIMARY KEY,
  product TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  released INTEGER NOT NULL,
  completed INTEGER NOT NULL,
  scrapped INTEGER NOT NULL,
  sim_status TEXT NOT NULL,
  finished_us INTEGER,
  updated_us INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL
) STRICT;
`,
  },
];
