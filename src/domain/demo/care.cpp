// Treatments and their follow-ups. A completed treatment names its practitioner (a doctor for
// injections, lasers and surgery; a technician or nurse for skin care and wellness), the lot of
// its consumable and any reaction; its follow-ups fall on the service's days, done with a score
// when past, pending when due.
#include <array>

#include "domain/demo/journey.h"

namespace peony::domain::demo::internal {
namespace {

constexpr std::array<std::string_view, 6> kReactions = {
    "轻微红肿，24 小时内消退",  "针眼处少量淤青，嘱冷敷",    "局部轻微刺痛，已缓解",
    "皮肤轻度干燥，嘱加强保湿", "暂时性泛红，约 2 小时消退", "轻微结痂，嘱勿抠抓"};

constexpr std::array<std::string_view, 6> kTreatmentNotes = {
    "客户对效果满意",       "已告知术后注意事项",
    "下次建议加做补水护理", "客户怕痛，已敷麻药 30 分钟",
    "术前术后已拍照对比",   "客户希望下次约周末"};

constexpr std::array<std::string_view, 8> kOutcomes = {
    "恢复良好，无红肿",         "效果满意，已预约下次疗程", "轻微红肿，已告知冷敷和避免日晒",
    "肤质明显改善，客户很满意", "略有淤青，嘱咐继续观察",   "客户反馈效果不明显，已安排医生复诊",
    "恢复正常，提醒注意防晒",   "客户表示愿意推荐朋友来做"};

std::vector<int> FollowUpDays(std::string_view text) {
  std::vector<int> out;
  int n = -1;
  for (char ch : std::string(text) + ",") {
    if (ch >= '0' && ch <= '9') {
      n = (n < 0 ? 0 : n * 10) + (ch - '0');
    } else if (n >= 0) {
      out.push_back(n);
      n = -1;
    }
  }
  return out;
}

std::string Lot(Random& r, const LocalDate& day) {
  return "L" + Padded(day.y % 100, 2) + Padded(day.m, 2) + Padded(r.Between(1, 9999), 4);
}

Status WriteFollowUps(Ctx& x, Journey& j, const ServiceItem& s, int64_t treatment_id,
                      const LocalDate& day) {
  std::vector<int> days = FollowUpDays(s.follow_up_days);
  if (days.empty() && x.r.Percent(40)) days.push_back(7);  // a satisfaction call
  const int64_t today = DaysSinceEpoch(x.clinic.today);
  for (int d : days) {
    const LocalDate due = AddDays(day, d);
    const int64_t age = today - DaysSinceEpoch(due);  // days overdue
    std::string status = "pending";
    if (age > 2 || (age >= 0 && x.r.Percent(40))) status = x.r.Percent(86) ? "done" : "unreachable";
    boost::json::object o{{"customer", j.customer_id}, {"treatment", treatment_id},
                          {"due_on", FormatDate(due)}, {"day", d},
                          {"status", status},          {"branch_id", x.clinic.branches[j.branch]}};
    if (j.consultant != 0) {
      o["assignee"] = j.consultant;
      o["owner_id"] = j.consultant;
    }
    if (status == "done") {
      o["outcome"] = x.r.Pick(std::span<const std::string_view>(kOutcomes));
      o["satisfaction"] = static_cast<int64_t>(5 - x.r.Weighted({55, 30, 10, 4, 1}));
    } else if (status == "unreachable") {
      o["outcome"] = "电话未接通，已发短信提醒";
    }
    PEONY_CHECK(x.w.Create(x.c, "follow_up", o));
  }
  return Ok();
}

}  // namespace

Status WriteTreatment(Ctx& x, Journey& j, int service, UtcMillis at, HeldCard* card) {
  const ServiceItem& s = Services()[static_cast<size_t>(service)];
  const bool planned = at > x.clinic.now;
  const LocalDate day = DayOf(x.clinic, at);
  int64_t practitioner = 0;
  if (s.needs_doctor) {
    practitioner = x.clinic.StaffAt(x.r, "doctor", j.branch);
  } else {
    practitioner = x.clinic.StaffAt(x.r, x.r.Percent(70) ? "technician" : "nurse", j.branch);
  }
  boost::json::object o{{"customer", j.customer_id},
                        {"service", x.clinic.service_ids[static_cast<size_t>(service)]},
                        {"treated_at", x.w.Instant(at)},
                        {"status", planned ? "planned" : "completed"},
                        {"branch_id", x.clinic.branches[j.branch]}};
  if (j.consultant != 0) o["consultant"] = j.consultant;
  if (practitioner != 0) {
    o["practitioner"] = practitioner;
    o["owner_id"] = practitioner;
  }
  if (s.needs_doctor) {
    if (const int64_t nurse = x.clinic.StaffAt(x.r, "nurse", j.branch); nurse != 0) {
      o["nurse"] = nurse;
    }
  }
  if (card) {
    o["card"] = card->id;
    if (!planned && x.clinic.cards) {
      cards::DeductInput d;
      d.service_id = x.clinic.service_ids[static_cast<size_t>(service)];
      d.customer_id = j.customer_id;
      x.clinic.card_clock->Set(at);
      PEONY_CHECK(x.clinic.cards->DeductInTx(x.c, x.w.who(), card->id, d));
    }
    const std::string_view kind = CardProducts()[static_cast<size_t>(card->product)].kind;
    if (!planned && (kind == "count" || kind == "package")) --card->sessions_left;
    const bool more = kind == "time" || card->sessions_left > 0;
    if (!planned && more && s.repeat_days > 0) {
      o["next_session_on"] = FormatDate(AddDays(day, s.repeat_days));
    }
  }
  if (!planned) {
    if (!s.consumable.empty()) {
      o["consumables"] = std::string(s.consumable) + "（批号 " + Lot(x.r, day) + "）×1";
    }
    o["reaction"] = x.r.Percent(90) ? std::string_view("无")
                                    : x.r.Pick(std::span<const std::string_view>(kReactions));
    if (x.r.Percent(30)) o["note"] = x.r.Pick(std::span<const std::string_view>(kTreatmentNotes));
  }
  PEONY_TRY(auto id, x.w.Create(x.c, "treatment", o));
  if (planned) return Ok();
  return WriteFollowUps(x, j, s, id, day);
}

}  // namespace peony::domain::demo::internal
