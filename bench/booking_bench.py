"""Booking create over HTTP for ./dev bench (run_bench.py calls measure_bookings).

The demo clinic gets 50 more practitioners with a skill of their own, rostered 10:00-21:00 every
day at the first branch, and a 30-minute service needing that skill. wrk then posts
POST /api/v1/appointments from 32 connections, each request for another (practitioner, day,
half hour) over the next 28 days (30,800 distinct free times, more than a run books), naming the
practitioner, with its own Idempotency-Key. Bookings per second are the 201 answers over the run.
"""
import datetime, os, re, subprocess

from records_bench import call as _call

PRACTITIONERS = 50
DAYS = 28
SKILL = "基准预约"


def _must(result, what):
    status, body = result
    if status not in (200, 201):
        raise SystemExit(f"booking bench: {what} failed: {status} {body}")
    return body


def _prepare(base, auth):
    """The practitioners, their rosters, the service and the customers; returns what the script
    needs."""
    branch = _must(_call(base + "/api/v1/branches", headers=auth), "branches")["items"][0]["id"]
    service = _must(_call(base + "/api/v1/data/service", "POST",
                          {"name": "基准预约项目", "duration_min": 30, "required_skill": SKILL,
                           "active": True}, auth), "service")["id"]
    staff = []
    weekly = [{"branch_id": branch, "weekday": d, "start": "10:00", "end": "21:00"}
              for d in range(7)]
    for i in range(PRACTITIONERS):
        sid = _must(_call(base + "/api/v1/data/staff", "POST",
                          {"name": f"基准医生{i:02d}", "skills": [SKILL], "active": True,
                           "branch_id": branch}, auth), "staff")["id"]
        _must(_call(base + f"/api/v1/appointments/rosters/{sid}/weekly", "PUT",
                    {"weekly": weekly}, auth), "roster")
        staff.append(sid)
    customers = [c["id"] for c in _must(_call(base + "/api/v1/data/customer?limit=200",
                                              headers=auth), "customers")["items"]]
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    days = [(tomorrow + datetime.timedelta(days=d)).isoformat() for d in range(DAYS)]
    # The organisation's offset, from a slot the server offers.
    slots = _must(_call(base + f"/api/v1/appointments/availability?service_id={service}"
                        f"&branch_id={branch}&from={days[0]}&to={days[0]}"
                        f"&practitioner_id={staff[0]}", headers=auth), "availability")["slots"]
    offset = re.search(r"([+-]\d\d:\d\d|Z)$", slots[0]["start"]).group(1)
    return branch, service, staff, customers, days, offset


def _script(path, branch, service, staff, customers, days, offset):
    lua_list = lambda xs: "{" + ",".join(xs) + "}"
    with open(path, "w") as f:
        f.write(f"local staff = {lua_list(map(str, staff))}\n"
                f"local customers = {lua_list(map(str, customers))}\n"
                f"local days = {lua_list(repr(d) for d in days)}\n"
                "local threads = {}\n"
                "function setup(thread)\n"
                "  thread:set('tid', #threads)\n"
                "  table.insert(threads, thread)\n"
                "end\n"
                "n = 0\n"
                "created = 0\n"
                "request = function()\n"
                # Job k of thread tid is number k*2+tid: day, then practitioner, then half hour
                # vary fastest to slowest, so parallel requests seldom meet on one practitioner.
                "  local k = n * 2 + tid\n"
                "  n = n + 1\n"
                "  local d = k % #days\n"
                "  local s = math.floor(k / #days) % #staff\n"
                "  local slot = math.floor(k / (#days * #staff)) % 22\n"
                "  local start = string.format('%sT%02d:%02d:00', days[d + 1],"
                " 10 + math.floor(slot / 2), (slot % 2) * 30)\n"
                "  local h = {}\n"
                "  for key, v in pairs(wrk.headers) do h[key] = v end\n"
                "  h['Content-Type'] = 'application/json'\n"
                "  h['Idempotency-Key'] = 'book-' .. tid .. '-' .. n\n"
                "  local body = string.format('{\"customer_id\":%d,\"service_id\":"
                f"{service},\"branch_id\":{branch},\"start\":\"%s{offset}\","
                "\"practitioner_id\":%d}', customers[k % #customers + 1], start, staff[s + 1])\n"
                "  return wrk.format('POST', '/api/v1/appointments', h, body)\n"
                "end\n"
                "response = function(status)\n"
                "  if status == 201 then created = created + 1 end\n"
                "end\n"
                "done = function(summary, latency, requests)\n"
                "  local total = 0\n"
                "  for _, t in ipairs(threads) do total = total + t:get('created') end\n"
                "  io.write(string.format('CREATED %d\\n', total))\n"
                "end\n")


def measure_bookings(base, auth, tmp, duration, connections, parse_wrk):
    """Returns ([(scenario, wrk figures)], notes)."""
    branch, service, staff, customers, days, offset = _prepare(base, auth)
    script = os.path.join(tmp, "book.lua")
    _script(script, branch, service, staff, customers, days, offset)
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", "-s", script]
    for k, v in auth.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run(cmd + [base + "/"], capture_output=True, text=True, check=True).stdout
    rps, p50, p99, bad = parse_wrk(out)
    created = int(re.search(r"CREATED (\d+)", out).group(1))
    seconds = float(re.search(r"requests in ([\d.]+)(m?s)", out).group(1))
    if re.search(r"requests in [\d.]+ms", out):
        seconds /= 1000
    row = ("POST /appointments (named practitioner)", (rps, p50, p99, bad))
    return [row], [f"booking create over HTTP: {created:,} booked in {seconds:.1f} s "
                   f"({created / seconds:,.0f} bookings/s; {bad:,} answers other than 2xx), "
                   f"{PRACTITIONERS} practitioners rostered 10:00-21:00, {DAYS} days"]
