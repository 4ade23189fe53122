#include "platform/formula/dependencies.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace peony::formula {
namespace {

using Path = std::vector<std::string>;

size_t IndexOf(const std::vector<std::string>& order, const std::string& name) {
  return static_cast<size_t>(std::find(order.begin(), order.end(), name) - order.begin());
}

TEST(FormulaDependencies, NoCycleGivesAnOrderWithDependenciesFirst) {
  // total = subtotal - discount_amount; subtotal = price * qty; discount_amount = subtotal * rate.
  const DependencyGraph graph = {{"total", {"subtotal", "discount_amount"}},
                                 {"subtotal", {"price", "qty"}},
                                 {"discount_amount", {"subtotal", "rate"}}};
  EXPECT_EQ(DetectCycle(graph), std::nullopt);
  auto order = EvaluationOrder(graph);
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(*order, (Path{"subtotal", "discount_amount", "total"}));
}

TEST(FormulaDependencies, PlainFieldsAreNotInTheOrder) {
  auto order = EvaluationOrder({{"age", {"birthday"}}});
  ASSERT_TRUE(order.ok());
  EXPECT_EQ(*order, Path{"age"});
  auto empty = EvaluationOrder({});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(FormulaDependencies, AFormulaReadingItselfIsACycle) {
  EXPECT_EQ(DetectCycle({{"a", {"x", "a"}}}), (Path{"a", "a"}));
}

TEST(FormulaDependencies, TwoFormulasReadingEachOtherAreACycle) {
  EXPECT_EQ(DetectCycle({{"a", {"b"}}, {"b", {"a"}}}), (Path{"a", "b", "a"}));
}

TEST(FormulaDependencies, TheCyclePathStartsWhereTheCircleCloses) {
  // a → b → c → b: the cycle is b → c → b, a only leads into it.
  EXPECT_EQ(DetectCycle({{"a", {"b"}}, {"b", {"c"}}, {"c", {"b"}}}), (Path{"b", "c", "b"}));
  EXPECT_EQ(DetectCycle({{"a", {"b"}}, {"b", {"c"}}, {"c", {"a"}}, {"d", {"a"}}}),
            (Path{"a", "b", "c", "a"}));
}

TEST(FormulaDependencies, EvaluationOrderRefusesACycleNamingIt) {
  auto order = EvaluationOrder({{"应付", {"折后价"}}, {"折后价", {"应付"}}});
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().code, "formula.cycle");
  EXPECT_EQ(order.error().message_en,
            "Formula fields refer to each other in a circle: 应付 → 折后价 → 应付");
  EXPECT_EQ(order.error().message_zh, "公式字段之间循环引用：应付 → 折后价 → 应付");
  const auto& cycle = order.error().details.as_object().at("cycle").as_array();
  ASSERT_EQ(cycle.size(), 3u);
  EXPECT_EQ(cycle[0].as_string(), "应付");
}

TEST(FormulaDependencies, DiamondsAreOrderedOnce) {
  const DependencyGraph graph = {{"a", {"b", "c"}}, {"b", {"d"}}, {"c", {"d"}}, {"d", {"price"}}};
  auto order = EvaluationOrder(graph);
  ASSERT_TRUE(order.ok());
  ASSERT_EQ(order->size(), 4u);
  EXPECT_LT(IndexOf(*order, "d"), IndexOf(*order, "b"));
  EXPECT_LT(IndexOf(*order, "d"), IndexOf(*order, "c"));
  EXPECT_LT(IndexOf(*order, "b"), IndexOf(*order, "a"));
  EXPECT_LT(IndexOf(*order, "c"), IndexOf(*order, "a"));
}

TEST(FormulaDependencies, LongChainsNeedNoRecursion) {
  constexpr int kLength = 100'000;
  DependencyGraph graph;
  for (int i = 0; i < kLength; ++i) graph["f" + std::to_string(i)] = {"f" + std::to_string(i + 1)};
  auto order = EvaluationOrder(graph);
  ASSERT_TRUE(order.ok());
  ASSERT_EQ(order->size(), static_cast<size_t>(kLength));
  EXPECT_EQ(order->front(), "f" + std::to_string(kLength - 1));
  graph["f" + std::to_string(kLength)] = {"f0"};  // close the circle
  auto cycle = DetectCycle(graph);
  ASSERT_TRUE(cycle.has_value());
  EXPECT_EQ(cycle->size(), static_cast<size_t>(kLength + 2));
  EXPECT_EQ(cycle->front(), cycle->back());
}

}  // namespace
}  // namespace peony::formula
