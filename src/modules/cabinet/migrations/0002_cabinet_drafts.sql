-- Draft documents with versions and the changes members propose (issue #15 §2): a draft belongs
-- to an agenda item or to an opinion poll; each version is a file in the platform's store; a
-- member proposes a change to a version (the wording they want, a comment); the secretariat
-- uploads the next version and accepts or rejects the pending proposals in doing so.
CREATE TABLE cabinet_drafts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id bigint REFERENCES cabinet_items (id),
  poll_id bigint REFERENCES cabinet_polls (id),
  title text NOT NULL CHECK (btrim(title) <> ''),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK ((item_id IS NULL) <> (poll_id IS NULL))
);
CREATE INDEX cabinet_drafts_item_idx ON cabinet_drafts (item_id) WHERE item_id IS NOT NULL;
CREATE INDEX cabinet_drafts_poll_idx ON cabinet_drafts (poll_id) WHERE poll_id IS NOT NULL;

CREATE TABLE cabinet_draft_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  draft_id bigint NOT NULL REFERENCES cabinet_drafts (id),
  version integer NOT NULL CHECK (version > 0),
  file_name text NOT NULL,
  sha256 text NOT NULL CHECK (length(sha256) = 64 AND sha256 !~ '[^0-9a-f]'),
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  pages integer NOT NULL CHECK (pages >= 0),
  -- What the secretariat says changed from the previous version.
  changes text NOT NULL DEFAULT '',
  uploaded_by text NOT NULL,
  uploaded_by_name text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (draft_id, version)
);
CREATE INDEX cabinet_draft_versions_sha_idx ON cabinet_draft_versions (sha256);

CREATE TABLE cabinet_change_proposals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version_id bigint NOT NULL REFERENCES cabinet_draft_versions (id),
  account_id text NOT NULL,
  author_name text NOT NULL,
  -- Where in the draft (an article, a clause), optional; the wording proposed; why.
  location text NOT NULL DEFAULT '',
  proposed_text text NOT NULL CHECK (btrim(proposed_text) <> ''),
  comment text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  -- The version that accepted or rejected it, with the secretariat's note.
  decided_in_version_id bigint REFERENCES cabinet_draft_versions (id),
  decision_note text NOT NULL DEFAULT '',
  CHECK ((status = 'pending') = (decided_in_version_id IS NULL))
);
CREATE INDEX cabinet_change_proposals_version_idx ON cabinet_change_proposals (version_id);
