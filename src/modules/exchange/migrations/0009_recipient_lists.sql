-- The clerk's saved recipient lists (nhóm nơi nhận): the agencies a clerk sends to again and
-- again ("the provinces of the Mekong delta", "the members of the steering committee"), kept
-- per agency and offered in the recipient picker beside all ministries and all provinces.

CREATE TABLE exchange_recipient_lists (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agency_code text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  members text[] NOT NULL CHECK (cardinality(members) BETWEEN 1 AND 500),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX exchange_recipient_lists_name_idx ON exchange_recipient_lists (agency_code, lower(name));
COMMENT ON TABLE exchange_recipient_lists IS 'A named list of recipient agencies kept by an agency''s clerks; shared by the agency''s clerks and leaders. Saving under an existing name replaces its members.';
COMMENT ON COLUMN exchange_recipient_lists.members IS 'Agency codes, as chosen; a code that later leaves the directory is dropped when the list is used.';
