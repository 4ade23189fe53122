// The demo customers — mostly women of 22 to 50 living in Shanghai, from the usual channels, a
// share referred by earlier customers — each with the lead she came from and her history
// (visits.cpp); and the leads that never became customers: lost with a reason, or still in the
// pipeline when recent.
#include <algorithm>
#include <array>

#include "domain/demo/journey.h"

namespace peony::domain::demo::internal {
namespace {

constexpr std::array<std::string_view, 8> kChannels = {
    "meituan", "douyin", "xiaohongshu", "dianping", "referral", "walk_in", "baidu", "other"};

std::string_view Channel(Random& r, bool referral_possible) {
  for (;;) {
    const std::string_view c = kChannels[r.Weighted({14, 18, 16, 12, 14, 10, 6, 4})];
    if (c != "referral" || referral_possible) return c;
  }
}

constexpr std::array<std::string_view, 10> kTags = {"敏感肌",   "抗衰需求", "价格敏感", "怕痛",
                                                    "学生",     "上班族",   "宝妈",     "痘肌",
                                                    "医美小白", "高消费"};
constexpr std::array<std::string_view, 5> kHistories = {
    "甲状腺功能减退（服药中）", "高血压（控制良好）", "剖宫产史", "轻度贫血", "过敏性鼻炎"};
constexpr std::array<std::string_view, 4> kAllergies = {"青霉素过敏", "海鲜过敏", "花粉过敏",
                                                        "酒精过敏"};

// The services men ask for most.
constexpr std::array<int, 6> kMenServices = {12, 16, 21, 23, 13, 9};

int FirstInterest(Random& r, bool female) {
  if (!female) return r.Pick(std::span<const int>(kMenServices));
  int total = 0;
  for (const auto& s : Services()) total += s.weight;
  int64_t x = r.Below(total);
  for (size_t i = 0; i < Services().size(); ++i) {
    if (x < Services()[i].weight) return static_cast<int>(i);
    x -= Services()[i].weight;
  }
  return 0;
}

// A day in [first_day, today]; later days are somewhat likelier, as a clinic grows.
LocalDate SomeDay(Random& r, const Clinic& clinic) {
  const int64_t span = DaysSinceEpoch(clinic.today) - DaysSinceEpoch(clinic.first_day);
  int64_t d = r.Below(span + 1);
  if (r.Percent(35)) d = std::max(d, r.Below(span + 1));
  return AddDays(clinic.first_day, d);
}

std::string_view Level(int64_t spend_fen) {
  if (spend_fen >= 50'000'00) return "diamond";
  if (spend_fen >= 20'000'00) return "gold";
  if (spend_fen >= 8'000'00) return "silver";
  return "normal";
}

}  // namespace

Status WriteCustomer(storage::Conn& c, Writer& w, Random& r, People& people, const Clinic& clinic,
                     std::vector<CustomerRef>& customers) {
  Ctx x{c, w, r, clinic};
  const LocalDate first_visit = SomeDay(r, clinic);
  const bool female = r.Percent(88);
  const Person p =
      people.Next(female, 20 + static_cast<int>(r.Below(6)), female ? 50 : 45, clinic.today);
  Journey j;
  j.branch = clinic.branches.size() > 1 && r.Percent(42) ? 1 : 0;
  j.consultant = clinic.StaffAt(r, "consultant", j.branch);
  j.persona = static_cast<Persona>(r.Weighted({30, 42, 28}));
  j.interest = FirstInterest(r, female);
  const std::string_view source = Channel(r, !customers.empty());

  boost::json::object o{{"name", p.name},
                        {"gender", female ? "female" : "male"},
                        {"phone", p.phone},
                        {"birthday", FormatDate(p.birthday)},
                        {"source", source},
                        {"level", "normal"},
                        {"branch_id", clinic.branches[j.branch]}};
  if (r.Percent(85)) o["id_number"] = p.id_number;
  if (r.Percent(70)) o["address"] = p.address;
  if (j.consultant != 0) {
    o["consultant"] = j.consultant;
    o["owner_id"] = j.consultant;
  }
  if (source == "referral") {
    // Referrers come from the same branch when there is one.
    std::vector<int64_t> same;
    for (const auto& ref : customers) {
      if (ref.branch == j.branch) same.push_back(ref.id);
    }
    if (same.empty()) same.push_back(customers.front().id);
    o["referrer"] = r.Pick(std::span<const int64_t>(same));
  }
  boost::json::array tags;
  for (int64_t n = r.Weighted({40, 35, 20, 5}); n > 0; --n) {
    const std::string_view tag = r.Pick(std::span<const std::string_view>(kTags));
    if (std::find(tags.begin(), tags.end(), boost::json::value(tag)) == tags.end()) {
      tags.emplace_back(tag);
    }
  }
  if (!tags.empty()) o["tags"] = std::move(tags);
  o["medical_history"] = r.Percent(85) ? std::string_view("无")
                                       : r.Pick(std::span<const std::string_view>(kHistories));
  o["allergies"] = r.Percent(88) ? std::string_view("无")
                                 : r.Pick(std::span<const std::string_view>(kAllergies));
  PEONY_TRY(j.customer_id, w.Create(c, "customer", o));

  if (source != "walk_in") {
    // The lead she came from, a few days to three weeks before her first visit.
    LocalDate lead_day = AddDays(first_visit, -r.Between(0, 21));
    if (lead_day < clinic.first_day) lead_day = clinic.first_day;
    boost::json::object lead{
        {"name", p.name},
        {"phone", p.phone},
        {"channel", source},
        {"intent", r.Percent(60) ? "high" : "medium"},
        {"stage", "won"},
        {"interest", Services()[static_cast<size_t>(j.interest)].name},
        {"customer", j.customer_id},
        {"note", "登记于 " + FormatDate(lead_day) + "；首次到店 " + FormatDate(first_visit)},
        {"branch_id", clinic.branches[j.branch]}};
    if (j.consultant != 0) {
      lead["owner"] = j.consultant;
      lead["owner_id"] = j.consultant;
    }
    PEONY_CHECK(w.Create(c, "lead", lead));
  }

  PEONY_CHECK(WriteVisits(x, j, first_visit));
  if (const std::string_view level = Level(j.spend_fen); level != "normal") {
    PEONY_CHECK(w.Update(c, "customer", j.customer_id, {{"level", level}}));
  }
  customers.push_back({j.customer_id, j.branch});
  return Ok();
}

Status WriteOpenLeads(storage::Conn& c, Writer& w, Random& r, People& people, const Clinic& clinic,
                      int count) {
  static constexpr std::array<std::string_view, 5> kLostReasons = {"price", "competitor", "no_need",
                                                                   "unreachable", "other"};
  static constexpr std::array<std::string_view, 5> kLostNotes = {
      "觉得价格偏高，对比了几家机构", "已在其他机构做了", "暂时没有需求，过段时间再说",
      "多次电话未接通", "家人不同意"};
  static constexpr std::array<std::string_view, 4> kOpenStages = {"new", "contacted", "booked",
                                                                  "visited"};
  for (int i = 0; i < count; ++i) {
    const LocalDate day = SomeDay(r, clinic);
    const int64_t age = DaysSinceEpoch(clinic.today) - DaysSinceEpoch(day);
    const bool female = r.Percent(85);
    const size_t branch = clinic.branches.size() > 1 && r.Percent(42) ? 1 : 0;
    const int interest = FirstInterest(r, female);
    boost::json::object o{
        {"name", people.Name(female)},
        {"phone", people.Phone()},
        {"channel", Channel(r, true)},
        {"intent",
         std::array<std::string_view, 3>{"high", "medium", "low"}[r.Weighted({20, 45, 35})]},
        {"interest", Services()[static_cast<size_t>(interest)].name},
        {"branch_id", clinic.branches[branch]}};
    // Records carry the day they were written, so the day the lead came in is in its note.
    std::string note = "登记于 " + FormatDate(day);
    // Old leads were mostly lost; recent ones are still being worked.
    const bool lost = age > 30 ? r.Percent(85) : r.Percent(12);
    if (lost) {
      const size_t reason = r.Weighted({30, 20, 25, 20, 5});
      o["stage"] = "lost";
      o["lost_reason"] = kLostReasons[reason];
      note += "；" + std::string(kLostNotes[reason]);
    } else {
      const std::string_view stage = kOpenStages[r.Weighted({30, 35, 25, 10})];
      o["stage"] = stage;
      if (age <= 30) {
        LocalDateTime next{AddDays(clinic.today, r.Between(1, 7)),
                           static_cast<int>(r.Between(10, 18)), 0, 0, 0};
        o["next_follow_at"] = w.Instant(clinic.zone.ToUtc(next));
      }
    }
    const int64_t owner = clinic.StaffAt(r, r.Percent(70) ? "consultant" : "front_desk", branch);
    if (owner != 0) {
      o["owner"] = owner;
      o["owner_id"] = owner;
    }
    o["note"] = note;
    PEONY_CHECK(w.Create(c, "lead", o));
  }
  return Ok();
}

}  // namespace peony::domain::demo::internal
