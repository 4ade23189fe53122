"""The records benchmark of ./dev bench: an entity of 20 fields filled with PEONY_BENCH_RECORDS
records (default 1,000,000) through the import API, then get by id, a filtered and sorted list, single
creates, substring search and an XLSX import, measured with wrk and with timed single requests.

The entity declares one compound index (city, joined_on) for the filtered and sorted list; a second
list filters and sorts on two fields with only their own indexes, for comparison.

The quick search covers the name (and the phone by exact match); the other text fields are marked
"searchable": false, as a clinic would for a customer list searched by name.

Used by run_bench.py; `measure(base, auth_headers, tmp)` returns rows for its table and notes.
"""
import json, os, random, statistics, subprocess, time, urllib.parse, urllib.request

RECORDS = int(os.environ.get("PEONY_BENCH_RECORDS", "1000000"))
CHUNK = 100_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "丽华芳敏静秀英娜婷雪玲燕红霞梅琳颖洁慧倩欣怡佳雨晴月嘉悦瑶宁馨茜薇蕾莉萍瑾璐琪楠妍"
CITIES = ["shanghai", "beijing", "hangzhou", "suzhou", "nanjing", "shenzhen", "guangzhou", "chengdu"]
LEVELS = ["normal", "silver", "gold", "diamond"]
SOURCES = ["walk_in", "referral", "douyin", "xiaohongshu", "meituan", "wechat"]


def choices(keys):
    return {"choices": [{"key": k, "label": k} for k in keys]}


FIELDS = [
    {"name": "name", "label": "姓名", "type": "text", "required": True},
    {"name": "phone", "label": "手机", "type": "phone", "sensitive": True},
    {"name": "gender", "label": "性别", "type": "select", "options": choices(["female", "male"])},
    {"name": "birthday", "label": "生日", "type": "date"},
    {"name": "city", "label": "城市", "type": "select",
     "options": {**choices(CITIES), "indexed": True}},
    {"name": "level", "label": "会员等级", "type": "select",
     "options": {**choices(LEVELS), "indexed": True}},
    {"name": "joined_on", "label": "入会日期", "type": "date", "options": {"indexed": True}},
    {"name": "score", "label": "积分", "type": "integer", "options": {"indexed": True}},
    {"name": "spend", "label": "累计消费", "type": "money"},
    {"name": "email", "label": "邮箱", "type": "email", "options": {"searchable": False}},
    {"name": "source", "label": "来源", "type": "select", "options": choices(SOURCES)},
    {"name": "visits", "label": "到店次数", "type": "integer"},
    {"name": "last_visit", "label": "最近到店", "type": "datetime"},
    {"name": "vip", "label": "VIP", "type": "switch"},
    {"name": "height", "label": "身高", "type": "number"},
    {"name": "wechat", "label": "微信号", "type": "text", "options": {"searchable": False}},
    {"name": "address", "label": "住址", "type": "text", "options": {"searchable": False}},
    {"name": "occupation", "label": "职业", "type": "text", "options": {"searchable": False}},
    {"name": "note", "label": "备注", "type": "textarea"},
    {"name": "rating", "label": "满意度", "type": "rating"},
]
HEADERS = [f["label"] for f in FIELDS]


def row(i, rnd):
    name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)
    return [
        name,
        f"1{rnd.choice('3456789')}{i:09d}"[:11],
        rnd.choice(["female", "female", "female", "male"]),
        f"{rnd.randint(1960, 2004)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
        rnd.choice(CITIES),
        rnd.choice(LEVELS),
        f"{rnd.randint(2019, 2026)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
        str(rnd.randint(0, 100000)),
        f"{rnd.randint(0, 2000000) / 100:.2f}",
        f"c{i}@example.com",
        rnd.choice(SOURCES),
        str(rnd.randint(0, 80)),
        f"2026-{rnd.randint(1, 10):02d}-{rnd.randint(1, 28):02d}T10:30:00+08:00",
        rnd.choice(["是", "否"]),
        f"{rnd.randint(150, 185)}.{rnd.randint(0, 9)}",
        f"wx_{i:08d}",
        f"上海市静安区南京西路{rnd.randint(1, 2000)}号",
        rnd.choice(["教师", "设计师", "工程师", "医生", "会计", "自由职业"]),
        "",
        str(rnd.randint(1, 5)),
    ]


def csv_chunk(start, count, rnd):
    lines = [",".join(HEADERS)]
    for i in range(start, start + count):
        lines.append(",".join(row(i, rnd)))
    return ("\n".join(lines) + "\n").encode()


def call(url, method="GET", body=None, headers=None, content_type="application/json", timeout=600):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": content_type, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def import_file(base, auth, body, content_type):
    t0 = time.monotonic()
    status, report = call(base + "/api/v1/data/bench_customer/import?dry_run=false", "POST", body,
                          auth, content_type)
    elapsed = time.monotonic() - t0
    if status != 200 or not report.get("committed"):
        raise SystemExit(f"import failed: {status} {json.dumps(report, ensure_ascii=False)[:500]}")
    return elapsed, report["created"]


def seed(base, auth):
    # One compound index, as a clinic would declare for its most used list (城市 + 入会日期).
    status, body = call(base + "/api/v1/schema/entities", "POST",
                        {"name": "bench_customer", "label": "基准客户", "fields": FIELDS,
                         "options": {"indexes": [["city", "joined_on"]]}}, auth)
    if status != 201:
        raise SystemExit(f"creating the bench entity failed: {status} {body}")
    rnd = random.Random(20261122)
    seconds, done = 0.0, 0
    while done < RECORDS:
        n = min(CHUNK, RECORDS - done)
        took, created = import_file(base, auth, csv_chunk(done, n, rnd), "text/csv")
        seconds += took
        done += created
    return seconds


def timed(url, headers, n=21):
    """Median and worst wall time of n sequential requests (ms), after one warm-up."""
    call(url, headers=headers)
    times = []
    for _ in range(n):
        t0 = time.monotonic()
        status, _ = call(url, headers=headers)
        times.append((time.monotonic() - t0) * 1000)
        assert status == 200, status
    return statistics.median(times), max(times)


def xlsx_import(base, auth, tmp, peony):
    """Writes 100,000 rows as XLSX through the server's own export, then imports that file."""
    gen = os.path.join(os.path.dirname(__file__), "make_import_xlsx.py")
    path = os.path.join(tmp, "import.xlsx")
    if not os.path.exists(gen):
        return None
    subprocess.run(["python3", gen, "--rows", "100000", "--out", path], check=True,
                   capture_output=True)
    with open(path, "rb") as f:
        body = f.read()
    return import_file(base, auth, body,
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def login(base, username, password):
    """Signs in; returns the session cookie and the headers for requests with it (cookie, CSRF)."""
    req = urllib.request.Request(base + "/api/v1/auth/login", method="POST",
                                 data=json.dumps({"username": username,
                                                  "password": password}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        cookie = r.headers["Set-Cookie"].split(";")[0]
        csrf = json.loads(r.read())["csrf_token"]
    return cookie, {"Cookie": cookie, "X-CSRF-Token": csrf}


def reader_session(base, admin):
    """A front-desk style reader: may read and create bench records, may not unmask the phone."""
    grants = [{"permission": f"data.bench_customer.{a}", "scope": "all"} for a in ("read", "create")]
    status, body = call(base + "/api/v1/roles/bench_reader", "PUT",
                        {"label": "基准查询", "grants": grants}, admin)
    assert status == 200, (status, body)
    password = "Reader-pass-2026"
    status, body = call(base + "/api/v1/users", "POST",
                        {"username": "bench_reader", "display_name": "查询员", "password": password,
                         "roles": ["bench_reader"]}, admin)
    assert status == 201, (status, body)
    return login(base, "bench_reader", password)[1]


def measure(base, admin, tmp, wrk, peony, only_reads=False):
    rows, notes = [], []
    seed_s = seed(base, admin)
    notes.append(f"seeded {RECORDS:,} records by CSV import in {seed_s:.1f} s "
                 f"({RECORDS / seed_s:,.0f} rows/s)")
    size = f"{RECORDS // 1000:,}k rows" if RECORDS < 1_000_000 else f"{RECORDS / 1e6:g}M rows"
    auth = reader_session(base, admin)
    hdr = [f"{k}: {v}" for k, v in auth.items()]
    admin_hdr = [f"{k}: {v}" for k, v in admin.items()]

    get_lua = os.path.join(tmp, "get.lua")
    with open(get_lua, "w") as f:
        f.write(f"math.randomseed(7)\nrequest = function()\n"
                f"  return wrk.format('GET', '/api/v1/data/bench_customer/' .. "
                f"math.random(1, {RECORDS}))\nend\n")
    rows.append((f"GET /data/{{e}}/{{id}} ({size}, masked)",
                 wrk(base + "/", script=get_lua, headers=hdr)))
    rows.append((f"GET /data/{{e}}/{{id}} ({size}, admin, audited)",
                 wrk(base + "/", script=get_lua, headers=admin_hdr)))

    flt = urllib.parse.quote(json.dumps({"field": "city", "op": "eq", "value": "hangzhou"}))
    list_url = f"{base}/api/v1/data/bench_customer?limit=50&filter={flt}&sort=-joined_on"
    rows.append((f"GET /data/{{e}}?filter&sort ({size}, compound index)",
                 wrk(list_url, headers=hdr)))
    # The same shape on two fields with only their own indexes: the score index is walked and
    # every row read to test the level (about 4 rows per match).
    level = urllib.parse.quote(json.dumps({"field": "level", "op": "eq", "value": "gold"}))
    rows.append((f"GET /data/{{e}}?filter&sort ({size}, field indexes)",
                 wrk(f"{base}/api/v1/data/bench_customer?limit=50&filter={level}&sort=-score",
                     headers=hdr)))
    by_id = f"{base}/api/v1/data/bench_customer?limit=50&filter={flt}"
    rows.append((f"GET /data/{{e}}?filter, id order ({size})", wrk(by_id, headers=hdr)))

    if only_reads:
        return rows, notes
    create_lua = os.path.join(tmp, "create.lua")
    body = json.dumps({"name": "基准新客", "city": "shanghai", "level": "gold", "score": 42,
                       "joined_on": "2026-11-22", "spend": 128000}, ensure_ascii=False)
    with open(create_lua, "w") as f:
        f.write("wrk.method = 'POST'\nwrk.headers['Content-Type'] = 'application/json'\n"
                f"wrk.body = [[{body}]]\n")
    rows.append(("POST /data/{e} (create)", wrk(base + "/api/v1/data/bench_customer",
                                                script=create_lua, headers=hdr)))

    q = urllib.parse.quote("丽华")
    med, worst = timed(f"{base}/api/v1/data/bench_customer?limit=50&q={q}", auth)
    notes.append(f"search q=丽华 over {RECORDS:,} names: median {med:.1f} ms, worst {worst:.1f} ms "
                 "(21 sequential requests, wall time)")
    med, worst = timed(f"{base}/api/v1/data/bench_customer?limit=50&q={urllib.parse.quote('秀')}",
                       auth)
    notes.append(f"search q=秀 (one character): median {med:.1f} ms, worst {worst:.1f} ms")
    imported = xlsx_import(base, admin, tmp, peony)
    if imported:
        notes.append(f"import of a 100,000-row XLSX (20 columns): {imported[0]:.1f} s")
    return rows, notes
