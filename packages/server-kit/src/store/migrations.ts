/** One versioned schema change. Versions only ever grow; an applied migration is never edited. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The kit's schema, oldest first. One SQL dialect: it runs unchanged on PGlite and PostgreSQL.
 * Money is bigint minor units; every time is `timestamptz` and compared with the database's `now()`.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
create table admit_events (
  id text primary key,
  name text not null,
  starts_at timestamptz not null,
  ends_at timestamptz,
  venue text,
  currency text not null,
  status text not null check (status in ('on_sale', 'not_on_sale', 'cancelled')),
  hide_remaining boolean not null default false,
  collect_attendees boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table admit_tiers (
  event_id text not null references admit_events (id),
  id text not null,
  position int not null,
  name text not null,
  description text,
  price_amount bigint not null check (price_amount >= 0),
  capacity int not null check (capacity >= 0),
  sold int not null default 0 check (sold >= 0),
  min_per_order int not null,
  max_per_order int not null,
  sales_start timestamptz,
  sales_end timestamptz,
  waitlist boolean not null default false,
  primary key (event_id, id)
);

create table admit_holds (
  id text primary key,
  event_id text not null references admit_events (id),
  token_hash text not null,
  client_key text not null,
  status text not null check (status in ('active', 'converted', 'released', 'expired')),
  total_amount bigint not null,
  currency text not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index admit_holds_client on admit_holds (client_key, expires_at) where status = 'active';

create table admit_hold_items (
  hold_id text not null references admit_holds (id),
  event_id text not null,
  tier_id text not null,
  position int not null,
  quantity int not null check (quantity > 0),
  unit_amount bigint not null,
  primary key (hold_id, tier_id)
);
create index admit_hold_items_tier on admit_hold_items (event_id, tier_id);

create table admit_orders (
  id text primary key,
  event_id text not null references admit_events (id),
  hold_id text not null unique references admit_holds (id),
  token_hash text not null,
  status text not null check (status in ('pending_payment', 'paid', 'failed', 'expired', 'cancelled',
    'manual_review', 'partially_refunded', 'refunded')),
  total_amount bigint not null,
  refunded_amount bigint not null default 0,
  currency text not null,
  buyer_name text not null,
  buyer_email text not null,
  attendees jsonb not null default '[]',
  reference text,
  return_url text not null,
  expires_at timestamptz not null,
  paid_at timestamptz,
  last_lookup_at timestamptz,
  status_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index admit_orders_updated on admit_orders (updated_at desc, id desc);
create index admit_orders_pending on admit_orders (status) where status = 'pending_payment';

create table admit_payment_attempts (
  id text primary key,
  order_id text not null references admit_orders (id),
  provider text not null,
  status text not null check (status in ('requested', 'authorized', 'captured', 'failed', 'voided',
    'expired', 'refunded', 'partially_refunded')),
  amount bigint not null,
  currency text not null,
  provider_reference text,
  payment_url text,
  return_url text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (provider, provider_reference)
);
create index admit_payment_attempts_order on admit_payment_attempts (order_id, created_at);

create table admit_tickets (
  id text primary key,
  order_id text not null references admit_orders (id),
  event_id text not null,
  tier_id text not null,
  position int not null,
  code text not null unique,
  attendee_name text not null,
  attendee_email text,
  status text not null check (status in ('valid', 'voided')),
  checked_in_at timestamptz,
  created_at timestamptz not null default now()
);
create index admit_tickets_order on admit_tickets (order_id, position);

create table admit_refunds (
  id text primary key,
  order_id text not null references admit_orders (id),
  amount bigint not null check (amount > 0),
  currency text not null,
  reason text not null,
  ticket_ids jsonb not null default '[]',
  created_at timestamptz not null default now()
);

create table admit_waitlist (
  id text primary key,
  event_id text not null,
  tier_id text not null,
  email text not null,
  name text,
  quantity int not null check (quantity > 0),
  seq bigserial,
  created_at timestamptz not null default now(),
  foreign key (event_id, tier_id) references admit_tiers (event_id, id)
);

create table admit_idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  state text not null check (state in ('in_progress', 'done')),
  response_status int,
  response_headers jsonb,
  response_body text,
  locked_until timestamptz not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);

create table admit_provider_notifications (
  provider text not null,
  event_id text not null,
  provider_reference text not null,
  received_at timestamptz not null default now(),
  primary key (provider, event_id)
);

create table admit_order_notifications (
  seq bigserial primary key,
  order_id text not null references admit_orders (id),
  payload jsonb not null,
  delivered_at timestamptz,
  claimed_until timestamptz,
  attempts int not null default 0,
  created_at timestamptz not null default now()
);
create index admit_order_notifications_pending on admit_order_notifications (seq)
  where delivered_at is null;

create table admit_timeline (
  seq bigserial primary key,
  id text not null unique,
  order_id text,
  hold_id text,
  event_id text,
  at timestamptz not null default now(),
  type text not null,
  actor jsonb not null,
  reason text,
  data jsonb not null default '{}'
);
create index admit_timeline_order on admit_timeline (order_id, seq);
create index admit_timeline_hold on admit_timeline (hold_id, seq);

create function admit_timeline_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'admit_timeline is append-only' using errcode = 'P0001';
end
$$;
create trigger admit_timeline_append_only before update or delete on admit_timeline
  for each row execute function admit_timeline_append_only();
create trigger admit_timeline_no_truncate before truncate on admit_timeline
  for each statement execute function admit_timeline_append_only();
`,
  },
  {
    version: 2,
    name: "refund status and provider reference",
    // A refund is recorded as pending before the provider is called and settled after, so a
    // provider failure never leaves it counted as done; a retry (same Idempotency-Key) finds the
    // row by request_key and calls the provider again with the same key, so it refunds once.
    sql: `
alter table admit_refunds
  add column status text not null default 'succeeded' check (status in ('pending', 'succeeded', 'failed')),
  add column payment_id text references admit_payment_attempts (id),
  add column provider_reference text,
  add column request_key text,
  add column updated_at timestamptz not null default now();
create unique index admit_refunds_request on admit_refunds (order_id, request_key)
  where request_key is not null;
`,
  },
  {
    version: 3,
    name: "payment links",
    // A link is one payment attempt of an order a manager created; at most one link per order is
    // active (a new link for the same order cancels the old one). Links are never deleted.
    sql: `
create table admit_payment_links (
  id text primary key,
  order_id text not null references admit_orders (id),
  event_id text not null references admit_events (id),
  payment_id text not null unique references admit_payment_attempts (id),
  reference text not null,
  amount bigint not null,
  currency text not null,
  url text not null,
  status text not null check (status in ('active', 'cancelled')),
  expires_at timestamptz not null,
  created_by jsonb not null,
  cancelled_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index admit_payment_links_active on admit_payment_links (order_id) where status = 'active';
create index admit_payment_links_reference on admit_payment_links (event_id, reference, created_at);
`,
  },
  {
    version: 4,
    name: "outbound webhooks",
    // The endpoints a kit was configured with (a notification is queued for each enabled one in
    // the transaction that changed the order), and one delivery per notification and endpoint,
    // tracked apart from the in-process hook so neither blocks the other. Nothing is deleted:
    // a delivery ends delivered or given up.
    sql: `
create table admit_webhook_endpoints (
  url text primary key,
  enabled boolean not null,
  updated_at timestamptz not null default now()
);

create table admit_webhook_deliveries (
  notification_seq bigint not null references admit_order_notifications (seq),
  endpoint text not null references admit_webhook_endpoints (url),
  webhook_id text not null,
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  last_status int,
  last_error text,
  delivered_at timestamptz,
  gave_up_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (notification_seq, endpoint),
  unique (endpoint, webhook_id)
);
create index admit_webhook_deliveries_due on admit_webhook_deliveries (endpoint, next_attempt_at)
  where delivered_at is null and gave_up_at is null;
`,
  },
  {
    version: 5,
    name: "event time zone",
    // The IANA zone the event takes place in, so buyers everywhere read its local times.
    sql: "alter table admit_events add column time_zone text;",
  },
  {
    version: 6,
    name: "waitlist offers",
    // An entry waits, is offered seats (a payment-link order the kit made for it), then is claimed
    // (paid) or lapses (the order expired or was cancelled); rows are never deleted. A
    // notification's kind says what it tells: an order's new status (the in-process hook and the
    // webhooks) or a waitlist offer (webhooks only).
    sql: `
alter table admit_waitlist
  add column status text not null default 'waiting'
    check (status in ('waiting', 'offered', 'claimed', 'lapsed')),
  add column order_id text references admit_orders (id),
  add column updated_at timestamptz not null default now();
create index admit_waitlist_queue on admit_waitlist (event_id, tier_id, seq) where status = 'waiting';
create unique index admit_waitlist_order on admit_waitlist (order_id) where order_id is not null;
alter table admit_order_notifications add column kind text not null default 'order';
`,
  },
  {
    version: 7,
    name: "refund failures and extra payments",
    // A refund the provider refused keeps why (shown on the order, not only on the timeline); a
    // refund of a payment beyond the one that paid the order (an extra payment) is marked, since
    // it returns money that was never the order's and so leaves the order's refunded amount alone.
    sql: `
alter table admit_refunds
  add column failure text,
  add column extra_payment boolean not null default false;
create index admit_refunds_payment on admit_refunds (payment_id) where payment_id is not null;
`,
  },
  {
    version: 8,
    name: "tier counters",
    // Seats held, sold and set aside live in the tier row, kept by triggers in the transaction
    // that changes a hold, an order, a ticket or a waitlist entry, so no code path can forget
    // them; the CHECK makes overselling a database error whatever the code does. A hold item
    // counts while its hold is live (active, or converted into an open order); an expired one
    // keeps counting until a hold on its tier (or an admin change) reclaims it, and every read
    // subtracts the expired ones that are still counted, so expiry needs no sweeper.
    sql: `
alter table admit_tiers
  add column held int not null default 0 check (held >= 0),
  add column waiting int not null default 0 check (waiting >= 0),
  add column set_aside int not null default 0 check (set_aside >= 0);
alter table admit_hold_items
  add column counted boolean not null default false,
  add column expires_at timestamptz;

update admit_hold_items i set expires_at = h.expires_at from admit_holds h where h.id = i.hold_id;
update admit_hold_items i set counted = true from admit_holds h left join admit_orders o on o.hold_id = h.id
  where h.id = i.hold_id and h.expires_at > now()
    and (h.status = 'active' or (h.status = 'converted' and (o.status is null or o.status in ('pending_payment', 'failed'))));
update admit_tiers t set
  held = coalesce((select sum(quantity) from admit_hold_items i
    where i.event_id = t.event_id and i.tier_id = t.id and i.counted), 0),
  waiting = coalesce((select sum(quantity) from admit_waitlist w
    where w.event_id = t.event_id and w.tier_id = t.id and w.status = 'waiting'), 0);
alter table admit_hold_items alter column expires_at set not null;
create index admit_hold_items_due on admit_hold_items (event_id, tier_id, expires_at) where counted;
-- The per-client cap counts active holds and converted ones with an open order: the partial
-- index of migration 1 (active only) cannot serve it, and a scan of every hold grows with the crowd.
create index admit_holds_client_live on admit_holds (client_key, expires_at)
  where status in ('active', 'converted');
-- Recounting a tier's sold seats (the counters' repair) reads its tickets by tier.
create index admit_tickets_tier on admit_tickets (event_id, tier_id);

-- What the waitlist may claim of the free seats: its waiting seats, at most what is free.
create function admit_tiers_set_aside() returns trigger language plpgsql as $$
begin
  new.set_aside := greatest(0, least(new.waiting, new.capacity - new.sold - new.held));
  return new;
end
$$;
create trigger admit_tiers_set_aside before insert or update on admit_tiers
  for each row execute function admit_tiers_set_aside();
update admit_tiers set held = held;
alter table admit_tiers add constraint admit_tiers_capacity check (sold + held + set_aside <= capacity);

-- Count (or stop counting) a hold's items in their tiers, tier rows in id order (the order in
-- which holds lock them, so the two never wait on each other crosswise).
create function admit_count_hold(p_hold text, p_count boolean) returns void language plpgsql as $$
declare r record;
begin
  for r in select event_id, tier_id, quantity from admit_hold_items
           where hold_id = p_hold and counted <> p_count order by tier_id loop
    update admit_tiers set held = held + case when p_count then r.quantity else -r.quantity end
      where event_id = r.event_id and id = r.tier_id;
  end loop;
  update admit_hold_items set counted = p_count where hold_id = p_hold and counted <> p_count;
end
$$;

-- Live: active, or converted into an order that is still open (or not inserted yet).
create function admit_hold_live(p_hold text) returns boolean language sql stable as $$
  select h.status = 'active' or (h.status = 'converted' and coalesce(
    (select o.status in ('pending_payment', 'failed') from admit_orders o where o.hold_id = h.id), true))
  from admit_holds h where h.id = p_hold
$$;

create function admit_hold_items_count() returns trigger language plpgsql as $$
declare h record;
begin
  select expires_at into h from admit_holds where id = new.hold_id;
  new.expires_at := h.expires_at;
  new.counted := h.expires_at > now() and admit_hold_live(new.hold_id);
  if new.counted then
    update admit_tiers set held = held + new.quantity where event_id = new.event_id and id = new.tier_id;
  end if;
  return new;
end
$$;
create trigger admit_hold_items_count before insert on admit_hold_items
  for each row execute function admit_hold_items_count();

create function admit_holds_count() returns trigger language plpgsql as $$
begin
  if new.expires_at is distinct from old.expires_at then
    update admit_hold_items set expires_at = new.expires_at where hold_id = new.id;
  end if;
  if not admit_hold_live(new.id) then
    perform admit_count_hold(new.id, false);
  elsif new.expires_at > now() then
    perform admit_count_hold(new.id, true);
  end if;
  return null;
end
$$;
create trigger admit_holds_count after update of status, expires_at on admit_holds
  for each row execute function admit_holds_count();

create function admit_orders_count() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.status is not distinct from old.status then return null; end if;
  if new.status not in ('pending_payment', 'failed') then
    perform admit_count_hold(new.hold_id, false);
  elsif (select expires_at > now() from admit_holds where id = new.hold_id) then
    perform admit_count_hold(new.hold_id, true);
  end if;
  return null;
end
$$;
create trigger admit_orders_count after insert or update of status on admit_orders
  for each row execute function admit_orders_count();

-- Lock tiers in id order (all of the event's when p_tiers is null), reclaim their expired items,
-- and answer them: one round trip for what every seat reservation starts with.
create function admit_lock_tiers(p_event text, p_tiers text[]) returns setof admit_tiers
language plpgsql as $$
declare ids text[];
begin
  select array_agg(id order by id) into ids from (select id from admit_tiers
    where event_id = p_event and (p_tiers is null or id = any(p_tiers)) order by id for update) locked;
  with due as (
    update admit_hold_items set counted = false
    where event_id = p_event and tier_id = any(ids) and counted and expires_at <= now()
    returning tier_id, quantity)
  update admit_tiers t set held = t.held - d.q
  from (select tier_id, sum(quantity)::int as q from due group by tier_id) d
  where t.event_id = p_event and t.id = d.tier_id;
  return query select * from admit_tiers where event_id = p_event and id = any(ids) order by id;
end
$$;

-- A hold's seats in one round trip, holding the tiers' locks as briefly as possible: lock the
-- tiers in id order (p_lock; off only in the oversell control), reclaim their expired items,
-- check what buyers may hold (minus the waitlist's seats with p_waitlist_first), and insert the
-- items (counted by admit_hold_items_count). Answers the tiers that are short, with what
-- remains, and inserts nothing then.
create function admit_take_seats(p_hold text, p_event text, p_tiers text[], p_quantities int[],
  p_prices bigint[], p_waitlist_first boolean, p_lock boolean)
returns table (tier_id text, remaining int) language plpgsql as $$
begin
  if p_lock then
    perform 1 from admit_lock_tiers(p_event, p_tiers);
  end if;
  return query
    select r.tier_id, r.remaining from (
      select w.tier_id, w.quantity, greatest(0, t.capacity - t.sold - (t.held - coalesce(
          (select sum(i.quantity) from admit_hold_items i where i.event_id = t.event_id
             and i.tier_id = t.id and i.counted and i.expires_at <= now()), 0))
        - case when p_waitlist_first then t.waiting else 0 end)::int as remaining
      from unnest(p_tiers, p_quantities) as w (tier_id, quantity)
      join admit_tiers t on t.event_id = p_event and t.id = w.tier_id) r
    where r.remaining < r.quantity;
  if found then return; end if;
  insert into admit_hold_items (hold_id, event_id, tier_id, position, quantity, unit_amount)
    select p_hold, p_event, w.tier_id, (w.n - 1)::int, w.quantity, w.price
    from unnest(p_tiers, p_quantities, p_prices) with ordinality as w (tier_id, quantity, price, n)
    order by w.tier_id;
end
$$;

-- A ticket takes its seat while valid, and keeps it once checked in (a refund after entry
-- does not give the seat back).
create function admit_tickets_count() returns trigger language plpgsql as $$
declare delta int;
begin
  delta := (case when new.status = 'valid' or new.checked_in_at is not null then 1 else 0 end)
    - (case when tg_op = 'UPDATE' and (old.status = 'valid' or old.checked_in_at is not null) then 1 else 0 end);
  if delta <> 0 then
    update admit_tiers set sold = sold + delta where event_id = new.event_id and id = new.tier_id;
  end if;
  return null;
end
$$;
create trigger admit_tickets_count after insert or update of status, checked_in_at on admit_tickets
  for each row execute function admit_tickets_count();

create function admit_waitlist_count() returns trigger language plpgsql as $$
declare delta int;
begin
  delta := (case when new.status = 'waiting' then new.quantity else 0 end)
    - (case when tg_op = 'UPDATE' and old.status = 'waiting' then old.quantity else 0 end);
  if delta <> 0 then
    update admit_tiers set waiting = waiting + delta where event_id = new.event_id and id = new.tier_id;
  end if;
  return null;
end
$$;
create trigger admit_waitlist_count after insert or update of status on admit_waitlist
  for each row execute function admit_waitlist_count();
`,
  },
  {
    version: 9,
    name: "promo codes, fees and taxes",
    // A tier may be hidden without a code, and carry a fee and a tax (jsonb, as the contract's
    // TierFee and TierTax). A promo code is unique per event by its lower-cased text. A hold keeps
    // the code it used, how many uses it takes, and its priced breakdown (lines and tickets, in
    // minor units); a code's uses are the holds that still count (live, or their order paid),
    // counted under the code's row lock in the hold's transaction, so a released or expired hold
    // gives its uses back with the same status changes that give its seats back. Tickets keep
    // what was charged for them; refunds keep how they split into net, tax and fee.
    sql: `
alter table admit_tiers
  add column hidden_without_code boolean not null default false,
  add column fee jsonb,
  add column tax jsonb;

create table admit_promo_codes (
  event_id text not null references admit_events (id),
  code_key text not null,
  code text not null,
  discount jsonb,
  scope text not null check (scope in ('ticket', 'order')),
  tier_ids jsonb,
  max_uses int check (max_uses > 0),
  max_uses_per_order int not null check (max_uses_per_order > 0),
  valid_from timestamptz,
  valid_until timestamptz,
  unlocks_tier_ids jsonb not null default '[]',
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (event_id, code_key)
);

alter table admit_holds
  add column promo_code text,
  add column promo_uses int not null default 0 check (promo_uses >= 0),
  add column pricing jsonb;
create index admit_holds_promo on admit_holds (event_id, promo_code) where promo_code is not null;

alter table admit_orders add column promo_code text, add column breakdown jsonb;
alter table admit_tickets add column price jsonb, add column promo_code text;
alter table admit_refunds add column breakdown jsonb;
`,
  },
  {
    version: 10,
    name: "checkout questions and answers",
    // The questions an event asks at checkout (its definition, in order), the answers to the
    // order questions on the order, and each ticket's answers to the attendee questions on the
    // ticket (copied from the order's attendees when it is paid). Keyed by question id.
    sql: `
alter table admit_events add column questions jsonb not null default '[]';
alter table admit_orders add column answers jsonb not null default '{}';
alter table admit_tickets add column answers jsonb not null default '{}';
`,
  },
  {
    version: 11,
    name: "ticket signing keys",
    // Ed25519 keys that sign an event's ticket codes (option `signedTicketCodes`). At most one
    // key per event is active; a rotation retires it (never deletes it) so the tickets it signed
    // still verify. The private key is stored encrypted (AES-256-GCM under a key derived from
    // the host's `keySecret`), so a copy of the database alone cannot sign tickets.
    sql: `
create table admit_ticket_keys (
  kid text primary key,
  event_id text not null references admit_events (id),
  public_key text not null,
  private_key_encrypted text not null,
  status text not null check (status in ('active', 'retired')),
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
create unique index admit_ticket_keys_active on admit_ticket_keys (event_id) where status = 'active';
create index admit_ticket_keys_event on admit_ticket_keys (event_id, created_at);
`,
  },
  {
    version: 12,
    name: "download tokens",
    // A read-only secret per order for the links in the confirmation e-mail (tickets PDF,
    // calendar, wallet pass): the kit keeps only the order token's hash, so it cannot put that
    // token in an e-mail sent later. Kept as is (the links need it); it reads no more than the
    // ticket codes this database already holds. 244 random bits (two v4 UUIDs), one per row.
    sql: `
alter table admit_orders add column download_token text not null
  default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
`,
  },
  {
    version: 13,
    name: "a hold in one round trip",
    // `admit_hold`: a hold without a promo code as ONE statement (its own transaction): the
    // Idempotency-Key's claim, the checks that need the database clock, the client's cap, the
    // seats, the hold, its timeline entry and the stored answer. The host prices the hold from
    // the event's settings as it last read them; `admit_events.revision` (bumped by every admin
    // change of the event or its tiers) tells it when they are stale. What the general path and
    // this one share is here once: the key's claim and stored answer, a client's held seats, and
    // which tiers are short of seats.
    sql: `
alter table admit_events add column revision bigint not null default 0;

-- How long an Idempotency-Key and its answer are kept (the design asks for at least 24 h).
create function admit_idempotency_keep() returns interval language sql immutable as $$
  select interval '24 hours'
$$;

-- Claim (scope, key) for this transaction (false when another holds it) and answer the stored
-- answer if there is one. These helpers are PL/pgSQL, not SQL functions: PL/pgSQL keeps each
-- statement's plan for the session, an SQL function is planned again at every call.
create function admit_claim_key(p_scope text, p_key text)
returns table (free boolean, request_hash text, state text, response_status int,
  response_headers jsonb, response_body text)
language plpgsql as $$
begin
  return query select pg_try_advisory_xact_lock(hashtext(p_scope), hashtext(p_key)), k.request_hash,
    k.state, k.response_status, k.response_headers, k.response_body
  from (select 1) one left join admit_idempotency_keys k
    on k.scope = p_scope and k.key = p_key and k.expires_at > now() and k.state = 'done';
end
$$;

-- Keep the answer to (scope, key), in the transaction that did the work.
create function admit_store_answer(p_scope text, p_key text, p_request_hash text, p_status int,
  p_headers jsonb, p_body text) returns void language plpgsql as $$
begin
  insert into admit_idempotency_keys (scope, key, request_hash, state, response_status,
    response_headers, response_body, locked_until, expires_at)
  values (p_scope, p_key, p_request_hash, 'done', p_status, p_headers, p_body, now(),
    now() + admit_idempotency_keep())
  on conflict (scope, key) do update set request_hash = excluded.request_hash, state = 'done',
    response_status = excluded.response_status, response_headers = excluded.response_headers,
    response_body = excluded.response_body, locked_until = excluded.locked_until,
    expires_at = excluded.expires_at, created_at = now();
end
$$;

-- The seats a client holds: live holds, and the seats of its orders still waiting for payment
-- (otherwise holding, checking out and never paying would get round the cap).
create function admit_client_held(p_client text) returns int language plpgsql stable as $$
begin
  return (select coalesce(sum(i.quantity), 0)::int from admit_holds h
    join admit_hold_items i on i.hold_id = h.id left join admit_orders o on o.hold_id = h.id
  where h.client_key = p_client and h.expires_at > now()
    and (h.status = 'active' or (h.status = 'converted' and o.status in ('pending_payment', 'failed'))));
end
$$;

-- What buyers may hold of a tier now: capacity - sold - held, where expired items not reclaimed
-- yet do not count (an index range of what expired since the last reclaim), minus the waitlist's
-- seats with p_waitlist_first; never below zero. Under the tier's lock it decides; without, it
-- is a snapshot.
create function admit_remaining(t admit_tiers, p_waitlist_first boolean) returns int
language plpgsql stable as $$
begin
  return greatest(0, t.capacity - t.sold - (t.held - coalesce(
      (select sum(i.quantity) from admit_hold_items i where i.event_id = t.event_id
         and i.tier_id = t.id and i.counted and i.expires_at <= now()), 0))
    - case when p_waitlist_first then t.waiting else 0 end)::int;
end
$$;

-- The tiers (in the order asked) with fewer seats than asked for, and what remains of each.
create function admit_short_tiers(p_event text, p_tiers text[], p_quantities int[],
  p_waitlist_first boolean) returns table (tier_id text, remaining int) language plpgsql as $$
begin
  return query select r.tier_id, r.remaining from (
    select w.tier_id, w.quantity, w.n, admit_remaining(t, p_waitlist_first) as remaining
    from unnest(p_tiers, p_quantities) with ordinality as w (tier_id, quantity, n)
    join admit_tiers t on t.event_id = p_event and t.id = w.tier_id) r
  where r.remaining < r.quantity order by r.n;
end
$$;

-- The same rule as migration 8's, in PL/pgSQL: every hold item's insert asks it (the count
-- trigger), and an SQL function with a FROM is planned again at every call.
create or replace function admit_hold_live(p_hold text) returns boolean language plpgsql stable as $$
begin
  return (select h.status = 'active' or (h.status = 'converted' and coalesce(
    (select o.status in ('pending_payment', 'failed') from admit_orders o where o.hold_id = h.id), true))
  from admit_holds h where h.id = p_hold);
end
$$;

-- A hold's items, in tier id order (the order tiers are locked in); their trigger counts them.
create function admit_insert_hold_items(p_hold text, p_event text, p_tiers text[],
  p_quantities int[], p_prices bigint[]) returns void language plpgsql as $$
begin
  insert into admit_hold_items (hold_id, event_id, tier_id, position, quantity, unit_amount)
    select p_hold, p_event, w.tier_id, (w.n - 1)::int, w.quantity, w.price
    from unnest(p_tiers, p_quantities, p_prices) with ordinality as w (tier_id, quantity, price, n)
    order by w.tier_id;
end
$$;

create or replace function admit_take_seats(p_hold text, p_event text, p_tiers text[], p_quantities int[],
  p_prices bigint[], p_waitlist_first boolean, p_lock boolean)
returns table (tier_id text, remaining int) language plpgsql as $$
begin
  if p_lock then
    perform 1 from admit_lock_tiers(p_event, p_tiers);
  end if;
  return query select * from admit_short_tiers(p_event, p_tiers, p_quantities, p_waitlist_first);
  if found then return; end if;
  perform admit_insert_hold_items(p_hold, p_event, p_tiers, p_quantities, p_prices);
end
$$;

-- A hold without a promo code in one round trip. Outcomes: 'answered' (created, 201, or sold
-- out, 409, both kept as the key's answer), 'replay' and 'reused' (the key's stored answer and
-- its request's hash differ or not), 'in_progress' (another request holds the key), 'stale'
-- (the settings the host priced with changed: read them again) and 'general' (not on sale now,
-- or past the client's cap: the general path answers, with the exact problem). p_answers holds
-- the host's answers: created (its body without the database clock's expiresAt and now) and
-- soldOut (its body; a tiers member, when present, is filled with the short tiers).
-- Seats that went between the snapshot and the lock raise AH409, undoing everything: the
-- general path answers then. Seats are never oversold either way: the tiers' locks and CHECK.
-- The waitlist always comes first here (its unsafe control takes the general path).
create function admit_hold(p_scope text, p_key text, p_request_hash text,
  p_event text, p_revision bigint, p_client text, p_client_lock boolean, p_max_client_seats int,
  p_hold text, p_token_hash text, p_ttl_ms bigint, p_total bigint, p_pricing jsonb,
  p_timeline text, p_actor jsonb, p_items jsonb,
  p_tiers text[], p_quantities int[], p_prices bigint[], p_lock boolean, p_async boolean,
  p_lock_timeout_ms int, p_answers jsonb)
returns table (outcome text, status int, headers jsonb, body text)
language plpgsql as $$
declare
  claim record;
  ev record;
  short jsonb;
  made record;
  answer jsonb;
  kept jsonb;
  locked int;
begin
  if p_async then
    perform set_config('synchronous_commit', 'off', true);
  end if;
  -- As the store's transactions: a tier locked too long answers busy instead of waiting.
  if p_lock_timeout_ms is not null then
    perform set_config('lock_timeout', p_lock_timeout_ms || 'ms', true);
  end if;
  select * into claim from admit_claim_key(p_scope, p_key);
  if not claim.free then
    return query select 'in_progress', null::int, null::jsonb, null::text;
    return;
  end if;
  if claim.request_hash is not null then
    return query select case when claim.request_hash = p_request_hash then 'replay' else 'reused' end,
      claim.response_status, claim.response_headers, claim.response_body;
    return;
  end if;
  select e.revision, e.status, e.starts_at, e.ends_at, e.currency into ev
    from admit_events e where e.id = p_event;
  if not found or ev.revision <> p_revision then
    return query select 'stale', null::int, null::jsonb, null::text;
    return;
  end if;
  if ev.status <> 'on_sale' or coalesce(ev.ends_at, ev.starts_at) <= now() or exists (
      select 1 from admit_tiers t where t.event_id = p_event and t.id = any(p_tiers)
        and ((t.sales_end is not null and t.sales_end <= now())
          or (t.sales_start is not null and t.sales_start > now()))) then
    return query select 'general', null::int, null::jsonb, null::text;
    return;
  end if;
  if p_client_lock then
    perform pg_advisory_xact_lock(hashtext('admit-client:' || p_client));
  end if;
  if admit_client_held(p_client) + (select sum(q) from unnest(p_quantities) q) > p_max_client_seats then
    return query select 'general', null::int, null::jsonb, null::text;
    return;
  end if;
  -- Sold out by a consistent snapshot: answered without taking the tiers' locks. The counters
  -- alone first (cheap); only a tier they call short is counted exactly (expired items that
  -- were not reclaimed yet give their seats back).
  if exists (select 1 from unnest(p_tiers, p_quantities) as w (tier_id, quantity)
      join admit_tiers t on t.event_id = p_event and t.id = w.tier_id
      where t.capacity - t.sold - t.held - t.waiting < w.quantity) then
    select jsonb_agg(jsonb_build_object('tierId', s.tier_id, 'remaining', s.remaining)) into short
      from admit_short_tiers(p_event, p_tiers, p_quantities, true) s;
  end if;
  if short is not null then
    answer := p_answers->'soldOut';
    kept := case when answer->'body' ? 'tiers'
      then answer->'body' || jsonb_build_object('tiers', short) else answer->'body' end;
    perform admit_store_answer(p_scope, p_key, p_request_hash, 409, answer->'headers', kept::text);
    return query select 'answered', 409, answer->'headers', kept::text;
    return;
  end if;
  with hold as (
    insert into admit_holds (id, event_id, token_hash, client_key, status, total_amount, currency,
      expires_at, pricing)
    values (p_hold, p_event, p_token_hash, p_client, 'active', p_total, ev.currency,
      now() + p_ttl_ms * interval '1 millisecond', p_pricing)
    returning expires_at),
  entry as (
    insert into admit_timeline (id, hold_id, event_id, type, actor, data)
    select p_timeline, p_hold, p_event, 'hold.created', p_actor, jsonb_build_object('items', p_items,
      'total', p_total, 'expiresAt', to_char(hold.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from hold)
  select hold.expires_at, now() as db_now into made from hold;
  answer := p_answers->'created';
  kept := answer->'body' || jsonb_build_object(
    'expiresAt', to_char(made.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'now', to_char(made.db_now at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  perform admit_store_answer(p_scope, p_key, p_request_hash, 201, answer->'headers', kept::text);
  -- The seats, last, so the tiers' locks are held for the fewest statements: expired items are
  -- reclaimed under the locks only when there are any (admit_lock_tiers), so the counters are
  -- exact; then each tier is locked only if its counters still leave the seats (checked again
  -- on the row's latest version once the lock is granted; an item expiring meanwhile only makes
  -- this stricter), and the items' trigger counts them under those locks.
  -- (p_lock is off only in the oversell control: seats are then taken on the snapshot alone.)
  if p_lock then
    if exists (select 1 from admit_hold_items i where i.event_id = p_event
        and i.tier_id = any(p_tiers) and i.counted and i.expires_at <= now()) then
      perform 1 from admit_lock_tiers(p_event, p_tiers);
    end if;
    perform 1 from admit_tiers t
      join unnest(p_tiers, p_quantities) as w (tier_id, quantity) on w.tier_id = t.id
      where t.event_id = p_event and t.capacity - t.sold - t.held - t.waiting >= w.quantity
      order by t.id for update of t;
    get diagnostics locked = row_count;
    if locked < cardinality(p_tiers) then
      raise exception 'admit_hold: seats went between the snapshot and the lock' using errcode = 'AH409';
    end if;
  end if;
  perform admit_insert_hold_items(p_hold, p_event, p_tiers, p_quantities, p_prices);
  return query select 'answered', 201, answer->'headers', kept::text;
end
$$;
`,
  },
];
