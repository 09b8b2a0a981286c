-- Accent-folding and trigram search for Vietnamese text (procedure catalogue, directories).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
