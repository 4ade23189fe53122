// Names, numbers and addresses of made-up people. The tables are small on purpose: enough variety
// for 200 customers to look real, with the common surnames more frequent as they are in life.
#include "domain/demo/people.h"

#include <array>

namespace peony::domain::demo::internal {
namespace {

// The most common surnames, most frequent first (the first ten are drawn more often).
constexpr std::array<std::string_view, 60> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏",
    "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "陆", "汪", "范", "金", "顾", "欧阳"};

constexpr std::array<std::string_view, 56> kFemaleChars = {
    "静", "丽", "婷", "雪", "琳", "敏", "燕", "芳", "娟", "霞", "丹", "玲", "萍", "颖",
    "洁", "倩", "莉", "慧", "晶", "佳", "欣", "怡", "涵", "琪", "悦", "妍", "雯", "璐",
    "瑶", "蕾", "薇", "诗", "梦", "雨", "萱", "思", "嘉", "晓", "婉", "可", "菲", "楠",
    "露", "彤", "月", "珊", "茜", "艳", "岚", "韵", "若", "馨", "蓉", "洋", "冰", "一"};

constexpr std::array<std::string_view, 30> kMaleChars = {
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "斌", "鹏", "辉", "浩", "宇",
    "俊", "凯", "峰", "建", "华", "文", "博", "昊", "晨", "轩", "毅", "然", "哲", "志", "子"};

// Real second- and third-generation prefixes of mainland mobile numbers.
constexpr std::array<std::string_view, 30> kPhonePrefixes = {
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "173",
    "176", "177", "180", "181", "182", "183", "186", "187", "188", "199"};

// District codes; Shanghai (where the demo clinic is) first and most often.
constexpr std::array<std::string_view, 11> kShanghaiRegions = {
    "310101", "310104", "310105", "310106", "310107", "310109",
    "310110", "310112", "310113", "310115", "310117"};
constexpr std::array<std::string_view, 20> kOtherRegions = {
    "320102", "320106", "320506", "320583", "330102", "330106", "330203",
    "340104", "360102", "370102", "410105", "420106", "430104", "510107",
    "500103", "440106", "440304", "110105", "350203", "610113"};

struct Street {
  std::string_view district;
  std::string_view road;
};
constexpr std::array<Street, 16> kStreets = {{
    {"静安区", "南京西路"},
    {"静安区", "延安中路"},
    {"静安区", "常德路"},
    {"静安区", "江宁路"},
    {"浦东新区", "张杨路"},
    {"浦东新区", "世纪大道"},
    {"浦东新区", "锦绣路"},
    {"浦东新区", "花木路"},
    {"浦东新区", "东方路"},
    {"徐汇区", "天钥桥路"},
    {"徐汇区", "漕溪北路"},
    {"长宁区", "愚园路"},
    {"长宁区", "仙霞路"},
    {"黄浦区", "淮海中路"},
    {"闵行区", "虹井路"},
    {"杨浦区", "国权路"},
}};

std::string Digits(Random& r, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + r.Below(10)));
  return out;
}

}  // namespace

char IdCheckCharacter(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kChecks[] = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

std::string People::Name(bool female) {
  // The ten commonest surnames cover about 40 % of people.
  const size_t top = 10;
  const size_t s = random_.Percent(40)
                       ? static_cast<size_t>(random_.Below(top))
                       : static_cast<size_t>(random_.Below(static_cast<int64_t>(kSurnames.size())));
  std::string name(kSurnames[s]);
  auto pick = [&] {
    return female ? random_.Pick(std::span<const std::string_view>(kFemaleChars))
                  : random_.Pick(std::span<const std::string_view>(kMaleChars));
  };
  name += pick();
  if (random_.Percent(65)) name += pick();
  return name;
}

std::string People::Phone() {
  for (;;) {
    std::string phone(random_.Pick(std::span<const std::string_view>(kPhonePrefixes)));
    phone += Digits(random_, 8);
    if (phones_.insert(phone).second) return phone;
  }
}

Person People::Next(bool female, int min_age, int max_age, const LocalDate& today) {
  Person p;
  p.female = female;
  p.name = Name(female);
  p.phone = Phone();
  const int age = static_cast<int>(random_.Between(min_age, max_age));
  p.birthday.y = today.y - age;
  p.birthday.m = static_cast<unsigned>(random_.Between(1, 12));
  p.birthday.d = static_cast<unsigned>(random_.Between(1, DaysInMonth(p.birthday.y, p.birthday.m)));
  const std::string_view region =
      random_.Percent(65) ? random_.Pick(std::span<const std::string_view>(kShanghaiRegions))
                          : random_.Pick(std::span<const std::string_view>(kOtherRegions));
  const std::string birth =
      Padded(p.birthday.y, 4) + Padded(p.birthday.m, 2) + Padded(p.birthday.d, 2);
  // The 17th digit is odd for men and even for women.
  const int64_t sex_digit = random_.Between(0, 4) * 2 + (female ? 0 : 1);
  p.id_number =
      std::string(region) + birth + Padded(random_.Below(100), 2) + std::to_string(sex_digit);
  p.id_number.push_back(IdCheckCharacter(p.id_number));
  const Street& street = random_.Pick(std::span<const Street>(kStreets));
  p.address = "上海市" + std::string(street.district) + std::string(street.road) +
              std::to_string(random_.Between(10, 1999)) + "弄" +
              std::to_string(random_.Between(1, 40)) + "号" +
              std::to_string(random_.Between(1, 28)) + "0" + std::to_string(random_.Between(1, 6)) +
              "室";
  return p;
}

}  // namespace peony::domain::demo::internal
