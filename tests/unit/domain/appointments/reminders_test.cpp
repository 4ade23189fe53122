// Appointment reminders run as jobs, on both engines: at their times they put an SMS for the
// customer in the notification outbox and an in-app notification for the practitioner; a
// reschedule moves them and a cancel drops them.
#include "domain/appointments/reminders.h"

#include <memory>

#include "platform/jobs/jobs.h"
#include "platform/notify/outbox.h"
#include "unit/domain/appointments/appointments_fixture.h"

namespace peony::domain::appointments::testing {
namespace {

class RemindersTest : public AppointmentsTest {
 protected:
  void SetUp() override {
    AppointmentsTest::SetUp();
    if (IsSkipped()) return;
    queue_ = std::make_unique<jobs::Queue>(*db_, clock_);
    outbox_ = std::make_unique<notify::Outbox>(*db_, clock_, *keys_, *queue_);
    RegisterReminders(*queue_, *records_, *outbox_);
  }
  void TearDown() override {
    outbox_.reset();
    queue_.reset();
    AppointmentsTest::TearDown();
  }
  // Runs the jobs due at `t`. The SMS deliveries fail (no gateway is set up here); the reminders
  // themselves must not.
  void RunAt(UtcMillis t) {
    clock_.Set(t);
    auto ran = queue_->RunDue();
    ASSERT_TRUE(ran.ok()) << ran.error().code;
    EXPECT_EQ(Count("SELECT COUNT(*) FROM jobs WHERE kind = 'appointment.remind' AND "
                    "(status = 'dead' OR last_error IS NOT NULL)"),
              0);
  }
  int64_t Sms(int64_t appointment) {
    return Count(
        "SELECT COUNT(*) FROM messages WHERE channel = 'sms' AND entity = "
        "'appointment' AND recipient_masked = '138****5678' AND record_id = " +
        std::to_string(appointment));
  }
  int64_t Notices(int64_t user) {
    return Count("SELECT COUNT(*) FROM notifications WHERE kind = 'appointment' AND user_id = " +
                 std::to_string(user));
  }

  std::unique_ptr<jobs::Queue> queue_;
  std::unique_ptr<notify::Outbox> outbox_;
};

TEST_P(RemindersTest, RemindersSendAtTheirTimesFollowAMoveAndStopWithACancel) {
  const int64_t doctor = Practitioner("张明远", {"注射"});
  const int64_t user = Count("SELECT id FROM users WHERE username = 'admin'");
  ASSERT_TRUE(
      records_->Update(As(admin_), "staff", doctor, {{"account", user}}, std::nullopt).ok());
  const int64_t service = Service("水光针", 60, "注射");
  const int64_t customer = Customer("李雪", "13812345678");
  auto booked = Book(customer, service, LocalAt(kTomorrow, 14));
  ASSERT_TRUE(booked.ok()) << booked.error().code;
  const int64_t id = booked->body.at("id").as_int64();

  // Nothing before the evening before.
  RunAt(LocalAt(kToday, 17, 59));
  EXPECT_EQ(Sms(id), 0);
  // 18:00 the day before: the customer's SMS and the practitioner's notification.
  RunAt(LocalAt(kToday, 18, 1));
  EXPECT_EQ(Sms(id), 1);
  EXPECT_EQ(Notices(user), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notifications WHERE title LIKE '%水光针%' AND user_id = " +
                  std::to_string(user)),
            1);

  // Moved to 16:00: the 12:00 reminder is gone, one comes at 14:00 instead.
  auto moved = appts_->Reschedule(As(admin_), id, RescheduleInput{LocalAt(kTomorrow, 16), {}});
  ASSERT_TRUE(moved.ok()) << moved.error().code;
  RunAt(LocalAt(kTomorrow, 12, 1));
  EXPECT_EQ(Sms(id), 1);
  RunAt(LocalAt(kTomorrow, 14, 1));
  EXPECT_EQ(Sms(id), 2);
  EXPECT_EQ(Notices(user), 2);

  // Cancelled: its remaining reminders never send.
  auto other = Book(customer, service, LocalAt(kTomorrow, 17));
  ASSERT_TRUE(other.ok()) << other.error().code;
  const int64_t other_id = other->body.at("id").as_int64();
  ASSERT_TRUE(appts_->Cancel(As(admin_), other_id, "").ok());
  RunAt(LocalAt(kTomorrow, 15, 30));
  EXPECT_EQ(Sms(other_id), 0);
  EXPECT_EQ(Notices(user), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, RemindersTest,
                         ::testing::ValuesIn(storage::testing::TestEngines()),
                         storage::testing::EngineName);

}  // namespace
}  // namespace peony::domain::appointments::testing
