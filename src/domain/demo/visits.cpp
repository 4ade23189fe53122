// A customer's visits: the first (consultation, diagnosis for medical items, plan, purchase,
// treatment), then returns at the rhythm of her persona and of what she is having done —
// sessions deducted from her cards, new purchases, now and then a new consultation — until she
// stops coming or today is reached. A customer still coming has her next appointment booked.
#include <algorithm>
#include <array>

#include "domain/demo/journey.h"

namespace peony::domain::demo::internal {
namespace {

constexpr std::array<std::string_view, 6> kSkinTypes = {"dry",       "oily",   "combination",
                                                        "sensitive", "normal", "combination"};

struct Concern {
  std::string_view category, concern, finding;
};
constexpr std::array<Concern, 6> kConcerns = {{
    {"injection", "法令纹、苹果肌凹陷，希望面部更饱满",
     "中面部容量缺失，皮肤弹性一般，适合注射填充"},
    {"laser", "面部色斑、毛孔粗大，肤色不均", "表皮色素沉着，可见雀斑样痣，皮肤屏障尚可"},
    {"skin", "皮肤干燥、暗沉，想做日常清洁和补水", "角质层含水量偏低，轻度毛孔堵塞"},
    {"surgery", "希望眼睛更有神，改善上眼睑松弛", "上睑皮肤松弛，眶隔脂肪轻度膨出，符合手术指征"},
    {"physio", "肩颈酸痛，长期伏案工作", "肩颈肌肉紧张，颈椎曲度变直"},
    {"wellness", "压力大、睡眠不好，想放松调理", "亚健康状态，建议规律调理"},
}};

const Concern& ConcernFor(std::string_view category) {
  for (const auto& c : kConcerns) {
    if (c.category == category) return c;
  }
  return kConcerns[2];
}

// A service someone might ask for next, by popularity.
int AnyService(Random& r) {
  int total = 0;
  for (const auto& s : Services()) total += s.weight;
  int64_t x = r.Below(total);
  for (size_t i = 0; i < Services().size(); ++i) {
    if (x < Services()[i].weight) return static_cast<int>(i);
    x -= Services()[i].weight;
  }
  return 0;
}

// An instant on `day` in opening hours, never after now (today's visits happened already).
UtcMillis VisitTime(Ctx& x, const LocalDate& day) {
  const UtcMillis t = x.clinic.During(x.r, day);
  return t <= x.clinic.now ? t : x.clinic.now - x.r.Between(30, 180) * 60'000;
}

Result<int64_t> WriteConsultation(Ctx& x, Journey& j, int service, UtcMillis at,
                                  std::string_view outcome) {
  const ServiceItem& s = Services()[static_cast<size_t>(service)];
  boost::json::object o{{"customer", j.customer_id},
                        {"at", x.w.Instant(at)},
                        {"concerns", ConcernFor(s.category).concern},
                        {"recommended", s.name},
                        {"outcome", outcome},
                        {"branch_id", x.clinic.branches[j.branch]}};
  if (j.consultant != 0) {
    o["consultant"] = j.consultant;
    o["owner_id"] = j.consultant;
  }
  if (outcome == "considering") o["note"] = "客户想再比较一下，约好一周内回复";
  return x.w.Create(x.c, "consultation", o);
}

Status WriteDiagnosis(Ctx& x, Journey& j, int service, int64_t consultation, UtcMillis at) {
  const ServiceItem& s = Services()[static_cast<size_t>(service)];
  boost::json::object o{{"customer", j.customer_id},
                        {"consultation", consultation},
                        {"at", x.w.Instant(at)},
                        {"skin_type", x.r.Pick(std::span<const std::string_view>(kSkinTypes))},
                        {"findings", ConcernFor(s.category).finding},
                        {"branch_id", x.clinic.branches[j.branch]}};
  if (const int64_t doctor = x.clinic.StaffAt(x.r, "doctor", j.branch); doctor != 0) {
    o["doctor"] = doctor;
    o["owner_id"] = doctor;
  }
  return StatusOf(x.w.Create(x.c, "diagnosis", o));
}

Status WritePlan(Ctx& x, Journey& j, int64_t consultation, const std::vector<Line>& lines) {
  std::string items;
  int64_t amount = 0;
  for (const auto& l : lines) {
    if (!items.empty()) items += "\n";
    items += l.label;
    amount += l.fen;
  }
  boost::json::object o{{"customer", j.customer_id},
                        {"consultation", consultation},
                        {"title", lines.front().label + " 方案"},
                        {"items", items},
                        {"amount", amount},
                        {"status", "done"},
                        {"branch_id", x.clinic.branches[j.branch]}};
  if (j.consultant != 0) o["owner_id"] = j.consultant;
  return StatusOf(x.w.Create(x.c, "plan", o));
}

int DiscountFor(const Journey& j) {
  if (j.spend_fen >= 50'000'00) return 15;
  if (j.spend_fen >= 20'000'00) return 10;
  if (j.spend_fen >= 8'000'00) return 5;
  return 0;
}

// A purchase (a card for the service, or the single session; sometimes skin care and a stored-value
// card besides) and the treatment it pays for. After a consultation, also a diagnosis for a
// medical item and the plan.
Status Purchase(Ctx& x, Journey& j, int service, UtcMillis at, bool first,
                std::optional<int64_t> consultation) {
  const ServiceItem& s = Services()[static_cast<size_t>(service)];
  std::vector<Line> lines;
  int card = CardFor(service);
  if (card >= 0 && x.r.Percent(25)) {
    // Some items also sell as a package with skin care.
    for (size_t i = 0; i < CardProducts().size(); ++i) {
      if (CardProducts()[i].kind == "package" && CardProducts()[i].service == service) {
        card = static_cast<int>(i);
      }
    }
  }
  const bool buys_card = card >= 0 && x.r.Percent(first ? 40 : 30);
  const bool buys_stored_value = x.r.Percent(first ? 10 : 6);
  if (buys_card) {
    lines.push_back({std::string(CardProducts()[static_cast<size_t>(card)].name),
                     CardProducts()[static_cast<size_t>(card)].price_fen});
  } else {
    lines.push_back({std::string(s.name), s.price_fen});
  }
  if (x.r.Percent(18)) {
    const auto& p = Products()[static_cast<size_t>(x.r.Below(5))];  // skincare
    lines.push_back({std::string(p.name), p.price_fen});
  }
  if (consultation) {
    if (s.needs_doctor && x.r.Percent(80)) {
      PEONY_CHECK(WriteDiagnosis(x, j, service, *consultation, at + 20 * 60'000));
    }
    PEONY_CHECK(WritePlan(x, j, *consultation, lines));
  }
  const UtcMillis paid_at = at + 40 * 60'000;
  if (buys_stored_value) {
    // The three stored-value cards, the smallest most often.
    const int sv = FirstStoredValueCard() + static_cast<int>(x.r.Weighted({6, 3, 1}));
    const auto& k = CardProducts()[static_cast<size_t>(sv)];
    PEONY_CHECK(WriteOrder(x, j, paid_at, {{std::string(k.name), k.price_fen}}, 0));
    PEONY_CHECK(IssueCard(x, j, sv, paid_at));
  }
  const bool refund = !first && !buys_card && x.r.Percent(3);
  PEONY_CHECK(WriteOrder(x, j, paid_at, lines, DiscountFor(j), refund));
  if (refund) return Ok();
  HeldCard* held = nullptr;
  if (buys_card) {
    PEONY_TRY(auto index, IssueCard(x, j, card, paid_at));
    held = &j.cards[index];
    j.interest = service;
  }
  return WriteTreatment(x, j, service, paid_at + 20 * 60'000, held);
}

HeldCard* UsableCard(Journey& j, const LocalDate& day) {
  for (auto& card : j.cards) {
    const std::string_view kind = CardProducts()[static_cast<size_t>(card.product)].kind;
    if (card.valid_until < day || card.service < 0) continue;
    if (kind == "time" || card.sessions_left > 0) return &card;
  }
  return nullptr;
}

// Days until the next visit; nullopt when she stops coming.
std::optional<int64_t> NextGap(Ctx& x, const Journey& j, int visits) {
  const ServiceItem& s = Services()[static_cast<size_t>(j.interest)];
  const int64_t base = s.repeat_days > 0 ? s.repeat_days : 60;
  int64_t gap = base;
  switch (j.persona) {
    case Persona::kLoyal:
      if (x.r.Percent(3)) return std::nullopt;
      gap = base * x.r.Between(80, 130) / 100;
      break;
    case Persona::kRegular:
      if (x.r.Percent(10)) return std::nullopt;
      gap = base * x.r.Between(150, 300) / 100;
      break;
    case Persona::kOneOff:
      if (visits >= 2 || x.r.Percent(70)) return std::nullopt;
      gap = x.r.Between(90, 240);
      break;
  }
  return std::max<int64_t>(gap, 7);
}

}  // namespace

Status WriteVisits(Ctx& x, Journey& j, const LocalDate& first_visit) {
  LocalDate day = first_visit;
  int visits = 0;
  bool still_coming = true;
  while (day <= x.clinic.today) {
    const UtcMillis at = VisitTime(x, day);
    PEONY_CHECK(SettleArrears(x, j, at));
    if (visits == 0) {
      // Some take time to decide (not those who came in the last fortnight: she decides today).
      const bool considering =
          x.r.Percent(12) && DaysSinceEpoch(x.clinic.today) - DaysSinceEpoch(day) > 14;
      PEONY_TRY(auto consultation,
                WriteConsultation(x, j, j.interest, at, considering ? "considering" : "deal"));
      if (considering) {
        // She comes back within two weeks and decides.
        day = AddDays(day, x.r.Between(3, 14));
        const UtcMillis again = VisitTime(x, day);
        PEONY_TRY(consultation, WriteConsultation(x, j, j.interest, again, "deal"));
        PEONY_CHECK(Purchase(x, j, j.interest, again, true, consultation));
      } else {
        PEONY_CHECK(Purchase(x, j, j.interest, at, true, consultation));
      }
    } else if (HeldCard* card = UsableCard(j, day); card && x.r.Percent(85)) {
      PEONY_CHECK(WriteTreatment(x, j, card->service, at, card));
      if (x.r.Percent(8)) {
        const auto& p = Products()[static_cast<size_t>(x.r.Below(5))];
        PEONY_CHECK(WriteOrder(x, j, at + 90 * 60'000, {{std::string(p.name), p.price_fen}}, 0));
      }
    } else {
      const int service = x.r.Percent(55) ? j.interest : AnyService(x.r);
      std::optional<int64_t> consultation;
      if (service != j.interest || x.r.Percent(25)) {
        PEONY_TRY(consultation, WriteConsultation(x, j, service, at, "deal"));
      }
      PEONY_CHECK(Purchase(x, j, service, at, false, consultation));
    }
    ++visits;
    const auto gap = NextGap(x, j, visits);
    if (!gap) {
      still_coming = false;
      break;
    }
    day = AddDays(day, *gap);
  }
  // Her next appointment, when she is still coming and it falls in the next three weeks.
  const int64_t ahead = DaysSinceEpoch(day) - DaysSinceEpoch(x.clinic.today);
  if (still_coming && visits > 0 && ahead > 0 && ahead <= 21) {
    LocalDateTime t{day, static_cast<int>(x.r.Between(10, 19)), 0, 0, 0};
    HeldCard* card = UsableCard(j, day);
    PEONY_CHECK(
        WriteTreatment(x, j, card ? card->service : j.interest, x.clinic.zone.ToUtc(t), card));
  }
  return CloseCards(x, j);
}

}  // namespace peony::domain::demo::internal
