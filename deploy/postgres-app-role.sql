-- The application's database role: it reads and writes rows, and nothing more. It owns no table, so it cannot drop,
-- alter or truncate tables, nor disable the triggers that keep signed decisions as they were signed ("must be owner");
-- only the owner role, which runs `manage.py migrate`, can.
--
-- Run it as the owner role (the role that runs the migrations and owns the tables) or a superuser, connected to the
-- application's database, after creating the application's login role:
--
--   psql "postgres://postgres@db.example.org/postgres" -c "CREATE ROLE pgd_app LOGIN PASSWORD '...'"
--   psql "$OWNER_DATABASE_URL" -v app_role=pgd_app -f deploy/postgres-app-role.sql
--
-- Variables (psql -v):
--   app_role     the application's role (required); it must exist, and be neither a superuser nor a member of the owner
--   owner_role   the role that owns the tables and runs later migrations (default: the role running this script)
--
-- It grants SELECT, INSERT, UPDATE, DELETE on every table of the public schema and USAGE, SELECT on every sequence, and
-- sets the owner's default privileges so that the tables and sequences later migrations make get the same grants. It
-- first takes back anything else the role held on them, so it can be run again at any time (after a restore, say).

\set ON_ERROR_STOP on
\if :{?app_role}
\else
  \echo 'Name the application role: psql ... -v app_role=<role> -f deploy/postgres-app-role.sql'
  DO $$ BEGIN RAISE EXCEPTION 'app_role is not set'; END $$;
\endif
\if :{?owner_role}
\else
  SELECT current_user AS owner_role \gset
\endif

SELECT count(*) = 1 AS app_role_exists,
       coalesce(bool_or(rolsuper OR pg_has_role(rolname, :'owner_role', 'MEMBER')), false) AS app_role_too_strong,
       :'app_role' = :'owner_role' AS app_role_is_owner
  FROM pg_roles WHERE rolname = :'app_role' \gset
\if :app_role_exists
\else
  \echo 'The role' :app_role 'does not exist: create it first (CREATE ROLE ... LOGIN PASSWORD ...).'
  DO $$ BEGIN RAISE EXCEPTION 'the application role does not exist'; END $$;
\endif
\if :app_role_is_owner
  \echo 'The application role' :app_role 'is the owner role: use a role of its own for the application.'
  DO $$ BEGIN RAISE EXCEPTION 'the application role is the owner role'; END $$;
\endif
\if :app_role_too_strong
  \echo 'The role' :app_role 'is a superuser or a member of' :owner_role '(it could do anything the owner can).'
  DO $$ BEGIN RAISE EXCEPTION 'the application role is a superuser or a member of the owner role'; END $$;
\endif

SELECT current_database() AS database_name \gset

BEGIN;

GRANT CONNECT ON DATABASE :"database_name" TO :"app_role";
GRANT USAGE ON SCHEMA public TO :"app_role";
-- Nobody but the owner makes objects in the schema (PostgreSQL 15 and later already have it so).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- The tables and sequences there are now: exactly these privileges.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- The tables and sequences the owner makes later (the migrations of later releases): the same.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";

COMMIT;

\echo 'The role' :app_role 'may now read and write the rows of the database' :database_name 'whose tables' :owner_role 'owns.'
