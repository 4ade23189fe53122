// Test entry point: quiet logs (warnings and errors only; PEONY_TEST_LOG=debug for more), then
// GoogleTest.
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/log.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  peony::log::Level level = peony::log::Level::kWarn;
  if (const char* env = std::getenv("PEONY_TEST_LOG")) peony::log::ParseLevel(env, &level);
  peony::log::Init(level);
  return RUN_ALL_TESTS();
}
