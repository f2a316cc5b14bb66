-- SPDX-License-Identifier: GPL-3.0-or-later
-- Who may read and write what, enforced by the database.
--
-- The acting reviewer (sieve_actor) is the session's role on a team server.
-- A session that bypasses row-level security anyway (a superuser, the owner
-- of the review's tables: the single user of an embedded review, or the
-- administrator of a team server) names the reviewer it acts for in the
-- setting sieve.reviewer, which sieve sets from --reviewer / SIEVE_REVIEWER;
-- such a session that names nobody acts as the administrator. A reviewer
-- role cannot choose whom it acts for: the setting is ignored for it.
--
-- Reads: row-level security on a team server (decision since 0003; now also
-- the extraction and the QUADAS-2 ratings), and the same rule in the
-- queries sieve runs, so that an embedded review shows a blinded reviewer
-- only their own rows too.
-- Writes: triggers, which apply to every session, superusers included:
-- reviewers write only their own decisions, extraction and ratings; only
-- leads resolve, write the agreed extraction and the consensus ratings, and
-- change the review's settings; the audit's actor is the acting reviewer.

CREATE FUNCTION sieve_actor() RETURNS text
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT CASE
        WHEN (SELECT rolsuper OR rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = current_user)
          OR pg_catalog.pg_has_role(current_user,
                (SELECT relowner FROM pg_catalog.pg_class WHERE oid = 'decision'::regclass), 'MEMBER')
        THEN nullif(current_setting('sieve.reviewer', true), '')
        ELSE current_user::text
    END
$$;

-- Whether the acting reviewer is a lead.
CREATE FUNCTION sieve_actor_is_lead() RETURNS boolean
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT EXISTS (SELECT 1 FROM reviewer WHERE name = sieve_actor() AND role = 'lead')
$$;

-- Whether the acting session sees every reviewer's rows: the review is not
-- blinded, it is a lead, or it is the administrator (names no reviewer).
CREATE FUNCTION sieve_sees_all() RETURNS boolean
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT NOT (SELECT blind FROM review) OR sieve_actor() IS NULL OR sieve_actor_is_lead()
$$;

-- Whether a row owned by `owner` (a reviewer, or the shared name of the
-- agreed rows) may be read / written by the acting session.
CREATE FUNCTION sieve_may_read(p_owner text, p_shared text) RETURNS boolean
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT p_owner = p_shared OR p_owner = sieve_actor() OR sieve_sees_all()
$$;

CREATE FUNCTION sieve_may_write(p_owner text, p_shared text) RETURNS boolean
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT sieve_actor() IS NULL OR sieve_actor_is_lead()
        OR (p_owner = sieve_actor() AND p_owner <> p_shared)
$$;

-- ---- decisions: one linear history per reviewer, record and stage --------

-- Serialises the changes of one reviewer on one record at a stage: the row
-- that replaces the current one is computed after the lock, so two changes
-- at once cannot both claim the same predecessor.
CREATE FUNCTION decision_lock(p_record bigint, p_stage screening_stage, p_reviewer text)
RETURNS void LANGUAGE sql VOLATILE SET search_path FROM CURRENT AS $$
    SELECT pg_catalog.pg_advisory_xact_lock(
        pg_catalog.hashtextextended('sieve decision ' || p_record || ' ' || p_stage || ' ' || p_reviewer, 0))
$$;

CREATE FUNCTION decision_before_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    a text := sieve_actor();
BEGIN
    IF a IS NOT NULL AND NEW.reviewer <> a THEN
        RAISE EXCEPTION 'a decision is recorded by its reviewer: % may not decide as %', a, NEW.reviewer
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM decision_lock(NEW.record, NEW.stage, NEW.reviewer);
    -- A new decision (not an undo) replaces the reviewer's latest row, as
    -- seen now that the lock is held.
    IF NOT NEW.is_undo THEN
        NEW.previous := (SELECT id FROM decision WHERE record = NEW.record
                            AND stage = NEW.stage AND reviewer = NEW.reviewer
                          ORDER BY id DESC LIMIT 1);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER decision_before_insert BEFORE INSERT ON decision
    FOR EACH ROW EXECUTE FUNCTION decision_before_insert();

-- A decision clears the record's re-screen flag (reviewers cannot update
-- records themselves).
CREATE FUNCTION decision_clears_rescreen() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE record SET needs_rescreen = false WHERE id = NEW.record AND needs_rescreen;
    RETURN NULL;
END
$$;
CREATE TRIGGER decision_clears_rescreen AFTER INSERT ON decision
    FOR EACH ROW WHEN (NEW.verdict IS NOT NULL AND NOT NEW.is_undo)
    EXECUTE FUNCTION decision_clears_rescreen();

-- ---- resolutions: leads only; overturning an agreed verdict is forced ----

ALTER TABLE resolution ADD COLUMN forced boolean NOT NULL DEFAULT false;

-- The verdict two or more reviewers agreed on at a stage (decisions only,
-- resolutions aside), or NULL. With the caller's rights: a lead (who alone
-- resolves) sees every decision; a blinded reviewer learns nothing from it.
CREATE FUNCTION agreed_verdict(p_record bigint, p_stage screening_stage) RETURNS verdict
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    WITH cur AS (
        SELECT DISTINCT ON (reviewer) verdict FROM decision
         WHERE record = p_record AND stage = p_stage ORDER BY reviewer, id DESC
    ), v AS (SELECT verdict FROM cur WHERE verdict IS NOT NULL)
    SELECT CASE WHEN s IN ('included', 'excluded', 'maybe') AND (SELECT count(*) FROM v) >= 2
                THEN (SELECT min(verdict::text) FROM v)::verdict END
      FROM status_rule(p_stage, (SELECT count(*) FROM v), (SELECT count(DISTINCT verdict) FROM v),
                       coalesce((SELECT bool_or(verdict = 'maybe') FROM v), false),
                       (SELECT min(verdict::text) FROM v), NULL) AS s
$$;

CREATE FUNCTION resolution_before_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    a text := sieve_actor();
    agreed verdict;
BEGIN
    IF a IS NOT NULL THEN
        IF NOT sieve_actor_is_lead() THEN
            RAISE EXCEPTION 'only a lead resolves conflicts (% is not a lead)', a
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.resolver <> a THEN
            RAISE EXCEPTION 'a resolution is recorded by its resolver: % may not resolve as %', a, NEW.resolver
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    agreed := agreed_verdict(NEW.record, NEW.stage);
    IF agreed IS NOT NULL AND agreed <> NEW.verdict AND NOT NEW.forced THEN
        RAISE EXCEPTION 'the reviewers agreed on %: overturning it needs --force', agreed
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER resolution_before_insert BEFORE INSERT ON resolution
    FOR EACH ROW EXECUTE FUNCTION resolution_before_insert();

-- ---- audit: the actor is the acting reviewer (or the session's role) ----

CREATE FUNCTION audit_before_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.actor := coalesce(sieve_actor(), current_user::text);
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_before_insert BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_before_insert();

-- ---- settings: leads only ----

CREATE FUNCTION review_before_update() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF sieve_actor() IS NOT NULL AND NOT sieve_actor_is_lead() THEN
        RAISE EXCEPTION 'only a lead changes the review''s settings (% is not a lead)', sieve_actor()
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER review_before_update BEFORE UPDATE ON review
    FOR EACH ROW EXECUTE FUNCTION review_before_update();

-- ---- extraction and QUADAS-2: the same model as decisions ----

-- Writes of a row owned by `owner` (extractor / rater); the shared name is
-- 'agreed' / 'consensus', written by leads only, who sign it (agreed_by).
CREATE FUNCTION owned_row_check(p_owner text, p_shared text, p_agreed_by text, p_what text)
RETURNS void LANGUAGE plpgsql STABLE SET search_path FROM CURRENT AS $$
DECLARE
    a text := sieve_actor();
BEGIN
    IF a IS NULL THEN
        RETURN;
    END IF;
    IF p_owner = p_shared THEN
        IF NOT sieve_actor_is_lead() THEN
            RAISE EXCEPTION 'only a lead records the % (% is not a lead)', p_what, a
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_agreed_by IS DISTINCT FROM a THEN
            RAISE EXCEPTION 'the % is recorded in the name of the lead who records it (%), not %',
                p_what, a, coalesce(p_agreed_by, 'nobody') USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF NOT sieve_may_write(p_owner, p_shared) THEN
        RAISE EXCEPTION '% may not change the rows of %', a, p_owner
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

CREATE FUNCTION measurement_check() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        -- deleting an agreed row to replace it: a lead, any signature
        IF OLD.extractor = 'agreed' THEN
            PERFORM owned_row_check(OLD.extractor, 'agreed', sieve_actor(), 'agreed extraction');
        ELSE
            PERFORM owned_row_check(OLD.extractor, 'agreed', NULL, 'agreed extraction');
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM owned_row_check(NEW.extractor, 'agreed', NEW.agreed_by, 'agreed extraction');
        RETURN NEW;
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER measurement_check BEFORE INSERT OR UPDATE OR DELETE ON measurement
    FOR EACH ROW EXECUTE FUNCTION measurement_check();

CREATE FUNCTION group_stat_check() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    owner text;
BEGIN
    SELECT extractor INTO owner FROM measurement
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.measurement ELSE NEW.measurement END;
    -- (a cascade from a deleted measurement finds none: checked there)
    IF owner IS NOT NULL THEN
        PERFORM owned_row_check(owner, 'agreed', CASE WHEN owner = 'agreed' THEN sieve_actor() END,
                                'agreed extraction');
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.measurement <> OLD.measurement THEN
        SELECT extractor INTO owner FROM measurement WHERE id = OLD.measurement;
        IF owner IS NOT NULL THEN
            PERFORM owned_row_check(owner, 'agreed', CASE WHEN owner = 'agreed' THEN sieve_actor() END,
                                    'agreed extraction');
        END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER group_stat_check BEFORE INSERT OR UPDATE OR DELETE ON group_stat
    FOR EACH ROW EXECUTE FUNCTION group_stat_check();

CREATE FUNCTION quadas_rating_check() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM owned_row_check(OLD.rater, 'consensus',
                                CASE WHEN OLD.rater = 'consensus' THEN sieve_actor() END,
                                'consensus rating');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM owned_row_check(NEW.rater, 'consensus', NEW.agreed_by, 'consensus rating');
        RETURN NEW;
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER quadas_rating_check BEFORE INSERT OR UPDATE OR DELETE ON quadas_rating
    FOR EACH ROW EXECUTE FUNCTION quadas_rating_check();

CREATE FUNCTION quadas_answer_check() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    owner text;
BEGIN
    SELECT rater INTO owner FROM quadas_rating
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.rating ELSE NEW.rating END;
    IF owner IS NOT NULL THEN
        PERFORM owned_row_check(owner, 'consensus',
                                CASE WHEN owner = 'consensus' THEN sieve_actor() END, 'consensus rating');
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.rating <> OLD.rating THEN
        SELECT rater INTO owner FROM quadas_rating WHERE id = OLD.rating;
        IF owner IS NOT NULL THEN
            PERFORM owned_row_check(owner, 'consensus',
                                    CASE WHEN owner = 'consensus' THEN sieve_actor() END, 'consensus rating');
        END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER quadas_answer_check BEFORE INSERT OR UPDATE OR DELETE ON quadas_answer
    FOR EACH ROW EXECUTE FUNCTION quadas_answer_check();

-- Row-level security for reviewer roles on a team server: blinded reads,
-- writes of one's own rows (the triggers above say why a write is refused).
ALTER TABLE measurement ENABLE ROW LEVEL SECURITY;
CREATE POLICY measurement_read ON measurement FOR SELECT
    USING (sieve_may_read(extractor, 'agreed'));
CREATE POLICY measurement_insert ON measurement FOR INSERT
    WITH CHECK (sieve_may_write(extractor, 'agreed') OR (extractor = 'agreed' AND sieve_actor_is_lead()));
CREATE POLICY measurement_update ON measurement FOR UPDATE
    USING (sieve_may_write(extractor, 'agreed') OR (extractor = 'agreed' AND sieve_actor_is_lead()))
    WITH CHECK (sieve_may_write(extractor, 'agreed') OR (extractor = 'agreed' AND sieve_actor_is_lead()));
CREATE POLICY measurement_delete ON measurement FOR DELETE
    USING (sieve_may_write(extractor, 'agreed') OR (extractor = 'agreed' AND sieve_actor_is_lead()));

ALTER TABLE group_stat ENABLE ROW LEVEL SECURITY;
CREATE POLICY group_stat_read ON group_stat FOR SELECT
    USING (EXISTS (SELECT 1 FROM measurement m WHERE m.id = measurement));
CREATE POLICY group_stat_write ON group_stat FOR ALL
    USING (EXISTS (SELECT 1 FROM measurement m WHERE m.id = measurement
                    AND sieve_may_write(m.extractor, 'agreed')))
    WITH CHECK (EXISTS (SELECT 1 FROM measurement m WHERE m.id = measurement
                         AND sieve_may_write(m.extractor, 'agreed')));

ALTER TABLE quadas_rating ENABLE ROW LEVEL SECURITY;
CREATE POLICY quadas_rating_read ON quadas_rating FOR SELECT
    USING (sieve_may_read(rater, 'consensus'));
CREATE POLICY quadas_rating_insert ON quadas_rating FOR INSERT
    WITH CHECK (sieve_may_write(rater, 'consensus'));
CREATE POLICY quadas_rating_update ON quadas_rating FOR UPDATE
    USING (sieve_may_write(rater, 'consensus')) WITH CHECK (sieve_may_write(rater, 'consensus'));
CREATE POLICY quadas_rating_delete ON quadas_rating FOR DELETE
    USING (sieve_may_write(rater, 'consensus'));

ALTER TABLE quadas_answer ENABLE ROW LEVEL SECURITY;
CREATE POLICY quadas_answer_read ON quadas_answer FOR SELECT
    USING (EXISTS (SELECT 1 FROM quadas_rating x WHERE x.id = rating));
CREATE POLICY quadas_answer_write ON quadas_answer FOR ALL
    USING (EXISTS (SELECT 1 FROM quadas_rating x WHERE x.id = rating
                    AND sieve_may_write(x.rater, 'consensus')))
    WITH CHECK (EXISTS (SELECT 1 FROM quadas_rating x WHERE x.id = rating
                         AND sieve_may_write(x.rater, 'consensus')));

-- ---- what a reviewer's role is granted ----

-- Grant a reviewer's role (created by sieve reviewers add) what screening,
-- extraction and QUADAS-2 need, and nothing more: run by the administrator.
-- Decisions, extraction and ratings are limited further by row-level
-- security and the triggers; resolutions and the audit by the triggers.
CREATE FUNCTION grant_reviewer(p_role text, p_lead boolean) RETURNS void
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    s text := current_schema();
BEGIN
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', s, p_role);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, p_role);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', s, p_role);
    EXECUTE format('GRANT INSERT ON %I.decision, %I.resolution, %I.audit TO %I', s, s, s, p_role);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I.measurement, %I.group_stat,'
                   ' %I.quadas_rating, %I.quadas_answer TO %I', s, s, s, s, p_role);
    EXECUTE format('GRANT INSERT, UPDATE ON %I.index_test TO %I', s, p_role);
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', s, p_role);
    EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO %I', s, p_role);
    IF p_lead THEN
        EXECUTE format('GRANT UPDATE ON %I.review TO %I', s, p_role);
    END IF;
END
$$;

-- Existing reviewer roles: the new grants, and no more UPDATE of records.
DO $$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT r.name, r.role = 'lead' AS lead FROM reviewer r
              JOIN pg_catalog.pg_roles p ON p.rolname = r.name
             WHERE NOT p.rolsuper AND r.name <> current_user LOOP
        PERFORM grant_reviewer(v.name, v.lead);
    END LOOP;
END
$$;
