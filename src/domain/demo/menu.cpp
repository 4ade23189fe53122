// The demo clinic's menu: what a mid-sized medical-aesthetics clinic in Shanghai sells, at list
// prices in fen, with session lengths, follow-up days and the usual interval between sessions.
#include <array>

#include "domain/demo/internal.h"

namespace peony::domain::demo::internal {
namespace {

constexpr int64_t kYuan = 100;

// name, category, minutes, price, follow-up days, repeat days, consumable, weight, doctor
constexpr std::array<ServiceItem, 25> kServices = {{
    {"水光针（基础补水）", "injection", 45, 1280 * kYuan, "1,3,7", 28, "水光耗材套装", 10, true},
    {"玻尿酸填充（1ml）", "injection", 45, 4800 * kYuan, "1,3,7,30", 180, "玻尿酸 1ml", 6, true},
    {"肉毒素除皱（100单位）", "injection", 30, 3800 * kYuan, "1,7,30", 120, "肉毒素 100U", 6, true},
    {"嗨体颈纹", "injection", 45, 2980 * kYuan, "1,7", 60, "嗨体 2.5ml", 3, true},
    {"少女针", "injection", 60, 12800 * kYuan, "1,3,7,30", 365, "少女针 1ml", 1, true},
    {"溶脂针（面部）", "injection", 30, 1680 * kYuan, "1,7", 30, "溶脂针剂", 2, true},
    {"热玛吉（全脸）", "laser", 120, 16800 * kYuan, "1,7,30", 365, "热玛吉治疗头", 3, true},
    {"超声刀（全脸）", "laser", 120, 9800 * kYuan, "1,7,30", 180, "超声刀探头", 2, true},
    {"超皮秒祛斑", "laser", 45, 2680 * kYuan, "1,3,7", 30, "", 7, true},
    {"光子嫩肤", "laser", 45, 880 * kYuan, "1,7", 28, "冷凝胶", 9, true},
    {"点阵激光", "laser", 60, 1980 * kYuan, "1,3,7", 45, "", 3, true},
    {"黄金微针", "laser", 90, 3280 * kYuan, "1,3,7", 45, "微针头", 3, true},
    {"激光脱毛（腋下）", "laser", 20, 399 * kYuan, "7", 35, "", 4, false},
    {"小气泡清洁", "skin", 60, 198 * kYuan, "", 14, "", 10, false},
    {"深层补水护理", "skin", 60, 298 * kYuan, "", 14, "医用修复面膜", 8, false},
    {"果酸焕肤", "skin", 45, 580 * kYuan, "1,7", 28, "果酸套装", 4, false},
    {"祛痘护理", "skin", 60, 380 * kYuan, "3", 14, "", 4, false},
    {"眼部护理", "skin", 45, 268 * kYuan, "", 21, "", 3, false},
    {"双眼皮（全切）", "surgery", 120, 8800 * kYuan, "1,3,7,30", 0, "缝合线", 1, true},
    {"自体脂肪填充", "surgery", 180, 16800 * kYuan, "1,3,7,30", 0, "", 1, true},
    {"隆鼻（膨体）", "surgery", 150, 19800 * kYuan, "1,3,7,30", 0, "膨体假体", 1, true},
    {"中医理疗（肩颈）", "physio", 60, 268 * kYuan, "", 14, "", 5, false},
    {"艾灸调理", "physio", 60, 198 * kYuan, "", 14, "艾条", 4, false},
    {"头疗", "wellness", 60, 168 * kYuan, "", 21, "", 3, false},
    {"肩颈SPA", "wellness", 90, 328 * kYuan, "", 21, "精油", 3, false},
}};

constexpr std::array<ProductItem, 12> kProducts = {{
    {"医用修复面膜", "skincare", "25g×5片", "盒", 198 * kYuan},
    {"玻尿酸修护精华", "skincare", "30ml", "瓶", 368 * kYuan},
    {"物理防晒霜 SPF50+", "skincare", "50ml", "支", 228 * kYuan},
    {"术后修复凝胶", "skincare", "20g", "支", 158 * kYuan},
    {"氨基酸洁面乳", "skincare", "120ml", "支", 128 * kYuan},
    {"玻尿酸 1ml", "consumable", "1ml/支", "支", 1800 * kYuan},
    {"肉毒素 100U", "consumable", "100U/瓶", "瓶", 1500 * kYuan},
    {"水光耗材套装", "consumable", "5ml", "套", 300 * kYuan},
    {"一次性无菌针头 30G", "consumable", "100支/盒", "盒", 80 * kYuan},
    {"复方利多卡因乳膏", "drug", "10g", "支", 45 * kYuan},
    {"重组人表皮生长因子凝胶", "drug", "15g", "支", 88 * kYuan},
    {"家用射频美容仪", "device", "台", "台", 2680 * kYuan},
}};

// name, kind, service, sessions, price, face value, gift, valid days[, second service]
constexpr std::array<CardItem, 12> kCards = {{
    {"水光针10次卡", "count", 0, 10, 9800 * kYuan, 0, 0, 730},
    {"光子嫩肤5次卡", "count", 9, 5, 3800 * kYuan, 0, 0, 365},
    {"超皮秒3次卡", "count", 8, 3, 6800 * kYuan, 0, 0, 365},
    {"小气泡清洁10次卡", "count", 13, 10, 1580 * kYuan, 0, 0, 365},
    {"深层补水12次卡", "count", 14, 12, 2980 * kYuan, 0, 0, 365},
    {"中医理疗20次卡", "count", 21, 20, 4200 * kYuan, 0, 0, 730},
    {"激光脱毛6次卡", "count", 12, 6, 1980 * kYuan, 0, 0, 730},
    {"皮肤管理年卡", "time", 14, 0, 6800 * kYuan, 0, 0, 365},
    {"水光焕颜套餐（水光针6次+深层补水6次）", "package", 0, 6, 8800 * kYuan, 0, 0, 365, 14},
    {"储值卡 5000元", "stored_value", -1, 0, 5000 * kYuan, 5000 * kYuan, 500 * kYuan, 1095},
    {"储值卡 10000元", "stored_value", -1, 0, 10000 * kYuan, 10000 * kYuan, 1500 * kYuan, 1095},
    {"储值卡 30000元", "stored_value", -1, 0, 30000 * kYuan, 30000 * kYuan, 6000 * kYuan, 1095},
}};

}  // namespace

std::span<const ServiceItem> Services() { return kServices; }
std::span<const ProductItem> Products() { return kProducts; }
std::span<const CardItem> CardProducts() { return kCards; }

int CardFor(int service) {
  // The first match: the count card before the package of the same service.
  for (size_t i = 0; i < kCards.size(); ++i) {
    if (kCards[i].service == service && kCards[i].kind != "stored_value") {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int FirstStoredValueCard() {
  for (size_t i = 0; i < kCards.size(); ++i) {
    if (kCards[i].kind == "stored_value") return static_cast<int>(i);
  }
  return 0;
}

}  // namespace peony::domain::demo::internal
