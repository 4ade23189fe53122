"""Clinic-core figures for ./dev bench (run_bench.py calls measure_deductions and measure_360).

Deductions: one-session deductions through POST /api/v1/cards/{id}/deduct, each request on another
card (a pool of count cards issued first) with its own Idempotency-Key, 32 connections.

Customer 360: a database with PEONY_BENCH_CUSTOMERS customers (default 1,000,000) and about ten
timeline events each (10,000,000), written straight into the tables by SQL (the API would take an
hour for that many) on a freshly initialised SQLite database; one customer has 40 treatments and
200 events. Measured: GET /customers/{id}/timeline?limit=200 and GET /customers/{id}/summary,
sequentially (server time is close to the wall time on loopback at one connection).
"""
import json, os, sqlite3, statistics, subprocess, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

CUSTOMERS = int(os.environ.get("PEONY_BENCH_CUSTOMERS", "1000000"))
CARDS = int(os.environ.get("PEONY_BENCH_CARDS", "3000"))


def _call(url, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def _issue_cards(base, auth):
    """CARDS count cards of 1,000 sessions each, spread over the demo customers."""
    _, services = _call(base + "/api/v1/data/service?limit=1", headers=auth)
    _, customers = _call(base + "/api/v1/data/customer?limit=500", headers=auth)
    service_id = services["items"][0]["id"]
    customer_ids = [c["id"] for c in customers["items"]]

    def issue(i):
        status, body = _call(base + "/api/v1/cards", "POST",
                             {"customer_id": customer_ids[i % len(customer_ids)], "kind": "count",
                              "items": [{"service_id": service_id, "sessions": 1000}]}, auth)
        if status != 201:
            raise SystemExit(f"issuing a bench card failed: {status} {body}")
        return body["id"]

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(issue, range(CARDS))), service_id


def measure_deductions(base, auth, tmp, wrk):
    """wrk over distinct cards; returns [(scenario, wrk figures)] and notes."""
    t0 = time.monotonic()
    card_ids, service_id = _issue_cards(base, auth)
    issued_s = time.monotonic() - t0
    script = os.path.join(tmp, "deduct.lua")
    with open(script, "w") as f:
        f.write("local cards = {" + ",".join(map(str, card_ids)) + "}\n"
                "local threads = 0\n"
                "function setup(thread) thread:set('tid', threads); threads = threads + 1 end\n"
                "local n = 0\n"
                "request = function()\n"
                "  n = n + 1\n"
                "  local h = {}\n"
                "  for k, v in pairs(wrk.headers) do h[k] = v end\n"
                "  h['Content-Type'] = 'application/json'\n"
                "  h['Idempotency-Key'] = 'bench-' .. tid .. '-' .. n\n"
                "  local id = cards[(n * 2 + tid) % #cards + 1]\n"
                "  return wrk.format('POST', '/api/v1/cards/' .. id .. '/deduct', h,\n"
                f"    '{{\"service_id\":{service_id},\"sessions\":1}}')\n"
                "end\n")
    hdr = [f"{k}: {v}" for k, v in auth.items()]
    row = ("POST /cards/{id}/deduct (distinct cards)",
           wrk(base + "/", script=script, headers=hdr))
    return [row], [f"issued {CARDS:,} count cards through the API in {issued_s:.1f} s"]


# ------------------------------------------------------------------------------ customer 360

def _seed_360(db_path):
    """Writes the customers, their treatments and orders and ~10 events each, straight into SQLite."""
    now = int(time.time() * 1000)
    day = 86_400_000
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    org = con.execute("SELECT id FROM orgs ORDER BY id LIMIT 1").fetchone()[0]
    svc = con.execute("SELECT id FROM x_service WHERE deleted_at IS NULL LIMIT 1").fetchone()
    svc = svc[0] if svc else None
    seq = "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?) "
    base_id = (con.execute("SELECT COALESCE(MAX(id), 0) FROM x_customer").fetchone()[0]) + 1
    con.execute("BEGIN")
    # Customers: plain names (no search grams: the search figures are the records benchmark's).
    con.execute(seq + "INSERT INTO x_customer (id, org_id, created_at, updated_at, f_name, f_gender,"
                " f_source, f_level) SELECT ? + i - 1, ?, ? - i * 1000, ? - i * 1000,"
                " '客户' || i, 'female', 'walk_in', 'normal' FROM s", (CUSTOMERS, base_id, org, now, now))
    # Three treatments and one order per customer; the first customer gets 40 treatments.
    t_base = (con.execute("SELECT COALESCE(MAX(id), 0) FROM x_treatment").fetchone()[0]) + 1
    con.execute(seq + "INSERT INTO x_treatment (id, org_id, created_at, updated_at, f_customer,"
                " f_service, f_treated_at, f_status) SELECT ? + i - 1, ?, ? - i * 100, ? - i * 100,"
                " ? + (i - 1) / 3, ?, ? - i * 100, 'completed' FROM s",
                (CUSTOMERS * 3, t_base, org, now, now, base_id, svc, now))
    extra = 37
    con.execute(seq + "INSERT INTO x_treatment (org_id, created_at, updated_at, f_customer,"
                " f_service, f_treated_at, f_status) SELECT ?, ? - i * ?, ? - i * ?, ?, ?,"
                " ? - i * ?, 'completed' FROM s",
                (extra, org, now, day, now, day, base_id, svc, now, day))
    o_base = (con.execute("SELECT COALESCE(MAX(id), 0) FROM x_order").fetchone()[0]) + 1
    con.execute(seq + "INSERT INTO x_order (id, org_id, created_at, updated_at, f_customer,"
                " f_total, f_paid, f_arrears, f_status) SELECT ? + i - 1, ?, ? - i * 100,"
                " ? - i * 100, ? + i - 1, 680000, 680000, 0, 'paid' FROM s",
                (CUSTOMERS, o_base, org, now, now, base_id))
    # Events: 2 per customer, 2 per treatment, 2 per order (≈ 10 per customer); the first
    # customer's 40 treatments give her 2 + 80 + 2 = 84; 116 more updates of her profile make 200.
    ev = ("INSERT INTO record_events (org_id, entity, record_id, kind, changes, actor_id, at)"
          " SELECT ?, ?, ? + (i - 1) / 2, CASE i % 2 WHEN 1 THEN 'create' ELSE 'update' END,"
          " '{\"f\":{\"old\":null,\"new\":1}}', NULL, ? - i FROM s")
    con.execute(seq + ev, (CUSTOMERS * 2, org, "customer", base_id, now))
    con.execute(seq + ev, (CUSTOMERS * 6, org, "treatment", t_base, now))
    t_extra = con.execute("SELECT MIN(id) FROM x_treatment WHERE f_customer = ? AND id >= ?",
                          (base_id, t_base + CUSTOMERS * 3)).fetchone()[0]
    con.execute(seq + ev, (extra * 2, org, "treatment", t_extra, now))
    con.execute(seq + ev, (CUSTOMERS * 2, org, "order", o_base, now))
    con.execute(seq + "INSERT INTO record_events (org_id, entity, record_id, kind, changes,"
                " actor_id, at) SELECT ?, 'customer', ?, 'update', '{}', NULL, ? + i FROM s",
                (116, org, base_id, now))
    con.execute("COMMIT")
    events = con.execute("SELECT COUNT(*) FROM record_events").fetchone()[0]
    con.close()
    return base_id, events


def _timed(url, auth, n=21):
    _call(url, headers=auth)
    times = []
    for _ in range(n):
        t0 = time.monotonic()
        status, body = _call(url, headers=auth)
        times.append((time.monotonic() - t0) * 1000)
        if status != 200:
            raise SystemExit(f"{url} answered {status}: {str(body)[:300]}")
    return statistics.median(times), max(times), body


def measure_360(start_server, login, tmp):
    """Seeds a big database, serves it and times the 360 page's two requests; returns notes."""
    data_name = "c360"
    proc, base, _ = start_server(tmp, data_name, demo=False)
    proc.terminate()
    proc.wait(15)
    t0 = time.monotonic()
    customer_id, events = _seed_360(os.path.join(tmp, data_name, "peony.db"))
    seed_s = time.monotonic() - t0
    proc, base, _ = start_server(tmp, data_name, demo=False, init=False)
    notes = [f"customer 360 database: {CUSTOMERS:,} customers, {events:,} events "
             f"(seeded by SQL in {seed_s:.0f} s)"]
    try:
        _, auth = login(base)
        # The first value computation after a start also computes the population's intervals
        # (one aggregate over every completed treatment, then cached for 5 minutes).
        t0 = time.monotonic()
        _call(f"{base}/api/v1/customers/{customer_id}/value", headers=auth)
        notes.append(f"first GET /customers/{{id}}/value after start (population intervals over "
                     f"{CUSTOMERS * 3 + 37:,} treatments): {(time.monotonic() - t0) * 1000:.0f} ms")
        med, worst, body = _timed(f"{base}/api/v1/customers/{customer_id}/timeline?limit=200", auth)
        notes.append(f"GET /customers/{{id}}/timeline?limit=200 ({len(body['items'])} events): "
                     f"median {med:.1f} ms, worst {worst:.1f} ms (21 sequential requests)")
        status, _ = _call(f"{base}/api/v1/customers/{customer_id}/summary", headers=auth)
        if status == 200:
            med, worst, _ = _timed(f"{base}/api/v1/customers/{customer_id}/summary", auth)
            notes.append(f"GET /customers/{{id}}/summary: median {med:.1f} ms, worst {worst:.1f} ms")
    finally:
        proc.terminate()
        proc.wait(15)
    return notes
