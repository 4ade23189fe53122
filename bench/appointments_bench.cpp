// `./dev bench` figures of the appointments issue, in-process (no HTTP), printed as text:
//   free slots      Appointments::Availability for one 60-minute service across 50 practitioners
//                   rostered 09:00-21:00 every day, over 14 days, with 100,000 existing bookings
//                   (written in one transaction through the module's own insert path: the
//                   appointment row, its resources and its occupancy buckets): median and p99 of
//                   `calls` calls (target ≤ 5 ms).
//   booking create  Appointments::Book from 32 threads into distinct free (practitioner, hour)
//                   pairs: bookings per second (target ≥ 1,000), on SQLite and — with
//                   PEONY_BENCH_PG — on PostgreSQL (in a schema of its own, dropped after);
//                   then as many bookings that leave the practitioner to be assigned.
// Usage: peony_appointments_bench [bookings=100000] [calls=200] [creates=5000]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/automation.h"
#include "app/database.h"
#include "common/log.h"
#include "domain/appointments/appointments.h"
#include "domain/appointments/loader.h"
#include "domain/appointments/planner.h"
#include "domain/appointments/store.h"
#include "platform/access/bootstrap.h"
#include "platform/access/directory.h"
#include "platform/templates/templates.h"
#include "storage/crypto/key_ring.h"
#include "storage/migrations/migrations.h"

namespace peony {
namespace {

namespace json = boost::json;
namespace appts = domain::appointments;
using Steady = std::chrono::steady_clock;

constexpr int kPractitioners = 50;
constexpr int kDays = 14;
constexpr int kOpenHour = 9, kCloseHour = 21;  // rostered every day
constexpr int kThreads = 32;

double Ms(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::cerr << what << ": " << s.error().code << " " << s.error().message_en << "\n";
    std::exit(1);
  }
}

template <class T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) Check(r.error(), what);
  return std::move(r).value();
}

// One clinic: the medical-aesthetics template, 50 injectors with weekly rosters, one service,
// one customer, and `bookings` appointments (all but a few per practitioner-day in the past, so
// the 14 days searched stay partly free).
struct Clinic {
  std::unique_ptr<storage::Db> db;
  storage::crypto::KeyRing keys = storage::crypto::KeyRing::Generate();
  std::unique_ptr<schema::CatalogStore> catalog;
  std::unique_ptr<records::Records> records;
  access::Principal admin;
  int64_t branch = 0, service = 0, customer = 0;
  std::vector<int64_t> staff;
  TimeZone zone = TimeZone::Utc();
  LocalDate first;  // the first day searched (tomorrow)
};

void Build(Clinic& k, const std::string& url, int64_t bookings) {
  const Clock& clock = SystemClock::Instance();
  k.db = Must(storage::OpenDb({url, 8}), "open");
  Check(storage::Migrate(*k.db, app::AllMigrations()), "migrate");
  access::BootstrapOptions bo;
  bo.admin_password = "Bench-pass-1";
  bo.password_params = {1, 64, 1};
  const auto boot = Must(access::Bootstrap(*k.db, clock, bo), "bootstrap");
  k.catalog = std::make_unique<schema::CatalogStore>(*k.db, clock);
  k.records = std::make_unique<records::Records>(*k.db, *k.catalog, clock, k.keys);
  k.admin.org_id = boot.org_id;
  k.admin.user_id = 1;
  k.admin.username = "admin";
  k.admin.permissions = {"*"};
  k.admin.scopes["*"] = access::Scope::kAll;
  {
    access::Directory directory(*k.db, clock);
    app::Automation automation(*k.db, *k.catalog, *k.records, k.keys, clock, {});
    const auto t = Must(templates::Load("medical-aesthetics"), "template");
    Check(StatusOf(templates::Apply({*k.db, *k.catalog, directory, *automation.rules, clock}, t,
                                    k.admin)),
          "apply");
  }
  k.zone = Must(TimeZone::Find("Asia/Shanghai"), "zone");
  const LocalDate today = k.zone.DateOf(clock.Now());
  k.first = AddDays(today, 1);
  const records::Caller who{k.admin, ""};
  const auto t0 = Steady::now();
  Check(k.db->WriteTx([&](storage::Conn& c) -> Status {
    PEONY_TRY(auto rows, c.Query("SELECT id FROM branches WHERE org_id = ? ORDER BY id LIMIT 1",
                                 {k.admin.org_id}));
    k.branch = rows.Int(0, 0);
    PEONY_TRY(auto service,
              k.records->CreateInTx(
                  c, who, "service",
                  {{"name", "水光针"}, {"duration_min", 60}, {"required_skill", "注射"}}, 0));
    k.service = service.at("id").as_int64();
    PEONY_TRY(auto customer,
              k.records->CreateInTx(c, who, "customer",
                                    {{"name", "王丽华"}, {"branch_id", k.branch}}, 0));
    k.customer = customer.at("id").as_int64();
    for (int i = 0; i < kPractitioners; ++i) {
      PEONY_TRY(auto s, k.records->CreateInTx(c, who, "staff",
                                              {{"name", "医生" + std::to_string(i + 1)},
                                               {"skills", json::array{"注射"}},
                                               {"branch_id", k.branch}},
                                              0));
      k.staff.push_back(s.at("id").as_int64());
      std::vector<appts::WeeklyShift> week;
      for (int d = 0; d < 7; ++d) {
        appts::WeeklyShift w;
        w.staff_id = k.staff.back();
        w.branch_id = k.branch;
        w.weekday = d;
        w.shift = {kOpenHour * 60, kCloseHour * 60, {}};
        week.push_back(w);
      }
      PEONY_CHECK(appts::internal::ReplaceWeekly(c, k.admin.org_id, k.staff.back(), week));
    }
    // Bookings: 5 a day per practitioner in the 14 days searched, the rest spread over the days
    // before, at distinct hours of the roster.
    std::mt19937_64 rng(20261122);
    const int hours = kCloseHour - kOpenHour;
    const int64_t future = std::min<int64_t>(bookings, int64_t{kPractitioners} * kDays * 5);
    const int64_t past = bookings - future;
    const int64_t past_days = (past + int64_t{kPractitioners} * 10 - 1) / (kPractitioners * 10);
    int64_t id = 1'000'000'000, written = 0;
    auto day_of = [&](int64_t n, int per_day, LocalDate from, int64_t& index) -> Status {
      for (int64_t done = 0; done < n;) {
        const LocalDate day = AddDays(from, index / kPractitioners);
        const int64_t pid = k.staff[static_cast<size_t>(index % kPractitioners)];
        ++index;
        std::vector<int> slots(static_cast<size_t>(hours));
        for (int h = 0; h < hours; ++h) slots[static_cast<size_t>(h)] = h;
        std::shuffle(slots.begin(), slots.end(), rng);
        for (int j = 0; j < per_day && done < n; ++j, ++done) {
          appts::Appointment a;
          a.id = ++id;
          a.org_id = k.admin.org_id;
          a.branch_id = k.branch;
          a.customer_id = k.customer;
          a.service_id = k.service;
          a.practitioner_id = pid;
          a.start_at = k.zone.ToUtc({day, kOpenHour + slots[static_cast<size_t>(j)], 0, 0, 0});
          a.end_at = a.start_at + 60 * appts::kMinuteMs;
          a.busy_from = a.start_at;
          a.busy_to = a.end_at;
          a.booked_at = a.updated_at = clock.Now();
          PEONY_CHECK(appts::internal::InsertAppointment(c, a));
          PEONY_CHECK(appts::internal::Occupy(c, a));
          ++written;
        }
      }
      return Ok();
    };
    int64_t index = 0;
    PEONY_CHECK(day_of(future, 5, k.first, index));
    index = 0;
    PEONY_CHECK(day_of(past, 10, AddDays(today, -past_days - 1), index));
    std::cout << "seeded " << written << " bookings, " << kPractitioners << " practitioners";
    return Ok();
  }),
        "seed");
  std::cout << " in " << Ms(t0, Steady::now()) / 1000 << " s\n";
}

void AvailabilityBench(Clinic& k, int calls) {
  appts::Appointments svc(*k.db, *k.records, SystemClock::Instance());
  appts::AvailabilityInput in;
  in.service_ids = {k.service};
  in.branch_id = k.branch;
  in.from = k.first;
  in.to = AddDays(k.first, kDays - 1);
  const records::Caller who{k.admin, ""};
  size_t slots = 0;
  std::vector<double> ms;
  for (int i = 0; i < calls + 5; ++i) {
    const auto t0 = Steady::now();
    auto r = svc.Availability(who, in);
    const double took = Ms(t0, Steady::now());
    Check(StatusOf(r), "availability");
    if (i >= 5) ms.push_back(took);  // the first calls warm the caches
    slots = r->at("slots").as_array().size();
  }
  // Where the time goes: loading (rosters, staff records, bookings) and the planner.
  std::vector<double> load_ms, plan_ms, busy_ms, staff_ms;
  for (int i = 0; i < std::min(calls, 50); ++i) {
    Check(k.db->ReadTx([&](storage::Conn& c) -> Status {
      PEONY_TRY(auto s, appts::internal::LoadService(c, *k.records, k.admin.org_id, k.service));
      const std::vector<appts::ServiceNeeds> services{*s};
      const auto t0 = Steady::now();
      PEONY_TRY(auto r, appts::internal::LoadResources(c, *k.records, k.admin.org_id, k.branch,
                                                       in.from, in.to, k.zone, services));
      const auto t1 = Steady::now();
      appts::SlotQuery q;
      q.from = in.from;
      q.to = in.to;
      q.not_before = SystemClock::Instance().Now();
      const auto found = appts::FindSlots(r, services, k.zone, q);
      const auto b0 = Steady::now();
      PEONY_TRY(auto busy,
                appts::internal::BusyOf(c, k.admin.org_id, "staff", k.staff,
                                        appts::internal::DaysRange(k.zone, in.from, in.to)));
      const auto b1 = Steady::now();
      for (int64_t id : k.staff) {
        PEONY_TRY(auto rec, k.records->ReadInTx(c, k.admin.org_id, "staff", id));
        (void)rec;
      }
      const auto b2 = Steady::now();
      busy_ms.push_back(Ms(b0, b1));
      staff_ms.push_back(Ms(b1, b2));
      load_ms.push_back(Ms(t0, t1));
      plan_ms.push_back(Ms(t1, b0));
      return Ok();
    }),
          "breakdown");
  }
  std::sort(load_ms.begin(), load_ms.end());
  std::sort(busy_ms.begin(), busy_ms.end());
  std::sort(staff_ms.begin(), staff_ms.end());
  std::sort(plan_ms.begin(), plan_ms.end());
  std::sort(ms.begin(), ms.end());
  const double median = ms[ms.size() / 2];
  const double p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  std::cout << "free slots, SQLite: one service, " << kPractitioners << " practitioners × " << kDays
            << " days → " << slots << " slots; median " << median << " ms, p99 " << p99
            << " ms over " << calls << " calls (target ≤ 5 ms: " << (p99 <= 5 ? "met" : "MISSED")
            << "); of which loading " << load_ms[load_ms.size() / 2] << " ms, planner "
            << plan_ms[plan_ms.size() / 2] << " ms (medians)\n";
  std::cout << "  (bookings query " << busy_ms[busy_ms.size() / 2] << " ms, 50 staff reads "
            << staff_ms[staff_ms.size() / 2] << " ms)\n";
}

// Books distinct free (practitioner, hour) pairs of the 14 days from 32 threads.
// `named`: each booking names its practitioner; otherwise the practitioner is assigned (the
// least-booked free one with the skill), as for a front desk that books "anyone".
void BookingBench(Clinic& k, const char* label, int64_t want, bool named) {
  appts::Appointments svc(*k.db, *k.records, SystemClock::Instance());
  appts::AvailabilityInput in;
  in.service_ids = {k.service};
  in.branch_id = k.branch;
  in.from = k.first;
  in.to = AddDays(k.first, kDays - 1);
  const records::Caller who{k.admin, ""};
  const auto found = Must(svc.Availability(who, in), "availability");
  std::vector<appts::BookInput> jobs;
  for (const auto& s : found.at("slots").as_array()) {
    const auto start = ParseRfc3339(s.at("start").as_string());
    if (!start || (*start / appts::kMinuteMs) % 60 != 0) continue;  // whole hours only
    for (const auto& p : s.at("practitioner_ids").as_array()) {
      appts::BookInput b;
      b.customer_id = k.customer;
      b.service_id = k.service;
      b.branch_id = k.branch;
      b.start = *start;
      if (named) b.practitioner_id = p.as_int64();
      jobs.push_back(b);
    }
  }
  std::shuffle(jobs.begin(), jobs.end(), std::mt19937_64(7));
  // The named run leaves at least half of the free times to the assigned run that follows.
  if (named) want = std::min<int64_t>(want, static_cast<int64_t>(jobs.size() / 2));
  if (static_cast<int64_t>(jobs.size()) > want) jobs.resize(static_cast<size_t>(want));
  if (jobs.empty()) {
    std::cout << "booking create, " << label << ": no free times left to book\n";
    return;
  }
  std::atomic<size_t> next{0};
  std::atomic<int64_t> made{0}, refused{0};
  const auto t0 = Steady::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < jobs.size(); i = next++) {
        auto r = svc.Book(who, jobs[i]);
        (r.ok() ? made : refused)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double s = Ms(t0, Steady::now()) / 1000;
  std::cout << "booking create (" << (named ? "named practitioner" : "assigned practitioner")
            << "), " << label << ", " << kThreads << " threads: " << made.load() << " booked, "
            << refused.load() << " refused in " << s << " s ("
            << static_cast<int64_t>(static_cast<double>(made.load()) / s)
            << " bookings/s; target ≥ 1,000)\n";
}

}  // namespace
}  // namespace peony

int main(int argc, char** argv) {
  using namespace peony;
  const int64_t bookings = argc > 1 ? std::atoll(argv[1]) : 100000;
  const int calls = argc > 2 ? std::atoi(argv[2]) : 200;
  const int64_t creates = argc > 3 ? std::atoll(argv[3]) : 5000;
  log::Init(log::Level::kWarn);
  const std::string dir = std::filesystem::temp_directory_path() / "peony-appointments-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    Clinic k;
    Build(k, "sqlite:" + dir + "/appointments.db", bookings);
    AvailabilityBench(k, calls);
    if (creates > 0) BookingBench(k, "SQLite", creates, true);
    if (creates > 0) BookingBench(k, "SQLite", creates, false);
  }
  std::filesystem::remove_all(dir);
  if (const char* pg = std::getenv("PEONY_BENCH_PG"); pg && *pg) {
    auto admin = Must(storage::OpenDb({pg, 2}), "open pg");
    Check(admin->WriteTx([](storage::Conn& c) {
      return c.ExecScript(
          "DROP SCHEMA IF EXISTS appointments_bench CASCADE; CREATE SCHEMA appointments_bench");
    }),
          "schema");
    const std::string url = std::string(pg) +
                            (std::string(pg).find('?') == std::string::npos ? "?" : "&") +
                            "options=-csearch_path%3Dappointments_bench";
    {
      Clinic k;
      Build(k, url, bookings);
      if (creates > 0) BookingBench(k, "PostgreSQL", creates, true);
      if (creates > 0) BookingBench(k, "PostgreSQL", creates, false);
    }
    Check(admin->WriteTx([](storage::Conn& c) {
      return c.ExecScript("DROP SCHEMA appointments_bench CASCADE");
    }),
          "drop");
  }
  return 0;
}
