-- The national database of administrative procedures (CSDL quốc gia về TTHC): one row per
-- procedure with the columns search needs, and its versions as immutable JSON documents.

CREATE TABLE procedures (
  code text PRIMARY KEY CHECK (length(code) <= 60 AND code ~ '^[0-9]\.[0-9]{6}(\.[A-Z0-9.]+)?$'),
  base_code text NOT NULL CHECK (base_code ~ '^[0-9]\.[0-9]{6}$'),
  variant_agency text,
  status text NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  current_version_id bigint,
  draft_version_id bigint,
  name text NOT NULL CHECK (btrim(name) <> ''),
  field_code text NOT NULL,
  field_name text NOT NULL,
  competent_agency text NOT NULL,
  competent_agency_name text NOT NULL,
  scope_level1 text[] NOT NULL,
  agency_codes text[] NOT NULL,
  province_codes text[] NOT NULL,
  applicant_types text[] NOT NULL,
  online_level text CHECK (online_level IN ('toan_trinh', 'mot_phan')),
  listing jsonb NOT NULL,
  search_name text NOT NULL,
  search_extra text NOT NULL,
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, search_name), 'A') || setweight(to_tsvector('simple'::regconfig, search_extra), 'B')
  ) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  CHECK (status = 'draft' OR current_version_id IS NOT NULL)
);
COMMENT ON TABLE procedures IS 'One row per procedure code. The columns after draft_version_id are copied from the published version (from the draft while the procedure was never published) so that search and lists never parse documents.';
COMMENT ON COLUMN procedures.code IS 'd.dddddd, or d.dddddd.<agency code> for a variant published by an agency (1.011442.000.00.00.H38). Case suffixes (.02) name cases inside a document, never a row.';
COMMENT ON COLUMN procedures.variant_agency IS 'The agency code of a locally published variant; null for a base code.';
COMMENT ON COLUMN procedures.current_version_id IS 'The version the public sees and new dossiers are filed under; kept (with status withdrawn) after a withdrawal so that old dossiers still resolve.';
COMMENT ON COLUMN procedures.draft_version_id IS 'An edit not yet published. Editing a published procedure never touches its published version.';
COMMENT ON COLUMN procedures.scope_level1 IS 'Level-1 bodies (H49, G15) whose agency administrators and leaders may manage the procedure: the competent agency''s, and the publishing agency''s for a variant.';
COMMENT ON COLUMN procedures.province_codes IS 'Provinces of the competent and receiving agencies (the province filter); empty for central bodies.';
COMMENT ON COLUMN procedures.listing IS 'What a search result shows besides the name: shortest processing time, fee range, number of cases, channels.';
COMMENT ON COLUMN procedures.search_name IS 'The name folded by the application (no accents, đ → d, lower case, punctuation as spaces). Folded in JS, not with unaccent() in an index expression: unaccent is not IMMUTABLE, and one folding function keeps the stored text and the query alike on every driver.';
COMMENT ON COLUMN procedures.search_extra IS 'Field, competent agency and case names, folded like search_name: a query may match them too ("xe o to" finds vehicle registration by its case), below a match in the name.';
COMMENT ON COLUMN procedures.search_vector IS 'The folded syllables with their positions: weight A from the name, B from the rest. Queries are tsqueries built from the typed syllables and the catalogue syllables one edit away or spelt alike (search-words.ts), so typos cost no trigram scan. Measured on 10,000 procedures on PostgreSQL 15 here: pg_trgm strict word similarity over the folded text took 290–670 ms a query (common syllables make most rows candidates of the trigram index and each recheck costs ~50 µs), text arrays with && 100–220 ms; this vector with its GIN index a few milliseconds.';

CREATE INDEX procedures_search_vector_idx ON procedures USING gin (search_vector);
CREATE INDEX procedures_status_name_idx ON procedures (status, search_name, code);
CREATE INDEX procedures_field_idx ON procedures (field_code) WHERE status = 'published';
CREATE INDEX procedures_competent_idx ON procedures (competent_agency);

CREATE TABLE procedure_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  procedure_code text NOT NULL REFERENCES procedures (code) DEFERRABLE INITIALLY DEFERRED,
  version integer NOT NULL CHECK (version >= 1),
  document jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  published_by text,
  UNIQUE (procedure_code, version),
  CHECK ((published_at IS NULL) = (published_by IS NULL))
);
COMMENT ON TABLE procedure_versions IS 'Every version of a procedure, as the JSON document validated by ProcedureDocument (catalog.schemas.ts). A dossier keeps the id of the version it was filed under.';
COMMENT ON COLUMN procedure_versions.procedure_code IS 'Checked at commit: a write inserts the version first and then its procedure with the version''s id, so that no row is written twice.';
COMMENT ON COLUMN procedure_versions.published_at IS 'Null while the version is a draft. Once set, the version is immutable (trigger below).';

ALTER TABLE procedures
  ADD CONSTRAINT procedures_current_version_fk FOREIGN KEY (current_version_id) REFERENCES procedure_versions (id),
  ADD CONSTRAINT procedures_draft_version_fk FOREIGN KEY (draft_version_id) REFERENCES procedure_versions (id);

-- A published version is what dossiers were filed under: the application never changes one,
-- and this trigger makes sure nothing else does either.
CREATE FUNCTION procedure_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.published_at IS NOT NULL THEN
      RAISE EXCEPTION 'procedure version % is published and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.published_at IS NOT NULL THEN
    RAISE EXCEPTION 'procedure version % is published and cannot be changed', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER procedure_versions_immutable BEFORE UPDATE OR DELETE ON procedure_versions
  FOR EACH ROW EXECUTE FUNCTION procedure_versions_immutable();

CREATE TABLE catalog_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  generation bigint NOT NULL
);
INSERT INTO catalog_state (singleton, generation) VALUES (true, 1);
COMMENT ON TABLE catalog_state IS 'generation is bumped in the transaction of every change to the published catalogue; processes compare it to drop their cached search results (a sequence would not do: it moves before the change commits).';
