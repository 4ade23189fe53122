#!/usr/bin/env python3
"""./dev bench: start a Release peony on a fresh demo database and measure it with wrk over loopback.

Prints a table of requests/s and p50/p99 latency per scenario, the idle and peak memory of the server
and the time from start to serving. Figures vary with the machine and its load: quote medians of
several runs and compare ratios, not single numbers.
"""
import json, os, re, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request

import booking_bench
import clinic_bench
import records_bench

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEONY = os.path.join(ROOT, "build", "peony")
DURATION = os.environ.get("PEONY_BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("PEONY_BENCH_CONNECTIONS", "32"))
PASSWORD = "Bench-pass-2026"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def mem_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class AnonPeak:
    """Samples the server's anonymous memory (heap and stacks: RssAnon) every 50 ms. VmRSS also counts
    the database file's pages that SQLite's memory-mapped readers touched, once per connection that
    mapped them; those are the kernel's page cache, shared and reclaimable, not the server's own."""

    def __init__(self, pid):
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.wait(0.05):
            try:
                self.peak = max(self.peak, mem_kib(self.pid, "RssAnon"))
            except OSError:
                return

    def finish(self):
        self.stop.set()
        self.thread.join()
        return self.peak


def request(url, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, r.headers, r.read()


def parse_wrk(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, pct(50), pct(99), int(non2xx.group(1)) if non2xx else 0


def wrk(url, connections=CONNECTIONS, script=None, headers=()):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{DURATION}", "--latency"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def start_server(tmp, name, db_args=(), demo=True, init=True):
    """Initialises a (demo) database and starts peony on it; returns (process, base URL, start ms)."""
    data = os.path.join(tmp, name)
    if init:
        subprocess.run([PEONY, "init", "--data", data, *(["--demo"] if demo else []),
                        "--admin-password", PASSWORD, *db_args], check=True, capture_output=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    proc = subprocess.Popen([PEONY, "serve", "--data", data, "--listen", f"127.0.0.1:{port}",
                             "--no-access-log", "--log-level", "warn", *db_args,
                             *os.environ.get("PEONY_BENCH_SERVER_ARGS", "").split()],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            request(base + "/api/v1/health")
            break
        except Exception:
            if time.monotonic() - t0 > 30:
                proc.kill()
                sys.exit("server did not start")
            time.sleep(0.005)
    return proc, base, (time.monotonic() - t0) * 1000


def login(base):
    return records_bench.login(base, "admin", PASSWORD)


def api_key(base, auth):
    _, _, body = request(base + "/api/v1/api-keys", "POST", {"name": "bench"}, auth)
    return {"Authorization": "Bearer " + json.loads(body)["key"]}


def on_postgres(tmp):
    """The records list and card deduction benchmarks again with PostgreSQL (PEONY_BENCH_PG, set
    by ./dev bench)."""
    url = os.environ.get("PEONY_BENCH_PG")
    if not url:
        return [], []
    proc, base, _ = start_server(tmp, "pg", ["--db", url])
    rows, notes = [], []
    try:
        _, auth = login(base)
        if os.environ.get("PEONY_BENCH_RECORDS") != "0":
            rows, notes = records_bench.measure(base, api_key(base, auth), tmp, wrk, PEONY,
                                                only_reads=True)
        more, more_notes = clinic_bench.measure_deductions(base, auth, tmp, wrk)
        rows += more
        notes += more_notes
        more, more_notes = booking_bench.measure_bookings(base, auth, tmp, DURATION, CONNECTIONS,
                                                          parse_wrk)
        rows += more
        notes += more_notes
    finally:
        proc.terminate()
        proc.wait(15)
    return [(name + " [PostgreSQL]", r) for name, r in rows], [n + " [PostgreSQL]" for n in notes]


def main():
    if not os.access(PEONY, os.X_OK):
        sys.exit("build/peony is missing: run ./dev build")
    tmp = tempfile.mkdtemp(prefix="peony-bench.")
    proc, base, startup_ms = start_server(tmp, "data")
    notes = []
    try:
        time.sleep(1)
        idle_kib = mem_kib(proc.pid, "VmRSS")
        cookie, auth = login(base)
        have = len(json.loads(request(base + "/api/v1/users?limit=500", headers=auth)[2])["items"])
        for i in range(have, 50):
            request(base + "/api/v1/users", "POST",
                    {"username": f"bench{i:03d}", "display_name": f"员工{i:03d}",
                     "password": PASSWORD, "roles": ["front_desk"]}, auth)
        n = len(json.loads(request(base + "/api/v1/users?limit=50", headers=auth)[2])["items"])
        assert n == 50, n

        login_lua = os.path.join(tmp, "login.lua")
        with open(login_lua, "w") as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    f'wrk.body = \'{{"username":"admin","password":"{PASSWORD}"}}\'\n')
        rows = [
            ("GET /api/v1/health", wrk(base + "/api/v1/health")),
            ("POST /api/v1/auth/login (argon2id)", wrk(base + "/api/v1/auth/login", 8, login_lua)),
            ("GET /api/v1/users?limit=50 (session)",
             wrk(base + "/api/v1/users?limit=50", headers=[f"Cookie: {cookie}"])),
        ]
        peak_kib = mem_kib(proc.pid, "VmHWM")
        if os.environ.get("PEONY_BENCH_RECORDS") != "0":
            anon = AnonPeak(proc.pid)
            more, notes = records_bench.measure(base, api_key(base, auth), tmp, wrk, PEONY)
            rows += more
            anon_peak = anon.finish()
            notes.append(
                f"memory after the records benchmark: RSS {mem_kib(proc.pid, 'VmRSS') / 1024:.1f} MiB "
                f"(of which anonymous {mem_kib(proc.pid, 'RssAnon') / 1024:.1f} MiB; the rest is "
                f"database pages mapped by the readers), peak RSS "
                f"{mem_kib(proc.pid, 'VmHWM') / 1024:.1f} MiB, peak anonymous {anon_peak / 1024:.1f} MiB")
        more, more_notes = clinic_bench.measure_deductions(base, auth, tmp, wrk)
        rows += more
        notes += more_notes
        more, more_notes = booking_bench.measure_bookings(base, auth, tmp, DURATION, CONNECTIONS,
                                                          parse_wrk)
        rows += more
        notes += more_notes
    finally:
        proc.terminate()
        proc.wait(15)
    try:
        more, pg_notes = on_postgres(tmp)
        rows += more
        notes += pg_notes
        if os.environ.get("PEONY_BENCH_360") != "0":
            notes += clinic_bench.measure_360(start_server, login, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(f"{'scenario':48} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for name, (rps, p50, p99, bad) in rows:
        print(f"{name:48} {rps:10.0f} {p50:8.2f} {p99:8.2f} {bad:8d}")
    print()
    print(f"start to serving: {startup_ms:.0f} ms; idle memory (RSS): {idle_kib / 1024:.1f} MiB; "
          f"peak memory (VmHWM): {peak_kib / 1024:.1f} MiB")
    for n in notes:
        print(n)
    print(f"wrk: 2 threads, {CONNECTIONS} keep-alive connections ({8} for login), {DURATION} each, "
          "SQLite, loopback")
    # The job queue and the rules engine (bench/automation_bench.cpp), on the same machine.
    automation = os.path.join(os.path.dirname(PEONY), "peony_automation_bench")
    if os.path.exists(automation):
        print()
        sys.stdout.flush()
        subprocess.run([automation, os.environ.get("PEONY_BENCH_JOBS", "100000")], check=True)
    # Appointments: free-slot search and booking create (bench/appointments_bench.cpp).
    appointments = os.path.join(os.path.dirname(PEONY), "peony_appointments_bench")
    if os.path.exists(appointments):
        print()
        sys.stdout.flush()
        subprocess.run([appointments, os.environ.get("PEONY_BENCH_BOOKINGS", "100000")], check=True)


if __name__ == "__main__":
    main()
