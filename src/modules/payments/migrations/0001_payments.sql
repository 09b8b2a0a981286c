-- Fees and payments (issue #14, DOMAIN §11): what a dossier's applicant owes (an order, with its
-- lines and due date), each attempt to pay it through a gateway, every notification a gateway
-- sent (IPN), refunds with their approval.

CREATE TABLE payment_orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference text NOT NULL UNIQUE CHECK (reference ~ '^[A-Z0-9]{6,20}$'),
  dossier_code text NOT NULL,
  receiving_agency text NOT NULL,
  applicant_account_id text,
  applicant_name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('submission', 'obligation')),
  description text NOT NULL,
  lines jsonb NOT NULL,
  amount_vnd bigint NOT NULL CHECK (amount_vnd > 0 AND amount_vnd <= 100000000000),
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'cancelled', 'refunded')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  paid_at timestamptz,
  paid_attempt_id bigint,
  receipt_no text UNIQUE
);
COMMENT ON TABLE payment_orders IS 'A fee a dossier''s applicant owes: at submission (the case''s fees in the catalogue) or when the back office requests the financial obligation (status 6).';
COMMENT ON COLUMN payment_orders.reference IS 'The payment reference (VietQR purpose, reconciliation).';
COMMENT ON COLUMN payment_orders.lines IS '[{name, amountVnd}], what the amount is made of.';
-- One submission order per dossier: the consumer of dossier.submitted may run a fact twice.
CREATE UNIQUE INDEX payment_orders_submission_idx ON payment_orders (dossier_code) WHERE kind = 'submission';
CREATE INDEX payment_orders_dossier_idx ON payment_orders (dossier_code);
CREATE INDEX payment_orders_applicant_idx ON payment_orders (applicant_account_id, created_at DESC);

CREATE TABLE payment_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES payment_orders (id),
  gateway text NOT NULL,
  txn_ref text NOT NULL UNIQUE,
  amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  response_code text,
  transaction_no text,
  bank_code text,
  pay_date text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
COMMENT ON TABLE payment_attempts IS 'One redirect to a gateway (vnp_TxnRef, unique): only the gateway''s signed IPN moves it from pending, once.';
CREATE INDEX payment_attempts_order_idx ON payment_attempts (order_id);
CREATE INDEX payment_attempts_finished_idx ON payment_attempts (finished_at) WHERE status = 'succeeded';

CREATE TABLE payment_notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  gateway text NOT NULL,
  txn_ref text,
  rsp_code text NOT NULL,
  applied boolean NOT NULL,
  params jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE payment_notifications IS 'Every IPN received and what was answered (applied: it changed an attempt).';
CREATE INDEX payment_notifications_ref_idx ON payment_notifications (txn_ref);

CREATE TABLE payment_refunds (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES payment_orders (id),
  amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected')),
  requested_by text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by text,
  decided_at timestamptz,
  gateway_status text CHECK (gateway_status IN ('not_needed', 'pending', 'done', 'failed')),
  gateway_response text
);
COMMENT ON COLUMN payment_refunds.gateway_status IS 'After approval: the gateway''s refund call (a command through the outbox), or not_needed (local gateway, VietQR: refunded by the treasury''s transfer).';
-- At most one open or approved refund per order.
CREATE UNIQUE INDEX payment_refunds_open_idx ON payment_refunds (order_id) WHERE status IN ('requested', 'approved');
