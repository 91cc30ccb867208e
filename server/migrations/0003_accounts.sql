-- Accounts, sessions, API tokens, login throttling, the security policy and grid assignments (issue 3).
-- Roles and their permissions live in code (shared/roles.ts); the database keeps each account's one
-- role, so the three admin duties (三员) can never be merged into one account.

CREATE TABLE account (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username             text NOT NULL CHECK (username ~ '^[a-z][a-z0-9._-]{2,39}$'),
  display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  role                 text NOT NULL CHECK (role IN (
                         'city_admin', 'district_staff', 'street_staff', 'community_staff', 'grid_worker',
                         'department_handler', 'mediator', 'volunteer',
                         'system_admin', 'security_admin', 'auditor')),
  scope_code           text NOT NULL REFERENCES area (code),
  -- Personal data of the staff member, masked in every response unless unmasked (audited).
  phone                text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  password_hash        text NOT NULL,
  password_changed_at  timestamptz NOT NULL DEFAULT now(),
  -- Hashes of earlier passwords, newest first (the policy's history size decides how many count).
  password_history     jsonb NOT NULL DEFAULT '[]'::jsonb,
  must_change_password boolean NOT NULL DEFAULT true,
  totp_secret          text,
  totp_enrolled_at     timestamptz,
  totp_last_step       bigint,
  last_login_at        timestamptz,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  version              integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX account_username_key ON account (username);
CREATE INDEX account_scope_idx ON account (scope_code);
CREATE INDEX account_role_idx ON account (role);
COMMENT ON TABLE account IS 'Staff accounts: one role and one area scope each.';

-- Server-side sessions. The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE session (
  id_hash          text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  account_id       bigint NOT NULL REFERENCES account (id),
  -- What the holder still has to do before the session opens the API: the login steps.
  stage            text NOT NULL CHECK (stage IN ('totp', 'password_change', 'totp_enrol', 'active')),
  csrf_token       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_seen_at     timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  reauth_at        timestamptz,
  source           text,
  user_agent       text,
  -- A TOTP secret offered during enrolment, not yet confirmed.
  pending_totp_secret text,
  ended_at         timestamptz,
  end_reason       text
);
CREATE INDEX session_account_idx ON session (account_id) WHERE ended_at IS NULL;

-- API tokens for machine clients: they act as their account, with its role and scope as of each request.
CREATE TABLE api_token (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id    bigint NOT NULL REFERENCES account (id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  prefix        text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX api_token_account_idx ON api_token (account_id);

-- Failed logins per key: "account:<username>" (known or not, so that lockout reveals nothing) and
-- "source:<address>".
CREATE TABLE login_throttle (
  key              text PRIMARY KEY,
  failures         integer NOT NULL DEFAULT 0,
  first_failure_at timestamptz NOT NULL DEFAULT now(),
  locked_until     timestamptz
);

-- The security policy, one row, edited by the security admin.
CREATE TABLE security_policy (
  id          integer PRIMARY KEY CHECK (id = 1),
  policy      jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL DEFAULT 'system',
  version     integer NOT NULL DEFAULT 1
);

-- The responsible grid worker of each grid (one per grid; a worker may hold several grids).
CREATE TABLE grid_assignment (
  grid_code    text PRIMARY KEY REFERENCES area (code),
  account_id   bigint NOT NULL REFERENCES account (id),
  assigned_at  timestamptz NOT NULL DEFAULT now(),
  assigned_by  text NOT NULL
);
CREATE INDEX grid_assignment_account_idx ON grid_assignment (account_id);
