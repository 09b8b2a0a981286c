-- What the agency's clerk (văn thư) keeps about documents, apart from the hub's packages:
-- the incoming and outgoing registers (sổ văn bản đến / đi, NĐ 30/2020 art. 22 and 16),
-- internal assignments (status 04), and replies linked to their original.

CREATE TABLE exchange_register_counters (
  agency_code text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  year smallint NOT NULL,
  last_number integer NOT NULL CHECK (last_number >= 0),
  PRIMARY KEY (agency_code, direction, year)
);
COMMENT ON TABLE exchange_register_counters IS 'The last number given in each register (0: none yet). Locked, then incremented, in the transaction that writes the register entry: numbers are gap-free and never given twice, however many clerks register at once, and a rolled-back registration gives its number back.';

CREATE TABLE exchange_register_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_code text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  year smallint NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  package_id uuid NOT NULL REFERENCES exchange_packages (id),
  code_notation text,
  subject text,
  counterparts text[] NOT NULL,
  priority smallint,
  document_date date,
  due_date date,
  registered_by text NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_code, direction, year, number),
  UNIQUE (agency_code, direction, package_id)
);
CREATE INDEX exchange_register_entries_list_idx ON exchange_register_entries (agency_code, direction, registered_at DESC);
COMMENT ON TABLE exchange_register_entries IS 'One line of an agency''s register: incoming when its clerk accepts a document (status 03), outgoing when its clerk sends one. A package is registered once per agency and direction.';
COMMENT ON COLUMN exchange_register_entries.code_notation IS 'Số, ký hiệu of the document as the package states it (for search and print).';
COMMENT ON COLUMN exchange_register_entries.counterparts IS 'The sending agency (incoming) or the recipients (outgoing), by code; names are the directory''s when shown.';

CREATE TABLE exchange_assignments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_code text NOT NULL,
  package_id uuid NOT NULL REFERENCES exchange_packages (id),
  assignee_kind text NOT NULL CHECK (assignee_kind IN ('unit', 'person')),
  assignee text NOT NULL,
  assignee_name text NOT NULL,
  due_date date,
  note text,
  assigned_by text NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_assignments_assignee_idx ON exchange_assignments (assignee_kind, assignee, assigned_at DESC);
CREATE INDEX exchange_assignments_package_idx ON exchange_assignments (package_id);
COMMENT ON TABLE exchange_assignments IS 'An incoming document handed by the clerk to a unit (agency code below the agency) or a person (account id) of the agency, reported to the sender as status 04.';
COMMENT ON COLUMN exchange_assignments.assignee_name IS 'The unit''s or person''s name when assigned, as the list shows it.';

CREATE TABLE exchange_responses (
  package_id uuid PRIMARY KEY REFERENCES exchange_packages (id),
  original_sender text NOT NULL,
  original_document_id text NOT NULL
);
CREATE INDEX exchange_responses_original_idx ON exchange_responses (original_sender, original_document_id);
COMMENT ON TABLE exchange_responses IS 'A document that answers another (MessageHeader/ResponseFor): written when a clerk replies, or when a received reply is first read, so that the original shows its replies.';
