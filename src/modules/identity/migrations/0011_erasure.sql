-- Personal-data rights (NĐ 13/2023): an account erased at its owner's request keeps its row
-- (dossiers kept under their legal retention name it as their applicant's account), disabled,
-- with every personal field emptied or replaced; erased_at says when.

ALTER TABLE accounts ADD COLUMN erased_at timestamptz;

ALTER TABLE accounts DROP CONSTRAINT accounts_citizen_has_personal_id;
ALTER TABLE accounts ADD CONSTRAINT accounts_citizen_has_personal_id CHECK (kind <> 'citizen' OR personal_id IS NOT NULL OR erased_at IS NOT NULL);
ALTER TABLE accounts DROP CONSTRAINT accounts_business_has_tax_code;
ALTER TABLE accounts ADD CONSTRAINT accounts_business_has_tax_code CHECK (kind <> 'business' OR tax_code IS NOT NULL OR erased_at IS NOT NULL);
ALTER TABLE accounts ADD CONSTRAINT accounts_erased_disabled CHECK (erased_at IS NULL OR (status = 'disabled' AND personal_id IS NULL AND tax_code IS NULL AND phone IS NULL AND birth_date IS NULL));

COMMENT ON COLUMN accounts.erased_at IS 'Set when the owner had the account erased: name, e-mail, identifiers, phone and date of birth are gone (the e-mail replaced by a unique placeholder), the password unusable; the row stays for the records that legally outlive it.';
