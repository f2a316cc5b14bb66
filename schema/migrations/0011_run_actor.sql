-- Analysis runs record the acting reviewer (sieve_actor(): the reviewer on
-- an embedded review, the role on a team server), not the database user,
-- so that a blinded reviewer's `sieve meta --diff` compares only with runs
-- made on what that reviewer may see.
ALTER TABLE meta_run ALTER COLUMN actor SET DEFAULT coalesce(sieve_actor(), current_user);
ALTER TABLE predict_run ALTER COLUMN actor SET DEFAULT coalesce(sieve_actor(), current_user);
