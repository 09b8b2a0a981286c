-- The content hash check as "64 characters, none outside 0-9a-f" instead of
-- '^[0-9a-f]{64}$': same rule, about ten times cheaper on PostgreSQL (a bounded repetition
-- becomes one regex state per repeat; platform.audit migration 0005 has the figures).
ALTER TABLE exchange_packages DROP CONSTRAINT exchange_packages_content_sha256_check;
ALTER TABLE exchange_packages ADD CONSTRAINT exchange_packages_content_sha256_check
  CHECK (length(content_sha256) = 64 AND content_sha256 !~ '[^0-9a-f]') NOT VALID;
ALTER TABLE exchange_packages VALIDATE CONSTRAINT exchange_packages_content_sha256_check;
